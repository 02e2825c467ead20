#include <boost/test/unit_test.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "geojson_scan.hpp"

using spstress::regions::Point;
using spstress::regions::Polygon;
using spstress::regions::Ring;
using spstress::regions::detail::scan_geojson;
using spstress::regions::detail::ScannedGeoJson;

namespace {

std::string collection(const std::string& features) {
  return R"({"type": "FeatureCollection", "features": [)" + features + "]}";
}

std::string feature(const std::string& geometry) {
  return R"({"type": "Feature", "properties": {"code": "A"}, "geometry": )" + geometry + "}";
}

std::string polygon(const std::string& coordinates) {
  return R"({"type": "Polygon", "coordinates": )" + coordinates + "}";
}

const std::string unit_square = "[[[0, 0], [1, 0], [1, 1], [0, 0]]]";

bool accepted(const std::string& text) {
  ScannedGeoJson out;
  return scan_geojson(text, out);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(test_geojson_scan)

BOOST_AUTO_TEST_CASE(reads_polygons_and_multipolygons_and_leaves_placeholders_in_the_text) {
  const std::string poly =
      R"({"type": "Polygon", "coordinates": [[[100, 30], [101, 30], [101, 31], [100, 30]],)"
      R"( [[100.2, 30.2], [100.4, 30.2], [100.4, 30.4], [100.2, 30.2]]]})";
  const std::string multi =
      R"({"type": "MultiPolygon", "coordinates": [[[[110, 20], [111, 20], [110, 21], [110, 20]]],)"
      R"( [[[120, 20], [121, 20], [121, 21], [120, 20]]]]})";
  const std::string text =
      collection(feature(poly) + ", " + feature("null") + ", " + feature(multi));
  ScannedGeoJson out;
  BOOST_TEST_REQUIRE(scan_geojson(text, out));

  // The null geometry has no slot: the two polygonal features are 0 and 1.
  BOOST_TEST_REQUIRE(out.geometries.size() == 2u);
  const std::vector<Polygon>& a = out.geometries[0];
  BOOST_TEST_REQUIRE(a.size() == 1u);
  BOOST_TEST((a[0].outer == Ring{{100, 30}, {101, 30}, {101, 31}, {100, 30}}));
  BOOST_TEST_REQUIRE(a[0].holes.size() == 1u);
  BOOST_TEST((a[0].holes[0] == Ring{{100.2, 30.2}, {100.4, 30.2}, {100.4, 30.4}, {100.2, 30.2}}));
  const std::vector<Polygon>& b = out.geometries[1];
  BOOST_TEST_REQUIRE(b.size() == 2u);
  BOOST_TEST((b[0].outer == Ring{{110, 20}, {111, 20}, {110, 21}, {110, 20}}));
  BOOST_TEST(b[0].holes.empty());
  BOOST_TEST((b[1].outer == Ring{{120, 20}, {121, 20}, {121, 21}, {120, 20}}));  // closing kept

  const std::string expected =
      collection(feature(R"({"type":"Point","coordinates":[0,0]})") + ", " + feature("null") +
                 ", " + feature(R"({"type":"Point","coordinates":[1,0]})"));
  BOOST_TEST(out.stripped == expected);
}

BOOST_AUTO_TEST_CASE(converts_numbers_as_ogr_does) {
  // OGR reads a token without '.' or exponent as a 64-bit integer, so "-0" is +0; "-0.0" is a
  // double and keeps its sign. Other values are the nearest doubles to the decimal text.
  const std::string text = collection(feature(polygon(
      "[[[-0, -0.0], [123456789012345, 2.5E+1], [0.30000000000000004, 1e-7, 99], [-0, -0.0]]]")));
  ScannedGeoJson out;
  BOOST_TEST_REQUIRE(scan_geojson(text, out));
  const Ring& r = out.geometries.at(0).at(0).outer;
  BOOST_TEST_REQUIRE(r.size() == 4u);
  BOOST_TEST(r[0][0] == 0.0);
  BOOST_TEST(!std::signbit(r[0][0]));
  BOOST_TEST(r[0][1] == 0.0);
  BOOST_TEST(std::signbit(r[0][1]));
  BOOST_TEST(r[1][0] == 123456789012345.0);
  BOOST_TEST(r[1][1] == 25.0);
  // 0.1 + 0.2 in IEEE doubles is 0.30000000000000004440892098500626..., the double nearest to
  // the decimal 0.30000000000000004; the third coordinate (99) is not kept.
  BOOST_TEST(r[2][0] == 0.1 + 0.2);
  BOOST_TEST(r[2][1] == 1e-7);
}

BOOST_AUTO_TEST_CASE(accepts_a_bom_any_member_order_bbox_and_whitespace) {
  const std::string text =
      "\xEF\xBB\xBF{\"features\" :\r\n [ {\"geometry\": {\"coordinates\": [[[1, 2], [3, 2],"
      " [3, 4], [1, 2]]], \"bbox\": [1, 2, 3, 4], \"type\": \"Polygon\"}, \"id\": 7,\t"
      "\"properties\": {\"code\": \"Z\", \"geometry\": \"not one\"}, \"type\": \"Feature\"} ],"
      " \"crs\": {\"type\": \"name\", \"properties\": {\"name\": \"EPSG:4326\"}},"
      " \"type\": \"FeatureCollection\"}\n";
  ScannedGeoJson out;
  BOOST_TEST_REQUIRE(scan_geojson(text, out));
  BOOST_TEST_REQUIRE(out.geometries.size() == 1u);
  BOOST_TEST((out.geometries[0].at(0).outer == Ring{{1, 2}, {3, 2}, {3, 4}, {1, 2}}));
  // Everything but the geometry is handed to OGR as written, the BOM and the other "geometry"
  // (a property) included.
  BOOST_TEST(out.stripped.rfind("\xEF\xBB\xBF{\"features\" :\r\n [ {\"geometry\": "
                                "{\"type\":\"Point\",\"coordinates\":[0,0]}, \"id\": 7,",
                                0) == 0u);
  BOOST_TEST(out.stripped.find("\"geometry\": \"not one\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(declines_what_ogr_might_read_differently) {
  // Each of these goes to OGR alone, which has its own answer for it (an error, another
  // reading of the geometry, or another number).
  const std::vector<std::string> declined = {
      feature(polygon(unit_square)),                                     // not a collection
      "loadGeoJSON(" + collection(feature(polygon(unit_square))) + ")",  // JSONP wrapper
      collection(feature(polygon(unit_square))) + " x",                  // trailing text
      collection(""),                                                    // no features
      R"({"features": []})",                                             // no type
      collection(R"({"type": "Feature", "properties": {}, "geo\u006detry": )" +
                 polygon(unit_square) + "}"),  // escaped member name
      collection(R"({"properties": {}, "geometry": )" + polygon(unit_square) + "}"),  // no type
      collection(R"({"type": "Feature", "properties": {}, "Geometry": )" + polygon(unit_square) +
                 "}"),  // OGR finds members whatever their case
      collection(feature(R"({"TYPE": "Polygon", "coordinates": )" + unit_square + "}")),
      collection(R"({"type": "Feature", "geometry": null, "geometry": null})"),  // twice
      collection(feature(R"({"type": "Point", "coordinates": [1, 2]})")),
      collection(feature(R"({"type": "GeometryCollection", "geometries": []})")),
      collection(feature(R"({"type": "polygon", "coordinates": )" + unit_square + "}")),
      collection(feature(R"({"type": "MultiPolygon", "coordinates": )" + unit_square + "}")),
      collection(feature(R"({"type": "Polygon", "coordinates": )" + unit_square +
                         R"(, "crs": {"type": "name", "properties": {"name": "EPSG:3857"}}})")),
      collection(feature(polygon("[]"))),
      collection(feature(polygon("[[[0, 0], [1, 0], [1, 1], [0, 0]], []]"))),
      collection(feature(R"({"type": "MultiPolygon", "coordinates": []})")),
      collection(feature(polygon("[[[0, 0, 0, 0], [1, 0, 0, 0], [1, 1, 0, 0], [0, 0, 0, 0]]]"))),
      collection(
          feature(polygon("[[[1234567890123456, 0], [1, 0], [1, 1], [1234567890123456, 0]]]"))),
      collection(feature(polygon("[[[0], [1, 0], [1, 1], [0]]]"))),
      collection(feature(polygon("[[[0, 0], [1, 0], [1, 1]]]"))),                   // not closed
      collection(feature(polygon("[[[0, 0, 1], [1, 0, 1], [1, 1, 1], [0, 0]]]"))),  // z differs
      collection(feature(polygon("[[[Infinity, 0], [1, 0], [1, 1], [Infinity, 0]]]"))),
      collection(feature(polygon("[[[NaN, 0], [1, 0], [1, 1], [NaN, 0]]]"))),
      collection(feature(polygon("[[[1e999, 0], [1, 0], [1, 1], [1e999, 0]]]"))),
      collection(feature(polygon("[[[01, 0], [1, 0], [1, 1], [01, 0]]]"))),
      collection(feature(polygon("[[[\"1\", 0], [1, 0], [1, 1], [\"1\", 0]]]"))),
      collection(R"({"type": "Feature", "properties": {"code": "a)" + std::string(1, '\t') +
                 R"(b"}, "geometry": null})"),  // raw control character in a string
      collection(R"({"type": "Feature", "properties": {"code": "A}, "geometry": null})"),
  };
  for (std::size_t k = 0; k < declined.size(); ++k) {
    BOOST_TEST_CONTEXT("case " << k << ": " << declined[k]) { BOOST_TEST(!accepted(declined[k])); }
  }
  // The same collection without those flaws is taken: the cases above fail for their flaw.
  BOOST_TEST(accepted(collection(feature(polygon(unit_square)))));
}

BOOST_AUTO_TEST_SUITE_END()

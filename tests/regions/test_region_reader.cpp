#include <boost/test/unit_test.hpp>

#include <cmath>
#include <numbers>
#include <sstream>

#include <ogr_api.h>

#include "spstress/core/error.hpp"
#include "spstress/regions/region.hpp"
#include "test_util.hpp"

using spstress::InputError;
using spstress::regions::read_regions;
using spstress::regions::RegionReadOptions;
using spstress::regions::test::TempDir;
using spstress::regions::test::write_text;

namespace {

bool has(const std::exception& e, const std::string& text) {
  return std::string(e.what()).find(text) != std::string::npos;
}

// Feature A: a square. Feature B: a MultiPolygon whose first part has a hole.
const char* two_features = R"({"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"code": "A", "name": "Alpha", "mainland": true, "pop": 12},
  "geometry": {"type": "Polygon", "coordinates": [[[100, 30], [101, 30], [101, 31], [100, 31], [100, 30]]]}},
 {"type": "Feature", "properties": {"code": "B", "name": "Beta", "mainland": false, "pop": null},
  "geometry": {"type": "MultiPolygon", "coordinates": [
    [[[110, 20], [114, 20], [114, 24], [110, 24], [110, 20]],
     [[111, 21], [111, 22], [112, 22], [112, 21], [111, 21]]],
    [[[120, 20], [121, 20], [121, 21], [120, 20]]]]}}]})";

std::string feature(const std::string& code, const std::string& geometry) {
  return R"({"type": "Feature", "properties": {"code": )" + code + R"(}, "geometry": )" + geometry +
         "}";
}

const std::string square =
    R"({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]})";

std::string collection(const std::string& a, const std::string& b) {
  return R"({"type": "FeatureCollection", "features": [)" + a + ", " + b + "]}";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(test_region_reader)

BOOST_AUTO_TEST_CASE(reads_polygons_multipolygons_holes_and_attributes,
                     *boost::unit_test::label("io")) {
  TempDir dir;
  RegionReadOptions o;
  o.name_field = "name";
  const auto regs = read_regions(write_text(dir, "two.geojson", two_features), o);
  BOOST_TEST_REQUIRE(regs.size() == 2u);
  BOOST_TEST(regs[0].code == "A");
  BOOST_TEST(regs[0].name == "Alpha");
  BOOST_TEST(regs[0].polygons.size() == 1u);
  BOOST_TEST(regs[0].polygons[0].outer.size() == 5u);    // as in the file, closing point included
  BOOST_TEST(regs[0].polygons[0].outer[1][0] == 101.0);  // lon first
  BOOST_TEST(regs[0].polygons[0].outer[2][1] == 31.0);
  // GeoJSON booleans come out of OGR as integers: a filter or lookup uses 1 and 0.
  BOOST_TEST(regs[0].attributes.at("mainland") == "1");
  BOOST_TEST(regs[0].attributes.at("pop") == "12");
  BOOST_TEST(regs[1].code == "B");
  BOOST_TEST(regs[1].attributes.at("mainland") == "0");
  BOOST_TEST(regs[1].attributes.at("pop") == "");  // null
  BOOST_TEST_REQUIRE(regs[1].polygons.size() == 2u);
  BOOST_TEST(regs[1].polygons[0].holes.size() == 1u);
  BOOST_TEST(regs[1].polygons[0].holes[0][2][0] == 112.0);
  BOOST_TEST(regs[1].polygons[1].holes.empty());
}

BOOST_AUTO_TEST_CASE(where_filter_selects_features, *boost::unit_test::label("io")) {
  TempDir dir;
  RegionReadOptions o;
  o.where = "mainland = 1";
  const auto regs = read_regions(write_text(dir, "two.geojson", two_features), o);
  BOOST_TEST_REQUIRE(regs.size() == 1u);
  BOOST_TEST(regs[0].code == "A");
  BOOST_TEST(regs[0].name == "");  // no name field asked for
}

BOOST_AUTO_TEST_CASE(bad_or_empty_where_filter_is_an_input_error, *boost::unit_test::label("io")) {
  TempDir dir;
  const std::string p = write_text(dir, "two.geojson", two_features);
  RegionReadOptions o;
  o.where = "mainland = = 1";
  BOOST_CHECK_EXCEPTION(read_regions(p, o), InputError, [&](const InputError& e) {
    return has(e, p) && has(e, "invalid attribute filter \"mainland = = 1\"");
  });
  o.where = "pop > 100";
  BOOST_CHECK_EXCEPTION(read_regions(p, o), InputError, [&](const InputError& e) {
    return has(e, "no features match \"pop > 100\"");
  });
}

BOOST_AUTO_TEST_CASE(missing_id_field_lists_the_fields, *boost::unit_test::label("io")) {
  TempDir dir;
  const std::string p = write_text(dir, "two.geojson", two_features);
  RegionReadOptions o;
  o.id_field = "adcode";
  BOOST_CHECK_EXCEPTION(read_regions(p, o), InputError, [&](const InputError& e) {
    return has(e, p) && has(e, "no id field \"adcode\"") && has(e, "code, name, mainland, pop");
  });
}

BOOST_AUTO_TEST_CASE(duplicate_and_empty_ids_are_input_errors, *boost::unit_test::label("io")) {
  TempDir dir;
  const std::string dup = write_text(
      dir, "dup.geojson", collection(feature("\"X\"", square), feature("\"X\"", square)));
  BOOST_CHECK_EXCEPTION(read_regions(dup, {}), InputError, [&](const InputError& e) {
    return has(e, dup) && has(e, "feature 1") && has(e, "duplicate id \"X\"") &&
           has(e, "feature 0");
  });
  const std::string empty = write_text(
      dir, "empty.geojson", collection(feature("\"X\"", square), feature("null", square)));
  BOOST_CHECK_EXCEPTION(read_regions(empty, {}), InputError, [&](const InputError& e) {
    return has(e, "feature 1") && has(e, "empty id field \"code\"");
  });
}

BOOST_AUTO_TEST_CASE(non_polygon_feature_is_an_input_error, *boost::unit_test::label("io")) {
  TempDir dir;
  const std::string p =
      write_text(dir, "pt.geojson",
                 collection(feature("\"X\"", square),
                            feature("\"Y\"", R"({"type": "Point", "coordinates": [1, 2]})")));
  BOOST_CHECK_EXCEPTION(read_regions(p, {}), InputError, [&](const InputError& e) {
    return has(e, p) && has(e, "feature 1") && has(e, "Point") &&
           has(e, "expected a Polygon or MultiPolygon");
  });
}

BOOST_AUTO_TEST_CASE(unreadable_file_is_an_input_error, *boost::unit_test::label("io")) {
  TempDir dir;
  const std::string p = write_text(dir, "junk.geojson", "this is not json");
  BOOST_CHECK_EXCEPTION(read_regions(p, {}), InputError,
                        [&](const InputError& e) { return has(e, p) && has(e, "cannot open"); });
}

BOOST_AUTO_TEST_CASE(web_mercator_layer_comes_back_in_lon_lat, *boost::unit_test::label("io")) {
  // Spherical Mercator (EPSG:3857): x = a λ, y = a ln tan(π/4 + φ/2), a = 6378137 m.
  constexpr double a = 6378137.0;
  const double deg = std::numbers::pi / 180;
  auto x = [&](double lon) { return a * lon * deg; };
  auto y = [&](double lat) { return a * std::log(std::tan(std::numbers::pi / 4 + lat * deg / 2)); };
  std::ostringstream s;
  s.precision(17);
  s << R"({"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}},
 "features": [{"type": "Feature", "properties": {"code": "M"}, "geometry": {"type": "Polygon", "coordinates": [[)"
    << "[" << x(100) << ", " << y(30) << "], [" << x(104) << ", " << y(30) << "], [" << x(104)
    << ", " << y(35) << "], [" << x(100) << ", " << y(35) << "], [" << x(100) << ", " << y(30)
    << "]]]}}]}";
  TempDir dir;
  const auto regs = read_regions(write_text(dir, "merc.geojson", s.str()), {});
  BOOST_TEST_REQUIRE(regs.size() == 1u);
  const auto& ring = regs[0].polygons.at(0).outer;
  BOOST_TEST_REQUIRE(ring.size() == 5u);
  // 1e-9° is 0.1 mm: room for PROJ's rounding, far below any wrong-axis or wrong-CRS error.
  BOOST_TEST(ring[1][0] == 104.0, boost::test_tools::tolerance(1e-11));
  BOOST_TEST(ring[1][1] == 30.0, boost::test_tools::tolerance(1e-11));
  BOOST_TEST(ring[2][0] == 104.0, boost::test_tools::tolerance(1e-11));
  BOOST_TEST(ring[2][1] == 35.0, boost::test_tools::tolerance(1e-11));
}

BOOST_AUTO_TEST_CASE(layer_without_crs_is_an_input_error, *boost::unit_test::label("io")) {
  // A Shapefile written without a .prj has no CRS.
  TempDir dir;
  const std::string p = dir.file("nocrs.shp");
  GDALAllRegister();
  GDALDatasetH ds =
      GDALCreate(GDALGetDriverByName("ESRI Shapefile"), p.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
  BOOST_TEST_REQUIRE(ds != nullptr);
  OGRLayerH layer = GDALDatasetCreateLayer(ds, "nocrs", nullptr, wkbPolygon, nullptr);
  OGRFieldDefnH fd = OGR_Fld_Create("code", OFTString);
  OGR_L_CreateField(layer, fd, TRUE);
  OGR_Fld_Destroy(fd);
  OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(layer));
  OGR_F_SetFieldString(f, 0, "Z");
  OGRGeometryH g = nullptr;
  char wkt[] = "POLYGON ((0 0,1 0,1 1,0 0))";
  char* cursor = wkt;
  OGR_G_CreateFromWkt(&cursor, nullptr, &g);
  OGR_F_SetGeometryDirectly(f, g);
  BOOST_TEST_REQUIRE(OGR_L_CreateFeature(layer, f) == OGRERR_NONE);
  OGR_F_Destroy(f);
  GDALClose(ds);
  BOOST_CHECK_EXCEPTION(read_regions(p, {}), InputError, [&](const InputError& e) {
    return has(e, p) && has(e, "no coordinate reference system");
  });
}

BOOST_AUTO_TEST_SUITE_END()

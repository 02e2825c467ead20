#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstring>
#include <numbers>
#include <sstream>

#include <gdal.h>
#include <ogr_api.h>

#include "spstress/core/error.hpp"
#include "spstress/regions/region.hpp"
#include "test_util.hpp"

using spstress::InputError;
using spstress::regions::Polygon;
using spstress::regions::read_regions;
using spstress::regions::Region;
using spstress::regions::RegionReadOptions;
using spstress::regions::Ring;
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

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// Compares `regs` with what OGR itself reads from `path` (no filter): the id and every
// attribute as OGR formats it, and every coordinate to the bit. Returns "" or the first
// difference.
std::string difference_from_ogr(const std::string& path, const std::vector<Region>& regs) {
  GDALAllRegister();
  CPLPushErrorHandler(CPLQuietErrorHandler);
  GDALDatasetH ds = GDALOpenEx(path.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
  CPLPopErrorHandler();
  if (ds == nullptr) return "OGR cannot open " + path;
  OGRLayerH layer = GDALDatasetGetLayer(ds, 0);
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
  std::string diff;
  std::size_t i = 0;
  auto ring_diff = [&](OGRGeometryH ring, const Ring& got, const std::string& where) {
    if (static_cast<std::size_t>(OGR_G_GetPointCount(ring)) != got.size())
      return where + ": point count";
    for (int k = 0; k < OGR_G_GetPointCount(ring); ++k) {
      const auto u = static_cast<std::size_t>(k);
      if (!same_bits(OGR_G_GetX(ring, k), got[u][0]) || !same_bits(OGR_G_GetY(ring, k), got[u][1]))
        return where + ": point " + std::to_string(k);
    }
    return std::string();
  };
  for (OGRFeatureH f; diff.empty() && (f = OGR_L_GetNextFeature(layer)) != nullptr; ++i) {
    const std::string where = "feature " + std::to_string(i);
    if (i >= regs.size()) {
      diff = where + ": missing";
    } else {
      const Region& r = regs[i];
      for (int k = 0; k < OGR_FD_GetFieldCount(defn) && diff.empty(); ++k) {
        const std::string name = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, k));
        const std::string value =
            OGR_F_IsFieldSetAndNotNull(f, k) ? OGR_F_GetFieldAsString(f, k) : "";
        if (r.attributes.count(name) == 0 || r.attributes.at(name) != value)
          diff = where + ": attribute " + name;
        if (name == "code" && r.code != value) diff = where + ": code";
      }
      OGRGeometryH g = OGR_F_GetGeometryRef(f);
      const bool multi = wkbFlatten(OGR_G_GetGeometryType(g)) == wkbMultiPolygon;
      const int nparts = multi ? OGR_G_GetGeometryCount(g) : 1;
      if (diff.empty() && static_cast<std::size_t>(nparts) != r.polygons.size())
        diff = where + ": part count";
      for (int p = 0; p < nparts && diff.empty(); ++p) {
        OGRGeometryH poly = multi ? OGR_G_GetGeometryRef(g, p) : g;
        const Polygon& got = r.polygons[static_cast<std::size_t>(p)];
        if (static_cast<std::size_t>(OGR_G_GetGeometryCount(poly)) != 1 + got.holes.size()) {
          diff = where + ": ring count";
          break;
        }
        for (int k = 0; k < OGR_G_GetGeometryCount(poly) && diff.empty(); ++k) {
          diff = ring_diff(OGR_G_GetGeometryRef(poly, k),
                           k == 0 ? got.outer : got.holes[static_cast<std::size_t>(k - 1)],
                           where + " part " + std::to_string(p) + " ring " + std::to_string(k));
        }
      }
    }
    OGR_F_Destroy(f);
  }
  GDALClose(ds);
  if (diff.empty() && i != regs.size())
    diff = "read " + std::to_string(regs.size()) + " of " + std::to_string(i);
  return diff;
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

BOOST_AUTO_TEST_CASE(geojson_comes_out_as_ogr_reads_it_to_the_bit, *boost::unit_test::label("io")) {
  // Coordinates in every notation OGR distinguishes (integers, -0, exponents, 17 digits, a z),
  // members in any order, feature ids, and properties of every JSON type: the regions must
  // carry exactly OGR's attribute text and coordinates.
  const std::string text = R"({"type": "FeatureCollection", "name": "mixed", "features": [
 {"type": "Feature", "id": 7, "properties": {"code": "A", "n": 1, "x": 2.5, "flag": true,
   "when": "2020-01-31", "list": [1, 2], "obj": {"k": "v"}, "s": "a\"b\u00e9", "none": null},
  "geometry": {"type": "Polygon", "coordinates": [[[100, 30], [100.123456789012345, 30],
   [101, 31.000000000000004], [1.005e2, 3.1E1, 12], [-0, -0.0], [100, 30]]]}},
 {"geometry": {"coordinates": [[[[110.1, 20.2], [114.3, 20.2], [114.3, 24.4], [110.1, 20.2]],
    [[111, 21], [111, 22], [112, 22], [111, 21]]], [[[120, -20], [121, -20], [121, -21], [120, -20]]]],
   "type": "MultiPolygon", "bbox": [110, -21, 121, 24]},
  "properties": {"x": 3, "n": 2, "code": "B", "flag": false, "when": "2021-12-01"},
  "type": "Feature", "id": 9}]})";
  TempDir dir;
  const std::string p = write_text(dir, "mixed.geojson", text);
  const auto regs = read_regions(p, {});
  BOOST_TEST_REQUIRE(regs.size() == 2u);
  BOOST_TEST(difference_from_ogr(p, regs) == "");
  // And what that is, by hand, for a few: lon first, the z dropped, -0 read as an integer.
  BOOST_TEST(regs[0].polygons.at(0).outer.at(3)[0] == 100.5);
  BOOST_TEST(regs[0].polygons.at(0).outer.at(3)[1] == 31.0);
  BOOST_TEST(!std::signbit(regs[0].polygons.at(0).outer.at(4)[0]));
  BOOST_TEST(regs[1].polygons.at(1).outer.at(2)[1] == -21.0);
  BOOST_TEST(regs[0].attributes.at("flag") == "1");
}

BOOST_AUTO_TEST_CASE(project_provinces_come_out_as_ogr_reads_them, *boost::unit_test::label("io")) {
  const std::string p =
      std::string(SPSTRESS_SOURCE_DATA_DIR) + "/regions/china_provinces_mainland.geojson";
  RegionReadOptions o;
  o.name_field = "name_en";
  const auto regs = read_regions(p, o);
  BOOST_TEST(regs.size() == 31u);
  BOOST_TEST(difference_from_ogr(p, regs) == "");
}

BOOST_AUTO_TEST_CASE(filter_on_the_geometry_sees_the_real_polygons,
                     *boost::unit_test::label("io")) {
  // OGR SQL can filter on the geometry's area: 1 deg² for the small square, 4 for the big one.
  const std::string big =
      R"({"type": "Polygon", "coordinates": [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]]})";
  const std::string small =
      R"({"type": "Polygon", "coordinates": [[[5, 5], [6, 5], [6, 6], [5, 6], [5, 5]]]})";
  TempDir dir;
  const std::string p =
      write_text(dir, "areas.geojson", collection(feature("\"S\"", small), feature("\"B\"", big)));
  RegionReadOptions o;
  o.where = "OGR_GEOM_AREA > 2";
  const auto regs = read_regions(p, o);
  BOOST_TEST_REQUIRE(regs.size() == 1u);
  BOOST_TEST(regs[0].code == "B");
}

BOOST_AUTO_TEST_SUITE_END()

// `spstress aggregate` on bad input, through the binary: every case must exit with status 2,
// print one line on stderr naming the file and the item at fault, and leave no output behind.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gdal.h>
#include <boost/test/unit_test.hpp>

#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using spstress::test::CommandResult;
using spstress::test::run_command;
using spstress::test::shell_quote;
using spstress::test::TempDir;

namespace {

/// Variable names are chosen so none is a substring of another or of the message's own words,
/// and file names never contain the item a message must name: a check for one of them cannot be
/// satisfied by accident.
struct NcSpec {
  std::string tas_units = "K";
  std::string calendar = "standard";
};

/// A valid CF file on a 5° grid over central China (cells lon 97.5..117.5, lat 22.5..37.5)
/// with three variables; each bad-file case changes one thing.
std::string grid_cdl(const NcSpec& s) {
  return R"(netcdf grid {
dimensions:
  time = 2 ; lat = 3 ; lon = 4 ;
variables:
  double time(time) ;
    time:units = "days since 2000-01-01" ;
    time:calendar = ")" +
         s.calendar + R"(" ;
  double lat(lat) ;
    lat:units = "degrees_north" ;
  double lon(lon) ;
    lon:units = "degrees_east" ;
  float tas_day(time, lat, lon) ;
    tas_day:units = ")" +
         s.tas_units + R"(" ;
  float hurs_day(time, lat, lon) ;
    hurs_day:units = "%" ;
  float prcp_total(time, lat, lon) ;
    prcp_total:units = "kg m-2 s-1" ;
data:
  time = 0, 1 ;
  lat = 25, 30, 35 ;
  lon = 100, 105, 110, 115 ;
  tas_day = 300, 300, 300, 300, 300, 300, 300, 300, 300, 300, 300, 300,
            301, 301, 301, 301, 301, 301, 301, 301, 301, 301, 301, 301 ;
  hurs_day = 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50,
             60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60 ;
  prcp_total = 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 ;
}
)";
}

/// One polygon well inside the grid above (lon 101..109, lat 26..33), WGS 84 lon/lat.
constexpr const char* inside_regions_geojson = R"({"type": "FeatureCollection",
 "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
 "features": [{"type": "Feature", "properties": {"code": "CN-A"},
   "geometry": {"type": "Polygon",
     "coordinates": [[[101, 26], [109, 26], [109, 33], [101, 33], [101, 26]]]}}]}
)";

/// A scratch folder with the inputs beside an empty output folder: after a failed run the
/// output folder must still be empty (no result, no temporary file left behind).
struct Scratch {
  TempDir dir;
  fs::path out_dir = dir.path() / "out";
  fs::path out_csv = out_dir / "result.csv";

  Scratch() { fs::create_directories(out_dir); }

  fs::path write(const std::string& name, const std::string& text) const {
    const fs::path p = dir.path() / name;
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }

  /// Compiles CDL text with ncgen into `name`.nc.
  fs::path netcdf(const std::string& name, const std::string& cdl) const {
    const fs::path cdl_path = write(name + ".cdl", cdl);
    const fs::path nc_path = dir.path() / (name + ".nc");
    const CommandResult r = run_command(
        "ncgen -o " + shell_quote(nc_path.string()) + " " + shell_quote(cdl_path.string()),
        dir.path());
    BOOST_TEST_REQUIRE(r.status == 0, "ncgen failed: " << r.err);
    BOOST_TEST_REQUIRE(fs::exists(nc_path));
    return nc_path;
  }

  fs::path regions() const { return write("regions.geojson", inside_regions_geojson); }

  CommandResult aggregate(const fs::path& raster, const fs::path& regions,
                          const std::string& extra = "") const {
    // --no-cache: a failing run must not depend on, or write to, a cache outside the scratch.
    return run_command(spstress::test::spstress_binary() + " aggregate --no-cache --raster " +
                           shell_quote(raster.string()) + " --regions " +
                           shell_quote(regions.string()) + extra + " --out " +
                           shell_quote(out_csv.string()),
                       dir.path());
  }

  /// The contract for bad input: status 2, exactly one line on stderr, an "error: " line
  /// holding every part, and nothing in the output folder.
  void expect_clean_failure(const CommandResult& r, const std::vector<std::string>& parts) const {
    BOOST_TEST(r.status == 2, "exit status " << r.status << "; stderr: " << r.err);
    BOOST_TEST((std::count(r.err.begin(), r.err.end(), '\n') == 1 && r.err.back() == '\n'),
               "expected one line on stderr, got: " << r.err);
    BOOST_TEST(r.err.rfind("error: ", 0) == 0u, r.err);
    for (const auto& p : parts) {
      BOOST_TEST(r.err.find(p) != std::string::npos, "stderr lacks \"" << p << "\": " << r.err);
    }
    BOOST_TEST(fs::is_empty(out_dir), "the failed run left files in " << out_dir);
  }
};

/// A north-up 4 x 3 GeoTIFF on the grid above with a geotransform and no CRS at all.
void write_geotiff_without_crs(const fs::path& p) {
  GDALAllRegister();
  GDALDatasetH ds =
      GDALCreate(GDALGetDriverByName("GTiff"), p.c_str(), 4, 3, 1, GDT_Float32, nullptr);
  BOOST_TEST_REQUIRE(ds != nullptr);
  double gt[6] = {97.5, 5.0, 0.0, 37.5, 0.0, -5.0};
  BOOST_TEST_REQUIRE(GDALSetGeoTransform(ds, gt) == CE_None);
  std::vector<float> values(12, 300.0f);
  BOOST_TEST_REQUIRE(GDALRasterIO(GDALGetRasterBand(ds, 1), GF_Write, 0, 0, 4, 3, values.data(), 4,
                                  3, GDT_Float32, 0, 0) == CE_None);
  GDALClose(ds);
  // The case is only meaningful if GDAL did not invent a CRS on the way.
  GDALDatasetH back = GDALOpen(p.c_str(), GA_ReadOnly);
  BOOST_TEST_REQUIRE(back != nullptr);
  double back_gt[6];
  BOOST_TEST(GDALGetGeoTransform(back, back_gt) == CE_None);
  BOOST_TEST(GDALGetSpatialRef(back) == nullptr);
  GDALClose(back);
}

bool mentions_crs(const std::string& err) {
  return err.find("CRS") != std::string::npos ||
         err.find("coordinate reference system") != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(test_aggregate_errors)

BOOST_AUTO_TEST_CASE(missing_raster_is_named_as_not_found, *boost::unit_test::label("io")) {
  Scratch s;
  const fs::path missing = s.dir.path() / "no_such_hazard.nc";
  const auto r = s.aggregate(missing, s.regions());
  s.expect_clean_failure(r, {missing.string(), "not found"});
}

BOOST_AUTO_TEST_CASE(missing_regions_file_is_named, *boost::unit_test::label("io")) {
  Scratch s;
  const fs::path missing = s.dir.path() / "no_such_regions.geojson";
  const auto r = s.aggregate(s.netcdf("grid", grid_cdl({})), missing, " --var tas_day");
  s.expect_clean_failure(r, {missing.string(), "not found"});
}

BOOST_AUTO_TEST_CASE(unknown_variable_is_named_with_the_variables_the_file_has,
                     *boost::unit_test::label("io")) {
  Scratch s;
  const fs::path nc = s.netcdf("grid", grid_cdl({}));
  const auto r = s.aggregate(nc, s.regions(), " --var wbgt_max");
  s.expect_clean_failure(
      r, {nc.string(), "wbgt_max", "not found", "tas_day", "hurs_day", "prcp_total"});
}

BOOST_AUTO_TEST_CASE(variable_without_latitude_and_longitude_is_rejected,
                     *boost::unit_test::label("io")) {
  // Dimensions y, x with neither coordinate variables nor CF attributes: nothing says which
  // axis is latitude, so the file must be refused rather than guessed at.
  Scratch s;
  const fs::path nc = s.netcdf("plane", R"(netcdf plane {
dimensions:
  y = 3 ; x = 4 ;
variables:
  float heat_index(y, x) ;
    heat_index:units = "K" ;
data:
  heat_index = 300, 300, 300, 300, 300, 300, 300, 300, 300, 300, 300, 300 ;
}
)");
  const auto named = s.aggregate(nc, s.regions(), " --var heat_index");
  s.expect_clean_failure(named, {nc.string(), "heat_index", "latitude", "longitude"});
  // Without --var the reader looks for a lat/lon variable itself and finds none.
  const auto unnamed = s.aggregate(nc, s.regions());
  s.expect_clean_failure(unnamed, {nc.string(), "heat_index", "latitude", "longitude"});
}

BOOST_AUTO_TEST_CASE(unknown_units_option_is_rejected, *boost::unit_test::label("io")) {
  Scratch s;
  const fs::path nc = s.netcdf("grid", grid_cdl({}));
  const auto r = s.aggregate(nc, s.regions(), " --var tas_day --units furlongs_per_fortnight_x");
  s.expect_clean_failure(r, {"--units", "furlongs_per_fortnight_x", "unknown"});
}

BOOST_AUTO_TEST_CASE(unknown_units_attribute_is_rejected_when_converting,
                     *boost::unit_test::label("io")) {
  Scratch s;
  const fs::path bananas = s.netcdf("odd_units", grid_cdl({.tas_units = "bananas"}));
  const auto r1 = s.aggregate(bananas, s.regions(), " --var tas_day --units degC");
  s.expect_clean_failure(r1, {bananas.string(), "tas_day", "bananas", "unknown", "its units"});
  // UDUNITS-2 parses "degrees Kelvin" (as angle × temperature), so this one must be caught
  // by the reader, not by the parser.
  const fs::path kelvin = s.netcdf("angle_units", grid_cdl({.tas_units = "degrees Kelvin"}));
  const auto r2 = s.aggregate(kelvin, s.regions(), " --var tas_day --units degC");
  s.expect_clean_failure(r2, {kelvin.string(), "tas_day", "degrees Kelvin", "unknown"});
}

BOOST_AUTO_TEST_CASE(unknown_calendar_is_rejected, *boost::unit_test::label("io")) {
  Scratch s;
  const fs::path nc = s.netcdf("odd_time", grid_cdl({.calendar = "martian"}));
  const auto r = s.aggregate(nc, s.regions(), " --var tas_day");
  s.expect_clean_failure(r, {nc.string(), "calendar", "martian"});
}

BOOST_AUTO_TEST_CASE(hazard_geotiff_without_crs_is_rejected, *boost::unit_test::label("io")) {
  Scratch s;
  const fs::path tif = s.dir.path() / "unreferenced.tif";
  write_geotiff_without_crs(tif);
  const auto r = s.aggregate(tif, s.regions());
  s.expect_clean_failure(r, {tif.string()});
  BOOST_TEST(mentions_crs(r.err), r.err);
}

BOOST_AUTO_TEST_CASE(regions_shapefile_without_prj_is_rejected, *boost::unit_test::label("io")) {
  // A Shapefile whose .prj was lost: the coordinates could be in any CRS, so the run must stop
  // instead of assuming lon/lat.
  Scratch s;
  const fs::path shp_dir = s.dir.path() / "shp";
  const CommandResult made =
      run_command("ogr2ogr -f 'ESRI Shapefile' " + shell_quote(shp_dir.string()) + " " +
                      shell_quote(s.regions().string()) + " -nln provinces",
                  s.dir.path());
  BOOST_TEST_REQUIRE(made.status == 0, "ogr2ogr failed: " << made.err);
  const fs::path shp = shp_dir / "provinces.shp";
  BOOST_TEST_REQUIRE(fs::exists(shp));
  BOOST_TEST_REQUIRE(fs::remove(shp_dir / "provinces.prj"));
  const fs::path nc = s.netcdf("grid", grid_cdl({}));
  const auto r = s.aggregate(nc, shp, " --var tas_day");
  s.expect_clean_failure(r, {shp.string()});
  BOOST_TEST(mentions_crs(r.err), r.err);
}

BOOST_AUTO_TEST_CASE(regions_that_miss_the_grid_entirely_are_rejected_naming_both_files,
                     *boost::unit_test::label("io")) {
  // A polygon in South America (lon -60..-50, lat -20..-10) against the grid over China: no
  // region has a cell, so there is nothing to write.
  Scratch s;
  const fs::path far = s.write("far_away.geojson", R"({"type": "FeatureCollection",
 "features": [{"type": "Feature", "properties": {"code": "BR"},
   "geometry": {"type": "Polygon",
     "coordinates": [[[-60, -20], [-50, -20], [-50, -10], [-60, -10], [-60, -20]]]}}]}
)");
  const fs::path nc = s.netcdf("grid", grid_cdl({}));
  const auto r = s.aggregate(nc, far, " --var tas_day");
  s.expect_clean_failure(r, {far.string(), nc.string(), "BR", "overlap"});
}

BOOST_AUTO_TEST_SUITE_END()

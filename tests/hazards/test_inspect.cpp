#include <boost/test/unit_test.hpp>

#include <fstream>
#include <string>
#include <vector>

#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include "nc_fixture.hpp"
#include "spstress/core/error.hpp"
#include "spstress/hazards/inspect.hpp"

using spstress::InputError;
using spstress::hazards::inspect_file;
using spstress::test::GridSpec;
using spstress::test::TempDir;

namespace {

// Checks that every part occurs in the text, naming the ones that do not.
bool has_all(const std::string& text, const std::vector<std::string>& parts) {
  bool ok = true;
  for (const auto& p : parts) {
    if (text.find(p) == std::string::npos) {
      BOOST_TEST_MESSAGE("missing \"" << p << "\" in:\n" << text);
      ok = false;
    }
  }
  return ok;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(test_inspect, *boost::unit_test::label("io"))

BOOST_AUTO_TEST_CASE(describes_a_packed_360_day_file) {
  TempDir dir;
  const std::string path = dir.file("packed.nc");
  spstress::test::write_packed(path);
  const std::string text = inspect_file(path);
  BOOST_TEST(has_all(text, {
                               "format: netCDF-3 classic",
                               "short tas(time, level, lat, lon)  shape 3 x 1 x 3 x 4",
                               "units \"degC\"",
                               // Celsius is kelvin shifted by 273.15
                               "units: \"degC\" (UDUNITS-2: K @ 273.15)",
                               "grid: 4 x 3 cells",
                               // centres -10..10 by 10 and 0..270 by 90: edges half a step out
                               "W -45, E 315, S -15, N 15",
                               "lon regular 90 deg, lat regular 10 deg",
                               "latitude order in file: south to north",
                               "longitude convention: 0..360",
                               "3 steps, calendar 360_day",
                               "first 2000-01-01, last 2000-02-30",
                               "step monthly",  // 30 and 29 days
                               "value = stored * 0.5 + 100 (stored as short)",
                               "_FillValue -999; missing_value -998; valid_range -500, 400",
                           }));
}

BOOST_AUTO_TEST_CASE(describes_bounds_irregular_latitudes_and_variables_without_time) {
  TempDir dir;
  const std::string path = dir.file("bounds.nc");
  spstress::test::write_bounds(path);
  const std::string text = inspect_file(path);
  BOOST_TEST(has_all(text, {
                               "format: netCDF-4",
                               "data variable 'pr'",
                               "data variable 'tas2'",
                               "W 5, E 35, S -90, N 90",
                               "lat irregular (40 to 65 deg between centres)",
                               "cell edges from: lon bounds variable, lat bounds variable",
                               "latitude order in file: north to south",
                               "longitude order in file: east to west",
                               "calendar standard",
                               "first 1582-10-04T12:00:00, last 1582-10-16T00:30:00",
                               "time: no time dimension",
                               "packing: none (stored as double)",
                               "none declared (the netCDF default fill is treated as missing)",
                           }));
}

BOOST_AUTO_TEST_CASE(guesses_daily_steps_and_the_minus_180_convention) {
  TempDir dir;
  GridSpec s;
  s.lon = {-10, 0, 10};
  spstress::test::write_grid(dir.file("t.nc"), s);
  const std::string text = inspect_file(dir.file("t.nc"));
  BOOST_TEST(has_all(text, {"longitude convention: -180..180", "2 steps, calendar standard",
                            "first 2000-01-01, last 2000-01-02, step daily"}));
}

BOOST_AUTO_TEST_CASE(reports_layout_problems_without_failing) {
  TempDir dir;
  GridSpec s;
  s.order = {"time", "level", "lat", "lon"};
  s.nlevel = 3;
  spstress::test::write_grid(dir.file("t.nc"), s);
  const std::string text = inspect_file(dir.file("t.nc"));
  BOOST_TEST(has_all(text, {"not readable as a hazard field", "'level' has length 3"}));
}

BOOST_AUTO_TEST_CASE(describes_a_geotiff_with_gdal) {
  TempDir dir;
  const std::string path = dir.file("pop.tif");
  {
    GDALAllRegister();
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GTiff");
    BOOST_REQUIRE(drv != nullptr);
    GDALDatasetUniquePtr ds(drv->Create(path.c_str(), 4, 3, 1, GDT_Float32, nullptr));
    BOOST_REQUIRE(ds != nullptr);
    double gt[6] = {100.0, 0.5, 0.0, 40.0, 0.0, -0.5};
    ds->SetGeoTransform(gt);
    OGRSpatialReference srs;
    srs.importFromEPSG(4326);
    ds->SetSpatialRef(&srs);
    ds->GetRasterBand(1)->SetNoDataValue(-9999.0);
    ds->GetRasterBand(1)->SetScale(0.1);
  }
  const std::string text = inspect_file(path);
  BOOST_TEST(has_all(text, {
                               "format: GTiff",
                               "size: 4 x 3 pixels (columns x rows), 1 band",
                               // 4 columns of 0.5 deg from 100 E, 3 rows of 0.5 deg down from 40 N
                               "extent: W 100, E 102, S 38.5, N 40",
                               "row order: north to south",
                               "CRS: WGS 84 (EPSG:4326), geographic",
                               "band 1: Float32",
                               "nodata -9999",
                               "value = stored * 0.1 + 0",
                               "hazard field: 1 step (one per band) on a 4 x 3 longitude/latitude "
                               "grid",
                           }));
}

BOOST_AUTO_TEST_CASE(reports_why_a_raster_is_not_a_hazard_field_and_suspect_units) {
  TempDir dir;
  const std::string path = dir.file("merc.tif");
  {
    GDALAllRegister();
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GTiff");
    BOOST_REQUIRE(drv != nullptr);
    GDALDatasetUniquePtr ds(drv->Create(path.c_str(), 2, 2, 1, GDT_Float32, nullptr));
    BOOST_REQUIRE(ds != nullptr);
    double gt[6] = {1.0e6, 1000.0, 0.0, 4.0e6, 0.0, -1000.0};
    ds->SetGeoTransform(gt);
    OGRSpatialReference srs;
    srs.importFromEPSG(3857);
    ds->SetSpatialRef(&srs);
    ds->GetRasterBand(1)->SetUnitType("degrees Kelvin");
  }
  const std::string text = inspect_file(path);
  BOOST_TEST(has_all(text, {
                               "units degrees Kelvin (UDUNITS-2: unknown units",
                               "not readable as a hazard field: " + path,
                               "is projected",
                           }));
}

BOOST_AUTO_TEST_CASE(reports_missing_and_unreadable_files_by_path) {
  TempDir dir;
  const std::string missing = dir.file("nope.nc");
  BOOST_CHECK_EXCEPTION(inspect_file(missing), InputError, [&](const InputError& e) {
    return std::string(e.what()) == missing + ": file not found";
  });
  const std::string text_file = dir.file("notes.txt");
  std::ofstream(text_file) << "hello\n";
  BOOST_CHECK_EXCEPTION(inspect_file(text_file), InputError, [&](const InputError& e) {
    const std::string m = e.what();
    return m.find(text_file) != std::string::npos &&
           m.find("not a NetCDF file") != std::string::npos &&
           m.find("GDAL cannot read it") != std::string::npos;
  });
}

BOOST_AUTO_TEST_SUITE_END()

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "nc_fixture.hpp"
#include "spstress/core/error.hpp"
#include "spstress/hazards/netcdf_field.hpp"
#include "support/messages.hpp"

using spstress::InputError;
using spstress::InternalError;
using spstress::UnsupportedError;
using spstress::core::iso_date;
using spstress::hazards::Calendar;
using spstress::hazards::NetcdfField;
using spstress::test::GridSpec;
using spstress::test::message_has;
using spstress::test::packed_offset;
using spstress::test::packed_raw;
using spstress::test::packed_scale;
using spstress::test::TempDir;
using spstress::test::write_bounds;
using spstress::test::write_grid;
using spstress::test::write_packed;

BOOST_AUTO_TEST_SUITE(test_netcdf_field, *boost::unit_test::label("io"))

BOOST_AUTO_TEST_CASE(unpacks_masks_and_flips_a_packed_south_up_file) {
  TempDir dir;
  const std::string path = dir.file("packed.nc");
  write_packed(path);
  const NetcdfField f(path, "");  // the only variable with lat and lon dimensions
  BOOST_TEST(f.variable() == "tas");
  BOOST_TEST(f.units() == "degC");
  BOOST_TEST(f.n_times() == 3u);
  BOOST_TEST(f.grid().nlon() == 4u);
  BOOST_TEST(f.grid().nlat() == 3u);

  const Eigen::MatrixXd m = f.read_block(0, 3);
  BOOST_REQUIRE(m.rows() == 12);
  BOOST_REQUIRE(m.cols() == 3);
  // North-up row r is file latitude index j = 2 - r; cell = 4 r + col.
  const auto at = [&](int t, int r, int c) { return m(4 * r + c, t); };
  // Packed values and their unpacking are exact in binary (halves of small integers), so
  // equality is exact.
  BOOST_TEST(at(0, 0, 1) == 110.5);     // lat 10 (j = 2), lon 90: stored 21 * 0.5 + 100
  BOOST_TEST(at(0, 2, 0) == 100.0);     // lat -10 (j = 0), lon 0: stored 0
  BOOST_TEST(at(1, 1, 2) == 156.0);     // stored 112 * 0.5 + 100
  BOOST_TEST(at(2, 0, 3) == 211.5);     // stored 223 * 0.5 + 100
  BOOST_TEST(at(2, 2, 0) == -150.0);    // stored -500 = valid_min: -250 + 100
  BOOST_TEST(std::isnan(at(0, 0, 0)));  // stored 401 > valid_max 400
  BOOST_TEST(std::isnan(at(1, 2, 3)));  // stored _FillValue -999 (unpacked it would be -399.5)
  BOOST_TEST(std::isnan(at(2, 1, 1)));  // stored missing_value -998
  int nan_count = 0;
  for (int t = 0; t < 3; ++t) {
    for (int r = 0; r < 3; ++r) {
      for (int c = 0; c < 4; ++c) {
        const double raw = packed_raw(t, 2 - r, c);
        if (std::isnan(at(t, r, c))) {
          ++nan_count;
        } else {
          BOOST_TEST(at(t, r, c) == raw * packed_scale + packed_offset);
        }
      }
    }
  }
  BOOST_TEST(nan_count == 3);
}

BOOST_AUTO_TEST_CASE(builds_north_up_edges_and_keeps_0_360_longitudes) {
  TempDir dir;
  const std::string path = dir.file("packed.nc");
  write_packed(path);
  const NetcdfField f(path, "tas");
  // Centres -10, 0, 10 (step 10): edges half a step beyond, listed north to south.
  const std::vector<double> lat_edges{15, 5, -5, -15};
  // Centres 0, 90, 180, 270: the file's 0..360 convention is kept, so the first edge is -45.
  const std::vector<double> lon_edges{-45, 45, 135, 225, 315};
  BOOST_TEST(f.grid().lat_edges_deg == lat_edges, boost::test_tools::per_element());
  BOOST_TEST(f.grid().lon_edges_deg == lon_edges, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(decodes_360_day_dates) {
  TempDir dir;
  const std::string path = dir.file("packed.nc");
  write_packed(path);
  const NetcdfField f(path, "tas");
  BOOST_TEST((f.time().calendar == Calendar::Day360));
  BOOST_TEST(f.time().units == "days since 2000-01-01");
  BOOST_REQUIRE(f.time().dates.size() == 3u);
  BOOST_TEST(iso_date(f.time().dates[0]) == "2000-01-01");
  BOOST_TEST(iso_date(f.time().dates[1]) == "2000-02-01");  // 30 days of January
  BOOST_TEST(iso_date(f.time().dates[2]) == "2000-02-30");  // 30 + 29
}

BOOST_AUTO_TEST_CASE(reads_a_block_in_the_middle) {
  TempDir dir;
  const std::string path = dir.file("packed.nc");
  write_packed(path);
  const NetcdfField f(path, "tas");
  const Eigen::MatrixXd m = f.read_block(1, 2);
  BOOST_REQUIRE(m.cols() == 2);
  BOOST_TEST(m(4 * 1 + 2, 0) == 156.0);  // time step 1, row 1, col 2: as in the full read
  BOOST_TEST(m(4 * 0 + 3, 1) == 211.5);  // time step 2, row 0, col 3
  BOOST_TEST(f.read_block(3, 0).cols() == 0);
  BOOST_CHECK_THROW(f.read_block(2, 2), InternalError);
  BOOST_CHECK_THROW(f.read_block(4, 0), InternalError);
}

BOOST_AUTO_TEST_CASE(takes_edges_from_bounds_and_flips_east_to_west_longitudes) {
  TempDir dir;
  const std::string path = dir.file("bounds.nc");
  write_bounds(path);
  const NetcdfField f(path, "pr");
  // From lat_bnds / lon_bnds. Midpoints of the irregular centres 60, 20, -45 would give
  // 80, 40, -12.5, -77.5 instead, so the bounds are really used.
  const std::vector<double> lat_edges{90, 40, -10, -90};
  const std::vector<double> lon_edges{5, 15, 25, 35};
  BOOST_TEST(f.grid().lat_edges_deg == lat_edges, boost::test_tools::per_element());
  BOOST_TEST(f.grid().lon_edges_deg == lon_edges, boost::test_tools::per_element());

  const Eigen::MatrixXd m = f.read_block(0, 3);
  // Rows are already north to south; column c holds file longitude index i = 2 - c.
  const auto at = [&](int t, int r, int c) { return m(3 * r + c, t); };
  BOOST_TEST(std::isnan(at(0, 0, 2)));  // NaN in the file
  BOOST_TEST(std::isnan(at(1, 1, 1)));  // netCDF default fill, no _FillValue declared
  BOOST_TEST(at(0, 0, 0) == 2.0);       // j 0, i 2
  BOOST_TEST(at(2, 2, 0) == 222.0);     // t 2, j 2, i 2
  BOOST_TEST(at(1, 0, 1) == 101.0);     // t 1, j 0, i 1
  BOOST_TEST(at(2, 1, 2) == 210.0);     // t 2, j 1, i 0
}

BOOST_AUTO_TEST_CASE(decodes_standard_calendar_hours_across_1582) {
  TempDir dir;
  const std::string path = dir.file("bounds.nc");
  write_bounds(path);
  const NetcdfField f(path, "pr");
  BOOST_TEST((f.time().calendar == Calendar::Standard));  // no calendar attribute: CF default
  BOOST_REQUIRE(f.time().dates.size() == 3u);
  BOOST_TEST(iso_date(f.time().dates[0]) == "1582-10-04T12:00:00");
  // 12 h after Julian 4 October noon is midnight of the next day, Gregorian 15 October.
  BOOST_TEST(iso_date(f.time().dates[1]) == "1582-10-15");
  // 36.5 h = 1.5 days + 30 min.
  BOOST_TEST(iso_date(f.time().dates[2]) == "1582-10-16T00:30:00");
}

BOOST_AUTO_TEST_CASE(reads_a_variable_without_time_as_one_step) {
  TempDir dir;
  const std::string path = dir.file("bounds.nc");
  write_bounds(path);
  const NetcdfField f(path, "tas2");
  BOOST_TEST(f.n_times() == 1u);
  BOOST_TEST(f.time().dates.empty());
  const Eigen::MatrixXd m = f.read_block(0, 1);
  // Row r = j, column c = 2 - i: tas2 = 3 r + (2 - c) + 0.25, exact in float.
  BOOST_TEST(m(0, 0) == 2.25);
  BOOST_TEST(m(3 * 2 + 2, 0) == 6.25);
  BOOST_TEST(m(3 * 1 + 0, 0) == 5.25);
}

BOOST_AUTO_TEST_CASE(reports_a_missing_file_by_path) {
  TempDir dir;
  const std::string path = dir.file("nope.nc");
  BOOST_CHECK_EXCEPTION(NetcdfField(path, "tas"), InputError, message_has({path, "No such file"}));
}

BOOST_AUTO_TEST_CASE(reports_a_file_that_is_not_netcdf) {
  TempDir dir;
  const std::string path = dir.file("notes.nc");
  std::ofstream(path) << "not a netcdf file\n";
  BOOST_CHECK_EXCEPTION(
      NetcdfField(path, "tas"), InputError,
      message_has({path, "cannot open as NetCDF", "NetCDF: Unknown file format"}));
}

BOOST_AUTO_TEST_CASE(lists_the_variables_when_the_name_is_not_found) {
  TempDir dir;
  const std::string path = dir.file("bounds.nc");
  write_bounds(path);
  BOOST_CHECK_EXCEPTION(
      NetcdfField(path, "tasmax"), InputError,
      message_has({path, "'tasmax' not found", "time, lat, lat_bnds, lon, lon_bnds, pr, tas2"}));
}

BOOST_AUTO_TEST_CASE(asks_for_a_name_when_several_variables_qualify) {
  TempDir dir;
  const std::string path = dir.file("bounds.nc");
  write_bounds(path);
  BOOST_CHECK_EXCEPTION(NetcdfField(path, ""), InputError,
                        message_has({path, "2 variables have latitude and longitude", "pr, tas2"}));
}

BOOST_AUTO_TEST_CASE(rejects_lon_before_lat) {
  TempDir dir;
  GridSpec s;
  s.order = {"time", "lon", "lat"};
  write_grid(dir.file("t.nc"), s);
  BOOST_CHECK_EXCEPTION(
      NetcdfField(dir.file("t.nc"), "tas"), UnsupportedError,
      message_has({"'tas'", "dimension order (time, lon, lat)", "expected (time, lat, lon)"}));
}

BOOST_AUTO_TEST_CASE(rejects_time_after_a_level) {
  TempDir dir;
  GridSpec s;
  s.order = {"level", "time", "lat", "lon"};
  write_grid(dir.file("t.nc"), s);
  BOOST_CHECK_EXCEPTION(NetcdfField(dir.file("t.nc"), "tas"), UnsupportedError,
                        message_has({"time must come first"}));
}

BOOST_AUTO_TEST_CASE(rejects_several_levels) {
  TempDir dir;
  GridSpec s;
  s.order = {"time", "level", "lat", "lon"};
  s.nlevel = 2;
  write_grid(dir.file("t.nc"), s);
  BOOST_CHECK_EXCEPTION(NetcdfField(dir.file("t.nc"), "tas"), UnsupportedError,
                        message_has({"'level' has length 2", "single level"}));
}

BOOST_AUTO_TEST_CASE(accepts_a_singleton_level_without_time) {
  TempDir dir;
  GridSpec s;
  s.order = {"level", "lat", "lon"};
  write_grid(dir.file("t.nc"), s);
  const NetcdfField f(dir.file("t.nc"), "tas");
  BOOST_TEST(f.n_times() == 1u);
  BOOST_TEST(f.read_block(0, 1).rows() == 6);
}

BOOST_AUTO_TEST_CASE(says_which_attributes_identify_coordinates) {
  TempDir dir;
  GridSpec s;
  s.cf_attributes = false;
  write_grid(dir.file("t.nc"), s);
  BOOST_CHECK_EXCEPTION(
      NetcdfField(dir.file("t.nc"), "tas"), InputError,
      message_has({"axis=\"Y\"/\"X\"", "standard_name=\"latitude\"", "degrees_north"}));
  BOOST_CHECK_EXCEPTION(NetcdfField(dir.file("t.nc"), ""), InputError,
                        message_has({"no variable has latitude and longitude", "degrees_north"}));
}

BOOST_AUTO_TEST_CASE(rejects_non_monotone_latitudes) {
  TempDir dir;
  GridSpec s;
  s.lat = {0, 10, 5};
  write_grid(dir.file("t.nc"), s);
  BOOST_CHECK_EXCEPTION(NetcdfField(dir.file("t.nc"), "tas"), InputError,
                        message_has({dir.file("t.nc"), "'lat'", "not strictly monotone"}));
}

BOOST_AUTO_TEST_CASE(rejects_an_unknown_calendar_naming_the_file) {
  TempDir dir;
  GridSpec s;
  s.calendar = "mayan";
  write_grid(dir.file("t.nc"), s);
  BOOST_CHECK_EXCEPTION(NetcdfField(dir.file("t.nc"), "tas"), InputError,
                        message_has({dir.file("t.nc"), "time", "\"mayan\"", "noleap"}));
}

BOOST_AUTO_TEST_CASE(rejects_months_as_time_units_naming_the_file) {
  TempDir dir;
  GridSpec s;
  s.time_units = "months since 2000-01-01";
  write_grid(dir.file("t.nc"), s);
  BOOST_CHECK_EXCEPTION(NetcdfField(dir.file("t.nc"), "tas"), InputError,
                        message_has({dir.file("t.nc"), "months since", "discourage"}));
}

BOOST_AUTO_TEST_CASE(reads_the_cmip5_demo_file_when_present) {
  const std::string path = std::string(SPSTRESS_SOURCE_DATA_DIR) +
                           "/hazards/cmip5_MPI-ESM-LR_historical_r1i1p1_tas_Amon_2005_T63.nc";
  if (!std::filesystem::exists(path)) {
    BOOST_TEST_MESSAGE("skipped: CMIP5 demo file not present at " << path);
    return;
  }
  const NetcdfField f(path, "tas");
  BOOST_TEST(f.units() == "K");
  BOOST_TEST(f.grid().nlon() == 192u);  // T63 Gaussian grid
  BOOST_TEST(f.grid().nlat() == 96u);
  BOOST_TEST(f.grid().lat_edges_deg.front() == 90.0);  // north-up though the file is south-up
  BOOST_TEST(f.grid().lat_edges_deg.back() == -90.0);
  BOOST_TEST((f.time().calendar == Calendar::ProlepticGregorian));
  BOOST_REQUIRE(f.n_times() == 12u);
  // 56628.5 days after 1850-01-01: 56613 days to 2005-01-01 (see test_cf_time) + 15.5.
  BOOST_TEST(iso_date(f.time().dates[0]) == "2005-01-16T12:00:00");
  BOOST_TEST(f.time().dates[11].year == 2005);
  BOOST_TEST(f.time().dates[11].month == 12);

  // The cell holding Beijing (116.4 E, 39.9 N).
  const auto& g = f.grid();
  std::size_t col = g.nlon(), row = g.nlat();
  for (std::size_t i = 0; i < g.nlon(); ++i) {
    if (g.lon_edges_deg[i] <= 116.4 && 116.4 < g.lon_edges_deg[i + 1]) col = i;
  }
  for (std::size_t j = 0; j < g.nlat(); ++j) {
    if (g.lat_edges_deg[j] >= 39.9 && 39.9 > g.lat_edges_deg[j + 1]) row = j;
  }
  BOOST_REQUIRE(col < g.nlon());
  BOOST_REQUIRE(row < g.nlat());
  const Eigen::MatrixXd m = f.read_block(0, 12);
  const auto cell = static_cast<Eigen::Index>(g.cell_index(row, col));
  // The published values are given to 0.1 K, so half of that is the tolerance.
  BOOST_TEST(m(cell, 0) == 265.3, boost::test_tools::tolerance(0.05 / 265.3));
  BOOST_TEST(m(cell, 6) == 298.2, boost::test_tools::tolerance(0.05 / 298.2));
}

BOOST_AUTO_TEST_SUITE_END()

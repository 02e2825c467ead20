#include <boost/test/unit_test.hpp>

#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "nc_fixture.hpp"
#include "spstress/core/date.hpp"
#include "spstress/core/error.hpp"
#include "spstress/hazards/field.hpp"
#include "spstress/hazards/netcdf_field.hpp"
#include "spstress/hazards/record.hpp"

using spstress::InputError;
using spstress::core::DateTime;
using spstress::hazards::expand_record;
using spstress::hazards::HazardField;
using spstress::hazards::NetcdfField;
using spstress::hazards::open_record;
using spstress::hazards::parse_record_period;
using spstress::hazards::RecordField;
using spstress::hazards::RecordPeriod;
using spstress::test::NcWriter;
using spstress::test::TempDir;

namespace {

// Monthly parts of one record that starts in January 2001, on a 2 x 3 grid (lat -5, 5; lon 0,
// 10, 20). The value of global month g (0 = 2001-01) at file indices (j, i) is 100 g + 10 j + i,
// so north-up row r (file j = 1 - r), column c holds 100 g + 10 (1 - r) + c.
struct Part {
  int first_month_index = 0;  // global month of the part's first step
  int n_months = 12;
  std::string time_units = "days since 2001-01-01";
  double seconds_per_unit = 86400.0;
  double reference_day = 0;  // noleap day of the record (from 2001-01-01) of the units' reference
  std::string calendar = "noleap";
  std::string units = "degC";
  std::vector<double> lon{0, 10, 20};
};

// Day from 2001-01-01 of the first of global month g in the noleap calendar, by hand: 365-day
// years and these month starts.
double noleap_day(int g) {
  static const int month_start[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
  return 365.0 * (g / 12) + month_start[g % 12];
}

void write_part(const std::string& path, const Part& p) {
  NcWriter w(path);
  const int dt = w.dim("time", NC_UNLIMITED);
  const int dy = w.dim("lat", 2);
  const int dx = w.dim("lon", p.lon.size());
  const int time = w.var("time", NC_DOUBLE, {dt});
  w.text(time, "units", p.time_units);
  w.text(time, "calendar", p.calendar);
  const int lat = w.var("lat", NC_DOUBLE, {dy});
  w.text(lat, "units", "degrees_north");
  const int lon = w.var("lon", NC_DOUBLE, {dx});
  w.text(lon, "units", "degrees_east");
  const int tas = w.var("tas", NC_FLOAT, {dt, dy, dx});
  w.text(tas, "units", p.units);
  w.end_define();
  std::vector<double> t, v;
  for (int k = 0; k < p.n_months; ++k) {
    const int g = p.first_month_index + k;
    t.push_back((noleap_day(g) - p.reference_day) * 86400.0 / p.seconds_per_unit);
    for (int j = 0; j < 2; ++j)
      for (std::size_t i = 0; i < p.lon.size(); ++i)
        v.push_back(100.0 * g + 10.0 * j + static_cast<double>(i));
  }
  const auto n = static_cast<std::size_t>(p.n_months);
  w.put(time, {n}, t);
  w.put(lat, {-5, 5});
  w.put(lon, p.lon);
  w.put(tas, {n, 2, p.lon.size()}, v);
  w.close();
}

double expected_value(int g, int row, int col) { return 100.0 * g + 10.0 * (1 - row) + col; }

const std::string prefix = "gfdl-esm4_r1i1p1f1_w5e5_ssp126_tas_global_monthly_";

// The three parts 2001, 2002-2003, 2004, written out of order; the second part counts days
// from its own year and the third hours from its own year, so each is decoded independently.
struct ThreeParts {
  TempDir dir;
  std::string a = dir.file(prefix + "2001_2001.nc");
  std::string b = dir.file(prefix + "2002_2003.nc");
  std::string c = dir.file(prefix + "2004_2004.nc");
  std::string pattern = dir.file(prefix + "*.nc");

  ThreeParts() {
    Part pc;
    pc.first_month_index = 36;
    pc.time_units = "hours since 2004-01-01 00:00:00";
    pc.seconds_per_unit = 3600.0;
    pc.reference_day = 3 * 365.0;
    write_part(c, pc);
    write_part(a, Part{});
    Part pb;
    pb.first_month_index = 12;
    pb.n_months = 24;
    pb.time_units = "days since 2002-01-01";
    pb.reference_day = 365.0;
    write_part(b, pb);
  }
};

void touch(const std::string& path) { std::ofstream(path) << ""; }

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

bool same_period(const RecordPeriod& p, int y0, int m0, int d0, int y1, int m1, int d1) {
  return p.first_year == y0 && p.first_month == m0 && p.first_day == d0 && p.last_year == y1 &&
         p.last_month == m1 && p.last_day == d1;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(test_record)

BOOST_AUTO_TEST_CASE(isimip_names_cover_whole_years) {
  const auto p =
      parse_record_period("gfdl-esm4_r1i1p1f1_w5e5_ssp126_tas_global_daily_2015_2020.nc");
  BOOST_REQUIRE(p.has_value());
  BOOST_TEST(same_period(*p, 2015, 1, 1, 2020, 12, 31));
  // A folder part is ignored, even one with digits and underscores.
  const auto q =
      parse_record_period("/data/isimip_1901_2020/gswp3-w5e5_obsclim_pr_global_daily_1901_1910.nc");
  BOOST_REQUIRE(q.has_value());
  BOOST_TEST(same_period(*q, 1901, 1, 1, 1910, 12, 31));
}

BOOST_AUTO_TEST_CASE(cmip6_names_give_days_months_or_years) {
  const auto d = parse_record_period("tas_day_GFDL-ESM4_ssp585_r1i1p1f1_gr1_20150101-20341231.nc");
  BOOST_REQUIRE(d.has_value());
  BOOST_TEST(same_period(*d, 2015, 1, 1, 2034, 12, 31));
  // Monthly stamps end on the month's last (Gregorian) day: 2015 is not a leap year, 2016 is.
  const auto m =
      parse_record_period("tas_Amon_MPI-ESM1-2-HR_historical_r1i1p1f1_gn_185001-185412.nc");
  BOOST_REQUIRE(m.has_value());
  BOOST_TEST(same_period(*m, 1850, 1, 1, 1854, 12, 31));
  const auto feb = parse_record_period("tas_Amon_X_ssp585_r1i1p1f1_gn_201501-201502.nc");
  BOOST_REQUIRE(feb.has_value());
  BOOST_TEST(same_period(*feb, 2015, 1, 1, 2015, 2, 28));
  const auto leap = parse_record_period("tas_Amon_X_ssp585_r1i1p1f1_gn_201601-201602.nc");
  BOOST_REQUIRE(leap.has_value());
  BOOST_TEST(same_period(*leap, 2016, 1, 1, 2016, 2, 29));
  const auto y = parse_record_period("tas_Ayr_X_ssp585_r1i1p1f1_gn_2015-2100.nc");
  BOOST_REQUIRE(y.has_value());
  BOOST_TEST(same_period(*y, 2015, 1, 1, 2100, 12, 31));
  // 360_day models end their years on 30 December.
  const auto h = parse_record_period("tas_day_UKESM1-0-LL_ssp585_r1i1p1f2_gn_20150101-20491230.nc");
  BOOST_REQUIRE(h.has_value());
  BOOST_TEST(same_period(*h, 2015, 1, 1, 2049, 12, 30));
  // Sub-daily stamps keep their days.
  const auto s = parse_record_period("tas_3hr_X_ssp585_r1i1p1f1_gn_201501010130-201512312230.nc");
  BOOST_REQUIRE(s.has_value());
  BOOST_TEST(same_period(*s, 2015, 1, 1, 2015, 12, 31));
}

BOOST_AUTO_TEST_CASE(names_without_a_period_give_none) {
  BOOST_TEST(!parse_record_period("orog_fx_GFDL-ESM4_historical_r1i1p1f1_gr1.nc").has_value());
  BOOST_TEST(!parse_record_period("tas_global_daily_2015_2020.tif").has_value());
  BOOST_TEST(!parse_record_period("tas_20150101-201512.nc").has_value());         // unequal stamps
  BOOST_TEST(!parse_record_period("tas_global_daily_2020_2015.nc").has_value());  // reversed
  BOOST_TEST(!parse_record_period("tas_20151301-20151231.nc").has_value());       // month 13
  BOOST_TEST(!parse_record_period("tas_Amon_X_185001-201412-clim.nc").has_value());
  BOOST_TEST(!parse_record_period("2015_2020.nc").has_value());  // no '_' before the period
}

BOOST_AUTO_TEST_CASE(a_pattern_without_wildcards_is_returned_unchanged) {
  const std::vector<std::string> files = expand_record("/nowhere/tas_2015_2020.nc");
  BOOST_TEST(files == std::vector<std::string>{"/nowhere/tas_2015_2020.nc"});
}

BOOST_AUTO_TEST_CASE(expansion_orders_files_by_period_not_by_name, *boost::unit_test::label("io")) {
  TempDir dir;
  // Alphabetical order (a, b, c) differs from period order (c, a, b); 360_day years end on
  // 30 December, and the next file starts on 1 January: continuous.
  touch(dir.file("b_tas_day_X_20500101-21001230.nc"));
  touch(dir.file("c_tas_day_X_19500101-20141230.nc"));
  touch(dir.file("a_tas_day_X_20150101-20491230.nc"));
  touch(dir.file("a_tas_day_X_20150101-20491230.txt"));  // does not match the pattern
  const std::vector<std::string> files = expand_record(dir.file("*_tas_day_X_*.nc"));
  const std::vector<std::string> expected{dir.file("c_tas_day_X_19500101-20141230.nc"),
                                          dir.file("a_tas_day_X_20150101-20491230.nc"),
                                          dir.file("b_tas_day_X_20500101-21001230.nc")};
  BOOST_TEST(files == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(expansion_accepts_consecutive_cmip6_months, *boost::unit_test::label("io")) {
  TempDir dir;
  touch(dir.file("tas_Amon_X_190001-194902.nc"));  // ends 28 February 1949
  touch(dir.file("tas_Amon_X_194903-201412.nc"));
  const std::vector<std::string> files =
      expand_record(dir.file("tas_Amon_X_??????"
                             "-??????.nc"));
  BOOST_TEST(files.size() == 2u);
}

BOOST_AUTO_TEST_CASE(record_reads_parts_in_period_order, *boost::unit_test::label("io")) {
  ThreeParts parts;
  BOOST_TEST(expand_record(parts.pattern) == (std::vector<std::string>{parts.a, parts.b, parts.c}),
             boost::test_tools::per_element());

  const std::unique_ptr<HazardField> f = open_record(parts.pattern, "");
  const auto* rec = dynamic_cast<const RecordField*>(f.get());
  BOOST_REQUIRE(rec != nullptr);
  BOOST_TEST(f->path() == parts.pattern);
  BOOST_TEST(f->variable() == "tas");
  BOOST_TEST(f->units() == "degC");
  BOOST_TEST(f->grid().ncells() == 6u);
  BOOST_TEST(f->n_times() == 48u);  // 12 + 24 + 12 months
  BOOST_TEST(rec->part_offsets() == (std::vector<std::size_t>{0, 12, 36, 48}),
             boost::test_tools::per_element());
  BOOST_TEST(f->time().units == "days since 2001-01-01");  // the first part's
  BOOST_TEST((f->time().calendar == spstress::hazards::Calendar::NoLeap));

  const std::vector<DateTime>& dates = f->time().dates;
  BOOST_REQUIRE(dates.size() == 48u);
  BOOST_TEST((dates[11] == DateTime{2001, 12, 1, 0}));
  BOOST_TEST((dates[12] == DateTime{2002, 1, 1, 0}));  // day 0 of the second part's units
  BOOST_TEST((dates[35] == DateTime{2003, 12, 1, 0}));
  BOOST_TEST((dates[36] == DateTime{2004, 1, 1, 0}));  // hour 0 of the third part's units
  BOOST_TEST((dates[47] == DateTime{2004, 12, 1, 0}));
}

BOOST_AUTO_TEST_CASE(blocks_span_file_boundaries, *boost::unit_test::label("io")) {
  ThreeParts parts;
  const std::unique_ptr<HazardField> f = open_record(parts.pattern, "tas");
  // Values are small integers stored as floats, so they come back exact.
  const Eigen::MatrixXd all = f->read_block(5, 40);  // months 5..44: all three files
  BOOST_REQUIRE(all.rows() == 6);
  BOOST_REQUIRE(all.cols() == 40);
  for (int k = 0; k < 40; ++k)
    for (int r = 0; r < 2; ++r)
      for (int c = 0; c < 3; ++c) BOOST_TEST(all(r * 3 + c, k) == expected_value(5 + k, r, c));

  // Steps 10..13 equal the last two of the first file followed by the first two of the second.
  const Eigen::MatrixXd block = f->read_block(10, 4);
  Eigen::MatrixXd joined(6, 4);
  joined << NetcdfField(parts.a, "tas").read_block(10, 2),
      NetcdfField(parts.b, "tas").read_block(0, 2);
  BOOST_TEST((block == joined));

  // Going back to an earlier file after reading a later one.
  const Eigen::MatrixXd late = f->read_block(46, 2);
  BOOST_TEST(late(0, 1) == expected_value(47, 0, 0));
  const Eigen::MatrixXd early = f->read_block(0, 1);
  BOOST_TEST(early(5, 0) == expected_value(0, 1, 2));
  BOOST_TEST(f->read_block(48, 0).cols() == 0);
}

BOOST_AUTO_TEST_CASE(a_single_match_opens_as_a_plain_field, *boost::unit_test::label("io")) {
  TempDir dir;
  write_part(dir.file(prefix + "2001_2001.nc"), Part{});
  const std::unique_ptr<HazardField> f = open_record(dir.file(prefix + "*.nc"), "tas");
  BOOST_TEST(dynamic_cast<const NetcdfField*>(f.get()) != nullptr);
  BOOST_TEST(f->path() == dir.file(prefix + "2001_2001.nc"));
  BOOST_TEST(f->n_times() == 12u);
}

BOOST_AUTO_TEST_CASE(rejects_a_pattern_matching_nothing, *boost::unit_test::label("io")) {
  TempDir dir;
  touch(dir.file("pr_global_daily_2001_2001.nc"));
  const std::string pattern = dir.file("tas_*.nc");
  BOOST_CHECK_EXCEPTION(expand_record(pattern), InputError, [&](const InputError& e) {
    return std::string(e.what()) == "no file matches " + pattern;
  });
}

BOOST_AUTO_TEST_CASE(rejects_wildcards_in_the_folder) {
  BOOST_CHECK_EXCEPTION(expand_record("/data/ssp*/tas_*.nc"), InputError, [](const InputError& e) {
    return contains(e.what(), "wildcards are allowed in the file name only") &&
           contains(e.what(), "/data/ssp*");
  });
}

BOOST_AUTO_TEST_CASE(rejects_a_matched_name_without_a_period, *boost::unit_test::label("io")) {
  TempDir dir;
  touch(dir.file("tas_global_daily_2001_2001.nc"));
  touch(dir.file("tas_global_daily_final.nc"));
  BOOST_CHECK_EXCEPTION(expand_record(dir.file("tas_*.nc")), InputError, [&](const InputError& e) {
    const std::string m = e.what();
    return m.rfind(dir.file("tas_global_daily_final.nc") + " (matched by ", 0) == 0 &&
           contains(m, "the name has no period");
  });
}

BOOST_AUTO_TEST_CASE(rejects_overlapping_periods, *boost::unit_test::label("io")) {
  TempDir dir;
  touch(dir.file("tas_2001_2002.nc"));
  touch(dir.file("tas_2002_2003.nc"));
  BOOST_CHECK_EXCEPTION(expand_record(dir.file("tas_*.nc")), InputError, [&](const InputError& e) {
    const std::string m = e.what();
    return contains(m, dir.file("tas_2001_2002.nc") + " (2001-01-01..2002-12-31) and " +
                           dir.file("tas_2002_2003.nc") + " (2002-01-01..2003-12-31) overlap");
  });
}

BOOST_AUTO_TEST_CASE(rejects_a_gap_between_periods, *boost::unit_test::label("io")) {
  TempDir dir;
  touch(dir.file("tas_2001_2001.nc"));
  touch(dir.file("tas_2003_2003.nc"));
  BOOST_CHECK_EXCEPTION(expand_record(dir.file("tas_*.nc")), InputError, [&](const InputError& e) {
    const std::string m = e.what();
    return contains(m, "gap between " + dir.file("tas_2001_2001.nc")) &&
           contains(m, dir.file("tas_2003_2003.nc")) &&
           contains(m, "no file covers the days after 2001-12-31 and before 2003-01-01");
  });
  // A month missing inside daily CMIP6 files is a gap too (January ends on the 31st).
  TempDir dir2;
  touch(dir2.file("tas_day_X_20150101-20150131.nc"));
  touch(dir2.file("tas_day_X_20150301-20151231.nc"));
  BOOST_CHECK_EXCEPTION(expand_record(dir2.file("tas_day_*.nc")), InputError,
                        [](const InputError& e) {
                          return contains(e.what(), "after 2015-01-31 and before 2015-03-01");
                        });
  // A day short of a month's end is a gap: 30 January is not the end of January.
  TempDir dir3;
  touch(dir3.file("tas_day_X_20150101-20150129.nc"));
  touch(dir3.file("tas_day_X_20150201-20151231.nc"));
  BOOST_CHECK_EXCEPTION(expand_record(dir3.file("tas_day_*.nc")), InputError,
                        [](const InputError& e) {
                          return contains(e.what(), "after 2015-01-29 and before 2015-02-01");
                        });
}

namespace {

// Two parts 2001 and 2002 where the second is changed by `change`; returns the error message
// of opening the record, or "" if it opened.
template <typename Change>
std::string open_two(TempDir& dir, Change change) {
  write_part(dir.file("tas_2001_2001.nc"), Part{});
  Part b;
  b.first_month_index = 12;
  b.time_units = "days since 2002-01-01";
  b.reference_day = 365.0;
  change(b);
  write_part(dir.file("tas_2002_2002.nc"), b);
  try {
    open_record(dir.file("tas_*.nc"), "tas");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

BOOST_AUTO_TEST_CASE(rejects_parts_on_different_grids, *boost::unit_test::label("io")) {
  TempDir dir;
  const std::string m = open_two(dir, [](Part& b) { b.lon = {0, 10, 20.001}; });
  BOOST_TEST(contains(m, dir.file("tas_2002_2002.nc") + ": grid ("));
  BOOST_TEST(contains(m, "differs from the grid of " + dir.file("tas_2001_2001.nc")));
}

BOOST_AUTO_TEST_CASE(rejects_parts_with_different_units, *boost::unit_test::label("io")) {
  TempDir dir;
  const std::string m = open_two(dir, [](Part& b) { b.units = "K"; });
  BOOST_TEST(m == dir.file("tas_2002_2002.nc") + ": variable 'tas' has units \"K\"; expected " +
                      "\"degC\" as in " + dir.file("tas_2001_2001.nc"));
}

BOOST_AUTO_TEST_CASE(rejects_parts_with_different_calendars, *boost::unit_test::label("io")) {
  TempDir dir;
  // Two all_leap months whose dates (2002-01-01, 2002-02-01) are valid and follow the first
  // part's: only the calendar differs.
  const std::string m = open_two(dir, [](Part& b) {
    b.calendar = "all_leap";
    b.n_months = 2;
  });
  BOOST_TEST(m == dir.file("tas_2002_2002.nc") + ": calendar all_leap; expected noleap as in " +
                      dir.file("tas_2001_2001.nc"));
}

BOOST_AUTO_TEST_CASE(rejects_dates_that_go_back_across_files, *boost::unit_test::label("io")) {
  TempDir dir;
  // The second file's name says 2002, but its steps count from 2001-06-01: its first date,
  // 2001-06-01, comes before the first file's last, 2001-12-01.
  const std::string m = open_two(dir, [](Part& b) {
    b.time_units = "days since 2001-06-01";
    b.reference_day = noleap_day(12);
  });
  BOOST_TEST(m == dir.file("tas_2001_2001.nc") + " ends at 2001-12-01 but " +
                      dir.file("tas_2002_2002.nc") +
                      " starts at 2001-06-01; expected the dates of the record " +
                      dir.file("tas_*.nc") + " to be strictly increasing across files");
}

BOOST_AUTO_TEST_CASE(rejects_a_part_without_a_time_axis, *boost::unit_test::label("io")) {
  TempDir dir;
  write_part(dir.file("tas_2001_2001.nc"), Part{});
  spstress::test::GridSpec s;
  s.order = {"lat", "lon"};
  spstress::test::write_grid(dir.file("tas_2002_2002.nc"), s);
  BOOST_CHECK_EXCEPTION(
      open_record(dir.file("tas_*.nc"), "tas"), InputError, [&](const InputError& e) {
        return std::string(e.what()).rfind(
                   dir.file("tas_2002_2002.nc") + ": variable 'tas' has no dated time axis", 0) ==
               0;
      });
}

BOOST_AUTO_TEST_SUITE_END()

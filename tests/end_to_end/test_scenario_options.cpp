// Scenario options around the hazards: humidity fields for heat, sector exposure rasters for
// damage, the migrant adjustment. Each is checked against an equivalent run or a hand value.

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include <gdal.h>
#include <netcdf.h>
#include <boost/test/unit_test.hpp>

#include "spstress/core/error.hpp"
#include "spstress/scenarios/pipeline.hpp"
#include "spstress/scenarios/province_table.hpp"
#include "spstress/scenarios/results.hpp"
#include "spstress/scenarios/scenario.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using namespace spstress::scenarios;
using spstress::test::TempDir;

namespace {

fs::path data_dir() { return fs::path(default_scenario_path()).parent_path().parent_path(); }

RunOptions no_cache() {
  RunOptions o;
  o.weights_cache_dir = "";
  return o;
}

std::map<std::string, double> totals(const RunResults& r, const std::string& metric) {
  std::map<std::string, double> out;
  for (const auto& reg : r.regions) out[reg.code] = reg.metrics.at(metric).p50;
  return out;
}

void nc(int status) { BOOST_REQUIRE_MESSAGE(status == NC_NOERR, nc_strerror(status)); }

int days_in(int year, int month) {
  static constexpr int len[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return len[month - 1] + (month == 2 && leap ? 1 : 0);
}

/// A CF field on a regular 1-degree grid (cell centres lat0.., lon0..), one value per time
/// step in every cell, at `times` in `time_units`.
void write_uniform_field(const fs::path& path, const std::string& var, const std::string& units,
                         const std::string& time_units, const std::vector<double>& times,
                         double lat0, std::size_t nlat, double lon0, std::size_t nlon,
                         const std::vector<double>& by_step) {
  int id, dt, dy, dx, vt, vy, vx, vv;
  nc(nc_create(path.c_str(), NC_CLOBBER | NC_NETCDF4, &id));
  nc(nc_def_dim(id, "time", times.size(), &dt));
  nc(nc_def_dim(id, "lat", nlat, &dy));
  nc(nc_def_dim(id, "lon", nlon, &dx));
  nc(nc_def_var(id, "time", NC_DOUBLE, 1, &dt, &vt));
  nc(nc_put_att_text(id, vt, "units", time_units.size(), time_units.c_str()));
  nc(nc_put_att_text(id, vt, "calendar", 8, "standard"));
  nc(nc_def_var(id, "lat", NC_DOUBLE, 1, &dy, &vy));
  nc(nc_put_att_text(id, vy, "units", 13, "degrees_north"));
  nc(nc_def_var(id, "lon", NC_DOUBLE, 1, &dx, &vx));
  nc(nc_put_att_text(id, vx, "units", 12, "degrees_east"));
  const int dims[3] = {dt, dy, dx};
  nc(nc_def_var(id, var.c_str(), NC_DOUBLE, 3, dims, &vv));
  nc(nc_put_att_text(id, vv, "units", units.size(), units.c_str()));
  nc(nc_enddef(id));
  std::vector<double> lat(nlat), lon(nlon), v(times.size() * nlat * nlon);
  for (std::size_t i = 0; i < nlat; ++i) lat[i] = lat0 + static_cast<double>(i);
  for (std::size_t i = 0; i < nlon; ++i) lon[i] = lon0 + static_cast<double>(i);
  for (std::size_t k = 0; k < times.size(); ++k)
    for (std::size_t c = 0; c < nlat * nlon; ++c) v[k * nlat * nlon + c] = by_step[k];
  nc(nc_put_var_double(id, vt, times.data()));
  nc(nc_put_var_double(id, vy, lat.data()));
  nc(nc_put_var_double(id, vx, lon.data()));
  nc(nc_put_var_double(id, vv, v.data()));
  nc(nc_close(id));
}

/// A daily field over Chongqing's box (104.5-110.5E, 27.5-32.5N, 1 degree) from 1 July 2021,
/// value(day) the same in every cell.
void write_daily(const fs::path& path, const std::string& var, const std::string& units,
                 const std::vector<double>& by_day) {
  std::vector<double> t(by_day.size());
  for (std::size_t d = 0; d < t.size(); ++d) t[d] = static_cast<double>(d);
  write_uniform_field(path, var, units, "days since 2021-07-01 00:00", t, 28.0, 5, 105.0, 6,
                      by_day);
}

/// A monthly field on 1-degree cells over all of China (73.5-134.5E, 18.5-53.5N), one step per
/// month from `first_month` of 2022 (mid-month), value(step) in every cell.
void write_monthly_china(const fs::path& path, const std::string& var, const std::string& units,
                         int first_month, const std::vector<double>& by_step) {
  std::vector<double> t;
  double day = 0.0;
  for (int m = 1; m < first_month + static_cast<int>(by_step.size()); ++m) {
    if (m >= first_month) t.push_back(day + 14.0);
    day += days_in(2022, m);
  }
  write_uniform_field(path, var, units, "days since 2022-01-01 00:00", t, 18.5, 36, 73.5, 62,
                      by_step);
}

/// Monthly values from January 1991 on the same grid, mid-month steps.
void write_monthly_china_1991(const fs::path& path, const std::string& var,
                              const std::string& units, const std::vector<double>& by_step) {
  std::vector<double> t;
  double day = 0.0;
  for (std::size_t k = 0; k < by_step.size(); ++k) {
    t.push_back(day + 14.0);
    day += days_in(1991 + static_cast<int>(k / 12), static_cast<int>(k % 12) + 1);
  }
  write_uniform_field(path, var, units, "days since 1991-01-01 00:00", t, 18.5, 36, 73.5, 62,
                      by_step);
}

/// A heat scenario for Chongqing on the test's temperature file, `humidity` inserted as given
/// ("" = the constant 60 %).
fs::path heat_scenario(const fs::path& dir, const fs::path& tas, const std::string& humidity) {
  const fs::path d = data_dir();
  const fs::path p = dir / ("heat" + std::to_string(std::hash<std::string>{}(humidity)) + ".json");
  std::ofstream(p) << R"({
  "name": "heat-humidity-test", "horizon_months": 3,
  "regions": {"file": ")"
                   << (d / "regions/china_provinces_mainland.geojson").string()
                   << R"(", "where": "code = 'CN-CQ'"},
  "exposure": {"file": ")"
                   << (d / "exposure/gpw_v4_population_count_rev11_2000_15_min_china.tif").string()
                   << R"("},
  "province_table": ")"
                   << (d / "statistics/province_inputs.csv").string() << R"(",
  "sectors": ")" << (d / "parameters/sectors.csv").string()
                   << R"(",
  "hazard": {"type": "heat", "file": ")"
                   << tas.string() << R"(",
    "anomaly": {"months": [7], "delta_deg_c": 3.0}, "relative_humidity_pct": 60.0)"
                   << (humidity.empty() ? "" : ", \"humidity\": " + humidity) << R"(}
})";
  return p;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(test_scenario_options)

BOOST_AUTO_TEST_CASE(humidity_fields_equal_to_the_constant_reproduce_its_hours,
                     *boost::unit_test::label("io")) {
  // Temperature 27.0 + 0.2 d degC on day d. The constant-RH run uses 60 %; the fields below hold
  // that same humidity as relative humidity, as dew point and as specific humidity, worked out
  // here from the Magnus curves (6.105 exp(17.27 T / (237.7 + T)) for saturation,
  // 6.112 exp(17.67 Td / (Td + 243.5)) for dew point) and q = 0.622 e / (p − 0.378 e).
  TempDir t;
  std::vector<double> tas, rh, td, q;
  const double p_hpa = 1013.25;
  for (int d = 0; d < 31; ++d) {
    const double ta = 27.0 + 0.2 * d;
    const double e = 0.6 * 6.105 * std::exp(17.27 * ta / (237.7 + ta));
    const double g = std::log(e / 6.112);
    tas.push_back(ta);
    rh.push_back(60.0);
    td.push_back(243.5 * g / (17.67 - g));
    q.push_back(0.622 * e / (p_hpa - 0.378 * e));
  }
  write_daily(t.path() / "tas.nc", "tas", "degC", tas);
  write_daily(t.path() / "hurs.nc", "hurs", "%", rh);
  write_daily(t.path() / "tdps.nc", "tdps", "degC", td);
  write_daily(t.path() / "huss.nc", "huss", "kg kg-1", q);
  const auto base =
      totals(run_scenario(load_scenario(heat_scenario(t.path(), t.path() / "tas.nc", "").string()),
                          no_cache()),
             "hours_lost");
  BOOST_REQUIRE(base.at("CN-CQ") > 0.0);
  for (const auto& [kind, file, var] :
       std::vector<std::array<std::string, 3>>{{"relative_humidity", "hurs.nc", "hurs"},
                                               {"dew_point", "tdps.nc", "tdps"},
                                               {"specific_humidity", "huss.nc", "huss"}}) {
    const std::string h = R"({"kind": ")" + kind + R"(", "file": ")" + (t.path() / file).string() +
                          R"(", "variable": ")" + var + "\"}";
    const auto hours =
        totals(run_scenario(load_scenario(heat_scenario(t.path(), t.path() / "tas.nc", h).string()),
                            no_cache()),
               "hours_lost");
    // 1e-9: the conversions are exact inverses up to rounding; a wrong constant or a Pa/hPa
    // slip moves the hours by whole percent.
    BOOST_TEST(hours.at("CN-CQ") == base.at("CN-CQ"), boost::test_tools::tolerance(1e-9));
  }
}

BOOST_AUTO_TEST_CASE(a_maximum_temperature_field_replaces_the_diurnal_range,
                     *boost::unit_test::label("io")) {
  // Tmax = Tmean + 5 degC in the field (written in K) is what the default 10 degC diurnal range
  // assumes, so the hours are the same; a maximum below the mean is refused.
  TempDir t;
  std::vector<double> tas, plus5, plus8, below;
  for (int d = 0; d < 31; ++d) {
    tas.push_back(27.0 + 0.2 * d);
    plus5.push_back(tas.back() + 5.0);
    plus8.push_back(tas.back() + 8.0);
    below.push_back(tas.back() - 2.0);
  }
  write_daily(t.path() / "tas.nc", "tas", "degC", tas);
  write_daily(t.path() / "max5.nc", "tasmax", "K", [&] {
    std::vector<double> k;
    for (double x : plus5) k.push_back(x + 273.15);
    return k;
  }());
  write_daily(t.path() / "max8.nc", "tasmax", "degC", plus8);
  write_daily(t.path() / "below.nc", "tasmax", "degC", below);
  const auto hours = [&](const std::string& block) {
    const fs::path p = heat_scenario(t.path(), t.path() / "tas.nc", "");
    std::string text;
    {
      std::ifstream in(p);
      text.assign(std::istreambuf_iterator<char>(in), {});
    }
    if (!block.empty()) {
      const std::string key = "\"relative_humidity_pct\": 60.0";
      text.replace(text.find(key), key.size(), key + ", \"tasmax\": " + block);
    }
    std::ofstream(p) << text;
    return totals(run_scenario(load_scenario(p.string()), no_cache()), "hours_lost").at("CN-CQ");
  };
  const auto block = [&](const char* file) {
    return std::string(R"({"file": ")") + (t.path() / file).string() +
           R"(", "variable": "tasmax"})";
  };
  const double base = hours("");
  BOOST_TEST(hours(block("max5.nc")) == base, boost::test_tools::tolerance(1e-9));
  // The field wins over the range: Tmax = Tmean + 8 matches a 16 degC range, not the 10.
  const double range16 = [&] {
    const fs::path p = heat_scenario(t.path(), t.path() / "tas.nc", "");
    std::string text;
    {
      std::ifstream in(p);
      text.assign(std::istreambuf_iterator<char>(in), {});
    }
    const std::string key = "\"relative_humidity_pct\": 60.0";
    text.replace(text.find(key), key.size(), key + ", \"diurnal_range_deg_c\": 16.0");
    std::ofstream(p) << text;
    return totals(run_scenario(load_scenario(p.string()), no_cache()), "hours_lost").at("CN-CQ");
  }();
  BOOST_TEST(range16 != base);
  BOOST_TEST(hours(block("max8.nc")) == range16, boost::test_tools::tolerance(1e-9));
  BOOST_CHECK_EXCEPTION(hours(block("below.nc")), spstress::InputError,
                        [](const spstress::InputError& e) {
                          return std::string(e.what()).find(
                                     "below.nc: variable tasmax: region "
                                     "CN-CQ at 2021-07-01") != std::string::npos;
                        });
}

BOOST_AUTO_TEST_CASE(a_daily_field_covering_part_of_a_month_counts_only_its_days,
                     *boost::unit_test::label("io")) {
  // The same hot day repeated: 16 days of July give 16/31 of the hours of all 31.
  TempDir t;
  write_daily(t.path() / "full.nc", "tas", "degC", std::vector<double>(31, 31.0));
  write_daily(t.path() / "half.nc", "tas", "degC", std::vector<double>(16, 31.0));
  const auto hours = [&](const char* file) {
    return totals(run_scenario(load_scenario(heat_scenario(t.path(), t.path() / file, "").string()),
                               no_cache()),
                  "hours_lost")
        .at("CN-CQ");
  };
  const double full = hours("full.nc");
  BOOST_REQUIRE(full > 0.0);
  BOOST_TEST(hours("half.nc") == full * 16.0 / 31.0, boost::test_tools::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(relative_humidity_above_100_stops_the_run_naming_the_file,
                     *boost::unit_test::label("io")) {
  TempDir t;
  std::vector<double> tas(31, 30.0), rh(31, 60.0);
  rh[12] = 120.0;
  write_daily(t.path() / "tas.nc", "tas", "degC", tas);
  write_daily(t.path() / "hurs.nc", "hurs", "%", rh);
  const std::string h = R"({"kind": "relative_humidity", "file": ")" +
                        (t.path() / "hurs.nc").string() + R"(", "variable": "hurs"})";
  const auto s = load_scenario(heat_scenario(t.path(), t.path() / "tas.nc", h).string());
  BOOST_CHECK_EXCEPTION(
      run_scenario(s, no_cache()), spstress::InputError, [](const spstress::InputError& e) {
        const std::string m = e.what();
        return m.find("hurs.nc: variable hurs at 2021-07-13") != std::string::npos &&
               m.find("120") != std::string::npos;
      });
}

BOOST_AUTO_TEST_CASE(sector_exposure_rasters_replace_population_for_their_sector,
                     *boost::unit_test::label("io")) {
  TempDir t;
  const fs::path flood =
      fs::path(default_scenario_path()).parent_path() / "flood-yangtze-synthetic.json";
  const Scenario base = load_scenario(flood.string());
  const auto jobs = totals(run_scenario(base, no_cache()), "jobs_lost");
  // Every section on the population raster itself: the same run.
  Scenario same = base;
  for (char c = 'A'; c <= 'S'; ++c) same.sector_exposure_files[c] = base.exposure_file;
  const auto jobs_same = totals(run_scenario(same, no_cache()), "jobs_lost");
  for (const auto& [code, v] : jobs)
    BOOST_TEST(jobs_same.at(code) == v, boost::test_tools::tolerance(1e-12));
  // Manufacturing placed only west of 105E (outside the depth grid of 110-120E): it takes no
  // flood damage, so Hubei loses fewer jobs, by the manufacturing share of its losses.
  const fs::path west = t.path() / "west.tif";
  {
    GDALAllRegister();
    GDALDatasetH src = GDALOpen(base.exposure_file.c_str(), GA_ReadOnly);
    BOOST_REQUIRE(src);
    GDALDatasetH dst = GDALCreateCopy(GDALGetDriverByName("GTiff"), west.c_str(), src, FALSE,
                                      nullptr, nullptr, nullptr);
    GDALClose(src);
    double gt[6];
    GDALGetGeoTransform(dst, gt);
    const int nx = GDALGetRasterXSize(dst), ny = GDALGetRasterYSize(dst);
    std::vector<float> v(static_cast<std::size_t>(nx) * static_cast<std::size_t>(ny));
    GDALRasterBandH b = GDALGetRasterBand(dst, 1);
    BOOST_REQUIRE(GDALRasterIO(b, GF_Read, 0, 0, nx, ny, v.data(), nx, ny, GDT_Float32, 0, 0) ==
                  CE_None);
    for (int y = 0; y < ny; ++y)
      for (int x = 0; x < nx; ++x)
        if (gt[0] + (x + 0.5) * gt[1] > 105.0) v[static_cast<std::size_t>(y * nx + x)] = 0.0f;
    BOOST_REQUIRE(GDALRasterIO(b, GF_Write, 0, 0, nx, ny, v.data(), nx, ny, GDT_Float32, 0, 0) ==
                  CE_None);
    GDALClose(dst);
  }
  Scenario moved = base;
  moved.sector_exposure_files['C'] = west.string();
  const auto jobs_moved = totals(run_scenario(moved, no_cache()), "jobs_lost");
  BOOST_TEST(jobs_moved.at("CN-HB") < jobs.at("CN-HB"));
  BOOST_TEST(jobs_moved.at("CN-HB") > 0.0);
}

BOOST_AUTO_TEST_CASE(migrants_without_insurance_remove_insured_separations,
                     *boost::unit_test::label("io")) {
  // All separated workers migrants and no migrant insured: c' = min(c, 0) = 0 in every sector,
  // so no separation reaches UI; the job losses themselves do not change.
  const fs::path tc =
      fs::path(default_scenario_path()).parent_path() / "typhoon-mangkhut-2018.json";
  const Scenario base = load_scenario(tc.string());
  Scenario mig = base;
  mig.labour.migrant_separated_share = 1.0;
  mig.labour.migrant_insured_share = 0.0;
  const auto r0 = run_scenario(base, no_cache());
  const auto r1 = run_scenario(mig, no_cache());
  BOOST_TEST(totals(r0, "ui_new_claims").at("CN-GD") > 0.0);
  BOOST_TEST(totals(r1, "ui_new_claims").at("CN-GD") == 0.0);
  BOOST_TEST(totals(r1, "jobs_lost").at("CN-GD") == totals(r0, "jobs_lost").at("CN-GD"),
             boost::test_tools::tolerance(1e-12));
}

/// An IO table over sections A..S with every flow `flow` and every output 1000.
fs::path io_table(const fs::path& dir, const std::string& name, double flow) {
  const std::string secs = "ABCDEFGHIJKLMNOPQRS";
  const fs::path p = dir / name;
  std::ofstream out(p);
  out << "sector";
  for (char c : secs) out << ',' << c;
  out << ",total_output\n";
  for (char r : secs) {
    out << r;
    for (std::size_t j = 0; j < secs.size(); ++j) out << ',' << flow;
    out << ",1000\n";
  }
  return p;
}

BOOST_AUTO_TEST_CASE(indirect_effects_add_hours_only_through_supply_links,
                     *boost::unit_test::label("io")) {
  TempDir t;
  const fs::path flood =
      fs::path(default_scenario_path()).parent_path() / "flood-yangtze-synthetic.json";
  const Scenario base = load_scenario(flood.string());
  const auto r0 = run_scenario(base, no_cache());
  // No inter-industry flows: each sector recovers on its own, at k = −ln(e^−3)/T_BI per day,
  // which never lies above the direct path Δ(0) e^(−3t/T_BI) ((1 − 3/T)^t <= e^(−3t/T)), so
  // nothing is added and every figure is the same.
  Scenario zero = base;
  zero.indirect.enabled = true;
  zero.indirect.io_table_file = io_table(t.path(), "zero.csv", 0.0).string();
  const auto r1 = run_scenario(zero, no_cache());
  for (const auto& m : headline_metrics()) {
    const auto a = totals(r0, m.name), b = totals(r1, m.name);
    for (const auto& [code, v] : a) {
      if (std::isnan(v)) continue;
      BOOST_TEST(b.at(code) == v, code << " " << m.name);
    }
  }
  // Every section buying 2 % of its output from every other: damaged suppliers idle their
  // customers, so hours and income rise in the flooded provinces; jobs lost (the direct
  // separations and stoppage) do not change, and dry provinces stay at zero.
  Scenario linked = base;
  linked.indirect.enabled = true;
  linked.indirect.io_table_file = io_table(t.path(), "linked.csv", 20.0).string();
  const auto r2 = run_scenario(linked, no_cache());
  BOOST_TEST(totals(r2, "hours_lost").at("CN-HB") > 1.2 * totals(r0, "hours_lost").at("CN-HB"));
  BOOST_TEST(totals(r2, "income_loss").at("CN-HB") > totals(r0, "income_loss").at("CN-HB"));
  BOOST_TEST(totals(r2, "jobs_lost").at("CN-HB") == totals(r0, "jobs_lost").at("CN-HB"));
  BOOST_TEST(totals(r2, "hours_lost").at("CN-BJ") == 0.0);
  // A table whose rows are out of order stops the run naming file, line and column.
  const fs::path bad = t.path() / "bad.csv";
  std::ofstream(bad) << "sector,A,C,total_output\nC,1,2,10\nA,1,2,10\n";
  Scenario broken = base;
  broken.indirect.enabled = true;
  broken.indirect.io_table_file = bad.string();
  BOOST_CHECK_EXCEPTION(
      run_scenario(broken, no_cache()), spstress::InputError, [](const spstress::InputError& e) {
        const std::string m = e.what();
        return m.find("bad.csv: line 2, column 1: got \"C\"; expected \"A\"") != std::string::npos;
      });
}

BOOST_AUTO_TEST_CASE(a_drought_index_read_from_file_gives_the_hand_farm_income_loss,
                     *boost::unit_test::label("io")) {
  // SPI = −2 everywhere in September 2022: YL = min(1, 0.1 × (−0.5 + 2)) = 0.15, and every
  // province loses 0.15 × 0.3 × agricultural workers × minimum wage × 12 of farm income.
  TempDir t;
  write_monthly_china(t.path() / "spi.nc", "spi3", "1", 9, {-2.0});
  Scenario s = load_scenario(
      (fs::path(default_scenario_path()).parent_path() / "drought-yangtze-synthetic.json")
          .string());
  s.drought.file = (t.path() / "spi.nc").string();
  s.drought.variable = "spi3";
  s.drought.input = "index";
  const auto r = run_scenario(s, no_cache());
  const auto table = ProvinceTable::read(s.province_table_file);
  for (const auto& [code, v] : totals(r, "income_loss")) {
    const double workers =
        table.value(code, "employed_total") *
        table.value(code, "employment_share_agriculture_forestry_animal_husbandry_fishery");
    BOOST_TEST_CONTEXT(code << ": " << v) {
      BOOST_TEST(v == 0.15 * 0.3 * workers * table.value(code, "min_wage_monthly_lowest") * 12.0,
                 boost::test_tools::tolerance(1e-9));
    }
  }
}

BOOST_AUTO_TEST_CASE(a_crop_table_gives_option_b_farm_income_with_the_operating_income_cap,
                     *boost::unit_test::label("io")) {
  // SPI = −2 everywhere: YL = 0.15. Hubei: one crop, 2,500 CNY/t × 6 t/ha × 1e6 ha × 0.15 =
  // 2.25e9 CNY of output, 1 − 0.5 × 0.6 = 0.7 of it uninsured: 1.575e9 CNY, far below the cap of
  // 0.3 × 18,000 CNY per rural person. Hunan: 1e9 ha (absurd on purpose) hits the cap, so its
  // loss is 0.3 × 16,000 CNY × its rural population.
  TempDir t;
  write_monthly_china(t.path() / "spi.nc", "spi3", "1", 9, {-2.0});
  const fs::path crops = t.path() / "crops.csv";
  std::ofstream(crops)
      << "region_code,crop,price_cny_per_t,potential_yield_t_per_ha,area_ha,beta_per_index_unit,"
         "insured_share,indemnity_share,rural_disposable_income_cny_per_person_year\n"
         "CN-HB,rice,2500,6,1000000,0.1,0.5,0.6,18000\n"
         "CN-HN,rice,2500,6,1000000000,0.1,0,0,16000\n";
  Scenario s = load_scenario(
      (fs::path(default_scenario_path()).parent_path() / "drought-yangtze-synthetic.json")
          .string());
  s.drought.file = (t.path() / "spi.nc").string();
  s.drought.variable = "spi3";
  s.drought.input = "index";
  s.drought.crops_file = crops.string();
  const auto loss = totals(run_scenario(s, no_cache()), "income_loss");
  const auto table = ProvinceTable::read(s.province_table_file);
  BOOST_TEST(loss.at("CN-HB") == 1.575e9, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(loss.at("CN-HN") == 0.3 * 16000.0 * table.value("CN-HN", "population_rural"),
             boost::test_tools::tolerance(1e-9));
  // Jiangxi has no rows: the farm earnings of its agricultural workers, as without a table.
  const double workers =
      table.value("CN-JX", "employed_total") *
      table.value("CN-JX", "employment_share_agriculture_forestry_animal_husbandry_fishery");
  BOOST_TEST(loss.at("CN-JX") ==
                 0.15 * 0.3 * workers * table.value("CN-JX", "min_wage_monthly_lowest") * 12.0,
             boost::test_tools::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(evapotranspiration_in_mm_mm_per_month_or_mm_per_day_gives_one_spei,
                     *boost::unit_test::label("io")) {
  // 60 mm in every month, written as an amount, as a rate per month and as a rate per day
  // (60 / days of the month): the water balance, and so every result, is the same.
  TempDir t;
  std::vector<double> mm(384, 60.0), per_day(384);
  for (std::size_t k = 0; k < 384; ++k)
    per_day[k] = 60.0 / days_in(1991 + static_cast<int>(k / 12), static_cast<int>(k % 12) + 1);
  write_monthly_china_1991(t.path() / "pet_mm.nc", "pet", "mm", mm);
  write_monthly_china_1991(t.path() / "pet_month.nc", "pet", "mm/month", mm);
  write_monthly_china_1991(t.path() / "pet_day.nc", "pet", "mm/day", per_day);
  Scenario s = load_scenario(
      (fs::path(default_scenario_path()).parent_path() / "drought-yangtze-synthetic.json")
          .string());
  s.drought.index = "spei";
  s.drought.pet_variable = "pet";
  const auto loss_with = [&](const char* file) {
    Scenario x = s;
    x.drought.pet_file = (t.path() / file).string();
    return totals(run_scenario(x, no_cache()), "income_loss");
  };
  const auto a = loss_with("pet_mm.nc");
  const auto b = loss_with("pet_month.nc");
  const auto c = loss_with("pet_day.nc");
  BOOST_TEST(a.at("CN-HB") > 0.0);
  for (const auto& [code, v] : a) {
    BOOST_TEST_CONTEXT(code) {
      BOOST_TEST(b.at(code) == v);
      BOOST_TEST(c.at(code) == v, boost::test_tools::tolerance(1e-9));
    }
  }
}

BOOST_AUTO_TEST_CASE(spei_needs_evapotranspiration_on_the_same_months,
                     *boost::unit_test::label("io")) {
  TempDir t;
  // Twelve months of 2022 only: too short a record to fit SPEI on 1991-2020, so the PET file's
  // months are checked first and named.
  write_monthly_china(t.path() / "pet.nc", "pet", "mm", 1, std::vector<double>(12, 50.0));
  Scenario s = load_scenario(
      (fs::path(default_scenario_path()).parent_path() / "drought-yangtze-synthetic.json")
          .string());
  s.drought.index = "spei";
  s.drought.pet_file = (t.path() / "pet.nc").string();
  s.drought.pet_variable = "pet";
  BOOST_CHECK_EXCEPTION(run_scenario(s, no_cache()), spstress::InputError,
                        [](const spstress::InputError& e) {
                          const std::string m = e.what();
                          return m.find(
                                     "pet.nc: variable pet: 12 time steps; expected the 384 "
                                     "months") != std::string::npos;
                        });
}

BOOST_AUTO_TEST_SUITE_END()

// The shipped scenario of each hazard type end to end, the compound rule, and bad hazard
// parameters through the spstress binary.

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <gdal.h>
#include <boost/test/unit_test.hpp>

#include "spstress/scenarios/pipeline.hpp"
#include "spstress/scenarios/province_table.hpp"
#include "spstress/scenarios/results.hpp"
#include "spstress/scenarios/scenario.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using namespace spstress::scenarios;
using spstress::test::run_command;
using spstress::test::shell_quote;
using spstress::test::spstress_binary;
using spstress::test::TempDir;

namespace {

fs::path scenario_dir() { return fs::path(default_scenario_path()).parent_path(); }

Scenario shipped(const std::string& name) {
  return load_scenario((scenario_dir() / (name + ".json")).string());
}

RunOptions quiet() {
  RunOptions o;
  o.weights_cache_dir = "";
  return o;
}

/// Total (p50 of one member) of a metric by region code.
std::map<std::string, double> totals(const RunResults& r, const std::string& metric) {
  std::map<std::string, double> out;
  for (const auto& reg : r.regions) out[reg.code] = reg.metrics.at(metric).p50;
  return out;
}

double sum(const std::map<std::string, double>& m) {
  double s = 0.0;
  for (const auto& [k, v] : m) s += v;
  return s;
}

void check_finite(const RunResults& r, const std::string& name) {
  BOOST_TEST_CONTEXT(name) {
    BOOST_TEST(!r.regions.empty());
    for (const auto& reg : r.regions) {
      for (const auto& m : headline_metrics()) {
        const double v = reg.metrics.at(m.name).p50;
        if (m.name == "ui_months_to_depletion") continue;  // NaN: the fund never runs down
        BOOST_TEST(std::isfinite(v), reg.code << " " << m.name << " = " << v);
        if (m.name != "ui_fund_end_balance") BOOST_TEST(v >= 0.0, reg.code << " " << m.name);
      }
    }
  }
}

const RunResults& cached(const std::string& name) {
  static std::map<std::string, RunResults> runs;
  auto it = runs.find(name);
  if (it == runs.end()) it = runs.emplace(name, run_scenario(shipped(name), quiet())).first;
  return it->second;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(test_hazard_scenarios)

BOOST_AUTO_TEST_CASE(every_shipped_hazard_scenario_runs_with_finite_results,
                     *boost::unit_test::label("io")) {
  for (const char* name :
       {"typhoon-mangkhut-2018", "flood-yangtze-synthetic", "drought-yangtze-synthetic",
        "heat-isimip3b-2020", "compound-typhoon-flood"}) {
    check_finite(cached(name), name);
    BOOST_TEST(sum(totals(cached(name), "income_loss")) > 0.0, name);
  }
}

BOOST_AUTO_TEST_CASE(mangkhut_job_losses_fall_on_guangdong_and_its_neighbours,
                     *boost::unit_test::label("io")) {
  // Mangkhut made landfall in Guangdong (Taishan, 16 September 2018) and weakened over
  // Guangxi; provinces far from the track must take nothing.
  const auto jobs = totals(cached("typhoon-mangkhut-2018"), "jobs_lost");
  const double total = sum(jobs);
  BOOST_TEST(total > 0.0);
  const double south = jobs.at("CN-GD") + jobs.at("CN-GX") + jobs.at("CN-HI") + jobs.at("CN-FJ");
  BOOST_TEST(south / total > 0.99);
  BOOST_TEST(jobs.at("CN-GD") / total > 0.5);
  for (const char* far : {"CN-BJ", "CN-SH", "CN-XJ", "CN-HL", "CN-SC"})
    BOOST_TEST(jobs.at(far) == 0.0, far);
}

BOOST_AUTO_TEST_CASE(flood_losses_stay_inside_the_depth_grid_and_scale_with_elasticity,
                     *boost::unit_test::label("io")) {
  const auto& base = cached("flood-yangtze-synthetic");
  const auto jobs = totals(base, "jobs_lost");
  // The synthetic depth grid covers 110-120E, 28-33N: Hubei holds most of it (Wuhan).
  BOOST_TEST(jobs.at("CN-HB") > 0.0);
  for (const char* dry : {"CN-BJ", "CN-GD", "CN-XJ", "CN-YN", "CN-HL"})
    BOOST_TEST(jobs.at(dry) == 0.0, dry);
  BOOST_TEST(std::max_element(jobs.begin(), jobs.end(), [](auto& a, auto& b) {
               return a.second < b.second;
             })->first == "CN-HB");
  // Jobs lost are η N Δ(0): linear in η, so halving η halves them.
  Scenario half = shipped("flood-yangtze-synthetic");
  half.flood.business_interruption.employment_elasticity *= 0.5;
  const auto jobs_half = totals(run_scenario(half, quiet()), "jobs_lost");
  for (const auto& [code, v] : jobs)
    BOOST_TEST(jobs_half.at(code) == 0.5 * v, boost::test_tools::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(compound_event_never_counts_a_sector_twice, *boost::unit_test::label("io")) {
  // The compound scenario against its two hazards run alone on the same horizon: a region's
  // job losses lie between the larger single-hazard loss and the sum, and where both hazards
  // hit one province they are strictly below the sum.
  const Scenario both = shipped("compound-typhoon-flood");
  Scenario flood_only = both, cyclone_only = both;
  flood_only.hazard_types = {"flood"};
  cyclone_only.hazard_types = {"tropical_cyclone"};
  const auto j = totals(cached("compound-typhoon-flood"), "jobs_lost");
  const auto jf = totals(run_scenario(flood_only, quiet()), "jobs_lost");
  const auto jc = totals(run_scenario(cyclone_only, quiet()), "jobs_lost");
  int overlap = 0;
  for (const auto& [code, v] : j) {
    BOOST_TEST_CONTEXT(code) {
      BOOST_TEST(v <= (jf.at(code) + jc.at(code)) * (1 + 1e-12));
      BOOST_TEST(v >= std::max(jf.at(code), jc.at(code)) * (1 - 1e-12));
      if (jf.at(code) > 0.0 && jc.at(code) > 0.0) {
        ++overlap;
        BOOST_TEST(v < jf.at(code) + jc.at(code));
      }
    }
  }
  BOOST_TEST(overlap > 0, "the shipped compound scenario must hit some province twice");
}

BOOST_AUTO_TEST_CASE(drought_farm_income_loss_matches_the_hand_formula,
                     *boost::unit_test::label("io")) {
  // Hubei's SPI-3 to September 2022 sits at the index limit −3.09 in the synthetic field (the
  // run's note says so), so YL = min(1, 0.1 × (−0.5 + 3.09)) = 0.259 whatever the gamma fit;
  // farm income lost = YL × 0.3 (operating share) × agricultural workers × minimum wage × 12.
  const auto& r = cached("drought-yangtze-synthetic");
  bool note = false;
  for (const auto& n : r.notes) note = note || n.find("CN-HB 3.09") != std::string::npos;
  BOOST_TEST(note);
  const Scenario s = shipped("drought-yangtze-synthetic");
  const auto table = ProvinceTable::read(s.province_table_file);
  const double workers =
      table.value("CN-HB", "employed_total") *
      table.value("CN-HB", "employment_share_agriculture_forestry_animal_husbandry_fishery");
  const double expected =
      0.259 * 0.3 * workers * table.value("CN-HB", "min_wage_monthly_lowest") * 12.0;
  // 1e-9: the only arithmetic is the product; a wrong share or month count is off by > 1 %.
  BOOST_TEST(totals(r, "income_loss").at("CN-HB") == expected, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(totals(r, "jobs_lost").at("CN-HB") == 0.0);
  BOOST_TEST(totals(r, "sa_new_recipients").at("CN-HB") > 0.0);
  // Outside the synthetic dry box the index stays above the threshold somewhere: not every
  // province loses farm income.
  int without = 0;
  for (const auto& [code, v] : totals(r, "income_loss")) without += v == 0.0;
  BOOST_TEST(without > 0);
}

BOOST_AUTO_TEST_CASE(daily_heat_over_its_own_baseline_year_loses_nothing,
                     *boost::unit_test::label("io")) {
  const auto& r = cached("heat-isimip3b-2020");
  BOOST_TEST(r.regions.size() == 5u);
  BOOST_TEST(totals(r, "hours_lost").at("CN-SC") > 0.0);
  // An event year that is also the only baseline year has no excess by construction.
  Scenario s = shipped("heat-isimip3b-2020");
  s.hazard.event_first_year = s.hazard.event_last_year = 2017;
  s.hazard.baseline_first_year = s.hazard.baseline_last_year = 2017;
  s.start_year = 2017;
  const auto hours = totals(run_scenario(s, quiet()), "hours_lost");
  for (const auto& [code, v] : hours) BOOST_TEST(v == 0.0, code);
}

BOOST_AUTO_TEST_CASE(bad_hazard_parameters_exit_2_naming_the_path_or_file,
                     *boost::unit_test::label("io")) {
  TempDir t;
  const auto text_of = [](const fs::path& p) { return spstress::test::read_text(p); };
  // Scenario copies go to the temporary folder, their relative paths made absolute.
  const std::string data = scenario_dir().parent_path().string() + "/";
  const auto write = [&](const std::string& name, std::string text) {
    for (auto pos = text.find("\"../"); pos != std::string::npos; pos = text.find("\"../", pos))
      text.replace(pos, 4, "\"" + data);
    const fs::path p = t.path() / (name + ".json");
    std::ofstream(p) << text;
    return p;
  };
  struct Case {
    std::string scenario, find, replace, expect;
    std::string file;  ///< the file the message must name; empty: the scenario copy
  };
  const std::vector<Case> cases = {
      {"heat-isimip3b-2020", "\"relative_humidity_pct\": 60.0", "\"relative_humidity_pct\": 120",
       "/hazard/relative_humidity_pct: got 120; expected a number in [0, 100]", ""},
      {"heat-isimip3b-2020", "\"work_capacity_function\": \"hothaps\"",
       "\"work_capacity_function\": \"kjellstrom\"",
       "/hazard/work_capacity_function: got "
       "\"kjellstrom\"",
       ""},
      {"flood-yangtze-synthetic", "\"event_date\": \"2020-07-10\"",
       "\"event_date\": \"2020-02-30\"", "/hazard/event_date: got \"2020-02-30\"", ""},
      {"typhoon-mangkhut-2018", "\"storm_id\": \"201826\"", "\"storm_id\": \"209999\"",
       "no storm \"209999\"", "jtwc_wp_subset_mangkhut2018_lekima2019_infa2021.csv"},
      {"compound-typhoon-flood", "\"type\": \"flood\"", "\"type\": \"tropical_cyclone\"",
       "/hazard/1/type: got \"tropical_cyclone\" a second time", ""},
  };
  std::vector<fs::path> made;
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT(c.expect) {
      std::string text = text_of(scenario_dir() / (c.scenario + ".json"));
      const auto pos = text.find(c.find);
      BOOST_REQUIRE(pos != std::string::npos);
      text.replace(pos, c.find.size(), c.replace);
      const fs::path p = write("bad-" + std::to_string(made.size()), text);
      made.push_back(p);
      const auto r =
          run_command(spstress_binary() + " validate " + shell_quote(p.string()), t.path());
      BOOST_TEST(r.status == 2);
      BOOST_TEST(r.err.find(c.expect) != std::string::npos, r.err);
      const std::string file = c.file.empty() ? p.filename().string() : c.file;
      BOOST_TEST(r.err.find(file) != std::string::npos, r.err);
      // One message, not a cascade (a duplicated type also leaves that hazard's ensemble
      // parameters unknown, which the uncertainty list then reports).
      if (c.scenario != "compound-typhoon-flood")
        BOOST_TEST(std::count(r.err.begin(), r.err.end(), '\n') <= 1, r.err);
    }
  }

  // A track whose times go backwards: the message names the track file and the line.
  const fs::path track = t.path() / "track.csv";
  std::ofstream(track) << "CY,Year,Month,Day,Hour,Lat,Lon,VMax,MSLP,SN,Cat\n"
                          "26,2018,9,15,12,20.0,116.0,120,920,201826,Cat4\n"
                          "26,2018,9,15,6,20.5,115.0,115,925,201826,Cat4\n";
  {
    std::string text = text_of(scenario_dir() / "typhoon-mangkhut-2018.json");
    const std::string from =
        "\"../hazards/tc/jtwc_wp_subset_mangkhut2018_lekima2019_infa2021.csv\"";
    text.replace(text.find(from), from.size(), "\"" + track.string() + "\"");
    const fs::path p = write("bad-track", text);
    const auto r =
        run_command(spstress_binary() + " validate " + shell_quote(p.string()), t.path());
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("track.csv: line 3") != std::string::npos, r.err);
    BOOST_TEST(r.err.find("strictly increasing time order") != std::string::npos, r.err);
  }

  // A depth grid with a negative depth: the run stops naming the file, writes nothing.
  const fs::path depth = t.path() / "depth.tif";
  {
    GDALAllRegister();
    GDALDriverH drv = GDALGetDriverByName("GTiff");
    GDALDatasetH ds = GDALCreate(drv, depth.c_str(), 4, 4, 1, GDT_Float32, nullptr);
    double gt[6] = {113.0, 0.5, 0.0, 31.5, 0.0, -0.5};
    GDALSetGeoTransform(ds, gt);
    GDALSetProjection(
        ds,
        "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,"
        "298.257223563]],PRIMEM[\"Greenwich\",0],UNIT[\"degree\",0.0174532925199433]]");
    float v[16];
    for (float& x : v) x = 1.0f;
    v[5] = -2.0f;
    BOOST_REQUIRE(GDALRasterIO(GDALGetRasterBand(ds, 1), GF_Write, 0, 0, 4, 4, v, 4, 4, GDT_Float32,
                               0, 0) == CE_None);
    GDALClose(ds);
    std::string text = text_of(scenario_dir() / "flood-yangtze-synthetic.json");
    const std::string from = "\"../hazards/flood/synthetic_yangtze_flood_depth_m.tif\"";
    text.replace(text.find(from), from.size(), "\"" + depth.string() + "\"");
    const fs::path p = write("bad-depth", text);
    const fs::path out = t.path() / "out";
    const auto r = run_command(spstress_binary() + " run " + shell_quote(p.string()) +
                                   " --quiet --no-cache --out " + shell_quote(out.string()),
                               t.path());
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("depth.tif") != std::string::npos, r.err);
    BOOST_TEST(r.err.find("-2") != std::string::npos, r.err);
    BOOST_TEST(!fs::exists(out / "results.csv"));
  }
}

BOOST_AUTO_TEST_CASE(transitional_relief_pays_each_displaced_person_for_ninety_days,
                     *boost::unit_test::label("io")) {
  // Mangkhut (mid-September 2018, horizon from September): 90 days fit in the horizon, so the
  // relief is 20 CNY × 90 days × the persons displaced that the run reports, and it is all of
  // the difference in assistance cost against a run without relief.
  const auto& with = cached("typhoon-mangkhut-2018");
  Scenario s = shipped("typhoon-mangkhut-2018");
  s.sa.transitional_relief_cny_per_person_day = 0.0;
  const auto without = run_scenario(s, quiet());
  double displaced = -1.0;
  for (const auto& n : with.notes) {
    const std::string key = "disaster transitional relief: ";
    if (n.rfind(key, 0) == 0) displaced = std::stod(n.substr(key.size()));
  }
  BOOST_REQUIRE(displaced > 0.0);
  const double extra = sum(totals(with, "sa_extra_cost")) - sum(totals(without, "sa_extra_cost"));
  // The note rounds the persons to a whole number: 0.5 person × 1,800 CNY at most.
  BOOST_TEST(std::abs(extra - 20.0 * 90.0 * displaced) <= 0.5 * 1800.0 + 1e-6 * extra);
  BOOST_TEST(totals(without, "jobs_lost").at("CN-GD") == totals(with, "jobs_lost").at("CN-GD"));
}

BOOST_AUTO_TEST_CASE(the_2020_backtest_turns_most_provincial_funds_to_deficit,
                     *boost::unit_test::label("io")) {
  const Scenario s = shipped("backtest-2020");
  const auto r = run_scenario(s, quiet());
  // Job losses are the given shares: Σ_months Σ_sectors share × multiplier × N_s, worked from
  // the tables for Beijing (the multipliers of the scenario file).
  const auto table = ProvinceTable::read(s.province_table_file);
  const std::map<char, double> mult = {{'A', 0.2}, {'F', 1.5}, {'G', 1.5}, {'H', 2.5}, {'L', 1.2},
                                       {'O', 1.5}, {'R', 2.0}, {'D', 0.3}, {'J', 0.3}, {'P', 0.2},
                                       {'Q', 0.2}, {'S', 0.0}, {'T', 0.0}};
  std::ifstream sectors(s.sectors_file);
  std::string line;
  std::getline(sectors, line);
  double expected = 0.0;
  while (std::getline(sectors, line)) {
    if (line.empty()) continue;
    const auto f = split_csv_line(line);
    const char section = f[1][0];
    const double m = mult.count(section) ? mult.at(section) : 1.0;
    for (const double share : {0.04, 0.03, 0.015, 0.005})
      expected += std::min(1.0, share * m) * table.value("CN-BJ", "employed_total") *
                  table.value("CN-BJ", "employment_share_" + f[0]);
  }
  BOOST_TEST(totals(r, "jobs_lost").at("CN-BJ") == expected, boost::test_tools::tolerance(1e-9));
  // MOHRSS: 30 of 31 provincial funds in annual deficit in 2020. The run's note counts the
  // funds whose first-year outlay exceeds revenue and quotes the reported figures.
  std::string note;
  for (const auto& n : r.notes)
    if (n.rfind("UI funds over the first 12 months", 0) == 0) note = n;
  BOOST_REQUIRE(!note.empty());
  const auto at = note.find("(member 0): ");
  BOOST_REQUIRE(at != std::string::npos);
  const int deficit = std::stoi(note.substr(at + 12));
  BOOST_TEST(deficit >= 16, note);
  BOOST_TEST(note.find("reported for 2020 (national_anchors.csv): revenue 951.5 yi CNY") !=
                 std::string::npos,
             note);
  // The unemployment subsidy is paid from the fund: without it every fund ends higher, and
  // the claims are the same.
  Scenario no_subsidy = s;
  no_subsidy.ui.unemployment_subsidy_benefit_share = 0.0;
  const auto r0 = run_scenario(no_subsidy, quiet());
  const auto end = totals(r, "ui_fund_end_balance"), end0 = totals(r0, "ui_fund_end_balance");
  for (const auto& [code, v] : end) {
    BOOST_TEST(end0.at(code) > v, code);
    BOOST_TEST(totals(r0, "ui_new_claims").at(code) == totals(r, "ui_new_claims").at(code), code);
  }
}

BOOST_AUTO_TEST_SUITE_END()

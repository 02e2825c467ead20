// The default scenario end to end, through the library and through the spstress binary.

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gdal.h>
#include <gdal_alg.h>
#include <ogr_api.h>
#include <unistd.h>
#include <boost/test/unit_test.hpp>

#include "spstress/core/error.hpp"
#include "spstress/scenarios/pipeline.hpp"
#include "spstress/scenarios/province_table.hpp"
#include "spstress/scenarios/results.hpp"
#include "spstress/scenarios/scenario.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using namespace spstress::scenarios;

namespace {

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string bin() {
  const char* b = std::getenv("SPSTRESS_BIN");
  return b ? b : "spstress";
}

struct Shell {
  int status;
  std::string err;
};

/// Runs the binary with stderr captured; returns the exit status.
Shell run_bin(const std::string& args, const fs::path& tmp) {
  const fs::path err = tmp / "stderr.txt";
  const std::string cmd = bin() + " " + args + " >/dev/null 2>" + err.string();
  const int rc = std::system(cmd.c_str());
  return {WIFEXITED(rc) ? WEXITSTATUS(rc) : -1, read_file(err)};
}

using spstress::test::TempDir;

/// One library run of the default scenario shared by the checks below.
const RunResults& default_results() {
  static const RunResults r = [] {
    const auto s = load_scenario(default_scenario_path());
    return run_scenario(s, RunOptions{});
  }();
  return r;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(test_default_run)

BOOST_AUTO_TEST_CASE(every_province_has_every_headline_metric_finite,
                     *boost::unit_test::label("io")) {
  const auto& r = default_results();
  BOOST_TEST(r.regions.size() == 31u);
  for (const auto& reg : r.regions) {
    for (const auto& m : headline_metrics()) {
      const double v = reg.metrics.at(m.name).p50;
      if (m.name == "ui_months_to_depletion") {
        BOOST_TEST((std::isnan(v) || v >= 1.0), reg.code << " " << m.name << " = " << v);
      } else {
        BOOST_TEST(std::isfinite(v), reg.code << " " << m.name << " is not finite");
        BOOST_TEST(v >= 0.0, reg.code << " " << m.name << " = " << v);
      }
    }
  }
  // Monthly and total rows for every metric and province: 24 months + 1 total.
  std::map<std::string, int> count;
  for (const auto& row : r.rows) count[row.metric] += 1;
  for (const auto& m : headline_metrics()) BOOST_TEST(count[m.name] == 31 * 25, m.name);
}

BOOST_AUTO_TEST_CASE(summer_anomaly_concentrates_losses_in_summer, *boost::unit_test::label("io")) {
  // The anomaly is applied in June-August only and the reference is the same field without
  // it, so hours lost outside June-August must be exactly zero and positive inside.
  const auto& r = default_results();
  double summer = 0.0, other = 0.0;
  for (const auto& row : r.rows) {
    if (row.metric != "hours_lost" || row.period == "total") continue;
    const bool jja = row.period == "2005-06" || row.period == "2005-07" || row.period == "2005-08";
    (jja ? summer : other) += row.value;
  }
  BOOST_TEST(summer > 0.0);
  BOOST_TEST(other == 0.0);
}

BOOST_AUTO_TEST_CASE(baseline_reproduces_the_calibration_targets, *boost::unit_test::label("io")) {
  // The province table apportions the 2023 national figures (docs/model.md §7-§8): 352万 claimants
  // at year end and a 3,213亿 balance; with no shock the model must start from those.
  const auto& r = default_results();
  double balance0 = 0.0;
  for (const auto& row : r.rows) {
    if (row.metric == "ui_fund_end_balance" && row.period == "2005-01") balance0 += row.value;
  }
  // One month of interest (2 %/yr: +5.4亿) and the 2023 revenue surplus ((1,807 − 1,485)/12 =
  // +26.8亿) lift the first closing balance by about 1 % (to ≈ 3,245亿); 2 % tolerance leaves
  // room for the benefit level, which is 0.9 × minimum wage rather than the 2023 average.
  BOOST_TEST(balance0 / 3245e8 == 1.0, boost::test_tools::tolerance(0.02));
  double peak_claimants_sum = 0.0;
  for (const auto& reg : r.regions) peak_claimants_sum += reg.metrics.at("ui_peak_claimants").p50;
  BOOST_TEST(peak_claimants_sum >= 352e4 * (1.0 - 1e-9));
  // docs/model.md §7-§8 calibration targets, from the run's baseline notes: the claimant
  // stock over the monthly inflow is the mean paid spell, 5.6 months (5.5 months paid per
  // beneficiary and 5.8 stock/flow in 2023); months of cover 3,213 / (1,485 / 12) = 26.
  double claimants = -1.0, inflow = -1.0, cover = -1.0;
  for (const auto& n : r.notes) {
    if (n.rfind("model baseline (no shock", 0) == 0) {
      claimants = std::stod(n.substr(n.find("claimants ") + 10));
      inflow = std::stod(n.substr(n.find("inflow ") + 7));
    }
    if (n.rfind("model baseline months of cover", 0) == 0)
      cover = std::stod(n.substr(n.find(": ") + 2));
  }
  BOOST_REQUIRE(claimants > 0.0 && inflow > 0.0 && cover > 0.0);
  // ±0.3 month: the two 2023 measures of the spell (5.5 and 5.8) bracket the target.
  BOOST_TEST(std::abs(claimants / (inflow / 12.0) - 5.6) <= 0.3);
  // ±1 month: the model's outlay is 0.9 × minimum wage per claimant, not the 2023 average.
  BOOST_TEST(std::abs(cover - 26.0) <= 1.0);
}

BOOST_AUTO_TEST_CASE(cli_run_writes_every_output_and_is_byte_identical,
                     *boost::unit_test::label("io")) {
  TempDir t;
  const auto a = run_bin("run --quiet --out " + (t.path() / "a").string(), t.path());
  BOOST_REQUIRE_MESSAGE(a.status == 0, a.err);
  const auto b = run_bin("run --quiet --out " + (t.path() / "b").string(), t.path());
  BOOST_REQUIRE_MESSAGE(b.status == 0, b.err);
  for (const char* f :
       {"results.csv", "summary.csv", "c102.csv", "options.csv", "summary.json", "regions.gpkg",
        "report.html", "figures/funding_gap.png", "figures/funding_gap.svg"}) {
    BOOST_TEST_REQUIRE(fs::exists(t.path() / "a" / f), f);
    BOOST_TEST((read_file(t.path() / "a" / f) == read_file(t.path() / "b" / f)),
               f << " differs between two runs");
  }
  // results.csv: header and 31 × 14 × 25 rows.
  const std::string csv = read_file(t.path() / "a" / "results.csv");
  BOOST_TEST(csv.rfind("scenario,member,region_code,region_name,period,metric,value,unit\n", 0) ==
             0u);
  BOOST_TEST(std::count(csv.begin(), csv.end(), '\n') == 1 + 31 * 14 * 25);
  // regions.gpkg: 31 features carrying the metrics.
  GDALAllRegister();
  GDALDatasetH ds = GDALOpenEx((t.path() / "a" / "regions.gpkg").c_str(), GDAL_OF_VECTOR, nullptr,
                               nullptr, nullptr);
  BOOST_REQUIRE(ds != nullptr);
  OGRLayerH layer = GDALDatasetGetLayer(ds, 0);
  BOOST_TEST(OGR_L_GetFeatureCount(layer, 1) == 31);
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
  for (const auto& m : headline_metrics())
    BOOST_TEST(OGR_FD_GetFieldIndex(defn, m.name.c_str()) >= 0, m.name);
  GDALClose(ds);
}

BOOST_AUTO_TEST_CASE(c102_tests_follow_the_articles_on_the_provincial_figures,
                     *boost::unit_test::label("io")) {
  // Worked by hand from the input tables for every province: T1 = insured / formal employees
  // (Σ over sectors of employed × share × (1 − informal share)); T2 = max(0.9 × lowest minimum
  // wage, urban Dibao standard) / 4,432 CNY (the migrant wage as the Art. 66 reference);
  // T3 = 0.6 × 12 + 0.2 × 12 + 0.2 × 12 months = 52 weeks; T5 12 months: review.
  const auto& r = default_results();
  BOOST_TEST(r.c102.size() == 31u * 11u * 2u);
  const auto s = load_scenario(default_scenario_path());
  const auto table = ProvinceTable::read(s.province_table_file);
  std::map<std::string, double> informal;
  {
    std::istringstream in(read_file(s.sectors_file));
    std::string line;
    std::getline(in, line);
    const auto header = split_csv_line(line);
    const auto col = [&](const std::string& n) {
      return static_cast<std::size_t>(std::find(header.begin(), header.end(), n) - header.begin());
    };
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      const auto f = split_csv_line(line);
      informal[f[col("sector_id")]] = std::stod(f[col("informal_share")]);
    }
  }
  int checked = 0;
  for (const auto& row : r.c102) {
    if (row.state != "normal" || row.convention != "C102") continue;
    const std::string& code = row.region_code;
    double employees = 0.0;
    for (const auto& [id, inf] : informal)
      employees += table.value(code, "employed_total") *
                   table.value(code, "employment_share_" + id) * (1.0 - inf);
    BOOST_TEST_CONTEXT(code << " " << row.test) {
      if (row.test == "T1") {
        BOOST_TEST(row.value == table.value(code, "ui_insured") / employees,
                   boost::test_tools::tolerance(1e-9));
        BOOST_TEST(row.result == (row.value >= 0.5 ? "pass" : "fail"));
        ++checked;
      } else if (row.test == "T2") {
        const double b = std::max(0.9 * table.value(code, "min_wage_monthly_lowest"),
                                  table.value(code, "dibao_urban_standard"));
        BOOST_TEST(row.value == b / 4432.0, boost::test_tools::tolerance(1e-9));
        BOOST_TEST(row.result == (b / 4432.0 >= 0.45 ? "pass" : "fail"));
        ++checked;
      } else if (row.test == "T3") {
        BOOST_TEST(row.value == 52.0, boost::test_tools::tolerance(1e-12));
      } else if (row.test == "T5") {
        BOOST_TEST(row.result == "review");
      }
    }
  }
  BOOST_TEST(checked == 62);
}

BOOST_AUTO_TEST_CASE(policy_options_move_the_numbers_the_way_a_planner_expects,
                     *boost::unit_test::label("io")) {
  const auto& r = default_results();
  BOOST_REQUIRE(r.options.size() == 8u);
  std::map<std::string, OptionRow> by;
  for (const auto& o : r.options) by[o.kind] = o;
  const OptionRow& none = by.at("none");
  // The scenario's own totals: "none" is the run itself.
  double claims = 0.0, recipients = 0.0;
  for (const auto& reg : r.regions) {
    claims += reg.metrics.at("ui_new_claims").p50;
    recipients += reg.metrics.at("sa_new_recipients").p50;
  }
  BOOST_TEST(none.protected_persons == claims + recipients, boost::test_tools::tolerance(1e-9));
  // Vertical expansion: dearer, and a higher benefit passes the C102 benefit test in more
  // provinces (0.9 → 1.08 of the minimum wage against the same reference wage).
  BOOST_TEST(by.at("vertical_expansion").outlay_cny > none.outlay_cny);
  BOOST_TEST(by.at("vertical_expansion").c102_benefit_level_pass_regions >
             none.c102_benefit_level_pass_regions);
  // Horizontal expansion, relaxed eligibility, the allowance and short-time work reach more
  // people and cost more.
  for (const char* k : {"horizontal_expansion", "relaxed_ui_eligibility",
                        "migrant_informal_extension", "short_time_work"}) {
    BOOST_TEST(by.at(k).protected_persons > none.protected_persons, k);
    BOOST_TEST(by.at(k).outlay_cny > none.outlay_cny, k);
  }
  // A 6-month qualifying period clears the C102 review flag in every province.
  BOOST_TEST(by.at("relaxed_ui_eligibility").c102_tests_passed ==
             none.c102_tests_passed + static_cast<int>(r.regions.size()));
  // Refunds keep workers in their jobs: fewer claims, at the price of the refunds.
  BOOST_TEST(by.at("job_stabilisation_refunds").protected_persons < none.protected_persons);
  BOOST_TEST(by.at("job_stabilisation_refunds").outlay_cny > none.outlay_cny);
  // Pooling never raises the gap.
  BOOST_TEST(by.at("national_pooling").funding_gap_cny <= none.funding_gap_cny);
}

BOOST_AUTO_TEST_CASE(national_pooling_covers_one_province_with_another_surplus,
                     *boost::unit_test::label("io")) {
  // With a floor of 40 months of outlay most provincial funds start below it; pooled, the
  // gap is the shortfall of the summed balances, at most the sum of the provincial gaps, and
  // here strictly less because some funds hold more than 40 months.
  auto s = load_scenario(default_scenario_path());
  s.ui.floor_months_of_outlay = 40.0;
  s.options = {PolicyOption{}};
  s.options.front().kind = s.options.front().label = "national_pooling";
  RunOptions o;
  o.weights_cache_dir = "";
  const auto r = run_scenario(s, o);
  BOOST_REQUIRE(r.options.size() == 2u);
  BOOST_TEST(r.options[0].funding_gap_cny > 0.0);
  BOOST_TEST(r.options[1].funding_gap_cny < r.options[0].funding_gap_cny);
  BOOST_TEST(r.options[1].outlay_cny == r.options[0].outlay_cny);
}

BOOST_AUTO_TEST_CASE(a_provincial_duration_override_changes_that_province_only,
                     *boost::unit_test::label("io")) {
  // Guangdong paying every claimant 2 months: C102 T3 fails there (8.67 weeks < 13, every
  // claim short) and passes elsewhere; its claimant stock at the peak falls, others' do not move.
  auto s = load_scenario(default_scenario_path());
  s.options.clear();
  s.ui.entitlement_mix_by_region["CN-GD"] = {{2, 1.0}};
  RunOptions o;
  o.weights_cache_dir = "";
  const auto r = run_scenario(s, o);
  const auto& base = default_results();
  for (const auto& row : r.c102) {
    if (row.convention != "C102" || row.state != "normal" || row.test != "T3") continue;
    BOOST_TEST(row.result == (row.region_code == "CN-GD" ? "fail" : "pass"), row.region_code);
    if (row.region_code == "CN-GD")
      BOOST_TEST(row.value == 2.0 * 52.0 / 12.0, boost::test_tools::tolerance(1e-12));
  }
  // A code that names no region is an error naming the JSON path, not a silent no-op.
  auto typo = s;
  typo.ui.entitlement_mix_by_region["CN-GX"] = typo.ui.entitlement_mix_by_region["CN-GD"];
  typo.ui.entitlement_mix_by_region["CN-XX"] = {{12, 1.0}};
  BOOST_CHECK_EXCEPTION(
      run_scenario(typo, o), spstress::InputError, [](const spstress::InputError& e) {
        return std::string(e.what()).find("/ui/entitlement_mix_by_region/CN-XX: no region") !=
               std::string::npos;
      });
  for (std::size_t i = 0; i < r.regions.size(); ++i) {
    const double a = r.regions[i].metrics.at("ui_peak_claimants").p50;
    const double b = base.regions[i].metrics.at("ui_peak_claimants").p50;
    if (r.regions[i].code == "CN-GD") {
      BOOST_TEST(a < b);
    } else {
      BOOST_TEST(a == b, r.regions[i].code);
    }
  }
}

BOOST_AUTO_TEST_CASE(ensemble_results_do_not_depend_on_thread_count,
                     *boost::unit_test::label("io")) {
  const auto s = load_scenario(default_scenario_path());
  RunOptions one, three;
  one.members = three.members = 6;
  one.seed = three.seed = 11;
  three.threads = 3;
  const auto a = run_scenario(s, one);
  const auto b = run_scenario(s, three);
  BOOST_TEST_REQUIRE(a.rows.size() == b.rows.size());
  std::size_t differing = 0;
  for (std::size_t i = 0; i < a.rows.size(); ++i) {
    const bool same = a.rows[i].metric == b.rows[i].metric &&
                      a.rows[i].member == b.rows[i].member &&
                      ((std::isnan(a.rows[i].value) && std::isnan(b.rows[i].value)) ||
                       a.rows[i].value == b.rows[i].value);
    differing += same ? 0 : 1;
  }
  BOOST_TEST(differing == 0u);
  // Members differ from each other (the draws are used), and the p5-p95 band is not empty.
  const auto& q = a.national.at("jobs_lost");
  BOOST_TEST(q.p5 < q.p95);
}

BOOST_AUTO_TEST_CASE(validate_reports_unknown_key_missing_file_and_wrong_type,
                     *boost::unit_test::label("io")) {
  TempDir t;
  const std::string data = fs::path(default_scenario_path()).parent_path().string();
  std::string base = read_file(default_scenario_path());
  // Paths in the default scenario are relative to its folder: make them absolute.
  for (std::size_t p = base.find("\"../"); p != std::string::npos; p = base.find("\"../", p)) {
    base.replace(p + 1, 2, data + "/..");
  }
  struct Case {
    std::string find, replace, expect;
  };
  const Case cases[] = {
      {"\"horizon_months\": 24", "\"horizon_months\": 24, \"horizon_years\": 2",
       "/horizon_years: unknown key"},
      {"china_provinces_mainland.geojson", "no_such_file.geojson", "/regions/file: file not found"},
      {"\"delta_deg_c\": 3.0", "\"delta_deg_c\": \"3\"",
       "/hazard/anomaly/delta_deg_c: got string \"3\"; expected a number"},
  };
  for (const auto& c : cases) {
    std::string text = base;
    const auto pos = text.find(c.find);
    BOOST_REQUIRE(pos != std::string::npos);
    text.replace(pos, c.find.size(), c.replace);
    const fs::path p = t.path() / "s.json";
    std::ofstream(p) << text;
    const auto r = run_bin("validate " + p.string(), t.path());
    BOOST_TEST(r.status == 2, c.expect);
    BOOST_TEST(r.err.find(c.expect) != std::string::npos, r.err);
    BOOST_TEST(r.err.find("s.json") != std::string::npos, r.err);
  }
  const auto ok = run_bin("validate " + default_scenario_path(), t.path());
  BOOST_TEST(ok.status == 0, ok.err);
}

BOOST_AUTO_TEST_CASE(aggregate_population_sum_agrees_with_gdal_rasterize,
                     *boost::unit_test::label("io")) {
  // Independent reference: GDAL burns each province into a copy of the population grid by cell
  // centre, and the population of the burnt cells is summed. Cell-centre assignment misplaces
  // boundary cells in both directions, so the totals agree to about 1 %, not exactly.
  TempDir t;
  const fs::path data = fs::path(default_scenario_path()).parent_path().parent_path();
  const std::string pop =
      (data / "exposure/gpw_v4_population_count_rev11_2000_15_min_china.tif").string();
  const std::string regions = (data / "regions/china_provinces_mainland.geojson").string();
  const auto r = run_bin("aggregate --raster " + pop + " --regions " + regions +
                             " --stat sum --out " + (t.path() / "pop.csv").string(),
                         t.path());
  BOOST_REQUIRE_MESSAGE(r.status == 0, r.err);
  std::istringstream csv(read_file(t.path() / "pop.csv"));
  std::string line;
  std::getline(csv, line);
  BOOST_TEST(line == "region_code,time,value");
  double ours = 0.0;
  int n = 0;
  while (std::getline(csv, line)) {
    ours += std::stod(line.substr(line.rfind(',') + 1));
    ++n;
  }
  BOOST_TEST(n == 31);

  GDALAllRegister();
  GDALDatasetH src = GDALOpen(pop.c_str(), GA_ReadOnly);
  GDALDatasetH vec = GDALOpenEx(regions.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
  BOOST_REQUIRE(src && vec);
  const int nx = GDALGetRasterXSize(src), ny = GDALGetRasterYSize(src);
  GDALDatasetH mask = GDALCreate(GDALGetDriverByName("MEM"), "", nx, ny, 1, GDT_Byte, nullptr);
  double gt[6];
  GDALGetGeoTransform(src, gt);
  GDALSetGeoTransform(mask, gt);
  GDALSetProjection(mask, GDALGetProjectionRef(src));
  int band = 1;
  double burn = 1.0;
  OGRLayerH layer = GDALDatasetGetLayer(vec, 0);
  BOOST_REQUIRE(GDALRasterizeLayers(mask, 1, &band, 1, &layer, nullptr, nullptr, &burn, nullptr,
                                    nullptr, nullptr) == CE_None);
  std::vector<float> values(static_cast<std::size_t>(nx) * static_cast<std::size_t>(ny));
  std::vector<unsigned char> inside(values.size());
  BOOST_REQUIRE(GDALRasterIO(GDALGetRasterBand(src, 1), GF_Read, 0, 0, nx, ny, values.data(), nx,
                             ny, GDT_Float32, 0, 0) == CE_None);
  BOOST_REQUIRE(GDALRasterIO(GDALGetRasterBand(mask, 1), GF_Read, 0, 0, nx, ny, inside.data(), nx,
                             ny, GDT_Byte, 0, 0) == CE_None);
  double reference = 0.0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (inside[i] && values[i] >= 0.0f) reference += static_cast<double>(values[i]);
  }
  GDALClose(mask);
  GDALClose(vec);
  GDALClose(src);
  BOOST_TEST(reference > 1.1e9);
  BOOST_TEST(ours == reference, boost::test_tools::tolerance(0.01));
}

BOOST_AUTO_TEST_CASE(bad_usage_exits_with_status_2, *boost::unit_test::label("io")) {
  TempDir t;
  BOOST_TEST(run_bin("frobnicate", t.path()).status == 2);
  BOOST_TEST(run_bin("run --members zero", t.path()).status == 2);
  BOOST_TEST(run_bin("inspect /no/such/file.nc", t.path()).status == 2);
  BOOST_TEST(run_bin("--version", t.path()).status == 0);
}

BOOST_AUTO_TEST_SUITE_END()

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include "spstress/core/error.hpp"
#include "spstress/scenarios/province_table.hpp"
#include "spstress/scenarios/scenario.hpp"

namespace fs = std::filesystem;
using spstress::InputError;
using namespace spstress::scenarios;

namespace {

/// A temporary folder with the files a minimal scenario names (contents do not matter to
/// load_scenario, which checks only that they exist).
struct ScenarioDir {
  fs::path dir;
  ScenarioDir() {
    dir = fs::temp_directory_path() / ("spstress_test_scenario_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    for (const char* f : {"regions.geojson", "pop.tif", "tas.nc", "provinces.csv", "sectors.csv"}) {
      std::ofstream(dir / f) << "x";
    }
  }
  ~ScenarioDir() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(dir / name) << text;
    return (dir / name).string();
  }
};

std::string minimal(const std::string& hazard_extra = "", const std::string& top_extra = "") {
  return R"({
  "name": "t",
  "regions": {"file": "regions.geojson"},
  "exposure": {"file": "pop.tif"},
  "province_table": "provinces.csv",
  "sectors": "sectors.csv",
  "hazard": {"type": "heat", "file": "tas.nc")" +
         hazard_extra + R"(})" + top_extra + "\n}";
}

bool message_has(const InputError& e, const std::string& a, const std::string& b = "") {
  const std::string m = e.what();
  return m.find(a) != std::string::npos && (b.empty() || m.find(b) != std::string::npos);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(test_scenario)

BOOST_AUTO_TEST_CASE(reads_minimal_scenario_with_defaults) {
  ScenarioDir d;
  const auto s = load_scenario(d.write("s.json", minimal()));
  BOOST_TEST(s.name == "t");
  BOOST_TEST(s.horizon_months == 24);
  BOOST_TEST(fs::path(s.hazard.file).filename() == "tas.nc");
  BOOST_TEST(fs::path(s.hazard.file).is_absolute());
  BOOST_TEST(s.ui.entitlement_mix.size() == 3u);
}

BOOST_AUTO_TEST_CASE(rejects_unknown_key_with_json_path) {
  ScenarioDir d;
  const auto p = d.write("s.json", minimal(", \"humidty\": 50"));
  BOOST_CHECK_EXCEPTION(load_scenario(p), InputError, [](const InputError& e) {
    return message_has(e, "/hazard/humidty: unknown key", "relative_humidity_pct");
  });
}

BOOST_AUTO_TEST_CASE(rejects_missing_file_naming_path) {
  ScenarioDir d;
  fs::remove(d.dir / "tas.nc");
  const auto p = d.write("s.json", minimal());
  BOOST_CHECK_EXCEPTION(load_scenario(p), InputError, [](const InputError& e) {
    return message_has(e, "/hazard/file: file not found", "tas.nc");
  });
}

BOOST_AUTO_TEST_CASE(rejects_wrong_type_naming_path_and_value) {
  ScenarioDir d;
  const auto p = d.write("s.json", minimal(", \"relative_humidity_pct\": \"60\""));
  BOOST_CHECK_EXCEPTION(load_scenario(p), InputError, [](const InputError& e) {
    return message_has(e, "/hazard/relative_humidity_pct: got string \"60\"",
                       "expected a number in [0, 100]");
  });
}

BOOST_AUTO_TEST_CASE(reports_every_problem_on_its_own_line) {
  ScenarioDir d;
  fs::remove(d.dir / "pop.tif");
  const auto p = d.write("s.json", minimal(", \"relative_humidity_pct\": 120", ", \"colour\": 1"));
  BOOST_CHECK_EXCEPTION(load_scenario(p), InputError, [](const InputError& e) {
    const std::string m = e.what();
    return std::count(m.begin(), m.end(), '\n') == 2 && message_has(e, "/colour: unknown key") &&
           message_has(e, "/exposure/file: file not found") && message_has(e, "got 120");
  });
}

BOOST_AUTO_TEST_CASE(rejects_malformed_json_naming_file) {
  ScenarioDir d;
  const auto p = d.write("bad.json", "{\"name\": \"t\",");
  BOOST_CHECK_EXCEPTION(load_scenario(p), InputError, [](const InputError& e) {
    return message_has(e, "bad.json: not valid JSON");
  });
}

BOOST_AUTO_TEST_CASE(rejects_entitlement_mix_not_summing_to_one) {
  ScenarioDir d;
  const auto p = d.write(
      "s.json", minimal("", R"(, "ui": {"entitlement_mix": [{"months": 12, "share": 0.5}]})"));
  BOOST_CHECK_EXCEPTION(load_scenario(p), InputError, [](const InputError& e) {
    return message_has(e, "/ui/entitlement_mix: shares add up to 0.5");
  });
}

BOOST_AUTO_TEST_CASE(rejects_uncertainty_on_unknown_parameter) {
  ScenarioDir d;
  const auto p = d.write(
      "s.json",
      minimal("", R"(, "uncertainty": [{"parameter": "/ui/nothing", "low": 0, "high": 1}])"));
  BOOST_CHECK_EXCEPTION(load_scenario(p), InputError, [](const InputError& e) {
    return message_has(e, "/uncertainty/0/parameter: got \"/ui/nothing\"");
  });
}

BOOST_AUTO_TEST_CASE(rejects_out_of_range_uncertainty_bounds) {
  ScenarioDir d;
  const auto p = d.write(
      "s.json",
      minimal("",
              R"(, "uncertainty": [{"parameter": "/ui/takeup_share", "low": 0.8, "high": 0.2}])"));
  BOOST_CHECK_EXCEPTION(load_scenario(p), InputError, [](const InputError& e) {
    return message_has(e, "/uncertainty/0: low 0.8 is above high 0.2");
  });
}

BOOST_AUTO_TEST_CASE(set_parameter_changes_the_named_value) {
  ScenarioDir d;
  auto s = load_scenario(d.write("s.json", minimal()));
  set_parameter(s, "/ui/takeup_share", 0.42);
  BOOST_TEST(s.ui.takeup_share == 0.42);
  BOOST_CHECK_THROW(set_parameter(s, "/ui/takeup", 0.1), InputError);
}

BOOST_AUTO_TEST_CASE(province_table_reads_quoted_fields_and_applies_overrides) {
  ScenarioDir d;
  const auto p = d.write(
      "p.csv",
      "code,name_en,name_zh,gb_code,indicator,value,unit,status,source\n"
      "CN-GD,Guangdong,广东省,440000,ui_insured,100,persons,assumption,\"rule, with comma\"\n"
      "CN-GD,Guangdong,广东省,440000,population_total,2e3,persons,sourced,census\n");
  auto t = ProvinceTable::read(p);
  BOOST_TEST(t.value("CN-GD", "ui_insured") == 100.0);
  BOOST_TEST(t.value("CN-GD", "population_total") == 2000.0);
  BOOST_TEST(t.record("CN-GD").values.at("ui_insured").source == "rule, with comma");
  t.apply_overrides({{"CN-GD", {{"ui_insured", 250.0}}}}, "s.json: /province_overrides");
  BOOST_TEST(t.value("CN-GD", "ui_insured") == 250.0);
  BOOST_CHECK_EXCEPTION(
      t.apply_overrides({{"CN-XX", {{"ui_insured", 1.0}}}}, "s.json: /province_overrides"),
      InputError, [](const InputError& e) {
        return message_has(e, "/province_overrides/CN-XX: unknown province code");
      });
  BOOST_CHECK_EXCEPTION(
      t.apply_overrides({{"CN-GD", {{"ui_insure", 1.0}}}}, "s.json: /province_overrides"),
      InputError, [](const InputError& e) {
        return message_has(e, "/province_overrides/CN-GD/ui_insure: unknown indicator");
      });
  BOOST_CHECK_EXCEPTION(t.value("CN-GD", "dibao"), InputError, [](const InputError& e) {
    return message_has(e, "region CN-GD has no value for indicator dibao");
  });
}

BOOST_AUTO_TEST_CASE(province_table_rejects_non_numeric_value_with_line) {
  ScenarioDir d;
  const auto p = d.write("p.csv",
                         "code,name_en,name_zh,gb_code,indicator,value,unit,status,source\n"
                         "CN-GD,Guangdong,广东省,440000,ui_insured,nan,persons,assumption,x\n");
  BOOST_CHECK_EXCEPTION(ProvinceTable::read(p), InputError, [](const InputError& e) {
    return message_has(e, "p.csv: line 2", "not a finite number");
  });
}

BOOST_AUTO_TEST_CASE(a_tenure_distribution_gives_the_entitlement_mix_through_the_schedule) {
  ScenarioDir d;
  // The 1999 schedule (12 months from 1 year, 18 from 5, 24 from 10): 1, 6 and 12 years of
  // contributions entitle to 12, 18 and 24 months.
  auto s = load_scenario(
      d.write("a.json", minimal("", R"(, "ui": {"tenure_distribution": [{"years": 1, "share": 0.5},
        {"years": 6, "share": 0.3}, {"years": 12, "share": 0.2}]})")));
  BOOST_TEST_REQUIRE(s.ui.entitlement_mix.size() == 3u);
  BOOST_TEST(s.ui.entitlement_mix[0].months == 12);
  BOOST_TEST(s.ui.entitlement_mix[0].share == 0.5);
  BOOST_TEST(s.ui.entitlement_mix[1].months == 18);
  BOOST_TEST(s.ui.entitlement_mix[2].months == 24);
  BOOST_TEST(s.ui.entitlement_mix[2].share == 0.2);
  // A local schedule of 3 months per year below 5 years: 1 and 4 years give 3 and 12 months;
  // 2 and 3 years land in one step each and add up.
  s = load_scenario(
      d.write("b.json", minimal("", R"(, "ui": {"duration_schedule": [{"min_years": 1, "months": 3},
        {"min_years": 2, "months": 6}, {"min_years": 3, "months": 9}, {"min_years": 4, "months": 12},
        {"min_years": 5, "months": 18}, {"min_years": 10, "months": 24}],
        "tenure_distribution": [{"years": 1, "share": 0.4}, {"years": 4, "share": 0.5},
        {"years": 30, "share": 0.1}]})")));
  BOOST_TEST_REQUIRE(s.ui.entitlement_mix.size() == 3u);
  BOOST_TEST(s.ui.entitlement_mix[0].months == 3);
  BOOST_TEST(s.ui.entitlement_mix[0].share == 0.4);
  BOOST_TEST(s.ui.entitlement_mix[1].months == 12);
  BOOST_TEST(s.ui.entitlement_mix[2].months == 24);
  // A schedule out of order, and a region override whose shares do not add up.
  BOOST_CHECK_EXCEPTION(
      load_scenario(d.write("c.json", minimal("", R"(, "ui": {"duration_schedule": [
        {"min_years": 5, "months": 18}, {"min_years": 1, "months": 12}]})"))),
      InputError, [](const InputError& e) {
        return message_has(e, "/ui/duration_schedule/1/min_years", "increasing");
      });
  BOOST_CHECK_EXCEPTION(
      load_scenario(d.write("e.json", minimal("", R"(, "ui": {"entitlement_mix_by_region":
        {"CN-GD": [{"months": 3, "share": 0.5}]}})"))),
      InputError, [](const InputError& e) {
        return message_has(e, "/ui/entitlement_mix_by_region/CN-GD", "add up to 0.5");
      });
}

BOOST_AUTO_TEST_CASE(options_need_known_kinds_and_unique_labels_other_than_none) {
  ScenarioDir d;
  const auto s =
      load_scenario(d.write("o.json", minimal("", R"(, "options": [{"kind": "vertical_expansion",
        "ui_benefit_increase_share": 0.3}, {"kind": "national_pooling", "label": "pooled"}])")));
  BOOST_TEST_REQUIRE(s.options.size() == 2u);
  BOOST_TEST(s.options[0].label == "vertical_expansion");
  BOOST_TEST(s.options[0].ui_benefit_increase_share == 0.3);
  // Applying it: ρ 0.9 × 1.3, the Dibao standards × 1.1 (default), nothing else.
  const auto v = apply_option(s, s.options[0]);
  BOOST_TEST(v.ui.benefit_min_wage_share == 0.9 * 1.3, boost::test_tools::tolerance(1e-15));
  BOOST_TEST(v.sa.standard_multiplier == 1.1, boost::test_tools::tolerance(1e-15));
  BOOST_TEST(v.ui.qualifying_share == s.ui.qualifying_share);
  BOOST_CHECK_EXCEPTION(
      load_scenario(
          d.write("p.json", minimal("", R"(, "options": [{"kind": "bigger_pensions"}])"))),
      InputError, [](const InputError& e) { return message_has(e, "/options/0/kind"); });
  BOOST_CHECK_EXCEPTION(
      load_scenario(d.write("q.json", minimal("", R"(, "options": [{"kind": "national_pooling",
        "label": "none"}])"))),
      InputError, [](const InputError& e) { return message_has(e, "/options/0/label", "none"); });
  BOOST_CHECK_EXCEPTION(
      load_scenario(d.write("r.json", minimal("", R"(, "options": [{"kind": "short_time_work",
        "takeup_new_share": 0.5}])"))),
      InputError, [](const InputError& e) {
        return message_has(e, "/options/0/takeup_new_share", "unknown key");
      });
}

BOOST_AUTO_TEST_SUITE_END()

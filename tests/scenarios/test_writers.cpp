#include <chrono>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <unistd.h>
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "spstress/core/error.hpp"
#include "spstress/core/sha256.hpp"
#include "spstress/scenarios/results.hpp"
#include "spstress/scenarios/writers.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using namespace spstress::scenarios;
using spstress::core::Sha256;
using spstress::core::sha256_file_hex;
using spstress::core::sha256_hex;

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();

// The headline metrics in the order DESIGN.md lists them ("Command line" section), typed here
// rather than taken from headline_metrics() so that the column order is checked, not assumed.
const std::vector<std::string> design_metrics = {"workers_exposed",     "hours_lost",
                                                 "jobs_lost",           "income_loss",
                                                 "ui_new_claims",       "ui_peak_claimants",
                                                 "ui_benefit_cost",     "ui_contribution_loss",
                                                 "ui_fund_end_balance", "ui_months_to_depletion",
                                                 "sa_new_recipients",   "sa_extra_cost",
                                                 "funding_gap",         "demand_spike_ratio"};
constexpr std::size_t months_to_depletion_index = 9;
constexpr std::size_t income_loss_index = 3;

using spstress::test::TempDir;

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  BOOST_REQUIRE_MESSAGE(in, "cannot open " + path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

RegionShape square(double west_deg, double south_deg, double side_deg, bool closed) {
  std::vector<std::array<double, 2>> ring = {{west_deg, south_deg},
                                             {west_deg + side_deg, south_deg},
                                             {west_deg + side_deg, south_deg + side_deg},
                                             {west_deg, south_deg + side_deg}};
  if (closed) ring.push_back(ring.front());
  RegionShape shape;
  shape.polygons.push_back({ring});
  return shape;
}

/// Two regions and a handful of rows. Guangdong: metric i has p5/p50/p95 = i+0.25/i+0.5/i+0.75
/// and no months to depletion (NaN). Zhejiang (a name with a comma): metric i has
/// 100(i+1) -1/+0/+1, except income_loss = 2.5e9 -1/+0/+1; its shape is a 3° square with a
/// 1° square hole.
RunResults make_results(int members) {
  RunResults r;
  r.provenance.version = "0.1.0";
  r.provenance.scenario_name = "heat, 2022";
  r.provenance.scenario_path = "(embedded default)";
  r.provenance.scenario_sha256 = std::string(64, 'a');
  r.provenance.input_sha256 = {{"data/hazard.nc", std::string(64, '1')},
                               {"data/regions.geojson", std::string(64, '2')}};
  r.provenance.seed = std::numeric_limits<std::uint64_t>::max();
  r.provenance.members = members;
  r.provenance.currency = "CNY";
  r.provenance.price_base_year = 2020;
  r.scenario_description = "A \"test\" heat wave";

  r.rows = {
      {0, "CN-GD", "Guangdong", "2022-07", "hours_lost", 1234567.891, "hours"},
      {0, "CN-GD", "Guangdong", "total", "income_loss", 12345678901.5, "CNY"},
      {1, "CN-HK", "Hong Kong, \"SAR\"", "total", "ui_months_to_depletion", nan, "months"},
      {1, "CN-ZJ", "Zhejiang, East", "2022-08", "jobs_lost", -0.0, "persons"},
      {1, "CN-ZJ", "Zhejiang, East", "total", "demand_spike_ratio", 1.0 / 3.0, "ratio"},
      {2, "CN-ZJ", "Zhejiang, East", "2022-08", "wbgt_max", 2.5e-7, "degC"},
  };

  RegionSummary gd;
  gd.code = "CN-GD";
  gd.name_en = "Guangdong";
  gd.name_zh = "广东省";
  gd.gb_code = "440000";
  gd.shape = square(110.0, 20.0, 2.0, /*closed=*/false);
  RegionSummary zj;
  zj.code = "CN-ZJ";
  zj.name_en = "Zhejiang, East";
  zj.name_zh = "浙江省";
  zj.gb_code = "330000";
  zj.shape = square(119.0, 28.0, 3.0, /*closed=*/true);
  zj.shape.polygons[0].push_back(square(120.0, 29.0, 1.0, false).polygons[0][0]);
  for (std::size_t i = 0; i < design_metrics.size(); ++i) {
    const double di = static_cast<double>(i);
    gd.metrics[design_metrics[i]] = {di + 0.25, di + 0.5, di + 0.75};
    const double centre = i == income_loss_index ? 2.5e9 : 100.0 * (di + 1.0);
    zj.metrics[design_metrics[i]] = {centre - 1.0, centre, centre + 1.0};
    r.national[design_metrics[i]] = {1000.0 * (di + 1.0) - 10.0, 1000.0 * (di + 1.0),
                                     1000.0 * (di + 1.0) + 10.0};
  }
  gd.metrics["ui_months_to_depletion"] = {nan, nan, nan};
  r.national["ui_months_to_depletion"] = {nan, nan, nan};
  r.national["funding_gap"] = {-0.0, -0.0, -0.0};
  r.regions = {gd, zj};
  r.notes = {"3 cells without exposure data", "second note"};
  r.benchmarks = {{"UI fund balance 2023", "3.5e11", "CNY", "MOHRSS statistical bulletin"},
                  {"UI recipients", "about 3 million", "persons", "MOHRSS"}};
  return r;
}

bool message_has(const spstress::Error& e, std::initializer_list<const char*> parts) {
  const std::string what = e.what();
  for (const char* part : parts) {
    if (what.find(part) == std::string::npos) return false;
  }
  return true;
}

struct DatasetCloser {
  void operator()(void* ds) const { GDALClose(ds); }
};
using DatasetPtr = std::unique_ptr<void, DatasetCloser>;
struct FeatureDestroyer {
  void operator()(void* f) const { OGR_F_Destroy(f); }
};
using FeaturePtr = std::unique_ptr<void, FeatureDestroyer>;

DatasetPtr open_vector(const std::string& path) {
  GDALAllRegister();
  DatasetPtr ds(
      GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  BOOST_REQUIRE_MESSAGE(ds, "GDAL cannot open " + path);
  return ds;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(test_writers)

// ---- SHA-256 against the FIPS 180-2 / NIST example vectors ----

BOOST_AUTO_TEST_CASE(sha256_matches_standard_vectors) {
  BOOST_TEST(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  BOOST_TEST(sha256_hex("abc") ==
             "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // 448 bits: the padding no longer fits the first block.
  BOOST_TEST(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
             "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  BOOST_TEST(sha256_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                        "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu") ==
             "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
  BOOST_TEST(sha256_hex(std::string(1000000, 'a')) ==
             "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

BOOST_AUTO_TEST_CASE(sha256_does_not_depend_on_how_input_is_split) {
  // Pieces of 1, 63, 64, 65 ... bytes cross block boundaries at every offset.
  Sha256 hash;
  const std::string million(1000000, 'a');
  std::size_t pos = 0;
  for (std::size_t piece = 1; pos < million.size(); piece = piece % 130 + 1) {
    const std::size_t take = std::min(piece, million.size() - pos);
    hash.update(million.data() + pos, take);
    pos += take;
  }
  BOOST_TEST(hash.hex_digest() ==
             "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

BOOST_AUTO_TEST_CASE(sha256_of_files_matches_vectors, *boost::unit_test::label("io")) {
  const TempDir dir;
  write_bytes(dir.file("abc.txt"), "abc");
  BOOST_TEST(sha256_file_hex(dir.file("abc.txt")) ==
             "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // Larger than one 64 KiB read chunk, and not a multiple of it.
  write_bytes(dir.file("million.txt"), std::string(1000000, 'a'));
  BOOST_TEST(sha256_file_hex(dir.file("million.txt")) ==
             "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  write_bytes(dir.file("empty.txt"), "");
  BOOST_TEST(sha256_file_hex(dir.file("empty.txt")) ==
             "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

BOOST_AUTO_TEST_CASE(sha256_of_missing_file_is_input_error, *boost::unit_test::label("io")) {
  const TempDir dir;
  const std::string missing = dir.file("no_such_file.nc");
  BOOST_CHECK_EXCEPTION(sha256_file_hex(missing), spstress::InputError,
                        [&](const spstress::InputError& e) {
                          return message_has(e, {missing.c_str(), "cannot open"});
                        });
}

// ---- results.csv ----

BOOST_AUTO_TEST_CASE(results_csv_quotes_fields_and_formats_numbers,
                     *boost::unit_test::label("io")) {
  const TempDir dir;
  write_results_csv(make_results(1), dir.file("results.csv"));
  // %.10g by hand: 12345678901.5 → 1.234567890e+10 with the trailing zero dropped;
  // 1/3 → ten threes; -0 → 0; NaN → empty; quotes doubled inside a quoted field.
  const std::string expected =
      "scenario,member,region_code,region_name,period,metric,value,unit\n"
      "\"heat, 2022\",0,CN-GD,Guangdong,2022-07,hours_lost,1234567.891,hours\n"
      "\"heat, 2022\",0,CN-GD,Guangdong,total,income_loss,1.23456789e+10,CNY\n"
      "\"heat, 2022\",1,CN-HK,\"Hong Kong, \"\"SAR\"\"\",total,ui_months_to_depletion,,months\n"
      "\"heat, 2022\",1,CN-ZJ,\"Zhejiang, East\",2022-08,jobs_lost,0,persons\n"
      "\"heat, 2022\",1,CN-ZJ,\"Zhejiang, East\",total,demand_spike_ratio,0.3333333333,ratio\n"
      "\"heat, 2022\",2,CN-ZJ,\"Zhejiang, East\",2022-08,wbgt_max,2.5e-07,degC\n";
  BOOST_TEST(read_bytes(dir.file("results.csv")) == expected);
}

BOOST_AUTO_TEST_CASE(results_csv_quotes_line_breaks, *boost::unit_test::label("io")) {
  const TempDir dir;
  RunResults r = make_results(1);
  r.rows = {{0, "CN-GD", "two\nlines", "total", "jobs_lost", 2.0, "persons"}};
  write_results_csv(r, dir.file("results.csv"));
  BOOST_TEST(read_bytes(dir.file("results.csv")) ==
             "scenario,member,region_code,region_name,period,metric,value,unit\n"
             "\"heat, 2022\",0,CN-GD,\"two\nlines\",total,jobs_lost,2,persons\n");
}

BOOST_AUTO_TEST_CASE(infinite_value_is_internal_error_and_keeps_old_results,
                     *boost::unit_test::label("io")) {
  const TempDir dir;
  const std::string path = dir.file("results.csv");
  write_bytes(path, "previous run\n");
  RunResults r = make_results(1);
  r.rows[3].value = -inf;
  BOOST_CHECK_EXCEPTION(write_results_csv(r, path), spstress::InternalError,
                        [](const spstress::InternalError& e) {
                          return message_has(e, {"row 4", "CN-ZJ", "jobs_lost", "-inf"});
                        });
  BOOST_TEST(read_bytes(path) == "previous run\n");
  BOOST_TEST(dir.entry_count() == 1u);  // no temporary file left behind
}

// ---- summary.csv ----

BOOST_AUTO_TEST_CASE(summary_csv_single_member_has_one_column_per_metric,
                     *boost::unit_test::label("io")) {
  const TempDir dir;
  write_summary_csv(make_results(1), dir.file("summary.csv"));
  const std::string expected =
      "region_code,region_name,name_zh,gb_code,workers_exposed,hours_lost,jobs_lost,"
      "income_loss,ui_new_claims,ui_peak_claimants,ui_benefit_cost,ui_contribution_loss,"
      "ui_fund_end_balance,ui_months_to_depletion,sa_new_recipients,sa_extra_cost,funding_gap,"
      "demand_spike_ratio\n"
      "CN-GD,Guangdong,广东省,440000,0.5,1.5,2.5,3.5,4.5,5.5,6.5,7.5,8.5,,10.5,11.5,12.5,13.5\n"
      "CN-ZJ,\"Zhejiang, East\",浙江省,330000,100,200,300,2500000000,500,600,700,800,900,1000,"
      "1100,1200,1300,1400\n";
  BOOST_TEST(read_bytes(dir.file("summary.csv")) == expected);
}

BOOST_AUTO_TEST_CASE(summary_csv_ensemble_adds_p5_and_p95_around_each_median,
                     *boost::unit_test::label("io")) {
  const TempDir dir;
  write_summary_csv(make_results(3), dir.file("summary.csv"));
  const std::string expected =
      "region_code,region_name,name_zh,gb_code,"
      "workers_exposed_p5,workers_exposed,workers_exposed_p95,"
      "hours_lost_p5,hours_lost,hours_lost_p95,"
      "jobs_lost_p5,jobs_lost,jobs_lost_p95,"
      "income_loss_p5,income_loss,income_loss_p95,"
      "ui_new_claims_p5,ui_new_claims,ui_new_claims_p95,"
      "ui_peak_claimants_p5,ui_peak_claimants,ui_peak_claimants_p95,"
      "ui_benefit_cost_p5,ui_benefit_cost,ui_benefit_cost_p95,"
      "ui_contribution_loss_p5,ui_contribution_loss,ui_contribution_loss_p95,"
      "ui_fund_end_balance_p5,ui_fund_end_balance,ui_fund_end_balance_p95,"
      "ui_months_to_depletion_p5,ui_months_to_depletion,ui_months_to_depletion_p95,"
      "sa_new_recipients_p5,sa_new_recipients,sa_new_recipients_p95,"
      "sa_extra_cost_p5,sa_extra_cost,sa_extra_cost_p95,"
      "funding_gap_p5,funding_gap,funding_gap_p95,"
      "demand_spike_ratio_p5,demand_spike_ratio,demand_spike_ratio_p95\n"
      "CN-GD,Guangdong,广东省,440000,"
      "0.25,0.5,0.75,1.25,1.5,1.75,2.25,2.5,2.75,3.25,3.5,3.75,4.25,4.5,4.75,"
      "5.25,5.5,5.75,6.25,6.5,6.75,7.25,7.5,7.75,8.25,8.5,8.75,,,,"
      "10.25,10.5,10.75,11.25,11.5,11.75,12.25,12.5,12.75,13.25,13.5,13.75\n"
      "CN-ZJ,\"Zhejiang, East\",浙江省,330000,"
      "99,100,101,199,200,201,299,300,301,2499999999,2500000000,2500000001,"
      "499,500,501,599,600,601,699,700,701,799,800,801,899,900,901,999,1000,1001,"
      "1099,1100,1101,1199,1200,1201,1299,1300,1301,1399,1400,1401\n";
  BOOST_TEST(read_bytes(dir.file("summary.csv")) == expected);
}

BOOST_AUTO_TEST_CASE(summary_csv_into_missing_folder_is_input_error,
                     *boost::unit_test::label("io")) {
  const TempDir dir;
  const std::string path = dir.file("no_such_folder/summary.csv");
  BOOST_CHECK_EXCEPTION(
      write_summary_csv(make_results(1), path), spstress::InputError,
      [&](const spstress::InputError& e) { return message_has(e, {path.c_str()}); });
}

BOOST_AUTO_TEST_CASE(summary_csv_missing_headline_metric_is_internal_error) {
  const TempDir dir;
  RunResults r = make_results(1);
  r.regions[1].metrics.erase("sa_extra_cost");
  BOOST_CHECK_EXCEPTION(write_summary_csv(r, dir.file("summary.csv")), spstress::InternalError,
                        [](const spstress::InternalError& e) {
                          return message_has(e, {"CN-ZJ", "sa_extra_cost"});
                        });
}

// ---- summary.json ----

BOOST_AUTO_TEST_CASE(summary_json_single_member_has_provenance_and_plain_figures,
                     *boost::unit_test::label("io")) {
  const TempDir dir;
  write_summary_json(make_results(1), dir.file("summary.json"));
  const std::string text = read_bytes(dir.file("summary.json"));
  const auto doc = nlohmann::ordered_json::parse(text);

  std::vector<std::string> keys;
  for (const auto& item : doc.items()) keys.push_back(item.key());
  const std::vector<std::string> expected_keys = {
      "spstress_version", "scenario", "seed",      "members", "currency",
      "price_base_year",  "inputs",   "units",     "metrics", "national",
      "regions",          "notes",    "benchmarks"};
  BOOST_TEST(keys == expected_keys, boost::test_tools::per_element());

  BOOST_TEST(doc["spstress_version"] == "0.1.0");
  BOOST_TEST(doc["scenario"]["name"] == "heat, 2022");
  BOOST_TEST(doc["scenario"]["path"] == "(embedded default)");
  BOOST_TEST(doc["scenario"]["sha256"] == std::string(64, 'a'));
  BOOST_TEST(doc["scenario"]["description"] == "A \"test\" heat wave");
  // The largest 64-bit seed must survive as an exact integer.
  BOOST_TEST(text.find("\"seed\": 18446744073709551615,") != std::string::npos);
  BOOST_TEST(doc["members"] == 1);
  BOOST_TEST(doc["currency"] == "CNY");
  BOOST_TEST(doc["price_base_year"] == 2020);
  BOOST_TEST(doc["inputs"].size() == 2u);
  BOOST_TEST(doc["inputs"][1]["file"] == "data/regions.geojson");
  BOOST_TEST(doc["inputs"][1]["sha256"] == std::string(64, '2'));

  // Units: the 14 headline metrics in DESIGN.md order, then the other row metric.
  std::vector<std::string> unit_keys;
  for (const auto& item : doc["units"].items()) unit_keys.push_back(item.key());
  std::vector<std::string> expected_unit_keys = design_metrics;
  expected_unit_keys.push_back("wbgt_max");
  BOOST_TEST(unit_keys == expected_unit_keys, boost::test_tools::per_element());
  BOOST_TEST(doc["units"]["income_loss"] == "CNY");
  BOOST_TEST(doc["units"]["ui_months_to_depletion"] == "months");
  BOOST_TEST(doc["units"]["wbgt_max"] == "degC");
  BOOST_TEST(doc["metrics"].size() == 14u);
  BOOST_TEST(doc["metrics"][1]["name"] == "hours_lost");
  BOOST_TEST(doc["metrics"][1]["unit"] == "hours");
  BOOST_TEST(!doc["metrics"][1]["description"].get<std::string>().empty());

  // national metric i = 1000(i+1); exact binary values, so compared exactly.
  BOOST_TEST(doc["national"]["hours_lost"].get<double>() == 2000.0);
  BOOST_TEST(doc["national"]["ui_months_to_depletion"].is_null());
  BOOST_TEST(doc["national"]["funding_gap"].get<double>() == 0.0);
  BOOST_TEST(text.find("-0.0") == std::string::npos);  // negative zero written as 0

  BOOST_TEST(doc["regions"].size() == 2u);
  BOOST_TEST(doc["regions"][0]["code"] == "CN-GD");
  BOOST_TEST(doc["regions"][0]["name_zh"] == "广东省");
  BOOST_TEST(doc["regions"][0]["gb_code"] == "440000");
  BOOST_TEST(doc["regions"][0]["metrics"]["hours_lost"].get<double>() == 1.5);
  BOOST_TEST(doc["regions"][0]["metrics"]["ui_months_to_depletion"].is_null());
  BOOST_TEST(doc["regions"][1]["name_en"] == "Zhejiang, East");
  BOOST_TEST(doc["regions"][1]["metrics"]["income_loss"].get<double>() == 2.5e9);

  BOOST_TEST(doc["notes"].size() == 2u);
  BOOST_TEST(doc["notes"][0] == "3 cells without exposure data");
  BOOST_TEST(doc["benchmarks"][0]["label"] == "UI fund balance 2023");
  BOOST_TEST(doc["benchmarks"][0]["value"].get<double>() == 3.5e11);
  BOOST_TEST(doc["benchmarks"][0]["source"] == "MOHRSS statistical bulletin");
  BOOST_TEST(doc["benchmarks"][1]["value"] == "about 3 million");  // not a number: kept as text
  BOOST_TEST(doc["benchmarks"][1]["unit"] == "persons");
  BOOST_TEST(text.back() == '\n');
}

BOOST_AUTO_TEST_CASE(summary_json_ensemble_gives_p5_p50_p95, *boost::unit_test::label("io")) {
  const TempDir dir;
  write_summary_json(make_results(3), dir.file("summary.json"));
  const auto doc = nlohmann::ordered_json::parse(read_bytes(dir.file("summary.json")));
  const auto& national = doc["national"]["hours_lost"];
  BOOST_TEST(national["p5"].get<double>() == 1990.0);
  BOOST_TEST(national["p50"].get<double>() == 2000.0);
  BOOST_TEST(national["p95"].get<double>() == 2010.0);
  BOOST_TEST(doc["national"]["ui_months_to_depletion"]["p50"].is_null());
  const auto& zj = doc["regions"][1]["metrics"]["income_loss"];
  BOOST_TEST(zj["p5"].get<double>() == 2499999999.0);
  BOOST_TEST(zj["p95"].get<double>() == 2500000001.0);
  BOOST_TEST(doc["regions"][0]["metrics"]["ui_months_to_depletion"]["p95"].is_null());
}

BOOST_AUTO_TEST_CASE(summary_json_rejects_infinite_national_figure_and_keeps_old_file,
                     *boost::unit_test::label("io")) {
  const TempDir dir;
  const std::string path = dir.file("summary.json");
  write_bytes(path, "{}\n");
  RunResults r = make_results(3);
  r.national["sa_extra_cost"].p95 = inf;
  BOOST_CHECK_EXCEPTION(write_summary_json(r, path), spstress::InternalError,
                        [](const spstress::InternalError& e) {
                          return message_has(e, {"national", "sa_extra_cost", "p95", "+inf"});
                        });
  BOOST_TEST(read_bytes(path) == "{}\n");
}

BOOST_AUTO_TEST_CASE(summary_json_rejects_text_that_is_not_utf8, *boost::unit_test::label("io")) {
  const TempDir dir;
  const std::string path = dir.file("summary.json");
  RunResults r = make_results(1);
  r.regions[0].name_zh = "\xb9\xe3\xb6\xab";  // GBK bytes of 广东, not UTF-8
  BOOST_CHECK_EXCEPTION(write_summary_json(r, path), spstress::InputError,
                        [&](const spstress::InputError& e) {
                          return message_has(e, {path.c_str(), "UTF-8"});
                        });
  BOOST_TEST(!fs::exists(path));
}

// ---- regions.gpkg ----

BOOST_AUTO_TEST_CASE(regions_gpkg_holds_one_feature_per_region, *boost::unit_test::label("io")) {
  const TempDir dir;
  const std::string path = dir.file("regions.gpkg");
  write_regions_gpkg(make_results(3), path);

  const DatasetPtr ds = open_vector(path);
  OGRLayerH layer = GDALDatasetGetLayerByName(ds.get(), "regions");
  BOOST_REQUIRE(layer != nullptr);
  BOOST_TEST(OGR_L_GetFeatureCount(layer, TRUE) == 2);
  BOOST_TEST(wkbFlatten(OGR_L_GetGeomType(layer)) == wkbMultiPolygon);
  OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(layer);
  BOOST_REQUIRE(srs != nullptr);
  BOOST_TEST(std::string(OSRGetAuthorityCode(srs, nullptr)) == "4326");

  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
  BOOST_TEST(OGR_FD_GetFieldCount(defn) == 4 + 14);
  const int code_i = OGR_FD_GetFieldIndex(defn, "code");
  const int name_zh_i = OGR_FD_GetFieldIndex(defn, "name_zh");
  const int gb_i = OGR_FD_GetFieldIndex(defn, "gb_code");
  const int hours_i = OGR_FD_GetFieldIndex(defn, "hours_lost");
  const int income_i = OGR_FD_GetFieldIndex(defn, "income_loss");
  const int months_i = OGR_FD_GetFieldIndex(defn, "ui_months_to_depletion");
  BOOST_REQUIRE(code_i >= 0 && name_zh_i >= 0 && gb_i >= 0 && hours_i >= 0 && income_i >= 0 &&
                months_i >= 0);
  BOOST_TEST(OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, hours_i)) == OFTReal);

  OGR_L_ResetReading(layer);
  const FeaturePtr gd(OGR_L_GetNextFeature(layer));
  const FeaturePtr zj(OGR_L_GetNextFeature(layer));
  BOOST_REQUIRE(gd && zj);
  BOOST_TEST(std::string(OGR_F_GetFieldAsString(gd.get(), code_i)) == "CN-GD");
  BOOST_TEST(std::string(OGR_F_GetFieldAsString(gd.get(), name_zh_i)) == "广东省");
  BOOST_TEST(std::string(OGR_F_GetFieldAsString(gd.get(), gb_i)) == "440000");
  BOOST_TEST(OGR_F_GetFieldAsDouble(gd.get(), hours_i) == 1.5);  // p50, not p5 or p95
  BOOST_TEST(OGR_F_IsFieldNull(gd.get(), months_i));             // NaN → null
  BOOST_TEST(std::string(OGR_F_GetFieldAsString(zj.get(), code_i)) == "CN-ZJ");
  BOOST_TEST(OGR_F_GetFieldAsDouble(zj.get(), income_i) == 2.5e9);
  BOOST_TEST(!OGR_F_IsFieldNull(zj.get(), months_i));
  BOOST_TEST(OGR_F_GetFieldAsDouble(zj.get(), months_i) == 1000.0);

  // Shoelace areas of squares with integer corners are exact in binary; 1e-12 deg² only allows
  // for the order of summation.
  OGRGeometryH gd_geom = OGR_F_GetGeometryRef(gd.get());
  OGRGeometryH zj_geom = OGR_F_GetGeometryRef(zj.get());
  BOOST_REQUIRE(gd_geom != nullptr && zj_geom != nullptr);
  BOOST_TEST(wkbFlatten(OGR_G_GetGeometryType(gd_geom)) == wkbMultiPolygon);
  BOOST_TEST(OGR_G_Area(gd_geom) == 4.0, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(OGR_G_Area(zj_geom) == 9.0 - 1.0, boost::test_tools::tolerance(1e-12));  // hole

  // The open input ring of Guangdong comes back closed, longitude first.
  OGRGeometryH gd_ring = OGR_G_GetGeometryRef(OGR_G_GetGeometryRef(gd_geom, 0), 0);
  BOOST_TEST(OGR_G_GetPointCount(gd_ring) == 5);
  BOOST_TEST(OGR_G_GetX(gd_ring, 0) == 110.0);
  BOOST_TEST(OGR_G_GetY(gd_ring, 0) == 20.0);
  BOOST_TEST(OGR_G_GetX(gd_ring, 4) == 110.0);
  BOOST_TEST(OGR_G_GetY(gd_ring, 4) == 20.0);
  BOOST_TEST(OGR_G_GetGeometryCount(OGR_G_GetGeometryRef(zj_geom, 0)) == 2);  // outer + hole

  // The layer's timestamp is the fixed one that makes reruns byte-identical.
  OGRLayerH sql = GDALDatasetExecuteSQL(
      ds.get(), "SELECT last_change FROM gpkg_contents WHERE table_name = 'regions'", nullptr,
      nullptr);
  BOOST_REQUIRE(sql != nullptr);
  const FeaturePtr row(OGR_L_GetNextFeature(sql));
  BOOST_REQUIRE(row);
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, tz_flag = 0;
  float second = -1.0f;
  BOOST_REQUIRE(OGR_F_GetFieldAsDateTimeEx(row.get(), 0, &year, &month, &day, &hour, &minute,
                                           &second, &tz_flag));
  BOOST_TEST(year == 2000);
  BOOST_TEST(month == 1);
  BOOST_TEST(day == 1);
  BOOST_TEST(hour == 0);
  BOOST_TEST(minute == 0);
  BOOST_TEST(second == 0.0f);
  GDALDatasetReleaseResultSet(ds.get(), sql);
}

BOOST_AUTO_TEST_CASE(regions_gpkg_into_missing_folder_is_input_error,
                     *boost::unit_test::label("io")) {
  const TempDir dir;
  const std::string path = dir.file("no_such_folder/regions.gpkg");
  BOOST_CHECK_EXCEPTION(write_regions_gpkg(make_results(1), path), spstress::InputError,
                        [&](const spstress::InputError& e) {
                          return message_has(e, {path.c_str(), "cannot create GeoPackage"});
                        });
}

BOOST_AUTO_TEST_CASE(regions_gpkg_failure_keeps_previous_file, *boost::unit_test::label("io")) {
  const TempDir dir;
  const std::string path = dir.file("regions.gpkg");
  write_regions_gpkg(make_results(1), path);
  const std::string before = read_bytes(path);
  RunResults r = make_results(1);
  r.regions[1].metrics["funding_gap"].p50 = inf;
  BOOST_CHECK_EXCEPTION(write_regions_gpkg(r, path), spstress::InternalError,
                        [](const spstress::InternalError& e) {
                          return message_has(e, {"CN-ZJ", "funding_gap", "infinite"});
                        });
  BOOST_TEST((read_bytes(path) == before));
  BOOST_TEST(dir.entry_count() == 1u);  // neither the temporary file nor a journal remains
}

// ---- determinism ----

BOOST_AUTO_TEST_CASE(rerun_writes_identical_bytes, *boost::unit_test::label("io")) {
  const TempDir dir;
  const RunResults r = make_results(3);
  const std::vector<std::string> names = {"results.csv", "summary.csv", "summary.json",
                                          "regions.gpkg"};
  const auto write_all = [&] {
    write_results_csv(r, dir.file(names[0]));
    write_summary_csv(r, dir.file(names[1]));
    write_summary_json(r, dir.file(names[2]));
    write_regions_gpkg(r, dir.file(names[3]));
  };
  write_all();
  std::vector<std::string> first;
  for (const std::string& name : names) first.push_back(read_bytes(dir.file(name)));
  // GDAL's default timestamps have millisecond resolution; wait so that any clock-derived
  // byte would differ.
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  write_all();
  for (std::size_t i = 0; i < names.size(); ++i) {
    BOOST_TEST_CONTEXT(names[i]) {
      BOOST_TEST(!first[i].empty());
      BOOST_TEST((read_bytes(dir.file(names[i])) == first[i]));
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

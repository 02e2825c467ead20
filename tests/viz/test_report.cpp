#include <filesystem>
#include <string>

#include <boost/test/unit_test.hpp>

#include "fixtures.hpp"
#include "spstress/core/error.hpp"
#include "spstress/viz/choropleth.hpp"
#include "spstress/viz/report.hpp"

namespace {

using spstress::InputError;
using spstress::viz::testing::read_all;
using spstress::viz::testing::square_region;
using spstress::viz::testing::TempDir;

spstress::scenarios::RunResults ensemble_results() {
  spstress::scenarios::RunResults results;
  auto& provenance = results.provenance;
  provenance.version = "9.8.7";
  provenance.scenario_name = "heat & drought";
  provenance.scenario_path = "(embedded default)";
  provenance.scenario_sha256 = std::string(64, 'c');
  provenance.input_sha256 = {{"hazards/tas.nc", "0123456789abcdef0123456789abcdef"}};
  provenance.seed = 20240601;
  provenance.members = 3;
  provenance.price_base_year = 2020;
  results.scenario_description = "A hot summer.";
  results.regions.push_back(square_region("XA", "Alpha", 100, 30, 5e8));
  results.regions.push_back(square_region("XB", "Beta <b>", 110, 30, 2e9));
  results.regions.push_back(
      square_region("XC", "Gamma", 120, 30, std::numeric_limits<double>::quiet_NaN()));
  results.national["funding_gap"] = {1e9, 2e9, 3e9};
  results.notes = {"2 cells <script>alert(1)</script> had no data"};
  results.benchmarks = {{"UI fund balance", "2.9e11", "CNY", "MOHRSS bulletin"}};
  return results;
}

bool message_contains(const InputError& error, const std::string& text) {
  return std::string(error.what()).find(text) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(test_report)

BOOST_AUTO_TEST_CASE(report_stands_alone_with_the_map_inlined, *boost::unit_test::label("io")) {
  const TempDir dir;
  const auto results = ensemble_results();
  const std::string map = dir.file("funding_gap.svg");
  spstress::viz::write_choropleth(results, spstress::viz::MapOptions{}, map);
  const std::string path = dir.file("report.html");
  spstress::viz::write_report(results, map, path);
  const std::string html = read_all(path);

  BOOST_TEST(html.rfind("<!DOCTYPE html>", 0) == 0);
  BOOST_TEST(html.find("<meta charset=\"utf-8\">") != std::string::npos);
  BOOST_TEST(html.find("<?xml") == std::string::npos);
  BOOST_TEST(html.find("<svg") != std::string::npos);
  BOOST_TEST(html.find("Funding gap (CNY): 500 million") != std::string::npos);  // map legend
  // Nothing fetched from elsewhere, and the map's ids cannot clash with another drawing.
  BOOST_TEST(html.find("<script") == std::string::npos);
  BOOST_TEST(html.find("<link") == std::string::npos);
  BOOST_TEST(html.find(" src=") == std::string::npos);
  BOOST_TEST(html.find("id=\"glyph") == std::string::npos);
  BOOST_TEST(html.find("id=\"spstress-map-") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(report_escapes_text_and_orders_regions_by_funding_gap,
                     *boost::unit_test::label("io")) {
  const TempDir dir;
  const auto results = ensemble_results();
  const std::string path = dir.file("report.html");
  spstress::viz::write_report(results, "", path);
  const std::string html = read_all(path);

  BOOST_TEST(html.find("heat &amp; drought") != std::string::npos);
  BOOST_TEST(html.find("Beta <b>") == std::string::npos);
  BOOST_TEST(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);

  // 2 billion (Beta) before 500 million (Alpha) before no value (Gamma).
  const std::size_t regions = html.find("<h2>Regions</h2>");
  BOOST_REQUIRE(regions != std::string::npos);
  const std::size_t beta = html.find("<td>Beta &lt;b&gt;</td>", regions);
  const std::size_t alpha = html.find("<td>Alpha</td>", regions);
  const std::size_t gamma = html.find("<td>Gamma</td>", regions);
  BOOST_TEST(beta < alpha);
  BOOST_TEST(alpha < gamma);
  BOOST_TEST(gamma != std::string::npos);
  BOOST_TEST(html.find("<td class=\"num\">2 billion</td>", regions) != std::string::npos);
  BOOST_TEST(html.find("<td class=\"num\">500 million</td>", regions) != std::string::npos);
}

BOOST_AUTO_TEST_CASE(report_gives_provenance_bands_and_benchmarks, *boost::unit_test::label("io")) {
  const TempDir dir;
  const std::string path = dir.file("report.html");
  spstress::viz::write_report(ensemble_results(), "", path);
  const std::string html = read_all(path);

  BOOST_TEST(html.find("20240601") != std::string::npos);
  BOOST_TEST(html.find(std::string(64, 'c')) != std::string::npos);
  // Inputs show the first 12 hex digits of their hash only.
  BOOST_TEST(html.find("<code>0123456789ab</code>") != std::string::npos);
  // Three members: median with a 5th–95th percentile band.
  BOOST_TEST(html.find("<td>Funding gap</td><td class=\"num\">2 billion</td><td class=\"num\">1 "
                       "billion \u2013 3 billion</td><td>CNY</td>") != std::string::npos);
  // The benchmark 2.9e11 CNY is written like the model's own figures.
  BOOST_TEST(html.find("<td>UI fund balance</td><td class=\"num\">290 billion</td><td>CNY</td>"
                       "<td>MOHRSS bulletin</td>") != std::string::npos);
  BOOST_TEST(html.find("<code>ui_months_to_depletion</code>") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(missing_map_is_an_input_error_naming_it, *boost::unit_test::label("io")) {
  const TempDir dir;
  const std::string map = dir.file("absent.svg");
  const std::string path = dir.file("report.html");
  BOOST_CHECK_EXCEPTION(spstress::viz::write_report(ensemble_results(), map, path), InputError,
                        [&](const InputError& e) { return message_contains(e, map); });
  BOOST_TEST(!std::filesystem::exists(path));
}

BOOST_AUTO_TEST_SUITE_END()

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstddef>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "spstress/core/error.hpp"
#include "spstress/shocks/flood.hpp"

using spstress::InputError;
using spstress::shocks::CellDamageSummary;
using spstress::shocks::DepthDamageCurve;
using spstress::shocks::DepthDamageRow;
using spstress::shocks::FittedAsiaCurve;
using spstress::shocks::FloodEvent;
using spstress::shocks::FloodSector;
using spstress::shocks::FloodSectorLoss;
using spstress::shocks::FloodSettings;
using spstress::shocks::RebuildClass;
namespace shocks = spstress::shocks;
namespace tt = boost::test_tools;

namespace {

const double nan_d = std::numeric_limits<double>::quiet_NaN();
const double inf_d = std::numeric_limits<double>::infinity();

/// The message must start with the caller's `where` and contain `part`.
auto message_is(const std::string& where, const std::string& part) {
  return [where, part](const spstress::Error& e) {
    const std::string m = e.what();
    return m.rfind(where, 0) == 0 && m.find(part) != std::string::npos;
  };
}

auto message_contains(const std::string& part) {
  return [part](const spstress::Error& e) {
    return std::string(e.what()).find(part) != std::string::npos;
  };
}

const std::vector<double> jrc_depths_m{0, 0.5, 1, 1.5, 2, 3, 4, 5, 6};

/// Residential, Asia, as printed in docs/model.md §2.1.
DepthDamageCurve residential() {
  return DepthDamageCurve("residential", jrc_depths_m,
                          {0, 0.3266, 0.4941, 0.6166, 0.7207, 0.8695, 0.9315, 0.9836, 1.0}, "test");
}

FloodSector sector(double damage_ratio, double affected, double value_added, double output,
                   double employed, RebuildClass rebuild) {
  FloodSector s;
  s.id = "s";
  s.damage_ratio_share = damage_ratio;
  s.affected_share = affected;
  s.value_added_cny_per_year = value_added;
  s.output_cny_per_year = output;
  s.employed_persons = employed;
  s.rebuild_class = rebuild;
  return s;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(test_flood)

// ---------------------------------------------------------------------------------------------
// Curves

BOOST_AUTO_TEST_CASE(residential_curve_interpolates_linearly_between_points) {
  const DepthDamageCurve c = residential();
  // One multiply-add on four-digit table values: 1e-12 relative is rounding only, while the
  // wrong segment or weight moves the result by more than 1e-2.
  // 0.75 m: 0.3266 + 0.5 × (0.4941 − 0.3266) = 0.41035.
  BOOST_TEST(shocks::damage_ratio_share(c, 0.75, "t") == 0.41035, tt::tolerance(1e-12));
  // 2.5 m: 0.7207 + 0.5 × (0.8695 − 0.7207) = 0.7951.
  BOOST_TEST(shocks::damage_ratio_share(c, 2.5, "t") == 0.7951, tt::tolerance(1e-12));
  // 0.1 m: 0.2 × 0.3266 = 0.06532.
  BOOST_TEST(shocks::damage_ratio_share(c, 0.1, "t") == 0.06532, tt::tolerance(1e-12));
  // On a point the table value comes back exactly.
  BOOST_TEST(shocks::damage_ratio_share(c, 1.5, "t") == 0.6166);
  BOOST_TEST(shocks::damage_ratio_share(c, 0.0, "t") == 0.0);
  BOOST_TEST(shocks::damage_ratio_share(c, -0.0, "t") == 0.0);
  BOOST_TEST(shocks::damage_ratio_share(c, 6.0, "t") == 1.0);
  // Beyond the last point: the last ratio (docs/model.md: DR = 1 above 6 m).
  BOOST_TEST(shocks::damage_ratio_share(c, 7.0, "t") == 1.0);
  BOOST_TEST(std::isnan(shocks::damage_ratio_share(c, nan_d, "t")));
}

BOOST_AUTO_TEST_CASE(last_ratio_holds_beyond_a_curve_that_stops_below_one) {
  const DepthDamageCurve c("short", {0, 1}, {0, 0.4}, "t");
  BOOST_TEST(shocks::damage_ratio_share(c, 3.0, "t") == 0.4);
}

BOOST_AUTO_TEST_CASE(negative_or_infinite_depth_is_an_input_error_naming_where) {
  const DepthDamageCurve c = residential();
  BOOST_CHECK_EXCEPTION(shocks::damage_ratio_share(c, -0.2, "flood.nc: depth_m"), InputError,
                        message_is("flood.nc: depth_m: ", "depth -0.2 m is negative"));
  BOOST_CHECK_EXCEPTION(shocks::damage_ratio_share(c, inf_d, "flood.nc: depth_m"), InputError,
                        message_is("flood.nc: depth_m: ", "not finite"));
  BOOST_CHECK_EXCEPTION(
      shocks::damage_ratios(c, std::vector<double>{0.5, 1.0, -3.0}, "flood.nc: depth_m"),
      InputError, message_is("flood.nc: depth_m: ", "cell 2: depth -3 m is negative"));
  BOOST_CHECK_EXCEPTION(
      shocks::fitted_asia_damage_ratio_share(FittedAsiaCurve::BuiltUp, -1.0, "grid"), InputError,
      message_is("grid: ", "negative"));
}

BOOST_AUTO_TEST_CASE(depth_vectors_map_cell_by_cell_and_keep_missing_cells) {
  const DepthDamageCurve c = residential();
  const std::vector<double> depths{0.0, 0.75, nan_d, 7.0};
  const std::vector<double> dr = shocks::damage_ratios(c, depths, "t");
  BOOST_TEST_REQUIRE(dr.size() == 4u);
  BOOST_TEST(dr[0] == 0.0);
  BOOST_TEST(dr[1] == 0.41035, tt::tolerance(1e-12));  // as in the single-depth case
  BOOST_TEST(std::isnan(dr[2]));
  BOOST_TEST(dr[3] == 1.0);

  Eigen::VectorXd depths_e(4);
  depths_e << 0.0, 0.75, nan_d, 7.0;
  const Eigen::VectorXd dr_e = shocks::damage_ratios(c, depths_e, "t");
  BOOST_TEST_REQUIRE(dr_e.size() == 4);
  BOOST_TEST(dr_e[0] == 0.0);
  BOOST_TEST(dr_e[1] == 0.41035, tt::tolerance(1e-12));
  BOOST_TEST(std::isnan(dr_e[2]));
  BOOST_TEST(dr_e[3] == 1.0);
}

BOOST_AUTO_TEST_CASE(fitted_asia_curves_reproduce_the_model_values) {
  // docs/model.md §2.1 [D] values are rounded to three decimals: 5e-4 is half a unit of the
  // last digit, so any error in the fitted constants beyond rounding fails.
  const double depths[] = {0.5, 1.0, 2.0, 3.0};
  const double built_up[] = {0.314, 0.505, 0.724, 0.846};
  const double agriculture[] = {0.189, 0.340, 0.565, 0.726};
  for (int i = 0; i < 4; ++i) {
    const double b =
        shocks::fitted_asia_damage_ratio_share(FittedAsiaCurve::BuiltUp, depths[i], "t");
    const double a =
        shocks::fitted_asia_damage_ratio_share(FittedAsiaCurve::Agriculture, depths[i], "t");
    BOOST_TEST(std::abs(b - built_up[i]) <= 5e-4, "built-up at " << depths[i] << " m: " << b);
    BOOST_TEST(std::abs(a - agriculture[i]) <= 5e-4, "agriculture at " << depths[i] << " m: " << a);
  }
  // Dry is dry although the built-up formula gives 0.0026 at 0 m; both fits exceed 1 at 6 m
  // (built-up 1.27 − 1.26/5.03 = 1.016; agriculture 10.04/9.92 = 1.012) and are clipped.
  BOOST_TEST(shocks::fitted_asia_damage_ratio_share(FittedAsiaCurve::BuiltUp, 0.0, "t") == 0.0);
  BOOST_TEST(shocks::fitted_asia_damage_ratio_share(FittedAsiaCurve::BuiltUp, 6.0, "t") == 1.0);
  BOOST_TEST(shocks::fitted_asia_damage_ratio_share(FittedAsiaCurve::Agriculture, 6.0, "t") == 1.0);
  BOOST_TEST(
      std::isnan(shocks::fitted_asia_damage_ratio_share(FittedAsiaCurve::Agriculture, nan_d, "t")));
  const std::vector<double> v = shocks::damage_ratios(FittedAsiaCurve::Agriculture,
                                                      std::vector<double>{0.0, nan_d, 1.0}, "t");
  BOOST_TEST(v[0] == 0.0);
  BOOST_TEST(std::isnan(v[1]));
  BOOST_TEST(std::abs(v[2] - 0.340) <= 5e-4);
}

BOOST_AUTO_TEST_CASE(fitted_fallback_covers_the_table_curves_only) {
  BOOST_TEST((shocks::fitted_asia_fallback("residential", "t") == FittedAsiaCurve::BuiltUp));
  BOOST_TEST((shocks::fitted_asia_fallback("commercial", "t") == FittedAsiaCurve::BuiltUp));
  BOOST_TEST((shocks::fitted_asia_fallback("industrial", "t") == FittedAsiaCurve::BuiltUp));
  BOOST_TEST((shocks::fitted_asia_fallback("agriculture", "t") == FittedAsiaCurve::Agriculture));
  BOOST_CHECK_EXCEPTION(shocks::fitted_asia_fallback("roads", "scenario.json: /flood/curve"),
                        InputError, message_is("scenario.json: /flood/curve: ", "curve 'roads'"));
}

BOOST_AUTO_TEST_CASE(invalid_curves_are_rejected_with_where_and_what) {
  const std::string w = "depth_damage.csv";
  BOOST_CHECK_EXCEPTION((DepthDamageCurve("c", {0, 1, 1}, {0, 0.5, 0.6}, w)), InputError,
                        message_is(w + ": curve 'c': ",
                                   "depth 1 m at point 3 is not greater than the previous depth"));
  BOOST_CHECK_EXCEPTION((DepthDamageCurve("c", {0, 2, 1}, {0, 0.5, 0.6}, w)), InputError,
                        message_is(w + ": curve 'c': ", "expected strictly increasing depths"));
  BOOST_CHECK_EXCEPTION(
      (DepthDamageCurve("c", {0, 1, 2}, {0, 0.5, 1.2}, w)), InputError,
      message_is(w + ": curve 'c': ", "damage ratio 1.2 at depth 2 m is outside"));
  BOOST_CHECK_EXCEPTION((DepthDamageCurve("c", {0, 1, 2}, {0, 0.5, 0.4}, w)), InputError,
                        message_is(w + ": curve 'c': ", "expected non-decreasing damage ratios"));
  BOOST_CHECK_EXCEPTION((DepthDamageCurve("c", {0, 1, 2}, {0, nan_d, 0.4}, w)), InputError,
                        message_is(w + ": curve 'c': ", "damage ratio nan"));
  BOOST_CHECK_EXCEPTION((DepthDamageCurve("c", {0.5, 1}, {0, 0.5}, w)), InputError,
                        message_is(w + ": curve 'c': ", "first depth is 0.5 m; expected 0 m"));
  BOOST_CHECK_EXCEPTION((DepthDamageCurve("c", {0, 1}, {0.1, 0.5}, w)), InputError,
                        message_is(w + ": curve 'c': ", "damage ratio at 0 m is 0.1"));
  BOOST_CHECK_EXCEPTION((DepthDamageCurve("c", {0, 1}, {0}, w)), InputError,
                        message_is(w + ": curve 'c': ", "2 depths but 1 damage ratios"));
  BOOST_CHECK_EXCEPTION((DepthDamageCurve("c", {0}, {0}, w)), InputError,
                        message_is(w + ": curve 'c': ", "expected at least 2"));
  BOOST_CHECK_EXCEPTION((DepthDamageCurve("c", {0, 1, nan_d}, {0, 0.5, 0.6}, w)), InputError,
                        message_is(w + ": curve 'c': ", "depth nan m at point 3"));
  BOOST_CHECK_EXCEPTION((DepthDamageCurve("", {0, 1}, {0, 1}, w)), InputError,
                        message_is(w + ": ", "empty name"));
}

BOOST_AUTO_TEST_CASE(rows_are_grouped_into_curves_in_order_of_first_appearance) {
  const std::vector<DepthDamageRow> rows{
      {"b", 0, 0}, {"a", 0, 0}, {"b", 1, 0.2}, {"a", 2, 0.8}, {"b", 3, 0.9}};
  const auto curves = shocks::depth_damage_curves_from_rows(rows, "t");
  BOOST_TEST_REQUIRE(curves.size() == 2u);
  BOOST_TEST(curves[0].name() == "b");
  BOOST_TEST(curves[1].name() == "a");
  BOOST_TEST(curves[0].depths_m() == (std::vector<double>{0, 1, 3}), tt::per_element());
  BOOST_TEST(curves[1].damage_ratios_share() == (std::vector<double>{0, 0.8}), tt::per_element());
  const DepthDamageCurve* a = shocks::find_depth_damage_curve(curves, "a");
  BOOST_TEST_REQUIRE(a != nullptr);
  // 1 m on a: halfway from 0 to 0.8.
  BOOST_TEST(shocks::damage_ratio_share(*a, 1.0, "t") == 0.4, tt::tolerance(1e-12));
  BOOST_TEST(shocks::find_depth_damage_curve(curves, "c") == nullptr);

  BOOST_CHECK_EXCEPTION(
      shocks::depth_damage_curves_from_rows({{"a", 0, 0}, {"a", 1, 1}, {"", 2, 1}}, "f.csv"),
      InputError, message_is("f.csv: data row 3: ", "curve name is empty"));
  // Rows out of depth order are not sorted silently.
  BOOST_CHECK_EXCEPTION(
      shocks::depth_damage_curves_from_rows({{"a", 0, 0}, {"a", 2, 1}, {"a", 1, 0.5}}, "f.csv"),
      InputError, message_is("f.csv: curve 'a': ", "not greater than the previous depth 2 m"));
}

BOOST_AUTO_TEST_CASE(jrc_asia_table_file_matches_the_model_table, *boost::unit_test::label("io")) {
  const std::string path =
      std::string(SPSTRESS_SOURCE_DATA_DIR) + "/parameters/depth_damage_jrc_asia.csv";
  std::ifstream in(path);
  BOOST_TEST_REQUIRE(in.good(), "cannot open " << path);
  std::string line;
  std::getline(in, line);
  BOOST_TEST(line == "curve,depth_m,damage_ratio,status,source");
  std::vector<DepthDamageRow> rows;
  std::map<std::string, std::string> status;
  std::map<std::string, std::string> source;
  while (std::getline(in, line)) {
    // The first four fields hold no commas; the source is the quoted rest of the line.
    std::istringstream fields(line);
    std::string curve, depth, ratio, st;
    std::getline(fields, curve, ',');
    std::getline(fields, depth, ',');
    std::getline(fields, ratio, ',');
    std::getline(fields, st, ',');
    std::string rest;
    std::getline(fields, rest);
    rows.push_back({curve, std::stod(depth), std::stod(ratio)});
    status[curve] = st;
    source[curve] = rest;
    BOOST_TEST((rest.size() > 2 && rest.front() == '"' && rest.back() == '"'), line);
  }
  const auto curves = shocks::depth_damage_curves_from_rows(rows, path);
  BOOST_TEST_REQUIRE(curves.size() == 4u);
  // docs/model.md §2.1, typed from its table.
  const std::map<std::string, std::vector<double>> model{
      {"residential", {0, 0.3266, 0.4941, 0.6166, 0.7207, 0.8695, 0.9315, 0.9836, 1.0}},
      {"commercial", {0, 0.38, 0.54, 0.66, 0.76, 0.88, 0.94, 0.98, 1.0}},
      {"industrial", {0, 0.28, 0.48, 0.63, 0.72, 0.86, 0.91, 0.96, 1.0}},
      {"agriculture", {0, 0.14, 0.37, 0.52, 0.56, 0.66, 0.83, 0.99, 1.0}}};
  for (const auto& [name, ratios] : model) {
    const DepthDamageCurve* c = shocks::find_depth_damage_curve(curves, name);
    BOOST_TEST_REQUIRE(c != nullptr, name);
    BOOST_TEST(c->depths_m() == jrc_depths_m, tt::per_element());
    BOOST_TEST(c->damage_ratios_share() == ratios, tt::per_element());
    BOOST_TEST(status[name] == (name == "residential" ? "S" : "M"), name);
    BOOST_TEST(source[name].find("Huizinga et al. 2017") != std::string::npos, name);
    BOOST_TEST(source[name].find("JRC105688") != std::string::npos, name);
    BOOST_TEST(source[name].find("doi:10.2760/16510") != std::string::npos, name);
  }
  BOOST_TEST(source["residential"].find("from_RF_Impf_Asia") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(cell_ratios_are_averaged_not_the_depths) {
  // Two cells of equal exposure at 0 m and 2 m on the residential curve: the mean of the ratios
  // is (0 + 0.7207)/2 = 0.36035, while DR of the mean depth (1 m) would be 0.4941.
  const DepthDamageCurve c = residential();
  const std::vector<double> dr = shocks::damage_ratios(c, std::vector<double>{0.0, 2.0}, "t");
  const CellDamageSummary s = shocks::summarise_cell_damage(dr, std::vector<double>{1.0, 1.0}, "t");
  // A mean of two table values: rounding only.
  BOOST_TEST(s.damage_ratio_share == 0.36035, tt::tolerance(1e-12));
  BOOST_TEST(s.affected_share == 0.5);
  BOOST_TEST(s.missing_exposure_share == 0.0);
  const double of_mean_depth = shocks::damage_ratio_share(c, 1.0, "t");
  BOOST_TEST(of_mean_depth == 0.4941);
  BOOST_TEST(std::abs(of_mean_depth - s.damage_ratio_share) > 0.1);

  // A missing third cell carrying half the exposure is left out and the weights renormalised.
  Eigen::VectorXd dr3(3), w3(3);
  dr3 << dr[0], dr[1], nan_d;
  w3 << 1.0, 1.0, 2.0;
  const CellDamageSummary s3 = shocks::summarise_cell_damage(dr3, w3, "t");
  BOOST_TEST(s3.damage_ratio_share == 0.36035, tt::tolerance(1e-12));
  BOOST_TEST(s3.missing_exposure_share == 0.5);

  // Weights 3 and 1 on 0.4 and 0: 1.2 / 4 = 0.3, affected 3/4.
  const CellDamageSummary s4 = shocks::summarise_cell_damage(std::vector<double>{0.4, 0.0},
                                                             std::vector<double>{3.0, 1.0}, "t");
  BOOST_TEST(s4.damage_ratio_share == 0.3, tt::tolerance(1e-12));
  BOOST_TEST(s4.affected_share == 0.75);

  const CellDamageSummary none = shocks::summarise_cell_damage(std::vector<double>{0.4, nan_d},
                                                               std::vector<double>{0.0, 0.0}, "t");
  BOOST_TEST(none.damage_ratio_share == 0.0);
  const CellDamageSummary all_missing =
      shocks::summarise_cell_damage(std::vector<double>{nan_d}, std::vector<double>{2.0}, "t");
  BOOST_TEST(std::isnan(all_missing.damage_ratio_share));
  BOOST_TEST(all_missing.missing_exposure_share == 1.0);

  BOOST_CHECK_EXCEPTION(shocks::summarise_cell_damage(std::vector<double>{0.1, 0.2},
                                                      std::vector<double>{1.0}, "prov 11"),
                        InputError, message_is("prov 11: ", "different lengths (2 and 1 cells)"));
  BOOST_CHECK_EXCEPTION(
      shocks::summarise_cell_damage(std::vector<double>{0.1}, std::vector<double>{-1.0}, "prov 11"),
      InputError, message_is("prov 11: ", "cell 0: exposure -1"));
  BOOST_CHECK_EXCEPTION(
      shocks::summarise_cell_damage(std::vector<double>{1.5}, std::vector<double>{1.0}, "prov 11"),
      InputError, message_is("prov 11: ", "cell 0: damage ratio 1.5"));
}

// ---------------------------------------------------------------------------------------------
// Sectors

BOOST_AUTO_TEST_CASE(sections_map_to_default_curves_and_rebuild_classes) {
  BOOST_TEST(shocks::default_flood_curve_for_section('A', "t") == "agriculture");
  for (char s : {'B', 'C', 'D', 'E'}) {
    BOOST_TEST(shocks::default_flood_curve_for_section(s, "t") == "industrial", s);
    BOOST_TEST((shocks::default_rebuild_class_for_section(s, "t") == RebuildClass::Industrial), s);
  }
  for (char s : {'F', 'G', 'J', 'P', 'S', 'T'}) {
    BOOST_TEST(shocks::default_flood_curve_for_section(s, "t") == "commercial", s);
    BOOST_TEST(
        (shocks::default_rebuild_class_for_section(s, "t") == RebuildClass::CommercialServices), s);
  }
  BOOST_TEST(
      (shocks::default_rebuild_class_for_section('A', "t") == RebuildClass::CommercialServices));
  const std::map<char, std::string> overrides{{'E', "commercial"}, {'P', "residential"}};
  BOOST_TEST(shocks::flood_curve_for_section('E', overrides, "t") == "commercial");
  BOOST_TEST(shocks::flood_curve_for_section('P', overrides, "t") == "residential");
  BOOST_TEST(shocks::flood_curve_for_section('C', overrides, "t") == "industrial");
  BOOST_CHECK_EXCEPTION(shocks::default_flood_curve_for_section('U', "sectors.csv: row 21"),
                        InputError, message_is("sectors.csv: row 21: ", "section 'U' is unknown"));
  BOOST_CHECK_EXCEPTION(shocks::flood_curve_for_section('c', overrides, "sectors.csv"), InputError,
                        message_is("sectors.csv: ", "section 'c' is unknown"));
}

// ---------------------------------------------------------------------------------------------
// Damage to lost production

BOOST_AUTO_TEST_CASE(business_interruption_and_recovery_time) {
  // T_BI = 10 + 0.5 × 360 = 190 d; τ = 190/3 = 63.333… d. Sums and one division of exact
  // binary values: 1e-12 relative is rounding only.
  BOOST_TEST(shocks::business_interruption_days(0.5, 10.0, 360.0) == 190.0);
  BOOST_TEST(shocks::recovery_time_constant_days(190.0) == 63.333333333333333,
             tt::tolerance(1e-12));
  BOOST_TEST(shocks::business_interruption_days(0.0, 12.5, 242.5) == 12.5);
  BOOST_TEST(shocks::business_interruption_days(1.0, 12.5, 242.5) == 255.0);
  BOOST_CHECK_EXCEPTION(shocks::business_interruption_days(0.5, nan_d, 360.0), InputError,
                        message_contains("t_clean_days = nan"));
  BOOST_CHECK_EXCEPTION(shocks::business_interruption_days(1.5, 10.0, 360.0), InputError,
                        message_contains("damage_ratio_share = 1.5"));
  BOOST_CHECK_EXCEPTION(shocks::recovery_time_constant_days(-1.0), InputError,
                        message_contains("business_interruption_days = -1"));
}

BOOST_AUTO_TEST_CASE(initial_capacity_loss_is_damage_over_capital_capped_at_one) {
  BOOST_TEST(shocks::initial_capacity_loss_share(2e8, 4e8) == 0.5);
  BOOST_TEST(shocks::initial_capacity_loss_share(8e8, 4e8) == 1.0);
  BOOST_TEST(shocks::initial_capacity_loss_share(0.0, 0.0) == 0.0);
  BOOST_CHECK_EXCEPTION(shocks::initial_capacity_loss_share(1.0, 0.0), InputError,
                        message_contains("capital_cny = 0"));
  BOOST_CHECK_EXCEPTION(shocks::initial_capacity_loss_share(nan_d, 1.0), InputError,
                        message_contains("damage_cny = nan"));
}

BOOST_AUTO_TEST_CASE(capacity_loss_integral_matches_the_closed_form) {
  // Δ0 = 0.2, τ = 30 d. The expected values are e^−x to 10 significant digits, so 1e-9
  // relative; a daily sum instead of the integral would be 1.7 % higher, τ = T_BI instead of
  // T_BI/3 far more.
  // ∫0^30 0.2 e^(−t/30) dt = 6 (1 − e^−1) = 6 × 0.6321205588 = 3.792723353.
  BOOST_TEST(shocks::capacity_loss_days(0.2, 30.0, 0.0, 30.0) == 3.792723353, tt::tolerance(1e-9));
  // Time before the flood counts 0.
  BOOST_TEST(shocks::capacity_loss_days(0.2, 30.0, -5.0, 30.0) == 3.792723353, tt::tolerance(1e-9));
  // ∫30^61: 6 (e^−1 − e^−61/30) = 6 × (0.3678794412 − 0.1308984649) = 1.421885858.
  BOOST_TEST(shocks::capacity_loss_days(0.2, 30.0, 30.0, 61.0) == 1.421885858, tt::tolerance(1e-9));
  // Over all time: Δ0 τ = 6.
  BOOST_TEST(shocks::capacity_loss_days(0.2, 30.0, 0.0, inf_d) == 6.0, tt::tolerance(1e-15));
  BOOST_TEST(shocks::capacity_loss_days(0.2, 0.0, 0.0, 30.0) == 0.0);
  BOOST_TEST(shocks::capacity_loss_days(0.2, 30.0, -10.0, -1.0) == 0.0);
  BOOST_CHECK_EXCEPTION(shocks::capacity_loss_days(0.2, 30.0, 5.0, 1.0), InputError,
                        message_contains("expected from_days <= to_days"));
}

BOOST_AUTO_TEST_CASE(monthly_integral_starts_on_the_event_day) {
  // Event on day 16 of a 30-day month (15 days in), Δ0 = 0.2, τ = 30 d:
  // that month: 6 (1 − e^−0.5) = 6 × 0.3934693403 = 2.360816042;
  // next month (31 d, t = 15..46): 6 (e^−0.5 − e^−46/30) = 6 × (0.6065306597 − 0.2158150834)
  // = 2.344293458. The month before the event gets nothing. e^−x to 10 digits: 1e-9 relative.
  const FloodEvent event{{31, 30, 31}, 1, 16};
  const std::vector<double> d = shocks::monthly_capacity_loss_days(0.2, 30.0, event, "t");
  BOOST_TEST_REQUIRE(d.size() == 3u);
  BOOST_TEST(d[0] == 0.0);
  BOOST_TEST(d[1] == 2.360816042, tt::tolerance(1e-9));
  BOOST_TEST(d[2] == 2.344293458, tt::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(flood_event_is_validated) {
  BOOST_CHECK_EXCEPTION(shocks::monthly_capacity_loss_days(0.2, 30.0, FloodEvent{{30}, 0, 31}, "w"),
                        InputError,
                        message_is("w: flood event: ", "event_day = 31; expected 1 to 30"));
  BOOST_CHECK_EXCEPTION(shocks::monthly_capacity_loss_days(0.2, 30.0, FloodEvent{{30}, 1, 1}, "w"),
                        InputError, message_is("w: flood event: ", "event_month_index = 1"));
  BOOST_CHECK_EXCEPTION(shocks::monthly_capacity_loss_days(0.2, 30.0, FloodEvent{{}, 0, 1}, "w"),
                        InputError, message_is("w: flood event: ", "no months"));
  BOOST_CHECK_EXCEPTION(
      shocks::monthly_capacity_loss_days(0.2, 30.0, FloodEvent{{30, 32}, 0, 1}, "w"), InputError,
      message_is("w: flood event: ", "month_lengths_days[1] = 32"));
}

BOOST_AUTO_TEST_CASE(sector_losses_follow_the_hand_worked_example) {
  // DR = 0.2 over the whole sector, K = 4 × 1e8 = 4e8 CNY, so D = 8e7 CNY and Δ0 = 0.2.
  // T_BI = 10 + 0.2 × 400 = 90 d, τ = 30 d. Output 365e6 CNY/yr = 1e6 CNY/day; N = 1000, η = 0.5.
  // Month 1 (30 d, flood on day 1): 3.792723353 days → 3.792723353e6 CNY; mean Δ = 0.1264241118;
  //   jobs 0.5 × 1000 × 0.1264241118 = 63.21205588.
  // Month 2 (31 d): 1.421885858 days → 1.421885858e6 CNY; mean Δ = 0.04586728573; jobs
  //   22.93364286.
  // After the horizon (t > 61 d): 6 e^−61/30 = 0.7853907895 days → 785390.7895 CNY.
  // Values to 10 digits: 1e-9 relative.
  FloodSettings settings;
  settings.t_clean_days = 10.0;
  settings.t_rebuild_services_days = 400.0;
  const FloodEvent event{{30, 31}, 0, 1};
  const auto out = shocks::flood_sector_losses(
      {sector(0.2, 1.0, 1e8, 365e6, 1000.0, RebuildClass::CommercialServices)}, settings, event,
      "t");
  BOOST_TEST_REQUIRE(out.size() == 1u);
  const FloodSectorLoss& l = out[0];
  BOOST_TEST(l.damage_cny == 8e7, tt::tolerance(1e-12));
  BOOST_TEST(l.initial_capacity_loss_share == 0.2, tt::tolerance(1e-12));
  BOOST_TEST(l.business_interruption_days == 90.0, tt::tolerance(1e-12));
  BOOST_TEST(l.recovery_time_constant_days == 30.0, tt::tolerance(1e-12));
  BOOST_TEST_REQUIRE(l.months.size() == 2u);
  BOOST_TEST(l.months[0].output_loss_cny == 3.792723353e6, tt::tolerance(1e-9));
  BOOST_TEST(l.months[0].capacity_loss_share == 0.1264241118, tt::tolerance(1e-9));
  BOOST_TEST(l.months[0].job_equivalent_loss_persons == 63.21205588, tt::tolerance(1e-9));
  BOOST_TEST(l.months[1].output_loss_cny == 1.421885858e6, tt::tolerance(1e-9));
  BOOST_TEST(l.months[1].capacity_loss_share == 0.04586728573, tt::tolerance(1e-9));
  BOOST_TEST(l.months[1].job_equivalent_loss_persons == 22.93364286, tt::tolerance(1e-9));
  BOOST_TEST(l.output_loss_after_horizon_cny == 785390.7895, tt::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(monthly_output_losses_add_up_to_the_closed_form_total) {
  // 2023 calendar, flood on 10 February (t = 31 + 9 = 40 d), horizon to 31 December
  // (H = 365 − 40 = 325 d). Industrial sector, defaults: DR 0.3 over the sector with 60 % of it
  // flooded → 0.5 among the affected; T_BI = 12.5 + 0.5 × 360 = 192.5 d; τ = 64.1666… d;
  // Δ0 = 0.3. Output 365e6 CNY/yr = 1e6 CNY/day.
  // Whole loss: Δ0 τ = 0.3 × 192.5 / 3 = 19.25 days → 1.925e7 CNY, split into the horizon,
  // 1.925e7 (1 − e^(−325/τ)), and the rest. Twelve closed-form terms summed: 1e-12 relative.
  const FloodEvent event{{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}, 1, 10};
  const auto out = shocks::flood_sector_losses(
      {sector(0.3, 0.6, 1e8, 365e6, 500.0, RebuildClass::Industrial)}, FloodSettings{}, event, "t");
  const FloodSectorLoss& l = out.at(0);
  BOOST_TEST(l.business_interruption_days == 192.5, tt::tolerance(1e-12));
  BOOST_TEST(l.initial_capacity_loss_share == 0.3, tt::tolerance(1e-12));
  BOOST_TEST(l.months.at(0).output_loss_cny == 0.0);
  double sum_cny = 0.0;
  for (const auto& m : l.months) sum_cny += m.output_loss_cny;
  const double tau_days = 192.5 / 3.0;
  const double in_horizon_cny = 1.925e7 * (1.0 - std::exp(-325.0 / tau_days));
  BOOST_TEST(sum_cny == in_horizon_cny, tt::tolerance(1e-12));
  BOOST_TEST(sum_cny + l.output_loss_after_horizon_cny == 1.925e7, tt::tolerance(1e-12));
  // Job-equivalents are η N × the month's mean Δ: February has 28 days.
  BOOST_TEST(l.months[1].job_equivalent_loss_persons ==
                 0.5 * 500.0 * l.months[1].output_loss_cny / 1e6 / 28.0,
             tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(external_asset_value_makes_capital_to_value_added_matter) {
  // DR 0.1 on 2e9 CNY of assets: D = 2e8. K = 4 × 1e8 → Δ0 = 0.5; with K/VA = 2.5, K = 2.5e8
  // → Δ0 = 0.8; on 5e9 CNY of assets D = 5e8 > K → Δ0 capped at 1.
  FloodSector s = sector(0.1, 1.0, 1e8, 3e8, 100.0, RebuildClass::Industrial);
  s.asset_value_cny = 2e9;
  const FloodEvent event{{31}, 0, 1};
  FloodSettings settings;
  BOOST_TEST(
      shocks::flood_sector_losses({s}, settings, event, "t")[0].initial_capacity_loss_share == 0.5,
      tt::tolerance(1e-12));
  settings.capital_to_value_added_years = 2.5;
  const auto l = shocks::flood_sector_losses({s}, settings, event, "t")[0];
  BOOST_TEST(l.damage_cny == 2e8, tt::tolerance(1e-12));
  BOOST_TEST(l.initial_capacity_loss_share == 0.8, tt::tolerance(1e-12));
  s.asset_value_cny = 5e9;
  BOOST_TEST(
      shocks::flood_sector_losses({s}, settings, event, "t")[0].initial_capacity_loss_share == 1.0);
}

BOOST_AUTO_TEST_CASE(undamaged_sector_loses_nothing) {
  const auto out =
      shocks::flood_sector_losses({sector(0.0, 0.0, 1e8, 3e8, 100.0, RebuildClass::Industrial)},
                                  FloodSettings{}, FloodEvent{{31, 30}, 0, 5}, "t");
  const FloodSectorLoss& l = out.at(0);
  BOOST_TEST(l.damage_cny == 0.0);
  BOOST_TEST(l.business_interruption_days == 0.0);
  BOOST_TEST(l.output_loss_after_horizon_cny == 0.0);
  for (const auto& m : l.months) {
    BOOST_TEST(m.output_loss_cny == 0.0);
    BOOST_TEST(m.job_equivalent_loss_persons == 0.0);
  }
}

BOOST_AUTO_TEST_CASE(settings_and_sectors_are_validated_naming_the_field) {
  const FloodEvent event{{31}, 0, 1};
  const std::vector<FloodSector> ok{sector(0.1, 1.0, 1e8, 3e8, 100.0, RebuildClass::Industrial)};
  const std::string w = "scenario.json: /shocks/0";
  FloodSettings bad;
  bad.capital_to_value_added_years = nan_d;
  BOOST_CHECK_EXCEPTION(shocks::flood_sector_losses(ok, bad, event, w), InputError,
                        message_is(w + ": flood settings: ", "capital_to_value_added_years = nan"));
  bad = FloodSettings{};
  bad.employment_elasticity = 1.5;
  BOOST_CHECK_EXCEPTION(shocks::flood_sector_losses(ok, bad, event, w), InputError,
                        message_is(w + ": flood settings: ", "employment_elasticity = 1.5"));
  bad = FloodSettings{};
  bad.t_clean_days = 0.0;
  BOOST_CHECK_EXCEPTION(shocks::validate_flood_settings(bad, w), InputError,
                        message_is(w + ": flood settings: ", "t_clean_days = 0"));
  bad = FloodSettings{};
  bad.t_rebuild_industrial_days = inf_d;
  BOOST_CHECK_EXCEPTION(shocks::validate_flood_settings(bad, w), InputError,
                        message_is(w + ": flood settings: ", "t_rebuild_industrial_days = inf"));

  auto s = ok;
  s[0].affected_share = 0.05;  // below the damage ratio 0.1
  BOOST_CHECK_EXCEPTION(shocks::flood_sector_losses(s, FloodSettings{}, event, w), InputError,
                        message_is(w + ": sector 's': ", "affected_share = 0.05 is below"));
  s = ok;
  s[0].employed_persons = nan_d;
  BOOST_CHECK_EXCEPTION(shocks::flood_sector_losses(s, FloodSettings{}, event, w), InputError,
                        message_is(w + ": sector 's': ", "employed_persons = nan"));
  s = ok;
  s[0].damage_ratio_share = nan_d;
  BOOST_CHECK_EXCEPTION(shocks::flood_sector_losses(s, FloodSettings{}, event, w), InputError,
                        message_is(w + ": sector 's': ", "damage_ratio_share = nan"));
  s = ok;
  s[0].value_added_cny_per_year = 0.0;
  s[0].asset_value_cny = 1e6;
  BOOST_CHECK_EXCEPTION(shocks::flood_sector_losses(s, FloodSettings{}, event, w), InputError,
                        message_is(w + ": sector 's': ", "value_added_cny_per_year = 0"));
}

BOOST_AUTO_TEST_SUITE_END()

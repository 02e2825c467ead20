#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <string>

#include "spstress/core/error.hpp"
#include "spstress/shocks/heat.hpp"

namespace bdata = boost::unit_test::data;
using spstress::shocks::HeatMonth;
using spstress::shocks::HeatSettings;
using spstress::shocks::SectorHeatExposure;
using spstress::shocks::WorkIntensity;
namespace shocks = spstress::shocks;

namespace {

/// Air temperature that gives exactly `wbgt_deg_c` when the air is dry (RH 0 → e = 0), so that
/// sWBGT = 0.567 Ta + 3.94 lands on the WBGT rows of the docs/model.md §1.2 table.
double dry_ta_for_wbgt(double wbgt_deg_c) { return (wbgt_deg_c - 3.94) / 0.567; }

/// Predicate for BOOST_CHECK_EXCEPTION: the message starts with `where` and contains `needle`.
auto message_has(std::string where, std::string needle) {
  return [where = std::move(where), needle = std::move(needle)](const spstress::InputError& e) {
    const std::string m = e.what();
    return m.rfind(where, 0) == 0 && m.find(needle) != std::string::npos;
  };
}

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

BOOST_AUTO_TEST_SUITE(test_heat)

// docs/model.md §1.1 test vectors. The table is rounded to 2 decimals, so the exact values may
// differ by up to half a unit in the last place: 0.005 absolute.
BOOST_DATA_TEST_CASE(vapour_pressure_and_swbgt_match_model_table,
                     bdata::make({30.0, 35.0, 33.0}) ^ bdata::make({60.0, 50.0, 70.0}) ^
                         bdata::make({25.37, 28.01, 35.08}) ^ bdata::make({30.92, 34.79, 36.44}),
                     ta_deg_c, rh_pct, e_expected_hpa, wbgt_expected_deg_c) {
  const double e_hpa = shocks::vapour_pressure_hpa_from_rh(ta_deg_c, rh_pct);
  BOOST_TEST(std::abs(e_hpa - e_expected_hpa) <= 0.005);
  BOOST_TEST(std::abs(shocks::swbgt_deg_c(ta_deg_c, e_hpa) - wbgt_expected_deg_c) <= 0.005);
  // Same numbers through the monthly entry point (tmax = tmean, the day's RH).
  const HeatMonth month{ta_deg_c, ta_deg_c, rh_pct};
  BOOST_TEST(std::abs(shocks::wbgt_max_deg_c(month) - wbgt_expected_deg_c) <= 0.005);
}

BOOST_AUTO_TEST_CASE(wbgt_max_uses_tmax_with_vapour_pressure_of_tmean) {
  // e(30 °C, 60 %) = 25.37 hPa (table above); W_max = 0.567·35 + 0.393·25.37 + 3.94
  // = 19.845 + 9.97041 + 3.94 = 33.75541. e is rounded to 0.005 hPa → 0.002 °C; 0.005 covers it.
  const HeatMonth month{30.0, 35.0, 60.0};
  BOOST_TEST(std::abs(shocks::wbgt_max_deg_c(month) - 33.75541) <= 0.005);
}

BOOST_AUTO_TEST_CASE(vapour_pressure_from_dewpoint_matches_hand_calculation) {
  // Td = 20: 17.67·20 / (20 + 243.5) = 353.4 / 263.5 = 1.341176; exp(1.341176) = 3.823537
  // (e^1.3 = 3.669297, e^0.041176 = 1.042036); 6.112 · 3.823537 = 23.3695 hPa.
  // Hand arithmetic carried to 6 significant digits: relative tolerance 1e-5.
  BOOST_TEST(shocks::vapour_pressure_hpa_from_dewpoint(20.0) == 23.3695,
             boost::test_tools::tolerance(1e-5));
  // Td = 0: exp(0) = 1, so e = 6.112 hPa exactly (up to double rounding).
  BOOST_TEST(shocks::vapour_pressure_hpa_from_dewpoint(0.0) == 6.112,
             boost::test_tools::tolerance(1e-14));
  // At saturation (RH 100 %) the RH form at Ta = 20 is a slightly different Magnus fit of the
  // same curve: 17.27·20 / 257.7 = 1.340318; exp(1.340318) = 3.820258; · 6.105 = 23.3227 hPa
  // (0.2 % below the dew-point form). Hand arithmetic to 6 significant digits: 1e-5 relative.
  BOOST_TEST(shocks::vapour_pressure_hpa_from_rh(20.0, 100.0) == 23.3227,
             boost::test_tools::tolerance(1e-5));
}

BOOST_AUTO_TEST_CASE(hothaps_parameters_match_model_table) {
  const auto light = shocks::hothaps_params(WorkIntensity::Light200W);
  const auto moderate = shocks::hothaps_params(WorkIntensity::Moderate300W);
  const auto heavy = shocks::hothaps_params(WorkIntensity::Heavy400W);
  BOOST_TEST(light.a1_deg_c == 34.64);
  BOOST_TEST(light.a2 == 22.72);
  BOOST_TEST(moderate.a1_deg_c == 32.93);
  BOOST_TEST(moderate.a2 == 17.81);
  BOOST_TEST(heavy.a1_deg_c == 30.94);
  BOOST_TEST(heavy.a2 == 16.64);
}

// docs/model.md §1.2 test vectors, all 18. The table is rounded to 4 decimals: 5e-5 absolute.
BOOST_DATA_TEST_CASE(work_ability_matches_model_table,
                     bdata::make({25.0, 28.0, 30.0, 32.0, 34.0, 36.0}) ^
                         bdata::make({0.9995, 0.9929, 0.9670, 0.8725, 0.6439, 0.3648}) ^
                         bdata::make({0.9934, 0.9525, 0.8562, 0.6624, 0.4252, 0.2528}) ^
                         bdata::make({0.9748, 0.8564, 0.6630, 0.4271, 0.2551, 0.1670}),
                     wbgt_deg_c, wa_200w, wa_300w, wa_400w) {
  BOOST_TEST(std::abs(shocks::work_ability_share(wbgt_deg_c, WorkIntensity::Light200W) - wa_200w) <=
             5e-5);
  BOOST_TEST(std::abs(shocks::work_ability_share(wbgt_deg_c, WorkIntensity::Moderate300W) -
                      wa_300w) <= 5e-5);
  BOOST_TEST(std::abs(shocks::work_ability_share(wbgt_deg_c, WorkIntensity::Heavy400W) - wa_400w) <=
             5e-5);
}

BOOST_AUTO_TEST_CASE(work_ability_is_one_at_or_below_zero_wbgt_and_tends_to_one_tenth) {
  BOOST_TEST(shocks::work_ability_share(0.0, WorkIntensity::Heavy400W) == 1.0);
  BOOST_TEST(shocks::work_ability_share(-12.5, WorkIntensity::Light200W) == 1.0);
  // (60/30.94)^16.64 ≈ 6e4, so WA = 0.1 + 0.9/6e4 ≈ 0.10002: within 1e-4 of the 0.1 floor.
  BOOST_TEST(std::abs(shocks::work_ability_share(60.0, WorkIntensity::Heavy400W) - 0.1) <= 1e-4);
  BOOST_TEST(shocks::work_ability_share(60.0, WorkIntensity::Heavy400W) > 0.1);
  BOOST_TEST(std::isnan(shocks::work_ability_share(std::numeric_limits<double>::quiet_NaN(),
                                                   WorkIntensity::Light200W)));
}

BOOST_AUTO_TEST_CASE(hours_lost_uses_max_half_and_mean_blocks_with_sun_and_air_conditioning) {
  // Dry air (e = 0) puts W_max = 34 and W_mean = 30 exactly, so W_half = 32 and, in the sun
  // (Δ_sun = 2), 36 / 34 / 32: every WBGT is a row of the §1.2 table (300 W column).
  // Unequal blocks (5 h at max, 3 h at half, 2 h at mean) check which block gets which WBGT.
  //   shade: 5(1 − 0.4252) + 3(1 − 0.6624) + 2(1 − 0.8562) = 2.874 + 1.0128 + 0.2876 = 4.1744
  //   sun:   5(1 − 0.2528) + 3(1 − 0.4252) + 2(1 − 0.6624) = 3.736 + 1.7244 + 0.6752 = 6.1356
  //   sun share 0.5 → 5.155; air-conditioned share 0.2 → 0.8 · 5.155 = 4.124 h per worker-day.
  // The WA values are rounded to 5e-5 each; 10 hours × 5e-5 × 0.8 = 4e-4, so 5e-4 absolute.
  const HeatMonth month{dry_ta_for_wbgt(30.0), dry_ta_for_wbgt(34.0), 0.0};
  const SectorHeatExposure sector{WorkIntensity::Moderate300W, 0.5, 0.2};
  HeatSettings settings;
  settings.hours_at_max = 5.0;
  settings.hours_at_half = 3.0;
  settings.hours_at_mean = 2.0;
  settings.sun_delta_deg_c = 2.0;
  BOOST_TEST(std::abs(shocks::hours_lost_per_worker_day(month, sector, settings) - 4.124) <= 5e-4);
}

BOOST_AUTO_TEST_CASE(hours_lost_matches_model_equations_written_out_for_a_humid_day) {
  // Humid day, heavy work, half in the sun: the expected value is the docs/model.md §1.1–1.4 chain
  // written out here step by step, not through the library's helpers.
  const double tmean = 29.0, tmax = 35.0, rh = 65.0, sun = 0.5, ac = 0.1, delta = 2.0;
  const double e = rh / 100.0 * 6.105 * std::exp(17.27 * tmean / (237.7 + tmean));
  const double w[3] = {0.567 * tmax + 0.393 * e + 3.94, 0.0, 0.567 * tmean + 0.393 * e + 3.94};
  const double w_half = 0.5 * (w[0] + w[2]);
  auto wa400 = [](double x) { return 0.1 + 0.9 / (1.0 + std::pow(x / 30.94, 16.64)); };
  double expected = 0.0;
  for (double wk : {w[0], w_half, w[2]}) {
    expected +=
        4.0 * (1.0 - ac) * ((1.0 - sun) * (1.0 - wa400(wk)) + sun * (1.0 - wa400(wk + delta)));
  }
  HeatSettings settings;
  settings.sun_delta_deg_c = delta;
  const double got = shocks::hours_lost_per_worker_day(
      HeatMonth{tmean, tmax, rh}, SectorHeatExposure{WorkIntensity::Heavy400W, sun, ac}, settings);
  // Same arithmetic in a different order: agreement to 1e-12 relative.
  BOOST_TEST(got == expected, boost::test_tools::tolerance(1e-12));
  // Guard against a degenerate comparison (e.g. both near zero): on this hot, humid day
  // (W_max ≈ 37.7) heavy work loses several of its 12 hours.
  BOOST_TEST(got > 3.0);
  BOOST_TEST(got < 12.0);
}

BOOST_AUTO_TEST_CASE(hours_lost_is_zero_when_all_work_is_air_conditioned) {
  const HeatMonth month{33.0, 40.0, 70.0};
  HeatSettings settings;
  settings.sun_delta_deg_c = 3.0;
  BOOST_TEST(shocks::hours_lost_per_worker_day(
                 month, SectorHeatExposure{WorkIntensity::Heavy400W, 1.0, 1.0}, settings) == 0.0);
  // ...and is not zero for the same month without air conditioning.
  BOOST_TEST(shocks::hours_lost_per_worker_day(
                 month, SectorHeatExposure{WorkIntensity::Heavy400W, 1.0, 0.0}, settings) > 1.0);
}

BOOST_AUTO_TEST_CASE(hours_lost_is_zero_on_a_freezing_day) {
  // 0.567·(−10) + 0.393·e + 3.94 < 0 for any e < 4.4 hPa; e(−10 °C, 80 %) ≈ 2.3 hPa → WA = 1.
  const HeatMonth month{-10.0, -10.0, 80.0};
  BOOST_TEST(shocks::hours_lost_per_worker_day(month, SectorHeatExposure{}, HeatSettings{}) == 0.0);
}

// ---------------------------------------------------------------------------------------------
// Humidity conversions and checks.

BOOST_AUTO_TEST_CASE(vapour_pressure_from_specific_humidity_matches_hand_calculation) {
  // q = 0.02, p = 1000 hPa: 0.02·1000 / (0.622 + 0.378·0.02) = 20 / 0.62956 = 31.76822 hPa.
  // Hand division to 7 significant digits: 1e-6 relative.
  BOOST_TEST(shocks::vapour_pressure_hpa_from_specific_humidity(0.02, 1000.0) == 31.76822,
             boost::test_tools::tolerance(1e-6));
  // Dry air has no vapour pressure at any pressure.
  BOOST_TEST(shocks::vapour_pressure_hpa_from_specific_humidity(0.0, 850.0) == 0.0);
}

BOOST_AUTO_TEST_CASE(relative_humidity_inverts_the_magnus_vapour_pressure) {
  // At 0 °C the Magnus factor is exp(0) = 1, so saturation is 6.105 hPa: half of it is 50 %.
  // Only double rounding separates the result from 50: 1e-12 relative.
  BOOST_TEST(shocks::relative_humidity_pct(0.0, 3.0525) == 50.0,
             boost::test_tools::tolerance(1e-12));
  // docs/model.md §1.1 row: 30 °C, 60 % gives e = 25.37 hPa (rounded to 0.005 hPa, i.e. 0.012
  // points of RH at this saturation of 42.3 hPa): 0.02 absolute.
  BOOST_TEST(std::abs(shocks::relative_humidity_pct(30.0, 25.37) - 60.0) <= 0.02);
  // Round trip through the library's own forward form: the two must agree to rounding.
  const double e = shocks::vapour_pressure_hpa_from_rh(33.0, 70.0);
  BOOST_TEST(shocks::relative_humidity_pct(33.0, e) == 70.0, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(humidity_checks_accept_their_boundaries) {
  BOOST_CHECK_NO_THROW(shocks::check_relative_humidity_pct(0.0, "x"));
  BOOST_CHECK_NO_THROW(shocks::check_relative_humidity_pct(100.0, "x"));
  BOOST_CHECK_NO_THROW(shocks::check_specific_humidity_kg_per_kg(0.0, "x"));
  BOOST_CHECK_NO_THROW(shocks::check_specific_humidity_kg_per_kg(0.05, "x"));
  BOOST_CHECK_NO_THROW(shocks::check_surface_pressure_hpa(1013.25, "x"));
  BOOST_CHECK_NO_THROW(shocks::check_dewpoint_deg_c(30.5, 30.0, "x"));  // at the 0.5 °C tolerance
}

BOOST_AUTO_TEST_CASE(humidity_checks_reject_out_of_range_and_nan_naming_where) {
  const std::string where = "scenario.json: /climate/rh_pct[3]";
  BOOST_CHECK_EXCEPTION(shocks::check_relative_humidity_pct(100.5, where), spstress::InputError,
                        message_has(where, "100.5"));
  BOOST_CHECK_EXCEPTION(shocks::check_relative_humidity_pct(-1.0, where), spstress::InputError,
                        message_has(where, "[0, 100]"));
  BOOST_CHECK_EXCEPTION(shocks::check_relative_humidity_pct(kNaN, where), spstress::InputError,
                        message_has(where, "nan"));
  BOOST_CHECK_EXCEPTION(shocks::check_specific_humidity_kg_per_kg(18.0, "q.nc: huss"),
                        spstress::InputError, message_has("q.nc: huss", "g/kg"));
  BOOST_CHECK_EXCEPTION(shocks::check_specific_humidity_kg_per_kg(-0.001, "q.nc: huss"),
                        spstress::InputError, message_has("q.nc: huss", "[0, 0.05]"));
  BOOST_CHECK_EXCEPTION(shocks::check_specific_humidity_kg_per_kg(kNaN, "q.nc: huss"),
                        spstress::InputError, message_has("q.nc: huss", "nan"));
  BOOST_CHECK_EXCEPTION(shocks::check_surface_pressure_hpa(101325.0, "era5.nc: sp"),
                        spstress::InputError, message_has("era5.nc: sp", "Pa given"));
  BOOST_CHECK_EXCEPTION(shocks::check_dewpoint_deg_c(30.6, 30.0, "era5.nc: d2m"),
                        spstress::InputError, message_has("era5.nc: d2m", "0.5 °C"));
  BOOST_CHECK_EXCEPTION(shocks::check_dewpoint_deg_c(kNaN, 30.0, "era5.nc: d2m"),
                        spstress::InputError, message_has("era5.nc: d2m", "nan"));
  BOOST_CHECK_EXCEPTION(shocks::check_dewpoint_deg_c(20.0, kNaN, "era5.nc: t2m"),
                        spstress::InputError, message_has("era5.nc: t2m", "NaN"));
}

// ---------------------------------------------------------------------------------------------
// Selectable work-capacity functions.

BOOST_AUTO_TEST_CASE(heat_erf_names_parse_and_round_trip) {
  using shocks::HeatErf;
  BOOST_TEST((shocks::parse_heat_erf("hothaps", "w") == HeatErf::Hothaps));
  BOOST_TEST((shocks::parse_heat_erf("dunne", "w") == HeatErf::Dunne));
  BOOST_TEST((shocks::parse_heat_erf("foster", "w") == HeatErf::Foster));
  for (HeatErf erf : {HeatErf::Hothaps, HeatErf::Dunne, HeatErf::Foster}) {
    BOOST_TEST((shocks::parse_heat_erf(shocks::heat_erf_name(erf), "w") == erf));
  }
}

BOOST_AUTO_TEST_CASE(unknown_heat_erf_lists_the_valid_names) {
  const std::string where = "scenario.json: /heat/heat_erf";
  BOOST_CHECK_EXCEPTION(shocks::parse_heat_erf("liljegren", where), spstress::InputError,
                        message_has(where, "hothaps, dunne, foster"));
  // Names are exact: a capitalised name is not silently accepted.
  BOOST_CHECK_EXCEPTION(shocks::parse_heat_erf("Hothaps", where), spstress::InputError,
                        message_has(where, "\"Hothaps\""));
}

BOOST_AUTO_TEST_CASE(dunne_heavy_work_matches_hand_calculation) {
  // 100 − 25 max(0, W − 25)^(2/3), in %:
  //   W = 25 and below: 100 %  → 1
  //   W = 27: 2^(2/3) = 1.587401, 100 − 39.68503 = 60.31497 % → 0.6031497
  //   W = 29: 4^(2/3) = 2.519842, 100 − 62.99605 = 37.00395 % → 0.3700395
  //   W = 33: 8^(2/3) = 4 exactly, 100 − 100 = 0 %
  //   W = 40: 15^(2/3) = 6.08, 100 − 152 < 0 → clamped to 0
  // Hand values carry 7 significant digits: 1e-6 absolute. At 33 only pow's rounding of 2/3
  // separates the result from 0: 1e-12.
  const auto heavy = WorkIntensity::Heavy400W;
  BOOST_TEST(shocks::dunne_work_capacity_share(25.0, heavy) == 1.0);
  BOOST_TEST(shocks::dunne_work_capacity_share(10.0, heavy) == 1.0);
  BOOST_TEST(std::abs(shocks::dunne_work_capacity_share(27.0, heavy) - 0.6031497) <= 1e-6);
  BOOST_TEST(std::abs(shocks::dunne_work_capacity_share(29.0, heavy) - 0.3700395) <= 1e-6);
  BOOST_TEST(std::abs(shocks::dunne_work_capacity_share(33.0, heavy)) <= 1e-12);
  BOOST_TEST(shocks::dunne_work_capacity_share(40.0, heavy) == 0.0);
  BOOST_TEST(std::isnan(shocks::dunne_work_capacity_share(kNaN, heavy)));
}

BOOST_AUTO_TEST_CASE(dunne_lighter_work_has_two_and_four_times_the_heavy_capacity) {
  // W = 29: heavy 37.00395 % → moderate 74.00790 %, light 148.0 % clamped to 100 %.
  // W = 33: heavy 0 → moderate and light 0 too. Hand values to 7 digits: 1e-6 absolute.
  BOOST_TEST(std::abs(shocks::dunne_work_capacity_share(29.0, WorkIntensity::Moderate300W) -
                      0.7400790) <= 1e-6);
  BOOST_TEST(shocks::dunne_work_capacity_share(29.0, WorkIntensity::Light200W) == 1.0);
  BOOST_TEST(std::abs(shocks::dunne_work_capacity_share(33.0, WorkIntensity::Light200W)) <= 1e-11);
}

BOOST_AUTO_TEST_CASE(foster_table3_parameters_match_hand_calculation) {
  const auto p = shocks::foster_params_table3();
  BOOST_TEST(p.wbgt_half_deg_c == 33.63);
  BOOST_TEST(p.exponent == 6.33);
  // 1 / (1 + (W / 33.63)^6.33):
  //   W = 33.63: exactly 1/2.
  //   W = 18: ln(18/33.63) = −0.625050; ·6.33 = −3.956567; exp = 0.019130 → 1/1.019130 = 0.981229
  //   W = 40: ln(40/33.63) = 0.173459;  ·6.33 = 1.098000;  exp = 2.998212 → 1/3.998212 = 0.250112
  // Hand arithmetic to 6 significant digits: 2e-6 absolute.
  BOOST_TEST(shocks::foster_work_capacity_share(33.63, p) == 0.5,
             boost::test_tools::tolerance(1e-14));
  BOOST_TEST(std::abs(shocks::foster_work_capacity_share(18.0, p) - 0.981229) <= 2e-6);
  BOOST_TEST(std::abs(shocks::foster_work_capacity_share(40.0, p) - 0.250112) <= 2e-6);
  BOOST_TEST(shocks::foster_work_capacity_share(0.0, p) == 1.0);
  BOOST_TEST(shocks::foster_work_capacity_share(-5.0, p) == 1.0);
  BOOST_TEST(std::isnan(shocks::foster_work_capacity_share(kNaN, p)));
}

BOOST_AUTO_TEST_CASE(foster_anchor_fit_passes_through_the_abstract_anchors) {
  // Foster et al. (2021) abstract: 10 % loss at WBGT 18 °C, 78 % at 40 °C.
  const auto p = shocks::foster_params_abstract_anchors();
  // Closed form by hand: b = ln((0.78/0.22) / (0.10/0.90)) / ln(40/18) = ln(31.90909) /
  // ln(2.222222) = 3.462891 / 0.798508 = 4.336703; c = 18 · 9^(1/b) = 18 · exp(2.197225 / 4.336703)
  // = 18 · 1.659735 = 29.87523. Hand values to 7 digits: 1e-5 relative.
  BOOST_TEST(p.exponent == 4.336703, boost::test_tools::tolerance(1e-5));
  BOOST_TEST(p.wbgt_half_deg_c == 29.87523, boost::test_tools::tolerance(1e-5));
  // The anchors themselves, up to double rounding: 1e-12 absolute.
  BOOST_TEST(std::abs(shocks::foster_work_capacity_share(18.0, p) - 0.90) <= 1e-12);
  BOOST_TEST(std::abs(shocks::foster_work_capacity_share(40.0, p) - 0.22) <= 1e-12);
}

BOOST_AUTO_TEST_CASE(work_capacity_share_dispatches_to_the_selected_function) {
  using shocks::HeatErf;
  // Values from the three hand calculations above, picked where the functions differ widely.
  // Hothaps 400 W at 30 °C: 0.6630 (docs/model.md §1.2 table, 4 decimals → 5e-5).
  BOOST_TEST(
      std::abs(shocks::work_capacity_share(30.0, WorkIntensity::Heavy400W, HeatErf::Hothaps) -
               0.6630) <= 5e-5);
  BOOST_TEST(std::abs(shocks::work_capacity_share(29.0, WorkIntensity::Heavy400W, HeatErf::Dunne) -
                      0.3700395) <= 1e-6);
  // Foster ignores intensity: 1/2 at its half-capacity WBGT for every intensity.
  BOOST_TEST(
      std::abs(shocks::work_capacity_share(33.63, WorkIntensity::Light200W, HeatErf::Foster) -
               0.5) <= 1e-14);
}

BOOST_AUTO_TEST_CASE(hours_lost_with_hothaps_erf_equals_the_default_function) {
  const HeatMonth month{29.0, 35.0, 65.0};
  const SectorHeatExposure sector{WorkIntensity::Moderate300W, 0.5, 0.1};
  HeatSettings settings;
  settings.sun_delta_deg_c = 2.0;
  const double dflt = shocks::hours_lost_per_worker_day(month, sector, settings);
  BOOST_TEST(shocks::hours_lost_per_worker_day(month, sector, settings, shocks::HeatErf::Hothaps) ==
             dflt);
  BOOST_TEST(dflt > 0.5);  // not a trivial zero == zero
}

BOOST_AUTO_TEST_CASE(hours_lost_with_dunne_erf_matches_hand_calculation) {
  // Dry air: W_max = 33, W_mean = 25, so W_half = 29. Heavy work in shade, 4+4+4 hours:
  // lost = 4 (1 − 0) + 4 (1 − 0.3700395) + 4 (1 − 1) = 4 + 2.519842 = 6.519842 h.
  // Hand value to 7 digits plus the 1e-12 at W = 33: 1e-5 absolute.
  const HeatMonth month{dry_ta_for_wbgt(25.0), dry_ta_for_wbgt(33.0), 0.0};
  const SectorHeatExposure sector{WorkIntensity::Heavy400W, 0.0, 0.0};
  BOOST_TEST(std::abs(shocks::hours_lost_per_worker_day(month, sector, HeatSettings{},
                                                        shocks::HeatErf::Dunne) -
                      6.519842) <= 1e-5);
}

// ---------------------------------------------------------------------------------------------
// Regulatory comparator (防暑降温措施管理办法 2012).

BOOST_DATA_TEST_CASE(regulatory_hours_lost_follow_the_temperature_bands,
                     bdata::make({34.9, 35.0, 36.9, 37.0, 39.9, 40.0, 42.0}) ^
                         bdata::make({0.0, 0.0, 0.0, 3.0, 3.0, 8.0, 8.0}) ^
                         bdata::make({false, true, true, true, true, true, true}),
                     tmax_deg_c, hours_expected, allowance_expected) {
  // Default 8 h outdoor day. Below 37 °C no hours are lost (allowance from 35 °C); at 37–40 °C
  // the 6 h cap removes 8 − 6 = 2 h and the 3 hottest hours remove 3 h, so max(3, 2) = 3 h;
  // from 40 °C all 8 h. Exact arithmetic on small numbers: exact comparison.
  const shocks::RegulatoryHeatDay day =
      shocks::regulatory_hours_lost(tmax_deg_c, shocks::RegulatoryHeatSettings{}, "w");
  BOOST_TEST(day.outdoor_hours_lost == hours_expected);
  BOOST_TEST(day.allowance_due == allowance_expected);
}

BOOST_AUTO_TEST_CASE(regulatory_cap_binds_on_a_long_outdoor_day) {
  // 10 h outdoor day at 38 °C: the cap removes 10 − 6 = 4 h, more than the 3 hottest hours.
  shocks::RegulatoryHeatSettings s;
  s.outdoor_day_hours = 10.0;
  BOOST_TEST(shocks::regulatory_hours_lost(38.0, s, "w").outdoor_hours_lost == 4.0);
  // A 2 h outdoor day cannot lose more than its 2 h, even though the hottest block is 3 h.
  s.outdoor_day_hours = 2.0;
  BOOST_TEST(shocks::regulatory_hours_lost(38.0, s, "w").outdoor_hours_lost == 2.0);
}

BOOST_AUTO_TEST_CASE(regulatory_comparator_rejects_nan_and_bad_settings) {
  const std::string where = "cities.csv: row 4";
  BOOST_CHECK_EXCEPTION(
      shocks::regulatory_hours_lost(kNaN, shocks::RegulatoryHeatSettings{}, where),
      spstress::InputError, message_has(where, "NaN"));
  shocks::RegulatoryHeatSettings s;
  s.outdoor_day_hours = 0.0;
  BOOST_CHECK_EXCEPTION(shocks::regulatory_hours_lost(38.0, s, where), spstress::InputError,
                        message_has(where, "outdoor_day_hours"));
  s = shocks::RegulatoryHeatSettings{};
  s.restrict_tmax_deg_c = 41.0;  // above the stop threshold
  BOOST_CHECK_EXCEPTION(shocks::regulatory_hours_lost(38.0, s, where), spstress::InputError,
                        message_has(where, "increasing order"));
}

// ---------------------------------------------------------------------------------------------
// Default exposure by GB/T 4754 section (docs/model.md §1.3).

BOOST_AUTO_TEST_CASE(default_exposure_follows_the_section_table) {
  struct Expect {
    const char* section;
    WorkIntensity intensity;
    double sun_share;
  };
  const Expect table[] = {
      {"A", WorkIntensity::Heavy400W, 1.0},    {"E", WorkIntensity::Heavy400W, 1.0},
      {"B", WorkIntensity::Moderate300W, 0.0}, {"C", WorkIntensity::Moderate300W, 0.0},
      {"D", WorkIntensity::Moderate300W, 0.0}, {"G", WorkIntensity::Moderate300W, 0.5},
      {"N", WorkIntensity::Moderate300W, 0.5}, {"F", WorkIntensity::Light200W, 0.0},
      {"H", WorkIntensity::Light200W, 0.0},    {"I", WorkIntensity::Light200W, 0.0},
      {"J", WorkIntensity::Light200W, 0.0},    {"K", WorkIntensity::Light200W, 0.0},
      {"L", WorkIntensity::Light200W, 0.0},    {"M", WorkIntensity::Light200W, 0.0},
      {"O", WorkIntensity::Light200W, 0.0},    {"P", WorkIntensity::Light200W, 0.0},
      {"Q", WorkIntensity::Light200W, 0.0},    {"R", WorkIntensity::Light200W, 0.0},
      {"S", WorkIntensity::Light200W, 0.0},    {"T", WorkIntensity::Light200W, 0.0},
  };
  for (const Expect& x : table) {
    BOOST_TEST_CONTEXT("section " << x.section) {
      const SectorHeatExposure e = shocks::default_sector_heat_exposure(x.section, "w");
      BOOST_TEST((e.intensity == x.intensity));
      BOOST_TEST(e.sun_share == x.sun_share);
      BOOST_TEST(e.ac_share == 0.0);
    }
  }
}

BOOST_AUTO_TEST_CASE(unknown_section_letter_is_an_input_error) {
  const std::string where = "sectors.csv: row 21, section";
  for (const char* bad : {"U", "a", "", "AB", "1"}) {
    BOOST_TEST_CONTEXT("section \"" << bad << "\"") {
      BOOST_CHECK_EXCEPTION(shocks::default_sector_heat_exposure(bad, where), spstress::InputError,
                            message_has(where, "A to T"));
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>

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

BOOST_AUTO_TEST_SUITE_END()

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "spstress/core/error.hpp"
#include "spstress/protection/social_assistance.hpp"

namespace sp = spstress::protection;
namespace tt = boost::test_tools;

// Reference values marked [AS241] come from Python's statistics.NormalDist, whose inv_cdf is
// Wichura's AS241 (about 1e-16 relative) and whose cdf is erf-based: an implementation
// independent of the code under test. Values marked [hand] are worked in the comment.

namespace {

auto message_contains(const std::string& text) {
  return [text](const spstress::Error& e) {
    return std::string(e.what()).find(text) != std::string::npos;
  };
}

// Urban stratum of the docs/model.md §9 worked example: G = 0.35, z = 7,000 CNY/yr, ȳ = 20,000.
// recipients = Pop · H · τ_DB = 1e6 · 0.09423803271087483 · 0.5 [AS241].
sp::DibaoStratum urban_example() {
  sp::DibaoStratum s;
  s.population_persons = 1.0e6;
  s.standard_cny_per_year = 7000.0;
  s.gini_share = 0.35;
  s.recipients_persons = 47119.016355437416;
  s.takeup_current_share = 0.5;
  s.takeup_new_share = 0.3;
  return s;
}

// Rural stratum with G = 0.4, z = 5,000, ȳ = 12,000: σ = 0.7416143171871158,
// H = 0.20906106588008505, PG = 0.06406465614210499 [AS241];
// recipients = 2e6 · H · 0.6 = 250873.27905610204.
sp::DibaoStratum rural_example() {
  sp::DibaoStratum s;
  s.population_persons = 2.0e6;
  s.standard_cny_per_year = 5000.0;
  s.gini_share = 0.4;
  s.recipients_persons = 250873.27905610204;
  s.takeup_current_share = 0.6;
  s.takeup_new_share = 0.2;
  return s;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(test_social_assistance)

BOOST_AUTO_TEST_CASE(normal_functions_match_reference_values) {
  // 1e-14 relative: the accuracy promised for the quantile; erfc is good to ~1e-16.
  const auto tol = tt::tolerance(1e-14);
  BOOST_TEST(sp::normal_cdf(0.0) == 0.5);
  BOOST_TEST(sp::normal_cdf(-1.0) == 0.15865525393145707, tol);  // [AS241]
  BOOST_TEST(sp::normal_cdf(2.5) == 0.9937903346742238, tol);    // [AS241]
  BOOST_TEST(sp::normal_quantile(0.5) == 0.0);
  BOOST_TEST(sp::normal_quantile(0.975) == 1.9599639845400536, tol);  // [AS241]
  BOOST_TEST(sp::normal_quantile(0.9) == 1.2815515655446008, tol);    // [AS241]
  BOOST_TEST(sp::normal_quantile(0.001) == -3.090232306167813, tol);  // [AS241]
  BOOST_TEST(sp::normal_quantile(1e-10) == -6.361340902404056, tol);  // [AS241]
  BOOST_TEST(sp::normal_quantile(1e-20) == -9.262340089798405, tol);  // [AS241]
  BOOST_TEST(sp::normal_quantile(1e-300) == -37.0470962993612, tol);  // [AS241]
  BOOST_TEST(sp::normal_quantile(0.0) == -std::numeric_limits<double>::infinity());
  BOOST_TEST(sp::normal_quantile(1.0) == std::numeric_limits<double>::infinity());
  BOOST_CHECK_EXCEPTION(sp::normal_quantile(1.5), spstress::InputError,
                        message_contains("normal_quantile: p: got 1.5; expected 0..1"));
}

BOOST_AUTO_TEST_CASE(quantile_inverts_cdf_across_the_range) {
  // Round trip over the central and both tail regions of the rational approximation; 1e-13
  // relative on p leaves room for the conditioning of Φ away from the centre.
  for (double p : {1e-15, 1e-6, 0.01, 0.02425, 0.1, 0.3, 0.5, 0.7, 0.97575, 0.99, 0.999999}) {
    BOOST_TEST(sp::normal_cdf(sp::normal_quantile(p)) == p, tt::tolerance(1e-13));
  }
}

BOOST_AUTO_TEST_CASE(worked_example_of_model_section_9) {
  // docs/model.md §9: G = 0.35 → σ = √2 Φ⁻¹(0.675) = √2 · 0.45376 = 0.642 (to 1e-3).
  const double sigma = sp::sigma_from_gini(0.35);
  BOOST_TEST(std::abs(sigma - 0.642) < 1e-3);
  BOOST_TEST(sigma == 0.6417166434303633, tt::tolerance(1e-13));  // [AS241]
  // μ = ln 20,000 − σ²/2 = 9.903488 − 0.205900 = 9.697588.
  const sp::Lognormal dist = sp::lognormal_from_mean(20000.0, sigma);
  BOOST_TEST(dist.mu == std::log(20000.0) - 0.5 * 0.6417166434303633 * 0.6417166434303633,
             tt::tolerance(1e-14));
  // a = (ln 7,000 − μ)/σ = (8.853665 − 9.697588)/0.641717 = −1.3151; H = Φ(a) = 9.4 %;
  // PG = 0.0942 − (20,000/7,000) Φ(−1.9568) = 0.0942 − 2.857 · 0.02519 = 0.022.
  const double h = sp::headcount_share(7000.0, dist);
  const double pg = sp::poverty_gap_share(7000.0, dist);
  BOOST_TEST(std::abs(h - 0.094) < 0.0005);  // ±0.05 pp, the precision docs/model.md quotes
  BOOST_TEST(std::abs(pg - 0.022) < 0.0005);
  BOOST_TEST(h == 0.09423803271087483, tt::tolerance(1e-12));    // [AS241]
  BOOST_TEST(pg == 0.022282391770305582, tt::tolerance(1e-11));  // [AS241]; difference of terms
  // Uniform 20 % loss: H' = Φ(a − ln 0.8/σ) = Φ(−1.3151 + 0.3477) = Φ(−0.9674) = 16.7 %.
  sp::DibaoStratum s = urban_example();
  const sp::DibaoShockResult r = sp::dibao_shock(s, 20000.0, {1.0, 0.2});
  BOOST_TEST(std::abs(r.headcount_after_share - 0.167) < 0.0005);
  BOOST_TEST(r.headcount_after_share == 0.16667915421735724, tt::tolerance(1e-12));  // [AS241]
  BOOST_TEST(r.gap_after_share == 0.04371109666653247, tt::tolerance(1e-11));        // [AS241]
  BOOST_TEST(r.headcount_before_share == h);
  BOOST_TEST(r.gap_before_share == pg);
}

BOOST_AUTO_TEST_CASE(calibrated_mean_income_round_trips_the_worked_example) {
  // recipients = Pop · H · τ_DB with H of the worked example → ȳ = 20,000 (1e-9 relative: the
  // tail of Φ⁻¹ near H = 0.094 amplifies a 1e-16 error in H by σ/φ(a) ≈ 4).
  BOOST_TEST(sp::calibrate_mean_income(urban_example()) == 20000.0, tt::tolerance(1e-9));
  // Same with H taken from the code's own headcount (pure consistency of the inverse).
  sp::DibaoStratum s = urban_example();
  const double sigma = sp::sigma_from_gini(0.35);
  s.recipients_persons =
      1e6 * sp::headcount_share(7000.0, sp::lognormal_from_mean(20000.0, sigma)) * 0.5;
  BOOST_TEST(sp::calibrate_mean_income(s) == 20000.0, tt::tolerance(1e-9));
  BOOST_TEST(sp::calibrate_mean_income(rural_example()) == 12000.0, tt::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(partial_shock_mixes_affected_and_unaffected_groups) {
  // s_a = 0.4, δ = 0.3 on the worked example [AS241]:
  //   H' = 0.6 · 0.0942380 + 0.4 · Φ(a − ln 0.7/σ) = 0.1460790073685554
  //   PG' = 0.6 · PG + 0.4 · PG(μ + ln 0.7, 14,000) = 0.0384204201014646
  //   ΔR = 1e6 · (H' − H) · 0.3 = 15552.292397304169
  //   ΔCost = 7,000 · 1e6 · 0.3 · (PG' − PG) = 33,889,859.495433934 CNY/yr
  // Tolerance 1e-10: ΔR and ΔCost are differences of shares that agree to about 1 digit.
  const sp::DibaoShockResult r = sp::dibao_shock(urban_example(), 20000.0, {0.4, 0.3});
  BOOST_TEST(r.headcount_after_share == 0.1460790073685554, tt::tolerance(1e-12));
  BOOST_TEST(r.gap_after_share == 0.0384204201014646, tt::tolerance(1e-11));
  BOOST_TEST(r.new_recipients_persons == 15552.292397304169, tt::tolerance(1e-10));
  BOOST_TEST(r.extra_cost_cny_per_year == 33889859.495433934, tt::tolerance(1e-10));
}

BOOST_AUTO_TEST_CASE(no_shock_means_no_new_recipients) {
  for (const sp::IncomeShock shock : {sp::IncomeShock{0.0, 0.5}, sp::IncomeShock{0.7, 0.0}}) {
    const sp::DibaoShockResult r = sp::dibao_shock(urban_example(), 20000.0, shock);
    BOOST_TEST(r.new_recipients_persons == 0.0);
    BOOST_TEST(r.extra_cost_cny_per_year == 0.0);
    BOOST_TEST(r.headcount_after_share == r.headcount_before_share);
  }
}

BOOST_AUTO_TEST_CASE(simulated_months_add_strata_and_temporary_assistance) {
  // Month 0: urban s_a 0.4, δ 0.3 (see the partial-shock case); rural s_a 1, δ 0.1 [AS241]:
  //   rural ΔR = 17251.538968945937, ΔCost = 33,312,545.590996057 CNY/yr.
  //   new recipients = 15552.292397 + 17251.538969 = 32803.8313662501
  //   Dibao extra = (33,889,859.4954 + 33,312,545.5910)/12 = 5,600,200.423869166
  //   TA: 2,600 persons / 2.6 = 1,000 households · π_TA 0.2 = 200 cases
  //       · k_TA 3 · 7,000/12 = 350,000 CNY
  // Month 1: nothing. Month 2: urban shock only, 1,300 affected → TA 175,000,
  //   Dibao extra = 33,889,859.4954/12 = 2,824,154.9579528277.
  // Baseline cost [AS241] = 7,000 · 1e6 · 0.5 · PG_u/12 + 5,000 · 2e6 · 0.6 · PG_r/12
  //   = 38,531,359.004.
  sp::SaParams p;
  p.urban = urban_example();
  p.rural = rural_example();
  p.ta_case_share = 0.2;
  p.ta_months_of_standard = 3.0;
  p.household_size_persons = 2.6;
  p.reserve_cny = 5.0e6;
  std::vector<sp::SaMonthInput> months(3);
  months[0] = {{0.4, 0.3}, {1.0, 0.1}, 2600.0};
  months[2] = {{0.4, 0.3}, {0.0, 0.0}, 1300.0};
  const sp::SaPath path = sp::simulate_sa(p, months);
  BOOST_TEST_REQUIRE(path.months.size() == 3u);
  // 1e-10 as in the partial-shock case; TA is exact arithmetic on short decimals (1e-12).
  BOOST_TEST(path.months[0].new_recipients_persons == 32803.8313662501, tt::tolerance(1e-10));
  BOOST_TEST(path.months[0].dibao_extra_cost_cny == 5600200.423869166, tt::tolerance(1e-10));
  BOOST_TEST(path.months[0].ta_cost_cny == 350000.0, tt::tolerance(1e-12));
  BOOST_TEST(path.months[1].new_recipients_persons == 0.0);
  BOOST_TEST(path.months[1].dibao_extra_cost_cny == 0.0);
  BOOST_TEST(path.months[1].ta_cost_cny == 0.0);
  BOOST_TEST(path.months[2].dibao_extra_cost_cny == 2824154.9579528277, tt::tolerance(1e-10));
  BOOST_TEST(path.months[2].ta_cost_cny == 175000.0, tt::tolerance(1e-12));
  for (const sp::SaMonth& m : path.months) {
    BOOST_TEST(m.baseline_recipients_persons == 47119.016355437416 + 250873.27905610204,
               tt::tolerance(1e-14));
    BOOST_TEST(m.baseline_cost_cny == 38531359.00405829, tt::tolerance(1e-10));
  }

  // Summary: peak excess 32803.83; extra = 5,600,200.42 + 350,000 + 2,824,154.96 + 175,000
  // = 8,949,355.381821994; gap = extra − 5e6 = 3,949,355.38; peak = baseline + 32803.83
  // = 330,796.12677778956.
  const sp::SaSummary s = sp::summarise_sa(p, path);
  BOOST_TEST(s.new_recipients_persons == 32803.8313662501, tt::tolerance(1e-10));
  BOOST_TEST(s.extra_cost_cny == 8949355.381821994, tt::tolerance(1e-10));
  BOOST_TEST(s.funding_gap_cny == 3949355.3818219937, tt::tolerance(1e-10));
  BOOST_TEST(s.peak_recipients_persons == 330796.12677778956, tt::tolerance(1e-12));

  // A reserve larger than the extra cost absorbs it all.
  p.reserve_cny = 1.0e7;
  BOOST_TEST(sp::summarise_sa(p, path).funding_gap_cny == 0.0);
}

BOOST_AUTO_TEST_CASE(rejects_total_income_loss) {
  BOOST_CHECK_EXCEPTION(
      sp::dibao_shock(urban_example(), 20000.0, {0.5, 1.0}), spstress::InputError,
      message_contains("IncomeShock.income_loss_share: got 1; expected 0 <= δ < 1 "
                       "(income loss share must be below 1)"));
  BOOST_CHECK_EXCEPTION(sp::dibao_shock(urban_example(), 20000.0, {1.2, 0.1}), spstress::InputError,
                        message_contains("IncomeShock.affected_share: got 1.2; expected 0..1"));
}

BOOST_AUTO_TEST_CASE(rejects_impossible_calibration_targets) {
  sp::DibaoStratum s = urban_example();
  s.recipients_persons = 600000.0;  // above Pop · τ_DB = 500,000
  BOOST_CHECK_EXCEPTION(
      sp::calibrate_mean_income(s), spstress::InputError,
      message_contains("DibaoStratum.recipients_persons: got 600000; expected below "
                       "population_persons × takeup_current_share = 500000"));
  s.recipients_persons = 0.0;
  BOOST_CHECK_EXCEPTION(
      sp::calibrate_mean_income(s), spstress::InputError,
      message_contains("DibaoStratum.recipients_persons: got 0; expected a finite value > 0"));
  s = urban_example();
  s.gini_share = 1.0;
  BOOST_CHECK_EXCEPTION(sp::calibrate_mean_income(s), spstress::InputError,
                        message_contains("DibaoStratum.gini_share: got 1; expected 0 < G < 1"));
  s = urban_example();
  s.takeup_current_share = std::nan("");
  BOOST_CHECK_EXCEPTION(sp::calibrate_mean_income(s), spstress::InputError,
                        message_contains("DibaoStratum.takeup_current_share: got nan"));
  BOOST_CHECK_EXCEPTION(sp::sigma_from_gini(0.0), spstress::InputError,
                        message_contains("gini_share: got 0; expected 0 < G < 1"));
}

BOOST_AUTO_TEST_CASE(simulation_errors_name_stratum_and_month) {
  sp::SaParams p;
  p.urban = urban_example();
  p.rural = rural_example();
  p.rural.standard_cny_per_year = -1.0;
  BOOST_CHECK_EXCEPTION(sp::simulate_sa(p, {}), spstress::InputError,
                        message_contains("SaParams.rural.standard_cny_per_year: got -1"));
  p.rural = rural_example();
  p.household_size_persons = 0.0;
  BOOST_CHECK_EXCEPTION(sp::simulate_sa(p, {}), spstress::InputError,
                        message_contains("SaParams.household_size_persons: got 0"));
  p.household_size_persons = 2.6;
  std::vector<sp::SaMonthInput> months(2);
  months[1].urban = {0.5, 1.0};
  BOOST_CHECK_EXCEPTION(sp::simulate_sa(p, months), spstress::InputError,
                        message_contains("months[1].urban.income_loss_share: got 1"));
  months[1].urban = {0.5, 0.1};
  months[1].newly_affected_persons = -3.0;
  BOOST_CHECK_EXCEPTION(sp::simulate_sa(p, months), spstress::InputError,
                        message_contains("months[1].newly_affected_persons: got -3"));
}

BOOST_AUTO_TEST_CASE(gap_ratio_calibration_recovers_sigma_and_matches_the_observed_ratio) {
  // Round trip: the worked example's σ (Gini 0.35) gives a gap ratio PG/H at its headcount;
  // asking for that ratio returns the same σ.
  sp::DibaoStratum s = urban_example();
  const double sigma0 = sp::sigma_from_gini(0.35);
  const double mean = sp::calibrate_mean_income(s);
  const sp::Lognormal d0 = sp::lognormal_from_mean(mean, sigma0);
  const double ratio0 = sp::poverty_gap_share(7000.0, d0) / sp::headcount_share(7000.0, d0);
  s.gap_ratio_target_share = ratio0;
  // 1e-9: bisection to 1e-15 relative; the ratio's slope in σ is of order 1.
  BOOST_TEST(sp::calibrate_sigma(s) == sigma0, tt::tolerance(1e-9));
  // The observed urban ratio 0.70 (2015 [D]): the calibrated distribution keeps the recipients
  // (Pop H τ) and has PG/H = 0.70, both checked with the plain headcount and gap formulas.
  s.gap_ratio_target_share = 0.70;
  const double sigma = sp::calibrate_sigma(s);
  BOOST_TEST(sigma > sigma0);
  const sp::Lognormal d = sp::lognormal_from_mean(sp::calibrate_mean_income(s), sigma);
  const double h = sp::headcount_share(7000.0, d);
  BOOST_TEST(s.population_persons * h * s.takeup_current_share == s.recipients_persons,
             tt::tolerance(1e-9));
  BOOST_TEST(sp::poverty_gap_share(7000.0, d) / h == 0.70, tt::tolerance(1e-9));
  s.gap_ratio_target_share = 1.2;
  BOOST_CHECK_THROW(sp::calibrate_sigma(s), spstress::InputError);
}

BOOST_AUTO_TEST_SUITE_END()

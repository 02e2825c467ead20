#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "spstress/core/error.hpp"
#include "spstress/protection/ui.hpp"

namespace sp = spstress::protection;
namespace tt = boost::test_tools;

namespace {

// Tolerance for hand-worked values made of a few dozen additions and products of short
// decimals: rounding stays near 1e-15 relative, so 1e-12 is tight yet never flaky.
constexpr double hand_tol = 1e-12;

// The small fund used by the hand-worked cases: D = 3 months, h0 = 0.2, I0 = 100 claims/month.
// Steady state n(a) = 100 (1 − 0.2)^a = 100, 80, 64, so N_base = 244.
sp::UiParams small_fund() {
  sp::UiParams p;
  p.baseline_inflow_persons_per_month = 100.0;
  p.exit_hazard_per_month = 0.2;
  p.entitlement_mix = {{3, 1.0}};
  p.benefit_cny_per_month = 1000.0;
  p.medical_premium_cny_per_month = 0.0;
  p.other_outlay_cny_per_month = 0.0;
  p.insured_persons = 0.0;
  p.opening_balance_cny = 1'000'000.0;
  p.interest_rate_per_year_share = 0.0;
  p.floor_months_of_outlay = 0.0;
  return p;
}

/// The small fund with revenue: 10,000 insured paying 1 % of a 5,000 CNY base, fully
/// complied, = 500,000 CNY a month.
sp::UiParams small_fund_with_revenue() {
  sp::UiParams p = small_fund();
  p.insured_persons = 10'000.0;
  p.contribution_base_cny_per_month = 5000.0;
  p.contribution_rate_share = 0.01;
  p.compliance_share = 1.0;
  return p;
}

auto message_contains(const std::string& text) {
  return [text](const spstress::Error& e) {
    return std::string(e.what()).find(text) != std::string::npos;
  };
}

}  // namespace

BOOST_AUTO_TEST_SUITE(test_ui)

BOOST_AUTO_TEST_CASE(mean_paid_spell_matches_model_calibration) {
  // docs/model.md §7: h0 = 0.155 at D = 12. By hand: 0.845^2 = 0.714025, ^4 = 0.509831700625,
  // ^8 = 0.259928363, ^12 = ^8 · ^4 = 0.132519719; (1 − 0.132519719)/0.155 = 5.5966470.
  // Tolerance 1e-8: the hand value is carried to 8 significant digits.
  BOOST_TEST(sp::mean_paid_spell_months(0.155, 12) == 5.5966470, tt::tolerance(1e-8));
  BOOST_TEST(std::abs(sp::mean_paid_spell_months(0.155, 12) - 5.6) < 0.01);
  // D = 3, h = 0.2: 1 + 0.8 + 0.64 = 2.44.
  BOOST_TEST(sp::mean_paid_spell_months(0.2, 3) == 2.44, tt::tolerance(hand_tol));
  // No exit: paid the full entitlement. Certain exit: paid the entry month only.
  BOOST_TEST(sp::mean_paid_spell_months(0.0, 12) == 12.0);
  BOOST_TEST(sp::mean_paid_spell_months(1.0, 12) == 1.0, tt::tolerance(hand_tol));
  // Tiny hazard: Σ (1−h)^k ≈ D − h D(D−1)/2 = 12 − 1e-12 · 66; tolerance 1e-14 checks that
  // the closed form did not lose the small term to cancellation.
  BOOST_TEST(sp::mean_paid_spell_months(1e-12, 12) == 12.0 - 66e-12, tt::tolerance(1e-14));
}

BOOST_AUTO_TEST_CASE(cohort_table_over_six_months_matches_hand_count) {
  // A shock of 50 claims in month 0. n(t, a) for a = 0, 1, 2 (steady state 100, 80, 64):
  //   t=0: 150, 80, 64   exits 0.2·100 + 0.2·80  = 36, exhausted 64, N = 294
  //   t=1: 100,120, 64   exits 0.2·150 + 0.2·80  = 46, exhausted 64, N = 284
  //   t=2: 100, 80, 96   exits 0.2·100 + 0.2·120 = 44, exhausted 64, N = 276
  //   t=3: 100, 80, 64   exits 0.2·100 + 0.2·80  = 36, exhausted 96, N = 244
  //   t=4, t=5: steady again: exits 36, exhausted 64, N = 244
  const sp::UiPath path = sp::simulate_ui(small_fund(), {50.0}, {}, 6);
  BOOST_TEST_REQUIRE(path.months.size() == 6u);
  BOOST_TEST(path.baseline_claimants_persons == 244.0, tt::tolerance(hand_tol));
  const double inflow[] = {150, 100, 100, 100, 100, 100};
  const double exits[] = {36, 46, 44, 36, 36, 36};
  const double exhausted[] = {64, 64, 64, 96, 64, 64};
  const double claimants[] = {294, 284, 276, 244, 244, 244};
  for (std::size_t t = 0; t < 6; ++t) {
    BOOST_TEST_CONTEXT("month " << t) {
      const sp::UiMonth& m = path.months[t];
      BOOST_TEST(m.inflow_persons == inflow[t], tt::tolerance(hand_tol));
      BOOST_TEST(m.shock_claims_persons == (t == 0 ? 50.0 : 0.0));
      BOOST_TEST(m.exits_persons == exits[t], tt::tolerance(hand_tol));
      BOOST_TEST(m.exhausted_persons == exhausted[t], tt::tolerance(hand_tol));
      BOOST_TEST(m.claimants_persons == claimants[t], tt::tolerance(hand_tol));
      BOOST_TEST(m.benefit_cny == claimants[t] * 1000.0, tt::tolerance(hand_tol));
    }
  }
}

BOOST_AUTO_TEST_CASE(exit_hazard_responds_to_last_months_stock) {
  // ε_u = 1: month 0 uses N(−1) = N_base, so it matches the ε = 0 table (N = 294). Month 1
  // uses N(0) = 294: h = 0.2 · 244/294, exits = (150 + 80) h = 11224/294 = 38.1768707483,
  // N(1) = 294 + 100 − 38.1768707483 − 64 = 291.8231292517.
  sp::UiParams p = small_fund();
  p.exit_elasticity_to_unemployment = 1.0;
  const sp::UiPath path = sp::simulate_ui(p, {50.0}, {}, 2);
  BOOST_TEST(path.months[0].claimants_persons == 294.0, tt::tolerance(hand_tol));
  BOOST_TEST(path.months[1].exits_persons == 38.17687074829932, tt::tolerance(hand_tol));
  BOOST_TEST(path.months[1].claimants_persons == 291.82312925170066, tt::tolerance(hand_tol));
}

BOOST_AUTO_TEST_CASE(duration_dependence_thins_later_cohorts) {
  // κ = 0.05: n(1) = 100 (1 − 0.2) = 80, n(2) = 80 (1 − 0.2 e^−0.05) = 64.78032920798857
  // (e^−0.05 = 0.951229424500714). Each month: exits = 20 + 16 e^−0.05 = 35.21967079201143,
  // exhausted = n(2), and inflow 100 = exits + exhausted keeps the stock flat.
  sp::UiParams p = small_fund();
  p.duration_dependence_per_month = 0.05;
  const sp::UiPath path = sp::simulate_ui(p, {}, {}, 3);
  const double base = 100.0 + 80.0 + 64.78032920798857;
  BOOST_TEST(path.baseline_claimants_persons == base, tt::tolerance(hand_tol));
  for (const sp::UiMonth& m : path.months) {
    BOOST_TEST(m.exits_persons == 35.21967079201143, tt::tolerance(hand_tol));
    BOOST_TEST(m.exhausted_persons == 64.78032920798857, tt::tolerance(hand_tol));
    BOOST_TEST(m.claimants_persons == base, tt::tolerance(hand_tol));
  }
}

BOOST_AUTO_TEST_CASE(no_shock_path_stays_at_the_steady_state) {
  // Mixed entitlements with duration dependence and an unemployment elasticity: without a shock
  // the ratio N_base/N(t−1) is 1 and the stock must not drift. Stock of the mix {3: 0.5, 2: 0.5}
  // with κ = 0: 50 (1 + 0.8 + 0.64) + 50 (1 + 0.8) = 122 + 90 = 212.
  sp::UiParams p = small_fund();
  p.entitlement_mix = {{3, 0.5}, {2, 0.5}};
  const sp::UiPath simple = sp::simulate_ui(p, {}, {}, 2);
  BOOST_TEST(simple.baseline_claimants_persons == 212.0, tt::tolerance(hand_tol));

  p.entitlement_mix = {{12, 0.6}, {18, 0.3}, {24, 0.1}};
  p.exit_hazard_per_month = 0.155;
  p.duration_dependence_per_month = 0.02;
  p.exit_elasticity_to_unemployment = 1.2;
  const sp::UiPath path = sp::simulate_ui(p, {}, {}, 48);
  BOOST_TEST(path.baseline_claimants_persons > 0.0);
  for (const sp::UiMonth& m : path.months) {
    // The month step repeats the steady-state arithmetic, so the stock is flat to rounding.
    BOOST_TEST(m.claimants_persons == path.baseline_claimants_persons, tt::tolerance(1e-13));
    BOOST_TEST(m.exits_persons + m.exhausted_persons == 100.0, tt::tolerance(1e-12));
  }
}

BOOST_AUTO_TEST_CASE(steady_stock_at_model_calibration_is_inflow_times_mean_spell) {
  // I0 = 1000, D = 12, h0 = 0.155: N_base = 1000 · 5.596646972 (see the spell case above).
  sp::UiParams p = small_fund();
  p.baseline_inflow_persons_per_month = 1000.0;
  p.exit_hazard_per_month = 0.155;
  p.entitlement_mix = {{12, 1.0}};
  const sp::UiPath path = sp::simulate_ui(p, {}, {}, 1);
  // Tolerance 1e-9: the hand value is carried to 10 digits.
  BOOST_TEST(path.baseline_claimants_persons == 5596.646972, tt::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(fund_balance_with_interest_over_three_months) {
  // No shock: outlay = 244 · 1000 = 244,000 a month. Revenue = 0.01 · 5000 · 1 · 10,000
  // = 500,000. i = 2.4 %/yr → 0.002 a month on the opening balance.
  //   t=0: 1,200,000 + 2,400 + 500,000 − 244,000             = 1,458,400
  //   t=1: 1,458,400 + 2,916.8 + 256,000                     = 1,717,316.8
  //   t=2: 1,717,316.8 + 3,434.6336 + 256,000                = 1,976,751.4336
  sp::UiParams p = small_fund_with_revenue();
  p.opening_balance_cny = 1'200'000.0;
  p.interest_rate_per_year_share = 0.024;
  const sp::UiPath path = sp::simulate_ui(p, {}, {}, 3);
  const double interest[] = {2400.0, 2916.8, 3434.6336};
  const double closing[] = {1'458'400.0, 1'717'316.8, 1'976'751.4336};
  for (std::size_t t = 0; t < 3; ++t) {
    BOOST_TEST_CONTEXT("month " << t) {
      BOOST_TEST(path.months[t].outlay_cny == 244'000.0, tt::tolerance(hand_tol));
      BOOST_TEST(path.months[t].revenue_cny == 500'000.0, tt::tolerance(hand_tol));
      BOOST_TEST(path.months[t].lost_contributions_cny == 0.0);
      BOOST_TEST(path.months[t].interest_cny == interest[t], tt::tolerance(hand_tol));
      BOOST_TEST(path.months[t].closing_balance_cny == closing[t], tt::tolerance(hand_tol));
    }
  }
  // Month 0, trailing mean = baseline outlay: 1,458,400 / 244,000 = 5.977049180327869.
  BOOST_TEST(path.months[0].months_of_cover == 5.977049180327869, tt::tolerance(hand_tol));
}

BOOST_AUTO_TEST_CASE(option_outlays_are_paid_from_the_fund_in_their_month) {
  // The fund above with a 100,000 option outlay in month 1 only:
  //   t=1: 1,458,400 + 2,916.8 + 500,000 − 244,000 − 100,000 = 1,617,316.8
  //   t=2: 1,617,316.8 + 3,234.6336 + 256,000                 = 1,876,551.4336
  sp::UiParams p = small_fund_with_revenue();
  p.opening_balance_cny = 1'200'000.0;
  p.interest_rate_per_year_share = 0.024;
  p.option_outlay_cny_by_month = {0.0, 100'000.0};
  const sp::UiPath path = sp::simulate_ui(p, {}, {}, 3);
  BOOST_TEST(path.months[0].closing_balance_cny == 1'458'400.0, tt::tolerance(hand_tol));
  BOOST_TEST(path.months[1].option_outlay_cny == 100'000.0);
  BOOST_TEST(path.months[1].outlay_cny == 344'000.0, tt::tolerance(hand_tol));
  BOOST_TEST(path.months[1].closing_balance_cny == 1'617'316.8, tt::tolerance(hand_tol));
  BOOST_TEST(path.months[2].closing_balance_cny == 1'876'551.4336, tt::tolerance(hand_tol));
  // The depletion floor stays on the baseline outlay, without the option.
  p.floor_months_of_outlay = 2.0;
  BOOST_TEST(sp::simulate_ui(p, {}, {}, 3).floor_cny == 488'000.0, tt::tolerance(hand_tol));
  p.option_outlay_cny_by_month = {-1.0};
  BOOST_CHECK_THROW(sp::simulate_ui(p, {}, {}, 3), spstress::InputError);
}

BOOST_AUTO_TEST_CASE(a_contribution_exemption_scales_that_months_revenue) {
  // Revenue 500,000 a month (0.01 · 5000 · 10,000); half exempted in month 1: 250,000, and the
  // balance of month 1 is 250,000 lower than without (before interest).
  sp::UiParams p = small_fund_with_revenue();
  const sp::UiPath full = sp::simulate_ui(p, {}, {}, 3);
  p.revenue_factor_by_month = {1.0, 0.5};
  const sp::UiPath half = sp::simulate_ui(p, {}, {}, 3);
  BOOST_TEST(half.months[0].revenue_cny == 500'000.0, tt::tolerance(hand_tol));
  BOOST_TEST(half.months[1].revenue_cny == 250'000.0, tt::tolerance(hand_tol));
  BOOST_TEST(half.months[2].revenue_cny == 500'000.0, tt::tolerance(hand_tol));
  BOOST_TEST(full.months[1].closing_balance_cny - half.months[1].closing_balance_cny == 250'000.0,
             tt::tolerance(hand_tol));
  p.revenue_factor_by_month = {1.5};
  BOOST_CHECK_THROW(sp::simulate_ui(p, {}, {}, 3), spstress::InputError);
}

BOOST_AUTO_TEST_CASE(the_run_check_accepts_a_path_and_catches_a_broken_identity) {
  sp::UiParams p = small_fund_with_revenue();
  p.opening_balance_cny = 1'200'000.0;
  p.option_outlay_cny_by_month = {0.0, 100'000.0};
  sp::UiPath path = sp::simulate_ui(p, {50.0, 20.0}, {60.0, 30.0}, 6);
  BOOST_CHECK_NO_THROW(sp::check_ui_accounting(path, p.opening_balance_cny, "CN-XX"));
  sp::UiPath money = path;
  money.months[2].closing_balance_cny += 1.0;  // one yuan lost
  BOOST_CHECK_EXCEPTION(sp::check_ui_accounting(money, p.opening_balance_cny, "CN-XX"),
                        spstress::InternalError, [](const spstress::InternalError& e) {
                          return std::string(e.what()).find("CN-XX: month 2: closing") !=
                                 std::string::npos;
                        });
  sp::UiPath people = path;
  people.months[1].exits_persons += 1.0;  // a claimant leaves twice
  BOOST_CHECK_EXCEPTION(sp::check_ui_accounting(people, p.opening_balance_cny, "CN-XX"),
                        spstress::InternalError, [](const spstress::InternalError& e) {
                          return std::string(e.what()).find("month 1: claimants in") !=
                                 std::string::npos;
                        });
}

BOOST_AUTO_TEST_CASE(refund_eligibility_falls_as_layoffs_rise) {
  // Beta(1, β) has the closed form P[X <= x] = 1 − (1 − x)^β: with κ = 20 and m = 0.05,
  // α = 1 and β = 19, so φ = 1 − 0.945^19 = 0.6586 at the 5.5 % threshold.
  BOOST_TEST(sp::refund_eligible_share(0.05, 0.055, 20.0) == 1.0 - std::pow(0.945, 19.0),
             tt::tolerance(1e-12));
  // Uniform firms (Beta(1, 1): m = 0.5, κ = 2): φ = the threshold itself, times φ0.
  BOOST_TEST(sp::refund_eligible_share(0.5, 0.055, 2.0, 0.8) == 0.8 * 0.055, tt::tolerance(1e-12));
  // Pro-cyclical: the higher the mean layoff rate, the smaller the eligible share.
  double last = 1.0;
  for (const double m : {0.0, 0.01, 0.03, 0.05, 0.08, 0.12}) {
    const double phi = sp::refund_eligible_share(m, 0.055, 20.0);
    BOOST_TEST(phi <= last, m);
    last = phi;
  }
  BOOST_TEST(sp::refund_eligible_share(0.0, 0.055, 20.0, 0.9) == 0.9);
  BOOST_CHECK_THROW(sp::refund_eligible_share(-0.1, 0.055, 20.0), spstress::InputError);
  BOOST_CHECK_THROW(sp::refund_eligible_share(0.05, 0.0, 20.0), spstress::InputError);
}

BOOST_AUTO_TEST_CASE(months_of_cover_uses_trailing_twelve_month_outlay) {
  // Shock of 50 in month 0 with m = 0, other = 0, no revenue: outlay 294,000 in month 0 and the
  // 11 months before count at 244,000: mean = (11 · 244,000 + 294,000)/12 = 248,166.666...;
  // closing = 1,000,000 − 294,000 = 706,000 → 706,000 · 12 / 2,978,000 = 2.8448623237.
  const sp::UiPath path = sp::simulate_ui(small_fund(), {50.0}, {}, 1);
  BOOST_TEST(path.months[0].months_of_cover == 706'000.0 / (2'978'000.0 / 12.0),
             tt::tolerance(hand_tol));
  // Tolerance 1e-10: the hand quotient is carried to 11 digits.
  BOOST_TEST(path.months[0].months_of_cover == 2.8448623237, tt::tolerance(1e-10));
}

BOOST_AUTO_TEST_CASE(lost_contributions_decay_with_reemployment) {
  // Contribution per insured = 0.01 · 5000 · 0.9 = 45 CNY/month. Separations 1000 then 500,
  // h_re = 0.2: still out = 1000; 800 + 500 = 1300; 1040; 832.
  // Lost = 45,000; 58,500; 46,800; 37,440 (sum 187,740). Revenue = 45 (10,000 − out).
  sp::UiParams p = small_fund_with_revenue();
  p.compliance_share = 0.9;
  p.reemployment_hazard_per_month = 0.2;
  const sp::UiPath stressed = sp::simulate_ui(p, {}, {1000.0, 500.0}, 4);
  const sp::UiPath baseline = sp::simulate_ui(p, {}, {}, 4);
  const double lost[] = {45'000.0, 58'500.0, 46'800.0, 37'440.0};
  const double revenue[] = {405'000.0, 391'500.0, 403'200.0, 412'560.0};
  for (std::size_t t = 0; t < 4; ++t) {
    BOOST_TEST(stressed.months[t].lost_contributions_cny == lost[t], tt::tolerance(hand_tol));
    BOOST_TEST(stressed.months[t].revenue_cny == revenue[t], tt::tolerance(hand_tol));
  }
  const sp::UiSummary s = sp::summarise_ui(stressed, baseline);
  BOOST_TEST(s.contribution_loss_cny == 187'740.0, tt::tolerance(hand_tol));
}

BOOST_AUTO_TEST_CASE(fund_that_runs_dry_reports_depletion_and_gap) {
  // Floor k = 1 → F = 244,000. No revenue, no interest, opening 1,000,000, outlays
  // 294, 284, 276, 244, 244, 244 thousand:
  //   closing   706,000; 422,000; 146,000; −98,000; −342,000; −586,000
  //   shortfall       0;       0;  98,000; 342,000;  586,000;  830,000
  // First closing below F in month index 2 → 3 months to depletion. Gap = 830,000;
  // cumulative = 1,856,000 / 6 = 309,333.33. Extra benefit = (50 + 40 + 32) · 1000 = 122,000.
  // Baseline month 0: 756,000 / 244,000 = 3.098360655737705 months of cover.
  sp::UiParams p = small_fund();
  p.floor_months_of_outlay = 1.0;
  const sp::UiPath stressed = sp::simulate_ui(p, {50.0}, {}, 6);
  const sp::UiPath baseline = sp::simulate_ui(p, {}, {}, 6);
  BOOST_TEST(stressed.floor_cny == 244'000.0, tt::tolerance(hand_tol));
  const double closing[] = {706'000, 422'000, 146'000, -98'000, -342'000, -586'000};
  for (std::size_t t = 0; t < 6; ++t) {
    BOOST_TEST(stressed.months[t].closing_balance_cny == closing[t], tt::tolerance(hand_tol));
  }
  const sp::UiSummary s = sp::summarise_ui(stressed, baseline);
  BOOST_TEST_REQUIRE(s.months_to_depletion.has_value());
  BOOST_TEST(*s.months_to_depletion == 3.0);
  BOOST_TEST(s.funding_gap_cny == 830'000.0, tt::tolerance(hand_tol));
  BOOST_TEST(s.cumulative_shortfall_cny == 1'856'000.0 / 6.0, tt::tolerance(hand_tol));
  BOOST_TEST(s.new_claims_persons == 50.0);
  BOOST_TEST(s.peak_claimants_persons == 294.0, tt::tolerance(hand_tol));
  BOOST_TEST(s.extra_benefit_cost_cny == 122'000.0, tt::tolerance(hand_tol));
  BOOST_TEST(s.end_balance_cny == -586'000.0, tt::tolerance(hand_tol));
  BOOST_TEST(s.baseline_months_of_cover == 3.098360655737705, tt::tolerance(hand_tol));
}

BOOST_AUTO_TEST_CASE(fund_above_floor_never_depletes) {
  // Zero floor, no shock, 4 months: closings 756,000; 512,000; 268,000; 24,000
  // (1,000,000 − 4 · 244,000), all above F = 0, so no depletion and no gap.
  const sp::UiPath baseline = sp::simulate_ui(small_fund(), {}, {}, 4);
  BOOST_TEST(baseline.months.back().closing_balance_cny == 24'000.0, tt::tolerance(hand_tol));
  const sp::UiSummary s = sp::summarise_ui(baseline, baseline);
  BOOST_TEST(!s.months_to_depletion.has_value());
  BOOST_TEST(s.funding_gap_cny == 0.0);
  BOOST_TEST(s.cumulative_shortfall_cny == 0.0);
  BOOST_TEST(s.extra_benefit_cost_cny == 0.0);
  BOOST_TEST(s.new_claims_persons == 0.0);
}

BOOST_AUTO_TEST_CASE(accounting_identities_hold_every_month) {
  sp::UiParams p;
  p.insured_persons = 2.0e6;
  p.benefit_cny_per_month = 1814.0;
  p.medical_premium_cny_per_month = 260.0;
  p.contribution_base_cny_per_month = 6000.0;
  p.contribution_rate_share = 0.01;
  p.compliance_share = 0.85;
  p.opening_balance_cny = 3.0e9;
  p.interest_rate_per_year_share = 0.02;
  p.baseline_inflow_persons_per_month = 4000.0;
  p.other_outlay_cny_per_month = 2.0e6;
  p.exit_hazard_per_month = 0.155;
  p.exit_elasticity_to_unemployment = 0.8;
  p.duration_dependence_per_month = 0.03;
  p.reemployment_hazard_per_month = 0.12;
  p.entitlement_mix = {{3, 0.1}, {12, 0.5}, {18, 0.25}, {24, 0.15}};
  p.floor_months_of_outlay = 6.0;
  std::vector<double> claims;
  std::vector<double> separations;
  for (int t = 0; t < 20; ++t) {
    const double x = static_cast<double>(t);
    claims.push_back(3000.0 * (1.0 + std::sin(1.3 * x)) * std::exp(-0.1 * x));
    separations.push_back(9000.0 * (1.0 + std::cos(0.7 * x)) * std::exp(-0.15 * x));
  }
  const int horizon = 36;
  const sp::UiPath path = sp::simulate_ui(p, claims, separations, horizon);
  BOOST_TEST_REQUIRE(path.months.size() == static_cast<std::size_t>(horizon));
  const double full_revenue = 0.01 * 6000.0 * 0.85 * 2.0e6;
  double prev_claimants = path.baseline_claimants_persons;
  double prev_closing = p.opening_balance_cny;
  for (std::size_t t = 0; t < path.months.size(); ++t) {
    BOOST_TEST_CONTEXT("month " << t) {
      const sp::UiMonth& m = path.months[t];
      // 1e-9 relative: a balance of ~3e9 CNY built from sums of ~1e7-CNY flows.
      BOOST_TEST(m.closing_balance_cny ==
                     m.opening_balance_cny + m.interest_cny + m.revenue_cny - m.outlay_cny,
                 tt::tolerance(1e-9));
      BOOST_TEST(m.opening_balance_cny == prev_closing);
      BOOST_TEST(m.interest_cny == m.opening_balance_cny * 0.02 / 12.0, tt::tolerance(1e-12));
      BOOST_TEST(m.claimants_persons ==
                     prev_claimants + m.inflow_persons - m.exits_persons - m.exhausted_persons,
                 tt::tolerance(1e-9));
      BOOST_TEST(m.outlay_cny == m.benefit_cny + m.medical_cny + m.other_outlay_cny,
                 tt::tolerance(1e-12));
      BOOST_TEST(m.revenue_cny + m.lost_contributions_cny == full_revenue, tt::tolerance(1e-12));
      BOOST_TEST(m.inflow_persons == 4000.0 + (t < claims.size() ? claims[t] : 0.0),
                 tt::tolerance(1e-12));
      prev_claimants = m.claimants_persons;
      prev_closing = m.closing_balance_cny;
    }
  }
}

BOOST_AUTO_TEST_CASE(rejects_hazard_outside_unit_interval_naming_the_field) {
  sp::UiParams p = small_fund();
  p.exit_hazard_per_month = 1.5;
  BOOST_CHECK_EXCEPTION(sp::simulate_ui(p, {}, {}, 1), spstress::InputError,
                        message_contains("UiParams.exit_hazard_per_month: got 1.5; expected 0..1"));
}

BOOST_AUTO_TEST_CASE(rejects_nan_and_negative_money) {
  sp::UiParams p = small_fund();
  p.benefit_cny_per_month = std::nan("");
  BOOST_CHECK_EXCEPTION(sp::simulate_ui(p, {}, {}, 1), spstress::InputError,
                        message_contains("UiParams.benefit_cny_per_month: got nan"));
  p = small_fund();
  p.opening_balance_cny = -1.0;
  BOOST_CHECK_EXCEPTION(sp::simulate_ui(p, {}, {}, 1), spstress::InputError,
                        message_contains("UiParams.opening_balance_cny: got -1; expected"));
  p = small_fund();
  p.compliance_share = std::nan("");
  BOOST_CHECK_EXCEPTION(sp::simulate_ui(p, {}, {}, 1), spstress::InputError,
                        message_contains("UiParams.compliance_share: got nan"));
}

BOOST_AUTO_TEST_CASE(rejects_bad_entitlement_mix) {
  sp::UiParams p = small_fund();
  p.entitlement_mix = {{12, 0.5}, {24, 0.4}};
  BOOST_CHECK_EXCEPTION(
      sp::simulate_ui(p, {}, {}, 1), spstress::InputError,
      message_contains("UiParams.entitlement_mix: shares sum to 0.9; expected 1"));
  p.entitlement_mix = {{12, 0.5}, {0, 0.5}};
  BOOST_CHECK_EXCEPTION(
      sp::simulate_ui(p, {}, {}, 1), spstress::InputError,
      message_contains("UiParams.entitlement_mix[1].months: got 0; expected 1.."));
  p.entitlement_mix = {};
  BOOST_CHECK_EXCEPTION(sp::simulate_ui(p, {}, {}, 1), spstress::InputError,
                        message_contains("UiParams.entitlement_mix: got no entries"));
  // Within 1e-9 of 1 is accepted (shares typed with rounding).
  p.entitlement_mix = {{12, 0.3333333333}, {18, 0.3333333333}, {24, 0.3333333334}};
  BOOST_CHECK_NO_THROW(sp::simulate_ui(p, {}, {}, 1));
}

BOOST_AUTO_TEST_CASE(rejects_bad_series_and_horizon) {
  BOOST_CHECK_EXCEPTION(sp::simulate_ui(small_fund(), {10.0, -5.0}, {}, 3), spstress::InputError,
                        message_contains("shock_claims_persons[1]: got -5"));
  BOOST_CHECK_EXCEPTION(sp::simulate_ui(small_fund(), {}, {std::nan("")}, 3), spstress::InputError,
                        message_contains("insured_separations_persons[0]: got nan"));
  BOOST_CHECK_EXCEPTION(sp::simulate_ui(small_fund(), {}, {}, 0), spstress::InputError,
                        message_contains("horizon_months: got 0; expected >= 1"));
  // 200 separated against 100 insured cannot be.
  sp::UiParams p = small_fund();
  p.insured_persons = 100.0;
  BOOST_CHECK_EXCEPTION(sp::simulate_ui(p, {}, {200.0}, 3), spstress::InputError,
                        message_contains("expected at most UiParams.insured_persons = 100"));
  BOOST_CHECK_EXCEPTION(sp::mean_paid_spell_months(0.2, 0), spstress::InputError,
                        message_contains("entitlement_months: got 0"));
  BOOST_CHECK_EXCEPTION(sp::mean_paid_spell_months(-0.1, 12), spstress::InputError,
                        message_contains("exit_hazard_per_month: got -0.1"));
}

BOOST_AUTO_TEST_CASE(summary_rejects_paths_of_different_length) {
  const sp::UiPath a = sp::simulate_ui(small_fund(), {}, {}, 3);
  const sp::UiPath b = sp::simulate_ui(small_fund(), {}, {}, 4);
  BOOST_CHECK_EXCEPTION(sp::summarise_ui(a, b), spstress::InternalError,
                        message_contains("stressed path has 3 months and baseline 4"));
}

BOOST_AUTO_TEST_SUITE_END()

#pragma once
/// Unemployment insurance of one province, month by month (docs/model.md §7–§8): claimant cohorts
/// by elapsed duration and entitlement, exits and exhaustion, outlays, revenue and lost
/// contributions, fund balance with interest, months of cover, depletion and funding gap.
/// Pure code: no I/O, no clock, no global state.

#include <optional>
#include <string_view>
#include <vector>

namespace spstress::protection {

/// Share of new claimants entitled to `months` of benefit (π_D).
struct EntitlementShare {
  int months = 12;
  double share = 1.0;
};

struct UiParams {
  double insured_persons = 0.0;                    ///< E^ins(pre), persons
  double benefit_cny_per_month = 0.0;              ///< b_p per claimant-month
  double medical_premium_cny_per_month = 0.0;      ///< m_p per claimant-month, paid by the fund
  double contribution_base_cny_per_month = 0.0;    ///< B̄_p, effective base per insured person
  double contribution_rate_share = 0.01;           ///< c_rate, employer + worker (1 % in 2025)
  double compliance_share = 1.0;                   ///< comp_p (0..1)
  double opening_balance_cny = 0.0;                ///< balance at the start of month 0
  double interest_rate_per_year_share = 0.0;       ///< i, on the opening balance, i/12 a month
  double baseline_inflow_persons_per_month = 0.0;  ///< I0_p: claims a month without a shock
  double other_outlay_cny_per_month = 0.0;       ///< baseline outlays besides benefits and medical
  double exit_hazard_per_month = 0.155;          ///< h0 (0..1)
  double exit_elasticity_to_unemployment = 0.0;  ///< ε_u: h = h0 (N_base / N(t−1))^ε_u
  double duration_dependence_per_month = 0.0;    ///< κ_dur: g(a) = exp(−κ_dur a)
  double reemployment_hazard_per_month = 0.155;  ///< h_re: separated insured back in work
  std::vector<EntitlementShare> entitlement_mix{{12, 1.0}};  ///< π_D, shares sum to 1
  double floor_months_of_outlay = 0.0;  ///< k: depletion floor F = k × baseline outlay
  /// Outlays of policy options paid from the fund in each month (short-time work, living
  /// allowances, job-stabilisation refunds), CNY; empty or shorter than the horizon = 0 after.
  std::vector<double> option_outlay_cny_by_month;
  /// Share of contributions collected in each month (contribution exemptions, e.g. 2020), in
  /// [0, 1]; empty or shorter than the horizon = 1 after.
  std::vector<double> revenue_factor_by_month;
};

struct UiMonth {
  double inflow_persons = 0.0;        ///< baseline inflow + shock claims entering this month
  double shock_claims_persons = 0.0;  ///< the shock's part of the inflow
  double exits_persons = 0.0;         ///< left benefit before exhausting (hazard)
  double exhausted_persons = 0.0;     ///< reached their entitlement D after last month's pay
  double claimants_persons = 0.0;     ///< N(t): paid this month
  double benefit_cny = 0.0;
  double medical_cny = 0.0;
  double other_outlay_cny = 0.0;
  double option_outlay_cny = 0.0;  ///< UiParams::option_outlay_cny_by_month of this month
  double outlay_cny = 0.0;         ///< benefit + medical + other + option
  double revenue_cny = 0.0;
  double lost_contributions_cny = 0.0;  ///< dRev: revenue lost to insured still out of work
  double interest_cny = 0.0;
  double opening_balance_cny = 0.0;
  double closing_balance_cny = 0.0;  ///< opening + interest + revenue − outlay
  double months_of_cover = 0.0;      ///< closing balance / trailing-12-month mean outlay
};

struct UiPath {
  std::vector<UiMonth> months;
  double floor_cny = 0.0;                   ///< F_p
  double baseline_claimants_persons = 0.0;  ///< steady-state stock before the shock
};

/// Mean paid spell (months) of a claimant entitled to `entitlement_months` with a constant exit
/// hazard h between months: Σ_{k=0}^{D−1} (1 − h)^k.
double mean_paid_spell_months(double exit_hazard_per_month, int entitlement_months);

/// Runs `horizon_months` months starting from the no-shock steady state. `shock_claims_persons`
/// (new claims caused by the shock, per month) and `insured_separations_persons` (insured
/// separations, per month, for lost contributions) may be shorter than the horizon (zeros
/// after). Accounting holds each month: closing = opening + interest + revenue − outlay, and
/// N(t) = N(t−1) + inflow − exits − exhausted.
/// The unemployment ratio N_base/N(t−1) is taken as 1 when either stock is zero (no baseline to
/// compare with). months_of_cover is +∞ when the trailing outlay is zero. Throws InputError,
/// naming the field, for out-of-range or NaN parameters and series values, horizon_months < 1,
/// or separated insured still out of work exceeding insured_persons.
UiPath simulate_ui(const UiParams& params, const std::vector<double>& shock_claims_persons,
                   const std::vector<double>& insured_separations_persons, int horizon_months);

/// Share φ of contributions eligible for job-stabilisation refunds (稳岗返还, docs/model.md §8)
/// when firms must keep their layoff rate at or below `threshold_rate` (5.5 %, the national
/// surveyed-unemployment control target): firms' layoff rates are taken as Beta distributed
/// with mean `mean_layoff_rate` and concentration κ = α + β [A], so φ = φ0 P[rate <= threshold]
/// = φ0 I_threshold(κ m, κ (1 − m)). A larger shock raises the mean rate and lowers φ: refunds
/// are rationed pro-cyclically. m = 0 gives φ0. Throws InputError for m outside [0, 1), a
/// threshold outside (0, 1), κ <= 0 or φ0 outside [0, 1] (NaN fails).
double refund_eligible_share(double mean_layoff_rate, double threshold_rate, double concentration,
                             double base_eligible_share = 1.0);

/// Checks the fund's accounting in every month of a path, as every run does before reporting
/// (docs/methodology.md §4): opening = last closing (month 0: `opening_balance_cny`); closing =
/// opening + interest + revenue − outlay; outlay = benefit + medical + other + option;
/// claimants = last month's claimants (month 0: the baseline stock) + inflow − exits −
/// exhausted; all to 1e-9 relative. Throws InternalError naming `where`, the month and the
/// identity that fails.
void check_ui_accounting(const UiPath& path, double opening_balance_cny, std::string_view where);

struct UiSummary {
  double new_claims_persons = 0.0;            ///< Σ shock claims
  double peak_claimants_persons = 0.0;        ///< max_t N(t), stressed path
  double extra_benefit_cost_cny = 0.0;        ///< Σ (benefit + medical) stressed − baseline
  double contribution_loss_cny = 0.0;         ///< Σ lost contributions
  double end_balance_cny = 0.0;               ///< closing balance of the last month, stressed
  std::optional<double> months_to_depletion;  ///< first month (1-based) closing < floor
  double funding_gap_cny = 0.0;               ///< max_t [F − Bal(t)]_+
  double cumulative_shortfall_cny = 0.0;      ///< Σ_t [F − Bal(t)]_+ / horizon
  double baseline_months_of_cover = 0.0;      ///< months of cover at month 0 of the baseline path
};

/// Headline figures of a stressed path against the no-shock path of the same parameters.
/// Throws InternalError if the paths are empty or differ in length.
UiSummary summarise_ui(const UiPath& stressed, const UiPath& baseline);

}  // namespace spstress::protection

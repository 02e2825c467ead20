#include "spstress/protection/ui.hpp"

#include <boost/math/special_functions/beta.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <utility>

#include "checks.hpp"
#include "spstress/core/error.hpp"

namespace spstress::protection {

namespace {

using detail::number_text;
using detail::require_non_negative;
using detail::require_share;

// Entitlements beyond this are certainly a typo (the legal maximum is 24 months); the bound keeps
// a stray value from allocating gigabytes of cohort cells.
constexpr int max_entitlement_months = 1200;
// Shares of the entitlement mix are user input typed with a few decimals; 1e-9 accepts rounding
// in the last printed digit and rejects any real mistake.
constexpr double entitlement_sum_tolerance = 1e-9;
// The trailing window of months of cover (docs/model.md §8).
constexpr std::size_t cover_window_months = 12;

void validate(const UiParams& p) {
  require_non_negative("UiParams.insured_persons", p.insured_persons);
  require_non_negative("UiParams.benefit_cny_per_month", p.benefit_cny_per_month);
  require_non_negative("UiParams.medical_premium_cny_per_month", p.medical_premium_cny_per_month);
  require_non_negative("UiParams.contribution_base_cny_per_month",
                       p.contribution_base_cny_per_month);
  require_share("UiParams.contribution_rate_share", p.contribution_rate_share);
  require_share("UiParams.compliance_share", p.compliance_share);
  require_non_negative("UiParams.opening_balance_cny", p.opening_balance_cny);
  require_share("UiParams.interest_rate_per_year_share", p.interest_rate_per_year_share);
  require_non_negative("UiParams.baseline_inflow_persons_per_month",
                       p.baseline_inflow_persons_per_month);
  require_non_negative("UiParams.other_outlay_cny_per_month", p.other_outlay_cny_per_month);
  for (const double x : p.option_outlay_cny_by_month)
    require_non_negative("UiParams.option_outlay_cny_by_month", x);
  for (const double x : p.revenue_factor_by_month) {
    if (!(x >= 0.0 && x <= 1.0))
      throw InputError("UiParams.revenue_factor_by_month: got " + std::to_string(x) +
                       "; expected a share in [0, 1]");
  }
  require_share("UiParams.exit_hazard_per_month", p.exit_hazard_per_month);
  require_non_negative("UiParams.exit_elasticity_to_unemployment",
                       p.exit_elasticity_to_unemployment);
  require_non_negative("UiParams.duration_dependence_per_month", p.duration_dependence_per_month);
  require_share("UiParams.reemployment_hazard_per_month", p.reemployment_hazard_per_month);
  require_non_negative("UiParams.floor_months_of_outlay", p.floor_months_of_outlay);

  if (p.entitlement_mix.empty()) {
    throw InputError("UiParams.entitlement_mix: got no entries; expected at least one");
  }
  double sum_share = 0.0;
  for (std::size_t i = 0; i < p.entitlement_mix.size(); ++i) {
    const std::string where = "UiParams.entitlement_mix[" + std::to_string(i) + "]";
    const EntitlementShare& e = p.entitlement_mix[i];
    if (e.months < 1 || e.months > max_entitlement_months) {
      throw InputError(where + ".months: got " + std::to_string(e.months) + "; expected 1.." +
                       std::to_string(max_entitlement_months));
    }
    require_share(where + ".share", e.share);
    sum_share += e.share;
  }
  if (!(std::abs(sum_share - 1.0) <= entitlement_sum_tolerance)) {
    throw InputError("UiParams.entitlement_mix: shares sum to " + number_text(sum_share) +
                     "; expected 1");
  }
}

void validate_series(const char* name, const std::vector<double>& values) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    require_non_negative(std::string(name) + "[" + std::to_string(i) + "]", values[i]);
  }
}

double value_or_zero(const std::vector<double>& values, int month) {
  const auto i = static_cast<std::size_t>(month);
  return i < values.size() ? values[i] : 0.0;
}

struct Cohorts {
  double share = 0.0;
  std::vector<double> persons;  // index = elapsed months a (0 = entered this month)
};

}  // namespace

double mean_paid_spell_months(double exit_hazard_per_month, int entitlement_months) {
  require_share("mean_paid_spell_months: exit_hazard_per_month", exit_hazard_per_month);
  if (entitlement_months < 1) {
    throw InputError("mean_paid_spell_months: entitlement_months: got " +
                     std::to_string(entitlement_months) + "; expected >= 1");
  }
  const double h = exit_hazard_per_month;
  if (h == 0.0) return static_cast<double>(entitlement_months);
  // (1 − (1−h)^D)/h written with expm1/log1p so that small hazards keep full precision.
  return -std::expm1(static_cast<double>(entitlement_months) * std::log1p(-h)) / h;
}

UiPath simulate_ui(const UiParams& params, const std::vector<double>& shock_claims_persons,
                   const std::vector<double>& insured_separations_persons, int horizon_months) {
  validate(params);
  validate_series("shock_claims_persons", shock_claims_persons);
  validate_series("insured_separations_persons", insured_separations_persons);
  if (horizon_months < 1) {
    throw InputError("horizon_months: got " + std::to_string(horizon_months) + "; expected >= 1");
  }

  const double h0 = params.exit_hazard_per_month;
  const double kappa = params.duration_dependence_per_month;
  const double inflow0 = params.baseline_inflow_persons_per_month;

  int max_months = 0;
  for (const EntitlementShare& e : params.entitlement_mix) {
    max_months = std::max(max_months, e.months);
  }
  std::vector<double> duration_factor(static_cast<std::size_t>(max_months));
  for (std::size_t a = 0; a < duration_factor.size(); ++a) {
    duration_factor[a] = std::exp(-kappa * static_cast<double>(a));
  }

  // No-shock steady state: each month's entry cohort I0·π_D thinned by the hazard at every
  // month it has been paid. The month loop below applies exactly the same arithmetic, so a path
  // without a shock reproduces this stock bit for bit.
  std::vector<Cohorts> cohorts;
  double base_claimants = 0.0;
  for (const EntitlementShare& e : params.entitlement_mix) {
    Cohorts c;
    c.share = e.share;
    c.persons.assign(static_cast<std::size_t>(e.months), 0.0);
    c.persons[0] = inflow0 * e.share;
    for (std::size_t a = 1; a < c.persons.size(); ++a) {
      const double h = std::min(1.0, h0 * duration_factor[a - 1]);
      c.persons[a] = c.persons[a - 1] * (1.0 - h);
    }
    cohorts.push_back(std::move(c));
  }
  for (const Cohorts& c : cohorts) {
    for (double n : c.persons) base_claimants += n;
  }

  const double b = params.benefit_cny_per_month;
  const double m = params.medical_premium_cny_per_month;
  const double other = params.other_outlay_cny_per_month;
  const double base_outlay = base_claimants * b + base_claimants * m + other;
  const double contribution_per_insured = params.contribution_rate_share *
                                          params.contribution_base_cny_per_month *
                                          params.compliance_share;
  const double survival_re = 1.0 - params.reemployment_hazard_per_month;
  const double eps = params.exit_elasticity_to_unemployment;

  UiPath path;
  path.floor_cny = params.floor_months_of_outlay * base_outlay;
  path.baseline_claimants_persons = base_claimants;
  path.months.reserve(static_cast<std::size_t>(horizon_months));

  // Months before the start count at the baseline outlay in the trailing mean.
  std::vector<double> outlay_window(cover_window_months, base_outlay);
  double claimants_prev = base_claimants;
  double insured_out = 0.0;  // Σ_{τ≤t} sep(τ)(1 − h_re)^(t−τ)
  double balance = params.opening_balance_cny;

  for (int t = 0; t < horizon_months; ++t) {
    UiMonth mo;
    mo.shock_claims_persons = value_or_zero(shock_claims_persons, t);
    mo.inflow_persons = inflow0 + mo.shock_claims_persons;

    // h(t,a) = min(1, h0 (N_base/N(t−1))^ε g(a)). Without a baseline stock (I0 = 0) or without
    // last month's stock there is nothing to compare with, and the hazard stays at h0.
    double ratio_factor = 1.0;
    if (eps != 0.0 && base_claimants > 0.0 && claimants_prev > 0.0) {
      ratio_factor = std::pow(base_claimants / claimants_prev, eps);
    }
    const double scaled_h0 = h0 * ratio_factor;

    double exits = 0.0;
    double exhausted = 0.0;
    for (Cohorts& c : cohorts) {
      std::vector<double>& n = c.persons;
      // Paid in month a = D−1 last month: entitlement used up.
      exhausted += n.back();
      for (std::size_t a = n.size() - 1; a-- > 0;) {
        const double h = std::min(1.0, scaled_h0 * duration_factor[a]);
        exits += n[a] * h;
        n[a + 1] = n[a] * (1.0 - h);
      }
      n[0] = mo.inflow_persons * c.share;
    }
    double claimants = 0.0;
    for (const Cohorts& c : cohorts) {
      for (double n : c.persons) claimants += n;
    }
    mo.exits_persons = exits;
    mo.exhausted_persons = exhausted;
    mo.claimants_persons = claimants;

    mo.benefit_cny = claimants * b;
    mo.medical_cny = claimants * m;
    mo.other_outlay_cny = other;
    if (static_cast<std::size_t>(t) < params.option_outlay_cny_by_month.size())
      mo.option_outlay_cny = params.option_outlay_cny_by_month[static_cast<std::size_t>(t)];
    mo.outlay_cny = mo.benefit_cny + mo.medical_cny + mo.other_outlay_cny + mo.option_outlay_cny;

    insured_out = insured_out * survival_re + value_or_zero(insured_separations_persons, t);
    if (insured_out > params.insured_persons) {
      throw InputError("insured_separations_persons: in month " + std::to_string(t) + ", " +
                       number_text(insured_out) +
                       " insured persons are still out of work; expected at most "
                       "UiParams.insured_persons = " +
                       number_text(params.insured_persons));
    }
    mo.revenue_cny = contribution_per_insured * (params.insured_persons - insured_out);
    if (static_cast<std::size_t>(t) < params.revenue_factor_by_month.size())
      mo.revenue_cny *= params.revenue_factor_by_month[static_cast<std::size_t>(t)];
    mo.lost_contributions_cny = contribution_per_insured * insured_out;

    mo.opening_balance_cny = balance;
    // Interest on the signed opening balance: a fund in deficit pays it as borrowing cost.
    mo.interest_cny = balance * params.interest_rate_per_year_share / 12.0;
    balance = balance + mo.interest_cny + mo.revenue_cny - mo.outlay_cny;
    mo.closing_balance_cny = balance;

    outlay_window[static_cast<std::size_t>(t) % cover_window_months] = mo.outlay_cny;
    double window_sum = 0.0;
    for (double o : outlay_window) window_sum += o;
    const double mean_outlay = window_sum / static_cast<double>(cover_window_months);
    // A fund with no outlay at all (no claimants, no other items) never runs out: its balance
    // cannot fall below the non-negative opening balance.
    mo.months_of_cover =
        mean_outlay > 0.0 ? balance / mean_outlay : std::numeric_limits<double>::infinity();

    claimants_prev = claimants;
    path.months.push_back(mo);
  }
  return path;
}

double refund_eligible_share(double mean_layoff_rate, double threshold_rate, double concentration,
                             double base_eligible_share) {
  if (!(mean_layoff_rate >= 0.0 && mean_layoff_rate < 1.0))
    throw InputError("refund: mean layoff rate " + std::to_string(mean_layoff_rate) +
                     "; expected a share in [0, 1)");
  if (!(threshold_rate > 0.0 && threshold_rate < 1.0))
    throw InputError("refund: layoff-rate threshold " + std::to_string(threshold_rate) +
                     "; expected a share in (0, 1)");
  if (!(concentration > 0.0) || !std::isfinite(concentration))
    throw InputError("refund: concentration " + std::to_string(concentration) +
                     "; expected a number > 0");
  if (!(base_eligible_share >= 0.0 && base_eligible_share <= 1.0))
    throw InputError("refund: base eligible share " + std::to_string(base_eligible_share) +
                     "; expected a share in [0, 1]");
  if (mean_layoff_rate == 0.0) return base_eligible_share;
  const double a = concentration * mean_layoff_rate;
  const double b = concentration * (1.0 - mean_layoff_rate);
  return base_eligible_share * boost::math::ibeta(a, b, threshold_rate);
}

void check_ui_accounting(const UiPath& path, double opening_balance_cny, std::string_view where) {
  const auto close = [](double a, double b) {
    return std::abs(a - b) <= 1e-9 * std::max({1.0, std::abs(a), std::abs(b)});
  };
  double prev_closing = opening_balance_cny;
  double prev_claimants = path.baseline_claimants_persons;
  for (std::size_t t = 0; t < path.months.size(); ++t) {
    const UiMonth& m = path.months[t];
    const std::string at = std::string(where) + ": month " + std::to_string(t) + ": ";
    if (!close(m.opening_balance_cny, prev_closing))
      throw InternalError(at + "opening balance is not last month's closing balance");
    if (!close(m.closing_balance_cny,
               m.opening_balance_cny + m.interest_cny + m.revenue_cny - m.outlay_cny))
      throw InternalError(at + "closing != opening + interest + revenue - outlay");
    if (!close(m.outlay_cny,
               m.benefit_cny + m.medical_cny + m.other_outlay_cny + m.option_outlay_cny))
      throw InternalError(at + "outlay != benefit + medical + other + option outlays");
    if (!close(m.claimants_persons,
               prev_claimants + m.inflow_persons - m.exits_persons - m.exhausted_persons))
      throw InternalError(at + "claimants in != claimants out + change in the stock");
    prev_closing = m.closing_balance_cny;
    prev_claimants = m.claimants_persons;
  }
}

UiSummary summarise_ui(const UiPath& stressed, const UiPath& baseline) {
  if (stressed.months.empty() || stressed.months.size() != baseline.months.size()) {
    throw InternalError("summarise_ui: stressed path has " +
                        std::to_string(stressed.months.size()) + " months and baseline " +
                        std::to_string(baseline.months.size()) +
                        "; expected the same non-zero horizon");
  }
  UiSummary s;
  const double floor = stressed.floor_cny;
  double stressed_cost = 0.0;
  double baseline_cost = 0.0;
  double shortfall_sum = 0.0;
  for (std::size_t t = 0; t < stressed.months.size(); ++t) {
    const UiMonth& mo = stressed.months[t];
    const UiMonth& base = baseline.months[t];
    s.new_claims_persons += mo.shock_claims_persons;
    s.peak_claimants_persons = std::max(s.peak_claimants_persons, mo.claimants_persons);
    stressed_cost += mo.benefit_cny + mo.medical_cny;
    baseline_cost += base.benefit_cny + base.medical_cny;
    s.contribution_loss_cny += mo.lost_contributions_cny;
    if (!s.months_to_depletion && mo.closing_balance_cny < floor) {
      s.months_to_depletion = static_cast<double>(t + 1);
    }
    const double shortfall = std::max(0.0, floor - mo.closing_balance_cny);
    s.funding_gap_cny = std::max(s.funding_gap_cny, shortfall);
    shortfall_sum += shortfall;
  }
  s.extra_benefit_cost_cny = stressed_cost - baseline_cost;
  s.end_balance_cny = stressed.months.back().closing_balance_cny;
  s.cumulative_shortfall_cny = shortfall_sum / static_cast<double>(stressed.months.size());
  s.baseline_months_of_cover = baseline.months.front().months_of_cover;
  return s;
}

}  // namespace spstress::protection

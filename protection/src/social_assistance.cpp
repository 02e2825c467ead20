#include "spstress/protection/social_assistance.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numbers>
#include <string>

#include "checks.hpp"
#include "spstress/core/error.hpp"

namespace spstress::protection {

namespace {

using detail::number_text;
using detail::require_non_negative;
using detail::require_share;

constexpr double infinity = std::numeric_limits<double>::infinity();

void require_positive(const std::string& field, double value) {
  if (!(value > 0.0 && value < infinity)) {
    throw InputError(field + ": got " + number_text(value) + "; expected a finite value > 0");
  }
}

void require_gini(const std::string& field, double value) {
  if (!(value > 0.0 && value < 1.0)) {
    throw InputError(field + ": got " + number_text(value) + "; expected 0 < G < 1");
  }
}

void require_loss_share(const std::string& field, double value) {
  if (!(value >= 0.0 && value < 1.0)) {
    throw InputError(field + ": got " + number_text(value) +
                     "; expected 0 <= δ < 1 (income loss share must be below 1)");
  }
}

void require_shock(const std::string& where, const IncomeShock& shock) {
  require_share(where + ".affected_share", shock.affected_share);
  require_loss_share(where + ".income_loss_share", shock.income_loss_share);
}

// The fields dibao_shock needs (recipients and τ_DB only matter for calibration).
void require_distribution_fields(const std::string& where, const DibaoStratum& s) {
  require_non_negative(where + ".population_persons", s.population_persons);
  require_positive(where + ".standard_cny_per_year", s.standard_cny_per_year);
  require_gini(where + ".gini_share", s.gini_share);
  require_share(where + ".takeup_new_share", s.takeup_new_share);
}

void require_stratum(const std::string& where, const DibaoStratum& s) {
  require_distribution_fields(where, s);
  require_positive(where + ".population_persons", s.population_persons);
  require_positive(where + ".recipients_persons", s.recipients_persons);
  if (!(s.takeup_current_share > 0.0 && s.takeup_current_share <= 1.0)) {
    throw InputError(where + ".takeup_current_share: got " + number_text(s.takeup_current_share) +
                     "; expected 0 < τ_DB <= 1");
  }
  const double eligible_max = s.population_persons * s.takeup_current_share;
  if (!(s.recipients_persons < eligible_max)) {
    throw InputError(where + ".recipients_persons: got " + number_text(s.recipients_persons) +
                     "; expected below population_persons × takeup_current_share = " +
                     number_text(eligible_max));
  }
}

// Acklam's rational approximation of Φ⁻¹ for 0 < p <= 0.5 (relative error about 1e-9), the
// starting point for Halley refinement.
double quantile_lower_half_start(double p) {
  constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                          1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                          6.680131188771972e+01, -1.328068155288572e+01};
  constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                          -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                          3.754408661907416e+00};
  constexpr double p_low = 0.02425;
  if (p < p_low) {
    const double q = std::sqrt(-2.0 * std::log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
  }
  const double q = p - 0.5;
  const double r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
         (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
}

}  // namespace

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::numbers::sqrt2); }

double normal_quantile(double p) {
  if (!(p >= 0.0 && p <= 1.0)) {
    throw InputError("normal_quantile: p: got " + number_text(p) + "; expected 0..1");
  }
  if (p == 0.0) return -infinity;
  if (p == 1.0) return infinity;
  // Work in the lower half, where Φ(x) − p has no cancellation (1 − p is exact for p >= 0.5).
  if (p > 0.5) return -normal_quantile(1.0 - p);
  double x = quantile_lower_half_start(p);
  const double sqrt_two_pi = std::sqrt(2.0 * std::numbers::pi);
  // Two Halley steps: each roughly cubes the relative error, so 1e-9 reaches the precision of
  // erfc (about 1e-16) after the first; the second removes what is left of the first's rounding.
  for (int step = 0; step < 2; ++step) {
    const double e = normal_cdf(x) - p;
    const double u = e * sqrt_two_pi * std::exp(0.5 * x * x);
    if (!std::isfinite(u)) break;  // p near the smallest subnormal: keep the start value
    x -= u / (1.0 + 0.5 * x * u);
  }
  return x;
}

double sigma_from_gini(double gini_share) {
  require_gini("gini_share", gini_share);
  return std::numbers::sqrt2 * normal_quantile(0.5 * (gini_share + 1.0));
}

Lognormal lognormal_from_mean(double mean_income, double sigma) {
  require_positive("lognormal_from_mean: mean_income", mean_income);
  require_positive("lognormal_from_mean: sigma", sigma);
  return Lognormal{std::log(mean_income) - 0.5 * sigma * sigma, sigma};
}

double headcount_share(double line, const Lognormal& dist) {
  require_positive("headcount_share: line", line);
  require_positive("Lognormal.sigma", dist.sigma);
  return normal_cdf((std::log(line) - dist.mu) / dist.sigma);
}

double poverty_gap_share(double line, const Lognormal& dist) {
  require_positive("poverty_gap_share: line", line);
  require_positive("Lognormal.sigma", dist.sigma);
  const double a = (std::log(line) - dist.mu) / dist.sigma;
  const double mean_income = std::exp(dist.mu + 0.5 * dist.sigma * dist.sigma);
  const double gap = normal_cdf(a) - (mean_income / line) * normal_cdf(a - dist.sigma);
  // FGT1 is non-negative; only rounding of two close terms could take it below zero.
  return std::max(0.0, gap);
}

double calibrate_sigma(const DibaoStratum& stratum) {
  const double target = stratum.gap_ratio_target_share;
  if (target == 0.0) return sigma_from_gini(stratum.gini_share);
  if (!(target > 0.0 && target < 1.0)) {
    throw InputError("DibaoStratum.gap_ratio_target_share: got " + std::to_string(target) +
                     "; expected a share in (0, 1), or 0 to use the Gini");
  }
  const double headcount =
      stratum.recipients_persons / (stratum.population_persons * stratum.takeup_current_share);
  const double a = normal_quantile(headcount);
  const double log_phi_a = std::log(normal_cdf(a));
  // PG/H rises from 0 (σ → 0) towards 1 as the tail thickens; in logs for large σ.
  const auto ratio = [&](double sigma) {
    return 1.0 -
           std::exp(0.5 * sigma * sigma - a * sigma + std::log(normal_cdf(a - sigma)) - log_phi_a);
  };
  double lo = 1e-6, hi = 10.0;
  if (!(ratio(hi) >= target)) {
    throw InputError("DibaoStratum.gap_ratio_target_share: " + std::to_string(target) +
                     " is not reached by a lognormal with σ <= 10 at headcount " +
                     std::to_string(headcount));
  }
  for (int i = 0; i < 200 && hi - lo > 1e-15 * hi; ++i) {
    const double mid = 0.5 * (lo + hi);
    (ratio(mid) < target ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

double calibrate_mean_income(const DibaoStratum& stratum) {
  require_stratum("DibaoStratum", stratum);
  const double sigma = calibrate_sigma(stratum);
  const double headcount_target =
      stratum.recipients_persons / (stratum.population_persons * stratum.takeup_current_share);
  const double a = normal_quantile(headcount_target);
  const double mu = std::log(stratum.standard_cny_per_year) - a * sigma;
  return std::exp(mu + 0.5 * sigma * sigma);
}

DibaoShockResult dibao_shock(const DibaoStratum& stratum, double mean_income_cny_per_year,
                             const IncomeShock& shock) {
  require_distribution_fields("DibaoStratum", stratum);
  require_positive("mean_income_cny_per_year", mean_income_cny_per_year);
  require_shock("IncomeShock", shock);

  const double z = stratum.standard_cny_per_year;
  const double sigma = calibrate_sigma(stratum);
  const Lognormal before = lognormal_from_mean(mean_income_cny_per_year, sigma);
  const double s_a = shock.affected_share;
  const double log_keep = std::log1p(-shock.income_loss_share);  // ln(1 − δ) <= 0
  // The affected group's incomes scale by (1 − δ): same σ, μ shifted by ln(1 − δ).
  const Lognormal hit{before.mu + log_keep, sigma};

  DibaoShockResult r;
  r.headcount_before_share = headcount_share(z, before);
  r.gap_before_share = poverty_gap_share(z, before);
  r.headcount_after_share = (1.0 - s_a) * r.headcount_before_share + s_a * headcount_share(z, hit);
  r.gap_after_share = (1.0 - s_a) * r.gap_before_share + s_a * poverty_gap_share(z, hit);
  const double newly_eligible_share = r.headcount_after_share - r.headcount_before_share;
  r.new_recipients_persons =
      stratum.population_persons * newly_eligible_share * stratum.takeup_new_share;
  // Simple form of docs/model.md §9: τ_new also applies to the deeper gap of those already
  // eligible.
  r.extra_cost_cny_per_year = z * stratum.population_persons * stratum.takeup_new_share *
                              (r.gap_after_share - r.gap_before_share);
  return r;
}

SaPath simulate_sa(const SaParams& params, const std::vector<SaMonthInput>& months) {
  require_stratum("SaParams.urban", params.urban);
  require_stratum("SaParams.rural", params.rural);
  require_share("SaParams.ta_case_share", params.ta_case_share);
  require_non_negative("SaParams.ta_months_of_standard", params.ta_months_of_standard);
  require_positive("SaParams.household_size_persons", params.household_size_persons);
  require_non_negative("SaParams.reserve_cny", params.reserve_cny);
  for (std::size_t t = 0; t < months.size(); ++t) {
    const std::string where = "months[" + std::to_string(t) + "]";
    require_shock(where + ".urban", months[t].urban);
    require_shock(where + ".rural", months[t].rural);
    require_non_negative(where + ".newly_affected_persons", months[t].newly_affected_persons);
  }

  const double mean_urban = calibrate_mean_income(params.urban);
  const double mean_rural = calibrate_mean_income(params.rural);

  const auto baseline_cost_per_month = [](const DibaoStratum& s, double mean_income) {
    const Lognormal dist = lognormal_from_mean(mean_income, calibrate_sigma(s));
    return s.standard_cny_per_year * s.population_persons * s.takeup_current_share *
           poverty_gap_share(s.standard_cny_per_year, dist) / 12.0;
  };
  const double baseline_cost = baseline_cost_per_month(params.urban, mean_urban) +
                               baseline_cost_per_month(params.rural, mean_rural);
  const double baseline_recipients =
      params.urban.recipients_persons + params.rural.recipients_persons;
  // TA is paid at the urban standard in both strata: one rate per province keeps the TA case
  // count (which does not split by stratum) meaningful.
  const double ta_cost_per_case =
      params.ta_months_of_standard * params.urban.standard_cny_per_year / 12.0;

  SaPath path;
  path.months.reserve(months.size());
  for (const SaMonthInput& in : months) {
    const DibaoShockResult u = dibao_shock(params.urban, mean_urban, in.urban);
    const DibaoShockResult r = dibao_shock(params.rural, mean_rural, in.rural);
    SaMonth mo;
    mo.new_recipients_persons = u.new_recipients_persons + r.new_recipients_persons;
    mo.dibao_extra_cost_cny = (u.extra_cost_cny_per_year + r.extra_cost_cny_per_year) / 12.0;
    // Cases: newly affected households × π_TA. π_TA is read as the share of affected households
    // that get TA, net of those entering Dibao (docs/model.md §9 folds that exclusion into π_TA).
    const double cases =
        in.newly_affected_persons / params.household_size_persons * params.ta_case_share;
    mo.ta_cost_cny = cases * ta_cost_per_case;
    mo.baseline_recipients_persons = baseline_recipients;
    mo.baseline_cost_cny = baseline_cost;
    path.months.push_back(mo);
  }
  return path;
}

SaSummary summarise_sa(const SaParams& params, const SaPath& path) {
  require_non_negative("SaParams.reserve_cny", params.reserve_cny);
  SaSummary s;
  for (const SaMonth& mo : path.months) {
    s.new_recipients_persons = std::max(s.new_recipients_persons, mo.new_recipients_persons);
    s.extra_cost_cny += mo.dibao_extra_cost_cny + mo.ta_cost_cny;
  }
  s.funding_gap_cny = std::max(0.0, s.extra_cost_cny - params.reserve_cny);
  s.peak_recipients_persons =
      params.urban.recipients_persons + params.rural.recipients_persons + s.new_recipients_persons;
  return s;
}

}  // namespace spstress::protection

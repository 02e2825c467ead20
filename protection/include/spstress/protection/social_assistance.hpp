#pragma once
/// Social assistance of one province (docs/model.md §9): Dibao by urban and rural stratum with a
/// lognormal income distribution calibrated to recipients, new eligibles from an income shock,
/// differential benefit cost, temporary assistance, and the assistance funding gap (§10).
/// Pure code: no I/O, no clock, no global state.

#include <vector>

namespace spstress::protection {

struct Lognormal {
  double mu = 0.0;     ///< mean of ln(income)
  double sigma = 0.0;  ///< sd of ln(income)
};

/// Standard normal distribution function Φ(x), from std::erfc (full relative precision in
/// the lower tail).
double normal_cdf(double x);
/// Standard normal quantile Φ⁻¹(p) for p in [0, 1] (−∞ at 0, +∞ at 1), accurate to about
/// 1e-14. Throws InputError for p outside [0, 1] or NaN.
double normal_quantile(double p);

/// σ = √2 Φ⁻¹((G + 1)/2) for a Gini share G in (0, 1).
double sigma_from_gini(double gini_share);
/// μ = ln(mean) − σ²/2.
Lognormal lognormal_from_mean(double mean_income, double sigma);
/// H = Φ((ln z − μ)/σ): share below the line z (same unit as the income).
double headcount_share(double line, const Lognormal& dist);
/// FGT1 poverty gap PG = Φ(a) − (ȳ/z) Φ(a − σ).
double poverty_gap_share(double line, const Lognormal& dist);

struct DibaoStratum {
  double population_persons = 0.0;
  double standard_cny_per_year = 0.0;  ///< z (per person)
  double gini_share = 0.35;            ///< G of per-capita income
  double recipients_persons = 0.0;     ///< current recipients (calibration target)
  double takeup_current_share = 0.5;   ///< τ_DB: recipients / eligible
  double takeup_new_share = 0.3;       ///< τ_new: newly eligible who take it up
  /// Observed average subsidy / standard (0.70 urban, 0.56 rural in 2015 [D]): when > 0, σ is
  /// solved so that the lognormal's gap ratio PG/H equals it (tail calibration (i) of
  /// docs/model.md §9) and the Gini is not used; 0 = σ from the Gini.
  double gap_ratio_target_share = 0.0;
};

/// σ of the stratum's income distribution: from the Gini, or, with a gap-ratio target, the
/// root of PG/H = target at the headcount H = recipients / (Pop τ_DB), where
/// PG/H = 1 − exp(σ²/2 − aσ) Φ(a − σ) / Φ(a), a = Φ⁻¹(H). Throws InputError if the target is
/// outside (0, 1) or no σ up to 10 reaches it.
double calibrate_sigma(const DibaoStratum& stratum);

/// Mean per-capita income ȳ (CNY/yr) such that Pop · H · τ_DB = recipients (tail calibration
/// (i) of docs/model.md §9). Throws InputError if recipients exceed Pop · τ_DB, if recipients are
/// not > 0, or if a field is out of range (the message names it as DibaoStratum.<field>).
double calibrate_mean_income(const DibaoStratum& stratum);

/// Income shock of a stratum in one month: a share of people lose a share of their income.
struct IncomeShock {
  double affected_share = 0.0;     ///< s_a (0..1)
  double income_loss_share = 0.0;  ///< δ (0..1)
};

struct DibaoShockResult {
  double headcount_before_share = 0.0;   ///< H
  double headcount_after_share = 0.0;    ///< H' (mixture)
  double gap_before_share = 0.0;         ///< PG
  double gap_after_share = 0.0;          ///< PG'
  double new_recipients_persons = 0.0;   ///< Pop (H' − H) τ_new
  double extra_cost_cny_per_year = 0.0;  ///< z · Pop · τ_new (PG' − PG)
};

/// New eligibles and extra cost of a stratum under an income shock (mixture form of §9).
/// Throws InputError if δ is not in [0, 1) ("income loss share must be below 1") or s_a not in
/// [0, 1].
DibaoShockResult dibao_shock(const DibaoStratum& stratum, double mean_income_cny_per_year,
                             const IncomeShock& shock);

struct SaParams {
  DibaoStratum urban;
  DibaoStratum rural;
  double ta_case_share = 0.2;           ///< π_TA: affected households not in Dibao who get TA
  double ta_months_of_standard = 3.0;   ///< k_TA: TA payment in months of the urban standard
  double household_size_persons = 2.6;  ///< persons per household, to turn persons into cases
  double reserve_cny = 0.0;             ///< local reserve that absorbs extra cost before a gap
};

/// One month's shock to a province: income shocks of the two strata, and the persons newly
/// affected this month (for temporary assistance, paid once per new case).
struct SaMonthInput {
  IncomeShock urban;
  IncomeShock rural;
  double newly_affected_persons = 0.0;
};

struct SaMonth {
  double new_recipients_persons = 0.0;  ///< recipients above baseline this month (stock)
  double dibao_extra_cost_cny = 0.0;    ///< this month's extra differential benefit
  double ta_cost_cny = 0.0;
  double baseline_recipients_persons = 0.0;
  double baseline_cost_cny = 0.0;  ///< z · Pop · τ_DB · PG / 12, both strata
};

struct SaPath {
  std::vector<SaMonth> months;
};

/// Month-by-month assistance demand; each month's income shock applies to that month only.
/// TA cases = newly_affected_persons / household_size × π_TA (π_TA already nets out households
/// entering Dibao), each paid k_TA × urban standard / 12 once.
SaPath simulate_sa(const SaParams& params, const std::vector<SaMonthInput>& months);

struct SaSummary {
  double new_recipients_persons = 0.0;   ///< peak monthly excess recipients
  double extra_cost_cny = 0.0;           ///< Σ Dibao extra cost + TA
  double funding_gap_cny = 0.0;          ///< [extra_cost − reserve]_+
  double peak_recipients_persons = 0.0;  ///< baseline + peak excess
};

SaSummary summarise_sa(const SaParams& params, const SaPath& path);

}  // namespace spstress::protection

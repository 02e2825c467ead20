#pragma once
/// From hours lost to jobs and income lost, by sector and month, for one region (docs/model.md
/// §1.4, §6). Pure code over plain numbers.

#include <string>
#include <string_view>
#include <vector>

#include "spstress/shocks/heat.hpp"

namespace spstress::shocks {

/// Everything about one sector in one region that the labour translation needs.
struct SectorLabour {
  std::string id;                       ///< e.g. "manufacturing"
  double employed_persons = 0.0;        ///< N_{p,s}
  SectorHeatExposure heat;              ///< intensity, sun and air-conditioned shares
  double wage_cny_per_month = 0.0;      ///< monthly earnings of a full-time worker
  double pay_pass_through_share = 1.0;  ///< π_s: share of lost hours that is lost pay
  double insured_share = 0.0;           ///< c_{p,s}: UI-insured share of the sector's workers
  double informal_share = 0.0;          ///< informal / self-employed / migrant share
  // formal-uninsured share = 1 − insured_share − informal_share (must be >= 0)
};

struct LabourSettings {
  double work_days_per_month = 21.75;  ///< statutory average (assumption, docs/methodology.md)
  double hours_per_work_day = 8.0;     ///< hours of one full-time work day
  /// Jobs lost per full-time-equivalent month of excess hours lost (0..1) [A]: the rest of the
  /// loss is absorbed as reduced hours and pay.
  double separation_elasticity = 0.1;
  double sigma0_share = 0.1;    ///< σ_0: separations share of job losses at T = 0
  double tau_sep_days = 120.0;  ///< τ_sep in σ(T) = σ0 + (1 − σ0)(1 − exp(−T/τ_sep))
  double reemployment_hazard_per_month = 0.155;  ///< h_re: monthly exit from unemployment
  double exposure_wbgt_threshold_deg_c =
      28.0;  ///< WBGT_max at and above which workers count as exposed
};

/// One region's shock in one month, summed over sectors (persons, hours, CNY).
struct MonthShock {
  double workers_exposed_persons =
      0.0;                         ///< non-air-conditioned workers where WBGT_max >= threshold
  double hours_lost = 0.0;         ///< excess hours lost over the reference climate
  double jobs_lost_persons = 0.0;  ///< new job losses this month (separations + stoppage)
  double separations_insured_persons = 0.0;
  double separations_formal_uninsured_persons = 0.0;
  double separations_informal_persons = 0.0;
  double stoppage_persons = 0.0;  ///< laid off temporarily but still attached
  double income_loss_cny =
      0.0;  ///< pay lost to lost hours + wages of the separated still out of work
};

/// Per sector (outer index, same order as the input) and month (inner index).
struct RegionShock {
  std::vector<MonthShock> months;                  ///< totals over sectors
  std::vector<std::vector<MonthShock>> by_sector;  ///< [sector][month]
};

/// Sets every `months[t]` to the sum over sectors, in sector order, of `by_sector[s][t]`
/// (every field adds up, workers exposed included): the totals rule of every shock builder.
/// `months` is resized to the sectors' horizon.
void sum_sectors_into_months(RegionShock& shock);

/// σ(T): share of job losses that are separations after a shock lasting T days.
double separation_share(double duration_days, double sigma0_share, double tau_sep_days);

/// Scales base insured shares c_s by one factor per region so that Σ_s N_s c_s equals
/// `insured_persons`, capping each share at 1 − informal_share and spreading what the cap
/// cuts over the sectors that still have room. Exact (Σ_s N_s c'_s == insured_persons up to
/// rounding) whenever the target is feasible. Sectors with a base share of 0 stay at 0.
/// Throws InputError if the target is negative or NaN, exceeds Σ_s N_s (1 − informal_share_s),
/// or exceeds that sum over the sectors with a positive base share (what scaling can reach).
/// Throws InternalError for sector fields out of range (the caller validates them).
std::vector<double> calibrate_insured_shares(const std::vector<SectorLabour>& sectors,
                                             double insured_persons);

/// Heat shock of one region month by month. `scenario` and `reference` have one HeatMonth per
/// month; hours lost are the scenario's minus the reference's (never below zero). Job losses
/// in month t are separation_elasticity × FTE months lost; the shock duration T behind σ(T)
/// counts the days of consecutive months with excess loss up to t. The result has
/// `horizon_months` months (>= scenario.size()): after the hazard months no hours are lost,
/// but the wages of separated workers still out of work (survival (1 − h_re)^k) keep counting.
///
/// Per sector s and hazard month t:
///  - hours_lost = max(0, hl(scenario[t]) − hl(reference[t])) × work_days_per_month × N_s, with
///    hl = hours_lost_per_worker_day (a NaN climate propagates as NaN instead of reading as 0);
///  - jobs_lost = separation_elasticity × hours_lost / (work_days_per_month × hours_per_work_day);
///  - T = 30.4375 days (365.25 / 12) × the number of consecutive months up to and including t
///    whose excess hours summed over sectors are > 0 (a month without any resets T to 0);
///    separations = jobs_lost × σ(T), stoppage = jobs_lost − separations;
///  - separations split into insured (× insured_share), informal (× informal_share) and
///    formal-uninsured (the rest), so the four parts add up to jobs_lost;
///  - workers_exposed = N_s (1 − ac_s) if wbgt_max_deg_c(scenario[t]) >= the threshold, else 0;
///  - income_loss(t) = hours_lost × wage_s / (work_days_per_month × hours_per_work_day) × π_s
///    + Σ_{τ<t} separations(τ) × wage_s × (1 − h_re)^(t−τ) (the separation month itself is
///    already in the hours; from the next month on those still out of work lose the full wage).
/// `months[t]` is the sum over sectors of `by_sector[s][t]`.
/// Throws InternalError (broken preconditions, the caller validates): scenario and reference
/// of different lengths, horizon_months < scenario.size(), settings or sector fields out of
/// range, insured_share + informal_share > 1.
RegionShock heat_shock(const std::vector<HeatMonth>& scenario,
                       const std::vector<HeatMonth>& reference,
                       const std::vector<SectorLabour>& sectors, const HeatSettings& heat,
                       const LabourSettings& labour, int horizon_months);

// ---------------------------------------------------------------------------------------------
// Separations vs stoppage and the split by protection status (docs/model.md §6;
// docs/methodology-separations.md). These take the job losses of one sector in one region and
// month from any hazard (heat, flood, cyclone) and the shock duration T (for floods and
// cyclones the business-interruption days T_BI).

/// Protection status of a sector's workers. Informal / self-employed / migrant = 1 − formal.
struct ProtectionShares {
  double insured_share = 0.0;  ///< c_{p,s}: UI-insured share of the sector's workers
  double formal_share = 0.0;   ///< insured + formal uninsured (>= insured_share)
};

/// Optional adjustment for migrant workers' low UI coverage [A] (docs/model.md §6: 10.3 % of
/// migrants insured in 2012 [D]). Off by default (migrant_separated_share = 0).
struct MigrantAdjustment {
  /// m: share of the separated workers who are migrants, in [0, 1] [A].
  double migrant_separated_share = 0.0;
  /// c_mig: UI-insured share of migrants: 2,702万 / 26,261万 = 0.103 in 2012 [D].
  double migrant_insured_share = 0.103;
};

/// One sector's job losses in one region and month, split by what happens to the workers.
/// stoppage + insured + formal uninsured + informal = jobs_lost (to rounding).
struct JobLossSplit {
  double jobs_lost_persons = 0.0;  ///< dN_tot
  double separation_share = 0.0;   ///< σ(T)
  double stoppage_persons = 0.0;   ///< dN_tot (1 − σ): temporary, still attached to the employer
  double separations_persons = 0.0;                   ///< dN_sep = dN_tot σ
  double separations_insured_persons = 0.0;           ///< dN_sep c
  double separations_formal_uninsured_persons = 0.0;  ///< dN_sep (formal − c)
  double separations_informal_persons = 0.0;          ///< dN_sep (1 − formal)
};

/// Throws InputError starting with `where` and naming the field unless both shares are in
/// [0, 1] and insured_share <= formal_share (NaN fails).
void validate_protection_shares(const ProtectionShares& shares, std::string_view where);

/// Throws InputError starting with `where` and naming the field unless both shares are in
/// [0, 1] (NaN fails).
void validate_migrant_adjustment(const MigrantAdjustment& migrants, std::string_view where);

/// Throws InputError starting with `where` and naming the field unless σ0 is in [0, 1] and
/// τ_sep > 0 and finite (NaN fails).
void validate_separation_parameters(double sigma0_share, double tau_sep_days,
                                    std::string_view where);

/// Protection shares of the separated once a share m of them are migrants covered at c_mig [A]:
/// c' = (1 − m) c + m min(c, c_mig); formal' = formal − (c − c'). Migrants never raise coverage
/// (a sector already below c_mig is unchanged); the migrants who lose insured status join the
/// informal / self-employed / migrant group, as in docs/model.md §6, rather than the formal
/// uninsured, whose share is unchanged. Throws InputError as the two validators.
ProtectionShares migrant_adjusted_shares(const ProtectionShares& shares,
                                         const MigrantAdjustment& migrants, std::string_view where);

/// Splits dN_tot job losses after a shock lasting T days (docs/model.md §6):
/// σ = min(1, separation_share(T, σ0, τ_sep)); separations = dN σ; stoppage = dN − separations;
/// insured = separations c; formal uninsured = separations (formal − c); informal = separations
/// (1 − formal). Every part is >= 0. T = +inf (permanent closure) gives σ = 1. Throws InputError
/// starting with `where` and naming the argument or field for dN_tot < 0 or infinite, T < 0,
/// bad σ0 or τ_sep, or bad shares (NaN fails every check).
JobLossSplit split_job_losses(double jobs_lost_persons, double duration_days,
                              const ProtectionShares& shares, double sigma0_share,
                              double tau_sep_days, std::string_view where);

/// Stopped workers' pay (docs/model.md §6, 工资支付暂行规定 1994 Art. 12 [M]).
struct StoppageSettings {
  /// r_stop: living allowance as a share of the local minimum wage, paid after the first pay
  /// cycle: 0.75 [A] within the 0.7–0.8 "typically" paid [M].
  double allowance_to_minimum_wage_share = 0.75;
  /// Length of the pay cycle during which the full contract wage is still paid: one mean month
  /// (365.25 / 12 d), as wages are paid at least monthly [M].
  double pay_cycle_days = 365.25 / 12.0;
};

/// Throws InputError starting with `where` and naming the field unless r_stop is in [0, 1] and
/// pay_cycle_days >= 0 and finite (NaN fails).
void validate_stoppage_settings(const StoppageSettings& settings, std::string_view where);

/// Income lost by `stopped_persons` workers whose stoppage starts at day 0 of month 0 and lasts
/// `stoppage_days`, month by month on mean months of L = 365.25 / 12 days (month k covers days
/// [kL, (k+1)L)). The full wage is paid for the first pay cycle P; from P to the end of the
/// stoppage each worker gets the allowance r_stop × minimum wage instead of the wage:
///   loss_k = stopped × max(0, wage − r_stop × min_wage) × |[kL, (k+1)L) ∩ [P, T)| / L.
/// The sum over months is stopped × max(0, wage − allowance) × max(0, T − P) / L. The result
/// has ceil(T / L) months (none for T = 0). Throws InputError starting with `where` and naming
/// the argument for a negative, NaN or infinite number or bad settings.
std::vector<double> stoppage_income_loss_cny_by_month(double stopped_persons, double stoppage_days,
                                                      double wage_cny_per_month,
                                                      double minimum_wage_cny_per_month,
                                                      const StoppageSettings& settings,
                                                      std::string_view where);

}  // namespace spstress::shocks

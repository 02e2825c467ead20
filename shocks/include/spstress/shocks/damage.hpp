#pragma once
/// Jobs and income lost to a damaging event (flood or tropical cyclone) in one region, sector by
/// sector and month by month, and the rules that combine several hazards in one region without
/// counting a lost hour twice (docs/model.md §2.2, §3, §6; docs/methodology-compound.md).

#include <optional>
#include <string_view>
#include <vector>

#include "spstress/shocks/flood.hpp"
#include "spstress/shocks/labour.hpp"

namespace spstress::shocks {

/// One damaging event as it hits one sector of one region.
struct SectorDamage {
  /// DR: the sector's exposure-weighted damage ratio over the region's cells (dry cells count 0).
  double damage_ratio_share = 0.0;
  /// Share of the sector's exposure in damaged cells, in [damage_ratio_share, 1].
  double affected_share = 0.0;
  RebuildClass rebuild_class = RebuildClass::CommercialServices;
  int event_month_index = 0;  ///< 0-based month of the horizon in which the event hits
  int event_day = 1;          ///< 1-based day of that month
};

/// What damage_shock() returns: the shock in the usual form plus the capacity path that the
/// compound rules need.
struct DamageShock {
  RegionShock shock;
  /// Mean capacity loss Δ over each calendar month, [sector][month] (0 for undamaged sectors).
  std::vector<std::vector<double>> capacity_loss_share;
  /// T_BI (days) per sector, 0 for undamaged sectors.
  std::vector<double> business_interruption_days;
};

/// Shock of one region from per-sector damage (std::nullopt or DR = 0: the sector is not hit).
/// For a hit sector s with N_s workers, using flood_sector_losses() with K = capital/VA × VA so
/// that Δ(0) = DR:
///  - jobs_lost in the event month = η N_s Δ(0), split by split_job_losses() with T = T_BI and
///    shares (insured_share, 1 − informal_share) into stoppage and the three separation groups;
///  - hours_lost(t) = job-equivalents(t) × work_days_per_month × hours_per_work_day, where
///    job-equivalents(t) = η N_s × mean Δ over month t (the work not done while capacity is down);
///  - income_loss(t) = the stopped workers' lost pay, stoppage_income_loss_cny_by_month() with
///    the stoppage lasting τ = T_BI / 3 days (the mean time out under the exponential recovery,
///    so that stopped worker-days equal η N Δ(0) τ (1 − σ)), placed from the event month on;
///    plus the separated workers' full wage: in the event month for the days from the event day
///    to the month's end, and in each later month k months after it × (1 − h_re)^k;
///  - workers_exposed in the event month = N_s × affected_share.
/// `month_lengths_days` gives the horizon (one calendar length per month). Throws InputError
/// starting with `where` and naming the sector and field for damage fields out of range, and as
/// flood_sector_losses(), split_job_losses() and stoppage_income_loss_cny_by_month().
DamageShock damage_shock(const std::vector<SectorLabour>& sectors,
                         const std::vector<std::optional<SectorDamage>>& damage,
                         const std::vector<int>& month_lengths_days, const FloodSettings& settings,
                         const StoppageSettings& stoppage, double minimum_wage_cny_per_month,
                         const LabourSettings& labour, std::string_view where);

/// Heat shock from per-worker excess hours already worked out per sector and hazard month
/// (heat_shock() computes them from the climate and calls this). Per sector s and hazard month t:
/// hours_lost = excess_hours_per_worker[s][t] × N_s × (1 − capacity_loss_share[s][t]), so that
/// workers whose capacity is already lost to a flood or cyclone lose no heat hours on top;
/// everything else exactly as heat_shock() (jobs, σ(T) from consecutive months with excess,
/// the split, workers_exposed = N_s (1 − ac_s) when exposed[t], income). NaN hours propagate.
/// `capacity_loss_share` may be empty (no damage) or [sector][>= hazard months] with values in
/// [0, 1]. Throws InternalError for broken preconditions as heat_shock().
RegionShock heat_shock_from_hours(const std::vector<std::vector<double>>& excess_hours_per_worker,
                                  const std::vector<bool>& exposed,
                                  const std::vector<SectorLabour>& sectors,
                                  const LabourSettings& labour, int horizon_months,
                                  const std::vector<std::vector<double>>& capacity_loss_share = {});

/// Sum of two shocks of the same region, sector and month by sector and month (same horizon and
/// sectors, else InternalError). Hours, jobs, separations, stoppage and income add up (the
/// callers make the parts disjoint); workers_exposed takes the larger of the two, since a worker
/// exposed to two hazards is one exposed worker. `months` is recomputed as the sum over sectors.
RegionShock combine_shocks(const RegionShock& a, const RegionShock& b);

}  // namespace spstress::shocks

#include "spstress/shocks/labour.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "labour_internal.hpp"
#include "spstress/core/error.hpp"
#include "spstress/shocks/damage.hpp"

namespace spstress::shocks {

using detail::add_into;
using detail::is_share;
using detail::number;
using detail::share_sum_slack;

namespace {

/// Mean calendar month (365.25 / 12 days): months are the time step, so a month of excess
/// heat counts as this many days of shock duration whatever its calendar length.
constexpr double days_per_month_mean = 365.25 / 12.0;

/// The caller (scenarios/) validates user inputs; a violation here is a bug upstream.
void check_sector(const SectorLabour& s, const char* where) {
  const std::string who = std::string(where) + ": sector '" + s.id + "': ";
  if (!(s.employed_persons >= 0.0)) {
    throw InternalError(who + "employed_persons = " + number(s.employed_persons) +
                        "; expected >= 0");
  }
  if (!is_share(s.insured_share)) {
    throw InternalError(who + "insured_share = " + number(s.insured_share) +
                        "; expected a share in [0, 1]");
  }
  if (!is_share(s.informal_share)) {
    throw InternalError(who + "informal_share = " + number(s.informal_share) +
                        "; expected a share in [0, 1]");
  }
}

void check_settings(const LabourSettings& l, const char* where) {
  const std::string who = std::string(where) + ": LabourSettings.";
  if (!(l.work_days_per_month > 0.0)) {
    throw InternalError(who + "work_days_per_month = " + number(l.work_days_per_month) +
                        "; expected > 0");
  }
  if (!(l.hours_per_work_day > 0.0)) {
    throw InternalError(who + "hours_per_work_day = " + number(l.hours_per_work_day) +
                        "; expected > 0");
  }
  if (!is_share(l.separation_elasticity)) {
    throw InternalError(who + "separation_elasticity = " + number(l.separation_elasticity) +
                        "; expected a value in [0, 1]");
  }
  if (!is_share(l.reemployment_hazard_per_month)) {
    throw InternalError(who + "reemployment_hazard_per_month = " +
                        number(l.reemployment_hazard_per_month) + "; expected a value in [0, 1]");
  }
}

}  // namespace

void sum_sectors_into_months(RegionShock& shock) {
  const std::size_t horizon =
      shock.by_sector.empty() ? shock.months.size() : shock.by_sector.front().size();
  shock.months.assign(horizon, MonthShock{});
  for (const auto& row : shock.by_sector) {
    for (std::size_t t = 0; t < horizon && t < row.size(); ++t) add_into(shock.months[t], row[t]);
  }
}

double separation_share(double duration_days, double sigma0_share, double tau_sep_days) {
  if (!(duration_days >= 0.0)) {
    throw InternalError("separation_share: duration_days = " + number(duration_days) +
                        "; expected >= 0");
  }
  if (!is_share(sigma0_share)) {
    throw InternalError("separation_share: sigma0_share = " + number(sigma0_share) +
                        "; expected a share in [0, 1]");
  }
  if (!(tau_sep_days > 0.0)) {
    throw InternalError("separation_share: tau_sep_days = " + number(tau_sep_days) +
                        "; expected > 0");
  }
  // -expm1(-x) = 1 - exp(-x) without cancellation for short shocks; exp(-inf) gives 1 exactly.
  return sigma0_share + (1.0 - sigma0_share) * -std::expm1(-duration_days / tau_sep_days);
}

std::vector<double> calibrate_insured_shares(const std::vector<SectorLabour>& sectors,
                                             double insured_persons) {
  for (const SectorLabour& s : sectors) check_sector(s, "calibrate_insured_shares");
  if (!(insured_persons >= 0.0)) {
    throw InputError("insured persons target: got " + number(insured_persons) +
                     "; expected a number >= 0");
  }

  const std::size_t n = sectors.size();
  std::vector<double> cap(n);
  double capacity_persons = 0.0;           // what the caps allow at all
  double scalable_capacity_persons = 0.0;  // what scaling can reach: base shares of 0 stay 0
  for (std::size_t i = 0; i < n; ++i) {
    cap[i] = 1.0 - sectors[i].informal_share;
    capacity_persons += sectors[i].employed_persons * cap[i];
    if (sectors[i].insured_share > 0.0) {
      scalable_capacity_persons += sectors[i].employed_persons * cap[i];
    }
  }
  const double slack = 1.0 + 1e-12;  // a target equal to the capacity must not fail by rounding
  if (!(insured_persons <= capacity_persons * slack)) {
    throw InputError("insured persons target: got " + number(insured_persons) +
                     "; expected at most " + number(capacity_persons) +
                     " (sum over sectors of employed persons x (1 - informal share))");
  }
  if (!(insured_persons <= scalable_capacity_persons * slack)) {
    throw InputError("insured persons target: got " + number(insured_persons) +
                     "; expected at most " + number(scalable_capacity_persons) +
                     " (sum of employed persons x (1 - informal share) over sectors with a "
                     "positive base insured share; sectors with a base share of 0 are not scaled)");
  }

  // Water filling: scale the uncapped sectors by one factor; any that overshoot their cap are
  // pinned there and the factor is recomputed for the rest. The factor only grows as sectors
  // are pinned, so each round pins at least one more sector or ends: at most n + 1 rounds.
  std::vector<bool> pinned(n, false);
  double factor = 0.0;
  for (std::size_t round = 0; round <= n; ++round) {
    double pinned_persons = 0.0;
    double free_base_persons = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      if (pinned[i]) {
        pinned_persons += sectors[i].employed_persons * cap[i];
      } else {
        free_base_persons += sectors[i].employed_persons * sectors[i].insured_share;
      }
    }
    const double need_persons = insured_persons - pinned_persons;
    factor = free_base_persons > 0.0 ? std::max(need_persons, 0.0) / free_base_persons : 0.0;
    bool pinned_more = false;
    for (std::size_t i = 0; i < n; ++i) {
      if (!pinned[i] && sectors[i].insured_share * factor > cap[i]) {
        pinned[i] = true;
        pinned_more = true;
      }
    }
    if (!pinned_more) break;
  }

  std::vector<double> shares(n);
  for (std::size_t i = 0; i < n; ++i) {
    shares[i] = pinned[i] ? cap[i] : sectors[i].insured_share * factor;
  }
  return shares;
}

namespace {

/// The checks heat_shock() made before it computed any hours, shared by both entry points so
/// that their messages name the function the caller called.
void check_labour_inputs(const std::vector<SectorLabour>& sectors, const LabourSettings& labour,
                         const char* who) {
  check_settings(labour, who);
  for (const SectorLabour& s : sectors) {
    check_sector(s, who);
    if (!(s.insured_share + s.informal_share <= 1.0 + share_sum_slack)) {
      throw InternalError(std::string(who) + ": sector '" + s.id +
                          "': insured_share + informal_share = " +
                          number(s.insured_share + s.informal_share) + "; expected <= 1");
    }
  }
  // Evaluated once so that bad σ parameters fail even for a shock-free scenario.
  (void)separation_share(0.0, labour.sigma0_share, labour.tau_sep_days);
}

RegionShock heat_shock_impl(const std::vector<std::vector<double>>& excess_hours_per_worker,
                            const std::vector<bool>& exposed,
                            const std::vector<SectorLabour>& sectors, const LabourSettings& labour,
                            int horizon_months,
                            const std::vector<std::vector<double>>& capacity_loss_share,
                            const char* who) {
  const std::string w(who);
  const std::size_t n_sectors = sectors.size();
  const std::size_t n_hazard = exposed.size();
  if (excess_hours_per_worker.size() != n_sectors) {
    throw InternalError(w + ": excess_hours_per_worker has " +
                        std::to_string(excess_hours_per_worker.size()) + " rows for " +
                        std::to_string(n_sectors) + " sectors; expected one row per sector");
  }
  for (std::size_t i = 0; i < n_sectors; ++i) {
    if (excess_hours_per_worker[i].size() != n_hazard) {
      throw InternalError(w + ": excess_hours_per_worker[" + std::to_string(i) + "] has " +
                          std::to_string(excess_hours_per_worker[i].size()) + " months; expected " +
                          std::to_string(n_hazard) + " (one per entry of exposed)");
    }
  }
  if (!(horizon_months >= 0) || static_cast<std::size_t>(horizon_months) < n_hazard) {
    throw InternalError(w + ": horizon_months = " + std::to_string(horizon_months) +
                        "; expected >= the " + std::to_string(n_hazard) + " hazard months");
  }
  const bool has_capacity_loss = !capacity_loss_share.empty();
  if (has_capacity_loss) {
    if (capacity_loss_share.size() != n_sectors) {
      throw InternalError(w + ": capacity_loss_share has " +
                          std::to_string(capacity_loss_share.size()) + " rows for " +
                          std::to_string(n_sectors) + " sectors; expected none or one per sector");
    }
    for (std::size_t i = 0; i < n_sectors; ++i) {
      const std::vector<double>& row = capacity_loss_share[i];
      if (row.size() < n_hazard) {
        throw InternalError(w + ": capacity_loss_share[" + std::to_string(i) + "] has " +
                            std::to_string(row.size()) + " months; expected at least " +
                            std::to_string(n_hazard));
      }
      for (std::size_t t = 0; t < row.size(); ++t) {
        if (!is_share(row[t])) {
          throw InternalError(w + ": capacity_loss_share[" + std::to_string(i) + "][" +
                              std::to_string(t) + "] = " + number(row[t]) +
                              "; expected a share in [0, 1]");
        }
      }
    }
  }
  check_labour_inputs(sectors, labour, who);

  const auto horizon = static_cast<std::size_t>(horizon_months);
  const double work_hours_per_month = labour.work_days_per_month * labour.hours_per_work_day;
  const double survival_per_month = 1.0 - labour.reemployment_hazard_per_month;

  RegionShock out;
  out.months.assign(horizon, MonthShock{});
  out.by_sector.assign(n_sectors, std::vector<MonthShock>(horizon));

  // Separated workers of each sector still out of work at the start of the month:
  // Σ_{τ<t} separations(τ) (1 − h_re)^(t−τ), carried forward one month at a time.
  std::vector<double> still_out_persons(n_sectors, 0.0);
  std::vector<double> separations_persons(n_sectors, 0.0);
  std::size_t consecutive_hot_months = 0;

  for (std::size_t t = 0; t < horizon; ++t) {
    for (std::size_t i = 0; i < n_sectors; ++i) {
      still_out_persons[i] = survival_per_month * (still_out_persons[i] + separations_persons[i]);
      separations_persons[i] = 0.0;
    }

    if (t < n_hazard) {
      // Pass 1: hours per sector; the shock duration depends on the region's total.
      std::vector<double> hours_lost(n_sectors, 0.0);
      double hours_lost_total = 0.0;
      for (std::size_t i = 0; i < n_sectors; ++i) {
        hours_lost[i] = excess_hours_per_worker[i][t] * sectors[i].employed_persons;
        // Capacity already lost to a flood or cyclone is not working, so it loses no heat
        // hours. Without damage the factor is skipped rather than being (1 − 0), which keeps
        // heat_shock()'s results bit for bit.
        if (has_capacity_loss) hours_lost[i] *= 1.0 - capacity_loss_share[i][t];
        hours_lost_total += hours_lost[i];
      }
      consecutive_hot_months = hours_lost_total > 0.0 ? consecutive_hot_months + 1 : 0;
      const double duration_days =
          days_per_month_mean * static_cast<double>(consecutive_hot_months);
      const double sigma =
          separation_share(duration_days, labour.sigma0_share, labour.tau_sep_days);

      for (std::size_t i = 0; i < n_sectors; ++i) {
        const SectorLabour& s = sectors[i];
        MonthShock& m = out.by_sector[i][t];
        const double fte_months = hours_lost[i] / work_hours_per_month;
        const double jobs = labour.separation_elasticity * fte_months;
        const double separations = jobs * sigma;
        m.hours_lost = hours_lost[i];
        m.jobs_lost_persons = jobs;
        m.stoppage_persons = jobs - separations;
        m.separations_insured_persons = separations * s.insured_share;
        m.separations_informal_persons = separations * s.informal_share;
        m.separations_formal_uninsured_persons =
            separations - m.separations_insured_persons - m.separations_informal_persons;
        if (exposed[t]) m.workers_exposed_persons = s.employed_persons * (1.0 - s.heat.ac_share);
        m.income_loss_cny = hours_lost[i] * (s.wage_cny_per_month / work_hours_per_month) *
                            s.pay_pass_through_share;
        separations_persons[i] = separations;
      }
    }

    for (std::size_t i = 0; i < n_sectors; ++i) {
      // Separated in an earlier month and still without work: the full wage is lost. The month
      // of separation itself is already counted in that month's lost hours.
      out.by_sector[i][t].income_loss_cny += still_out_persons[i] * sectors[i].wage_cny_per_month;
      add_into(out.months[t], out.by_sector[i][t]);
    }
  }
  return out;
}

}  // namespace

RegionShock heat_shock_from_hours(const std::vector<std::vector<double>>& excess_hours_per_worker,
                                  const std::vector<bool>& exposed,
                                  const std::vector<SectorLabour>& sectors,
                                  const LabourSettings& labour, int horizon_months,
                                  const std::vector<std::vector<double>>& capacity_loss_share) {
  return heat_shock_impl(excess_hours_per_worker, exposed, sectors, labour, horizon_months,
                         capacity_loss_share, "heat_shock_from_hours");
}

RegionShock heat_shock(const std::vector<HeatMonth>& scenario,
                       const std::vector<HeatMonth>& reference,
                       const std::vector<SectorLabour>& sectors, const HeatSettings& heat,
                       const LabourSettings& labour, int horizon_months) {
  if (scenario.size() != reference.size()) {
    throw InternalError("heat_shock: scenario has " + std::to_string(scenario.size()) +
                        " months but reference has " + std::to_string(reference.size()) +
                        "; expected the same number");
  }
  if (!(horizon_months >= 0) || static_cast<std::size_t>(horizon_months) < scenario.size()) {
    throw InternalError("heat_shock: horizon_months = " + std::to_string(horizon_months) +
                        "; expected >= the " + std::to_string(scenario.size()) +
                        " months of the scenario");
  }
  check_labour_inputs(sectors, labour, "heat_shock");

  const std::size_t n_hazard = scenario.size();
  std::vector<std::vector<double>> excess_hours_per_worker(sectors.size(),
                                                           std::vector<double>(n_hazard, 0.0));
  std::vector<bool> exposed(n_hazard, false);
  for (std::size_t t = 0; t < n_hazard; ++t) {
    for (std::size_t i = 0; i < sectors.size(); ++i) {
      const double diff = hours_lost_per_worker_day(scenario[t], sectors[i].heat, heat) -
                          hours_lost_per_worker_day(reference[t], sectors[i].heat, heat);
      // Written so that a NaN difference (missing climate) propagates rather than reads as 0.
      const double excess_per_worker_day = diff < 0.0 ? 0.0 : diff;
      excess_hours_per_worker[i][t] = excess_per_worker_day * labour.work_days_per_month;
    }
    exposed[t] = wbgt_max_deg_c(scenario[t]) >= labour.exposure_wbgt_threshold_deg_c;
  }
  return heat_shock_impl(excess_hours_per_worker, exposed, sectors, labour, horizon_months, {},
                         "heat_shock");
}

namespace {

std::string at(std::string_view where, const char* field) {
  return std::string(where) + ": " + field;
}

void require_share(double x, std::string_view where, const char* field) {
  if (!is_share(x)) {
    throw InputError(at(where, field) + " = " + number(x) + "; expected a share in [0, 1]");
  }
}

void require_non_negative_finite(double x, std::string_view where, const char* field) {
  if (!(x >= 0.0 && std::isfinite(x))) {
    throw InputError(at(where, field) + " = " + number(x) + "; expected a finite number >= 0");
  }
}

}  // namespace

void validate_protection_shares(const ProtectionShares& shares, std::string_view where) {
  require_share(shares.insured_share, where, "insured_share");
  require_share(shares.formal_share, where, "formal_share");
  if (!(shares.insured_share <= shares.formal_share)) {
    throw InputError(at(where, "insured_share") + " = " + number(shares.insured_share) +
                     "; expected at most formal_share = " + number(shares.formal_share) +
                     " (the insured are part of the formal workers)");
  }
}

void validate_migrant_adjustment(const MigrantAdjustment& migrants, std::string_view where) {
  require_share(migrants.migrant_separated_share, where, "migrant_separated_share");
  require_share(migrants.migrant_insured_share, where, "migrant_insured_share");
}

void validate_separation_parameters(double sigma0_share, double tau_sep_days,
                                    std::string_view where) {
  require_share(sigma0_share, where, "sigma0_share");
  if (!(tau_sep_days > 0.0 && std::isfinite(tau_sep_days))) {
    throw InputError(at(where, "tau_sep_days") + " = " + number(tau_sep_days) +
                     "; expected a finite number of days > 0");
  }
}

ProtectionShares migrant_adjusted_shares(const ProtectionShares& shares,
                                         const MigrantAdjustment& migrants,
                                         std::string_view where) {
  validate_protection_shares(shares, where);
  validate_migrant_adjustment(migrants, where);
  const double c = shares.insured_share;
  const double m = migrants.migrant_separated_share;
  // A sector already below the migrants' coverage keeps its share: the national migrant figure
  // is an average and says nothing to raise a low sector's coverage.
  const double c_migrant = std::min(c, migrants.migrant_insured_share);
  const double lost_insured_share = m * (c - c_migrant);
  ProtectionShares out;
  out.insured_share = c - lost_insured_share;
  // The formal uninsured share (formal − c) is unchanged; the max guards a rounding below c'.
  out.formal_share = std::max(out.insured_share, shares.formal_share - lost_insured_share);
  return out;
}

JobLossSplit split_job_losses(double jobs_lost_persons, double duration_days,
                              const ProtectionShares& shares, double sigma0_share,
                              double tau_sep_days, std::string_view where) {
  require_non_negative_finite(jobs_lost_persons, where, "jobs_lost_persons");
  if (!(duration_days >= 0.0)) {
    throw InputError(at(where, "duration_days") + " = " + number(duration_days) +
                     "; expected a number of days >= 0");
  }
  validate_separation_parameters(sigma0_share, tau_sep_days, where);
  validate_protection_shares(shares, where);

  JobLossSplit out;
  out.jobs_lost_persons = jobs_lost_persons;
  // σ0 + (1 − σ0)·1 can round one ulp above 1; the cap keeps the stoppage from going negative.
  out.separation_share = std::min(1.0, separation_share(duration_days, sigma0_share, tau_sep_days));
  out.separations_persons = jobs_lost_persons * out.separation_share;
  out.stoppage_persons = jobs_lost_persons - out.separations_persons;
  // Each part from its own non-negative share, not as a remainder: a remainder could come out
  // a rounding below zero when formal = 1 or c = formal.
  out.separations_insured_persons = out.separations_persons * shares.insured_share;
  out.separations_formal_uninsured_persons =
      out.separations_persons * (shares.formal_share - shares.insured_share);
  out.separations_informal_persons = out.separations_persons * (1.0 - shares.formal_share);
  return out;
}

void validate_stoppage_settings(const StoppageSettings& settings, std::string_view where) {
  require_share(settings.allowance_to_minimum_wage_share, where, "allowance_to_minimum_wage_share");
  require_non_negative_finite(settings.pay_cycle_days, where, "pay_cycle_days");
}

std::vector<double> stoppage_income_loss_cny_by_month(double stopped_persons, double stoppage_days,
                                                      double wage_cny_per_month,
                                                      double minimum_wage_cny_per_month,
                                                      const StoppageSettings& settings,
                                                      std::string_view where) {
  require_non_negative_finite(stopped_persons, where, "stopped_persons");
  require_non_negative_finite(stoppage_days, where, "stoppage_days");
  require_non_negative_finite(wage_cny_per_month, where, "wage_cny_per_month");
  require_non_negative_finite(minimum_wage_cny_per_month, where, "minimum_wage_cny_per_month");
  validate_stoppage_settings(settings, where);

  const double allowance_cny_per_month =
      settings.allowance_to_minimum_wage_share * minimum_wage_cny_per_month;
  // A wage at or below the allowance loses nothing: the allowance is a floor, not a cut.
  const double gap_cny_per_month = std::max(0.0, wage_cny_per_month - allowance_cny_per_month);
  const auto n_months = static_cast<std::size_t>(std::ceil(stoppage_days / days_per_month_mean));
  std::vector<double> loss(n_months, 0.0);
  const double from_days = settings.pay_cycle_days;
  const double to_days = stoppage_days;
  for (std::size_t k = 0; k < n_months; ++k) {
    const double month_start = days_per_month_mean * static_cast<double>(k);
    const double month_end = month_start + days_per_month_mean;
    const double overlap_days =
        std::max(0.0, std::min(month_end, to_days) - std::max(month_start, from_days));
    loss[k] = stopped_persons * gap_cny_per_month * (overlap_days / days_per_month_mean);
  }
  return loss;
}

}  // namespace spstress::shocks

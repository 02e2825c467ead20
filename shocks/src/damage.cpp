#include "spstress/shocks/damage.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "labour_internal.hpp"
#include "spstress/core/error.hpp"

namespace spstress::shocks {

using detail::add_into;
using detail::is_share;
using detail::number;
using detail::share_sum_slack;

namespace {

/// The larger of two numbers, NaN if either is NaN (std::max would drop a NaN in `b`).
double max_nan(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return a + b;
  return a >= b ? a : b;
}

void check_labour_settings(const LabourSettings& l) {
  const std::string who = "damage_shock: LabourSettings.";
  if (!(l.work_days_per_month > 0.0 && std::isfinite(l.work_days_per_month))) {
    throw InternalError(who + "work_days_per_month = " + number(l.work_days_per_month) +
                        "; expected > 0");
  }
  if (!(l.hours_per_work_day > 0.0 && std::isfinite(l.hours_per_work_day))) {
    throw InternalError(who + "hours_per_work_day = " + number(l.hours_per_work_day) +
                        "; expected > 0");
  }
  if (!is_share(l.reemployment_hazard_per_month)) {
    throw InternalError(who + "reemployment_hazard_per_month = " +
                        number(l.reemployment_hazard_per_month) + "; expected a value in [0, 1]");
  }
}

void check_damage(const SectorDamage& d, const std::string& sector_where,
                  const std::vector<int>& month_lengths_days) {
  const std::string p = sector_where + ": ";
  const auto horizon_months = static_cast<int>(month_lengths_days.size());
  if (!is_share(d.damage_ratio_share)) {
    throw InputError(p + "damage_ratio_share = " + number(d.damage_ratio_share) +
                     "; expected a share in [0, 1]");
  }
  if (!is_share(d.affected_share)) {
    throw InputError(p + "affected_share = " + number(d.affected_share) +
                     "; expected a share in [0, 1]");
  }
  if (!(d.damage_ratio_share <= d.affected_share)) {
    throw InputError(p + "damage_ratio_share = " + number(d.damage_ratio_share) +
                     " exceeds affected_share = " + number(d.affected_share) +
                     "; expected damage_ratio_share <= affected_share (no asset loses more than "
                     "all of its value)");
  }
  if (!(d.event_month_index >= 0 && d.event_month_index < horizon_months)) {
    throw InputError(p + "event_month_index = " + std::to_string(d.event_month_index) +
                     "; expected 0 to " + std::to_string(horizon_months - 1) +
                     " (a month of the horizon)");
  }
  const int len = month_lengths_days[static_cast<std::size_t>(d.event_month_index)];
  if (!(d.event_day >= 1 && d.event_day <= len)) {
    throw InputError(p + "event_day = " + std::to_string(d.event_day) + "; expected 1 to " +
                     std::to_string(len) + " (the event month has " + std::to_string(len) +
                     " days)");
  }
}

}  // namespace

DamageShock damage_shock(const std::vector<SectorLabour>& sectors,
                         const std::vector<std::optional<SectorDamage>>& damage,
                         const std::vector<int>& month_lengths_days, const FloodSettings& settings,
                         const StoppageSettings& stoppage, double minimum_wage_cny_per_month,
                         const LabourSettings& labour, std::string_view where) {
  if (damage.size() != sectors.size()) {
    throw InternalError("damage_shock: " + std::to_string(damage.size()) + " damage entries for " +
                        std::to_string(sectors.size()) + " sectors; expected one per sector");
  }
  if (month_lengths_days.empty()) {
    throw InputError(std::string(where) +
                     ": month_lengths_days is empty; expected one calendar length per month of "
                     "the horizon");
  }
  check_labour_settings(labour);
  validate_flood_settings(settings, where);

  const std::size_t horizon = month_lengths_days.size();
  const std::size_t n_sectors = sectors.size();
  const double survival_per_month = 1.0 - labour.reemployment_hazard_per_month;

  DamageShock out;
  out.shock.months.assign(horizon, MonthShock{});
  out.shock.by_sector.assign(n_sectors, std::vector<MonthShock>(horizon));
  out.capacity_loss_share.assign(n_sectors, std::vector<double>(horizon, 0.0));
  out.business_interruption_days.assign(n_sectors, 0.0);

  for (std::size_t i = 0; i < n_sectors; ++i) {
    if (!damage[i]) continue;
    const SectorLabour& s = sectors[i];
    const SectorDamage& d = *damage[i];
    const std::string sector_where = std::string(where) + ": sector '" + s.id + "'";
    check_damage(d, sector_where, month_lengths_days);
    if (d.damage_ratio_share == 0.0) continue;
    if (!(s.insured_share + s.informal_share <= 1.0 + share_sum_slack)) {
      throw InputError(sector_where + ": insured_share + informal_share = " +
                       number(s.insured_share + s.informal_share) + "; expected <= 1");
    }

    FloodSector fs;
    fs.id = s.id;
    fs.damage_ratio_share = d.damage_ratio_share;
    fs.affected_share = d.affected_share;
    // VA = 1 with no asset value: K = capital/VA × VA and D = DR × K, so Δ(0) = DR; the output
    // is not needed here (jobs and hours come from Δ alone).
    fs.value_added_cny_per_year = 1.0;
    fs.output_cny_per_year = 0.0;
    fs.employed_persons = s.employed_persons;
    fs.rebuild_class = d.rebuild_class;
    FloodEvent event;
    event.month_lengths_days = month_lengths_days;
    event.event_month_index = d.event_month_index;
    event.event_day = d.event_day;
    const FloodSectorLoss loss = flood_sector_losses({fs}, settings, event, where).front();

    const double t_bi_days = loss.business_interruption_days;
    out.business_interruption_days[i] = t_bi_days;
    const double jobs_lost =
        settings.employment_elasticity * s.employed_persons * loss.initial_capacity_loss_share;
    // formal = 1 − informal can round a hair below insured when the two add up to 1.
    const ProtectionShares shares{s.insured_share,
                                  std::max(s.insured_share, 1.0 - s.informal_share)};
    const JobLossSplit split = split_job_losses(jobs_lost, t_bi_days, shares, labour.sigma0_share,
                                                labour.tau_sep_days, sector_where);
    const std::vector<double> stoppage_loss_cny = stoppage_income_loss_cny_by_month(
        split.stoppage_persons, loss.recovery_time_constant_days, s.wage_cny_per_month,
        minimum_wage_cny_per_month, stoppage, sector_where);

    const auto m0 = static_cast<std::size_t>(d.event_month_index);
    std::vector<MonthShock>& row = out.shock.by_sector[i];
    for (std::size_t t = 0; t < horizon; ++t) {
      out.capacity_loss_share[i][t] = loss.months[t].capacity_loss_share;
      row[t].hours_lost = loss.months[t].job_equivalent_loss_persons * labour.work_days_per_month *
                          labour.hours_per_work_day;
    }
    MonthShock& event_month = row[m0];
    event_month.workers_exposed_persons = s.employed_persons * d.affected_share;
    event_month.jobs_lost_persons = split.jobs_lost_persons;
    event_month.stoppage_persons = split.stoppage_persons;
    event_month.separations_insured_persons = split.separations_insured_persons;
    event_month.separations_formal_uninsured_persons = split.separations_formal_uninsured_persons;
    event_month.separations_informal_persons = split.separations_informal_persons;

    for (std::size_t k = 0; k < stoppage_loss_cny.size() && m0 + k < horizon; ++k) {
      row[m0 + k].income_loss_cny += stoppage_loss_cny[k];
    }
    // The separated lose the full wage from the event day: the rest of the event month, then
    // each later month for those still out of work.
    const int event_month_days = month_lengths_days[m0];
    const double event_month_fraction =
        static_cast<double>(event_month_days - d.event_day + 1) / event_month_days;
    const double separated_wage_cny = split.separations_persons * s.wage_cny_per_month;
    row[m0].income_loss_cny += separated_wage_cny * event_month_fraction;
    for (std::size_t t = m0 + 1; t < horizon; ++t) {
      row[t].income_loss_cny +=
          separated_wage_cny * std::pow(survival_per_month, static_cast<double>(t - m0));
    }
  }

  sum_sectors_into_months(out.shock);
  return out;
}

RegionShock combine_shocks(const RegionShock& a, const RegionShock& b) {
  const std::size_t horizon = a.months.size();
  const std::size_t n_sectors = a.by_sector.size();
  if (b.months.size() != horizon || b.by_sector.size() != n_sectors) {
    throw InternalError("combine_shocks: shocks of " + std::to_string(horizon) + " months × " +
                        std::to_string(n_sectors) + " sectors and " +
                        std::to_string(b.months.size()) + " months × " +
                        std::to_string(b.by_sector.size()) +
                        " sectors; expected the same horizon and sectors");
  }
  for (std::size_t i = 0; i < n_sectors; ++i) {
    if (a.by_sector[i].size() != horizon || b.by_sector[i].size() != horizon) {
      throw InternalError("combine_shocks: sector " + std::to_string(i) + " has " +
                          std::to_string(a.by_sector[i].size()) + " and " +
                          std::to_string(b.by_sector[i].size()) + " months; expected " +
                          std::to_string(horizon));
    }
  }

  RegionShock out;
  out.months.assign(horizon, MonthShock{});
  out.by_sector.assign(n_sectors, std::vector<MonthShock>(horizon));
  for (std::size_t i = 0; i < n_sectors; ++i) {
    for (std::size_t t = 0; t < horizon; ++t) {
      const MonthShock& x = a.by_sector[i][t];
      const MonthShock& y = b.by_sector[i][t];
      MonthShock& m = out.by_sector[i][t];
      // A worker exposed to two hazards is one exposed worker.
      m.workers_exposed_persons = max_nan(x.workers_exposed_persons, y.workers_exposed_persons);
      m.hours_lost = x.hours_lost + y.hours_lost;
      m.jobs_lost_persons = x.jobs_lost_persons + y.jobs_lost_persons;
      m.separations_insured_persons = x.separations_insured_persons + y.separations_insured_persons;
      m.separations_formal_uninsured_persons =
          x.separations_formal_uninsured_persons + y.separations_formal_uninsured_persons;
      m.separations_informal_persons =
          x.separations_informal_persons + y.separations_informal_persons;
      m.stoppage_persons = x.stoppage_persons + y.stoppage_persons;
      m.income_loss_cny = x.income_loss_cny + y.income_loss_cny;
      add_into(out.months[t], m);
    }
  }
  return out;
}

}  // namespace spstress::shocks

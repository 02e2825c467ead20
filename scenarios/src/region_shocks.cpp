#include "region_shocks.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>
#include <utility>

#include "spstress/core/error.hpp"
#include "spstress/shocks/heat.hpp"
#include "spstress/shocks/indirect.hpp"

namespace spstress::scenarios::detail {

HeatHours heat_hours(const Scenario& s, const std::vector<shocks::SectorLabour>& labour,
                     const std::string& code, const RegionHazards& hz, const HeatSteps& steps,
                     const Horizon& horizon) {
  const auto& h = s.hazard;
  const std::set<int> anomaly_months(h.anomaly.months.begin(), h.anomaly.months.end());
  double rh = h.relative_humidity_pct;
  if (auto it = h.relative_humidity_pct_by_region.find(code);
      it != h.relative_humidity_pct_by_region.end())
    rh = it->second;
  const shocks::HeatErf erf = shocks::parse_heat_erf(
      h.work_capacity_function,
      s.source_path + ": " + s.hazard_pointers.at("heat") + "/work_capacity_function");
  shocks::HeatSettings heat;
  heat.hours_at_max = s.heat.hours_at_max;
  heat.hours_at_half = s.heat.hours_at_half;
  heat.hours_at_mean = s.heat.hours_at_mean;
  heat.sun_delta_deg_c = s.heat.sun_delta_deg_c;
  const std::size_t ns = labour.size();
  const auto month_of = [&](std::size_t k) {
    const int cal = steps.dates[k].month;
    const double base = hz.heat_tmean_deg_c[k];
    const double delta = anomaly_months.count(cal) ? h.anomaly.delta_deg_c : 0.0;
    const double rh_k = hz.heat_rh_pct.empty() ? rh : hz.heat_rh_pct[k];
    const double tmax =
        hz.heat_tmax_deg_c.empty() ? base + 0.5 * h.diurnal_range_deg_c : hz.heat_tmax_deg_c[k];
    return std::pair<shocks::HeatMonth, shocks::HeatMonth>{{base + delta, tmax + delta, rh_k},
                                                           {base, tmax, rh_k}};
  };
  const auto in_event = [&](std::size_t k) {
    const int y = steps.dates[k].year;
    return h.event_first_year == 0 || (y >= h.event_first_year && y <= h.event_last_year);
  };

  // Reference by calendar month from the baseline years, if asked for.
  std::vector<std::array<double, 12>> clim_sum(ns), clim_n(ns);
  std::array<double, 12> clim_reg{};
  const shocks::RegulatoryHeatSettings regulatory;
  const std::string reg_where = s.source_path + ": " + s.hazard_pointers.at("heat");
  const auto reg_hours = [&](const shocks::HeatMonth& m) {
    return shocks::regulatory_hours_lost(m.tmax_deg_c, regulatory, reg_where).outdoor_hours_lost;
  };
  const bool baseline = h.reference == "baseline_years";
  if (baseline) {
    for (auto& a : clim_sum) a.fill(0.0);
    for (auto& a : clim_n) a.fill(0.0);
    for (std::size_t k = 0; k < steps.dates.size(); ++k) {
      const int y = steps.dates[k].year;
      if (y < h.baseline_first_year || y > h.baseline_last_year) continue;
      const shocks::HeatMonth ref = month_of(k).second;
      const auto c = static_cast<std::size_t>(steps.dates[k].month - 1);
      clim_reg[c] += reg_hours(ref);
      for (std::size_t i = 0; i < ns; ++i) {
        clim_sum[i][c] += shocks::hours_lost_per_worker_day(ref, labour[i].heat, heat, erf);
        clim_n[i][c] += 1.0;
      }
    }
  }

  const auto nm = static_cast<std::size_t>(horizon.months);
  std::vector<std::vector<double>> scen_sum(ns, std::vector<double>(nm, 0.0)),
      ref_sum(ns, std::vector<double>(nm, 0.0));
  std::vector<double> count(nm, 0.0), reg_scen(nm, 0.0), reg_ref(nm, 0.0);
  std::vector<bool> exposed(nm, false);
  std::size_t n_hazard = 0;
  for (std::size_t k = 0; k < steps.dates.size(); ++k) {
    if (!in_event(k)) continue;
    const int m = horizon.index_of(steps.dates[k].year, steps.dates[k].month);
    if (m < 0) continue;
    const auto mm = static_cast<std::size_t>(m);
    const auto [scen, ref] = month_of(k);
    for (std::size_t i = 0; i < ns; ++i) {
      scen_sum[i][mm] += shocks::hours_lost_per_worker_day(scen, labour[i].heat, heat, erf);
      if (!baseline)
        ref_sum[i][mm] += shocks::hours_lost_per_worker_day(ref, labour[i].heat, heat, erf);
    }
    count[mm] += 1.0;
    reg_scen[mm] += reg_hours(scen);
    if (!baseline) reg_ref[mm] += reg_hours(ref);
    if (shocks::wbgt_max_deg_c(scen) >= s.labour.exposure_wbgt_threshold_deg_c) exposed[mm] = true;
    n_hazard = std::max(n_hazard, mm + 1);
  }
  HeatHours out;
  out.excess.assign(ns, std::vector<double>(n_hazard, 0.0));
  out.regulatory_excess.assign(n_hazard, 0.0);
  for (std::size_t m = 0; m < n_hazard; ++m) {
    if (count[m] == 0.0) continue;
    const auto c = static_cast<std::size_t>((horizon.start_month - 1 + static_cast<int>(m)) % 12);
    const double ref = baseline ? clim_reg[c] / std::max(1.0, clim_n.empty() ? 1.0 : clim_n[0][c])
                                : reg_ref[m] / count[m];
    out.regulatory_excess[m] = std::max(0.0, reg_scen[m] / count[m] - ref) *
                               s.labour.work_days_per_month *
                               (steps.daily ? count[m] / horizon.month_lengths_days[m] : 1.0);
  }
  out.exposed.assign(exposed.begin(), exposed.begin() + static_cast<std::ptrdiff_t>(n_hazard));
  for (std::size_t i = 0; i < ns; ++i) {
    for (std::size_t m = 0; m < n_hazard; ++m) {
      if (count[m] == 0.0) continue;
      const auto c = static_cast<std::size_t>((horizon.start_month - 1 + static_cast<int>(m)) % 12);
      double ref = ref_sum[i][m] / count[m];
      if (baseline) {
        if (clim_n[i][c] == 0.0) {
          throw InputError(s.source_path + ": " + s.hazard_pointers.at("heat") +
                           "/baseline_years: the heat field has no step in calendar month " +
                           std::to_string(c + 1) + " of the baseline years");
        }
        ref = clim_sum[i][c] / clim_n[i][c];
      }
      const double diff = scen_sum[i][m] / count[m] - ref;
      // Written so that a NaN difference (missing climate) propagates rather than reads as 0.
      const double excess_per_worker_day = diff < 0.0 ? 0.0 : diff;
      // A daily field that covers only part of a month counts only the days it has.
      if (steps.daily) {
        out.excess[i][m] = excess_per_worker_day * s.labour.work_days_per_month *
                           (count[m] / horizon.month_lengths_days[m]);
      } else {
        out.excess[i][m] = excess_per_worker_day * s.labour.work_days_per_month;
      }
    }
  }
  return out;
}

shocks::FloodSettings flood_settings(const BusinessInterruptionSpec& b) {
  shocks::FloodSettings f;
  f.capital_to_value_added_years = b.capital_to_value_added_years;
  f.t_clean_days = b.t_clean_days;
  f.t_rebuild_services_days = b.t_rebuild_services_days;
  f.t_rebuild_industrial_days = b.t_rebuild_industrial_days;
  f.employment_elasticity = b.employment_elasticity;
  return f;
}

/// Job losses given directly (hazard type labour_shock): share × multiplier × N_s in each
/// shock month, split by σ(T) into stoppage and the three separation groups; the stopped lose
/// pay as in a stoppage of T days (shocks::stoppage_income_loss_cny_by_month), the separated
/// their wage in the shock month and, while still out of work, in the months after; hours lost
/// = job losses × a full month's hours in the shock month [A].
shocks::RegionShock labour_shock(const Scenario& s, const std::vector<shocks::SectorLabour>& labour,
                                 const std::vector<SectorRow>& sectors, const Horizon& horizon,
                                 double minimum_wage, const shocks::LabourSettings& ls) {
  const auto& l = s.labour_shock;
  const auto n = static_cast<std::size_t>(horizon.months);
  shocks::RegionShock out;
  out.months.assign(n, shocks::MonthShock{});
  out.by_sector.assign(labour.size(), std::vector<shocks::MonthShock>(n));
  const std::string where = s.source_path + ": " + s.hazard_pointers.at("labour_shock");
  const double survive = 1.0 - ls.reemployment_hazard_per_month;
  const double work_hours = ls.work_days_per_month * ls.hours_per_work_day;
  shocks::StoppageSettings stop;
  for (std::size_t k = 0; k < l.months.size(); ++k) {
    const int m = horizon.index_of(l.months[k].first, l.months[k].second);
    if (m < 0) continue;
    const auto mm = static_cast<std::size_t>(m);
    for (std::size_t i = 0; i < labour.size(); ++i) {
      const auto& sec = labour[i];
      auto it = l.sector_multipliers.find(sectors[i].gb_section);
      const double mult = it == l.sector_multipliers.end() ? 1.0 : it->second;
      const double jobs = std::min(1.0, l.jobs_lost_share[k] * mult) * sec.employed_persons;
      if (!(jobs > 0.0)) continue;
      const auto split = shocks::split_job_losses(
          jobs, l.duration_days, {sec.insured_share, 1.0 - sec.informal_share}, ls.sigma0_share,
          ls.tau_sep_days, where + ": sector " + sec.id);
      auto& ms = out.by_sector[i][mm];
      ms.jobs_lost_persons += jobs;
      ms.stoppage_persons += split.stoppage_persons;
      ms.separations_insured_persons += split.separations_insured_persons;
      ms.separations_formal_uninsured_persons += split.separations_formal_uninsured_persons;
      ms.separations_informal_persons += split.separations_informal_persons;
      ms.hours_lost += jobs * work_hours;
      const auto pay = shocks::stoppage_income_loss_cny_by_month(
          split.stoppage_persons, l.duration_days, sec.wage_cny_per_month, minimum_wage, stop,
          where + ": sector " + sec.id);
      for (std::size_t j = 0; j < pay.size() && mm + j < n; ++j)
        out.by_sector[i][mm + j].income_loss_cny += pay[j];
      double still_out = split.separations_persons;
      for (std::size_t t = mm; t < n; ++t) {
        out.by_sector[i][t].income_loss_cny += still_out * sec.wage_cny_per_month;
        still_out *= survive;
      }
    }
  }
  shocks::sum_sectors_into_months(out);
  return out;
}

bool any_damage(const std::vector<std::optional<shocks::SectorDamage>>& d) {
  for (const auto& x : d)
    if (x && x->damage_ratio_share > 0.0) return true;
  return false;
}

double add_indirect(shocks::RegionShock& shock, const std::vector<shocks::SectorLabour>& labour,
                    const std::vector<SectorRow>& sectors,
                    const std::vector<std::optional<DirectHit>>& direct, const IoTableCsv& io,
                    const Horizon& horizon, const shocks::LabourSettings& ls, const Scenario& s,
                    const std::string& code, std::vector<std::string>& notes) {
  const auto n = static_cast<Eigen::Index>(io.sections.size());
  const std::string where = s.indirect.io_table_file + " (region " + code + ")";
  // Our sectors in each IO section, and the section's workers.
  std::vector<std::vector<std::size_t>> members(io.sections.size());
  Eigen::VectorXd employed = Eigen::VectorXd::Zero(n);
  for (std::size_t i = 0; i < labour.size(); ++i) {
    for (std::size_t k = 0; k < io.sections.size(); ++k) {
      if (sectors[i].gb_section == io.sections[k]) {
        members[k].push_back(i);
        employed(static_cast<Eigen::Index>(k)) += labour[i].employed_persons;
      }
    }
  }
  std::vector<int> month_start(static_cast<std::size_t>(horizon.months) + 1, 0);
  for (int m = 0; m < horizon.months; ++m)
    month_start[static_cast<std::size_t>(m) + 1] =
        month_start[static_cast<std::size_t>(m)] +
        horizon.month_lengths_days[static_cast<std::size_t>(m)];
  // The hits of each event, by the day it strikes: each event gets its own path from its day.
  std::map<int, std::vector<std::size_t>> events;
  for (std::size_t i = 0; i < direct.size(); ++i) {
    if (!direct[i]) continue;
    events[month_start[static_cast<std::size_t>(direct[i]->month)] + direct[i]->day - 1].push_back(
        i);
  }
  if (events.empty()) return 0.0;
  std::vector<std::string> codes;
  for (const char x : io.sections) codes.emplace_back(1, x);
  // The same table without inter-industry flows: its path is what each section would lose on
  // its own, so the difference between the two paths is what the supply links add. Both use
  // the same q(0), recovery times and η, whatever their values.
  Eigen::MatrixXd own = Eigen::MatrixXd::Zero(n, n);
  own.diagonal() = io.transactions.diagonal();
  const shocks::IoModel linked(
      shocks::io_table_from_transactions(codes, io.transactions, io.total_output, employed, where),
      where);
  const shocks::IoModel alone(
      shocks::io_table_from_transactions(codes, own, io.total_output, employed, where), where);
  shocks::IimSettings settings;
  settings.recovery_target_share = s.indirect.recovery_target_share;
  double total_hours = 0.0;
  Eigen::Index clamped = 0;
  for (const auto& [first_day, hits] : events) {
    Eigen::VectorXd q0 = Eigen::VectorXd::Zero(n);
    double longest = 0.0;
    for (const std::size_t i : hits)
      longest = std::max(longest, direct[i]->business_interruption_days);
    if (!(longest > 0.0)) continue;
    Eigen::VectorXd recovery = Eigen::VectorXd::Constant(n, longest);
    for (Eigen::Index k = 0; k < n; ++k) {
      double weighted = 0.0, t_bi = 0.0;
      for (const std::size_t i : members[static_cast<std::size_t>(k)]) {
        if (std::find(hits.begin(), hits.end(), i) == hits.end()) continue;
        weighted += labour[i].employed_persons * direct[i]->initial_loss_share;
        t_bi = std::max(t_bi, direct[i]->business_interruption_days);
      }
      if (employed(k) > 0.0) q0(k) = std::min(1.0, weighted / employed(k));
      if (t_bi > 0.0) recovery(k) = t_bi;
    }
    settings.employment_elasticity = direct[hits.front()]->employment_elasticity;
    shocks::IimShock shock_in;
    shock_in.initial_inoperability_share = q0;
    shock_in.recovery_days = recovery;
    shock_in.horizon_days = month_start.back() - first_day;
    const shocks::IimPath with_links = shocks::dynamic_inoperability(linked, shock_in, settings);
    const shocks::IimPath without = shocks::dynamic_inoperability(alone, shock_in, settings);
    clamped += with_links.clamped_count;
    for (Eigen::Index k = 0; k < n; ++k) {
      const auto& mem = members[static_cast<std::size_t>(k)];
      if (mem.empty() || !(employed(k) > 0.0)) continue;
      for (Eigen::Index t = 0; t < with_links.employment_loss_persons.cols(); ++t) {
        const double extra =
            with_links.employment_loss_persons(k, t) - without.employment_loss_persons(k, t);
        if (!(extra > 0.0)) continue;
        const int day = first_day + static_cast<int>(t);
        const auto m =
            static_cast<std::size_t>(std::upper_bound(month_start.begin(), month_start.end(), day) -
                                     month_start.begin() - 1);
        const double length = horizon.month_lengths_days[m];
        for (const std::size_t i : mem) {
          const double share = labour[i].employed_persons / employed(k);
          const double job_months = extra * share / length;  // one day of a job-equivalent
          const double hours = job_months * ls.work_days_per_month * ls.hours_per_work_day;
          const double income =
              job_months * labour[i].wage_cny_per_month * labour[i].pay_pass_through_share;
          shock.by_sector[i][m].hours_lost += hours;
          shock.by_sector[i][m].income_loss_cny += income;
          shock.months[m].hours_lost += hours;
          shock.months[m].income_loss_cny += income;
          total_hours += hours;
        }
      }
    }
  }
  if (clamped > 0) {
    notes.push_back(code + ": indirect effects: " + std::to_string(clamped) +
                    " sector-days of inoperability above 1 were set to 1");
  }
  return total_hours;
}

}  // namespace spstress::scenarios::detail

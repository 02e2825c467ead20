#include "region_model.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>
#include <set>

#include "spstress/protection/social_assistance.hpp"
#include "spstress/protection/ui.hpp"
#include "spstress/scenarios/results.hpp"
#include "spstress/shocks/labour.hpp"

namespace spstress::scenarios::detail {

namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
}  // namespace

RegionMonthly run_region(const Scenario& s, const ProvinceTable& table,
                         const std::vector<SectorRow>& sectors, const std::string& code,
                         const Eigen::VectorXd& tmean_deg_c, int start_month) {
  const int nt = static_cast<int>(tmean_deg_c.size());
  const int horizon = s.horizon_months;
  const std::set<int> anomaly_months(s.hazard.anomaly.months.begin(),
                                     s.hazard.anomaly.months.end());
  double rh = s.hazard.relative_humidity_pct;
  if (auto it = s.hazard.relative_humidity_pct_by_region.find(code);
      it != s.hazard.relative_humidity_pct_by_region.end())
    rh = it->second;

  std::vector<shocks::HeatMonth> scen(static_cast<std::size_t>(nt)),
      ref(static_cast<std::size_t>(nt));
  for (int t = 0; t < nt; ++t) {
    const int cal_month = (start_month - 1 + t) % 12 + 1;
    const double base = tmean_deg_c(t);
    const double delta = anomaly_months.count(cal_month) ? s.hazard.anomaly.delta_deg_c : 0.0;
    ref[static_cast<std::size_t>(t)] = {base, base + 0.5 * s.hazard.diurnal_range_deg_c, rh};
    scen[static_cast<std::size_t>(t)] = {base + delta,
                                         base + delta + 0.5 * s.hazard.diurnal_range_deg_c, rh};
  }

  // Workers by sector: 2020 census shares of the latest employment total.
  const double employed = table.value(code, "employed_total");
  const double wage_avg = table.value(code, "avg_wage_urban_nonprivate") / 12.0;
  const double wage_min = table.value(code, "min_wage_monthly_lowest");
  std::vector<shocks::SectorLabour> labour;
  std::size_t agriculture = static_cast<std::size_t>(-1);
  for (std::size_t i = 0; i < sectors.size(); ++i) {
    const auto& sec = sectors[i];
    shocks::SectorLabour l;
    l.id = sec.id;
    l.employed_persons = employed * table.value(code, "employment_share_" + sec.id);
    l.heat = sec.heat;
    l.wage_cny_per_month = sec.wage_basis == "average"   ? wage_avg
                           : sec.wage_basis == "minimum" ? wage_min
                                                         : s.labour.migrant_wage_cny_per_month;
    l.pay_pass_through_share = sec.pay_pass_through_share;
    l.insured_share = sec.base_insured_share;
    l.informal_share = sec.informal_share;
    if (sec.id.rfind("agriculture", 0) == 0) agriculture = i;
    labour.push_back(l);
  }
  const double insured = table.value(code, "ui_insured");
  // Insured persons registered in a province can exceed the workers who live there (Beijing's
  // apportioned figure does): the fund keeps its full insured base for revenue, but the share
  // of local workers covered is capped just below what the sector shares allow.
  double coverable = 0.0;
  for (const auto& l : labour) {
    if (l.insured_share > 0.0) coverable += l.employed_persons * (1.0 - l.informal_share);
  }
  const double covered_target = std::min(insured, 0.98 * coverable);
  RegionMonthly out;
  if (covered_target < insured) {
    char note[256];
    std::snprintf(note, sizeof note,
                  "%s: UI insured (%.0f) exceed the formal workers of the sector table (%.0f); "
                  "coverage of local workers capped at %.0f persons",
                  code.c_str(), insured, coverable, covered_target);
    out.notes.push_back(note);
  }
  const auto shares = shocks::calibrate_insured_shares(labour, covered_target);
  for (std::size_t i = 0; i < labour.size(); ++i) labour[i].insured_share = shares[i];

  shocks::HeatSettings heat;
  heat.hours_at_max = s.heat.hours_at_max;
  heat.hours_at_half = s.heat.hours_at_half;
  heat.hours_at_mean = s.heat.hours_at_mean;
  heat.sun_delta_deg_c = s.heat.sun_delta_deg_c;
  shocks::LabourSettings ls;
  ls.work_days_per_month = s.labour.work_days_per_month;
  ls.hours_per_work_day = s.labour.hours_per_work_day;
  ls.separation_elasticity = s.labour.separation_elasticity;
  ls.sigma0_share = s.labour.sigma0_share;
  ls.tau_sep_days = s.labour.tau_sep_days;
  ls.reemployment_hazard_per_month = s.labour.reemployment_hazard_per_month;
  ls.exposure_wbgt_threshold_deg_c = s.labour.exposure_wbgt_threshold_deg_c;
  const shocks::RegionShock shock = shocks::heat_shock(scen, ref, labour, heat, ls, horizon);

  // Unemployment insurance.
  const double mw =
      s.ui.min_wage_tier == "tier1" ? table.value(code, "min_wage_monthly_tier1") : wage_min;
  const double dibao_urban_month = table.value(code, "dibao_urban_standard");
  protection::UiParams ui;
  ui.insured_persons = insured;
  ui.benefit_cny_per_month = std::max(s.ui.benefit_min_wage_share * mw, dibao_urban_month);
  ui.medical_premium_cny_per_month = table.value(code, "ui_medical_premium");
  ui.contribution_base_cny_per_month = table.value(code, "ui_contribution_base");
  ui.contribution_rate_share = s.ui.contribution_rate_share;
  ui.compliance_share = 1.0;  // the effective base of the province table includes compliance
  ui.opening_balance_cny = table.value(code, "ui_fund_balance");
  ui.interest_rate_per_year_share = s.ui.interest_rate_per_year_share;
  ui.exit_hazard_per_month = s.ui.exit_hazard_per_month;
  ui.exit_elasticity_to_unemployment = s.ui.exit_elasticity_to_unemployment;
  ui.duration_dependence_per_month = s.ui.duration_dependence_per_month;
  ui.reemployment_hazard_per_month = s.labour.reemployment_hazard_per_month;
  ui.entitlement_mix.clear();
  double mean_spell = 0.0;
  for (const auto& e : s.ui.entitlement_mix) {
    ui.entitlement_mix.push_back({e.months, e.share});
    mean_spell +=
        e.share * protection::mean_paid_spell_months(s.ui.exit_hazard_per_month, e.months);
  }
  ui.baseline_inflow_persons_per_month = table.value(code, "ui_recipients") / mean_spell;
  ui.other_outlay_cny_per_month = table.value(code, "ui_other_outlay");
  ui.floor_months_of_outlay = s.ui.floor_months_of_outlay;

  std::vector<double> claims(static_cast<std::size_t>(horizon)),
      sep_ins(static_cast<std::size_t>(horizon));
  const double claim_share = s.ui.qualifying_share * s.ui.involuntary_share * s.ui.takeup_share;
  for (int t = 0; t < horizon; ++t) {
    sep_ins[static_cast<std::size_t>(t)] =
        shock.months[static_cast<std::size_t>(t)].separations_insured_persons;
    claims[static_cast<std::size_t>(t)] = sep_ins[static_cast<std::size_t>(t)] * claim_share;
  }
  const auto ui_base = protection::simulate_ui(ui, {}, {}, horizon);
  const auto ui_path = protection::simulate_ui(ui, claims, sep_ins, horizon);
  const auto ui_sum = protection::summarise_ui(ui_path, ui_base);

  // Social assistance: households of separated workers still out of work lose the earner's
  // pay net of UI benefit; farm-sector separations fall on the rural stratum.
  const double pop = table.value(code, "population_total");
  const double pop_urban = table.value(code, "population_urban");
  const double pop_rural = table.value(code, "population_rural");
  const double persons_per_earner = pop / employed;
  protection::SaParams sa;
  sa.urban = {pop_urban,
              dibao_urban_month * 12.0,
              s.sa.gini_urban_share,
              table.value(code, "dibao_urban_recipients"),
              s.sa.takeup_current_share,
              s.sa.takeup_new_share};
  sa.rural = {pop_rural,
              table.value(code, "dibao_rural_standard"),
              s.sa.gini_rural_share,
              table.value(code, "dibao_rural_recipients"),
              s.sa.takeup_current_share,
              s.sa.takeup_new_share};
  sa.ta_case_share = s.sa.ta_case_share;
  sa.ta_months_of_standard = s.sa.ta_months_of_standard;
  sa.household_size_persons = pop / table.value(code, "households_family");
  const double survive = 1.0 - s.labour.reemployment_hazard_per_month;
  std::vector<protection::SaMonthInput> sa_in(static_cast<std::size_t>(horizon));
  double out_urban = 0.0, out_rural = 0.0, out_urban_wage = 0.0;
  for (int t = 0; t < horizon; ++t) {
    const auto tt = static_cast<std::size_t>(t);
    double sep_urban = 0.0, sep_rural = 0.0, wage_sum = 0.0;
    for (std::size_t i = 0; i < labour.size(); ++i) {
      const auto& m = shock.by_sector[i][tt];
      const double sep = m.separations_insured_persons + m.separations_formal_uninsured_persons +
                         m.separations_informal_persons;
      if (i == agriculture) {
        sep_rural += sep;
      } else {
        sep_urban += sep;
        wage_sum += sep * labour[i].wage_cny_per_month;
      }
    }
    out_urban = out_urban * survive + sep_urban;
    out_rural = out_rural * survive + sep_rural;
    out_urban_wage = out_urban_wage * survive + wage_sum;
    const double extra_claimants =
        std::max(0.0, ui_path.months[tt].claimants_persons - ui_base.months[tt].claimants_persons);
    const double replacement =
        out_urban_wage > 0.0
            ? std::min(1.0, extra_claimants * ui.benefit_cny_per_month / out_urban_wage)
            : 0.0;
    sa_in[tt].urban.affected_share = std::min(1.0, out_urban * persons_per_earner / pop_urban);
    sa_in[tt].urban.income_loss_share = s.sa.earner_income_share * (1.0 - replacement);
    sa_in[tt].rural.affected_share = std::min(1.0, out_rural * persons_per_earner / pop_rural);
    sa_in[tt].rural.income_loss_share = s.sa.earner_income_share;
    sa_in[tt].newly_affected_persons = (sep_urban + sep_rural) * persons_per_earner;
  }
  const auto sa_path = protection::simulate_sa(sa, sa_in);
  sa.reserve_cny =
      s.sa.reserve_share_of_baseline_cost * 12.0 * sa_path.months.front().baseline_cost_cny;
  const auto sa_sum = protection::summarise_sa(sa, sa_path);

  // Monthly and total metrics under the headline names.
  auto& m = out.monthly;
  for (const auto& info : headline_metrics())
    m[info.name].assign(static_cast<std::size_t>(horizon), 0.0);
  const double floor_cny = ui_path.floor_cny;
  const double base_demand =
      ui_path.baseline_claimants_persons + sa_path.months.front().baseline_recipients_persons;
  double sa_cum = 0.0, peak_exposed = 0.0, peak_ratio = 0.0;
  for (int t = 0; t < horizon; ++t) {
    const auto tt = static_cast<std::size_t>(t);
    const auto& sh = shock.months[tt];
    const auto& u = ui_path.months[tt];
    const auto& b = ui_base.months[tt];
    const auto& a = sa_path.months[tt];
    m["workers_exposed"][tt] = sh.workers_exposed_persons;
    m["hours_lost"][tt] = sh.hours_lost;
    m["jobs_lost"][tt] = sh.jobs_lost_persons;
    m["income_loss"][tt] = sh.income_loss_cny;
    m["ui_new_claims"][tt] = u.shock_claims_persons;
    m["ui_peak_claimants"][tt] = u.claimants_persons;
    m["ui_benefit_cost"][tt] = (u.benefit_cny + u.medical_cny) - (b.benefit_cny + b.medical_cny);
    m["ui_contribution_loss"][tt] = u.lost_contributions_cny;
    m["ui_fund_end_balance"][tt] = u.closing_balance_cny;
    const double net_drain = u.outlay_cny - u.revenue_cny;
    m["ui_months_to_depletion"][tt] =
        net_drain > 0.0
            ? std::max(0.0, (u.closing_balance_cny - floor_cny) / std::max(1.0, net_drain))
            : nan;
    m["sa_new_recipients"][tt] = a.new_recipients_persons;
    m["sa_extra_cost"][tt] = a.dibao_extra_cost_cny + a.ta_cost_cny;
    sa_cum += a.dibao_extra_cost_cny + a.ta_cost_cny;
    m["funding_gap"][tt] =
        std::max(0.0, floor_cny - u.closing_balance_cny) + std::max(0.0, sa_cum - sa.reserve_cny);
    const double demand =
        u.claimants_persons + a.baseline_recipients_persons + a.new_recipients_persons;
    m["demand_spike_ratio"][tt] = base_demand > 0.0 ? demand / base_demand : nan;
    peak_exposed = std::max(peak_exposed, sh.workers_exposed_persons);
    peak_ratio = std::max(peak_ratio, m["demand_spike_ratio"][tt]);
    out.claimants.push_back(u.claimants_persons);
    out.baseline_claimants.push_back(b.claimants_persons);
    out.recipients.push_back(a.baseline_recipients_persons + a.new_recipients_persons);
    out.baseline_recipients.push_back(a.baseline_recipients_persons);
  }
  auto sum = [&](const std::string& k) { return std::accumulate(m[k].begin(), m[k].end(), 0.0); };
  auto& tot = out.total;
  tot["workers_exposed"] = peak_exposed;
  tot["hours_lost"] = sum("hours_lost");
  tot["jobs_lost"] = sum("jobs_lost");
  tot["income_loss"] = sum("income_loss");
  tot["ui_new_claims"] = ui_sum.new_claims_persons;
  tot["ui_peak_claimants"] = ui_sum.peak_claimants_persons;
  tot["ui_benefit_cost"] = ui_sum.extra_benefit_cost_cny;
  tot["ui_contribution_loss"] = ui_sum.contribution_loss_cny;
  tot["ui_fund_end_balance"] = ui_sum.end_balance_cny;
  tot["ui_months_to_depletion"] = ui_sum.months_to_depletion ? *ui_sum.months_to_depletion : nan;
  tot["sa_new_recipients"] = sa_sum.new_recipients_persons;
  tot["sa_extra_cost"] = sa_sum.extra_cost_cny;
  tot["funding_gap"] = ui_sum.funding_gap_cny + sa_sum.funding_gap_cny;
  tot["demand_spike_ratio"] = peak_ratio;
  // Baseline figures for the national comparison with the sourced statistics.
  tot["_baseline_revenue_per_year"] = 12.0 * ui_base.months.front().revenue_cny;
  tot["_baseline_outlay_per_year"] = 12.0 * ui_base.months.front().outlay_cny;
  tot["_baseline_claimants"] = ui_path.baseline_claimants_persons;
  tot["_baseline_inflow_per_year"] = 12.0 * ui.baseline_inflow_persons_per_month;
  tot["_baseline_balance"] = ui.opening_balance_cny;
  tot["_baseline_dibao_recipients"] = sa_path.months.front().baseline_recipients_persons;
  tot["_sa_reserve"] = sa.reserve_cny;
  tot["_benefit"] = ui.benefit_cny_per_month;
  return out;
}

}  // namespace spstress::scenarios::detail

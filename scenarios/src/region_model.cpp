#include "region_model.hpp"

#include "region_shocks.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>
#include <optional>
#include <set>
#include <tuple>

#include "spstress/core/error.hpp"
#include "spstress/protection/social_assistance.hpp"
#include "spstress/protection/ui.hpp"
#include "spstress/scenarios/results.hpp"
#include "spstress/shocks/damage.hpp"
#include "spstress/shocks/drought.hpp"
#include "spstress/shocks/heat.hpp"
#include "spstress/shocks/indirect.hpp"
#include "spstress/shocks/labour.hpp"

namespace spstress::scenarios::detail {

namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
}  // namespace

int Horizon::index_of(int year, int month) const {
  const int k = core::months_between(start_year, start_month, year, month);
  return k >= 0 && k < months ? k : -1;
}

RegionMonthly run_region(const Scenario& s, const ProvinceTable& table,
                         const std::vector<SectorRow>& sectors, const std::string& code,
                         const RegionHazards& hz, const HeatSteps& heat_steps, const Horizon& hzn,
                         const IoTableCsv* io_table) {
  const int horizon = hzn.months;

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
  // Employees for C102 coverage, before the migrant option changes the informal shares.
  double formal_employees = 0.0;
  for (const auto& l : labour) formal_employees += l.employed_persons * (1.0 - l.informal_share);
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
  // Migrants among the separated are rarely insured (docs/methodology-separations.md): the
  // shares used to split separations move insured migrants into the informal group. The fund's
  // insured base above is unchanged.
  if (s.labour.migrant_separated_share > 0.0) {
    const shocks::MigrantAdjustment mig{s.labour.migrant_separated_share,
                                        s.labour.migrant_insured_share};
    for (auto& l : labour) {
      const auto adj = shocks::migrant_adjusted_shares({l.insured_share, 1.0 - l.informal_share},
                                                       mig, s.source_path + ": /labour");
      l.insured_share = adj.insured_share;
      l.informal_share = 1.0 - adj.formal_share;
    }
  }

  shocks::LabourSettings ls;
  ls.work_days_per_month = s.labour.work_days_per_month;
  ls.hours_per_work_day = s.labour.hours_per_work_day;
  ls.separation_elasticity = s.labour.separation_elasticity;
  ls.sigma0_share = s.labour.sigma0_share;
  ls.tau_sep_days = s.labour.tau_sep_days;
  ls.reemployment_hazard_per_month = s.labour.reemployment_hazard_per_month;
  ls.exposure_wbgt_threshold_deg_c = s.labour.exposure_wbgt_threshold_deg_c;

  // Floods and cyclones first: heat hours then count only on the capacity still working.
  std::optional<shocks::RegionShock> damage;
  // Per sector, the event that hit it (for indirect effects).
  std::vector<std::optional<DirectHit>> direct(labour.size());
  std::vector<std::vector<double>> capacity_loss;
  const auto add_damage = [&](const std::vector<std::optional<shocks::SectorDamage>>& d,
                              const BusinessInterruptionSpec& bi, const std::string& type) {
    if (!any_damage(d)) return;
    shocks::StoppageSettings stop;
    stop.allowance_to_minimum_wage_share = bi.stoppage_allowance_to_minimum_wage_share;
    const auto ds =
        shocks::damage_shock(labour, d, hzn.month_lengths_days, flood_settings(bi), stop, wage_min,
                             ls, s.source_path + ": " + s.hazard_pointers.at(type));
    damage = damage ? shocks::combine_shocks(*damage, ds.shock) : ds.shock;
    for (std::size_t i = 0; i < labour.size(); ++i) {
      if (d[i] && d[i]->damage_ratio_share > 0.0) {
        direct[i] = {d[i]->damage_ratio_share, ds.business_interruption_days[i],
                     d[i]->event_month_index, d[i]->event_day, bi.employment_elasticity};
      }
    }
    if (capacity_loss.empty()) {
      capacity_loss = ds.capacity_loss_share;
    } else {
      // The compound rule leaves each sector with one event, so the paths do not overlap.
      for (std::size_t i = 0; i < capacity_loss.size(); ++i)
        for (std::size_t t = 0; t < capacity_loss[i].size(); ++t)
          capacity_loss[i][t] = std::min(1.0, capacity_loss[i][t] + ds.capacity_loss_share[i][t]);
    }
  };
  if (s.has_hazard("flood")) add_damage(hz.flood, s.flood.business_interruption, "flood");
  if (s.has_hazard("tropical_cyclone"))
    add_damage(hz.cyclone, s.cyclone.business_interruption, "tropical_cyclone");

  double indirect_hours = 0.0;
  if (damage && io_table) {
    indirect_hours =
        add_indirect(*damage, labour, sectors, direct, *io_table, hzn, ls, s, code, out.notes);
  }

  shocks::RegionShock shock;
  double regulatory_hours = 0.0, heat_outdoor_hours = 0.0;
  if (s.has_hazard("heat")) {
    const HeatHours hh = heat_hours(s, labour, code, hz, heat_steps, hzn);
    for (const double h : hh.regulatory_excess)
      for (const auto& l : labour) regulatory_hours += h * l.employed_persons * l.heat.sun_share;
    shock =
        shocks::heat_shock_from_hours(hh.excess, hh.exposed, labour, ls, horizon, capacity_loss);
    // The work-capacity hours of outdoor work, for the second estimate: heat hours only.
    for (std::size_t i = 0; i < labour.size(); ++i)
      for (const auto& mm : shock.by_sector[i])
        heat_outdoor_hours += mm.hours_lost * labour[i].heat.sun_share;
    if (damage) shock = shocks::combine_shocks(shock, *damage);
  } else if (damage) {
    shock = *damage;
  } else {
    shock = shocks::heat_shock_from_hours(std::vector<std::vector<double>>(labour.size()), {},
                                          labour, ls, horizon);
  }

  if (s.has_hazard("labour_shock"))
    shock = shocks::combine_shocks(shock, labour_shock(s, labour, sectors, hzn, wage_min, ls));

  // Drought: the farm income lost with the harvest (docs/methodology.md §2a), on the share
  // of the crop a flood or cyclone did not already destroy.
  double drought_loss_share = 0.0;
  const double pop_rural_total = table.value(code, "population_rural");
  if (s.has_hazard("drought") && agriculture != static_cast<std::size_t>(-1) &&
      hz.drought_month_index >= 0 && std::isfinite(hz.drought_index)) {
    auto beta = s.drought.beta_per_index_unit;
    if (auto it = s.drought.beta_per_index_unit_by_region.find(code);
        it != s.drought.beta_per_index_unit_by_region.end())
      beta = it->second;
    const double yl = shocks::yield_loss_share(hz.drought_index, {s.drought.threshold_index, beta});
    double crop_left = 1.0;
    for (const auto* d : {&hz.flood, &hz.cyclone}) {
      if (agriculture < d->size() && (*d)[agriculture])
        crop_left *= 1.0 - (*d)[agriculture]->damage_ratio_share;
    }
    const auto t = static_cast<std::size_t>(hz.drought_month_index);
    const auto& l = labour[agriculture];
    double loss = 0.0;
    if (!hz.crops.empty()) {
      // Option B per crop: price × potential yield × area × YL, net of insurance, per rural
      // person and capped at the operating income (shocks::farm_income_loss).
      auto crops = hz.crops;
      for (auto& c : crops) c.spei_growing_season = hz.drought_index;
      const auto f =
          shocks::farm_income_loss(crops, {pop_rural_total, hz.rural_income_cny_per_person_year},
                                   {s.drought.threshold_index, s.drought.operating_income_share});
      drought_loss_share = f.income_loss_share_of_disposable * crop_left;
      loss = f.income_loss_cny_per_person * pop_rural_total * crop_left;
    } else {
      drought_loss_share = yl * s.drought.operating_income_share * crop_left;
      loss = drought_loss_share * l.employed_persons * l.wage_cny_per_month * 12.0;
    }
    auto& m = shock.by_sector[agriculture][t];
    m.income_loss_cny += loss;
    shock.months[t].income_loss_cny += loss;
    if (shocks::drought_class(hz.drought_index) != shocks::DroughtClass::None &&
        m.workers_exposed_persons < l.employed_persons) {
      shock.months[t].workers_exposed_persons += l.employed_persons - m.workers_exposed_persons;
      m.workers_exposed_persons = l.employed_persons;
    }
  }

  // Unemployment insurance.
  const double mw =
      s.ui.min_wage_tier == "tier1" ? table.value(code, "min_wage_monthly_tier1") : wage_min;
  const double dibao_urban_month =
      table.value(code, "dibao_urban_standard") * s.sa.standard_multiplier;
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
  auto region_mix = s.ui.entitlement_mix_by_region.find(code);
  const auto& mix = region_mix != s.ui.entitlement_mix_by_region.end() ? region_mix->second
                                                                       : s.ui.entitlement_mix;
  for (const auto& e : mix) {
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
  // Shock-responsive measures paid from the fund (docs/methodology-options.md).
  std::vector<double> option_outlay(static_cast<std::size_t>(horizon), 0.0);
  double option_beneficiaries = 0.0;
  double refund_eligible = std::numeric_limits<double>::quiet_NaN();
  {
    const double b = ui.benefit_cny_per_month;
    const double work_hours = s.labour.work_days_per_month * s.labour.hours_per_work_day;
    double stw_peak = 0.0;
    std::vector<double> jobs_so_far(labour.size(), 0.0), separated_so_far(labour.size(), 0.0);
    int first_separation = -1;
    for (int t = 0; t < horizon; ++t) {
      const auto tt = static_cast<std::size_t>(t);
      const auto& sh = shock.months[tt];
      if (first_separation < 0 && sh.separations_insured_persons +
                                          sh.separations_formal_uninsured_persons +
                                          sh.separations_informal_persons >
                                      0.0)
        first_separation = t;
      // Living allowance for the separated without UI, paid for the following months.
      if (s.ui.living_allowance_benefit_share > 0.0) {
        const double persons =
            s.ui.living_allowance_takeup_share *
            (sh.separations_formal_uninsured_persons + sh.separations_informal_persons);
        option_beneficiaries += persons;
        for (int k = 0; k < s.ui.living_allowance_months && t + k < horizon; ++k)
          option_outlay[static_cast<std::size_t>(t + k)] +=
              persons * s.ui.living_allowance_benefit_share * b;
      }
      // Short-time work: θ b per full-time month of hours lost by insured workers who keep
      // their job; the separated share of a sector's job losses so far draws UI instead.
      if (s.ui.short_time_work_replacement_share > 0.0) {
        double insured_hours = 0.0;
        for (std::size_t i = 0; i < labour.size(); ++i) {
          const auto& ms = shock.by_sector[i][tt];
          jobs_so_far[i] += ms.jobs_lost_persons;
          separated_so_far[i] += ms.separations_insured_persons +
                                 ms.separations_formal_uninsured_persons +
                                 ms.separations_informal_persons;
          const double kept =
              jobs_so_far[i] > 0.0 ? 1.0 - separated_so_far[i] / jobs_so_far[i] : 1.0;
          insured_hours += ms.hours_lost * labour[i].insured_share * kept;
        }
        const double fte = insured_hours / work_hours;
        option_outlay[tt] += s.ui.short_time_work_replacement_share * b * fte;
        stw_peak = std::max(stw_peak, fte);
      }
    }
    option_beneficiaries += stw_peak;
    // Job-stabilisation refund in the first month with separations, on the contributions of
    // the firms that keep their layoff rate under the threshold (docs/model.md §8): the
    // layoff rate is the year's new claims over the insured.
    if (s.ui.refund_share_of_annual_contributions > 0.0 && first_separation >= 0) {
      double new_claims = 0.0;
      for (int t = first_separation; t < std::min(horizon, first_separation + 12); ++t)
        new_claims += claims[static_cast<std::size_t>(t)] + ui.baseline_inflow_persons_per_month;
      refund_eligible = protection::refund_eligible_share(std::min(0.999, new_claims / insured),
                                                          s.ui.refund_layoff_threshold_share,
                                                          s.ui.refund_layoff_concentration);
      option_outlay[static_cast<std::size_t>(first_separation)] +=
          s.ui.refund_share_of_annual_contributions * 12.0 * ui_base.months.front().revenue_cny *
          refund_eligible;
    }
  }
  ui.option_outlay_cny_by_month = option_outlay;
  if (s.ui.contribution_exemption_share > 0.0) {
    ui.revenue_factor_by_month.assign(static_cast<std::size_t>(horizon), 1.0);
    const int a = core::months_between(hzn.start_year, hzn.start_month,
                                       s.ui.contribution_exemption_first.first,
                                       s.ui.contribution_exemption_first.second);
    const int b = core::months_between(hzn.start_year, hzn.start_month,
                                       s.ui.contribution_exemption_last.first,
                                       s.ui.contribution_exemption_last.second);
    for (int t = std::max(0, a); t <= b && t < horizon; ++t)
      ui.revenue_factor_by_month[static_cast<std::size_t>(t)] =
          1.0 - s.ui.contribution_exemption_share;
  }
  // Unemployment subsidy (失业补助金, 2020-type rule, docs/model.md §7): the insured whose
  // benefit ran out because of the shock, and the separated insured who do not qualify, get a
  // share of the benefit for some months. Exhaustion does not depend on the fund's outlays, so
  // a first pass gives it and the second pays the subsidy.
  if (s.ui.unemployment_subsidy_benefit_share > 0.0) {
    const auto first = protection::simulate_ui(ui, claims, sep_ins, horizon);
    const double ineligible_share =
        (1.0 - s.ui.qualifying_share) * s.ui.involuntary_share * s.ui.takeup_share;
    for (int t = 0; t < horizon; ++t) {
      const auto tt = static_cast<std::size_t>(t);
      const double persons =
          std::max(0.0, first.months[tt].exhausted_persons - ui_base.months[tt].exhausted_persons) +
          sep_ins[tt] * ineligible_share;
      option_beneficiaries += persons;
      for (int k = 0; k < s.ui.unemployment_subsidy_months && t + k < horizon; ++k)
        ui.option_outlay_cny_by_month[static_cast<std::size_t>(t + k)] +=
            persons * s.ui.unemployment_subsidy_benefit_share * ui.benefit_cny_per_month;
    }
    option_outlay = ui.option_outlay_cny_by_month;
  }
  const auto ui_path = protection::simulate_ui(ui, claims, sep_ins, horizon);
  protection::check_ui_accounting(ui_base, ui.opening_balance_cny, code + ": UI baseline");
  protection::check_ui_accounting(ui_path, ui.opening_balance_cny, code + ": UI");
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
              table.value(code, "dibao_rural_standard") * s.sa.standard_multiplier,
              s.sa.gini_rural_share,
              table.value(code, "dibao_rural_recipients"),
              s.sa.takeup_current_share,
              s.sa.takeup_new_share};
  sa.urban.gap_ratio_target_share = s.sa.gap_ratio_urban_share;
  sa.rural.gap_ratio_target_share = s.sa.gap_ratio_rural_share;
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
    const double rural_sep_share = std::min(1.0, out_rural * persons_per_earner / pop_rural);
    sa_in[tt].rural.affected_share = rural_sep_share;
    sa_in[tt].rural.income_loss_share = s.sa.earner_income_share;
    sa_in[tt].newly_affected_persons = (sep_urban + sep_rural) * persons_per_earner;
    // Farm households hit by the drought lose the operating income of the lost harvest for
    // the year after it; they join the households of separated farm workers as one affected
    // group whose income loss is the two groups' affected-weighted mean.
    const int since_harvest = t - hz.drought_month_index;
    if (drought_loss_share > 0.0 && since_harvest >= 0 && since_harvest < 12 && pop_rural > 0.0) {
      // Option B spreads the loss over every rural person; the farm-earnings estimate over the
      // households of agricultural workers.
      const double farm_share = !hz.crops.empty()
                                    ? 1.0
                                    : std::min(1.0, labour[agriculture].employed_persons *
                                                        persons_per_earner / pop_rural);
      if (farm_share > 0.0) {
        // Separated farm workers live in farm households: the affected group is the larger of
        // the two, and its income loss the separated households' and the harvest loss
        // weighted by their shares of it.
        const double affected = std::max(rural_sep_share, farm_share);
        const double sep_part = std::min(rural_sep_share, affected);
        sa_in[tt].rural.income_loss_share =
            std::min(1.0, (sep_part * s.sa.earner_income_share + farm_share * drought_loss_share) /
                              affected);
        sa_in[tt].rural.affected_share = affected;
        if (since_harvest == 0) {
          sa_in[tt].newly_affected_persons +=
              std::max(0.0, farm_share * pop_rural - out_rural * persons_per_earner);
        }
      }
    }
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
  // Disaster transitional relief (过渡期生活救助, docs/model.md §9): r_TR a day for each
  // displaced person for up to `transitional_relief_days` from the event day; a flood and a
  // cyclone in one province displace the larger number once (the compound rule).
  std::vector<double> relief(static_cast<std::size_t>(horizon), 0.0);
  double displaced = 0.0;
  {
    int month = -1, day = 1;
    if (hz.flood_displaced_persons >= hz.cyclone_displaced_persons &&
        hz.flood_displaced_persons > 0.0) {
      displaced = hz.flood_displaced_persons;
      month = hz.flood_event_month;
      day = hz.flood_event_day;
    } else if (hz.cyclone_displaced_persons > 0.0) {
      displaced = hz.cyclone_displaced_persons;
      month = hz.cyclone_event_month;
      day = hz.cyclone_event_day;
    }
    double days_left = s.sa.transitional_relief_days;
    for (int t = std::max(0, month); month >= 0 && t < horizon && days_left > 0.0; ++t) {
      const double in_month =
          hzn.month_lengths_days[static_cast<std::size_t>(t)] - (t == month ? day - 1 : 0);
      const double days = std::min(days_left, in_month);
      relief[static_cast<std::size_t>(t)] =
          displaced * s.sa.transitional_relief_cny_per_person_day * days;
      days_left -= days;
    }
  }
  const double relief_total = std::accumulate(relief.begin(), relief.end(), 0.0);
  double sa_gap_with_relief = 0.0;
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
    m["sa_extra_cost"][tt] = a.dibao_extra_cost_cny + a.ta_cost_cny + relief[tt];
    sa_cum += a.dibao_extra_cost_cny + a.ta_cost_cny + relief[tt];
    m["funding_gap"][tt] =
        std::max(0.0, floor_cny - u.closing_balance_cny) + std::max(0.0, sa_cum - sa.reserve_cny);
    sa_gap_with_relief = std::max(sa_gap_with_relief, sa_cum - sa.reserve_cny);
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
  // Without relief the assistance figures are the protection module's own.
  const double sa_gap = relief_total > 0.0 ? sa_gap_with_relief : sa_sum.funding_gap_cny;
  tot["sa_extra_cost"] = sa_sum.extra_cost_cny + relief_total;
  tot["funding_gap"] = ui_sum.funding_gap_cny + sa_gap;
  tot["_displaced_persons"] = displaced;
  {
    double ui_stressed = 0.0, ui_baseline = 0.0, sa_stressed = relief_total, sa_baseline = 0.0;
    for (int t = 0; t < horizon; ++t) {
      const auto tt = static_cast<std::size_t>(t);
      ui_stressed += ui_path.months[tt].benefit_cny + ui_path.months[tt].medical_cny;
      ui_baseline += ui_base.months[tt].benefit_cny + ui_base.months[tt].medical_cny;
      const auto& a = sa_path.months[tt];
      sa_stressed += a.baseline_cost_cny + a.dibao_extra_cost_cny + a.ta_cost_cny;
      sa_baseline += a.baseline_cost_cny;
    }
    tot["_ui_stressed_outlay"] = ui_stressed;
    tot["_ui_baseline_outlay"] = ui_baseline;
    tot["_sa_stressed_cost"] = sa_stressed;
    tot["_sa_baseline_cost"] = sa_baseline;
  }
  tot["_transitional_relief"] = relief_total;
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
  tot["_regulatory_hours"] = regulatory_hours;
  {
    double rev = 0.0, outl = 0.0;
    for (int t = 0; t < std::min(12, horizon); ++t) {
      rev += ui_path.months[static_cast<std::size_t>(t)].revenue_cny;
      outl += ui_path.months[static_cast<std::size_t>(t)].outlay_cny;
    }
    tot["_year1_revenue"] = rev;
    tot["_year1_outlay"] = outl;
  }
  tot["_option_outlay"] = std::accumulate(option_outlay.begin(), option_outlay.end(), 0.0);
  tot["_option_beneficiaries"] = option_beneficiaries;
  tot["_refund_eligible_share"] = refund_eligible;
  tot["_ui_floor"] = ui_path.floor_cny;
  tot["_ui_gap"] = ui_sum.funding_gap_cny;
  tot["_sa_gap"] = sa_gap;
  // C102 coverage: insured over employees (the formal workers of the sector table), as the
  // scheme is and at the month when the separated still out of work cut it most.
  const double employees = formal_employees;
  tot["_c102_insured"] = insured;
  tot["_c102_employees"] = employees;
  {
    double out_insured = 0.0, out_all = 0.0, worst = insured / employees;
    double worst_insured = insured, worst_employees = employees;
    for (int t = 0; t < horizon; ++t) {
      const auto& sh = shock.months[static_cast<std::size_t>(t)];
      out_insured = out_insured * survive + sh.separations_insured_persons;
      out_all = out_all * survive + sh.separations_insured_persons +
                sh.separations_formal_uninsured_persons;
      // Separations summed over hazards without overlap can exceed the employees in an extreme
      // run; such months say nothing about coverage.
      if (!(employees - out_all > 0.0) || !(insured - out_insured >= 0.0)) continue;
      const double cov = (insured - out_insured) / (employees - out_all);
      if (cov < worst) {
        worst = cov;
        worst_insured = insured - out_insured;
        worst_employees = employees - out_all;
      }
    }
    tot["_c102_stressed_insured"] = worst_insured;
    tot["_c102_stressed_employees"] = worst_employees;
  }
  tot["_indirect_hours"] = indirect_hours;
  tot["_outdoor_hours"] = heat_outdoor_hours;
  return out;
}

}  // namespace spstress::scenarios::detail

#include "spstress/scenarios/pipeline.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <numeric>
#include <set>

#include "spstress/core/date.hpp"
#include "spstress/core/error.hpp"
#include "spstress/hazards/netcdf_field.hpp"
#include "spstress/protection/social_assistance.hpp"
#include "spstress/protection/ui.hpp"
#include "spstress/regions/raster.hpp"
#include "spstress/regions/region.hpp"
#include "spstress/regions/weights.hpp"
#include "spstress/scenarios/province_table.hpp"
#include "spstress/scenarios/sha256.hpp"
#include "spstress/shocks/heat.hpp"
#include "spstress/shocks/labour.hpp"

namespace spstress::scenarios {

namespace {

namespace fs = std::filesystem;
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// ---------------------------------------------------------------------------------------------
// Inputs

struct SectorRow {
  std::string id;
  std::string name_en;
  shocks::SectorHeatExposure heat;
  double pay_pass_through_share = 1.0;
  double base_insured_share = 0.0;
  double informal_share = 0.0;
  std::string wage_basis;
};

double parse_share(const std::string& text, const std::string& where, double lo, double hi) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || !(v >= lo && v <= hi)) {
    throw InputError(where + ": got \"" + text + "\"; expected a number in [" +
                     std::to_string(lo) + ", " + std::to_string(hi) + "]");
  }
  return v;
}

std::vector<SectorRow> read_sectors(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot open the sector table");
  std::string line;
  std::getline(in, line);
  if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
  const auto header = split_csv_line(line);
  const std::vector<std::string> needed = {"sector_id", "name_en", "intensity_w", "sun_share",
                                           "ac_share", "pay_pass_through_share",
                                           "base_insured_share", "informal_share", "wage_basis"};
  std::map<std::string, std::size_t> col;
  for (std::size_t i = 0; i < header.size(); ++i) col[header[i]] = i;
  for (const auto& n : needed) {
    if (!col.count(n)) throw InputError(path + ": line 1: missing column " + n);
  }
  std::vector<SectorRow> rows;
  std::size_t line_no = 1;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty() || line == "\r") continue;
    const auto f = split_csv_line(line);
    const std::string where = path + ": line " + std::to_string(line_no);
    if (f.size() != header.size()) throw InputError(where + ": wrong number of fields");
    SectorRow r;
    r.id = f[col["sector_id"]];
    r.name_en = f[col["name_en"]];
    const std::string w = f[col["intensity_w"]];
    if (w == "200") {
      r.heat.intensity = shocks::WorkIntensity::Light200W;
    } else if (w == "300") {
      r.heat.intensity = shocks::WorkIntensity::Moderate300W;
    } else if (w == "400") {
      r.heat.intensity = shocks::WorkIntensity::Heavy400W;
    } else {
      throw InputError(where + ": intensity_w: got \"" + w + "\"; expected 200, 300 or 400");
    }
    r.heat.sun_share = parse_share(f[col["sun_share"]], where + ": sun_share", 0, 1);
    r.heat.ac_share = parse_share(f[col["ac_share"]], where + ": ac_share", 0, 1);
    r.pay_pass_through_share = parse_share(f[col["pay_pass_through_share"]], where + ": pay_pass_through_share", 0, 1);
    r.base_insured_share = parse_share(f[col["base_insured_share"]], where + ": base_insured_share", 0, 1);
    r.informal_share = parse_share(f[col["informal_share"]], where + ": informal_share", 0, 1);
    if (r.base_insured_share + r.informal_share > 1.0 + 1e-12) {
      throw InputError(where + ": base_insured_share + informal_share exceed 1");
    }
    r.wage_basis = f[col["wage_basis"]];
    if (r.wage_basis != "average" && r.wage_basis != "minimum" && r.wage_basis != "migrant") {
      throw InputError(where + ": wage_basis: got \"" + r.wage_basis + "\"; expected average, minimum or migrant");
    }
    rows.push_back(r);
  }
  if (rows.empty()) throw InputError(path + ": no sectors");
  return rows;
}

double kelvin_offset_for_units(const std::string& units, const std::string& where) {
  std::string u;
  for (char c : units) {
    if (c != ' ') u += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (u == "k" || u == "kelvin" || u == "kelvins") return -273.15;
  if (u == "degc" || u == "deg_c" || u == "celsius" || u == "degrees_celsius" || u == "°c" ||
      u == "degree_celsius" || u == "\xc2\xb0""c") {
    return 0.0;
  }
  throw InputError(where + ": units \"" + units + "\"; expected an air temperature in K or degC");
}

/// Regional monthly mean air temperature (°C): regions x months.
struct HazardSeries {
  Eigen::MatrixXd tmean_deg_c;
  int start_year = 0;
  int start_month = 1;
  std::size_t nan_regions = 0;
};

HazardSeries regional_temperature(const Scenario& s, const regions::Weights& weights,
                                  const hazards::NetcdfField& field, const RunOptions& opt,
                                  const std::vector<regions::Region>& regs) {
  const std::string where = field.path() + ": variable " + field.variable();
  const double offset = kelvin_offset_for_units(field.units(), where);
  const auto& dates = field.time().dates;
  if (dates.empty()) throw InputError(where + ": no time axis; expected monthly time steps");
  for (std::size_t t = 1; t < dates.size(); ++t) {
    if (core::months_between(dates[t - 1].year, dates[t - 1].month, dates[t].year, dates[t].month) != 1) {
      throw UnsupportedError(where + ": time steps " + core::iso_date(dates[t - 1]) + " and " +
                             core::iso_date(dates[t]) +
                             " are not one month apart; this version reads monthly fields only");
    }
  }
  (void)s;
  HazardSeries out;
  out.start_year = dates.front().year;
  out.start_month = dates.front().month;
  const std::size_t nt = field.n_times();
  const std::size_t ncells = field.grid().ncells();
  const std::size_t per_step = std::max<std::size_t>(1, ncells * sizeof(double) * 2);
  const std::size_t block = std::max<std::size_t>(1, opt.memory_budget_bytes / per_step);
  out.tmean_deg_c.resize(weights.w.rows(), static_cast<Eigen::Index>(nt));
  for (std::size_t t0 = 0; t0 < nt; t0 += block) {
    const std::size_t n = std::min(block, nt - t0);
    if (opt.progress) {
      opt.progress("reading " + field.variable() + " time steps " + std::to_string(t0 + 1) + "-" +
                   std::to_string(t0 + n) + " of " + std::to_string(nt));
    }
    const Eigen::MatrixXd values = field.read_block(t0, n);
    const Eigen::MatrixXd means = regions::weighted_mean(weights, values);
    out.tmean_deg_c.middleCols(static_cast<Eigen::Index>(t0), static_cast<Eigen::Index>(n)) =
        means.array() + offset;
  }
  for (Eigen::Index r = 0; r < out.tmean_deg_c.rows(); ++r) {
    for (Eigen::Index t = 0; t < out.tmean_deg_c.cols(); ++t) {
      if (!std::isfinite(out.tmean_deg_c(r, t))) {
        throw InputError(where + ": region " + regs[static_cast<std::size_t>(r)].code +
                         " has no valid hazard cell at " +
                         core::iso_date(dates[static_cast<std::size_t>(t)]) +
                         " (all cells it covers are missing)");
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Ensemble draws

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

/// Uniform draw in [0, 1) that depends only on (seed, member, parameter index): the same
/// member gets the same values whatever the order or thread it runs in.
double uniform01(std::uint64_t seed, std::uint64_t member, std::uint64_t index) {
  const std::uint64_t h = splitmix64(splitmix64(splitmix64(seed) ^ member) ^ (index * 0x632be59bd9b4e019ULL));
  return static_cast<double>(h >> 11) * 0x1.0p-53;
}

double quantile(std::vector<double> v, double q) {
  v.erase(std::remove_if(v.begin(), v.end(), [](double x) { return !std::isfinite(x); }), v.end());
  if (v.empty()) return nan;
  std::sort(v.begin(), v.end());
  const double h = q * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

// ---------------------------------------------------------------------------------------------
// One member

struct RegionInputs {
  std::string code;
  std::string name_en;
  std::vector<double> sector_employed;  ///< persons, per sector
  std::vector<double> sector_wage;      ///< CNY per month
  std::vector<double> insured_share;
  std::size_t agriculture_index = static_cast<std::size_t>(-1);
};

/// Monthly values of one region in one member, named as the headline metrics.
struct RegionMonthly {
  std::map<std::string, std::vector<double>> monthly;
  std::map<std::string, double> total;
  // For national aggregation.
  std::vector<double> claimants, baseline_claimants, recipients, baseline_recipients;
  std::vector<std::string> notes;
};

std::string fmt_int(double x) { return std::to_string(static_cast<long long>(std::llround(x))); }

RegionMonthly run_region(const Scenario& s, const ProvinceTable& table,
                         const std::vector<SectorRow>& sectors, const std::string& code,
                         const Eigen::VectorXd& tmean_deg_c, int start_month) {
  const int nt = static_cast<int>(tmean_deg_c.size());
  const int horizon = s.horizon_months;
  const std::set<int> anomaly_months(s.hazard.anomaly.months.begin(), s.hazard.anomaly.months.end());
  double rh = s.hazard.relative_humidity_pct;
  if (auto it = s.hazard.relative_humidity_pct_by_region.find(code); it != s.hazard.relative_humidity_pct_by_region.end()) rh = it->second;

  std::vector<shocks::HeatMonth> scen(static_cast<std::size_t>(nt)), ref(static_cast<std::size_t>(nt));
  for (int t = 0; t < nt; ++t) {
    const int cal_month = (start_month - 1 + t) % 12 + 1;
    const double base = tmean_deg_c(t);
    const double delta = anomaly_months.count(cal_month) ? s.hazard.anomaly.delta_deg_c : 0.0;
    ref[static_cast<std::size_t>(t)] = {base, base + 0.5 * s.hazard.diurnal_range_deg_c, rh};
    scen[static_cast<std::size_t>(t)] = {base + delta, base + delta + 0.5 * s.hazard.diurnal_range_deg_c, rh};
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
    l.wage_cny_per_month = sec.wage_basis == "average" ? wage_avg
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
  const double mw = s.ui.min_wage_tier == "tier1" ? table.value(code, "min_wage_monthly_tier1") : wage_min;
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
    mean_spell += e.share * protection::mean_paid_spell_months(s.ui.exit_hazard_per_month, e.months);
  }
  ui.baseline_inflow_persons_per_month = table.value(code, "ui_recipients") / mean_spell;
  ui.other_outlay_cny_per_month = table.value(code, "ui_other_outlay");
  ui.floor_months_of_outlay = s.ui.floor_months_of_outlay;

  std::vector<double> claims(static_cast<std::size_t>(horizon)), sep_ins(static_cast<std::size_t>(horizon));
  const double claim_share = s.ui.qualifying_share * s.ui.involuntary_share * s.ui.takeup_share;
  for (int t = 0; t < horizon; ++t) {
    sep_ins[static_cast<std::size_t>(t)] = shock.months[static_cast<std::size_t>(t)].separations_insured_persons;
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
  sa.urban = {pop_urban, dibao_urban_month * 12.0, s.sa.gini_urban_share,
              table.value(code, "dibao_urban_recipients"), s.sa.takeup_current_share, s.sa.takeup_new_share};
  sa.rural = {pop_rural, table.value(code, "dibao_rural_standard"), s.sa.gini_rural_share,
              table.value(code, "dibao_rural_recipients"), s.sa.takeup_current_share, s.sa.takeup_new_share};
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
    const double extra_claimants = std::max(0.0, ui_path.months[tt].claimants_persons - ui_base.months[tt].claimants_persons);
    const double replacement = out_urban_wage > 0.0
        ? std::min(1.0, extra_claimants * ui.benefit_cny_per_month / out_urban_wage) : 0.0;
    sa_in[tt].urban.affected_share = std::min(1.0, out_urban * persons_per_earner / pop_urban);
    sa_in[tt].urban.income_loss_share = s.sa.earner_income_share * (1.0 - replacement);
    sa_in[tt].rural.affected_share = std::min(1.0, out_rural * persons_per_earner / pop_rural);
    sa_in[tt].rural.income_loss_share = s.sa.earner_income_share;
    sa_in[tt].newly_affected_persons = (sep_urban + sep_rural) * persons_per_earner;
  }
  const auto sa_path = protection::simulate_sa(sa, sa_in);
  sa.reserve_cny = s.sa.reserve_share_of_baseline_cost * 12.0 * sa_path.months.front().baseline_cost_cny;
  const auto sa_sum = protection::summarise_sa(sa, sa_path);

  // Monthly and total metrics under the headline names.
  auto& m = out.monthly;
  for (const auto& info : headline_metrics()) m[info.name].assign(static_cast<std::size_t>(horizon), 0.0);
  const double floor_cny = ui_path.floor_cny;
  const double base_demand = ui_path.baseline_claimants_persons + sa_path.months.front().baseline_recipients_persons;
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
    m["ui_months_to_depletion"][tt] = net_drain > 0.0 ? std::max(0.0, (u.closing_balance_cny - floor_cny) / std::max(1.0, net_drain)) : nan;
    m["sa_new_recipients"][tt] = a.new_recipients_persons;
    m["sa_extra_cost"][tt] = a.dibao_extra_cost_cny + a.ta_cost_cny;
    sa_cum += a.dibao_extra_cost_cny + a.ta_cost_cny;
    m["funding_gap"][tt] = std::max(0.0, floor_cny - u.closing_balance_cny) + std::max(0.0, sa_cum - sa.reserve_cny);
    const double demand = u.claimants_persons + a.baseline_recipients_persons + a.new_recipients_persons;
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

std::string relative_to(const std::string& path, const fs::path& base) {
  std::error_code ec;
  const auto rel = fs::relative(path, base, ec);
  return ec || rel.empty() ? fs::path(path).filename().string() : rel.generic_string();
}

std::vector<std::array<std::string, 4>> read_benchmarks(const std::string& anchors_path) {
  std::vector<std::array<std::string, 4>> out;
  std::ifstream in(anchors_path, std::ios::binary);
  if (!in) return out;
  std::string line;
  std::getline(in, line);
  const auto header = split_csv_line(line);
  std::map<std::string, std::size_t> col;
  for (std::size_t i = 0; i < header.size(); ++i) col[header[i]] = i;
  for (const char* k : {"indicator", "value", "unit", "year", "source"}) {
    if (!col.count(k)) throw InputError(anchors_path + ": line 1: missing column " + std::string(k));
  }
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const auto f = split_csv_line(line);
    if (f.size() != header.size()) throw InputError(anchors_path + ": a row has the wrong number of fields");
    out.push_back({f[col["indicator"]] + " (" + f[col["year"]] + ")", f[col["value"]], f[col["unit"]], f[col["source"]]});
  }
  return out;
}

}  // namespace

std::string validate_inputs(const Scenario& s) {
  ProvinceTable table = ProvinceTable::read(s.province_table_file);
  table.apply_overrides(s.province_overrides, s.source_path + ": /province_overrides");
  const auto sectors = read_sectors(s.sectors_file);
  regions::RegionReadOptions ro{s.regions.id_field, s.regions.name_field, s.regions.where};
  const auto regs = regions::read_regions(s.regions.file, ro);
  for (const auto& r : regs) {
    if (!table.has(r.code)) throw InputError(s.province_table_file + ": no rows for region " + r.code + " of " + s.regions.file);
    for (const auto& sec : sectors) table.value(r.code, "employment_share_" + sec.id);
  }
  const auto exposure = regions::read_raster(s.exposure_file);
  hazards::NetcdfField field(s.hazard.file, s.hazard.variable);
  kelvin_offset_for_units(field.units(), field.path() + ": variable " + field.variable());
  if (static_cast<int>(field.n_times()) > s.horizon_months) {
    throw InputError(s.source_path + ": /horizon_months: got " + std::to_string(s.horizon_months) +
                     "; expected at least the " + std::to_string(field.n_times()) + " months of " + s.hazard.file);
  }
  const auto weights = regions::build_weights(regs, field.grid(), &exposure);
  return "scenario " + s.name + ": " + std::to_string(regs.size()) + " regions, " +
         std::to_string(sectors.size()) + " sectors, hazard " + field.variable() + " with " +
         std::to_string(field.n_times()) + " time steps on a " + std::to_string(field.grid().nlon()) +
         " x " + std::to_string(field.grid().nlat()) + " grid, exposure " +
         std::to_string(static_cast<long long>(std::llround(weights.exposure_total.sum()))) + " persons";
}

RunResults run_scenario(const Scenario& scenario, const RunOptions& opt) {
  const auto progress = [&](const std::string& msg) { if (opt.progress) opt.progress(msg); };
  const int members = opt.members.value_or(scenario.members);
  const std::uint64_t seed = opt.seed.value_or(scenario.seed);
  if (members < 1) throw InputError("--members: expected an integer >= 1");

  progress("reading tables");
  ProvinceTable table = ProvinceTable::read(scenario.province_table_file);
  table.apply_overrides(scenario.province_overrides, scenario.source_path + ": /province_overrides");
  const auto sectors = read_sectors(scenario.sectors_file);

  progress("reading regions and exposure");
  regions::RegionReadOptions ro{scenario.regions.id_field, scenario.regions.name_field, scenario.regions.where};
  const auto regs = regions::read_regions(scenario.regions.file, ro);
  for (const auto& r : regs) {
    if (!table.has(r.code)) throw InputError(scenario.province_table_file + ": no rows for region " + r.code + " of " + scenario.regions.file);
  }
  const auto exposure = regions::read_raster(scenario.exposure_file);
  hazards::NetcdfField field(scenario.hazard.file, scenario.hazard.variable);
  if (static_cast<int>(field.n_times()) > scenario.horizon_months) {
    throw InputError(scenario.source_path + ": /horizon_months: got " + std::to_string(scenario.horizon_months) +
                     "; expected at least the " + std::to_string(field.n_times()) + " months of " + scenario.hazard.file);
  }
  progress("building exposure weights");
  const auto weights = regions::build_weights(regs, field.grid(), &exposure);
  const HazardSeries hz = regional_temperature(scenario, weights, field, opt, regs);

  RunResults res;
  const fs::path base = fs::path(scenario.source_path).parent_path();
  res.provenance.version = SPSTRESS_VERSION;
  res.provenance.scenario_name = scenario.name;
  res.provenance.scenario_path = relative_to(scenario.source_path, fs::path(SPSTRESS_SOURCE_DATA_DIR).parent_path());
  res.provenance.scenario_sha256 = sha256_file_hex(scenario.source_path);
  res.provenance.seed = seed;
  res.provenance.members = members;
  res.provenance.currency = scenario.currency;
  res.provenance.price_base_year = scenario.price_base_year;
  const std::string anchors = (fs::path(scenario.province_table_file).parent_path() / "national_anchors.csv").string();
  std::vector<std::string> inputs = {scenario.regions.file, scenario.exposure_file, scenario.hazard.file,
                                     scenario.province_table_file, scenario.sectors_file};
  if (fs::exists(anchors)) inputs.push_back(anchors);
  for (const auto& f : inputs) res.provenance.input_sha256.emplace_back(relative_to(f, base), sha256_file_hex(f));
  std::sort(res.provenance.input_sha256.begin(), res.provenance.input_sha256.end());
  res.scenario_description = scenario.description;
  res.benchmarks = read_benchmarks(anchors);

  const int horizon = scenario.horizon_months;
  std::vector<std::string> periods;
  for (int t = 0; t < horizon; ++t) {
    const int idx = hz.start_month - 1 + t;
    periods.push_back(core::year_month(hz.start_year + idx / 12, idx % 12 + 1));
  }

  // Per member, per region.
  std::vector<std::vector<RegionMonthly>> all(static_cast<std::size_t>(members));
  for (int mem = 0; mem < members; ++mem) {
    Scenario s = scenario;
    if (members > 1) {
      for (std::size_t k = 0; k < s.uncertainty.size(); ++k) {
        const auto& u = s.uncertainty[k];
        set_parameter(s, u.path, u.low + (u.high - u.low) * uniform01(seed, static_cast<std::uint64_t>(mem), k));
      }
    }
    progress("member " + std::to_string(mem + 1) + " of " + std::to_string(members) + ": shocks and protection for " +
             std::to_string(regs.size()) + " regions");
    for (std::size_t r = 0; r < regs.size(); ++r) {
      try {
        all[static_cast<std::size_t>(mem)].push_back(
            run_region(s, table, sectors, regs[r].code, hz.tmean_deg_c.row(static_cast<Eigen::Index>(r)).transpose(), hz.start_month));
      } catch (const InputError& e) {
        throw InputError("region " + regs[r].code + ": " + e.what());
      }
    }
  }

  // Long table.
  const auto& metrics = headline_metrics();
  std::map<std::string, std::string> unit;
  for (const auto& mi : metrics) unit[mi.name] = mi.unit;
  for (int mem = 0; mem < members; ++mem) {
    for (std::size_t r = 0; r < regs.size(); ++r) {
      const auto& rm = all[static_cast<std::size_t>(mem)][r];
      for (const auto& mi : metrics) {
        for (int t = 0; t < horizon; ++t) {
          res.rows.push_back({mem, regs[r].code, regs[r].name, periods[static_cast<std::size_t>(t)], mi.name,
                              rm.monthly.at(mi.name)[static_cast<std::size_t>(t)], mi.unit});
        }
        res.rows.push_back({mem, regs[r].code, regs[r].name, "total", mi.name, rm.total.at(mi.name), mi.unit});
      }
    }
  }

  // Per-region summaries and national totals over members.
  for (std::size_t r = 0; r < regs.size(); ++r) {
    RegionSummary rs;
    const auto& rec = table.record(regs[r].code);
    rs.code = regs[r].code;
    rs.name_en = rec.name_en;
    rs.name_zh = rec.name_zh;
    rs.gb_code = rec.gb_code;
    for (const auto& mi : metrics) {
      std::vector<double> v;
      for (int mem = 0; mem < members; ++mem) v.push_back(all[static_cast<std::size_t>(mem)][r].total.at(mi.name));
      rs.metrics[mi.name] = {quantile(v, 0.05), quantile(v, 0.5), quantile(v, 0.95)};
    }
    for (const auto& poly : regs[r].polygons) {
      std::vector<std::vector<std::array<double, 2>>> rings;
      rings.push_back({poly.outer.begin(), poly.outer.end()});
      for (const auto& h : poly.holes) rings.push_back({h.begin(), h.end()});
      rs.shape.polygons.push_back(std::move(rings));
    }
    res.regions.push_back(std::move(rs));
  }
  std::map<std::string, std::vector<double>> national_draws;
  std::map<std::string, double> baseline_national;
  for (int mem = 0; mem < members; ++mem) {
    const auto& mm = all[static_cast<std::size_t>(mem)];
    std::map<std::string, double> nat;
    for (const auto& mi : metrics) {
      double total = 0.0;
      for (const auto& rm : mm) total += rm.total.at(mi.name);
      nat[mi.name] = total;
    }
    double peak_claimants = 0.0, peak_ratio = 0.0, peak_exposed = 0.0;
    double depletion = nan;
    for (int t = 0; t < horizon; ++t) {
      const auto tt = static_cast<std::size_t>(t);
      double c = 0, d = 0, d0 = 0, ex = 0;
      for (const auto& rm : mm) {
        c += rm.claimants[tt];
        d += rm.claimants[tt] + rm.recipients[tt];
        d0 += rm.baseline_claimants[tt] + rm.baseline_recipients[tt];
        ex += rm.monthly.at("workers_exposed")[tt];
      }
      peak_claimants = std::max(peak_claimants, c);
      peak_ratio = std::max(peak_ratio, d0 > 0 ? d / d0 : 0.0);
      peak_exposed = std::max(peak_exposed, ex);
    }
    for (const auto& rm : mm) {
      const double v = rm.total.at("ui_months_to_depletion");
      if (std::isfinite(v) && !(v >= depletion)) depletion = v;
    }
    nat["workers_exposed"] = peak_exposed;
    nat["ui_peak_claimants"] = peak_claimants;
    nat["demand_spike_ratio"] = peak_ratio;
    nat["ui_months_to_depletion"] = depletion;
    for (const auto& [k, v] : nat) national_draws[k].push_back(v);
    if (mem == 0) {
      for (const auto& rm : mm) {
        for (const auto& [k, v] : rm.total) {
          if (k.rfind('_', 0) == 0) baseline_national[k] += v;
        }
      }
    }
  }
  for (const auto& rm : all.front()) res.notes.insert(res.notes.end(), rm.notes.begin(), rm.notes.end());
  for (const auto& [k, v] : national_draws) res.national[k] = {quantile(v, 0.05), quantile(v, 0.5), quantile(v, 0.95)};

  // Model baseline against the sourced national figures it was calibrated to.
  auto yi = [](double cny) { return cny / 1e8; };
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "model baseline (no shock, member 0): UI revenue %.0f yi CNY/yr, outlay %.0f yi CNY/yr, "
                "balance %.0f yi CNY, claimants %.0f persons, inflow %.0f persons/yr, Dibao recipients %.0f persons "
                "(1 yi = 1e8 CNY)",
                yi(baseline_national["_baseline_revenue_per_year"]), yi(baseline_national["_baseline_outlay_per_year"]),
                yi(baseline_national["_baseline_balance"]), baseline_national["_baseline_claimants"],
                baseline_national["_baseline_inflow_per_year"], baseline_national["_baseline_dibao_recipients"]);
  res.notes.push_back(buf);
  const double outlay_month = baseline_national["_baseline_outlay_per_year"] / 12.0;
  if (outlay_month > 0) {
    std::snprintf(buf, sizeof buf, "model baseline months of cover (national): %.1f months",
                  baseline_national["_baseline_balance"] / outlay_month);
    res.notes.push_back(buf);
  }
  res.notes.push_back("hazard: " + relative_to(scenario.hazard.file, base) + " variable " + field.variable() +
                      ", " + std::to_string(field.n_times()) + " months from " + periods.front() +
                      "; horizon " + std::to_string(horizon) + " months");
  for (const auto& [key, text] : scenario.assumptions) res.notes.push_back("assumption (" + key + "): " + text);
  if (members > 1) {
    res.notes.push_back(std::to_string(members) + " members; " + std::to_string(scenario.uncertainty.size()) +
                        " parameters drawn uniformly; totals are p50 with p5-p95 bands");
  }
  (void)fmt_int;
  return res;
}

}  // namespace spstress::scenarios

#include "spstress/scenarios/pipeline.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <numeric>
#include <thread>

#include "hazard_series.hpp"
#include "io_table.hpp"
#include "region_model.hpp"
#include "sector_table.hpp"
#include "spstress/core/date.hpp"
#include "spstress/core/error.hpp"
#include "spstress/core/sha256.hpp"
#include "spstress/hazards/field.hpp"
#include "spstress/hazards/units.hpp"
#include "spstress/protection/c102.hpp"
#include "spstress/regions/raster.hpp"
#include "spstress/regions/region.hpp"
#include "spstress/regions/weights.hpp"
#include "spstress/regions/weights_cache.hpp"
#include "spstress/scenarios/province_table.hpp"

namespace spstress::scenarios {

namespace {

namespace fs = std::filesystem;
using detail::read_sectors;
using detail::RegionMonthly;
using detail::run_region;
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

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
  const std::uint64_t h =
      splitmix64(splitmix64(splitmix64(seed) ^ member) ^ (index * 0x632be59bd9b4e019ULL));
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
    if (!col.count(k))
      throw InputError(anchors_path + ": line 1: missing column " + std::string(k));
  }
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const auto f = split_csv_line(line);
    if (f.size() != header.size())
      throw InputError(anchors_path + ": a row has the wrong number of fields");
    out.push_back({f[col["indicator"]] + " (" + f[col["year"]] + ")", f[col["value"]],
                   f[col["unit"]], f[col["source"]]});
  }
  return out;
}

/// Everything a run reads, opened and checked against each other. Shared by `validate` and
/// `run`, so that both accept and reject exactly the same inputs.
struct Inputs {
  ProvinceTable table;
  std::vector<detail::SectorRow> sectors;
  std::vector<regions::Region> regions;
  regions::Raster exposure;
  detail::HazardInputs hazards;
  detail::Horizon horizon;
  std::optional<detail::IoTableCsv> io_table;
};

Inputs load_inputs(const Scenario& s, const std::function<void(const std::string&)>& progress) {
  progress("reading tables");
  Inputs in{
      ProvinceTable::read(s.province_table_file), read_sectors(s.sectors_file), {}, {}, {}, {}, {}};
  in.table.apply_overrides(s.province_overrides, s.source_path + ": /province_overrides");
  progress("reading regions and exposure");
  regions::RegionReadOptions ro{s.regions.id_field, s.regions.name_field, s.regions.where};
  in.regions = regions::read_regions(s.regions.file, ro);
  for (const auto& r : in.regions) {
    if (!in.table.has(r.code))
      throw InputError(s.province_table_file + ": no rows for region " + r.code + " of " +
                       s.regions.file);
    for (const auto& sec : in.sectors) in.table.value(r.code, "employment_share_" + sec.id);
  }
  for (const auto& [code, mix] : s.ui.entitlement_mix_by_region) {
    (void)mix;
    if (std::none_of(in.regions.begin(), in.regions.end(),
                     [&](const regions::Region& r) { return r.code == code; })) {
      throw InputError(s.source_path + ": /ui/entitlement_mix_by_region/" + code +
                       ": no region has this code in " + s.regions.file);
    }
  }
  in.exposure = regions::read_raster(s.exposure_file);
  progress("opening hazards");
  in.hazards = detail::open_hazards(s, in.sectors);
  in.horizon = detail::make_horizon(s, in.hazards);
  if (s.indirect.enabled) in.io_table = detail::read_io_table(s.indirect.io_table_file);
  return in;
}

}  // namespace

std::string validate_inputs(const Scenario& s) {
  const Inputs in = load_inputs(s, [](const std::string&) {});
  std::string text = "scenario " + s.name + ": " + std::to_string(in.regions.size()) +
                     " regions, " + std::to_string(in.sectors.size()) + " sectors, hazards";
  for (const auto& t : s.hazard_types) text += " " + t;
  if (in.hazards.heat_field) {
    const auto& field = *in.hazards.heat_field;
    const auto weights = regions::build_weights(in.regions, field.grid(), &in.exposure);
    text += "; heat " + field.variable() + " with " + std::to_string(field.n_times()) +
            (in.hazards.heat_steps.daily ? " daily" : " monthly") + " steps on a " +
            std::to_string(field.grid().nlon()) + " x " + std::to_string(field.grid().nlat()) +
            " grid, exposure " +
            std::to_string(static_cast<long long>(std::llround(weights.exposure_total.sum()))) +
            " persons";
  }
  text += "; horizon " + std::to_string(in.horizon.months) + " months from " +
          core::year_month(in.horizon.start_year, in.horizon.start_month);
  return text;
}

RunResults run_scenario(const Scenario& scenario, const RunOptions& opt) {
  const auto progress = [&](const std::string& msg) {
    if (opt.progress) opt.progress(msg);
  };
  const int members = opt.members.value_or(scenario.members);
  const std::uint64_t seed = opt.seed.value_or(scenario.seed);
  if (members < 1) throw InputError("--members: expected an integer >= 1");

  const Inputs in = load_inputs(scenario, progress);
  const ProvinceTable& table = in.table;
  const auto& sectors = in.sectors;
  const auto& regs = in.regions;
  const auto& horizon_info = in.horizon;
  progress("exposure weights and regional hazards");
  detail::AggregationOptions agg;
  agg.memory_budget_bytes = opt.memory_budget_bytes;
  agg.weights_cache_dir = opt.weights_cache_dir.value_or(regions::default_weights_cache_dir());
  agg.progress = progress;
  const detail::AggregatedHazards hz = detail::aggregate_hazards(
      scenario, in.hazards, sectors, regs, in.exposure, horizon_info, agg);

  RunResults res;
  const fs::path base = fs::path(scenario.source_path).parent_path();
  res.provenance.version = SPSTRESS_VERSION;
  res.provenance.scenario_name = scenario.name;
  res.provenance.scenario_path =
      relative_to(scenario.source_path, fs::path(SPSTRESS_SOURCE_DATA_DIR).parent_path());
  res.provenance.scenario_sha256 = core::sha256_file_hex(scenario.source_path);
  res.provenance.seed = seed;
  res.provenance.members = members;
  res.provenance.currency = scenario.currency;
  res.provenance.price_base_year = scenario.price_base_year;
  const std::string anchors =
      (fs::path(scenario.province_table_file).parent_path() / "national_anchors.csv").string();
  std::vector<std::string> inputs = {scenario.regions.file, scenario.exposure_file,
                                     scenario.province_table_file, scenario.sectors_file};
  if (scenario.indirect.enabled) inputs.push_back(scenario.indirect.io_table_file);
  for (const auto& f : in.hazards.files) {
    if (std::find(inputs.begin(), inputs.end(), f) == inputs.end()) inputs.push_back(f);
  }
  if (fs::exists(anchors)) inputs.push_back(anchors);
  for (const auto& f : inputs)
    res.provenance.input_sha256.emplace_back(relative_to(f, base), core::sha256_file_hex(f));
  std::sort(res.provenance.input_sha256.begin(), res.provenance.input_sha256.end());
  res.scenario_description = scenario.description;
  res.attribution = !scenario.attribution.empty()
                        ? scenario.attribution
                        : "inputs: " + fs::path(scenario.regions.file).filename().string() + ", " +
                              fs::path(scenario.exposure_file).filename().string() + ", " +
                              fs::path(in.hazards.files.front()).filename().string();
  res.benchmarks = read_benchmarks(anchors);

  const int horizon = scenario.horizon_months;
  std::vector<std::string> periods;
  for (int t = 0; t < horizon; ++t) {
    const int idx = horizon_info.start_month - 1 + t;
    periods.push_back(core::year_month(horizon_info.start_year + idx / 12, idx % 12 + 1));
  }

  // Per member, per region. Members are independent (their draws depend only on seed, member
  // and parameter index), so they run on a pool of threads and land in their own slots: the
  // results do not depend on the thread count.
  std::vector<std::vector<RegionMonthly>> all(static_cast<std::size_t>(members));
  // A member's scenario: its draws of the uncertain parameters (none with one member).
  const auto member_scenario = [&](int mem) {
    Scenario s = scenario;
    if (members > 1) {
      for (std::size_t k = 0; k < s.uncertainty.size(); ++k) {
        const auto& u = s.uncertainty[k];
        set_parameter(
            s, u.path,
            u.low + (u.high - u.low) * uniform01(seed, static_cast<std::uint64_t>(mem), k));
      }
    }
    return s;
  };
  const auto run_member = [&](int mem) {
    const Scenario s = member_scenario(mem);
    auto& slot = all[static_cast<std::size_t>(mem)];
    for (std::size_t r = 0; r < regs.size(); ++r) {
      try {
        slot.push_back(run_region(s, table, sectors, regs[r].code, hz.regions[r],
                                  in.hazards.heat_steps, horizon_info,
                                  in.io_table ? &*in.io_table : nullptr));
      } catch (const InputError& e) {
        throw InputError("region " + regs[r].code + ": " + e.what());
      }
    }
  };
  const int threads = std::max(1, std::min(opt.threads, members));
  std::atomic<int> next{0}, done{0};
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(members));
  std::mutex progress_mutex;
  const auto worker = [&] {
    for (int mem = next++; mem < members; mem = next++) {
      try {
        run_member(mem);
      } catch (...) {
        errors[static_cast<std::size_t>(mem)] = std::current_exception();
      }
      const int finished = ++done;
      if (opt.progress && (finished == members || finished % std::max(1, members / 20) == 0)) {
        std::lock_guard<std::mutex> lock(progress_mutex);
        progress("shocks and protection for " + std::to_string(regs.size()) + " regions: member " +
                 std::to_string(finished) + " of " + std::to_string(members));
      }
    }
  };
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  // Report the error of the lowest member, so the message does not depend on scheduling.
  for (const auto& e : errors) {
    if (e) std::rethrow_exception(e);
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
          res.rows.push_back({mem, regs[r].code, regs[r].name, periods[static_cast<std::size_t>(t)],
                              mi.name, rm.monthly.at(mi.name)[static_cast<std::size_t>(t)],
                              mi.unit});
        }
        res.rows.push_back(
            {mem, regs[r].code, regs[r].name, "total", mi.name, rm.total.at(mi.name), mi.unit});
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
      for (int mem = 0; mem < members; ++mem)
        v.push_back(all[static_cast<std::size_t>(mem)][r].total.at(mi.name));
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
  for (const auto& rm : all.front())
    res.notes.insert(res.notes.end(), rm.notes.begin(), rm.notes.end());
  for (const auto& [k, v] : national_draws)
    res.national[k] = {quantile(v, 0.05), quantile(v, 0.5), quantile(v, 0.95)};

  // Model baseline against the sourced national figures it was calibrated to.
  auto yi = [](double cny) { return cny / 1e8; };
  char buf[512];
  std::snprintf(
      buf, sizeof buf,
      "model baseline (no shock, member 0): UI revenue %.0f yi CNY/yr, outlay %.0f yi CNY/yr, "
      "balance %.0f yi CNY, claimants %.0f persons, inflow %.0f persons/yr, Dibao recipients %.0f "
      "persons "
      "(1 yi = 1e8 CNY)",
      yi(baseline_national["_baseline_revenue_per_year"]),
      yi(baseline_national["_baseline_outlay_per_year"]),
      yi(baseline_national["_baseline_balance"]), baseline_national["_baseline_claimants"],
      baseline_national["_baseline_inflow_per_year"],
      baseline_national["_baseline_dibao_recipients"]);
  res.notes.push_back(buf);
  const double outlay_month = baseline_national["_baseline_outlay_per_year"] / 12.0;
  if (outlay_month > 0) {
    std::snprintf(buf, sizeof buf, "model baseline months of cover (national): %.1f months",
                  baseline_national["_baseline_balance"] / outlay_month);
    res.notes.push_back(buf);
  }
  if (in.hazards.heat_field) {
    const auto& field = *in.hazards.heat_field;
    res.notes.push_back("heat: " + relative_to(field.path(), base) + " variable " +
                        field.variable() + ", " + std::to_string(field.n_times()) +
                        (in.hazards.heat_steps.daily ? " days from " : " months from ") +
                        (in.hazards.heat_steps.daily
                             ? core::iso_date(field.time().dates.front()).substr(0, 10)
                             : core::year_month(field.time().dates.front().year,
                                                field.time().dates.front().month)) +
                        "; work capacity function " + scenario.hazard.work_capacity_function +
                        "; reference " + scenario.hazard.reference);
  }
  for (const auto& n : hz.notes) res.notes.push_back(n);
  if (scenario.indirect.enabled) {
    if (scenario.has_hazard("flood") || scenario.has_hazard("tropical_cyclone")) {
      std::snprintf(buf, sizeof buf,
                    "indirect effects (input-output table %s, dynamic inoperability model): "
                    "%.1f million hours lost beyond the direct losses (member 0)",
                    fs::path(scenario.indirect.io_table_file).filename().string().c_str(),
                    baseline_national["_indirect_hours"] / 1e6);
      res.notes.push_back(buf);
    } else {
      res.notes.push_back(
          "indirect effects: the option spreads flood and cyclone capacity losses; this "
          "scenario has neither, so it adds nothing");
    }
  }
  if (in.hazards.heat_field) {
    std::snprintf(buf, sizeof buf,
                  "heat, second estimate: the 2012 high-temperature rules (no outdoor work at "
                  "Tmax >= 40 degC, at most 6 h and not in the 3 hottest hours at 37-40 degC) "
                  "cost outdoor workers %.1f million excess hours; the work-capacity function "
                  "gives %.1f million for the outdoor share of work (member 0)",
                  baseline_national["_regulatory_hours"] / 1e6,
                  baseline_national["_outdoor_hours"] / 1e6);
    res.notes.push_back(buf);
  }
  res.notes.push_back("horizon: " + std::to_string(horizon) + " months from " + periods.front());
  // The funds over the first year of the horizon, against what was reported for that year
  // where national_anchors.csv has it (the 2020 back-test).
  {
    int deficit = 0;
    double revenue = 0.0, outlay = 0.0;
    for (const auto& rm : all.front()) {
      revenue += rm.total.at("_year1_revenue");
      outlay += rm.total.at("_year1_outlay");
      if (rm.total.at("_year1_outlay") > rm.total.at("_year1_revenue")) ++deficit;
    }
    std::snprintf(buf, sizeof buf,
                  "UI funds over the first 12 months of the horizon (member 0): %d of %zu "
                  "provincial funds pay out more than they collect; national revenue %.1f yi CNY, "
                  "outlay %.1f yi CNY",
                  deficit, regs.size(), yi(revenue), yi(outlay));
    std::string note = buf;
    const std::string year = std::to_string(horizon_info.start_year);
    std::string reported;
    for (const auto& b : res.benchmarks) {
      const auto add = [&](const std::string& indicator, const std::string& text) {
        if (b[0] != indicator + " (" + year + ")") return;
        std::string value = b[1] + " " + b[2];
        if (b[2] == "CNY") {
          char v[64];
          std::snprintf(v, sizeof v, "%.1f yi CNY", yi(std::stod(b[1])));
          value = v;
        }
        reported += (reported.empty() ? "" : ", ") + text + " " + value;
      };
      add("ui_provincial_funds_in_annual_deficit", "provincial funds in annual deficit");
      add("ui_fund_revenue", "revenue");
      add("ui_fund_expenditure", "expenditure");
    }
    if (!reported.empty())
      note += "; reported for " + year + " (national_anchors.csv): " + reported;
    res.notes.push_back(note);
  }

  // Disaster transitional relief for people displaced by floods and cyclones.
  {
    double displaced = 0.0, relief = 0.0;
    for (const auto& rm : all.front()) {
      displaced += rm.total.at("_displaced_persons");
      relief += rm.total.at("_transitional_relief");
    }
    if (displaced > 0.0) {
      std::snprintf(buf, sizeof buf,
                    "disaster transitional relief: %.0f persons displaced (residents of the "
                    "dwellings destroyed), %.1f yi CNY at %.0f CNY a day for up to %.0f days, "
                    "in the assistance cost (member 0)",
                    displaced, yi(relief), scenario.sa.transitional_relief_cny_per_person_day,
                    scenario.sa.transitional_relief_days);
      res.notes.push_back(buf);
    }
  }

  // Refunds rationed by the layoff-rate condition, where the scenario pays them.
  if (scenario.ui.refund_share_of_annual_contributions > 0.0) {
    std::string low;
    double sum = 0.0;
    int n = 0;
    for (std::size_t r = 0; r < regs.size(); ++r) {
      const double phi = all.front()[r].total.at("_refund_eligible_share");
      if (std::isnan(phi)) continue;
      sum += phi;
      ++n;
      if (phi < 0.5) {
        char v[64];
        std::snprintf(v, sizeof v, "%s %.2f", regs[r].code.c_str(), phi);
        low += (low.empty() ? "" : ", ") + std::string(v);
      }
    }
    if (n > 0) {
      std::snprintf(buf, sizeof buf,
                    "job-stabilisation refunds: mean eligible share of contributions %.2f over %d "
                    "regions under the %.1f %% layoff-rate condition (member 0)",
                    sum / n, n, 100.0 * scenario.ui.refund_layoff_threshold_share);
      res.notes.push_back(std::string(buf) + (low.empty() ? "" : "; below one half in " + low));
    }
  }

  // Member 0's own scenario, so that C102 and the options pair its parameters with its results.
  const Scenario member0 = member_scenario(0);

  // ILO C102 Part IV and the C168 benchmark per region, member 0.
  const auto c102_inputs = [&](const Scenario& sc, const std::string& code,
                               const detail::RegionMonthly& rm, bool stressed) {
    const auto& tot = rm.total;
    protection::C102Inputs c;
    c.benefit_cny_per_month = tot.at("_benefit");
    c.reference_wage_cny_per_month = sc.c102.reference_wage_cny_per_month > 0.0
                                         ? sc.c102.reference_wage_cny_per_month
                                         : sc.labour.migrant_wage_cny_per_month;
    const auto own = sc.ui.entitlement_mix_by_region.find(code);
    for (const auto& e :
         own != sc.ui.entitlement_mix_by_region.end() ? own->second : sc.ui.entitlement_mix)
      c.entitlement_mix.push_back({e.months, e.share});
    c.waiting_days = sc.c102.waiting_days;
    c.qualifying_months = sc.c102.qualifying_months;
    c.employee_contribution_share = sc.c102.employee_contribution_share;
    c.suspension_grounds_allowed = sc.c102.suspension_grounds_allowed;
    c.covers_partial_unemployment = sc.c102.covers_partial_unemployment;
    c.insured_persons = tot.at(stressed ? "_c102_stressed_insured" : "_c102_insured");
    c.employees_persons = tot.at(stressed ? "_c102_stressed_employees" : "_c102_employees");
    return c;
  };
  for (std::size_t r = 0; r < regs.size(); ++r) {
    for (const char* state : {"normal", "stressed"}) {
      const auto c =
          c102_inputs(member0, regs[r].code, all.front()[r], std::string(state) == "stressed");
      const std::string where = "region " + regs[r].code + ": C102";
      for (const auto& [convention, report] : {std::pair<std::string, protection::C102Report>{
                                                   "C102", protection::c102_part_iv(c, where)},
                                               {"C168", protection::c168_benchmark(c, where)}}) {
        for (const auto& t : report.tests) {
          res.c102.push_back({regs[r].code, regs[r].name, convention, state, t.id, t.name,
                              t.article, std::string(protection::c102_result_name(t.result)),
                              t.value, t.threshold, t.unit});
        }
      }
    }
  }

  // Policy options side by side (member 0): the scenario as given, then each option.
  if (!scenario.options.empty()) {
    double baseline_outlay = 0.0;
    for (const auto& rm : all.front())
      baseline_outlay += rm.total.at("_ui_baseline_outlay") + rm.total.at("_sa_baseline_cost");
    const auto summarise = [&](const std::string& label, const std::string& kind,
                               const Scenario& sc, const std::vector<detail::RegionMonthly>& mm) {
      OptionRow row{label, kind};
      double sa_gap = 0.0, floors = 0.0, stressed = 0.0;
      std::vector<double> balances(static_cast<std::size_t>(horizon), 0.0);
      for (std::size_t r = 0; r < regs.size(); ++r) {
        const auto& t = mm[r].total;
        row.protected_persons +=
            t.at("ui_new_claims") + t.at("sa_new_recipients") + t.at("_option_beneficiaries");
        stressed +=
            t.at("_ui_stressed_outlay") + t.at("_sa_stressed_cost") + t.at("_option_outlay");
        row.funding_gap_cny += t.at("funding_gap");
        sa_gap += t.at("_sa_gap");
        floors += t.at("_ui_floor");
        const auto& bal = mm[r].monthly.at("ui_fund_end_balance");
        for (std::size_t k = 0; k < balances.size(); ++k) balances[k] += bal[k];
        const auto report = protection::c102_part_iv(c102_inputs(sc, regs[r].code, mm[r], false),
                                                     "region " + regs[r].code);
        for (const auto& test : report.tests) {
          if (test.result != protection::C102Result::Pass) continue;
          ++row.c102_tests_passed;
          if (test.id == "T2") ++row.c102_benefit_level_pass_regions;
        }
      }
      // Outlay against the scenario's own no-shock path: an option that raises benefits for
      // everyone (vertical expansion, longer durations) costs its raise on the baseline too.
      row.outlay_cny = stressed - baseline_outlay;
      if (sc.ui.national_pooling) {
        // One national fund: its gap is the largest shortfall of the summed balances.
        double gap = 0.0;
        for (const double b : balances) gap = std::max(gap, floors - b);
        row.funding_gap_cny = gap + sa_gap;
      }
      return row;
    };
    res.options.push_back(summarise("none", "none", member0, all.front()));
    for (std::size_t k = 0; k < scenario.options.size(); ++k) {
      const auto& o = scenario.options[k];
      progress("policy option " + std::to_string(k + 1) + " of " +
               std::to_string(scenario.options.size()) + ": " + o.label);
      const Scenario so = apply_option(member0, o);
      std::vector<detail::RegionMonthly> mm;
      for (std::size_t r = 0; r < regs.size(); ++r) {
        try {
          mm.push_back(run_region(so, table, sectors, regs[r].code, hz.regions[r],
                                  in.hazards.heat_steps, horizon_info,
                                  in.io_table ? &*in.io_table : nullptr));
        } catch (const InputError& e) {
          throw InputError("option " + o.label + ": region " + regs[r].code + ": " + e.what());
        }
      }
      res.options.push_back(summarise(o.label, o.kind, so, mm));
    }
  }
  for (const auto& [key, text] : scenario.assumptions)
    res.notes.push_back("assumption (" + key + "): " + text);
  if (members > 1) {
    res.notes.push_back(std::to_string(members) + " members; " +
                        std::to_string(scenario.uncertainty.size()) +
                        " parameters drawn uniformly; totals are p50 with p5-p95 bands");
  }
  return res;
}

}  // namespace spstress::scenarios

#include "hazard_series.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <set>

#include "spstress/core/error.hpp"
#include "spstress/hazards/units.hpp"
#include "spstress/regions/weights.hpp"
#include "spstress/regions/weights_cache.hpp"
#include "spstress/scenarios/province_table.hpp"
#include "spstress/shocks/cyclone.hpp"
#include "spstress/shocks/drought.hpp"
#include "spstress/shocks/heat.hpp"

namespace spstress::scenarios::detail {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

std::string at(const Scenario& s, const std::string& type, const std::string& key = "") {
  return s.source_path + ": " + s.hazard_pointers.at(type) + (key.empty() ? "" : "/" + key);
}

/// A file as the report names it: its name only (the provenance table has the paths).
std::string file_name(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

std::string fmt(const char* format, double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, x);
  return buf;
}

/// Whether consecutive steps are one calendar day apart (any calendar: the next day of the
/// same month, or day 1 of the next month).
bool is_daily(const std::vector<core::DateTime>& d) {
  if (d.size() < 2) return false;
  for (std::size_t t = 1; t < d.size(); ++t) {
    const bool same_month = d[t].year == d[t - 1].year && d[t].month == d[t - 1].month;
    const bool next_month =
        core::months_between(d[t - 1].year, d[t - 1].month, d[t].year, d[t].month) == 1;
    if (!((same_month && d[t].day == d[t - 1].day + 1) || (next_month && d[t].day == 1)))
      return false;
  }
  return true;
}

bool is_monthly(const std::vector<core::DateTime>& d) {
  for (std::size_t t = 1; t < d.size(); ++t) {
    if (core::months_between(d[t - 1].year, d[t - 1].month, d[t].year, d[t].month) != 1)
      return false;
  }
  return true;
}

std::vector<shocks::DepthDamageCurve> read_curves(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot open the depth-damage table");
  std::string line;
  if (!std::getline(in, line)) throw InputError(path + ": empty file; expected a header");
  if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  const auto header = split_csv_line(line);
  std::map<std::string, std::size_t> col;
  for (std::size_t i = 0; i < header.size(); ++i) col[header[i]] = i;
  for (const char* k : {"curve", "depth_m", "damage_ratio"}) {
    if (!col.count(k)) throw InputError(path + ": line 1: missing column " + std::string(k));
  }
  std::vector<shocks::DepthDamageRow> rows;
  std::size_t line_no = 1;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const auto f = split_csv_line(line);
    const std::string where = path + ": line " + std::to_string(line_no);
    if (f.size() != header.size()) throw InputError(where + ": wrong number of fields");
    const auto number = [&](const char* k) {
      const std::string& text = f[col[k]];
      try {
        std::size_t used = 0;
        const double x = std::stod(text, &used);
        if (used == text.size()) return x;
      } catch (const std::exception&) {
      }
      throw InputError(where + ": " + k + ": got \"" + text + "\"; expected a number");
    };
    rows.push_back({f[col["curve"]], number("depth_m"), number("damage_ratio")});
  }
  return shocks::depth_damage_curves_from_rows(rows, path);
}

/// The option-B crop table: region_code, crop, price_cny_per_t, potential_yield_t_per_ha,
/// area_ha, beta_per_index_unit, insured_share, indemnity_share,
/// rural_disposable_income_cny_per_person_year (the same in every row of a region).
std::map<std::string, std::pair<std::vector<shocks::CropDrought>, double>> read_crops(
    const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot open the crop table");
  std::string line;
  std::getline(in, line);
  if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  const auto header = split_csv_line(line);
  std::map<std::string, std::size_t> col;
  for (std::size_t i = 0; i < header.size(); ++i) col[header[i]] = i;
  const std::vector<std::string> numbers = {
      "price_cny_per_t", "potential_yield_t_per_ha", "area_ha", "beta_per_index_unit",
      "insured_share",   "indemnity_share",          "rural_disposable_income_cny_per_person_year"};
  for (const auto& k : numbers) {
    if (!col.count(k)) throw InputError(path + ": line 1: missing column " + k);
  }
  for (const char* k : {"region_code", "crop"}) {
    if (!col.count(k)) throw InputError(path + ": line 1: missing column " + std::string(k));
  }
  std::map<std::string, std::pair<std::vector<shocks::CropDrought>, double>> out;
  std::size_t line_no = 1;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const auto f = split_csv_line(line);
    const std::string where = path + ": line " + std::to_string(line_no);
    if (f.size() != header.size()) throw InputError(where + ": wrong number of fields");
    std::map<std::string, double> v;
    for (const auto& k : numbers) {
      const std::string& text = f[col[k]];
      double x = -1.0;
      try {
        std::size_t used = 0;
        x = std::stod(text, &used);
        if (used != text.size()) x = -1.0;
      } catch (const std::exception&) {
      }
      if (!(x >= 0.0) || !std::isfinite(x))
        throw InputError(where + ": " + k + ": got \"" + text + "\"; expected a number >= 0");
      v[k] = x;
    }
    shocks::CropDrought c;
    c.crop = f[col["crop"]];
    c.price_cny_per_t = v["price_cny_per_t"];
    c.potential_yield_t_per_ha = v["potential_yield_t_per_ha"];
    c.area_ha = v["area_ha"];
    c.beta_per_spei_unit = v["beta_per_index_unit"];
    c.insured_share = v["insured_share"];
    c.indemnity_share = v["indemnity_share"];
    auto& entry = out[f[col["region_code"]]];
    const double income = v["rural_disposable_income_cny_per_person_year"];
    if (!entry.first.empty() && entry.second != income) {
      throw InputError(where + ": rural_disposable_income_cny_per_person_year: got " +
                       fmt("%g", income) + "; expected " + fmt("%g", entry.second) +
                       " as on the region's earlier rows");
    }
    entry.first.push_back(c);
    entry.second = income;
  }
  return out;
}

double read_v_half(const std::string& path, const std::string& region, const std::string& where) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot open the v_half table");
  std::string line;
  std::getline(in, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  const auto header = split_csv_line(line);
  std::map<std::string, std::size_t> col;
  for (std::size_t i = 0; i < header.size(); ++i) col[header[i]] = i;
  for (const char* k : {"region", "v_half_m_s"}) {
    if (!col.count(k)) throw InputError(path + ": line 1: missing column " + std::string(k));
  }
  std::vector<shocks::VhalfRow> rows;
  std::size_t line_no = 1;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const auto f = split_csv_line(line);
    if (f.size() != header.size())
      throw InputError(path + ": line " + std::to_string(line_no) + ": wrong number of fields");
    shocks::VhalfRow r;
    r.region = f[col["region"]];
    const std::string& text = f[col["v_half_m_s"]];
    double v = std::numeric_limits<double>::quiet_NaN();
    try {
      std::size_t used = 0;
      v = std::stod(text, &used);
      if (used != text.size()) v = std::numeric_limits<double>::quiet_NaN();
    } catch (const std::exception&) {
    }
    if (!(v > 0.0) || !std::isfinite(v)) {
      throw InputError(path + ": line " + std::to_string(line_no) + ": v_half_m_s: got \"" +
                       text + "\"; expected a number > 0 (m/s)");
    }
    r.v_half_m_s = v;
    rows.push_back(r);
  }
  return shocks::regional_v_half_m_s(rows, region, where);
}

/// The curve a sector's assets take: the tabulated one if the table has it, else the fitted
/// Asia fallback (which knows the four standard names only).
struct SectorCurve {
  const shocks::DepthDamageCurve* table = nullptr;
  shocks::FittedAsiaCurve fitted = shocks::FittedAsiaCurve::BuiltUp;
  std::string name;
};

SectorCurve sector_curve(const Scenario& s, const HazardInputs& in, const SectorRow& sec) {
  SectorCurve c;
  const std::string where =
      s.flood.sector_curves.count(sec.gb_section)
          ? at(s, "flood", std::string("sector_curves/") + sec.gb_section)
          : at(s, "flood") + ": sector " + sec.id;
  c.name = shocks::flood_curve_for_section(sec.gb_section, s.flood.sector_curves, where);
  c.table = shocks::find_depth_damage_curve(in.curves, c.name);
  if (!c.table) c.fitted = shocks::fitted_asia_fallback(c.name, where);
  return c;
}

/// Units humidity values are converted to before the checks and the regional means.
std::string humidity_units(const std::string& kind) {
  if (kind == "relative_humidity") return "%";
  if (kind == "specific_humidity") return "kg kg-1";
  return "degC";
}

hazards::UnitConverter converter(const hazards::HazardField& f, const std::string& fallback,
                                 const std::string& to, const std::string& what) {
  const std::string units = f.units().empty() ? fallback : f.units();
  return hazards::UnitConverter::make(units, to,
                                      f.path() + ": variable " + f.variable() + ": units (" +
                                          what + ")");
}

/// Converter of a monthly water field to mm per month: an amount (mm, m, kg m-2) converts
/// directly (`amount` = true); a rate (kg m-2 s-1, mm/day, mm/month, ...) converts to mm s-1,
/// to be multiplied by the month's seconds. InputError for anything else.
hazards::UnitConverter water_converter(const std::string& units, const std::string& where,
                                       bool& amount) {
  for (const char* target : {"mm", "kg m-2"}) {
    try {
      auto c = hazards::UnitConverter::make(units, target, where);
      amount = true;
      return c;
    } catch (const InputError&) {
    }
  }
  // A rate per month (CRU's "mm/month") is the month's total: UDUNITS would take its month as
  // 1/12 year, not the calendar month, so it is read as an amount.
  if (units.find("month") != std::string::npos || units.find("mon") != std::string::npos) {
    try {
      auto c = hazards::UnitConverter::make(units, "mm month-1", where);
      amount = true;
      return c;
    } catch (const InputError&) {
    }
  }
  for (const char* target : {"mm s-1", "kg m-2 s-1"}) {
    try {
      auto c = hazards::UnitConverter::make(units, target, where);
      amount = false;
      return c;
    } catch (const InputError&) {
    }
  }
  throw InputError(where + ": units \"" + units +
                   "\"; expected a water amount per month (mm, kg m-2) or a rate (kg m-2 s-1, "
                   "mm/day, mm/month)");
}

}  // namespace

HazardInputs open_hazards(const Scenario& s, const std::vector<SectorRow>& sectors) {
  HazardInputs in;
  if (s.has_hazard("heat")) {
    const auto& h = s.hazard;
    in.heat_field = hazards::open_field(h.file, h.variable);
    in.files.push_back(h.file);
    const auto& f = *in.heat_field;
    converter(f, "", "degC", "a temperature");
    const std::string where = f.path() + ": variable " + f.variable();
    in.heat_steps.dates = f.time().dates;
    const auto& d = in.heat_steps.dates;
    if (d.empty()) throw InputError(where + ": no time axis; expected monthly or daily steps");
    in.heat_steps.daily = is_daily(d);
    if (!in.heat_steps.daily && !is_monthly(d)) {
      throw UnsupportedError(where +
                             ": time steps are neither one month nor one day apart; this version "
                             "reads monthly or daily temperature fields");
    }
    const auto has_year_in = [&](int y0, int y1) {
      return std::any_of(d.begin(), d.end(),
                         [&](const core::DateTime& x) { return x.year >= y0 && x.year <= y1; });
    };
    if (h.event_first_year != 0 && !has_year_in(h.event_first_year, h.event_last_year)) {
      throw InputError(at(s, "heat", "event_years") + ": no step of " + h.file + " falls in " +
                       std::to_string(h.event_first_year) + "-" +
                       std::to_string(h.event_last_year) + "; the field runs " +
                       core::iso_date(d.front()) + " to " + core::iso_date(d.back()));
    }
    if (h.reference == "baseline_years" &&
        !has_year_in(h.baseline_first_year, h.baseline_last_year)) {
      throw InputError(at(s, "heat", "baseline_years") + ": no step of " + h.file + " falls in " +
                       std::to_string(h.baseline_first_year) + "-" +
                       std::to_string(h.baseline_last_year) + "; the field runs " +
                       core::iso_date(d.front()) + " to " + core::iso_date(d.back()));
    }
    (void)shocks::parse_heat_erf(h.work_capacity_function, at(s, "heat", "work_capacity_function"));
    if (!h.tasmax_file.empty()) {
      in.tasmax_field = hazards::open_field(h.tasmax_file, h.tasmax_variable);
      in.files.push_back(h.tasmax_file);
      const auto& q = *in.tasmax_field;
      converter(q, "", "degC", "a temperature");
      const auto& qd = q.time().dates;
      bool same = qd.size() == d.size();
      for (std::size_t t = 0; same && t < d.size(); ++t)
        same = qd[t].year == d[t].year && qd[t].month == d[t].month && qd[t].day == d[t].day;
      if (!same) {
        throw InputError(q.path() + ": variable " + q.variable() + ": " +
                         std::to_string(qd.size()) + " time steps; expected the " +
                         std::to_string(d.size()) + " steps of " + h.file +
                         " (maximum temperature pairs with the mean step by step)");
      }
    }
    if (!h.humidity_kind.empty()) {
      in.humidity_field = hazards::open_field(h.humidity_file, h.humidity_variable);
      in.files.push_back(h.humidity_file);
      const auto& q = *in.humidity_field;
      converter(q, "", humidity_units(h.humidity_kind), "a " + h.humidity_kind);
      const auto& qd = q.time().dates;
      bool same = qd.size() == d.size();
      for (std::size_t t = 0; same && t < d.size(); ++t)
        same = qd[t].year == d[t].year && qd[t].month == d[t].month && qd[t].day == d[t].day;
      if (!same) {
        throw InputError(q.path() + ": variable " + q.variable() + ": " +
                         std::to_string(qd.size()) + " time steps" +
                         (qd.empty() ? std::string()
                                     : " from " + core::iso_date(qd.front()).substr(0, 10)) +
                         "; expected the " + std::to_string(d.size()) + " steps of " + h.file +
                         " from " + core::iso_date(d.front()).substr(0, 10) +
                         " (humidity pairs with temperature day by day)");
      }
    }
  }
  if (s.has_hazard("flood")) {
    in.flood_field = hazards::open_field(s.flood.file, s.flood.variable);
    in.files.push_back(s.flood.file);
    converter(*in.flood_field, s.flood.units, "m", "a water depth");
    if (in.flood_field->n_times() != 1) {
      throw InputError(s.flood.file + ": " + std::to_string(in.flood_field->n_times()) +
                       " time steps or bands; expected one (the event's maximum water depth)");
    }
    in.curves = read_curves(s.flood.depth_damage_file);
    in.files.push_back(s.flood.depth_damage_file);
    for (const auto& sec : sectors) sector_curve(s, in, sec);
  }
  if (s.has_hazard("tropical_cyclone")) {
    const auto& c = s.cyclone;
    auto tracks = hazards::read_tracks(c.track_file, c.storm_id);
    in.files.push_back(c.track_file);
    if (tracks.size() != 1) {
      throw InputError(c.track_file + ": storm " + c.storm_id + ": " +
                       std::to_string(tracks.size()) + " tracks; expected exactly one");
    }
    in.track = std::move(tracks.front());
    if (in.track.points.size() < 2) {
      throw InputError(c.track_file + ": storm " + c.storm_id + ": " +
                       std::to_string(in.track.points.size()) +
                       " fix; expected at least two to follow the storm");
    }
    for (auto& p : in.track.points)
      p.max_wind_m_s = shocks::wind_1min_m_s(p.max_wind_m_s, c.wind_averaging_factor);
    if (c.v_half_m_s > 0.0) {
      in.v_half_m_s = c.v_half_m_s;
    } else {
      in.v_half_m_s = read_v_half(c.v_half_file, c.v_half_region, at(s, "tropical_cyclone",
                                                                     "v_half_region"));
      in.files.push_back(c.v_half_file);
    }
    if (!(in.v_half_m_s > c.v_thresh_m_s)) {
      throw InputError(at(s, "tropical_cyclone", "v_thresh_m_s") + ": " +
                       fmt("%g", c.v_thresh_m_s) + " m/s is not below v_half " +
                       fmt("%g", in.v_half_m_s) + " m/s; expected v_thresh < v_half");
    }
  }
  if (s.has_hazard("flood") || s.has_hazard("tropical_cyclone")) {
    for (const auto& [section, path] : s.sector_exposure_files) {
      in.sector_exposure[section] = regions::read_raster(path);
      in.files.push_back(path);
    }
  }
  if (s.has_hazard("drought")) {
    const auto& d = s.drought;
    in.drought_field = hazards::open_field(d.file, d.variable);
    in.files.push_back(d.file);
    const auto& f = *in.drought_field;
    const std::string where = f.path() + ": variable " + f.variable();
    const auto& dates = f.time().dates;
    if (dates.empty() || !is_monthly(dates)) {
      throw InputError(where + ": expected monthly time steps (one precipitation total or mean "
                               "rate per month)");
    }
    const int first = dates.front().year, last = dates.back().year;
    const bool is_index = d.input == "index";
    if (!is_index && (d.baseline_first_year < first || d.baseline_last_year > last)) {
      throw InputError(at(s, "drought", "baseline_years") + ": [" +
                       std::to_string(d.baseline_first_year) + ", " +
                       std::to_string(d.baseline_last_year) + "] is not inside the years of " +
                       d.file + " (" + std::to_string(first) + "-" + std::to_string(last) + ")");
    }
    if (core::months_between(dates.front().year, dates.front().month, d.event_year,
                             d.harvest_month) < (is_index ? 0 : d.scale_months - 1) ||
        core::months_between(d.event_year, d.harvest_month, dates.back().year,
                             dates.back().month) < 0) {
      throw InputError(at(s, "drought", "event_year") + ": " + std::to_string(d.event_year) +
                       " with harvest month " + std::to_string(d.harvest_month) +
                       (is_index ? std::string(": that month is not in ")
                                 : ": the " + std::to_string(d.scale_months) +
                                       " months ending then are not all in ") +
                       d.file + " (" +
                       core::iso_date(dates.front()) + " to " + core::iso_date(dates.back()) +
                       ")");
    }
    if (is_index) converter(f, "1", "1", "a dimensionless drought index");
    if (!d.crops_file.empty()) {
      in.crops = read_crops(d.crops_file);
      in.files.push_back(d.crops_file);
    }
    if (!is_index && d.index == "spei") {
      in.pet_field = hazards::open_field(d.pet_file, d.pet_variable);
      in.files.push_back(d.pet_file);
      const auto& pd = in.pet_field->time().dates;
      bool same = pd.size() == dates.size();
      for (std::size_t t = 0; same && t < pd.size(); ++t)
        same = pd[t].year == dates[t].year && pd[t].month == dates[t].month;
      if (!same) {
        throw InputError(d.pet_file + ": variable " + in.pet_field->variable() + ": " +
                         std::to_string(pd.size()) + " time steps; expected the " +
                         std::to_string(dates.size()) + " months of " + d.file +
                         " (the water balance pairs them month by month)");
      }
    }
    // Totals per month in mm, or a rate (kg m-2 s-1, mm/day, ...) to multiply by the month.
    for (const hazards::HazardField* g : {in.drought_field.get(), in.pet_field.get()}) {
      if (is_index || !g) continue;
      bool amount = false;
      water_converter(g->units(), g->path() + ": variable " + g->variable(), amount);
    }
  }
  return in;
}

Horizon make_horizon(const Scenario& s, const HazardInputs& in) {
  // Per hazard: the month a default horizon starts at, and the months that must lie inside
  // the horizon (none for a cyclone: each province's day of damage is checked where it is
  // found, so fixes far out at sea before or after do not matter).
  struct Span {
    std::string type;
    std::pair<int, int> start, first, last;
    bool checked = true;
  };
  std::vector<Span> spans;
  if (s.has_hazard("heat")) {
    const auto& h = s.hazard;
    int y0 = 0, m0 = 0, y1 = 0, m1 = 0;
    for (const auto& x : in.heat_steps.dates) {
      if (h.event_first_year != 0 && (x.year < h.event_first_year || x.year > h.event_last_year))
        continue;
      if (y0 == 0) y0 = x.year, m0 = x.month;
      y1 = x.year, m1 = x.month;
    }
    spans.push_back({"heat", {y0, m0}, {y0, m0}, {y1, m1}});
  }
  if (s.has_hazard("flood")) {
    const std::pair<int, int> m{s.flood.event_year, s.flood.event_month};
    spans.push_back({"flood", m, m, m});
  }
  if (s.has_hazard("tropical_cyclone")) {
    const auto& p = in.track.points;
    const std::pair<int, int> m{p.front().time.year, p.front().time.month};
    spans.push_back({"tropical_cyclone", m, m, m, false});
  }
  if (s.has_hazard("drought")) {
    const std::pair<int, int> harvest{s.drought.event_year, s.drought.harvest_month};
    spans.push_back({"drought", {s.drought.event_year, 1}, harvest, harvest});
  }
  Horizon h;
  h.months = s.horizon_months;
  if (s.start_year != 0) {
    h.start_year = s.start_year;
    h.start_month = s.start_month;
  } else {
    std::pair<int, int> first = spans.front().start;
    for (const auto& sp : spans) first = std::min(first, sp.start);
    h.start_year = first.first;
    h.start_month = first.second;
  }
  for (const auto& sp : spans) {
    if (!sp.checked) continue;
    const auto [y0, m0] = sp.first;
    const auto [y1, m1] = sp.last;
    const int first = core::months_between(h.start_year, h.start_month, y0, m0);
    const int last = core::months_between(h.start_year, h.start_month, y1, m1);
    if (first < 0 || last >= h.months) {
      throw InputError(s.source_path + ": /horizon_months: the " + sp.type + " event runs " +
                       core::year_month(y0, m0) + " to " + core::year_month(y1, m1) +
                       ", outside the " + std::to_string(h.months) + " months from " +
                       core::year_month(h.start_year, h.start_month) +
                       "; expected a horizon (and start_month) that contains it" +
                       (sp.type == "heat" ? " (or heat event_years that fit)" : ""));
    }
  }
  for (int t = 0; t < h.months; ++t) {
    const int idx = h.start_month - 1 + t;
    h.month_lengths_days.push_back(shocks::days_in_month(h.start_year + idx / 12, idx % 12 + 1));
  }
  return h;
}

namespace {

/// Σ_j w_ij v_j per region, NaN cells counting 0; `missing` gets Σ_j w_ij over NaN cells.
Eigen::VectorXd weighted_sums(const regions::Weights& w, const Eigen::VectorXd& v,
                              Eigen::VectorXd* missing = nullptr) {
  Eigen::VectorXd out = Eigen::VectorXd::Zero(w.w.rows());
  if (missing) *missing = Eigen::VectorXd::Zero(w.w.rows());
  for (Eigen::Index r = 0; r < w.w.outerSize(); ++r) {
    for (regions::SparseRowMatrix::InnerIterator it(w.w, r); it; ++it) {
      const double x = v(it.col());
      if (std::isnan(x)) {
        if (missing) (*missing)(r) += it.value();
      } else {
        out(r) += it.value() * x;
      }
    }
  }
  return out;
}

regions::Weights weights_for(const std::vector<regions::Region>& regs,
                             const core::LatLonGrid& grid, const regions::Raster* exposure,
                             const AggregationOptions& opt, std::vector<std::string>* skipped,
                             const std::string& what) {
  regions::WeightsCacheStatus cache;
  auto w = regions::build_weights_cached(regs, grid, exposure, opt.weights_cache_dir, &cache,
                                         skipped);
  if (opt.progress) {
    if (cache.outcome == regions::WeightsCacheOutcome::loaded) {
      opt.progress(what + " weights loaded from " + cache.path);
    } else if (cache.outcome == regions::WeightsCacheOutcome::built_not_saved) {
      opt.progress(what + " weights built; not cached (" + cache.save_error + ")");
    }
  }
  return w;
}

/// Regional relative humidity per step from the humidity field: every cell is checked (a
/// relative humidity above 100 % or a specific humidity in g/kg stops the run), the regional
/// means are converted to relative humidity at the regional mean temperature.
void humidity_series(const Scenario& s, const HazardInputs& in,
                     const std::vector<regions::Region>& regs, const regions::Raster& exposure,
                     const AggregationOptions& opt, AggregatedHazards& out) {
  const auto& h = s.hazard;
  const auto& field = *in.humidity_field;
  const std::string where = field.path() + ": variable " + field.variable();
  const auto convert = converter(field, "", humidity_units(h.humidity_kind), h.humidity_kind);
  const auto weights = weights_for(regs, field.grid(), &exposure, opt, nullptr, "humidity");
  const std::size_t nt = field.n_times();
  const std::size_t per_step = std::max<std::size_t>(1, field.grid().ncells() * sizeof(double) * 2);
  const std::size_t block = std::max<std::size_t>(1, opt.memory_budget_bytes / per_step);
  const auto& dates = field.time().dates;
  for (auto& rh : out.regions) rh.heat_rh_pct.resize(nt);
  for (std::size_t t0 = 0; t0 < nt; t0 += block) {
    const std::size_t n = std::min(block, nt - t0);
    Eigen::MatrixXd values = field.read_block(t0, n);
    convert.apply(values);
    for (Eigen::Index c = 0; c < values.cols(); ++c) {
      const std::string at_step =
          where + " at " + core::iso_date(dates[t0 + static_cast<std::size_t>(c)]).substr(0, 10);
      for (Eigen::Index j = 0; j < values.rows(); ++j) {
        const double x = values(j, c);
        if (std::isnan(x)) continue;
        const std::string cell = at_step + ", cell " + std::to_string(j);
        if (h.humidity_kind == "relative_humidity") shocks::check_relative_humidity_pct(x, cell);
        if (h.humidity_kind == "specific_humidity")
          shocks::check_specific_humidity_kg_per_kg(x, cell);
      }
    }
    const Eigen::MatrixXd means = regions::weighted_mean(weights, values);
    for (Eigen::Index r = 0; r < means.rows(); ++r) {
      auto& rh = out.regions[static_cast<std::size_t>(r)];
      for (Eigen::Index c = 0; c < means.cols(); ++c) {
        const std::size_t t = t0 + static_cast<std::size_t>(c);
        const double x = means(r, c);
        const double ta = rh.heat_tmean_deg_c[t];
        const std::string at_region = where + ": region " +
                                      regs[static_cast<std::size_t>(r)].code + " at " +
                                      core::iso_date(dates[t]).substr(0, 10);
        if (!std::isfinite(x))
          throw InputError(at_region + ": no valid humidity cell (all cells it covers are missing)");
        double e_hpa = 0.0;
        if (h.humidity_kind == "relative_humidity") {
          rh.heat_rh_pct[t] = x;
          continue;
        }
        if (h.humidity_kind == "specific_humidity") {
          e_hpa = shocks::vapour_pressure_hpa_from_specific_humidity(x, h.surface_pressure_hpa);
        } else {
          shocks::check_dewpoint_deg_c(x, ta, at_region);
          e_hpa = shocks::vapour_pressure_hpa_from_dewpoint(x);
        }
        // Saturated at most: the regional means of temperature and humidity come from cells
        // that need not saturate together.
        rh.heat_rh_pct[t] = std::min(100.0, shocks::relative_humidity_pct(ta, e_hpa));
      }
    }
  }
}

void heat_series(const Scenario& s, const HazardInputs& in,
                 const std::vector<regions::Region>& regs, const regions::Raster& exposure,
                 const AggregationOptions& opt, AggregatedHazards& out) {
  const auto& field = *in.heat_field;
  const std::string where = field.path() + ": variable " + field.variable();
  const auto convert = converter(field, "", "degC", "a temperature");
  const auto weights = weights_for(regs, field.grid(), &exposure, opt, nullptr, "heat");
  const std::size_t nt = field.n_times();
  const std::size_t per_step = std::max<std::size_t>(1, field.grid().ncells() * sizeof(double) * 2);
  const std::size_t block = std::max<std::size_t>(1, opt.memory_budget_bytes / per_step);
  Eigen::MatrixXd tmean(weights.w.rows(), static_cast<Eigen::Index>(nt));
  for (std::size_t t0 = 0; t0 < nt; t0 += block) {
    const std::size_t n = std::min(block, nt - t0);
    if (opt.progress) {
      opt.progress("reading " + field.variable() + " time steps " + std::to_string(t0 + 1) + "-" +
                   std::to_string(t0 + n) + " of " + std::to_string(nt));
    }
    const Eigen::MatrixXd values = field.read_block(t0, n);
    // Unit conversions of temperature are affine, so converting the regional means equals
    // converting every cell first, at a fraction of the cost.
    Eigen::MatrixXd means = regions::weighted_mean(weights, values);
    convert.apply(means);
    tmean.middleCols(static_cast<Eigen::Index>(t0), static_cast<Eigen::Index>(n)) = means;
  }
  const auto& dates = field.time().dates;
  for (Eigen::Index r = 0; r < tmean.rows(); ++r) {
    for (Eigen::Index t = 0; t < tmean.cols(); ++t) {
      if (!std::isfinite(tmean(r, t))) {
        throw InputError(where + ": region " + regs[static_cast<std::size_t>(r)].code +
                         " has no valid hazard cell at " +
                         core::iso_date(dates[static_cast<std::size_t>(t)]) +
                         " (all cells it covers are missing)");
      }
    }
    auto& v = out.regions[static_cast<std::size_t>(r)].heat_tmean_deg_c;
    v.resize(nt);
    for (std::size_t t = 0; t < nt; ++t) v[t] = tmean(r, static_cast<Eigen::Index>(t));
  }
  if (in.humidity_field) humidity_series(s, in, regs, exposure, opt, out);
  if (in.tasmax_field) {
    const auto& q = *in.tasmax_field;
    const auto convert_max = converter(q, "", "degC", "a temperature");
    const auto wmax = weights_for(regs, q.grid(), &exposure, opt, nullptr, "tasmax");
    const std::size_t nq = q.n_times();
    for (auto& rh : out.regions) rh.heat_tmax_deg_c.resize(nq);
    for (std::size_t t0 = 0; t0 < nq; t0 += block) {
      const std::size_t n = std::min(block, nq - t0);
      Eigen::MatrixXd means = regions::weighted_mean(wmax, q.read_block(t0, n));
      convert_max.apply(means);
      for (Eigen::Index r = 0; r < means.rows(); ++r) {
        auto& rh = out.regions[static_cast<std::size_t>(r)];
        for (Eigen::Index c = 0; c < means.cols(); ++c) {
          const std::size_t t = t0 + static_cast<std::size_t>(c);
          const double x = means(r, c);
          const std::string at_region =
              q.path() + ": variable " + q.variable() + ": region " +
              regs[static_cast<std::size_t>(r)].code + " at " +
              core::iso_date(q.time().dates[t]).substr(0, 10);
          if (!std::isfinite(x))
            throw InputError(at_region + ": no valid cell (all cells it covers are missing)");
          // A maximum below the mean means the two fields do not belong together.
          if (x < rh.heat_tmean_deg_c[t] - 0.5) {
            throw InputError(at_region + ": maximum temperature " + fmt("%.2f", x) +
                             " degC is below the mean " + fmt("%.2f", rh.heat_tmean_deg_c[t]) +
                             " degC of " + field.path());
          }
          rh.heat_tmax_deg_c[t] = std::max(x, rh.heat_tmean_deg_c[t]);
        }
      }
    }
  }
}

/// Population of each region on the exposure raster's own grid: the denominator that makes a
/// region's damage ratio count the cells outside a hazard footprint as undamaged.
Eigen::VectorXd region_exposure(const std::vector<regions::Region>& regs,
                                const regions::Raster& exposure, const AggregationOptions& opt) {
  // A region without any exposure on the raster (a sector raster clipped to a basin) is simply
  // not exposed: its total is 0, which the callers read as "not hit".
  std::vector<std::string> skipped;
  return weights_for(regs, exposure.grid, &exposure, opt, &skipped, "exposure").exposure_total;
}

std::string top_regions(const std::vector<regions::Region>& regs, const Eigen::VectorXd& v,
                        const char* format) {
  std::vector<std::size_t> idx(regs.size());
  for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = i;
  std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) {
    return v(static_cast<Eigen::Index>(a)) > v(static_cast<Eigen::Index>(b));
  });
  std::string text;
  for (std::size_t k = 0; k < idx.size() && k < 5; ++k) {
    const double x = v(static_cast<Eigen::Index>(idx[k]));
    if (!(x > 0.0)) break;
    text += (text.empty() ? "" : ", ") + regs[idx[k]].code + " " + fmt(format, x);
  }
  return text.empty() ? "none" : text;
}

/// The exposure each sector's damage is weighted with: its own raster if the scenario gives one
/// for its section, else the population raster.
const regions::Raster& sector_exposure(const HazardInputs& in, const SectorRow& sec,
                                       const regions::Raster& population) {
  auto it = in.sector_exposure.find(sec.gb_section);
  return it == in.sector_exposure.end() ? population : it->second;
}

void flood_damage(const Scenario& s, const HazardInputs& in, const std::vector<SectorRow>& sectors,
                  const std::vector<regions::Region>& regs, const regions::Raster& population,
                  const Horizon& horizon, const AggregationOptions& opt, AggregatedHazards& out) {
  const auto& field = *in.flood_field;
  const std::string where = field.path() + ": variable " + field.variable() + " (water depth)";
  Eigen::VectorXd depth = field.read_block(0, 1).col(0);
  const auto convert = converter(field, s.flood.units, "m", "a water depth");
  for (Eigen::Index j = 0; j < depth.size(); ++j)
    if (!std::isnan(depth(j))) depth(j) = convert(depth(j));
  Eigen::VectorXd wet = depth;
  for (Eigen::Index j = 0; j < wet.size(); ++j)
    if (!std::isnan(wet(j))) wet(j) = wet(j) > 0.0 ? 1.0 : 0.0;
  // Damage ratio per cell of every curve the sectors use (also validates every depth).
  std::map<std::string, Eigen::VectorXd> dr_cells;
  std::vector<std::string> curve_of(sectors.size());
  for (std::size_t i = 0; i < sectors.size(); ++i) {
    const SectorCurve c = sector_curve(s, in, sectors[i]);
    curve_of[i] = c.name;
    if (dr_cells.count(c.name)) continue;
    dr_cells[c.name] = c.table ? shocks::damage_ratios(*c.table, depth, where)
                               : shocks::damage_ratios(c.fitted, depth, where);
  }
  const int month = horizon.index_of(s.flood.event_year, s.flood.event_month);
  for (auto& rh : out.regions) rh.flood.assign(sectors.size(), std::nullopt);
  Eigen::VectorXd largest = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(regs.size()));
  double miss = 0.0;
  std::size_t outside = 0;
  // One pass per exposure raster (population, then each sector raster).
  std::vector<const regions::Raster*> sources = {&population};
  for (const auto& [section, raster] : in.sector_exposure) sources.push_back(&raster);
  for (const regions::Raster* src : sources) {
    std::vector<std::size_t> members;
    for (std::size_t i = 0; i < sectors.size(); ++i)
      if (&sector_exposure(in, sectors[i], population) == src) members.push_back(i);
    if (members.empty()) continue;
    std::vector<std::string> skipped;
    regions::Weights w;
    try {
      w = weights_for(regs, field.grid(), src, opt, &skipped, "flood");
    } catch (const InputError&) {
      // A sector raster with no exposure on the depth grid: that sector is not flooded. The
      // population raster must overlap, so its error stands.
      if (src == &population) throw;
      out.notes.push_back("flood: " + file_name(src->path) +
                          " has no exposure on the depth grid; its sectors take no flood damage");
      continue;
    }
    // Whole-province totals on the raster's own grid: cells outside the depth grid are dry.
    const Eigen::VectorXd full = region_exposure(regs, *src, opt);
    Eigen::VectorXd missing;
    const Eigen::VectorXd wet_sum = weighted_sums(w, wet, &missing);
    if (src == &population) {
      miss = missing.sum();
      outside = skipped.size();
    }
    std::map<std::string, Eigen::VectorXd> dr_sum;
    for (const std::size_t i : members)
      if (!dr_sum.count(curve_of[i])) dr_sum[curve_of[i]] = weighted_sums(w, dr_cells[curve_of[i]]);
    for (std::size_t r = 0; r < regs.size(); ++r) {
      const auto ri = static_cast<Eigen::Index>(r);
      if (!(full(ri) > 0.0)) continue;
      const double affected = std::min(1.0, wet_sum(ri) / full(ri));
      for (const std::size_t i : members) {
        const double dr = std::min(affected, dr_sum[curve_of[i]](ri) / full(ri));
        if (!(dr > 0.0)) continue;
        shocks::SectorDamage d;
        d.damage_ratio_share = dr;
        d.affected_share = affected;
        d.rebuild_class = shocks::default_rebuild_class_for_section(sectors[i].gb_section, where);
        d.event_month_index = month;
        d.event_day = s.flood.event_day;
        out.regions[r].flood[i] = d;
        largest(ri) = std::max(largest(ri), dr);
      }
    }
  }
  out.notes.push_back("flood: " + file_name(field.path()) + ", event " +
                      core::iso_date({s.flood.event_year, s.flood.event_month, s.flood.event_day,
                                      0})
                          .substr(0, 10) +
                      "; largest sector damage ratio (exposure-weighted over the whole "
                      "province): " + top_regions(regs, largest, "%.4f"));
  if (miss > 0.0) {
    out.notes.push_back("flood: " + fmt("%.0f", miss) +
                        " persons live in cells with no depth value (nodata); counted as dry");
  }
  if (outside > 0) {
    out.notes.push_back("flood: " + std::to_string(outside) +
                        " regions lie outside the depth raster and take no flood damage");
  }
}

void cyclone_damage(const Scenario& s, const HazardInputs& in,
                    const std::vector<SectorRow>& sectors,
                    const std::vector<regions::Region>& regs, const regions::Raster& population,
                    const Horizon& horizon, const AggregationOptions& opt,
                    AggregatedHazards& out) {
  const auto& c = s.cyclone;
  hazards::WindFieldSettings ws;
  ws.time_step_h = c.time_step_h;
  ws.cutoff_km = c.cutoff_km;
  const shocks::EmanuelParams ep{c.v_thresh_m_s, in.v_half_m_s, 1.0};
  const std::string where = at(s, "tropical_cyclone");
  for (auto& rh : out.regions) rh.cyclone.assign(sectors.size(), std::nullopt);
  Eigen::VectorXd dr_region = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(regs.size()));
  std::vector<const regions::Raster*> sources = {&population};
  for (const auto& [section, raster] : in.sector_exposure) sources.push_back(&raster);
  for (const regions::Raster* src : sources) {
    std::vector<std::size_t> members;
    for (std::size_t i = 0; i < sectors.size(); ++i)
      if (&sector_exposure(in, sectors[i], population) == src) members.push_back(i);
    if (members.empty()) continue;
    // The wind is evaluated on the exposure raster's own grid, so each cell's exposure meets
    // the wind at that cell.
    if (opt.progress) opt.progress("tropical cyclone wind field of storm " + c.storm_id);
    const auto wind = hazards::daily_max_wind(in.track, src->grid, ws);
    std::vector<std::string> skipped;
    const auto w = weights_for(regs, src->grid, src, opt, &skipped, "exposure");
    const Eigen::VectorXd& full = w.exposure_total;
    const Eigen::MatrixXd mdd_days = shocks::mdd_share_per_cell(wind.max_wind_m_s, ep);
    const Eigen::MatrixXd mdd_event = shocks::mdd_share_per_cell(wind.event_max_wind_m_s, ep);
    Eigen::VectorXd hit = wind.event_max_wind_m_s;
    for (Eigen::Index j = 0; j < hit.size(); ++j) hit(j) = hit(j) > c.v_thresh_m_s ? 1.0 : 0.0;
    const Eigen::VectorXd dr_sum = weighted_sums(w, mdd_event.col(0));
    const Eigen::VectorXd hit_sum = weighted_sums(w, hit);
    std::vector<Eigen::VectorXd> day_sum;
    for (Eigen::Index d = 0; d < mdd_days.cols(); ++d)
      day_sum.push_back(weighted_sums(w, mdd_days.col(d)));
    for (std::size_t r = 0; r < regs.size(); ++r) {
      const auto ri = static_cast<Eigen::Index>(r);
      if (!(full(ri) > 0.0)) continue;
      const double dr = std::min(1.0, dr_sum(ri) / full(ri));
      if (!(dr > 0.0)) continue;
      if (src == &population) dr_region(ri) = dr;
      // The event day: the day of the region's largest damage.
      std::size_t best = 0;
      for (std::size_t d = 1; d < day_sum.size(); ++d)
        if (day_sum[d](ri) > day_sum[best](ri)) best = d;
      const auto& date = wind.dates[best];
      const int month = horizon.index_of(date.year, date.month);
      if (month < 0) {
        throw InputError(s.source_path + ": /horizon_months: storm " + c.storm_id + " hits " +
                         regs[r].code + " on " + core::iso_date(date).substr(0, 10) +
                         ", outside the " + std::to_string(horizon.months) + " months from " +
                         core::year_month(horizon.start_year, horizon.start_month));
      }
      for (const std::size_t i : members) {
        shocks::SectorDamage d;
        d.damage_ratio_share = dr;
        d.affected_share = std::max(dr, std::min(1.0, hit_sum(ri) / full(ri)));
        d.rebuild_class = shocks::default_rebuild_class_for_section(sectors[i].gb_section, where);
        d.event_month_index = month;
        d.event_day = date.day;
        out.regions[r].cyclone[i] = d;
      }
    }
  }
  out.notes.push_back("tropical cyclone: storm " + c.storm_id + " of " + file_name(c.track_file) +
                      " (" + std::to_string(in.track.points.size()) + " fixes, " +
                      core::iso_date(in.track.points.front().time) + " to " +
                      core::iso_date(in.track.points.back().time) +
                      "); Holland 1980 wind on the exposure grid; Emanuel damage with v_thresh " +
                      fmt("%.1f", c.v_thresh_m_s) + " m/s, v_half " + fmt("%.1f", in.v_half_m_s) +
                      " m/s; damage ratio (population-weighted): " +
                      top_regions(regs, dr_region, "%.4f"));
  if (!(dr_region.maxCoeff() > 0.0)) {
    out.notes.push_back("tropical cyclone: storm " + c.storm_id + " brings no cell with people "
                        "above v_thresh in any region; it adds no damage");
  }
}

/// Area-weighted regional means (regions × steps) of a monthly field. Farmland, not people,
/// receives the rain, so the weights are areas.
Eigen::MatrixXd regional_monthly(const hazards::HazardField& field,
                                 const std::vector<regions::Region>& regs,
                                 const AggregationOptions& opt, const std::string& what,
                                 int required_step = -1) {
  const auto w = weights_for(regs, field.grid(), nullptr, opt, nullptr, what);
  const std::size_t nt = field.n_times();
  Eigen::MatrixXd means(w.w.rows(), static_cast<Eigen::Index>(nt));
  const std::size_t per_step = std::max<std::size_t>(1, field.grid().ncells() * sizeof(double) * 2);
  const std::size_t block = std::max<std::size_t>(1, opt.memory_budget_bytes / per_step);
  for (std::size_t t0 = 0; t0 < nt; t0 += block) {
    const std::size_t n = std::min(block, nt - t0);
    means.middleCols(static_cast<Eigen::Index>(t0), static_cast<Eigen::Index>(n)) =
        regions::weighted_mean(w, field.read_block(t0, n));
  }
  const std::string where = field.path() + ": variable " + field.variable();
  const auto& dates = field.time().dates;
  // Missing months are allowed (an SPI-k file starts with k − 1 of them; SPI and SPEI skip
  // missing sums), except at the step the run needs.
  for (Eigen::Index r = 0; required_step >= 0 && r < means.rows(); ++r) {
    if (!std::isfinite(means(r, required_step))) {
      throw InputError(where + ": region " + regs[static_cast<std::size_t>(r)].code +
                       " has no valid cell at " +
                       core::iso_date(dates[static_cast<std::size_t>(required_step)]).substr(0, 10));
    }
  }
  for (Eigen::Index t = 0; t < means.cols(); ++t) {
    for (Eigen::Index r = 0; r < means.rows(); ++r) {
      if (std::isinf(means(r, t))) {
        throw InputError(where + ": region " + regs[static_cast<std::size_t>(r)].code +
                         ": infinite value at " +
                         core::iso_date(dates[static_cast<std::size_t>(t)]).substr(0, 10));
      }
    }
  }
  return means;
}

/// Regional monthly totals in mm of a precipitation or evapotranspiration field: amounts
/// convert directly, rates are multiplied by the month's seconds.
Eigen::MatrixXd regional_monthly_mm(const hazards::HazardField& field,
                                    const std::vector<regions::Region>& regs,
                                    const AggregationOptions& opt, const std::string& what) {
  Eigen::MatrixXd means = regional_monthly(field, regs, opt, what);
  const std::string where = field.path() + ": variable " + field.variable();
  bool amount = false;
  const hazards::UnitConverter conv = water_converter(field.units(), where, amount);
  const auto& dates = field.time().dates;
  for (Eigen::Index t = 0; t < means.cols(); ++t) {
    const auto& dt = dates[static_cast<std::size_t>(t)];
    const double seconds = amount ? 1.0 : 86400.0 * shocks::days_in_month(dt.year, dt.month);
    for (Eigen::Index r = 0; r < means.rows(); ++r) {
      if (std::isnan(means(r, t))) continue;
      const double mm = conv(means(r, t)) * seconds;
      if (!(mm >= 0.0)) {
        throw InputError(where + ": region " + regs[static_cast<std::size_t>(r)].code +
                         ": negative " + what + " " + fmt("%g", mm) + " mm at " +
                         core::iso_date(dt).substr(0, 10));
      }
      means(r, t) = mm;
    }
  }
  return means;
}

void drought_index(const Scenario& s, const HazardInputs& in,
                   const std::vector<regions::Region>& regs, const Horizon& horizon,
                   const AggregationOptions& opt, AggregatedHazards& out) {
  const auto& d = s.drought;
  const auto& field = *in.drought_field;
  const auto& dates = field.time().dates;
  const std::size_t nt = field.n_times();
  const int at_harvest =
      core::months_between(dates.front().year, dates.front().month, d.event_year, d.harvest_month);
  const int month = horizon.index_of(d.event_year, d.harvest_month);
  Eigen::VectorXd deficit = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(regs.size()));
  std::string failed;
  const std::string name = d.input == "index"
                               ? field.variable()
                               : (d.index == "spei" ? "SPEI-" : "SPI-") +
                                     std::to_string(d.scale_months);
  if (d.input == "index") {
    // The file holds the index itself: its regional mean at the harvest month.
    const Eigen::MatrixXd idx = regional_monthly(field, regs, opt, "drought index", at_harvest);
    for (std::size_t r = 0; r < regs.size(); ++r) {
      const double v = idx(static_cast<Eigen::Index>(r), at_harvest);
      out.regions[r].drought_index = v;
      out.regions[r].drought_month_index = month;
      deficit(static_cast<Eigen::Index>(r)) = -v;
    }
  } else {
    const Eigen::MatrixXd p = regional_monthly_mm(field, regs, opt, "precipitation");
    Eigen::MatrixXd pet;
    if (d.index == "spei") pet = regional_monthly_mm(*in.pet_field, regs, opt, "evapotranspiration");
    shocks::StandardIndexSettings st;
    st.scale_months = d.scale_months;
    st.baseline = shocks::baseline_years(dates.front().year, dates.front().month,
                                         static_cast<int>(nt), d.baseline_first_year,
                                         d.baseline_last_year);
    for (std::size_t r = 0; r < regs.size(); ++r) {
      const auto ri = static_cast<Eigen::Index>(r);
      std::vector<double> series(nt);
      for (std::size_t t = 0; t < nt; ++t) series[t] = p(ri, static_cast<Eigen::Index>(t));
      double idx = 0.0;
      std::string reason;
      if (d.index == "spei") {
        std::vector<double> e(nt);
        for (std::size_t t = 0; t < nt; ++t) e[t] = pet(ri, static_cast<Eigen::Index>(t));
        const auto res = shocks::spei(shocks::water_balance_mm_per_month(series, e),
                                      dates.front().month, st);
        idx = res.index[static_cast<std::size_t>(at_harvest)];
        reason = shocks::fit_status_reason(
            res.fits[static_cast<std::size_t>(d.harvest_month - 1)].status);
      } else {
        const auto res = shocks::spi(series, dates.front().month, st);
        idx = res.index[static_cast<std::size_t>(at_harvest)];
        reason = shocks::fit_status_reason(
            res.fits[static_cast<std::size_t>(d.harvest_month - 1)].status);
      }
      out.regions[r].drought_index = idx;
      out.regions[r].drought_month_index = month;
      if (std::isnan(idx)) {
        failed += (failed.empty() ? "" : ", ") + regs[r].code + " (" + reason + ")";
      } else {
        deficit(ri) = -idx;
      }
    }
  }
  out.notes.push_back(
      "drought: " + name + " ending " + core::year_month(d.event_year, d.harvest_month) +
      " from " + file_name(field.path()) +
      (d.input == "index"
           ? std::string(" (read as an index; area-weighted provincial means)")
           : " (area-weighted provincial means, fitted over " +
                 std::to_string(d.baseline_first_year) + "-" +
                 std::to_string(d.baseline_last_year) + ")") +
      "; driest provinces (index shown with its sign reversed): " +
      top_regions(regs, deficit, "%.2f"));
  if (!failed.empty())
    out.notes.push_back("drought: no index (no farm-income loss) for " + failed);
}

}  // namespace

AggregatedHazards aggregate_hazards(const Scenario& s, const HazardInputs& in,
                                    const std::vector<SectorRow>& sectors,
                                    const std::vector<regions::Region>& regs,
                                    const regions::Raster& exposure, const Horizon& horizon,
                                    const AggregationOptions& opt) {
  AggregatedHazards out;
  out.regions.resize(regs.size());
  if (s.has_hazard("heat")) heat_series(s, in, regs, exposure, opt, out);
  if (s.has_hazard("flood")) flood_damage(s, in, sectors, regs, exposure, horizon, opt, out);
  if (s.has_hazard("tropical_cyclone"))
    cyclone_damage(s, in, sectors, regs, exposure, horizon, opt, out);
  if (s.has_hazard("drought")) {
    drought_index(s, in, regs, horizon, opt, out);
    std::size_t with_crops = 0;
    for (std::size_t r = 0; r < regs.size(); ++r) {
      auto it = in.crops.find(regs[r].code);
      if (it == in.crops.end()) continue;
      out.regions[r].crops = it->second.first;
      out.regions[r].rural_income_cny_per_person_year = it->second.second;
      ++with_crops;
    }
    if (!s.drought.crops_file.empty()) {
      out.notes.push_back("drought: crop table " + file_name(s.drought.crops_file) + " for " +
                          std::to_string(with_crops) + " of " + std::to_string(regs.size()) +
                          " regions; the others use the farm earnings of agricultural workers");
    }
  }
  // Compound rule: a sector hit by both keeps the event with the larger damage ratio, so no
  // capacity is lost twice (docs/methodology-compound.md).
  std::size_t both = 0;
  for (auto& rh : out.regions) {
    for (std::size_t i = 0; i < rh.flood.size() && i < rh.cyclone.size(); ++i) {
      auto& f = rh.flood[i];
      auto& c = rh.cyclone[i];
      if (!f || !c) continue;
      ++both;
      if (f->damage_ratio_share >= c->damage_ratio_share) {
        c.reset();
      } else {
        f.reset();
      }
    }
  }
  if (both > 0) {
    out.notes.push_back("compound: " + std::to_string(both) +
                        " province-sectors hit by both the flood and the cyclone keep the event "
                        "with the larger damage ratio");
  }
  return out;
}

}  // namespace spstress::scenarios::detail

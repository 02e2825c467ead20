// Opening and checking every hazard of a scenario, and the horizon its events need.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <map>

#include "csv_rows.hpp"
#include "hazard_internal.hpp"
#include "hazard_series.hpp"
#include "spstress/core/error.hpp"
#include "spstress/hazards/units.hpp"
#include "spstress/regions/raster.hpp"
#include "spstress/shocks/cyclone.hpp"
#include "spstress/shocks/drought.hpp"
#include "spstress/shocks/heat.hpp"

namespace spstress::scenarios::detail {

namespace {

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
  const CsvRows t =
      read_csv_rows(path, {"curve", "depth_m", "damage_ratio"}, "the depth-damage table");
  std::vector<shocks::DepthDamageRow> rows;
  const double any = -std::numeric_limits<double>::infinity();
  for (const auto& r : t.rows) {
    // Ranges are the curve constructor's to check, with its fuller messages.
    rows.push_back({t.text(r, "curve"), t.number(r, "depth_m", any, "a number"),
                    t.number(r, "damage_ratio", any, "a number")});
  }
  return shocks::depth_damage_curves_from_rows(rows, path);
}

/// The option-B crop table: region_code, crop, price_cny_per_t, potential_yield_t_per_ha,
/// area_ha, beta_per_index_unit, insured_share, indemnity_share,
/// rural_disposable_income_cny_per_person_year (the same in every row of a region).
std::map<std::string, std::pair<std::vector<shocks::CropDrought>, double>> read_crops(
    const std::string& path) {
  const CsvRows t =
      read_csv_rows(path,
                    {"region_code", "crop", "price_cny_per_t", "potential_yield_t_per_ha",
                     "area_ha", "beta_per_index_unit", "insured_share", "indemnity_share",
                     "rural_disposable_income_cny_per_person_year"},
                    "the crop table");
  std::map<std::string, std::pair<std::vector<shocks::CropDrought>, double>> out;
  for (const auto& r : t.rows) {
    const auto value = [&](const char* k) { return t.number(r, k, 0.0, "a number >= 0"); };
    shocks::CropDrought c;
    c.crop = t.text(r, "crop");
    c.price_cny_per_t = value("price_cny_per_t");
    c.potential_yield_t_per_ha = value("potential_yield_t_per_ha");
    c.area_ha = value("area_ha");
    c.beta_per_spei_unit = value("beta_per_index_unit");
    c.insured_share = value("insured_share");
    c.indemnity_share = value("indemnity_share");
    auto& entry = out[t.text(r, "region_code")];
    const double income = value("rural_disposable_income_cny_per_person_year");
    if (!entry.first.empty() && entry.second != income) {
      throw InputError(t.where(r) + ": rural_disposable_income_cny_per_person_year: got " +
                       fmt("%g", income) + "; expected " + fmt("%g", entry.second) +
                       " as on the region's earlier rows");
    }
    entry.first.push_back(c);
    entry.second = income;
  }
  return out;
}

double read_v_half(const std::string& path, const std::string& region, const std::string& where) {
  const CsvRows t = read_csv_rows(path, {"region", "v_half_m_s"}, "the v_half table");
  std::vector<shocks::VhalfRow> rows;
  for (const auto& r : t.rows) {
    shocks::VhalfRow v;
    v.region = t.text(r, "region");
    v.v_half_m_s =
        t.number(r, "v_half_m_s", std::numeric_limits<double>::min(), "a number > 0 (m/s)");
    rows.push_back(v);
  }
  return shocks::regional_v_half_m_s(rows, region, where);
}

}  // namespace

std::string at(const Scenario& s, const std::string& type, const std::string& key) {
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

SectorCurve sector_curve(const Scenario& s, const HazardInputs& in, const SectorRow& sec) {
  SectorCurve c;
  const std::string where = s.flood.sector_curves.count(sec.gb_section)
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
  return hazards::UnitConverter::make(
      units, to, f.path() + ": variable " + f.variable() + ": units (" + what + ")");
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
        throw InputError(
            q.path() + ": variable " + q.variable() + ": " + std::to_string(qd.size()) +
            " time steps" +
            (qd.empty() ? std::string() : " from " + core::iso_date(qd.front()).substr(0, 10)) +
            "; expected the " + std::to_string(d.size()) + " steps of " + h.file + " from " +
            core::iso_date(d.front()).substr(0, 10) +
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
      in.v_half_m_s =
          read_v_half(c.v_half_file, c.v_half_region, at(s, "tropical_cyclone", "v_half_region"));
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
      throw InputError(where +
                       ": expected monthly time steps (one precipitation total or mean "
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
        core::months_between(d.event_year, d.harvest_month, dates.back().year, dates.back().month) <
            0) {
      throw InputError(at(s, "drought", "event_year") + ": " + std::to_string(d.event_year) +
                       " with harvest month " + std::to_string(d.harvest_month) +
                       (is_index ? std::string(": that month is not in ")
                                 : ": the " + std::to_string(d.scale_months) +
                                       " months ending then are not all in ") +
                       d.file + " (" + core::iso_date(dates.front()) + " to " +
                       core::iso_date(dates.back()) + ")");
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
  if (s.has_hazard("labour_shock") && !s.labour_shock.months.empty()) {
    const auto& m = s.labour_shock.months;
    spans.push_back({"labour_shock", m.front(), m.front(), m.back()});
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

}  // namespace spstress::scenarios::detail

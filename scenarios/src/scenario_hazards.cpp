// The `hazard` objects of a scenario: heat, flood, tropical cyclone and drought, each key
// checked and reported by JSON pointer (docs/scenario-format.md).

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "json_reader.hpp"

namespace spstress::scenarios::detail {

namespace {

/// Reads [first, last] years (integers, first <= last) from `key`.
void year_pair(ObjectReader& o, const std::string& key, int& first, int& last, bool required) {
  const json* v = o.get(key);
  if (!v) {
    if (required) o.problems().add(o.at(key), "missing; expected [first year, last year]");
    return;
  }
  if (!v->is_array() || v->size() != 2 || !(*v)[0].is_number_integer() ||
      !(*v)[1].is_number_integer() || (*v)[0].get<long long>() < 1800 ||
      (*v)[1].get<long long>() > 2300 || (*v)[0].get<long long>() > (*v)[1].get<long long>()) {
    o.problems().add(o.at(key), "got " + v->dump() +
                                    "; expected [first year, last year], integers in 1800..2300 "
                                    "with first <= last");
    return;
  }
  first = (*v)[0].get<int>();
  last = (*v)[1].get<int>();
}

/// Values by region code (codes are data, not keys of the format).
void by_region(ObjectReader& o, const std::string& key, std::map<std::string, double>& out,
               double lo, double hi) {
  o.object(key, [&](ObjectReader& m) {
    const json& obj = *o.get(key);
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      double v = std::numeric_limits<double>::quiet_NaN();
      m.number(it.key(), v, lo, hi);
      if (v == v) out[it.key()] = v;
    }
  });
}

void read_business_interruption(ObjectReader& o, BusinessInterruptionSpec& b) {
  o.object("business_interruption", [&](ObjectReader& x) {
    x.number("capital_to_value_added_years", b.capital_to_value_added_years, 0.1, 50.0);
    x.number("t_clean_days", b.t_clean_days, 0.1, 3650.0);
    x.number("t_rebuild_services_days", b.t_rebuild_services_days, 0.0, 3650.0);
    x.number("t_rebuild_industrial_days", b.t_rebuild_industrial_days, 0.0, 3650.0);
    x.number("employment_elasticity", b.employment_elasticity, 0.0, 1.0);
    x.number("stoppage_allowance_to_minimum_wage_share", b.stoppage_allowance_to_minimum_wage_share,
             0.0, 1.0);
  });
}

void read_heat_hazard(ObjectReader& o, const fs::path& base, HazardSpec& h) {
  o.file("file", h.file, base);
  o.text("variable", h.variable);
  o.object("anomaly", [&](ObjectReader& a) {
    const json* m = a.get("months");
    if (m) {
      bool ok = m->is_array();
      std::vector<int> months;
      if (ok) {
        for (const auto& x : *m) {
          if (!x.is_number_integer() || x.get<long long>() < 1 || x.get<long long>() > 12) {
            ok = false;
            break;
          }
          months.push_back(x.get<int>());
        }
      }
      if (!ok) {
        a.problems().add(a.at("months"),
                         "got " + m->dump() + "; expected an array of calendar months 1..12");
      } else {
        h.anomaly.months = months;
      }
    }
    a.number("delta_deg_c", h.anomaly.delta_deg_c, -20.0, 20.0);
  });
  o.number("diurnal_range_deg_c", h.diurnal_range_deg_c, 0.0, 40.0);
  o.number("relative_humidity_pct", h.relative_humidity_pct, 0.0, 100.0);
  by_region(o, "relative_humidity_pct_by_region", h.relative_humidity_pct_by_region, 0.0, 100.0);
  o.text("work_capacity_function", h.work_capacity_function, false, {"hothaps", "dunne", "foster"});
  o.object("humidity", [&](ObjectReader& x) {
    x.text("kind", h.humidity_kind, true, {"relative_humidity", "specific_humidity", "dew_point"});
    x.file("file", h.humidity_file, base);
    x.text("variable", h.humidity_variable, true);
    x.number("surface_pressure_hpa", h.surface_pressure_hpa, 300.0, 1100.0);
  });
  o.object("tasmax", [&](ObjectReader& x) {
    x.file("file", h.tasmax_file, base);
    x.text("variable", h.tasmax_variable, true);
  });
  year_pair(o, "event_years", h.event_first_year, h.event_last_year, false);
  o.text("reference", h.reference, false, {"no_anomaly", "baseline_years"});
  year_pair(o, "baseline_years", h.baseline_first_year, h.baseline_last_year,
            h.reference == "baseline_years");
}

void read_flood_hazard(ObjectReader& o, const fs::path& base, FloodSpec& f) {
  o.file("file", f.file, base);
  o.text("variable", f.variable);
  o.text("units", f.units);
  std::string date;
  o.text("event_date", date, true);
  if (!date.empty() && !parse_date(date, true, f.event_year, f.event_month, f.event_day)) {
    o.problems().add(o.at("event_date"),
                     "got \"" + date + "\"; expected a calendar date \"YYYY-MM-DD\"");
  }
  o.file("depth_damage_file", f.depth_damage_file, base);
  o.object("sector_curves", [&](ObjectReader& m) {
    const json& obj = *o.get("sector_curves");
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      std::string curve;
      m.text(it.key(), curve, true);
      if (it.key().size() != 1 || it.key()[0] < 'A' || it.key()[0] > 'T') {
        m.problems().add(m.at(it.key()), "unknown key; expected a GB/T 4754 section letter A..T");
      } else if (!curve.empty()) {
        f.sector_curves[it.key()[0]] = curve;
      }
    }
  });
  read_business_interruption(o, f.business_interruption);
}

void read_cyclone_hazard(ObjectReader& o, const fs::path& base, CycloneSpec& c) {
  o.file("track_file", c.track_file, base);
  o.text("storm_id", c.storm_id, true);
  if (o.has("storm_id") && c.storm_id.empty())
    o.problems().add(o.at("storm_id"), "got an empty string; expected the storm's id");
  o.number("v_thresh_m_s", c.v_thresh_m_s, 0.0, 100.0);
  o.number("v_half_m_s", c.v_half_m_s, 0.0, 300.0);
  o.file("v_half_file", c.v_half_file, base, !(c.v_half_m_s > 0.0));
  o.text("v_half_region", c.v_half_region);
  if (c.v_half_m_s > 0.0 && !(c.v_half_m_s > c.v_thresh_m_s)) {
    o.problems().add(
        o.at("v_half_m_s"),
        "got " + fmt(c.v_half_m_s) + "; expected more than v_thresh_m_s = " + fmt(c.v_thresh_m_s));
  }
  o.number("wind_averaging_factor", c.wind_averaging_factor, 0.93, 1.0);
  o.number("time_step_h", c.time_step_h, 0.05, 24.0);
  o.number("cutoff_km", c.cutoff_km, 10.0, 2000.0);
  read_business_interruption(o, c.business_interruption);
}

void read_drought_hazard(ObjectReader& o, const fs::path& base, DroughtSpec& d) {
  o.file("file", d.file, base);
  o.text("variable", d.variable);
  o.text("input", d.input, false, {"precipitation", "index"});
  o.text("index", d.index, false, {"spi", "spei"});
  if (d.index == "spei" && d.input == "precipitation") {
    o.file("pet_file", d.pet_file, base, true);
    o.text("pet_variable", d.pet_variable, true);
  } else if (o.has("pet_file") || o.has("pet_variable")) {
    o.get("pet_file");
    o.get("pet_variable");
    o.problems().add(o.at("pet_file"),
                     "given, but only \"index\": \"spei\" computed from "
                     "precipitation uses it");
  }
  o.integer("scale_months", d.scale_months, 1, 24);
  year_pair(o, "baseline_years", d.baseline_first_year, d.baseline_last_year, false);
  o.integer("event_year", d.event_year, 1800, 2300, true);
  o.integer("harvest_month", d.harvest_month, 1, 12);
  o.number("threshold_index", d.threshold_index, -3.0, 0.0);
  o.number("beta_per_index_unit", d.beta_per_index_unit, 0.05, 0.15);
  by_region(o, "beta_per_index_unit_by_region", d.beta_per_index_unit_by_region, 0.05, 0.15);
  o.number("operating_income_share", d.operating_income_share, 0.2, 0.35);
  o.file("crops_file", d.crops_file, base, false);
}

void read_labour_shock(ObjectReader& o, LabourShockSpec& l) {
  const json* m = o.get("months");
  if (!m) {
    o.problems().add(o.at("months"), "missing; expected an array of months \"YYYY-MM\"");
  } else if (!m->is_array() || m->empty()) {
    o.problems().add(o.at("months"),
                     "got " + describe(*m) + "; expected a non-empty array of months \"YYYY-MM\"");
  } else {
    for (std::size_t i = 0; i < m->size(); ++i) {
      int y = 0, mo = 0, d = 0;
      const json& x = (*m)[i];
      if (!x.is_string() || !parse_date(x.get<std::string>(), false, y, mo, d)) {
        o.problems().add(o.at("months/" + std::to_string(i)),
                         "got " + describe(x) + "; expected a month \"YYYY-MM\"");
        continue;
      }
      if (!l.months.empty() && !(std::make_pair(y, mo) > l.months.back())) {
        o.problems().add(o.at("months/" + std::to_string(i)),
                         "got " + describe(x) + "; expected months in increasing order");
        continue;
      }
      l.months.emplace_back(y, mo);
    }
  }
  const json* j = o.get("jobs_lost_share");
  if (!j) {
    o.problems().add(o.at("jobs_lost_share"), "missing; expected one share per month");
  } else if (!j->is_array() || (m && m->is_array() && j->size() != m->size())) {
    o.problems().add(o.at("jobs_lost_share"),
                     "got " + describe(*j) +
                         "; expected an array with one share in [0, 1] per "
                         "month of \"months\"");
  } else {
    for (std::size_t i = 0; i < j->size(); ++i) {
      const json& x = (*j)[i];
      if (!x.is_number() || !(x.get<double>() >= 0.0 && x.get<double>() <= 1.0)) {
        o.problems().add(o.at("jobs_lost_share/" + std::to_string(i)),
                         "got " + describe(x) + "; expected a share in [0, 1]");
        continue;
      }
      l.jobs_lost_share.push_back(x.get<double>());
    }
  }
  o.object("sector_multipliers", [&](ObjectReader& x) {
    const json& obj = *o.get("sector_multipliers");
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      double v = std::numeric_limits<double>::quiet_NaN();
      if (it.key().size() != 1 || it.key()[0] < 'A' || it.key()[0] > 'T') {
        x.get(it.key());
        x.problems().add(x.at(it.key()), "unknown key; expected a GB/T 4754 section letter A..T");
        continue;
      }
      x.number(it.key(), v, 0.0, 20.0);
      if (v == v) l.sector_multipliers[it.key()[0]] = v;
    }
  });
  o.number("duration_days", l.duration_days, 1.0, 3650.0);
}

}  // namespace

/// Parses "YYYY-MM" or "YYYY-MM-DD" (with_day) into numbers; false if malformed or not a date.
bool parse_date(const std::string& text, bool with_day, int& year, int& month, int& day) {
  const std::size_t n = with_day ? 10 : 7;
  if (text.size() != n || text[4] != '-' || (with_day && text[7] != '-')) return false;
  for (std::size_t i = 0; i < n; ++i) {
    if (i == 4 || i == 7) continue;
    if (text[i] < '0' || text[i] > '9') return false;
  }
  year = std::stoi(text.substr(0, 4));
  month = std::stoi(text.substr(5, 2));
  day = with_day ? std::stoi(text.substr(8, 2)) : 1;
  if (year < 1800 || year > 2300 || month < 1 || month > 12 || day < 1) return false;
  static constexpr int lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int month_days = lengths[month - 1] + (month == 2 && leap ? 1 : 0);
  return day <= month_days;
}

/// One hazard object: its type picks the reader.
void read_hazard(const json& v, const std::string& pointer, const fs::path& base, Scenario& s,
                 Problems& problems) {
  static const std::vector<std::string> types = {"heat", "flood", "tropical_cyclone", "drought",
                                                 "labour_shock"};
  if (!v.is_object()) {
    problems.add(pointer, "got " + describe(v) + "; expected an object with a \"type\"");
    return;
  }
  ObjectReader o(v, pointer, problems);
  std::string type;
  o.text("type", type, true, types);
  if (type.empty()) return;  // reported; the other keys cannot be checked without a type
  if (s.has_hazard(type)) {
    problems.add(pointer + "/type", "got \"" + type +
                                        "\" a second time; expected each hazard "
                                        "type at most once in a scenario");
    return;
  }
  s.hazard_types.push_back(type);
  s.hazard_pointers[type] = pointer;
  if (type == "heat") read_heat_hazard(o, base, s.hazard);
  if (type == "flood") read_flood_hazard(o, base, s.flood);
  if (type == "tropical_cyclone") read_cyclone_hazard(o, base, s.cyclone);
  if (type == "drought") read_drought_hazard(o, base, s.drought);
  if (type == "labour_shock") read_labour_shock(o, s.labour_shock);
  o.finish();
}

}  // namespace spstress::scenarios::detail

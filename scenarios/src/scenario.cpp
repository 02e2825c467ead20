#include "spstress/scenarios/scenario.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "spstress/core/error.hpp"

namespace spstress::scenarios {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string describe(const json& v) {
  switch (v.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::boolean:
      return std::string("boolean ") + (v.get<bool>() ? "true" : "false");
    case json::value_t::string:
      return "string " + v.dump();
    case json::value_t::array:
      return "an array";
    case json::value_t::object:
      return "an object";
    default:
      return v.dump();
  }
}

std::string fmt(double x) {
  std::ostringstream s;
  s << x;
  return s.str();
}

/// Collects every problem of a scenario instead of stopping at the first, so that `validate`
/// can list them all.
class Problems {
 public:
  explicit Problems(std::string file) : file_(std::move(file)) {}
  void add(const std::string& pointer, const std::string& text) {
    lines_.push_back(file_ + ": " + (pointer.empty() ? "/" : pointer) + ": " + text);
  }
  bool empty() const { return lines_.empty(); }
  std::string text() const {
    std::string out;
    for (std::size_t i = 0; i < lines_.size(); ++i) out += (i ? "\n" : "") + lines_[i];
    return out;
  }

 private:
  std::string file_;
  std::vector<std::string> lines_;
};

/// One JSON object being read: hands out known keys with type and range checks and, on
/// `finish`, reports every key nobody asked for.
class ObjectReader {
 public:
  ObjectReader(const json& obj, std::string pointer, Problems& problems)
      : obj_(obj), pointer_(std::move(pointer)), problems_(problems) {}

  std::string at(const std::string& key) const { return pointer_ + "/" + key; }
  bool has(const std::string& key) const { return obj_.contains(key); }

  const json* get(const std::string& key) {
    seen_.insert(key);
    auto it = obj_.find(key);
    return it == obj_.end() ? nullptr : &*it;
  }

  void number(const std::string& key, double& out, double lo, double hi, bool required = false) {
    const json* v = get(key);
    if (!v) {
      if (required)
        problems_.add(at(key), "missing; expected a number in [" + fmt(lo) + ", " + fmt(hi) + "]");
      return;
    }
    if (!v->is_number()) {
      problems_.add(at(key), "got " + describe(*v) + "; expected a number in [" + fmt(lo) + ", " +
                                 fmt(hi) + "]");
      return;
    }
    const double x = v->get<double>();
    if (!(x >= lo && x <= hi)) {
      problems_.add(at(key),
                    "got " + fmt(x) + "; expected a number in [" + fmt(lo) + ", " + fmt(hi) + "]");
      return;
    }
    out = x;
  }

  void integer(const std::string& key, int& out, int lo, int hi, bool required = false) {
    const json* v = get(key);
    if (!v) {
      if (required)
        problems_.add(at(key), "missing; expected an integer in [" + std::to_string(lo) + ", " +
                                   std::to_string(hi) + "]");
      return;
    }
    if (!v->is_number_integer()) {
      problems_.add(at(key), "got " + describe(*v) + "; expected an integer in [" +
                                 std::to_string(lo) + ", " + std::to_string(hi) + "]");
      return;
    }
    const auto x = v->get<long long>();
    if (x < lo || x > hi) {
      problems_.add(at(key), "got " + std::to_string(x) + "; expected an integer in [" +
                                 std::to_string(lo) + ", " + std::to_string(hi) + "]");
      return;
    }
    out = static_cast<int>(x);
  }

  void text(const std::string& key, std::string& out, bool required = false,
            const std::vector<std::string>& allowed = {}) {
    const json* v = get(key);
    std::string expected = "a string";
    if (!allowed.empty()) {
      expected = "one of";
      for (const auto& a : allowed) expected += " \"" + a + "\"";
    }
    if (!v) {
      if (required) problems_.add(at(key), "missing; expected " + expected);
      return;
    }
    if (!v->is_string()) {
      problems_.add(at(key), "got " + describe(*v) + "; expected " + expected);
      return;
    }
    const auto s = v->get<std::string>();
    if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), s) == allowed.end()) {
      problems_.add(at(key), "got \"" + s + "\"; expected " + expected);
      return;
    }
    out = s;
  }

  /// A file path relative to `base`; checked to exist and be a regular file.
  void file(const std::string& key, std::string& out, const fs::path& base, bool required = true) {
    std::string rel;
    const bool present = has(key);
    text(key, rel, required);
    if (!present || rel.empty()) {
      if (present) problems_.add(at(key), "got an empty string; expected a file path");
      return;
    }
    fs::path p(rel);
    if (p.is_relative()) p = base / p;
    std::error_code ec;
    p = fs::weakly_canonical(p, ec);
    if (!fs::is_regular_file(p, ec)) {
      problems_.add(at(key), "file not found: " + p.string());
      return;
    }
    out = p.string();
  }

  /// Calls `read` with a reader for the sub-object `key`, if present.
  void object(const std::string& key, const std::function<void(ObjectReader&)>& read,
              bool required = false) {
    const json* v = get(key);
    if (!v) {
      if (required) problems_.add(at(key), "missing; expected an object");
      return;
    }
    if (!v->is_object()) {
      problems_.add(at(key), "got " + describe(*v) + "; expected an object");
      return;
    }
    ObjectReader sub(*v, at(key), problems_);
    read(sub);
    sub.finish();
  }

  void finish() {
    for (auto it = obj_.begin(); it != obj_.end(); ++it) {
      if (!seen_.count(it.key()))
        problems_.add(at(it.key()), "unknown key; expected one of: " + known_list());
    }
  }

  Problems& problems() { return problems_; }
  const std::string& pointer() const { return pointer_; }

 private:
  std::string known_list() const {
    std::string s;
    for (const auto& k : seen_) s += (s.empty() ? "" : ", ") + k;
    return s;
  }

  const json& obj_;
  std::string pointer_;
  Problems& problems_;
  std::set<std::string> seen_;
};

/// Every numeric parameter that an ensemble member may draw, by JSON pointer. Hazard
/// parameters sit under the pointer of their hazard's object ("/hazard" or "/hazard/N").
std::map<std::string, double*> numeric_parameters(Scenario& s) {
  std::map<std::string, double*> out = {
      {"/heat/sun_delta_deg_c", &s.heat.sun_delta_deg_c},
      {"/labour/separation_elasticity", &s.labour.separation_elasticity},
      {"/labour/sigma0_share", &s.labour.sigma0_share},
      {"/labour/tau_sep_days", &s.labour.tau_sep_days},
      {"/labour/reemployment_hazard_per_month", &s.labour.reemployment_hazard_per_month},
      {"/labour/exposure_wbgt_threshold_deg_c", &s.labour.exposure_wbgt_threshold_deg_c},
      {"/labour/migrant_separated_share", &s.labour.migrant_separated_share},
      {"/ui/benefit_min_wage_share", &s.ui.benefit_min_wage_share},
      {"/ui/interest_rate_per_year_share", &s.ui.interest_rate_per_year_share},
      {"/ui/exit_hazard_per_month", &s.ui.exit_hazard_per_month},
      {"/ui/exit_elasticity_to_unemployment", &s.ui.exit_elasticity_to_unemployment},
      {"/ui/duration_dependence_per_month", &s.ui.duration_dependence_per_month},
      {"/ui/qualifying_share", &s.ui.qualifying_share},
      {"/ui/involuntary_share", &s.ui.involuntary_share},
      {"/ui/takeup_share", &s.ui.takeup_share},
      {"/social_assistance/gini_urban_share", &s.sa.gini_urban_share},
      {"/social_assistance/gini_rural_share", &s.sa.gini_rural_share},
      {"/social_assistance/takeup_current_share", &s.sa.takeup_current_share},
      {"/social_assistance/takeup_new_share", &s.sa.takeup_new_share},
      {"/social_assistance/ta_case_share", &s.sa.ta_case_share},
      {"/social_assistance/ta_months_of_standard", &s.sa.ta_months_of_standard},
      {"/social_assistance/earner_income_share", &s.sa.earner_income_share},
  };
  const auto pointer = [&](const std::string& type) {
    auto it = s.hazard_pointers.find(type);
    return it == s.hazard_pointers.end() ? std::string() : it->second;
  };
  if (s.has_hazard("heat")) {
    const std::string h = pointer("heat");
    out[h + "/anomaly/delta_deg_c"] = &s.hazard.anomaly.delta_deg_c;
    out[h + "/diurnal_range_deg_c"] = &s.hazard.diurnal_range_deg_c;
    out[h + "/relative_humidity_pct"] = &s.hazard.relative_humidity_pct;
  }
  const auto bi = [&](const std::string& h, BusinessInterruptionSpec& b) {
    const std::string p = h + "/business_interruption/";
    out[p + "capital_to_value_added_years"] = &b.capital_to_value_added_years;
    out[p + "t_clean_days"] = &b.t_clean_days;
    out[p + "t_rebuild_services_days"] = &b.t_rebuild_services_days;
    out[p + "t_rebuild_industrial_days"] = &b.t_rebuild_industrial_days;
    out[p + "employment_elasticity"] = &b.employment_elasticity;
    out[p + "stoppage_allowance_to_minimum_wage_share"] =
        &b.stoppage_allowance_to_minimum_wage_share;
  };
  if (s.has_hazard("flood")) bi(pointer("flood"), s.flood.business_interruption);
  if (s.has_hazard("tropical_cyclone"))
    bi(pointer("tropical_cyclone"), s.cyclone.business_interruption);
  if (s.has_hazard("drought")) {
    const std::string h = pointer("drought");
    out[h + "/threshold_index"] = &s.drought.threshold_index;
    out[h + "/beta_per_index_unit"] = &s.drought.beta_per_index_unit;
    out[h + "/operating_income_share"] = &s.drought.operating_income_share;
  }
  return out;
}

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
    x.number("stoppage_allowance_to_minimum_wage_share",
             b.stoppage_allowance_to_minimum_wage_share, 0.0, 1.0);
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
  o.text("work_capacity_function", h.work_capacity_function, false,
         {"hothaps", "dunne", "foster"});
  o.object("humidity", [&](ObjectReader& x) {
    x.text("kind", h.humidity_kind, true,
           {"relative_humidity", "specific_humidity", "dew_point"});
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
        m.problems().add(m.at(it.key()),
                         "unknown key; expected a GB/T 4754 section letter A..T");
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
    o.problems().add(o.at("v_half_m_s"), "got " + fmt(c.v_half_m_s) +
                                             "; expected more than v_thresh_m_s = " +
                                             fmt(c.v_thresh_m_s));
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
    o.problems().add(o.at("pet_file"), "given, but only \"index\": \"spei\" computed from "
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

/// One hazard object: its type picks the reader.
void read_hazard(const json& v, const std::string& pointer, const fs::path& base, Scenario& s,
                 Problems& problems) {
  static const std::vector<std::string> types = {"heat", "flood", "tropical_cyclone", "drought"};
  if (!v.is_object()) {
    problems.add(pointer, "got " + describe(v) + "; expected an object with a \"type\"");
    return;
  }
  ObjectReader o(v, pointer, problems);
  std::string type;
  o.text("type", type, true, types);
  if (type.empty()) return;  // reported; the other keys cannot be checked without a type
  if (s.has_hazard(type)) {
    problems.add(pointer + "/type", "got \"" + type + "\" a second time; expected each hazard "
                                    "type at most once in a scenario");
    return;
  }
  s.hazard_types.push_back(type);
  s.hazard_pointers[type] = pointer;
  if (type == "heat") read_heat_hazard(o, base, s.hazard);
  if (type == "flood") read_flood_hazard(o, base, s.flood);
  if (type == "tropical_cyclone") read_cyclone_hazard(o, base, s.cyclone);
  if (type == "drought") read_drought_hazard(o, base, s.drought);
  o.finish();
}

void read_scenario(const json& root, const fs::path& base, Scenario& s, Problems& problems) {
  if (!root.is_object()) {
    problems.add("", "got " + describe(root) + "; expected a JSON object");
    return;
  }
  ObjectReader r(root, "", problems);
  r.text("name", s.name, true);
  if (r.has("name") && s.name.empty())
    problems.add("/name", "got an empty string; expected a scenario name");
  for (char c : s.name) {
    if (c == '/' || c == '\\') {
      problems.add("/name", "got \"" + s.name +
                                "\"; expected a name without slashes (it names the output folder)");
      break;
    }
  }
  r.text("description", s.description);
  r.text("attribution", s.attribution);
  r.text("currency", s.currency, false, {"CNY"});
  r.integer("price_base_year", s.price_base_year, 1990, 2100);
  {
    const json* v = r.get("seed");
    if (v) {
      if (!v->is_number_unsigned() && !(v->is_number_integer() && v->get<long long>() >= 0)) {
        problems.add("/seed", "got " + describe(*v) + "; expected a non-negative integer");
      } else {
        s.seed = v->get<std::uint64_t>();
      }
    }
  }
  r.integer("members", s.members, 1, 100000);
  r.integer("horizon_months", s.horizon_months, 1, 240);
  r.object(
      "regions",
      [&](ObjectReader& o) {
        o.file("file", s.regions.file, base);
        o.text("id_field", s.regions.id_field);
        o.text("name_field", s.regions.name_field);
        o.text("where", s.regions.where);
      },
      true);
  r.object(
      "exposure",
      [&](ObjectReader& o) {
        o.file("file", s.exposure_file, base);
        o.object("sector_files", [&](ObjectReader& m) {
          const json& obj = *o.get("sector_files");
          for (auto it = obj.begin(); it != obj.end(); ++it) {
            if (it.key().size() != 1 || it.key()[0] < 'A' || it.key()[0] > 'T') {
              m.get(it.key());
              m.problems().add(m.at(it.key()),
                               "unknown key; expected a GB/T 4754 section letter A..T");
              continue;
            }
            std::string path;
            m.file(it.key(), path, base);
            if (!path.empty()) s.sector_exposure_files[it.key()[0]] = path;
          }
        });
      },
      true);
  r.file("province_table", s.province_table_file, base);
  r.file("sectors", s.sectors_file, base);
  {
    const json* hz = r.get("hazard");
    if (!hz) {
      problems.add("/hazard", "missing; expected a hazard object or an array of them");
    } else if (hz->is_array()) {
      if (hz->empty())
        problems.add("/hazard", "got an empty array; expected at least one hazard object");
      for (std::size_t i = 0; i < hz->size(); ++i)
        read_hazard((*hz)[i], "/hazard/" + std::to_string(i), base, s, problems);
    } else {
      read_hazard(*hz, "/hazard", base, s, problems);
    }
  }
  {
    std::string start;
    r.text("start_month", start);
    int day = 1;
    if (!start.empty() && !parse_date(start, false, s.start_year, s.start_month, day)) {
      problems.add("/start_month", "got \"" + start + "\"; expected a month \"YYYY-MM\"");
      s.start_year = s.start_month = 0;
    }
  }
  r.object("indirect", [&](ObjectReader& o) {
    s.indirect.enabled = true;
    o.file("io_table_file", s.indirect.io_table_file, base);
    o.number("recovery_target_share", s.indirect.recovery_target_share, 1e-6, 0.5);
  });
  r.object("heat", [&](ObjectReader& o) {
    o.number("hours_at_max", s.heat.hours_at_max, 0.0, 24.0);
    o.number("hours_at_half", s.heat.hours_at_half, 0.0, 24.0);
    o.number("hours_at_mean", s.heat.hours_at_mean, 0.0, 24.0);
    o.number("sun_delta_deg_c", s.heat.sun_delta_deg_c, 0.0, 10.0);
  });
  if (s.heat.hours_at_max + s.heat.hours_at_half + s.heat.hours_at_mean > 24.0) {
    problems.add("/heat", "the three blocks add up to more than 24 hours; expected at most 24");
  }
  r.object("labour", [&](ObjectReader& o) {
    o.number("work_days_per_month", s.labour.work_days_per_month, 1.0, 31.0);
    o.number("hours_per_work_day", s.labour.hours_per_work_day, 1.0, 24.0);
    o.number("separation_elasticity", s.labour.separation_elasticity, 0.0, 1.0);
    o.number("sigma0_share", s.labour.sigma0_share, 0.0, 1.0);
    o.number("tau_sep_days", s.labour.tau_sep_days, 1.0, 3650.0);
    o.number("reemployment_hazard_per_month", s.labour.reemployment_hazard_per_month, 0.0, 1.0);
    o.number("exposure_wbgt_threshold_deg_c", s.labour.exposure_wbgt_threshold_deg_c, 0.0, 60.0);
    o.number("migrant_wage_cny_per_month", s.labour.migrant_wage_cny_per_month, 0.0, 1e6);
    o.number("migrant_separated_share", s.labour.migrant_separated_share, 0.0, 1.0);
    o.number("migrant_insured_share", s.labour.migrant_insured_share, 0.0, 1.0);
  });
  r.object("ui", [&](ObjectReader& o) {
    o.number("benefit_min_wage_share", s.ui.benefit_min_wage_share, 0.0, 2.0);
    o.text("min_wage_tier", s.ui.min_wage_tier, false, {"lowest", "tier1"});
    o.number("contribution_rate_share", s.ui.contribution_rate_share, 0.0, 0.2);
    o.number("interest_rate_per_year_share", s.ui.interest_rate_per_year_share, 0.0, 0.2);
    o.number("exit_hazard_per_month", s.ui.exit_hazard_per_month, 0.0, 1.0);
    o.number("exit_elasticity_to_unemployment", s.ui.exit_elasticity_to_unemployment, 0.0, 5.0);
    o.number("duration_dependence_per_month", s.ui.duration_dependence_per_month, 0.0, 1.0);
    o.number("qualifying_share", s.ui.qualifying_share, 0.0, 1.0);
    o.number("involuntary_share", s.ui.involuntary_share, 0.0, 1.0);
    o.number("takeup_share", s.ui.takeup_share, 0.0, 1.0);
    o.number("floor_months_of_outlay", s.ui.floor_months_of_outlay, 0.0, 120.0);
    const json* mix = o.get("entitlement_mix");
    if (mix) {
      std::vector<EntitlementSpec> out;
      bool ok = mix->is_array() && !mix->empty();
      if (!ok)
        o.problems().add(
            o.at("entitlement_mix"),
            "got " + describe(*mix) + "; expected a non-empty array of {\"months\", \"share\"}");
      double total = 0.0;
      for (std::size_t i = 0; ok && i < mix->size(); ++i) {
        const json& e = (*mix)[i];
        if (!e.is_object()) {
          o.problems().add(o.at("entitlement_mix/" + std::to_string(i)),
                           "got " + describe(e) + "; expected an object {\"months\", \"share\"}");
          ok = false;
          break;
        }
        ObjectReader er(e, o.at("entitlement_mix/" + std::to_string(i)), o.problems());
        EntitlementSpec spec{0, -1.0};
        er.integer("months", spec.months, 1, 120, true);
        er.number("share", spec.share, 0.0, 1.0, true);
        er.finish();
        if (spec.months < 1 || spec.share < 0.0) ok = false;
        total += spec.share;
        out.push_back(spec);
      }
      if (ok && std::abs(total - 1.0) > 1e-6) {
        o.problems().add(o.at("entitlement_mix"),
                         "shares add up to " + fmt(total) + "; expected 1");
        ok = false;
      }
      if (ok) s.ui.entitlement_mix = out;
    }
  });
  r.object("social_assistance", [&](ObjectReader& o) {
    o.number("gini_urban_share", s.sa.gini_urban_share, 0.05, 0.95);
    o.number("gini_rural_share", s.sa.gini_rural_share, 0.05, 0.95);
    o.number("takeup_current_share", s.sa.takeup_current_share, 0.01, 1.0);
    o.number("takeup_new_share", s.sa.takeup_new_share, 0.0, 1.0);
    o.number("ta_case_share", s.sa.ta_case_share, 0.0, 1.0);
    o.number("ta_months_of_standard", s.sa.ta_months_of_standard, 0.0, 24.0);
    o.number("earner_income_share", s.sa.earner_income_share, 0.0, 0.99);
    o.number("reserve_share_of_baseline_cost", s.sa.reserve_share_of_baseline_cost, 0.0, 10.0);
  });
  {
    const json* ov = r.get("province_overrides");
    if (ov) {
      if (!ov->is_object()) {
        problems.add(
            "/province_overrides",
            "got " + describe(*ov) + "; expected an object {\"CN-XX\": {\"indicator\": number}}");
      } else {
        for (auto it = ov->begin(); it != ov->end(); ++it) {
          const std::string where = "/province_overrides/" + it.key();
          if (!it->is_object()) {
            problems.add(where,
                         "got " + describe(*it) + "; expected an object {\"indicator\": number}");
            continue;
          }
          for (auto jt = it->begin(); jt != it->end(); ++jt) {
            if (!jt->is_number() || !(jt->get<double>() >= 0.0) ||
                !std::isfinite(jt->get<double>())) {
              problems.add(where + "/" + jt.key(),
                           "got " + describe(*jt) + "; expected a non-negative number");
              continue;
            }
            s.province_overrides[it.key()][jt.key()] = jt->get<double>();
          }
        }
      }
    }
  }
  {
    const json* un = r.get("uncertainty");
    if (un) {
      if (!un->is_array()) {
        problems.add(
            "/uncertainty",
            "got " + describe(*un) + "; expected an array of {\"parameter\", \"low\", \"high\"}");
      } else {
        Scenario probe = s;
        const auto params = numeric_parameters(probe);
        for (std::size_t i = 0; i < un->size(); ++i) {
          const std::string where = "/uncertainty/" + std::to_string(i);
          const json& e = (*un)[i];
          if (!e.is_object()) {
            problems.add(where, "got " + describe(e) +
                                    "; expected an object {\"parameter\", \"low\", \"high\"}");
            continue;
          }
          ObjectReader er(e, where, problems);
          UncertainParameter u;
          u.low = std::numeric_limits<double>::quiet_NaN();
          u.high = u.low;
          er.text("parameter", u.path, true);
          er.number("low", u.low, -1e12, 1e12, true);
          er.number("high", u.high, -1e12, 1e12, true);
          er.finish();
          if (!u.path.empty() && !params.count(u.path)) {
            std::string names;
            for (const auto& [k, _] : params) names += (names.empty() ? "" : ", ") + k;
            problems.add(where + "/parameter", "got \"" + u.path + "\"; expected one of " + names);
            continue;
          }
          if (u.low == u.low && u.high == u.high && !(u.low <= u.high)) {
            problems.add(where, "low " + fmt(u.low) + " is above high " + fmt(u.high));
            continue;
          }
          if (!u.path.empty() && u.low == u.low && u.high == u.high) s.uncertainty.push_back(u);
        }
      }
    }
  }
  {
    const json* as = r.get("assumptions");
    if (as) {
      if (!as->is_object()) {
        problems.add("/assumptions", "got " + describe(*as) + "; expected an object of texts");
      } else {
        for (auto it = as->begin(); it != as->end(); ++it) {
          if (!it->is_string()) {
            problems.add("/assumptions/" + it.key(), "got " + describe(*it) + "; expected a text");
          } else {
            s.assumptions[it.key()] = it->get<std::string>();
          }
        }
      }
    }
  }
  r.finish();
}

}  // namespace

Scenario load_scenario(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot open the scenario file");
  std::ostringstream buf;
  buf << in.rdbuf();
  json root;
  try {
    root = json::parse(buf.str());
  } catch (const json::parse_error& e) {
    throw InputError(path + ": not valid JSON: " + e.what());
  }
  Scenario s;
  std::error_code ec;
  s.source_path = fs::weakly_canonical(fs::path(path), ec).string();
  const fs::path base = fs::path(s.source_path).parent_path();
  Problems problems(path);
  read_scenario(root, base, s, problems);
  if (!problems.empty()) throw InputError(problems.text());
  // Values drawn for members must stay inside what validation accepts.
  for (const auto& u : s.uncertainty) {
    Scenario probe = s;
    set_parameter(probe, u.path, u.low);
    set_parameter(probe, u.path, u.high);
  }
  return s;
}

void set_parameter(Scenario& scenario, const std::string& pointer, double value) {
  auto params = numeric_parameters(scenario);
  auto it = params.find(pointer);
  if (it == params.end())
    throw InputError("uncertainty: parameter \"" + pointer +
                     "\" is not a numeric scenario parameter");
  if (!std::isfinite(value))
    throw InputError("uncertainty: " + pointer + ": got a non-finite value");
  *it->second = value;
}

std::string default_scenario_path() {
  std::vector<fs::path> candidates;
  if (const char* env = std::getenv("SPSTRESS_DATA_DIR"))
    candidates.emplace_back(fs::path(env) / "scenarios/default.json");
  candidates.emplace_back(fs::path(SPSTRESS_SOURCE_DATA_DIR) / "scenarios/default.json");
  candidates.emplace_back(fs::path(SPSTRESS_INSTALL_DATA_DIR) / "scenarios/default.json");
  std::error_code ec;
  for (const auto& c : candidates) {
    if (fs::is_regular_file(c, ec)) return c.string();
  }
  std::string tried;
  for (const auto& c : candidates) tried += "\n  " + c.string();
  throw InputError("the default scenario was not found; looked in:" + tried +
                   "\nset SPSTRESS_DATA_DIR to the data folder of spstress");
}

}  // namespace spstress::scenarios

#include "spstress/scenarios/scenario.hpp"

#include "json_reader.hpp"

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

using detail::describe;
using detail::fmt;
using detail::json;
using detail::ObjectReader;
using detail::Problems;
namespace fs = std::filesystem;

/// Reads [{<key>: integer, "share": number}, ...] whose shares add up to 1 (to 1e-6).
bool read_shares(const json& v, const std::string& pointer, const char* key, int lo, int hi,
                 Problems& problems, std::vector<std::pair<int, double>>& out) {
  const std::string expected = std::string("a non-empty array of {\"") + key + "\", \"share\"}";
  if (!v.is_array() || v.empty()) {
    problems.add(pointer, "got " + describe(v) + "; expected " + expected);
    return false;
  }
  double total = 0.0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const std::string at = pointer + "/" + std::to_string(i);
    if (!v[i].is_object()) {
      problems.add(at, "got " + describe(v[i]) + "; expected " + expected);
      return false;
    }
    ObjectReader er(v[i], at, problems);
    int k = lo - 1;
    double share = -1.0;
    er.integer(key, k, lo, hi, true);
    er.number("share", share, 0.0, 1.0, true);
    er.finish();
    if (k < lo || share < 0.0) return false;
    total += share;
    out.emplace_back(k, share);
  }
  if (std::abs(total - 1.0) > 1e-6) {
    problems.add(pointer, "shares add up to " + fmt(total) + "; expected 1");
    return false;
  }
  return true;
}

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
        detail::read_hazard((*hz)[i], "/hazard/" + std::to_string(i), base, s, problems);
    } else {
      detail::read_hazard(*hz, "/hazard", base, s, problems);
    }
  }
  {
    std::string start;
    r.text("start_month", start);
    int day = 1;
    if (!start.empty() && !detail::parse_date(start, false, s.start_year, s.start_month, day)) {
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
    o.number("living_allowance_benefit_share", s.ui.living_allowance_benefit_share, 0.0, 2.0);
    o.integer("living_allowance_months", s.ui.living_allowance_months, 1, 24);
    o.number("living_allowance_takeup_share", s.ui.living_allowance_takeup_share, 0.0, 1.0);
    o.number("refund_share_of_annual_contributions", s.ui.refund_share_of_annual_contributions, 0.0,
             1.0);
    o.number("short_time_work_replacement_share", s.ui.short_time_work_replacement_share, 0.0, 1.0);
    o.number("unemployment_subsidy_benefit_share", s.ui.unemployment_subsidy_benefit_share, 0.0,
             1.0);
    o.integer("unemployment_subsidy_months", s.ui.unemployment_subsidy_months, 1, 24);
    o.number("refund_layoff_threshold_share", s.ui.refund_layoff_threshold_share, 0.001, 0.999);
    o.number("refund_layoff_concentration", s.ui.refund_layoff_concentration, 0.1, 1000.0);
    o.boolean("national_pooling", s.ui.national_pooling);
    o.number("contribution_exemption_share", s.ui.contribution_exemption_share, 0.0, 1.0);
    for (const char* key : {"contribution_exemption_first", "contribution_exemption_last"}) {
      std::string text;
      o.text(key, text);
      int day = 1;
      auto& target = std::string(key) == "contribution_exemption_first"
                         ? s.ui.contribution_exemption_first
                         : s.ui.contribution_exemption_last;
      if (!text.empty() && !detail::parse_date(text, false, target.first, target.second, day))
        o.problems().add(o.at(key), "got \"" + text + "\"; expected a month \"YYYY-MM\"");
    }
    if (s.ui.contribution_exemption_share > 0.0 &&
        (s.ui.contribution_exemption_first.first == 0 ||
         s.ui.contribution_exemption_last.first == 0 ||
         s.ui.contribution_exemption_last < s.ui.contribution_exemption_first)) {
      o.problems().add(o.at("contribution_exemption_share"),
                       "expected contribution_exemption_first and _last (\"YYYY-MM\", first <= "
                       "last) with an exemption");
    }
    if (const json* mix = o.get("entitlement_mix")) {
      std::vector<std::pair<int, double>> pairs;
      if (read_shares(*mix, o.at("entitlement_mix"), "months", 1, 120, o.problems(), pairs)) {
        s.ui.entitlement_mix.clear();
        for (const auto& [m, sh] : pairs) s.ui.entitlement_mix.push_back({m, sh});
      }
    }
    // D(Y): the maximum duration by full years of contributions (失业保险条例 1999 Art. 17),
    // applied to a tenure distribution when one is given.
    if (const json* sched = o.get("duration_schedule")) {
      bool ok = sched->is_array() && !sched->empty();
      std::vector<std::pair<int, int>> steps;
      for (std::size_t i = 0; ok && i < sched->size(); ++i) {
        const json& e = (*sched)[i];
        const std::string at = o.at("duration_schedule/" + std::to_string(i));
        if (!e.is_object()) {
          o.problems().add(at, "got " + describe(e) + "; expected {\"min_years\", \"months\"}");
          ok = false;
          break;
        }
        ObjectReader er(e, at, o.problems());
        int years = -1, months = -1;
        er.integer("min_years", years, 0, 60, true);
        er.integer("months", months, 1, 120, true);
        er.finish();
        if (years < 0 || months < 1) {
          ok = false;
        } else if (!steps.empty() && !(years > steps.back().first)) {
          o.problems().add(at + "/min_years", "got " + std::to_string(years) +
                                                  "; expected steps in increasing min_years");
          ok = false;
        } else {
          steps.emplace_back(years, months);
        }
      }
      if (!sched->is_array() || sched->empty())
        o.problems().add(o.at("duration_schedule"),
                         "got " + describe(*sched) +
                             "; expected a non-empty array of {\"min_years\", \"months\"}");
      if (ok) s.ui.duration_schedule = steps;
    }
    if (const json* tenure = o.get("tenure_distribution")) {
      std::vector<std::pair<int, double>> pairs;
      if (read_shares(*tenure, o.at("tenure_distribution"), "years", 1, 60, o.problems(), pairs)) {
        std::map<int, double> mix;
        bool covered = true;
        for (const auto& [years, share] : pairs) {
          int months = 0;
          for (const auto& [min_years, m] : s.ui.duration_schedule)
            if (years >= min_years) months = m;
          if (months == 0) {
            o.problems().add(o.at("tenure_distribution"),
                             std::to_string(years) +
                                 " years of contributions reach no step of duration_schedule");
            covered = false;
            break;
          }
          mix[months] += share;
        }
        if (covered) {
          s.ui.entitlement_mix.clear();
          for (const auto& [m, sh] : mix) s.ui.entitlement_mix.push_back({m, sh});
          if (o.has("entitlement_mix"))
            o.problems().add(o.at("tenure_distribution"),
                             "given with entitlement_mix; expected one of the two");
        }
      }
    }
    if (const json* by = o.get("entitlement_mix_by_region")) {
      if (!by->is_object()) {
        o.problems().add(
            o.at("entitlement_mix_by_region"),
            "got " + describe(*by) + "; expected {\"CN-XX\": [{\"months\", \"share\"}]}");
      } else {
        for (auto it = by->begin(); it != by->end(); ++it) {
          std::vector<std::pair<int, double>> pairs;
          if (!read_shares(*it, o.at("entitlement_mix_by_region/" + it.key()), "months", 1, 120,
                           o.problems(), pairs))
            continue;
          auto& mix = s.ui.entitlement_mix_by_region[it.key()];
          for (const auto& [m, sh] : pairs) mix.push_back({m, sh});
        }
      }
    }
  });
  r.object("c102", [&](ObjectReader& o) {
    o.number("reference_wage_cny_per_month", s.c102.reference_wage_cny_per_month, 0.0, 1e6);
    o.number("waiting_days", s.c102.waiting_days, 0.0, 365.0);
    o.number("qualifying_months", s.c102.qualifying_months, 0.0, 120.0);
    o.number("employee_contribution_share", s.c102.employee_contribution_share, 0.0, 1.0);
    o.boolean("suspension_grounds_allowed", s.c102.suspension_grounds_allowed);
    o.boolean("covers_partial_unemployment", s.c102.covers_partial_unemployment);
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
    o.number("standard_multiplier", s.sa.standard_multiplier, 0.1, 10.0);
    o.number("gap_ratio_urban_share", s.sa.gap_ratio_urban_share, 0.0, 0.99);
    o.number("gap_ratio_rural_share", s.sa.gap_ratio_rural_share, 0.0, 0.99);
    o.number("transitional_relief_cny_per_person_day", s.sa.transitional_relief_cny_per_person_day,
             0.0, 1000.0);
    o.number("transitional_relief_days", s.sa.transitional_relief_days, 0.0, 365.0);
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
    const json* op = r.get("options");
    if (op) {
      static const std::vector<std::string> kinds = {
          "vertical_expansion",        "horizontal_expansion",
          "relaxed_ui_eligibility",    "migrant_informal_extension",
          "job_stabilisation_refunds", "short_time_work",
          "national_pooling"};
      if (!op->is_array()) {
        problems.add("/options", "got " + describe(*op) + "; expected an array of options");
      } else {
        std::set<std::string> labels;
        for (std::size_t i = 0; i < op->size(); ++i) {
          const std::string where = "/options/" + std::to_string(i);
          const json& e = (*op)[i];
          if (!e.is_object()) {
            problems.add(where, "got " + describe(e) + "; expected an object with a \"kind\"");
            continue;
          }
          ObjectReader o(e, where, problems);
          PolicyOption x;
          o.text("kind", x.kind, true, kinds);
          o.text("label", x.label);
          if (x.label.empty()) x.label = x.kind;
          if (x.kind == "vertical_expansion") {
            o.number("ui_benefit_increase_share", x.ui_benefit_increase_share, 0.0, 2.0);
            o.number("dibao_standard_increase_share", x.dibao_standard_increase_share, 0.0, 2.0);
          } else if (x.kind == "horizontal_expansion") {
            o.number("takeup_new_share", x.takeup_new_share, 0.0, 1.0);
            o.number("ta_case_share", x.ta_case_share, 0.0, 1.0);
          } else if (x.kind == "relaxed_ui_eligibility") {
            o.number("qualifying_share", x.qualifying_share, 0.0, 1.0);
            o.number("involuntary_share", x.involuntary_share, 0.0, 1.0);
            o.integer("extra_entitlement_months", x.extra_entitlement_months, 0, 24);
          } else if (x.kind == "migrant_informal_extension") {
            o.number("allowance_benefit_share", x.allowance_benefit_share, 0.0, 2.0);
            o.integer("allowance_months", x.allowance_months, 1, 24);
            o.number("allowance_takeup_share", x.allowance_takeup_share, 0.0, 1.0);
          } else if (x.kind == "job_stabilisation_refunds") {
            o.number("retention_effect_share", x.retention_effect_share, 0.0, 0.3);
            o.number("refund_share_of_annual_contributions", x.refund_share_of_annual_contributions,
                     0.0, 1.0);
          } else if (x.kind == "short_time_work") {
            o.number("short_time_work_replacement_share", x.short_time_work_replacement_share, 0.0,
                     1.0);
          }
          o.finish();
          if (x.kind.empty()) continue;
          if (x.label == "none") {
            problems.add(where + "/label",
                         "got \"none\"; expected another name (\"none\" is the "
                         "scenario without options in options.csv)");
            continue;
          }
          if (!labels.insert(x.label).second) {
            problems.add(where + "/label", "got \"" + x.label +
                                               "\" a second time; expected a name unique among "
                                               "the options (give each a label)");
            continue;
          }
          s.options.push_back(x);
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

Scenario apply_option(const Scenario& scenario, const PolicyOption& o) {
  Scenario s = scenario;
  if (o.kind == "vertical_expansion") {
    s.ui.benefit_min_wage_share *= 1.0 + o.ui_benefit_increase_share;
    s.sa.standard_multiplier *= 1.0 + o.dibao_standard_increase_share;
  } else if (o.kind == "horizontal_expansion") {
    s.sa.takeup_new_share = std::max(s.sa.takeup_new_share, o.takeup_new_share);
    s.sa.ta_case_share = std::max(s.sa.ta_case_share, o.ta_case_share);
  } else if (o.kind == "relaxed_ui_eligibility") {
    s.ui.qualifying_share = std::max(s.ui.qualifying_share, o.qualifying_share);
    s.ui.involuntary_share = std::max(s.ui.involuntary_share, o.involuntary_share);
    for (auto& e : s.ui.entitlement_mix) e.months += o.extra_entitlement_months;
    for (auto& [code, mix] : s.ui.entitlement_mix_by_region)
      for (auto& e : mix) e.months += o.extra_entitlement_months;
    s.c102.qualifying_months = std::min(s.c102.qualifying_months, 6.0);
  } else if (o.kind == "migrant_informal_extension") {
    s.ui.living_allowance_benefit_share = o.allowance_benefit_share;
    s.ui.living_allowance_months = o.allowance_months;
    s.ui.living_allowance_takeup_share = o.allowance_takeup_share;
  } else if (o.kind == "job_stabilisation_refunds") {
    s.labour.sigma0_share *= 1.0 - o.retention_effect_share;
    s.labour.tau_sep_days *= 1.0 + o.retention_effect_share;
    s.ui.refund_share_of_annual_contributions = o.refund_share_of_annual_contributions;
  } else if (o.kind == "short_time_work") {
    s.ui.short_time_work_replacement_share = o.short_time_work_replacement_share;
    s.c102.covers_partial_unemployment = true;
  } else if (o.kind == "national_pooling") {
    s.ui.national_pooling = true;
  } else {
    throw InternalError("apply_option: unknown kind \"" + o.kind + "\"");
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

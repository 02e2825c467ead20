#include "spstress/scenarios/writers.hpp"

#include <charconv>
#include <cmath>
#include <map>
#include <system_error>
#include <vector>

#include <nlohmann/json.hpp>

#include "spstress/core/error.hpp"
#include "spstress/scenarios/atomic_file.hpp"

namespace spstress::scenarios {
namespace {

/// "%.10g" without the C locale dependence of printf (a host program that calls setlocale
/// must not turn "0.5" into "0,5"). Negative zero is written "0" so that a value that merely
/// rounds through zero from below does not differ between otherwise identical runs. Infinities
/// are a bug upstream: the model produces NaN for "no value" and finite numbers otherwise.
std::string format_number(double value, const std::string& where) {
  if (std::isnan(value)) return {};
  if (std::isinf(value)) {
    throw InternalError(where + ": value is " + (value > 0 ? "+inf" : "-inf") +
                        "; expected a finite number or NaN (no value)");
  }
  if (value == 0.0) return "0";
  char buffer[64];
  const auto [end, ec] =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general, 10);
  if (ec != std::errc()) throw InternalError(where + ": cannot format number");
  return std::string(buffer, end);
}

/// RFC 4180: a field is quoted when it holds a comma, a quote or a line break, and quotes
/// inside are doubled.
std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

void append_row(std::string& out, const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    out += csv_field(fields[i]);
  }
  out += '\n';
}

const Quantiles& quantiles_of(const std::map<std::string, Quantiles>& metrics,
                              const std::string& metric, const std::string& owner) {
  const auto it = metrics.find(metric);
  if (it == metrics.end()) {
    throw InternalError(owner + ": no value for headline metric '" + metric + "'");
  }
  return it->second;
}

/// NaN → null (no value); -0 → 0 for the same reason as in format_number.
nlohmann::ordered_json json_number(double value, const std::string& where) {
  if (std::isnan(value)) return nullptr;
  if (std::isinf(value)) {
    throw InternalError(where + ": value is " + (value > 0 ? "+inf" : "-inf") +
                        "; expected a finite number or NaN (no value)");
  }
  return value == 0.0 ? 0.0 : value;
}

/// A headline figure: the plain value for a single run, its spread over members otherwise.
nlohmann::ordered_json json_quantiles(const Quantiles& q, int members, const std::string& where) {
  if (members <= 1) return json_number(q.p50, where);
  nlohmann::ordered_json spread = nlohmann::ordered_json::object();
  spread["p5"] = json_number(q.p5, where + " p5");
  spread["p50"] = json_number(q.p50, where + " p50");
  spread["p95"] = json_number(q.p95, where + " p95");
  return spread;
}

nlohmann::ordered_json json_headlines(const std::map<std::string, Quantiles>& metrics, int members,
                                      const std::string& owner) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const MetricInfo& info : headline_metrics()) {
    out[info.name] =
        json_quantiles(quantiles_of(metrics, info.name, owner), members, owner + " " + info.name);
  }
  return out;
}

/// Benchmarks carry their value as text; when the whole text is one finite number it is
/// written as a JSON number so that readers can compute with it, anything else stays text.
nlohmann::ordered_json benchmark_value(const std::string& text) {
  double value = 0.0;
  const char* const end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (!text.empty() && ec == std::errc() && ptr == end && std::isfinite(value)) return value;
  return text;
}

}  // namespace

void write_results_csv(const RunResults& results, const std::string& path) {
  std::string out = "scenario,member,region_code,region_name,period,metric,value,unit\n";
  const std::string& scenario = results.provenance.scenario_name;
  for (std::size_t i = 0; i < results.rows.size(); ++i) {
    const MetricRow& row = results.rows[i];
    const std::string where = path + ": row " + std::to_string(i + 1) + " (" + row.region_code +
                              " " + row.period + " " + row.metric + ")";
    append_row(out, {scenario, std::to_string(row.member), row.region_code, row.region_name,
                     row.period, row.metric, format_number(row.value, where), row.unit});
  }
  write_text_atomically(path, out);
}

void write_c102_csv(const RunResults& results, const std::string& path) {
  std::string out =
      "region_code,region_name,convention,state,test,name,article,result,value,threshold,unit\n";
  for (std::size_t i = 0; i < results.c102.size(); ++i) {
    const C102Row& r = results.c102[i];
    const std::string where = path + ": row " + std::to_string(i + 1) + " (" + r.region_code +
                              " " + r.test + ")";
    append_row(out, {r.region_code, r.region_name, r.convention, r.state, r.test, r.name,
                     r.article, r.result, format_number(r.value, where),
                     format_number(r.threshold, where), r.unit});
  }
  write_text_atomically(path, out);
}

void write_options_csv(const RunResults& results, const std::string& path) {
  std::string out =
      "option,kind,protected_persons,outlay_cny,funding_gap_cny,c102_benefit_level_pass_regions,"
      "c102_tests_passed,change_protected_persons,change_outlay_cny,change_funding_gap_cny,"
      "change_c102_tests_passed\n";
  if (results.options.empty()) {
    write_text_atomically(path, out);
    return;
  }
  const OptionRow& none = results.options.front();
  for (const OptionRow& r : results.options) {
    const std::string where = path + ": option " + r.option;
    append_row(out, {r.option, r.kind, format_number(r.protected_persons, where),
                     format_number(r.outlay_cny, where), format_number(r.funding_gap_cny, where),
                     std::to_string(r.c102_benefit_level_pass_regions),
                     std::to_string(r.c102_tests_passed),
                     format_number(r.protected_persons - none.protected_persons, where),
                     format_number(r.outlay_cny - none.outlay_cny, where),
                     format_number(r.funding_gap_cny - none.funding_gap_cny, where),
                     std::to_string(r.c102_tests_passed - none.c102_tests_passed)});
  }
  write_text_atomically(path, out);
}

void write_summary_csv(const RunResults& results, const std::string& path) {
  const bool spread = results.provenance.members > 1;
  std::vector<std::string> header = {"region_code", "region_name", "name_zh", "gb_code"};
  for (const MetricInfo& info : headline_metrics()) {
    if (spread) header.push_back(info.name + "_p5");
    header.push_back(info.name);
    if (spread) header.push_back(info.name + "_p95");
  }
  std::string out;
  append_row(out, header);
  for (const RegionSummary& region : results.regions) {
    std::vector<std::string> fields = {region.code, region.name_en, region.name_zh, region.gb_code};
    const std::string owner = path + ": region " + region.code;
    for (const MetricInfo& info : headline_metrics()) {
      const Quantiles& q = quantiles_of(region.metrics, info.name, owner);
      const std::string where = owner + " " + info.name;
      if (spread) fields.push_back(format_number(q.p5, where + " p5"));
      fields.push_back(format_number(q.p50, where + " p50"));
      if (spread) fields.push_back(format_number(q.p95, where + " p95"));
    }
    append_row(out, fields);
  }
  write_text_atomically(path, out);
}

void write_summary_json(const RunResults& results, const std::string& path) {
  using Json = nlohmann::ordered_json;
  const Provenance& prov = results.provenance;
  Json doc = Json::object();
  doc["spstress_version"] = prov.version;
  doc["scenario"] = Json{{"name", prov.scenario_name},
                         {"path", prov.scenario_path},
                         {"sha256", prov.scenario_sha256},
                         {"description", results.scenario_description}};
  doc["seed"] = prov.seed;
  doc["members"] = prov.members;
  doc["currency"] = prov.currency;
  doc["price_base_year"] = prov.price_base_year;

  Json inputs = Json::array();
  for (const auto& [file, hash] : prov.input_sha256) {
    inputs.push_back(Json{{"file", file}, {"sha256", hash}});
  }
  doc["inputs"] = std::move(inputs);

  // Headline metrics first, in their contract order, then the other metrics of results.csv
  // in name order, so that the key order does not depend on the order of the rows.
  Json units = Json::object();
  Json metrics = Json::array();
  for (const MetricInfo& info : headline_metrics()) {
    units[info.name] = info.unit;
    metrics.push_back(
        Json{{"name", info.name}, {"unit", info.unit}, {"description", info.description}});
  }
  std::map<std::string, std::string> other_units;
  for (const MetricRow& row : results.rows) {
    const auto headline = units.find(row.metric);
    const std::string* known = nullptr;
    if (headline != units.end()) {
      known = headline->get_ptr<const std::string*>();
    } else if (const auto it = other_units.find(row.metric); it != other_units.end()) {
      known = &it->second;
    }
    if (known == nullptr) {
      other_units.emplace(row.metric, row.unit);
    } else if (*known != row.unit) {
      throw InternalError(path + ": metric '" + row.metric + "' has two units, '" + *known +
                          "' and '" + row.unit + "'");
    }
  }
  for (const auto& [name, unit] : other_units) units[name] = unit;
  doc["units"] = std::move(units);
  doc["metrics"] = std::move(metrics);

  doc["national"] = json_headlines(results.national, prov.members, path + ": national");
  Json regions = Json::array();
  for (const RegionSummary& region : results.regions) {
    Json entry = Json::object();
    entry["code"] = region.code;
    entry["name_en"] = region.name_en;
    entry["name_zh"] = region.name_zh;
    entry["gb_code"] = region.gb_code;
    entry["metrics"] =
        json_headlines(region.metrics, prov.members, path + ": region " + region.code);
    regions.push_back(std::move(entry));
  }
  doc["regions"] = std::move(regions);
  doc["notes"] = results.notes;
  Json benchmarks = Json::array();
  for (const auto& [label, value, unit, source] : results.benchmarks) {
    benchmarks.push_back(Json{
        {"label", label}, {"value", benchmark_value(value)}, {"unit", unit}, {"source", source}});
  }
  doc["benchmarks"] = std::move(benchmarks);

  std::string text;
  try {
    text = doc.dump(2);
  } catch (const nlohmann::json::exception& e) {
    // The only failure of dump() is text that is not UTF-8, which comes from an input file
    // (region names, scenario description).
    throw InputError(path + ": cannot write JSON: " + e.what() +
                     "; expected every name and description in UTF-8");
  }
  text += '\n';
  write_text_atomically(path, text);
}

}  // namespace spstress::scenarios

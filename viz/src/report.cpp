#include "spstress/viz/report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "spstress/core/error.hpp"
#include "spstress/scenarios/atomic_file.hpp"
#include "spstress/viz/format.hpp"

namespace spstress::viz {
namespace {

using scenarios::C102Row;
using scenarios::MetricInfo;
using scenarios::Quantiles;
using scenarios::RegionSummary;
using scenarios::RunResults;

constexpr const char* no_value_cell = "\u2014";

std::string capitalised(std::string text) {
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') {
    text[0] = static_cast<char>(text[0] - 'a' + 'A');
  }
  return text;
}

/// Reads the map and makes it fit to sit inside HTML: no XML declaration or doctype, and ids
/// prefixed so that they cannot clash with another inlined drawing.
std::string inline_svg(const std::string& svg_path) {
  std::ifstream in(svg_path, std::ios::binary);
  if (!in) throw InputError(svg_path + ": cannot read the map to inline in the report");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  std::string svg = buffer.str();
  const std::size_t root = svg.find("<svg");
  if (root == std::string::npos) {
    throw InputError(svg_path + ": no <svg> element found; expected an SVG map");
  }
  svg.erase(0, root);  // the XML declaration and any doctype or comment before the root
  const std::string prefix = "spstress-map-";
  const std::pair<std::string, std::string> renames[] = {
      {"id=\"", "id=\"" + prefix},
      {"href=\"#", "href=\"#" + prefix},
      {"url(#", "url(#" + prefix},
  };
  for (const auto& [from, to] : renames) {
    for (std::size_t at = svg.find(from); at != std::string::npos;
         at = svg.find(from, at + to.size())) {
      svg.replace(at, from.size(), to);
    }
  }
  while (!svg.empty() && (svg.back() == '\n' || svg.back() == '\r' || svg.back() == ' ')) {
    svg.pop_back();
  }
  return svg;
}

double median_of(const std::map<std::string, Quantiles>& metrics, const std::string& name) {
  const auto it = metrics.find(name);
  return it == metrics.end() ? std::numeric_limits<double>::quiet_NaN() : it->second.p50;
}

/// A benchmark value as given, or written like our own figures when it is a plain number.
std::string benchmark_value(const std::string& value, const std::string& unit) {
  if (value.empty()) return no_value_cell;
  char* end = nullptr;
  const double number = std::strtod(value.c_str(), &end);
  if (end != nullptr && *end == '\0' && std::isfinite(number)) return format_value(number, unit);
  return value;
}

void add_row(std::string& html, const std::vector<std::string>& cells,
             const std::vector<bool>& numeric) {
  html += "<tr>";
  for (std::size_t i = 0; i < cells.size(); ++i) {
    html += (i < numeric.size() && numeric[i]) ? "<td class=\"num\">" : "<td>";
    html += cells[i];
    html += "</td>";
  }
  html += "</tr>\n";
}

const char* style_sheet = R"css(
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, "Noto Sans CJK SC", sans-serif;
       font-size: 15px; line-height: 1.45; color: #1a1a1a; max-width: 68em; margin: 1.5em auto;
       padding: 0 1em; }
h1 { font-size: 1.6em; margin: 0 0 .2em; }
h2 { font-size: 1.25em; margin: 1.6em 0 .5em; border-bottom: 1px solid #bdbdbd; }
h3 { font-size: 1.05em; margin: 1.2em 0 .4em; }
p.meta, figcaption, .small { color: #525252; font-size: .9em; }
table { border-collapse: collapse; margin: .4em 0 1em; font-size: .9em; }
th, td { border-bottom: 1px solid #d9d9d9; padding: .25em .6em; text-align: left;
         vertical-align: top; }
th { background: #f0f0f0; font-weight: bold; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.kv th { background: none; width: 14em; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: .9em; word-break: break-all; }
figure.map { margin: 0; }
figure.map svg { width: 100%; height: auto; max-width: 1200px; display: block; }
dl.glossary dt { font-weight: bold; margin-top: .5em; }
dl.glossary dd { margin: 0 0 0 1.5em; }
footer { margin-top: 2em; color: #525252; font-size: .85em; border-top: 1px solid #bdbdbd;
         padding-top: .5em; }
@page { size: A4; margin: 14mm; }
@media print {
  body { font-size: 9.5pt; max-width: none; margin: 0; padding: 0; }
  h2 { break-after: avoid; }
  table { font-size: 8.5pt; }
  thead { display: table-header-group; }
  tr, figure.map { break-inside: avoid; }
}
)css";

/// The region tables, split by theme so that each fits the width of an A4 page; funding gap
/// leads every table because the rows are ordered by it.
struct RegionTable {
  std::string heading;
  std::vector<const MetricInfo*> metrics;
};

std::vector<RegionTable> region_tables() {
  RegionTable labour{"Exposure and the labour market", {}};
  RegionTable insurance{"Unemployment insurance", {}};
  RegionTable assistance{"Social assistance and the funding gap", {}};
  for (const MetricInfo& info : scenarios::headline_metrics()) {
    if (info.name == "funding_gap") continue;
    if (info.name.rfind("ui_", 0) == 0) {
      insurance.metrics.push_back(&info);
    } else if (info.name.rfind("sa_", 0) == 0 || info.name == "demand_spike_ratio") {
      assistance.metrics.push_back(&info);
    } else {
      labour.metrics.push_back(&info);
    }
  }
  std::vector<RegionTable> tables;
  for (RegionTable* table : {&labour, &insurance, &assistance}) {
    if (!table->metrics.empty()) tables.push_back(*table);
  }
  return tables;
}

std::string column_heading(const MetricInfo& info) {
  std::string heading = markup_escaped(metric_label(info.name));
  if (!info.unit.empty() && info.unit != "ratio")
    heading += "<br>(" + markup_escaped(info.unit) + ")";
  return heading;
}

}  // namespace

void write_report(const RunResults& results, const std::string& map_svg_path,
                  const std::string& path) {
  const auto& provenance = results.provenance;
  const auto& metrics = scenarios::headline_metrics();
  const bool ensemble = provenance.members > 1;
  const std::string price_basis = markup_escaped(provenance.currency) + " at " +
                                  std::to_string(provenance.price_base_year) + " prices";

  std::string html;
  html.reserve(64 * 1024);
  html += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  html +=
      "<meta name=\"generator\" content=\"spstress " + markup_escaped(provenance.version) + "\">\n";
  html += "<title>Climate stress test of social protection: " +
          markup_escaped(provenance.scenario_name) + "</title>\n";
  html += "<style>" + std::string(style_sheet) + "</style>\n</head>\n<body>\n";

  html += "<header>\n<h1>Climate stress test of social protection: " +
          markup_escaped(provenance.scenario_name) + "</h1>\n";
  html += "<p class=\"meta\">spstress " + markup_escaped(provenance.version) + " \u00b7 seed " +
          std::to_string(provenance.seed) + " \u00b7 " + std::to_string(provenance.members) +
          (provenance.members == 1 ? " member" : " ensemble members") + " \u00b7 money in " +
          price_basis + "</p>\n</header>\n";

  // What this is.
  html += "<section>\n<h2>What this is</h2>\n";
  html +=
      "<p>This report comes from a run of spstress, which lays a climate hazard scenario over "
      "regions, estimates the working hours, jobs and income lost by exposed workers, and "
      "follows those losses into unemployment insurance (UI) and social assistance (Dibao and "
      "temporary assistance): extra claims and recipients, extra cost, the state of the UI "
      "funds, and the funding gap that remains. The figures are model estimates for the "
      "scenario below, not forecasts; the glossary at the end says what each one means. Money "
      "is in " +
      price_basis + ".";
  if (ensemble) {
    html += " The run has " + std::to_string(provenance.members) +
            " ensemble members: figures are medians, with the 5th to 95th percentile range "
            "where shown.";
  }
  html += "</p>\n";
  if (!results.scenario_description.empty()) {
    html +=
        "<p><strong>Scenario.</strong> " + markup_escaped(results.scenario_description) + "</p>\n";
  }
  html += "</section>\n";

  // Provenance.
  html += "<section>\n<h2>Provenance</h2>\n<table class=\"kv\">\n";
  const auto kv = [&](const std::string& key, const std::string& value_html) {
    html +=
        "<tr><th scope=\"row\">" + markup_escaped(key) + "</th><td>" + value_html + "</td></tr>\n";
  };
  kv("spstress version", markup_escaped(provenance.version));
  kv("Scenario", markup_escaped(provenance.scenario_name));
  kv("Scenario file", markup_escaped(provenance.scenario_path));
  kv("Scenario SHA-256", "<code>" + markup_escaped(provenance.scenario_sha256) + "</code>");
  kv("Seed", std::to_string(provenance.seed));
  kv("Ensemble members", std::to_string(provenance.members));
  kv("Currency and price base year",
     markup_escaped(provenance.currency) + ", " + std::to_string(provenance.price_base_year));
  std::string inputs;
  for (const auto& [file, sha256] : provenance.input_sha256) {
    inputs += (inputs.empty() ? "" : "<br>") + markup_escaped(file) + " <code>" +
              markup_escaped(sha256.substr(0, 12)) + "</code>";
  }
  kv("Inputs (SHA-256, first 12 digits)", inputs.empty() ? no_value_cell : inputs);
  html += "</table>\n</section>\n";

  // National totals and benchmarks.
  html += "<section>\n<h2>National totals</h2>\n<table>\n<thead><tr><th>Metric</th>";
  html += ensemble ? "<th class=\"num\">Median</th><th class=\"num\">5th\u201395th percentile</th>"
                   : "<th class=\"num\">Value</th>";
  html += "<th>Unit</th></tr></thead>\n<tbody>\n";
  for (const MetricInfo& info : metrics) {
    const auto it = results.national.find(info.name);
    const Quantiles q = it == results.national.end()
                            ? Quantiles{std::numeric_limits<double>::quiet_NaN(),
                                        std::numeric_limits<double>::quiet_NaN(),
                                        std::numeric_limits<double>::quiet_NaN()}
                            : it->second;
    std::vector<std::string> cells = {markup_escaped(metric_label(info.name)),
                                      markup_escaped(format_value(q.p50, info.unit))};
    std::vector<bool> numeric = {false, true};
    if (ensemble) {
      cells.push_back(std::isfinite(q.p5) || std::isfinite(q.p95)
                          ? markup_escaped(format_value(q.p5, info.unit) + " \u2013 " +
                                           format_value(q.p95, info.unit))
                          : no_value_cell);
      numeric.push_back(true);
    }
    cells.push_back(markup_escaped(info.unit));
    numeric.push_back(false);
    add_row(html, cells, numeric);
  }
  html += "</tbody>\n</table>\n";
  html += "<p class=\"small\">" + std::string(no_value_cell) +
          " means no value, for example a UI fund that never falls below its floor has no "
          "months to depletion.</p>\n";
  if (!results.benchmarks.empty()) {
    html +=
        "<h3>National benchmarks for comparison</h3>\n<table>\n<thead><tr><th>Figure</th>"
        "<th class=\"num\">Value</th><th>Unit</th><th>Source</th></tr></thead>\n<tbody>\n";
    for (const auto& [label, value, unit, source] : results.benchmarks) {
      add_row(html,
              {markup_escaped(label), markup_escaped(benchmark_value(value, unit)),
               markup_escaped(unit), markup_escaped(source)},
              {false, true, false, false});
    }
    html += "</tbody>\n</table>\n";
  }
  html += "</section>\n";

  // The map.
  html += "<section>\n<h2>Funding gap by region</h2>\n";
  if (map_svg_path.empty()) {
    html += "<p>No map was drawn for this run.</p>\n";
  } else {
    html += "<figure class=\"map\">\n" + inline_svg(map_svg_path) + "\n<figcaption>";
    html += std::string("Funding gap by region") + (ensemble ? " (median over members)" : "") +
            ", in " + markup_escaped(provenance.currency) + ". Hatched grey: no value." +
            (results.attribution.empty() ? std::string()
                                         : " " + markup_escaped(results.attribution) + ".") +
            "</figcaption>\n</figure>\n";
  }
  html += "</section>\n";

  // Regions, largest funding gap first; regions without a value last.
  std::vector<const RegionSummary*> regions;
  for (const RegionSummary& region : results.regions) regions.push_back(&region);
  std::stable_sort(regions.begin(), regions.end(),
                   [](const RegionSummary* a, const RegionSummary* b) {
                     const double gap_a = median_of(a->metrics, "funding_gap");
                     const double gap_b = median_of(b->metrics, "funding_gap");
                     const bool has_a = std::isfinite(gap_a);
                     const bool has_b = std::isfinite(gap_b);
                     if (has_a != has_b) return has_a;
                     if (has_a && gap_a != gap_b) return gap_a > gap_b;
                     return a->code < b->code;
                   });
  const MetricInfo* funding_gap = nullptr;
  for (const MetricInfo& info : metrics) {
    if (info.name == "funding_gap") funding_gap = &info;
  }
  html +=
      "<section>\n<h2>Regions</h2>\n<p class=\"small\">Every region, largest funding gap "
      "first";
  html += ensemble ? "; medians over ensemble members (percentiles are in summary.csv)" : "";
  html += ".</p>\n";
  for (const RegionTable& table : region_tables()) {
    html += "<h3>" + markup_escaped(table.heading) +
            "</h3>\n<table>\n<thead><tr><th>Region</th>"
            "<th>Name (Chinese)</th><th>Code</th>";
    std::vector<const MetricInfo*> columns;
    if (funding_gap != nullptr) columns.push_back(funding_gap);
    columns.insert(columns.end(), table.metrics.begin(), table.metrics.end());
    for (const MetricInfo* info : columns) {
      html += "<th class=\"num\">" + column_heading(*info) + "</th>";
    }
    html += "</tr></thead>\n<tbody>\n";
    for (const RegionSummary* region : regions) {
      html += "<tr><td>" + markup_escaped(region->name_en) + "</td><td lang=\"zh\">" +
              markup_escaped(region->name_zh) + "</td><td>" + markup_escaped(region->code) +
              "</td>";
      for (const MetricInfo* info : columns) {
        html += "<td class=\"num\">" +
                markup_escaped(format_value(median_of(region->metrics, info->name), info->unit)) +
                "</td>";
      }
      html += "</tr>\n";
    }
    html += "</tbody>\n</table>\n";
  }
  html += "</section>\n";

  // Policy options side by side.
  if (!results.options.empty()) {
    const auto& none = results.options.front();
    const auto money = [](double cny) { return format_value(cny, "CNY"); };
    const auto persons = [](double p) { return format_value(p, "persons"); };
    html +=
        "<section>\n<h2>Policy options</h2>\n<p class=\"small\">The scenario with each "
        "shock-responsive option applied on its own (member 0; national totals; options.csv has "
        "the same figures; method in docs/methodology-options.md). Protected persons: new UI "
        "claims, new assistance recipients and the option's own beneficiaries. Outlay: extra UI "
        "benefit, extra assistance and the option's payments. C102 tests passed: passes of T1-T7 "
        "over all regions.</p>\n<table>\n<thead><tr><th>Option</th>"
        "<th class=\"num\">Protected persons</th><th class=\"num\">Change</th>"
        "<th class=\"num\">Outlay (CNY)</th><th class=\"num\">Change</th>"
        "<th class=\"num\">Funding gap (CNY)</th><th class=\"num\">Change</th>"
        "<th class=\"num\">C102 tests passed</th></tr></thead>\n<tbody>\n";
    for (const auto& o : results.options) {
      html += "<tr><td>" + markup_escaped(o.option) + "</td><td class=\"num\">" +
              markup_escaped(persons(o.protected_persons)) + "</td><td class=\"num\">" +
              markup_escaped(persons(o.protected_persons - none.protected_persons)) +
              "</td><td class=\"num\">" + markup_escaped(money(o.outlay_cny)) +
              "</td><td class=\"num\">" + markup_escaped(money(o.outlay_cny - none.outlay_cny)) +
              "</td><td class=\"num\">" + markup_escaped(money(o.funding_gap_cny)) +
              "</td><td class=\"num\">" +
              markup_escaped(money(o.funding_gap_cny - none.funding_gap_cny)) +
              "</td><td class=\"num\">" + std::to_string(o.c102_tests_passed) + "</td></tr>\n";
    }
    html += "</tbody>\n</table>\n</section>\n";
  }

  // ILO C102 Part IV and the C168 benchmark: how many regions pass each test.
  if (!results.c102.empty()) {
    struct Count {
      std::string name, article;
      int pass[2] = {0, 0}, fail[2] = {0, 0}, review[2] = {0, 0};
    };
    std::vector<std::pair<std::string, Count>> tests;  // in first-seen order
    for (const C102Row& row : results.c102) {
      const std::string key = row.convention + " " + row.test;
      auto it =
          std::find_if(tests.begin(), tests.end(), [&](const auto& t) { return t.first == key; });
      if (it == tests.end()) {
        tests.push_back({key, Count{row.name, row.article}});
        it = tests.end() - 1;
      }
      const int k = row.state == "stressed" ? 1 : 0;
      (row.result == "pass"     ? it->second.pass
       : row.result == "review" ? it->second.review
                                : it->second.fail)[k]++;
    }
    html +=
        "<section>\n<h2>ILO C102 Part IV and C168</h2>\n<p class=\"small\">Regions passing "
        "each test of the unemployment-benefit standard of Convention No. 102 (T1-T7) and the "
        "higher benchmark of Convention No. 168, for the scheme as it is and at the month the "
        "shock cuts coverage most (member 0; every value in c102.csv; method in "
        "docs/methodology-c102.md). A review is a qualifying period longer than 6 months, "
        "which the Convention allows only as far as needed to prevent abuse.</p>\n<table>\n"
        "<thead><tr><th>Test</th><th>Article</th><th class=\"num\">Pass</th>"
        "<th class=\"num\">Fail</th><th class=\"num\">Review</th>"
        "<th class=\"num\">Pass under stress</th></tr></thead>\n<tbody>\n";
    for (const auto& [key, c] : tests) {
      html += "<tr><td>" + markup_escaped(key + " " + c.name) + "</td><td>" +
              markup_escaped(c.article) + "</td><td class=\"num\">" + std::to_string(c.pass[0]) +
              "</td><td class=\"num\">" + std::to_string(c.fail[0]) + "</td><td class=\"num\">" +
              std::to_string(c.review[0]) + "</td><td class=\"num\">" + std::to_string(c.pass[1]) +
              "</td></tr>\n";
    }
    html += "</tbody>\n</table>\n</section>\n";
  }

  // Notes and glossary.
  if (!results.notes.empty()) {
    html += "<section>\n<h2>Notes</h2>\n<ul>\n";
    for (const std::string& note : results.notes) html += "<li>" + markup_escaped(note) + "</li>\n";
    html += "</ul>\n</section>\n";
  }
  html += "<section>\n<h2>Glossary</h2>\n<dl class=\"glossary\">\n";
  for (const MetricInfo& info : metrics) {
    html += "<dt>" + markup_escaped(metric_label(info.name)) + " <code>" +
            markup_escaped(info.name) + "</code> (" + markup_escaped(info.unit) + ")</dt>\n<dd>" +
            markup_escaped(capitalised(info.description)) + ".</dd>\n";
  }
  html +=
      "<dt>Median, 5th\u201395th percentile</dt>\n<dd>Over the ensemble members: half of "
      "the members lie above the median, and nine in ten lie within the range.</dd>\n";
  html +=
      "<dt>Number format</dt>\n<dd>Figures are rounded to three significant digits; "
      "\u201cmillion\u201d is 10<sup>6</sup> (100 \u4e07), \u201cbillion\u201d is "
      "10<sup>9</sup> (10 \u4ebf), \u201ctrillion\u201d is 10<sup>12</sup> (1 "
      "\u4e07\u4ebf).</dd>\n";
  html += "</dl>\n</section>\n";

  html += "<footer>spstress " + markup_escaped(provenance.version) +
          (results.attribution.empty() ? std::string()
                                       : " \u00b7 " + markup_escaped(results.attribution)) +
          "</footer>\n</body>\n</html>\n";

  scenarios::write_text_atomically(path, html);
}

}  // namespace spstress::viz

#pragma once
/// Result tables of a run: what the writers write and what viz/ draws. Plain data only.

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace spstress::scenarios {

/// One row of results.csv (tidy long table). `period` is "YYYY-MM" for monthly metrics and
/// "total" for whole-event ones. A NaN value is written as an empty field.
struct MetricRow {
  int member = 0;
  std::string region_code;
  std::string region_name;
  std::string period;
  std::string metric;
  double value = 0.0;
  std::string unit;
};

/// Quantiles of a headline metric over ensemble members (all three equal when members == 1).
/// NaN means "no value" (e.g. months to depletion when a fund never runs dry).
struct Quantiles {
  double p5 = 0.0;
  double p50 = 0.0;
  double p95 = 0.0;
};

/// Outline of a region for maps and the GeoPackage: polygons → rings (the first ring of a
/// polygon is its outer ring, the rest are holes) → {lon_deg, lat_deg} points.
struct RegionShape {
  std::vector<std::vector<std::vector<std::array<double, 2>>>> polygons;
};

struct RegionSummary {
  std::string code;  ///< ISO 3166-2 code, e.g. "CN-GD"
  std::string name_en;
  std::string name_zh;
  std::string gb_code;                       ///< GB/T 2260 code
  std::map<std::string, Quantiles> metrics;  ///< headline metric → quantiles
  RegionShape shape;
};

/// Headline metric names and units, in the order of DESIGN.md (part of the output contract).
struct MetricInfo {
  std::string name;
  std::string unit;
  std::string description;  ///< one line, for the report and summary.json
};
const std::vector<MetricInfo>& headline_metrics();

struct Provenance {
  std::string version;
  std::string scenario_name;
  std::string scenario_path;  ///< "(embedded default)" or the path given
  std::string scenario_sha256;
  std::vector<std::pair<std::string, std::string>> input_sha256;  ///< file → hash, sorted
  std::uint64_t seed = 0;
  int members = 1;
  std::string currency = "CNY";
  int price_base_year = 0;
};

/// One test of ILO C102 Part IV or the C168 benchmark for one region, with the scheme as it is
/// ("normal") or at the worst month of the shock ("stressed"): c102.csv.
struct C102Row {
  std::string region_code;
  std::string region_name;
  std::string convention;  ///< "C102" or "C168"
  std::string state;       ///< "normal" or "stressed"
  std::string test;        ///< "T1".."T7", "C168-1".."C168-4"
  std::string name;        ///< e.g. "coverage"
  std::string article;     ///< e.g. "C102 Art. 21(a)"
  std::string result;      ///< "pass", "fail" or "review"
  double value = 0.0;      ///< NaN for yes/no tests
  double threshold = 0.0;  ///< NaN for yes/no tests
  std::string unit;
};

/// One row of options.csv: the scenario with no option ("none") or with one policy option,
/// member 0, national totals.
struct OptionRow {
  std::string option;  ///< the option's label, "none" for the scenario as given
  std::string kind;    ///< the option's kind, "none"
  double protected_persons = 0.0;  ///< UI new claims + new assistance recipients + option beneficiaries
  double outlay_cny = 0.0;         ///< extra UI benefit + extra assistance + option outlays
  double funding_gap_cny = 0.0;    ///< Σ provincial gaps, or the pooled gap with national pooling
  int c102_benefit_level_pass_regions = 0;  ///< regions passing C102 T2
  int c102_tests_passed = 0;                ///< C102 T1-T7 passes over all regions (normal)
};

struct RunResults {
  Provenance provenance;
  std::string scenario_description;
  std::vector<MetricRow> rows;                ///< results.csv, in write order
  std::vector<RegionSummary> regions;         ///< summary.csv / regions.gpkg, region order
  std::map<std::string, Quantiles> national;  ///< headline metric → national total (sums;
                                              ///< ratios and months as documented)
  std::vector<std::string> notes;             ///< warnings and counts worth reporting
  std::vector<C102Row> c102;                  ///< c102.csv, member 0, region order
  std::vector<OptionRow> options;  ///< options.csv: "none" first, then each option (if any)
  /// National reference figures for comparison in the report: label → (value, unit, source).
  std::vector<std::array<std::string, 4>> benchmarks;
  /// Credit line for the input data shown on maps and in the report (from the scenario's
  /// `attribution`, or the input file names when it has none).
  std::string attribution;
};

}  // namespace spstress::scenarios

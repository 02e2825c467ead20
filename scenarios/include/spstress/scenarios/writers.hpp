#pragma once
/// Writers of the run outputs of DESIGN.md. Every file is written to a temporary name in the
/// target folder and renamed into place, so a failed run never leaves a half-written file nor
/// destroys the previous one.

#include <string>

#include "spstress/scenarios/results.hpp"

namespace spstress::scenarios {

/// results.csv: scenario,member,region_code,region_name,period,metric,value,unit.
/// Numbers are written with up to 10 significant digits ("%.10g"); NaN as an empty field;
/// text fields quoted per RFC 4180 when needed.
void write_results_csv(const RunResults& results, const std::string& path);

/// summary.csv: one row per region: region_code,region_name,name_zh,gb_code, then one column per
/// headline metric (its p50), and with members > 1 also <metric>_p5 and <metric>_p95.
void write_summary_csv(const RunResults& results, const std::string& path);
/// c102.csv: region_code,region_name,convention,state,test,name,article,result,value,threshold,
/// unit — one row per region, convention, state and test (docs/methodology-c102.md).
void write_c102_csv(const RunResults& results, const std::string& path);
/// options.csv: option,kind,protected_persons,outlay_cny,funding_gap_cny,
/// c102_benefit_level_pass_regions,c102_tests_passed and the change of each against "none".
void write_options_csv(const RunResults& results, const std::string& path);

/// summary.json: provenance, units of every metric, national totals and per-region headline
/// figures, notes, and the benchmarks.
void write_summary_json(const RunResults& results, const std::string& path);

/// regions.gpkg (GDAL GPKG driver): one MultiPolygon feature per region in EPSG:4326 with
/// code, name_en, name_zh, gb_code and every headline metric (p50) as a Real field (null when
/// NaN).
void write_regions_gpkg(const RunResults& results, const std::string& path);

}  // namespace spstress::scenarios

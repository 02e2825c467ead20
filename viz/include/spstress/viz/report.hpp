#pragma once
/// The self-contained HTML report of a run.

#include <string>

#include "spstress/scenarios/results.hpp"

namespace spstress::viz {

/// Writes report.html: the scenario and its provenance, national totals against the sourced
/// national benchmarks, the funding-gap map (the SVG at `map_svg_path` inlined, so the file
/// stands alone), a table of every region's headline metrics with units, notes, and what each
/// metric means. Written atomically.
void write_report(const scenarios::RunResults& results, const std::string& map_svg_path,
                  const std::string& path);

}  // namespace spstress::viz

#pragma once
/// The self-contained HTML report of a run.

#include <string>

#include "spstress/scenarios/results.hpp"

namespace spstress::viz {

/// Writes report.html: the scenario and its provenance, national totals against the sourced
/// national benchmarks, the funding-gap map (the SVG at `map_svg_path` inlined, so the file
/// stands alone), a table of every region's headline metrics with units, notes, and what each
/// metric means. Written atomically.
/// Numbers are written with format_value (format.hpp). An empty `map_svg_path` leaves the map
/// out with a sentence saying so. Throws InputError naming the file when the map cannot be read
/// or is not SVG, or when `path` cannot be written.
void write_report(const scenarios::RunResults& results, const std::string& map_svg_path,
                  const std::string& path);

}  // namespace spstress::viz

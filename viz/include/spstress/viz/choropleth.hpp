#pragma once
/// Choropleth maps of a headline metric by region, drawn with cairo.

#include <string>

#include "spstress/scenarios/results.hpp"

namespace spstress::viz {

struct MapOptions {
  std::string metric = "funding_gap";  ///< headline metric to colour by (its p50)
  std::string title;                   ///< default: the metric's description and unit
  int width_px = 1200;
  int height_px = 900;
};

/// Writes the map as PNG (`path` ending in .png) or SVG (.svg): regions coloured by the metric
/// on a sequential scale with a legend giving class bounds and the unit, regions with no value
/// hatched grey and named in the legend ("no value"), a title, and a source line. Written
/// atomically. Throws InputError for an unknown metric or an unwritable path.
void write_choropleth(const scenarios::RunResults& results, const MapOptions& options,
                      const std::string& path);

}  // namespace spstress::viz

#pragma once
/// Choropleth maps of a headline metric by region, drawn with cairo.
///
/// Projection: equirectangular scaled for the data, x = lon · cos(φ0), y = lat, with φ0 the
/// centre latitude of the extent of all shapes (36° for China's 18–54°N), so that shapes near
/// the middle of the map keep their proportions. The extent of all shapes is fitted, centred
/// and north up, into the map frame less a margin of 3% of the frame's shorter side. The frame
/// is the image less a title band at the top, a legend column at the right and a source line
/// at the bottom; at the default 1200 × 900 px it is x ∈ [16, 910] px, y ∈ [112, 856] px (the
/// layout scales with min(width/1200, height/900)). Longitudes are used as given: shapes that
/// cross the antimeridian must come with continuous longitudes.
///
/// Colours: ColorBrewer YlOrRd (9 classes, colour-blind safe), lightest #ffffcc, darkest #800026.
/// Values are the metric's p50. Exact zeros get their own class, #ffffcc, when no value is
/// negative; the other values fall into up to 5 classes of about equal counts whose inner bounds
/// are the roundest numbers between neighbouring values; the top class is always #800026.
/// Regions without a value (NaN, or the metric missing) are light grey (#d9d9d9) with grey
/// hatching and a "no value" legend entry. Text is drawn in DejaVu Sans, English only (CJK fonts
/// may be missing where the map is made).

#include <string>

#include "spstress/scenarios/results.hpp"

namespace spstress::viz {

struct MapOptions {
  std::string metric = "funding_gap";  ///< headline metric to colour by (its p50)
  std::string title;                   ///< default: the metric's description and unit
  int width_px = 1200;
  int height_px = 900;
  int label_count = 5;  ///< label this many regions with the largest values by name_en (0: none)
};

/// Writes the map as PNG (`path` ending in .png) or SVG (.svg): regions coloured by the metric
/// on a sequential scale with a legend giving class bounds and the unit, regions with no value
/// hatched grey and named in the legend ("no value"), a title, and a source line. Written
/// atomically. Throws InputError for an unknown metric or an unwritable path.
/// The SVG draws text as glyph outlines (cairo), so it also carries the title, subtitle, legend
/// and source line as text in its <title> and <desc> elements, for search and screen readers.
/// Throws InputError as well for another extension or a size outside 400–16000 × 300–16000 px.
void write_choropleth(const scenarios::RunResults& results, const MapOptions& options,
                      const std::string& path);

/// A position on the image, in pixels from the top-left corner.
struct PixelPoint {
  double x_px = 0.0;
  double y_px = 0.0;
};

/// Where write_choropleth(results, options, …) draws the point (lon_deg, lat_deg): for placing
/// overlays and for checking the drawing. Depends only on the shapes and the image size.
PixelPoint map_pixel(const scenarios::RunResults& results, const MapOptions& options,
                     double lon_deg, double lat_deg);

}  // namespace spstress::viz

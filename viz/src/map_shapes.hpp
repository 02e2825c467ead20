#pragma once
// Image layout, projection and the drawing of region shapes for the choropleth. Internal to viz/.

#include <cairo.h>

#include "classes.hpp"
#include "spstress/scenarios/results.hpp"
#include "spstress/viz/choropleth.hpp"

namespace spstress::viz::detail {

struct Layout {
  double width_px;
  double height_px;
  double scale;  ///< 1 at 1200 × 900 px; sizes of text, lines and bands follow it
  double frame_x0_px;
  double frame_x1_px;
  double frame_y0_px;
  double frame_y1_px;
  double legend_x0_px;
  double legend_x1_px;
};

Layout make_layout(const MapOptions& options);

struct Projection {
  double cos_phi0 = 1.0;
  double x_mid = 0.0;  ///< centre of the extent, lon · cos(φ0) in degrees
  double lat_mid_deg = 0.0;
  double px_per_deg = 1.0;  ///< pixels per degree of latitude
  double centre_x_px = 0.0;
  double centre_y_px = 0.0;

  PixelPoint operator()(double lon_deg, double lat_deg) const {
    return {centre_x_px + (lon_deg * cos_phi0 - x_mid) * px_per_deg,
            centre_y_px - (lat_deg - lat_mid_deg) * px_per_deg};
  }
};

/// The projection that fits the extent of all shapes in `results` into the layout's map frame.
Projection fit_projection(const scenarios::RunResults& results, const Layout& layout);

void set_colour(cairo_t* cr, const Rgb& colour);

/// Adds the shape's rings to the current path. Points closer than `min_step_px` to the last one
/// kept are dropped: detailed boundaries would otherwise fill the SVG with invisible detail.
void append_shape_path(cairo_t* cr, const scenarios::RegionShape& shape,
                       const Projection& projection, double min_step_px);

/// Fills the current path light grey with diagonal hatching, and clears the path.
void fill_no_value(cairo_t* cr, double scale);

/// Where a region's name goes: the centre of the bounding box of its largest polygon (by the
/// area of the outer ring on the map), which keeps labels off small islands.
bool label_anchor(const scenarios::RegionShape& shape, const Projection& projection,
                  PixelPoint& anchor);

}  // namespace spstress::viz::detail

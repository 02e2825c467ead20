#include "map_shapes.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

namespace spstress::viz::detail {

using scenarios::RegionShape;
using scenarios::RunResults;

Layout make_layout(const MapOptions& options) {
  Layout layout{};
  layout.width_px = options.width_px;
  layout.height_px = options.height_px;
  layout.scale = std::min(layout.width_px / 1200.0, layout.height_px / 900.0);
  const double s = layout.scale;
  layout.frame_x0_px = 16 * s;
  layout.frame_x1_px = layout.width_px - 290 * s;
  layout.frame_y0_px = 112 * s;
  layout.frame_y1_px = layout.height_px - 44 * s;
  layout.legend_x0_px = layout.width_px - 274 * s;
  layout.legend_x1_px = layout.width_px - 16 * s;
  return layout;
}

Projection fit_projection(const RunResults& results, const Layout& layout) {
  double lon_min = std::numeric_limits<double>::infinity();
  double lon_max = -lon_min;
  double lat_min = lon_min;
  double lat_max = -lon_min;
  for (const auto& region : results.regions) {
    for (const auto& polygon : region.shape.polygons) {
      for (const auto& ring : polygon) {
        for (const auto& point : ring) {
          if (!std::isfinite(point[0]) || !std::isfinite(point[1])) continue;
          lon_min = std::min(lon_min, point[0]);
          lon_max = std::max(lon_max, point[0]);
          lat_min = std::min(lat_min, point[1]);
          lat_max = std::max(lat_max, point[1]);
        }
      }
    }
  }
  Projection projection;
  projection.centre_x_px = 0.5 * (layout.frame_x0_px + layout.frame_x1_px);
  projection.centre_y_px = 0.5 * (layout.frame_y0_px + layout.frame_y1_px);
  if (!(lon_min <= lon_max)) return projection;  // no shapes: nothing will be drawn

  const double phi0_rad = 0.5 * (lat_min + lat_max) * std::numbers::pi / 180.0;
  projection.cos_phi0 = std::cos(phi0_rad);
  projection.x_mid = 0.5 * (lon_min + lon_max) * projection.cos_phi0;
  projection.lat_mid_deg = 0.5 * (lat_min + lat_max);

  const double frame_w = layout.frame_x1_px - layout.frame_x0_px;
  const double frame_h = layout.frame_y1_px - layout.frame_y0_px;
  const double margin = 0.03 * std::min(frame_w, frame_h);
  const double inner_w = frame_w - 2 * margin;
  const double inner_h = frame_h - 2 * margin;
  const double extent_x = (lon_max - lon_min) * projection.cos_phi0;
  const double extent_y = lat_max - lat_min;
  double px_per_deg = std::numeric_limits<double>::infinity();
  if (extent_x > 0) px_per_deg = std::min(px_per_deg, inner_w / extent_x);
  if (extent_y > 0) px_per_deg = std::min(px_per_deg, inner_h / extent_y);
  if (std::isfinite(px_per_deg)) projection.px_per_deg = px_per_deg;
  return projection;
}

void set_colour(cairo_t* cr, const Rgb& colour) {
  cairo_set_source_rgb(cr, colour.r, colour.g, colour.b);
}

void append_shape_path(cairo_t* cr, const RegionShape& shape, const Projection& projection,
                       double min_step_px) {
  for (const auto& polygon : shape.polygons) {
    for (const auto& ring : polygon) {
      bool started = false;
      PixelPoint last{};
      for (const auto& point : ring) {
        if (!std::isfinite(point[0]) || !std::isfinite(point[1])) continue;
        const PixelPoint p = projection(point[0], point[1]);
        if (!started) {
          cairo_move_to(cr, p.x_px, p.y_px);
          started = true;
          last = p;
        } else if (std::hypot(p.x_px - last.x_px, p.y_px - last.y_px) >= min_step_px) {
          cairo_line_to(cr, p.x_px, p.y_px);
          last = p;
        }
      }
      if (started) cairo_close_path(cr);
    }
  }
}

void fill_no_value(cairo_t* cr, double scale) {
  cairo_save(cr);
  set_colour(cr, no_value_fill);
  cairo_fill_preserve(cr);
  cairo_clip(cr);
  double x0 = 0;
  double y0 = 0;
  double x1 = 0;
  double y1 = 0;
  cairo_clip_extents(cr, &x0, &y0, &x1, &y1);
  const double spacing = 7 * scale;
  const double height = y1 - y0;
  // Lines at 45°, anchored to the image origin so that neighbouring regions' hatching lines up.
  const double first = std::floor((x0 - height) / spacing) * spacing;
  for (double x = first; x <= x1; x += spacing) {
    cairo_move_to(cr, x, y1);
    cairo_line_to(cr, x + height, y0);
  }
  set_colour(cr, no_value_hatch);
  cairo_set_line_width(cr, std::max(1.0, 1.2 * scale));
  cairo_stroke(cr);
  cairo_restore(cr);
}

bool label_anchor(const RegionShape& shape, const Projection& projection, PixelPoint& anchor) {
  double best_area = -1;
  for (const auto& polygon : shape.polygons) {
    if (polygon.empty()) continue;
    double twice_area = 0;
    double x_min = std::numeric_limits<double>::infinity();
    double x_max = -x_min;
    double y_min = x_min;
    double y_max = -x_min;
    std::vector<PixelPoint> points;
    for (const auto& point : polygon.front()) {
      if (!std::isfinite(point[0]) || !std::isfinite(point[1])) continue;
      points.push_back(projection(point[0], point[1]));
    }
    if (points.size() < 3) continue;
    for (std::size_t i = 0; i < points.size(); ++i) {
      const PixelPoint& a = points[i];
      const PixelPoint& b = points[(i + 1) % points.size()];
      twice_area += a.x_px * b.y_px - b.x_px * a.y_px;
      x_min = std::min(x_min, a.x_px);
      x_max = std::max(x_max, a.x_px);
      y_min = std::min(y_min, a.y_px);
      y_max = std::max(y_max, a.y_px);
    }
    if (std::fabs(twice_area) > best_area) {
      best_area = std::fabs(twice_area);
      anchor = {0.5 * (x_min + x_max), 0.5 * (y_min + y_max)};
    }
  }
  return best_area >= 0;
}

}  // namespace spstress::viz::detail

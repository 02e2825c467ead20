#include "spstress/viz/choropleth.hpp"

#include <cairo-svg.h>
#include <cairo.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <memory>
#include <numbers>
#include <string>
#include <vector>

#include "spstress/core/error.hpp"
#include "spstress/scenarios/atomic_file.hpp"
#include "spstress/viz/format.hpp"

namespace spstress::viz {
namespace {

using scenarios::MetricInfo;
using scenarios::RegionShape;
using scenarios::RunResults;

struct Rgb {
  double r;
  double g;
  double b;
};

constexpr Rgb from_hex(unsigned hex) {
  return {static_cast<double>((hex >> 16) & 0xffu) / 255.0,
          static_cast<double>((hex >> 8) & 0xffu) / 255.0, static_cast<double>(hex & 0xffu) / 255.0};
}

// ColorBrewer YlOrRd, 9 classes (Brewer, colorbrewer2.org): sequential, colour-blind safe and
// still ordered when printed in grey.
constexpr std::array<Rgb, 9> yl_or_rd = {
    from_hex(0xffffcc), from_hex(0xffeda0), from_hex(0xfed976), from_hex(0xfeb24c),
    from_hex(0xfd8d3c), from_hex(0xfc4e2a), from_hex(0xe31a1c), from_hex(0xbd0026),
    from_hex(0x800026)};
constexpr Rgb no_value_fill = from_hex(0xd9d9d9);
constexpr Rgb no_value_hatch = from_hex(0x969696);
constexpr Rgb outline_colour = from_hex(0x4d4d4d);
constexpr Rgb text_colour = from_hex(0x1a1a1a);
constexpr Rgb muted_text_colour = from_hex(0x525252);
constexpr Rgb legend_border_colour = from_hex(0xbdbdbd);
constexpr const char* font_family = "DejaVu Sans";
constexpr int max_value_classes = 5;

struct CairoDeleter {
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
  void operator()(cairo_surface_t* surface) const { cairo_surface_destroy(surface); }
};
using ContextPtr = std::unique_ptr<cairo_t, CairoDeleter>;
using SurfacePtr = std::unique_ptr<cairo_surface_t, CairoDeleter>;

// ---------------------------------------------------------------------------------------------
// Checks and layout

const MetricInfo& find_metric(const std::string& name) {
  const auto& metrics = scenarios::headline_metrics();
  for (const MetricInfo& info : metrics) {
    if (info.name == name) return info;
  }
  std::string expected;
  for (const MetricInfo& info : metrics) expected += (expected.empty() ? "" : ", ") + info.name;
  throw InputError("map metric \"" + name + "\": not a headline metric; expected one of " +
                   expected);
}

void check_size(const MapOptions& options) {
  // Below these sizes the legend and the title no longer fit; above them cairo cannot allocate.
  if (!(options.width_px >= 400 && options.width_px <= 16000)) {
    throw InputError("map width_px: got " + std::to_string(options.width_px) +
                     "; expected 400 to 16000");
  }
  if (!(options.height_px >= 300 && options.height_px <= 16000)) {
    throw InputError("map height_px: got " + std::to_string(options.height_px) +
                     "; expected 300 to 16000");
  }
}

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

// ---------------------------------------------------------------------------------------------
// Projection

struct Projection {
  double cos_phi0 = 1.0;
  double x_mid = 0.0;    ///< centre of the extent, lon · cos(φ0) in degrees
  double lat_mid_deg = 0.0;
  double px_per_deg = 1.0;  ///< pixels per degree of latitude
  double centre_x_px = 0.0;
  double centre_y_px = 0.0;

  PixelPoint operator()(double lon_deg, double lat_deg) const {
    return {centre_x_px + (lon_deg * cos_phi0 - x_mid) * px_per_deg,
            centre_y_px - (lat_deg - lat_mid_deg) * px_per_deg};
  }
};

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

// ---------------------------------------------------------------------------------------------
// Classes

enum class ClassKind { Value, Zero, NoValue };

struct Classification {
  bool has_zero_class = false;
  bool has_no_value = false;
  std::vector<double> inner_bounds;  ///< class j holds inner_bounds[j-1] <= v < inner_bounds[j]
  double classed_min = 0.0;
  double classed_max = 0.0;
  std::vector<Rgb> colours;  ///< one per value class, light to dark

  std::size_t value_class_count() const { return colours.size(); }

  /// Colour of a value, and whether it is a value, the zero class or no value.
  std::pair<ClassKind, Rgb> style_of(double value) const {
    if (!std::isfinite(value)) return {ClassKind::NoValue, no_value_fill};
    if (has_zero_class && value == 0) return {ClassKind::Zero, yl_or_rd.front()};
    const auto index = static_cast<std::size_t>(
        std::upper_bound(inner_bounds.begin(), inner_bounds.end(), value) - inner_bounds.begin());
    return {ClassKind::Value, colours[std::min(index, colours.size() - 1)]};
  }
};

/// The number with the fewest significant digits in (low, high]: bounds people can read
/// ("40 million") that still separate the two neighbouring values exactly.
double roundest_between(double low, double high) {
  const double span = std::max(std::fabs(low), std::fabs(high));
  double step = std::pow(10.0, std::ceil(std::log10(span)) + 1);
  for (int i = 0; i < 40; ++i, step /= 10) {
    for (const double candidate_step : {step, step / 2}) {
      double candidate = std::floor(high / candidate_step) * candidate_step;
      if (candidate > high) candidate -= candidate_step;  // rounding in the division
      if (candidate > low && candidate <= high) return candidate;
    }
  }
  return high;
}

Classification classify(const std::vector<double>& values) {
  Classification classes;
  std::vector<double> finite;
  for (const double v : values) {
    if (std::isfinite(v)) {
      finite.push_back(v);
    } else {
      classes.has_no_value = true;
    }
  }
  std::sort(finite.begin(), finite.end());
  std::vector<double> classed;
  if (!finite.empty() && finite.front() == 0) {
    // Zero means "not affected": a class of its own keeps it from diluting the lowest class.
    classes.has_zero_class = true;
    for (const double v : finite) {
      if (v > 0) classed.push_back(v);
    }
  } else {
    classed = finite;
  }
  if (classed.empty()) return classes;

  const std::size_t n = classed.size();
  std::vector<double> distinct_values = classed;
  distinct_values.erase(std::unique(distinct_values.begin(), distinct_values.end()),
                        distinct_values.end());
  const std::size_t class_count =
      std::min<std::size_t>(max_value_classes, distinct_values.size());

  // Quantile classes: the split before the j-th class sits near value index j·n/k, moved to
  // the nearest place where neighbouring values differ.
  std::size_t previous_split = 0;
  for (std::size_t j = 1; j < class_count; ++j) {
    const auto target = static_cast<std::ptrdiff_t>(
        std::llround(static_cast<double>(j * n) / static_cast<double>(class_count)));
    std::size_t split = 0;
    for (std::ptrdiff_t offset = 0; offset < static_cast<std::ptrdiff_t>(n); ++offset) {
      for (const std::ptrdiff_t candidate : {target + offset, target - offset}) {
        if (candidate >= 1 && candidate < static_cast<std::ptrdiff_t>(n) &&
            classed[static_cast<std::size_t>(candidate) - 1] <
                classed[static_cast<std::size_t>(candidate)]) {
          split = static_cast<std::size_t>(candidate);
          break;
        }
      }
      if (split != 0) break;
    }
    if (split <= previous_split) continue;
    classes.inner_bounds.push_back(roundest_between(classed[split - 1], classed[split]));
    previous_split = split;
  }
  classes.classed_min = classed.front();
  classes.classed_max = classed.back();

  // Spread the classes over the palette so that the top class is always the darkest colour;
  // the lightest colour is kept for zeros, and the next one too when a zero class is shown so
  // that it stays distinct from the lowest value class.
  const std::size_t k = classes.inner_bounds.size() + 1;
  const double first = classes.has_zero_class ? 2.0 : 1.0;
  const double last = static_cast<double>(yl_or_rd.size() - 1);
  for (std::size_t j = 0; j < k; ++j) {
    const double from_top = k == 1 ? 0.0
                                   : static_cast<double>(k - 1 - j) * (last - first) /
                                         static_cast<double>(k - 1);
    classes.colours.push_back(yl_or_rd[static_cast<std::size_t>(std::lround(last - from_top))]);
  }
  return classes;
}

// ---------------------------------------------------------------------------------------------
// Drawing helpers

void set_colour(cairo_t* cr, const Rgb& colour) { cairo_set_source_rgb(cr, colour.r, colour.g, colour.b); }

void set_font(cairo_t* cr, double size_px, bool bold) {
  cairo_select_font_face(cr, font_family, CAIRO_FONT_SLANT_NORMAL,
                         bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size_px);
}

double text_width(cairo_t* cr, const std::string& text) {
  cairo_text_extents_t extents;
  cairo_text_extents(cr, text.c_str(), &extents);
  return extents.x_advance;
}

/// Splits `text` at spaces into lines no wider than `max_width_px` in the current font. A single
/// word wider than that gets a line of its own.
std::vector<std::string> wrap_text(cairo_t* cr, const std::string& text, double max_width_px) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(start, end - start);
    start = end + 1;
    if (word.empty()) continue;
    const std::string candidate = line.empty() ? word : line + " " + word;
    if (!line.empty() && text_width(cr, candidate) > max_width_px) {
      lines.push_back(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

/// Wraps `text` into at most `max_lines` lines, shrinking the font (not below `min_size_px`)
/// until it fits; what still does not fit is cut with an ellipsis.
std::vector<std::string> fit_text(cairo_t* cr, const std::string& text, double max_width_px,
                                  std::size_t max_lines, double size_px, double min_size_px,
                                  bool bold) {
  std::vector<std::string> lines;
  for (double size = size_px;; size *= 0.92) {
    const double used = std::max(size, min_size_px);
    set_font(cr, used, bold);
    lines = wrap_text(cr, text, max_width_px);
    if (lines.size() <= max_lines || used == min_size_px) break;
  }
  if (lines.size() > max_lines) {
    lines.resize(max_lines);
    std::string& last = lines.back();
    while (!last.empty() && text_width(cr, last + "\u2026") > max_width_px) {
      // Drop whole UTF-8 characters, never half of one.
      do {
        last.pop_back();
      } while (!last.empty() && (static_cast<unsigned char>(last.back()) & 0xc0u) == 0x80u);
      if (!last.empty()) last.pop_back();
    }
    last += "\u2026";
  }
  return lines;
}

/// Adds the shape's rings to the current path. Points closer than `min_step_px` to the last one
/// kept are dropped: detailed boundaries would otherwise fill the SVG with invisible detail.
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

/// Fills the current path light grey with diagonal hatching, and clears the path.
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

double region_value(const scenarios::RegionSummary& region, const std::string& metric) {
  const auto it = region.metrics.find(metric);
  return it == region.metrics.end() ? std::numeric_limits<double>::quiet_NaN() : it->second.p50;
}

/// Where a region's name goes: the centre of the bounding box of its largest polygon (by the
/// area of the outer ring on the map), which keeps labels off small islands.
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

/// Text with a white halo, centred on `at`: readable on the darkest class and on grey.
void draw_label(cairo_t* cr, const std::string& text, PixelPoint at, double scale) {
  set_font(cr, 12 * scale, false);
  cairo_text_extents_t extents;
  cairo_text_extents(cr, text.c_str(), &extents);
  cairo_move_to(cr, at.x_px - extents.x_bearing - 0.5 * extents.width,
                at.y_px - extents.y_bearing - 0.5 * extents.height);
  cairo_text_path(cr, text.c_str());
  cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
  cairo_set_line_width(cr, 3 * scale);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke_preserve(cr);
  set_colour(cr, text_colour);
  cairo_fill(cr);
}

void draw_text(cairo_t* cr, const std::string& text, double x_px, double baseline_px) {
  cairo_move_to(cr, x_px, baseline_px);
  cairo_show_text(cr, text.c_str());
}

// ---------------------------------------------------------------------------------------------
// The map

/// The words on the map, kept for the SVG's <title> and <desc>.
struct MapText {
  std::string title;
  std::string subtitle;
  std::string legend_title;
  std::vector<std::string> legend_entries;
  std::string source;
};

std::string capitalised(std::string text) {
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') {
    text[0] = static_cast<char>(text[0] - 'a' + 'A');
  }
  return text;
}

std::string class_label(double low, double high, const std::string& unit) {
  const std::string low_text = format_value(low, unit);
  const std::string high_text = format_value(high, unit);
  if (low_text == high_text) return low_text;
  return low_text + " \u2013 " + high_text;
}

MapText draw_map(cairo_t* cr, const RunResults& results, const MapOptions& options,
                 const MetricInfo& metric, const Layout& layout) {
  const double s = layout.scale;
  MapText words;
  words.title = options.title.empty() ? capitalised(metric.description) + " (" + metric.unit + ")"
                                      : options.title;
  words.subtitle = "Scenario: " + results.provenance.scenario_name;
  if (results.provenance.members > 1) {
    words.subtitle += " \u00b7 median of " + std::to_string(results.provenance.members) +
                      " ensemble members";
  }
  words.legend_title = metric_label(metric.name) + " (" + metric.unit + ")";
  words.source = "spstress " + results.provenance.version +
                 " \u00b7 boundaries: Natural Earth (public domain) \u00b7 population: GPW v4.11 "
                 "(CC BY 4.0)";

  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);

  // Regions: all fills first, then all outlines, so shared borders are drawn once and evenly.
  std::vector<double> values;
  values.reserve(results.regions.size());
  for (const auto& region : results.regions) values.push_back(region_value(region, metric.name));
  const Classification classes = classify(values);
  const Projection projection = fit_projection(results, layout);

  cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);  // inner rings are holes
  for (std::size_t i = 0; i < results.regions.size(); ++i) {
    append_shape_path(cr, results.regions[i].shape, projection, 0.5 * s);
    const auto [kind, colour] = classes.style_of(values[i]);
    if (kind == ClassKind::NoValue) {
      fill_no_value(cr, s);
    } else {
      set_colour(cr, colour);
      cairo_fill(cr);
    }
  }
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_width(cr, std::max(0.5, 0.7 * s));
  set_colour(cr, outline_colour);
  for (const auto& region : results.regions) {
    append_shape_path(cr, region.shape, projection, 0.5 * s);
    cairo_stroke(cr);
  }

  // Names of the regions with the largest values (ties by code, for stable output).
  if (options.label_count > 0) {
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (std::isfinite(values[i]) && values[i] != 0) order.push_back(i);
    }
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      if (values[a] != values[b]) return values[a] > values[b];
      return results.regions[a].code < results.regions[b].code;
    });
    order.resize(std::min(order.size(), static_cast<std::size_t>(options.label_count)));
    for (const std::size_t i : order) {
      const auto& region = results.regions[i];
      const std::string& name = region.name_en.empty() ? region.code : region.name_en;
      PixelPoint anchor;
      if (!name.empty() && label_anchor(region.shape, projection, anchor)) {
        draw_label(cr, name, anchor, s);
      }
    }
  }

  // Title and subtitle.
  const double text_x = 16 * s;
  const std::vector<std::string> title_lines =
      fit_text(cr, words.title, layout.width_px - 32 * s, 2, 22 * s, 15 * s, true);
  set_colour(cr, text_colour);
  double baseline = 36 * s;
  for (const std::string& line : title_lines) {
    draw_text(cr, line, text_x, baseline);
    baseline += 27 * s;
  }
  const std::vector<std::string> subtitle_lines =
      fit_text(cr, words.subtitle, layout.width_px - 32 * s, 1, 15 * s, 10 * s, false);
  set_colour(cr, muted_text_colour);
  draw_text(cr, subtitle_lines.front(), text_x, baseline - 3 * s);

  // Legend: a box of swatches, lowest class on top, "no value" last.
  struct Entry {
    std::string label;
    ClassKind kind;
    Rgb colour;
  };
  std::vector<Entry> entries;
  if (classes.has_zero_class) entries.push_back({"0", ClassKind::Zero, yl_or_rd.front()});
  for (std::size_t j = 0; j < classes.value_class_count(); ++j) {
    const double low = j == 0 ? classes.classed_min : classes.inner_bounds[j - 1];
    const double high =
        j + 1 == classes.value_class_count() ? classes.classed_max : classes.inner_bounds[j];
    entries.push_back({class_label(low, high, metric.unit), ClassKind::Value, classes.colours[j]});
  }
  if (classes.has_no_value) entries.push_back({"no value", ClassKind::NoValue, no_value_fill});

  const double box_x0 = layout.legend_x0_px;
  const double box_y0 = layout.frame_y0_px + 8 * s;
  const double padding = 12 * s;
  const double inner_width = layout.legend_x1_px - layout.legend_x0_px - 2 * padding;
  const std::vector<std::string> legend_title_lines =
      fit_text(cr, words.legend_title, inner_width, 2, 15 * s, 10 * s, true);
  const double row_height = 28 * s;
  const double box_height = padding + static_cast<double>(legend_title_lines.size()) * 20 * s +
                            8 * s + static_cast<double>(entries.size()) * row_height + padding -
                            8 * s;
  cairo_rectangle(cr, box_x0, box_y0, layout.legend_x1_px - box_x0, box_height);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_fill_preserve(cr);
  set_colour(cr, legend_border_colour);
  cairo_set_line_width(cr, std::max(0.5, 1.0 * s));
  cairo_stroke(cr);

  baseline = box_y0 + padding + 14 * s;
  // The font is still the one fit_text settled on for the legend title.
  set_colour(cr, text_colour);
  for (const std::string& line : legend_title_lines) {
    draw_text(cr, line, box_x0 + padding, baseline);
    baseline += 20 * s;
  }
  double row_top = baseline - 14 * s + 8 * s;
  const double swatch_w = 30 * s;
  const double swatch_h = 20 * s;
  for (const Entry& entry : entries) {
    cairo_rectangle(cr, box_x0 + padding, row_top, swatch_w, swatch_h);
    if (entry.kind == ClassKind::NoValue) {
      fill_no_value(cr, s);
      cairo_rectangle(cr, box_x0 + padding, row_top, swatch_w, swatch_h);
    } else {
      set_colour(cr, entry.colour);
      cairo_fill_preserve(cr);
    }
    set_colour(cr, outline_colour);
    cairo_set_line_width(cr, std::max(0.5, 0.7 * s));
    cairo_stroke(cr);
    const std::vector<std::string> label =
        fit_text(cr, entry.label, inner_width - swatch_w - 10 * s, 1, 13 * s, 9 * s, false);
    set_colour(cr, text_colour);
    draw_text(cr, label.front(), box_x0 + padding + swatch_w + 10 * s, row_top + 15 * s);
    words.legend_entries.push_back(entry.label);
    row_top += row_height;
  }

  // Source line.
  const std::vector<std::string> source_lines =
      fit_text(cr, words.source, layout.width_px - 32 * s, 1, 11 * s, 7 * s, false);
  set_colour(cr, muted_text_colour);
  draw_text(cr, source_lines.front(), text_x, layout.height_px - 16 * s);

  if (cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
    throw InternalError(std::string("choropleth: cairo drawing failed: ") +
                        cairo_status_to_string(cairo_status(cr)));
  }
  return words;
}

// ---------------------------------------------------------------------------------------------
// Files

std::string xml_escaped(const std::string& text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

bool ends_with_ignoring_case(const std::string& text, const std::string& suffix) {
  if (text.size() < suffix.size()) return false;
  for (std::size_t i = 0; i < suffix.size(); ++i) {
    char c = text[text.size() - suffix.size() + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != suffix[i]) return false;
  }
  return true;
}

void write_png(const RunResults& results, const MapOptions& options, const MetricInfo& metric,
               const std::string& path) {
  const Layout layout = make_layout(options);
  scenarios::write_atomically(path, [&](const std::string& tmp_path) {
    const SurfacePtr surface(
        cairo_image_surface_create(CAIRO_FORMAT_ARGB32, options.width_px, options.height_px));
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
      throw InternalError(path + ": cannot create the image: " +
                          cairo_status_to_string(cairo_surface_status(surface.get())));
    }
    {
      const ContextPtr cr(cairo_create(surface.get()));
      draw_map(cr.get(), results, options, metric, layout);
    }
    const cairo_status_t status = cairo_surface_write_to_png(surface.get(), tmp_path.c_str());
    if (status != CAIRO_STATUS_SUCCESS) {
      throw InputError(path + ": cannot write the PNG map: " + cairo_status_to_string(status));
    }
  });
}

void write_svg(const RunResults& results, const MapOptions& options, const MetricInfo& metric,
               const std::string& path) {
  const Layout layout = make_layout(options);
  std::string svg;
  MapText words;
  {
    const SurfacePtr surface(cairo_svg_surface_create_for_stream(
        append_to_string, &svg, layout.width_px, layout.height_px));
    cairo_svg_surface_set_document_unit(surface.get(), CAIRO_SVG_UNIT_PX);
    {
      const ContextPtr cr(cairo_create(surface.get()));
      words = draw_map(cr.get(), results, options, metric, layout);
    }
    cairo_surface_finish(surface.get());
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
      throw InternalError(path + ": cannot draw the SVG map: " +
                          cairo_status_to_string(cairo_surface_status(surface.get())));
    }
  }
  std::string description = words.subtitle + ". Legend, " + words.legend_title + ": ";
  for (std::size_t i = 0; i < words.legend_entries.size(); ++i) {
    description += (i == 0 ? "" : "; ") + words.legend_entries[i];
  }
  description += ". Source: " + words.source + ".";
  const std::string metadata = "\n<title>" + xml_escaped(words.title) + "</title>\n<desc>" +
                               xml_escaped(description) + "</desc>";
  const std::size_t root = svg.find("<svg");
  const std::size_t root_end = root == std::string::npos ? root : svg.find('>', root);
  if (root_end == std::string::npos) {
    throw InternalError(path + ": cairo wrote no <svg> element");
  }
  svg.insert(root_end + 1, metadata);
  scenarios::write_text_atomically(path, svg);
}

}  // namespace

void write_choropleth(const RunResults& results, const MapOptions& options,
                      const std::string& path) {
  const MetricInfo& metric = find_metric(options.metric);
  check_size(options);
  if (ends_with_ignoring_case(path, ".png")) {
    write_png(results, options, metric, path);
  } else if (ends_with_ignoring_case(path, ".svg")) {
    write_svg(results, options, metric, path);
  } else {
    throw InputError(path + ": map file name must end in .png or .svg");
  }
}

PixelPoint map_pixel(const RunResults& results, const MapOptions& options, double lon_deg,
                     double lat_deg) {
  check_size(options);
  return fit_projection(results, make_layout(options))(lon_deg, lat_deg);
}

}  // namespace spstress::viz

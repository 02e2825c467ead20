#include "spstress/viz/choropleth.hpp"

#include <cairo-svg.h>
#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "classes.hpp"
#include "map_shapes.hpp"
#include "spstress/core/error.hpp"
#include "spstress/scenarios/atomic_file.hpp"
#include "spstress/viz/format.hpp"

namespace spstress::viz {
namespace {

using detail::append_shape_path;
using detail::Classification;
using detail::classify;
using detail::ClassKind;
using detail::fill_no_value;
using detail::fit_projection;
using detail::from_hex;
using detail::label_anchor;
using detail::Layout;
using detail::make_layout;
using detail::no_value_fill;
using detail::Projection;
using detail::Rgb;
using detail::set_colour;
using detail::yl_or_rd;
using scenarios::MetricInfo;
using scenarios::RunResults;

constexpr Rgb outline_colour = from_hex(0x4d4d4d);
constexpr Rgb text_colour = from_hex(0x1a1a1a);
constexpr Rgb muted_text_colour = from_hex(0x525252);
constexpr Rgb legend_border_colour = from_hex(0xbdbdbd);
constexpr const char* font_family = "DejaVu Sans";

struct CairoDeleter {
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
  void operator()(cairo_surface_t* surface) const { cairo_surface_destroy(surface); }
};
using ContextPtr = std::unique_ptr<cairo_t, CairoDeleter>;
using SurfacePtr = std::unique_ptr<cairo_surface_t, CairoDeleter>;

// ---------------------------------------------------------------------------------------------
// Checks

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

// ---------------------------------------------------------------------------------------------
// Text

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

double region_value(const scenarios::RegionSummary& region, const std::string& metric) {
  const auto it = region.metrics.find(metric);
  return it == region.metrics.end() ? std::numeric_limits<double>::quiet_NaN() : it->second.p50;
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
    words.subtitle +=
        " \u00b7 median of " + std::to_string(results.provenance.members) + " ensemble members";
  }
  words.legend_title = metric_label(metric.name) + " (" + metric.unit + ")";
  words.source = "spstress " + results.provenance.version +
                 (results.attribution.empty() ? std::string() : " \u00b7 " + results.attribution);

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
  const std::string metadata = "\n<title>" + markup_escaped(words.title) + "</title>\n<desc>" +
                               markup_escaped(description) + "</desc>";
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

#pragma once
// Class breaks and colour scale of the choropleth. Internal to viz/.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <utility>
#include <vector>

namespace spstress::viz::detail {

struct Rgb {
  double r;
  double g;
  double b;
};

constexpr Rgb from_hex(unsigned hex) {
  return {static_cast<double>((hex >> 16) & 0xffu) / 255.0,
          static_cast<double>((hex >> 8) & 0xffu) / 255.0,
          static_cast<double>(hex & 0xffu) / 255.0};
}

// ColorBrewer YlOrRd, 9 classes (Brewer, colorbrewer2.org): sequential, colour-blind safe and
// still ordered when printed in grey.
inline constexpr std::array<Rgb, 9> yl_or_rd = {
    from_hex(0xffffcc), from_hex(0xffeda0), from_hex(0xfed976),
    from_hex(0xfeb24c), from_hex(0xfd8d3c), from_hex(0xfc4e2a),
    from_hex(0xe31a1c), from_hex(0xbd0026), from_hex(0x800026)};
inline constexpr Rgb no_value_fill = from_hex(0xd9d9d9);
inline constexpr Rgb no_value_hatch = from_hex(0x969696);

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

/// Classes of `values` (not finite: no value): exact zeros in a class of their own when no value is
/// negative, the rest in up to 5 classes of about equal counts, coloured light to dark.
Classification classify(const std::vector<double>& values);

}  // namespace spstress::viz::detail

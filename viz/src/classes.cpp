#include "classes.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace spstress::viz::detail {
namespace {

constexpr int max_value_classes = 5;

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

}  // namespace

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
  const std::size_t class_count = std::min<std::size_t>(max_value_classes, distinct_values.size());

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
    const double from_top =
        k == 1 ? 0.0 : static_cast<double>(k - 1 - j) * (last - first) / static_cast<double>(k - 1);
    classes.colours.push_back(yl_or_rd[static_cast<std::size_t>(std::lround(last - from_top))]);
  }
  return classes;
}

}  // namespace spstress::viz::detail

#pragma once
// Helpers shared by the drought indices, evapotranspiration and loss sources: one definition of
// the month arithmetic and message formatting keeps their errors and indexing consistent.
// Private to shocks/.

#include <cstddef>
#include <limits>
#include <sstream>
#include <string>

#include "spstress/core/error.hpp"
#include "spstress/shocks/drought.hpp"

namespace spstress::shocks::detail {

inline constexpr double nan_value = std::numeric_limits<double>::quiet_NaN();

inline std::string num(double x) {
  std::ostringstream s;
  s.precision(10);
  s << x;
  return s.str();
}

inline void check_calendar_month(int month, const char* what) {
  if (!(month >= 1 && month <= 12)) {
    throw InputError(std::string(what) + ": got " + std::to_string(month) +
                     "; expected a calendar month 1..12");
  }
}

/// Calendar month (1..12) of element i of a series whose first element is in `first`.
inline int calendar_month_of(std::size_t i, int first_calendar_month) {
  return static_cast<int>((static_cast<std::size_t>(first_calendar_month - 1) + i) % 12) + 1;
}

/// The concrete [begin, end) of a MonthRange over a series of n months.
struct IndexSpan {
  std::size_t begin;
  std::size_t end;
};

inline IndexSpan resolve(const MonthRange& range, std::size_t n, const char* what) {
  if (range.count_months == 0 && range.first_index == 0) return {0, n};
  const long long first = range.first_index;
  const long long count = range.count_months;
  if (!(first >= 0 && count >= 1 && first + count <= static_cast<long long>(n))) {
    throw InputError(std::string(what) + ": months " + std::to_string(first) + ".." +
                     std::to_string(first + count - 1) + " (first_index " + std::to_string(first) +
                     ", count_months " + std::to_string(count) +
                     "); expected count_months >= 1 within the series' " + std::to_string(n) +
                     " months (indices 0.." + std::to_string(static_cast<long long>(n) - 1) +
                     "), or count_months 0 with first_index 0 for the whole series");
  }
  return {static_cast<std::size_t>(first), static_cast<std::size_t>(first + count)};
}

}  // namespace spstress::shocks::detail

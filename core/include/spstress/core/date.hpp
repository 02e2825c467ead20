#pragma once
/// A calendar date and time of day as a file's own calendar has it. No conversion between
/// calendars happens here: a 360_day file's 30 February is a valid DateTime.

#include <compare>
#include <string>

namespace spstress::core {

struct DateTime {
  int year = 1970;
  int month = 1;           ///< 1..12
  int day = 1;             ///< 1..31 (1..30 in 360_day)
  int seconds_of_day = 0;  ///< 0..86399

  auto operator<=>(const DateTime&) const = default;
};

/// "YYYY-MM-DD", followed by "THH:MM:SS" only when the time of day is not midnight.
/// Years outside 0..9999 are written with a sign and at least four digits.
std::string iso_date(const DateTime& t);

/// "YYYY-MM" (the `period` of monthly result rows).
std::string year_month(int year, int month);

/// Index of a month counted from a start month: (year - y0) * 12 + (month - m0).
inline int months_between(int y0, int m0, int year, int month) {
  return (year - y0) * 12 + (month - m0);
}

}  // namespace spstress::core

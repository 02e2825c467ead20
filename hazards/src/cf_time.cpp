#include "spstress/hazards/cf_time.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string_view>

#include "spstress/core/error.hpp"

namespace spstress::hazards {

namespace {

constexpr std::int64_t seconds_per_day = 86400;

// Floor division and modulo, so that dates before the epoch of a day count decode like the
// ones after it.
constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  const std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
constexpr std::int64_t floor_mod(std::int64_t a, std::int64_t b) { return a - floor_div(a, b) * b; }

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool gregorian_leap(int year) {
  return floor_mod(year, 4) == 0 && (floor_mod(year, 100) != 0 || floor_mod(year, 400) == 0);
}
bool julian_leap(int year) { return floor_mod(year, 4) == 0; }

constexpr std::array<int, 12> month_days_365 = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

// Days from 1 March of a year to the first of a month, months counted from March (0) to
// February (11). The 153/5 rule gives the 31,30,31,30,31 pattern of March..July and repeats
// for August..December, which is why civil day counts start their year on 1 March.
constexpr std::int64_t days_before_march_month(std::int64_t march_month) {
  return (153 * march_month + 2) / 5;
}

struct YMD {
  int year;
  int month;
  int day;
};

// Gregorian and Julian day counts are Julian Day Numbers (JDN), so that the standard calendar
// can join them at the 1582 switch: Julian 1582-10-04 is JDN 2299160, Gregorian 1582-10-15 is
// JDN 2299161. Both count from 1 March of year 0 (astronomical year numbering: year 0 exists).
constexpr std::int64_t jdn_of_gregorian_0000_03_01 = 1721120;
constexpr std::int64_t jdn_of_julian_0000_03_01 = 1721118;
constexpr std::int64_t jdn_first_gregorian_day = 2299161;  // 1582-10-15

std::int64_t gregorian_jdn(const YMD& d) {
  const std::int64_t y = d.year - (d.month <= 2 ? 1 : 0);
  const std::int64_t era = floor_div(y, 400);
  const std::int64_t year_of_era = y - era * 400;
  const std::int64_t day_of_year = days_before_march_month((d.month + 9) % 12) + d.day - 1;
  const std::int64_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return jdn_of_gregorian_0000_03_01 + era * 146097 + day_of_era;
}

YMD ymd_from_march_year(std::int64_t march_year, std::int64_t day_of_year) {
  const std::int64_t march_month = (5 * day_of_year + 2) / 153;
  const int day = static_cast<int>(day_of_year - days_before_march_month(march_month) + 1);
  const int month = static_cast<int>(march_month < 10 ? march_month + 3 : march_month - 9);
  return {static_cast<int>(march_year + (month <= 2 ? 1 : 0)), month, day};
}

YMD gregorian_from_jdn(std::int64_t jdn) {
  const std::int64_t days = jdn - jdn_of_gregorian_0000_03_01;
  const std::int64_t era = floor_div(days, 146097);
  const std::int64_t day_of_era = days - era * 146097;  // 0..146096
  const std::int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const std::int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  return ymd_from_march_year(era * 400 + year_of_era, day_of_year);
}

std::int64_t julian_jdn(const YMD& d) {
  const std::int64_t y = d.year - (d.month <= 2 ? 1 : 0);
  const std::int64_t day_of_year = days_before_march_month((d.month + 9) % 12) + d.day - 1;
  return jdn_of_julian_0000_03_01 + 365 * y + floor_div(y, 4) + day_of_year;
}

YMD julian_from_jdn(std::int64_t jdn) {
  const std::int64_t days = jdn - jdn_of_julian_0000_03_01;
  const std::int64_t cycle = floor_div(days, 1461);  // four years, the last one leap
  const std::int64_t day_of_cycle = days - cycle * 1461;
  const std::int64_t year_of_cycle = (day_of_cycle - day_of_cycle / 1460) / 365;
  const std::int64_t day_of_year = day_of_cycle - 365 * year_of_cycle;
  return ymd_from_march_year(cycle * 4 + year_of_cycle, day_of_year);
}

// Fixed-length-year calendars: days counted from 1 January of year 0.
std::int64_t fixed_year_days(const YMD& d, int days_per_year, bool leap_february) {
  std::int64_t n = static_cast<std::int64_t>(d.year) * days_per_year;
  for (int m = 1; m < d.month; ++m) n += month_days_365[static_cast<std::size_t>(m - 1)];
  if (leap_february && d.month > 2) n += 1;
  return n + d.day - 1;
}

YMD fixed_year_from_days(std::int64_t days, int days_per_year, bool leap_february) {
  const std::int64_t year = floor_div(days, days_per_year);
  int day_of_year = static_cast<int>(days - year * days_per_year);
  int month = 1;
  for (; month < 12; ++month) {
    const int len =
        month_days_365[static_cast<std::size_t>(month - 1)] + (leap_february && month == 2 ? 1 : 0);
    if (day_of_year < len) break;
    day_of_year -= len;
  }
  return {static_cast<int>(year), month, day_of_year + 1};
}

bool is_standard_gap(const YMD& d) {
  return d.year == 1582 && d.month == 10 && d.day > 4 && d.day < 15;
}

std::int64_t day_count(const YMD& d, Calendar cal) {
  switch (cal) {
    case Calendar::Standard: {
      const bool gregorian =
          d.year > 1582 || (d.year == 1582 && (d.month > 10 || (d.month == 10 && d.day >= 15)));
      return gregorian ? gregorian_jdn(d) : julian_jdn(d);
    }
    case Calendar::ProlepticGregorian:
      return gregorian_jdn(d);
    case Calendar::Julian:
      return julian_jdn(d);
    case Calendar::NoLeap:
      return fixed_year_days(d, 365, false);
    case Calendar::AllLeap:
      return fixed_year_days(d, 366, true);
    case Calendar::Day360:
      return static_cast<std::int64_t>(d.year) * 360 + (d.month - 1) * 30 + d.day - 1;
  }
  throw InternalError("day_count: unhandled calendar");
}

YMD date_from_day_count(std::int64_t n, Calendar cal) {
  switch (cal) {
    case Calendar::Standard:
      return n >= jdn_first_gregorian_day ? gregorian_from_jdn(n) : julian_from_jdn(n);
    case Calendar::ProlepticGregorian:
      return gregorian_from_jdn(n);
    case Calendar::Julian:
      return julian_from_jdn(n);
    case Calendar::NoLeap:
      return fixed_year_from_days(n, 365, false);
    case Calendar::AllLeap:
      return fixed_year_from_days(n, 366, true);
    case Calendar::Day360: {
      const std::int64_t year = floor_div(n, 360);
      const int day_of_year = static_cast<int>(n - year * 360);
      return {static_cast<int>(year), day_of_year / 30 + 1, day_of_year % 30 + 1};
    }
  }
  throw InternalError("date_from_day_count: unhandled calendar");
}

// Whether a date exists in a calendar; empty when it does, else the reason.
std::string date_problem(const YMD& d, Calendar cal) {
  if (d.month < 1 || d.month > 12) return "month " + std::to_string(d.month) + " is not in 1..12";
  const int days = cal == Calendar::Standard && d.year == 1582 && d.month == 10
                       ? 31
                       : days_in_month(d.year, d.month, cal);
  if (d.day < 1 || d.day > days) {
    return "day " + std::to_string(d.day) + " is not in 1.." + std::to_string(days) +
           " for that month in the " + calendar_name(cal) + " calendar";
  }
  if (cal == Calendar::Standard && is_standard_gap(d)) {
    return "1582-10-05 to 1582-10-14 do not exist in the standard calendar (Julian to "
           "Gregorian switch)";
  }
  return {};
}

std::int64_t seconds_since_epoch(const core::DateTime& t, Calendar cal) {
  return day_count({t.year, t.month, t.day}, cal) * seconds_per_day + t.seconds_of_day;
}

// ---- parsing "UNIT since DATE[ TIME][ TZ]" -------------------------------------------------

class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}
  bool done() const { return i_ >= s_.size(); }
  char peek() const { return done() ? '\0' : s_[i_]; }
  char take() { return s_[i_++]; }
  void skip_spaces() {
    while (!done() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
  }
  bool at_digit() const { return !done() && std::isdigit(static_cast<unsigned char>(s_[i_])); }
  std::string_view rest() const { return s_.substr(std::min(i_, s_.size())); }
  // An unsigned integer of at least one digit; returns false (cursor unmoved) if none.
  bool integer(long long& out, std::size_t max_digits = 9) {
    std::size_t j = i_;
    long long v = 0;
    while (j < s_.size() && j - i_ < max_digits &&
           std::isdigit(static_cast<unsigned char>(s_[j]))) {
      v = v * 10 + (s_[j] - '0');
      ++j;
    }
    if (j == i_) return false;
    i_ = j;
    out = v;
    return true;
  }
  bool consume(char c) {
    if (peek() != c) return false;
    ++i_;
    return true;
  }
  bool consume_word(std::string_view w) {
    if (s_.substr(i_, w.size()) != w) return false;
    const std::size_t end = i_ + w.size();
    if (end < s_.size() && std::isalpha(static_cast<unsigned char>(s_[end]))) return false;
    i_ = end;
    return true;
  }

 private:
  std::string_view s_;
  std::size_t i_ = 0;
};

constexpr std::string_view accepted_units =
    "seconds (s, sec, second), minutes (min, minute), hours (h, hr, hour) or days (d, day)";

double unit_seconds(const std::string& unit, const std::string& where, const std::string& text) {
  static const std::array<std::pair<std::string_view, double>, 17> table = {{
      {"s", 1.0},
      {"sec", 1.0},
      {"secs", 1.0},
      {"second", 1.0},
      {"seconds", 1.0},
      {"min", 60.0},
      {"mins", 60.0},
      {"minute", 60.0},
      {"minutes", 60.0},
      {"h", 3600.0},
      {"hr", 3600.0},
      {"hrs", 3600.0},
      {"hour", 3600.0},
      {"hours", 3600.0},
      {"d", 86400.0},
      {"day", 86400.0},
      {"days", 86400.0},
  }};
  for (const auto& [name, seconds] : table) {
    if (unit == name) return seconds;
  }
  static const std::array<std::string_view, 12> calendar_units = {
      "month", "months", "mon",         "year",         "years",     "yr",
      "yrs",   "a",      "common_year", "common_years", "leap_year", "leap_years"};
  for (const auto& name : calendar_units) {
    if (unit == name) {
      throw InputError(where + ": time units \"" + text + "\": \"" + unit +
                       "\" is not supported because CF conventions discourage months and years as "
                       "time units (UDUNITS gives them a fixed length that matches no calendar "
                       "month or year); expected " +
                       std::string(accepted_units));
    }
  }
  throw InputError(where + ": time units \"" + text + "\": unknown unit \"" + unit +
                   "\"; expected " + std::string(accepted_units) + " followed by \"since DATE\"");
}

}  // namespace

Calendar parse_calendar(const std::string& text, const std::string& where) {
  std::string t = lower(text);
  // Trim: some writers pad attributes with spaces or a trailing NUL.
  while (!t.empty() && (std::isspace(static_cast<unsigned char>(t.back())) || t.back() == '\0')) {
    t.pop_back();
  }
  const auto first = t.find_first_not_of(" \t");
  t = first == std::string::npos ? std::string() : t.substr(first);
  if (t.empty() || t == "standard" || t == "gregorian") return Calendar::Standard;
  if (t == "proleptic_gregorian") return Calendar::ProlepticGregorian;
  if (t == "noleap" || t == "365_day") return Calendar::NoLeap;
  if (t == "all_leap" || t == "366_day") return Calendar::AllLeap;
  if (t == "360_day") return Calendar::Day360;
  if (t == "julian") return Calendar::Julian;
  throw InputError(where + ": unknown calendar \"" + text +
                   "\"; expected one of standard, gregorian, proleptic_gregorian, noleap, "
                   "365_day, all_leap, 366_day, 360_day, julian");
}

std::string calendar_name(Calendar cal) {
  switch (cal) {
    case Calendar::Standard:
      return "standard";
    case Calendar::ProlepticGregorian:
      return "proleptic_gregorian";
    case Calendar::NoLeap:
      return "noleap";
    case Calendar::AllLeap:
      return "all_leap";
    case Calendar::Day360:
      return "360_day";
    case Calendar::Julian:
      return "julian";
  }
  throw InternalError("calendar_name: unhandled calendar");
}

TimeUnits parse_time_units(const std::string& text, const std::string& where) {
  const std::string t = lower(text);
  const auto fail = [&](const std::string& what) -> InputError {
    return InputError(where + ": time units \"" + text + "\": " + what +
                      "; expected \"UNIT since YYYY-MM-DD[ hh:mm:ss][ TZ]\", e.g. \"days since "
                      "1850-01-01 00:00:00\"");
  };

  const auto since = t.find(" since ");
  if (since == std::string::npos) throw fail("no \" since \" found");
  std::string unit = t.substr(0, since);
  while (!unit.empty() && std::isspace(static_cast<unsigned char>(unit.front()))) unit.erase(0, 1);
  while (!unit.empty() && std::isspace(static_cast<unsigned char>(unit.back()))) unit.pop_back();

  TimeUnits out;
  out.seconds_per_unit = unit_seconds(unit, where, text);

  Cursor c(std::string_view(t).substr(since + 7));
  c.skip_spaces();
  const bool negative_year = c.consume('-');
  if (!negative_year) c.consume('+');
  long long year = 0, month = 0, day = 0;
  if (!c.integer(year) || !c.consume('-') || !c.integer(month, 2) || !c.consume('-') ||
      !c.integer(day, 2)) {
    throw fail("no reference date YYYY-MM-DD after \"since\"");
  }
  if (month < 1 || month > 12) throw fail("month " + std::to_string(month) + " is not in 1..12");
  if (day < 1 || day > 31) throw fail("day " + std::to_string(day) + " is not in 1..31");
  out.reference.year = static_cast<int>(negative_year ? -year : year);
  out.reference.month = static_cast<int>(month);
  out.reference.day = static_cast<int>(day);

  // Time of day, after 'T' or spaces.
  long long hour = 0, minute = 0;
  double second = 0.0;
  {
    Cursor probe = c;
    bool has_time = false;
    if (probe.consume('t')) {
      has_time = probe.at_digit();
    } else {
      probe.skip_spaces();
      // A signed token here is a time zone, a digit starts the time of day.
      has_time = probe.at_digit();
    }
    if (has_time) {
      c = probe;
      if (!c.integer(hour, 2)) throw fail("bad time of day");
      if (c.consume(':')) {
        if (!c.integer(minute, 2)) throw fail("bad minutes in the time of day");
        if (c.consume(':')) {
          long long whole = 0;
          if (!c.integer(whole, 2)) throw fail("bad seconds in the time of day");
          second = static_cast<double>(whole);
          if (c.consume('.')) {
            double scale = 0.1;
            while (c.at_digit()) {
              second += scale * (c.take() - '0');
              scale *= 0.1;
            }
          }
        }
      }
      if (hour > 23 || minute > 59 || !(second < 61.0)) {
        throw fail("time of day out of range (hh 0..23, mm 0..59, ss 0..60)");
      }
    }
  }
  // A fractional reference second is rounded: TimeUnits keeps whole seconds, and CF files use
  // fractions like "00:00:00.0" only as formatting.
  out.reference.seconds_of_day =
      static_cast<int>(hour * 3600 + minute * 60) + static_cast<int>(std::lround(second));

  // Time zone: Z, UTC, GMT, or a signed offset hh[:mm] / hhmm.
  c.skip_spaces();
  if (c.consume_word("z") || c.consume_word("utc") || c.consume_word("gmt")) c.skip_spaces();
  if (c.peek() == '+' || c.peek() == '-') {
    const double sign = c.take() == '-' ? -1.0 : 1.0;
    long long tz_hours = 0, tz_minutes = 0;
    Cursor digits = c;
    long long packed = 0;
    if (!digits.integer(packed, 4)) throw fail("bad time-zone offset");
    const std::size_t ndigits = c.rest().size() - digits.rest().size();
    if (ndigits >= 3) {
      tz_hours = packed / 100;
      tz_minutes = packed % 100;
      c = digits;
    } else {
      c = digits;
      tz_hours = packed;
      if (c.consume(':') && !c.integer(tz_minutes, 2)) throw fail("bad time-zone offset minutes");
    }
    if (tz_hours > 14 || tz_minutes > 59) throw fail("time-zone offset out of range");
    out.reference_utc_offset_hours =
        sign * (static_cast<double>(tz_hours) + static_cast<double>(tz_minutes) / 60.0);
    c.skip_spaces();
  }
  if (!c.done()) throw fail("unexpected text \"" + std::string(c.rest()) + "\"");
  return out;
}

void check_time_units(const TimeUnits& units, Calendar cal, const std::string& where) {
  const YMD ref{units.reference.year, units.reference.month, units.reference.day};
  const std::string problem = date_problem(ref, cal);
  if (!problem.empty()) {
    throw InputError(where + ": reference date " + core::iso_date(units.reference) +
                     " does not exist in the " + calendar_name(cal) + " calendar: " + problem);
  }
}

core::DateTime decode_time(double value, const TimeUnits& units, Calendar cal) {
  check_time_units(units, cal, "decode_time");
  const double offset_s = value * units.seconds_per_unit;
  // 2^62 s is far beyond any calendar year an int can hold; beyond it llround is undefined.
  if (!(std::fabs(offset_s) < 4.0e18)) {
    throw InputError("time value " + std::to_string(value) +
                     " is not a finite number of units that a date can hold");
  }
  const std::int64_t total = seconds_since_epoch(units.reference, cal) + std::llround(offset_s) -
                             std::llround(units.reference_utc_offset_hours * 3600.0);
  const std::int64_t days = floor_div(total, seconds_per_day);
  const YMD d = date_from_day_count(days, cal);
  core::DateTime out;
  out.year = d.year;
  out.month = d.month;
  out.day = d.day;
  out.seconds_of_day = static_cast<int>(total - days * seconds_per_day);
  return out;
}

double seconds_between(const core::DateTime& from, const core::DateTime& to, Calendar cal) {
  return static_cast<double>(seconds_since_epoch(to, cal) - seconds_since_epoch(from, cal));
}

int days_in_month(int year, int month, Calendar cal) {
  if (month < 1 || month > 12) {
    throw InternalError("days_in_month: month " + std::to_string(month) + " is not in 1..12");
  }
  const int base = month_days_365[static_cast<std::size_t>(month - 1)];
  switch (cal) {
    case Calendar::Day360:
      return 30;
    case Calendar::NoLeap:
      return base;
    case Calendar::AllLeap:
      return month == 2 ? 29 : base;
    case Calendar::Julian:
      return month == 2 && julian_leap(year) ? 29 : base;
    case Calendar::ProlepticGregorian:
      return month == 2 && gregorian_leap(year) ? 29 : base;
    case Calendar::Standard:
      if (year == 1582 && month == 10) return 21;  // 4 October was followed by 15 October
      if (month != 2) return base;
      return (year < 1582 ? julian_leap(year) : gregorian_leap(year)) ? 29 : base;
  }
  throw InternalError("days_in_month: unhandled calendar");
}

}  // namespace spstress::hazards

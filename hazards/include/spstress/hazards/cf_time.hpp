#pragma once
/// CF time axes: calendars and "UNITS since DATE" units (CF conventions §4.4).

#include <string>

#include "spstress/core/date.hpp"

namespace spstress::hazards {

enum class Calendar {
  Standard,            ///< "standard", "gregorian": Julian before 1582-10-15, Gregorian after
  ProlepticGregorian,  ///< "proleptic_gregorian"
  NoLeap,              ///< "noleap", "365_day"
  AllLeap,             ///< "all_leap", "366_day"
  Day360,              ///< "360_day": twelve 30-day months
  Julian,              ///< "julian"
};

/// Parses a CF calendar attribute (case-insensitive). An empty string means "standard" (CF
/// default). Throws InputError naming `where` for an unknown calendar.
Calendar parse_calendar(const std::string& text, const std::string& where);

/// Canonical CF name of a calendar ("proleptic_gregorian", "noleap", ...).
std::string calendar_name(Calendar cal);

/// "UNITS since REFERENCE" parsed: the unit length in seconds and the reference instant.
struct TimeUnits {
  double seconds_per_unit = 86400.0;
  core::DateTime reference;
  double reference_utc_offset_hours = 0.0;  ///< from a "+HH:MM" suffix; applied when decoding
};

/// Accepts seconds/minutes/hours/days (and the CF/UDUNITS spellings: s, sec, min, h, hr, d,
/// day(s), also "common_years"? no: months and years are rejected because CF discourages them
/// and their length is calendar-dependent). Reference: "YYYY-M-D", optional "[T ]hh:mm[:ss[.f]]",
/// optional " UTC"/"Z"/"+hh:mm". Throws InputError naming `where` on anything else.
TimeUnits parse_time_units(const std::string& text, const std::string& where);

/// Date and time at `value` units after the reference, in `cal`. Rounds to the nearest second.
core::DateTime decode_time(double value, const TimeUnits& units, Calendar cal);

/// Days in a month of a calendar.
int days_in_month(int year, int month, Calendar cal);

}  // namespace spstress::hazards

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

/// Accepts seconds/minutes/hours/days and their CF/UDUNITS spellings (s, sec, second(s), min,
/// minute(s), h, hr, hour(s), d, day(s)), case-insensitive. Months and years are rejected because
/// CF discourages them: UDUNITS gives them a fixed length that matches no calendar month or year.
/// Reference: "YYYY-M-D", optional "[T ]hh[:mm[:ss[.f]]]" (a fractional second is rounded),
/// optional " UTC"/"Z"/"GMT" and/or "+hh:mm"/"+hhmm"/"-h". Throws InputError naming `where` on
/// anything else.
TimeUnits parse_time_units(const std::string& text, const std::string& where);

/// Throws InputError naming `where` if the reference date does not exist in `cal` (2001-02-29
/// in noleap, 2000-02-31 in 360_day or any Gregorian calendar, 1582-10-10 in standard).
void check_time_units(const TimeUnits& units, Calendar cal, const std::string& where);

/// Date and time at `value` units after the reference, in `cal`, in UTC (a "+hh:mm" reference
/// offset is removed). Rounds to the nearest second. Years are astronomical (year 0 exists).
/// Throws InputError if the reference date does not exist in `cal` or `value` is not finite.
core::DateTime decode_time(double value, const TimeUnits& units, Calendar cal);

/// Signed number of seconds from `from` to `to`, both dates of `cal`.
double seconds_between(const core::DateTime& from, const core::DateTime& to, Calendar cal);

/// Days in a month of a calendar (month 1..12). In the standard calendar October 1582 has 21
/// days: 4 October was followed by 15 October.
int days_in_month(int year, int month, Calendar cal);

}  // namespace spstress::hazards

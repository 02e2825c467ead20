#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <limits>
#include <ostream>
#include <string>

#include "spstress/core/error.hpp"
#include "spstress/hazards/cf_time.hpp"

namespace bdata = boost::unit_test::data;
using spstress::InputError;
using spstress::core::DateTime;
using spstress::core::iso_date;
using spstress::hazards::Calendar;
using spstress::hazards::calendar_name;
using spstress::hazards::days_in_month;
using spstress::hazards::decode_time;
using spstress::hazards::parse_calendar;
using spstress::hazards::parse_time_units;

namespace spstress::hazards {
// Lets Boost.Test print table rows that hold a Calendar.
inline std::ostream& operator<<(std::ostream& os, Calendar c) { return os << calendar_name(c); }
}  // namespace spstress::hazards

namespace {

struct DecodeCase {
  const char* units;
  Calendar calendar;
  double value;
  const char* expected;  // iso_date of the decoded instant
  const char* why;       // the hand calculation
};

std::ostream& operator<<(std::ostream& os, const DecodeCase& c) {
  return os << "[" << c.units << ", " << calendar_name(c.calendar) << ", " << c.value << "]";
}

// Every expected date is worked out by hand (the `why` column); none comes from the code.
const DecodeCase decode_cases[] = {
    {"days since 2000-01-01", Calendar::NoLeap, 365, "2001-01-01", "one 365-day year"},
    {"days since 2000-01-01", Calendar::NoLeap, 59, "2000-03-01", "31 + 28: no 29 Feb in noleap"},
    {"days since 2000-01-01", Calendar::NoLeap, 58, "2000-02-28", "31 + 27"},
    {"days since 2000-01-01", Calendar::NoLeap, 1460, "2004-01-01", "4 x 365"},
    {"days since 2000-01-01", Calendar::Day360, 59, "2000-02-30", "30 + 29: 30 Feb exists"},
    {"days since 2000-01-01", Calendar::Day360, 360, "2001-01-01", "12 x 30"},
    {"days since 2000-01-01", Calendar::Day360, 29.5, "2000-01-30T12:00:00", "half a day"},
    {"days since 2001-01-01", Calendar::AllLeap, 59, "2001-02-29", "31 + 28: 29 Feb every year"},
    {"days since 2001-01-01", Calendar::AllLeap, 366, "2002-01-01", "one 366-day year"},
    {"days since 1850-01-01 00:00:00", Calendar::ProlepticGregorian, 56628.5, "2005-01-16T12:00:00",
     "155 years 1850..2004 = 56575 days + 38 leap days (39 multiples of 4 from 1852 to 2004, less "
     "1900) = 56613 to 2005-01-01, + 15.5 days"},
    {"days since 1850-01-01 00:00:00", Calendar::ProlepticGregorian, 56978.5, "2006-01-01T12:00:00",
     "56613 + 365 (2005 is not leap) = 56978 to 2006-01-01, + 0.5"},
    {"days since 1582-10-04", Calendar::Standard, 1, "1582-10-15",
     "Julian 4 October 1582 was followed by Gregorian 15 October"},
    {"days since 1582-10-15", Calendar::Standard, -1, "1582-10-04", "the switch backwards"},
    {"days since 1582-10-04", Calendar::ProlepticGregorian, 1, "1582-10-05", "no switch"},
    {"days since 1582-10-04", Calendar::Julian, 11, "1582-10-15", "no switch: 4 + 11"},
    {"days since 1970-01-01", Calendar::Standard, -141427, "1582-10-15",
     "JDN 2440588 (1970-01-01) - JDN 2299161 (1582-10-15)"},
    {"days since 1970-01-01", Calendar::Standard, -141428, "1582-10-04",
     "one day before the first Gregorian day is Julian 1582-10-04 (JDN 2299160)"},
    {"days since 1970-01-01", Calendar::Standard, 19000, "2022-01-08",
     "52 years 1970..2021 = 18980 days + 13 leap days (1972..2020) = 18993 to 2022-01-01, + 7"},
    {"days since 1500-02-28", Calendar::Standard, 1, "1500-02-29",
     "1500 is a Julian leap year and the standard calendar is Julian before 1582"},
    {"days since 1500-02-28", Calendar::ProlepticGregorian, 1, "1500-03-01",
     "1500 is not a Gregorian leap year"},
    {"days since 1900-02-28", Calendar::Julian, 1, "1900-02-29", "every 4th year in Julian"},
    {"days since 1900-02-28", Calendar::Standard, 1, "1900-03-01", "Gregorian after 1582"},
    {"hours since 2000-01-01 00:00:00", Calendar::Standard, 36.25, "2000-01-02T12:15:00",
     "36 h = 1.5 days, + 15 min"},
    {"minutes since 2000-01-01 06:00", Calendar::NoLeap, -390, "1999-12-31T23:30:00",
     "6.5 h back from 06:00 crosses midnight and the year"},
    {"seconds since 1970-01-01T00:00:00Z", Calendar::Standard, 86399.6, "1970-01-02",
     "rounds to the nearest second: 86400 s = one day"},
    {"seconds since 1970-01-01T00:00:00Z", Calendar::Standard, 86399.4, "1970-01-01T23:59:59",
     "rounds down below the half second"},
    {"hours since 2000-01-01 08:00:00 +08:00", Calendar::Standard, 0, "2000-01-01",
     "08:00 at UTC+8 is 00:00 UTC"},
    {"days since 1970-01-01 00:00:00.0 UTC", Calendar::ProlepticGregorian, 0.5,
     "1970-01-01T12:00:00", "half a day"},
    {"d since 1850-1-1", Calendar::Standard, 31, "1850-02-01", "31 days of January"},
    {"Days since 2000-01-01T12:00:00Z", Calendar::Day360, 0.75, "2000-01-02T06:00:00",
     "12:00 + 18 h"},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(test_cf_time)

BOOST_DATA_TEST_CASE(decodes_hand_worked_dates_in_every_calendar, bdata::make(decode_cases), c) {
  const auto units = parse_time_units(c.units, "test");
  BOOST_TEST_CONTEXT(c.why) {
    BOOST_TEST(iso_date(decode_time(c.value, units, c.calendar)) == std::string(c.expected));
  }
}

BOOST_AUTO_TEST_CASE(day_by_day_decoding_agrees_with_month_lengths) {
  // Walks 200,000 days (1500 to 2047, across the 1582 switch) one day at a time with
  // days_in_month and compares each date with decode_time: two independent routes to a date.
  for (Calendar cal : {Calendar::Standard, Calendar::ProlepticGregorian, Calendar::Julian,
                       Calendar::NoLeap, Calendar::AllLeap, Calendar::Day360}) {
    const auto units = parse_time_units("days since 1500-01-01", "test");
    DateTime d{1500, 1, 1, 0};
    int mismatches = 0;
    for (int v = 0; v < 200000; ++v) {
      if (!(decode_time(v, units, cal) == d) && mismatches++ < 3) {
        BOOST_ERROR(calendar_name(cal)
                    << ": day " << v << " decoded as " << iso_date(decode_time(v, units, cal))
                    << ", walked to " << iso_date(d));
      }
      if (cal == Calendar::Standard && d.year == 1582 && d.month == 10 && d.day == 4) {
        d.day = 15;
      } else if (d.day < (cal == Calendar::Standard && d.year == 1582 && d.month == 10
                              ? 31
                              : days_in_month(d.year, d.month, cal))) {
        ++d.day;
      } else {
        d.day = 1;
        if (++d.month > 12) {
          d.month = 1;
          ++d.year;
        }
      }
    }
    BOOST_TEST(mismatches == 0, calendar_name(cal));
  }
}

struct MonthCase {
  int year;
  int month;
  Calendar calendar;
  int expected;
};
std::ostream& operator<<(std::ostream& os, const MonthCase& c) {
  return os << c.year << "-" << c.month << " " << calendar_name(c.calendar);
}
const MonthCase month_cases[] = {
    {2000, 2, Calendar::Standard, 29},
    {1900, 2, Calendar::Standard, 28},
    {1900, 2, Calendar::ProlepticGregorian, 28},
    {1900, 2, Calendar::Julian, 29},
    {1500, 2, Calendar::Standard, 29},
    {1500, 2, Calendar::ProlepticGregorian, 28},
    {2001, 2, Calendar::AllLeap, 29},
    {2000, 2, Calendar::NoLeap, 28},
    {2000, 2, Calendar::Day360, 30},
    {2000, 7, Calendar::Day360, 30},
    {2000, 7, Calendar::NoLeap, 31},
    {2000, 4, Calendar::AllLeap, 30},
    {1582, 10, Calendar::Standard, 21},
    {1582, 10, Calendar::ProlepticGregorian, 31},
    {2024, 2, Calendar::ProlepticGregorian, 29},
    {2023, 12, Calendar::Julian, 31},
};

BOOST_DATA_TEST_CASE(days_in_month_follows_each_calendar, bdata::make(month_cases), c) {
  BOOST_TEST(days_in_month(c.year, c.month, c.calendar) == c.expected);
}

BOOST_AUTO_TEST_CASE(parses_calendar_names_case_insensitively) {
  BOOST_TEST((parse_calendar("", "t") == Calendar::Standard));
  BOOST_TEST((parse_calendar("GREGORIAN", "t") == Calendar::Standard));
  BOOST_TEST((parse_calendar("standard", "t") == Calendar::Standard));
  BOOST_TEST((parse_calendar("Proleptic_Gregorian", "t") == Calendar::ProlepticGregorian));
  BOOST_TEST((parse_calendar("noleap", "t") == Calendar::NoLeap));
  BOOST_TEST((parse_calendar("365_day", "t") == Calendar::NoLeap));
  BOOST_TEST((parse_calendar("all_leap", "t") == Calendar::AllLeap));
  BOOST_TEST((parse_calendar("366_DAY", "t") == Calendar::AllLeap));
  BOOST_TEST((parse_calendar("360_day", "t") == Calendar::Day360));
  BOOST_TEST((parse_calendar("julian", "t") == Calendar::Julian));
}

BOOST_AUTO_TEST_CASE(rejects_unknown_calendar_naming_where_and_the_accepted_names) {
  BOOST_CHECK_EXCEPTION(parse_calendar("mayan", "tas.nc: time: attribute calendar"), InputError,
                        [](const InputError& e) {
                          const std::string m = e.what();
                          return m.find("tas.nc: time: attribute calendar") != std::string::npos &&
                                 m.find("\"mayan\"") != std::string::npos &&
                                 m.find("proleptic_gregorian") != std::string::npos &&
                                 m.find("360_day") != std::string::npos;
                        });
}

struct UnitCase {
  const char* text;
  double seconds_per_unit;
};
std::ostream& operator<<(std::ostream& os, const UnitCase& c) { return os << c.text; }
const UnitCase unit_cases[] = {
    {"s since 2000-01-01", 1},        {"sec since 2000-01-01", 1},
    {"seconds since 2000-01-01", 1},  {"second since 2000-01-01", 1},
    {"min since 2000-01-01", 60},     {"minutes since 2000-01-01", 60},
    {"h since 2000-01-01", 3600},     {"hr since 2000-01-01", 3600},
    {"Hours since 2000-01-01", 3600}, {"d since 2000-01-01", 86400},
    {"day since 2000-01-01", 86400},  {"DAYS since 2000-01-01", 86400},
};

BOOST_DATA_TEST_CASE(parses_unit_spellings, bdata::make(unit_cases), c) {
  BOOST_TEST(parse_time_units(c.text, "t").seconds_per_unit == c.seconds_per_unit);
}

BOOST_AUTO_TEST_CASE(parses_reference_dates_times_and_zones) {
  const auto a = parse_time_units("days since 1850-1-1", "t");
  BOOST_TEST((a.reference == DateTime{1850, 1, 1, 0}));
  const auto b = parse_time_units("hours since 2000-01-01T12:00:00Z", "t");
  BOOST_TEST((b.reference == DateTime{2000, 1, 1, 43200}));
  const auto c = parse_time_units("seconds since 1992-10-8 15:15:42.5 -6:00", "t");
  // 15:15:42.5 rounds to 15:15:43 = 54943 s after midnight.
  BOOST_TEST((c.reference == DateTime{1992, 10, 8, 54943}));
  BOOST_TEST(c.reference_utc_offset_hours == -6.0);
  const auto d = parse_time_units("days since 2015-01-01 00:00:00 +08:00", "t");
  BOOST_TEST(d.reference_utc_offset_hours == 8.0);
  const auto e = parse_time_units("days since 2015-01-01 00:00 +0530", "t");
  BOOST_TEST(e.reference_utc_offset_hours == 5.5);
  const auto f = parse_time_units("minutes since 1970-01-01 00:00:00.0 UTC", "t");
  BOOST_TEST((f.reference == DateTime{1970, 1, 1, 0}));
  BOOST_TEST(f.reference_utc_offset_hours == 0.0);
}

BOOST_AUTO_TEST_CASE(rejects_months_and_years_as_units_saying_why) {
  for (const char* text : {"months since 2000-01-01", "years since 1850-01-01"}) {
    BOOST_CHECK_EXCEPTION(
        parse_time_units(text, "pr.nc: time"), InputError, [&](const InputError& e) {
          const std::string m = e.what();
          return m.find("pr.nc: time") != std::string::npos && m.find(text) != std::string::npos &&
                 m.find("CF conventions discourage") != std::string::npos;
        });
  }
}

BOOST_AUTO_TEST_CASE(rejects_malformed_time_units) {
  const auto says = [](const char* what) {
    return [what](const InputError& e) {
      return std::string(e.what()).find(what) != std::string::npos;
    };
  };
  BOOST_CHECK_EXCEPTION(parse_time_units("days after 2000-01-01", "t"), InputError,
                        says("no \" since \" found"));
  BOOST_CHECK_EXCEPTION(parse_time_units("fortnights since 2000-01-01", "t"), InputError,
                        says("unknown unit \"fortnights\""));
  BOOST_CHECK_EXCEPTION(parse_time_units("days since 2000-13-01", "t"), InputError,
                        says("month 13 is not in 1..12"));
  BOOST_CHECK_EXCEPTION(parse_time_units("days since yesterday", "t"), InputError,
                        says("no reference date"));
  BOOST_CHECK_EXCEPTION(parse_time_units("days since 2000-01-01 25:00", "t"), InputError,
                        says("time of day out of range"));
  BOOST_CHECK_EXCEPTION(parse_time_units("days since 2000-01-01 00:00 local", "t"), InputError,
                        says("unexpected text \"local\""));
}

BOOST_AUTO_TEST_CASE(rejects_reference_dates_missing_from_the_calendar) {
  const auto noleap_feb29 = parse_time_units("days since 2000-02-29", "t");
  BOOST_CHECK_EXCEPTION(
      spstress::hazards::check_time_units(noleap_feb29, Calendar::NoLeap, "f.nc: time"), InputError,
      [](const InputError& e) {
        const std::string m = e.what();
        return m.find("f.nc: time") != std::string::npos &&
               m.find("2000-02-29 does not exist in the noleap calendar") != std::string::npos;
      });
  BOOST_CHECK_NO_THROW(
      spstress::hazards::check_time_units(noleap_feb29, Calendar::ProlepticGregorian, "t"));
  const auto gap = parse_time_units("days since 1582-10-10", "t");
  BOOST_CHECK_THROW(decode_time(0, gap, Calendar::Standard), InputError);
  BOOST_TEST(iso_date(decode_time(0, gap, Calendar::ProlepticGregorian)) == "1582-10-10");
}

BOOST_AUTO_TEST_CASE(rejects_non_finite_time_values) {
  const auto u = parse_time_units("days since 2000-01-01", "t");
  BOOST_CHECK_THROW(decode_time(std::numeric_limits<double>::quiet_NaN(), u, Calendar::Standard),
                    InputError);
  BOOST_CHECK_THROW(decode_time(std::numeric_limits<double>::infinity(), u, Calendar::Standard),
                    InputError);
}

BOOST_AUTO_TEST_SUITE_END()

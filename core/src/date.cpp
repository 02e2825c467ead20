#include "spstress/core/date.hpp"

#include <cstdio>
#include <cstdlib>

namespace spstress::core {

namespace {
std::string year_text(int year) {
  char buf[16];
  if (year >= 0 && year <= 9999) {
    std::snprintf(buf, sizeof buf, "%04d", year);
  } else {
    std::snprintf(buf, sizeof buf, "%+05d", year);
  }
  return buf;
}
}  // namespace

std::string iso_date(const DateTime& t) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "-%02d-%02d", t.month, t.day);
  std::string out = year_text(t.year) + buf;
  if (t.seconds_of_day != 0) {
    const int h = t.seconds_of_day / 3600;
    const int m = (t.seconds_of_day % 3600) / 60;
    const int s = t.seconds_of_day % 60;
    std::snprintf(buf, sizeof buf, "T%02d:%02d:%02d", h, m, s);
    out += buf;
  }
  return out;
}

std::string year_month(int year, int month) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "-%02d", month);
  return year_text(year) + buf;
}

}  // namespace spstress::core

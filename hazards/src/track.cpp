#include "spstress/hazards/track.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "spstress/core/error.hpp"
#include "spstress/hazards/cf_time.hpp"
#include "track_internal.hpp"

namespace spstress::hazards {

namespace {

using detail::num;
using detail::track_calendar;

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r");
  return s.substr(first, last - first + 1);
}

std::vector<std::string> split_fields(std::string_view line) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const auto comma = line.find(',', start);
    if (comma == std::string_view::npos) {
      out.emplace_back(trim(line.substr(start)));
      return out;
    }
    out.emplace_back(trim(line.substr(start, comma - start)));
    start = comma + 1;
  }
}

// Where a value sits, for messages: "<file>: line 5, column 3 (Lat)".
struct Place {
  const std::string& path;
  std::size_t line;
  std::size_t column;  // 1-based
  const std::string& name;

  std::string str() const {
    return path + ": line " + std::to_string(line) + ", column " + std::to_string(column) + " (" +
           name + ")";
  }
};

double parse_number(const std::string& text, const Place& at) {
  double value = 0.0;
  const char* end = text.data() + text.size();
  // from_chars rejects a leading '+', which hand-written files may use.
  const char* begin = (!text.empty() && text.front() == '+') ? text.data() + 1 : text.data();
  const auto [ptr, ec] = std::from_chars(begin, end, value);
  if (text.empty() || ec != std::errc() || ptr != end) {
    throw InputError(at.str() + ": \"" + text + "\" is not a number");
  }
  return value;
}

int parse_int(const std::string& text, const Place& at) {
  int value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end) {
    // JTWC-style files may write whole numbers as "6.0"; accept those, nothing fractional.
    double d = 0.0;
    const auto [p2, ec2] = std::from_chars(text.data(), end, d);
    if (!text.empty() && ec2 == std::errc() && p2 == end && std::isfinite(d) &&
        d == std::floor(d) && std::abs(d) < 1e9) {
      return static_cast<int>(d);
    }
    throw InputError(at.str() + ": \"" + text + "\" is not a whole number");
  }
  return value;
}

std::string time_text(const core::DateTime& t) {
  const int h = t.seconds_of_day / 3600;
  const int m = (t.seconds_of_day / 60) % 60;
  const int s = t.seconds_of_day % 60;
  char buf[48];  // room for any int, which the compiler cannot rule out
  std::snprintf(buf, sizeof buf, "T%02d:%02d:%02d", h, m, s);
  std::string out = iso_date(core::DateTime{t.year, t.month, t.day, 0});
  return out + buf;
}

core::DateTime checked_time(int year, int month, int day, int hour, int minute, int second,
                            const Place& at, const std::string& text) {
  const std::string what = at.str() + ": \"" + text + "\" ";
  if (!(month >= 1 && month <= 12))
    throw InputError(what + "has no month " + std::to_string(month));
  if (!(day >= 1 && day <= days_in_month(year, month, track_calendar))) {
    throw InputError(what + "is not a date: " + std::to_string(year) + "-" + std::to_string(month) +
                     " has no day " + std::to_string(day));
  }
  if (!(hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59)) {
    throw InputError(what + "is not a time of day (expected hh 0-23, mm and ss 0-59)");
  }
  return core::DateTime{year, month, day, hour * 3600 + minute * 60 + second};
}

// ISO 8601, UTC: YYYY-MM-DD[(T| )hh[:mm[:ss]]][Z|+00:00|+0000|+00].
core::DateTime parse_iso_time(const std::string& text, const Place& at) {
  const auto bad = [&]() {
    return InputError(at.str() + ": \"" + text +
                      "\" is not an ISO 8601 UTC time (expected YYYY-MM-DD, optionally "
                      "followed by Thh:mm[:ss] and Z)");
  };
  std::string_view s = text;
  for (std::string_view utc : {"Z", "z", "+00:00", "+0000", "+00"}) {
    if (s.size() > utc.size() && s.substr(s.size() - utc.size()) == utc) {
      s.remove_suffix(utc.size());
      break;
    }
  }
  const auto digits = [&](std::size_t pos, std::size_t n) -> int {
    if (pos + n > s.size()) throw bad();
    int v = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
      if (s[i] < '0' || s[i] > '9') throw bad();
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') throw bad();
  const int year = digits(0, 4);
  const int month = digits(5, 2);
  const int day = digits(8, 2);
  int hour = 0, minute = 0, second = 0;
  if (s.size() > 10) {
    if (s[10] != 'T' && s[10] != ' ') {
      // An offset other than UTC is the likely mistake; say so.
      if (s[10] == '+' || s[10] == '-' || s.find_first_of("+-", 11) != std::string_view::npos) {
        throw InputError(at.str() + ": \"" + text +
                         "\" has a time-zone offset; track times must be UTC (end in Z)");
      }
      throw bad();
    }
    const std::string_view rest = s.substr(11);
    if (rest.find_first_of("+-") != std::string_view::npos) {
      throw InputError(at.str() + ": \"" + text +
                       "\" has a time-zone offset; track times must be UTC (end in Z)");
    }
    if (rest.size() == 2) {
      hour = digits(11, 2);
    } else if (rest.size() == 5 && rest[2] == ':') {
      hour = digits(11, 2);
      minute = digits(14, 2);
    } else if (rest.size() == 8 && rest[2] == ':' && rest[5] == ':') {
      hour = digits(11, 2);
      minute = digits(14, 2);
      second = digits(17, 2);
    } else {
      throw bad();
    }
  }
  return checked_time(year, month, day, hour, minute, second, at, text);
}

enum class Layout { Jtwc, Project };

const std::vector<std::string> jtwc_header = {"CY",  "Year", "Month", "Day", "Hour", "Lat",
                                              "Lon", "VMax", "MSLP",  "SN",  "Cat"};
const std::vector<std::string> project_columns = {"time",
                                                  "lat",
                                                  "lon",
                                                  "max_wind_m_s",
                                                  "max_wind_kt",
                                                  "central_pressure_hpa",
                                                  "radius_max_wind_km",
                                                  "environmental_pressure_hpa",
                                                  "id",
                                                  "name"};

std::string expected_headers() {
  std::string jtwc;
  for (const auto& h : jtwc_header) jtwc += (jtwc.empty() ? "" : ",") + h;
  return "expected the JTWC header " + jtwc +
         ", or the project columns time, lat, lon, max_wind_m_s or max_wind_kt, and optionally "
         "central_pressure_hpa, radius_max_wind_km, environmental_pressure_hpa, id, name";
}

double checked_lat(double v, const Place& at) {
  if (!(v >= -90.0 && v <= 90.0)) {
    throw InputError(at.str() + ": latitude " + num(v) + " is outside [-90, 90]");
  }
  return v;
}
double checked_lon(double v, const Place& at) {
  if (!(v >= -180.0 && v <= 360.0)) {
    throw InputError(at.str() + ": longitude " + num(v) + " is outside [-180, 360]");
  }
  return v;
}
double checked_wind(double v, const Place& at) {
  if (!(v >= 0.0) || !std::isfinite(v)) {
    throw InputError(at.str() + ": wind " + num(v) +
                     " is negative or not a number; expected a finite value >= 0");
  }
  return v;
}
double checked_pressure(double v, const Place& at) {
  if (!(v >= 800.0 && v <= 1100.0)) {
    throw InputError(at.str() + ": pressure " + num(v) + " hPa is outside [800, 1100] hPa");
  }
  return v;
}
double checked_radius(double v, const Place& at) {
  if (!(v > 0.0 && v <= 500.0)) {
    throw InputError(at.str() + ": radius " + num(v) + " km is outside (0, 500] km");
  }
  return v;
}

struct Row {
  std::string id;
  std::string name;
  TrackPoint point;
  std::size_t time_column = 1;
  std::string time_column_name;
};

class TrackReader {
 public:
  explicit TrackReader(const std::string& path) : path_(path) {}

  std::vector<Track> read() {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path_, ec)) {
      throw InputError(path_ + ": track file not found");
    }
    std::ifstream in(path_, std::ios::binary);
    if (!in) throw InputError(path_ + ": cannot open the track file");

    std::string line;
    std::size_t line_no = 0;
    bool have_header = false;
    while (std::getline(in, line)) {
      ++line_no;
      if (line_no == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
      const std::string_view t = trim(line);
      if (t.empty() || t.front() == '#') continue;
      if (!have_header) {
        parse_header(split_fields(t), line_no);
        have_header = true;
        continue;
      }
      add_row(split_fields(t), line_no);
    }
    if (in.bad()) throw InputError(path_ + ": read error");
    if (!have_header) throw InputError(path_ + ": no header line; " + expected_headers());
    if (tracks_.empty()) throw InputError(path_ + ": no track points after the header");
    return std::move(tracks_);
  }

 private:
  void parse_header(const std::vector<std::string>& names, std::size_t line_no) {
    header_ = names;
    if (names == jtwc_header) {
      layout_ = Layout::Jtwc;
      return;
    }
    layout_ = Layout::Project;
    for (std::size_t c = 0; c < names.size(); ++c) {
      const auto known = std::find(project_columns.begin(), project_columns.end(), names[c]);
      if (known == project_columns.end()) {
        throw InputError(path_ + ": line " + std::to_string(line_no) + ", column " +
                         std::to_string(c + 1) + ": unknown column \"" + names[c] + "\"; " +
                         expected_headers());
      }
      if (column_.count(names[c]) != 0) {
        throw InputError(path_ + ": line " + std::to_string(line_no) + ", column " +
                         std::to_string(c + 1) + ": column \"" + names[c] +
                         "\" appears twice in the header");
      }
      column_[names[c]] = c;
    }
    for (const char* required : {"time", "lat", "lon"}) {
      if (column_.count(required) == 0) {
        throw InputError(path_ + ": line " + std::to_string(line_no) + ": the header has no \"" +
                         required + "\" column; " + expected_headers());
      }
    }
    const bool ms = column_.count("max_wind_m_s") != 0;
    const bool kt = column_.count("max_wind_kt") != 0;
    if (ms == kt) {
      throw InputError(path_ + ": line " + std::to_string(line_no) +
                       ": the header needs exactly one of \"max_wind_m_s\" and \"max_wind_kt\"" +
                       (ms ? " (it has both)" : " (it has neither)"));
    }
    default_id_ = std::filesystem::path(path_).stem().string();
  }

  Place place(std::size_t line_no, std::size_t c) const {
    return Place{path_, line_no, c + 1, header_[c]};
  }

  Row jtwc_row(const std::vector<std::string>& f, std::size_t line_no) const {
    Row r;
    const int year = parse_int(f[1], place(line_no, 1));
    const int month = parse_int(f[2], place(line_no, 2));
    const int day = parse_int(f[3], place(line_no, 3));
    const int hour = parse_int(f[4], place(line_no, 4));
    const std::string text = f[1] + "-" + f[2] + "-" + f[3] + " " + f[4] + "h";
    r.point.time = checked_time(year, month, day, hour, 0, 0, place(line_no, 1), text);
    r.time_column = 2;
    r.time_column_name = "Year..Hour";
    r.point.lat_deg = checked_lat(parse_number(f[5], place(line_no, 5)), place(line_no, 5));
    r.point.lon_deg = checked_lon(parse_number(f[6], place(line_no, 6)), place(line_no, 6));
    r.point.max_wind_m_s = checked_wind(parse_number(f[7], place(line_no, 7)), place(line_no, 7)) *
                           metres_per_second_per_knot;
    if (!f[8].empty()) {
      const double p = parse_number(f[8], place(line_no, 8));
      // JTWC-derived files write a missing pressure as empty, 0 or -1.
      if (!(p <= 0.0)) r.point.central_pressure_hpa = checked_pressure(p, place(line_no, 8));
    }
    if (f[9].empty()) throw InputError(place(line_no, 9).str() + ": empty storm id");
    r.id = f[9];
    return r;
  }

  std::optional<double> optional_number(const std::vector<std::string>& f, const char* name,
                                        std::size_t line_no) const {
    const auto it = column_.find(name);
    if (it == column_.end() || f[it->second].empty()) return std::nullopt;
    return parse_number(f[it->second], place(line_no, it->second));
  }

  Row project_row(const std::vector<std::string>& f, std::size_t line_no) const {
    Row r;
    const std::size_t tc = column_.at("time");
    r.point.time = parse_iso_time(f[tc], place(line_no, tc));
    r.time_column = tc + 1;
    r.time_column_name = "time";
    const auto required = [&](const char* name) {
      const std::size_t c = column_.at(name);
      if (f[c].empty()) throw InputError(place(line_no, c).str() + ": empty; a value is required");
      return std::make_pair(parse_number(f[c], place(line_no, c)), place(line_no, c));
    };
    {
      const auto [v, at] = required("lat");
      r.point.lat_deg = checked_lat(v, at);
    }
    {
      const auto [v, at] = required("lon");
      r.point.lon_deg = checked_lon(v, at);
    }
    if (column_.count("max_wind_m_s") != 0) {
      const auto [v, at] = required("max_wind_m_s");
      r.point.max_wind_m_s = checked_wind(v, at);
    } else {
      const auto [v, at] = required("max_wind_kt");
      r.point.max_wind_m_s = checked_wind(v, at) * metres_per_second_per_knot;
    }
    if (const auto p = optional_number(f, "central_pressure_hpa", line_no)) {
      r.point.central_pressure_hpa =
          checked_pressure(*p, place(line_no, column_.at("central_pressure_hpa")));
    }
    if (const auto p = optional_number(f, "environmental_pressure_hpa", line_no)) {
      r.point.environmental_pressure_hpa =
          checked_pressure(*p, place(line_no, column_.at("environmental_pressure_hpa")));
    }
    if (const auto rad = optional_number(f, "radius_max_wind_km", line_no)) {
      r.point.radius_max_wind_km =
          checked_radius(*rad, place(line_no, column_.at("radius_max_wind_km")));
    }
    r.id = default_id_;
    if (const auto it = column_.find("id"); it != column_.end()) {
      if (f[it->second].empty()) {
        throw InputError(place(line_no, it->second).str() + ": empty storm id");
      }
      r.id = f[it->second];
    }
    if (const auto it = column_.find("name"); it != column_.end()) r.name = f[it->second];
    return r;
  }

  void add_row(const std::vector<std::string>& fields, std::size_t line_no) {
    if (fields.size() != header_.size()) {
      throw InputError(path_ + ": line " + std::to_string(line_no) + " has " +
                       std::to_string(fields.size()) + " fields; the header has " +
                       std::to_string(header_.size()));
    }
    Row r = layout_ == Layout::Jtwc ? jtwc_row(fields, line_no) : project_row(fields, line_no);
    auto [it, inserted] = index_.try_emplace(r.id, tracks_.size());
    if (inserted) {
      tracks_.push_back(Track{r.id, r.name, {}});
      last_line_.push_back(0);
    }
    Track& track = tracks_[it->second];
    if (track.name.empty()) track.name = r.name;
    if (!track.points.empty() && !(track.points.back().time < r.point.time)) {
      throw InputError(path_ + ": line " + std::to_string(line_no) + ", column " +
                       std::to_string(r.time_column) + " (" + r.time_column_name +
                       "): " + time_text(r.point.time) + " is not after " +
                       time_text(track.points.back().time) + " on line " +
                       std::to_string(last_line_[it->second]) + " (storm " + r.id +
                       "): the points of a track must be in strictly increasing time order");
    }
    track.points.push_back(r.point);
    last_line_[it->second] = line_no;
  }

  const std::string& path_;
  Layout layout_ = Layout::Project;
  std::vector<std::string> header_;
  std::map<std::string, std::size_t> column_;
  std::string default_id_;
  std::vector<Track> tracks_;
  std::vector<std::size_t> last_line_;
  std::map<std::string, std::size_t> index_;
};

}  // namespace

std::vector<Track> read_tracks(const std::string& path, const std::string& storm_id) {
  std::vector<Track> tracks = TrackReader(path).read();
  if (storm_id.empty()) return tracks;
  for (auto& t : tracks) {
    if (t.id == storm_id) return {std::move(t)};
  }
  std::string ids;
  const std::size_t shown = std::min<std::size_t>(tracks.size(), 20);
  for (std::size_t i = 0; i < shown; ++i) ids += (i ? ", " : "") + tracks[i].id;
  if (shown < tracks.size()) ids += ", ...";
  throw InputError(path + ": no storm \"" + storm_id + "\"; the file holds " +
                   std::to_string(tracks.size()) + (tracks.size() == 1 ? " storm: " : " storms: ") +
                   ids);
}

}  // namespace spstress::hazards

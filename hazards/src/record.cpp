#include "spstress/hazards/record.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string_view>
#include <system_error>
#include <tuple>
#include <utility>

#include "spstress/core/error.hpp"
#include "spstress/hazards/cf_time.hpp"

namespace spstress::hazards {

namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int to_int(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

// The largest day a month can have in any CF calendar: 30 in February (360_day).
int max_day_any_calendar(int year, int month) {
  return std::max(30, days_in_month(year, month, Calendar::AllLeap));
}

bool valid_day(int year, int month, int day) {
  return month >= 1 && month <= 12 && day >= 1 && day <= max_day_any_calendar(year, month);
}

// A date at the start ("first") or end of a period from 4, 6, 8, 10 or 12 digits.
struct Stamp {
  int year = 0, month = 0, day = 0;
};

std::optional<Stamp> parse_stamp(std::string_view s, bool at_end) {
  if (!all_digits(s)) return std::nullopt;
  if (s.size() != 4 && s.size() != 6 && s.size() != 8 && s.size() != 10 && s.size() != 12) {
    return std::nullopt;
  }
  Stamp t;
  t.year = to_int(s.substr(0, 4));
  t.month = s.size() >= 6 ? to_int(s.substr(4, 2)) : (at_end ? 12 : 1);
  if (t.month < 1 || t.month > 12) return std::nullopt;
  if (s.size() >= 8) {
    t.day = to_int(s.substr(6, 2));
  } else if (at_end) {
    t.day = days_in_month(t.year, t.month, Calendar::ProlepticGregorian);
  } else {
    t.day = 1;
  }
  if (!valid_day(t.year, t.month, t.day)) return std::nullopt;
  if (s.size() >= 10 && to_int(s.substr(8, 2)) > 23) return std::nullopt;
  if (s.size() >= 12 && to_int(s.substr(10, 2)) > 59) return std::nullopt;
  return t;
}

std::tuple<int, int, int> first_of(const RecordPeriod& p) {
  return {p.first_year, p.first_month, p.first_day};
}
std::tuple<int, int, int> last_of(const RecordPeriod& p) {
  return {p.last_year, p.last_month, p.last_day};
}

std::string ymd(int year, int month, int day) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

// Whether `next` starts on the day after `prev` ends in some CF calendar. The calendar is not
// known from names, so a day that ends the month in any calendar counts as a month end.
bool continues(const RecordPeriod& prev, const RecordPeriod& next) {
  const int y = prev.last_year, m = prev.last_month, d = prev.last_day;
  if (next.first_year == y && next.first_month == m && next.first_day == d + 1) return true;
  const bool month_end = d == 30 || d == days_in_month(y, m, Calendar::NoLeap) ||
                         d == days_in_month(y, m, Calendar::AllLeap);
  const int ny = m == 12 ? y + 1 : y;
  const int nm = m == 12 ? 1 : m + 1;
  return month_end && next.first_year == ny && next.first_month == nm && next.first_day == 1;
}

bool has_wildcard(std::string_view s) { return s.find_first_of("*?") != std::string_view::npos; }

}  // namespace

std::optional<RecordPeriod> parse_record_period(const std::string& file_name) {
  const std::string name = std::filesystem::path(file_name).filename().string();
  constexpr std::string_view ext = ".nc";
  if (name.size() < ext.size() || name.compare(name.size() - ext.size(), ext.size(), ext) != 0) {
    return std::nullopt;
  }
  const std::string_view stem = std::string_view(name).substr(0, name.size() - ext.size());
  // ISIMIP: "_YYYY_YYYY".
  if (stem.size() >= 10 && stem[stem.size() - 10] == '_' && stem[stem.size() - 5] == '_') {
    const std::string_view a = stem.substr(stem.size() - 9, 4);
    const std::string_view b = stem.substr(stem.size() - 4, 4);
    if (all_digits(a) && all_digits(b)) {
      const RecordPeriod p{to_int(a), 1, 1, to_int(b), 12, 31};
      if (p.first_year > p.last_year) return std::nullopt;
      return p;
    }
  }
  // CMIP6: "_START-END" with equally long stamps.
  const std::size_t dash = stem.rfind('-');
  if (dash == std::string_view::npos) return std::nullopt;
  const std::string_view end = stem.substr(dash + 1);
  if (dash < end.size() + 1) return std::nullopt;
  const std::size_t start_at = dash - end.size();
  if (stem[start_at - 1] != '_') return std::nullopt;
  const std::string_view start = stem.substr(start_at, end.size());
  const auto a = parse_stamp(start, false);
  const auto b = parse_stamp(end, true);
  if (!a || !b) return std::nullopt;
  const RecordPeriod p{a->year, a->month, a->day, b->year, b->month, b->day};
  if (first_of(p) > last_of(p)) return std::nullopt;
  return p;
}

std::vector<std::string> expand_record(const std::string& pattern) {
  const std::filesystem::path pat(pattern);
  const std::string name_pattern = pat.filename().string();
  const std::filesystem::path folder = pat.parent_path();
  if (!has_wildcard(pattern)) return {pattern};
  if (has_wildcard(folder.string())) {
    throw InputError(pattern +
                     ": wildcards are allowed in the file name only, not in the folder '" +
                     folder.string() + "'");
  }
  const std::filesystem::path dir = folder.empty() ? std::filesystem::path(".") : folder;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    throw InputError(pattern + ": folder '" + dir.string() + "' not found");
  }

  std::vector<std::string> names;
  std::filesystem::directory_iterator it(dir, ec);
  for (; !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    std::error_code fec;
    if (!it->is_regular_file(fec)) continue;
    const std::string n = it->path().filename().string();
    if (fnmatch(name_pattern.c_str(), n.c_str(), 0) == 0) names.push_back(n);
  }
  if (ec)
    throw InputError(pattern + ": cannot list folder '" + dir.string() + "': " + ec.message());
  if (names.empty()) throw InputError("no file matches " + pattern);
  std::sort(names.begin(), names.end());  // a stable order for the messages below

  std::vector<std::pair<RecordPeriod, std::string>> parts;
  for (const std::string& n : names) {
    const std::string path = folder.empty() ? n : (folder / n).string();
    const auto period = parse_record_period(n);
    if (!period) {
      throw InputError(path + " (matched by " + pattern +
                       "): the name has no period; expected it to end in _YYYY_YYYY.nc (ISIMIP) "
                       "or _YYYYMMDD-YYYYMMDD.nc, _YYYYMM-YYYYMM.nc, _YYYY-YYYY.nc (CMIP6)");
    }
    parts.emplace_back(*period, path);
  }
  std::stable_sort(parts.begin(), parts.end(), [](const auto& a, const auto& b) {
    return first_of(a.first) < first_of(b.first);
  });
  for (std::size_t i = 1; i < parts.size(); ++i) {
    const auto& [prev, prev_path] = parts[i - 1];
    const auto& [next, next_path] = parts[i];
    const std::string prev_span = ymd(prev.first_year, prev.first_month, prev.first_day) + ".." +
                                  ymd(prev.last_year, prev.last_month, prev.last_day);
    const std::string next_span = ymd(next.first_year, next.first_month, next.first_day) + ".." +
                                  ymd(next.last_year, next.last_month, next.last_day);
    if (first_of(next) <= last_of(prev)) {
      throw InputError(pattern + ": the periods of " + prev_path + " (" + prev_span + ") and " +
                       next_path + " (" + next_span +
                       ") overlap; expected each file to start after the previous one ends");
    }
    if (!continues(prev, next)) {
      throw InputError(pattern + ": gap between " + prev_path + " (" + prev_span + ") and " +
                       next_path + " (" + next_span + "): no file covers the days after " +
                       ymd(prev.last_year, prev.last_month, prev.last_day) + " and before " +
                       ymd(next.first_year, next.first_month, next.first_day) +
                       "; expected a continuous record");
    }
  }
  std::vector<std::string> out;
  out.reserve(parts.size());
  for (auto& [period, path] : parts) out.push_back(std::move(path));
  return out;
}

// ---------------------------------------------------------------------------------------------

struct RecordField::Impl {
  std::string pattern;
  std::string variable;  // as asked for, to reopen parts the same way
  std::string resolved_variable;
  std::vector<std::string> paths;
  std::vector<std::size_t> offsets;  // first step of each part, then n_times
  std::string units;
  core::LatLonGrid grid;
  TimeAxis time;
  std::size_t chunk_steps = 1;
  // The one part kept open.
  mutable std::size_t open_index = 0;
  mutable std::unique_ptr<HazardField> open_part;

  const HazardField& part(std::size_t i) const {
    if (open_part && open_index == i) return *open_part;
    open_part.reset();  // close before opening: one handle at a time
    std::unique_ptr<HazardField> f = open_field(paths[i], variable);
    const std::size_t expected = offsets[i + 1] - offsets[i];
    if (f->n_times() != expected) {
      throw InputError(paths[i] + ": has " + std::to_string(f->n_times()) +
                       " time steps now; it had " + std::to_string(expected) + " when the record " +
                       pattern + " was opened");
    }
    open_part = std::move(f);
    open_index = i;
    return *open_part;
  }
};

namespace {

bool same_edges(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!(std::abs(a[i] - b[i]) <= 1e-9)) return false;
  }
  return true;
}

std::string describe_grid(const core::LatLonGrid& g) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "%zu x %zu cells, lon %.6g..%.6g, lat %.6g..%.6g", g.nlon(),
                g.nlat(), g.lon_edges_deg.empty() ? 0.0 : g.lon_edges_deg.front(),
                g.lon_edges_deg.empty() ? 0.0 : g.lon_edges_deg.back(),
                g.lat_edges_deg.empty() ? 0.0 : g.lat_edges_deg.front(),
                g.lat_edges_deg.empty() ? 0.0 : g.lat_edges_deg.back());
  return buf;
}

}  // namespace

RecordField::RecordField(const std::string& pattern, const std::vector<std::string>& part_paths,
                         const std::string& variable)
    : impl_(std::make_unique<Impl>()) {
  if (part_paths.empty()) throw InternalError("RecordField: no parts for " + pattern);
  Impl& m = *impl_;
  m.pattern = pattern;
  m.variable = variable;
  m.paths = part_paths;
  m.offsets.push_back(0);
  for (std::size_t i = 0; i < part_paths.size(); ++i) {
    const std::string& path = part_paths[i];
    std::unique_ptr<HazardField> f = open_field(path, variable);
    const TimeAxis& t = f->time();
    if (t.dates.empty() || t.dates.size() != f->n_times()) {
      throw InputError(path + ": variable '" + f->variable() +
                       "' has no dated time axis; every file of the record " + pattern +
                       " needs one to be put in order");
    }
    for (std::size_t k = 1; k < t.dates.size(); ++k) {
      if (!(t.dates[k - 1] < t.dates[k])) {
        throw InputError(path + ": time step " + std::to_string(k) + " (" +
                         core::iso_date(t.dates[k]) + ") does not follow step " +
                         std::to_string(k - 1) + " (" + core::iso_date(t.dates[k - 1]) +
                         "); expected strictly increasing dates");
      }
    }
    if (i == 0) {
      m.resolved_variable = f->variable();
      m.units = f->units();
      m.grid = f->grid();
      m.time.calendar = t.calendar;
      m.time.units = t.units;
      m.chunk_steps = std::max<std::size_t>(1, f->time_chunk_steps());
    } else {
      const std::string& first = part_paths[0];
      if (f->variable() != m.resolved_variable) {
        throw InputError(path + ": variable '" + f->variable() + "'; expected '" +
                         m.resolved_variable + "' as in " + first);
      }
      if (!same_edges(f->grid().lon_edges_deg, m.grid.lon_edges_deg) ||
          !same_edges(f->grid().lat_edges_deg, m.grid.lat_edges_deg)) {
        throw InputError(path + ": grid (" + describe_grid(f->grid()) +
                         ") differs from the grid of " + first + " (" + describe_grid(m.grid) +
                         "); expected the same cell edges within 1e-9 deg");
      }
      if (f->units() != m.units) {
        throw InputError(path + ": variable '" + m.resolved_variable + "' has units \"" +
                         f->units() + "\"; expected \"" + m.units + "\" as in " + first);
      }
      if (t.calendar != m.time.calendar) {
        throw InputError(path + ": calendar " + calendar_name(t.calendar) + "; expected " +
                         calendar_name(m.time.calendar) + " as in " + first);
      }
      const core::DateTime& last = m.time.dates.back();
      if (!(last < t.dates.front())) {
        throw InputError(part_paths[i - 1] + " ends at " + core::iso_date(last) + " but " + path +
                         " starts at " + core::iso_date(t.dates.front()) +
                         "; expected the dates of the record " + pattern +
                         " to be strictly increasing across files");
      }
    }
    m.time.dates.insert(m.time.dates.end(), t.dates.begin(), t.dates.end());
    m.offsets.push_back(m.offsets.back() + f->n_times());
    if (i == 0) {
      m.open_part = std::move(f);  // likely the first to be read
      m.open_index = 0;
    }
  }
}

RecordField::~RecordField() = default;
RecordField::RecordField(RecordField&&) noexcept = default;
RecordField& RecordField::operator=(RecordField&&) noexcept = default;

const std::string& RecordField::path() const { return impl_->pattern; }
const std::string& RecordField::variable() const { return impl_->resolved_variable; }
const std::string& RecordField::units() const { return impl_->units; }
const core::LatLonGrid& RecordField::grid() const { return impl_->grid; }
const TimeAxis& RecordField::time() const { return impl_->time; }
std::size_t RecordField::n_times() const { return impl_->offsets.back(); }
std::size_t RecordField::time_chunk_steps() const { return impl_->chunk_steps; }
const std::vector<std::string>& RecordField::part_paths() const { return impl_->paths; }
const std::vector<std::size_t>& RecordField::part_offsets() const { return impl_->offsets; }

Eigen::MatrixXd RecordField::read_block(std::size_t first, std::size_t count) const {
  const Impl& m = *impl_;
  const std::size_t n = m.offsets.back();
  if (first > n || count > n - first) {
    throw InternalError(m.pattern + ": read_block(" + std::to_string(first) + ", " +
                        std::to_string(count) + ") is out of bounds for " + std::to_string(n) +
                        " time steps");
  }
  const auto ncells = static_cast<Eigen::Index>(m.grid.ncells());
  Eigen::MatrixXd out(ncells, static_cast<Eigen::Index>(count));
  std::size_t done = 0;
  while (done < count) {
    const std::size_t step = first + done;
    // The part holding `step`: the last offset not above it.
    const auto it = std::upper_bound(m.offsets.begin(), m.offsets.end(), step);
    const auto i = static_cast<std::size_t>(it - m.offsets.begin()) - 1;
    const std::size_t local = step - m.offsets[i];
    const std::size_t take = std::min(count - done, m.offsets[i + 1] - step);
    const Eigen::MatrixXd piece = m.part(i).read_block(local, take);
    if (piece.rows() != ncells || piece.cols() != static_cast<Eigen::Index>(take)) {
      throw InternalError(m.paths[i] + ": read_block returned a block of the wrong shape");
    }
    out.middleCols(static_cast<Eigen::Index>(done), static_cast<Eigen::Index>(take)) = piece;
    done += take;
  }
  return out;
}

namespace {

/// The parts' own streams one after the other; a block ends at the end of a part, and a part
/// is opened only when its first block is wanted.
class RecordStream : public BlockStream {
 public:
  RecordStream(const RecordField::Impl& record, std::size_t first, std::size_t last,
               std::size_t block_steps, unsigned threads)
      : m_(record), next_(first), last_(last), block_steps_(block_steps), threads_(threads) {}

  bool next(Block& block) override {
    for (;;) {
      if (part_stream_ && part_stream_->next(block)) {
        block.first += m_.offsets[part_];
        return true;
      }
      part_stream_.reset();  // before part() reopens a file
      if (next_ >= last_) return false;
      const auto it = std::upper_bound(m_.offsets.begin(), m_.offsets.end(), next_);
      part_ = static_cast<std::size_t>(it - m_.offsets.begin()) - 1;
      const std::size_t end = std::min(last_, m_.offsets[part_ + 1]);
      part_stream_ = m_.part(part_).stream(next_ - m_.offsets[part_], end - m_.offsets[part_],
                                           block_steps_, threads_);
      next_ = end;
    }
  }

 private:
  const RecordField::Impl& m_;
  std::size_t next_, last_, block_steps_;
  unsigned threads_;
  std::size_t part_ = 0;
  std::unique_ptr<BlockStream> part_stream_;
};

}  // namespace

std::unique_ptr<BlockStream> RecordField::stream(std::size_t first, std::size_t last,
                                                 std::size_t block_steps, unsigned threads) const {
  if (first > last || last > n_times())
    return HazardField::stream(first, last, block_steps, threads);
  return std::make_unique<RecordStream>(*impl_, first, last, std::max<std::size_t>(1, block_steps),
                                        threads);
}

std::unique_ptr<HazardField> open_record(const std::string& pattern, const std::string& variable) {
  const std::vector<std::string> files = expand_record(pattern);
  if (files.size() == 1) return open_field(files.front(), variable);
  return std::make_unique<RecordField>(pattern, files, variable);
}

}  // namespace spstress::hazards

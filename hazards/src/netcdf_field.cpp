#include "spstress/hazards/netcdf_field.hpp"

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <exception>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include <fcntl.h>
#include <unistd.h>

#include "chunk_plan.hpp"
#include "nc_util.hpp"
#include "spstress/core/error.hpp"

namespace spstress::hazards {

namespace {

using detail::AxisRole;

std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
  return out.empty() ? "(none)" : out;
}

std::string dims_text(int ncid, const std::vector<int>& dims) {
  std::vector<std::string> names;
  for (int d : dims) names.push_back(detail::dim_name(ncid, d));
  return "(" + join_names(names) + ")";
}

AxisRole dim_role(int ncid, int dimid) {
  const int cv = detail::coordinate_var(ncid, dimid);
  return cv < 0 ? AxisRole::Other : detail::axis_role(ncid, cv);
}

bool has_lat_and_lon(int ncid, int varid) {
  bool lat = false, lon = false;
  for (int d : detail::var_dims(ncid, varid)) {
    const AxisRole r = dim_role(ncid, d);
    lat = lat || r == AxisRole::Latitude;
    lon = lon || r == AxisRole::Longitude;
  }
  return lat && lon;
}

bool is_coordinate_var(int ncid, int varid) {
  const std::vector<int> dims = detail::var_dims(ncid, varid);
  return dims.size() == 1 && detail::coordinate_var(ncid, dims[0]) == varid;
}

constexpr const char* coordinate_attributes_text =
    "a coordinate variable (named like its dimension) with axis=\"Y\"/\"X\", "
    "standard_name=\"latitude\"/\"longitude\", or units=\"degrees_north\"/\"degrees_east\" "
    "(or degree_north, degree_N, degreesN... and the east equivalents)";

// Cell edges of one axis in increasing order, from its `bounds` variable when it has one,
// else midway between centres. `centres_inc` is increasing; `reversed` says whether the file
// stores it decreasing (bounds rows are then read back to front).
std::vector<double> axis_edges(int ncid, int coord_varid, const std::vector<double>& centres_inc,
                               bool reversed, const std::string& where) {
  const std::size_t n = centres_inc.size();
  const auto bounds_name = detail::att_text(ncid, coord_varid, "bounds");
  if (!bounds_name || bounds_name->empty())
    return core::LatLonGrid::edges_from_centres(centres_inc);

  int bvar = -1;
  if (nc_inq_varid(ncid, bounds_name->c_str(), &bvar) != NC_NOERR) {
    throw InputError(where + ": bounds variable '" + *bounds_name +
                     "' named by the bounds attribute is not in the file");
  }
  const std::vector<int> bdims = detail::var_dims(ncid, bvar);
  if (bdims.size() != 2 || detail::dim_len(ncid, bdims[0]) != n ||
      detail::dim_len(ncid, bdims[1]) != 2) {
    throw InputError(where + ": bounds variable '" + *bounds_name + "' has dimensions " +
                     dims_text(ncid, bdims) + "; expected (" + std::to_string(n) + ", 2)");
  }
  const std::vector<double> b = detail::read_all(ncid, bvar, where + ": reading " + *bounds_name);
  std::vector<double> lo(n), hi(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t k = reversed ? n - 1 - i : i;
    lo[i] = std::min(b[2 * k], b[2 * k + 1]);
    hi[i] = std::max(b[2 * k], b[2 * k + 1]);
    if (!(lo[i] <= centres_inc[i] + 1e-6 && centres_inc[i] <= hi[i] + 1e-6 && lo[i] < hi[i])) {
      throw InputError(where + ": bounds [" + std::to_string(b[2 * k]) + ", " +
                       std::to_string(b[2 * k + 1]) + "] of cell " + std::to_string(k) +
                       " do not enclose its centre " + std::to_string(centres_inc[i]) +
                       " with a positive width");
    }
  }
  std::vector<double> edges(n + 1);
  edges[0] = lo[0];
  edges[n] = hi[n - 1];
  for (std::size_t i = 1; i < n; ++i) {
    // Bounds stored in float disagree with their neighbours in the 5th or 6th digit; a larger
    // gap or overlap means cells that do not tile the plane, which exact coverage cannot use.
    const double tol_deg = std::max(1e-4, 1e-3 * std::min(hi[i - 1] - lo[i - 1], hi[i] - lo[i]));
    if (!(std::fabs(hi[i - 1] - lo[i]) <= tol_deg)) {
      throw InputError(where + ": bounds of neighbouring cells are not contiguous: one ends at " +
                       std::to_string(hi[i - 1]) + " and the next starts at " +
                       std::to_string(lo[i]) + "; expected cells that share their edges");
    }
    edges[i] = 0.5 * (hi[i - 1] + lo[i]);
  }
  return edges;
}

}  // namespace

struct NetcdfField::Impl {
  detail::NcFile file;
  std::string variable;
  std::string units;
  int varid = -1;
  nc_type type = NC_NAT;
  core::LatLonGrid grid;
  TimeAxis time;
  std::size_t n_times = 1;
  bool has_time = false;
  std::size_t time_chunk_steps = 1;  // storage chunk length along time
  std::size_t ndims = 0;
  std::size_t nlat = 0;
  std::size_t nlon = 0;
  bool flip_lat = false;  // file rows run south to north
  bool flip_lon = false;  // file columns run east to west

  // Packing and missing values, on the packed (raw) values as CF §8.1 / §2.5.1 say.
  double scale = 1.0;
  double offset = 0.0;
  std::vector<double> missing_raw;
  double valid_min_raw = -std::numeric_limits<double>::infinity();
  double valid_max_raw = std::numeric_limits<double>::infinity();
  int unsigned_bits = 0;  // _Unsigned = "true" on a signed integer type

  // The chunk index for direct reading, made on the first stream() call.
  mutable bool plan_tried = false;
  mutable std::optional<detail::ChunkPlan> plan;
  mutable std::string plan_refusal;

  const std::optional<detail::ChunkPlan>& chunk_plan() const {
    if (!plan_tried) {
      plan_tried = true;
      std::vector<std::size_t> shape;
      for (int d : detail::var_dims(file.id(), varid))
        shape.push_back(detail::dim_len(file.id(), d));
      plan = detail::plan_chunks(file.path(), variable, shape, &plan_refusal);
    }
    return plan;
  }

  explicit Impl(const std::string& path) : file(path) {}

  std::string where() const { return file.path() + ": variable '" + variable + "'"; }
  void resolve_variable(const std::string& requested);
  void read_layout_and_grid();
  void read_time(int time_dimid);
  void read_packing();
  double unsign(double raw) const {
    return (unsigned_bits > 0 && raw < 0) ? raw + std::ldexp(1.0, unsigned_bits) : raw;
  }
  /// A value as the file stores it (converted to double) to the value in `units`: NaN if it is
  /// missing or outside the valid range, else unpacked.
  double decode(double stored) const {
    const double raw = unsign(stored);
    bool missing = false;
    for (double mv : missing_raw) missing = missing || raw == mv;
    missing = missing || raw < valid_min_raw || raw > valid_max_raw;
    return missing ? std::numeric_limits<double>::quiet_NaN() : raw * scale + offset;
  }
  /// decode() over a run of values, written to out[0], out[step], out[2 * step]... The common
  /// case (at most two missing values, no _Unsigned) runs without branches.
  void decode_run(const double* stored, std::size_t n, double* out, std::ptrdiff_t step) const {
    if (unsigned_bits > 0 || missing_raw.size() > 2) {
      for (std::size_t i = 0; i < n; ++i)
        out[static_cast<std::ptrdiff_t>(i) * step] = decode(stored[i]);
      return;
    }
    // NaN never compares equal, so it stands in for an absent missing value.
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double m0 = missing_raw.size() > 0 ? missing_raw[0] : nan;
    const double m1 = missing_raw.size() > 1 ? missing_raw[1] : nan;
    const double lo = valid_min_raw, hi = valid_max_raw, a = scale, b = offset;
    for (std::size_t i = 0; i < n; ++i) {
      const double raw = stored[i];
      const bool missing = (raw == m0) | (raw == m1) | (raw < lo) | (raw > hi);
      out[static_cast<std::ptrdiff_t>(i) * step] = missing ? nan : raw * a + b;
    }
  }
};

void NetcdfField::Impl::resolve_variable(const std::string& requested) {
  const int ncid = file.id();
  const int nvars = detail::n_vars(ncid);
  std::vector<std::string> all_names;
  std::vector<std::string> candidates;
  std::vector<int> candidate_ids;
  for (int v = 0; v < nvars; ++v) {
    all_names.push_back(detail::var_name(ncid, v));
    if (!is_coordinate_var(ncid, v) && has_lat_and_lon(ncid, v)) {
      candidates.push_back(all_names.back());
      candidate_ids.push_back(v);
    }
  }
  if (!requested.empty()) {
    if (nc_inq_varid(ncid, requested.c_str(), &varid) != NC_NOERR) {
      throw InputError(file.path() + ": variable '" + requested +
                       "' not found; the file has: " + join_names(all_names));
    }
    variable = requested;
    return;
  }
  if (candidates.size() != 1) {
    throw InputError(file.path() + ": no variable name given and " +
                     (candidates.empty()
                          ? "no variable has latitude and longitude dimensions (looked for " +
                                std::string(coordinate_attributes_text) +
                                "); the file has: " + join_names(all_names)
                          : std::to_string(candidates.size()) +
                                " variables have latitude and longitude dimensions: " +
                                join_names(candidates) + "; name one of them"));
  }
  varid = candidate_ids[0];
  variable = candidates[0];
}

void NetcdfField::Impl::read_layout_and_grid() {
  const int ncid = file.id();
  type = detail::var_type(ncid, varid);
  if (type == NC_CHAR || type == NC_STRING || type > NC_STRING) {
    throw InputError(where() + ": has type " + detail::type_name(type) +
                     "; expected a numeric variable");
  }
  const std::vector<int> dims = detail::var_dims(ncid, varid);
  ndims = dims.size();
  std::vector<AxisRole> roles;
  for (int d : dims) roles.push_back(dim_role(ncid, d));

  const auto count_role = [&](AxisRole r) { return std::count(roles.begin(), roles.end(), r); };
  if (count_role(AxisRole::Latitude) != 1 || count_role(AxisRole::Longitude) != 1) {
    throw InputError(where() + ": dimensions " + dims_text(ncid, dims) +
                     " do not include exactly one latitude and one longitude dimension; looked "
                     "for " +
                     coordinate_attributes_text +
                     ". Curvilinear and projected grids are not supported");
  }
  const std::string expected =
      "; expected (time, lat, lon), (lat, lon) or (time, level, lat, lon) with a single level";
  if (ndims < 2 || roles[ndims - 2] != AxisRole::Latitude ||
      roles[ndims - 1] != AxisRole::Longitude) {
    throw UnsupportedError(where() + ": dimension order " + dims_text(ncid, dims) +
                           " is not supported" + expected +
                           " (reorder with e.g. `ncpdq -a time,lat,lon`)");
  }
  int time_dimid = -1;
  for (std::size_t i = 0; i + 2 < ndims; ++i) {
    const std::size_t len = detail::dim_len(ncid, dims[i]);
    if (i == 0 && roles[i] == AxisRole::Time) {
      time_dimid = dims[i];
      continue;
    }
    if (roles[i] == AxisRole::Time) {
      throw UnsupportedError(where() + ": dimension order " + dims_text(ncid, dims) +
                             " is not supported: time must come first" + expected);
    }
    if (len != 1) {
      throw UnsupportedError(where() + ": dimension '" + detail::dim_name(ncid, dims[i]) +
                             "' has length " + std::to_string(len) +
                             " and is not a time axis (axis=\"T\", standard_name=\"time\" or "
                             "units \"UNIT since DATE\")" +
                             expected + "; select one level first (e.g. `cdo sellevel`)");
    }
  }

  // Grid.
  const int lat_dim = dims[ndims - 2];
  const int lon_dim = dims[ndims - 1];
  const int lat_var = detail::coordinate_var(ncid, lat_dim);
  const int lon_var = detail::coordinate_var(ncid, lon_dim);
  const std::string lat_name = detail::var_name(ncid, lat_var);
  const std::string lon_name = detail::var_name(ncid, lon_var);
  std::vector<double> lat = detail::read_all(ncid, lat_var, where() + ": reading " + lat_name);
  std::vector<double> lon = detail::read_all(ncid, lon_var, where() + ": reading " + lon_name);
  nlat = lat.size();
  nlon = lon.size();
  if (nlat == 0 || nlon == 0) {
    throw InputError(where() + ": latitude or longitude dimension has length 0");
  }
  const auto check_monotone = [&](const std::vector<double>& c, const std::string& name) {
    for (double v : c) {
      if (!std::isfinite(v)) {
        throw InputError(file.path() + ": coordinate variable '" + name +
                         "' has a non-finite value; expected finite degrees");
      }
    }
    if (c.size() < 2) return false;
    const bool decreasing = c[1] < c[0];
    for (std::size_t i = 1; i < c.size(); ++i) {
      if (!(decreasing ? c[i] < c[i - 1] : c[i] > c[i - 1])) {
        throw InputError(file.path() + ": coordinate variable '" + name +
                         "' is not strictly monotone: value " + std::to_string(c[i]) +
                         " at index " + std::to_string(i) + " follows " + std::to_string(c[i - 1]) +
                         "; expected strictly increasing or "
                         "strictly decreasing values");
      }
    }
    return decreasing;
  };
  flip_lat = !check_monotone(lat, lat_name);  // increasing latitudes = south-up
  if (nlat == 1) flip_lat = false;
  flip_lon = check_monotone(lon, lon_name);
  for (double v : lat) {
    if (!(v >= -90.0 - 1e-6 && v <= 90.0 + 1e-6)) {
      throw InputError(file.path() + ": latitude '" + lat_name + "' has value " +
                       std::to_string(v) + "; expected degrees_north within [-90, 90]");
    }
  }
  std::vector<double> lat_inc = lat;
  if (nlat > 1 && lat.front() > lat.back()) std::reverse(lat_inc.begin(), lat_inc.end());
  std::vector<double> lon_inc = lon;
  if (flip_lon) std::reverse(lon_inc.begin(), lon_inc.end());

  std::vector<double> lat_edges =
      axis_edges(ncid, lat_var, lat_inc, nlat > 1 && lat.front() > lat.back(),
                 file.path() + ": latitude '" + lat_name + "'");
  for (double& e : lat_edges) e = std::clamp(e, -90.0, 90.0);
  std::reverse(lat_edges.begin(), lat_edges.end());  // north to south
  std::vector<double> lon_edges =
      axis_edges(ncid, lon_var, lon_inc, flip_lon, file.path() + ": longitude '" + lon_name + "'");
  if (!(lon_edges.back() - lon_edges.front() <= 360.0 + 1e-6)) {
    throw InputError(file.path() + ": longitude '" + lon_name + "' spans " +
                     std::to_string(lon_edges.back() - lon_edges.front()) +
                     " degrees from the first to the last cell edge; expected at most 360");
  }
  for (std::size_t j = 1; j < lat_edges.size(); ++j) {
    if (!(lat_edges[j] < lat_edges[j - 1])) {
      throw InputError(file.path() + ": latitude '" + lat_name +
                       "' gives cells of zero height after clamping edges to [-90, 90]");
    }
  }
  grid.lat_edges_deg = std::move(lat_edges);
  grid.lon_edges_deg = std::move(lon_edges);
  core::check_grid(grid);

  if (time_dimid >= 0) read_time(time_dimid);
}

void NetcdfField::Impl::read_time(int time_dimid) {
  const int ncid = file.id();
  const int tvar = detail::coordinate_var(ncid, time_dimid);
  const std::string tname = detail::var_name(ncid, tvar);
  const std::string twhere = file.path() + ": time variable '" + tname + "'";
  has_time = true;
  const auto units_attr = detail::att_text(ncid, tvar, "units");
  if (!units_attr) {
    throw InputError(twhere + ": no units attribute; expected \"UNIT since DATE\"");
  }
  time.units = *units_attr;
  time.calendar = parse_calendar(detail::att_text(ncid, tvar, "calendar").value_or(""),
                                 twhere + ": attribute calendar");
  const TimeUnits tu = parse_time_units(time.units, twhere + ": attribute units");
  check_time_units(tu, time.calendar, twhere + ": attribute units");
  const std::vector<double> values = detail::read_all(ncid, tvar, twhere + ": reading values");
  n_times = values.size();
  time.dates.reserve(n_times);
  for (std::size_t i = 0; i < n_times; ++i) {
    if (!std::isfinite(values[i])) {
      throw InputError(twhere + ": value at index " + std::to_string(i) +
                       " is not a finite number; expected a time in " + time.units);
    }
    try {
      time.dates.push_back(decode_time(values[i], tu, time.calendar));
    } catch (const InputError& e) {
      throw InputError(twhere + ": value at index " + std::to_string(i) + ": " + e.what());
    }
  }
}

void NetcdfField::Impl::read_packing() {
  const int ncid = file.id();
  units = detail::att_text(ncid, varid, "units").value_or("");
  if (detail::integer_bits(type) > 0) {
    const std::string u = detail::att_text(ncid, varid, "_Unsigned").value_or("");
    if (u == "true" || u == "TRUE" || u == "True") unsigned_bits = detail::integer_bits(type);
  }
  const auto single = [&](const char* name, double fallback) {
    const std::vector<double> v = detail::att_doubles(ncid, varid, name);
    if (v.empty()) return fallback;
    if (!std::isfinite(v[0])) {
      throw InputError(where() + ": attribute " + name + " is not a finite number");
    }
    return v[0];
  };
  scale = single("scale_factor", 1.0);
  offset = single("add_offset", 0.0);

  const std::vector<double> fill = detail::att_doubles(ncid, varid, "_FillValue");
  for (double v : fill) missing_raw.push_back(unsign(v));
  for (double v : detail::att_doubles(ncid, varid, "missing_value"))
    missing_raw.push_back(unsign(v));
  // Without a _FillValue, never-written values hold the library's default fill; for floating
  // types that value (about 9.97e36) cannot be data, so treat it as missing as the NUG advises.
  if (fill.empty()) {
    if (type == NC_FLOAT) missing_raw.push_back(static_cast<double>(NC_FILL_FLOAT));
    if (type == NC_DOUBLE) missing_raw.push_back(NC_FILL_DOUBLE);
  }
  const std::vector<double> range = detail::att_doubles(ncid, varid, "valid_range");
  if (range.size() >= 2) {
    valid_min_raw = unsign(range[0]);
    valid_max_raw = unsign(range[1]);
  }
  const std::vector<double> vmin = detail::att_doubles(ncid, varid, "valid_min");
  if (!vmin.empty()) valid_min_raw = unsign(vmin[0]);
  const std::vector<double> vmax = detail::att_doubles(ncid, varid, "valid_max");
  if (!vmax.empty()) valid_max_raw = unsign(vmax[0]);
}

NetcdfField::NetcdfField(const std::string& path, const std::string& variable)
    : impl_(std::make_unique<Impl>(path)) {
  impl_->resolve_variable(variable);
  impl_->read_layout_and_grid();
  impl_->read_packing();
  // Chunk layout along time: ISIMIP-style files store one step per chunk, others whole years.
  if (impl_->has_time) {
    int storage = NC_CONTIGUOUS;
    std::vector<std::size_t> chunks(impl_->ndims, 0);
    if (nc_inq_var_chunking(impl_->file.id(), impl_->varid, &storage, chunks.data()) == NC_NOERR &&
        storage == NC_CHUNKED && !chunks.empty() && chunks[0] >= 1) {
      impl_->time_chunk_steps = std::min(chunks[0], impl_->n_times);
    }
  }
}

NetcdfField::~NetcdfField() = default;
NetcdfField::NetcdfField(NetcdfField&&) noexcept = default;
NetcdfField& NetcdfField::operator=(NetcdfField&&) noexcept = default;

const std::string& NetcdfField::path() const { return impl_->file.path(); }
const std::string& NetcdfField::variable() const { return impl_->variable; }
const std::string& NetcdfField::units() const { return impl_->units; }
const core::LatLonGrid& NetcdfField::grid() const { return impl_->grid; }
const TimeAxis& NetcdfField::time() const { return impl_->time; }
std::size_t NetcdfField::n_times() const { return impl_->n_times; }
std::size_t NetcdfField::time_chunk_steps() const { return impl_->time_chunk_steps; }

Eigen::MatrixXd NetcdfField::read_block(std::size_t first, std::size_t count) const {
  const Impl& m = *impl_;
  if (first > m.n_times || count > m.n_times - first) {
    throw InternalError(m.where() + ": read_block(" + std::to_string(first) + ", " +
                        std::to_string(count) + ") is outside the " + std::to_string(m.n_times) +
                        " time steps");
  }
  const std::size_t ncells = m.nlat * m.nlon;
  Eigen::MatrixXd out(static_cast<Eigen::Index>(ncells), static_cast<Eigen::Index>(count));
  if (count == 0) return out;

  // One hyperslab for the whole block: the file's (time, [level,] lat, lon) order is exactly
  // Eigen's column-major (cell, time) layout, so the library writes straight into `out`.
  std::vector<std::size_t> start(m.ndims, 0);
  std::vector<std::size_t> counts(m.ndims, 1);
  if (m.has_time) {
    start[0] = first;
    counts[0] = count;
  }
  counts[m.ndims - 2] = m.nlat;
  counts[m.ndims - 1] = m.nlon;
  const int status =
      nc_get_vara_double(m.file.id(), m.varid, start.data(), counts.data(), out.data());
  if (status != NC_NOERR) {
    throw InputError(m.where() + ": reading time steps " + std::to_string(first) + " to " +
                     std::to_string(first + count - 1) + " failed: " + nc_strerror(status));
  }

  for (std::size_t t = 0; t < count; ++t) {
    double* col = out.data() + t * ncells;
    if (m.flip_lat) {
      for (std::size_t r = 0; r < m.nlat / 2; ++r) {
        std::swap_ranges(col + r * m.nlon, col + (r + 1) * m.nlon, col + (m.nlat - 1 - r) * m.nlon);
      }
    }
    if (m.flip_lon) {
      for (std::size_t r = 0; r < m.nlat; ++r)
        std::reverse(col + r * m.nlon, col + (r + 1) * m.nlon);
    }
    m.decode_run(col, ncells, col, 1);
  }
  return out;
}

namespace {

/// Decodes blocks straight from the file's compressed chunks (see chunk_plan.hpp): on worker
/// threads that run ahead of the caller by a few blocks, or on the caller's thread when one
/// thread is asked for. Each block is decoded in full by one thread, so the values do not
/// depend on the number of threads.
class DirectStream : public BlockStream {
 public:
  DirectStream(const NetcdfField::Impl& field, std::size_t first, std::size_t last,
               std::size_t block_steps, unsigned threads)
      : m_(field),
        plan_(*field.plan),
        first_(first),
        last_(last),
        block_steps_(block_steps),
        n_blocks_(last > first ? (last - first + block_steps - 1) / block_steps : 0),
        where_(field.where()) {
    fd_ = ::open(field.file.path().c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) throw InputError(where_ + ": cannot reopen the file to read its chunks");
    const unsigned workers = static_cast<unsigned>(std::min<std::size_t>(threads, n_blocks_));
    if (workers > 1) {
      // Enough blocks in flight to keep every worker busy while the caller uses one.
      max_ahead_ = 2 * static_cast<std::size_t>(workers);
      for (unsigned i = 0; i < workers; ++i) workers_.emplace_back([this] { work(); });
    }
  }

  ~DirectStream() override {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    work_ready_.notify_all();
    for (auto& w : workers_) w.join();
    ::close(fd_);
  }

  DirectStream(const DirectStream&) = delete;
  DirectStream& operator=(const DirectStream&) = delete;

  bool next(Block& block) override {
    if (next_out_ >= n_blocks_) return false;
    const std::size_t k = next_out_;
    if (workers_.empty()) {
      decode_block(k, block.values, own_scratch_, own_row_buffer_);
    } else {
      std::unique_lock<std::mutex> lock(mutex_);
      if (block.values.size() > 0) spare_.push_back(std::move(block.values));
      done_.wait(lock, [&] { return ready_.count(k) > 0; });
      Result r = std::move(ready_.at(k));
      ready_.erase(k);
      ++next_out_;
      lock.unlock();
      work_ready_.notify_all();
      if (r.error) std::rethrow_exception(r.error);
      block.values = std::move(r.values);
      block.first = first_ + k * block_steps_;
      return true;
    }
    ++next_out_;
    block.first = first_ + k * block_steps_;
    return true;
  }

 private:
  struct Result {
    Eigen::MatrixXd values;
    std::exception_ptr error;
  };

  void work() {
    detail::ChunkScratch scratch;
    std::vector<double> row_buffer;
    for (;;) {
      std::unique_lock<std::mutex> lock(mutex_);
      work_ready_.wait(lock, [&] {
        return stop_ || next_task_ >= n_blocks_ || next_task_ < next_out_ + max_ahead_;
      });
      if (stop_ || next_task_ >= n_blocks_) return;
      const std::size_t k = next_task_++;
      Result r;
      if (!spare_.empty()) {
        r.values = std::move(spare_.back());
        spare_.pop_back();
      }
      lock.unlock();
      try {
        decode_block(k, r.values, scratch, row_buffer);
      } catch (...) {
        r.error = std::current_exception();
      }
      lock.lock();
      ready_.emplace(k, std::move(r));
      lock.unlock();
      done_.notify_all();
    }
  }

  void decode_block(std::size_t k, Eigen::MatrixXd& out, detail::ChunkScratch& scratch,
                    std::vector<double>& row_buffer) const {
    const std::size_t t0 = first_ + k * block_steps_;
    const std::size_t n = std::min(block_steps_, last_ - t0);
    const std::size_t nlat = m_.nlat, nlon = m_.nlon, ncells = nlat * nlon;
    out.resize(static_cast<Eigen::Index>(ncells), static_cast<Eigen::Index>(n));
    const std::size_t rank = plan_.shape.size();
    const std::size_t lat_d = rank - 2, lon_d = rank - 1;
    // Strides of an element inside a chunk and of a chunk in the chunk grid (row-major); the
    // level dimensions in between have length one, so their index is always zero.
    std::vector<std::size_t> elem_stride(rank, 1), chunk_stride(rank, 1);
    for (std::size_t d = rank - 1; d-- > 0;) {
      elem_stride[d] = elem_stride[d + 1] * plan_.chunk[d + 1];
      chunk_stride[d] = chunk_stride[d + 1] * plan_.grid[d + 1];
    }
    const std::size_t ct = m_.has_time ? plan_.chunk[0] : 1;
    const std::size_t cy = plan_.chunk[lat_d], cx = plan_.chunk[lon_d];
    row_buffer.resize(cx);
    for (std::size_t tc = t0 / ct; tc * ct < t0 + n; ++tc) {
      const std::size_t s_begin = std::max(t0, tc * ct), s_end = std::min(t0 + n, (tc + 1) * ct);
      for (std::size_t gy = 0; gy < plan_.grid[lat_d]; ++gy) {
        for (std::size_t gx = 0; gx < plan_.grid[lon_d]; ++gx) {
          const std::size_t index =
              (m_.has_time ? tc * chunk_stride[0] : 0) + gy * chunk_stride[lat_d] + gx;
          bool shuffled = false;
          const unsigned char* bytes =
              detail::decode_chunk(fd_, plan_, index, scratch, shuffled, where_);
          if (!bytes) std::fill(row_buffer.begin(), row_buffer.end(), plan_.fill_value);
          const std::size_t y_end = std::min(cy, nlat - gy * cy);
          const std::size_t x_end = std::min(cx, nlon - gx * cx);
          for (std::size_t s = s_begin; s < s_end; ++s) {
            double* col = out.data() + (s - t0) * ncells;
            const std::size_t step_at = m_.has_time ? (s - tc * ct) * elem_stride[0] : 0;
            for (std::size_t y = 0; y < y_end; ++y) {
              const std::size_t file_row = gy * cy + y;
              const std::size_t row = m_.flip_lat ? nlat - 1 - file_row : file_row;
              if (bytes) {
                detail::chunk_values(plan_, bytes, shuffled, step_at + y * elem_stride[lat_d],
                                     x_end, row_buffer.data());
              }
              if (m_.flip_lon) {
                m_.decode_run(row_buffer.data(), x_end, col + row * nlon + (nlon - 1 - gx * cx),
                              -1);
              } else {
                m_.decode_run(row_buffer.data(), x_end, col + row * nlon + gx * cx, 1);
              }
            }
          }
        }
      }
    }
  }

  const NetcdfField::Impl& m_;
  const detail::ChunkPlan& plan_;
  std::size_t first_, last_, block_steps_, n_blocks_;
  std::string where_;
  int fd_ = -1;
  std::size_t next_out_ = 0;  // the block next() hands out next
  // Used only when there are no workers.
  detail::ChunkScratch own_scratch_;
  std::vector<double> own_row_buffer_;

  std::mutex mutex_;
  std::condition_variable work_ready_;
  std::condition_variable done_;
  std::size_t next_task_ = 0;
  std::size_t max_ahead_ = 0;
  bool stop_ = false;
  std::map<std::size_t, Result> ready_;
  std::vector<Eigen::MatrixXd> spare_;
  std::vector<std::thread> workers_;
};

}  // namespace

std::string NetcdfField::direct_read_refusal() const {
  return impl_->chunk_plan() ? std::string() : impl_->plan_refusal;
}

std::unique_ptr<BlockStream> NetcdfField::stream(std::size_t first, std::size_t last,
                                                 std::size_t block_steps, unsigned threads) const {
  const Impl& m = *impl_;
  block_steps = std::max<std::size_t>(1, block_steps);
  if (first > last || last > m.n_times)
    return HazardField::stream(first, last, block_steps, threads);
  m.chunk_plan();
  // Blocks that start and end on chunk boundaries decode each chunk once; otherwise the
  // library's chunk cache serves the overlap better.
  const std::size_t ct = m.plan && m.has_time ? m.plan->chunk[0] : 1;
  const bool aligned = block_steps % ct == 0 || last - first <= block_steps;
  if (!m.plan || !aligned) return HazardField::stream(first, last, block_steps, threads);
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  return std::make_unique<DirectStream>(m, first, last, block_steps, threads);
}

}  // namespace spstress::hazards

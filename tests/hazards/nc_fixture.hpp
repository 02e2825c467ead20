#pragma once
// Helpers that write small NetCDF files with the netCDF-C API for the hazards tests.

#include <netcdf.h>

#include "support/temp_dir.hpp"

#include <cmath>
#include <filesystem>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace spstress::test {

// TempDir comes from support/temp_dir.hpp (same namespace).

inline void nc_ok(int status, const char* what) {
  if (status != NC_NOERR) {
    throw std::runtime_error(std::string("test fixture: ") + what + ": " + nc_strerror(status));
  }
}

/// Writes one file: define dimensions, variables and attributes, then `end_define()`, then data.
class NcWriter {
 public:
  explicit NcWriter(const std::string& path, int cmode = NC_CLOBBER) {
    nc_ok(nc_create(path.c_str(), cmode, &ncid_), "nc_create");
  }
  ~NcWriter() {
    if (ncid_ >= 0) nc_close(ncid_);
  }
  NcWriter(const NcWriter&) = delete;
  NcWriter& operator=(const NcWriter&) = delete;

  int dim(const std::string& name, std::size_t len) {
    int id = -1;
    nc_ok(nc_def_dim(ncid_, name.c_str(), len, &id), "nc_def_dim");
    return id;
  }
  int var(const std::string& name, nc_type type, const std::vector<int>& dims) {
    int id = -1;
    nc_ok(nc_def_var(ncid_, name.c_str(), type, static_cast<int>(dims.size()), dims.data(), &id),
          "nc_def_var");
    return id;
  }
  void text(int varid, const std::string& name, const std::string& value) {
    nc_ok(nc_put_att_text(ncid_, varid, name.c_str(), value.size(), value.c_str()),
          "nc_put_att_text");
  }
  /// A numeric attribute stored with type `type` (converted from double by netCDF-C).
  void number(int varid, const std::string& name, nc_type type, const std::vector<double>& v) {
    nc_ok(nc_put_att_double(ncid_, varid, name.c_str(), type, v.size(), v.data()),
          "nc_put_att_double");
  }
  void end_define() { nc_ok(nc_enddef(ncid_), "nc_enddef"); }
  int id() const { return ncid_; }
  /// All values of a variable (converted to its type by netCDF-C), in the file's dimension order.
  void put(int varid, const std::vector<double>& values) {
    nc_ok(nc_put_var_double(ncid_, varid, values.data()), "nc_put_var_double");
  }
  /// Values of a variable over an unlimited dimension: start 0, counts given.
  void put(int varid, const std::vector<std::size_t>& counts, const std::vector<double>& values) {
    const std::vector<std::size_t> start(counts.size(), 0);
    nc_ok(nc_put_vara_double(ncid_, varid, start.data(), counts.data(), values.data()),
          "nc_put_vara_double");
  }
  void close() {
    nc_ok(nc_close(ncid_), "nc_close");
    ncid_ = -1;
  }

 private:
  int ncid_ = -1;
};

// Packed file: short tas(time=3, level=1, lat=3, lon=4), scale 0.5, offset 100, south-up
// latitudes found by units only, 0..360 longitudes found by standard_name only, 360_day calendar.
// Stored value at file indices (t, j, i) is 100 t + 10 j + i, except four special cells.
inline constexpr double packed_scale = 0.5;
inline constexpr double packed_offset = 100.0;

inline double packed_raw(int t, int j, int i) {
  if (t == 0 && j == 2 && i == 0) return 401;   // above valid_range [-500, 400]
  if (t == 1 && j == 0 && i == 3) return -999;  // _FillValue
  if (t == 2 && j == 1 && i == 1) return -998;  // missing_value
  if (t == 2 && j == 0 && i == 0) return -500;  // == valid_min: still valid
  return 100 * t + 10 * j + i;
}

inline void write_packed(const std::string& path) {
  NcWriter w(path);
  const int dt = w.dim("time", NC_UNLIMITED);
  const int dz = w.dim("level", 1);
  const int dy = w.dim("lat", 3);
  const int dx = w.dim("lon", 4);
  const int time = w.var("time", NC_DOUBLE, {dt});
  w.text(time, "axis", "T");
  w.text(time, "units", "days since 2000-01-01");
  w.text(time, "calendar", "360_day");
  const int level = w.var("level", NC_DOUBLE, {dz});
  w.text(level, "axis", "Z");
  w.text(level, "units", "m");
  const int lat = w.var("lat", NC_FLOAT, {dy});
  w.text(lat, "units", "degrees_north");
  const int lon = w.var("lon", NC_DOUBLE, {dx});
  w.text(lon, "standard_name", "longitude");
  const int tas = w.var("tas", NC_SHORT, {dt, dz, dy, dx});
  w.text(tas, "units", "degC");
  w.number(tas, "scale_factor", NC_DOUBLE, {packed_scale});
  w.number(tas, "add_offset", NC_DOUBLE, {packed_offset});
  w.number(tas, "_FillValue", NC_SHORT, {-999});
  w.number(tas, "missing_value", NC_SHORT, {-998});
  w.number(tas, "valid_range", NC_SHORT, {-500, 400});
  w.end_define();
  w.put(time, {3}, {0, 30, 59});
  w.put(level, {2.0});
  w.put(lat, {-10, 0, 10});
  w.put(lon, {0, 90, 180, 270});
  std::vector<double> raw;
  for (int t = 0; t < 3; ++t)
    for (int j = 0; j < 3; ++j)
      for (int i = 0; i < 4; ++i) raw.push_back(packed_raw(t, j, i));
  w.put(tas, {3, 1, 3, 4}, raw);
  w.close();
}

// netCDF-4 file with bounds: Gaussian-like latitudes north to south, longitudes east to west,
// standard calendar across the 1582 switch, no _FillValue, a NaN and a default-fill value.
// pr(t, j, i) = 100 t + 10 j + i; tas2(j, i) = 3 j + i + 0.25 (no time dimension).
inline void write_bounds(const std::string& path) {
  NcWriter w(path, NC_CLOBBER | NC_NETCDF4);
  const int dt = w.dim("time", NC_UNLIMITED);
  const int dy = w.dim("lat", 3);
  const int dx = w.dim("lon", 3);
  const int dv = w.dim("nv", 2);
  const int time = w.var("time", NC_DOUBLE, {dt});
  w.text(time, "standard_name", "time");
  w.text(time, "units", "hours since 1582-10-04 12:00:00");
  const int lat = w.var("lat", NC_DOUBLE, {dy});
  w.text(lat, "axis", "Y");
  w.text(lat, "bounds", "lat_bnds");
  const int lat_bnds = w.var("lat_bnds", NC_DOUBLE, {dy, dv});
  const int lon = w.var("lon", NC_DOUBLE, {dx});
  w.text(lon, "axis", "X");
  w.text(lon, "bounds", "lon_bnds");
  const int lon_bnds = w.var("lon_bnds", NC_DOUBLE, {dx, dv});
  const int pr = w.var("pr", NC_DOUBLE, {dt, dy, dx});
  w.text(pr, "units", "mm/day");
  const int tas2 = w.var("tas2", NC_FLOAT, {dy, dx});
  w.end_define();
  w.put(time, {3}, {0, 12, 36.5});
  w.put(lat, {60, 20, -45});
  w.put(lat_bnds, {90, 40, 40, -10, -10, -90});
  w.put(lon, {30, 20, 10});
  w.put(lon_bnds, {35, 25, 25, 15, 15, 5});
  std::vector<double> v;
  for (int t = 0; t < 3; ++t)
    for (int j = 0; j < 3; ++j)
      for (int i = 0; i < 3; ++i) v.push_back(100 * t + 10 * j + i);
  v[0] = std::nan("");            // (0, 0, 0)
  v[9 + 3 + 1] = NC_FILL_DOUBLE;  // (1, 1, 1)
  w.put(pr, {3, 3, 3}, v);
  std::vector<double> t2;
  for (int j = 0; j < 3; ++j)
    for (int i = 0; i < 3; ++i) t2.push_back(3 * j + i + 0.25);
  w.put(tas2, t2);
  w.close();
}

// A small file for layout and error cases: float tas over the dimensions named in `order`
// (from time, level, lat, lon), each with a coordinate variable.
struct GridSpec {
  std::vector<double> lat{-5, 5};
  std::vector<double> lon{0, 10, 20};
  std::vector<std::string> order{"time", "lat", "lon"};
  std::size_t nlevel = 1;
  std::string calendar = "standard";
  std::string time_units = "days since 2000-01-01";
  bool cf_attributes = true;
};

inline void write_grid(const std::string& path, const GridSpec& s) {
  NcWriter w(path);
  int time = -1, level = -1, lat = -1, lon = -1;
  std::vector<int> dims;
  std::size_t n = 1;
  for (const std::string& name : s.order) {
    const std::size_t len = name == "time"    ? 2
                            : name == "level" ? s.nlevel
                            : name == "lat"   ? s.lat.size()
                                              : s.lon.size();
    const int d = w.dim(name, len);
    dims.push_back(d);
    n *= len;
    const int v = w.var(name, NC_DOUBLE, {d});
    (name == "time" ? time : name == "level" ? level : name == "lat" ? lat : lon) = v;
    if (name == "time") {
      w.text(v, "units", s.time_units);
      w.text(v, "calendar", s.calendar);
    } else if (name == "level") {
      w.text(v, "axis", "Z");
    } else if (s.cf_attributes) {
      w.text(v, "units", name == "lat" ? "degrees_north" : "degrees_east");
    }
  }
  const int tas = w.var("tas", NC_FLOAT, dims);
  w.end_define();
  if (time >= 0) w.put(time, {0, 1});
  if (level >= 0) w.put(level, std::vector<double>(s.nlevel, 850.0));
  if (lat >= 0) w.put(lat, s.lat);
  if (lon >= 0) w.put(lon, s.lon);
  w.put(tas, std::vector<double>(n, 1.0));
  w.close();
}

}  // namespace spstress::test

#include "spstress/hazards/inspect.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>

#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include "gdal_util.hpp"
#include "nc_util.hpp"
#include "spstress/core/error.hpp"
#include "spstress/hazards/gdal_field.hpp"
#include "spstress/hazards/netcdf_field.hpp"
#include "spstress/hazards/units.hpp"

namespace spstress::hazards {

namespace {

using detail::AxisRole;

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

// How UDUNITS-2 reads a units string, so that a unit it misreads or rejects shows before a
// conversion fails: " (UDUNITS-2: K @ 273.15)".
std::string units_note(const std::string& units) {
  if (units.empty()) return "";
  try {
    return " (UDUNITS-2: " + udunits_definition(units, "UDUNITS-2") + ")";
  } catch (const InputError& e) {
    return std::string(" (") + e.what() + ")";
  }
}

std::string role_name(AxisRole r) {
  switch (r) {
    case AxisRole::Latitude:
      return "latitude";
    case AxisRole::Longitude:
      return "longitude";
    case AxisRole::Time:
      return "time";
    case AxisRole::Vertical:
      return "vertical";
    case AxisRole::Other:
      return "";
  }
  return "";
}

// "regular 1.875 deg" or "irregular (0.94 to 1.87 deg)", from centre spacing.
std::string spacing_text(const std::vector<double>& centres) {
  if (centres.size() < 2) return "single cell";
  double lo = std::fabs(centres[1] - centres[0]);
  double hi = lo;
  for (std::size_t i = 2; i < centres.size(); ++i) {
    const double d = std::fabs(centres[i] - centres[i - 1]);
    lo = std::min(lo, d);
    hi = std::max(hi, d);
  }
  // Coordinates stored in float carry ~1e-5 relative noise; wider differences are real.
  if (hi - lo <= 1e-4 * hi) return "regular " + num(0.5 * (lo + hi)) + " deg";
  return "irregular (" + num(lo) + " to " + num(hi) + " deg between centres)";
}

std::string step_text(const TimeAxis& t) {
  if (t.dates.size() < 2) return "single step";
  std::vector<double> diffs_s;
  for (std::size_t i = 1; i < t.dates.size(); ++i) {
    diffs_s.push_back(seconds_between(t.dates[i - 1], t.dates[i], t.calendar));
  }
  std::vector<double> sorted = diffs_s;
  std::sort(sorted.begin(), sorted.end());
  const double median_s = sorted[sorted.size() / 2];
  const double lo_s = sorted.front();
  const double hi_s = sorted.back();
  const double day_s = 86400.0;
  const auto within = [&](double a, double b) { return lo_s >= a && hi_s <= b; };
  if (within(28 * day_s, 31 * day_s)) return "monthly";
  if (within(89 * day_s, 92 * day_s)) return "seasonal (3-monthly)";
  if (within(360 * day_s, 366 * day_s)) return "yearly";
  const bool even = hi_s - lo_s <= 1.0;
  struct Step {
    double seconds;
    const char* name;
  };
  constexpr Step steps[] = {{3600, "hourly"},     {10800, "3-hourly"}, {21600, "6-hourly"},
                            {43200, "12-hourly"}, {86400, "daily"},    {432000, "5-daily"},
                            {604800, "weekly"}};
  for (const Step& step : steps) {
    if (std::fabs(median_s - step.seconds) <= 1.0) {
      return std::string(step.name) + (even ? "" : " (some steps differ; median used)");
    }
  }
  if (median_s < 0) return "decreasing times (median step " + num(median_s / day_s) + " days)";
  return std::string(even ? "every " : "irregular, median every ") + num(median_s / day_s) +
         " days";
}

// Chunk shape and filters: a layout with whole years in one chunk, or none at all, decides how
// fast a time series can be read.
std::string storage_text(int ncid, int varid) {
  const std::size_t rank = detail::var_dims(ncid, varid).size();
  int storage = NC_CONTIGUOUS;
  std::vector<std::size_t> chunks(std::max<std::size_t>(rank, 1), 0);
  if (nc_inq_var_chunking(ncid, varid, &storage, chunks.data()) != NC_NOERR) return "unknown";
  std::string out;
  if (storage == NC_CHUNKED) {
    out = "chunks (";
    for (std::size_t i = 0; i < rank; ++i) out += (i ? ", " : "") + std::to_string(chunks[i]);
    out += ")";
  } else {
    out = storage == NC_COMPACT ? "compact" : "contiguous";
  }
  int shuffle = 0, deflate = 0, level = 0;
  if (nc_inq_var_deflate(ncid, varid, &shuffle, &deflate, &level) == NC_NOERR) {
    if (shuffle) out += ", shuffle";
    if (deflate) out += ", deflate level " + std::to_string(level);
  }
  int fletcher = 0;
  if (nc_inq_var_fletcher32(ncid, varid, &fletcher) == NC_NOERR && fletcher)
    out += ", fletcher32 checksum";
  return out;
}

void describe_netcdf_variable(std::ostringstream& os, int ncid, int varid,
                              const std::string& path) {
  const std::string name = detail::var_name(ncid, varid);
  os << "data variable '" << name << "':\n";
  try {
    const NetcdfField field(path, name);
    const core::LatLonGrid& g = field.grid();
    const std::vector<int> dims = detail::var_dims(ncid, varid);
    const int lat_var = detail::coordinate_var(ncid, dims[dims.size() - 2]);
    const int lon_var = detail::coordinate_var(ncid, dims[dims.size() - 1]);
    const std::vector<double> lat = detail::read_all(ncid, lat_var, path);
    const std::vector<double> lon = detail::read_all(ncid, lon_var, path);
    os << "  grid: " << g.nlon() << " x " << g.nlat() << " cells (nlon x nlat)\n";
    os << "  extent (cell edges, degrees): W " << num(g.lon_edges_deg.front()) << ", E "
       << num(g.lon_edges_deg.back()) << ", S " << num(g.lat_edges_deg.back()) << ", N "
       << num(g.lat_edges_deg.front()) << "\n";
    os << "  resolution: lon " << spacing_text(lon) << ", lat " << spacing_text(lat) << "\n";
    os << "  cell edges from: lon "
       << (detail::att_text(ncid, lon_var, "bounds") ? "bounds variable" : "midpoints of centres")
       << ", lat "
       << (detail::att_text(ncid, lat_var, "bounds") ? "bounds variable" : "midpoints of centres")
       << "\n";
    os << "  latitude order in file: ";
    if (lat.size() < 2) {
      os << "single row\n";
    } else if (lat.front() < lat.back()) {
      os << "south to north (rows are flipped to north-up when read)\n";
    } else {
      os << "north to south\n";
    }
    if (lon.size() >= 2 && lon.front() > lon.back()) {
      os << "  longitude order in file: east to west (columns are flipped when read)\n";
    }
    const auto [lon_min, lon_max] = std::minmax_element(lon.begin(), lon.end());
    os << "  longitude convention: "
       << (*lon_max > 180.0 ? "0..360"
           : *lon_min < 0.0 ? "-180..180"
                            : "0..180 (fits both 0..360 and -180..180)")
       << "\n";
    os << "  CRS: geographic longitude/latitude (CF rectilinear grid)\n";
    os << "  units: " << (field.units().empty() ? "(none)" : "\"" + field.units() + "\"")
       << units_note(field.units()) << "\n";
    const TimeAxis& t = field.time();
    if (t.dates.empty()) {
      os << "  time: no time dimension (one field)\n";
    } else {
      os << "  time: " << t.dates.size() << " steps, calendar " << calendar_name(t.calendar)
         << ", units \"" << t.units << "\"\n";
      os << "        first " << core::iso_date(t.dates.front()) << ", last "
         << core::iso_date(t.dates.back()) << ", step " << step_text(t) << "\n";
    }
    os << "  storage: " << storage_text(ncid, varid);
    const std::string refusal = field.direct_read_refusal();
    os << "; "
       << (refusal.empty() ? "spstress decodes the chunks itself, on every core"
                           : "read through netCDF-C (" + refusal + ")")
       << "\n";
  } catch (const Error& e) {
    os << "  not readable as a hazard field: " << e.what() << "\n";
  }
  const nc_type type = detail::var_type(ncid, varid);
  const std::string scale = detail::att_display(ncid, varid, "scale_factor");
  const std::string offset = detail::att_display(ncid, varid, "add_offset");
  if (scale.empty() && offset.empty()) {
    os << "  packing: none (stored as " << detail::type_name(type) << ")\n";
  } else {
    os << "  packing: value = stored * " << (scale.empty() ? "1" : scale) << " + "
       << (offset.empty() ? "0" : offset) << " (stored as " << detail::type_name(type) << ")\n";
  }
  std::string missing;
  for (const char* att :
       {"_FillValue", "missing_value", "valid_min", "valid_max", "valid_range", "_Unsigned"}) {
    const std::string v = detail::att_display(ncid, varid, att);
    if (!v.empty()) missing += (missing.empty() ? "" : "; ") + std::string(att) + " " + v;
  }
  if (missing.empty()) {
    missing = "none declared";
    if (type == NC_FLOAT || type == NC_DOUBLE)
      missing += " (the netCDF default fill is treated as missing)";
  }
  os << "  missing values (compared on stored values): " << missing << "\n";
}

std::string inspect_netcdf(const detail::NcFile& file) {
  const int ncid = file.id();
  std::ostringstream os;
  os << "file: " << file.path() << "\n";
  os << "format: " << detail::format_name(ncid) << "\n";
  if (auto conv = detail::att_text(ncid, NC_GLOBAL, "Conventions"))
    os << "conventions: " << *conv << "\n";
  if (auto title = detail::att_text(ncid, NC_GLOBAL, "title")) os << "title: " << *title << "\n";

  int ndims = 0;
  detail::nc_check(nc_inq_ndims(ncid, &ndims), file.path());
  int unlimited = -1;
  detail::nc_check(nc_inq_unlimdim(ncid, &unlimited), file.path());
  os << "dimensions:";
  for (int d = 0; d < ndims; ++d) {
    os << (d ? ", " : " ") << detail::dim_name(ncid, d) << " = " << detail::dim_len(ncid, d)
       << (d == unlimited ? " (unlimited)" : "");
  }
  os << "\nvariables:\n";
  std::vector<int> data_vars;
  const int nvars = detail::n_vars(ncid);
  for (int v = 0; v < nvars; ++v) {
    const std::vector<int> dims = detail::var_dims(ncid, v);
    os << "  " << detail::type_name(detail::var_type(ncid, v)) << " " << detail::var_name(ncid, v)
       << "(";
    std::string shape;
    bool lat = false, lon = false;
    for (std::size_t i = 0; i < dims.size(); ++i) {
      os << (i ? ", " : "") << detail::dim_name(ncid, dims[i]);
      shape += (i ? " x " : "") + std::to_string(detail::dim_len(ncid, dims[i]));
      const int cv = detail::coordinate_var(ncid, dims[i]);
      const AxisRole r = cv < 0 ? AxisRole::Other : detail::axis_role(ncid, cv);
      lat = lat || r == AxisRole::Latitude;
      lon = lon || r == AxisRole::Longitude;
    }
    os << ")";
    if (!dims.empty()) os << "  shape " << shape;
    const std::string units = detail::att_display(ncid, v, "units");
    os << "  units " << (units.empty() ? "(none)" : units);
    if (dims.size() == 1 && detail::coordinate_var(ncid, dims[0]) == v) {
      const std::string role = role_name(detail::axis_role(ncid, v));
      os << "  [coordinate" << (role.empty() ? "" : ": " + role) << "]";
    } else if (lat && lon) {
      data_vars.push_back(v);
    }
    if (auto ln = detail::att_text(ncid, v, "long_name")) os << "  \"" << *ln << "\"";
    os << "\n";
  }
  if (data_vars.empty()) {
    os << "no variable has latitude and longitude dimensions (coordinates are found by axis "
          "X/Y, standard_name longitude/latitude, or units degrees_east/degrees_north)\n";
  }
  for (int v : data_vars) describe_netcdf_variable(os, ncid, v, file.path());
  return os.str();
}

std::string inspect_gdal(const std::string& path, const std::string& netcdf_error) {
  detail::ensure_gdal_registered();
  const detail::QuietGdalErrors quiet;
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
  if (!ds) {
    const std::string gdal_msg = CPLGetLastErrorMsg();
    throw InputError(path + ": cannot open: not a NetCDF file (" + netcdf_error +
                     ") and GDAL cannot read it as a raster" +
                     (gdal_msg.empty() ? std::string() : " (" + gdal_msg + ")") +
                     "; expected CF-NetCDF or a GDAL raster such as GeoTIFF");
  }
  std::ostringstream os;
  os << "file: " << path << "\n";
  GDALDriver* driver = ds->GetDriver();
  os << "format: " << (driver ? driver->GetDescription() : "unknown") << " ("
     << (driver ? driver->GetMetadataItem(GDAL_DMD_LONGNAME) : "") << "), read with GDAL\n";
  const int nx = ds->GetRasterXSize();
  const int ny = ds->GetRasterYSize();
  const int nbands = ds->GetRasterCount();
  os << "size: " << nx << " x " << ny << " pixels (columns x rows), " << nbands << " band"
     << (nbands == 1 ? "" : "s") << "\n";

  double gt[6] = {0, 1, 0, 0, 0, 1};
  if (ds->GetGeoTransform(gt) == CE_None) {
    os << "geotransform: origin (" << num(gt[0]) << ", " << num(gt[3]) << "), pixel size ("
       << num(gt[1]) << ", " << num(gt[5]) << ")";
    if (gt[2] != 0.0 || gt[4] != 0.0) {
      os << ", rotation terms (" << num(gt[2]) << ", " << num(gt[4])
         << "): rotated rasters are not supported for reading";
    }
    os << "\n";
    const double x0 = gt[0];
    const double x1 = gt[0] + gt[1] * nx + gt[2] * ny;
    const double y0 = gt[3];
    const double y1 = gt[3] + gt[4] * nx + gt[5] * ny;
    os << "extent: W " << num(std::min(x0, x1)) << ", E " << num(std::max(x0, x1)) << ", S "
       << num(std::min(y0, y1)) << ", N " << num(std::max(y0, y1)) << "\n";
    os << "row order: "
       << (gt[5] < 0 ? "north to south (north-up)" : "south to north (flipped when read)") << "\n";
  } else {
    os << "geotransform: none (pixel coordinates only)\n";
  }
  const OGRSpatialReference* srs = ds->GetSpatialRef();
  if (srs) {
    const char* name = srs->GetName();
    const char* auth = srs->GetAuthorityName(nullptr);
    const char* code = srs->GetAuthorityCode(nullptr);
    os << "CRS: " << (name ? name : "unnamed");
    if (auth && code) os << " (" << auth << ":" << code << ")";
    os << (srs->IsGeographic() ? ", geographic" : srs->IsProjected() ? ", projected" : "") << "\n";
  } else {
    os << "CRS: none declared\n";
  }
  os << "time: no time axis; bands are numbered 1.." << nbands << "\n";
  for (int b = 1; b <= nbands; ++b) {
    GDALRasterBand* band = ds->GetRasterBand(b);
    os << "band " << b << ": " << GDALGetDataTypeName(band->GetRasterDataType());
    const std::string desc = band->GetDescription();
    if (!desc.empty()) os << " \"" << desc << "\"";
    const std::string unit = band->GetUnitType();
    os << ", units " << (unit.empty() ? "(none)" : unit) << units_note(unit);
    int has = 0;
    const double nodata = band->GetNoDataValue(&has);
    os << ", nodata " << (has ? num(nodata) : "(none)");
    int has_scale = 0, has_offset = 0;
    const double scale = band->GetScale(&has_scale);
    const double offset = band->GetOffset(&has_offset);
    if (has_scale || has_offset) {
      os << ", value = stored * " << num(has_scale ? scale : 1.0) << " + "
         << num(has_offset ? offset : 0.0);
    } else {
      os << ", no scale/offset";
    }
    os << "\n";
  }
  try {
    const GdalField field(path);
    os << "hazard field: " << field.n_times() << " step" << (field.n_times() == 1 ? "" : "s")
       << " (one per band) on a " << field.grid().nlon() << " x " << field.grid().nlat()
       << " longitude/latitude grid\n";
  } catch (const Error& e) {
    os << "not readable as a hazard field: " << e.what() << "\n";
  }
  return os.str();
}

}  // namespace

std::string inspect_file(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    throw InputError(path + ": file not found");
  }
  // Probe with netCDF-C first: only a file it cannot open at all goes to GDAL.
  int ncid = -1;
  const int status = nc_open(path.c_str(), NC_NOWRITE, &ncid);
  if (status == NC_NOERR) {
    nc_close(ncid);
    const detail::NcFile file(path);
    return inspect_netcdf(file);
  }
  const std::string netcdf_error = nc_strerror(status);
  return inspect_gdal(path, netcdf_error);
}

}  // namespace spstress::hazards

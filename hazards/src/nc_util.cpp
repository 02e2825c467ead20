#include "nc_util.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <utility>

#include "spstress/core/error.hpp"

namespace spstress::hazards::detail {

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  while (!s.empty() && (s.back() == '\0' || std::isspace(static_cast<unsigned char>(s.back())))) {
    s.pop_back();
  }
  return s;
}

bool one_of(const std::string& s, std::initializer_list<const char*> names) {
  return std::any_of(names.begin(), names.end(), [&](const char* n) { return s == n; });
}

}  // namespace

NcFile::NcFile(const std::string& path) : path_(path) {
  const int status = nc_open(path.c_str(), NC_NOWRITE, &ncid_);
  if (status != NC_NOERR) {
    ncid_ = -1;
    throw InputError(path + ": cannot open as NetCDF: " + nc_strerror(status));
  }
}

NcFile::~NcFile() {
  if (ncid_ >= 0) nc_close(ncid_);
}

NcFile::NcFile(NcFile&& other) noexcept
    : ncid_(std::exchange(other.ncid_, -1)), path_(std::move(other.path_)) {}

NcFile& NcFile::operator=(NcFile&& other) noexcept {
  if (this != &other) {
    if (ncid_ >= 0) nc_close(ncid_);
    ncid_ = std::exchange(other.ncid_, -1);
    path_ = std::move(other.path_);
  }
  return *this;
}

void nc_check(int status, const std::string& context) {
  if (status != NC_NOERR) throw InputError(context + ": " + nc_strerror(status));
}

std::string var_name(int ncid, int varid) {
  char name[NC_MAX_NAME + 1] = {};
  nc_check(nc_inq_varname(ncid, varid, name), "reading a variable name");
  return name;
}

std::vector<int> var_dims(int ncid, int varid) {
  int ndims = 0;
  nc_check(nc_inq_varndims(ncid, varid, &ndims), "reading the dimensions of a variable");
  std::vector<int> dims(static_cast<std::size_t>(ndims));
  if (ndims > 0) nc_check(nc_inq_vardimid(ncid, varid, dims.data()), "reading dimension ids");
  return dims;
}

nc_type var_type(int ncid, int varid) {
  nc_type t = NC_NAT;
  nc_check(nc_inq_vartype(ncid, varid, &t), "reading a variable type");
  return t;
}

std::string dim_name(int ncid, int dimid) {
  char name[NC_MAX_NAME + 1] = {};
  nc_check(nc_inq_dimname(ncid, dimid, name), "reading a dimension name");
  return name;
}

std::size_t dim_len(int ncid, int dimid) {
  std::size_t len = 0;
  nc_check(nc_inq_dimlen(ncid, dimid, &len), "reading a dimension length");
  return len;
}

int n_vars(int ncid) {
  int n = 0;
  nc_check(nc_inq_nvars(ncid, &n), "counting variables");
  return n;
}

std::optional<std::string> att_text(int ncid, int varid, const char* name) {
  nc_type type = NC_NAT;
  std::size_t len = 0;
  if (nc_inq_att(ncid, varid, name, &type, &len) != NC_NOERR) return std::nullopt;
  if (type == NC_CHAR) {
    std::string s(len, '\0');
    if (len > 0) nc_check(nc_get_att_text(ncid, varid, name, s.data()), name);
    while (!s.empty() && s.back() == '\0') s.pop_back();
    return s;
  }
  if (type == NC_STRING && len >= 1) {
    std::vector<char*> values(len, nullptr);
    nc_check(nc_get_att_string(ncid, varid, name, values.data()), name);
    std::string s = values[0] ? values[0] : "";
    nc_free_string(len, values.data());
    return s;
  }
  return std::nullopt;
}

std::vector<double> att_doubles(int ncid, int varid, const char* name) {
  nc_type type = NC_NAT;
  std::size_t len = 0;
  if (nc_inq_att(ncid, varid, name, &type, &len) != NC_NOERR) return {};
  if (type == NC_CHAR || type == NC_STRING || len == 0) return {};
  std::vector<double> values(len);
  nc_check(nc_get_att_double(ncid, varid, name, values.data()), name);
  return values;
}

std::string att_display(int ncid, int varid, const char* name) {
  if (auto text = att_text(ncid, varid, name)) return "\"" + *text + "\"";
  const std::vector<double> values = att_doubles(ncid, varid, name);
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.9g", values[i]);
    out += (i ? ", " : "") + std::string(buf);
  }
  return out;
}

int coordinate_var(int ncid, int dimid) {
  int varid = -1;
  if (nc_inq_varid(ncid, dim_name(ncid, dimid).c_str(), &varid) != NC_NOERR) return -1;
  const std::vector<int> dims = var_dims(ncid, varid);
  return dims.size() == 1 && dims[0] == dimid ? varid : -1;
}

AxisRole axis_role(int ncid, int varid) {
  const std::string standard_name = lower(att_text(ncid, varid, "standard_name").value_or(""));
  if (one_of(standard_name, {"projection_x_coordinate", "projection_y_coordinate", "grid_longitude",
                             "grid_latitude"})) {
    return AxisRole::Other;
  }
  const std::string axis = lower(att_text(ncid, varid, "axis").value_or(""));
  if (axis == "y") return AxisRole::Latitude;
  if (axis == "x") return AxisRole::Longitude;
  if (axis == "t") return AxisRole::Time;
  if (axis == "z") return AxisRole::Vertical;
  if (standard_name == "latitude") return AxisRole::Latitude;
  if (standard_name == "longitude") return AxisRole::Longitude;
  if (standard_name == "time") return AxisRole::Time;
  const std::string units = lower(att_text(ncid, varid, "units").value_or(""));
  if (one_of(units,
             {"degrees_north", "degree_north", "degree_n", "degrees_n", "degreen", "degreesn"})) {
    return AxisRole::Latitude;
  }
  if (one_of(units,
             {"degrees_east", "degree_east", "degree_e", "degrees_e", "degreee", "degreese"})) {
    return AxisRole::Longitude;
  }
  if (units.find(" since ") != std::string::npos) return AxisRole::Time;
  if (att_text(ncid, varid, "positive")) return AxisRole::Vertical;
  return AxisRole::Other;
}

std::vector<double> read_all(int ncid, int varid, const std::string& context) {
  std::size_t n = 1;
  for (int d : var_dims(ncid, varid)) n *= dim_len(ncid, d);
  std::vector<double> values(n);
  if (n > 0) nc_check(nc_get_var_double(ncid, varid, values.data()), context);
  return values;
}

std::string type_name(nc_type type) {
  switch (type) {
    case NC_BYTE:
      return "byte";
    case NC_CHAR:
      return "char";
    case NC_SHORT:
      return "short";
    case NC_INT:
      return "int";
    case NC_FLOAT:
      return "float";
    case NC_DOUBLE:
      return "double";
    case NC_UBYTE:
      return "ubyte";
    case NC_USHORT:
      return "ushort";
    case NC_UINT:
      return "uint";
    case NC_INT64:
      return "int64";
    case NC_UINT64:
      return "uint64";
    case NC_STRING:
      return "string";
    default:
      return "user-defined type " + std::to_string(type);
  }
}

std::string format_name(int ncid) {
  int format = 0;
  nc_check(nc_inq_format(ncid, &format), "reading the file format");
  switch (format) {
    case NC_FORMAT_CLASSIC:
      return "netCDF-3 classic";
    case NC_FORMAT_64BIT_OFFSET:
      return "netCDF-3 64-bit offset";
    case NC_FORMAT_64BIT_DATA:
      return "netCDF-3 64-bit data (CDF5)";
    case NC_FORMAT_NETCDF4:
      return "netCDF-4 (HDF5)";
    case NC_FORMAT_NETCDF4_CLASSIC:
      return "netCDF-4 classic model (HDF5)";
    default:
      return "netCDF (format code " + std::to_string(format) + ")";
  }
}

int integer_bits(nc_type type) {
  switch (type) {
    case NC_BYTE:
      return 8;
    case NC_SHORT:
      return 16;
    case NC_INT:
      return 32;
    default:
      return 0;
  }
}

}  // namespace spstress::hazards::detail

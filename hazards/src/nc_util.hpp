#pragma once
/// Small helpers over the netCDF-C API shared by the NetCDF reader and `inspect`. Private to
/// hazards/: netCDF types never reach a public header.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <netcdf.h>

namespace spstress::hazards::detail {

/// Owns an ncid opened read-only; closes it on destruction.
class NcFile {
 public:
  /// Throws InputError naming `path` with the nc_strerror text if it cannot be opened.
  explicit NcFile(const std::string& path);
  ~NcFile();
  NcFile(NcFile&& other) noexcept;
  NcFile& operator=(NcFile&& other) noexcept;
  NcFile(const NcFile&) = delete;
  NcFile& operator=(const NcFile&) = delete;

  int id() const { return ncid_; }
  const std::string& path() const { return path_; }

 private:
  int ncid_ = -1;
  std::string path_;
};

/// Throws InputError("<context>: <nc_strerror>") unless status is NC_NOERR.
void nc_check(int status, const std::string& context);

std::string var_name(int ncid, int varid);
std::vector<int> var_dims(int ncid, int varid);
nc_type var_type(int ncid, int varid);
std::string dim_name(int ncid, int dimid);
std::size_t dim_len(int ncid, int dimid);
int n_vars(int ncid);

/// Text attribute, if present and of type char or string.
std::optional<std::string> att_text(int ncid, int varid, const char* name);
/// Numeric attribute converted to double (all its values); empty if absent or not numeric.
std::vector<double> att_doubles(int ncid, int varid, const char* name);
/// An attribute's value printed for people (text quoted, numbers comma-separated); "" if absent.
std::string att_display(int ncid, int varid, const char* name);

/// The coordinate variable of a dimension (1-D variable named like it), or -1.
int coordinate_var(int ncid, int dimid);

enum class AxisRole { Other, Latitude, Longitude, Time, Vertical };

/// Role of a coordinate variable from its `axis`, `standard_name` and `units` attributes (in
/// that order of precedence). Projected and rotated-pole coordinates are Other.
AxisRole axis_role(int ncid, int varid);

/// All values of a variable as doubles (n = product of its dimension lengths).
std::vector<double> read_all(int ncid, int varid, const std::string& context);

/// "float", "short", ...
std::string type_name(nc_type type);

/// "netCDF-4", "netCDF-3 classic", ...
std::string format_name(int ncid);

/// Whether the type is an integer type that `_Unsigned = "true"` may reinterpret, and its bits.
int integer_bits(nc_type type);

}  // namespace spstress::hazards::detail

#include "spstress/hazards/gdal_field.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <numbers>
#include <utility>
#include <vector>

#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include "gdal_util.hpp"
#include "spstress/core/error.hpp"

namespace spstress::hazards {

namespace {

constexpr double rad_per_deg = std::numbers::pi / 180.0;

// Edges computed from the geotransform of a global grid land a few ulps beyond ±90° or past a
// 360° span; anything further out is a wrong file, not rounding.
constexpr double edge_slack_deg = 1e-6;

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

struct BandInfo {
  bool has_nodata = false;
  double nodata = 0.0;
  // A Float32 band holds its nodata rounded to float, while the file may declare it with more
  // digits than a float keeps: compare with both.
  double nodata_as_float = 0.0;
  bool use_mask = false;  // a mask band (alpha or per-dataset) says which cells are missing
  double scale = 1.0;
  double offset = 0.0;
};

}  // namespace

struct GdalField::Impl {
  std::string path;
  std::string variable = "band";
  std::string units;
  core::LatLonGrid grid;
  TimeAxis time;
  GDALDatasetUniquePtr dataset;
  std::vector<BandInfo> bands;
  std::size_t nx = 0;
  std::size_t ny = 0;
  bool flip_rows = false;  // file rows run south to north
  bool flip_cols = false;  // file columns run east to west

  explicit Impl(const std::string& p) : path(p) {}
  void open();
  void read_georeferencing();
  void read_bands();
};

void GdalField::Impl::open() {
  detail::ensure_gdal_registered();
  const detail::QuietGdalErrors quiet;
  dataset.reset(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
  if (!dataset) {
    throw InputError(path + ": GDAL cannot open it as a raster" + detail::gdal_reason() +
                     "; expected CF-NetCDF or a GDAL raster such as GeoTIFF");
  }
  if (dataset->GetRasterCount() == 0) {
    std::string hint;
    if (char** subs = dataset->GetMetadata("SUBDATASETS"); subs != nullptr && subs[0] != nullptr) {
      const std::string first = subs[0];
      const auto eq = first.find('=');
      hint = "; it has subdatasets: open one of them, e.g. " +
             (eq == std::string::npos ? first : first.substr(eq + 1));
    }
    throw InputError(path + ": the raster has no bands; expected one band per time step" + hint);
  }
  nx = static_cast<std::size_t>(dataset->GetRasterXSize());
  ny = static_cast<std::size_t>(dataset->GetRasterYSize());
  if (nx == 0 || ny == 0) throw InputError(path + ": the raster has no pixels");
}

void GdalField::Impl::read_georeferencing() {
  double gt[6] = {0, 1, 0, 0, 0, 1};
  if (dataset->GetGeoTransform(gt) != CE_None) {
    throw InputError(path +
                     ": no geotransform (pixel coordinates only); expected a georeferenced "
                     "longitude/latitude raster");
  }
  if (gt[2] != 0.0 || gt[4] != 0.0) {
    throw InputError(path + ": the geotransform is rotated (rotation terms " + num(gt[2]) + ", " +
                     num(gt[4]) +
                     "); expected a north-up or south-up longitude/latitude grid (warp it first, "
                     "e.g. `gdalwarp -t_srs EPSG:4326`)");
  }
  if (!(std::isfinite(gt[0]) && std::isfinite(gt[3]) && std::isfinite(gt[1]) &&
        std::isfinite(gt[5]) && gt[1] != 0.0 && gt[5] != 0.0)) {
    throw InputError(path + ": the geotransform has a zero or non-finite origin or pixel size (" +
                     num(gt[0]) + ", " + num(gt[1]) + ", " + num(gt[3]) + ", " + num(gt[5]) + ")");
  }

  const OGRSpatialReference* srs = dataset->GetSpatialRef();
  if (srs == nullptr) {
    throw InputError(path +
                     ": no coordinate reference system; expected a geographic CRS such as "
                     "EPSG:4326");
  }
  const char* name = srs->GetName();
  const std::string crs_name = name ? name : "unnamed";
  if (!srs->IsGeographic()) {
    throw InputError(path + ": CRS \"" + crs_name + "\" is " +
                     (srs->IsProjected() ? "projected" : "not geographic") +
                     "; expected a geographic longitude/latitude CRS such as EPSG:4326 (warp "
                     "it first, e.g. `gdalwarp -t_srs EPSG:4326`)");
  }
  const char* unit_name = nullptr;
  const double rad_per_unit = srs->GetAngularUnits(&unit_name);
  if (!(std::fabs(rad_per_unit - rad_per_deg) <= 1e-12 * rad_per_deg)) {
    throw InputError(path + ": geographic CRS \"" + crs_name + "\" is in " +
                     (unit_name ? unit_name : "unnamed units") + "; expected degrees");
  }
  // Drivers give geotransforms in longitude/latitude order whatever the CRS's axis order says;
  // a dataset whose first raster axis maps to the CRS's latitude axis would be read transposed.
  const std::vector<int>& mapping = srs->GetDataAxisToSRSAxisMapping();
  if (!mapping.empty() && mapping[0] >= 1) {
    OGRAxisOrientation orientation = OAO_Other;
    srs->GetAxis(nullptr, mapping[0] - 1, &orientation);
    if (orientation == OAO_North || orientation == OAO_South) {
      throw UnsupportedError(path +
                             ": the raster's x axis is latitude; expected longitude along rows");
    }
  }

  flip_cols = gt[1] < 0;
  flip_rows = gt[5] > 0;
  std::vector<double>& lon = grid.lon_edges_deg;
  std::vector<double>& lat = grid.lat_edges_deg;
  lon.resize(nx + 1);
  lat.resize(ny + 1);
  for (std::size_t i = 0; i <= nx; ++i) {
    const std::size_t k = flip_cols ? nx - i : i;
    lon[i] = gt[0] + static_cast<double>(k) * gt[1];
  }
  for (std::size_t j = 0; j <= ny; ++j) {
    const std::size_t k = flip_rows ? ny - j : j;
    lat[j] = gt[3] + static_cast<double>(k) * gt[5];
  }
  if (!(lat.front() <= 90.0 + edge_slack_deg && lat.back() >= -90.0 - edge_slack_deg)) {
    throw InputError(path + ": latitudes " + num(lat.back()) + " to " + num(lat.front()) +
                     " reach beyond ±90°; expected a longitude/latitude grid");
  }
  lat.front() = std::min(lat.front(), 90.0);
  lat.back() = std::max(lat.back(), -90.0);
  if (!(lon.back() - lon.front() <= 360.0 + edge_slack_deg)) {
    throw InputError(path + ": longitudes " + num(lon.front()) + " to " + num(lon.back()) +
                     " span more than 360°");
  }
  lon.back() = std::min(lon.back(), lon.front() + 360.0);
  core::check_grid(grid);
}

void GdalField::Impl::read_bands() {
  const int n = dataset->GetRasterCount();
  for (int b = 1; b <= n; ++b) {
    GDALRasterBand* band = dataset->GetRasterBand(b);
    const GDALDataType type = band->GetRasterDataType();
    if (GDALDataTypeIsComplex(type)) {
      throw InputError(path + ": band " + std::to_string(b) + " has complex type " +
                       GDALGetDataTypeName(type) + "; expected real values");
    }
    const std::string band_units = band->GetUnitType();
    if (b == 1) {
      units = band_units;
    } else if (band_units != units) {
      throw InputError(path + ": band " + std::to_string(b) + " has units \"" + band_units +
                       "\" but band 1 has \"" + units +
                       "\"; expected every band (time step) in the same units");
    }
    BandInfo info;
    int has = 0;
    if (type == GDT_Int64) {
      const std::int64_t v = band->GetNoDataValueAsInt64(&has);
      info.nodata = static_cast<double>(v);
    } else if (type == GDT_UInt64) {
      const std::uint64_t v = band->GetNoDataValueAsUInt64(&has);
      info.nodata = static_cast<double>(v);
    } else {
      info.nodata = band->GetNoDataValue(&has);
    }
    info.has_nodata = has != 0;
    info.nodata_as_float =
        type == GDT_Float32 ? static_cast<double>(static_cast<float>(info.nodata)) : info.nodata;
    const int flags = band->GetMaskFlags();
    info.use_mask = (flags & (GMF_ALL_VALID | GMF_NODATA)) == 0;
    int has_scale = 0, has_offset = 0;
    const double scale = band->GetScale(&has_scale);
    const double offset = band->GetOffset(&has_offset);
    if (has_scale) info.scale = scale;
    if (has_offset) info.offset = offset;
    if (!(std::isfinite(info.scale) && std::isfinite(info.offset))) {
      throw InputError(path + ": band " + std::to_string(b) + " has a non-finite scale or offset");
    }
    bands.push_back(info);
  }
  time.units.clear();
  time.dates.clear();
}

GdalField::GdalField(const std::string& path) : impl_(std::make_unique<Impl>(path)) {
  impl_->open();
  const detail::QuietGdalErrors quiet;
  impl_->read_georeferencing();
  impl_->read_bands();
}

GdalField::~GdalField() = default;
GdalField::GdalField(GdalField&&) noexcept = default;
GdalField& GdalField::operator=(GdalField&&) noexcept = default;

const std::string& GdalField::path() const { return impl_->path; }
const std::string& GdalField::variable() const { return impl_->variable; }
const std::string& GdalField::units() const { return impl_->units; }
const core::LatLonGrid& GdalField::grid() const { return impl_->grid; }
const TimeAxis& GdalField::time() const { return impl_->time; }
std::size_t GdalField::n_times() const { return impl_->bands.size(); }

Eigen::MatrixXd GdalField::read_block(std::size_t first, std::size_t count) const {
  const Impl& m = *impl_;
  const std::size_t nbands = m.bands.size();
  if (first > nbands || count > nbands - first) {
    throw InternalError(m.path + ": read_block(" + std::to_string(first) + ", " +
                        std::to_string(count) + ") is outside the " + std::to_string(nbands) +
                        " bands");
  }
  const std::size_t ncells = m.nx * m.ny;
  Eigen::MatrixXd out(static_cast<Eigen::Index>(ncells), static_cast<Eigen::Index>(count));
  if (count == 0) return out;

  const detail::QuietGdalErrors quiet;
  const int nx = static_cast<int>(m.nx);
  const int ny = static_cast<int>(m.ny);
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<GByte> mask;
  for (std::size_t t = 0; t < count; ++t) {
    const int b = static_cast<int>(first + t) + 1;
    const BandInfo& info = m.bands[first + t];
    GDALRasterBand* band = m.dataset->GetRasterBand(b);
    double* col = out.data() + t * ncells;
    // The file's row-major pixel order is the grid's cell order before any flip, so GDAL
    // writes straight into the column.
    if (band->RasterIO(GF_Read, 0, 0, nx, ny, col, nx, ny, GDT_Float64, 0, 0, nullptr) != CE_None) {
      throw InputError(m.path + ": reading band " + std::to_string(b) + " failed" +
                       detail::gdal_reason());
    }
    if (info.use_mask) {
      mask.resize(ncells);
      if (band->GetMaskBand()->RasterIO(GF_Read, 0, 0, nx, ny, mask.data(), nx, ny, GDT_Byte, 0, 0,
                                        nullptr) != CE_None) {
        throw InputError(m.path + ": reading the mask of band " + std::to_string(b) + " failed" +
                         detail::gdal_reason());
      }
    }
    for (std::size_t i = 0; i < ncells; ++i) {
      const double raw = col[i];
      const bool missing = (info.has_nodata && (raw == info.nodata || raw == info.nodata_as_float ||
                                                (std::isnan(info.nodata) && std::isnan(raw)))) ||
                           (info.use_mask && mask[i] == 0);
      col[i] = missing ? nan : raw * info.scale + info.offset;
    }
    if (m.flip_rows) {
      for (std::size_t r = 0; r < m.ny / 2; ++r) {
        std::swap_ranges(col + r * m.nx, col + (r + 1) * m.nx, col + (m.ny - 1 - r) * m.nx);
      }
    }
    if (m.flip_cols) {
      for (std::size_t r = 0; r < m.ny; ++r) std::reverse(col + r * m.nx, col + (r + 1) * m.nx);
    }
  }
  return out;
}

}  // namespace spstress::hazards

#include "spstress/regions/raster.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <map>
#include <numbers>
#include <string>

#include "gdal_support.hpp"
#include "lon_shift.hpp"
#include "spstress/core/error.hpp"

namespace spstress::regions {

namespace {

constexpr double rad_per_deg = std::numbers::pi / 180.0;

// Edges computed from a geotransform of a global grid land a few ulps beyond ±90°; anything
// further out than this is a wrong file, not rounding.
constexpr double lat_edge_slack_deg = 1e-6;

std::string fmt(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

}  // namespace

Raster read_raster(const std::string& path, int band) {
  detail::ensure_gdal_registered();
  detail::QuietGdalErrors quiet;
  detail::DatasetPtr ds(
      GDALOpenEx(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  if (!ds) {
    throw InputError(path + ": cannot open as a raster" + detail::gdal_reason());
  }
  auto* h = static_cast<GDALDatasetH>(ds.get());
  const int nbands = GDALGetRasterCount(h);
  if (band < 1 || band > nbands) {
    throw InputError(path + ": band " + std::to_string(band) + " requested; the file has " +
                     std::to_string(nbands) + " band(s)");
  }
  double gt[6];
  if (GDALGetGeoTransform(h, gt) != CE_None) {
    throw InputError(path + ": no geotransform; expected a georeferenced lat/lon raster");
  }
  if (gt[2] != 0.0 || gt[4] != 0.0) {
    throw InputError(path + ": rotated geotransforms are not supported (row/column rotation " +
                     fmt(gt[2]) + ", " + fmt(gt[4]) + "); expected a north-up lat/lon grid");
  }
  if (!(gt[1] != 0.0 && gt[5] != 0.0 && std::isfinite(gt[1]) && std::isfinite(gt[5]))) {
    throw InputError(path + ": geotransform has a zero or non-finite pixel size");
  }
  OGRSpatialReferenceH srs = GDALGetSpatialRef(h);
  if (srs == nullptr) {
    throw InputError(path +
                     ": no coordinate reference system; expected a geographic CRS "
                     "(EPSG:4326 or equivalent)");
  }
  if (!OSRIsGeographic(srs)) {
    const char* name = OSRGetName(srs);
    throw InputError(path + ": CRS \"" + (name ? name : "?") +
                     "\" is projected; expected a geographic CRS (EPSG:4326 or equivalent)");
  }
  char* unit_name = nullptr;
  const double rad_per_unit = OSRGetAngularUnits(srs, &unit_name);
  if (!(std::fabs(rad_per_unit - rad_per_deg) <= 1e-12 * rad_per_deg)) {
    throw InputError(path + ": geographic CRS in " + (unit_name ? unit_name : "?") +
                     "; expected degrees");
  }

  const int nx = GDALGetRasterXSize(h);
  const int ny = GDALGetRasterYSize(h);
  const auto nxs = static_cast<std::size_t>(nx);
  const auto nys = static_cast<std::size_t>(ny);
  GDALRasterBandH b = GDALGetRasterBand(h, band);
  std::vector<double> buf(nxs * nys);
  if (GDALRasterIO(b, GF_Read, 0, 0, nx, ny, buf.data(), nx, ny, GDT_Float64, 0, 0) != CE_None) {
    throw InputError(path + ": cannot read band " + std::to_string(band) + detail::gdal_reason());
  }

  int has_nodata = 0;
  const double nodata = GDALGetRasterNoDataValue(b, &has_nodata);
  // A Float32 band stores its nodata rounded to float; compare with that value too.
  const double nodata_as_float = static_cast<double>(static_cast<float>(nodata));
  int has_scale = 0, has_offset = 0;
  const double scale = GDALGetRasterScale(b, &has_scale);
  const double offset = GDALGetRasterOffset(b, &has_offset);

  const bool flip_cols = gt[1] < 0;  // east-to-west columns
  const bool flip_rows = gt[5] > 0;  // south-up rows
  Raster r;
  r.path = path;
  r.values.resize(static_cast<Eigen::Index>(nxs * nys));
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t row = 0; row < nys; ++row) {
    const std::size_t src_row = flip_rows ? nys - 1 - row : row;
    for (std::size_t col = 0; col < nxs; ++col) {
      const std::size_t src_col = flip_cols ? nxs - 1 - col : col;
      double v = buf[src_row * nxs + src_col];
      if (has_nodata &&
          (v == nodata || v == nodata_as_float || (std::isnan(nodata) && std::isnan(v)))) {
        v = nan;
      } else if (!std::isfinite(v)) {
        v = nan;
      } else {
        if (has_scale) v *= scale;
        if (has_offset) v += offset;
      }
      r.values[static_cast<Eigen::Index>(row * nxs + col)] = v;
    }
  }

  auto& lon = r.grid.lon_edges_deg;
  auto& lat = r.grid.lat_edges_deg;
  lon.resize(nxs + 1);
  lat.resize(nys + 1);
  for (std::size_t i = 0; i <= nxs; ++i) {
    const std::size_t k = flip_cols ? nxs - i : i;
    lon[i] = gt[0] + static_cast<double>(k) * gt[1];
  }
  for (std::size_t j = 0; j <= nys; ++j) {
    const std::size_t k = flip_rows ? nys - j : j;
    lat[j] = gt[3] + static_cast<double>(k) * gt[5];
  }
  if (!(lat.front() <= 90.0 + lat_edge_slack_deg && lat.back() >= -90.0 - lat_edge_slack_deg)) {
    throw InputError(path + ": latitudes " + fmt(lat.back()) + ".." + fmt(lat.front()) +
                     " reach beyond ±90°; expected a lat/lon grid");
  }
  lat.front() = std::min(lat.front(), 90.0);
  lat.back() = std::max(lat.back(), -90.0);
  if (!(lon.back() - lon.front() <= 360.0 + lat_edge_slack_deg)) {
    throw InputError(path + ": longitudes " + fmt(lon.front()) + ".." + fmt(lon.back()) +
                     " span more than 360°");
  }
  if (lon.back() - lon.front() > 360.0) lon.back() = lon.front() + 360.0;
  core::check_grid(r.grid);
  return r;
}

Eigen::SparseMatrix<double, Eigen::RowMajor> remap_matrix(const core::LatLonGrid& src,
                                                          const core::LatLonGrid& dst) {
  core::check_grid(src);
  core::check_grid(dst);
  // Overlap is separable on a rectilinear grid: a share in longitude times a share in
  // sin(latitude), which is the exact spherical area share of two lat/lon rectangles.
  struct Share {
    std::size_t index;
    double share;
  };
  const auto& slon = src.lon_edges_deg;
  const auto& dlon = dst.lon_edges_deg;
  std::vector<std::vector<Share>> lon_shares(src.nlon());
  for (std::size_t i = 0; i < src.nlon(); ++i) {
    const double w = slon[i], e = slon[i + 1];
    std::map<std::size_t, double> acc;
    for (double off : detail::lon_offsets_deg(w, e, dlon.front(), dlon.back())) {
      const double a = w + off, b = e + off;
      auto j = static_cast<std::size_t>(std::max<std::ptrdiff_t>(
          std::upper_bound(dlon.begin(), dlon.end(), a) - dlon.begin() - 1, 0));
      for (; j < dst.nlon() && dlon[j] < b; ++j) {
        const double overlap = std::min(b, dlon[j + 1]) - std::max(a, dlon[j]);
        if (overlap > 0) acc[j] += overlap / (e - w);
      }
    }
    for (const auto& [j, s] : acc) lon_shares[i].push_back({j, s});
  }

  std::vector<double> ssin(src.lat_edges_deg.size()), dsin(dst.lat_edges_deg.size());
  for (std::size_t k = 0; k < ssin.size(); ++k)
    ssin[k] = std::sin(src.lat_edges_deg[k] * rad_per_deg);
  for (std::size_t k = 0; k < dsin.size(); ++k)
    dsin[k] = std::sin(dst.lat_edges_deg[k] * rad_per_deg);
  const auto& dlat = dst.lat_edges_deg;
  std::vector<std::vector<Share>> lat_shares(src.nlat());
  for (std::size_t r = 0; r < src.nlat(); ++r) {
    const double n = src.lat_edges_deg[r], s = src.lat_edges_deg[r + 1];
    const double width = ssin[r] - ssin[r + 1];
    auto j = static_cast<std::size_t>(std::max<std::ptrdiff_t>(
        std::upper_bound(dlat.begin(), dlat.end(), n, std::greater<double>()) - dlat.begin() - 1,
        0));
    for (; j < dst.nlat() && dlat[j] > s; ++j) {
      const double top = std::min(ssin[r], dsin[j]);
      const double bottom = std::max(ssin[r + 1], dsin[j + 1]);
      if (top > bottom) lat_shares[r].push_back({j, (top - bottom) / width});
    }
  }

  // Rows come in order, and within a row the columns ascend without repeats (latitude shares
  // by increasing destination row, longitude shares by increasing column), so the compressed
  // arrays are filled directly: setFromTriplets would only sort what is already sorted, and
  // that was a quarter of the cost of building the weights with an exposure raster.
  std::size_t row_entries_per_lat = 0;
  for (const auto& shares : lon_shares) row_entries_per_lat += shares.size();
  std::size_t nnz = 0;
  for (const auto& shares : lat_shares) nnz += shares.size() * row_entries_per_lat;
  if (nnz > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    throw UnsupportedError("remap_matrix: more than 2^31 overlaps between grid cells");
  }
  Eigen::SparseMatrix<double, Eigen::RowMajor> m(static_cast<Eigen::Index>(src.ncells()),
                                                 static_cast<Eigen::Index>(dst.ncells()));
  m.resizeNonZeros(static_cast<Eigen::Index>(nnz));
  int* outer = m.outerIndexPtr();
  int* inner = m.innerIndexPtr();
  double* value = m.valuePtr();
  int n = 0;
  for (std::size_t r = 0; r < src.nlat(); ++r) {
    for (std::size_t c = 0; c < src.nlon(); ++c) {
      outer[src.cell_index(r, c)] = n;
      for (const Share& ls : lat_shares[r]) {
        for (const Share& cs : lon_shares[c]) {
          inner[n] = static_cast<int>(dst.cell_index(ls.index, cs.index));
          value[n] = ls.share * cs.share;
          ++n;
        }
      }
    }
  }
  outer[src.ncells()] = n;
  return m;
}

}  // namespace spstress::regions

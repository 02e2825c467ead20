#pragma once
/// A single-band raster on a lat/lon grid (exposure: population, employment), read with GDAL.

#include <string>

#include <Eigen/Core>
#include <Eigen/SparseCore>

#include "spstress/core/grid.hpp"

namespace spstress::regions {

struct Raster {
  core::LatLonGrid grid;
  Eigen::VectorXd values;  ///< one per cell, north-up row-major; NaN for nodata
  std::string path;
};

/// Reads band `band` (1-based) of a GDAL raster in a geographic CRS (EPSG:4326 or equivalent).
/// Throws InputError naming the file for: unreadable file, missing band, rotated geotransform,
/// a projected or missing CRS. Nodata values become NaN.
/// Also: NaN and infinite values become NaN; the band's scale and offset, when set, are
/// applied; south-up rows and east-to-west columns are flipped into core::LatLonGrid order;
/// edges within 1e-6° beyond ±90° are clamped to ±90°.
Raster read_raster(const std::string& path, int band = 1);

/// Conservative (mass-preserving) remapping matrix between two lat/lon grids: entry (k, j) is
/// the share of source cell k's spherical area that lies in destination cell j. Rows of source
/// cells wholly inside the destination grid sum to 1. (src cells x dst cells).
Eigen::SparseMatrix<double, Eigen::RowMajor> remap_matrix(const core::LatLonGrid& src,
                                                          const core::LatLonGrid& dst);

}  // namespace spstress::regions

#pragma once
/// The aggregation operator W (regions x hazard cells) and zonal statistics with it.

#include <string>
#include <vector>

#include <Eigen/Core>
#include <Eigen/SparseCore>

#include "spstress/core/grid.hpp"
#include "spstress/regions/coverage.hpp"
#include "spstress/regions/raster.hpp"
#include "spstress/regions/region.hpp"

namespace spstress::regions {

struct Weights {
  /// (regions x hazard cells): the amount of exposure (persons, or km² when there is no
  /// exposure raster) of region i that lies in hazard cell j. Row i sums to exposure_total(i)
  /// when the hazard grid covers the region.
  SparseRowMatrix w;
  Eigen::VectorXd exposure_total;  ///< per region: persons (exposure raster) or km² (area)
  Eigen::VectorXd area_km2;        ///< per region: Σ coverage × cell area on the hazard grid
};

/// Builds W for `regions` on `hazard_grid`. With an exposure raster, coverage is computed on
/// the exposure grid (normally the finer one), multiplied by exposure, and carried onto the
/// hazard grid with remap_matrix, so each region's exposure total equals the raster's sum over
/// that region. Without one, W is coverage × cell area (km²). Throws InputError if a region
/// does not overlap the hazard grid, naming the region; with an exposure raster, also if a
/// region does not overlap the raster, if every raster cell it covers is 0 or nodata, or if
/// none of its exposure lies on the hazard grid (each naming the region and the raster).
/// Nodata exposure counts as 0.
/// With `skipped` given, a region without weight (no overlap with the grid or the raster, no
/// exposure) does not throw: its message goes to `skipped` and its row of W stays empty, so
/// its statistics come out empty; InputError only if no region has weight at all.
Weights build_weights(const std::vector<Region>& regions, const core::LatLonGrid& hazard_grid,
                      const Raster* exposure, std::vector<std::string>* skipped = nullptr);

/// Exposure-weighted mean per region of each column of `block` (hazard cells x times). Cells
/// that are NaN are left out and the weights renormalised; a region with no valid weighted cell
/// gets NaN. Returns (regions x times).
Eigen::MatrixXd weighted_mean(const Weights& weights, const Eigen::MatrixXd& block);

}  // namespace spstress::regions

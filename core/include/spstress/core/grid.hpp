#pragma once
/// Geometry of a rectilinear longitude/latitude grid, the one grid type that hazards/ and
/// regions/ share.
///
/// Conventions (every reader normalises to them, never silently):
/// - cells are stored north-up: row 0 is the northernmost row, and the flat cell index is
///   `row * nlon() + col` (row-major);
/// - longitudes increase with the column index; they may lie in -180..180 or 0..360 (the grid
///   keeps the file's convention, region code shifts polygons by ±360° to meet it);
/// - edges, not centres, define the grid: `lon_edges_deg` has nlon+1 increasing values,
///   `lat_edges_deg` has nlat+1 decreasing values (north to south), both in degrees. Irregular
///   spacing (Gaussian latitudes) is allowed.

#include <cstddef>
#include <vector>

namespace spstress::core {

struct LatLonGrid {
  std::vector<double> lon_edges_deg;  ///< nlon+1 values, strictly increasing, span <= 360 deg
  std::vector<double> lat_edges_deg;  ///< nlat+1 values, strictly decreasing, within [-90, 90]

  std::size_t nlon() const { return lon_edges_deg.empty() ? 0 : lon_edges_deg.size() - 1; }
  std::size_t nlat() const { return lat_edges_deg.empty() ? 0 : lat_edges_deg.size() - 1; }
  std::size_t ncells() const { return nlon() * nlat(); }
  std::size_t cell_index(std::size_t row, std::size_t col) const { return row * nlon() + col; }
  double lon_centre_deg(std::size_t col) const {
    return 0.5 * (lon_edges_deg[col] + lon_edges_deg[col + 1]);
  }
  double lat_centre_deg(std::size_t row) const {
    return 0.5 * (lat_edges_deg[row] + lat_edges_deg[row + 1]);
  }

  /// A regular grid from its north-west corner and positive steps (degrees).
  static LatLonGrid regular(double west_deg, double north_deg, double dlon_deg, double dlat_deg,
                            std::size_t nlon, std::size_t nlat);

  /// Cell edges from monotone cell-centre coordinates (either order): midpoints between
  /// neighbours, half a step beyond the ends, latitudes clamped to ±90. Returned increasing.
  static std::vector<double> edges_from_centres(const std::vector<double>& centres_deg);
};

/// Throws InternalError if the grid breaks the conventions above (used by readers and tests).
void check_grid(const LatLonGrid& grid);

}  // namespace spstress::core

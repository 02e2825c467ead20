#pragma once
// Longitude conventions differ between inputs (grids in 0..360, polygons in -180..180 or the
// reverse). Shifting by a whole turn changes nothing on the sphere, so an object is tried at
// each of −360°, 0 and +360° and used wherever it meets the grid.

#include <vector>

namespace spstress::regions::detail {

/// The offsets in {−360, 0, +360} degrees at which [west, east] overlaps [grid_west,
/// grid_east] with positive width. Because a valid grid spans at most 360°, the shifted
/// copies meet disjoint parts of it and no area is counted twice.
inline std::vector<double> lon_offsets_deg(double west_deg, double east_deg, double grid_west_deg,
                                           double grid_east_deg) {
  std::vector<double> offsets;
  for (double off : {0.0, -360.0, 360.0}) {
    if (east_deg + off > grid_west_deg && west_deg + off < grid_east_deg) offsets.push_back(off);
  }
  return offsets;
}

}  // namespace spstress::regions::detail

#include "spstress/core/grid.hpp"

#include <algorithm>
#include <string>

#include "spstress/core/error.hpp"

namespace spstress::core {

LatLonGrid LatLonGrid::regular(double west_deg, double north_deg, double dlon_deg, double dlat_deg,
                               std::size_t nlon, std::size_t nlat) {
  LatLonGrid g;
  g.lon_edges_deg.resize(nlon + 1);
  g.lat_edges_deg.resize(nlat + 1);
  for (std::size_t i = 0; i <= nlon; ++i) {
    g.lon_edges_deg[i] = west_deg + static_cast<double>(i) * dlon_deg;
  }
  for (std::size_t j = 0; j <= nlat; ++j) {
    g.lat_edges_deg[j] = std::clamp(north_deg - static_cast<double>(j) * dlat_deg, -90.0, 90.0);
  }
  return g;
}

std::vector<double> LatLonGrid::edges_from_centres(const std::vector<double>& centres_deg) {
  std::vector<double> c = centres_deg;
  if (c.size() >= 2 && c.front() > c.back()) std::reverse(c.begin(), c.end());
  std::vector<double> e(c.size() + 1);
  if (c.size() == 1) {
    e[0] = c[0] - 0.5;
    e[1] = c[0] + 0.5;
    return e;
  }
  for (std::size_t i = 1; i < c.size(); ++i) e[i] = 0.5 * (c[i - 1] + c[i]);
  e.front() = c.front() - 0.5 * (c[1] - c[0]);
  e.back() = c.back() + 0.5 * (c[c.size() - 1] - c[c.size() - 2]);
  return e;
}

void check_grid(const LatLonGrid& grid) {
  if (grid.lon_edges_deg.size() < 2 || grid.lat_edges_deg.size() < 2) {
    throw InternalError("grid has fewer than one cell in longitude or latitude");
  }
  for (std::size_t i = 1; i < grid.lon_edges_deg.size(); ++i) {
    if (!(grid.lon_edges_deg[i] > grid.lon_edges_deg[i - 1])) {
      throw InternalError("grid longitude edges are not strictly increasing at index " +
                          std::to_string(i));
    }
  }
  if (!(grid.lon_edges_deg.back() - grid.lon_edges_deg.front() <= 360.0 + 1e-9)) {
    throw InternalError("grid spans more than 360 degrees of longitude");
  }
  for (std::size_t j = 1; j < grid.lat_edges_deg.size(); ++j) {
    if (!(grid.lat_edges_deg[j] < grid.lat_edges_deg[j - 1])) {
      throw InternalError(
          "grid latitude edges are not strictly decreasing (north to south) at index " +
          std::to_string(j));
    }
  }
  if (!(grid.lat_edges_deg.front() <= 90.0 && grid.lat_edges_deg.back() >= -90.0)) {
    throw InternalError("grid latitude edges lie outside [-90, 90]");
  }
}

}  // namespace spstress::core

#pragma once
/// Exact coverage of grid cells by region polygons, and cell areas on the sphere.

#include <vector>

#include <Eigen/SparseCore>

#include "spstress/core/grid.hpp"
#include "spstress/regions/region.hpp"

namespace spstress::regions {

using SparseRowMatrix = Eigen::SparseMatrix<double, Eigen::RowMajor>;

/// Area of each cell on a sphere of radius 6371.0088 km (IUGG mean radius), in km²:
/// R² · Δλ · (sin φ_north − sin φ_south), indexed like core::LatLonGrid cells.
std::vector<double> cell_areas_km2(const core::LatLonGrid& grid);

/// Fraction (0..1) of each cell's area that lies inside each region: a (regions x cells) sparse
/// matrix. Polygons are clipped exactly against each cell in lon/lat (polygon edges are taken as
/// straight in lon/lat, as in exactextract); within a cell the area fraction is measured in the
/// cell's own lon/lat frame, weighted by cos(latitude) so that partial cells near the poles are
/// not over-weighted. Holes are subtracted; a polygon that lies in -180..180 is shifted by ±360°
/// to meet a grid in 0..360 (and the reverse).
///
/// How: each ring is clipped (Sutherland–Hodgman) against latitude bands, then against the
/// cells of each band, halving the range of rows or columns at each step. A piece's area is
/// the shoelace formula in (longitude, sin latitude), the cylindrical equal-area frame, so a
/// cell and any piece bounded by meridians and parallels get their exact spherical area; a
/// slanted edge inside one cell is taken as straight in that frame between its clipped end
/// points (a relative error of the order of the cell's latitude span squared). Ring
/// orientation in the file is ignored: outer rings add, holes subtract. Fractions are
/// clipped to [0, 1] and entries below 1e-12 (rounding along shared edges) are dropped.
/// Throws InternalError for a grid that breaks the core::LatLonGrid conventions.
SparseRowMatrix coverage_fractions(const std::vector<Region>& regions,
                                   const core::LatLonGrid& grid);

}  // namespace spstress::regions

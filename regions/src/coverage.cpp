#include "spstress/regions/coverage.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <functional>
#include <limits>
#include <numbers>

#include "lon_shift.hpp"
#include "spstress/core/error.hpp"

namespace spstress::regions {

namespace {

constexpr double earth_radius_km = 6371.0088;  // IUGG mean radius R1
constexpr double rad_per_deg = std::numbers::pi / 180.0;

// Fractions below this are rounding noise from polygon edges that run exactly along cell
// edges (a sliver of 1e-12 of a 0.01° cell is about 1 mm²); they are dropped from W.
constexpr double min_fraction = 1e-12;

struct Pt {
  double x;  // longitude, degrees
  double y;  // latitude, degrees
};
using Path = std::vector<Pt>;

enum class Axis { Lon, Lat };

double coord(const Pt& p, Axis axis) { return axis == Axis::Lon ? p.x : p.y; }

// Where segment a-b meets the line axis = c. The endpoints are put in a fixed order first so
// that the two pieces on either side of a cut get bit-identical vertices.
Pt cut_point(Pt a, Pt b, Axis axis, double c) {
  if (a.x > b.x || (a.x == b.x && a.y > b.y)) std::swap(a, b);
  if (axis == Axis::Lon) {
    const double t = (c - a.x) / (b.x - a.x);
    return {c, a.y + t * (b.y - a.y)};
  }
  const double t = (c - a.y) / (b.y - a.y);
  return {a.x + t * (b.x - a.x), c};
}

// Sutherland–Hodgman against one axis-aligned half-plane. A non-convex input may come out as
// several pieces joined by zero-width edges along the cut; they add nothing to a signed area.
// The axis and side are template arguments: this loop is most of the cost of building W.
template <Axis axis, bool keep_greater>
void clip(const Path& in, double c, Path& out) {
  out.clear();
  if (in.empty()) return;
  auto inside = [c](const Pt& p) {
    const double v = coord(p, axis);
    return keep_greater ? v >= c : v <= c;
  };
  Pt prev = in.back();
  bool prev_in = inside(prev);
  for (const Pt& cur : in) {
    const bool cur_in = inside(cur);
    if (cur_in != prev_in) out.push_back(cut_point(prev, cur, axis, c));
    if (cur_in) out.push_back(cur);
    prev = cur;
    prev_in = cur_in;
  }
}

double signed_area_lon_lat(const Path& p) {
  double s = 0.0;
  for (std::size_t i = 0, j = p.size() - 1; i < p.size(); j = i++) {
    s += (p[j].x - p[0].x) * (p[i].y - p[0].y) - (p[i].x - p[0].x) * (p[j].y - p[0].y);
  }
  return 0.5 * s;
}

// Index of the first edge > v in ascending edges, minus one: the cell containing v (clamped).
std::size_t col_of(const std::vector<double>& asc_edges, double v) {
  const auto it = std::upper_bound(asc_edges.begin(), asc_edges.end(), v);
  const auto i = static_cast<std::size_t>(std::max<std::ptrdiff_t>(it - asc_edges.begin() - 1, 0));
  return std::min(i, asc_edges.size() - 2);
}

// Same for descending latitude edges (row 0 in the north).
std::size_t row_of(const std::vector<double>& desc_edges, double v) {
  const auto it = std::upper_bound(desc_edges.begin(), desc_edges.end(), v, std::greater<double>());
  const auto i = static_cast<std::size_t>(std::max<std::ptrdiff_t>(it - desc_edges.begin() - 1, 0));
  return std::min(i, desc_edges.size() - 2);
}

class RingClipper {
 public:
  RingClipper(const core::LatLonGrid& grid, std::vector<Eigen::Triplet<double>>& out)
      : grid_(grid), out_(out) {
    sin_lat_edges_.reserve(grid.lat_edges_deg.size());
    for (double lat : grid.lat_edges_deg) sin_lat_edges_.push_back(std::sin(lat * rad_per_deg));
  }

  // Adds sign × (fraction of each cell covered by the ring) to the output triplets.
  void add(const Path& ring, int region, double sign) {
    region_ = region;
    sign_ = sign;
    double xmin = ring[0].x, xmax = ring[0].x, ymin = ring[0].y, ymax = ring[0].y;
    for (const Pt& p : ring) {
      xmin = std::min(xmin, p.x);
      xmax = std::max(xmax, p.x);
      ymin = std::min(ymin, p.y);
      ymax = std::max(ymax, p.y);
    }
    const auto& lon = grid_.lon_edges_deg;
    const auto& lat = grid_.lat_edges_deg;
    if (!(xmax > lon.front() && xmin < lon.back() && ymax > lat.back() && ymin < lat.front())) {
      return;
    }
    const std::size_t r0 = row_of(lat, ymax);
    const std::size_t r1 = row_of(lat, ymin) + 1;
    Path& a = band_a_;
    Path& b = band_b_;
    a = ring;
    if (ymax > lat[r0]) {
      clip<Axis::Lat, false>(a, lat[r0], b);
      std::swap(a, b);
    }
    if (ymin < lat[r1]) {
      clip<Axis::Lat, true>(a, lat[r1], b);
      std::swap(a, b);
    }
    split_rows(a, r0, r1, 0);
  }

 private:
  // `piece` lies within latitudes lat[r1]..lat[r0]; halve the row range until one row is left.
  // Each level of the recursion clips into its own buffer, kept from ring to ring, so that
  // pieces are not allocated afresh (a deque, so that adding a level moves none).
  static Path& level(std::deque<Path>& buffers, std::size_t depth) {
    if (buffers.size() <= depth) buffers.resize(depth + 1);
    return buffers[depth];
  }

  void split_rows(const Path& piece, std::size_t r0, std::size_t r1, std::size_t depth) {
    if (piece.size() < 3) return;
    if (r1 - r0 == 1) {
      start_row(piece, r0);
      return;
    }
    const std::size_t mid = (r0 + r1) / 2;
    Path& part = level(row_parts_, depth);
    clip<Axis::Lat, true>(piece, grid_.lat_edges_deg[mid], part);
    split_rows(part, r0, mid, depth + 1);
    clip<Axis::Lat, false>(piece, grid_.lat_edges_deg[mid], part);
    split_rows(part, mid, r1, depth + 1);
  }

  void start_row(const Path& piece, std::size_t row) {
    const auto& lon = grid_.lon_edges_deg;
    double xmin = piece[0].x, xmax = piece[0].x;
    for (const Pt& p : piece) {
      xmin = std::min(xmin, p.x);
      xmax = std::max(xmax, p.x);
    }
    if (!(xmax > lon.front() && xmin < lon.back())) return;
    const std::size_t c0 = col_of(lon, xmin);
    const std::size_t c1 = col_of(lon, xmax) + 1;
    Path& a = row_a_;
    Path& b = row_b_;
    a = piece;
    if (xmin < lon[c0]) {
      clip<Axis::Lon, true>(a, lon[c0], b);
      std::swap(a, b);
    }
    if (xmax > lon[c1]) {
      clip<Axis::Lon, false>(a, lon[c1], b);
      std::swap(a, b);
    }
    split_cols(a, row, c0, c1, 0);
  }

  void split_cols(const Path& piece, std::size_t row, std::size_t c0, std::size_t c1,
                  std::size_t depth) {
    if (piece.size() < 3) return;
    if (c1 - c0 == 1) {
      emit(piece, row, c0);
      return;
    }
    const std::size_t mid = (c0 + c1) / 2;
    Path& part = level(col_parts_, depth);
    clip<Axis::Lon, false>(piece, grid_.lon_edges_deg[mid], part);
    split_cols(part, row, c0, mid, depth + 1);
    clip<Axis::Lon, true>(piece, grid_.lon_edges_deg[mid], part);
    split_cols(part, row, mid, c1, depth + 1);
  }

  // The piece's area is measured in (longitude, sin latitude), the cylindrical equal-area
  // frame: cells and axis-parallel pieces get their exact spherical areas, and a slanted edge
  // inside one cell is taken as straight between its two clipped end points.
  void emit(const Path& piece, std::size_t row, std::size_t col) {
    const double west = grid_.lon_edges_deg[col];
    const double lat_north = grid_.lat_edges_deg[row], lat_south = grid_.lat_edges_deg[row + 1];
    const double sin_north = sin_lat_edges_[row], sin_south = sin_lat_edges_[row + 1];
    const double cell = (grid_.lon_edges_deg[col + 1] - west) * (sin_north - sin_south);
    // Most vertices are cut points on the row's own edges, whose sines are known (and
    // bit-identical to computing them again).
    const auto sin_lat = [&](double lat) {
      if (lat == lat_north) return sin_north;
      if (lat == lat_south) return sin_south;
      return std::sin(lat * rad_per_deg);
    };
    double s = 0.0;
    double xj = piece.back().x - west;
    double yj = sin_lat(piece.back().y) - sin_south;
    for (const Pt& p : piece) {
      const double xi = p.x - west;
      const double yi = sin_lat(p.y) - sin_south;
      s += xj * yi - xi * yj;
      xj = xi;
      yj = yi;
    }
    const double fraction = 0.5 * s / cell;
    if (fraction == 0.0) return;
    out_.emplace_back(region_, static_cast<int>(grid_.cell_index(row, col)), sign_ * fraction);
  }

  const core::LatLonGrid& grid_;
  std::vector<Eigen::Triplet<double>>& out_;
  std::vector<double> sin_lat_edges_;
  Path band_a_, band_b_, row_a_, row_b_;
  std::deque<Path> row_parts_, col_parts_;
  int region_ = 0;
  double sign_ = 1.0;
};

Path to_path(const Ring& ring, double lon_offset_deg) {
  Path p;
  p.reserve(ring.size());
  for (const Point& q : ring) p.push_back({q[0] + lon_offset_deg, q[1]});
  // Drop the closing point and exact repeats: they add nothing and cost clipping time.
  Path out;
  out.reserve(p.size());
  for (const Pt& q : p) {
    if (out.empty() || q.x != out.back().x || q.y != out.back().y) out.push_back(q);
  }
  while (out.size() > 1 && out.front().x == out.back().x && out.front().y == out.back().y) {
    out.pop_back();
  }
  return out;
}

}  // namespace

std::vector<double> cell_areas_km2(const core::LatLonGrid& grid) {
  std::vector<double> areas(grid.ncells());
  constexpr double r2 = earth_radius_km * earth_radius_km;
  for (std::size_t row = 0; row < grid.nlat(); ++row) {
    const double band = std::sin(grid.lat_edges_deg[row] * rad_per_deg) -
                        std::sin(grid.lat_edges_deg[row + 1] * rad_per_deg);
    for (std::size_t col = 0; col < grid.nlon(); ++col) {
      const double dlon_rad = (grid.lon_edges_deg[col + 1] - grid.lon_edges_deg[col]) * rad_per_deg;
      areas[grid.cell_index(row, col)] = r2 * dlon_rad * band;
    }
  }
  return areas;
}

SparseRowMatrix coverage_fractions(const std::vector<Region>& regions,
                                   const core::LatLonGrid& grid) {
  core::check_grid(grid);
  if (regions.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()) ||
      grid.ncells() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    throw UnsupportedError("coverage_fractions: more than 2^31 regions or grid cells");
  }
  std::vector<Eigen::Triplet<double>> triplets;
  RingClipper clipper(grid, triplets);
  const double grid_west = grid.lon_edges_deg.front();
  const double grid_east = grid.lon_edges_deg.back();

  for (std::size_t i = 0; i < regions.size(); ++i) {
    const int region = static_cast<int>(i);
    for (const Polygon& poly : regions[i].polygons) {
      if (poly.outer.empty()) continue;
      double xmin = poly.outer[0][0], xmax = poly.outer[0][0];
      for (const Point& q : poly.outer) {
        xmin = std::min(xmin, q[0]);
        xmax = std::max(xmax, q[0]);
      }
      for (double offset : detail::lon_offsets_deg(xmin, xmax, grid_west, grid_east)) {
        // Orientation is normalised here rather than trusted: the outer ring adds and holes
        // subtract whatever way round the file wrote them.
        auto add_ring = [&](const Ring& ring, double role_sign) {
          const Path path = to_path(ring, offset);
          if (path.size() < 3) return;
          const double a = signed_area_lon_lat(path);
          if (a == 0.0) return;
          clipper.add(path, region, a > 0 ? role_sign : -role_sign);
        };
        add_ring(poly.outer, 1.0);
        for (const Ring& hole : poly.holes) add_ring(hole, -1.0);
      }
    }
  }

  SparseRowMatrix m(static_cast<Eigen::Index>(regions.size()),
                    static_cast<Eigen::Index>(grid.ncells()));
  m.setFromTriplets(triplets.begin(), triplets.end());
  for (Eigen::Index k = 0; k < m.outerSize(); ++k) {
    for (SparseRowMatrix::InnerIterator it(m, k); it; ++it) {
      it.valueRef() = std::clamp(it.value(), 0.0, 1.0);
    }
  }
  m.prune([](Eigen::Index, Eigen::Index, double v) { return v > min_fraction; });
  m.makeCompressed();
  return m;
}

}  // namespace spstress::regions

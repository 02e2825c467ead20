#include <boost/test/unit_test.hpp>

#include <cmath>
#include <numbers>

#include "spstress/regions/coverage.hpp"

using spstress::core::LatLonGrid;
using spstress::regions::coverage_fractions;
using spstress::regions::Polygon;
using spstress::regions::Region;
using spstress::regions::Ring;
using spstress::regions::SparseRowMatrix;

namespace {

constexpr double earth_radius_km = 6371.0088;
constexpr double pi = std::numbers::pi;

double sind(double deg) { return std::sin(deg * pi / 180.0); }

// Spherical area of the lon/lat rectangle [w, e] x [s, n]: R² Δλ (sin φn − sin φs).
double rectangle_km2(double w, double e, double s, double n) {
  return earth_radius_km * earth_radius_km * (e - w) * pi / 180.0 * (sind(n) - sind(s));
}

Ring box(double w, double s, double e, double n) {
  return {{w, s}, {e, s}, {e, n}, {w, n}, {w, s}};  // counter-clockwise, closed
}

Region region(const std::string& code, std::vector<Polygon> polys) {
  Region r;
  r.code = code;
  r.polygons = std::move(polys);
  return r;
}

// Fraction at (region, row, col); 0 when the matrix holds no entry there.
double at(const SparseRowMatrix& m, int reg, const LatLonGrid& g, std::size_t row,
          std::size_t col) {
  return m.coeff(reg, static_cast<Eigen::Index>(g.cell_index(row, col)));
}

double covered_km2(const SparseRowMatrix& m, int reg, const LatLonGrid& g) {
  const auto areas = spstress::regions::cell_areas_km2(g);
  double s = 0;
  for (SparseRowMatrix::InnerIterator it(m, reg); it; ++it)
    s += it.value() * areas[static_cast<std::size_t>(it.col())];
  return s;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(test_coverage)

BOOST_AUTO_TEST_CASE(cell_areas_match_known_values_and_sum_to_the_sphere) {
  // A 1°x1° cell on the equator: (π/180 R)(R sin 1°) = 111.1950 km x 111.1893 km.
  const auto g1 = LatLonGrid::regular(0, 1, 1, 1, 1, 1);
  // 4 significant digits of a hand multiplication: 111.1950 * 111.1893 = 12363.8.
  BOOST_TEST(spstress::regions::cell_areas_km2(g1)[0] == 12363.8,
             boost::test_tools::tolerance(1e-5));

  // A global 2.5° grid covers the sphere, 4πR², to rounding (72*72 additions).
  const auto g = LatLonGrid::regular(0, 90, 2.5, 2.5, 144, 72);
  double total = 0;
  for (double a : spstress::regions::cell_areas_km2(g)) total += a;
  BOOST_TEST(total == 4 * pi * earth_radius_km * earth_radius_km,
             boost::test_tools::tolerance(1e-12));
}

// Grids of several steps and origins, none aligned with the rectangle's edges, including an
// irregular one whose latitude steps vary like a Gaussian grid's.
LatLonGrid irregular_grid() {
  LatLonGrid g;
  for (double lon = 96.1; lon <= 110; lon += 1.3) g.lon_edges_deg.push_back(lon);
  double lat = 31.05;
  for (double step = 0.4; lat > 15; step += 0.15) {
    g.lat_edges_deg.push_back(lat);
    lat -= step;
  }
  g.lat_edges_deg.push_back(lat);
  return g;
}

const std::vector<LatLonGrid> rectangle_grids = {
    LatLonGrid::regular(95, 30, 1, 1, 15, 15),
    LatLonGrid::regular(95.1, 30.05, 0.25, 0.25, 60, 60),
    LatLonGrid::regular(94.9, 31.3, 0.7, 0.7, 25, 25),
    LatLonGrid::regular(-0.9375, 90, 1.875, 1.875, 192, 96),
    irregular_grid(),
};

// One case over the grids rather than a data-driven one: GCC 12 at -O3 warns falsely
// (-Wrestrict) inside Boost's generated case names, and warnings are errors.
BOOST_AUTO_TEST_CASE(unaligned_rectangle_covers_its_spherical_area) {
  for (std::size_t k = 0; k < rectangle_grids.size(); ++k) {
    BOOST_TEST_CONTEXT("grid " << k) {
      const LatLonGrid& g = rectangle_grids[k];
      const std::vector<Region> regs{region("R", {Polygon{box(100.3, 20.2, 103.7, 25.9), {}}})};
      const auto c = coverage_fractions(regs, g);
      // Pieces with lon/lat-parallel edges are measured exactly; what is left is rounding over
      // at most a few thousand cells.
      BOOST_TEST(covered_km2(c, 0, g) == rectangle_km2(100.3, 103.7, 20.2, 25.9),
                 boost::test_tools::tolerance(1e-9));
    }
  }
}

BOOST_AUTO_TEST_CASE(rectangle_cells_have_their_spherical_shares) {
  const auto g = LatLonGrid::regular(95, 30, 1, 1, 15, 15);  // row r spans 30-r .. 29-r
  const std::vector<Region> regs{region("R", {Polygon{box(100.3, 20.2, 103.7, 25.9), {}}})};
  const auto c = coverage_fractions(regs, g);
  BOOST_TEST(c.nonZeros() == 4 * 6);  // columns 100..103, rows for latitudes 20..25
  // Cell 100..101 x 25..26: 0.7 of its width, and the sin-lat share of 25..25.9 in 25..26.
  const double corner = 0.7 * (sind(25.9) - sind(25)) / (sind(26) - sind(25));
  BOOST_TEST(at(c, 0, g, 4, 5) == corner, boost::test_tools::tolerance(1e-12));  // rounding only
  BOOST_TEST(at(c, 0, g, 7, 7) == 1.0, boost::test_tools::tolerance(1e-12));     // interior
  BOOST_TEST(at(c, 0, g, 4, 9) == 0.0);                                          // east of it
}

BOOST_AUTO_TEST_CASE(slanted_edge_is_weighted_by_cos_latitude) {
  // Triangle (0,60) (2,60) (0,61): its hypotenuse runs from (2,60) to (0,61), so it cuts the
  // east edge of cell 0..1 x 60..61 at latitude 60.5 and the south-west corner of the next
  // cell. In (lon, sin lat) the piece in cell 0..1 is a trapezoid with vertical sides
  // sin61−sin60 and sin60.5−sin60, one degree apart; the piece in cell 1..2 is a triangle
  // with base 1° and height sin60.5−sin60. Without the cos-lat weighting these would be the
  // plain lon/lat shares 0.75 and 0.25, which the 1e-12 tolerance would reject (by ~2e-3).
  const auto g = LatLonGrid::regular(-1, 62, 1, 1, 4, 3);  // rows 62..61, 61..60, 60..59
  Ring tri{{0, 60}, {2, 60}, {0, 61}};
  const std::vector<Region> regs{region("T", {Polygon{tri, {}}})};
  const auto c = coverage_fractions(regs, g);
  const double band = sind(61) - sind(60);
  const double half = sind(60.5) - sind(60);
  BOOST_TEST(c.nonZeros() == 2);
  BOOST_TEST(at(c, 0, g, 1, 1) == (band + half) / 2 / band, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(at(c, 0, g, 1, 2) == half / 2 / band, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(std::abs(at(c, 0, g, 1, 1) - 0.75) > 1e-3);
}

BOOST_AUTO_TEST_CASE(diagonal_through_cell_corners_halves_the_cells_it_crosses) {
  // Right triangle (0,0) (2,0) (0,2): its hypotenuse joins cell corners, so the two cells it
  // crosses are cut into triangles of half the cell in (lon, sin lat) as well.
  const auto g = LatLonGrid::regular(0, 2, 1, 1, 2, 2);
  const std::vector<Region> regs{region("T", {Polygon{{{0, 0}, {2, 0}, {0, 2}}, {}}})};
  const auto c = coverage_fractions(regs, g);
  BOOST_TEST(at(c, 0, g, 1, 0) == 1.0, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(at(c, 0, g, 1, 1) == 0.5, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(at(c, 0, g, 0, 0) == 0.5, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(at(c, 0, g, 0, 1) == 0.0);
}

BOOST_AUTO_TEST_CASE(holes_subtract_whatever_the_ring_orientation) {
  // Outer ring written clockwise and hole counter-clockwise: the opposite of the convention,
  // so the code must normalise. The hole 1.5..2.5 x 1..2 takes half of two cells.
  Ring outer_cw{{0, 0}, {0, 4}, {4, 4}, {4, 0}};
  Ring hole_ccw = box(1.5, 1, 2.5, 2);
  const auto g = LatLonGrid::regular(0, 4, 1, 1, 4, 4);  // row r spans 4-r .. 3-r
  const std::vector<Region> regs{region("H", {Polygon{outer_cw, {hole_ccw}}})};
  const auto c = coverage_fractions(regs, g);
  BOOST_TEST(c.nonZeros() == 16);
  BOOST_TEST(at(c, 0, g, 2, 1) == 0.5, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(at(c, 0, g, 2, 2) == 0.5, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(at(c, 0, g, 0, 0) == 1.0, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(c.sum() == 15.0, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(hole_filling_a_cell_leaves_no_entry) {
  const auto g = LatLonGrid::regular(0, 3, 1, 1, 3, 3);
  const std::vector<Region> regs{region("H", {Polygon{box(0, 0, 3, 3), {box(1, 1, 2, 2)}}})};
  const auto c = coverage_fractions(regs, g);
  BOOST_TEST(c.nonZeros() == 8);
  BOOST_TEST(at(c, 0, g, 1, 1) == 0.0);
}

BOOST_AUTO_TEST_CASE(multipolygon_parts_all_count) {
  const auto g = LatLonGrid::regular(0, 2, 1, 1, 4, 2);
  const std::vector<Region> regs{
      region("M", {Polygon{box(0, 0, 1, 1), {}}, Polygon{box(3, 1, 3.25, 2), {}}})};
  const auto c = coverage_fractions(regs, g);
  BOOST_TEST(c.nonZeros() == 2);
  BOOST_TEST(at(c, 0, g, 1, 0) == 1.0, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(at(c, 0, g, 0, 3) == 0.25, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(polygon_in_minus180_180_meets_grid_in_0_360) {
  const auto g = LatLonGrid::regular(0, 90, 1, 1, 360, 180);  // row 89 spans lat 0..1
  const std::vector<Region> regs{region("W", {Polygon{box(-10, 0, -5, 2), {}}}),
                                 region("S", {Polygon{box(-2, 0, 2, 1), {}}})};
  const auto c = coverage_fractions(regs, g);
  BOOST_TEST(c.row(0).nonZeros() == 10);
  for (std::size_t col = 350; col < 355; ++col) {
    BOOST_TEST(at(c, 0, g, 88, col) == 1.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(at(c, 0, g, 89, col) == 1.0, boost::test_tools::tolerance(1e-12));
  }
  // Straddling the grid's seam at 0°: both sides are found.
  BOOST_TEST(c.row(1).nonZeros() == 4);
  for (std::size_t col : {358u, 359u, 0u, 1u}) {
    BOOST_TEST(at(c, 1, g, 89, col) == 1.0, boost::test_tools::tolerance(1e-12));
  }
}

BOOST_AUTO_TEST_CASE(polygon_in_0_360_meets_grid_in_minus180_180) {
  const auto g = LatLonGrid::regular(-180, 90, 1, 1, 360, 180);
  const std::vector<Region> regs{region("E", {Polygon{box(178, 0, 182, 1), {}}})};
  const auto c = coverage_fractions(regs, g);
  BOOST_TEST(c.nonZeros() == 4);
  for (std::size_t col : {358u, 359u, 0u, 1u}) {
    BOOST_TEST(at(c, 0, g, 89, col) == 1.0, boost::test_tools::tolerance(1e-12));
  }
}

BOOST_AUTO_TEST_CASE(polygon_partly_outside_the_grid_keeps_only_the_overlap) {
  const auto g = LatLonGrid::regular(0, 2, 1, 1, 2, 2);
  const std::vector<Region> regs{region("P", {Polygon{box(1.5, -3, 5, 1.5), {}}})};
  const auto c = coverage_fractions(regs, g);
  BOOST_TEST(c.nonZeros() == 2);
  BOOST_TEST(at(c, 0, g, 1, 1) == 0.5, boost::test_tools::tolerance(1e-12));
  // Cell 1..2 x 1..2: half its width and the sin-lat share of 1..1.5 in 1..2.
  BOOST_TEST(at(c, 0, g, 0, 1) == 0.5 * (sind(1.5) - sind(1)) / (sind(2) - sind(1)),
             boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(adjacent_polygons_tile_every_cell_exactly_once) {
  // A 3°x3° square split along a zigzag that crosses cells at odd places.
  Ring below{{0, 0}, {3, 0}, {3, 0.4}, {1.7, 2.2}, {0, 1.3}};
  Ring above{{0, 1.3}, {1.7, 2.2}, {3, 0.4}, {3, 3}, {0, 3}};
  const auto g = LatLonGrid::regular(0, 3, 1, 1, 3, 3);
  const std::vector<Region> regs{region("A", {Polygon{below, {}}}),
                                 region("B", {Polygon{above, {}}})};
  const auto c = coverage_fractions(regs, g);
  int cut_cells = 0;
  for (Eigen::Index cell = 0; cell < 9; ++cell) {
    const double a = c.coeff(0, cell), b = c.coeff(1, cell);
    if (a > 0 && b > 0) ++cut_cells;
    BOOST_TEST(a + b == 1.0, boost::test_tools::tolerance(1e-12));  // rounding only
  }
  BOOST_TEST(cut_cells >= 4);  // the zigzag really cuts cells (5 by construction)
}

BOOST_AUTO_TEST_CASE(cap_at_the_pole_has_its_spherical_area) {
  const auto g = LatLonGrid::regular(-5, 90, 1, 1, 20, 15);
  const std::vector<Region> regs{region("N", {Polygon{box(0.5, 80.5, 9.5, 90), {}}})};
  const auto c = coverage_fractions(regs, g);
  BOOST_TEST(covered_km2(c, 0, g) == rectangle_km2(0.5, 9.5, 80.5, 90),
             boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(region_without_polygons_has_an_empty_row) {
  const auto g = LatLonGrid::regular(0, 2, 1, 1, 2, 2);
  const std::vector<Region> regs{region("E", {}), region("F", {Polygon{box(0, 0, 1, 1), {}}})};
  const auto c = coverage_fractions(regs, g);
  BOOST_TEST(c.rows() == 2);
  BOOST_TEST(c.row(0).nonZeros() == 0);
  BOOST_TEST(c.row(1).nonZeros() == 1);
}

BOOST_AUTO_TEST_SUITE_END()

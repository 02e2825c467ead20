#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <numbers>

#include "spstress/core/error.hpp"
#include "spstress/regions/weights.hpp"
#include "test_util.hpp"

using spstress::InputError;
using spstress::core::LatLonGrid;
using spstress::regions::build_weights;
using spstress::regions::Polygon;
using spstress::regions::Region;
using spstress::regions::Ring;
using spstress::regions::SparseRowMatrix;
using spstress::regions::weighted_mean;
using spstress::regions::Weights;
using spstress::regions::test::TempDir;
using spstress::regions::test::TiffSpec;
using spstress::regions::test::write_tiff;

namespace {

constexpr double earth_radius_km = 6371.0088;
constexpr double nan_value = std::numeric_limits<double>::quiet_NaN();

double sind(double deg) { return std::sin(deg * std::numbers::pi / 180.0); }

Ring box(double w, double s, double e, double n) { return {{w, s}, {e, s}, {e, n}, {w, n}}; }

Region region(const std::string& code, Ring outer) {
  Region r;
  r.code = code;
  r.polygons.push_back(Polygon{std::move(outer), {}});
  return r;
}

bool has(const std::exception& e, const std::string& text) {
  return std::string(e.what()).find(text) != std::string::npos;
}

// Exposure raster 4 x 3 of 1° cells over lon 100..104, lat 30..33 (persons per cell):
//   lat 32..33:  1  2  3  4
//   lat 31..32:  5  6  ·  8      (· = nodata)
//   lat 30..31:  9 10 11 12
std::string write_exposure(const TempDir& dir) {
  TiffSpec s;
  s.nx = 4;
  s.ny = 3;
  s.gt[0] = 100;
  s.gt[3] = 33;
  s.has_nodata = true;
  s.nodata = -9999;
  s.values = {1, 2, 3, 4, 5, 6, -9999, 8, 9, 10, 11, 12};
  return write_tiff(dir, "exposure.tif", s);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(test_weights)

BOOST_AUTO_TEST_CASE(exposure_totals_equal_the_raster_sum_over_the_region,
                     *boost::unit_test::label("io")) {
  TempDir dir;
  const auto exposure = spstress::regions::read_raster(write_exposure(dir));
  // Region lon 100.5..103 x lat 30..32: half of the cells at lon 100..101 (a split along a
  // meridian is exactly half in area), whole cells at 101..103, nothing at lat 32..33.
  // Sum: 0.5*5 + 6 + 0 (nodata) + 0.5*9 + 10 + 11 = 34 persons.
  const std::vector<Region> regs{region("CN-XX", box(100.5, 30, 103, 32))};
  // Hazard grid of 2° cells over lon 100..104, lat 30..34; its row 1 spans lat 30..32.
  const auto hazard = LatLonGrid::regular(100, 34, 2, 2, 2, 2);
  const Weights w = build_weights(regs, hazard, &exposure);
  // A handful of additions: rounding only.
  BOOST_TEST(w.exposure_total[0] == 34.0, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(w.w.nonZeros() == 2);
  // Hazard cell lon 100..102: 2.5 + 6 + 4.5 + 10 = 23; lon 102..104: 0 + 11 = 11.
  BOOST_TEST(w.w.coeff(0, 2) == 23.0, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(w.w.coeff(0, 3) == 11.0, boost::test_tools::tolerance(1e-12));
  // Area is always on the hazard grid: R² Δλ (sin32 − sin30) for 2.5° of longitude.
  const double area =
      earth_radius_km * earth_radius_km * 2.5 * std::numbers::pi / 180 * (sind(32) - sind(30));
  BOOST_TEST(w.area_km2[0] == area, boost::test_tools::tolerance(1e-12));

  // The exposure-weighted mean of hazard values 1 (lon 100..102) and 4 (102..104):
  // (23*1 + 11*4) / 34 = 67/34.
  Eigen::MatrixXd block = Eigen::MatrixXd::Constant(4, 1, nan_value);
  block(2, 0) = 1;
  block(3, 0) = 4;
  BOOST_TEST(weighted_mean(w, block)(0, 0) == 67.0 / 34.0, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(exposure_in_minus180_180_meets_hazard_grid_in_0_360,
                     *boost::unit_test::label("io")) {
  TempDir dir;
  TiffSpec s;  // 2 x 1 cells: lon -1..0 holds 7 persons, lon 0..1 holds 5; lat 0..1
  s.nx = 2;
  s.gt[0] = -1;
  s.gt[3] = 1;
  s.values = {7, 5};
  const auto exposure = spstress::regions::read_raster(write_tiff(dir, "e.tif", s));
  const auto hazard = LatLonGrid::regular(0, 1, 1, 1, 360, 1);  // 0..360
  const std::vector<Region> regs{region("R", box(-1, 0, 1, 1))};
  const Weights w = build_weights(regs, hazard, &exposure);
  BOOST_TEST(w.exposure_total[0] == 12.0, boost::test_tools::tolerance(1e-12));  // rounding only
  BOOST_TEST(w.w.coeff(0, 359) == 7.0, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(w.w.coeff(0, 0) == 5.0, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(without_exposure_weights_are_areas) {
  const auto hazard = LatLonGrid::regular(0, 10, 1, 1, 10, 10);
  const std::vector<Region> regs{region("A", box(2.5, 3, 6, 7.5))};
  const Weights w = build_weights(regs, hazard, nullptr);
  const double area =
      earth_radius_km * earth_radius_km * 3.5 * std::numbers::pi / 180 * (sind(7.5) - sind(3));
  // Exact pieces; rounding over ~20 cells.
  BOOST_TEST(w.area_km2[0] == area, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(w.exposure_total[0] == area, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(w.w.sum() == area, boost::test_tools::tolerance(1e-12));
  // Cell lon 2..3 x lat 7..8: half its width, sin-lat share of 7..7.5 in 7..8, times its area.
  const double cell =
      earth_radius_km * earth_radius_km * std::numbers::pi / 180 * (sind(8) - sind(7));
  BOOST_TEST(w.w.coeff(0, static_cast<Eigen::Index>(hazard.cell_index(2, 2))) ==
                 0.5 * (sind(7.5) - sind(7)) / (sind(8) - sind(7)) * cell,
             boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(weighted_mean_skips_nan_cells_and_renormalises) {
  Weights w;
  w.w.resize(2, 3);
  std::vector<Eigen::Triplet<double>> t{{0, 0, 1}, {0, 1, 2}, {0, 2, 3}, {1, 1, 5}};
  w.w.setFromTriplets(t.begin(), t.end());
  Eigen::MatrixXd block(3, 2);
  block << 10, nan_value,    //
      nan_value, nan_value,  //
      40, 7;
  const Eigen::MatrixXd m = weighted_mean(w, block);
  // Region 0, time 0: (1*10 + 3*40) / (1 + 3) = 32.5; time 1: only cell 2 is valid, 7.
  BOOST_TEST(m(0, 0) == 32.5, boost::test_tools::tolerance(1e-15));  // one rounding
  BOOST_TEST(m(0, 1) == 7.0, boost::test_tools::tolerance(1e-15));
  // Region 1 weighs only cell 1, which is NaN at both times.
  BOOST_TEST(std::isnan(m(1, 0)));
  BOOST_TEST(std::isnan(m(1, 1)));
}

BOOST_AUTO_TEST_CASE(region_off_the_hazard_grid_is_an_input_error) {
  const auto hazard = LatLonGrid::regular(100, 34, 2, 2, 2, 2);
  const std::vector<Region> regs{region("CN-IN", box(101, 31, 102, 32)),
                                 region("CN-OUT", box(10, 0, 11, 1))};
  BOOST_CHECK_EXCEPTION(build_weights(regs, hazard, nullptr), InputError, [](const InputError& e) {
    return has(e, "region CN-OUT does not overlap the hazard grid") && has(e, "lon 100..104") &&
           !has(e, "CN-IN");
  });
}

BOOST_AUTO_TEST_CASE(region_off_the_exposure_raster_is_an_input_error,
                     *boost::unit_test::label("io")) {
  TempDir dir;
  const std::string path = write_exposure(dir);
  const auto exposure = spstress::regions::read_raster(path);
  const auto hazard = LatLonGrid::regular(90, 40, 2, 2, 10, 10);
  const std::vector<Region> regs{region("CN-FAR", box(92, 35, 93, 36))};
  BOOST_CHECK_EXCEPTION(
      build_weights(regs, hazard, &exposure), InputError, [&](const InputError& e) {
        return has(e, "region CN-FAR does not overlap the exposure raster") && has(e, path);
      });
}

BOOST_AUTO_TEST_CASE(region_with_only_nodata_exposure_is_an_input_error,
                     *boost::unit_test::label("io")) {
  TempDir dir;
  const std::string path = write_exposure(dir);
  const auto exposure = spstress::regions::read_raster(path);
  const auto hazard = LatLonGrid::regular(100, 34, 2, 2, 2, 2);
  // Lies wholly inside the nodata cell lon 102..103 x lat 31..32.
  const std::vector<Region> regs{region("CN-NODATA", box(102.2, 31.2, 102.8, 31.8))};
  BOOST_CHECK_EXCEPTION(build_weights(regs, hazard, &exposure), InputError,
                        [&](const InputError& e) {
                          return has(e, "region CN-NODATA has no exposure") && has(e, path);
                        });
}

BOOST_AUTO_TEST_SUITE_END()

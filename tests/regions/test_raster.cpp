#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdint>
#include <numbers>

#include "spstress/core/error.hpp"
#include "spstress/regions/raster.hpp"
#include "test_util.hpp"

using spstress::InputError;
using spstress::core::LatLonGrid;
using spstress::regions::read_raster;
using spstress::regions::remap_matrix;
using spstress::regions::test::TempDir;
using spstress::regions::test::TiffSpec;
using spstress::regions::test::write_tiff;

namespace {

double sind(double deg) { return std::sin(deg * std::numbers::pi / 180.0); }

bool has(const std::exception& e, const std::string& text) {
  return std::string(e.what()).find(text) != std::string::npos;
}

// A deterministic "random-ish" field in [0, 1000): a linear congruential sequence.
std::vector<double> lcg_field(std::size_t n) {
  std::vector<double> v(n);
  std::uint64_t s = 12345;
  for (auto& x : v) {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    x = static_cast<double>(s >> 11) / 9007199254740992.0 * 1000.0;
  }
  return v;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(test_raster)

BOOST_AUTO_TEST_CASE(remap_shares_one_cell_by_longitude_and_sin_latitude) {
  const auto src = LatLonGrid::regular(0, 1, 1, 1, 1, 1);
  const auto dst = LatLonGrid::regular(0, 1, 0.5, 0.5, 2, 2);  // cells: NW NE SW SE
  const auto m = remap_matrix(src, dst);
  const double north = (sind(1) - sind(0.5)) / sind(1);
  const double south = sind(0.5) / sind(1);
  // Rounding only.
  BOOST_TEST(m.coeff(0, 0) == 0.5 * north, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(m.coeff(0, 1) == 0.5 * north, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(m.coeff(0, 2) == 0.5 * south, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(m.coeff(0, 3) == 0.5 * south, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(remap_conserves_mass_from_quarter_degree_to_1_875) {
  const auto src = LatLonGrid::regular(70, 55, 0.25, 0.25, 280, 160);
  const auto dst = LatLonGrid::regular(-0.9375, 90, 1.875, 1.875, 192, 96);
  const auto m = remap_matrix(src, dst);
  const auto f = lcg_field(src.ncells());
  const Eigen::Map<const Eigen::VectorXd> fv(f.data(), static_cast<Eigen::Index>(f.size()));
  const Eigen::VectorXd g = m.transpose() * fv;
  // 44800 additions of values below 1000: accumulated rounding stays far below 1e-12.
  BOOST_TEST(g.sum() == fv.sum(), boost::test_tools::tolerance(1e-12));
  const Eigen::VectorXd rows = m * Eigen::VectorXd::Ones(m.cols());
  BOOST_TEST((rows.array() - 1.0).abs().maxCoeff() < 1e-12);
}

BOOST_AUTO_TEST_CASE(remap_splits_a_cell_across_the_0_360_seam_in_column_order) {
  // Source cell lon -0.5..0.5 on a 0..360 grid of 1° cells: half in column 0 (0..0.5), half in
  // column 359 (359.5..360), each share exactly 0.5 (one latitude band, share 1).
  const auto src = LatLonGrid::regular(-0.5, 1, 1, 1, 1, 1);
  const auto dst = LatLonGrid::regular(0, 1, 1, 1, 360, 1);
  const auto m = remap_matrix(src, dst);
  BOOST_TEST_REQUIRE(m.nonZeros() == 2);
  BOOST_TEST(m.isCompressed());
  BOOST_TEST(m.innerIndexPtr()[0] == 0);
  BOOST_TEST(m.innerIndexPtr()[1] == 359);
  BOOST_TEST(m.coeff(0, 0) == 0.5);
  BOOST_TEST(m.coeff(0, 359) == 0.5);
}

BOOST_AUTO_TEST_CASE(remap_carries_minus180_180_cells_onto_a_0_360_grid) {
  const auto src = LatLonGrid::regular(-20, 10, 0.25, 0.25, 160, 80);
  const auto dst = LatLonGrid::regular(0, 90, 1.875, 1.875, 192, 96);
  const auto m = remap_matrix(src, dst);
  const auto f = lcg_field(src.ncells());
  const Eigen::Map<const Eigen::VectorXd> fv(f.data(), static_cast<Eigen::Index>(f.size()));
  BOOST_TEST((m.transpose() * fv).sum() == fv.sum(), boost::test_tools::tolerance(1e-12));
  // Source cell lon -0.25..0, lat 9.75..10 (row 0, col 79) lies in destination column 191
  // (358.125..360) and row 42 (11.25..9.375): shares 1 and (sin10−sin9.75)/(sin10−sin9.75)=1.
  BOOST_TEST(m.coeff(static_cast<Eigen::Index>(src.cell_index(0, 79)),
                     static_cast<Eigen::Index>(dst.cell_index(42, 191))) == 1.0,
             boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(reads_values_grid_and_nodata, *boost::unit_test::label("io")) {
  TempDir dir;
  TiffSpec s;
  s.nx = 3;
  s.ny = 2;
  s.gt[0] = 100;
  s.gt[1] = 0.5;
  s.gt[3] = 40;
  s.gt[5] = -0.5;
  s.has_nodata = true;
  s.nodata = -9999;
  s.values = {1, 2, -9999, 4, NAN, 6};
  const auto r = read_raster(write_tiff(dir, "a.tif", s));
  BOOST_TEST(r.grid.lon_edges_deg == std::vector<double>({100, 100.5, 101, 101.5}),
             boost::test_tools::per_element());
  BOOST_TEST(r.grid.lat_edges_deg == std::vector<double>({40, 39.5, 39}),
             boost::test_tools::per_element());
  BOOST_TEST(r.values[0] == 1.0);
  BOOST_TEST(std::isnan(r.values[2]));
  BOOST_TEST(std::isnan(r.values[4]));
  BOOST_TEST(r.values[5] == 6.0);
}

BOOST_AUTO_TEST_CASE(south_up_raster_is_flipped_north_up, *boost::unit_test::label("io")) {
  TempDir dir;
  TiffSpec s;
  s.nx = 2;
  s.ny = 2;
  s.gt[0] = 10;
  s.gt[1] = 1;
  s.gt[3] = -5;  // first row is the southernmost, -5..-4
  s.gt[5] = 1;
  s.values = {1, 2, 3, 4};
  const auto r = read_raster(write_tiff(dir, "s.tif", s));
  BOOST_TEST(r.grid.lat_edges_deg == std::vector<double>({-3, -4, -5}),
             boost::test_tools::per_element());
  // North-up: the file's second row (-4..-3) comes first.
  BOOST_TEST(r.values[0] == 3.0);
  BOOST_TEST(r.values[1] == 4.0);
  BOOST_TEST(r.values[2] == 1.0);
}

BOOST_AUTO_TEST_CASE(rejects_rotated_geotransform, *boost::unit_test::label("io")) {
  TempDir dir;
  TiffSpec s;
  s.gt[2] = 0.1;
  s.values = {1};
  const std::string p = write_tiff(dir, "rot.tif", s);
  BOOST_CHECK_EXCEPTION(read_raster(p), InputError, [&](const InputError& e) {
    return has(e, "rotated geotransforms are not supported") && has(e, p);
  });
}

BOOST_AUTO_TEST_CASE(rejects_missing_and_projected_crs, *boost::unit_test::label("io")) {
  TempDir dir;
  TiffSpec s;
  s.values = {1};
  s.epsg = 0;
  const std::string none = write_tiff(dir, "nocrs.tif", s);
  BOOST_CHECK_EXCEPTION(read_raster(none), InputError, [&](const InputError& e) {
    return has(e, none) && has(e, "no coordinate reference system");
  });
  s.epsg = 3857;
  s.gt[1] = 1000;
  s.gt[5] = -1000;
  const std::string merc = write_tiff(dir, "merc.tif", s);
  BOOST_CHECK_EXCEPTION(read_raster(merc), InputError, [&](const InputError& e) {
    return has(e, merc) && has(e, "projected") && has(e, "expected a geographic CRS");
  });
}

BOOST_AUTO_TEST_CASE(rejects_missing_band_and_unreadable_file, *boost::unit_test::label("io")) {
  TempDir dir;
  TiffSpec s;
  s.values = {1};
  const std::string p = write_tiff(dir, "one.tif", s);
  BOOST_CHECK_EXCEPTION(read_raster(p, 2), InputError, [&](const InputError& e) {
    return has(e, p) && has(e, "band 2") && has(e, "1 band");
  });
  const std::string missing = dir.file("missing.tif");
  BOOST_CHECK_EXCEPTION(read_raster(missing), InputError, [&](const InputError& e) {
    return has(e, missing) && has(e, "cannot open");
  });
}

BOOST_AUTO_TEST_SUITE_END()

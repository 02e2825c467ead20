#include <boost/test/unit_test.hpp>

#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include "gdal_fixture.hpp"
#include "nc_fixture.hpp"
#include "spstress/core/error.hpp"
#include "spstress/hazards/gdal_field.hpp"
#include "support/messages.hpp"

using spstress::InputError;
using spstress::InternalError;
using spstress::hazards::GdalField;
using spstress::test::message_has;
using spstress::test::TempDir;
using spstress::test::TiffSpec;
using spstress::test::write_tiff;

BOOST_AUTO_TEST_SUITE(test_gdal_field, *boost::unit_test::label("io"))

BOOST_AUTO_TEST_CASE(reads_bands_as_steps_with_nodata_scale_and_offset) {
  TempDir dir;
  const std::string path = dir.file("t2m.tif");
  TiffSpec s;
  s.type = GDT_Int16;
  s.nodata = -9999.0;
  s.scale = 0.5;
  s.offset = 10.0;
  s.units = {"K", "K"};
  s.value = [](int b, int r, int c) {
    if ((b == 1 && r == 1 && c == 2) || (b == 2 && r == 0 && c == 0)) return -9999.0;
    return 100.0 * b + 10.0 * r + c;
  };
  write_tiff(path, s);

  const GdalField f(path);
  BOOST_TEST(f.path() == path);
  BOOST_TEST(f.variable() == "band");
  BOOST_TEST(f.units() == "K");
  BOOST_TEST(f.n_times() == 2u);
  BOOST_TEST(f.time().dates.empty());
  // Origin (100 E, 40 N), 1 degree pixels, 3 columns and 2 rows going south.
  BOOST_TEST(f.grid().lon_edges_deg == std::vector<double>({100, 101, 102, 103}),
             boost::test_tools::per_element());
  BOOST_TEST(f.grid().lat_edges_deg == std::vector<double>({40, 39, 38}),
             boost::test_tools::per_element());

  const Eigen::MatrixXd m = f.read_block(0, 2);
  BOOST_REQUIRE(m.rows() == 6);
  BOOST_REQUIRE(m.cols() == 2);
  // stored * 0.5 + 10 of small integers is exact in binary, so equality is exact.
  BOOST_TEST(m(1, 0) == 60.5);      // band 1, row 0, col 1: stored 101
  BOOST_TEST(m(0, 0) == 60.0);      // band 1, row 0, col 0: stored 100
  BOOST_TEST(m(5, 1) == 116.0);     // band 2, row 1, col 2: stored 212
  BOOST_TEST(m(3, 1) == 115.0);     // band 2, row 1, col 0: stored 210
  BOOST_TEST(std::isnan(m(5, 0)));  // band 1, row 1, col 2: nodata
  BOOST_TEST(std::isnan(m(0, 1)));  // band 2, row 0, col 0: nodata
  int nan_count = 0;
  for (int b = 1; b <= 2; ++b) {
    for (int r = 0; r < 2; ++r) {
      for (int c = 0; c < 3; ++c) {
        const double v = m(3 * r + c, b - 1);
        if (std::isnan(v)) {
          ++nan_count;
        } else {
          BOOST_TEST(v == 0.5 * (100 * b + 10 * r + c) + 10);
        }
      }
    }
  }
  BOOST_TEST(nan_count == 2);

  const Eigen::MatrixXd second = f.read_block(1, 1);
  BOOST_REQUIRE(second.cols() == 1);
  BOOST_TEST(second(5, 0) == 116.0);
  BOOST_TEST(std::isnan(second(0, 0)));
}

BOOST_AUTO_TEST_CASE(flips_south_up_rows_and_keeps_0_to_360_longitudes) {
  TempDir dir;
  const std::string path = dir.file("south_up.tif");
  TiffSpec s;
  // File row 0 covers 20 S..19 S, row 1 covers 19 S..18 S; columns from 180 E eastwards.
  s.geotransform = {180.0, 1.0, 0.0, -20.0, 0.0, 1.0};
  write_tiff(path, s);
  const GdalField f(path);
  BOOST_TEST(f.grid().lat_edges_deg == std::vector<double>({-18, -19, -20}),
             boost::test_tools::per_element());
  BOOST_TEST(f.grid().lon_edges_deg == std::vector<double>({180, 181, 182, 183}),
             boost::test_tools::per_element());
  const Eigen::MatrixXd m = f.read_block(0, 2);
  // North-up row 0 is file row 1: stored 100 b + 10 + c; row 1 is file row 0: 100 b + c.
  // Small integers in Float32 are exact.
  BOOST_TEST(m(0, 0) == 110.0);
  BOOST_TEST(m(2, 0) == 112.0);
  BOOST_TEST(m(3, 0) == 100.0);
  BOOST_TEST(m(5, 1) == 202.0);
}

BOOST_AUTO_TEST_CASE(flips_east_to_west_columns) {
  TempDir dir;
  const std::string path = dir.file("east_west.tif");
  TiffSpec s;
  s.nbands = 1;
  s.geotransform = {103.0, -1.0, 0.0, 40.0, 0.0, -1.0};  // file column 0 is 102..103 E
  write_tiff(path, s);
  const GdalField f(path);
  BOOST_TEST(f.grid().lon_edges_deg == std::vector<double>({100, 101, 102, 103}),
             boost::test_tools::per_element());
  const Eigen::MatrixXd m = f.read_block(0, 1);
  BOOST_TEST(m(0, 0) == 102.0);  // westmost cell is file column 2
  BOOST_TEST(m(2, 0) == 100.0);
  BOOST_TEST(m(3, 0) == 112.0);
}

BOOST_AUTO_TEST_CASE(matches_a_float32_nodata_that_float_cannot_hold_exactly) {
  TempDir dir;
  const std::string path = dir.file("f32.img");
  TiffSpec s;
  // GTiff hands back a Float32 band's nodata rounded to float; ENVI keeps the declared double
  // 0.1, while the band holds the float nearest 0.1.
  s.driver = "ENVI";
  s.nbands = 1;
  s.nodata = 0.1;
  s.value = [](int, int r, int c) { return r == 0 && c == 1 ? 0.1 : 0.25 * c; };
  write_tiff(path, s);
  const Eigen::MatrixXd m = GdalField(path).read_block(0, 1);
  BOOST_TEST(std::isnan(m(1, 0)));
  BOOST_TEST(m(2, 0) == 0.5);  // quarters are exact in float
  BOOST_TEST(m(4, 0) == 0.25);
}

BOOST_AUTO_TEST_CASE(masks_cells_of_a_per_dataset_mask_band) {
  TempDir dir;
  const std::string path = dir.file("masked.tif");
  TiffSpec s;
  s.masked = {{0, 1}, {1, 2}};
  write_tiff(path, s);
  const Eigen::MatrixXd m = GdalField(path).read_block(0, 2);
  for (int b = 0; b < 2; ++b) {
    BOOST_TEST(std::isnan(m(1, b)));
    BOOST_TEST(std::isnan(m(5, b)));
    BOOST_TEST(m(0, b) == 100.0 * (b + 1));
    BOOST_TEST(m(4, b) == 100.0 * (b + 1) + 11);
  }
}

BOOST_AUTO_TEST_CASE(rejects_rotated_projected_and_unreferenced_rasters_naming_the_file) {
  TempDir dir;
  {
    const std::string path = dir.file("rotated.tif");
    TiffSpec s;
    s.geotransform = {100.0, 1.0, 0.1, 40.0, 0.0, -1.0};
    write_tiff(path, s);
    BOOST_CHECK_EXCEPTION(GdalField{path}, InputError,
                          message_has({path, "rotated", "0.1", "gdalwarp"}));
  }
  {
    const std::string path = dir.file("mercator.tif");
    TiffSpec s;
    s.epsg = 3857;
    s.geotransform = {1.0e7, 1000.0, 0.0, 4.0e6, 0.0, -1000.0};
    write_tiff(path, s);
    BOOST_CHECK_EXCEPTION(
        GdalField{path}, InputError,
        message_has({path, "Pseudo-Mercator", "is projected", "expected a geographic"}));
  }
  {
    const std::string path = dir.file("no_crs.tif");
    TiffSpec s;
    s.epsg = 0;
    write_tiff(path, s);
    BOOST_CHECK_EXCEPTION(GdalField{path}, InputError,
                          message_has({path, "no coordinate reference system"}));
  }
  {
    const std::string path = dir.file("beyond_pole.tif");
    TiffSpec s;
    s.geotransform = {0.0, 1.0, 0.0, 91.0, 0.0, -1.0};  // north edge 91 N
    write_tiff(path, s);
    BOOST_CHECK_EXCEPTION(GdalField{path}, InputError, message_has({path, "beyond ±90°"}));
  }
  {
    const std::string path = dir.file("mixed_units.tif");
    TiffSpec s;
    s.units = {"K", "degC"};
    write_tiff(path, s);
    BOOST_CHECK_EXCEPTION(GdalField{path}, InputError,
                          message_has({path, "band 2 has units \"degC\"", "band 1 has \"K\""}));
  }
  {
    const std::string path = dir.file("notes.txt");
    std::ofstream(path) << "not a raster\n";
    BOOST_CHECK_EXCEPTION(GdalField{path}, InputError,
                          message_has({path, "GDAL cannot open it as a raster"}));
  }
}

BOOST_AUTO_TEST_CASE(checks_the_band_range_of_read_block) {
  TempDir dir;
  const std::string path = dir.file("t.tif");
  write_tiff(path, TiffSpec{});
  const GdalField f(path);
  BOOST_TEST(f.read_block(2, 0).cols() == 0);
  BOOST_CHECK_THROW(f.read_block(1, 2), InternalError);
  BOOST_CHECK_THROW(f.read_block(3, 0), InternalError);
}

BOOST_AUTO_TEST_SUITE_END()

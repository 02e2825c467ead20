#include <boost/test/unit_test.hpp>

#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include "gdal_fixture.hpp"
#include "nc_fixture.hpp"
#include "spstress/core/error.hpp"
#include "spstress/hazards/field.hpp"
#include "spstress/hazards/gdal_field.hpp"
#include "spstress/hazards/netcdf_field.hpp"

using spstress::InputError;
using spstress::hazards::GdalField;
using spstress::hazards::HazardField;
using spstress::hazards::looks_like_netcdf;
using spstress::hazards::NetcdfField;
using spstress::hazards::open_field;
using spstress::test::TempDir;
using spstress::test::TiffSpec;
using spstress::test::write_tiff;

namespace {

void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(test_field, *boost::unit_test::label("io"))

BOOST_AUTO_TEST_CASE(opens_netcdf_by_content_whatever_the_extension) {
  TempDir dir;
  const std::string path = dir.file("packed.tif");  // a classic NetCDF file despite the name
  spstress::test::write_packed(path);
  const std::unique_ptr<HazardField> f = open_field(path, "");
  BOOST_REQUIRE(dynamic_cast<const NetcdfField*>(f.get()) != nullptr);
  BOOST_TEST(f->variable() == "tas");
  BOOST_TEST(f->units() == "degC");
  BOOST_TEST(f->n_times() == 3u);
  BOOST_TEST(f->time().dates.size() == 3u);
  // North-up row 0, column 1 of step 0 is stored 21 at file latitude index 2: 21 * 0.5 + 100.
  BOOST_TEST(f->read_block(0, 1)(1, 0) == 110.5);
}

BOOST_AUTO_TEST_CASE(opens_netcdf4_files_by_their_hdf5_signature) {
  TempDir dir;
  const std::string path = dir.file("bounds.dat");
  spstress::test::write_bounds(path);
  const std::unique_ptr<HazardField> f = open_field(path, "pr");
  BOOST_REQUIRE(dynamic_cast<const NetcdfField*>(f.get()) != nullptr);
  BOOST_TEST(f->variable() == "pr");
  BOOST_TEST(f->units() == "mm/day");
}

BOOST_AUTO_TEST_CASE(opens_other_files_with_gdal) {
  TempDir dir;
  const std::string path = dir.file("raster.nc");  // a GeoTIFF despite the name
  TiffSpec s;
  s.units = {"mm", "mm"};
  write_tiff(path, s);
  const std::unique_ptr<HazardField> f = open_field(path, "");
  BOOST_REQUIRE(dynamic_cast<const GdalField*>(f.get()) != nullptr);
  BOOST_TEST(f->variable() == "band");
  BOOST_TEST(f->units() == "mm");
  BOOST_TEST(f->n_times() == 2u);
  BOOST_TEST(f->time().dates.empty());
  BOOST_TEST(f->read_block(1, 1)(4, 0) == 211.0);  // band 2, row 1, col 1: 200 + 10 + 1
}

BOOST_AUTO_TEST_CASE(rejects_a_variable_name_for_a_gdal_raster) {
  TempDir dir;
  const std::string path = dir.file("raster.tif");
  write_tiff(path, TiffSpec{});
  BOOST_CHECK_EXCEPTION(open_field(path, "tas"), InputError, [&](const InputError& e) {
    const std::string m = e.what();
    return m.rfind(path + " is not a NetCDF file; a GDAL raster has bands, not variables", 0) ==
               0 &&
           m.find("\"tas\"") != std::string::npos;
  });
}

BOOST_AUTO_TEST_CASE(reports_missing_and_unreadable_files_by_path) {
  TempDir dir;
  const std::string missing = dir.file("nope.tif");
  BOOST_CHECK_EXCEPTION(open_field(missing, ""), InputError, [&](const InputError& e) {
    return std::string(e.what()) == missing + ": file not found";
  });
  const std::string text = dir.file("notes.txt");
  write_bytes(text, "hello\n");
  BOOST_CHECK_EXCEPTION(open_field(text, ""), InputError, [&](const InputError& e) {
    const std::string m = e.what();
    return m.find(text) != std::string::npos &&
           m.find("GDAL cannot open it as a raster") != std::string::npos;
  });
  // Starts like a classic NetCDF file: the NetCDF reader, not GDAL, reports it.
  const std::string broken = dir.file("broken.nc");
  write_bytes(broken, std::string("CDF\x01garbage", 11));
  BOOST_CHECK_EXCEPTION(open_field(broken, ""), InputError, [&](const InputError& e) {
    const std::string m = e.what();
    return m.find(broken) != std::string::npos && m.find("GDAL") == std::string::npos;
  });
}

BOOST_AUTO_TEST_CASE(recognises_the_netcdf_magic_numbers) {
  TempDir dir;
  const auto check = [&](const std::string& name, const std::string& bytes) {
    const std::string path = dir.file(name);
    write_bytes(path, bytes);
    return looks_like_netcdf(path);
  };
  BOOST_TEST(check("classic", std::string("CDF\x01\0\0\0\0", 8)));
  BOOST_TEST(check("offset64", std::string("CDF\x02\0\0\0\0", 8)));
  BOOST_TEST(check("cdf5", std::string("CDF\x05\0\0\0\0", 8)));
  BOOST_TEST(check("hdf5", std::string("\x89HDF\r\n\x1a\n", 8)));
  BOOST_TEST(!check("bad_version", std::string("CDF\x03\0\0\0\0", 8)));
  BOOST_TEST(!check("short", "CDF"));
  BOOST_TEST(!check("tiff", std::string("II*\0\x08\0\0\0", 8)));
  BOOST_TEST(!looks_like_netcdf(dir.file("absent")));
}

BOOST_AUTO_TEST_SUITE_END()

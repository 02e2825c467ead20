// MappedField applies a cell-by-cell map to every block, through read_block and through the
// (possibly multi-threaded) stream alike, and forwards everything else to its source.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "nc_fixture.hpp"
#include "spstress/hazards/field.hpp"
#include "spstress/hazards/mapped_field.hpp"
#include "spstress/hazards/netcdf_field.hpp"

using spstress::hazards::Block;
using spstress::hazards::MappedField;
using spstress::hazards::NetcdfField;
using spstress::test::nc_ok;
using spstress::test::NcWriter;
using spstress::test::TempDir;

namespace {

// depth(t, j, i) = t + 0.5 j + 0.25 i metres on a 2 x 3 grid, north-up in the file, with the
// cell (t = 1, j = 0, i = 2) missing (_FillValue -1).
void write_depths(const std::string& path, std::size_t nt) {
  NcWriter w(path, NC_CLOBBER | NC_NETCDF4);
  const int dt = w.dim("time", NC_UNLIMITED), dy = w.dim("lat", 2), dx = w.dim("lon", 3);
  const int vt = w.var("time", NC_DOUBLE, {dt});
  w.text(vt, "units", "days since 2020-07-01");
  const int vy = w.var("lat", NC_DOUBLE, {dy});
  w.text(vy, "units", "degrees_north");
  const int vx = w.var("lon", NC_DOUBLE, {dx});
  w.text(vx, "units", "degrees_east");
  const int v = w.var("depth", NC_FLOAT, {dt, dy, dx});
  w.text(v, "units", "m");
  w.number(v, "_FillValue", NC_FLOAT, {-1.0});
  const std::size_t chunks[3] = {1, 2, 3};
  nc_ok(nc_def_var_chunking(w.id(), v, NC_CHUNKED, chunks), "chunking");
  nc_ok(nc_def_var_deflate(w.id(), v, 1, 1, 4), "deflate");
  w.end_define();
  w.put(vy, {31.0, 30.0});
  w.put(vx, {110.0, 111.0, 112.0});
  std::vector<double> time, depth;
  for (std::size_t t = 0; t < nt; ++t) {
    time.push_back(static_cast<double>(t));
    for (std::size_t j = 0; j < 2; ++j)
      for (std::size_t i = 0; i < 3; ++i)
        depth.push_back(t == 1 && j == 0 && i == 2
                            ? -1.0
                            : static_cast<double>(t) + 0.5 * static_cast<double>(j) +
                                  0.25 * static_cast<double>(i));
  }
  w.put(vt, {nt}, time);
  w.put(v, {nt, 2, 3}, depth);
  w.close();
}

// A made-up damage map, damage = min(1, depth / 2): the expected values below follow from it.
void damage_share(Eigen::MatrixXd& block) {
  for (Eigen::Index k = 0; k < block.size(); ++k) {
    if (!std::isnan(block(k))) block(k) = std::min(1.0, block(k) / 2.0);
  }
}

double expected(std::size_t t, std::size_t j, std::size_t i) {
  if (t == 1 && j == 0 && i == 2) return std::nan("");
  const double d =
      static_cast<double>(t) + 0.5 * static_cast<double>(j) + 0.25 * static_cast<double>(i);
  return std::min(1.0, d / 2.0);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(test_mapped_field)

BOOST_AUTO_TEST_CASE(maps_every_block_and_forwards_the_rest, *boost::unit_test::label("io")) {
  TempDir dir;
  const std::string path = dir.file("depth.nc");
  const std::size_t nt = 4;
  write_depths(path, nt);
  const MappedField f(std::make_unique<NetcdfField>(path, "depth"), damage_share, "1");
  BOOST_TEST(f.units() == "1");
  BOOST_TEST(f.variable() == "depth");
  BOOST_TEST(f.n_times() == nt);
  BOOST_TEST(f.grid().ncells() == 6u);
  BOOST_TEST(f.time().dates.size() == nt);

  // read_block: step 2, cell (j = 1, i = 1): depth 2.75 m -> 1; step 0 cell (0, 1): 0.25 -> 0.125.
  const Eigen::MatrixXd b = f.read_block(0, nt);
  BOOST_TEST(b(1, 0) == 0.125);
  BOOST_TEST(b(4, 2) == 1.0);
  BOOST_TEST(std::isnan(b(2, 1)));  // the missing cell stays missing

  for (unsigned threads : {1u, 2u}) {
    const auto s = f.stream(0, nt, 1, threads);
    Block blk;
    std::size_t steps = 0;
    int bad = 0;
    while (s->next(blk)) {
      for (std::size_t j = 0; j < 2; ++j) {
        for (std::size_t i = 0; i < 3; ++i) {
          const double got = blk.values(static_cast<Eigen::Index>(j * 3 + i), 0);
          const double want = expected(blk.first, j, i);
          bad += (std::isnan(want) ? std::isnan(got) : got == want) ? 0 : 1;
        }
      }
      ++steps;
    }
    BOOST_TEST(steps == nt);
    BOOST_TEST(bad == 0, threads << " threads: " << bad << " cells differ");
  }
}

BOOST_AUTO_TEST_SUITE_END()

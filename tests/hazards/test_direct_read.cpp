// NetcdfField::stream decodes netCDF-4 chunks itself (HDF5 chunk index, pread, libdeflate) on
// several threads. Its values are checked against values worked out from the formula the test
// files are written with, and against read_block, which reads through netCDF-C.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include "chunk_plan.hpp"
#include "nc_fixture.hpp"
#include "spstress/core/error.hpp"
#include "spstress/hazards/field.hpp"
#include "spstress/hazards/inspect.hpp"
#include "spstress/hazards/netcdf_field.hpp"
#include "spstress/hazards/record.hpp"
#include "support/messages.hpp"

using spstress::InputError;
using spstress::hazards::Block;
using spstress::hazards::NetcdfField;
using spstress::test::message_has;
using spstress::test::nc_ok;
using spstress::test::NcWriter;
using spstress::test::TempDir;

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

struct Layout {
  nc_type type = NC_FLOAT;
  std::size_t nt = 7, ny = 9, nx = 11;
  std::size_t ct = 1, cy = 9, cx = 11;  // chunk lengths
  bool shuffle = true;
  int deflate = 4;  // 0 = no deflate filter
  bool big_endian = false;
  bool south_up = false;
  bool lon_decreasing = false;
  bool packed = false;            // scale_factor 0.5, add_offset 100
  bool unsigned_attr = false;     // _Unsigned = "true" (NC_BYTE only)
  std::size_t first_written = 0;  // steps before it are never written: chunks left unallocated
  bool fletcher32 = false;
  bool classic = false;  // a netCDF classic file instead of netCDF-4
};

// Stored value at file indices (t, j, i). Integers in 0..99 fit every type; floating types get
// a quarter so that a truncation to integers would show. Some cells hold the fill value.
bool is_fill(std::size_t t, std::size_t j, std::size_t i) { return (t + j + i) % 13 == 0; }

double raw_value(const Layout& l, std::size_t t, std::size_t j, std::size_t i) {
  const double base = static_cast<double>((t * 37 + j * 11 + i * 3) % 100);
  return (l.type == NC_FLOAT || l.type == NC_DOUBLE) ? base + 0.25 : base;
}

double fill_of(const Layout& l) {
  switch (l.type) {
    case NC_FLOAT:
    case NC_DOUBLE:
      return 1e20;
    case NC_UBYTE:
      return 250;
    case NC_BYTE:
      return l.unsigned_attr ? -6 : -99;  // -6 is 250 read as unsigned
    case NC_USHORT:
    case NC_UINT:
    case NC_UINT64:
      return 65000;
    default:
      return -999;
  }
}

// The value the reader must produce at north-up row r, column c of step t.
double expected(const Layout& l, std::size_t t, std::size_t r, std::size_t c) {
  const std::size_t j = l.south_up ? l.ny - 1 - r : r;
  const std::size_t i = l.lon_decreasing ? l.nx - 1 - c : c;
  if (t < l.first_written || is_fill(t, j, i)) return nan;
  const double raw = raw_value(l, t, j, i);
  return l.packed ? raw * 0.5 + 100.0 : raw;
}

void write_layout(const std::string& path, const Layout& l) {
  NcWriter w(path, l.classic ? NC_CLOBBER : (NC_CLOBBER | NC_NETCDF4));
  const int dt = w.dim("time", NC_UNLIMITED);
  const int dy = w.dim("lat", l.ny);
  const int dx = w.dim("lon", l.nx);
  const int vt = w.var("time", NC_DOUBLE, {dt});
  w.text(vt, "units", "days since 2001-01-01");
  w.text(vt, "calendar", "noleap");
  const int vy = w.var("lat", NC_DOUBLE, {dy});
  w.text(vy, "units", "degrees_north");
  const int vx = w.var("lon", NC_DOUBLE, {dx});
  w.text(vx, "units", "degrees_east");
  const int v = w.var("hz", l.type, {dt, dy, dx});
  w.text(v, "units", "K");
  w.number(v, "_FillValue", l.type, {fill_of(l)});
  if (l.packed) {
    w.number(v, "scale_factor", NC_DOUBLE, {0.5});
    w.number(v, "add_offset", NC_DOUBLE, {100.0});
  }
  if (l.unsigned_attr) w.text(v, "_Unsigned", "true");
  if (!l.classic) {
    const std::size_t chunks[3] = {l.ct, l.cy, l.cx};
    nc_ok(nc_def_var_chunking(w.id(), v, NC_CHUNKED, chunks), "nc_def_var_chunking");
    if (l.shuffle || l.deflate > 0) {
      nc_ok(nc_def_var_deflate(w.id(), v, l.shuffle ? 1 : 0, l.deflate > 0 ? 1 : 0, l.deflate),
            "nc_def_var_deflate");
    }
    if (l.big_endian) nc_ok(nc_def_var_endian(w.id(), v, NC_ENDIAN_BIG), "nc_def_var_endian");
    if (l.fletcher32) nc_ok(nc_def_var_fletcher32(w.id(), v, NC_FLETCHER32), "fletcher32");
  }
  w.end_define();
  std::vector<double> lat, lon, time;
  for (std::size_t j = 0; j < l.ny; ++j)
    lat.push_back(l.south_up ? 20.0 + static_cast<double>(j) : 40.0 - static_cast<double>(j));
  for (std::size_t i = 0; i < l.nx; ++i)
    lon.push_back(l.lon_decreasing ? 120.0 - static_cast<double>(i)
                                   : 100.0 + static_cast<double>(i));
  for (std::size_t t = 0; t < l.nt; ++t) time.push_back(static_cast<double>(t));
  w.put(vy, lat);
  w.put(vx, lon);
  w.put(vt, {l.nt}, time);
  std::vector<double> values;
  for (std::size_t t = l.first_written; t < l.nt; ++t)
    for (std::size_t j = 0; j < l.ny; ++j)
      for (std::size_t i = 0; i < l.nx; ++i)
        values.push_back(is_fill(t, j, i) ? fill_of(l) : raw_value(l, t, j, i));
  const std::size_t start[3] = {l.first_written, 0, 0};
  const std::size_t count[3] = {l.nt - l.first_written, l.ny, l.nx};
  nc_ok(nc_put_vara_double(w.id(), v, start, count, values.data()), "nc_put_vara_double");
  w.close();
}

bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

// Streams [first, last) and checks every value against the formula and against read_block.
// Returns the number of mismatches (reported with their position).
int check_stream(const NetcdfField& f, const Layout& l, std::size_t first, std::size_t last,
                 std::size_t block_steps, unsigned threads, const std::string& label) {
  int bad = 0;
  const auto s = f.stream(first, last, block_steps, threads);
  Block b;
  std::size_t expect_first = first;
  while (s->next(b)) {
    if (b.first != expect_first) {
      BOOST_ERROR(label << ": block starts at " << b.first << "; expected " << expect_first);
      return bad + 1;
    }
    const auto n = static_cast<std::size_t>(b.values.cols());
    const Eigen::MatrixXd lib = f.read_block(b.first, n);
    for (std::size_t k = 0; k < n; ++k) {
      for (std::size_t r = 0; r < l.ny; ++r) {
        for (std::size_t c = 0; c < l.nx; ++c) {
          const auto cell = static_cast<Eigen::Index>(r * l.nx + c);
          const double got = b.values(cell, static_cast<Eigen::Index>(k));
          const double want = expected(l, b.first + k, r, c);
          if (!same(got, want) || !same(got, lib(cell, static_cast<Eigen::Index>(k)))) {
            if (bad < 3) {
              BOOST_ERROR(label << ": step " << b.first + k << " row " << r << " col " << c
                                << ": stream " << got << ", formula " << want << ", netCDF-C "
                                << lib(cell, static_cast<Eigen::Index>(k)));
            }
            ++bad;
          }
        }
      }
    }
    expect_first += n;
  }
  if (expect_first != last) {
    BOOST_ERROR(label << ": stream ended at step " << expect_first << "; expected " << last);
    ++bad;
  }
  return bad;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(test_direct_read)

BOOST_AUTO_TEST_CASE(decodes_every_type_filter_and_chunk_layout, *boost::unit_test::label("io")) {
  TempDir dir;
  std::vector<std::pair<std::string, Layout>> cases;
  const auto add = [&](const std::string& name, Layout l) { cases.emplace_back(name, l); };
  Layout base;
  add("float, shuffle + deflate, one step per chunk", base);
  for (nc_type t :
       {NC_DOUBLE, NC_SHORT, NC_USHORT, NC_INT, NC_UINT, NC_INT64, NC_UINT64, NC_BYTE, NC_UBYTE}) {
    Layout l = base;
    l.type = t;
    l.packed = t == NC_SHORT || t == NC_UBYTE;
    add("type " + std::to_string(t), l);
  }
  {
    Layout l = base;
    l.type = NC_BYTE;
    l.unsigned_attr = true;
    add("byte with _Unsigned", l);
  }
  for (nc_type t : {NC_FLOAT, NC_DOUBLE, NC_SHORT, NC_INT}) {
    Layout l = base;
    l.type = t;
    l.big_endian = true;
    add("big-endian type " + std::to_string(t), l);
    l.shuffle = false;
    add("big-endian unshuffled type " + std::to_string(t), l);
  }
  {
    Layout l = base;
    l.shuffle = false;
    add("deflate only", l);
    l = base;
    l.deflate = 0;
    add("shuffle only", l);
    l.shuffle = false;
    add("chunked, no filter", l);
  }
  {
    Layout l = base;
    l.ct = 3;  // 7 steps: the last chunk holds one step and two past the end
    add("three steps per chunk", l);
    l.cy = 4;
    l.cx = 5;  // 9 x 11: edge chunks on both axes
    add("spatial tiles with edge chunks", l);
    l.type = NC_SHORT;
    l.packed = true;
    l.south_up = true;
    l.lon_decreasing = true;
    add("tiles, packed short, south-up, longitudes decreasing", l);
  }
  {
    Layout l = base;
    l.first_written = 3;
    add("steps never written", l);
    l.ct = 2;
    l.cy = 5;
    l.cx = 4;
    add("steps never written, tiled", l);
  }

  for (const auto& [name, l] : cases) {
    const std::string path = dir.file("direct.nc");
    write_layout(path, l);
    const NetcdfField f(path, "hz");
    BOOST_TEST_CONTEXT(name) {
      BOOST_TEST(f.direct_read_refusal() == "");
      for (unsigned threads : {1u, 2u, 3u}) {
        const std::string label = name + ", " + std::to_string(threads) + " threads";
        BOOST_TEST(check_stream(f, l, 0, l.nt, l.ct, threads, label) == 0);
        BOOST_TEST(check_stream(f, l, 0, l.nt, 2 * l.ct, threads, label + ", two chunks a block") ==
                   0);
        BOOST_TEST(check_stream(f, l, 1, l.nt - 1, l.ct, threads, label + ", steps 1..n-2") == 0);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(files_it_cannot_decode_are_read_through_netcdf,
                     *boost::unit_test::label("io")) {
  TempDir dir;
  Layout fletcher;
  fletcher.fletcher32 = true;
  Layout classic;
  classic.classic = true;
  Layout unaligned;
  unaligned.ct = 3;  // blocks of 2 steps cut across chunks of 3
  for (const auto& [name, l, refusal] :
       {std::tuple<std::string, Layout, std::string>{"fletcher32 checksum", fletcher, "filter"},
        {"classic file", classic, "not an HDF5"},
        {"blocks across chunks", unaligned, ""}}) {
    const std::string path = dir.file("fallback.nc");
    write_layout(path, l);
    const NetcdfField f(path, "hz");
    BOOST_TEST_CONTEXT(name) {
      if (refusal.empty()) {
        BOOST_TEST(f.direct_read_refusal() == "");
      } else {
        BOOST_TEST(f.direct_read_refusal().find(refusal) != std::string::npos,
                   "refusal: " << f.direct_read_refusal());
      }
      BOOST_TEST(check_stream(f, l, 0, l.nt, 2, 2, name) == 0);
    }
  }
}

BOOST_AUTO_TEST_CASE(a_corrupt_chunk_is_an_input_error_naming_the_file,
                     *boost::unit_test::label("io")) {
  TempDir dir;
  const std::string path = dir.file("corrupt.nc");
  Layout l;
  write_layout(path, l);
  std::string why;
  const auto plan = spstress::hazards::detail::plan_chunks(path, "hz", {l.nt, l.ny, l.nx}, &why);
  BOOST_REQUIRE_MESSAGE(plan.has_value(), why);
  BOOST_REQUIRE_EQUAL(plan->chunks.size(), l.nt);
  const auto& loc = plan->chunks[4];
  BOOST_REQUIRE_GT(loc.bytes, 40u);
  {
    std::fstream io(path, std::ios::in | std::ios::out | std::ios::binary);
    io.seekp(static_cast<std::streamoff>(loc.offset + loc.bytes / 2));
    const std::string junk(16, '\x5a');
    io.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  const NetcdfField f(path, "hz");
  for (unsigned threads : {1u, 2u}) {
    const auto s = f.stream(0, l.nt, 1, threads);
    Block b;
    std::size_t good = 0;
    // Steps before the damaged chunk come out; the damaged one throws, naming file and variable.
    BOOST_CHECK_EXCEPTION(while (s->next(b))++ good, InputError,
                          message_has({path, "'hz'", "chunk 4", "deflate"}));
    BOOST_TEST(good == 4u);
  }
}

BOOST_AUTO_TEST_CASE(a_record_streams_its_parts_in_turn, *boost::unit_test::label("io")) {
  TempDir dir;
  // Two yearly parts; the record's step t is part (t / 7), local step t % 7.
  Layout l;
  l.ct = 2;
  std::vector<std::string> parts;
  for (int part = 0; part < 2; ++part) {
    const std::string path = dir.file("hz_day_" + std::to_string(2001 + part) + "_" +
                                      std::to_string(2001 + part) + ".nc");
    write_layout(path, l);
    // Second part: time values of the following year so that the record's dates increase.
    if (part == 1) {
      int ncid = -1, vt = -1;
      nc_ok(nc_open(path.c_str(), NC_WRITE, &ncid), "nc_open");
      nc_ok(nc_inq_varid(ncid, "time", &vt), "nc_inq_varid");
      std::vector<double> days;
      for (std::size_t t = 0; t < l.nt; ++t) days.push_back(365.0 + static_cast<double>(t));
      const std::size_t start = 0, count = l.nt;
      nc_ok(nc_put_vara_double(ncid, vt, &start, &count, days.data()), "nc_put_vara_double");
      nc_ok(nc_close(ncid), "nc_close");
    }
    parts.push_back(path);
  }
  const spstress::hazards::RecordField rec(dir.file("hz_day_*.nc"), parts, "hz");
  BOOST_REQUIRE_EQUAL(rec.n_times(), 2 * l.nt);
  const auto s = rec.stream(3, 12, 2, 2);
  Block b;
  std::vector<std::size_t> firsts;
  int bad = 0;
  while (s->next(b)) {
    firsts.push_back(b.first);
    for (Eigen::Index k = 0; k < b.values.cols(); ++k) {
      const std::size_t t = b.first + static_cast<std::size_t>(k);
      for (std::size_t r = 0; r < l.ny; ++r)
        for (std::size_t c = 0; c < l.nx; ++c)
          bad += same(b.values(static_cast<Eigen::Index>(r * l.nx + c), k),
                      expected(l, t % l.nt, r, c))
                     ? 0
                     : 1;
    }
  }
  // Blocks of two from step 3; the first part ends at step 7, so one block is cut short there.
  BOOST_TEST(firsts == (std::vector<std::size_t>{3, 5, 7, 9, 11}),
             boost::test_tools::per_element());
  BOOST_TEST(bad == 0);
}

BOOST_AUTO_TEST_CASE(inspect_shows_the_storage_layout_and_how_it_is_read,
                     *boost::unit_test::label("io")) {
  TempDir dir;
  Layout chunked;
  chunked.ct = 3;
  chunked.cy = 4;
  chunked.cx = 5;
  write_layout(dir.file("chunked.nc"), chunked);
  const std::string a = spstress::hazards::inspect_file(dir.file("chunked.nc"));
  BOOST_TEST(a.find("storage: chunks (3, 4, 5), shuffle, deflate level 4; spstress decodes the "
                    "chunks itself") != std::string::npos,
             a);
  Layout fletcher;
  fletcher.fletcher32 = true;
  write_layout(dir.file("fletcher.nc"), fletcher);
  const std::string b = spstress::hazards::inspect_file(dir.file("fletcher.nc"));
  BOOST_TEST(b.find("fletcher32 checksum; read through netCDF-C (filter") != std::string::npos, b);
  Layout classic;
  classic.classic = true;
  write_layout(dir.file("classic.nc"), classic);
  const std::string c = spstress::hazards::inspect_file(dir.file("classic.nc"));
  BOOST_TEST(c.find("storage: contiguous; read through netCDF-C (not an HDF5") != std::string::npos,
             c);
}

BOOST_AUTO_TEST_SUITE_END()

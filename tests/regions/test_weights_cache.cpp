#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "spstress/core/error.hpp"
#include "spstress/core/sha256.hpp"
#include "spstress/regions/weights_cache.hpp"
#include "test_util.hpp"

using spstress::InputError;
using spstress::core::LatLonGrid;
using spstress::regions::build_weights;
using spstress::regions::build_weights_cached;
using spstress::regions::default_weights_cache_dir;
using spstress::regions::load_weights;
using spstress::regions::Polygon;
using spstress::regions::Raster;
using spstress::regions::Region;
using spstress::regions::Ring;
using spstress::regions::save_weights;
using spstress::regions::SparseRowMatrix;
using spstress::regions::Weights;
using spstress::regions::weights_cache_path;
using spstress::regions::weights_key;
using spstress::regions::WeightsCacheOutcome;
using spstress::regions::WeightsCacheStatus;
using spstress::regions::test::TempDir;

namespace {

namespace fs = std::filesystem;

Ring box(double w, double s, double e, double n) { return {{w, s}, {e, s}, {e, n}, {w, n}}; }

// Two regions over lon 100..104, lat 30..33; the second has a hole, so hole coordinates enter
// the key tests.
std::vector<Region> two_regions() {
  Region a;
  a.code = "CN-AA";
  a.name = "Alpha";
  a.polygons.push_back(Polygon{box(100.5, 30, 102, 32), {}});
  Region b;
  b.code = "CN-BB";
  b.polygons.push_back(Polygon{box(102, 30, 104, 33), {box(102.5, 31, 103, 32)}});
  return {a, b};
}

LatLonGrid hazard_grid() { return LatLonGrid::regular(100, 34, 1, 1, 4, 4); }

// A 0.5° exposure raster of 8 x 6 cells over lon 100..104, lat 30..33, held in memory.
Raster exposure_raster() {
  Raster r;
  r.grid = LatLonGrid::regular(100, 33, 0.5, 0.5, 8, 6);
  r.values.resize(48);
  for (Eigen::Index k = 0; k < 48; ++k) r.values[k] = static_cast<double>(k % 7) + 1.0;
  r.values[5] = std::numeric_limits<double>::quiet_NaN();
  r.path = "memory";
  return r;
}

bool same_weights(const Weights& a, const Weights& b) {
  if (a.w.rows() != b.w.rows() || a.w.cols() != b.w.cols() || a.w.nonZeros() != b.w.nonZeros())
    return false;
  SparseRowMatrix x = a.w, y = b.w;
  x.makeCompressed();
  y.makeCompressed();
  for (Eigen::Index r = 0; r <= x.rows(); ++r) {
    if (x.outerIndexPtr()[r] != y.outerIndexPtr()[r]) return false;
  }
  for (Eigen::Index k = 0; k < x.nonZeros(); ++k) {
    if (x.innerIndexPtr()[k] != y.innerIndexPtr()[k]) return false;
    if (x.valuePtr()[k] != y.valuePtr()[k]) return false;  // exact: bits must survive
  }
  return a.exposure_total.size() == b.exposure_total.size() &&
         a.area_km2.size() == b.area_km2.size() && a.exposure_total == b.exposure_total &&
         a.area_km2 == b.area_km2;
}

// A 3 x 5 W written by hand, with values that do not survive a round trip through text
// (1/3, 0.1, a subnormal) and an empty middle row.
Weights hand_weights() {
  Weights w;
  w.w.resize(3, 5);
  w.w.insert(0, 1) = 1.0 / 3.0;
  w.w.insert(0, 4) = 0.1;
  w.w.insert(2, 0) = 4.9e-324;
  w.w.insert(2, 3) = 123456.789;
  w.w.makeCompressed();
  w.exposure_total = Eigen::Vector3d(0.1 + 1.0 / 3.0, 0.0, 123456.789);
  w.area_km2 = Eigen::Vector3d(2.0 / 3.0, 1e-300, 7.25);
  return w;
}

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

// Little-endian encoders for writing a cache file by hand, from the format in the header.
void put_u32(std::string& s, std::uint32_t v) {
  for (int k = 0; k < 4; ++k) s.push_back(static_cast<char>((v >> (8 * k)) & 0xffu));
}
void put_i64(std::string& s, std::int64_t v) {
  const auto u = static_cast<std::uint64_t>(v);
  for (int k = 0; k < 8; ++k) s.push_back(static_cast<char>((u >> (8 * k)) & 0xffu));
}
void put_f64(std::string& s, double v) {
  std::uint64_t u = 0;
  static_assert(sizeof u == sizeof v);
  std::memcpy(&u, &v, sizeof v);
  for (int k = 0; k < 8; ++k) s.push_back(static_cast<char>((u >> (8 * k)) & 0xffu));
}

// A 1 x 3 W file with entries at the given columns (values 2.5 and 0.75), per the documented
// layout, closed by the SHA-256 of everything before it.
std::string hand_file(const std::string& key, std::vector<std::int32_t> outer,
                      std::vector<std::int32_t> inner) {
  std::string s = "SPSTRESS-W";
  put_u32(s, 1);
  put_u32(s, static_cast<std::uint32_t>(key.size()));
  s += key;
  put_i64(s, 1);  // rows
  put_i64(s, 3);  // cols
  put_i64(s, 2);  // nnz
  for (auto v : outer) put_u32(s, static_cast<std::uint32_t>(v));
  for (auto v : inner) put_u32(s, static_cast<std::uint32_t>(v));
  put_f64(s, 2.5);
  put_f64(s, 0.75);
  put_f64(s, 3.25);  // exposure_total
  put_f64(s, 9.5);   // area_km2
  return s + spstress::core::sha256_hex(s);
}

// Sets an environment variable for the life of the object, then puts the old value back.
class EnvVar {
 public:
  EnvVar(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value != nullptr) {
      ::setenv(name, value, 1);
    } else {
      ::unsetenv(name);
    }
  }
  ~EnvVar() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }
  EnvVar(const EnvVar&) = delete;
  EnvVar& operator=(const EnvVar&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

const std::string some_key(64, 'a');

}  // namespace

BOOST_AUTO_TEST_SUITE(test_weights_cache)

BOOST_AUTO_TEST_CASE(saved_weights_load_back_bit_for_bit, *boost::unit_test::label("io")) {
  TempDir dir;
  const Weights w = hand_weights();
  save_weights(dir.file("w.bin"), w, some_key);
  const std::optional<Weights> back = load_weights(dir.file("w.bin"), some_key);
  BOOST_TEST_REQUIRE(back.has_value());
  BOOST_TEST(same_weights(*back, w));
  BOOST_TEST(back->w.coeff(0, 1) == 1.0 / 3.0);
  BOOST_TEST(back->w.coeff(2, 0) == 4.9e-324);
  BOOST_TEST(back->w.row(1).nonZeros() == 0);
  // No temporary file is left next to the entry.
  BOOST_TEST(std::distance(fs::directory_iterator(dir.file("")), fs::directory_iterator()) == 1);
}

BOOST_AUTO_TEST_CASE(built_weights_round_trip_exactly, *boost::unit_test::label("io")) {
  TempDir dir;
  const Raster exposure = exposure_raster();
  const Weights w = build_weights(two_regions(), hazard_grid(), &exposure);
  save_weights(dir.file("w.bin"), w, some_key);
  const std::optional<Weights> back = load_weights(dir.file("w.bin"), some_key);
  BOOST_TEST_REQUIRE(back.has_value());
  BOOST_TEST(same_weights(*back, w));
}

BOOST_AUTO_TEST_CASE(a_hand_written_file_in_the_documented_layout_loads,
                     *boost::unit_test::label("io")) {
  TempDir dir;
  write_bytes(dir.file("w.bin"), hand_file(some_key, {0, 2}, {0, 2}));
  const std::optional<Weights> w = load_weights(dir.file("w.bin"), some_key);
  BOOST_TEST_REQUIRE(w.has_value());
  BOOST_TEST(w->w.rows() == 1);
  BOOST_TEST(w->w.cols() == 3);
  BOOST_TEST(w->w.coeff(0, 0) == 2.5);
  BOOST_TEST(w->w.coeff(0, 1) == 0.0);
  BOOST_TEST(w->w.coeff(0, 2) == 0.75);
  BOOST_TEST(w->exposure_total[0] == 3.25);
  BOOST_TEST(w->area_km2[0] == 9.5);
}

BOOST_AUTO_TEST_CASE(files_with_broken_indices_are_rejected_despite_a_valid_checksum,
                     *boost::unit_test::label("io")) {
  TempDir dir;
  const std::string p = dir.file("w.bin");
  write_bytes(p, hand_file(some_key, {0, 2}, {2, 0}));  // columns out of order
  BOOST_TEST(!load_weights(p, some_key).has_value());
  write_bytes(p, hand_file(some_key, {0, 2}, {1, 1}));  // a column twice
  BOOST_TEST(!load_weights(p, some_key).has_value());
  write_bytes(p, hand_file(some_key, {0, 2}, {0, 3}));  // column 3 of 3
  BOOST_TEST(!load_weights(p, some_key).has_value());
  write_bytes(p, hand_file(some_key, {0, 2}, {-1, 2}));  // negative column
  BOOST_TEST(!load_weights(p, some_key).has_value());
  write_bytes(p, hand_file(some_key, {0, 1}, {0, 2}));  // row ends before nnz
  BOOST_TEST(!load_weights(p, some_key).has_value());
  write_bytes(p, hand_file(some_key, {1, 2}, {0, 2}));  // row starts after 0
  BOOST_TEST(!load_weights(p, some_key).has_value());
}

BOOST_AUTO_TEST_CASE(a_file_for_another_key_is_not_used, *boost::unit_test::label("io")) {
  TempDir dir;
  save_weights(dir.file("w.bin"), hand_weights(), some_key);
  BOOST_TEST(!load_weights(dir.file("w.bin"), std::string(64, 'b')).has_value());
  BOOST_TEST(!load_weights(dir.file("w.bin"), std::string(63, 'a')).has_value());
  BOOST_TEST(load_weights(dir.file("w.bin"), some_key).has_value());
}

BOOST_AUTO_TEST_CASE(missing_truncated_garbage_and_altered_files_give_nothing,
                     *boost::unit_test::label("io")) {
  TempDir dir;
  BOOST_TEST(!load_weights(dir.file("absent.bin"), some_key).has_value());
  BOOST_TEST(!load_weights(dir.file(""), some_key).has_value());  // a folder

  save_weights(dir.file("w.bin"), hand_weights(), some_key);
  const std::string good = read_bytes(dir.file("w.bin"));
  // Header: 10 magic + 4 version + 4 key length + 64 key + 3 x 8 sizes = 106 bytes; then
  // 4 x 4 outer + 4 x 4 inner + 4 x 8 values + 2 x 3 x 8 totals + 64 checksum hex.
  BOOST_TEST_REQUIRE(good.size() == 106u + 16 + 16 + 32 + 48 + 64);
  const std::string p = dir.file("bad.bin");
  for (std::size_t keep : {std::size_t{0}, std::size_t{5}, std::size_t{105}, std::size_t{106},
                           std::size_t{200}, good.size() - 64, good.size() - 1}) {
    write_bytes(p, good.substr(0, keep));
    BOOST_TEST(!load_weights(p, some_key).has_value(), "truncated to " << keep << " bytes");
  }
  write_bytes(p, good + "x");
  BOOST_TEST(!load_weights(p, some_key).has_value());

  // One flipped bit in a value: caught by the checksum.
  std::string flipped = good;
  flipped[106 + 16 + 16 + 3] = static_cast<char>(flipped[106 + 16 + 16 + 3] ^ 0x10);
  write_bytes(p, flipped);
  BOOST_TEST(!load_weights(p, some_key).has_value());

  // Right magic, version and key, but sizes announcing terabytes: rejected before allocating.
  std::string huge = good.substr(0, 82);
  put_i64(huge, 1'000'000'000);
  put_i64(huge, 1'000'000'000);
  put_i64(huge, 2'000'000'000);
  write_bytes(p, huge + std::string(1000, '\0'));
  BOOST_TEST(!load_weights(p, some_key).has_value());
  // Negative sizes.
  std::string negative = good.substr(0, 82);
  put_i64(negative, -1);
  write_bytes(p, negative + good.substr(90));
  BOOST_TEST(!load_weights(p, some_key).has_value());

  std::string garbage;
  for (int k = 0; k < 4096; ++k) garbage.push_back(static_cast<char>((k * 7919 + 13) % 251));
  write_bytes(p, garbage);
  BOOST_TEST(!load_weights(p, some_key).has_value());

  // Another format version.
  std::string other_version = good;
  other_version[10] = 2;
  write_bytes(p, other_version);
  BOOST_TEST(!load_weights(p, some_key).has_value());
}

BOOST_AUTO_TEST_CASE(the_key_is_stable_and_follows_every_input) {
  const auto regions = two_regions();
  const auto grid = hazard_grid();
  const Raster exposure = exposure_raster();
  const std::string base = weights_key(regions, grid, &exposure);
  BOOST_TEST(base.size() == 64u);
  BOOST_TEST(base.find_first_not_of("0123456789abcdef") == std::string::npos);
  BOOST_TEST(weights_key(two_regions(), hazard_grid(), &exposure) == base);

  auto moved_hole = regions;
  moved_hole[1].polygons[0].holes[0][2][0] += 1e-9;
  BOOST_TEST(weights_key(moved_hole, grid, &exposure) != base);
  auto moved_outer = regions;
  moved_outer[0].polygons[0].outer[0][1] = 30.000001;
  BOOST_TEST(weights_key(moved_outer, grid, &exposure) != base);
  auto recoded = regions;
  recoded[0].code = "CN-AB";
  BOOST_TEST(weights_key(recoded, grid, &exposure) != base);
  auto swapped = regions;
  std::swap(swapped[0], swapped[1]);
  BOOST_TEST(weights_key(swapped, grid, &exposure) != base);
  // A hole's ring turned into a second polygon holds the same numbers in another structure.
  auto hole_as_part = regions;
  hole_as_part[1].polygons.push_back(Polygon{hole_as_part[1].polygons[0].holes[0], {}});
  hole_as_part[1].polygons[0].holes.clear();
  BOOST_TEST(weights_key(hole_as_part, grid, &exposure) != base);

  auto shifted_grid = grid;
  shifted_grid.lat_edges_deg[2] -= 1e-9;
  BOOST_TEST(weights_key(regions, shifted_grid, &exposure) != base);

  Raster changed = exposure;
  changed.values[17] += 1.0;
  BOOST_TEST(weights_key(regions, grid, &changed) != base);
  Raster regridded = exposure;
  regridded.grid.lon_edges_deg.back() += 0.25;
  BOOST_TEST(weights_key(regions, grid, &regridded) != base);
  BOOST_TEST(weights_key(regions, grid, nullptr) != base);

  // What does not change W does not change the key: names, attributes, the raster's path,
  // and which NaN marks nodata.
  auto renamed = regions;
  renamed[0].name = "Other";
  renamed[1].attributes["mainland"] = "1";
  BOOST_TEST(weights_key(renamed, grid, &exposure) == base);
  Raster other_nan = exposure;
  other_nan.path = "elsewhere.tif";
  other_nan.values[5] = -std::numeric_limits<double>::quiet_NaN();
  BOOST_TEST(weights_key(regions, grid, &other_nan) == base);
}

BOOST_AUTO_TEST_CASE(cached_build_stores_once_then_loads, *boost::unit_test::label("io")) {
  TempDir dir;
  const auto regions = two_regions();
  const auto grid = hazard_grid();
  const Raster exposure = exposure_raster();
  const std::string cache = dir.file("cache/nested");  // does not exist yet
  const std::string key = weights_key(regions, grid, &exposure);
  const std::string entry = cache + "/weights-" + key.substr(0, 24) + ".bin";
  BOOST_TEST(weights_cache_path(cache, key) == entry);

  WeightsCacheStatus status;
  const Weights first = build_weights_cached(regions, grid, &exposure, cache, &status);
  BOOST_TEST((status.outcome == WeightsCacheOutcome::built_and_saved));
  BOOST_TEST(status.path == entry);
  BOOST_TEST(fs::is_regular_file(entry));
  BOOST_TEST(same_weights(first, build_weights(regions, grid, &exposure)));

  const Weights second = build_weights_cached(regions, grid, &exposure, cache, &status);
  BOOST_TEST((status.outcome == WeightsCacheOutcome::loaded));
  BOOST_TEST(same_weights(second, first));

  // Proof that the entry is what is read: replace it with doubled weights under the same key.
  Weights doubled = first;
  doubled.w *= 2.0;
  save_weights(entry, doubled, key);
  const Weights third = build_weights_cached(regions, grid, &exposure, cache);
  BOOST_TEST(same_weights(third, doubled));

  // Other inputs get their own entry; a damaged entry is rebuilt and rewritten.
  build_weights_cached(regions, grid, nullptr, cache, &status);
  BOOST_TEST((status.outcome == WeightsCacheOutcome::built_and_saved));
  BOOST_TEST(status.path != entry);
  write_bytes(entry, "not weights");
  const Weights rebuilt = build_weights_cached(regions, grid, &exposure, cache, &status);
  BOOST_TEST((status.outcome == WeightsCacheOutcome::built_and_saved));
  BOOST_TEST(same_weights(rebuilt, first));
  BOOST_TEST(load_weights(entry, key).has_value());
}

BOOST_AUTO_TEST_CASE(an_unwritable_cache_still_gives_the_weights, *boost::unit_test::label("io")) {
  TempDir dir;
  // A folder below a plain file cannot be created, whoever runs the test (root included).
  write_bytes(dir.file("plain"), "x");
  const std::string cache = dir.file("plain/cache");
  const auto regions = two_regions();
  const auto grid = hazard_grid();
  WeightsCacheStatus status;
  const Weights w = build_weights_cached(regions, grid, nullptr, cache, &status);
  BOOST_TEST((status.outcome == WeightsCacheOutcome::built_not_saved));
  BOOST_TEST(!status.save_error.empty());
  BOOST_TEST(same_weights(w, build_weights(regions, grid, nullptr)));
}

BOOST_AUTO_TEST_CASE(an_empty_cache_folder_disables_caching, *boost::unit_test::label("io")) {
  TempDir dir;
  const auto regions = two_regions();
  WeightsCacheStatus status;
  status.path = "stale";
  const Weights w = build_weights_cached(regions, hazard_grid(), nullptr, "", &status);
  BOOST_TEST((status.outcome == WeightsCacheOutcome::disabled));
  BOOST_TEST(status.path.empty());
  BOOST_TEST(same_weights(w, build_weights(regions, hazard_grid(), nullptr)));
}

BOOST_AUTO_TEST_CASE(saving_into_a_missing_folder_is_an_input_error_naming_the_path,
                     *boost::unit_test::label("io")) {
  TempDir dir;
  const std::string p = dir.file("no/such/folder/w.bin");
  BOOST_CHECK_EXCEPTION(
      save_weights(p, hand_weights(), some_key), InputError,
      [&](const InputError& e) { return std::string(e.what()).find(p) != std::string::npos; });
}

BOOST_AUTO_TEST_CASE(default_cache_folder_follows_the_environment) {
  const EnvVar home("HOME", "/home/tester");
  {
    const EnvVar own("SPSTRESS_CACHE_DIR", "/data/cache");
    const EnvVar xdg("XDG_CACHE_HOME", "/xdg");
    BOOST_TEST(default_weights_cache_dir() == "/data/cache");
  }
  {
    const EnvVar own("SPSTRESS_CACHE_DIR", "");
    const EnvVar xdg("XDG_CACHE_HOME", "/xdg");
    BOOST_TEST(default_weights_cache_dir() == "/xdg/spstress");
  }
  {
    // The XDG spec says relative paths there are invalid and to be ignored.
    const EnvVar own("SPSTRESS_CACHE_DIR", nullptr);
    const EnvVar xdg("XDG_CACHE_HOME", "relative/cache");
    BOOST_TEST(default_weights_cache_dir() == "/home/tester/.cache/spstress");
  }
  {
    const EnvVar own("SPSTRESS_CACHE_DIR", nullptr);
    const EnvVar xdg("XDG_CACHE_HOME", nullptr);
    const EnvVar no_home("HOME", nullptr);
    BOOST_TEST(default_weights_cache_dir() == "");
  }
}

BOOST_AUTO_TEST_SUITE_END()

#include "spstress/regions/weights_cache.hpp"

#include <atomic>
#include <bit>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <limits>
#include <memory>
#include <string_view>
#include <system_error>
#include <type_traits>

#include <unistd.h>

#include "spstress/core/error.hpp"
#include "spstress/core/sha256.hpp"

#ifndef SPSTRESS_VERSION
#error "SPSTRESS_VERSION must be defined by the build"
#endif

namespace spstress::regions {

namespace {

namespace fs = std::filesystem;

// Bump when build_weights (or coverage_fractions, remap_matrix, cell_areas_km2) can give
// different numbers for the same inputs: cached entries built by the old code then stop
// matching. The spstress version enters the key too, so every release starts afresh.
constexpr std::string_view weights_algorithm_version = "weights-algorithm-1";

// Layout of the cache file; bump when it changes.
constexpr std::uint32_t file_format_version = 1;
constexpr std::string_view file_magic = "SPSTRESS-W";
constexpr std::size_t checksum_hex_bytes = 64;
constexpr std::size_t max_key_bytes = 1024;

using StorageIndex = SparseRowMatrix::StorageIndex;
static_assert(sizeof(StorageIndex) == 4, "the cache file stores indices as 32-bit integers");
static_assert(std::numeric_limits<double>::is_iec559, "the cache file stores IEEE doubles");

// Every number goes to the key and to the file little-endian, whatever the host.
template <typename T>
using BitsOf = std::conditional_t<sizeof(T) == 8, std::uint64_t, std::uint32_t>;

template <typename T>
void put_le(unsigned char* out, T v) {
  static_assert(sizeof(T) == 4 || sizeof(T) == 8);
  const auto bits = std::bit_cast<BitsOf<T>>(v);
  for (std::size_t k = 0; k < sizeof(T); ++k) out[k] = static_cast<unsigned char>(bits >> (8 * k));
}

template <typename T>
T get_le(const unsigned char* in) {
  static_assert(sizeof(T) == 4 || sizeof(T) == 8);
  BitsOf<T> bits = 0;
  for (std::size_t k = 0; k < sizeof(T); ++k) bits |= static_cast<BitsOf<T>>(in[k]) << (8 * k);
  return std::bit_cast<T>(bits);
}

// Buffers little-endian bytes and hands them on in large pieces: to a SHA-256 only (the key)
// or to a file and a SHA-256 (the cache file and its checksum).
class ByteSink {
 public:
  ByteSink(core::Sha256& hash, std::FILE* file) : hash_(hash), file_(file) {
    buffer_.reserve(capacity);
  }
  ByteSink(const ByteSink&) = delete;
  ByteSink& operator=(const ByteSink&) = delete;

  void bytes(const void* data, std::size_t size) {
    const auto* p = static_cast<const unsigned char*>(data);
    if (buffer_.size() + size > capacity) flush();
    if (size >= capacity) {
      emit(p, size);
    } else {
      buffer_.insert(buffer_.end(), p, p + size);
    }
  }
  void text(std::string_view s) {
    u64(s.size());
    bytes(s.data(), s.size());
  }
  template <typename T>
  void number(T v) {
    unsigned char b[sizeof(T)];
    put_le(b, v);
    bytes(b, sizeof b);
  }
  void u64(std::size_t v) { number(static_cast<std::uint64_t>(v)); }
  template <typename T>
  void array(const T* data, std::size_t n) {
    if constexpr (std::endian::native == std::endian::little) {
      bytes(data, n * sizeof(T));
    } else {
      for (std::size_t k = 0; k < n; ++k) number(data[k]);
    }
  }
  // Length first, so that concatenated fields can never be read two ways.
  void doubles(const std::vector<double>& v) {
    u64(v.size());
    array(v.data(), v.size());
  }
  void flush() {
    if (!buffer_.empty()) emit(buffer_.data(), buffer_.size());
    buffer_.clear();
  }
  bool failed() const { return failed_; }

 private:
  static constexpr std::size_t capacity = 64 * 1024;
  void emit(const unsigned char* p, std::size_t size) {
    hash_.update(p, size);
    if (file_ != nullptr && std::fwrite(p, 1, size, file_) != size) failed_ = true;
  }

  core::Sha256& hash_;
  std::FILE* file_;
  std::vector<unsigned char> buffer_;
  bool failed_ = false;
};

void put_grid(ByteSink& sink, const core::LatLonGrid& g) {
  sink.doubles(g.lon_edges_deg);
  sink.doubles(g.lat_edges_deg);
}

void put_ring(ByteSink& sink, const Ring& ring) {
  sink.u64(ring.size());
  for (const Point& q : ring) {
    sink.number(q[0]);
    sink.number(q[1]);
  }
}

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

std::string errno_text() { return errno != 0 ? std::strerror(errno) : "unknown error"; }

// Fixed part of the file before the arrays: magic, version, key length, key, rows, cols, nnz.
std::size_t header_bytes(std::size_t key_bytes) {
  return file_magic.size() + 4 + 4 + key_bytes + 3 * 8;
}

// Reads little-endian values from a byte range that has already been checked to be long
// enough for everything asked of it.
class ByteSource {
 public:
  explicit ByteSource(const unsigned char* p) : p_(p) {}
  template <typename T>
  T number() {
    const T v = get_le<T>(p_);
    p_ += sizeof(T);
    return v;
  }
  template <typename T>
  void array(T* out, std::size_t n) {
    if constexpr (std::endian::native == std::endian::little) {
      std::memcpy(out, p_, n * sizeof(T));
      p_ += n * sizeof(T);
    } else {
      for (std::size_t k = 0; k < n; ++k) out[k] = number<T>();
    }
  }
  const unsigned char* position() const { return p_; }
  void skip(std::size_t n) { p_ += n; }

 private:
  const unsigned char* p_;
};

std::optional<Weights> load_unchecked(const std::string& path, const std::string& key) {
  std::error_code ec;
  const std::uintmax_t file_bytes = fs::file_size(path, ec);
  if (ec) return std::nullopt;
  const std::size_t head_bytes = header_bytes(key.size());
  if (file_bytes < head_bytes + checksum_hex_bytes || key.size() > max_key_bytes) {
    return std::nullopt;
  }
  const FilePtr file(std::fopen(path.c_str(), "rb"));
  if (!file) return std::nullopt;

  // The header alone first: the array sizes it announces must add up to the file's size
  // before anything is allocated for them.
  std::vector<unsigned char> data(head_bytes);
  if (std::fread(data.data(), 1, head_bytes, file.get()) != head_bytes) return std::nullopt;
  ByteSource head(data.data());
  if (std::memcmp(head.position(), file_magic.data(), file_magic.size()) != 0) {
    return std::nullopt;
  }
  head.skip(file_magic.size());
  if (head.number<std::uint32_t>() != file_format_version) return std::nullopt;
  if (head.number<std::uint32_t>() != key.size()) return std::nullopt;
  if (std::memcmp(head.position(), key.data(), key.size()) != 0) return std::nullopt;
  head.skip(key.size());
  const auto rows = head.number<std::int64_t>();
  const auto cols = head.number<std::int64_t>();
  const auto nnz = head.number<std::int64_t>();
  constexpr std::int64_t max_index = std::numeric_limits<StorageIndex>::max();
  if (!(rows >= 0 && rows < max_index && cols >= 0 && cols <= max_index && nnz >= 0 &&
        nnz <= max_index)) {
    return std::nullopt;
  }
  const auto nrows = static_cast<std::size_t>(rows);
  const auto nvalues = static_cast<std::size_t>(nnz);
  // Each term is below 2^35, so the sum cannot overflow.
  const std::size_t body_bytes = (nrows + 1) * sizeof(StorageIndex) +
                                 nvalues * (sizeof(StorageIndex) + sizeof(double)) +
                                 2 * nrows * sizeof(double);
  if (file_bytes != head_bytes + body_bytes + checksum_hex_bytes) return std::nullopt;

  data.resize(head_bytes + body_bytes + checksum_hex_bytes);
  if (std::fread(data.data() + head_bytes, 1, body_bytes + checksum_hex_bytes, file.get()) !=
      body_bytes + checksum_hex_bytes) {
    return std::nullopt;
  }
  core::Sha256 hash;
  hash.update(data.data(), head_bytes + body_bytes);
  const std::string_view stored_checksum(
      reinterpret_cast<const char*>(data.data() + head_bytes + body_bytes), checksum_hex_bytes);
  if (hash.hex_digest() != stored_checksum) return std::nullopt;

  Weights out;
  out.w.resize(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols));
  out.w.resizeNonZeros(static_cast<Eigen::Index>(nnz));
  ByteSource body(data.data() + head_bytes);
  body.array(out.w.outerIndexPtr(), nrows + 1);
  body.array(out.w.innerIndexPtr(), nvalues);
  body.array(out.w.valuePtr(), nvalues);
  out.exposure_total.resize(static_cast<Eigen::Index>(rows));
  out.area_km2.resize(static_cast<Eigen::Index>(rows));
  body.array(out.exposure_total.data(), nrows);
  body.array(out.area_km2.data(), nrows);

  // Eigen trusts its compressed arrays: rows must start at 0, never go back, end at nnz, and
  // hold strictly increasing column indices within [0, cols).
  const StorageIndex* outer = out.w.outerIndexPtr();
  const StorageIndex* inner = out.w.innerIndexPtr();
  if (outer[0] != 0 || outer[nrows] != nnz) return std::nullopt;
  for (std::size_t r = 0; r < nrows; ++r) {
    if (outer[r + 1] < outer[r]) return std::nullopt;
    for (auto k = outer[r]; k < outer[r + 1]; ++k) {
      const auto kk = static_cast<std::size_t>(k);
      if (inner[kk] < 0 || inner[kk] >= cols) return std::nullopt;
      if (k > outer[r] && !(inner[kk] > inner[kk - 1])) return std::nullopt;
    }
  }
  for (std::size_t k = 0; k < nvalues; ++k) {
    if (!std::isfinite(out.w.valuePtr()[k])) return std::nullopt;
  }
  if (!out.exposure_total.allFinite() || !out.area_km2.allFinite()) return std::nullopt;
  return out;
}

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? std::string() : std::string(v);
}

}  // namespace

std::string weights_key(const std::vector<Region>& regions, const core::LatLonGrid& hazard_grid,
                        const Raster* exposure) {
  core::Sha256 hash;
  ByteSink sink(hash, nullptr);
  sink.text("spstress weights key");
  sink.text(weights_algorithm_version);
  sink.text(SPSTRESS_VERSION);

  sink.text("regions");
  sink.u64(regions.size());
  for (const Region& r : regions) {
    sink.text(r.code);
    sink.u64(r.polygons.size());
    for (const Polygon& p : r.polygons) {
      sink.u64(1 + p.holes.size());
      put_ring(sink, p.outer);
      for (const Ring& hole : p.holes) put_ring(sink, hole);
    }
  }

  sink.text("hazard grid");
  put_grid(sink, hazard_grid);

  if (exposure == nullptr) {
    sink.text("area weights");
  } else {
    sink.text("exposure");
    put_grid(sink, exposure->grid);
    const Eigen::VectorXd& v = exposure->values;
    sink.u64(static_cast<std::size_t>(v.size()));
    constexpr double canonical_nan = std::numeric_limits<double>::quiet_NaN();
    for (Eigen::Index k = 0; k < v.size(); ++k) {
      sink.number(std::isnan(v[k]) ? canonical_nan : v[k]);
    }
  }
  sink.flush();
  return hash.hex_digest();
}

void save_weights(const std::string& path, const Weights& w, const std::string& key) {
  if (key.size() > max_key_bytes) {
    throw InternalError("save_weights: key of " + std::to_string(key.size()) + " bytes");
  }
  if (w.exposure_total.size() != w.w.rows() || w.area_km2.size() != w.w.rows()) {
    throw InternalError("save_weights: W has " + std::to_string(w.w.rows()) + " rows but " +
                        std::to_string(w.exposure_total.size()) + " exposure totals and " +
                        std::to_string(w.area_km2.size()) + " areas");
  }
  SparseRowMatrix compressed;
  const SparseRowMatrix* m = &w.w;
  if (!w.w.isCompressed()) {
    compressed = w.w;
    compressed.makeCompressed();
    m = &compressed;
  }

  static std::atomic<unsigned> counter{0};
  const fs::path target(path);
  const fs::path tmp =
      target.parent_path() / ("." + target.filename().string() + ".tmp-" +
                              std::to_string(::getpid()) + "-" + std::to_string(counter++));
  auto fail = [&](const std::string& what) {
    std::error_code ec;
    fs::remove(tmp, ec);
    throw InputError(path + ": cannot write the weights cache: " + what);
  };
  {
    errno = 0;
    FilePtr file(std::fopen(tmp.c_str(), "wb"));
    if (!file) fail("cannot create " + tmp.string() + ": " + errno_text());
    core::Sha256 hash;
    ByteSink sink(hash, file.get());
    sink.bytes(file_magic.data(), file_magic.size());
    sink.number(file_format_version);
    sink.number(static_cast<std::uint32_t>(key.size()));
    sink.bytes(key.data(), key.size());
    const auto rows = static_cast<std::size_t>(m->rows());
    const auto nnz = static_cast<std::size_t>(m->nonZeros());
    sink.number(static_cast<std::int64_t>(m->rows()));
    sink.number(static_cast<std::int64_t>(m->cols()));
    sink.number(static_cast<std::int64_t>(m->nonZeros()));
    sink.array(m->outerIndexPtr(), rows + 1);
    sink.array(m->innerIndexPtr(), nnz);
    sink.array(m->valuePtr(), nnz);
    sink.array(w.exposure_total.data(), rows);
    sink.array(w.area_km2.data(), rows);
    sink.flush();
    const std::string checksum = hash.hex_digest();
    errno = 0;
    if (sink.failed() ||
        std::fwrite(checksum.data(), 1, checksum.size(), file.get()) != checksum.size() ||
        std::fflush(file.get()) != 0) {
      fail(errno_text());
    }
    // No fsync: a file cut short by a crash fails its checksum and is rebuilt.
    errno = 0;
    if (std::fclose(file.release()) != 0) fail(errno_text());
  }
  std::error_code ec;
  fs::rename(tmp, target, ec);
  if (ec) fail("cannot rename " + tmp.string() + ": " + ec.message());
}

std::optional<Weights> load_weights(const std::string& path, const std::string& key) {
  try {
    return load_unchecked(path, key);
  } catch (const std::exception&) {
    // A cache file is only ever a shortcut: whatever goes wrong reading it means a rebuild.
    return std::nullopt;
  }
}

std::string weights_cache_path(const std::string& cache_dir, const std::string& key) {
  return (fs::path(cache_dir) / ("weights-" + key.substr(0, 24) + ".bin")).string();
}

Weights build_weights_cached(const std::vector<Region>& regions,
                             const core::LatLonGrid& hazard_grid, const Raster* exposure,
                             const std::string& cache_dir, WeightsCacheStatus* status,
                             std::vector<std::string>* skipped) {
  WeightsCacheStatus local;
  WeightsCacheStatus& st = status != nullptr ? *status : local;
  st = WeightsCacheStatus{};
  if (cache_dir.empty()) return build_weights(regions, hazard_grid, exposure, skipped);
  const std::string key = weights_key(regions, hazard_grid, exposure);
  st.path = weights_cache_path(cache_dir, key);
  if (std::optional<Weights> cached = load_weights(st.path, key)) {
    // The key already pins these sizes; checking them costs nothing.
    const auto nregions = static_cast<Eigen::Index>(regions.size());
    std::vector<std::string> empty_rows;
    for (Eigen::Index i = 0; i < cached->w.rows() && i < nregions; ++i) {
      if (cached->w.row(i).nonZeros() == 0) {
        empty_rows.push_back("region " + regions[static_cast<std::size_t>(i)].code +
                             " has no weight on the hazard grid (no overlap or no exposure)");
      }
    }
    // A strict caller must get build_weights' own error for an empty row, so rebuild then;
    // a lenient one gets the rows listed.
    const bool usable =
        empty_rows.empty() || (skipped != nullptr && empty_rows.size() < regions.size());
    if (usable && cached->w.rows() == nregions &&
        cached->w.cols() == static_cast<Eigen::Index>(hazard_grid.ncells())) {
      if (skipped != nullptr) skipped->insert(skipped->end(), empty_rows.begin(), empty_rows.end());
      st.outcome = WeightsCacheOutcome::loaded;
      return std::move(*cached);
    }
  }
  Weights w = build_weights(regions, hazard_grid, exposure, skipped);
  try {
    fs::create_directories(cache_dir);
    save_weights(st.path, w, key);
    st.outcome = WeightsCacheOutcome::built_and_saved;
  } catch (const std::exception& e) {
    // A read-only or full cache folder costs the next run a rebuild, nothing more.
    st.outcome = WeightsCacheOutcome::built_not_saved;
    st.save_error = e.what();
  }
  return w;
}

std::string default_weights_cache_dir() {
  if (std::string dir = env("SPSTRESS_CACHE_DIR"); !dir.empty()) return dir;
  if (const std::string xdg = env("XDG_CACHE_HOME"); !xdg.empty() && xdg.front() == '/') {
    return (fs::path(xdg) / "spstress").string();
  }
  if (const std::string home = env("HOME"); !home.empty()) {
    return (fs::path(home) / ".cache" / "spstress").string();
  }
  return "";
}

}  // namespace spstress::regions

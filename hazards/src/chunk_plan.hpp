#pragma once
/// Direct reading of a netCDF-4 variable's compressed chunks. The netCDF-C and HDF5 libraries
/// are not thread-safe, and decompression is most of the cost of reading a deflated file, so
/// the chunk index is read once through HDF5 and the chunks are then read with pread() and
/// inflated with libdeflate on any thread. Private to hazards/.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace spstress::hazards::detail {

/// How a stored element becomes a double: its kind and size, and whether its bytes are in the
/// opposite order to this machine's.
enum class ElementKind { SignedInt, UnsignedInt, Float };

struct ChunkLocation {
  std::uint64_t offset = 0;  ///< byte offset in the file
  std::uint64_t bytes = 0;   ///< stored (compressed) size; 0 = never written
  unsigned filter_mask = 0;  ///< bit i set: filter i of the pipeline was skipped for this chunk
};

/// Everything needed to decode the chunks of one variable without the libraries.
struct ChunkPlan {
  std::vector<std::size_t> shape;  ///< the variable's dimension lengths
  std::vector<std::size_t> chunk;  ///< chunk lengths, same rank
  std::vector<std::size_t> grid;   ///< chunks along each dimension (ceil(shape / chunk))
  ElementKind kind = ElementKind::Float;
  std::size_t element_bytes = 4;
  bool big_endian = false;  ///< the file's byte order for elements of more than one byte
  /// Filter pipeline in the order the writer applied it: true = shuffle, false = deflate.
  std::vector<bool> pipeline_is_shuffle;
  /// The dataset's fill value as a double: the value of every element of a chunk that was
  /// never written.
  double fill_value = 0.0;
  /// One entry per chunk, row-major over `grid`.
  std::vector<ChunkLocation> chunks;

  std::size_t chunk_elements() const;
};

/// The chunk plan of variable `variable` of the netCDF-4 file `path`, or nullopt with the
/// reason in `why_not` when the variable cannot be read directly: not an HDF5 file, not
/// chunked, a filter other than shuffle and deflate (or a checksum), a type other than plain
/// integers and IEEE floats, a user block, or a dataset shape different from `expected_shape`
/// (the netCDF dimension lengths; an unlimited dimension can outrun a variable's own extent).
/// Uses the HDF5 library: call it from the thread that uses the netCDF file.
std::optional<ChunkPlan> plan_chunks(const std::string& path, const std::string& variable,
                                     const std::vector<std::size_t>& expected_shape,
                                     std::string* why_not);

/// Per-thread buffers for decode_chunk, reused from chunk to chunk.
struct ChunkScratch {
  std::vector<unsigned char> stored;
  std::vector<unsigned char> work;
  void* decompressor = nullptr;  ///< libdeflate_decompressor*, made on first use
  ChunkScratch() = default;
  ~ChunkScratch();
  ChunkScratch(const ChunkScratch&) = delete;
  ChunkScratch& operator=(const ChunkScratch&) = delete;
};

/// Reads chunk `index` of `plan` from the open file `fd` and runs its filter pipeline
/// backwards, except a final unshuffle, which chunk_values does as it converts. Returns the
/// chunk's bytes (valid until `scratch` is used again) and sets `shuffled` to whether they are
/// still in the shuffle filter's byte planes; returns nullptr for a chunk that was never
/// written, whose elements are all plan.fill_value. Thread-safe for distinct `scratch` objects.
/// Throws InputError naming `where` for a short read or a chunk that does not decompress to its
/// expected size.
const unsigned char* decode_chunk(int fd, const ChunkPlan& plan, std::size_t index,
                                  ChunkScratch& scratch, bool& shuffled, const std::string& where);

/// Elements [first, first + count) of a chunk decoded by decode_chunk, converted to double as
/// nc_get_vara_double converts them (before any packing or missing-value rule), into `out`.
void chunk_values(const ChunkPlan& plan, const unsigned char* bytes, bool shuffled,
                  std::size_t first, std::size_t count, double* out);

}  // namespace spstress::hazards::detail

#pragma once
/// SHA-256 (FIPS 180-4), used to record the hashes of the scenario and of every input file in
/// the run outputs, so that a result can be traced back to the exact bytes it came from, and to
/// key cached intermediate results (the aggregation weights) on the inputs they came from.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace spstress::core {

/// Incremental SHA-256: feed bytes with update() in any number of pieces, then call
/// hex_digest() once. The digest does not depend on how the input was split.
class Sha256 {
 public:
  Sha256();

  /// Appends `size` bytes at `data` to the message. Throws InternalError after hex_digest().
  void update(const void* data, std::size_t size);
  void update(std::string_view bytes) { update(bytes.data(), bytes.size()); }

  /// Finishes the message and returns the digest as 64 lowercase hex digits. Callable once.
  std::string hex_digest();

 private:
  void compress(const std::uint8_t* block);

  std::array<std::uint32_t, 8> state_{};
  std::array<std::uint8_t, 64> buffer_{};
  std::size_t buffered_bytes_ = 0;
  std::uint64_t message_bytes_ = 0;
  bool finished_ = false;
};

/// SHA-256 of `bytes` as 64 lowercase hex digits.
std::string sha256_hex(std::string_view bytes);

/// SHA-256 of the contents of the file at `path` (read in 64 KiB chunks, so memory does not
/// grow with the file), as 64 lowercase hex digits. Throws InputError naming the path when the
/// file cannot be opened or read.
std::string sha256_file_hex(const std::string& path);

}  // namespace spstress::core

#pragma once
/// A gridded hazard variable read in time blocks, whatever its file format, and the function
/// that opens one by looking at the file.

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "spstress/core/date.hpp"
#include "spstress/core/grid.hpp"
#include "spstress/hazards/cf_time.hpp"

namespace spstress::hazards {

struct TimeAxis {
  Calendar calendar = Calendar::Standard;
  std::string units;                  ///< the file's units attribute, verbatim
  std::vector<core::DateTime> dates;  ///< one per time step, decoded in `calendar`
};

/// A run of consecutive time steps: `values` is (ncells x count) in the layout of
/// HazardField::read_block, its first column being step `first`.
struct Block {
  std::size_t first = 0;
  Eigen::MatrixXd values;
};

/// Blocks of consecutive time steps handed out in time order, possibly decoded ahead of the
/// caller on worker threads (see HazardField::stream).
class BlockStream {
 public:
  virtual ~BlockStream() = default;
  /// Puts the next block into `block` and returns true, or returns false once every block has
  /// been handed out. The storage of the matrix passed in may be taken back and reused, so a
  /// caller that keeps one Block for the whole loop allocates nothing per block. Throws what
  /// reading throws, for the block it concerns.
  virtual bool next(Block& block) = 0;

 protected:
  BlockStream() = default;
  BlockStream(const BlockStream&) = default;
  BlockStream& operator=(const BlockStream&) = default;
};

/// What the pipeline and `aggregate` need from a hazard file: a lat/lon grid, the units of the
/// values, time steps and blocks of values. NetcdfField and GdalField implement it.
class HazardField {
 public:
  virtual ~HazardField() = default;

  virtual const std::string& path() const = 0;
  /// The NetCDF variable name; "band" for a GDAL raster.
  virtual const std::string& variable() const = 0;
  /// The units as the file writes them ("" if it has none); see units.hpp to convert.
  virtual const std::string& units() const = 0;
  virtual const core::LatLonGrid& grid() const = 0;
  /// Time axis. Empty `dates` when the steps carry no dates (a variable without a time
  /// dimension, or the bands of a raster); n_times() then says how many steps there are.
  virtual const TimeAxis& time() const = 0;
  virtual std::size_t n_times() const = 0;
  /// Values of steps [first, first + count) as a (grid().ncells() x count) matrix, cells in the
  /// north-up row-major order of core::LatLonGrid, NaN where missing, packing applied. Throws
  /// InputError on a read failure and InternalError if the range is out of bounds.
  virtual Eigen::MatrixXd read_block(std::size_t first, std::size_t count) const = 0;
  /// Time steps per storage chunk (1 when steps are stored one by one or the file is not
  /// chunked along time). Reading blocks that are whole multiples of it, in order, decompresses
  /// every chunk once.
  virtual std::size_t time_chunk_steps() const { return 1; }
  /// Steps [first, last) in blocks of `block_steps` (the last may be shorter, and a reader may
  /// end a block early at a file boundary), in order. `threads` is how many threads may decode
  /// at once (0 = one per core); the values are the same whatever it is. The stream reads the
  /// field while it lives: do not call read_block or open another stream on the same field
  /// until it is destroyed. This implementation calls read_block block by block on the caller's
  /// thread; readers that can decode on several threads override it.
  virtual std::unique_ptr<BlockStream> stream(std::size_t first, std::size_t last,
                                              std::size_t block_steps, unsigned threads) const;

 protected:
  HazardField() = default;
  HazardField(const HazardField&) = default;
  HazardField(HazardField&&) noexcept = default;
  HazardField& operator=(const HazardField&) = default;
  HazardField& operator=(HazardField&&) noexcept = default;
};

/// Opens a hazard field by the file's first bytes: the netCDF classic magic ("CDF" and a
/// version byte) or the HDF5 signature (netCDF-4) opens a NetcdfField(path, variable);
/// anything else a GdalField(path), whose bands are the time steps. Throws InputError naming
/// the path if the file does not exist, and if `variable` is not empty for a file that is not
/// NetCDF ("... is not a NetCDF file; a GDAL raster has bands, not variables"); otherwise
/// whatever the chosen reader throws. Neither reader is thread-safe: use the field from one
/// thread at a time.
std::unique_ptr<HazardField> open_field(const std::string& path, const std::string& variable);

/// Whether the file starts like a NetCDF file (the test open_field uses). False if it cannot
/// be read.
bool looks_like_netcdf(const std::string& path);

}  // namespace spstress::hazards

#pragma once
/// A gridded hazard variable in a CF-NetCDF file, read in time blocks. netCDF types stay in the
/// .cpp file.

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "spstress/core/date.hpp"
#include "spstress/core/grid.hpp"
#include "spstress/hazards/cf_time.hpp"
#include "spstress/hazards/field.hpp"

namespace spstress::hazards {

/// One variable (time, lat, lon), (lat, lon), or with a singleton level dimension, on a
/// rectilinear lat/lon grid. Coordinates are found by `axis`, `standard_name` or `units`
/// attributes; latitudes in either order are normalised to north-up; packing (scale_factor,
/// add_offset), _FillValue, missing_value and valid_min/valid_max/valid_range are applied, so
/// values come out in `units()` with missing cells as NaN.
class NetcdfField : public HazardField {
 public:
  /// Opens `path` and the variable `variable`; if `variable` is empty and the file has exactly
  /// one variable with lat and lon dimensions, that one. Throws InputError naming the file and
  /// variable (listing the variables present when the name is not found), UnsupportedError for
  /// other dimension orders or a level dimension longer than one.
  /// The netCDF-C library is not thread-safe: use one NetcdfField from one thread at a time and
  /// do not read two files concurrently.
  NetcdfField(const std::string& path, const std::string& variable);
  ~NetcdfField() override;
  NetcdfField(NetcdfField&&) noexcept;
  NetcdfField& operator=(NetcdfField&&) noexcept;
  NetcdfField(const NetcdfField&) = delete;
  NetcdfField& operator=(const NetcdfField&) = delete;

  const std::string& path() const override;
  const std::string& variable() const override;
  const std::string& units() const override;  ///< the variable's units attribute ("" if none)
  const core::LatLonGrid& grid() const override;
  /// Time axis; for a variable without a time dimension, one step with an empty `dates`.
  const TimeAxis& time() const override;
  std::size_t n_times() const override;
  std::size_t time_chunk_steps() const override;

  /// Values of time steps [first, first + count) as a (grid().ncells() x count) matrix, cells in
  /// the north-up row-major order of core::LatLonGrid, NaN where missing. Throws InputError on a
  /// read failure and InternalError if the range is out of bounds.
  Eigen::MatrixXd read_block(std::size_t first, std::size_t count) const override;
  /// For a netCDF-4 variable stored in chunks with no filter but shuffle and deflate, decodes
  /// the chunks itself, on up to `threads` threads (block by block, so the values are those of
  /// read_block whatever the thread count), when blocks start and end on chunk boundaries;
  /// otherwise reads through netCDF-C block by block as HazardField::stream does.
  std::unique_ptr<BlockStream> stream(std::size_t first, std::size_t last, std::size_t block_steps,
                                      unsigned threads) const override;

  /// Why stream() reads this variable through netCDF-C instead of decoding its chunks itself
  /// ("not chunked", "filter 'fletcher32' ...", "not an HDF5 (netCDF-4) file"), or "" when it
  /// decodes them. Reads the chunk index on the first call.
  std::string direct_read_refusal() const;

  struct Impl;  // public so that the stream class in the .cpp file can name it

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace spstress::hazards

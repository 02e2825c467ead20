#pragma once
/// `spstress aggregate`: a gridded variable summarised over regions, written as
/// region_code,time,value.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>

namespace spstress::scenarios {

struct AggregateRequest {
  /// CF-NetCDF file, any GDAL raster (bands as time steps), or a pattern with * or ? naming the
  /// files of one record split over periods (ISIMIP `_2015_2020.nc`, CMIP6
  /// `_20150101-20201231.nc`), read as one field in time order.
  std::string raster;
  std::string variable;  ///< "" = the file's only lat/lon variable
  std::string regions;   ///< OGR source
  std::string id_field = "code";
  std::string weights;        ///< exposure raster ("" = area weights)
  std::string stat = "mean";  ///< mean | sum | min | max | frac_above:X
  std::string units;          ///< "" = the variable's units; else converted with UDUNITS-2
  std::string time_range;     ///< "START/END" as ISO dates in the file's calendar ("" = all)
  std::string out;            ///< CSV path, written atomically
  /// Weights cache folder: unset = regions::default_weights_cache_dir(), "" = no cache.
  std::optional<std::string> weights_cache_dir;
  /// Memory for one block of hazard values; blocks are whole time chunks of the file.
  std::size_t memory_budget_bytes = 64u << 20;
  /// Threads that may decode the hazard file at once (0 = one per core). The output does not
  /// depend on it.
  unsigned threads = 0;
  /// Called with (steps read, steps to read) before each block and at the end; may be empty.
  std::function<void(std::size_t, std::size_t)> progress;
  /// Called with one line per region left without weight (outside the grid or the exposure
  /// raster); those regions get empty values. If no region has weight, aggregate throws.
  std::function<void(const std::string&)> warn;
  /// Called with one line saying how the weights were obtained (built or loaded from the
  /// cache, and how long it took); may be empty.
  std::function<void(const std::string&)> note;
};

/// Runs the aggregation. mean: coverage × exposure weighted mean of valid cells (weights
/// renormalised over valid cells); sum: Σ coverage × value; min/max over cells the region
/// touches; frac_above:X: weighted share of valid cells with value > X. A region without a
/// valid cell gets an empty value (so does a region outside the grid, reported through `warn`).
/// Throws InputError naming the file or option at fault.
void aggregate(const AggregateRequest& request);

}  // namespace spstress::scenarios

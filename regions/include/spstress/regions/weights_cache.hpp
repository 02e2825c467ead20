#pragma once
/// A disk cache of the aggregation weights W, so that every run on the same polygons, hazard
/// grid and exposure raster reuses one build. Entries are keyed by a SHA-256 of those inputs;
/// a cache file that is missing, stale or damaged is rebuilt, never trusted and never fatal.

#include <optional>
#include <string>
#include <vector>

#include "spstress/core/grid.hpp"
#include "spstress/regions/raster.hpp"
#include "spstress/regions/region.hpp"
#include "spstress/regions/weights.hpp"

namespace spstress::regions {

/// SHA-256 (64 lowercase hex digits) of a canonical little-endian serialisation of what
/// build_weights depends on: a version string of the weights algorithm and of the spstress
/// build, every region's code and ring coordinates (in order), the hazard grid's edges, and the
/// exposure grid's edges and values (every NaN written as one bit pattern), or a marker for
/// area weights when `exposure` is null. Region names, attributes and the raster's path do not
/// enter: they do not change W.
std::string weights_key(const std::vector<Region>& regions, const core::LatLonGrid& hazard_grid,
                        const Raster* exposure);

/// Writes `w` with its key to `path` (binary, little-endian): magic "SPSTRESS-W", format
/// version, key, rows, cols, nnz, the compressed row-major arrays (outer index, inner index,
/// values), exposure_total, area_km2, and a SHA-256 of everything before it. The file is
/// written under a temporary name in the same folder and renamed, so a reader never sees a
/// partial file. Throws InputError naming the path if it cannot be written.
void save_weights(const std::string& path, const Weights& w, const std::string& key);

/// Reads weights written by save_weights. Returns nullopt, without throwing, if the file is
/// absent or unreadable, was written for another key or another format version, or is
/// truncated or corrupt (sizes, checksum, index order and bounds are all checked before use).
std::optional<Weights> load_weights(const std::string& path, const std::string& key);

/// Path of the cache entry for `key` in `cache_dir`: <cache_dir>/weights-<first 24 hex>.bin.
std::string weights_cache_path(const std::string& cache_dir, const std::string& key);

/// What build_weights_cached did, for the caller to log.
enum class WeightsCacheOutcome {
  disabled,         ///< no cache folder: built
  loaded,           ///< read from the cache
  built_and_saved,  ///< no valid entry: built and stored
  built_not_saved,  ///< no valid entry: built, but storing it failed (see save_error)
};

struct WeightsCacheStatus {
  WeightsCacheOutcome outcome = WeightsCacheOutcome::disabled;
  std::string path;        ///< the cache file for these inputs ("" when disabled)
  std::string save_error;  ///< why storing failed (built_not_saved only)
};

/// build_weights through the cache in `cache_dir`: loads the entry for these inputs if there
/// is a valid one, else builds W and stores it (creating the folder). An empty `cache_dir`
/// disables caching. A cache that cannot be read or written (read-only folder, full disk) only
/// costs the rebuild: the weights are returned all the same. Errors of build_weights itself
/// (InputError for regions off the grid...) propagate as usual. When `status` is given, it
/// receives what happened. `skipped` works as in build_weights.
Weights build_weights_cached(const std::vector<Region>& regions,
                             const core::LatLonGrid& hazard_grid, const Raster* exposure,
                             const std::string& cache_dir, WeightsCacheStatus* status = nullptr,
                             std::vector<std::string>* skipped = nullptr);

/// The default cache folder: $SPSTRESS_CACHE_DIR if set, else $XDG_CACHE_HOME/spstress (when
/// XDG_CACHE_HOME is an absolute path, as the XDG spec requires), else $HOME/.cache/spstress,
/// else "" (no caching). Variables set to the empty string count as unset.
std::string default_weights_cache_dir();

}  // namespace spstress::regions

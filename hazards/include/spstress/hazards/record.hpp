#pragma once
/// Multi-file records: one variable split over consecutive periods in several files, as ISIMIP
/// and CMIP6 publish daily data, named by a file-name pattern and read as one HazardField.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "spstress/core/grid.hpp"
#include "spstress/hazards/field.hpp"

namespace spstress::hazards {

/// The span of days a file covers according to its name, both ends included.
struct RecordPeriod {
  int first_year, first_month, first_day;
  int last_year, last_month, last_day;
};

/// The period at the end of a file name (any folder part is ignored), or nullopt:
/// - ISIMIP `..._YYYY_YYYY.nc`: YYYY-01-01 to YYYY-12-31;
/// - CMIP6 `..._YYYYMMDD-YYYYMMDD.nc`, `..._YYYYMM-YYYYMM.nc` (first to last day of the month)
///   and `..._YYYY-YYYY.nc` (1 January to 31 December);
/// - CMIP6 sub-daily `..._YYYYMMDDhh-YYYYMMDDhh.nc` and `..._YYYYMMDDhhmm-YYYYMMDDhhmm.nc`,
///   whose hours and minutes are dropped (the period keeps whole days).
/// Both ends need the same number of digits, months 1..12, days 1..31 (no more than 30 in
/// April, June, September, November; no more than 30 in February, which 360_day files have),
/// and the first day no later than the last. The name does not say the calendar, so the last
/// day of a `YYYYMM` month is its Gregorian length (28 or 29 in February).
std::optional<RecordPeriod> parse_record_period(const std::string& file_name);

/// The files of a record in time order. A pattern without '*' or '?' is returned unchanged
/// (whether or not it exists; open_field checks). Otherwise the file-name part of the pattern
/// is matched (fnmatch) against the names of the regular files in its folder, which must not
/// itself contain wildcards. Paths come back as the folder part of the pattern joined with the
/// matched name. Throws InputError naming the pattern for a wildcard in the folder, a missing
/// folder or no match ("no file matches <pattern>"); naming the file for a matched name
/// without a period parse_record_period recognises; naming both files for two periods that
/// overlap, or that leave a gap (with the missing span). A period is taken to end a month when
/// its last day could be the month's last in some CF calendar (30 in any month, 28 or 29 in
/// February, 31 in long months), so 2049-12-30 followed by 2050-01-01 (360_day) is continuous.
std::vector<std::string> expand_record(const std::string& pattern);

/// Several files holding consecutive time steps of one variable on one grid, read as a single
/// field. Each part is opened with open_field; the constructor reads every part's metadata and
/// then keeps only one part open at a time (reopening as reads move along), so a long record
/// holds one netCDF handle and one chunk cache. Like the readers it wraps, not thread-safe.
class RecordField : public HazardField {
 public:
  /// Opens `part_paths` (in time order, at least one) for `variable` ("" picks each file's
  /// single lat/lon variable, as NetcdfField does; all parts must then pick the same name).
  /// `pattern` is what path() returns. Throws InputError naming the part (and the first part
  /// where it is compared with it) if a part has no dated time axis, a different variable name,
  /// grid (edges differing by more than 1e-9 deg), units string or calendar, and naming both
  /// files if the dates, concatenated, are not strictly increasing (within a part, naming that
  /// one). The time units may differ in their reference date: each part's dates are decoded
  /// with its own units. Whatever open_field throws for a part passes through.
  RecordField(const std::string& pattern, const std::vector<std::string>& part_paths,
              const std::string& variable);
  ~RecordField() override;
  RecordField(RecordField&&) noexcept;
  RecordField& operator=(RecordField&&) noexcept;
  RecordField(const RecordField&) = delete;
  RecordField& operator=(const RecordField&) = delete;

  const std::string& path() const override;       ///< the pattern
  const std::string& variable() const override;   ///< the variable name the parts resolved
  const std::string& units() const override;      ///< shared by all parts
  const core::LatLonGrid& grid() const override;  ///< the first part's (all agree to 1e-9 deg)
  /// The first part's calendar and units string, with the dates of all parts in order.
  const TimeAxis& time() const override;
  std::size_t n_times() const override;  ///< sum over the parts
  /// The first part's chunk steps. Parts of one record come from one tool and share their
  /// chunking as a rule; a block that crosses a file boundary reads whole chunks on both sides
  /// when each part's length is a multiple of it, and at worst one chunk twice otherwise.
  std::size_t time_chunk_steps() const override;
  /// Steps [first, first + count) of the whole record; a block crossing file boundaries is
  /// read from each part in turn. Throws InternalError if the range is out of bounds, and
  /// InputError if a part, reopened, no longer has the number of steps it had.
  Eigen::MatrixXd read_block(std::size_t first, std::size_t count) const override;
  /// The parts' streams in turn (each may decode on threads); blocks end at part boundaries.
  std::unique_ptr<BlockStream> stream(std::size_t first, std::size_t last, std::size_t block_steps,
                                      unsigned threads) const override;

  /// The files, in time order (for provenance: hash these, not path()).
  const std::vector<std::string>& part_paths() const;
  /// Index of the first step of each part in the record, plus n_times() at the end.
  const std::vector<std::size_t>& part_offsets() const;

  struct Impl;  // public so that the stream class in the .cpp file can name it

 private:
  std::unique_ptr<Impl> impl_;
};

/// expand_record(pattern); one file opens with open_field(file, variable), several as a
/// RecordField whose path() is the pattern.
std::unique_ptr<HazardField> open_record(const std::string& pattern, const std::string& variable);

}  // namespace spstress::hazards

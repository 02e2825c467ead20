#pragma once
/// A hazard field whose values are mapped cell by cell before anyone sees them, e.g. flood depth
/// to a damage ratio or wind speed to a damage share. Impact functions are not linear, so a
/// region's damage must be the exposure-weighted mean of the damage in its cells, not the
/// damage of its mean depth or wind: mapping the field before aggregation gives exactly that,
/// through the same weights, cache and streaming as any other field.

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include <Eigen/Core>

#include "spstress/hazards/field.hpp"

namespace spstress::hazards {

class MappedField : public HazardField {
 public:
  /// Applied in place to every block read (cells × steps); NaN marks a missing cell and must
  /// stay NaN. It may be called from the thread that reads the stream, one block at a time.
  using Map = std::function<void(Eigen::MatrixXd& block)>;

  /// Wraps `source`; the mapped values are in `units` (e.g. "1" for a share).
  MappedField(std::unique_ptr<HazardField> source, Map map, std::string units);

  const std::string& path() const override { return source_->path(); }
  const std::string& variable() const override { return source_->variable(); }
  const std::string& units() const override { return units_; }
  const core::LatLonGrid& grid() const override { return source_->grid(); }
  const TimeAxis& time() const override { return source_->time(); }
  std::size_t n_times() const override { return source_->n_times(); }
  std::size_t time_chunk_steps() const override { return source_->time_chunk_steps(); }
  Eigen::MatrixXd read_block(std::size_t first, std::size_t count) const override;
  /// The source's stream (so its parallel decoding is kept), each block mapped as it is handed
  /// out.
  std::unique_ptr<BlockStream> stream(std::size_t first, std::size_t last, std::size_t block_steps,
                                      unsigned threads) const override;

 private:
  std::unique_ptr<HazardField> source_;
  Map map_;
  std::string units_;
};

}  // namespace spstress::hazards

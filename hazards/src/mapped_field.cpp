#include "spstress/hazards/mapped_field.hpp"

#include <utility>

#include "spstress/core/error.hpp"

namespace spstress::hazards {

namespace {

class MappedStream : public BlockStream {
 public:
  MappedStream(std::unique_ptr<BlockStream> source, const MappedField::Map& map)
      : source_(std::move(source)), map_(map) {}

  bool next(Block& block) override {
    if (!source_->next(block)) return false;
    map_(block.values);
    return true;
  }

 private:
  std::unique_ptr<BlockStream> source_;
  const MappedField::Map& map_;
};

}  // namespace

MappedField::MappedField(std::unique_ptr<HazardField> source, Map map, std::string units)
    : source_(std::move(source)), map_(std::move(map)), units_(std::move(units)) {
  if (!source_ || !map_) throw InternalError("MappedField: no source field or no map");
}

Eigen::MatrixXd MappedField::read_block(std::size_t first, std::size_t count) const {
  Eigen::MatrixXd block = source_->read_block(first, count);
  map_(block);
  return block;
}

std::unique_ptr<BlockStream> MappedField::stream(std::size_t first, std::size_t last,
                                                 std::size_t block_steps, unsigned threads) const {
  return std::make_unique<MappedStream>(source_->stream(first, last, block_steps, threads), map_);
}

}  // namespace spstress::hazards

#include "spstress/hazards/field.hpp"

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>

#include "spstress/core/error.hpp"
#include "spstress/hazards/gdal_field.hpp"
#include "spstress/hazards/netcdf_field.hpp"

namespace spstress::hazards {

namespace {

class SequentialStream : public BlockStream {
 public:
  SequentialStream(const HazardField& field, std::size_t first, std::size_t last,
                   std::size_t block_steps)
      : field_(field),
        next_(first),
        last_(last),
        block_steps_(std::max<std::size_t>(1, block_steps)) {}

  bool next(Block& block) override {
    if (next_ >= last_) return false;
    const std::size_t n = std::min(block_steps_, last_ - next_);
    block.first = next_;
    block.values = field_.read_block(next_, n);
    next_ += n;
    return true;
  }

 private:
  const HazardField& field_;
  std::size_t next_;
  std::size_t last_;
  std::size_t block_steps_;
};

}  // namespace

std::unique_ptr<BlockStream> HazardField::stream(std::size_t first, std::size_t last,
                                                 std::size_t block_steps,
                                                 unsigned /*threads*/) const {
  if (first > last || last > n_times()) {
    throw InternalError(path() + ": stream(" + std::to_string(first) + ", " + std::to_string(last) +
                        ") is outside the " + std::to_string(n_times()) + " time steps");
  }
  return std::make_unique<SequentialStream>(*this, first, last, block_steps);
}

bool looks_like_netcdf(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::array<char, 8> magic{};
  in.read(magic.data(), magic.size());
  const auto got = in.gcount();
  // Classic, 64-bit offset and CDF-5 files start with "CDF" and a version byte (1, 2 or 5).
  if (got >= 4 && magic[0] == 'C' && magic[1] == 'D' && magic[2] == 'F' &&
      (magic[3] == 1 || magic[3] == 2 || magic[3] == 5)) {
    return true;
  }
  // netCDF-4 files are HDF5 files.
  constexpr std::array<char, 8> hdf5 = {'\x89', 'H', 'D', 'F', '\r', '\n', '\x1a', '\n'};
  return got == 8 && magic == hdf5;
}

std::unique_ptr<HazardField> open_field(const std::string& path, const std::string& variable) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw InputError(path + ": file not found");
  if (looks_like_netcdf(path)) return std::make_unique<NetcdfField>(path, variable);
  if (!variable.empty()) {
    throw InputError(path +
                     " is not a NetCDF file; a GDAL raster has bands, not variables "
                     "(variable \"" +
                     variable +
                     "\" was asked for; give none to read the "
                     "bands as time steps)");
  }
  return std::make_unique<GdalField>(path);
}

}  // namespace spstress::hazards

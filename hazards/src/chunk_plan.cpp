#include "chunk_plan.hpp"

#include <cerrno>
#include <cstring>
#include <limits>
#include <type_traits>

#include <hdf5.h>
#include <libdeflate.h>
#include <unistd.h>

#include "spstress/core/error.hpp"

namespace spstress::hazards::detail {

namespace {

/// Closes an HDF5 identifier with the matching function when it goes out of scope.
class H5Id {
 public:
  H5Id(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
  ~H5Id() {
    if (id_ >= 0) close_(id_);
  }
  H5Id(const H5Id&) = delete;
  H5Id& operator=(const H5Id&) = delete;
  hid_t get() const { return id_; }
  bool ok() const { return id_ >= 0; }

 private:
  hid_t id_;
  herr_t (*close_)(hid_t);
};

/// Silences HDF5's error stack printing while a plan is made: a file that cannot be read
/// directly is an ordinary outcome (the netCDF path reads it), not an error to print.
class QuietHdf5 {
 public:
  QuietHdf5() {
    H5Eget_auto2(H5E_DEFAULT, &func_, &data_);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  }
  ~QuietHdf5() { H5Eset_auto2(H5E_DEFAULT, func_, data_); }
  QuietHdf5(const QuietHdf5&) = delete;
  QuietHdf5& operator=(const QuietHdf5&) = delete;

 private:
  H5E_auto2_t func_ = nullptr;
  void* data_ = nullptr;
};

std::optional<ChunkPlan> refuse(std::string* why_not, const std::string& why) {
  if (why_not) *why_not = why;
  return std::nullopt;
}

template <std::size_t Size>
using BitsOf = std::conditional_t<
    Size == 1, std::uint8_t,
    std::conditional_t<Size == 2, std::uint16_t,
                       std::conditional_t<Size == 4, std::uint32_t, std::uint64_t>>>;

// Elements are put together from their bytes by value (shifts), so the result does not depend
// on this machine's byte order; only the file's matters. In the shuffle filter's layout byte k
// of element i is at k * n_elements + i. Every choice is a template parameter so that the byte
// loop unrolls and the element loop vectorises.
template <typename T, bool Shuffled, bool BigEndian>
void values_of(const unsigned char* bytes, std::size_t n_elements, std::size_t first,
               std::size_t count, double* out) {
  constexpr std::size_t size = sizeof(T);
  using Bits = BitsOf<size>;
  const std::size_t plane = Shuffled ? n_elements : 1;
  constexpr std::size_t step = Shuffled ? 1 : size;
  const unsigned char* p = bytes + first * step;
  for (std::size_t i = 0; i < count; ++i) {
    Bits b = 0;
#pragma GCC unroll 8
    for (std::size_t k = 0; k < size; ++k) {
      constexpr std::size_t top = 8 * (size - 1);
      const std::size_t shift = BigEndian ? top - 8 * k : 8 * k;
      b = static_cast<Bits>(b |
                            static_cast<Bits>(static_cast<Bits>(p[i * step + k * plane]) << shift));
    }
    T v;
    std::memcpy(&v, &b, size);
    out[i] = static_cast<double>(v);
  }
}

template <typename T>
void values_of(const unsigned char* bytes, std::size_t n_elements, bool shuffled, bool big_endian,
               std::size_t first, std::size_t count, double* out) {
  if (shuffled) {
    if (big_endian)
      values_of<T, true, true>(bytes, n_elements, first, count, out);
    else
      values_of<T, true, false>(bytes, n_elements, first, count, out);
  } else {
    if (big_endian)
      values_of<T, false, true>(bytes, n_elements, first, count, out);
    else
      values_of<T, false, false>(bytes, n_elements, first, count, out);
  }
}

}  // namespace

std::size_t ChunkPlan::chunk_elements() const {
  std::size_t n = 1;
  for (std::size_t c : chunk) n *= c;
  return n;
}

std::optional<ChunkPlan> plan_chunks(const std::string& path, const std::string& variable,
                                     const std::vector<std::size_t>& expected_shape,
                                     std::string* why_not) {
  QuietHdf5 quiet;
  if (H5Fis_hdf5(path.c_str()) <= 0) return refuse(why_not, "not an HDF5 (netCDF-4) file");
  const H5Id fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  const H5Id file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, fapl.get()), H5Fclose);
  if (!file.ok()) return refuse(why_not, "HDF5 cannot open the file beside netCDF");
  {
    const H5Id fcpl(H5Fget_create_plist(file.get()), H5Pclose);
    hsize_t userblock = 0;
    if (!fcpl.ok() || H5Pget_userblock(fcpl.get(), &userblock) < 0 || userblock != 0)
      return refuse(why_not, "the file has a user block");
  }
  // netCDF-4 stores a variable named like a dimension it is not the coordinate of under a
  // prefixed name.
  hid_t ds_id = H5Dopen2(file.get(), variable.c_str(), H5P_DEFAULT);
  if (ds_id < 0) ds_id = H5Dopen2(file.get(), ("_nc4_non_coord_" + variable).c_str(), H5P_DEFAULT);
  const H5Id dataset(ds_id, H5Dclose);
  if (!dataset.ok()) return refuse(why_not, "no HDF5 dataset of that name");

  ChunkPlan plan;
  const H5Id space(H5Dget_space(dataset.get()), H5Sclose);
  const int rank = space.ok() ? H5Sget_simple_extent_ndims(space.get()) : -1;
  if (rank < 1 || static_cast<std::size_t>(rank) != expected_shape.size())
    return refuse(why_not, "the dataset's rank differs from the variable's");
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
  for (std::size_t i = 0; i < dims.size(); ++i) {
    if (dims[i] != expected_shape[i])
      return refuse(why_not, "the dataset's extent differs from the dimension lengths");
    plan.shape.push_back(static_cast<std::size_t>(dims[i]));
  }

  const H5Id dcpl(H5Dget_create_plist(dataset.get()), H5Pclose);
  if (!dcpl.ok() || H5Pget_layout(dcpl.get()) != H5D_CHUNKED)
    return refuse(why_not, "the variable is not chunked");
  std::vector<hsize_t> cdims(static_cast<std::size_t>(rank));
  if (H5Pget_chunk(dcpl.get(), rank, cdims.data()) != rank)
    return refuse(why_not, "the chunk shape cannot be read");
  std::size_t n_chunks = 1;
  for (std::size_t i = 0; i < cdims.size(); ++i) {
    if (cdims[i] == 0) return refuse(why_not, "a chunk length is zero");
    plan.chunk.push_back(static_cast<std::size_t>(cdims[i]));
    plan.grid.push_back((plan.shape[i] + plan.chunk[i] - 1) / plan.chunk[i]);
    n_chunks *= plan.grid.back();
  }
  // A chunk index this large would take longer to list than the library takes to read.
  if (n_chunks > (std::size_t{1} << 22)) return refuse(why_not, "more than 4 million chunks");

  const int nfilters = H5Pget_nfilters(dcpl.get());
  if (nfilters < 0 || nfilters > 32) return refuse(why_not, "the filter pipeline cannot be read");
  for (int i = 0; i < nfilters; ++i) {
    unsigned flags = 0;
    std::size_t n_values = 0;
    char name[64] = {0};
    const H5Z_filter_t id = H5Pget_filter2(dcpl.get(), static_cast<unsigned>(i), &flags, &n_values,
                                           nullptr, sizeof name, name, nullptr);
    if (id == H5Z_FILTER_SHUFFLE) {
      plan.pipeline_is_shuffle.push_back(true);
    } else if (id == H5Z_FILTER_DEFLATE) {
      plan.pipeline_is_shuffle.push_back(false);
    } else {
      return refuse(why_not, std::string("filter '") + name + "' (id " + std::to_string(id) +
                                 ") is read through the library");
    }
  }

  const H5Id type(H5Dget_type(dataset.get()), H5Tclose);
  if (!type.ok()) return refuse(why_not, "the element type cannot be read");
  plan.element_bytes = H5Tget_size(type.get());
  switch (H5Tget_class(type.get())) {
    case H5T_INTEGER: {
      if (plan.element_bytes != 1 && plan.element_bytes != 2 && plan.element_bytes != 4 &&
          plan.element_bytes != 8)
        return refuse(why_not, "an integer type of unusual size");
      plan.kind = H5Tget_sign(type.get()) == H5T_SGN_NONE ? ElementKind::UnsignedInt
                                                          : ElementKind::SignedInt;
      const H5T_order_t order = H5Tget_order(type.get());
      if (plan.element_bytes > 1 && order != H5T_ORDER_LE && order != H5T_ORDER_BE)
        return refuse(why_not, "an integer byte order other than little or big endian");
      plan.big_endian = order == H5T_ORDER_BE;
      break;
    }
    case H5T_FLOAT: {
      plan.kind = ElementKind::Float;
      if (H5Tequal(type.get(), H5T_IEEE_F32LE) > 0 || H5Tequal(type.get(), H5T_IEEE_F64LE) > 0) {
        plan.big_endian = false;
      } else if (H5Tequal(type.get(), H5T_IEEE_F32BE) > 0 ||
                 H5Tequal(type.get(), H5T_IEEE_F64BE) > 0) {
        plan.big_endian = true;
      } else {
        return refuse(why_not, "a floating-point type other than IEEE 754 binary32 or binary64");
      }
      break;
    }
    default:
      return refuse(why_not, "not a numeric element type");
  }

  double fill = 0.0;
  if (H5Pget_fill_value(dcpl.get(), H5T_NATIVE_DOUBLE, &fill) < 0)
    return refuse(why_not, "the fill value cannot be read");
  plan.fill_value = fill;

  plan.chunks.resize(n_chunks);
  std::vector<hsize_t> at(plan.grid.size(), 0);  // chunk coordinates, row-major counter
  std::vector<hsize_t> offset(plan.grid.size(), 0);
  for (std::size_t k = 0; k < n_chunks; ++k) {
    for (std::size_t d = 0; d < at.size(); ++d) offset[d] = at[d] * plan.chunk[d];
    unsigned mask = 0;
    haddr_t addr = HADDR_UNDEF;
    hsize_t bytes = 0;
    if (H5Dget_chunk_info_by_coord(dataset.get(), offset.data(), &mask, &addr, &bytes) < 0)
      return refuse(why_not, "the chunk index cannot be read");
    if (addr != HADDR_UNDEF && bytes > 0) {
      plan.chunks[k] =
          ChunkLocation{static_cast<std::uint64_t>(addr), static_cast<std::uint64_t>(bytes), mask};
    }
    for (std::size_t d = at.size(); d-- > 0;) {
      if (++at[d] < plan.grid[d]) break;
      at[d] = 0;
    }
  }
  return plan;
}

ChunkScratch::~ChunkScratch() {
  if (decompressor)
    libdeflate_free_decompressor(static_cast<libdeflate_decompressor*>(decompressor));
}

const unsigned char* decode_chunk(int fd, const ChunkPlan& plan, std::size_t index,
                                  ChunkScratch& scratch, bool& shuffled, const std::string& where) {
  const std::size_t raw_bytes = plan.chunk_elements() * plan.element_bytes;
  shuffled = false;
  const ChunkLocation& loc = plan.chunks.at(index);
  if (loc.bytes == 0) return nullptr;
  const auto chunk_where = [&] {
    return where + ": chunk " + std::to_string(index) + " at byte " + std::to_string(loc.offset);
  };
  // A chunk far larger than its decoded size is not something a writer makes.
  if (loc.bytes > raw_bytes + raw_bytes / 2 + 4096) {
    throw InputError(chunk_where() + ": stored size " + std::to_string(loc.bytes) +
                     " bytes is implausible for " + std::to_string(raw_bytes) + " bytes of data");
  }
  scratch.stored.resize(static_cast<std::size_t>(loc.bytes));
  std::size_t got = 0;
  while (got < scratch.stored.size()) {
    const ssize_t r = ::pread(fd, scratch.stored.data() + got, scratch.stored.size() - got,
                              static_cast<off_t>(loc.offset + got));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) {
      throw InputError(chunk_where() + ": " +
                       (r < 0 ? std::string(std::strerror(errno))
                              : "the file ends before the chunk does (truncated file?)"));
    }
    got += static_cast<std::size_t>(r);
  }

  std::vector<unsigned char>* cur = &scratch.stored;
  std::vector<unsigned char>* other = &scratch.work;
  // Decoding runs the writer's pipeline backwards.
  for (std::size_t i = plan.pipeline_is_shuffle.size(); i-- > 0;) {
    if (i < 32 && ((loc.filter_mask >> i) & 1u) != 0) continue;
    if (plan.pipeline_is_shuffle[i]) {
      if (cur->size() != raw_bytes) {
        throw InputError(chunk_where() + ": holds " + std::to_string(cur->size()) +
                         " bytes before unshuffling; expected " + std::to_string(raw_bytes));
      }
      if (plan.element_bytes == 1) continue;
      if (i == 0 && !shuffled) {
        shuffled = true;  // the last step: chunk_values reads the byte planes directly
        continue;
      }
      other->resize(raw_bytes);
      const std::size_t n = raw_bytes / plan.element_bytes;
      for (std::size_t b = 0; b < plan.element_bytes; ++b) {
        for (std::size_t e = 0; e < n; ++e)
          (*other)[e * plan.element_bytes + b] = (*cur)[b * n + e];
      }
    } else {
      if (shuffled) throw InternalError(chunk_where() + ": deflate after a deferred unshuffle");
      other->resize(raw_bytes);
      if (!scratch.decompressor) scratch.decompressor = libdeflate_alloc_decompressor();
      if (!scratch.decompressor) throw InternalError("libdeflate: out of memory");
      std::size_t actual = 0;
      const libdeflate_result r =
          libdeflate_zlib_decompress(static_cast<libdeflate_decompressor*>(scratch.decompressor),
                                     cur->data(), cur->size(), other->data(), raw_bytes, &actual);
      if (r != LIBDEFLATE_SUCCESS || actual != raw_bytes) {
        throw InputError(chunk_where() + ": the deflate stream does not decompress to the " +
                         std::to_string(raw_bytes) + " bytes of a chunk (corrupt file?)");
      }
    }
    std::swap(cur, other);
  }
  if (cur->size() != raw_bytes) {
    throw InputError(chunk_where() + ": holds " + std::to_string(cur->size()) +
                     " bytes; expected " + std::to_string(raw_bytes));
  }
  return cur->data();
}

void chunk_values(const ChunkPlan& plan, const unsigned char* bytes, bool shuffled,
                  std::size_t first, std::size_t count, double* out) {
  const std::size_t n = plan.chunk_elements();
  const bool be = plan.big_endian;
  switch (plan.kind) {
    case ElementKind::Float:
      if (plan.element_bytes == 4)
        values_of<float>(bytes, n, shuffled, be, first, count, out);
      else
        values_of<double>(bytes, n, shuffled, be, first, count, out);
      return;
    case ElementKind::SignedInt:
      switch (plan.element_bytes) {
        case 1:
          values_of<std::int8_t>(bytes, n, shuffled, be, first, count, out);
          return;
        case 2:
          values_of<std::int16_t>(bytes, n, shuffled, be, first, count, out);
          return;
        case 4:
          values_of<std::int32_t>(bytes, n, shuffled, be, first, count, out);
          return;
        default:
          values_of<std::int64_t>(bytes, n, shuffled, be, first, count, out);
          return;
      }
    case ElementKind::UnsignedInt:
      switch (plan.element_bytes) {
        case 1:
          values_of<std::uint8_t>(bytes, n, shuffled, be, first, count, out);
          return;
        case 2:
          values_of<std::uint16_t>(bytes, n, shuffled, be, first, count, out);
          return;
        case 4:
          values_of<std::uint32_t>(bytes, n, shuffled, be, first, count, out);
          return;
        default:
          values_of<std::uint64_t>(bytes, n, shuffled, be, first, count, out);
          return;
      }
  }
}

}  // namespace spstress::hazards::detail

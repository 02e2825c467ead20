#pragma once
/// A hazard variable in a GDAL raster (GeoTIFF and the other GDAL raster formats), its bands
/// read as time steps. GDAL types stay in the .cpp file.

#include <cstddef>
#include <memory>
#include <string>

#include <Eigen/Core>

#include "spstress/core/grid.hpp"
#include "spstress/hazards/field.hpp"

namespace spstress::hazards {

/// The bands of a north-up or south-up raster on a geographic (longitude/latitude, degrees)
/// CRS. Band b (1-based) is time step b - 1; the steps carry no dates. Per band, the nodata
/// value and a mask band (alpha or per-dataset mask) give NaN, and the band's scale and offset
/// are applied (value = stored * scale + offset). Rows are flipped to north-up and columns to
/// increasing longitude; longitudes keep the file's convention (-180..180 or 0..360).
class GdalField : public HazardField {
 public:
  /// Opens the raster. Throws InputError naming the file if GDAL cannot open it as a raster,
  /// if it has no bands, complex-valued bands, no geotransform, a rotated geotransform, no CRS,
  /// a projected CRS or a geographic CRS not in degrees, latitudes beyond ±90°, longitudes
  /// spanning more than 360°, or bands whose units differ. GDAL handles are not thread-safe:
  /// use one GdalField from one thread at a time (separate GdalFields may read concurrently).
  explicit GdalField(const std::string& path);
  ~GdalField() override;
  GdalField(GdalField&&) noexcept;
  GdalField& operator=(GdalField&&) noexcept;
  GdalField(const GdalField&) = delete;
  GdalField& operator=(const GdalField&) = delete;

  const std::string& path() const override;
  /// Always "band".
  const std::string& variable() const override;
  /// GDAL's unit type of band 1 ("" if none).
  const std::string& units() const override;
  const core::LatLonGrid& grid() const override;
  /// Standard calendar, empty units and no dates: bands are numbered steps.
  const TimeAxis& time() const override;
  /// The number of bands.
  std::size_t n_times() const override;

  /// Bands first + 1 .. first + count as a (grid().ncells() x count) matrix, north-up
  /// row-major cells, NaN where missing, scale and offset applied. Throws InputError on a read
  /// failure and InternalError if the range is out of bounds.
  Eigen::MatrixXd read_block(std::size_t first, std::size_t count) const override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace spstress::hazards

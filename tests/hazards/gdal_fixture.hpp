#pragma once
// Writes small GeoTIFFs (or rasters of another GDAL driver) for the hazards tests.

#include <array>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <gdal_priv.h>
#include <ogr_spatialref.h>

namespace spstress::test {

struct TiffSpec {
  std::string driver = "GTiff";
  int nx = 3;
  int ny = 2;
  int nbands = 2;
  GDALDataType type = GDT_Float32;
  std::array<double, 6> geotransform = {100.0, 1.0, 0.0, 40.0, 0.0, -1.0};
  int epsg = 4326;  ///< 0: no CRS
  std::optional<double> nodata;
  std::optional<double> scale;
  std::optional<double> offset;
  std::vector<std::string> units;  ///< per band; empty: none set
  /// Stored value of band b (1-based) at file row r and column c (row 0 is the first row of
  /// the file, whatever latitude it has).
  std::function<double(int b, int r, int c)> value = [](int b, int r, int c) {
    return 100.0 * b + 10.0 * r + c;
  };
  /// Cells (file row, column) set to 0 in a per-dataset mask band; none: no mask band.
  std::vector<std::array<int, 2>> masked;
};

inline void write_tiff(const std::string& path, const TiffSpec& s) {
  GDALAllRegister();
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName(s.driver.c_str());
  if (drv == nullptr) throw std::runtime_error("test fixture: no " + s.driver + " driver");
  GDALDatasetUniquePtr ds(drv->Create(path.c_str(), s.nx, s.ny, s.nbands, s.type, nullptr));
  if (!ds) throw std::runtime_error("test fixture: cannot create " + path);
  std::array<double, 6> gt = s.geotransform;
  ds->SetGeoTransform(gt.data());
  if (s.epsg != 0) {
    OGRSpatialReference srs;
    srs.importFromEPSG(s.epsg);
    ds->SetSpatialRef(&srs);
  }
  for (int b = 1; b <= s.nbands; ++b) {
    GDALRasterBand* band = ds->GetRasterBand(b);
    if (s.nodata) band->SetNoDataValue(*s.nodata);
    if (s.scale) band->SetScale(*s.scale);
    if (s.offset) band->SetOffset(*s.offset);
    if (static_cast<std::size_t>(b) <= s.units.size())
      band->SetUnitType(s.units[static_cast<std::size_t>(b - 1)].c_str());
    std::vector<double> v;
    for (int r = 0; r < s.ny; ++r)
      for (int c = 0; c < s.nx; ++c) v.push_back(s.value(b, r, c));
    if (band->RasterIO(GF_Write, 0, 0, s.nx, s.ny, v.data(), s.nx, s.ny, GDT_Float64, 0, 0,
                       nullptr) != CE_None) {
      throw std::runtime_error("test fixture: cannot write band of " + path);
    }
  }
  if (!s.masked.empty()) {
    if (ds->CreateMaskBand(GMF_PER_DATASET) != CE_None)
      throw std::runtime_error("test fixture: cannot create mask of " + path);
    std::vector<GByte> m(static_cast<std::size_t>(s.nx * s.ny), 255);
    for (const auto& rc : s.masked) m[static_cast<std::size_t>(rc[0] * s.nx + rc[1])] = 0;
    GDALRasterBand* mask = ds->GetRasterBand(1)->GetMaskBand();
    if (mask->RasterIO(GF_Write, 0, 0, s.nx, s.ny, m.data(), s.nx, s.ny, GDT_Byte, 0, 0, nullptr) !=
        CE_None) {
      throw std::runtime_error("test fixture: cannot write mask of " + path);
    }
  }
}

}  // namespace spstress::test

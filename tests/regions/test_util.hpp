#pragma once
// Fixture files for the regions tests: a private temporary folder, and small GeoTIFF and
// GeoJSON writers. Everything is written below the temporary folder and removed afterwards.

#include <atomic>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>
#include "support/temp_dir.hpp"

#include <unistd.h>

#include <gdal.h>
#include <ogr_srs_api.h>

namespace spstress::regions::test {

using spstress::test::TempDir;

inline std::string write_text(const TempDir& dir, const std::string& name,
                              const std::string& text) {
  const std::string p = dir.file(name);
  std::ofstream(p) << text;
  return p;
}

struct TiffSpec {
  int nx = 1, ny = 1;
  double gt[6] = {0, 1, 0, 0, 0, -1};
  int epsg = 4326;  ///< 0 writes no CRS
  bool has_nodata = false;
  double nodata = 0;
  std::vector<double> values;  ///< ny rows of nx, in file order
};

/// Writes a one-band Float64 GeoTIFF; returns its path.
inline std::string write_tiff(const TempDir& dir, const std::string& name, const TiffSpec& s) {
  GDALAllRegister();
  const std::string p = dir.file(name);
  GDALDriverH drv = GDALGetDriverByName("GTiff");
  GDALDatasetH ds = GDALCreate(drv, p.c_str(), s.nx, s.ny, 1, GDT_Float64, nullptr);
  double gt[6];
  for (int k = 0; k < 6; ++k) gt[k] = s.gt[k];
  GDALSetGeoTransform(ds, gt);
  if (s.epsg != 0) {
    OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
    OSRImportFromEPSG(srs, s.epsg);
    GDALSetSpatialRef(ds, srs);
    OSRRelease(srs);
  }
  GDALRasterBandH b = GDALGetRasterBand(ds, 1);
  if (s.has_nodata) GDALSetRasterNoDataValue(b, s.nodata);
  std::vector<double> v = s.values;
  if (GDALRasterIO(b, GF_Write, 0, 0, s.nx, s.ny, v.data(), s.nx, s.ny, GDT_Float64, 0, 0) !=
      CE_None) {
    GDALClose(ds);
    return "";
  }
  GDALClose(ds);
  return p;
}

}  // namespace spstress::regions::test

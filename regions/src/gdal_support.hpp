#pragma once
// GDAL handles owned by RAII, and a scope that keeps GDAL from printing: library code never
// prints, so GDAL's own messages are captured and folded into our exceptions instead.

#include <memory>
#include <string>

#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

namespace spstress::regions::detail {

struct DatasetCloser {
  void operator()(void* h) const { GDALClose(static_cast<GDALDatasetH>(h)); }
};
struct FeatureDestroyer {
  void operator()(void* h) const { OGR_F_Destroy(static_cast<OGRFeatureH>(h)); }
};
struct GeometryDestroyer {
  void operator()(void* h) const { OGR_G_DestroyGeometry(static_cast<OGRGeometryH>(h)); }
};
struct SrsReleaser {
  void operator()(void* h) const { OSRRelease(static_cast<OGRSpatialReferenceH>(h)); }
};
struct TransformDestroyer {
  void operator()(void* h) const {
    OCTDestroyCoordinateTransformation(static_cast<OGRCoordinateTransformationH>(h));
  }
};

using DatasetPtr = std::unique_ptr<void, DatasetCloser>;
using FeaturePtr = std::unique_ptr<void, FeatureDestroyer>;
using GeometryPtr = std::unique_ptr<void, GeometryDestroyer>;
using SrsPtr = std::unique_ptr<void, SrsReleaser>;
using TransformPtr = std::unique_ptr<void, TransformDestroyer>;

/// Registers GDAL's drivers once per process.
void ensure_gdal_registered();

/// While alive, GDAL errors and warnings on this thread are recorded, not printed.
class QuietGdalErrors {
 public:
  QuietGdalErrors() {
    CPLPushErrorHandler(CPLQuietErrorHandler);
    CPLErrorReset();
  }
  ~QuietGdalErrors() { CPLPopErrorHandler(); }
  QuietGdalErrors(const QuietGdalErrors&) = delete;
  QuietGdalErrors& operator=(const QuietGdalErrors&) = delete;
};

/// "" or " (GDAL: <last message>)", for appending to an error message.
std::string gdal_reason();

/// WGS 84 with longitude first, whatever the EPSG axis order says.
SrsPtr wgs84_lon_lat();

}  // namespace spstress::regions::detail

#include "gdal_support.hpp"

#include <mutex>

#include "spstress/core/error.hpp"

namespace spstress::regions::detail {

void ensure_gdal_registered() {
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
}

std::string gdal_reason() {
  const char* msg = CPLGetLastErrorMsg();
  if (msg == nullptr || *msg == '\0') return "";
  return std::string(" (GDAL: ") + msg + ")";
}

SrsPtr wgs84_lon_lat() {
  SrsPtr srs(OSRNewSpatialReference(nullptr));
  if (!srs ||
      OSRImportFromEPSG(static_cast<OGRSpatialReferenceH>(srs.get()), 4326) != OGRERR_NONE) {
    throw InternalError("cannot build the WGS 84 spatial reference (EPSG:4326)" + gdal_reason());
  }
  // x = longitude, y = latitude everywhere inside spstress.
  OSRSetAxisMappingStrategy(static_cast<OGRSpatialReferenceH>(srs.get()),
                            OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
}

}  // namespace spstress::regions::detail

#pragma once
/// GDAL set-up shared by the raster reader and `inspect`. Private to hazards/.

#include <string>

#include <cpl_error.h>

namespace spstress::hazards::detail {

/// Registers GDAL's drivers once per process.
void ensure_gdal_registered();

/// GDAL prints errors to stderr by default; library code must stay silent. GDAL keeps its
/// handler stack per thread, so this silences the calling thread only.
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

/// " (<last GDAL error message>)", or "" when GDAL gave none.
std::string gdal_reason();

}  // namespace spstress::hazards::detail

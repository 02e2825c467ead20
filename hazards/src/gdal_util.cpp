#include "gdal_util.hpp"

#include <mutex>

#include <gdal.h>

namespace spstress::hazards::detail {

void ensure_gdal_registered() {
  static std::once_flag registered;
  std::call_once(registered, [] { GDALAllRegister(); });
}

std::string gdal_reason() {
  const std::string msg = CPLGetLastErrorMsg();
  return msg.empty() ? std::string() : " (" + msg + ")";
}

}  // namespace spstress::hazards::detail

#include "spstress/scenarios/writers.hpp"

#include <cmath>
#include <memory>
#include <mutex>
#include <string>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "spstress/core/error.hpp"
#include "spstress/scenarios/atomic_file.hpp"

namespace spstress::scenarios {
namespace {

/// The GeoPackage driver stamps gpkg_contents.last_change with the current time, so two runs
/// would differ in bytes. A fixed date keeps reruns byte-identical (DESIGN.md: a run is a pure
/// function of its inputs). Thread-local, and restored afterwards, so that the rest of the
/// program and other threads are unaffected.
constexpr const char* fixed_gpkg_date = "2000-01-01T00:00:00.000Z";

class ScopedThreadConfig {
 public:
  ScopedThreadConfig(const char* key, const char* value) : key_(key) {
    const char* old = CPLGetThreadLocalConfigOption(key, nullptr);
    had_old_ = old != nullptr;
    if (had_old_) old_ = old;
    CPLSetThreadLocalConfigOption(key, value);
  }
  ~ScopedThreadConfig() { CPLSetThreadLocalConfigOption(key_, had_old_ ? old_.c_str() : nullptr); }
  ScopedThreadConfig(const ScopedThreadConfig&) = delete;
  ScopedThreadConfig& operator=(const ScopedThreadConfig&) = delete;

 private:
  const char* key_;
  std::string old_;
  bool had_old_ = false;
};

/// Library code never prints: GDAL's messages are kept for our exceptions instead of stderr.
class ScopedQuietErrors {
 public:
  ScopedQuietErrors() {
    CPLPushErrorHandler(CPLQuietErrorHandler);
    CPLErrorReset();
  }
  ~ScopedQuietErrors() { CPLPopErrorHandler(); }
  ScopedQuietErrors(const ScopedQuietErrors&) = delete;
  ScopedQuietErrors& operator=(const ScopedQuietErrors&) = delete;
};

std::string gdal_message() {
  const char* msg = CPLGetLastErrorMsg();
  return (msg != nullptr && *msg != '\0') ? std::string(": ") + msg : std::string();
}

struct DatasetCloser {
  void operator()(void* ds) const {
    if (ds != nullptr) GDALClose(ds);
  }
};
struct FeatureDestroyer {
  void operator()(void* f) const { OGR_F_Destroy(f); }
};
struct GeometryDestroyer {
  void operator()(void* g) const { OGR_G_DestroyGeometry(g); }
};
struct SrsReleaser {
  void operator()(void* srs) const { OSRRelease(srs); }
};
struct FieldDefnDestroyer {
  void operator()(void* f) const { OGR_Fld_Destroy(f); }
};
using DatasetPtr = std::unique_ptr<void, DatasetCloser>;
using FeaturePtr = std::unique_ptr<void, FeatureDestroyer>;
using GeometryPtr = std::unique_ptr<void, GeometryDestroyer>;
using SrsPtr = std::unique_ptr<void, SrsReleaser>;
using FieldDefnPtr = std::unique_ptr<void, FieldDefnDestroyer>;

GeometryPtr make_multipolygon(const RegionShape& shape, const std::string& region_code) {
  GeometryPtr multi(OGR_G_CreateGeometry(wkbMultiPolygon));
  for (std::size_t p = 0; p < shape.polygons.size(); ++p) {
    GeometryPtr polygon(OGR_G_CreateGeometry(wkbPolygon));
    for (std::size_t r = 0; r < shape.polygons[p].size(); ++r) {
      const auto& points = shape.polygons[p][r];
      const std::string where =
          "region " + region_code + " polygon " + std::to_string(p) + " ring " + std::to_string(r);
      if (points.size() < 3) {
        throw InternalError(where + ": " + std::to_string(points.size()) +
                            " points; expected at least 3");
      }
      GeometryPtr ring(OGR_G_CreateGeometry(wkbLinearRing));
      for (const auto& [lon_deg, lat_deg] : points) {
        if (!std::isfinite(lon_deg) || !std::isfinite(lat_deg)) {
          throw InternalError(where + ": non-finite coordinate");
        }
        OGR_G_AddPoint_2D(ring.get(), lon_deg, lat_deg);
      }
      // Simple Features rings repeat their first point at the end; region readers may not.
      if (points.front() != points.back()) {
        OGR_G_AddPoint_2D(ring.get(), points.front()[0], points.front()[1]);
      }
      if (OGR_G_AddGeometryDirectly(polygon.get(), ring.release()) != OGRERR_NONE) {
        throw InternalError(where + ": cannot add ring to polygon");
      }
    }
    if (OGR_G_AddGeometryDirectly(multi.get(), polygon.release()) != OGRERR_NONE) {
      throw InternalError("region " + region_code + ": cannot add polygon to multipolygon");
    }
  }
  return multi;
}

void write_gpkg_file(const RunResults& results, const std::string& tmp_path,
                     const std::string& path) {
  static std::once_flag registered;
  std::call_once(registered, [] { GDALAllRegister(); });

  const ScopedQuietErrors quiet;
  const ScopedThreadConfig fixed_date("OGR_CURRENT_DATE", fixed_gpkg_date);

  GDALDriverH driver = GDALGetDriverByName("GPKG");
  if (driver == nullptr) {
    throw InputError(path + ": the GDAL library in use has no GPKG driver");
  }
  DatasetPtr ds(GDALCreate(driver, tmp_path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!ds) throw InputError(path + ": cannot create GeoPackage" + gdal_message());

  SrsPtr srs(OSRNewSpatialReference(nullptr));
  if (OSRImportFromEPSG(srs.get(), 4326) != OGRERR_NONE) {
    throw InputError(path +
                     ": cannot build the EPSG:4326 coordinate system (PROJ database "
                     "missing?)" +
                     gdal_message());
  }
  // Our points are (lon, lat); EPSG:4326 officially orders latitude first.
  OSRSetAxisMappingStrategy(srs.get(), OAMS_TRADITIONAL_GIS_ORDER);

  const Provenance& prov = results.provenance;
  const std::string description =
      "spstress " + prov.version + ", scenario " + prov.scenario_name + " (sha256 " +
      prov.scenario_sha256 + "), seed " + std::to_string(prov.seed) + ", members " +
      std::to_string(prov.members) + "; metric values are medians over members";
  const std::string description_option = "DESCRIPTION=" + description;
  const char* layer_options[] = {description_option.c_str(), nullptr};
  OGRLayerH layer = GDALDatasetCreateLayer(ds.get(), "regions", srs.get(), wkbMultiPolygon,
                                           const_cast<char**>(layer_options));
  if (layer == nullptr) throw InputError(path + ": cannot create layer 'regions'" + gdal_message());

  const auto add_field = [&](const std::string& name, OGRFieldType type) {
    FieldDefnPtr field(OGR_Fld_Create(name.c_str(), type));
    if (OGR_L_CreateField(layer, field.get(), TRUE) != OGRERR_NONE) {
      throw InputError(path + ": cannot create field '" + name + "'" + gdal_message());
    }
  };
  for (const char* name : {"code", "name_en", "name_zh", "gb_code"}) add_field(name, OFTString);
  for (const MetricInfo& info : headline_metrics()) add_field(info.name, OFTReal);

  // One transaction for all features: SQLite would otherwise sync the file once per feature.
  if (GDALDatasetStartTransaction(ds.get(), FALSE) != OGRERR_NONE) {
    throw InputError(path + ": cannot start a transaction" + gdal_message());
  }
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
  for (const RegionSummary& region : results.regions) {
    FeaturePtr feature(OGR_F_Create(defn));
    OGR_F_SetFieldString(feature.get(), 0, region.code.c_str());
    OGR_F_SetFieldString(feature.get(), 1, region.name_en.c_str());
    OGR_F_SetFieldString(feature.get(), 2, region.name_zh.c_str());
    OGR_F_SetFieldString(feature.get(), 3, region.gb_code.c_str());
    int field_index = 4;
    for (const MetricInfo& info : headline_metrics()) {
      const auto it = region.metrics.find(info.name);
      if (it == region.metrics.end()) {
        throw InternalError(path + ": region " + region.code + ": no value for headline metric '" +
                            info.name + "'");
      }
      const double value = it->second.p50;
      if (std::isnan(value)) {
        OGR_F_SetFieldNull(feature.get(), field_index);
      } else if (std::isinf(value)) {
        throw InternalError(path + ": region " + region.code + " " + info.name +
                            ": value is infinite; expected a finite number or NaN (no value)");
      } else {
        OGR_F_SetFieldDouble(feature.get(), field_index, value == 0.0 ? 0.0 : value);
      }
      ++field_index;
    }
    if (!region.shape.polygons.empty()) {
      GeometryPtr geometry = make_multipolygon(region.shape, region.code);
      OGR_F_SetGeometryDirectly(feature.get(), geometry.release());
    }
    if (OGR_L_CreateFeature(layer, feature.get()) != OGRERR_NONE) {
      throw InputError(path + ": cannot write the feature of region " + region.code +
                       gdal_message());
    }
  }
  if (GDALDatasetCommitTransaction(ds.get()) != OGRERR_NONE) {
    throw InputError(path + ": cannot commit the features" + gdal_message());
  }

  // GDAL 3.6's GDALClose reports nothing back; its failures show only as a recorded error.
  CPLErrorReset();
  GDALClose(ds.release());
  if (CPLGetLastErrorType() >= CE_Failure) {
    throw InputError(path + ": cannot finish GeoPackage" + gdal_message());
  }
}

}  // namespace

void write_regions_gpkg(const RunResults& results, const std::string& path) {
  write_atomically(path,
                   [&](const std::string& tmp_path) { write_gpkg_file(results, tmp_path, path); });
}

}  // namespace spstress::scenarios

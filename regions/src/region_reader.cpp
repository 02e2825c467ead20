#include "spstress/regions/region.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <unordered_map>

#include <cpl_conv.h>
#include <cpl_vsi.h>

#include "gdal_support.hpp"
#include "geojson_scan.hpp"
#include "spstress/core/error.hpp"

namespace spstress::regions {

namespace {

using detail::gdal_reason;

Ring read_ring(OGRGeometryH ring) {
  const int n = OGR_G_GetPointCount(ring);
  Ring out;
  out.reserve(static_cast<std::size_t>(std::max(n, 0)));
  for (int k = 0; k < n; ++k) out.push_back({OGR_G_GetX(ring, k), OGR_G_GetY(ring, k)});
  return out;
}

Polygon read_polygon(OGRGeometryH poly) {
  Polygon p;
  const int nrings = OGR_G_GetGeometryCount(poly);
  for (int k = 0; k < nrings; ++k) {
    Ring r = read_ring(OGR_G_GetGeometryRef(poly, k));
    if (k == 0) {
      p.outer = std::move(r);
    } else {
      p.holes.push_back(std::move(r));
    }
  }
  return p;
}

// Finite, and latitudes on the globe: a projected layer mislabelled as geographic fails here.
bool plausible_lon_lat(const std::vector<Polygon>& polys) {
  auto ok = [](const Ring& r) {
    for (const Point& q : r) {
      if (!std::isfinite(q[0]) || !(q[1] >= -90.0 && q[1] <= 90.0)) return false;
    }
    return true;
  };
  for (const Polygon& p : polys) {
    if (!ok(p.outer)) return false;
    for (const Ring& h : p.holes) {
      if (!ok(h)) return false;
    }
  }
  return true;
}

std::string field_list(OGRFeatureDefnH defn) {
  std::string s;
  const int n = OGR_FD_GetFieldCount(defn);
  for (int k = 0; k < n; ++k) {
    if (!s.empty()) s += ", ";
    s += OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, k));
  }
  return s.empty() ? "none" : s;
}

// Plain GeoJSON FeatureCollections are read through detail::scan_geojson (geojson_scan.cpp):
// OGR then parses only the attributes. Beyond this size the OGR path is used: it streams,
// while the scanner holds the file in memory.
constexpr vsi_l_offset max_scanned_geojson_bytes = vsi_l_offset{64} << 20;

// OGR SQL can test the geometry in a filter (OGR_GEOMETRY, OGR_GEOM_AREA, OGR_GEOM_WKT); the
// placeholders would answer for it, so such filters go through OGR alone.
bool filter_mentions_geometry(const std::string& where) {
  std::string upper = where;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return upper.find("OGR_GEOM") != std::string::npos;
}

// True when transforming from `src` to `target` leaves every coordinate as it is: the same
// CRS, axes in the same order, and coordinates stored in the same order.
bool same_lon_lat_frame(OGRSpatialReferenceH src, OGRSpatialReferenceH target) {
  const char* const strict[] = {"CRITERION=EQUIVALENT", nullptr};
  if (!OSRIsSameEx(src, target, strict)) return false;
  int n_src = 0, n_target = 0;
  const int* m_src = OSRGetDataAxisToSRSAxisMapping(src, &n_src);
  const int* m_target = OSRGetDataAxisToSRSAxisMapping(target, &n_target);
  if (n_src != n_target || !std::equal(m_src, m_src + n_src, m_target)) return false;
  const double e_src = OSRGetCoordinateEpoch(src), e_target = OSRGetCoordinateEpoch(target);
  return e_src == e_target;
}

// Polygons read ahead of OGR, looked up by the placeholder point OGR hands back.
struct PreRead {
  std::vector<std::vector<Polygon>>& geometries;
  std::vector<bool> taken;
};

// Reads the regions of the first layer of `ds`; `path` is what messages name. With `pre`, the
// geometries are placeholders and the polygons come from `pre`; nullopt then means "read the
// file with OGR alone" (a CRS other than WGS 84 lon/lat, or a geometry other than the
// placeholders).
std::optional<std::vector<Region>> read_layer(GDALDatasetH h, const std::string& path,
                                              const RegionReadOptions& options, PreRead* pre) {
  if (GDALDatasetGetLayerCount(h) < 1) throw InputError(path + ": no layers");
  OGRLayerH layer = GDALDatasetGetLayer(h, 0);
  const std::string where = "layer " + std::string(OGR_L_GetName(layer)) + " of " + path;
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);

  const int id_index = OGR_FD_GetFieldIndex(defn, options.id_field.c_str());
  if (id_index < 0) {
    throw InputError(where + ": no id field \"" + options.id_field +
                     "\"; the fields are: " + field_list(defn));
  }
  int name_index = -1;
  if (!options.name_field.empty()) {
    name_index = OGR_FD_GetFieldIndex(defn, options.name_field.c_str());
    if (name_index < 0) {
      throw InputError(where + ": no name field \"" + options.name_field +
                       "\"; the fields are: " + field_list(defn));
    }
  }
  if (!options.where.empty()) {
    CPLErrorReset();
    if (OGR_L_SetAttributeFilter(layer, options.where.c_str()) != OGRERR_NONE) {
      throw InputError(where + ": invalid attribute filter \"" + options.where + "\"" +
                       gdal_reason());
    }
  }

  OGRSpatialReferenceH src_srs = OGR_L_GetSpatialRef(layer);
  if (src_srs == nullptr) {
    if (pre != nullptr) return std::nullopt;
    throw InputError(where +
                     ": the layer has no coordinate reference system; expected one "
                     "(e.g. a .prj next to a Shapefile)");
  }
  const detail::SrsPtr target = detail::wgs84_lon_lat();
  const auto target_h = static_cast<OGRSpatialReferenceH>(target.get());
  // The layer's own SRS carries the axis order its coordinates are stored in; the target
  // is lon/lat. Going through PROJ even for WGS 84 sources costs little and handles data
  // stored lat-first. Polygons read ahead are used only when that transformation would leave
  // them as they are.
  detail::TransformPtr ct;
  if (pre != nullptr) {
    if (!same_lon_lat_frame(src_srs, target_h)) return std::nullopt;
  } else {
    ct.reset(OCTNewCoordinateTransformation(src_srs, target_h));
    if (!ct) {
      throw InputError(where + ": cannot transform its CRS to WGS 84 lon/lat" + gdal_reason());
    }
  }

  std::vector<Region> regions;
  std::unordered_map<std::string, std::size_t> seen;  // id -> feature index
  OGR_L_ResetReading(layer);
  const int nfields = OGR_FD_GetFieldCount(defn);
  for (std::size_t index = 0;; ++index) {
    detail::FeaturePtr f(OGR_L_GetNextFeature(layer));
    if (!f) break;
    auto* fh = static_cast<OGRFeatureH>(f.get());
    const std::string feature = where + ": feature " + std::to_string(index) + " (FID " +
                                std::to_string(OGR_F_GetFID(fh)) + ")";

    Region r;
    for (int k = 0; k < nfields; ++k) {
      const char* name = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, k));
      r.attributes[name] = OGR_F_IsFieldSetAndNotNull(fh, k) ? OGR_F_GetFieldAsString(fh, k) : "";
    }
    r.code = OGR_F_IsFieldSetAndNotNull(fh, id_index) ? OGR_F_GetFieldAsString(fh, id_index) : "";
    if (r.code.empty()) {
      throw InputError(feature + ": empty id field \"" + options.id_field + "\"");
    }
    if (const auto [it, fresh] = seen.emplace(r.code, index); !fresh) {
      throw InputError(feature + ": duplicate id \"" + r.code + "\" in field \"" +
                       options.id_field + "\" (first seen at feature " +
                       std::to_string(it->second) + ")");
    }
    if (name_index >= 0 && OGR_F_IsFieldSetAndNotNull(fh, name_index)) {
      r.name = OGR_F_GetFieldAsString(fh, name_index);
    }

    OGRGeometryH g0 = OGR_F_GetGeometryRef(fh);
    if (g0 == nullptr || OGR_G_IsEmpty(g0)) {
      throw InputError(feature + " (id " + r.code +
                       "): no geometry; expected a Polygon or MultiPolygon");
    }
    if (pre != nullptr) {
      // Anything but one of the placeholders means OGR saw the file otherwise than the scanner
      // did; OGR alone then has the last word.
      const double slot =
          wkbFlatten(OGR_G_GetGeometryType(g0)) == wkbPoint ? OGR_G_GetX(g0, 0) : -1.0;
      const auto k = static_cast<std::size_t>(slot);
      if (!(slot >= 0 && slot < static_cast<double>(pre->geometries.size())) ||
          static_cast<double>(k) != slot || pre->taken[k]) {
        return std::nullopt;
      }
      pre->taken[k] = true;
      r.polygons = std::move(pre->geometries[k]);
    } else {
      const OGRwkbGeometryType type = wkbFlatten(OGR_G_GetGeometryType(g0));
      if (type != wkbPolygon && type != wkbMultiPolygon) {
        throw InputError(feature + " (id " + r.code + "): geometry is " +
                         OGRGeometryTypeToName(OGR_G_GetGeometryType(g0)) +
                         "; expected a Polygon or MultiPolygon");
      }
      detail::GeometryPtr g(OGR_G_Clone(g0));
      auto* gh = static_cast<OGRGeometryH>(g.get());
      CPLErrorReset();
      if (OGR_G_Transform(gh, static_cast<OGRCoordinateTransformationH>(ct.get())) != OGRERR_NONE) {
        throw InputError(feature + " (id " + r.code + "): cannot transform to WGS 84 lon/lat" +
                         gdal_reason());
      }
      if (type == wkbPolygon) {
        r.polygons.push_back(read_polygon(gh));
      } else {
        const int nparts = OGR_G_GetGeometryCount(gh);
        for (int k = 0; k < nparts; ++k)
          r.polygons.push_back(read_polygon(OGR_G_GetGeometryRef(gh, k)));
      }
    }
    if (!plausible_lon_lat(r.polygons)) {
      throw InputError(feature + " (id " + r.code +
                       "): coordinates after transforming to WGS 84 lon/lat are not finite or "
                       "have latitudes outside -90..90; is the layer's CRS right?");
    }
    regions.push_back(std::move(r));
  }
  if (regions.empty()) {
    throw InputError(where + ": no features" +
                     (options.where.empty() ? std::string() : " match \"" + options.where + "\""));
  }
  return regions;
}

struct VsiFree {
  void operator()(GByte* p) const { VSIFree(p); }
};

// Removes a /vsimem/ file when it goes out of scope.
class MemFile {
 public:
  MemFile(std::string path, std::string& bytes) : path_(std::move(path)) {
    VSILFILE* f = VSIFileFromMemBuffer(path_.c_str(), reinterpret_cast<GByte*>(bytes.data()),
                                       static_cast<vsi_l_offset>(bytes.size()), FALSE);
    ok_ = f != nullptr;
    if (ok_) VSIFCloseL(f);
  }
  ~MemFile() {
    if (ok_) VSIUnlink(path_.c_str());
  }
  MemFile(const MemFile&) = delete;
  MemFile& operator=(const MemFile&) = delete;
  bool ok() const { return ok_; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  bool ok_ = false;
};

// The GeoJSON path described above; nullopt means "read the file with OGR alone".
std::optional<std::vector<Region>> read_geojson_ahead(const std::string& path,
                                                      const RegionReadOptions& options) {
  if (filter_mentions_geometry(options.where) || path.rfind("/vsistdin", 0) == 0) {
    return std::nullopt;
  }
  // The driver that GDALOpenEx would pick; any other format goes to OGR alone.
  GDALDriverH driver = GDALIdentifyDriverEx(path.c_str(), GDAL_OF_VECTOR, nullptr, nullptr);
  if (driver == nullptr || std::strcmp(GDALGetDriverShortName(driver), "GeoJSON") != 0) {
    return std::nullopt;
  }
  GByte* raw = nullptr;
  vsi_l_offset size = 0;
  if (!VSIIngestFile(nullptr, path.c_str(), &raw, &size,
                     static_cast<GIntBig>(max_scanned_geojson_bytes))) {
    return std::nullopt;
  }
  const std::unique_ptr<GByte, VsiFree> bytes(raw);
  const auto* text = reinterpret_cast<const char*>(bytes.get());
  detail::ScannedGeoJson scanned;
  if (!detail::scan_geojson(std::string_view(text, static_cast<std::size_t>(size)), scanned)) {
    return std::nullopt;
  }

  // Same file name, so that OGR names the layer as it would have (after the file's basename
  // unless the collection has a "name").
  static std::atomic<unsigned long> counter{0};
  const MemFile mem(
      "/vsimem/spstress-regions-" + std::to_string(counter++) + "/" + CPLGetFilename(path.c_str()),
      scanned.stripped);
  if (!mem.ok()) return std::nullopt;
  const char* const geojson_only[] = {"GeoJSON", nullptr};
  const detail::DatasetPtr ds(GDALOpenEx(mem.path().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                         geojson_only, nullptr, nullptr));
  if (!ds) return std::nullopt;
  PreRead pre{scanned.geometries, std::vector<bool>(scanned.geometries.size(), false)};
  return read_layer(static_cast<GDALDatasetH>(ds.get()), path, options, &pre);
}

}  // namespace

std::vector<Region> read_regions(const std::string& path, const RegionReadOptions& options) {
  detail::ensure_gdal_registered();
  detail::QuietGdalErrors quiet;
  if (std::optional<std::vector<Region>> regions = read_geojson_ahead(path, options)) {
    return std::move(*regions);
  }
  CPLErrorReset();  // what the GeoJSON path ran into is not the reason for what follows
  detail::DatasetPtr ds(
      GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  if (!ds) {
    // OGR also opens connection strings and /vsi paths, so only a plain path that names nothing
    // on disk is reported as missing.
    std::error_code ec;
    if (path.rfind("/vsi", 0) != 0 && path.find(':') == std::string::npos &&
        !std::filesystem::exists(path, ec)) {
      throw InputError(path + ": file not found");
    }
    throw InputError(path +
                     ": cannot open as a vector data source (GeoJSON, GeoPackage, "
                     "Shapefile...)" +
                     gdal_reason());
  }
  return *read_layer(static_cast<GDALDatasetH>(ds.get()), path, options, nullptr);
}

}  // namespace spstress::regions

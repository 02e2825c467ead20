#include "spstress/regions/region.hpp"

#include <cmath>
#include <string>
#include <unordered_map>

#include "gdal_support.hpp"
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

}  // namespace

std::vector<Region> read_regions(const std::string& path, const RegionReadOptions& options) {
  detail::ensure_gdal_registered();
  detail::QuietGdalErrors quiet;
  detail::DatasetPtr ds(
      GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  if (!ds) {
    throw InputError(path +
                     ": cannot open as a vector data source (GeoJSON, GeoPackage, "
                     "Shapefile...)" +
                     gdal_reason());
  }
  auto* h = static_cast<GDALDatasetH>(ds.get());
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
    throw InputError(where +
                     ": the layer has no coordinate reference system; expected one "
                     "(e.g. a .prj next to a Shapefile)");
  }
  const detail::SrsPtr target = detail::wgs84_lon_lat();
  // The layer's own SRS carries the axis order its coordinates are stored in; the target
  // is lon/lat. Going through PROJ even for WGS 84 sources costs little and handles data
  // stored lat-first.
  detail::TransformPtr ct(
      OCTNewCoordinateTransformation(src_srs, static_cast<OGRSpatialReferenceH>(target.get())));
  if (!ct) {
    throw InputError(where + ": cannot transform its CRS to WGS 84 lon/lat" + gdal_reason());
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

}  // namespace spstress::regions

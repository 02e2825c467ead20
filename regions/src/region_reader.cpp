#include "spstress/regions/region.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <initializer_list>
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

// ---------------------------------------------------------------------------------------------
// GeoJSON without OGR's parse of the coordinates.
//
// OGR's GeoJSON driver parses a file twice (once for the schema when it opens it, once when the
// features are read), building a json-c object for every coordinate each time: about 0.18 s of
// CPU for the 1.1 MB province file, most of what `aggregate` spends before its first time step.
// So the polygons of a plain GeoJSON FeatureCollection are read here in one pass, and OGR is
// handed the same text with each polygon geometry replaced by a small placeholder point that
// carries the feature's index. OGR still does everything else as before (schema, attribute
// values and their formatting, FIDs, the attribute filter, the layer name and CRS), on a few
// kilobytes of text. Numbers are converted as OGR converts them (integers through int64,
// others correctly rounded), so the coordinates are bit-identical. Anything this scanner does
// not fully understand returns nullopt, and the file is read by OGR alone as before: that
// path, with its error messages, stays the reference.

// Beyond this the OGR path is used: it streams, while this one holds the file in memory.
constexpr vsi_l_offset max_scanned_geojson_bytes = vsi_l_offset{64} << 20;
// Nesting deeper than this (inside properties) is left to OGR.
constexpr int max_json_depth = 256;

class GeoJsonScanner {
 public:
  GeoJsonScanner(const char* begin, const char* end) : begin_(begin), p_(begin), end_(end) {}

  bool scan(detail::ScannedGeoJson& out) {
    if (end_ - p_ >= 3 && std::memcmp(p_, "\xEF\xBB\xBF", 3) == 0) p_ += 3;  // UTF-8 BOM
    if (!top_level(out.geometries)) return false;
    ws();
    if (p_ != end_) return false;
    std::string& s = out.stripped;
    std::size_t size = static_cast<std::size_t>(end_ - begin_);
    for (const Span& sp : spans_) {
      size -= static_cast<std::size_t>(sp.end - sp.begin);
      size += 48;  // a placeholder, with room for its index
    }
    s.reserve(size);
    const char* copied = begin_;
    for (const Span& sp : spans_) {
      s.append(copied, sp.begin);
      s += R"({"type":"Point","coordinates":[)";
      s += std::to_string(sp.index);
      s += ",0]}";
      copied = sp.end;
    }
    s.append(copied, end_);
    return true;
  }

 private:
  struct Span {
    const char* begin;
    const char* end;
    std::size_t index;
  };

  void ws() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }
  bool eat(char c) {
    ws();
    if (p_ < end_ && *p_ == c) {
      ++p_;
      return true;
    }
    return false;
  }
  bool at(char c) {
    ws();
    return p_ < end_ && *p_ == c;
  }

  // A string token. `plain` is its raw content; `escaped` tells whether it holds escapes, in
  // which case the raw content is not its value.
  bool string(std::string_view& plain, bool& escaped) {
    if (!eat('"')) return false;
    const char* start = p_;
    escaped = false;
    while (p_ < end_) {
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        plain = std::string_view(start, static_cast<std::size_t>(p_ - start));
        ++p_;
        return true;
      }
      if (c < 0x20) return false;
      if (c == '\\') {
        escaped = true;
        if (++p_ >= end_) return false;
        if (*p_ == 'u') {
          for (int k = 0; k < 4; ++k) {
            if (++p_ >= end_ || !std::isxdigit(static_cast<unsigned char>(*p_))) return false;
          }
        } else if (std::strchr("\"\\/bfnrt", *p_) == nullptr) {
          return false;
        }
      }
      ++p_;
    }
    return false;
  }

  // A member name that can be compared as written (no escapes). OGR looks some members up
  // regardless of case, so a name that is one of `structural` in another case ("Geometry") is
  // left to OGR too.
  bool key(std::string_view& k, std::initializer_list<std::string_view> structural) {
    bool escaped = false;
    if (!string(k, escaped) || escaped || !eat(':')) return false;
    for (std::string_view name : structural) {
      if (k != name && k.size() == name.size() &&
          std::equal(k.begin(), k.end(), name.begin(), [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) ==
                   std::tolower(static_cast<unsigned char>(b));
          })) {
        return false;
      }
    }
    return true;
  }

  // [start, end) of a JSON number token, checked against the JSON grammar.
  bool number_token(const char*& start, bool& integral) {
    ws();
    start = p_;
    integral = true;
    if (p_ < end_ && *p_ == '-') ++p_;
    auto digits = [&] {
      const char* d = p_;
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
      return p_ > d;
    };
    if (p_ < end_ && *p_ == '0') {
      ++p_;
    } else if (!digits()) {
      return false;
    }
    if (p_ < end_ && *p_ == '.') {
      integral = false;
      ++p_;
      if (!digits()) return false;
    }
    if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
      integral = false;
      ++p_;
      if (p_ < end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (!digits()) return false;
    }
    return true;
  }

  // A coordinate, converted as OGR's GeoJSON reader converts it: a token without '.' or an
  // exponent becomes a 64-bit integer first (so "-0" is +0.0), any other is rounded correctly
  // to the nearest double. Integers beyond 2^53 and overflowing values are left to OGR.
  bool number(double& v) {
    const char* start = nullptr;
    bool integral = false;
    if (!number_token(start, integral)) return false;
    if (integral) {
      const std::size_t ndigits = static_cast<std::size_t>(p_ - start) - (*start == '-' ? 1 : 0);
      if (ndigits > 15) return false;
      std::int64_t i = 0;
      const auto r = std::from_chars(start, p_, i);
      if (r.ec != std::errc() || r.ptr != p_) return false;
      v = static_cast<double>(i);
      return true;
    }
    const auto r = std::from_chars(start, p_, v);
    return r.ec == std::errc() && r.ptr == p_ && std::isfinite(v);
  }

  bool literal(std::string_view word) {
    ws();
    if (static_cast<std::size_t>(end_ - p_) < word.size() ||
        std::memcmp(p_, word.data(), word.size()) != 0) {
      return false;
    }
    p_ += word.size();
    return true;
  }

  // Any JSON value, checked and passed over.
  bool skip_value(int depth) {
    if (depth > max_json_depth) return false;
    ws();
    if (p_ >= end_) return false;
    switch (*p_) {
      case '{': {
        ++p_;
        if (eat('}')) return true;
        do {
          std::string_view k;
          bool escaped = false;
          if (!string(k, escaped) || !eat(':') || !skip_value(depth + 1)) return false;
        } while (eat(','));
        return eat('}');
      }
      case '[': {
        ++p_;
        if (eat(']')) return true;
        do {
          if (!skip_value(depth + 1)) return false;
        } while (eat(','));
        return eat(']');
      }
      case '"': {
        std::string_view s;
        bool escaped = false;
        return string(s, escaped);
      }
      case 't':
        return literal("true");
      case 'f':
        return literal("false");
      case 'n':
        return literal("null");
      default: {
        const char* start = nullptr;
        bool integral = false;
        return number_token(start, integral);
      }
    }
  }

  // [x, y] or [x, y, z]. z is not kept (OGR_G_GetX/GetY ignore it too); a missing z is 0, as
  // in OGR's reading of a ring that mixes both.
  bool position(Point& q, double& z) {
    z = 0.0;
    if (!eat('[') || !number(q[0]) || !eat(',') || !number(q[1])) return false;
    if (eat(',') && !number(z)) return false;
    return eat(']');
  }

  // Empty rings, polygons and multipolygons are left to OGR, which has its own view of them,
  // and so are rings that do not end where they start: whether OGR accepts those depends on
  // its OGR_GEOMETRY_ACCEPT_UNCLOSED_RING option.
  bool ring(Ring& r) {
    if (!eat('[')) return false;
    double z_first = 0.0, z = 0.0;
    do {
      Point q{};
      if (!position(q, z)) return false;
      if (r.empty()) z_first = z;
      r.push_back(q);
    } while (eat(','));
    return eat(']') && r.front() == r.back() && z == z_first;
  }

  bool polygon(Polygon& poly) {
    if (!eat('[')) return false;
    bool first = true;
    do {
      Ring r;
      if (!ring(r)) return false;
      if (first) {
        poly.outer = std::move(r);
        first = false;
      } else {
        poly.holes.push_back(std::move(r));
      }
    } while (eat(','));
    return eat(']');
  }

  // How many '[' open the value ahead: 3 for Polygon coordinates, 4 for MultiPolygon.
  int leading_brackets() {
    ws();
    int n = 0;
    for (const char* q = p_; q < end_; ++q) {
      if (*q == '[') {
        ++n;
      } else if (*q != ' ' && *q != '\n' && *q != '\r' && *q != '\t') {
        break;
      }
    }
    return n;
  }

  bool coordinates(std::vector<Polygon>& polys, int& nesting) {
    nesting = leading_brackets();
    if (nesting == 3) {
      Polygon poly;
      if (!polygon(poly)) return false;
      polys.push_back(std::move(poly));
      return true;
    }
    if (nesting != 4 || !eat('[')) return false;
    do {
      Polygon poly;
      if (!polygon(poly)) return false;
      polys.push_back(std::move(poly));
    } while (eat(','));
    return eat(']');
  }

  // A Polygon or MultiPolygon object, or null. Geometry members other than type, coordinates
  // and bbox (a geometry-level "crs", say) are left to OGR.
  bool geometry(std::vector<Polygon>& polys, bool& is_null) {
    is_null = false;
    if (at('n')) {
      is_null = true;
      return literal("null");
    }
    if (!eat('{')) return false;
    std::string_view type;
    int nesting = 0;
    bool has_type = false, has_coordinates = false, has_bbox = false;
    if (eat('}')) return false;
    do {
      std::string_view k;
      if (!key(k, {"type", "coordinates", "bbox"})) return false;
      if (k == "type") {
        bool escaped = false;
        if (has_type || !string(type, escaped) || escaped) return false;
        has_type = true;
      } else if (k == "coordinates") {
        if (has_coordinates || !coordinates(polys, nesting)) return false;
        has_coordinates = true;
      } else if (k == "bbox") {
        if (has_bbox || !skip_value(0)) return false;
        has_bbox = true;
      } else {
        return false;
      }
    } while (eat(','));
    if (!eat('}') || !has_type || !has_coordinates) return false;
    return (type == "Polygon" && nesting == 3) || (type == "MultiPolygon" && nesting == 4);
  }

  bool feature(std::vector<std::vector<Polygon>>& geometries) {
    if (!eat('{')) return false;
    bool has_type = false, has_geometry = false;
    if (eat('}')) return false;
    do {
      std::string_view k;
      if (!key(k, {"type", "geometry"})) return false;
      if (k == "type") {
        std::string_view type;
        bool escaped = false;
        if (has_type || !string(type, escaped) || escaped || type != "Feature") return false;
        has_type = true;
      } else if (k == "geometry") {
        if (has_geometry) return false;
        has_geometry = true;
        ws();
        const char* start = p_;
        std::vector<Polygon> polys;
        bool is_null = false;
        if (!geometry(polys, is_null)) return false;
        // A null geometry stays in the text: OGR then reports it as before.
        if (!is_null) {
          spans_.push_back({start, p_, geometries.size()});
          geometries.push_back(std::move(polys));
        }
      } else if (!skip_value(1)) {
        return false;
      }
    } while (eat(','));
    return eat('}') && has_type;
  }

  bool top_level(std::vector<std::vector<Polygon>>& geometries) {
    if (!eat('{')) return false;
    bool has_type = false, has_features = false;
    if (eat('}')) return false;
    do {
      std::string_view k;
      if (!key(k, {"type", "features"})) return false;
      if (k == "type") {
        std::string_view type;
        bool escaped = false;
        if (has_type || !string(type, escaped) || escaped || type != "FeatureCollection") {
          return false;
        }
        has_type = true;
      } else if (k == "features") {
        if (has_features || !eat('[') || eat(']')) return false;  // no features: OGR says so
        has_features = true;
        do {
          if (!feature(geometries)) return false;
        } while (eat(','));
        if (!eat(']')) return false;
      } else if (!skip_value(1)) {
        return false;
      }
    } while (eat(','));
    return eat('}') && has_type && has_features;
  }

  const char* begin_;
  const char* p_;
  const char* end_;
  std::vector<Span> spans_;
};

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

bool detail::scan_geojson(std::string_view text, ScannedGeoJson& out) {
  out = ScannedGeoJson{};
  return GeoJsonScanner(text.data(), text.data() + text.size()).scan(out);
}

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

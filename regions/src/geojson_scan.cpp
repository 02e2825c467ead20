#include "geojson_scan.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace spstress::regions {

namespace {

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

}  // namespace

bool detail::scan_geojson(std::string_view text, ScannedGeoJson& out) {
  out = ScannedGeoJson{};
  return GeoJsonScanner(text.data(), text.data() + text.size()).scan(out);
}

}  // namespace spstress::regions

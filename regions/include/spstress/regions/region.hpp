#pragma once
/// Region polygons in plain types (longitude first, degrees, WGS 84). GDAL/OGR stay in .cpp.

#include <array>
#include <map>
#include <string>
#include <vector>

namespace spstress::regions {

using Point = std::array<double, 2>;  ///< {lon_deg, lat_deg}
using Ring = std::vector<Point>;      ///< closed or open; the first point is not repeated-checked

struct Polygon {
  Ring outer;
  std::vector<Ring> holes;
};

struct Region {
  std::string code;  ///< value of the id field
  std::string name;  ///< value of the name field ("" if none)
  /// Every attribute as text, as OGR formats it; null or unset fields are "". GeoJSON
  /// booleans are read by OGR as integers, so they appear here as "1" and "0".
  std::map<std::string, std::string> attributes;
  std::vector<Polygon> polygons;  ///< parts of a multipolygon
};

struct RegionReadOptions {
  std::string id_field = "code";  ///< attribute that identifies a region (must be unique)
  std::string name_field;         ///< attribute used as the display name ("" = none)
  /// Optional OGR SQL attribute filter, e.g. "mainland = 1" (GeoJSON true/false compare as
  /// 1/0). An invalid filter, or one that matches no feature, is an InputError.
  std::string where;
};

/// Reads every polygon feature of the first layer of an OGR source (GeoJSON, GeoPackage,
/// Shapefile), reprojected to WGS 84 lon/lat when the layer has another CRS. Throws InputError
/// naming the file and field for: unreadable file, missing id field (listing the fields there
/// are), duplicate or empty ids, non-polygon geometry, no features, a layer without a CRS.
/// Non-polygon errors name the feature by its index in reading order (0-based) and its FID.
/// Rings are returned as the file stores them (closing point kept, orientation untouched).
std::vector<Region> read_regions(const std::string& path, const RegionReadOptions& options);

}  // namespace spstress::regions

#pragma once
// The polygons of a GeoJSON FeatureCollection, read without OGR so that OGR only has to parse
// the rest of the file (see read_regions in region_reader.cpp).

#include <string>
#include <string_view>
#include <vector>

#include "spstress/regions/region.hpp"

namespace spstress::regions::detail {

struct ScannedGeoJson {
  /// The polygons of each feature whose geometry is a Polygon or MultiPolygon, in file order.
  std::vector<std::vector<Polygon>> geometries;
  /// The text with the geometry of the k-th of those features replaced by the placeholder
  /// {"type":"Point","coordinates":[k,0]}; null geometries and everything else as written.
  std::string stripped;
};

/// True if `text` is a GeoJSON FeatureCollection in plain JSON whose geometries are all
/// Polygon, MultiPolygon (2 or 3 coordinates per position, no empty parts) or null; `out` then
/// holds the polygons, with coordinates converted as OGR's GeoJSON reader converts them
/// (integers through int64, other numbers rounded correctly), and the stripped text. False for
/// anything else (escapes in member names, other geometry types or geometry members, numbers
/// OGR would read differently, trailing text...): the file is then read with OGR alone.
bool scan_geojson(std::string_view text, ScannedGeoJson& out);

}  // namespace spstress::regions::detail

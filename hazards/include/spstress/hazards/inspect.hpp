#pragma once
/// Human-readable description of a hazard file for `spstress inspect`.

#include <string>

namespace spstress::hazards {

/// Variables with dimensions and units, the lat/lon grid (extent, resolution, latitude order,
/// longitude convention), CRS where known, the time axis (calendar, first and last date, step),
/// packing and fill values. NetCDF files are read with netCDF-C; other rasters with GDAL.
/// Throws InputError naming the file if it cannot be opened.
std::string inspect_file(const std::string& path);

}  // namespace spstress::hazards

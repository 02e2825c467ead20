#pragma once
// Small result tables and a scratch folder shared by the viz tests.

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>

#include "spstress/scenarios/results.hpp"
#include "support/temp_dir.hpp"

namespace spstress::viz::testing {

using spstress::test::TempDir;

/// A region whose outline is the square [lon0, lon0 + 10] × [lat0, lat0 + 10] degrees and whose
/// funding gap is `funding_gap_cny` in all three quantiles.
inline scenarios::RegionSummary square_region(const std::string& code, const std::string& name_en,
                                              double lon0_deg, double lat0_deg,
                                              double funding_gap_cny) {
  scenarios::RegionSummary region;
  region.code = code;
  region.name_en = name_en;
  region.name_zh = "测试";
  region.shape.polygons = {{{{lon0_deg, lat0_deg},
                             {lon0_deg + 10, lat0_deg},
                             {lon0_deg + 10, lat0_deg + 10},
                             {lon0_deg, lat0_deg + 10},
                             {lon0_deg, lat0_deg}}}};
  region.metrics["funding_gap"] = {funding_gap_cny, funding_gap_cny, funding_gap_cny};
  return region;
}

/// Three squares side by side along 30–40°N: 100–110°E with 0, 110–120°E with 10 and
/// 120–130°E with no value.
inline scenarios::RunResults three_squares() {
  scenarios::RunResults results;
  results.provenance.version = "9.8.7";
  results.attribution = "boundaries: Natural Earth (public domain)";
  results.provenance.scenario_name = "three-squares";
  results.regions.push_back(square_region("XA", "Alpha", 100, 30, 0.0));
  results.regions.push_back(square_region("XB", "Beta", 110, 30, 10.0));
  results.regions.push_back(
      square_region("XC", "Gamma", 120, 30, std::numeric_limits<double>::quiet_NaN()));
  return results;
}

inline std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace spstress::viz::testing

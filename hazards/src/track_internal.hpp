#pragma once
/// Helpers shared by the track reader (track.cpp) and the wind model (track_wind.cpp). Private
/// to hazards/.

#include <charconv>
#include <string>

#include "spstress/hazards/cf_time.hpp"

namespace spstress::hazards::detail {

// Track times are UTC, and UTC runs on the standard calendar.
inline constexpr Calendar track_calendar = Calendar::Standard;

// Shortest form that reads back the same value ("95", "-3.5", "nan"), for messages.
inline std::string num(double v) {
  char buf[32];
  const auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}

}  // namespace spstress::hazards::detail

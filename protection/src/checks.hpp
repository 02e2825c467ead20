#pragma once
// Argument checks shared by the UI and assistance models: written so that NaN fails them, with
// messages that name the field, the value and what was expected. Internal to protection/.

#include <charconv>
#include <cmath>
#include <limits>
#include <string>

#include "spstress/core/error.hpp"

namespace spstress::protection::detail {

// Shortest round-trip text, in plain decimals for everyday magnitudes ("600000", not "6e+05").
inline std::string number_text(double value) {
  char buf[128];
  const double mag = std::abs(value);
  const bool plain = mag == 0.0 || (mag >= 1e-4 && mag < 1e15);
  const auto res = plain ? std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed)
                         : std::to_chars(buf, buf + sizeof buf, value);
  return std::string(buf, res.ptr);
}

inline void require_share(const std::string& field, double value) {
  if (!(value >= 0.0 && value <= 1.0)) {
    throw InputError(field + ": got " + number_text(value) + "; expected 0..1");
  }
}

inline void require_non_negative(const std::string& field, double value) {
  if (!(value >= 0.0 && value < std::numeric_limits<double>::infinity())) {
    throw InputError(field + ": got " + number_text(value) + "; expected a finite value >= 0");
  }
}

}  // namespace spstress::protection::detail

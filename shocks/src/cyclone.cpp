#include "spstress/shocks/cyclone.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "spstress/core/error.hpp"

namespace spstress::shocks {

namespace {

// Shortest form that reads back the same value, for messages.
std::string num(double v) {
  char buf[32];
  const auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}

}  // namespace

void check_emanuel_params(const EmanuelParams& p) {
  const std::string what = "Emanuel impact function: ";
  if (!(p.v_thresh_m_s >= 0.0 && std::isfinite(p.v_thresh_m_s))) {
    throw InputError(what + "v_thresh_m_s = " + num(p.v_thresh_m_s) +
                     "; expected a finite wind speed >= 0 m/s");
  }
  if (!(p.v_half_m_s > p.v_thresh_m_s && std::isfinite(p.v_half_m_s))) {
    throw InputError(what + "v_half_m_s = " + num(p.v_half_m_s) +
                     " must exceed v_thresh_m_s = " + num(p.v_thresh_m_s) + " (and be finite)");
  }
  if (!(p.scale > 0.0 && p.scale <= 1.0)) {
    throw InputError(what + "scale = " + num(p.scale) + "; expected a value in (0, 1]");
  }
}

double emanuel_mdd_share(double wind_m_s, const EmanuelParams& p) {
  if (std::isnan(wind_m_s)) return wind_m_s;
  const double vn = std::max(0.0, wind_m_s - p.v_thresh_m_s) / (p.v_half_m_s - p.v_thresh_m_s);
  const double vn3 = vn * vn * vn;
  // For very large v_n, v_n³/(1 + v_n³) is 1 to rounding and inf/inf would be NaN.
  return std::isfinite(vn3) ? p.scale * vn3 / (1.0 + vn3) : p.scale;
}

Eigen::MatrixXd mdd_share_per_cell(const Eigen::Ref<const Eigen::MatrixXd>& wind_m_s,
                                   const EmanuelParams& params) {
  check_emanuel_params(params);
  return wind_m_s.unaryExpr([&params](double v) { return emanuel_mdd_share(v, params); });
}

void check_wind_averaging_factor(double averaging_factor) {
  if (!(averaging_factor >= 0.93 && averaging_factor <= 1.0)) {
    throw InputError("wind_averaging_factor = " + num(averaging_factor) +
                     "; expected a value in [0.93, 1.0] (averaged wind / 1-minute wind)");
  }
}

double wind_1min_m_s(double wind_m_s, double averaging_factor) {
  return wind_m_s / averaging_factor;
}

double regional_v_half_m_s(const std::vector<VhalfRow>& rows, const std::string& region,
                           const std::string& where) {
  const VhalfRow* found = nullptr;
  std::string present;
  for (const VhalfRow& r : rows) {
    present += (present.empty() ? "" : ", ") + r.region;
    if (r.region != region) continue;
    if (found != nullptr) {
      throw InputError(where + ": region \"" + region + "\" appears twice");
    }
    found = &r;
  }
  if (found == nullptr) {
    throw InputError(where + ": no region \"" + region + "\"; the table has " +
                     (present.empty() ? std::string("no rows") : present));
  }
  const EmanuelParams defaults;
  if (!(found->v_half_m_s > defaults.v_thresh_m_s && std::isfinite(found->v_half_m_s))) {
    throw InputError(where + ": region \"" + region + "\": v_half_m_s = " + num(found->v_half_m_s) +
                     "; expected a finite value above v_thresh " + num(defaults.v_thresh_m_s) +
                     " m/s");
  }
  return found->v_half_m_s;
}

}  // namespace spstress::shocks

#include "spstress/hazards/track.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numbers>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "spstress/core/error.hpp"
#include "spstress/hazards/cf_time.hpp"
#include "track_internal.hpp"

namespace spstress::hazards {

namespace {

using detail::num;
using detail::track_calendar;

constexpr double deg_to_rad = std::numbers::pi / 180.0;
constexpr double earth_rotation_rad_per_s = 7.29e-5;  // CLIMADA's V_ANG_EARTH
constexpr double metres_per_nautical_mile = 1852.0;
// Holland (1980) found B between 1 and 2.5; CLIMADA clips the gradient-level B to this range.
constexpr double holland_b_min = 1.0;
constexpr double holland_b_max = 2.5;

std::string setting_error(const char* name, double got, const char* expected) {
  return std::string("wind field setting ") + name + ": got " + num(got) + "; expected " + expected;
}

// Initial bearing from (lon1, lat1) towards (lon2, lat2) as a unit vector (east, north).
std::pair<double, double> bearing_unit(double lon1_deg, double lat1_deg, double lon2_deg,
                                       double lat2_deg) {
  const double p1 = lat1_deg * deg_to_rad;
  const double p2 = lat2_deg * deg_to_rad;
  const double dl = (lon2_deg - lon1_deg) * deg_to_rad;
  const double east = std::sin(dl) * std::cos(p2);
  const double north = std::cos(p1) * std::sin(p2) - std::sin(p1) * std::cos(p2) * std::cos(dl);
  const double norm = std::hypot(east, north);
  if (!(norm > 0.0)) return {0.0, 0.0};
  return {east / norm, north / norm};
}

// Everything about one storm state that does not depend on the place.
struct Profile {
  double rmax_km;
  double b;
  double dp_hpa;
  double f_per_s;
  double hemisphere;  // +1 north (anticlockwise), -1 south (clockwise)
  double te_m_s, tn_m_s;
  double rho;
  double g2s;
  double cutoff_km;

  Profile(const StormState& s, const WindFieldSettings& set)
      : rmax_km(s.radius_max_wind_km),
        dp_hpa(std::max(0.0, s.environmental_pressure_hpa - s.central_pressure_hpa)),
        f_per_s(set.coriolis ? coriolis_per_s(s.lat_deg) : 0.0),
        hemisphere(s.lat_deg >= 0.0 ? 1.0 : -1.0),
        te_m_s(set.translation ? s.translation_east_m_s : 0.0),
        tn_m_s(set.translation ? s.translation_north_m_s : 0.0),
        rho(set.rho_air_kg_m3),
        g2s(set.gradient_to_surface),
        cutoff_km(set.cutoff_km) {
    const double speed = std::hypot(te_m_s, tn_m_s);
    if (speed > set.max_translation_m_s) {
      const double k = set.max_translation_m_s / speed;
      te_m_s *= k;
      tn_m_s *= k;
    }
    const double vgrad = std::max(0.0, s.max_wind_m_s - std::min(speed, set.max_translation_m_s)) /
                         set.gradient_to_surface;
    if (set.holland_b) {
      b = *set.holland_b;
    } else {
      const double raw = holland_b_cyclostrophic(vgrad, dp_hpa, rho);
      b = std::clamp(raw, holland_b_min, holland_b_max);  // raw is never NaN: see its guard
    }
  }

  double wind_at(double distance_km, double east_unit, double north_unit) const {
    if (!(distance_km <= cutoff_km)) return 0.0;
    const double v_ang =
        g2s * holland_gradient_wind_m_s(distance_km, rmax_km, b, dp_hpa, f_per_s, rho);
    // Anticlockwise in the north: the radial unit vector (e, n) turned by +90° is (-n, e).
    double ve = -hemisphere * north_unit * v_ang;
    double vn = hemisphere * east_unit * v_ang;
    // The storm's motion is felt fully inside the radius of maximum wind and fades outside it
    // (Mouton & Nordbeck 2005, as CLIMADA).
    const double fade = distance_km > rmax_km ? rmax_km / distance_km : 1.0;
    ve += fade * te_m_s;
    vn += fade * tn_m_s;
    return std::hypot(ve, vn);
  }
};

// Longitude difference wrapped to [-180, 180).
double wrap_deg(double d) { return d - 360.0 * std::floor((d + 180.0) / 360.0); }

double lerp(double a, double b, double w) { return a + (b - a) * w; }

}  // namespace

void check_wind_field_settings(const WindFieldSettings& s) {
  if (!(s.time_step_h > 0.0 && s.time_step_h <= 24.0)) {
    throw InputError(setting_error("time_step_h", s.time_step_h, "a value in (0, 24] hours"));
  }
  if (!(s.cutoff_km > 0.0 && s.cutoff_km <= 2000.0)) {
    throw InputError(setting_error("cutoff_km", s.cutoff_km, "a value in (0, 2000] km"));
  }
  if (!(s.rho_air_kg_m3 > 0.0 && std::isfinite(s.rho_air_kg_m3))) {
    throw InputError(setting_error("rho_air_kg_m3", s.rho_air_kg_m3, "a finite value > 0"));
  }
  if (!(s.gradient_to_surface > 0.0 && s.gradient_to_surface <= 1.0)) {
    throw InputError(
        setting_error("gradient_to_surface", s.gradient_to_surface, "a value in (0, 1]"));
  }
  if (s.holland_b && !(*s.holland_b >= holland_b_min && *s.holland_b <= holland_b_max)) {
    throw InputError(setting_error("holland_b", *s.holland_b, "a value in [1, 2.5] or none"));
  }
  if (!(s.max_translation_m_s >= 0.0 && std::isfinite(s.max_translation_m_s))) {
    throw InputError(
        setting_error("max_translation_m_s", s.max_translation_m_s, "a finite value >= 0"));
  }
  if (!(s.environmental_pressure_hpa >= 900.0 && s.environmental_pressure_hpa <= 1100.0)) {
    throw InputError(setting_error("environmental_pressure_hpa", s.environmental_pressure_hpa,
                                   "a value in [900, 1100] hPa"));
  }
  if (!(s.intensity_threshold_m_s >= 0.0 && std::isfinite(s.intensity_threshold_m_s))) {
    throw InputError(
        setting_error("intensity_threshold_m_s", s.intensity_threshold_m_s, "a finite value >= 0"));
  }
}

double great_circle_km(double lon1_deg, double lat1_deg, double lon2_deg, double lat2_deg) {
  const double p1 = lat1_deg * deg_to_rad;
  const double p2 = lat2_deg * deg_to_rad;
  const double sdp = std::sin(0.5 * (p2 - p1));
  const double sdl = std::sin(0.5 * (lon2_deg - lon1_deg) * deg_to_rad);
  const double h = sdp * sdp + std::cos(p1) * std::cos(p2) * sdl * sdl;
  return 2.0 * earth_radius_km * std::asin(std::min(1.0, std::sqrt(h)));
}

double coriolis_per_s(double lat_deg) {
  return 2.0 * earth_rotation_rad_per_s * std::sin(std::abs(lat_deg) * deg_to_rad);
}

double holland_b_cyclostrophic(double gradient_wind_m_s, double pressure_drop_hpa,
                               double rho_air_kg_m3) {
  if (!(pressure_drop_hpa > 0.0)) return std::numeric_limits<double>::infinity();
  return rho_air_kg_m3 * std::numbers::e * gradient_wind_m_s * gradient_wind_m_s /
         (pressure_drop_hpa * 100.0);
}

double holland_gradient_wind_m_s(double distance_km, double radius_max_wind_km, double holland_b,
                                 double pressure_drop_hpa, double coriolis_param_per_s,
                                 double rho_air_kg_m3) {
  const double r_m = std::max(1.0, distance_km * 1000.0);
  const double half_rf = 0.5 * r_m * coriolis_param_per_s;
  const double x = std::pow(radius_max_wind_km * 1000.0 / r_m, holland_b);
  // x e^-x underflows to 0 long before x overflows; skip the product so that inf * 0 cannot
  // give NaN right at the eye.
  const double core =
      x < 700.0 ? holland_b / rho_air_kg_m3 * pressure_drop_hpa * 100.0 * x * std::exp(-x) : 0.0;
  return std::sqrt(std::max(0.0, core + half_rf * half_rf)) - half_rf;
}

double default_radius_max_wind_km(double central_pressure_hpa) {
  static constexpr double p_hpa[] = {872.0, 940.0, 980.0, 1021.0};
  static constexpr double r_nmi[] = {14.907318, 15.726927, 25.742142, 56.856522};
  double r = r_nmi[0];
  if (central_pressure_hpa >= p_hpa[3]) {
    r = r_nmi[3];
  } else if (central_pressure_hpa > p_hpa[0]) {
    for (int i = 0; i < 3; ++i) {
      if (central_pressure_hpa <= p_hpa[i + 1]) {
        r = lerp(r_nmi[i], r_nmi[i + 1],
                 (central_pressure_hpa - p_hpa[i]) / (p_hpa[i + 1] - p_hpa[i]));
        break;
      }
    }
  }
  return r * metres_per_nautical_mile / 1000.0;
}

double default_central_pressure_hpa(double lat_deg, double lon_deg, double max_wind_m_s) {
  return 1026.3401 - 0.05504 * lat_deg - 0.03536 * lon_deg -
         0.7357 * max_wind_m_s / metres_per_second_per_knot;
}

double surface_wind_m_s(const StormState& storm, double lon_deg, double lat_deg,
                        const WindFieldSettings& settings) {
  const Profile p(storm, settings);
  const double d = great_circle_km(storm.lon_deg, storm.lat_deg, lon_deg, lat_deg);
  const auto [e, n] = bearing_unit(storm.lon_deg, storm.lat_deg, lon_deg, lat_deg);
  return p.wind_at(d, e, n);
}

std::vector<TrackPoint> interpolate_track(const Track& track, const WindFieldSettings& settings) {
  if (track.points.empty()) {
    throw InputError("track \"" + track.id + "\" has no points");
  }
  // Fill the fixes first, so that interpolation mixes like with like.
  std::vector<TrackPoint> fixes = track.points;
  std::vector<double> hours(fixes.size(), 0.0);
  for (std::size_t i = 0; i < fixes.size(); ++i) {
    TrackPoint& p = fixes[i];
    if (i > 0) {
      hours[i] = seconds_between(fixes[0].time, p.time, track_calendar) / 3600.0;
      if (!(hours[i] > hours[i - 1])) {
        throw InternalError("track \"" + track.id + "\": times not strictly increasing");
      }
      // Unwrap so that consecutive fixes are less than 180° of longitude apart.
      p.lon_deg = fixes[i - 1].lon_deg + wrap_deg(p.lon_deg - fixes[i - 1].lon_deg);
    }
    if (!p.environmental_pressure_hpa) {
      p.environmental_pressure_hpa = settings.environmental_pressure_hpa;
    }
    if (!p.central_pressure_hpa) {
      p.central_pressure_hpa = default_central_pressure_hpa(p.lat_deg, p.lon_deg, p.max_wind_m_s);
    }
    p.central_pressure_hpa = std::min(*p.central_pressure_hpa, *p.environmental_pressure_hpa);
    if (!p.radius_max_wind_km) {
      p.radius_max_wind_km = default_radius_max_wind_km(*p.central_pressure_hpa);
    }
  }

  const double span_h = hours.back();
  // A tolerance of a millisecond keeps the last fix when the span is a whole number of steps.
  const auto n_steps =
      static_cast<std::size_t>(std::floor(span_h / settings.time_step_h + 1e-9)) + 1;
  std::vector<TrackPoint> out;
  out.reserve(n_steps);
  std::size_t seg = 0;
  for (std::size_t k = 0; k < n_steps; ++k) {
    const double h = static_cast<double>(k) * settings.time_step_h;
    while (seg + 1 < fixes.size() && hours[seg + 1] < h) ++seg;
    TrackPoint q;
    if (seg + 1 >= fixes.size()) {
      q = fixes.back();
    } else {
      const TrackPoint& a = fixes[seg];
      const TrackPoint& b = fixes[seg + 1];
      const double w = std::clamp((h - hours[seg]) / (hours[seg + 1] - hours[seg]), 0.0, 1.0);
      q.lat_deg = lerp(a.lat_deg, b.lat_deg, w);
      q.lon_deg = lerp(a.lon_deg, b.lon_deg, w);
      q.max_wind_m_s = lerp(a.max_wind_m_s, b.max_wind_m_s, w);
      q.central_pressure_hpa = lerp(*a.central_pressure_hpa, *b.central_pressure_hpa, w);
      q.radius_max_wind_km = lerp(*a.radius_max_wind_km, *b.radius_max_wind_km, w);
      q.environmental_pressure_hpa =
          lerp(*a.environmental_pressure_hpa, *b.environmental_pressure_hpa, w);
    }
    q.time = decode_time(h * 3600.0, TimeUnits{1.0, fixes[0].time, 0.0}, track_calendar);
    out.push_back(q);
  }
  return out;
}

DailyMaxWind daily_max_wind(const Track& track, const core::LatLonGrid& grid,
                            const WindFieldSettings& settings) {
  check_wind_field_settings(settings);
  const std::vector<TrackPoint> pts = interpolate_track(track, settings);
  const double step_s = settings.time_step_h * 3600.0;

  // Day index of each point: whole days from the first point's midnight.
  const core::DateTime t0 = pts.front().time;
  const core::DateTime day0{t0.year, t0.month, t0.day, 0};
  std::vector<std::size_t> day(pts.size());
  for (std::size_t i = 0; i < pts.size(); ++i) {
    const double s = static_cast<double>(t0.seconds_of_day) + static_cast<double>(i) * step_s;
    day[i] = static_cast<std::size_t>(std::floor(s / 86400.0 + 1e-12));
  }
  const std::size_t n_days = day.back() + 1;

  DailyMaxWind out;
  for (std::size_t d = 0; d < n_days; ++d) {
    out.dates.push_back(
        decode_time(static_cast<double>(d), TimeUnits{86400.0, day0, 0.0}, track_calendar));
  }
  out.max_wind_m_s = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(grid.ncells()),
                                           static_cast<Eigen::Index>(n_days));

  const std::size_t nlat = grid.nlat();
  const std::size_t nlon = grid.nlon();
  std::vector<double> lat_c(nlat), lon_c(nlon);
  for (std::size_t r = 0; r < nlat; ++r) lat_c[r] = grid.lat_centre_deg(r);
  for (std::size_t c = 0; c < nlon; ++c) lon_c[c] = grid.lon_centre_deg(c);

  const double cutoff_deg = settings.cutoff_km / earth_radius_km / deg_to_rad;
  std::vector<std::size_t> cols;
  for (std::size_t i = 0; i < pts.size(); ++i) {
    const TrackPoint& p = pts[i];
    // Motion from the previous point (from the next one at the start), as a local east/north
    // displacement over one step; accurate to far better than a percent over an hour's travel.
    StormState s{p.lat_deg,
                 p.lon_deg,
                 p.max_wind_m_s,
                 *p.central_pressure_hpa,
                 *p.environmental_pressure_hpa,
                 *p.radius_max_wind_km,
                 0.0,
                 0.0};
    if (pts.size() > 1) {
      const TrackPoint& a = i > 0 ? pts[i - 1] : pts[0];
      const TrackPoint& b = i > 0 ? pts[i] : pts[1];
      const double mid_lat = 0.5 * (a.lat_deg + b.lat_deg) * deg_to_rad;
      const double km_per_deg = earth_radius_km * deg_to_rad;
      s.translation_east_m_s =
          wrap_deg(b.lon_deg - a.lon_deg) * km_per_deg * std::cos(mid_lat) * 1000.0 / step_s;
      s.translation_north_m_s = (b.lat_deg - a.lat_deg) * km_per_deg * 1000.0 / step_s;
    }
    const Profile prof(s, settings);

    // Candidate columns: within the cut-off in longitude at the band's widest latitude.
    const double lat_lo = p.lat_deg - cutoff_deg;
    const double lat_hi = p.lat_deg + cutoff_deg;
    const double widest = std::max(std::abs(lat_lo), std::abs(lat_hi));
    const double cos_w = widest >= 90.0 ? 0.0 : std::cos(widest * deg_to_rad);
    const double dlon_max = cos_w > 1e-6 ? std::min(180.0, cutoff_deg / cos_w) : 180.0;
    cols.clear();
    for (std::size_t c = 0; c < nlon; ++c) {
      if (std::abs(wrap_deg(lon_c[c] - p.lon_deg)) <= dlon_max) cols.push_back(c);
    }
    const auto day_col = static_cast<Eigen::Index>(day[i]);
    for (std::size_t r = 0; r < nlat; ++r) {
      if (lat_c[r] < lat_lo || lat_c[r] > lat_hi) continue;
      for (const std::size_t c : cols) {
        const double dist = great_circle_km(p.lon_deg, p.lat_deg, lon_c[c], lat_c[r]);
        if (!(dist <= settings.cutoff_km)) continue;
        const auto [e, n] = bearing_unit(p.lon_deg, p.lat_deg, lon_c[c], lat_c[r]);
        const double v = prof.wind_at(dist, e, n);
        double& cell = out.max_wind_m_s(static_cast<Eigen::Index>(grid.cell_index(r, c)), day_col);
        cell = std::max(cell, v);
      }
    }
  }
  const double thr = settings.intensity_threshold_m_s;
  out.max_wind_m_s = out.max_wind_m_s.unaryExpr([thr](double v) { return v < thr ? 0.0 : v; });
  out.event_max_wind_m_s = out.max_wind_m_s.rowwise().maxCoeff();
  return out;
}

TrackWindField::TrackWindField(std::string label, core::LatLonGrid grid, DailyMaxWind wind)
    : label_(std::move(label)), grid_(std::move(grid)), wind_(std::move(wind)) {
  if (wind_.max_wind_m_s.rows() != static_cast<Eigen::Index>(grid_.ncells()) ||
      wind_.max_wind_m_s.cols() != static_cast<Eigen::Index>(wind_.dates.size()) ||
      wind_.dates.empty()) {
    throw InternalError(label_ + ": daily wind of " + std::to_string(wind_.max_wind_m_s.rows()) +
                        " x " + std::to_string(wind_.max_wind_m_s.cols()) + " for " +
                        std::to_string(grid_.ncells()) + " cells and " +
                        std::to_string(wind_.dates.size()) + " dates");
  }
  time_.calendar = Calendar::Standard;
  time_.units = "days since " + core::iso_date(wind_.dates.front());
  time_.dates = wind_.dates;
}

TrackWindField::TrackWindField(std::string label, const Track& track, core::LatLonGrid grid,
                               const WindFieldSettings& settings)
    : TrackWindField(std::move(label), grid, daily_max_wind(track, grid, settings)) {}

Eigen::MatrixXd TrackWindField::read_block(std::size_t first, std::size_t count) const {
  if (first > n_times() || count > n_times() - first) {
    throw InternalError(label_ + ": read_block(" + std::to_string(first) + ", " +
                        std::to_string(count) + ") is outside the " + std::to_string(n_times()) +
                        " days");
  }
  return wind_.max_wind_m_s.middleCols(static_cast<Eigen::Index>(first),
                                       static_cast<Eigen::Index>(count));
}

}  // namespace spstress::hazards

#include "spstress/shocks/drought.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

#include "drought_internal.hpp"
#include "spstress/core/error.hpp"

namespace spstress::shocks {

using detail::calendar_month_of;
using detail::check_calendar_month;
using detail::IndexSpan;
using detail::nan_value;
using detail::num;
using detail::resolve;

namespace {

void check_latitude(double latitude_deg) {
  if (!(latitude_deg >= -90.0 && latitude_deg <= 90.0)) {
    throw InputError("latitude_deg: got " + num(latitude_deg) + "; expected -90..90");
  }
}

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

/// Solar geometry of FAO-56 Eqs. 23–25 for a latitude (rad) and day of year.
struct SolarGeometry {
  double inverse_relative_distance;
  double declination_rad;
  double sunset_hour_angle_rad;
};

SolarGeometry solar_geometry(double latitude_rad, int doy) {
  const double two_pi_j = 2.0 * std::numbers::pi * doy / 365.0;
  const double dr = 1.0 + 0.033 * std::cos(two_pi_j);      // Eq. 23
  const double delta = 0.409 * std::sin(two_pi_j - 1.39);  // Eq. 24
  // Eq. 25; beyond the polar circles the sun never sets (argument < −1) or never rises (> 1).
  const double c = std::clamp(-std::tan(latitude_rad) * std::tan(delta), -1.0, 1.0);
  return {dr, delta, std::acos(c)};
}

void check_day_of_year(int doy) {
  if (!(doy >= 1 && doy <= 366)) {
    throw InputError("day_of_year: got " + std::to_string(doy) + "; expected 1..366");
  }
}

double radians(double deg) { return deg * std::numbers::pi / 180.0; }

}  // namespace

int days_in_month(int year, int month) {
  check_calendar_month(month, "month");
  static constexpr std::array<int, 12> days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && is_leap(year)) return 29;
  return days[static_cast<std::size_t>(month - 1)];
}

int day_of_year(int year, int month, int day) {
  check_calendar_month(month, "month");
  if (!(day >= 1 && day <= days_in_month(year, month))) {
    throw InputError("day: got " + std::to_string(day) + " for " + std::to_string(year) + "-" +
                     std::to_string(month) + "; expected 1.." +
                     std::to_string(days_in_month(year, month)));
  }
  int doy = day;
  for (int m = 1; m < month; ++m) doy += days_in_month(year, m);
  return doy;
}

double extraterrestrial_radiation_mj_per_m2_day(double latitude_deg, int day_of_year) {
  check_latitude(latitude_deg);
  check_day_of_year(day_of_year);
  const double phi = radians(latitude_deg);
  const SolarGeometry s = solar_geometry(phi, day_of_year);
  constexpr double solar_constant_mj_per_m2_min = 0.0820;
  return 24.0 * 60.0 / std::numbers::pi * solar_constant_mj_per_m2_min *
         s.inverse_relative_distance *
         (s.sunset_hour_angle_rad * std::sin(phi) * std::sin(s.declination_rad) +
          std::cos(phi) * std::cos(s.declination_rad) * std::sin(s.sunset_hour_angle_rad));
}

double daylight_hours(double latitude_deg, int day_of_year) {
  check_latitude(latitude_deg);
  check_day_of_year(day_of_year);
  return 24.0 / std::numbers::pi *
         solar_geometry(radians(latitude_deg), day_of_year).sunset_hour_angle_rad;
}

double monthly_mean_extraterrestrial_radiation_mj_per_m2_day(double latitude_deg, int year,
                                                             int month) {
  const int n = days_in_month(year, month);
  const int first = day_of_year(year, month, 1);
  double s = 0.0;
  for (int d = 0; d < n; ++d)
    s += extraterrestrial_radiation_mj_per_m2_day(latitude_deg, first + d);
  return s / n;
}

double monthly_mean_daylight_hours(double latitude_deg, int year, int month) {
  const int n = days_in_month(year, month);
  const int first = day_of_year(year, month, 1);
  double s = 0.0;
  for (int d = 0; d < n; ++d) s += daylight_hours(latitude_deg, first + d);
  return s / n;
}

double hargreaves_et0_mm_per_day(double tmin_deg_c, double tmax_deg_c, double tmean_deg_c,
                                 double ra_mj_per_m2_day) {
  if (std::isnan(tmin_deg_c) || std::isnan(tmax_deg_c) || std::isnan(tmean_deg_c) ||
      std::isnan(ra_mj_per_m2_day) || tmax_deg_c < tmin_deg_c) {
    return nan_value;
  }
  // 0.408 mm per MJ m⁻² is 1 / λ with the latent heat λ = 2.45 MJ kg⁻¹ (FAO-56 Eq. 20).
  const double et0 =
      0.0023 * (tmean_deg_c + 17.8) * std::sqrt(tmax_deg_c - tmin_deg_c) * 0.408 * ra_mj_per_m2_day;
  // Below Tmean = −17.8 °C the formula turns negative; evaporation does not.
  return std::max(0.0, et0);
}

std::vector<double> hargreaves_pet_mm_per_month(const std::vector<double>& tmin_deg_c,
                                                const std::vector<double>& tmax_deg_c,
                                                const std::vector<double>& tmean_deg_c,
                                                double latitude_deg, int first_year,
                                                int first_month) {
  check_latitude(latitude_deg);
  check_calendar_month(first_month, "first_month");
  if (tmin_deg_c.size() != tmax_deg_c.size() || tmin_deg_c.size() != tmean_deg_c.size()) {
    throw InputError("Hargreaves PET: tmin has " + std::to_string(tmin_deg_c.size()) +
                     " months, tmax " + std::to_string(tmax_deg_c.size()) + " and tmean " +
                     std::to_string(tmean_deg_c.size()) + "; expected the same months");
  }
  std::vector<double> pet(tmin_deg_c.size(), nan_value);
  for (std::size_t i = 0; i < pet.size(); ++i) {
    if (tmax_deg_c[i] < tmin_deg_c[i]) {
      throw InputError("Hargreaves PET: month " + std::to_string(i) + ": tmax " +
                       num(tmax_deg_c[i]) + " °C is below tmin " + num(tmin_deg_c[i]) +
                       " °C; expected tmax >= tmin");
    }
    const long long months_from_jan =
        static_cast<long long>(first_month - 1) + static_cast<long long>(i);
    const int year = first_year + static_cast<int>(months_from_jan / 12);
    const int month = static_cast<int>(months_from_jan % 12) + 1;
    const double ra =
        monthly_mean_extraterrestrial_radiation_mj_per_m2_day(latitude_deg, year, month);
    pet[i] = hargreaves_et0_mm_per_day(tmin_deg_c[i], tmax_deg_c[i], tmean_deg_c[i], ra) *
             days_in_month(year, month);
  }
  return pet;
}

double thornthwaite_heat_index(const std::array<double, 12>& monthly_mean_deg_c) {
  double i_sum = 0.0;
  for (double t : monthly_mean_deg_c) {
    if (std::isnan(t)) return nan_value;
    if (t > 0.0) i_sum += std::pow(t / 5.0, 1.514);
  }
  return i_sum;
}

double thornthwaite_exponent(double heat_index) {
  const double i = heat_index;
  return 6.75e-7 * i * i * i - 7.71e-5 * i * i + 1.792e-2 * i + 0.49239;
}

double thornthwaite_pet_mm_per_month(double tmean_deg_c, double heat_index,
                                     double mean_daylight_hours, int month_days) {
  if (std::isnan(tmean_deg_c) || std::isnan(heat_index) || std::isnan(mean_daylight_hours)) {
    return nan_value;
  }
  // No month above freezing in the climatology (I = 0) or a freezing month: no PET; the
  // power law is undefined for T <= 0.
  if (!(tmean_deg_c > 0.0) || !(heat_index > 0.0)) return 0.0;
  const double a = thornthwaite_exponent(heat_index);
  return 16.0 * (mean_daylight_hours / 12.0) * (month_days / 30.0) *
         std::pow(10.0 * tmean_deg_c / heat_index, a);
}

std::vector<double> thornthwaite_pet_mm_per_month(const std::vector<double>& tmean_deg_c,
                                                  double latitude_deg, int first_year,
                                                  int first_month, const MonthRange& baseline) {
  check_latitude(latitude_deg);
  check_calendar_month(first_month, "first_month");
  const IndexSpan span = resolve(baseline, tmean_deg_c.size(), "Thornthwaite baseline");
  std::array<double, 12> sum{};
  std::array<int, 12> count{};
  for (std::size_t i = span.begin; i < span.end; ++i) {
    if (std::isnan(tmean_deg_c[i])) continue;
    const auto m = static_cast<std::size_t>(calendar_month_of(i, first_month) - 1);
    sum[m] += tmean_deg_c[i];
    ++count[m];
  }
  std::array<double, 12> climatology{};
  for (std::size_t m = 0; m < 12; ++m) {
    if (count[m] == 0) {
      throw InputError("Thornthwaite heat index: no valid temperature for calendar month " +
                       std::to_string(m + 1) +
                       " in the baseline; expected at least one per calendar month");
    }
    climatology[m] = sum[m] / count[m];
  }
  const double heat_index = thornthwaite_heat_index(climatology);
  std::vector<double> pet(tmean_deg_c.size(), nan_value);
  for (std::size_t i = 0; i < pet.size(); ++i) {
    const long long months_from_jan =
        static_cast<long long>(first_month - 1) + static_cast<long long>(i);
    const int year = first_year + static_cast<int>(months_from_jan / 12);
    const int month = static_cast<int>(months_from_jan % 12) + 1;
    pet[i] = thornthwaite_pet_mm_per_month(tmean_deg_c[i], heat_index,
                                           monthly_mean_daylight_hours(latitude_deg, year, month),
                                           days_in_month(year, month));
  }
  return pet;
}

}  // namespace spstress::shocks

#include "spstress/shocks/drought.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <sstream>
#include <string>

#include <boost/math/distributions/normal.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <boost/math/special_functions/sinc.hpp>

#include "spstress/core/error.hpp"

namespace spstress::shocks {

namespace {

constexpr double nan_value = std::numeric_limits<double>::quiet_NaN();
constexpr int max_scale_months = 72;

std::string num(double x) {
  std::ostringstream s;
  s.precision(10);
  s << x;
  return s.str();
}

void check_calendar_month(int month, const char* what) {
  if (!(month >= 1 && month <= 12)) {
    throw InputError(std::string(what) + ": got " + std::to_string(month) +
                     "; expected a calendar month 1..12");
  }
}

void check_latitude(double latitude_deg) {
  if (!(latitude_deg >= -90.0 && latitude_deg <= 90.0)) {
    throw InputError("latitude_deg: got " + num(latitude_deg) + "; expected -90..90");
  }
}

/// Calendar month (1..12) of element i of a series whose first element is in `first`.
int calendar_month_of(std::size_t i, int first_calendar_month) {
  return static_cast<int>((static_cast<std::size_t>(first_calendar_month - 1) + i) % 12) + 1;
}

/// The concrete [begin, end) of a MonthRange over a series of n months.
struct IndexSpan {
  std::size_t begin;
  std::size_t end;
};

IndexSpan resolve(const MonthRange& range, std::size_t n, const char* what) {
  if (range.count_months == 0 && range.first_index == 0) return {0, n};
  const long long first = range.first_index;
  const long long count = range.count_months;
  if (!(first >= 0 && count >= 1 && first + count <= static_cast<long long>(n))) {
    throw InputError(std::string(what) + ": months " + std::to_string(first) + ".." +
                     std::to_string(first + count - 1) + " (first_index " + std::to_string(first) +
                     ", count_months " + std::to_string(count) +
                     "); expected count_months >= 1 within the series' " + std::to_string(n) +
                     " months (indices 0.." + std::to_string(static_cast<long long>(n) - 1) +
                     "), or count_months 0 with first_index 0 for the whole series");
  }
  return {static_cast<std::size_t>(first), static_cast<std::size_t>(first + count)};
}

void check_min_fit_values(int min_fit_values) {
  if (!(min_fit_values >= 3)) {
    throw InputError("min_fit_values: got " + std::to_string(min_fit_values) +
                     "; expected an integer >= 3");
  }
}

void check_index_limit(double index_limit) {
  if (!(index_limit > 0.0)) {
    throw InputError("index_limit: got " + num(index_limit) +
                     "; expected a number > 0 (infinity for no clipping)");
  }
}

void check_scale(int scale_months) {
  if (!(scale_months >= 1 && scale_months <= max_scale_months)) {
    throw InputError("scale_months: got " + std::to_string(scale_months) +
                     "; expected an integer 1.." + std::to_string(max_scale_months));
  }
}

/// Values of each calendar month among the sums that end in the baseline.
std::array<std::vector<double>, 12> split_by_calendar_month(const std::vector<double>& sums,
                                                            int first_calendar_month,
                                                            const MonthRange& baseline) {
  check_calendar_month(first_calendar_month, "first_calendar_month");
  const IndexSpan span = resolve(baseline, sums.size(), "baseline");
  std::array<std::vector<double>, 12> by_month;
  for (std::size_t i = span.begin; i < span.end; ++i) {
    by_month[static_cast<std::size_t>(calendar_month_of(i, first_calendar_month) - 1)].push_back(
        sums[i]);
  }
  return by_month;
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

// ---------------------------------------------------------------------------------------------

MonthRange baseline_years(int series_first_year, int series_first_month, int series_months,
                          int first_year, int last_year) {
  check_calendar_month(series_first_month, "series_first_month");
  if (!(first_year <= last_year)) {
    throw InputError("baseline years: got " + std::to_string(first_year) + ".." +
                     std::to_string(last_year) + "; expected the first year <= the last year");
  }
  const long long first =
      (static_cast<long long>(first_year) - series_first_year) * 12 + (1 - series_first_month);
  const long long count = (static_cast<long long>(last_year) - first_year + 1) * 12;
  if (!(first >= 0 && first + count <= series_months)) {
    throw InputError("baseline years " + std::to_string(first_year) + ".." +
                     std::to_string(last_year) + ": outside the series, which runs " +
                     std::to_string(series_months) + " months from " +
                     std::to_string(series_first_year) + "-" + std::to_string(series_first_month) +
                     "; expected whole calendar years inside it");
  }
  return {static_cast<int>(first), static_cast<int>(count)};
}

std::string fit_status_reason(FitStatus status) {
  switch (status) {
    case FitStatus::Ok:
      return "fitted";
    case FitStatus::NoValues:
      return "no valid sum in the baseline";
    case FitStatus::AllZero:
      return "every baseline sum is zero";
    case FitStatus::TooFewValues:
      return "too few non-zero (SPI) or valid (SPEI) sums in the baseline";
    case FitStatus::NoSpread:
      return "all the baseline values fitted are equal";
    case FitStatus::ShapeOutOfRange:
      return "the baseline L-skewness is outside (-1, 1)";
  }
  throw InternalError("fit_status_reason: unknown FitStatus " +
                      std::to_string(static_cast<int>(status)));
}

std::vector<double> running_sums(const std::vector<double>& values, int scale_months) {
  check_scale(scale_months);
  const auto k = static_cast<std::size_t>(scale_months);
  std::vector<double> sums(values.size(), nan_value);
  // Each sum is taken afresh rather than by adding and dropping one month: a running update
  // would carry a NaN forever and accumulate rounding over long series.
  for (std::size_t i = k - 1; i < values.size(); ++i) {
    double s = 0.0;
    for (std::size_t j = i + 1 - k; j <= i; ++j) s += values[j];
    sums[i] = s;
  }
  return sums;
}

GammaFit fit_gamma_thom(const std::vector<double>& values_mm, int min_fit_values) {
  check_min_fit_values(min_fit_values);
  GammaFit fit;
  double sum = 0.0;
  double sum_log = 0.0;
  double lo = std::numeric_limits<double>::infinity();
  double hi = -lo;
  for (double x : values_mm) {
    if (std::isnan(x)) continue;
    if (!(x >= 0.0 && std::isfinite(x))) {
      throw InputError("gamma fit: value " + num(x) + "; expected a finite value >= 0 or NaN");
    }
    ++fit.valid_values;
    if (x == 0.0) continue;
    ++fit.nonzero_values;
    sum += x;
    sum_log += std::log(x);
    lo = std::min(lo, x);
    hi = std::max(hi, x);
  }
  if (fit.valid_values == 0) return fit;  // NoValues
  fit.zero_share = static_cast<double>(fit.valid_values - fit.nonzero_values) / fit.valid_values;
  if (fit.nonzero_values == 0) {
    fit.status = FitStatus::AllZero;
    return fit;
  }
  if (fit.nonzero_values < min_fit_values) {
    fit.status = FitStatus::TooFewValues;
    return fit;
  }
  const double mean = sum / fit.nonzero_values;
  const double a = std::log(mean) - sum_log / fit.nonzero_values;
  // Equal values give A = 0 in exact arithmetic but a rounding residue of either sign here, so
  // they are caught by comparing the extremes.
  if (lo == hi || !(a > 0.0)) {
    fit.status = FitStatus::NoSpread;
    return fit;
  }
  fit.shape = (1.0 + std::sqrt(1.0 + 4.0 * a / 3.0)) / (4.0 * a);
  fit.scale_mm = mean / fit.shape;
  fit.status = FitStatus::Ok;
  return fit;
}

double gamma_mixture_cdf(double x_mm, const GammaFit& fit) {
  if (std::isnan(x_mm) || fit.status != FitStatus::Ok) return nan_value;
  if (x_mm < 0.0) return 0.0;
  if (x_mm == 0.0) return fit.zero_share;
  if (std::isinf(x_mm)) return 1.0;
  const double g = boost::math::gamma_p(fit.shape, x_mm / fit.scale_mm);
  return fit.zero_share + (1.0 - fit.zero_share) * g;
}

std::array<double, 3> unbiased_pwm(const std::vector<double>& values) {
  std::vector<double> x;
  x.reserve(values.size());
  for (double v : values) {
    if (!std::isnan(v)) x.push_back(v);
  }
  const std::size_t n = x.size();
  if (n < 3) return {nan_value, nan_value, nan_value};
  std::sort(x.begin(), x.end());
  const double nm1 = static_cast<double>(n - 1);
  const double nm2 = static_cast<double>(n - 2);
  double w0 = 0.0;
  double w1 = 0.0;
  double w2 = 0.0;
  for (std::size_t j = 1; j <= n; ++j) {
    // C(n − j, s) / C(n − 1, s): the chance that s further draws without replacement all land
    // above x_(j), which makes each w_s unbiased for E[X (1 − F)^s].
    const double above = static_cast<double>(n - j);
    const double xj = x[j - 1];
    w0 += xj;
    w1 += xj * above / nm1;
    w2 += xj * above * (above - 1.0) / (nm1 * nm2);
  }
  const double dn = static_cast<double>(n);
  return {w0 / dn, w1 / dn, w2 / dn};
}

LogLogisticFit fit_log_logistic_pwm(const std::vector<double>& values_mm, int min_fit_values) {
  check_min_fit_values(min_fit_values);
  LogLogisticFit fit;
  double lo = std::numeric_limits<double>::infinity();
  double hi = -lo;
  for (double x : values_mm) {
    if (std::isnan(x)) continue;
    if (!std::isfinite(x)) {
      throw InputError("log-logistic fit: value " + num(x) + "; expected a finite value or NaN");
    }
    ++fit.valid_values;
    lo = std::min(lo, x);
    hi = std::max(hi, x);
  }
  if (fit.valid_values == 0) return fit;  // NoValues
  if (fit.valid_values < min_fit_values) {
    fit.status = FitStatus::TooFewValues;
    return fit;
  }
  if (lo == hi) {
    fit.status = FitStatus::NoSpread;
    return fit;
  }
  const auto [w0, w1, w2] = unbiased_pwm(values_mm);
  fit.l_mean_mm = w0;
  fit.l_scale_mm = w0 - 2.0 * w1;
  const double l3 = w0 - 6.0 * w1 + 6.0 * w2;
  if (!(fit.l_scale_mm > 0.0)) {
    fit.status = FitStatus::NoSpread;
    return fit;
  }
  fit.l_skewness = l3 / fit.l_scale_mm;
  if (!(std::abs(fit.l_skewness) < 1.0)) {
    fit.status = FitStatus::ShapeOutOfRange;
    return fit;
  }
  // The paper's β = (2 w1 − w0) / (6 w1 − w0 − 6 w2) is λ2 / λ3 = 1 / τ3, and
  // Γ(1 + 1/β) Γ(1 − 1/β) = (π/β) / sin(π/β) by the reflection formula (1 / sinc).
  fit.shape = 1.0 / fit.l_skewness;
  const double g = 1.0 / boost::math::sinc_pi(std::numbers::pi * fit.l_skewness);
  fit.scale_mm = fit.l_scale_mm * fit.shape / g;
  fit.origin_mm = w0 - fit.scale_mm * g;
  fit.status = FitStatus::Ok;
  return fit;
}

double log_logistic_cdf(double x_mm, const LogLogisticFit& fit) {
  if (std::isnan(x_mm) || fit.status != FitStatus::Ok) return nan_value;
  // F = 1 / (1 + r^β) with r = α / (x − γ) = 1 / (g (1 + τ3 z)), z = (x − λ1) / λ2, so
  // F = 1 / (1 + exp(−y)) with y = [ln g + ln(1 + τ3 z)] / τ3. This form stays exact as
  // τ3 → 0 (β → ∞), where α and γ grow without bound and x − γ loses every digit; the limit
  // τ3 = 0 is the logistic distribution, y = z.
  const double t3 = fit.l_skewness;
  const double z = (x_mm - fit.l_mean_mm) / fit.l_scale_mm;
  const double u = t3 * z;
  if (!(u > -1.0)) return t3 > 0.0 ? 0.0 : 1.0;  // beyond the lower (τ3 > 0) or upper bound
  double y = z;
  if (t3 != 0.0) {
    const double log_g = -std::log(boost::math::sinc_pi(std::numbers::pi * t3));
    y = (log_g + std::log1p(u)) / t3;
  }
  return 1.0 / (1.0 + std::exp(-y));
}

double standard_normal_index(double probability, double limit) {
  if (std::isnan(probability)) return nan_value;
  if (probability <= 0.0) return -limit;
  if (probability >= 1.0) return limit;
  const double z = boost::math::quantile(boost::math::normal_distribution<double>(), probability);
  return std::clamp(z, -limit, limit);
}

GammaFits fit_spi(const std::vector<double>& sums_mm, int first_calendar_month,
                  const MonthRange& baseline, int min_fit_values) {
  check_min_fit_values(min_fit_values);
  const auto by_month = split_by_calendar_month(sums_mm, first_calendar_month, baseline);
  GammaFits fits;
  for (std::size_t m = 0; m < 12; ++m) fits[m] = fit_gamma_thom(by_month[m], min_fit_values);
  return fits;
}

LogLogisticFits fit_spei(const std::vector<double>& sums_mm, int first_calendar_month,
                         const MonthRange& baseline, int min_fit_values) {
  check_min_fit_values(min_fit_values);
  const auto by_month = split_by_calendar_month(sums_mm, first_calendar_month, baseline);
  LogLogisticFits fits;
  for (std::size_t m = 0; m < 12; ++m) {
    fits[m] = fit_log_logistic_pwm(by_month[m], min_fit_values);
  }
  return fits;
}

namespace {

// SPI and SPEI differ only in the distribution: each sum is scored by its calendar month's fit.
template <typename Fits, typename Cdf>
std::vector<double> index_from_fits(const std::vector<double>& sums_mm, int first_calendar_month,
                                    const Fits& fits, double index_limit, Cdf cdf) {
  check_calendar_month(first_calendar_month, "first_calendar_month");
  check_index_limit(index_limit);
  std::vector<double> index(sums_mm.size(), nan_value);
  for (std::size_t i = 0; i < sums_mm.size(); ++i) {
    const auto& fit =
        fits[static_cast<std::size_t>(calendar_month_of(i, first_calendar_month) - 1)];
    index[i] = standard_normal_index(cdf(sums_mm[i], fit), index_limit);
  }
  return index;
}

}  // namespace

std::vector<double> spi_from_fits(const std::vector<double>& sums_mm, int first_calendar_month,
                                  const GammaFits& fits, double index_limit) {
  return index_from_fits(sums_mm, first_calendar_month, fits, index_limit,
                         [](double x, const GammaFit& f) { return gamma_mixture_cdf(x, f); });
}

std::vector<double> spei_from_fits(const std::vector<double>& sums_mm, int first_calendar_month,
                                   const LogLogisticFits& fits, double index_limit) {
  return index_from_fits(sums_mm, first_calendar_month, fits, index_limit,
                         [](double x, const LogLogisticFit& f) { return log_logistic_cdf(x, f); });
}

SpiResult spi(const std::vector<double>& precipitation_mm_per_month, int first_calendar_month,
              const StandardIndexSettings& settings) {
  check_calendar_month(first_calendar_month, "first_calendar_month");
  check_scale(settings.scale_months);
  check_min_fit_values(settings.min_fit_values);
  check_index_limit(settings.index_limit);
  for (std::size_t i = 0; i < precipitation_mm_per_month.size(); ++i) {
    const double p = precipitation_mm_per_month[i];
    if (!std::isnan(p) && !(p >= 0.0 && std::isfinite(p))) {
      throw InputError("precipitation_mm_per_month[" + std::to_string(i) + "]: got " + num(p) +
                       "; expected a finite value >= 0, or NaN for a missing month");
    }
  }
  SpiResult r;
  r.sums_mm = running_sums(precipitation_mm_per_month, settings.scale_months);
  r.fits = fit_spi(r.sums_mm, first_calendar_month, settings.baseline, settings.min_fit_values);
  r.index = spi_from_fits(r.sums_mm, first_calendar_month, r.fits, settings.index_limit);
  return r;
}

SpeiResult spei(const std::vector<double>& water_balance_mm_per_month, int first_calendar_month,
                const StandardIndexSettings& settings) {
  check_calendar_month(first_calendar_month, "first_calendar_month");
  check_scale(settings.scale_months);
  check_min_fit_values(settings.min_fit_values);
  check_index_limit(settings.index_limit);
  for (std::size_t i = 0; i < water_balance_mm_per_month.size(); ++i) {
    const double d = water_balance_mm_per_month[i];
    if (std::isinf(d)) {
      throw InputError("water_balance_mm_per_month[" + std::to_string(i) + "]: got " + num(d) +
                       "; expected a finite value, or NaN for a missing month");
    }
  }
  SpeiResult r;
  r.sums_mm = running_sums(water_balance_mm_per_month, settings.scale_months);
  r.fits = fit_spei(r.sums_mm, first_calendar_month, settings.baseline, settings.min_fit_values);
  r.index = spei_from_fits(r.sums_mm, first_calendar_month, r.fits, settings.index_limit);
  return r;
}

std::vector<double> water_balance_mm_per_month(
    const std::vector<double>& precipitation_mm_per_month,
    const std::vector<double>& pet_mm_per_month) {
  if (precipitation_mm_per_month.size() != pet_mm_per_month.size()) {
    throw InputError("water balance: precipitation has " +
                     std::to_string(precipitation_mm_per_month.size()) + " months and PET " +
                     std::to_string(pet_mm_per_month.size()) + "; expected the same months");
  }
  std::vector<double> d(pet_mm_per_month.size());
  for (std::size_t i = 0; i < d.size(); ++i) {
    d[i] = precipitation_mm_per_month[i] - pet_mm_per_month[i];
  }
  return d;
}

// ---------------------------------------------------------------------------------------------

DroughtClass drought_class(double index) {
  if (std::isnan(index)) return DroughtClass::Missing;
  if (index <= -2.0) return DroughtClass::Extreme;
  if (index <= -1.5) return DroughtClass::Severe;
  if (index <= -1.0) return DroughtClass::Moderate;
  return DroughtClass::None;
}

std::string drought_class_name(DroughtClass drought) {
  switch (drought) {
    case DroughtClass::Missing:
      return "missing";
    case DroughtClass::None:
      return "none";
    case DroughtClass::Moderate:
      return "moderate";
    case DroughtClass::Severe:
      return "severe";
    case DroughtClass::Extreme:
      return "extreme";
  }
  throw InternalError("drought_class_name: unknown DroughtClass " +
                      std::to_string(static_cast<int>(drought)));
}

// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------

void validate_yield_loss_params(const YieldLossParams& params, const std::string& where) {
  if (!(params.threshold_spei >= -3.0 && params.threshold_spei <= 0.0)) {
    throw InputError(where + ": threshold_spei: got " + num(params.threshold_spei) +
                     "; expected -3..0");
  }
  if (!(params.beta_per_spei_unit >= yield_loss_beta_min_per_spei_unit &&
        params.beta_per_spei_unit <= yield_loss_beta_max_per_spei_unit)) {
    throw InputError(where + ": beta_per_spei_unit: got " + num(params.beta_per_spei_unit) +
                     "; expected " + num(yield_loss_beta_min_per_spei_unit) + ".." +
                     num(yield_loss_beta_max_per_spei_unit) + " (yield share per SPEI unit)");
  }
}

double yield_loss_share(double spei_growing_season, const YieldLossParams& params) {
  validate_yield_loss_params(params, "yield loss");
  if (std::isnan(spei_growing_season)) return nan_value;
  return std::min(
      1.0, params.beta_per_spei_unit * std::max(0.0, params.threshold_spei - spei_growing_season));
}

namespace {

void check_non_negative(double x, const std::string& where, const char* field) {
  if (!(x >= 0.0 && std::isfinite(x))) {
    throw InputError(where + ": " + field + ": got " + num(x) + "; expected a finite value >= 0");
  }
}

void check_share(double x, const std::string& where, const char* field) {
  if (!(x >= 0.0 && x <= 1.0)) {
    throw InputError(where + ": " + field + ": got " + num(x) + "; expected a share 0..1");
  }
}

void check_positive(double x, const char* field) {
  if (!(x > 0.0 && std::isfinite(x))) {
    throw InputError(std::string("farm income: ") + field + ": got " + num(x) +
                     "; expected a finite value > 0");
  }
}

}  // namespace

FarmIncomeLoss farm_income_loss(const std::vector<CropDrought>& crops,
                                const RuralHouseholds& households,
                                const FarmIncomeSettings& settings) {
  check_positive(households.rural_population_persons, "rural_population_persons");
  check_positive(households.disposable_income_cny_per_person_year,
                 "disposable_income_cny_per_person_year");
  if (!(settings.operating_income_share >= operating_income_share_min &&
        settings.operating_income_share <= operating_income_share_max)) {
    throw InputError("farm income: operating_income_share: got " +
                     num(settings.operating_income_share) + "; expected " +
                     num(operating_income_share_min) + ".." + num(operating_income_share_max));
  }
  FarmIncomeLoss r;
  r.crops.reserve(crops.size());
  for (std::size_t c = 0; c < crops.size(); ++c) {
    const CropDrought& crop = crops[c];
    const std::string where = "crop " + std::to_string(c) + " (\"" + crop.crop + "\")";
    check_non_negative(crop.price_cny_per_t, where, "price_cny_per_t");
    check_non_negative(crop.potential_yield_t_per_ha, where, "potential_yield_t_per_ha");
    check_non_negative(crop.area_ha, where, "area_ha");
    check_share(crop.insured_share, where, "insured_share");
    check_share(crop.indemnity_share, where, "indemnity_share");
    const YieldLossParams params{settings.threshold_spei, crop.beta_per_spei_unit};
    validate_yield_loss_params(params, where);

    CropIncomeLoss loss;
    loss.crop = crop.crop;
    loss.yield_loss_share = yield_loss_share(crop.spei_growing_season, params);
    loss.output_loss_cny =
        crop.price_cny_per_t * crop.potential_yield_t_per_ha * crop.area_ha * loss.yield_loss_share;
    const double paid_share = crop.indemnity_share * crop.insured_share;
    loss.indemnity_cny = loss.output_loss_cny * paid_share;
    loss.net_loss_cny = loss.output_loss_cny * (1.0 - paid_share);
    r.output_loss_cny += loss.output_loss_cny;
    r.indemnity_cny += loss.indemnity_cny;
    r.net_loss_cny += loss.net_loss_cny;
    r.crops.push_back(loss);
  }
  r.net_loss_cny_per_person = r.net_loss_cny / households.rural_population_persons;
  r.operating_income_cny_per_person_year =
      settings.operating_income_share * households.disposable_income_cny_per_person_year;
  // A crop loss reaches the household through operating net income only; wages, transfers and
  // property income are untouched, so the loss cannot exceed the operating income. A NaN loss
  // (a crop without an index) must stay NaN, whatever std::min does with the argument order.
  r.income_loss_cny_per_person =
      std::isnan(r.net_loss_cny_per_person)
          ? nan_value
          : std::min(r.net_loss_cny_per_person, r.operating_income_cny_per_person_year);
  r.income_loss_share_of_disposable =
      r.income_loss_cny_per_person / households.disposable_income_cny_per_person_year;
  r.income_loss_share_of_operating =
      r.income_loss_cny_per_person / r.operating_income_cny_per_person_year;
  return r;
}

}  // namespace spstress::shocks

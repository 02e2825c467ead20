#include "spstress/shocks/drought.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <string>

#include <boost/math/distributions/normal.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <boost/math/special_functions/sinc.hpp>

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

constexpr int max_scale_months = 72;

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

}  // namespace spstress::shocks

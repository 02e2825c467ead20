#pragma once
/// Drought: standardised indices SPI-k and SPEI-k from monthly series, potential
/// evapotranspiration (Hargreaves with FAO-56 radiation, Thornthwaite), drought classes, and
/// crop-yield and farm-income loss (docs/model.md §4, docs/methodology-drought.md).
/// Pure code over plain numbers: no files, no logging.
///
/// Monthly series are plain vectors; element i is the month i months after the first one, whose
/// calendar month (1..12) the caller gives. NaN marks a missing month everywhere.

#include <array>
#include <string>
#include <vector>

namespace spstress::shocks {

// ---------------------------------------------------------------------------------------------
// Standardised indices (SPI, SPEI)
// ---------------------------------------------------------------------------------------------

/// Consecutive months of a monthly series: indices first_index .. first_index + count_months − 1.
/// count_months == 0 stands for the whole series.
struct MonthRange {
  int first_index = 0;
  int count_months = 0;
};

/// The months of calendar years first_year..last_year (January to December) in a series of
/// `series_months` months that starts in (series_first_year, series_first_month).
/// Throws InputError if the years are reversed or reach outside the series.
MonthRange baseline_years(int series_first_year, int series_first_month, int series_months,
                          int first_year, int last_year);

struct StandardIndexSettings {
  int scale_months = 3;  ///< k: months summed (1..72); 3 for crops, 6 seasonal, 12 hydrological
  /// The distributions of calendar month m are fitted to the k-month sums that END in a
  /// baseline month of calendar month m (a sum may reach up to k − 1 months before the start).
  MonthRange baseline;
  /// Fewest values a calendar month's fit needs (>= 3): non-zero sums for SPI, valid sums for
  /// SPEI. Fewer gives NaN with FitStatus::TooFewValues [A; WMO advises 30 years].
  int min_fit_values = 10;
  /// |index| is clipped to this (> 0, may be +infinity): probabilities of exactly 0 or 1 (a sum
  /// beyond the fitted distribution's bound) would otherwise give ±infinity. 3.09 as in the
  /// climate_indices package (Φ(−3.09) = 0.001).
  double index_limit = 3.09;
};

/// Why a calendar month's distribution could not be fitted; anything but Ok makes the index of
/// that calendar month NaN.
enum class FitStatus {
  Ok,
  NoValues,        ///< no valid (non-NaN) sum in the baseline
  AllZero,         ///< SPI: every baseline sum is zero, the distribution is a point mass
  TooFewValues,    ///< fewer than min_fit_values non-zero (SPI) or valid (SPEI) sums
  NoSpread,        ///< all the values fitted are equal
  ShapeOutOfRange  ///< SPEI: the sample L-skewness is not inside (−1, 1)
};
/// A sentence saying why, e.g. "every baseline sum is zero".
std::string fit_status_reason(FitStatus status);

/// Gamma distribution of the non-zero sums mixed with a probability of zero (McKee et al.
/// 1993): H(x) = q + (1 − q) G(x; shape, scale).
struct GammaFit {
  FitStatus status = FitStatus::NoValues;
  double shape = 0.0;       ///< α (Thom 1958 maximum-likelihood approximation)
  double scale_mm = 0.0;    ///< β = mean of the non-zero sums / α
  double zero_share = 0.0;  ///< q = zero sums / valid sums
  int valid_values = 0;     ///< non-NaN sums fitted
  int nonzero_values = 0;   ///< of which > 0
};

/// Three-parameter log-logistic distribution F(x) = 1 / (1 + (α / (x − γ))^β) fitted by
/// probability-weighted moments (Vicente-Serrano et al. 2010). The sample L-moments it is
/// fitted from are kept: the CDF is evaluated from them (numerically stable for any β).
struct LogLogisticFit {
  FitStatus status = FitStatus::NoValues;
  double scale_mm = 0.0;    ///< α (negative when β is: the distribution is bounded above)
  double shape = 0.0;       ///< β = 1 / τ3; ±infinity when τ3 = 0 (the logistic limit)
  double origin_mm = 0.0;   ///< γ: lower bound if β > 0, upper bound if β < 0
  double l_mean_mm = 0.0;   ///< λ1 = w0
  double l_scale_mm = 0.0;  ///< λ2 = w0 − 2 w1
  double l_skewness = 0.0;  ///< τ3 = (w0 − 6 w1 + 6 w2) / λ2
  int valid_values = 0;
};

/// One fit per calendar month: element m − 1 for calendar month m.
using GammaFits = std::array<GammaFit, 12>;
using LogLogisticFits = std::array<LogLogisticFit, 12>;

struct SpiResult {
  std::vector<double> sums_mm;  ///< k-month precipitation totals (NaN for the first k − 1)
  std::vector<double> index;    ///< SPI-k, NaN where the sum is NaN or the month's fit failed
  GammaFits fits;
};

struct SpeiResult {
  std::vector<double> sums_mm;  ///< k-month water-balance totals (NaN for the first k − 1)
  std::vector<double> index;    ///< SPEI-k, NaN where the sum is NaN or the month's fit failed
  LogLogisticFits fits;
};

/// k-month running sums: element i = values[i − k + 1] + … + values[i]; NaN for i < k − 1
/// and for every sum that includes a NaN. Throws InputError if scale_months < 1.
std::vector<double> running_sums(const std::vector<double>& values, int scale_months);

/// Thom's (1958) approximation to the maximum-likelihood gamma fit over the non-zero values,
/// mixed with the share of zeros: A = ln(mean) − mean(ln x), α = (1 + sqrt(1 + 4A/3)) / (4A),
/// β = mean / α, q = zeros / valid values. NaN values are left out. Values must be >= 0.
GammaFit fit_gamma_thom(const std::vector<double>& values_mm, int min_fit_values);
/// H(x) = q + (1 − q) G(x); NaN if x is NaN or the fit is not Ok; 0 for x < 0.
double gamma_mixture_cdf(double x_mm, const GammaFit& fit);

/// Unbiased probability-weighted moments w_s = E[X (1 − F)^s], s = 0, 1, 2 (Landwehr et al.
/// 1979; Hosking 1986): w_s = n⁻¹ Σ_j x_(j) C(n − j, s) / C(n − 1, s) over the ascending sample
/// x_(1) <= … <= x_(n). NaN values are left out; needs n >= 3 (else all NaN).
std::array<double, 3> unbiased_pwm(const std::vector<double>& values);

/// Log-logistic fit of Vicente-Serrano et al. (2010) from unbiased PWMs:
/// β = (2 w1 − w0) / (6 w1 − w0 − 6 w2), α = (w0 − 2 w1) β / (Γ(1 + 1/β) Γ(1 − 1/β)),
/// γ = w0 − α Γ(1 + 1/β) Γ(1 − 1/β). NaN values are left out.
LogLogisticFit fit_log_logistic_pwm(const std::vector<double>& values_mm, int min_fit_values);
/// F(x): 0 below a lower bound, 1 above an upper bound, NaN if x is NaN or the fit is not Ok.
double log_logistic_cdf(double x_mm, const LogLogisticFit& fit);

/// Φ⁻¹(p) clipped to [−limit, limit]; p <= 0 gives −limit and p >= 1 gives +limit; NaN stays NaN.
double standard_normal_index(double probability, double limit);

/// Fits per calendar month over the sums that end in `baseline` (see StandardIndexSettings).
/// Throws InputError for a first_calendar_month outside 1..12, a baseline outside the series,
/// min_fit_values < 3 or a negative sum (SPI only).
GammaFits fit_spi(const std::vector<double>& sums_mm, int first_calendar_month,
                  const MonthRange& baseline, int min_fit_values);
LogLogisticFits fit_spei(const std::vector<double>& sums_mm, int first_calendar_month,
                         const MonthRange& baseline, int min_fit_values);

/// Index of every sum with its calendar month's fit (for fits made on another series, e.g. the
/// historical baseline applied to a scenario). Throws InputError for a bad first_calendar_month
/// or index_limit.
std::vector<double> spi_from_fits(const std::vector<double>& sums_mm, int first_calendar_month,
                                  const GammaFits& fits, double index_limit);
std::vector<double> spei_from_fits(const std::vector<double>& sums_mm, int first_calendar_month,
                                   const LogLogisticFits& fits, double index_limit);

/// SPI-k of a monthly precipitation series (mm per month, >= 0 or NaN): sums, fits over the
/// baseline, index. Throws InputError naming the setting or the month index for bad settings
/// or a negative or infinite precipitation.
SpiResult spi(const std::vector<double>& precipitation_mm_per_month, int first_calendar_month,
              const StandardIndexSettings& settings);

/// SPEI-k of a monthly climatic water balance D = P − PET (mm per month, any sign, or NaN).
/// Throws InputError naming the setting or the month index for bad settings or an infinite D.
SpeiResult spei(const std::vector<double>& water_balance_mm_per_month, int first_calendar_month,
                const StandardIndexSettings& settings);

/// D = P − PET month by month. Throws InputError if the lengths differ.
std::vector<double> water_balance_mm_per_month(
    const std::vector<double>& precipitation_mm_per_month,
    const std::vector<double>& pet_mm_per_month);

// ---------------------------------------------------------------------------------------------
// Drought classes (docs/model.md §4)
// ---------------------------------------------------------------------------------------------

enum class DroughtClass {
  Missing,   ///< the index is NaN
  None,      ///< index > −1.0
  Moderate,  ///< −1.5 < index <= −1.0 (the table's −1.0 to −1.49)
  Severe,    ///< −2.0 < index <= −1.5 (−1.5 to −1.99)
  Extreme    ///< index <= −2.0
};
DroughtClass drought_class(double index);
/// "missing", "none", "moderate", "severe", "extreme".
std::string drought_class_name(DroughtClass drought);

// ---------------------------------------------------------------------------------------------
// Potential evapotranspiration
// ---------------------------------------------------------------------------------------------

/// Days in a month of the proleptic Gregorian calendar. Throws InputError for a month
/// outside 1..12.
int days_in_month(int year, int month);
/// Day of the year (1..366) of a date. Throws InputError for an impossible date.
int day_of_year(int year, int month, int day);

/// Extraterrestrial radiation Ra (MJ m⁻² day⁻¹) for a day (FAO-56 Eqs. 21–25): latitude in
/// degrees (−90..90, south negative), day of year 1..366. Polar day and night are handled by
/// clipping −tan φ tan δ to [−1, 1]. Throws InputError for arguments out of range.
double extraterrestrial_radiation_mj_per_m2_day(double latitude_deg, int day_of_year);
/// Daylight hours N = 24 ω_s / π (FAO-56 Eq. 34), same arguments and clipping.
double daylight_hours(double latitude_deg, int day_of_year);
/// Means of Ra and N over the days of a calendar month.
double monthly_mean_extraterrestrial_radiation_mj_per_m2_day(double latitude_deg, int year,
                                                             int month);
double monthly_mean_daylight_hours(double latitude_deg, int year, int month);

/// Hargreaves reference evapotranspiration (FAO-56 Eq. 52):
/// ET0 = 0.0023 (Tmean + 17.8) (Tmax − Tmin)^0.5 · 0.408 Ra, in mm per day, Ra in MJ m⁻² day⁻¹
/// (0.408 converts MJ m⁻² to mm of evaporation). Negative results (Tmean < −17.8 °C) give 0.
/// NaN if any input is NaN or Tmax < Tmin.
double hargreaves_et0_mm_per_day(double tmin_deg_c, double tmax_deg_c, double tmean_deg_c,
                                 double ra_mj_per_m2_day);

/// Monthly Hargreaves PET (mm per month) = ET0 with the month's mean daily temperatures and
/// mean Ra × days in the month. The three series have equal length; NaN months give NaN.
/// Throws InputError for unequal lengths, Tmax < Tmin (naming the month index), a latitude
/// outside −90..90 or a first_month outside 1..12.
std::vector<double> hargreaves_pet_mm_per_month(const std::vector<double>& tmin_deg_c,
                                                const std::vector<double>& tmax_deg_c,
                                                const std::vector<double>& tmean_deg_c,
                                                double latitude_deg, int first_year,
                                                int first_month);

/// Thornthwaite (1948) heat index I = Σ_m (T_m / 5)^1.514 over the 12 monthly mean
/// temperatures of a climatology, months at or below 0 °C adding nothing. NaN if any is NaN.
double thornthwaite_heat_index(const std::array<double, 12>& monthly_mean_deg_c);
/// a = 6.75e-7 I³ − 7.71e-5 I² + 1.792e-2 I + 0.49239.
double thornthwaite_exponent(double heat_index);
/// PET = 16 (L / 12) (N / 30) (10 T / I)^a mm per month; 0 for T <= 0 or I = 0.
/// L: mean daylight hours of the month, N: days in the month.
double thornthwaite_pet_mm_per_month(double tmean_deg_c, double heat_index,
                                     double mean_daylight_hours, int month_days);

/// Monthly Thornthwaite PET (mm per month). The heat index is computed once from the
/// calendar-month means of tmean over `baseline` (NaN months left out), so that a warmer
/// scenario raises PET instead of rescaling its own index. Throws InputError for a calendar
/// month without any valid baseline temperature, a baseline outside the series, a latitude
/// outside −90..90 or a first_month outside 1..12.
std::vector<double> thornthwaite_pet_mm_per_month(const std::vector<double>& tmean_deg_c,
                                                  double latitude_deg, int first_year,
                                                  int first_month, const MonthRange& baseline);

// ---------------------------------------------------------------------------------------------
// Yield loss (option B) and farm income (docs/model.md §4)
// ---------------------------------------------------------------------------------------------

/// Bounds that validation enforces [A, docs/model.md §4].
constexpr double yield_loss_beta_min_per_spei_unit = 0.05;
constexpr double yield_loss_beta_max_per_spei_unit = 0.15;
constexpr double operating_income_share_min = 0.2;
constexpr double operating_income_share_max = 0.35;

struct YieldLossParams {
  double threshold_spei = -0.5;     ///< θ: SPEI below which yields fall (−3..0)
  double beta_per_spei_unit = 0.1;  ///< β_{p,c}: yield share lost per SPEI unit below θ
};
/// Throws InputError "<where>: threshold_spei: got …; expected …" when out of range (NaN too).
void validate_yield_loss_params(const YieldLossParams& params, const std::string& where);

/// YL = min(1, β max(0, θ − SPEI_gs)): share of the potential yield lost. NaN SPEI gives NaN.
/// Throws InputError (via validate_yield_loss_params) for parameters out of range.
double yield_loss_share(double spei_growing_season, const YieldLossParams& params);

/// One crop of one province in one season.
struct CropDrought {
  std::string crop;                       ///< e.g. "maize" (names the crop in messages)
  double spei_growing_season = 0.0;       ///< SPEI_gs, e.g. SPEI-3 ending in the harvest month
  double beta_per_spei_unit = 0.1;        ///< β_{p,c}
  double price_cny_per_t = 0.0;           ///< price_c
  double potential_yield_t_per_ha = 0.0;  ///< Ym_{p,c}
  double area_ha = 0.0;                   ///< A_{p,c}
  double insured_share = 0.0;             ///< cov_c: share of the area insured (0..1)
  double indemnity_share = 0.0;           ///< ins_{p,c}: share of an insured loss paid (0..1)
};

struct FarmIncomeSettings {
  double threshold_spei = -0.5;  ///< θ
  /// Share of rural disposable income that is operating net income, the only part a crop loss
  /// reaches [A, 0.2..0.35; calibrate from the NBS rural income composition].
  double operating_income_share = 0.3;
};

struct RuralHouseholds {
  double rural_population_persons = 0.0;               ///< > 0
  double disposable_income_cny_per_person_year = 0.0;  ///< > 0
};

struct CropIncomeLoss {
  std::string crop;
  double yield_loss_share = 0.0;  ///< YL
  double output_loss_cny = 0.0;   ///< price · Ym · A · YL
  double indemnity_cny = 0.0;     ///< output loss · ins · cov
  double net_loss_cny = 0.0;      ///< output loss · (1 − ins · cov)
};

/// The pieces of one province's farm-income shock for one season; the caller labels them with
/// the province and the harvest month.
struct FarmIncomeLoss {
  std::vector<CropIncomeLoss> crops;                  ///< same order as the input
  double output_loss_cny = 0.0;                       ///< Σ_c
  double indemnity_cny = 0.0;                         ///< Σ_c
  double net_loss_cny = 0.0;                          ///< dY^farm = Σ_c net loss
  double net_loss_cny_per_person = 0.0;               ///< dY^farm / rural population
  double operating_income_cny_per_person_year = 0.0;  ///< share × disposable income
  /// What reaches household income: the net loss per person, at most the operating income.
  double income_loss_cny_per_person = 0.0;
  double income_loss_share_of_disposable = 0.0;  ///< income loss / disposable income
  double income_loss_share_of_operating = 0.0;   ///< income loss / operating income
};

/// dY^farm = Σ_c price_c Ym A YL (1 − ins · cov), per person over the rural population, capped
/// at the operating-net-income share of disposable income. A NaN SPEI makes that crop's and
/// the totals' losses NaN. Throws InputError naming the crop and field for values out of range
/// (negative price, yield or area; shares outside 0..1; β outside 0.05..0.15; θ outside −3..0;
/// operating share outside 0.2..0.35; population or income not > 0).
FarmIncomeLoss farm_income_loss(const std::vector<CropDrought>& crops,
                                const RuralHouseholds& households,
                                const FarmIncomeSettings& settings);

}  // namespace spstress::shocks

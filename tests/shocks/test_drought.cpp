#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <ostream>
#include <vector>

#include "spstress/shocks/drought.hpp"
#include "support/messages.hpp"

namespace bdata = boost::unit_test::data;
namespace shocks = spstress::shocks;
using shocks::DroughtClass;
using shocks::FitStatus;
using spstress::InputError;
using spstress::test::message_has;

namespace {

constexpr double nan_value = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();

// Reference values marked "scipy" were computed OFFLINE with Debian's python3 (numpy 1.24.2,
// scipy 1.10.1) by a script that shares no code with spstress:
//  - k-month sums with numpy slices;
//  - SPI: Thom's α, β written out in numpy (A = ln(mean) − mean(ln x) over the non-zero values,
//    α = (1 + sqrt(1 + 4A/3)) / (4A), β = mean / α, q = zeros / valid values), then
//    scipy.stats.norm.ppf(q + (1 − q) · scipy.stats.gamma.cdf(x, α, scale=β));
//  - SPEI: beta-type unbiased PWMs b_r = n⁻¹ Σ_j C(j−1, r) / C(n−1, r) x_(j) (math.comb), L-moments
//    λ1 = b0, λ2 = 2b1 − b0, λ3 = 6b2 − 6b1 + b0, Hosking's generalised-logistic parameters
//    k = −τ3, α_H = λ2 sin(kπ) / (kπ), ξ = λ1 − α_H (1/k − π / sin(kπ)), converted to the
//    log-logistic β = −1/k, α = β α_H, γ = ξ − β α_H; F from scipy.stats.fisk.cdf(x, β,
//    loc=γ, scale=α) (for β < 0 from the mirror image, 1 − fisk.cdf(−x, −β, loc=−γ, scale=−α)),
//    asserted equal to Hosking's own CDF to 1e-12; then scipy.stats.norm.ppf(F).
// That is a different route from the code's (alpha-type PWMs, the formulas of Vicente-Serrano
// et al. 2010, Boost.Math's gamma_p and normal quantile). Values are printed with 12
// significant digits; the two libraries agree to ~1e-13, so a relative tolerance of 1e-9
// leaves room for the printing only and would still catch any formula slip.
constexpr double scipy_tol = 1e-9;

// 72 months of precipitation (mm) from April of year 1: seasonal gamma draws rounded to whole
// millimetres (numpy default_rng(20240611)), so that every k-month sum is exact.
const std::vector<double> precip_from_april{
    45,  99, 99,  115, 52,  13, 30, 40,  7,  5,  25,  31,  59,  86,  152, 214, 144, 195,
    89,  16, 4,   6,   3,   27, 32, 51,  49, 71, 152, 127, 17,  32,  10,  8,   24,  53,
    22,  71, 131, 142, 141, 94, 36, 20,  19, 4,  28,  34,  26,  127, 115, 267, 62,  89,
    101, 50, 30,  9,   5,   55, 31, 150, 72, 42, 78,  121, 132, 21,  15,  5,   15,  52};

// 72 months of climatic water balance D = P − PET (mm) from January, whole millimetres.
const std::vector<double> balance_from_january{
    14, -82, 1,   10,  0,   26,  73,  80,  -12, 62,  -56, -10, -42, -32, -52, -58, 26, 36,
    23, -14, 21,  -13, 101, -20, -63, -23, -13, 4,   10,  -35, 28,  15,  2,   -38, 27, -89,
    -8, -24, -27, 106, 0,   -3,  71,  -20, 108, -27, 9,   6,   -75, -33, -2,  21,  19, -17,
    42, 0,   61,  10,  -30, -45, -64, -3,  122, 16,  -35, -21, 54,  197, 7,   80,  -7, -49};

}  // namespace

namespace spstress::shocks {
// Found by argument-dependent lookup so that failed comparisons print the enumerators.
inline std::ostream& boost_test_print_type(std::ostream& os, FitStatus status) {
  return os << fit_status_reason(status);
}
inline std::ostream& boost_test_print_type(std::ostream& os, DroughtClass drought) {
  return os << drought_class_name(drought);
}
}  // namespace spstress::shocks

BOOST_AUTO_TEST_SUITE(test_drought)

// ---------------------------------------------------------------------------------------------
// Sums and baselines

BOOST_AUTO_TEST_CASE(running_sums_leave_first_months_and_sums_with_a_gap_empty) {
  const auto s = shocks::running_sums({1.0, 2.0, 3.0, 4.0}, 2);
  BOOST_TEST_REQUIRE(s.size() == 4u);
  BOOST_TEST(std::isnan(s[0]));
  BOOST_TEST(s[1] == 3.0);
  BOOST_TEST(s[2] == 5.0);
  BOOST_TEST(s[3] == 7.0);
  // A missing month spoils exactly the k sums that include it (indices 2, 3, 4 for k = 3).
  const auto g = shocks::running_sums({1.0, 2.0, nan_value, 4.0, 5.0, 6.0, 7.0}, 3);
  for (int i : {0, 1, 2, 3, 4}) BOOST_TEST(std::isnan(g[static_cast<std::size_t>(i)]));
  BOOST_TEST(g[5] == 15.0);
  BOOST_TEST(g[6] == 18.0);
  // k = 1 is the series itself.
  BOOST_TEST(shocks::running_sums({4.0, 5.0}, 1) == (std::vector<double>{4.0, 5.0}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(baseline_years_count_whole_calendar_years) {
  // Series from April 2001, 72 months; 2002..2005 begins 9 months in (Apr..Dec 2001) and lasts
  // 48 months.
  const auto b = shocks::baseline_years(2001, 4, 72, 2002, 2005);
  BOOST_TEST(b.first_index == 9);
  BOOST_TEST(b.count_months == 48);
  // 2001 starts before the series (January 2001 would be index −3).
  BOOST_CHECK_EXCEPTION(shocks::baseline_years(2001, 4, 72, 2001, 2003), InputError,
                        message_has({"baseline years 2001..2003", "outside the series"}));
  // 2002..2007 needs index 9 + 72 − 1 = 80 > 71.
  BOOST_CHECK_EXCEPTION(shocks::baseline_years(2001, 4, 72, 2002, 2007), InputError,
                        message_has({"outside the series", "72 months"}));
  BOOST_CHECK_EXCEPTION(shocks::baseline_years(2001, 4, 72, 2005, 2002), InputError,
                        message_has({"2005..2002", "first year <= the last year"}));
}

// ---------------------------------------------------------------------------------------------
// SPI

BOOST_AUTO_TEST_CASE(spi3_matches_scipy_gamma_reference) {
  shocks::StandardIndexSettings settings;
  settings.scale_months = 3;
  settings.baseline = {0, 60};  // the first five years; the sixth is scored against them
  settings.min_fit_values = 4;  // April and May sums in the baseline: only 4 (index 0, 1 empty)
  const auto r = shocks::spi(precip_from_april, 4, settings);
  BOOST_TEST_REQUIRE(r.index.size() == 72u);
  BOOST_TEST(std::isnan(r.index[0]));
  BOOST_TEST(std::isnan(r.index[1]));
  BOOST_TEST(r.sums_mm[2] == 243.0);  // 45 + 99 + 99

  // Fits (scipy): July, from the 5 sums ending in July 1..5; April from only 4.
  const auto& july = r.fits[6];
  BOOST_TEST(july.status == FitStatus::Ok);
  BOOST_TEST(july.valid_values == 5);
  BOOST_TEST(july.zero_share == 0.0);
  BOOST_TEST(july.shape == 7.85001613842, boost::test_tools::tolerance(scipy_tol));
  BOOST_TEST(july.scale_mm == 45.5795241297, boost::test_tools::tolerance(scipy_tol));
  const auto& april = r.fits[3];
  BOOST_TEST(april.valid_values == 4);
  BOOST_TEST(april.shape == 20.3847263788, boost::test_tools::tolerance(scipy_tol));
  BOOST_TEST(april.scale_mm == 4.46412663624, boost::test_tools::tolerance(scipy_tol));

  // Index values (scipy): two inside the baseline, the rest in year 6.
  const std::vector<std::pair<int, double>> expected{
      {2, 0.25092794272},   {30, 0.37029555669},  {60, 0.0739140326978},
      {61, 2.31990236962},  {62, 0.405604296101}, {63, -0.688646969896},
      {65, -1.06764328238}, {68, 1.54653514571},  {71, 0.568375370403}};
  for (const auto& [i, spi] : expected) {
    BOOST_TEST_CONTEXT("index " << i) {
      BOOST_TEST(r.index[static_cast<std::size_t>(i)] == spi,
                 boost::test_tools::tolerance(scipy_tol));
    }
  }
}

BOOST_AUTO_TEST_CASE(spi_fits_apply_to_another_series_and_are_clipped) {
  const auto sums = shocks::running_sums(precip_from_april, 3);
  const auto fits = shocks::fit_spi(sums, 4, {0, 60}, 4);
  // A scenario 3-month total of 132 mm ending in July (half of year 6's 264 mm): scipy gives
  // −2.27027408816 with the July fit.
  std::vector<double> scenario(72, nan_value);
  scenario[63] = 132.0;
  // May fit (mean sum ≈ 155 mm, shape 24.7): 1000 mm has H = 1 in double precision; the index
  // is clipped to the limit instead of +infinity.
  scenario[61] = 1000.0;
  const auto index = shocks::spi_from_fits(scenario, 4, fits, 3.09);
  BOOST_TEST(index[63] == -2.27027408816, boost::test_tools::tolerance(scipy_tol));
  BOOST_TEST(index[61] == 3.09);
  BOOST_TEST(std::isnan(index[62]));
  BOOST_TEST(shocks::drought_class(index[63]) == DroughtClass::Extreme);
}

BOOST_AUTO_TEST_CASE(spi_handles_zeros_missing_months_and_unfittable_months) {
  // Ten years of monthly totals (k = 1) from January; min_fit_values = 5.
  const std::vector<double> jan{0, 12, 30, 0, 7, 22, 15, 0, 9, 40};  // q = 0.3, 7 non-zero
  const std::vector<double> mar{0, 0, 5, 0, 0, 8, 0, 11, 0, 3};      // 4 non-zero < 5
  const std::vector<double> may{nan_value, 35, 0,  48, nan_value,
                                61,        27, 90, 14, 52};  // 8 valid, q = 1/8
  std::vector<double> p;
  for (std::size_t y = 0; y < 10; ++y) {
    p.push_back(jan[y]);
    p.push_back(0.0);  // February: always dry
    p.push_back(mar[y]);
    p.push_back(20.0);  // April: always 20 mm
    p.push_back(may[y]);
    for (int m = 6; m <= 12; ++m) p.push_back(10.0 + 3.0 * static_cast<double>(y) + m);
  }
  shocks::StandardIndexSettings settings;
  settings.scale_months = 1;
  settings.min_fit_values = 5;
  const auto r = shocks::spi(p, 1, settings);

  BOOST_TEST(r.fits[0].status == FitStatus::Ok);
  BOOST_TEST(r.fits[0].zero_share == 0.3, boost::test_tools::tolerance(1e-15));
  BOOST_TEST(r.fits[1].status == FitStatus::AllZero);
  BOOST_TEST(r.fits[2].status == FitStatus::TooFewValues);
  BOOST_TEST(r.fits[2].nonzero_values == 4);
  BOOST_TEST(r.fits[3].status == FitStatus::NoSpread);
  BOOST_TEST(r.fits[4].status == FitStatus::Ok);
  BOOST_TEST(r.fits[4].valid_values == 8);
  BOOST_TEST(r.fits[4].nonzero_values == 7);
  BOOST_TEST(r.fits[4].zero_share == 0.125);

  // January (scipy): α 3.07881097478, β 6.26401375197; a dry January sits at Φ⁻¹(q).
  BOOST_TEST(r.fits[0].shape == 3.07881097478, boost::test_tools::tolerance(scipy_tol));
  BOOST_TEST(r.fits[0].scale_mm == 6.26401375197, boost::test_tools::tolerance(scipy_tol));
  const std::vector<double> jan_spi{
      -0.524400512708, -0.00470596533523, 1.23946540102,   -0.524400512708, -0.343781886972,
      0.723482294912,  0.219227644066,    -0.524400512708, -0.218689315497, 1.80278482836};
  // May (scipy): α 3.71287957864, β 12.5816861885, q = 0.125.
  BOOST_TEST(r.fits[4].shape == 3.71287957864, boost::test_tools::tolerance(scipy_tol));
  BOOST_TEST(r.fits[4].scale_mm == 12.5816861885, boost::test_tools::tolerance(scipy_tol));
  const std::vector<double> may_spi{
      nan_value,      -0.146450742605, -1.15034938038, 0.360520961567,  nan_value,
      0.808116977589, -0.485636557171, 1.64736258569,  -0.993997520144, 0.50412839068};
  for (std::size_t y = 0; y < 10; ++y) {
    BOOST_TEST_CONTEXT("year " << y) {
      // The tolerance is relative: the 12-digit reference −0.00470596533523 still has 12 digits.
      BOOST_TEST(r.index[12 * y] == jan_spi[y], boost::test_tools::tolerance(scipy_tol));
      BOOST_TEST(std::isnan(r.index[12 * y + 1]));  // all zero: no distribution
      BOOST_TEST(std::isnan(r.index[12 * y + 2]));  // too few non-zero values
      BOOST_TEST(std::isnan(r.index[12 * y + 3]));  // no spread
      if (std::isnan(may_spi[y])) {
        BOOST_TEST(std::isnan(r.index[12 * y + 4]));  // the missing month stays missing
      } else {
        BOOST_TEST(r.index[12 * y + 4] == may_spi[y], boost::test_tools::tolerance(scipy_tol));
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(fit_status_reasons_are_sentences) {
  BOOST_TEST(shocks::fit_status_reason(FitStatus::AllZero) == "every baseline sum is zero");
  BOOST_TEST(shocks::fit_status_reason(FitStatus::TooFewValues).find("too few") == 0u);
  BOOST_TEST(shocks::fit_status_reason(FitStatus::NoValues) == "no valid sum in the baseline");
}

BOOST_AUTO_TEST_CASE(gamma_fit_without_values_reports_no_values) {
  const auto fit = shocks::fit_gamma_thom({nan_value, nan_value}, 3);
  BOOST_TEST(fit.status == FitStatus::NoValues);
  BOOST_TEST(std::isnan(shocks::gamma_mixture_cdf(5.0, fit)));
}

BOOST_AUTO_TEST_CASE(spi_rejects_bad_input_naming_it) {
  shocks::StandardIndexSettings settings;
  BOOST_CHECK_EXCEPTION(shocks::spi({1.0, 2.0, 3.0, -1.0}, 1, settings), InputError,
                        message_has({"precipitation_mm_per_month[3]", "got -1", ">= 0"}));
  BOOST_CHECK_EXCEPTION(shocks::spi({1.0, inf}, 1, settings), InputError,
                        message_has({"precipitation_mm_per_month[1]", "got inf"}));
  settings.scale_months = 0;
  BOOST_CHECK_EXCEPTION(shocks::spi({1.0}, 1, settings), InputError,
                        message_has({"scale_months: got 0", "1..72"}));
  settings.scale_months = 1;
  BOOST_CHECK_EXCEPTION(shocks::spi({1.0}, 13, settings), InputError,
                        message_has({"first_calendar_month: got 13", "1..12"}));
  settings.baseline = {10, 24};
  BOOST_CHECK_EXCEPTION(shocks::spi(std::vector<double>(30, 1.0), 1, settings), InputError,
                        message_has({"baseline", "first_index 10", "30 months"}));
  settings.baseline = {};
  settings.min_fit_values = 2;
  BOOST_CHECK_EXCEPTION(shocks::spi({1.0}, 1, settings), InputError,
                        message_has({"min_fit_values: got 2", ">= 3"}));
  settings.min_fit_values = 10;
  settings.index_limit = nan_value;
  BOOST_CHECK_EXCEPTION(shocks::spi({1.0}, 1, settings), InputError,
                        message_has({"index_limit: got nan"}));
}

// ---------------------------------------------------------------------------------------------
// SPEI

BOOST_AUTO_TEST_CASE(unbiased_pwm_matches_hand_calculation) {
  // x = 1, 2, 3, 4 (n = 4, given unsorted with a NaN that is left out):
  // w0 = 10/4 = 2.5; w1 = (1·3 + 2·2 + 3·1 + 4·0) / (3·4) = 10/12;
  // w2 = (1·3·2 + 2·2·1) / (3·2·4) = 10/24. Exact fractions: 1e-15 relative (rounding only).
  const auto w = shocks::unbiased_pwm({3.0, nan_value, 1.0, 4.0, 2.0});
  BOOST_TEST(w[0] == 2.5, boost::test_tools::tolerance(1e-15));
  BOOST_TEST(w[1] == 10.0 / 12.0, boost::test_tools::tolerance(1e-15));
  BOOST_TEST(w[2] == 10.0 / 24.0, boost::test_tools::tolerance(1e-15));
  // Fewer than three values cannot give w2.
  BOOST_TEST(std::isnan(shocks::unbiased_pwm({1.0, 2.0})[2]));
}

BOOST_AUTO_TEST_CASE(log_logistic_fit_matches_scipy_fisk_for_positive_skew) {
  const std::vector<double> sample{-31, -12, -5, 3, 8, 14, 22, 35, 51, 77, 120, 18};
  const auto fit = shocks::fit_log_logistic_pwm(sample, 3);
  BOOST_TEST_REQUIRE(fit.status == FitStatus::Ok);
  // L-moments by hand: λ1 = 300 / 12 = 25 exactly.
  BOOST_TEST(fit.l_mean_mm == 25.0, boost::test_tools::tolerance(1e-14));
  BOOST_TEST(fit.l_scale_mm == 23.1818181818, boost::test_tools::tolerance(scipy_tol));
  BOOST_TEST(fit.l_skewness == 0.256862745098, boost::test_tools::tolerance(scipy_tol));
  BOOST_TEST(fit.scale_mm == 80.7690025064, boost::test_tools::tolerance(scipy_tol));
  BOOST_TEST(fit.shape == 3.89312977099, boost::test_tools::tolerance(scipy_tol));
  BOOST_TEST(fit.origin_mm == -65.2498265094, boost::test_tools::tolerance(scipy_tol));

  const std::vector<std::pair<double, double>> cdf{
      {-60.0, 2.39032069467e-05}, {-20.0, 0.0948625611283}, {0.0, 0.303502025286},
      {10.0, 0.431544007626},     {40.0, 0.737047910876},   {150.0, 0.978460025872}};
  for (const auto& [x, f] : cdf) {
    BOOST_TEST_CONTEXT("x " << x) {
      BOOST_TEST(shocks::log_logistic_cdf(x, fit) == f, boost::test_tools::tolerance(scipy_tol));
    }
  }
  // SPEI (scipy norm.ppf): unclipped −4.06610007277 at −60, clipped to −3.09 by default.
  BOOST_TEST(
      shocks::standard_normal_index(shocks::log_logistic_cdf(-60.0, fit), inf) == -4.06610007277,
      boost::test_tools::tolerance(scipy_tol));
  BOOST_TEST(shocks::standard_normal_index(shocks::log_logistic_cdf(-60.0, fit), 3.09) == -3.09);
  BOOST_TEST(
      shocks::standard_normal_index(shocks::log_logistic_cdf(40.0, fit), 3.09) == 0.634270694485,
      boost::test_tools::tolerance(scipy_tol));
  // Below the lower bound γ the probability is 0: the index is the negative limit.
  BOOST_TEST(shocks::log_logistic_cdf(fit.origin_mm - 1.0, fit) == 0.0);
  BOOST_TEST(shocks::standard_normal_index(0.0, 3.09) == -3.09);
}

BOOST_AUTO_TEST_CASE(log_logistic_fit_matches_mirrored_scipy_fisk_for_negative_skew) {
  // Negative L-skewness gives β < 0 and α < 0 in the paper's formulas: a distribution bounded
  // above at γ (Hosking's generalised logistic with k > 0).
  const std::vector<double> sample{31, 12, 5, -3, -8, -14, -22, -35, -51, -77, -120, -18, 40};
  const auto fit = shocks::fit_log_logistic_pwm(sample, 3);
  BOOST_TEST_REQUIRE(fit.status == FitStatus::Ok);
  BOOST_TEST(fit.l_skewness == -0.200284090909, boost::test_tools::tolerance(scipy_tol));
  BOOST_TEST(fit.scale_mm == -114.951733919, boost::test_tools::tolerance(scipy_tol));
  BOOST_TEST(fit.shape == -4.99290780142, boost::test_tools::tolerance(scipy_tol));
  BOOST_TEST(fit.origin_mm == 102.902345881, boost::test_tools::tolerance(scipy_tol));
  const std::vector<std::pair<double, double>> cdf{{-60.0, 0.149221467283},
                                                   {-20.0, 0.417288462673},
                                                   {0.0, 0.634802156531},
                                                   {10.0, 0.743321973897},
                                                   {40.0, 0.953040339808}};
  for (const auto& [x, f] : cdf) {
    BOOST_TEST_CONTEXT("x " << x) {
      BOOST_TEST(shocks::log_logistic_cdf(x, fit) == f, boost::test_tools::tolerance(scipy_tol));
    }
  }
  // Above the upper bound γ ≈ 102.9 every value is certain to be exceeded: F = 1.
  BOOST_TEST(shocks::log_logistic_cdf(150.0, fit) == 1.0);
}

BOOST_AUTO_TEST_CASE(log_logistic_fit_reports_degenerate_samples) {
  BOOST_TEST(shocks::fit_log_logistic_pwm({5.0, 5.0, 5.0, 5.0}, 3).status == FitStatus::NoSpread);
  BOOST_TEST(shocks::fit_log_logistic_pwm({1.0, 2.0, nan_value}, 3).status ==
             FitStatus::TooFewValues);
  BOOST_TEST(shocks::fit_log_logistic_pwm({nan_value}, 3).status == FitStatus::NoValues);
  // A symmetric sample has τ3 = 0 exactly: the logistic limit (β infinite) still gives F at the
  // mean = 1/2. {−1, 0, 1}: λ1 = 0, λ2 = 2/3, λ3 = 0; F(0) = 1/(1 + e⁰) exactly.
  const auto sym = shocks::fit_log_logistic_pwm({-1.0, 0.0, 1.0}, 3);
  BOOST_TEST_REQUIRE(sym.status == FitStatus::Ok);
  BOOST_TEST(sym.l_skewness == 0.0);
  BOOST_TEST(shocks::log_logistic_cdf(0.0, sym) == 0.5);
  // F(2/3) = 1 / (1 + e⁻¹) = 0.731058578630 (logistic with scale λ2): 1e-11 relative.
  BOOST_TEST(shocks::log_logistic_cdf(2.0 / 3.0, sym) == 0.731058578630,
             boost::test_tools::tolerance(1e-11));
}

BOOST_AUTO_TEST_CASE(spei2_matches_scipy_reference_including_near_symmetric_months) {
  shocks::StandardIndexSettings settings;
  settings.scale_months = 2;
  settings.min_fit_values = 4;  // the whole series is the baseline (MonthRange{})
  const auto r = shocks::spei(balance_from_january, 1, settings);
  BOOST_TEST(std::isnan(r.index[0]));
  BOOST_TEST(r.sums_mm[1] == -68.0);  // 14 − 82
  BOOST_TEST(r.fits[0].valid_values == 5);
  // Shapes (scipy route): positive and negative skew, and July with τ3 = −0.00146 (β = −685),
  // where α and γ are ±1.6e4 and x − γ alone would lose 4 digits.
  BOOST_TEST(r.fits[2].shape == 1.82785602504, boost::test_tools::tolerance(scipy_tol));
  BOOST_TEST(r.fits[9].shape == -2.68867924528, boost::test_tools::tolerance(scipy_tol));
  BOOST_TEST(r.fits[9].origin_mm == 120.127358491, boost::test_tools::tolerance(scipy_tol));
  BOOST_TEST(r.fits[6].shape == -685.0, boost::test_tools::tolerance(scipy_tol));
  BOOST_TEST(r.fits[6].origin_mm == 15687.0, boost::test_tools::tolerance(scipy_tol));
  const std::vector<std::pair<int, double>> expected{
      {1, 0.237889214033}, {5, 0.647957517725},   {14, -1.08065707508},  {27, -0.404536284589},
      {40, 1.49773863893}, {55, -0.270655231863}, {66, -0.360575237841}, {67, 1.55177866345},
      {70, 1.22677900644}, {71, -0.0820397315128}};
  for (const auto& [i, spei] : expected) {
    BOOST_TEST_CONTEXT("index " << i) {
      BOOST_TEST(r.index[static_cast<std::size_t>(i)] == spei,
                 boost::test_tools::tolerance(scipy_tol));
    }
  }
}

BOOST_AUTO_TEST_CASE(water_balance_is_precipitation_minus_pet) {
  const auto d = shocks::water_balance_mm_per_month({50.0, 10.0, nan_value}, {30.0, 40.0, 5.0});
  BOOST_TEST(d[0] == 20.0);
  BOOST_TEST(d[1] == -30.0);
  BOOST_TEST(std::isnan(d[2]));
  BOOST_CHECK_EXCEPTION(shocks::water_balance_mm_per_month({1.0}, {1.0, 2.0}), InputError,
                        message_has({"precipitation has 1 months and PET 2"}));
  BOOST_CHECK_EXCEPTION(shocks::spei({1.0, -inf}, 1, shocks::StandardIndexSettings{}), InputError,
                        message_has({"water_balance_mm_per_month[1]", "got -inf"}));
}

// ---------------------------------------------------------------------------------------------
// Classes

BOOST_DATA_TEST_CASE(
    drought_classes_follow_model_table,
    bdata::make({0.5, -0.99, -1.0, -1.49, -1.495, -1.5, -1.99, -2.0, -3.5}) ^
        bdata::make({DroughtClass::None, DroughtClass::None, DroughtClass::Moderate,
                     DroughtClass::Moderate, DroughtClass::Moderate, DroughtClass::Severe,
                     DroughtClass::Severe, DroughtClass::Extreme, DroughtClass::Extreme}),
    index, expected) {
  // docs/model.md §4: moderate −1.0 to −1.49, severe −1.5 to −1.99, extreme ≤ −2.0; values
  // between the printed bounds (−1.495) belong to the milder class up to the next bound.
  BOOST_TEST(shocks::drought_class(index) == expected);
}

BOOST_AUTO_TEST_CASE(missing_index_has_its_own_class) {
  BOOST_TEST(shocks::drought_class(nan_value) == DroughtClass::Missing);
  BOOST_TEST(shocks::drought_class_name(DroughtClass::Severe) == "severe");
  BOOST_TEST(shocks::drought_class_name(DroughtClass::Missing) == "missing");
}

// ---------------------------------------------------------------------------------------------
// PET

BOOST_AUTO_TEST_CASE(calendar_helpers_know_leap_years) {
  BOOST_TEST(shocks::days_in_month(2000, 2) == 29);
  BOOST_TEST(shocks::days_in_month(1900, 2) == 28);
  BOOST_TEST(shocks::days_in_month(2024, 2) == 29);
  BOOST_TEST(shocks::days_in_month(2023, 11) == 30);
  // FAO-56 Example 8: 3 September is day 246 (non-leap year); Example 18: 6 July is day 187.
  BOOST_TEST(shocks::day_of_year(2001, 9, 3) == 246);
  BOOST_TEST(shocks::day_of_year(2001, 7, 6) == 187);
  BOOST_TEST(shocks::day_of_year(2000, 12, 31) == 366);
  BOOST_CHECK_EXCEPTION(shocks::day_of_year(2001, 2, 29), InputError,
                        message_has({"day: got 29", "1..28"}));
}

BOOST_AUTO_TEST_CASE(extraterrestrial_radiation_matches_fao56_examples) {
  // FAO-56 Example 8 (p. 80): 20°S on 3 September (J = 246): Ra = 32.2 MJ m⁻² day⁻¹, printed
  // to 0.1: tolerance 0.05 absolute. Example 9: N = 11.7 h from ω_s = 1.527 rad, same rounding.
  // (Read as quoted in the FAO-56-based tests of the PyETo package; Eq. 21 evaluated
  // independently in Python gives 32.1940 and 11.6656.)
  BOOST_TEST(std::abs(shocks::extraterrestrial_radiation_mj_per_m2_day(-20.0, 246) - 32.2) <= 0.05);
  BOOST_TEST(std::abs(shocks::daylight_hours(-20.0, 246) - 11.7) <= 0.05);
  // FAO-56 Example 18 (Brussels, 50°48'N, 6 July, J = 187): Ra = 41.09, printed to 0.01:
  // tolerance 0.005 absolute (Eq. 21 in Python: 41.0884).
  BOOST_TEST(std::abs(shocks::extraterrestrial_radiation_mj_per_m2_day(50.0 + 48.0 / 60.0, 187) -
                      41.09) <= 0.005);
  // Equator: ω_s = π/2 every day, so N = 12 h exactly (up to rounding).
  BOOST_TEST(shocks::daylight_hours(0.0, 100) == 12.0, boost::test_tools::tolerance(1e-14));
  // Beyond the polar circle in local winter the sun does not rise: no radiation, no daylight.
  BOOST_TEST(shocks::daylight_hours(80.0, 1) == 0.0, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(std::abs(shocks::extraterrestrial_radiation_mj_per_m2_day(80.0, 1)) <= 1e-12);
  BOOST_CHECK_EXCEPTION(shocks::extraterrestrial_radiation_mj_per_m2_day(91.0, 1), InputError,
                        message_has({"latitude_deg: got 91", "-90..90"}));
}

BOOST_AUTO_TEST_CASE(monthly_means_average_fao56_daily_values) {
  // June 2001 at 40°N: mean of 24 ω_s / π over days 152..181 with FAO-56 Eqs. 24–25, computed
  // independently in Python: 14.7923682195 h. Same formulas, different code: 1e-9 relative.
  BOOST_TEST(shocks::monthly_mean_daylight_hours(40.0, 2001, 6) == 14.7923682195,
             boost::test_tools::tolerance(scipy_tol));
}

BOOST_AUTO_TEST_CASE(hargreaves_matches_hand_calculation_with_fao56_example18_weather) {
  // FAO-56 Example 18 weather (Tmax 21.5, Tmin 12.3, Tmean 16.9 °C, Ra 41.09) in Eq. 52:
  // 0.0023 · 34.7 = 0.07981; √9.2 = 3.0331502; 0.408 · 41.09 = 16.76472;
  // 0.07981 · 3.0331502 · 16.76472 = 4.05833 mm/day (Penman–Monteith in the example: 3.9).
  // Hand arithmetic to 6 digits: 1e-5 relative.
  BOOST_TEST(shocks::hargreaves_et0_mm_per_day(12.3, 21.5, 16.9, 41.09) == 4.05833,
             boost::test_tools::tolerance(1e-5));
  // Colder than −17.8 °C the formula would go negative: 0. Tmax < Tmin: NaN.
  BOOST_TEST(shocks::hargreaves_et0_mm_per_day(-30.0, -15.0, -20.0, 10.0) == 0.0);
  BOOST_TEST(std::isnan(shocks::hargreaves_et0_mm_per_day(20.0, 10.0, 15.0, 30.0)));
}

BOOST_AUTO_TEST_CASE(monthly_hargreaves_uses_mean_ra_and_month_length) {
  // July 2001 at 30°N, Tmin 25, Tmax 33, Tmean 29 °C. Python: mean of Eq. 21 over days
  // 182..212 = 40.4038777171 MJ m⁻² day⁻¹; 0.0023 · 46.8 · √8 · 0.408 · 40.4038777171 · 31 =
  // 155.583518062 mm. Same formulas, independent code: 1e-9 relative.
  const auto pet = shocks::hargreaves_pet_mm_per_month({25.0, nan_value}, {33.0, 30.0},
                                                       {29.0, 25.0}, 30.0, 2001, 7);
  BOOST_TEST(pet[0] == 155.583518062, boost::test_tools::tolerance(scipy_tol));
  BOOST_TEST(std::isnan(pet[1]));
  BOOST_CHECK_EXCEPTION(shocks::hargreaves_pet_mm_per_month({20.0}, {18.0}, {19.0}, 30.0, 2001, 7),
                        InputError, message_has({"month 0", "tmax 18", "below tmin 20"}));
}

BOOST_AUTO_TEST_CASE(thornthwaite_matches_hand_worked_months) {
  // Climatology of 20 °C in every month: I = 12 (20/5)^1.514 = 12 · 4^1.514
  // = 12 · e^(1.514 · 1.3862944) = 12 · 8.1567815 = 97.881378;
  // a = 6.75e-7 I³ − 7.71e-5 I² + 1.792e-2 I + 0.49239
  //   = 0.633000 − 0.738677 + 1.754034 + 0.49239 = 2.140748.
  std::array<double, 12> clim{};
  clim.fill(20.0);
  const double heat_index = shocks::thornthwaite_heat_index(clim);
  // Hand arithmetic to 7–8 digits: 1e-6 relative.
  BOOST_TEST(heat_index == 97.881378, boost::test_tools::tolerance(1e-6));
  BOOST_TEST(shocks::thornthwaite_exponent(heat_index) == 2.140748,
             boost::test_tools::tolerance(1e-6));
  // A month at T = I / 10 makes the power 1: PET = 16 (L/12)(N/30) = 16 mm for 12 h and 30 days
  // whatever a is; at 14 h and 31 days 16 · 14/12 · 31/30 = 19.288889 mm.
  BOOST_TEST(shocks::thornthwaite_pet_mm_per_month(heat_index / 10.0, heat_index, 12.0, 30) == 16.0,
             boost::test_tools::tolerance(1e-14));
  BOOST_TEST(
      shocks::thornthwaite_pet_mm_per_month(heat_index / 10.0, heat_index, 14.0, 31) == 19.288889,
      boost::test_tools::tolerance(1e-7));
  // At 20 °C: (200 / 97.881378)^2.140748 = 2.0432896^2.140748 = e^(2.140748 · 0.7145611)
  // = e^1.5296950 = 4.6167685; × 16 = 73.868295 mm for 12 h and 30 days. Freezing: 0.
  BOOST_TEST(shocks::thornthwaite_pet_mm_per_month(20.0, heat_index, 12.0, 30) == 73.868295,
             boost::test_tools::tolerance(1e-6));
  BOOST_TEST(shocks::thornthwaite_pet_mm_per_month(-2.0, heat_index, 12.0, 30) == 0.0);

  // The series at the equator (12 h every day) from April 2001: April has 30 days, May 31.
  const auto pet =
      shocks::thornthwaite_pet_mm_per_month(std::vector<double>(12, 20.0), 0.0, 2001, 4, {});
  BOOST_TEST(pet[0] == 73.868295, boost::test_tools::tolerance(1e-6));
  BOOST_TEST(pet[1] == 73.868295 * 31.0 / 30.0, boost::test_tools::tolerance(1e-6));
}

BOOST_AUTO_TEST_CASE(thornthwaite_heat_index_comes_from_the_baseline_only) {
  // Baseline year at 20 °C, then a year 5 °C warmer: the warm year's PET at 25 °C uses the
  // baseline's I = 97.881378 and a = 2.140748: 16 (250 / 97.881378)^2.140748
  // = 16 e^(2.140748 · 0.9377046) = 16 e^2.0073891 = 16 · 7.4438565 = 119.10170 mm (30 days).
  // (With the warm year's own climatology the index would be larger and PET lower.)
  std::vector<double> t(24, 20.0);
  for (std::size_t i = 12; i < 24; ++i) t[i] = 25.0;
  const auto pet = shocks::thornthwaite_pet_mm_per_month(t, 0.0, 2001, 4, {0, 12});
  BOOST_TEST(pet[12] == 119.10170, boost::test_tools::tolerance(1e-6));
  std::vector<double> no_june(12, 20.0);
  no_june[2] = nan_value;  // June when the series starts in April
  BOOST_CHECK_EXCEPTION(shocks::thornthwaite_pet_mm_per_month(no_june, 0.0, 2001, 4, {}),
                        InputError, message_has({"calendar month 6", "no valid temperature"}));
}

// ---------------------------------------------------------------------------------------------
// Yield and income

BOOST_AUTO_TEST_CASE(yield_loss_matches_hand_calculation) {
  const shocks::YieldLossParams defaults;  // θ = −0.5, β = 0.1
  // 0.1 · (−0.5 − (−1.7)) = 0.1 · 1.2 = 0.12; exact decimals: 1e-12 relative.
  BOOST_TEST(shocks::yield_loss_share(-1.7, defaults) == 0.12, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(shocks::yield_loss_share(-0.3, defaults) == 0.0);   // above θ
  BOOST_TEST(shocks::yield_loss_share(-0.5, defaults) == 0.0);   // at θ
  BOOST_TEST(shocks::yield_loss_share(-12.0, defaults) == 1.0);  // 0.1 · 11.5 capped at 1
  BOOST_TEST(std::isnan(shocks::yield_loss_share(nan_value, defaults)));
  // β = 0.15: 0.15 · (−0.5 + 2.5) = 0.3.
  BOOST_TEST(shocks::yield_loss_share(-2.5, {-0.5, 0.15}) == 0.3,
             boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(yield_loss_parameters_are_validated) {
  BOOST_CHECK_EXCEPTION(shocks::yield_loss_share(-1.0, {-0.5, 0.2}), InputError,
                        message_has({"beta_per_spei_unit: got 0.2", "0.05..0.15"}));
  BOOST_CHECK_EXCEPTION(shocks::yield_loss_share(-1.0, {-0.5, nan_value}), InputError,
                        message_has({"beta_per_spei_unit: got nan"}));
  BOOST_CHECK_EXCEPTION(shocks::validate_yield_loss_params({0.5, 0.1}, "scenario.json: /drought"),
                        InputError,
                        message_has({"scenario.json: /drought: threshold_spei: got 0.5", "-3..0"}));
}

BOOST_AUTO_TEST_CASE(farm_income_loss_matches_hand_calculation) {
  // maize: YL = 0.1 · 1.2 = 0.12; output 2400 · 6.5 · 100000 · 0.12 = 187,200,000 CNY;
  //   paid share 0.7 · 0.5 = 0.35: indemnity 65,520,000, net 121,680,000.
  // rice: SPEI −0.2 above θ: nothing lost.
  // wheat: YL = 0.15 · 2.0 = 0.3; output 2500 · 5.8 · 80000 · 0.3 = 348,000,000;
  //   paid 0.6 · 0.4 = 0.24: indemnity 83,520,000, net 264,480,000.
  // Totals: output 535,200,000; indemnity 149,040,000; net 386,160,000.
  // Per person over 20 million rural residents: 19.308 CNY; operating income 0.3 · 20000 =
  // 6000 CNY; shares 19.308 / 20000 = 9.654e-4 and 19.308 / 6000 = 3.218e-3.
  const std::vector<shocks::CropDrought> crops{
      {"maize", -1.7, 0.1, 2400.0, 6.5, 100000.0, 0.5, 0.7},
      {"rice", -0.2, 0.1, 2800.0, 7.0, 50000.0, 0.8, 0.8},
      {"wheat", -2.5, 0.15, 2500.0, 5.8, 80000.0, 0.4, 0.6}};
  const auto r = shocks::farm_income_loss(crops, {20.0e6, 20000.0}, {});
  // Decimal products of exact inputs: 1e-12 relative.
  const auto tol = boost::test_tools::tolerance(1e-12);
  BOOST_TEST_REQUIRE(r.crops.size() == 3u);
  BOOST_TEST(r.crops[0].crop == "maize");
  BOOST_TEST(r.crops[0].output_loss_cny == 187.2e6, tol);
  BOOST_TEST(r.crops[0].indemnity_cny == 65.52e6, tol);
  BOOST_TEST(r.crops[0].net_loss_cny == 121.68e6, tol);
  BOOST_TEST(r.crops[1].yield_loss_share == 0.0);
  BOOST_TEST(r.crops[1].net_loss_cny == 0.0);
  BOOST_TEST(r.crops[2].yield_loss_share == 0.3, tol);
  BOOST_TEST(r.crops[2].net_loss_cny == 264.48e6, tol);
  BOOST_TEST(r.output_loss_cny == 535.2e6, tol);
  BOOST_TEST(r.indemnity_cny == 149.04e6, tol);
  BOOST_TEST(r.net_loss_cny == 386.16e6, tol);
  BOOST_TEST(r.net_loss_cny_per_person == 19.308, tol);
  BOOST_TEST(r.operating_income_cny_per_person_year == 6000.0, tol);
  BOOST_TEST(r.income_loss_cny_per_person == 19.308, tol);
  BOOST_TEST(r.income_loss_share_of_disposable == 9.654e-4, tol);
  BOOST_TEST(r.income_loss_share_of_operating == 3.218e-3, tol);
}

BOOST_AUTO_TEST_CASE(farm_income_loss_is_capped_at_operating_income) {
  // The same maize loss over 10,000 people: 12,168 CNY each, above the operating income of
  // 0.25 · 20000 = 5000 CNY, so 5000 is lost (a quarter of disposable income, all operating
  // income); the uncapped figure stays visible.
  const std::vector<shocks::CropDrought> crops{
      {"maize", -1.7, 0.1, 2400.0, 6.5, 100000.0, 0.5, 0.7}};
  const auto r = shocks::farm_income_loss(crops, {10000.0, 20000.0}, {-0.5, 0.25});
  const auto tol = boost::test_tools::tolerance(1e-12);
  BOOST_TEST(r.net_loss_cny_per_person == 12168.0, tol);
  BOOST_TEST(r.income_loss_cny_per_person == 5000.0, tol);
  BOOST_TEST(r.income_loss_share_of_disposable == 0.25, tol);
  BOOST_TEST(r.income_loss_share_of_operating == 1.0, tol);
}

BOOST_AUTO_TEST_CASE(farm_income_loss_keeps_a_missing_index_missing) {
  const std::vector<shocks::CropDrought> crops{
      {"maize", nan_value, 0.1, 2400.0, 6.5, 100000.0, 0.5, 0.7}};
  const auto r = shocks::farm_income_loss(crops, {10000.0, 20000.0}, {});
  BOOST_TEST(std::isnan(r.crops[0].net_loss_cny));
  BOOST_TEST(std::isnan(r.net_loss_cny));
  BOOST_TEST(std::isnan(r.income_loss_cny_per_person));
}

BOOST_AUTO_TEST_CASE(farm_income_loss_rejects_bad_exposure_naming_the_crop) {
  std::vector<shocks::CropDrought> crops{{"maize", -1.7, 0.1, 2400.0, 6.5, -5.0, 0.5, 0.7}};
  BOOST_CHECK_EXCEPTION(shocks::farm_income_loss(crops, {10000.0, 20000.0}, {}), InputError,
                        message_has({"crop 0 (\"maize\")", "area_ha: got -5"}));
  crops[0].area_ha = 1.0;
  crops[0].insured_share = 1.5;
  BOOST_CHECK_EXCEPTION(shocks::farm_income_loss(crops, {10000.0, 20000.0}, {}), InputError,
                        message_has({"insured_share: got 1.5", "0..1"}));
  crops[0].insured_share = 0.5;
  crops[0].beta_per_spei_unit = 0.02;
  BOOST_CHECK_EXCEPTION(shocks::farm_income_loss(crops, {10000.0, 20000.0}, {}), InputError,
                        message_has({"crop 0 (\"maize\")", "beta_per_spei_unit: got 0.02"}));
  crops[0].beta_per_spei_unit = 0.1;
  BOOST_CHECK_EXCEPTION(shocks::farm_income_loss(crops, {10000.0, 20000.0}, {-0.5, 0.5}),
                        InputError, message_has({"operating_income_share: got 0.5", "0.2..0.35"}));
  BOOST_CHECK_EXCEPTION(shocks::farm_income_loss(crops, {0.0, 20000.0}, {}), InputError,
                        message_has({"rural_population_persons: got 0", "> 0"}));
}

BOOST_AUTO_TEST_SUITE_END()

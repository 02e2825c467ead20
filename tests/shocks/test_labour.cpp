#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "spstress/core/error.hpp"
#include "spstress/shocks/labour.hpp"

using spstress::InputError;
using spstress::InternalError;
using spstress::shocks::HeatMonth;
using spstress::shocks::HeatSettings;
using spstress::shocks::JobLossSplit;
using spstress::shocks::LabourSettings;
using spstress::shocks::MigrantAdjustment;
using spstress::shocks::MonthShock;
using spstress::shocks::ProtectionShares;
using spstress::shocks::RegionShock;
using spstress::shocks::SectorHeatExposure;
using spstress::shocks::SectorLabour;
using spstress::shocks::StoppageSettings;
using spstress::shocks::WorkIntensity;
namespace shocks = spstress::shocks;

namespace {

auto message_contains(const std::string& part) {
  return [part](const spstress::Error& e) {
    return std::string(e.what()).find(part) != std::string::npos;
  };
}

SectorLabour sector(const std::string& id, double employed, double insured, double informal) {
  SectorLabour s;
  s.id = id;
  s.employed_persons = employed;
  s.insured_share = insured;
  s.informal_share = informal;
  return s;
}

/// Dry air (e = 0) with tmax = tmean: every block of the work day is at exactly `wbgt_deg_c`.
HeatMonth dry_month_at_wbgt(double wbgt_deg_c) {
  const double ta = (wbgt_deg_c - 3.94) / 0.567;
  return HeatMonth{ta, ta, 0.0};
}

/// sWBGT = 0.567·(−20) + 0.393·0.62 + 3.94 ≈ −7.2 °C: no hours lost at all.
const HeatMonth cold_month{-20.0, -20.0, 50.0};

}  // namespace

BOOST_AUTO_TEST_SUITE(test_labour)

BOOST_AUTO_TEST_CASE(separation_share_runs_from_sigma0_to_one) {
  BOOST_TEST(shocks::separation_share(0.0, 0.1, 120.0) == 0.1);
  BOOST_TEST(shocks::separation_share(std::numeric_limits<double>::infinity(), 0.1, 120.0) == 1.0);
  // T = τ: 0.1 + 0.9 (1 − e^−1) = 0.1 + 0.9 · 0.6321205588 = 0.6689085029; 1e-10 relative
  // because e^−1 is written to 10 digits.
  BOOST_TEST(shocks::separation_share(120.0, 0.1, 120.0) == 0.6689085029,
             boost::test_tools::tolerance(1e-10));
  // T = 30.4375 d, τ = 60 d, σ0 = 0.2: exp(−0.5072917) = 0.6021241; 0.2 + 0.8 · 0.3978759 =
  // 0.5183007.
  BOOST_TEST(shocks::separation_share(30.4375, 0.2, 60.0) == 0.5183007,
             boost::test_tools::tolerance(1e-6));
}

BOOST_AUTO_TEST_CASE(separation_share_rejects_non_positive_tau) {
  BOOST_CHECK_EXCEPTION(shocks::separation_share(10.0, 0.1, 0.0), InternalError,
                        message_contains("tau_sep_days = 0"));
}

BOOST_AUTO_TEST_CASE(calibrate_scales_all_shares_by_one_factor_when_no_cap_binds) {
  // Σ N c = 100·0.2 + 200·0.4 = 100; target 150 → factor 1.5 → 0.3 and 0.6 (caps are 1).
  const std::vector<SectorLabour> sectors{sector("a", 100, 0.2, 0.0), sector("b", 200, 0.4, 0.0)};
  const auto c = shocks::calibrate_insured_shares(sectors, 150.0);
  BOOST_TEST_REQUIRE(c.size() == 2u);
  // Two multiplications and a division in double: 1e-12 relative.
  BOOST_TEST(c[0] == 0.3, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(c[1] == 0.6, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(calibrate_pins_capped_sectors_and_spreads_the_rest_in_cascade) {
  // N = 100 each, base c = 0.5 / 0.3 / 0.1, informal 0.4 / 0.35 / 0 → caps 0.6 / 0.65 / 1.
  // Target 180. Round 1: factor 180/90 = 2 → 1.0 / 0.6 / 0.2: sector a exceeds 0.6, pinned (60).
  // Round 2: (180 − 60) / (30 + 10) = 3 → 0.9 / 0.3: sector b exceeds 0.65, pinned (65).
  // Round 3: (180 − 60 − 65) / 10 = 5.5 → c = 0.55. Check: 60 + 65 + 55 = 180.
  const std::vector<SectorLabour> sectors{sector("a", 100, 0.5, 0.4), sector("b", 100, 0.3, 0.35),
                                          sector("c", 100, 0.1, 0.0)};
  const auto c = shocks::calibrate_insured_shares(sectors, 180.0);
  BOOST_TEST_REQUIRE(c.size() == 3u);
  // A few subtractions and divisions in double: 1e-12 relative.
  BOOST_TEST(c[0] == 0.6, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(c[1] == 0.65, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(c[2] == 0.55, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(calibrate_keeps_zero_base_shares_at_zero_and_reaches_capacity) {
  // Base 0 for "farm": scaling never creates coverage. Target = 0.6·100 + 1·50 = 110 = what the
  // other two can hold: both end at their caps.
  const std::vector<SectorLabour> sectors{
      sector("farm", 500, 0.0, 0.9), sector("mfg", 100, 0.3, 0.4), sector("fin", 50, 0.8, 0.0)};
  const auto c = shocks::calibrate_insured_shares(sectors, 110.0);
  BOOST_TEST(c[0] == 0.0);
  BOOST_TEST(c[1] == 0.6, boost::test_tools::tolerance(1e-12));  // 1 − 0.4, one subtraction
  BOOST_TEST(c[2] == 1.0, boost::test_tools::tolerance(1e-12));
  const auto zero = shocks::calibrate_insured_shares(sectors, 0.0);
  BOOST_TEST(zero[1] == 0.0);
  BOOST_TEST(zero[2] == 0.0);
}

BOOST_AUTO_TEST_CASE(calibrate_rejects_targets_beyond_the_caps_negative_or_nan) {
  // Capacity = 100·0.6 + 100·0.65 + 100·1 = 225.
  const std::vector<SectorLabour> sectors{sector("a", 100, 0.5, 0.4), sector("b", 100, 0.3, 0.35),
                                          sector("c", 100, 0.1, 0.0)};
  BOOST_CHECK_EXCEPTION(shocks::calibrate_insured_shares(sectors, 226.0), InputError,
                        message_contains("insured persons target: got 226; expected at most 225"));
  BOOST_CHECK_EXCEPTION(shocks::calibrate_insured_shares(sectors, -1.0), InputError,
                        message_contains("got -1; expected a number >= 0"));
  BOOST_CHECK_EXCEPTION(
      shocks::calibrate_insured_shares(sectors, std::numeric_limits<double>::quiet_NaN()),
      InputError, message_contains("got nan"));
  // Within the caps overall but not reachable by scaling: only "mfg" has a base share (cap 60).
  const std::vector<SectorLabour> one_scalable{sector("farm", 500, 0.0, 0.0),
                                               sector("mfg", 100, 0.3, 0.4)};
  BOOST_CHECK_EXCEPTION(shocks::calibrate_insured_shares(one_scalable, 61.0), InputError,
                        message_contains("over sectors with a positive base insured share"));
}

namespace {

/// One manufacturing-like sector: 1000 workers, 300 W in the shade, a quarter air-conditioned.
SectorLabour hand_sector() {
  SectorLabour s = sector("manufacturing", 1000.0, 0.6, 0.1);
  s.heat = SectorHeatExposure{WorkIntensity::Moderate300W, 0.0, 0.25};
  s.wage_cny_per_month = 6000.0;
  s.pay_pass_through_share = 0.5;
  return s;
}

LabourSettings hand_settings() {
  LabourSettings l;
  l.work_days_per_month = 20.0;
  l.hours_per_work_day = 8.0;
  l.separation_elasticity = 0.1;
  l.sigma0_share = 0.1;
  l.tau_sep_days = 120.0;
  l.reemployment_hazard_per_month = 0.2;
  l.exposure_wbgt_threshold_deg_c = 28.0;
  return l;
}

}  // namespace

BOOST_AUTO_TEST_CASE(heat_shock_two_hot_months_worked_by_hand) {
  // Scenario: two months with WBGT = 30 in every block; reference: freezing (0 hours lost).
  // WA(30; 300 W) = 0.1 + 0.9 / (1 + (30/32.93)^17.81); ln(0.91102338) = −0.09318671,
  //   × 17.81 = −1.65965539, exp = 0.19020452 → 0.1 + 0.9/1.19020452 = 0.85617256 (table 0.8562).
  // Hours per worker-day = 12 h · (1 − 0.25) · (1 − 0.85617256) = 9 · 0.14382744 = 1.29444692.
  // Hours lost per month = 1.29444692 · 20 d · 1000 = 25888.9385.
  // FTE months = 25888.9385 / 160 = 161.805866 → jobs lost = 0.1 · 161.805866 = 16.1805866.
  // Month 0, T = 30.4375 d: σ = 0.1 + 0.9 (1 − exp(−0.25364583)) = 0.1 + 0.9 (1 − 0.77596657)
  //   = 0.30163008; separations = 4.88055166; stoppage = 11.3000349;
  //   insured 0.6 · sep = 2.92833100; informal 0.1 · sep = 0.48805517; formal-uninsured 1.46416550.
  // Month 1, T = 60.875 d: σ = 0.1 + 0.9 (1 − exp(−0.50729167)) = 0.1 + 0.9 (1 − 0.60212413)
  //   = 0.45808829; separations = 7.41213718; stoppage = 8.76844937; insured 4.44728231;
  //   informal 0.74121372; formal-uninsured 2.22364115.
  // Income from hours = 25888.9385 · (6000/160) · 0.5 = 485417.597 CNY in months 0 and 1.
  // Survival term (h_re = 0.2): month 1 + 4.88055166 · 6000 · 0.8 = 23426.6480
  //   → 508844.245; month 2 (after the hazard) = 4.88055166 · 6000 · 0.64 + 7.41213718 · 6000 · 0.8
  //   = 18741.3184 + 35578.2585 = 54319.5768.
  // Exposure: WBGT_max = 30 >= 28 → 1000 · (1 − 0.25) = 750 in months 0 and 1.
  const HeatMonth hot = dry_month_at_wbgt(30.0);
  const RegionShock r = shocks::heat_shock({hot, hot}, {cold_month, cold_month}, {hand_sector()},
                                           HeatSettings{}, hand_settings(), 3);
  BOOST_TEST_REQUIRE(r.months.size() == 3u);
  BOOST_TEST_REQUIRE(r.by_sector.size() == 1u);
  BOOST_TEST_REQUIRE(r.by_sector[0].size() == 3u);
  const auto& m = r.months;
  // The hand values above carry 9 significant digits: 1e-8 relative.
  const auto tol = boost::test_tools::tolerance(1e-8);
  for (std::size_t t = 0; t < 2; ++t) {
    BOOST_TEST(m[t].hours_lost == 25888.9385, tol);
    BOOST_TEST(m[t].jobs_lost_persons == 16.1805866, tol);
    BOOST_TEST(m[t].workers_exposed_persons == 750.0, tol);
  }
  BOOST_TEST(m[0].separations_insured_persons == 2.92833100, tol);
  BOOST_TEST(m[0].separations_informal_persons == 0.488055166, tol);
  BOOST_TEST(m[0].separations_formal_uninsured_persons == 1.46416550, tol);
  BOOST_TEST(m[0].stoppage_persons == 11.3000349, tol);
  BOOST_TEST(m[1].separations_insured_persons == 4.44728231, tol);
  BOOST_TEST(m[1].separations_informal_persons == 0.741213718, tol);
  BOOST_TEST(m[1].separations_formal_uninsured_persons == 2.22364115, tol);
  BOOST_TEST(m[1].stoppage_persons == 8.76844937, tol);
  BOOST_TEST(m[0].income_loss_cny == 485417.597, tol);
  BOOST_TEST(m[1].income_loss_cny == 508844.245, tol);
  BOOST_TEST(m[2].income_loss_cny == 54319.5768, tol);
  BOOST_TEST(m[2].hours_lost == 0.0);
  BOOST_TEST(m[2].jobs_lost_persons == 0.0);
  BOOST_TEST(m[2].workers_exposed_persons == 0.0);
}

BOOST_AUTO_TEST_CASE(heat_shock_duration_restarts_after_a_month_without_excess) {
  // hot, no excess, hot: the third month is again the first of a run, T = 30.4375 d, so its
  // separations / jobs = σ = 0.30163008 (hand value above), not the 0.45808829 of a second month.
  const HeatMonth hot = dry_month_at_wbgt(30.0);
  const RegionShock r =
      shocks::heat_shock({hot, cold_month, hot}, {cold_month, cold_month, cold_month},
                         {hand_sector()}, HeatSettings{}, hand_settings(), 3);
  const MonthShock& third = r.months[2];
  const double separations = third.separations_insured_persons +
                             third.separations_formal_uninsured_persons +
                             third.separations_informal_persons;
  BOOST_TEST(r.months[1].jobs_lost_persons == 0.0);
  // σ written to 8 digits: 1e-7 relative.
  BOOST_TEST(separations / third.jobs_lost_persons == 0.30163008,
             boost::test_tools::tolerance(1e-7));
}

BOOST_AUTO_TEST_CASE(heat_shock_splits_every_job_loss_and_totals_are_sector_sums) {
  std::vector<SectorLabour> sectors{hand_sector(), sector("construction", 5000, 0.1, 0.7),
                                    sector("retail", 3000, 0.3, 0.3)};
  sectors[1].heat = SectorHeatExposure{WorkIntensity::Heavy400W, 1.0, 0.0};
  sectors[1].wage_cny_per_month = 5200.0;
  sectors[2].heat = SectorHeatExposure{WorkIntensity::Light200W, 0.0, 0.6};
  sectors[2].wage_cny_per_month = 4100.0;
  sectors[2].pay_pass_through_share = 0.2;
  HeatSettings heat;
  heat.sun_delta_deg_c = 2.0;
  const std::vector<HeatMonth> scenario{
      {27, 33, 70}, {30, 37, 60}, {31, 38, 65}, {20, 26, 50}, {29, 35, 75}};
  const std::vector<HeatMonth> reference{
      {26, 32, 70}, {28, 34, 60}, {28, 34, 65}, {22, 28, 50}, {27, 33, 75}};
  const RegionShock r = shocks::heat_shock(scenario, reference, sectors, heat, hand_settings(), 8);
  BOOST_TEST_REQUIRE(r.months.size() == 8u);
  BOOST_TEST_REQUIRE(r.by_sector.size() == 3u);
  // Each part is a product or difference of the same few doubles: 1e-9 relative.
  const auto tol = boost::test_tools::tolerance(1e-9);
  double jobs_total = 0.0;
  for (std::size_t t = 0; t < 8; ++t) {
    MonthShock sum;
    for (std::size_t s = 0; s < 3; ++s) {
      BOOST_TEST_REQUIRE(r.by_sector[s].size() == 8u);
      const MonthShock& x = r.by_sector[s][t];
      const double parts = x.separations_insured_persons + x.separations_formal_uninsured_persons +
                           x.separations_informal_persons + x.stoppage_persons;
      BOOST_TEST(parts == x.jobs_lost_persons, tol);
      BOOST_TEST(x.separations_insured_persons >= 0.0);
      BOOST_TEST(x.separations_formal_uninsured_persons >= 0.0);
      BOOST_TEST(x.stoppage_persons >= 0.0);
      sum.hours_lost += x.hours_lost;
      sum.jobs_lost_persons += x.jobs_lost_persons;
      sum.income_loss_cny += x.income_loss_cny;
      sum.workers_exposed_persons += x.workers_exposed_persons;
      sum.stoppage_persons += x.stoppage_persons;
      sum.separations_insured_persons += x.separations_insured_persons;
    }
    BOOST_TEST(r.months[t].hours_lost == sum.hours_lost, tol);
    BOOST_TEST(r.months[t].jobs_lost_persons == sum.jobs_lost_persons, tol);
    BOOST_TEST(r.months[t].income_loss_cny == sum.income_loss_cny, tol);
    BOOST_TEST(r.months[t].workers_exposed_persons == sum.workers_exposed_persons, tol);
    BOOST_TEST(r.months[t].stoppage_persons == sum.stoppage_persons, tol);
    BOOST_TEST(r.months[t].separations_insured_persons == sum.separations_insured_persons, tol);
    jobs_total += r.months[t].jobs_lost_persons;
  }
  // The scenario is hotter than the reference in four months: losses must be there to conserve.
  BOOST_TEST(jobs_total > 1.0);
  // Month 3 is cooler than the reference: no excess, no new jobs lost, but income still lost
  // by the separated of months 0–2 (survival term).
  BOOST_TEST(r.months[3].hours_lost == 0.0);
  BOOST_TEST(r.months[3].jobs_lost_persons == 0.0);
  BOOST_TEST(r.months[3].income_loss_cny > 0.0);
  // After the hazard months (5..7) the survival term decays by (1 − 0.2) each month.
  BOOST_TEST(r.months[7].income_loss_cny == 0.8 * r.months[6].income_loss_cny, tol);
}

BOOST_AUTO_TEST_CASE(heat_shock_is_zero_when_scenario_equals_reference) {
  const HeatMonth hot = dry_month_at_wbgt(32.0);
  const RegionShock r = shocks::heat_shock({hot, hot}, {hot, hot}, {hand_sector()}, HeatSettings{},
                                           hand_settings(), 4);
  for (const MonthShock& m : r.months) {
    BOOST_TEST(m.hours_lost == 0.0);
    BOOST_TEST(m.jobs_lost_persons == 0.0);
    BOOST_TEST(m.income_loss_cny == 0.0);
  }
  // Exposure depends on the scenario's WBGT alone: 32 >= 28 → 750 workers in the hazard months.
  BOOST_TEST(r.months[0].workers_exposed_persons == 750.0);
  BOOST_TEST(r.months[2].workers_exposed_persons == 0.0);
}

BOOST_AUTO_TEST_CASE(heat_shock_counts_no_exposure_below_threshold) {
  LabourSettings l = hand_settings();
  l.exposure_wbgt_threshold_deg_c = 31.0;
  const RegionShock r = shocks::heat_shock({dry_month_at_wbgt(30.0)}, {cold_month}, {hand_sector()},
                                           HeatSettings{}, l, 1);
  BOOST_TEST(r.months[0].workers_exposed_persons == 0.0);
  BOOST_TEST(r.months[0].hours_lost > 0.0);
}

BOOST_AUTO_TEST_CASE(heat_shock_propagates_missing_climate_as_nan) {
  const HeatMonth missing{std::numeric_limits<double>::quiet_NaN(), 35.0, 50.0};
  const RegionShock r = shocks::heat_shock({missing}, {cold_month}, {hand_sector()}, HeatSettings{},
                                           hand_settings(), 1);
  BOOST_TEST(std::isnan(r.months[0].hours_lost));
}

BOOST_AUTO_TEST_CASE(heat_shock_rejects_broken_preconditions) {
  const HeatMonth hot = dry_month_at_wbgt(30.0);
  BOOST_CHECK_EXCEPTION(
      shocks::heat_shock({hot, hot}, {hot}, {hand_sector()}, HeatSettings{}, hand_settings(), 2),
      InternalError, message_contains("scenario has 2 months but reference has 1"));
  BOOST_CHECK_EXCEPTION(shocks::heat_shock({hot, hot}, {hot, hot}, {hand_sector()}, HeatSettings{},
                                           hand_settings(), 1),
                        InternalError, message_contains("horizon_months = 1; expected >= the 2"));
  SectorLabour bad = hand_sector();
  bad.insured_share = 0.95;
  BOOST_CHECK_EXCEPTION(shocks::heat_shock({hot}, {hot}, {bad}, HeatSettings{}, hand_settings(), 1),
                        InternalError,
                        message_contains("sector 'manufacturing': insured_share + informal_share"));
}

// ---------------------------------------------------------------------------------------------
// Separations vs stoppage and the split by protection status (§6)

namespace {

/// Uniform in [lo, hi) from the top 53 bits of mt19937_64, whose output sequence the standard
/// fixes: unlike std::uniform_real_distribution, the draws are the same on every library.
class Draws {
 public:
  explicit Draws(std::uint64_t seed) : engine_(seed) {}
  double uniform(double lo, double hi) {
    const double u = static_cast<double>(engine_() >> 11) * 0x1.0p-53;
    return lo + (hi - lo) * u;
  }

 private:
  std::mt19937_64 engine_;
};

double parts_sum(const JobLossSplit& x) {
  return x.stoppage_persons + x.separations_insured_persons +
         x.separations_formal_uninsured_persons + x.separations_informal_persons;
}

}  // namespace

BOOST_AUTO_TEST_CASE(split_job_losses_worked_by_hand_at_t_equal_tau) {
  // dN = 1000, σ0 = 0.1, τ = T = 120 d, c = 0.6, formal = 0.8.
  // 1 − e^−1 = 0.63212055882856; σ = 0.1 + 0.9 · 0.63212055882856 = 0.66890850294571.
  // separations = 668.90850294571; stoppage = 1000 − 668.90850294571 = 331.09149705429.
  // insured = 0.6 · 668.90850294571 = 401.34510176743;
  // formal uninsured = (0.8 − 0.6) · 668.90850294571 = 133.78170058914;
  // informal = (1 − 0.8) · 668.90850294571 = 133.78170058914.
  const JobLossSplit x =
      shocks::split_job_losses(1000.0, 120.0, ProtectionShares{0.6, 0.8}, 0.1, 120.0, "test");
  // The hand values carry 14 significant digits: 1e-12 relative.
  const auto tol = boost::test_tools::tolerance(1e-12);
  BOOST_TEST(x.jobs_lost_persons == 1000.0);
  BOOST_TEST(x.separation_share == 0.66890850294571, tol);
  BOOST_TEST(x.separations_persons == 668.90850294571, tol);
  BOOST_TEST(x.stoppage_persons == 331.09149705429, tol);
  BOOST_TEST(x.separations_insured_persons == 401.34510176743, tol);
  BOOST_TEST(x.separations_formal_uninsured_persons == 133.78170058914, tol);
  BOOST_TEST(x.separations_informal_persons == 133.78170058914, tol);
}

BOOST_AUTO_TEST_CASE(split_job_losses_limits_short_and_permanent_shocks) {
  // T = 0: σ = σ0 = 0.2 → 50 of 250 separated, 200 stopped; formal = 1 → no informal part.
  const JobLossSplit now =
      shocks::split_job_losses(250.0, 0.0, ProtectionShares{0.5, 1.0}, 0.2, 60.0, "test");
  // σ0 + (1 − σ0)·0 and two products: 1e-14 relative.
  const auto tol = boost::test_tools::tolerance(1e-14);
  BOOST_TEST(now.separations_persons == 50.0, tol);
  BOOST_TEST(now.stoppage_persons == 200.0, tol);
  BOOST_TEST(now.separations_insured_persons == 25.0, tol);
  BOOST_TEST(now.separations_formal_uninsured_persons == 25.0, tol);
  BOOST_TEST(now.separations_informal_persons == 0.0);
  // T = +inf (permanent closure): everyone separated; c = formal = 0 → all informal.
  const JobLossSplit closed = shocks::split_job_losses(
      80.0, std::numeric_limits<double>::infinity(), ProtectionShares{0.0, 0.0}, 0.1, 120.0, "t");
  BOOST_TEST(closed.separation_share == 1.0);
  BOOST_TEST(closed.stoppage_persons == 0.0);
  BOOST_TEST(closed.separations_informal_persons == 80.0);
  BOOST_TEST(closed.separations_insured_persons == 0.0);
}

BOOST_AUTO_TEST_CASE(split_job_losses_matches_the_heat_shock_split) {
  // The month-0 hand values of heat_shock_two_hot_months_worked_by_hand: jobs 16.1805866,
  // T = 30.4375 d, σ0 = 0.1, τ = 120 d, c = 0.6, informal 0.1 → formal 0.9:
  // insured 2.92833100, formal uninsured 1.46416550, informal 0.488055166, stoppage 11.3000349.
  const JobLossSplit x =
      shocks::split_job_losses(16.1805866, 30.4375, ProtectionShares{0.6, 0.9}, 0.1, 120.0, "t");
  // Those hand values carry 9 significant digits: 1e-8 relative.
  const auto tol = boost::test_tools::tolerance(1e-8);
  BOOST_TEST(x.separations_insured_persons == 2.92833100, tol);
  BOOST_TEST(x.separations_formal_uninsured_persons == 1.46416550, tol);
  BOOST_TEST(x.separations_informal_persons == 0.488055166, tol);
  BOOST_TEST(x.stoppage_persons == 11.3000349, tol);
}

BOOST_AUTO_TEST_CASE(split_job_losses_conserves_persons_over_1000_random_cases) {
  Draws draws(20260529);
  for (int i = 0; i < 1000; ++i) {
    const double jobs = draws.uniform(0.0, 1.0e6);
    const double formal = draws.uniform(0.0, 1.0);
    const ProtectionShares shares{draws.uniform(0.0, 1.0) * formal, formal};
    const double sigma0 = draws.uniform(0.0, 1.0);
    const double tau = draws.uniform(1.0, 400.0);
    const double t_days = draws.uniform(0.0, 1500.0);
    const JobLossSplit x = shocks::split_job_losses(jobs, t_days, shares, sigma0, tau, "draw");
    BOOST_TEST_CONTEXT("draw " << i << ": jobs " << jobs << ", c " << shares.insured_share
                               << ", formal " << formal << ", sigma0 " << sigma0 << ", tau " << tau
                               << ", T " << t_days) {
      // Four products of the same few doubles summed: a few ulp, far inside 1e-12 relative.
      BOOST_TEST(parts_sum(x) == jobs, boost::test_tools::tolerance(1e-12));
      BOOST_TEST(x.separations_insured_persons + x.separations_formal_uninsured_persons +
                         x.separations_informal_persons ==
                     x.separations_persons,
                 boost::test_tools::tolerance(1e-12));
      BOOST_TEST(x.stoppage_persons >= 0.0);
      BOOST_TEST(x.separations_insured_persons >= 0.0);
      BOOST_TEST(x.separations_formal_uninsured_persons >= 0.0);
      BOOST_TEST(x.separations_informal_persons >= 0.0);
      // σ(T) lies between σ0 (T = 0) and 1 (T → ∞).
      BOOST_TEST(x.separation_share >= sigma0);
      BOOST_TEST(x.separation_share <= 1.0);

      // The migrant adjustment moves people from insured to informal only.
      const MigrantAdjustment migrants{draws.uniform(0.0, 1.0), draws.uniform(0.0, 0.3)};
      const ProtectionShares adjusted = shocks::migrant_adjusted_shares(shares, migrants, "draw");
      const JobLossSplit y = shocks::split_job_losses(jobs, t_days, adjusted, sigma0, tau, "draw");
      BOOST_TEST(parts_sum(y) == jobs, boost::test_tools::tolerance(1e-12));
      BOOST_TEST(y.separations_insured_persons <= x.separations_insured_persons);
      BOOST_TEST(y.separations_informal_persons >= x.separations_informal_persons);
      // Formal uninsured unchanged; absolute tolerance as the share may be 0: a rounding of the
      // share difference (1e-16) times at most 1e6 persons.
      BOOST_TEST(std::abs(y.separations_formal_uninsured_persons -
                          x.separations_formal_uninsured_persons) <= 1e-9);
    }
  }
}

BOOST_AUTO_TEST_CASE(migrant_adjustment_worked_by_hand) {
  // c = 0.6, formal = 0.8, half the separated are migrants insured at 0.103:
  // c' = 0.5 · 0.6 + 0.5 · 0.103 = 0.3515; formal' = 0.8 − (0.6 − 0.3515) = 0.5515.
  // With the 668.90850294571 separations of T = τ = 120 d (above): insured 0.3515 · 668.90850294571
  // = 235.12133878542; formal uninsured 0.2 · 668.90850294571 = 133.78170058914 (as before);
  // informal 0.4485 · 668.90850294571 = 300.00546357115.
  const ProtectionShares a = shocks::migrant_adjusted_shares(ProtectionShares{0.6, 0.8},
                                                             MigrantAdjustment{0.5, 0.103}, "test");
  // One or two products and differences: 1e-14 relative.
  BOOST_TEST(a.insured_share == 0.3515, boost::test_tools::tolerance(1e-14));
  BOOST_TEST(a.formal_share == 0.5515, boost::test_tools::tolerance(1e-14));
  const JobLossSplit x = shocks::split_job_losses(1000.0, 120.0, a, 0.1, 120.0, "test");
  // Hand values with 14 significant digits: 1e-12 relative.
  const auto tol = boost::test_tools::tolerance(1e-12);
  BOOST_TEST(x.separations_insured_persons == 235.12133878542, tol);
  BOOST_TEST(x.separations_formal_uninsured_persons == 133.78170058914, tol);
  BOOST_TEST(x.separations_informal_persons == 300.00546357115, tol);
  // Construction at c = 0.05, below the migrants' 0.103: nothing to lower.
  const ProtectionShares low = shocks::migrant_adjusted_shares(
      ProtectionShares{0.05, 0.3}, MigrantAdjustment{0.8, 0.103}, "test");
  BOOST_TEST(low.insured_share == 0.05);
  BOOST_TEST(low.formal_share == 0.3);
  // Default: no migrants among the separated, shares unchanged.
  const ProtectionShares none =
      shocks::migrant_adjusted_shares(ProtectionShares{0.6, 0.8}, MigrantAdjustment{}, "test");
  BOOST_TEST(none.insured_share == 0.6);
  BOOST_TEST(none.formal_share == 0.8);
}

BOOST_AUTO_TEST_CASE(split_job_losses_rejects_bad_inputs_naming_where_and_field) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const ProtectionShares ok{0.6, 0.8};
  BOOST_CHECK_EXCEPTION(
      shocks::split_job_losses(100.0, 10.0, ProtectionShares{0.9, 0.8}, 0.1, 120.0, "sector 'm'"),
      InputError,
      message_contains("sector 'm': insured_share = 0.9; expected at most formal_share = 0.8"));
  BOOST_CHECK_EXCEPTION(
      shocks::split_job_losses(100.0, 10.0, ProtectionShares{0.5, 1.2}, 0.1, 120.0, "s"),
      InputError, message_contains("s: formal_share = 1.2; expected a share in [0, 1]"));
  BOOST_CHECK_EXCEPTION(
      shocks::split_job_losses(100.0, 10.0, ProtectionShares{nan, 0.8}, 0.1, 120.0, "s"),
      InputError, message_contains("s: insured_share = nan"));
  BOOST_CHECK_EXCEPTION(shocks::split_job_losses(100.0, 10.0, ok, nan, 120.0, "labour"), InputError,
                        message_contains("labour: sigma0_share = nan"));
  BOOST_CHECK_EXCEPTION(shocks::split_job_losses(100.0, 10.0, ok, 1.5, 120.0, "labour"), InputError,
                        message_contains("labour: sigma0_share = 1.5; expected a share"));
  BOOST_CHECK_EXCEPTION(shocks::split_job_losses(100.0, 10.0, ok, 0.1, 0.0, "labour"), InputError,
                        message_contains("labour: tau_sep_days = 0; expected a finite number"));
  BOOST_CHECK_EXCEPTION(shocks::split_job_losses(100.0, 10.0, ok, 0.1, nan, "labour"), InputError,
                        message_contains("labour: tau_sep_days = nan"));
  BOOST_CHECK_EXCEPTION(shocks::split_job_losses(-1.0, 10.0, ok, 0.1, 120.0, "m 3"), InputError,
                        message_contains("m 3: jobs_lost_persons = -1; expected a finite number"));
  BOOST_CHECK_EXCEPTION(shocks::split_job_losses(nan, 10.0, ok, 0.1, 120.0, "m 3"), InputError,
                        message_contains("m 3: jobs_lost_persons = nan"));
  BOOST_CHECK_EXCEPTION(shocks::split_job_losses(100.0, nan, ok, 0.1, 120.0, "m 3"), InputError,
                        message_contains("m 3: duration_days = nan; expected a number of days"));
  BOOST_CHECK_EXCEPTION(shocks::migrant_adjusted_shares(ok, MigrantAdjustment{1.5, 0.103}, "mig"),
                        InputError, message_contains("mig: migrant_separated_share = 1.5"));
  BOOST_CHECK_EXCEPTION(shocks::migrant_adjusted_shares(ok, MigrantAdjustment{0.5, nan}, "mig"),
                        InputError, message_contains("mig: migrant_insured_share = nan"));
}

BOOST_AUTO_TEST_CASE(stoppage_income_loss_worked_by_hand) {
  // 100 stopped workers, wage 5000, minimum wage 2000, r_stop 0.75 → allowance 1500, gap 3500
  // CNY per worker-month → 350000 CNY a month for the group. L = P = 30.4375 d, T = 100 d:
  // ceil(100 / 30.4375) = 4 months. Month 0: the pay cycle, wage paid, 0. Months 1 and 2
  // ([30.4375, 60.875), [60.875, 91.3125)): 350000 each. Month 3: (100 − 91.3125) / 30.4375
  // = 8.6875 / 30.4375 = 139/487 → 350000 · 139/487 = 48650000/487 = 99897.330595483.
  const std::vector<double> loss =
      shocks::stoppage_income_loss_cny_by_month(100.0, 100.0, 5000.0, 2000.0, {}, "test");
  BOOST_TEST_REQUIRE(loss.size() == 4u);
  // Products and one ratio of exactly representable numbers: 1e-12 relative.
  const auto tol = boost::test_tools::tolerance(1e-12);
  BOOST_TEST(loss[0] == 0.0);
  BOOST_TEST(loss[1] == 350000.0, tol);
  BOOST_TEST(loss[2] == 350000.0, tol);
  BOOST_TEST(loss[3] == 99897.330595483, tol);

  // Semi-monthly pay (P = 15 d), T = 20 d: one month, 5 days of allowance:
  // 350000 · 5 / 30.4375 = 350000 · 80/487 = 28000000/487 = 57494.866529774.
  StoppageSettings semi;
  semi.pay_cycle_days = 15.0;
  const std::vector<double> short_stop =
      shocks::stoppage_income_loss_cny_by_month(100.0, 20.0, 5000.0, 2000.0, semi, "test");
  BOOST_TEST_REQUIRE(short_stop.size() == 1u);
  BOOST_TEST(short_stop[0] == 57494.866529774, tol);
}

BOOST_AUTO_TEST_CASE(stoppage_income_loss_is_zero_within_the_pay_cycle_or_below_the_allowance) {
  // T = 30 d < P = 30.4375 d: the whole stoppage is paid at the contract wage.
  const auto within = shocks::stoppage_income_loss_cny_by_month(100, 30, 5000, 2000, {}, "t");
  BOOST_TEST_REQUIRE(within.size() == 1u);
  BOOST_TEST(within[0] == 0.0);
  // Wage 1400 < allowance 0.75 · 2000 = 1500: the allowance replaces the whole wage.
  const auto low = shocks::stoppage_income_loss_cny_by_month(100, 200, 1400, 2000, {}, "t");
  BOOST_TEST_REQUIRE(low.size() == 7u);  // ceil(200 / 30.4375) = ceil(6.57) = 7
  for (const double x : low) BOOST_TEST(x == 0.0);
  BOOST_TEST(shocks::stoppage_income_loss_cny_by_month(100, 0, 5000, 2000, {}, "t").empty());
}

BOOST_AUTO_TEST_CASE(stoppage_income_loss_sums_to_the_closed_form_over_random_cases) {
  // Σ_k loss_k = N · max(0, w − r · mw) · max(0, T − P) / L for any T: the months tile [0, T).
  Draws draws(7);
  constexpr double mean_month_days = 365.25 / 12.0;
  for (int i = 0; i < 1000; ++i) {
    const double n = draws.uniform(0.0, 1.0e4);
    const double t_days = draws.uniform(0.0, 800.0);
    const double wage = draws.uniform(1000.0, 20000.0);
    const double minimum = draws.uniform(1000.0, 3000.0);
    StoppageSettings st;
    st.allowance_to_minimum_wage_share = draws.uniform(0.7, 0.8);
    st.pay_cycle_days = draws.uniform(0.0, 40.0);
    const auto loss = shocks::stoppage_income_loss_cny_by_month(n, t_days, wage, minimum, st, "d");
    double total = 0.0;
    for (const double x : loss) {
      BOOST_TEST(x >= 0.0);
      total += x;
    }
    const double expected = n * std::max(0.0, wage - st.allowance_to_minimum_wage_share * minimum) *
                            std::max(0.0, t_days - st.pay_cycle_days) / mean_month_days;
    BOOST_TEST_CONTEXT("draw " << i << ": T " << t_days << ", P " << st.pay_cycle_days) {
      // Up to 27 month parts summed with a few roundings each, plus an absolute floor where
      // T − P cancels to near 0: 1e-12 relative or 1e-6 CNY.
      BOOST_TEST(std::abs(total - expected) <= 1e-12 * expected + 1e-6);
    }
  }
}

BOOST_AUTO_TEST_CASE(stoppage_income_loss_rejects_bad_inputs_naming_where_and_field) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  BOOST_CHECK_EXCEPTION(shocks::stoppage_income_loss_cny_by_month(-5, 10, 5000, 2000, {}, "flood"),
                        InputError, message_contains("flood: stopped_persons = -5"));
  BOOST_CHECK_EXCEPTION(
      shocks::stoppage_income_loss_cny_by_month(5, std::numeric_limits<double>::infinity(), 5000,
                                                2000, {}, "flood"),
      InputError, message_contains("flood: stoppage_days = inf; expected a finite number >= 0"));
  BOOST_CHECK_EXCEPTION(shocks::stoppage_income_loss_cny_by_month(5, 10, nan, 2000, {}, "flood"),
                        InputError, message_contains("flood: wage_cny_per_month = nan"));
  BOOST_CHECK_EXCEPTION(shocks::stoppage_income_loss_cny_by_month(5, 10, 5000, -1, {}, "flood"),
                        InputError, message_contains("flood: minimum_wage_cny_per_month = -1"));
  StoppageSettings bad;
  bad.allowance_to_minimum_wage_share = 1.5;
  BOOST_CHECK_EXCEPTION(shocks::stoppage_income_loss_cny_by_month(5, 10, 5000, 2000, bad, "cfg"),
                        InputError,
                        message_contains("cfg: allowance_to_minimum_wage_share = 1.5; expected a "
                                         "share in [0, 1]"));
  StoppageSettings bad_cycle;
  bad_cycle.pay_cycle_days = nan;
  BOOST_CHECK_EXCEPTION(
      shocks::stoppage_income_loss_cny_by_month(5, 10, 5000, 2000, bad_cycle, "cfg"), InputError,
      message_contains("cfg: pay_cycle_days = nan"));
}

BOOST_AUTO_TEST_SUITE_END()

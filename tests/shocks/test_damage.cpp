#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "spstress/core/error.hpp"
#include "spstress/shocks/damage.hpp"

using spstress::InputError;
using spstress::InternalError;
using spstress::shocks::DamageShock;
using spstress::shocks::FloodSettings;
using spstress::shocks::HeatMonth;
using spstress::shocks::HeatSettings;
using spstress::shocks::LabourSettings;
using spstress::shocks::MonthShock;
using spstress::shocks::RebuildClass;
using spstress::shocks::RegionShock;
using spstress::shocks::SectorDamage;
using spstress::shocks::SectorLabour;
using spstress::shocks::StoppageSettings;
namespace shocks = spstress::shocks;
namespace tt = boost::test_tools;

namespace {

auto message_contains(const std::string& part) {
  return [part](const spstress::Error& e) {
    return std::string(e.what()).find(part) != std::string::npos;
  };
}

auto message_contains_both(const std::string& a, const std::string& b) {
  return [a, b](const spstress::Error& e) {
    const std::string m = e.what();
    return m.find(a) != std::string::npos && m.find(b) != std::string::npos;
  };
}

constexpr double wage_cny = 6000.0;
constexpr double minimum_wage_cny = 2000.0;

SectorLabour retail() {
  SectorLabour s;
  s.id = "retail";
  s.employed_persons = 10000.0;
  s.wage_cny_per_month = wage_cny;
  s.insured_share = 0.3;
  s.informal_share = 0.2;
  return s;
}

SectorDamage hand_damage(int month, int day) {
  SectorDamage d;
  d.damage_ratio_share = 0.2;
  d.affected_share = 0.4;
  d.rebuild_class = RebuildClass::CommercialServices;
  d.event_month_index = month;
  d.event_day = day;
  return d;
}

DamageShock hand_shock(const std::vector<int>& months, int event_month, int event_day) {
  return shocks::damage_shock({retail()}, {hand_damage(event_month, event_day)}, months,
                              FloodSettings{}, StoppageSettings{}, minimum_wage_cny,
                              LabourSettings{}, "test region");
}

// Hand values of the default settings. T_BI uses the damage ratio among the affected,
// 0.2 / 0.4 = 0.5: T_BI = 12.5 + 0.5 × 242.5 = 133.75 d; τ = T_BI / 3.
constexpr double t_bi_days = 133.75;
constexpr double tau_days = t_bi_days / 3.0;       // 44.58333 d
constexpr double jobs_lost = 0.5 * 10000.0 * 0.2;  // η N Δ(0) = 1,000
constexpr double hours_per_job_month = 21.75 * 8.0;

/// σ(T) = σ0 + (1 − σ0)(1 − e^(−T/τ_sep)) with the defaults σ0 = 0.1, τ_sep = 120 d.
double hand_sigma() { return 0.1 + 0.9 * (1.0 - std::exp(-t_bi_days / 120.0)); }

/// ∫ Δ(0) e^(−t/τ) dt over [a, b] days after the event.
double capacity_days(double a, double b) {
  return 0.2 * tau_days * (std::exp(-a / tau_days) - std::exp(-b / tau_days));
}

MonthShock month_of(double exposed, double hours, double jobs, double insured, double formal,
                    double informal, double stoppage, double income) {
  MonthShock m;
  m.workers_exposed_persons = exposed;
  m.hours_lost = hours;
  m.jobs_lost_persons = jobs;
  m.separations_insured_persons = insured;
  m.separations_formal_uninsured_persons = formal;
  m.separations_informal_persons = informal;
  m.stoppage_persons = stoppage;
  m.income_loss_cny = income;
  return m;
}

void check_equal_bits(const MonthShock& a, const MonthShock& b) {
  BOOST_TEST(a.workers_exposed_persons == b.workers_exposed_persons);
  BOOST_TEST(a.hours_lost == b.hours_lost);
  BOOST_TEST(a.jobs_lost_persons == b.jobs_lost_persons);
  BOOST_TEST(a.separations_insured_persons == b.separations_insured_persons);
  BOOST_TEST(a.separations_formal_uninsured_persons == b.separations_formal_uninsured_persons);
  BOOST_TEST(a.separations_informal_persons == b.separations_informal_persons);
  BOOST_TEST(a.stoppage_persons == b.stoppage_persons);
  BOOST_TEST(a.income_loss_cny == b.income_loss_cny);
}

/// Dry air (e = 0) with tmax = tmean: every block of the work day is at exactly `wbgt_deg_c`.
HeatMonth dry_month_at_wbgt(double wbgt_deg_c) {
  const double ta = (wbgt_deg_c - 3.94) / 0.567;
  return HeatMonth{ta, ta, 0.0};
}

const HeatMonth cold_month{-20.0, -20.0, 50.0};

}  // namespace

BOOST_AUTO_TEST_SUITE(test_damage)

// Tolerance 1e-9 relative throughout: every expected value is a closed form of a few exp() and
// products (rounding ~1e-15), while any wrong factor (a month length, /365 instead of the
// monthly mean, σ at the wrong T, a missing survival factor) shifts the result by far more.

BOOST_AUTO_TEST_CASE(damage_shock_event_on_day_one_matches_the_hand_values) {
  const std::vector<int> months(12, 30);
  const DamageShock d = hand_shock(months, 0, 1);
  const double sigma = hand_sigma();
  const double separations = jobs_lost * sigma;
  const double stopped = jobs_lost * (1.0 - sigma);

  BOOST_TEST(d.business_interruption_days.size() == 1u);
  BOOST_TEST(d.business_interruption_days[0] == t_bi_days, tt::tolerance(1e-12));
  const MonthShock& m0 = d.shock.by_sector[0][0];
  BOOST_TEST(m0.jobs_lost_persons == 1000.0, tt::tolerance(1e-9));
  BOOST_TEST(m0.separations_insured_persons == separations * 0.3, tt::tolerance(1e-9));
  BOOST_TEST(m0.separations_formal_uninsured_persons == separations * 0.5, tt::tolerance(1e-9));
  BOOST_TEST(m0.separations_informal_persons == separations * 0.2, tt::tolerance(1e-9));
  BOOST_TEST(m0.stoppage_persons == stopped, tt::tolerance(1e-9));
  BOOST_TEST(m0.separations_insured_persons + m0.separations_formal_uninsured_persons +
                     m0.separations_informal_persons + m0.stoppage_persons ==
                 1000.0,
             tt::tolerance(1e-9));
  // Exposure: N × affected = 10,000 × 0.4 in the event month only; new job losses likewise.
  BOOST_TEST(m0.workers_exposed_persons == 4000.0, tt::tolerance(1e-12));
  for (std::size_t t = 1; t < 12; ++t) {
    BOOST_TEST(d.shock.by_sector[0][t].workers_exposed_persons == 0.0);
    BOOST_TEST(d.shock.by_sector[0][t].jobs_lost_persons == 0.0);
  }

  // hours(t) = η N × (∫_month Δ dt / 30) × 21.75 × 8, and Δ's monthly mean is the capacity path.
  double hours_total = 0.0;
  for (std::size_t t = 0; t < 12; ++t) {
    const double a = 30.0 * static_cast<double>(t);
    const double mean_delta = capacity_days(a, a + 30.0) / 30.0;
    BOOST_TEST(d.capacity_loss_share[0][t] == mean_delta, tt::tolerance(1e-9));
    BOOST_TEST(
        d.shock.by_sector[0][t].hours_lost == 0.5 * 10000.0 * mean_delta * hours_per_job_month,
        tt::tolerance(1e-9));
    hours_total += d.shock.by_sector[0][t].hours_lost;
  }
  // Closed form over the horizon H = 360 d: η N Δ0 τ (1 − e^(−H/τ)) / 30 × 21.75 × 8.
  const double hours_closed = 0.5 * 10000.0 * 0.2 * tau_days * (1.0 - std::exp(-360.0 / tau_days)) /
                              30.0 * hours_per_job_month;
  BOOST_TEST(hours_total == hours_closed, tt::tolerance(1e-9));

  // Income: the stoppage lasts τ = 44.583 d; the full wage is paid for the first
  // P = 30.4375 d, then the gap wage − 0.75 × 2,000 = 4,500 CNY a month for τ − P days, all in
  // stoppage month 1 ([30.4375, 60.875) d). Separated: full wage in month 0 (event on day 1),
  // × (1 − 0.155)^k afterwards.
  const double stoppage_month1 = stopped * 4500.0 * (tau_days - 30.4375) / 30.4375;
  BOOST_TEST(d.shock.by_sector[0][0].income_loss_cny == separations * wage_cny,
             tt::tolerance(1e-9));
  BOOST_TEST(
      d.shock.by_sector[0][1].income_loss_cny == separations * wage_cny * 0.845 + stoppage_month1,
      tt::tolerance(1e-9));
  BOOST_TEST(d.shock.by_sector[0][2].income_loss_cny == separations * wage_cny * 0.845 * 0.845,
             tt::tolerance(1e-9));
  // One sector: the region's totals are that sector's months.
  check_equal_bits(d.shock.months[5], d.shock.by_sector[0][5]);
}

BOOST_AUTO_TEST_CASE(damage_shock_mid_month_event_counts_the_rest_of_the_month) {
  // Event on day 16 of month 1 (30 days); month 0 has 31 days and stays untouched.
  const std::vector<int> months{31, 30, 31, 30, 31, 31};
  const DamageShock d = hand_shock(months, 1, 16);
  const double separations = jobs_lost * hand_sigma();
  const double stopped = jobs_lost * (1.0 - hand_sigma());

  check_equal_bits(d.shock.by_sector[0][0], MonthShock{});
  BOOST_TEST(d.capacity_loss_share[0][0] == 0.0);
  BOOST_TEST(d.shock.by_sector[0][1].jobs_lost_persons == 1000.0, tt::tolerance(1e-9));
  // Days 16..30 of a 30-day month: 15/30 of a month's wage; the stoppage loss lands in month
  // 1 + 1 = 2, the month after the event month.
  BOOST_TEST(d.shock.by_sector[0][1].income_loss_cny == separations * wage_cny * 15.0 / 30.0,
             tt::tolerance(1e-9));
  BOOST_TEST(d.shock.by_sector[0][2].income_loss_cny ==
                 separations * wage_cny * 0.845 + stopped * 4500.0 * (tau_days - 30.4375) / 30.4375,
             tt::tolerance(1e-9));
  // Capacity is lost for 15 of the event month's 30 days, then month 2 covers days 15..46.
  BOOST_TEST(d.shock.by_sector[0][1].hours_lost ==
                 0.5 * 10000.0 * capacity_days(0.0, 15.0) / 30.0 * hours_per_job_month,
             tt::tolerance(1e-9));
  BOOST_TEST(d.shock.by_sector[0][2].hours_lost ==
                 0.5 * 10000.0 * capacity_days(15.0, 46.0) / 31.0 * hours_per_job_month,
             tt::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(damage_shock_splits_every_job_loss_over_random_sectors) {
  std::mt19937 rng(20240611u);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const std::vector<int> months{31, 28, 31, 30, 31, 30, 31, 31};
  std::vector<SectorLabour> sectors;
  std::vector<std::optional<SectorDamage>> damage;
  for (int i = 0; i < 40; ++i) {
    SectorLabour s;
    s.id = "s" + std::to_string(i);
    s.employed_persons = 100.0 + 1e5 * u(rng);
    s.wage_cny_per_month = 3000.0 + 5000.0 * u(rng);
    s.insured_share = 0.6 * u(rng);
    s.informal_share = (1.0 - s.insured_share) * u(rng);
    sectors.push_back(s);
    SectorDamage d;
    d.damage_ratio_share = u(rng);
    d.affected_share = d.damage_ratio_share + (1.0 - d.damage_ratio_share) * u(rng);
    d.rebuild_class = i % 2 == 0 ? RebuildClass::Industrial : RebuildClass::CommercialServices;
    d.event_month_index = i % 8;
    d.event_day = 1 + i % 28;
    damage.emplace_back(d);
  }
  const FloodSettings settings;
  const DamageShock r = shocks::damage_shock(sectors, damage, months, settings, StoppageSettings{},
                                             minimum_wage_cny, LabourSettings{}, "random");
  for (std::size_t i = 0; i < sectors.size(); ++i) {
    const MonthShock& m =
        r.shock.by_sector[i][static_cast<std::size_t>(damage[i]->event_month_index)];
    const double expected_jobs = 0.5 * sectors[i].employed_persons * damage[i]->damage_ratio_share;
    BOOST_TEST(m.jobs_lost_persons == expected_jobs, tt::tolerance(1e-9));
    BOOST_TEST(m.stoppage_persons + m.separations_insured_persons +
                       m.separations_formal_uninsured_persons + m.separations_informal_persons ==
                   expected_jobs,
               tt::tolerance(1e-9));
    // T_BI = 12.5 + (DR / affected) × T_rebuild of the class.
    const double rebuild = i % 2 == 0 ? 360.0 : 242.5;
    BOOST_TEST(r.business_interruption_days[i] ==
                   12.5 + damage[i]->damage_ratio_share / damage[i]->affected_share * rebuild,
               tt::tolerance(1e-9));
  }
  for (std::size_t t = 0; t < months.size(); ++t) {
    double jobs = 0.0;
    double exposed = 0.0;
    for (std::size_t i = 0; i < sectors.size(); ++i) {
      jobs += r.shock.by_sector[i][t].jobs_lost_persons;
      exposed += r.shock.by_sector[i][t].workers_exposed_persons;
    }
    BOOST_TEST(r.shock.months[t].jobs_lost_persons == jobs, tt::tolerance(1e-12));
    BOOST_TEST(r.shock.months[t].workers_exposed_persons == exposed, tt::tolerance(1e-12));
  }
}

BOOST_AUTO_TEST_CASE(damage_shock_leaves_unhit_sectors_at_zero) {
  SectorLabour other = retail();
  other.id = "farming";
  SectorLabour third = retail();
  third.id = "mining";
  SectorDamage dry = hand_damage(0, 1);
  dry.damage_ratio_share = 0.0;
  const std::vector<int> months(4, 30);
  const DamageShock d = shocks::damage_shock(
      {other, retail(), third}, {std::nullopt, hand_damage(0, 1), dry}, months, FloodSettings{},
      StoppageSettings{}, minimum_wage_cny, LabourSettings{}, "test region");
  for (std::size_t s : {std::size_t{0}, std::size_t{2}}) {
    BOOST_TEST(d.business_interruption_days[s] == 0.0);
    for (std::size_t t = 0; t < 4; ++t) {
      check_equal_bits(d.shock.by_sector[s][t], MonthShock{});
      BOOST_TEST(d.capacity_loss_share[s][t] == 0.0);
    }
  }
  BOOST_TEST(d.shock.months[0].jobs_lost_persons == 1000.0, tt::tolerance(1e-9));
  BOOST_TEST(d.shock.months[0].workers_exposed_persons == 4000.0, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(damage_shock_rejects_bad_damage_naming_the_sector) {
  const std::vector<int> months(12, 30);
  const auto run = [&](const SectorDamage& d) {
    return shocks::damage_shock({retail()}, {d}, months, FloodSettings{}, StoppageSettings{},
                                minimum_wage_cny, LabourSettings{}, "region 110000");
  };
  BOOST_CHECK_EXCEPTION(run(hand_damage(12, 1)), InputError,
                        message_contains_both("sector 'retail'", "event_month_index = 12"));
  BOOST_CHECK_EXCEPTION(run(hand_damage(-1, 1)), InputError,
                        message_contains_both("region 110000", "event_month_index = -1"));
  SectorDamage above_affected = hand_damage(0, 1);
  above_affected.damage_ratio_share = 0.5;
  above_affected.affected_share = 0.3;
  BOOST_CHECK_EXCEPTION(run(above_affected), InputError,
                        message_contains_both("sector 'retail'", "affected_share = 0.3"));
  SectorDamage too_big = hand_damage(0, 1);
  too_big.damage_ratio_share = 1.2;
  too_big.affected_share = 1.0;
  BOOST_CHECK_EXCEPTION(run(too_big), InputError,
                        message_contains_both("sector 'retail'", "damage_ratio_share = 1.2"));
  SectorDamage nan_dr = hand_damage(0, 1);
  nan_dr.damage_ratio_share = std::nan("");
  BOOST_CHECK_EXCEPTION(run(nan_dr), InputError,
                        message_contains_both("sector 'retail'", "damage_ratio_share"));
  BOOST_CHECK_EXCEPTION(run(hand_damage(0, 31)), InputError,
                        message_contains_both("sector 'retail'", "event_day = 31"));
  BOOST_CHECK_EXCEPTION(
      shocks::damage_shock({retail()}, {hand_damage(0, 1)}, {}, FloodSettings{}, StoppageSettings{},
                           minimum_wage_cny, LabourSettings{}, "region 1"),
      InputError, message_contains_both("region 1", "month_lengths_days"));
  BOOST_CHECK_EXCEPTION(
      shocks::damage_shock({retail(), retail()}, {hand_damage(0, 1)}, months, FloodSettings{},
                           StoppageSettings{}, minimum_wage_cny, LabourSettings{}, "region 1"),
      InternalError, message_contains("1 damage entries for 2 sectors"));
}

// ---------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(heat_shock_from_hours_counts_only_working_capacity) {
  SectorLabour a = retail();
  a.wage_cny_per_month = 5000.0;
  a.pay_pass_through_share = 0.6;
  SectorLabour b = retail();
  b.id = "construction";
  b.employed_persons = 2000.0;
  const std::vector<std::vector<double>> excess{{10.0, 20.0, 0.0}, {5.0, 0.0, 7.5}};
  const std::vector<bool> exposed{true, false, true};
  const LabourSettings labour;
  const RegionShock full = shocks::heat_shock_from_hours(excess, exposed, {a, b}, labour, 5);
  const std::vector<std::vector<double>> quarter(2, std::vector<double>(5, 0.25));
  const RegionShock damaged =
      shocks::heat_shock_from_hours(excess, exposed, {a, b}, labour, 5, quarter);
  // By hand: hours = excess × N; sector a month 0: 10 × 10,000 = 100,000 h.
  BOOST_TEST(full.by_sector[0][0].hours_lost == 100000.0, tt::tolerance(1e-12));
  BOOST_TEST(full.by_sector[1][2].hours_lost == 15000.0, tt::tolerance(1e-12));
  // σ depends only on whether the month has any excess, which a 25 % capacity loss keeps, so
  // hours, jobs, every split part and the month's income scale by 0.75 in every hazard month.
  // Later months carry only the separated's wages, which scale the same way.
  for (std::size_t s = 0; s < 2; ++s) {
    for (std::size_t t = 0; t < 5; ++t) {
      const MonthShock& f = full.by_sector[s][t];
      const MonthShock& g = damaged.by_sector[s][t];
      BOOST_TEST(g.hours_lost == 0.75 * f.hours_lost, tt::tolerance(1e-12));
      BOOST_TEST(g.jobs_lost_persons == 0.75 * f.jobs_lost_persons, tt::tolerance(1e-12));
      BOOST_TEST(g.separations_insured_persons == 0.75 * f.separations_insured_persons,
                 tt::tolerance(1e-12));
      BOOST_TEST(g.income_loss_cny == 0.75 * f.income_loss_cny, tt::tolerance(1e-12));
      // Exposure is about the climate, not the capacity.
      BOOST_TEST(g.workers_exposed_persons == f.workers_exposed_persons);
    }
  }
  BOOST_TEST(full.by_sector[0][0].workers_exposed_persons == 10000.0);
  BOOST_TEST(full.by_sector[0][1].workers_exposed_persons == 0.0);
  BOOST_TEST(full.months[0].hours_lost == 110000.0, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(heat_shock_equals_heat_shock_from_hours_bit_for_bit) {
  SectorLabour a = retail();
  a.heat.ac_share = 0.3;
  a.heat.sun_share = 0.4;
  a.pay_pass_through_share = 0.7;
  SectorLabour b = retail();
  b.id = "construction";
  b.employed_persons = 3333.3;
  b.heat.intensity = shocks::WorkIntensity::Heavy400W;
  b.heat.sun_share = 0.9;
  const std::vector<HeatMonth> scenario{dry_month_at_wbgt(31.0), dry_month_at_wbgt(27.0),
                                        cold_month, HeatMonth{33.0, 38.0, 60.0}};
  const std::vector<HeatMonth> reference{dry_month_at_wbgt(26.0), dry_month_at_wbgt(29.0),
                                         cold_month, HeatMonth{28.0, 33.0, 55.0}};
  HeatSettings heat;
  heat.sun_delta_deg_c = 2.0;
  const LabourSettings labour;
  const std::vector<SectorLabour> sectors{a, b};
  const RegionShock direct = shocks::heat_shock(scenario, reference, sectors, heat, labour, 7);

  std::vector<std::vector<double>> excess(2, std::vector<double>(4));
  std::vector<bool> exposed(4);
  for (std::size_t t = 0; t < 4; ++t) {
    for (std::size_t s = 0; s < 2; ++s) {
      const double diff = shocks::hours_lost_per_worker_day(scenario[t], sectors[s].heat, heat) -
                          shocks::hours_lost_per_worker_day(reference[t], sectors[s].heat, heat);
      excess[s][t] = std::max(0.0, diff) * labour.work_days_per_month;
    }
    exposed[t] = shocks::wbgt_max_deg_c(scenario[t]) >= labour.exposure_wbgt_threshold_deg_c;
  }
  const RegionShock via = shocks::heat_shock_from_hours(excess, exposed, sectors, labour, 7);
  BOOST_TEST(direct.months[0].hours_lost > 0.0);   // the comparison is not between zeros
  BOOST_TEST(direct.months[1].hours_lost == 0.0);  // reference hotter: no excess
  for (std::size_t t = 0; t < 7; ++t) {
    check_equal_bits(direct.months[t], via.months[t]);
    for (std::size_t s = 0; s < 2; ++s)
      check_equal_bits(direct.by_sector[s][t], via.by_sector[s][t]);
  }
}

BOOST_AUTO_TEST_CASE(heat_shock_from_hours_rejects_broken_preconditions) {
  const std::vector<bool> exposed{true, true};
  const std::vector<SectorLabour> one{retail()};
  BOOST_CHECK_EXCEPTION(
      shocks::heat_shock_from_hours({{1.0, 2.0}, {1.0, 2.0}}, exposed, one, LabourSettings{}, 2),
      InternalError, message_contains("2 rows for 1 sectors"));
  BOOST_CHECK_EXCEPTION(shocks::heat_shock_from_hours({{1.0}}, exposed, one, LabourSettings{}, 2),
                        InternalError, message_contains("excess_hours_per_worker[0] has 1 months"));
  BOOST_CHECK_EXCEPTION(
      shocks::heat_shock_from_hours({{1.0, 2.0}}, exposed, one, LabourSettings{}, 1), InternalError,
      message_contains("horizon_months = 1"));
  BOOST_CHECK_EXCEPTION(
      shocks::heat_shock_from_hours({{1.0, 2.0}}, exposed, one, LabourSettings{}, 2, {{0.1}}),
      InternalError, message_contains("capacity_loss_share[0] has 1 months"));
  BOOST_CHECK_EXCEPTION(
      shocks::heat_shock_from_hours({{1.0, 2.0}}, exposed, one, LabourSettings{}, 2, {{0.1, 1.5}}),
      InternalError, message_contains("capacity_loss_share[0][1] = 1.5"));
}

// ---------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(combine_shocks_takes_the_larger_exposure_and_adds_the_rest) {
  RegionShock a;
  a.by_sector = {{month_of(100, 10, 1, 2, 3, 4, 5, 60), month_of(50, 0, 0, 0, 0, 0, 0, 7)},
                 {month_of(20, 1, 1, 1, 1, 1, 1, 1), month_of(0, 0, 0, 0, 0, 0, 0, 0)}};
  a.months.assign(2, MonthShock{});
  RegionShock b;
  b.by_sector = {{month_of(80, 5, 2, 1, 1, 1, 1, 40), month_of(70, 3, 0, 0, 0, 0, 0, 3)},
                 {month_of(30, 2, 0, 0, 0, 0, 0, 9), month_of(10, 0, 4, 1, 1, 1, 1, 2)}};
  b.months.assign(2, MonthShock{});
  const RegionShock c = shocks::combine_shocks(a, b);
  const MonthShock& c00 = c.by_sector[0][0];
  BOOST_TEST(c00.workers_exposed_persons == 100.0);  // max(100, 80), not 180
  BOOST_TEST(c00.hours_lost == 15.0);
  BOOST_TEST(c00.jobs_lost_persons == 3.0);
  BOOST_TEST(c00.separations_insured_persons == 3.0);
  BOOST_TEST(c00.separations_formal_uninsured_persons == 4.0);
  BOOST_TEST(c00.separations_informal_persons == 5.0);
  BOOST_TEST(c00.stoppage_persons == 6.0);
  BOOST_TEST(c00.income_loss_cny == 100.0);
  BOOST_TEST(c.by_sector[0][1].workers_exposed_persons == 70.0);  // max(50, 70)
  // Months are sector sums of the combined sectors (the inputs' zero months are ignored):
  // exposure month 0 = 100 + max(20, 30) = 130; month 1 = 70 + 10 = 80.
  BOOST_TEST(c.months[0].workers_exposed_persons == 130.0);
  BOOST_TEST(c.months[1].workers_exposed_persons == 80.0);
  BOOST_TEST(c.months[0].income_loss_cny == 100.0 + 10.0);
  BOOST_TEST(c.months[1].jobs_lost_persons == 4.0);
  BOOST_TEST(c.months[1].income_loss_cny == 10.0 + 2.0);

  RegionShock short_b = b;
  short_b.months.pop_back();
  BOOST_CHECK_EXCEPTION(shocks::combine_shocks(a, short_b), InternalError,
                        message_contains("expected the same horizon and sectors"));
}

BOOST_AUTO_TEST_SUITE_END()

#include <cmath>
#include <string>

#include <boost/test/unit_test.hpp>

#include "spstress/core/error.hpp"
#include "spstress/protection/c102.hpp"

using namespace spstress::protection;

namespace {

C102Inputs passing_scheme() {
  C102Inputs s;
  s.insured_persons = 60.0;
  s.employees_persons = 100.0;
  s.benefit_cny_per_month = 1800.0;
  s.reference_wage_cny_per_month = 3600.0;
  s.entitlement_mix = {{12, 0.6}, {24, 0.4}};
  s.waiting_days = 5.0;
  s.qualifying_months = 6.0;
  s.employee_contribution_share = 0.5;
  s.suspension_grounds_allowed = true;
  return s;
}

const C102Test& find(const C102Report& r, const std::string& id) {
  for (const auto& t : r.tests)
    if (t.id == id) return t;
  BOOST_FAIL("no test " + id);
  return r.tests.front();
}

bool names(const spstress::InputError& e, const std::string& text) {
  return std::string(e.what()).find(text) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(test_c102)

BOOST_AUTO_TEST_CASE(a_scheme_meeting_every_article_passes_all_seven_tests) {
  const auto r = c102_part_iv(passing_scheme(), "p");
  BOOST_TEST(r.tests.size() == 7u);
  for (const auto& t : r.tests) BOOST_TEST((t.result == C102Result::Pass), t.id);
  BOOST_TEST(r.all_pass);
  // 60 / 100; 1,800 / 3,600; mean of min(D, 12) = 12 months = 52 weeks.
  BOOST_TEST(find(r, "T1").value == 0.6, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(find(r, "T2").value == 0.5, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(find(r, "T3").value == 52.0, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(each_test_fails_when_its_article_is_missed) {
  auto s = passing_scheme();
  s.insured_persons = 40.0;                  // 0.40 < 0.50
  s.benefit_cny_per_month = 1500.0;          // 1,500 / 3,600 = 0.4167 < 0.45
  s.entitlement_mix = {{1, 0.5}, {2, 0.5}};  // mean 1.5 months = 6.5 weeks < 13
  s.waiting_days = 10.0;                     // > 7
  s.suspension_grounds_allowed = false;
  s.employee_contribution_share = 0.6;  // > 0.5
  const auto r = c102_part_iv(s, "p");
  for (const char* id : {"T1", "T2", "T3", "T4", "T6", "T7"})
    BOOST_TEST((find(r, id).result == C102Result::Fail), id);
  BOOST_TEST((find(r, "T5").result == C102Result::Pass));
  BOOST_TEST(!r.all_pass);
  BOOST_TEST(find(r, "T2").value == 1500.0 / 3600.0, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(find(r, "T3").value == 6.5, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(a_long_qualifying_period_is_flagged_for_review_not_failed) {
  auto s = passing_scheme();
  s.qualifying_months = 12.0;  // China's rule
  const auto r = c102_part_iv(s, "p");
  BOOST_TEST((find(r, "T5").result == C102Result::Review));
  BOOST_TEST(c102_result_name(find(r, "T5").result) == "review");
  BOOST_TEST(!r.all_pass);
}

BOOST_AUTO_TEST_CASE(duration_passes_on_the_average_when_some_claims_are_short) {
  // 20 % of claimants get 1 month, 80 % get 24 months counted as 12: mean = 0.2 × 52/12 +
  // 0.8 × 52 = 42.47 weeks >= 13, although the shortest is under 13 weeks.
  auto s = passing_scheme();
  s.entitlement_mix = {{1, 0.2}, {24, 0.8}};
  const auto t3 = find(c102_part_iv(s, "p"), "T3");
  BOOST_TEST((t3.result == C102Result::Pass));
  BOOST_TEST(t3.value == 0.2 * 52.0 / 12.0 + 0.8 * 52.0, boost::test_tools::tolerance(1e-12));
  // All claimants at 2 months: 8.67 weeks on average and every claim short: fail.
  s.entitlement_mix = {{2, 1.0}};
  BOOST_TEST((find(c102_part_iv(s, "p"), "T3").result == C102Result::Fail));
}

BOOST_AUTO_TEST_CASE(family_allowance_counts_on_both_sides_of_the_benefit_ratio) {
  // (1,500 + 300) / (3,600 + 300) = 0.4615 passes; without it 0.4167 fails.
  auto s = passing_scheme();
  s.benefit_cny_per_month = 1500.0;
  BOOST_TEST((find(c102_part_iv(s, "p"), "T2").result == C102Result::Fail));
  s.family_allowance_cny_per_month = 300.0;
  const auto t2 = find(c102_part_iv(s, "p"), "T2");
  BOOST_TEST((t2.result == C102Result::Pass));
  BOOST_TEST(t2.value == 1800.0 / 3900.0, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(c168_asks_more_than_c102) {
  // The scheme that passes C102: 0.60 coverage < 0.85, benefit 0.50 >= 0.50, 52 weeks >= 26,
  // no partial-unemployment benefit.
  const auto r = c168_benchmark(passing_scheme(), "p");
  BOOST_TEST((find(r, "C168-1").result == C102Result::Fail));
  BOOST_TEST((find(r, "C168-2").result == C102Result::Pass));
  BOOST_TEST((find(r, "C168-3").result == C102Result::Pass));
  BOOST_TEST((find(r, "C168-4").result == C102Result::Fail));
  BOOST_TEST(!r.all_pass);
  auto s = passing_scheme();
  s.insured_persons = 90.0;
  s.covers_partial_unemployment = true;
  BOOST_TEST(c168_benchmark(s, "p").all_pass);
  s.entitlement_mix = {{3, 1.0}};  // 13 weeks < 26
  BOOST_TEST((find(c168_benchmark(s, "p"), "C168-3").result == C102Result::Fail));
}

BOOST_AUTO_TEST_CASE(bad_figures_are_input_errors_naming_the_field) {
  auto s = passing_scheme();
  s.employees_persons = 0.0;
  BOOST_CHECK_EXCEPTION(c102_part_iv(s, "CN-GD"), spstress::InputError,
                        [](const auto& e) { return names(e, "CN-GD: employees_persons = 0"); });
  s = passing_scheme();
  s.entitlement_mix = {{12, 0.5}, {24, 0.4}};
  BOOST_CHECK_EXCEPTION(c168_benchmark(s, "CN-GD"), spstress::InputError,
                        [](const auto& e) { return names(e, "entitlement_mix shares sum = 0.9"); });
  s = passing_scheme();
  s.reference_wage_cny_per_month = std::nan("");
  BOOST_CHECK_EXCEPTION(c102_part_iv(s, "CN-GD"), spstress::InputError,
                        [](const auto& e) { return names(e, "reference_wage_cny_per_month"); });
}

BOOST_AUTO_TEST_SUITE_END()

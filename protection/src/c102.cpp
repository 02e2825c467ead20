#include "spstress/protection/c102.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#include "spstress/core/error.hpp"

namespace spstress::protection {

namespace {

constexpr double weeks_per_month = 52.0 / 12.0;
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

std::string number(double x) {
  std::ostringstream os;
  os.precision(10);
  os << x;
  return os.str();
}

void require(bool ok, std::string_view where, const char* field, double x, const char* expected) {
  if (!ok) {
    throw InputError(std::string(where) + ": " + field + " = " + number(x) + "; expected " +
                     expected);
  }
}

void validate(const C102Inputs& s, std::string_view where) {
  require(s.insured_persons >= 0.0, where, "insured_persons", s.insured_persons, ">= 0");
  require(s.employees_persons > 0.0, where, "employees_persons", s.employees_persons, "> 0");
  require(s.benefit_cny_per_month >= 0.0, where, "benefit_cny_per_month", s.benefit_cny_per_month,
          ">= 0");
  require(s.family_allowance_cny_per_month >= 0.0, where, "family_allowance_cny_per_month",
          s.family_allowance_cny_per_month, ">= 0");
  require(s.reference_wage_cny_per_month > 0.0, where, "reference_wage_cny_per_month",
          s.reference_wage_cny_per_month, "> 0");
  require(s.waiting_days >= 0.0, where, "waiting_days", s.waiting_days, ">= 0");
  require(s.qualifying_months >= 0.0, where, "qualifying_months", s.qualifying_months, ">= 0");
  require(s.employee_contribution_share >= 0.0 && s.employee_contribution_share <= 1.0, where,
          "employee_contribution_share", s.employee_contribution_share, "a share in [0, 1]");
  if (s.entitlement_mix.empty())
    throw InputError(std::string(where) + ": entitlement_mix is empty; expected durations");
  double total = 0.0;
  for (const auto& e : s.entitlement_mix) {
    require(e.months >= 1, where, "entitlement_mix months", e.months, ">= 1");
    require(e.share >= 0.0 && e.share <= 1.0, where, "entitlement_mix share", e.share,
            "a share in [0, 1]");
    total += e.share;
  }
  require(std::abs(total - 1.0) <= 1e-9, where, "entitlement_mix shares sum", total, "1");
}

C102Test at_least(std::string id, std::string name, std::string article, double value,
                  double threshold, std::string unit) {
  return {std::move(id),
          std::move(name),
          std::move(article),
          value >= threshold ? C102Result::Pass : C102Result::Fail,
          value,
          threshold,
          std::move(unit)};
}

C102Test at_most(std::string id, std::string name, std::string article, double value,
                 double threshold, std::string unit) {
  return {std::move(id),
          std::move(name),
          std::move(article),
          value <= threshold ? C102Result::Pass : C102Result::Fail,
          value,
          threshold,
          std::move(unit)};
}

C102Test yes_no(std::string id, std::string name, std::string article, bool ok) {
  return {std::move(id),
          std::move(name),
          std::move(article),
          ok ? C102Result::Pass : C102Result::Fail,
          nan,
          nan,
          ""};
}

/// Claimant-weighted mean of min(D, cap) in weeks.
double mean_capped_weeks(const std::vector<EntitlementShare>& mix, int cap_months) {
  double weeks = 0.0;
  for (const auto& e : mix) weeks += e.share * std::min(e.months, cap_months) * weeks_per_month;
  return weeks;
}

double replacement(const C102Inputs& s) {
  return (s.benefit_cny_per_month + s.family_allowance_cny_per_month) /
         (s.reference_wage_cny_per_month + s.family_allowance_cny_per_month);
}

C102Report finish(std::vector<C102Test> tests) {
  C102Report r;
  r.all_pass = std::all_of(tests.begin(), tests.end(),
                           [](const C102Test& t) { return t.result == C102Result::Pass; });
  r.tests = std::move(tests);
  return r;
}

}  // namespace

std::string_view c102_result_name(C102Result result) {
  switch (result) {
    case C102Result::Pass:
      return "pass";
    case C102Result::Fail:
      return "fail";
    case C102Result::Review:
      return "review";
  }
  return "fail";
}

C102Report c102_part_iv(const C102Inputs& s, std::string_view where) {
  validate(s, where);
  std::vector<C102Test> t;
  t.push_back(at_least("T1", "coverage", "C102 Art. 21(a)", s.insured_persons / s.employees_persons,
                       0.5, "share"));
  t.push_back(at_least("T2", "benefit level", "C102 Art. 22, 66", replacement(s), 0.45, "share"));
  // Every claimant's duration at least 13 weeks is a strict pass; otherwise the average over
  // claimants, each counted up to 12 months, must reach 13 weeks (Art. 24(2)).
  int shortest = s.entitlement_mix.front().months;
  for (const auto& e : s.entitlement_mix)
    if (e.share > 0.0) shortest = std::min(shortest, e.months);
  C102Test duration = at_least("T3", "duration", "C102 Art. 24(1)(a), 24(2)",
                               mean_capped_weeks(s.entitlement_mix, 12), 13.0, "weeks");
  if (shortest * weeks_per_month >= 13.0 - 1e-9) duration.result = C102Result::Pass;
  t.push_back(duration);
  t.push_back(at_most("T4", "waiting period", "C102 Art. 24(3)", s.waiting_days, 7.0, "days"));
  C102Test qualifying =
      at_most("T5", "qualifying period", "C102 Art. 23", s.qualifying_months, 6.0, "months");
  if (qualifying.result == C102Result::Fail) qualifying.result = C102Result::Review;
  t.push_back(qualifying);
  t.push_back(yes_no("T6", "suspension grounds", "C102 Art. 69", s.suspension_grounds_allowed));
  t.push_back(at_most("T7", "employees' share of financing", "C102 Art. 71(2)",
                      s.employee_contribution_share, 0.5, "share"));
  return finish(std::move(t));
}

C102Report c168_benchmark(const C102Inputs& s, std::string_view where) {
  validate(s, where);
  std::vector<C102Test> t;
  t.push_back(at_least("C168-1", "coverage", "C168 Art. 11",
                       s.insured_persons / s.employees_persons, 0.85, "share"));
  t.push_back(
      at_least("C168-2", "benefit level", "C168 Art. 15(1)(b)", replacement(s), 0.5, "share"));
  t.push_back(at_least("C168-3", "duration", "C168 Art. 19(2)",
                       mean_capped_weeks(s.entitlement_mix, 12), 26.0, "weeks"));
  t.push_back(
      yes_no("C168-4", "partial unemployment", "C168 Art. 10(2)", s.covers_partial_unemployment));
  return finish(std::move(t));
}

}  // namespace spstress::protection

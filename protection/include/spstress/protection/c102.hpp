#pragma once
/// ILO Convention No. 102, Part IV (unemployment benefit), tested for one province's scheme
/// (docs/model.md §11), and the higher benchmark of Convention No. 168. Pure code: the caller
/// gives the scheme's figures, normal or under stress, and gets one result per test.

#include <string>
#include <string_view>
#include <vector>

#include "spstress/protection/ui.hpp"

namespace spstress::protection {

enum class C102Result {
  Pass,
  Fail,
  Review,  ///< allowed by the text only within limits the Convention leaves to judgement
};

/// "pass", "fail" or "review".
std::string_view c102_result_name(C102Result result);

/// One province's unemployment insurance as the Conventions see it.
struct C102Inputs {
  double insured_persons = 0.0;        ///< protected employees
  double employees_persons = 0.0;      ///< all employees, rural wage-employed migrants included
  double benefit_cny_per_month = 0.0;  ///< flat-rate benefit b_p
  /// Family allowance of the standard beneficiary (man, wife, two children); 0 in China, which
  /// has no general family allowance.
  double family_allowance_cny_per_month = 0.0;
  /// Art. 66(4): wage of an ordinary adult male labourer (unskilled, e.g. machinery manufacture).
  double reference_wage_cny_per_month = 0.0;
  /// Paid duration by share of claimants (months of entitlement D and their shares, sum 1).
  std::vector<EntitlementShare> entitlement_mix;
  double waiting_days = 0.0;        ///< registration to first payment
  double qualifying_months = 12.0;  ///< contributions needed before benefit
  /// Employees' contributions as a share of the scheme's total resources.
  double employee_contribution_share = 0.5;
  /// Benefit suspended only on the grounds Art. 69 allows (voluntary leaving without just
  /// cause, refusal of suitable employment or services).
  bool suspension_grounds_allowed = true;
  /// Partial unemployment (short-time work) compensated: C168 Art. 10(2), not in C102.
  bool covers_partial_unemployment = false;
};

struct C102Test {
  std::string id;       ///< "T1".."T7" for C102, "C168-1".. for the higher benchmark
  std::string name;     ///< e.g. "coverage"
  std::string article;  ///< e.g. "C102 Art. 21(a)"
  C102Result result = C102Result::Fail;
  double value = 0.0;      ///< what the scheme reaches (NaN for yes/no tests)
  double threshold = 0.0;  ///< what the article asks (NaN for yes/no tests)
  std::string unit;        ///< "share", "weeks", "days", "months", "" for yes/no tests
};

struct C102Report {
  std::vector<C102Test> tests;
  bool all_pass = false;  ///< every test Pass (a Review is not a pass)
};

/// C102 Part IV, tests T1–T7 of docs/model.md §11:
///  T1 coverage: insured / employees >= 0.50 (Art. 21(a));
///  T2 benefit level: (b + FA) / (W_ref + FA) >= 0.45 (flat-rate benefit, Art. 22 → 66);
///  T3 duration: pass if every claimant's D >= 3 months (13 weeks); otherwise the claimant-
///     weighted mean of min(D, 12 months) >= 13 weeks (Art. 24(1)(a), 24(2)); weeks = months ×
///     52 / 12;
///  T4 waiting period <= 7 days (Art. 24(3));
///  T5 qualifying period: Review above 6 months, else Pass (Art. 23: only what precludes abuse);
///  T6 suspension grounds (Art. 69);
///  T7 financing: employees' share of resources <= 0.50 (Art. 71(2)).
/// Throws InputError starting with `where` and naming the field for negative or NaN figures,
/// employees <= 0, a reference wage <= 0, or an entitlement mix that is empty, has a D < 1 or
/// shares that do not sum to 1.
C102Report c102_part_iv(const C102Inputs& scheme, std::string_view where);

/// The higher benchmark of C168 (1988): coverage >= 0.85 of employees (Art. 11), benefit >= 0.50
/// of the reference wage (Art. 15(1)(b)), mean duration of min(D, 12 months) >= 26 weeks
/// (Art. 19(2)), partial unemployment covered (Art. 10(2)). Same checks as c102_part_iv.
C102Report c168_benchmark(const C102Inputs& scheme, std::string_view where);

}  // namespace spstress::protection

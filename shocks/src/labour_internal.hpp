#pragma once
// Helpers shared by labour.cpp and damage.cpp, which both build RegionShock tables. Internal to
// shocks/.

#include <sstream>
#include <string>

#include "spstress/shocks/labour.hpp"

namespace spstress::shocks::detail {

/// Slack for sums of shares that should not exceed 1 but may by rounding in the inputs.
inline constexpr double share_sum_slack = 1e-9;

/// A number for messages, with 10 significant digits.
inline std::string number(double x) {
  std::ostringstream os;
  os.precision(10);
  os << x;
  return os.str();
}

inline bool is_share(double x) { return x >= 0.0 && x <= 1.0; }

/// Adds one sector's month into the region's total: every field adds up over sectors.
inline void add_into(MonthShock& total, const MonthShock& part) {
  total.workers_exposed_persons += part.workers_exposed_persons;
  total.hours_lost += part.hours_lost;
  total.jobs_lost_persons += part.jobs_lost_persons;
  total.separations_insured_persons += part.separations_insured_persons;
  total.separations_formal_uninsured_persons += part.separations_formal_uninsured_persons;
  total.separations_informal_persons += part.separations_informal_persons;
  total.stoppage_persons += part.stoppage_persons;
  total.income_loss_cny += part.income_loss_cny;
}

}  // namespace spstress::shocks::detail

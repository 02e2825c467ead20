#pragma once
// One region through shocks and protection for one ensemble member. Internal to scenarios/.

#include <map>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "sector_table.hpp"
#include "spstress/scenarios/province_table.hpp"
#include "spstress/scenarios/scenario.hpp"

namespace spstress::scenarios::detail {

/// Monthly values of one region in one member, named as the headline metrics.
struct RegionMonthly {
  std::map<std::string, std::vector<double>> monthly;
  std::map<std::string, double> total;
  // For national aggregation.
  std::vector<double> claimants, baseline_claimants, recipients, baseline_recipients;
  std::vector<std::string> notes;
};

/// Heat shock, UI and assistance of region `code` from its monthly mean temperature (°C,
/// starting in calendar month `start_month`). Monthly and total values are stored under the
/// headline metric names; totals whose name starts with '_' are baseline figures for the notes.
RegionMonthly run_region(const Scenario& s, const ProvinceTable& table,
                         const std::vector<SectorRow>& sectors, const std::string& code,
                         const Eigen::VectorXd& tmean_deg_c, int start_month);

}  // namespace spstress::scenarios::detail

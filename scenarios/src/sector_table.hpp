#pragma once
// The sector parameter table (data/parameters/sectors.csv): how heat reaches each sector's
// workers, how much of lost hours is lost pay, UI coverage and informality, and which wage
// applies. Internal to scenarios/.

#include <string>
#include <vector>

#include "spstress/shocks/heat.hpp"

namespace spstress::scenarios::detail {

struct SectorRow {
  std::string id;
  std::string name_en;
  char gb_section = 'A';  ///< GB/T 4754-2017 section letter (picks the flood curve)
  shocks::SectorHeatExposure heat;
  double pay_pass_through_share = 1.0;
  double base_insured_share = 0.0;
  double informal_share = 0.0;
  std::string wage_basis;  ///< "average", "minimum" or "migrant"
};

/// Reads and checks the table; InputError names the file, line and column at fault.
std::vector<SectorRow> read_sectors(const std::string& path);

}  // namespace spstress::scenarios::detail

#pragma once
// The shocks of one region, hazard by hazard, before UI and assistance: heat hours from the
// temperature steps, a labour shock given directly, and indirect effects through an
// input-output table. Internal to scenarios/ (region_model.cpp puts them together).

#include <optional>
#include <string>
#include <vector>

#include "io_table.hpp"
#include "region_model.hpp"
#include "sector_table.hpp"
#include "spstress/scenarios/scenario.hpp"
#include "spstress/shocks/damage.hpp"
#include "spstress/shocks/flood.hpp"
#include "spstress/shocks/labour.hpp"

namespace spstress::scenarios::detail {

/// Per-worker excess heat hours of each sector in each horizon month (hours per worker in the
/// month), and whether the month counts as exposed. Monthly fields: one step per month, the
/// step's hours per work day × work days. Daily fields: the mean over the month's days.
struct HeatHours {
  std::vector<std::vector<double>> excess;  ///< [sector][month], n_hazard months
  std::vector<bool> exposed;
  /// Excess outdoor hours lost per outdoor worker in each month under the 2012 rules
  /// (regulatory_hours_lost), the second estimate of docs/model.md §1.4.
  std::vector<double> regulatory_excess;
};

HeatHours heat_hours(const Scenario& s, const std::vector<shocks::SectorLabour>& labour,
                     const std::string& code, const RegionHazards& hz, const HeatSteps& steps,
                     const Horizon& horizon);

/// Flood settings of a business-interruption block of the scenario.
shocks::FloodSettings flood_settings(const BusinessInterruptionSpec& b);

/// Job losses given directly (hazard type labour_shock): share × multiplier × N_s in each
/// shock month, split by σ(T) into stoppage and the three separation groups; the stopped lose
/// pay as in a stoppage of T days (shocks::stoppage_income_loss_cny_by_month), the separated
/// their wage in the shock month and, while still out of work, in the months after; hours lost
/// = job losses × a full month's hours in the shock month [A].
shocks::RegionShock labour_shock(const Scenario& s, const std::vector<shocks::SectorLabour>& labour,
                                 const std::vector<SectorRow>& sectors, const Horizon& horizon,
                                 double minimum_wage, const shocks::LabourSettings& ls);

/// The event that hit one sector: Δ(0), T_BI, month, day and η.
struct DirectHit {
  double initial_loss_share = 0.0, business_interruption_days = 0.0;
  int month = 0, day = 1;
  double employment_elasticity = 0.5;
};

/// Whether any sector has a damage ratio above 0.
bool any_damage(const std::vector<std::optional<shocks::SectorDamage>>& d);

/// Indirect effects of the damage in `direct` through the IO table (docs/methodology-indirect.md
/// §8): per event day, the linked minus the unlinked inoperability path, added to `shock` as
/// hours and pay. Returns the hours added.
double add_indirect(shocks::RegionShock& shock, const std::vector<shocks::SectorLabour>& labour,
                    const std::vector<SectorRow>& sectors,
                    const std::vector<std::optional<DirectHit>>& direct, const IoTableCsv& io,
                    const Horizon& horizon, const shocks::LabourSettings& ls, const Scenario& s,
                    const std::string& code, std::vector<std::string>& notes);

}  // namespace spstress::scenarios::detail

#pragma once
// One region through shocks and protection for one ensemble member. Internal to scenarios/.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "io_table.hpp"
#include "sector_table.hpp"
#include "spstress/core/date.hpp"
#include "spstress/scenarios/province_table.hpp"
#include "spstress/scenarios/scenario.hpp"
#include "spstress/shocks/damage.hpp"
#include "spstress/shocks/drought.hpp"

namespace spstress::scenarios::detail {

/// The months of the results: `months` calendar months from start_year-start_month.
struct Horizon {
  int start_year = 0;
  int start_month = 1;
  int months = 0;
  std::vector<int> month_lengths_days;  ///< standard (Gregorian) calendar
  /// 0-based horizon month of a date, or -1 before the horizon / `months` or more after it.
  int index_of(int year, int month) const;
};

/// The steps of the heat field (shared by all regions).
struct HeatSteps {
  std::vector<core::DateTime> dates;
  bool daily = false;  ///< one step per day; otherwise one per month
};

/// A region's hazards, aggregated once and shared by every ensemble member.
struct RegionHazards {
  /// Heat: regional mean air temperature (°C) per step of the heat field.
  std::vector<double> heat_tmean_deg_c;
  /// Regional daily-mean relative humidity (%) per step of the heat field; empty: the
  /// scenario's constant.
  std::vector<double> heat_rh_pct;
  /// Regional maximum temperature (°C) per step; empty: mean + diurnal range / 2.
  std::vector<double> heat_tmax_deg_c;
  /// Floods and cyclones per sector, after the compound rule (a sector keeps the event with the
  /// larger damage ratio; the other entry is empty).
  std::vector<std::optional<shocks::SectorDamage>> flood, cyclone;
  /// Persons displaced (residents of destroyed dwellings) by the flood and by the cyclone, and
  /// the month they are displaced in, for disaster transitional relief.
  double flood_displaced_persons = 0.0;
  double cyclone_displaced_persons = 0.0;
  int flood_event_month = -1, flood_event_day = 1;      ///< horizon month, day of the month
  int cyclone_event_month = -1, cyclone_event_day = 1;  ///< the province's day of largest damage
  /// Drought: SPI-k ending in the harvest month of the event year (NaN = no drought hazard or
  /// no valid index) and that month's index in the horizon.
  double drought_index = 0.0;
  int drought_month_index = -1;
  /// Option B per crop (scenario drought.crops_file); empty: farm earnings of the agricultural
  /// workers. The crops' index is set from drought_index when the region runs.
  std::vector<shocks::CropDrought> crops;
  double rural_income_cny_per_person_year = 0.0;
};

/// Monthly values of one region in one member, named as the headline metrics.
struct RegionMonthly {
  std::map<std::string, std::vector<double>> monthly;
  std::map<std::string, double> total;
  // For national aggregation.
  std::vector<double> claimants, baseline_claimants, recipients, baseline_recipients;
  std::vector<std::string> notes;
};

/// Shocks from every hazard of the scenario, UI and assistance of region `code`. With an IO
/// table (scenario.indirect), flood and cyclone capacity losses also spread to other sectors
/// through the dynamic inoperability model; the extra job-equivalents count as hours and pay lost.
/// Monthly and total values are stored under the headline metric names; totals whose name starts
/// with '_' are baseline figures for the notes.
RegionMonthly run_region(const Scenario& s, const ProvinceTable& table,
                         const std::vector<SectorRow>& sectors, const std::string& code,
                         const RegionHazards& hazards, const HeatSteps& heat_steps,
                         const Horizon& horizon, const IoTableCsv* io_table = nullptr);

}  // namespace spstress::scenarios::detail

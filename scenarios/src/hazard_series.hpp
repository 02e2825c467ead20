#pragma once
// The scenario's hazards opened, checked and aggregated to regions: heat temperature series,
// flood and cyclone damage ratios per sector, the drought index. Internal to scenarios/.

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "region_model.hpp"
#include "sector_table.hpp"
#include "spstress/hazards/field.hpp"
#include "spstress/hazards/track.hpp"
#include "spstress/regions/raster.hpp"
#include "spstress/regions/region.hpp"
#include "spstress/scenarios/scenario.hpp"
#include "spstress/shocks/drought.hpp"
#include "spstress/shocks/flood.hpp"

namespace spstress::scenarios::detail {

/// Everything the hazards of a scenario read, opened and checked.
struct HazardInputs {
  std::unique_ptr<hazards::HazardField> heat_field;
  std::unique_ptr<hazards::HazardField> humidity_field;  ///< on the heat field's steps, optional
  std::unique_ptr<hazards::HazardField> tasmax_field;    ///< on the heat field's steps, optional
  HeatSteps heat_steps;
  std::unique_ptr<hazards::HazardField> flood_field;
  std::vector<shocks::DepthDamageCurve> curves;
  hazards::Track track;
  double v_half_m_s = 0.0;
  std::unique_ptr<hazards::HazardField> drought_field;
  std::unique_ptr<hazards::HazardField> pet_field;  ///< SPEI only
  /// drought.crops_file by region code: the crops and the rural disposable income per person.
  std::map<std::string, std::pair<std::vector<shocks::CropDrought>, double>> crops;
  /// Exposure rasters of the sectors that have their own (section letter → raster).
  std::map<char, regions::Raster> sector_exposure;
  std::vector<std::string> files;  ///< every hazard input file (provenance)
};

/// Opens every hazard's inputs and checks units, time axes and parameters against the files.
/// InputError names the file or the JSON path at fault.
HazardInputs open_hazards(const Scenario& s, const std::vector<SectorRow>& sectors);

/// The horizon: from start_month if given, else the earliest event month (heat: its first event
/// step; flood: the event date; cyclone: the first track fix; drought: January of the event
/// year). InputError if an event falls outside it.
Horizon make_horizon(const Scenario& s, const HazardInputs& in);

struct AggregationOptions {
  std::size_t memory_budget_bytes = 256u << 20;
  std::string weights_cache_dir;
  std::function<void(const std::string&)> progress;
};

struct AggregatedHazards {
  std::vector<RegionHazards> regions;  ///< same order as the regions
  std::vector<std::string> notes;      ///< one or more lines per hazard for the report
};

AggregatedHazards aggregate_hazards(const Scenario& s, const HazardInputs& in,
                                    const std::vector<SectorRow>& sectors,
                                    const std::vector<regions::Region>& regs,
                                    const regions::Raster& exposure, const Horizon& horizon,
                                    const AggregationOptions& opt);

}  // namespace spstress::scenarios::detail

#pragma once
/// The scenario: a JSON file naming the inputs and every parameter of a run, read into typed
/// structs with strict validation (docs/scenario-format.md describes every key).

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace spstress::scenarios {

struct RegionsSpec {
  std::string file;  ///< OGR source (absolute after loading)
  std::string id_field = "code";
  std::string name_field = "name_en";
  std::string where;  ///< OGR attribute filter ("" = all features)
};

/// Monthly warming added to the field over some calendar months.
struct AnomalySpec {
  std::vector<int> months;  ///< calendar months 1..12
  double delta_deg_c = 0.0;
};

struct HazardSpec {
  std::string type = "heat";  ///< only "heat" in this version
  std::string file;           ///< CF-NetCDF with monthly near-surface air temperature
  std::string variable = "tas";
  AnomalySpec anomaly;
  double diurnal_range_deg_c = 10.0;    ///< Tmax = Tmean + range / 2
  double relative_humidity_pct = 60.0;  ///< daily-mean RH used everywhere ...
  std::map<std::string, double> relative_humidity_pct_by_region;  ///< ... unless given here
};

struct HeatSpec {
  double hours_at_max = 4.0;
  double hours_at_half = 4.0;
  double hours_at_mean = 4.0;
  double sun_delta_deg_c = 1.5;
};

struct LabourSpec {
  double work_days_per_month = 21.75;
  double hours_per_work_day = 8.0;
  double separation_elasticity = 0.05;
  double sigma0_share = 0.1;
  double tau_sep_days = 120.0;
  double reemployment_hazard_per_month = 0.155;
  double exposure_wbgt_threshold_deg_c = 28.0;
  double migrant_wage_cny_per_month = 4432.0;  ///< national migrant average (NBS 2021)
};

struct EntitlementSpec {
  int months = 12;
  double share = 1.0;
};

struct UiSpec {
  double benefit_min_wage_share = 0.9;   ///< ρ: benefit = ρ × minimum wage
  std::string min_wage_tier = "lowest";  ///< "lowest" or "tier1"
  double contribution_rate_share = 0.01;
  double interest_rate_per_year_share = 0.02;
  double exit_hazard_per_month = 0.155;  ///< h0
  double exit_elasticity_to_unemployment = 1.0;
  double duration_dependence_per_month = 0.0;
  double qualifying_share = 0.85;  ///< e1: ≥ 12 months of contributions
  double involuntary_share = 0.8;  ///< v
  double takeup_share = 0.5;       ///< τ_UI
  std::vector<EntitlementSpec> entitlement_mix{{12, 0.6}, {18, 0.2}, {24, 0.2}};
  double floor_months_of_outlay = 0.0;  ///< k
};

struct SaSpec {
  double gini_urban_share = 0.35;
  double gini_rural_share = 0.38;
  double takeup_current_share = 0.5;   ///< τ_DB
  double takeup_new_share = 0.3;       ///< τ_new
  double ta_case_share = 0.2;          ///< π_TA
  double ta_months_of_standard = 3.0;  ///< k_TA
  double earner_income_share = 0.6;    ///< share of household income a lost job takes away
  double reserve_share_of_baseline_cost = 0.05;  ///< reserve = share × baseline annual Dibao cost
};

/// A parameter drawn uniformly per ensemble member (members > 1).
struct UncertainParameter {
  std::string path;  ///< JSON pointer of the parameter, e.g. "/ui/takeup_share"
  double low = 0.0;
  double high = 0.0;
};

struct Scenario {
  std::string name;
  std::string description;
  std::string attribution;  ///< credit line for the input data (maps, report)
  std::string source_path;  ///< the JSON file
  std::string currency = "CNY";
  int price_base_year = 2025;
  std::uint64_t seed = 1;
  int members = 1;
  int start_year = 0;  ///< first month of the horizon: the hazard's first month
  int horizon_months = 24;
  RegionsSpec regions;
  std::string exposure_file;  ///< population raster
  std::string province_table_file;
  std::string sectors_file;
  HazardSpec hazard;
  HeatSpec heat;
  LabourSpec labour;
  UiSpec ui;
  SaSpec sa;
  std::map<std::string, std::map<std::string, double>> province_overrides;
  std::vector<UncertainParameter> uncertainty;
  /// Free-text statements of the assumptions behind the values (key → text), carried into the
  /// report so that a reader sees them next to the results.
  std::map<std::string, std::string> assumptions;
};

/// Reads and validates a scenario. Paths in the file are relative to the file's folder and
/// come back absolute. Every problem found is reported, one line each, in one InputError:
/// `<file>: <JSON path>: got <what>; expected <what>` (unknown keys, wrong types, values out of
/// range, missing files). Throws InputError if the file cannot be read or is not JSON.
Scenario load_scenario(const std::string& path);

/// Path of the embedded default scenario (data/scenarios/default.json next to the data the
/// build was made from, the installed share folder, or $SPSTRESS_DATA_DIR). Throws InputError if
/// none exists.
std::string default_scenario_path();

/// Applies a parameter value by JSON pointer (used for ensemble members). Throws InputError for
/// a pointer that names no numeric parameter.
void set_parameter(Scenario& scenario, const std::string& pointer, double value);

}  // namespace spstress::scenarios

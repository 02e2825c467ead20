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

/// The heat hazard: a temperature field (monthly or daily) and how the reference is formed.
struct HazardSpec {
  std::string type = "heat";  ///< always "heat": the heat hazard's spec
  std::string file;           ///< CF-NetCDF (or GDAL raster) with near-surface air temperature
  std::string variable = "tas";
  AnomalySpec anomaly;
  double diurnal_range_deg_c = 10.0;    ///< Tmax = Tmean + range / 2
  double relative_humidity_pct = 60.0;  ///< daily-mean RH used everywhere ...
  std::map<std::string, double> relative_humidity_pct_by_region;  ///< ... unless given here
  std::string work_capacity_function = "hothaps";  ///< "hothaps", "dunne" or "foster"
  /// Humidity field on the steps of the temperature field; empty kind = the constant RH above.
  std::string humidity_kind;  ///< "relative_humidity", "specific_humidity" or "dew_point"
  std::string humidity_file;
  std::string humidity_variable;
  double surface_pressure_hpa = 1013.25;  ///< for specific humidity (standard atmosphere)
  /// Daily (or monthly mean) maximum temperature on the steps of the temperature field; empty:
  /// Tmax = Tmean + diurnal_range_deg_c / 2.
  std::string tasmax_file;
  std::string tasmax_variable;
  /// Years of the field that form the event (inclusive); 0 = every step of the field.
  int event_first_year = 0;
  int event_last_year = 0;
  /// "no_anomaly": hours beyond the same steps without the anomaly; "baseline_years": hours
  /// beyond the mean of the same calendar month over baseline_first..last_year of the field.
  std::string reference = "no_anomaly";
  int baseline_first_year = 0;
  int baseline_last_year = 0;
};

/// Business interruption and pay during stoppage after a flood or cyclone (docs/model.md §2.2, §6).
struct BusinessInterruptionSpec {
  double capital_to_value_added_years = 4.0;
  double t_clean_days = 12.5;
  double t_rebuild_services_days = 242.5;
  double t_rebuild_industrial_days = 360.0;
  double employment_elasticity = 0.5;  ///< η: jobs lost per unit of capacity lost
  double stoppage_allowance_to_minimum_wage_share = 0.75;
};

/// A river or coastal flood: the event's maximum water depth on a grid.
struct FloodSpec {
  std::string file;         ///< GeoTIFF (band 1) or CF-NetCDF, depth above ground
  std::string variable;     ///< NetCDF variable; empty for a GDAL raster
  std::string units = "m";  ///< units of the depth when the file does not say
  int event_year = 0, event_month = 0, event_day = 0;
  std::string depth_damage_file;  ///< CSV with columns curve, depth_m, damage_ratio
  /// GB/T 4754 section letter -> curve name, overriding the default assignment.
  std::map<char, std::string> sector_curves;
  BusinessInterruptionSpec business_interruption;
};

/// A tropical cyclone from a best track: Holland wind field and Emanuel damage.
struct CycloneSpec {
  std::string track_file;
  std::string storm_id;
  double v_thresh_m_s = 25.7;
  double v_half_m_s = 0.0;  ///< 0: read v_half_region from v_half_file
  std::string v_half_file;
  std::string v_half_region = "WP3";
  /// Averaged / 1-minute wind of the track's agency: winds are divided by it (1 for JTWC).
  double wind_averaging_factor = 1.0;
  double time_step_h = 1.0;
  double cutoff_km = 300.0;
  BusinessInterruptionSpec business_interruption;
};

/// A labour-market shock given directly (a back-test such as 2020): shares of each sector's
/// workers who lose their jobs in given months.
struct LabourShockSpec {
  std::vector<std::pair<int, int>> months;  ///< (year, month) of each shock month
  std::vector<double> jobs_lost_share;      ///< one per month, share of workers
  std::map<char, double> sector_multipliers;  ///< GB/T section → multiplier (default 1)
  double duration_days = 60.0;  ///< T of σ(T) and of the stoppage
};

/// A meteorological drought from monthly precipitation: SPI at harvest → yield → farm income.
struct DroughtSpec {
  std::string file;  ///< CF-NetCDF monthly precipitation (amount per month or a flux)
  std::string variable = "pr";
  /// "precipitation": compute the index from `file`; "index": `file` holds SPI/SPEI values.
  std::string input = "precipitation";
  std::string index = "spi";  ///< "spi", or "spei" from precipitation minus pet_file
  std::string pet_file;       ///< monthly potential evapotranspiration on the same months
  std::string pet_variable;
  int scale_months = 3;
  int baseline_first_year = 1991;
  int baseline_last_year = 2020;
  int event_year = 0;
  int harvest_month = 9;  ///< SPI-k ending in this month is the growing-season index
  double threshold_index = -0.5;
  double beta_per_index_unit = 0.1;
  std::map<std::string, double> beta_per_index_unit_by_region;
  double operating_income_share = 0.3;
  /// Optional option-B table per province and crop (docs/scenario-format.md); provinces
  /// without rows use the agricultural workers' earnings instead.
  std::string crops_file;
};

/// Indirect effects through an input-output table (docs/model.md §5): off unless the scenario
/// names a table.
struct IndirectSpec {
  bool enabled = false;
  std::string io_table_file;  ///< CSV: sector,<section letters...>,total_output
  /// q_i(T_BI) / q_i(0) that sets each sector's recovery speed k_i: e^-3 = 0.0498, so that a
  /// sector without suppliers recovers as the direct path Δ(0) e^(−3t/T_BI) does.
  double recovery_target_share = 0.049787068367863944;
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
  /// m: share of the separated who are migrants, covered at migrant_insured_share (0 = off).
  double migrant_separated_share = 0.0;
  double migrant_insured_share = 0.103;  ///< 2,702万 / 26,261万 insured migrants, 2012 [D]
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
  /// D(Y): (minimum full years of contributions, maximum months of benefit), increasing
  /// [S: 失业保险条例 1999 Art. 17]. With `tenure_distribution` in the file, the entitlement
  /// mix is derived from it through this schedule.
  std::vector<std::pair<int, int>> duration_schedule{{1, 12}, {5, 18}, {10, 24}};
  /// Provincial overrides of the entitlement mix (region code → mix).
  std::map<std::string, std::vector<EntitlementSpec>> entitlement_mix_by_region;
  double floor_months_of_outlay = 0.0;  ///< k
  // Shock-responsive measures paid from the fund (docs/methodology-options.md); 0 = off.
  /// Living allowance for separated workers without UI (2020-type): share of the benefit b,
  /// months paid, take-up among the uninsured separated.
  double living_allowance_benefit_share = 0.0;
  int living_allowance_months = 3;
  double living_allowance_takeup_share = 0.5;
  /// Job-stabilisation refund: share of a year's contributions returned to employers in the
  /// first month with separations, rationed by the layoff-rate condition below.
  double refund_share_of_annual_contributions = 0.0;
  /// Layoff-rate condition of the refund: firms above this rate get none (5.5 %, the national
  /// surveyed-unemployment control target [S: docs/model.md §8]) ...
  double refund_layoff_threshold_share = 0.055;
  /// ... with firms' layoff rates Beta distributed around the province's, concentration κ [A].
  double refund_layoff_concentration = 20.0;
  /// Short-time work: θ × b per full-time month of hours lost by insured workers.
  double short_time_work_replacement_share = 0.0;
  /// Unemployment subsidy for the insured exhausted by the shock or not qualifying: share of
  /// the benefit (at most 0.8 in 2020 [M]) and months paid; 0 = off.
  double unemployment_subsidy_benefit_share = 0.0;
  int unemployment_subsidy_months = 6;
  /// One national fund: the funding gap is that of the summed balances.
  bool national_pooling = false;
  /// Contributions waived (2020-type exemption): share of revenue not collected from
  /// contribution_exemption_first to _last (year, month); 0 = none.
  double contribution_exemption_share = 0.0;
  std::pair<int, int> contribution_exemption_first{0, 0};
  std::pair<int, int> contribution_exemption_last{0, 0};
};

/// The scheme's features that ILO C102 Part IV and C168 test and the model does not otherwise
/// use (docs/methodology-c102.md).
struct C102Spec {
  /// Art. 66(4) reference wage (CNY/month); 0: the migrant workers' average wage of `labour`.
  double reference_wage_cny_per_month = 0.0;
  double waiting_days = 0.0;       ///< registration to the first day paid for
  double qualifying_months = 12.0;  ///< contributions needed before benefit
  /// Employees' contributions / total resources: 0.5 with the 2025 rates of 0.5 % each.
  double employee_contribution_share = 0.5;
  bool suspension_grounds_allowed = true;  ///< suspension only on Art. 69 grounds
  bool covers_partial_unemployment = false;  ///< no short-time benefit in China's UI
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
  /// Tail calibration: observed average subsidy / standard per stratum (0.70 urban, 0.56 rural
  /// in 2015 [D]) that σ is solved to match; 0 = σ from the Gini (docs/model.md §9).
  double gap_ratio_urban_share = 0.0;
  double gap_ratio_rural_share = 0.0;
  /// Multiplies both Dibao standards (vertical expansion of assistance); 1 = as in the table.
  double standard_multiplier = 1.0;
  /// Disaster transitional relief per displaced person and day, and its length [M: about
  /// 20 CNY a day for up to 3 months, docs/model.md §9].
  double transitional_relief_cny_per_person_day = 20.0;
  double transitional_relief_days = 90.0;
};

/// A shock-responsive policy option (docs/model.md §12): a named transform of the scenario,
/// run beside it for options.csv. Only the fields of its kind are read.
struct PolicyOption {
  std::string kind;   ///< vertical_expansion, horizontal_expansion, relaxed_ui_eligibility,
                      ///< migrant_informal_extension, job_stabilisation_refunds,
                      ///< short_time_work, national_pooling
  std::string label;  ///< name in options.csv; default: the kind
  double ui_benefit_increase_share = 0.2;       ///< vertical: b ← (1 + v) b
  double dibao_standard_increase_share = 0.1;   ///< vertical: z ← (1 + v) z
  double takeup_new_share = 0.6;                ///< horizontal: τ_new at least this
  double ta_case_share = 0.4;                   ///< horizontal: π_TA at least this
  double qualifying_share = 0.95;               ///< relaxed: e1 at least this (6 months)
  double involuntary_share = 1.0;               ///< relaxed: v at least this
  int extra_entitlement_months = 3;             ///< relaxed: D + this for every claimant
  double allowance_benefit_share = 0.8;         ///< migrant/informal: living allowance / b
  int allowance_months = 3;                     ///< migrant/informal: months paid
  double allowance_takeup_share = 0.5;          ///< migrant/informal: take-up
  double retention_effect_share = 0.2;          ///< refunds: σ0 × (1 − r), τ_sep × (1 + r)
  double refund_share_of_annual_contributions = 0.5;  ///< refunds: cost
  double short_time_work_replacement_share = 0.6;     ///< short-time work: θ
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
  /// First month of the horizon; 0 = the earliest first event month of the hazards (heat: the
  /// first step in its event years; flood: the event date; cyclone: the first track fix;
  /// drought: January of the event year).
  int start_year = 0;
  int start_month = 0;
  int horizon_months = 24;
  RegionsSpec regions;
  std::string exposure_file;  ///< population raster
  /// Optional exposure raster per GB/T section letter: where that sector's assets and workers
  /// are, for flood and cyclone damage (population elsewhere).
  std::map<char, std::string> sector_exposure_files;
  std::string province_table_file;
  std::string sectors_file;
  /// Hazard types in the order the scenario lists them ("heat", "flood", "tropical_cyclone",
  /// "drought"); several make a compound event, each type at most once.
  std::vector<std::string> hazard_types;
  /// JSON pointer of each type's object ("/hazard" or "/hazard/1"), for messages and ensembles.
  std::map<std::string, std::string> hazard_pointers;
  HazardSpec hazard;  ///< the heat hazard (used when hazard_types has "heat")
  FloodSpec flood;
  CycloneSpec cyclone;
  DroughtSpec drought;
  LabourShockSpec labour_shock;
  bool has_hazard(const std::string& type) const {
    for (const auto& t : hazard_types)
      if (t == type) return true;
    return false;
  }
  IndirectSpec indirect;
  HeatSpec heat;
  LabourSpec labour;
  UiSpec ui;
  SaSpec sa;
  C102Spec c102;
  std::map<std::string, std::map<std::string, double>> province_overrides;
  std::vector<UncertainParameter> uncertainty;
  std::vector<PolicyOption> options;  ///< run beside the scenario, member 0, for options.csv
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

/// The scenario with one policy option applied (docs/methodology-options.md).
Scenario apply_option(const Scenario& scenario, const PolicyOption& option);

/// Applies a parameter value by JSON pointer (used for ensemble members). Throws InputError for
/// a pointer that names no numeric parameter.
void set_parameter(Scenario& scenario, const std::string& pointer, double value);

}  // namespace spstress::scenarios

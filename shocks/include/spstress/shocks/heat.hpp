#pragma once
/// Heat stress to lost working hours: simplified WBGT (docs/model.md §1.1), Hothaps work ability
/// (§1.2), the 4+4+4 hourly profile and sector mapping (§1.3), hours per worker (§1.4).
/// Also: humidity conversions and checks, the alternative work-capacity functions of Dunne et al.
/// (2013) and Foster et al. (2021), the Chinese regulatory comparator of §1.4 and the default
/// exposure of each GB/T 4754 section. docs/methodology-heat.md gives every equation and source.

#include <string>
#include <string_view>

namespace spstress::shocks {

enum class WorkIntensity {
  Light200W,     ///< services, indoors or in shade
  Moderate300W,  ///< industry, indoors or in shade
  Heavy400W,     ///< agriculture and construction, in the sun
};

/// Hothaps parameters of WA(WBGT) = 0.1 + 0.9 / (1 + (WBGT / a1)^a2).
struct HothapsParams {
  double a1_deg_c;
  double a2;
};
HothapsParams hothaps_params(WorkIntensity intensity);

/// Vapour pressure (hPa) from air temperature (°C) and relative humidity (%, 0..100).
double vapour_pressure_hpa_from_rh(double ta_deg_c, double rh_pct);
/// Vapour pressure (hPa) from dew point (°C).
double vapour_pressure_hpa_from_dewpoint(double td_deg_c);
/// Simplified BoM WBGT (°C): 0.567·Ta + 0.393·e + 3.94, e in hPa.
double swbgt_deg_c(double ta_deg_c, double e_hpa);
/// Share of normal work output still possible (0.1..1) at a WBGT (°C). WBGT <= 0 gives 1
/// (the power law is undefined for negative bases and no work is lost in the cold); NaN gives NaN.
double work_ability_share(double wbgt_deg_c, WorkIntensity intensity);

/// How heat reaches one sector's workers.
struct SectorHeatExposure {
  WorkIntensity intensity = WorkIntensity::Light200W;
  double sun_share = 0.0;  ///< share of work done in the sun (0..1), gets sun_delta_deg_c
  double ac_share = 0.0;   ///< share of work in air-conditioned places (0..1), loses no hours
};

/// Climate of one month in one region, as the work day sees it.
struct HeatMonth {
  double tmean_deg_c = 0.0;  ///< daily mean air temperature
  double tmax_deg_c = 0.0;   ///< daily maximum air temperature
  double rh_pct = 0.0;       ///< daily-mean relative humidity (%); sets the day's vapour pressure
};

struct HeatSettings {
  double hours_at_max = 4.0;     ///< hours of the work day at WBGT_max (Kjellstrom 2018 "4+4+4")
  double hours_at_half = 4.0;    ///< hours at (WBGT_max + WBGT_mean) / 2
  double hours_at_mean = 4.0;    ///< hours at WBGT_mean
  double sun_delta_deg_c = 0.0;  ///< Δ_sun added to WBGT for work in the sun (docs/model.md §1.1)
};

/// Hours lost per worker per work day: Σ_k h_k (1 − ac) [(1 − sun) (1 − WA(W_k)) +
/// sun (1 − WA(W_k + Δ_sun))], with W_max from tmax and W_mean from tmean, both with the
/// daily-mean vapour pressure (docs/model.md §1.1 "daily use"), i.e. e(tmean, rh), and
/// W_half = (W_max + W_mean) / 2; Δ_sun applies to all three blocks. Shares are trusted (0..1).
double hours_lost_per_worker_day(const HeatMonth& month, const SectorHeatExposure& sector,
                                 const HeatSettings& settings);

/// WBGT_max (°C) of a month with the daily-mean vapour pressure (used for exposure thresholds):
/// sWBGT(tmax, e(tmean, rh)), without any sun correction.
double wbgt_max_deg_c(const HeatMonth& month);

// ---------------------------------------------------------------------------------------------
// Humidity conversions and input checks (§1.1).

/// Vapour pressure (hPa) from specific humidity q (kg/kg) and surface pressure (hPa):
/// e = q p / (0.622 + 0.378 q). Inputs are trusted; check them with the validators below.
double vapour_pressure_hpa_from_specific_humidity(double q_kg_per_kg, double pressure_hpa);
/// Relative humidity (%) of vapour pressure e (hPa) at air temperature Ta (°C), with the same
/// Magnus saturation curve as vapour_pressure_hpa_from_rh, of which it is the exact inverse.
double relative_humidity_pct(double ta_deg_c, double e_hpa);

/// Each check throws InputError whose message starts with `where` (a file, variable or JSON path),
/// names the quantity, the value found and the range expected. NaN always fails.
/// Relative humidity must lie in [0, 100] %.
void check_relative_humidity_pct(double rh_pct, const std::string& where);
/// Specific humidity must lie in [0, 0.05] kg/kg (a value above is g/kg or a wrong variable).
void check_specific_humidity_kg_per_kg(double q_kg_per_kg, const std::string& where);
/// Surface pressure must lie in [300, 1100] hPa (catches pressure passed in Pa).
void check_surface_pressure_hpa(double pressure_hpa, const std::string& where);
/// Dew point may exceed air temperature by at most kDewPointExcessToleranceDegC.
void check_dewpoint_deg_c(double td_deg_c, double ta_deg_c, const std::string& where);
/// Dew point above air temperature is supersaturation; gridded and station values show small
/// excesses from separate analyses, interpolation and rounding to 0.1 °C, so 0.5 °C is tolerated.
inline constexpr double kDewPointExcessToleranceDegC = 0.5;

// ---------------------------------------------------------------------------------------------
// Selectable exposure-response functions of work capacity (§1.2, `heat_erf`).

enum class HeatErf {
  Hothaps,  ///< Kjellstrom et al. 2018 / Bröde et al. 2018 (work_ability_share)
  Dunne,    ///< Dunne, Stouffer & John 2013
  Foster,   ///< Foster et al. 2021 logistic PWC, WBGT form
};

/// "hothaps", "dunne" or "foster" (exact, lower case). Anything else throws InputError starting
/// with `where` and listing the valid names.
HeatErf parse_heat_erf(std::string_view name, const std::string& where);
/// Inverse of parse_heat_erf.
std::string_view heat_erf_name(HeatErf erf);

/// Dunne et al. (2013) capacity as a share (0..1): heavy work (400 W) has
/// clamp(100 − 25 max(0, WBGT − 25)^(2/3), 0, 100) / 100; moderate work twice and light work four
/// times that capacity, clamped to 1 (pythermalcomfort's reading of the paper). NaN gives NaN.
double dunne_work_capacity_share(double wbgt_deg_c, WorkIntensity intensity);

/// Foster et al. (2021) logistic PWC = 1 / (1 + (WBGT / wbgt_half_deg_c)^exponent).
struct FosterParams {
  double wbgt_half_deg_c;  ///< WBGT at which half the work capacity is lost
  double exponent;
};
/// Foster et al. (2021) Table 3 WBGT row as transcribed by JGCRI/HELPS: 33.63 °C, 6.33.
FosterParams foster_params_table3();
/// The same form fitted exactly through the abstract's anchors: PWC 0.90 at WBGT 18 °C and
/// 0.22 at 40 °C (docs/methodology-heat.md explains why the two sets differ) [A].
FosterParams foster_params_abstract_anchors();
/// Foster PWC share (0..1) at a WBGT (°C). WBGT <= 0 gives 1; NaN gives NaN. Intensity-free: the
/// experiments held heart rate fixed rather than work rate.
double foster_work_capacity_share(double wbgt_deg_c, const FosterParams& params);

/// Share of work capacity (0..1) under the selected function; Foster uses foster_params_table3().
double work_capacity_share(double wbgt_deg_c, WorkIntensity intensity, HeatErf erf);

/// hours_lost_per_worker_day with the selected function in place of Hothaps (same blocks, sun
/// and air-conditioning rules); HeatErf::Hothaps gives exactly the three-argument version.
double hours_lost_per_worker_day(const HeatMonth& month, const SectorHeatExposure& sector,
                                 const HeatSettings& settings, HeatErf erf);

// ---------------------------------------------------------------------------------------------
// Chinese regulatory comparator (§1.4): 防暑降温措施管理办法 (2012), articles on outdoor work.

struct RegulatoryHeatSettings {
  double outdoor_day_hours = 8.0;         ///< outdoor hours of a normal work day [A]
  double stop_tmax_deg_c = 40.0;          ///< Tmax ≥ this: all outdoor work stops
  double restrict_tmax_deg_c = 37.0;      ///< Tmax ≥ this: ≤ cap hours, none in hottest block
  double allowance_tmax_deg_c = 35.0;     ///< Tmax ≥ this: high-temperature allowance due
  double restricted_day_cap_hours = 6.0;  ///< outdoor hours allowed on a restricted day
  double hottest_block_hours = 3.0;       ///< hours around the daily maximum with no outdoor work
};

struct RegulatoryHeatDay {
  double outdoor_hours_lost = 0.0;  ///< outdoor hours lost per worker-day (h)
  bool allowance_due = false;       ///< the high-temperature allowance (高温津贴) is due
};

/// Outdoor hours lost and allowance on a day with maximum temperature Tmax (°C):
///   Tmax ≥ 40: all outdoor_day_hours;  37 ≤ Tmax < 40: min(day, max(hottest_block,
///   day − cap)) (the hottest block is assumed to fall inside the work day) [A];  below 37: 0.
/// The allowance is due from 35 °C. NaN Tmax or settings that are not ordered and positive throw
/// InputError starting with `where`.
RegulatoryHeatDay regulatory_hours_lost(double tmax_deg_c, const RegulatoryHeatSettings& settings,
                                        const std::string& where);

// ---------------------------------------------------------------------------------------------
// Default exposure by GB/T 4754-2017 section (§1.3) [A].

/// A, E: 400 W, sun share 1; B, C, D: 300 W in shade; G, N: 300 W, sun share 0.5; F, H–M, O–T:
/// 200 W in shade; ac_share 0 throughout. `section` is one upper-case letter A..T; anything
/// else throws InputError starting with `where`.
SectorHeatExposure default_sector_heat_exposure(std::string_view section, const std::string& where);

}  // namespace spstress::shocks

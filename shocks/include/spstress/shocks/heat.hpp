#pragma once
/// Heat stress to lost working hours: simplified WBGT (docs/model.md §1.1), Hothaps work ability
/// (§1.2), the 4+4+4 hourly profile and sector mapping (§1.3), hours per worker (§1.4).

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

}  // namespace spstress::shocks

#pragma once
/// Tropical-cyclone wind damage (docs/model.md §3, docs/methodology-cyclone.md): the Emanuel
/// (2011) impact function as CLIMADA implements it (ImpfTropCyclone.from_emanuel_usa), regional
/// v_half values calibrated by Eberenz et al. (2021), and the conversion of winds averaged over
/// other periods to the 1-minute winds the function expects.
///
/// Damage is not linear in wind: a province's mean damage share is the exposure-weighted mean of
/// MDD over its cells, Σ_x w_x MDD(v_x) / Σ_x w_x, not MDD of its mean wind (which would erase a
/// narrow core of destructive wind). Map winds to MDD per cell first (mdd_share_per_cell), then
/// aggregate the MDD field to provinces.

#include <string>
#include <vector>

#include <Eigen/Core>

namespace spstress::shocks {

/// Parameters of MDD(v) = scale · v_n³ / (1 + v_n³), v_n = max(0, v − v_thresh) / (v_half −
/// v_thresh), for 1-minute sustained 10 m winds in m/s. PAA = 1, so MDR = MDD.
struct EmanuelParams {
  double v_thresh_m_s = 25.7;  ///< no damage at or below it [S: Emanuel 2011, CLIMADA default]
  double v_half_m_s = 74.7;    ///< MDD = scale/2 here [S: v_thresh + 49, Sealy & Strobl 2017]
  double scale = 1.0;          ///< maximum damage share, (0, 1] [S: CLIMADA default]
};

/// CLIMADA's checks, as InputError naming the parameter ("Emanuel impact function: v_half_m_s =
/// 20 must exceed v_thresh_m_s = 25.7"): v_thresh_m_s >= 0, v_half_m_s > v_thresh_m_s (both
/// finite), scale in (0, 1].
void check_emanuel_params(const EmanuelParams& params);

/// Mean damage degree (share of value, 0..scale) at a wind speed (m/s). NaN wind gives NaN;
/// a negative wind gives 0. Parameters are trusted (check them once with check_emanuel_params).
double emanuel_mdd_share(double wind_m_s, const EmanuelParams& params);

/// emanuel_mdd_share for every cell of a wind field, keeping NaN where the wind is NaN. Works on
/// one step (a column of HazardField::read_block) or on a whole (cells x steps) block. Checks the
/// parameters (InputError as check_emanuel_params).
Eigen::MatrixXd mdd_share_per_cell(const Eigen::Ref<const Eigen::MatrixXd>& wind_m_s,
                                   const EmanuelParams& params);

/// 1-minute wind from a wind averaged over a longer period: v_1min = v / factor, where factor =
/// v_averaged / v_1min, in [0.93, 1.0] [A]. Use 1.0 for JTWC tracks (already 1-minute) and a
/// value below 1 for CMA best tracks (2-minute winds, docs/model.md §3). NaN stays NaN.
double wind_1min_m_s(double wind_m_s, double averaging_factor);
/// Throws InputError naming "wind_averaging_factor" unless it lies in [0.93, 1.0].
void check_wind_averaging_factor(double averaging_factor);

/// One row of data/parameters/tc_vhalf_eberenz2021.csv (columns region,v_half_m_s,status,source)
/// as the caller parsed it.
struct VhalfRow {
  std::string region;  ///< Eberenz et al. calibration region: WP1, WP2, WP3, WP4, ROW
  double v_half_m_s = 0.0;
  std::string status;  ///< data/README.md status word (sourced, recalled, derived, assumption)
  std::string source;
};

/// Calibration region of mainland China in Eberenz et al. (2021).
inline constexpr const char* china_mainland_region = "WP3";

/// The v_half (m/s) of `region` in `rows`. Throws InputError naming `where` (the table's file
/// name, for messages) if the region is absent (listing the ones present), appears twice, or
/// its v_half is not finite or not above the default v_thresh of 25.7 m/s.
double regional_v_half_m_s(const std::vector<VhalfRow>& rows, const std::string& region,
                           const std::string& where);

}  // namespace spstress::shocks

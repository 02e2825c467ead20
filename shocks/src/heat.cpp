#include "spstress/shocks/heat.hpp"

#include <array>
#include <cmath>
#include <string>

#include "spstress/core/error.hpp"

namespace spstress::shocks {

HothapsParams hothaps_params(WorkIntensity intensity) {
  // Kjellstrom et al. 2018 / Bröde et al. 2018 as tabulated in docs/model.md §1.2.
  switch (intensity) {
    case WorkIntensity::Light200W:
      return {34.64, 22.72};
    case WorkIntensity::Moderate300W:
      return {32.93, 17.81};
    case WorkIntensity::Heavy400W:
      return {30.94, 16.64};
  }
  throw InternalError("hothaps_params: unknown WorkIntensity value " +
                      std::to_string(static_cast<int>(intensity)));
}

double vapour_pressure_hpa_from_rh(double ta_deg_c, double rh_pct) {
  // Saturation vapour pressure (Magnus form, hPa) times relative humidity; the 0.393
  // coefficient of sWBGT expects hPa (docs/model.md §1.1 corrects the kPa label of its source).
  return (rh_pct / 100.0) * 6.105 * std::exp(17.27 * ta_deg_c / (237.7 + ta_deg_c));
}

double vapour_pressure_hpa_from_dewpoint(double td_deg_c) {
  return 6.112 * std::exp(17.67 * td_deg_c / (td_deg_c + 243.5));
}

double swbgt_deg_c(double ta_deg_c, double e_hpa) {
  return 0.567 * ta_deg_c + 0.393 * e_hpa + 3.94;
}

double work_ability_share(double wbgt_deg_c, WorkIntensity intensity) {
  // (WBGT / a1)^a2 with a non-integer a2 is undefined below zero; at such WBGT no work is lost.
  // The test is written so that NaN falls through and propagates instead of reading as "cold".
  if (wbgt_deg_c <= 0.0) return 1.0;
  const HothapsParams p = hothaps_params(intensity);
  return 0.1 + 0.9 / (1.0 + std::pow(wbgt_deg_c / p.a1_deg_c, p.a2));
}

namespace {

/// Daily-mean vapour pressure: the day's mean temperature with the day's mean humidity
/// (docs/model.md §1.1 "daily use" assumes vapour pressure varies little within the day).
double daily_vapour_pressure_hpa(const HeatMonth& month) {
  return vapour_pressure_hpa_from_rh(month.tmean_deg_c, month.rh_pct);
}

}  // namespace

double hours_lost_per_worker_day(const HeatMonth& month, const SectorHeatExposure& sector,
                                 const HeatSettings& settings) {
  const double e_hpa = daily_vapour_pressure_hpa(month);
  const double wbgt_max = swbgt_deg_c(month.tmax_deg_c, e_hpa);
  const double wbgt_mean = swbgt_deg_c(month.tmean_deg_c, e_hpa);
  const double wbgt_half = 0.5 * (wbgt_max + wbgt_mean);

  struct Block {
    double hours;
    double wbgt_deg_c;
  };
  const std::array<Block, 3> blocks{{{settings.hours_at_max, wbgt_max},
                                     {settings.hours_at_half, wbgt_half},
                                     {settings.hours_at_mean, wbgt_mean}}};

  double lost_hours = 0.0;
  for (const Block& b : blocks) {
    const double lost_shade_share = 1.0 - work_ability_share(b.wbgt_deg_c, sector.intensity);
    const double lost_sun_share =
        1.0 - work_ability_share(b.wbgt_deg_c + settings.sun_delta_deg_c, sector.intensity);
    lost_hours +=
        b.hours * ((1.0 - sector.sun_share) * lost_shade_share + sector.sun_share * lost_sun_share);
  }
  // Air-conditioned work loses no hours (docs/model.md §1.3).
  return (1.0 - sector.ac_share) * lost_hours;
}

double wbgt_max_deg_c(const HeatMonth& month) {
  return swbgt_deg_c(month.tmax_deg_c, daily_vapour_pressure_hpa(month));
}

}  // namespace spstress::shocks

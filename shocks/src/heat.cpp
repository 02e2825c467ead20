#include "spstress/shocks/heat.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <string>
#include <string_view>

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
  return hours_lost_per_worker_day(month, sector, settings, HeatErf::Hothaps);
}

double hours_lost_per_worker_day(const HeatMonth& month, const SectorHeatExposure& sector,
                                 const HeatSettings& settings, HeatErf erf) {
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
    const double lost_shade_share = 1.0 - work_capacity_share(b.wbgt_deg_c, sector.intensity, erf);
    const double lost_sun_share =
        1.0 - work_capacity_share(b.wbgt_deg_c + settings.sun_delta_deg_c, sector.intensity, erf);
    lost_hours +=
        b.hours * ((1.0 - sector.sun_share) * lost_shade_share + sector.sun_share * lost_sun_share);
  }
  // Air-conditioned work loses no hours (docs/model.md §1.3).
  return (1.0 - sector.ac_share) * lost_hours;
}

double wbgt_max_deg_c(const HeatMonth& month) {
  return swbgt_deg_c(month.tmax_deg_c, daily_vapour_pressure_hpa(month));
}

namespace {

std::string number_text(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", x);
  return buf;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Humidity.

double vapour_pressure_hpa_from_specific_humidity(double q_kg_per_kg, double pressure_hpa) {
  // From q = 0.622 e / (p − 0.378 e), 0.622 being the ratio of the molar masses of water and
  // dry air; solved for e.
  return q_kg_per_kg * pressure_hpa / (0.622 + 0.378 * q_kg_per_kg);
}

double relative_humidity_pct(double ta_deg_c, double e_hpa) {
  // Same saturation curve as vapour_pressure_hpa_from_rh so that the pair round-trips exactly.
  return 100.0 * e_hpa / (6.105 * std::exp(17.27 * ta_deg_c / (237.7 + ta_deg_c)));
}

void check_relative_humidity_pct(double rh_pct, const std::string& where) {
  if (!(rh_pct >= 0.0 && rh_pct <= 100.0)) {
    throw InputError(where + ": relative humidity " + number_text(rh_pct) +
                     " % is outside the expected range [0, 100] %");
  }
}

void check_specific_humidity_kg_per_kg(double q_kg_per_kg, const std::string& where) {
  // Near-surface specific humidity stays below about 0.035 kg/kg anywhere on Earth; 5..30 is
  // the same quantity in g/kg.
  if (!(q_kg_per_kg >= 0.0 && q_kg_per_kg <= 0.05)) {
    throw InputError(where + ": specific humidity " + number_text(q_kg_per_kg) +
                     " kg/kg is outside the expected range [0, 0.05] kg/kg (g/kg given?)");
  }
}

void check_surface_pressure_hpa(double pressure_hpa, const std::string& where) {
  // 300 hPa is far above any inhabited place (Tibetan towns near 5 km see about 550 hPa);
  // reanalysis surface pressure comes in Pa (about 1e5), which this rejects.
  if (!(pressure_hpa >= 300.0 && pressure_hpa <= 1100.0)) {
    throw InputError(where + ": surface pressure " + number_text(pressure_hpa) +
                     " hPa is outside the expected range [300, 1100] hPa (Pa given?)");
  }
}

void check_dewpoint_deg_c(double td_deg_c, double ta_deg_c, const std::string& where) {
  if (std::isnan(ta_deg_c)) {
    throw InputError(where + ": air temperature is NaN where a dew point " + number_text(td_deg_c) +
                     " °C needs it");
  }
  if (!(td_deg_c <= ta_deg_c + kDewPointExcessToleranceDegC)) {
    throw InputError(
        where + ": dew point " + number_text(td_deg_c) + " °C is above air temperature " +
        number_text(ta_deg_c) + " °C by more than the " +
        number_text(kDewPointExcessToleranceDegC) +
        " °C tolerated for supersaturation and rounding (swapped or mixed-up variables?)");
  }
}

// ---------------------------------------------------------------------------------------------
// Work-capacity functions.

HeatErf parse_heat_erf(std::string_view name, const std::string& where) {
  if (name == "hothaps") return HeatErf::Hothaps;
  if (name == "dunne") return HeatErf::Dunne;
  if (name == "foster") return HeatErf::Foster;
  throw InputError(where + ": unknown heat_erf \"" + std::string(name) +
                   "\"; expected one of hothaps, dunne, foster");
}

std::string_view heat_erf_name(HeatErf erf) {
  switch (erf) {
    case HeatErf::Hothaps:
      return "hothaps";
    case HeatErf::Dunne:
      return "dunne";
    case HeatErf::Foster:
      return "foster";
  }
  throw InternalError("heat_erf_name: unknown HeatErf value " +
                      std::to_string(static_cast<int>(erf)));
}

double dunne_work_capacity_share(double wbgt_deg_c, WorkIntensity intensity) {
  // std::max would turn NaN into 0 (full capacity); keep NaN visible instead.
  if (std::isnan(wbgt_deg_c)) return wbgt_deg_c;
  const double heavy_pct = 100.0 - 25.0 * std::pow(std::max(0.0, wbgt_deg_c - 25.0), 2.0 / 3.0);
  // Lighter work sheds less heat: moderate work is taken as half and light as a quarter of the
  // heavy load, so the same environment allows two and four times the heavy capacity.
  double factor = 1.0;
  switch (intensity) {
    case WorkIntensity::Heavy400W:
      factor = 1.0;
      break;
    case WorkIntensity::Moderate300W:
      factor = 2.0;
      break;
    case WorkIntensity::Light200W:
      factor = 4.0;
      break;
  }
  return std::clamp(factor * std::clamp(heavy_pct, 0.0, 100.0), 0.0, 100.0) / 100.0;
}

FosterParams foster_params_table3() { return {33.63, 6.33}; }

FosterParams foster_params_abstract_anchors() {
  // PWC = 1 / (1 + (W / c)^b) through (18 °C, 0.90) and (40 °C, 0.22):
  // (18/c)^b = 0.10/0.90 and (40/c)^b = 0.78/0.22, so b = ln(ratio of the two) / ln(40/18).
  const double odds_18 = 0.10 / 0.90;
  const double odds_40 = 0.78 / 0.22;
  const double exponent = std::log(odds_40 / odds_18) / std::log(40.0 / 18.0);
  const double wbgt_half = 18.0 / std::pow(odds_18, 1.0 / exponent);
  return {wbgt_half, exponent};
}

double foster_work_capacity_share(double wbgt_deg_c, const FosterParams& params) {
  // Written so that NaN falls through and propagates; at or below 0 °C nothing is lost.
  if (wbgt_deg_c <= 0.0) return 1.0;
  return 1.0 / (1.0 + std::pow(wbgt_deg_c / params.wbgt_half_deg_c, params.exponent));
}

double work_capacity_share(double wbgt_deg_c, WorkIntensity intensity, HeatErf erf) {
  switch (erf) {
    case HeatErf::Hothaps:
      return work_ability_share(wbgt_deg_c, intensity);
    case HeatErf::Dunne:
      return dunne_work_capacity_share(wbgt_deg_c, intensity);
    case HeatErf::Foster:
      return foster_work_capacity_share(wbgt_deg_c, foster_params_table3());
  }
  throw InternalError("work_capacity_share: unknown HeatErf value " +
                      std::to_string(static_cast<int>(erf)));
}

// ---------------------------------------------------------------------------------------------
// Regulatory comparator.

RegulatoryHeatDay regulatory_hours_lost(double tmax_deg_c, const RegulatoryHeatSettings& settings,
                                        const std::string& where) {
  if (std::isnan(tmax_deg_c)) {
    throw InputError(where + ": daily maximum temperature is NaN; expected a number in °C");
  }
  const RegulatoryHeatSettings& s = settings;
  if (!(s.outdoor_day_hours > 0.0 && s.outdoor_day_hours <= 24.0)) {
    throw InputError(where + ": outdoor_day_hours " + number_text(s.outdoor_day_hours) +
                     " is outside the expected range (0, 24] h");
  }
  if (!(s.restricted_day_cap_hours >= 0.0 && s.hottest_block_hours >= 0.0)) {
    throw InputError(where + ": restricted_day_cap_hours " +
                     number_text(s.restricted_day_cap_hours) + " and hottest_block_hours " +
                     number_text(s.hottest_block_hours) + " must both be >= 0 h");
  }
  if (!(s.allowance_tmax_deg_c <= s.restrict_tmax_deg_c &&
        s.restrict_tmax_deg_c <= s.stop_tmax_deg_c)) {
    throw InputError(where + ": regulatory thresholds allowance " +
                     number_text(s.allowance_tmax_deg_c) + " °C, restrict " +
                     number_text(s.restrict_tmax_deg_c) + " °C, stop " +
                     number_text(s.stop_tmax_deg_c) + " °C are not in increasing order");
  }

  RegulatoryHeatDay day;
  day.allowance_due = tmax_deg_c >= s.allowance_tmax_deg_c;
  if (tmax_deg_c >= s.stop_tmax_deg_c) {
    day.outdoor_hours_lost = s.outdoor_day_hours;
  } else if (tmax_deg_c >= s.restrict_tmax_deg_c) {
    // Both limits bind at once: the hours over the cap go, and so do the hottest hours, which
    // fall inside a day-time work day; whichever removes more sets the loss.
    day.outdoor_hours_lost =
        std::min(s.outdoor_day_hours,
                 std::max(s.hottest_block_hours, s.outdoor_day_hours - s.restricted_day_cap_hours));
  }
  return day;
}

// ---------------------------------------------------------------------------------------------
// Default exposure by section.

SectorHeatExposure default_sector_heat_exposure(std::string_view section,
                                                const std::string& where) {
  if (section.size() != 1 || section[0] < 'A' || section[0] > 'T') {
    throw InputError(where + ": GB/T 4754 section \"" + std::string(section) +
                     "\" is not one of the section letters A to T");
  }
  switch (section[0]) {
    case 'A':  // agriculture
    case 'E':  // construction
      return {WorkIntensity::Heavy400W, 1.0, 0.0};
    case 'B':  // mining
    case 'C':  // manufacturing
    case 'D':  // electricity, heat, gas and water
      return {WorkIntensity::Moderate300W, 0.0, 0.0};
    case 'G':  // transport, storage and post: couriers and delivery
    case 'N':  // water, environment and public facilities
      return {WorkIntensity::Moderate300W, 0.5, 0.0};
    default:
      return {WorkIntensity::Light200W, 0.0, 0.0};
  }
}

}  // namespace spstress::shocks

#include "hazard_series.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "hazard_internal.hpp"

#include "spstress/core/error.hpp"
#include "spstress/hazards/units.hpp"
#include "spstress/regions/weights.hpp"
#include "spstress/regions/weights_cache.hpp"
#include "spstress/shocks/cyclone.hpp"
#include "spstress/shocks/drought.hpp"
#include "spstress/shocks/heat.hpp"

namespace spstress::scenarios::detail {

namespace {

/// Σ_j w_ij v_j per region, NaN cells counting 0; `missing` gets Σ_j w_ij over NaN cells.
Eigen::VectorXd weighted_sums(const regions::Weights& w, const Eigen::VectorXd& v,
                              Eigen::VectorXd* missing = nullptr) {
  Eigen::VectorXd out = Eigen::VectorXd::Zero(w.w.rows());
  if (missing) *missing = Eigen::VectorXd::Zero(w.w.rows());
  for (Eigen::Index r = 0; r < w.w.outerSize(); ++r) {
    for (regions::SparseRowMatrix::InnerIterator it(w.w, r); it; ++it) {
      const double x = v(it.col());
      if (std::isnan(x)) {
        if (missing) (*missing)(r) += it.value();
      } else {
        out(r) += it.value() * x;
      }
    }
  }
  return out;
}

regions::Weights weights_for(const std::vector<regions::Region>& regs, const core::LatLonGrid& grid,
                             const regions::Raster* exposure, const AggregationOptions& opt,
                             std::vector<std::string>* skipped, const std::string& what) {
  regions::WeightsCacheStatus cache;
  auto w =
      regions::build_weights_cached(regs, grid, exposure, opt.weights_cache_dir, &cache, skipped);
  if (opt.progress) {
    if (cache.outcome == regions::WeightsCacheOutcome::loaded) {
      opt.progress(what + " weights loaded from " + cache.path);
    } else if (cache.outcome == regions::WeightsCacheOutcome::built_not_saved) {
      opt.progress(what + " weights built; not cached (" + cache.save_error + ")");
    }
  }
  return w;
}

/// Regional relative humidity per step from the humidity field: every cell is checked (a
/// relative humidity above 100 % or a specific humidity in g/kg stops the run), the regional
/// means are converted to relative humidity at the regional mean temperature.
void humidity_series(const Scenario& s, const HazardInputs& in,
                     const std::vector<regions::Region>& regs, const regions::Raster& exposure,
                     const AggregationOptions& opt, AggregatedHazards& out) {
  const auto& h = s.hazard;
  const auto& field = *in.humidity_field;
  const std::string where = field.path() + ": variable " + field.variable();
  const auto convert = converter(field, "", humidity_units(h.humidity_kind), h.humidity_kind);
  const auto weights = weights_for(regs, field.grid(), &exposure, opt, nullptr, "humidity");
  const std::size_t nt = field.n_times();
  const std::size_t per_step = std::max<std::size_t>(1, field.grid().ncells() * sizeof(double) * 2);
  const std::size_t block = std::max<std::size_t>(1, opt.memory_budget_bytes / per_step);
  const auto& dates = field.time().dates;
  for (auto& rh : out.regions) rh.heat_rh_pct.resize(nt);
  for (std::size_t t0 = 0; t0 < nt; t0 += block) {
    const std::size_t n = std::min(block, nt - t0);
    Eigen::MatrixXd values = field.read_block(t0, n);
    convert.apply(values);
    for (Eigen::Index c = 0; c < values.cols(); ++c) {
      const std::string at_step =
          where + " at " + core::iso_date(dates[t0 + static_cast<std::size_t>(c)]).substr(0, 10);
      for (Eigen::Index j = 0; j < values.rows(); ++j) {
        const double x = values(j, c);
        if (std::isnan(x)) continue;
        const std::string cell = at_step + ", cell " + std::to_string(j);
        if (h.humidity_kind == "relative_humidity") shocks::check_relative_humidity_pct(x, cell);
        if (h.humidity_kind == "specific_humidity")
          shocks::check_specific_humidity_kg_per_kg(x, cell);
      }
    }
    const Eigen::MatrixXd means = regions::weighted_mean(weights, values);
    for (Eigen::Index r = 0; r < means.rows(); ++r) {
      auto& rh = out.regions[static_cast<std::size_t>(r)];
      for (Eigen::Index c = 0; c < means.cols(); ++c) {
        const std::size_t t = t0 + static_cast<std::size_t>(c);
        const double x = means(r, c);
        const double ta = rh.heat_tmean_deg_c[t];
        const std::string at_region = where + ": region " + regs[static_cast<std::size_t>(r)].code +
                                      " at " + core::iso_date(dates[t]).substr(0, 10);
        if (!std::isfinite(x))
          throw InputError(at_region +
                           ": no valid humidity cell (all cells it covers are missing)");
        double e_hpa = 0.0;
        if (h.humidity_kind == "relative_humidity") {
          rh.heat_rh_pct[t] = x;
          continue;
        }
        if (h.humidity_kind == "specific_humidity") {
          e_hpa = shocks::vapour_pressure_hpa_from_specific_humidity(x, h.surface_pressure_hpa);
        } else {
          shocks::check_dewpoint_deg_c(x, ta, at_region);
          e_hpa = shocks::vapour_pressure_hpa_from_dewpoint(x);
        }
        // Saturated at most: the regional means of temperature and humidity come from cells
        // that need not saturate together.
        rh.heat_rh_pct[t] = std::min(100.0, shocks::relative_humidity_pct(ta, e_hpa));
      }
    }
  }
}

void heat_series(const Scenario& s, const HazardInputs& in,
                 const std::vector<regions::Region>& regs, const regions::Raster& exposure,
                 const AggregationOptions& opt, AggregatedHazards& out) {
  const auto& field = *in.heat_field;
  const std::string where = field.path() + ": variable " + field.variable();
  const auto convert = converter(field, "", "degC", "a temperature");
  const auto weights = weights_for(regs, field.grid(), &exposure, opt, nullptr, "heat");
  const std::size_t nt = field.n_times();
  const std::size_t per_step = std::max<std::size_t>(1, field.grid().ncells() * sizeof(double) * 2);
  const std::size_t block = std::max<std::size_t>(1, opt.memory_budget_bytes / per_step);
  Eigen::MatrixXd tmean(weights.w.rows(), static_cast<Eigen::Index>(nt));
  for (std::size_t t0 = 0; t0 < nt; t0 += block) {
    const std::size_t n = std::min(block, nt - t0);
    if (opt.progress) {
      opt.progress("reading " + field.variable() + " time steps " + std::to_string(t0 + 1) + "-" +
                   std::to_string(t0 + n) + " of " + std::to_string(nt));
    }
    const Eigen::MatrixXd values = field.read_block(t0, n);
    // Unit conversions of temperature are affine, so converting the regional means equals
    // converting every cell first, at a fraction of the cost.
    Eigen::MatrixXd means = regions::weighted_mean(weights, values);
    convert.apply(means);
    tmean.middleCols(static_cast<Eigen::Index>(t0), static_cast<Eigen::Index>(n)) = means;
  }
  const auto& dates = field.time().dates;
  for (Eigen::Index r = 0; r < tmean.rows(); ++r) {
    for (Eigen::Index t = 0; t < tmean.cols(); ++t) {
      if (!std::isfinite(tmean(r, t))) {
        throw InputError(where + ": region " + regs[static_cast<std::size_t>(r)].code +
                         " has no valid hazard cell at " +
                         core::iso_date(dates[static_cast<std::size_t>(t)]) +
                         " (all cells it covers are missing)");
      }
    }
    auto& v = out.regions[static_cast<std::size_t>(r)].heat_tmean_deg_c;
    v.resize(nt);
    for (std::size_t t = 0; t < nt; ++t) v[t] = tmean(r, static_cast<Eigen::Index>(t));
  }
  if (in.humidity_field) humidity_series(s, in, regs, exposure, opt, out);
  if (in.tasmax_field) {
    const auto& q = *in.tasmax_field;
    const auto convert_max = converter(q, "", "degC", "a temperature");
    const auto wmax = weights_for(regs, q.grid(), &exposure, opt, nullptr, "tasmax");
    const std::size_t nq = q.n_times();
    for (auto& rh : out.regions) rh.heat_tmax_deg_c.resize(nq);
    for (std::size_t t0 = 0; t0 < nq; t0 += block) {
      const std::size_t n = std::min(block, nq - t0);
      Eigen::MatrixXd means = regions::weighted_mean(wmax, q.read_block(t0, n));
      convert_max.apply(means);
      for (Eigen::Index r = 0; r < means.rows(); ++r) {
        auto& rh = out.regions[static_cast<std::size_t>(r)];
        for (Eigen::Index c = 0; c < means.cols(); ++c) {
          const std::size_t t = t0 + static_cast<std::size_t>(c);
          const double x = means(r, c);
          const std::string at_region = q.path() + ": variable " + q.variable() + ": region " +
                                        regs[static_cast<std::size_t>(r)].code + " at " +
                                        core::iso_date(q.time().dates[t]).substr(0, 10);
          if (!std::isfinite(x))
            throw InputError(at_region + ": no valid cell (all cells it covers are missing)");
          // A maximum below the mean means the two fields do not belong together.
          if (x < rh.heat_tmean_deg_c[t] - 0.5) {
            throw InputError(at_region + ": maximum temperature " + fmt("%.2f", x) +
                             " degC is below the mean " + fmt("%.2f", rh.heat_tmean_deg_c[t]) +
                             " degC of " + field.path());
          }
          rh.heat_tmax_deg_c[t] = std::max(x, rh.heat_tmean_deg_c[t]);
        }
      }
    }
  }
}

/// Population of each region on the exposure raster's own grid: the denominator that makes a
/// region's damage ratio count the cells outside a hazard footprint as undamaged.
Eigen::VectorXd region_exposure(const std::vector<regions::Region>& regs,
                                const regions::Raster& exposure, const AggregationOptions& opt) {
  // A region without any exposure on the raster (a sector raster clipped to a basin) is simply
  // not exposed: its total is 0, which the callers read as "not hit".
  std::vector<std::string> skipped;
  return weights_for(regs, exposure.grid, &exposure, opt, &skipped, "exposure").exposure_total;
}

std::string top_regions(const std::vector<regions::Region>& regs, const Eigen::VectorXd& v,
                        const char* format) {
  std::vector<std::size_t> idx(regs.size());
  for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = i;
  std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) {
    return v(static_cast<Eigen::Index>(a)) > v(static_cast<Eigen::Index>(b));
  });
  std::string text;
  for (std::size_t k = 0; k < idx.size() && k < 5; ++k) {
    const double x = v(static_cast<Eigen::Index>(idx[k]));
    if (!(x > 0.0)) break;
    text += (text.empty() ? "" : ", ") + regs[idx[k]].code + " " + fmt(format, x);
  }
  return text.empty() ? "none" : text;
}

/// The exposure each sector's damage is weighted with: its own raster if the scenario gives one
/// for its section, else the population raster.
const regions::Raster& sector_exposure(const HazardInputs& in, const SectorRow& sec,
                                       const regions::Raster& population) {
  auto it = in.sector_exposure.find(sec.gb_section);
  return it == in.sector_exposure.end() ? population : it->second;
}

void flood_damage(const Scenario& s, const HazardInputs& in, const std::vector<SectorRow>& sectors,
                  const std::vector<regions::Region>& regs, const regions::Raster& population,
                  const Horizon& horizon, const AggregationOptions& opt, AggregatedHazards& out) {
  const auto& field = *in.flood_field;
  const std::string where = field.path() + ": variable " + field.variable() + " (water depth)";
  Eigen::VectorXd depth = field.read_block(0, 1).col(0);
  const auto convert = converter(field, s.flood.units, "m", "a water depth");
  for (Eigen::Index j = 0; j < depth.size(); ++j)
    if (!std::isnan(depth(j))) depth(j) = convert(depth(j));
  Eigen::VectorXd wet = depth;
  for (Eigen::Index j = 0; j < wet.size(); ++j)
    if (!std::isnan(wet(j))) wet(j) = wet(j) > 0.0 ? 1.0 : 0.0;
  // Damage ratio per cell of every curve the sectors use (also validates every depth).
  std::map<std::string, Eigen::VectorXd> dr_cells;
  std::vector<std::string> curve_of(sectors.size());
  for (std::size_t i = 0; i < sectors.size(); ++i) {
    const SectorCurve c = sector_curve(s, in, sectors[i]);
    curve_of[i] = c.name;
    if (dr_cells.count(c.name)) continue;
    dr_cells[c.name] = c.table ? shocks::damage_ratios(*c.table, depth, where)
                               : shocks::damage_ratios(c.fitted, depth, where);
  }
  const int month = horizon.index_of(s.flood.event_year, s.flood.event_month);
  for (auto& rh : out.regions) rh.flood.assign(sectors.size(), std::nullopt);
  Eigen::VectorXd largest = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(regs.size()));
  double miss = 0.0;
  std::size_t outside = 0;
  // One pass per exposure raster (population, then each sector raster).
  std::vector<const regions::Raster*> sources = {&population};
  for (const auto& [section, raster] : in.sector_exposure) sources.push_back(&raster);
  for (const regions::Raster* src : sources) {
    std::vector<std::size_t> members;
    for (std::size_t i = 0; i < sectors.size(); ++i)
      if (&sector_exposure(in, sectors[i], population) == src) members.push_back(i);
    if (members.empty()) continue;
    std::vector<std::string> skipped;
    regions::Weights w;
    try {
      w = weights_for(regs, field.grid(), src, opt, &skipped, "flood");
    } catch (const InputError&) {
      // A sector raster with no exposure on the depth grid: that sector is not flooded. The
      // population raster must overlap, so its error stands.
      if (src == &population) throw;
      out.notes.push_back("flood: " + file_name(src->path) +
                          " has no exposure on the depth grid; its sectors take no flood damage");
      continue;
    }
    // Whole-province totals on the raster's own grid: cells outside the depth grid are dry.
    const Eigen::VectorXd full = region_exposure(regs, *src, opt);
    Eigen::VectorXd missing;
    const Eigen::VectorXd wet_sum = weighted_sums(w, wet, &missing);
    if (src == &population) {
      // People displaced: the residents of the dwellings the flood destroys, Σ population ×
      // DR of residential buildings [A] (docs/methodology.md §2a).
      const shocks::DepthDamageCurve* res =
          shocks::find_depth_damage_curve(in.curves, shocks::flood_curve_residential);
      const Eigen::VectorXd dr_res =
          res ? shocks::damage_ratios(*res, depth, where)
              : shocks::damage_ratios(shocks::FittedAsiaCurve::BuiltUp, depth, where);
      const Eigen::VectorXd displaced = weighted_sums(w, dr_res);
      for (std::size_t r = 0; r < regs.size(); ++r) {
        out.regions[r].flood_displaced_persons = displaced(static_cast<Eigen::Index>(r));
        out.regions[r].flood_event_month =
            horizon.index_of(s.flood.event_year, s.flood.event_month);
        out.regions[r].flood_event_day = s.flood.event_day;
      }
      miss = missing.sum();
      outside = skipped.size();
    }
    std::map<std::string, Eigen::VectorXd> dr_sum;
    for (const std::size_t i : members)
      if (!dr_sum.count(curve_of[i])) dr_sum[curve_of[i]] = weighted_sums(w, dr_cells[curve_of[i]]);
    for (std::size_t r = 0; r < regs.size(); ++r) {
      const auto ri = static_cast<Eigen::Index>(r);
      if (!(full(ri) > 0.0)) continue;
      const double affected = std::min(1.0, wet_sum(ri) / full(ri));
      for (const std::size_t i : members) {
        const double dr = std::min(affected, dr_sum[curve_of[i]](ri) / full(ri));
        if (!(dr > 0.0)) continue;
        shocks::SectorDamage d;
        d.damage_ratio_share = dr;
        d.affected_share = affected;
        d.rebuild_class = shocks::default_rebuild_class_for_section(sectors[i].gb_section, where);
        d.event_month_index = month;
        d.event_day = s.flood.event_day;
        out.regions[r].flood[i] = d;
        largest(ri) = std::max(largest(ri), dr);
      }
    }
  }
  out.notes.push_back(
      "flood: " + file_name(field.path()) + ", event " +
      core::iso_date({s.flood.event_year, s.flood.event_month, s.flood.event_day, 0})
          .substr(0, 10) +
      "; largest sector damage ratio (exposure-weighted over the whole "
      "province): " +
      top_regions(regs, largest, "%.4f"));
  if (miss > 0.0) {
    out.notes.push_back("flood: " + fmt("%.0f", miss) +
                        " persons live in cells with no depth value (nodata); counted as dry");
  }
  if (outside > 0) {
    out.notes.push_back("flood: " + std::to_string(outside) +
                        " regions lie outside the depth raster and take no flood damage");
  }
}

void cyclone_damage(const Scenario& s, const HazardInputs& in,
                    const std::vector<SectorRow>& sectors, const std::vector<regions::Region>& regs,
                    const regions::Raster& population, const Horizon& horizon,
                    const AggregationOptions& opt, AggregatedHazards& out) {
  const auto& c = s.cyclone;
  hazards::WindFieldSettings ws;
  ws.time_step_h = c.time_step_h;
  ws.cutoff_km = c.cutoff_km;
  const shocks::EmanuelParams ep{c.v_thresh_m_s, in.v_half_m_s, 1.0};
  const std::string where = at(s, "tropical_cyclone");
  for (auto& rh : out.regions) rh.cyclone.assign(sectors.size(), std::nullopt);
  Eigen::VectorXd dr_region = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(regs.size()));
  std::vector<const regions::Raster*> sources = {&population};
  for (const auto& [section, raster] : in.sector_exposure) sources.push_back(&raster);
  for (const regions::Raster* src : sources) {
    std::vector<std::size_t> members;
    for (std::size_t i = 0; i < sectors.size(); ++i)
      if (&sector_exposure(in, sectors[i], population) == src) members.push_back(i);
    if (members.empty()) continue;
    // The wind is evaluated on the exposure raster's own grid, so each cell's exposure meets
    // the wind at that cell.
    if (opt.progress) opt.progress("tropical cyclone wind field of storm " + c.storm_id);
    const auto wind = hazards::daily_max_wind(in.track, src->grid, ws);
    std::vector<std::string> skipped;
    const auto w = weights_for(regs, src->grid, src, opt, &skipped, "exposure");
    const Eigen::VectorXd& full = w.exposure_total;
    const Eigen::MatrixXd mdd_days = shocks::mdd_share_per_cell(wind.max_wind_m_s, ep);
    const Eigen::MatrixXd mdd_event = shocks::mdd_share_per_cell(wind.event_max_wind_m_s, ep);
    Eigen::VectorXd hit = wind.event_max_wind_m_s;
    for (Eigen::Index j = 0; j < hit.size(); ++j) hit(j) = hit(j) > c.v_thresh_m_s ? 1.0 : 0.0;
    const Eigen::VectorXd dr_sum = weighted_sums(w, mdd_event.col(0));
    const Eigen::VectorXd hit_sum = weighted_sums(w, hit);
    std::vector<Eigen::VectorXd> day_sum;
    for (Eigen::Index d = 0; d < mdd_days.cols(); ++d)
      day_sum.push_back(weighted_sums(w, mdd_days.col(d)));
    for (std::size_t r = 0; r < regs.size(); ++r) {
      const auto ri = static_cast<Eigen::Index>(r);
      if (!(full(ri) > 0.0)) continue;
      const double dr = std::min(1.0, dr_sum(ri) / full(ri));
      if (!(dr > 0.0)) continue;
      if (src == &population) {
        dr_region(ri) = dr;
        out.regions[r].cyclone_displaced_persons = dr_sum(ri);
      }
      // The event day: the day of the region's largest damage.
      std::size_t best = 0;
      for (std::size_t d = 1; d < day_sum.size(); ++d)
        if (day_sum[d](ri) > day_sum[best](ri)) best = d;
      const auto& date = wind.dates[best];
      const int month = horizon.index_of(date.year, date.month);
      if (month < 0) {
        throw InputError(s.source_path + ": /horizon_months: storm " + c.storm_id + " hits " +
                         regs[r].code + " on " + core::iso_date(date).substr(0, 10) +
                         ", outside the " + std::to_string(horizon.months) + " months from " +
                         core::year_month(horizon.start_year, horizon.start_month));
      }
      if (src == &population) {
        out.regions[r].cyclone_event_month = month;
        out.regions[r].cyclone_event_day = date.day;
      }
      for (const std::size_t i : members) {
        shocks::SectorDamage d;
        d.damage_ratio_share = dr;
        d.affected_share = std::max(dr, std::min(1.0, hit_sum(ri) / full(ri)));
        d.rebuild_class = shocks::default_rebuild_class_for_section(sectors[i].gb_section, where);
        d.event_month_index = month;
        d.event_day = date.day;
        out.regions[r].cyclone[i] = d;
      }
    }
  }
  out.notes.push_back(
      "tropical cyclone: storm " + c.storm_id + " of " + file_name(c.track_file) + " (" +
      std::to_string(in.track.points.size()) + " fixes, " +
      core::iso_date(in.track.points.front().time) + " to " +
      core::iso_date(in.track.points.back().time) +
      "); Holland 1980 wind on the exposure grid; Emanuel damage with v_thresh " +
      fmt("%.1f", c.v_thresh_m_s) + " m/s, v_half " + fmt("%.1f", in.v_half_m_s) +
      " m/s; damage ratio (population-weighted): " + top_regions(regs, dr_region, "%.4f"));
  if (!(dr_region.maxCoeff() > 0.0)) {
    out.notes.push_back("tropical cyclone: storm " + c.storm_id +
                        " brings no cell with people "
                        "above v_thresh in any region; it adds no damage");
  }
}

/// Area-weighted regional means (regions × steps) of a monthly field. Farmland, not people,
/// receives the rain, so the weights are areas.
Eigen::MatrixXd regional_monthly(const hazards::HazardField& field,
                                 const std::vector<regions::Region>& regs,
                                 const AggregationOptions& opt, const std::string& what,
                                 int required_step = -1) {
  const auto w = weights_for(regs, field.grid(), nullptr, opt, nullptr, what);
  const std::size_t nt = field.n_times();
  Eigen::MatrixXd means(w.w.rows(), static_cast<Eigen::Index>(nt));
  const std::size_t per_step = std::max<std::size_t>(1, field.grid().ncells() * sizeof(double) * 2);
  const std::size_t block = std::max<std::size_t>(1, opt.memory_budget_bytes / per_step);
  for (std::size_t t0 = 0; t0 < nt; t0 += block) {
    const std::size_t n = std::min(block, nt - t0);
    means.middleCols(static_cast<Eigen::Index>(t0), static_cast<Eigen::Index>(n)) =
        regions::weighted_mean(w, field.read_block(t0, n));
  }
  const std::string where = field.path() + ": variable " + field.variable();
  const auto& dates = field.time().dates;
  // Missing months are allowed (an SPI-k file starts with k − 1 of them; SPI and SPEI skip
  // missing sums), except at the step the run needs.
  for (Eigen::Index r = 0; required_step >= 0 && r < means.rows(); ++r) {
    if (!std::isfinite(means(r, required_step))) {
      throw InputError(
          where + ": region " + regs[static_cast<std::size_t>(r)].code + " has no valid cell at " +
          core::iso_date(dates[static_cast<std::size_t>(required_step)]).substr(0, 10));
    }
  }
  for (Eigen::Index t = 0; t < means.cols(); ++t) {
    for (Eigen::Index r = 0; r < means.rows(); ++r) {
      if (std::isinf(means(r, t))) {
        throw InputError(where + ": region " + regs[static_cast<std::size_t>(r)].code +
                         ": infinite value at " +
                         core::iso_date(dates[static_cast<std::size_t>(t)]).substr(0, 10));
      }
    }
  }
  return means;
}

/// Regional monthly totals in mm of a precipitation or evapotranspiration field: amounts
/// convert directly, rates are multiplied by the month's seconds.
Eigen::MatrixXd regional_monthly_mm(const hazards::HazardField& field,
                                    const std::vector<regions::Region>& regs,
                                    const AggregationOptions& opt, const std::string& what) {
  Eigen::MatrixXd means = regional_monthly(field, regs, opt, what);
  const std::string where = field.path() + ": variable " + field.variable();
  bool amount = false;
  const hazards::UnitConverter conv = water_converter(field.units(), where, amount);
  const auto& dates = field.time().dates;
  for (Eigen::Index t = 0; t < means.cols(); ++t) {
    const auto& dt = dates[static_cast<std::size_t>(t)];
    const double seconds = amount ? 1.0 : 86400.0 * shocks::days_in_month(dt.year, dt.month);
    for (Eigen::Index r = 0; r < means.rows(); ++r) {
      if (std::isnan(means(r, t))) continue;
      const double mm = conv(means(r, t)) * seconds;
      if (!(mm >= 0.0)) {
        throw InputError(where + ": region " + regs[static_cast<std::size_t>(r)].code +
                         ": negative " + what + " " + fmt("%g", mm) + " mm at " +
                         core::iso_date(dt).substr(0, 10));
      }
      means(r, t) = mm;
    }
  }
  return means;
}

void drought_index(const Scenario& s, const HazardInputs& in,
                   const std::vector<regions::Region>& regs, const Horizon& horizon,
                   const AggregationOptions& opt, AggregatedHazards& out) {
  const auto& d = s.drought;
  const auto& field = *in.drought_field;
  const auto& dates = field.time().dates;
  const std::size_t nt = field.n_times();
  const int at_harvest =
      core::months_between(dates.front().year, dates.front().month, d.event_year, d.harvest_month);
  const int month = horizon.index_of(d.event_year, d.harvest_month);
  Eigen::VectorXd deficit = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(regs.size()));
  std::string failed;
  const std::string name =
      d.input == "index" ? field.variable()
                         : (d.index == "spei" ? "SPEI-" : "SPI-") + std::to_string(d.scale_months);
  if (d.input == "index") {
    // The file holds the index itself: its regional mean at the harvest month.
    const Eigen::MatrixXd idx = regional_monthly(field, regs, opt, "drought index", at_harvest);
    for (std::size_t r = 0; r < regs.size(); ++r) {
      const double v = idx(static_cast<Eigen::Index>(r), at_harvest);
      out.regions[r].drought_index = v;
      out.regions[r].drought_month_index = month;
      deficit(static_cast<Eigen::Index>(r)) = -v;
    }
  } else {
    const Eigen::MatrixXd p = regional_monthly_mm(field, regs, opt, "precipitation");
    Eigen::MatrixXd pet;
    if (d.index == "spei")
      pet = regional_monthly_mm(*in.pet_field, regs, opt, "evapotranspiration");
    shocks::StandardIndexSettings st;
    st.scale_months = d.scale_months;
    st.baseline =
        shocks::baseline_years(dates.front().year, dates.front().month, static_cast<int>(nt),
                               d.baseline_first_year, d.baseline_last_year);
    for (std::size_t r = 0; r < regs.size(); ++r) {
      const auto ri = static_cast<Eigen::Index>(r);
      std::vector<double> series(nt);
      for (std::size_t t = 0; t < nt; ++t) series[t] = p(ri, static_cast<Eigen::Index>(t));
      double idx = 0.0;
      std::string reason;
      if (d.index == "spei") {
        std::vector<double> e(nt);
        for (std::size_t t = 0; t < nt; ++t) e[t] = pet(ri, static_cast<Eigen::Index>(t));
        const auto res =
            shocks::spei(shocks::water_balance_mm_per_month(series, e), dates.front().month, st);
        idx = res.index[static_cast<std::size_t>(at_harvest)];
        reason = shocks::fit_status_reason(
            res.fits[static_cast<std::size_t>(d.harvest_month - 1)].status);
      } else {
        const auto res = shocks::spi(series, dates.front().month, st);
        idx = res.index[static_cast<std::size_t>(at_harvest)];
        reason = shocks::fit_status_reason(
            res.fits[static_cast<std::size_t>(d.harvest_month - 1)].status);
      }
      out.regions[r].drought_index = idx;
      out.regions[r].drought_month_index = month;
      if (std::isnan(idx)) {
        failed += (failed.empty() ? "" : ", ") + regs[r].code + " (" + reason + ")";
      } else {
        deficit(ri) = -idx;
      }
    }
  }
  out.notes.push_back(
      "drought: " + name + " ending " + core::year_month(d.event_year, d.harvest_month) + " from " +
      file_name(field.path()) +
      (d.input == "index" ? std::string(" (read as an index; area-weighted provincial means)")
                          : " (area-weighted provincial means, fitted over " +
                                std::to_string(d.baseline_first_year) + "-" +
                                std::to_string(d.baseline_last_year) + ")") +
      "; driest provinces (index shown with its sign reversed): " +
      top_regions(regs, deficit, "%.2f"));
  if (!failed.empty()) out.notes.push_back("drought: no index (no farm-income loss) for " + failed);
}

}  // namespace

AggregatedHazards aggregate_hazards(const Scenario& s, const HazardInputs& in,
                                    const std::vector<SectorRow>& sectors,
                                    const std::vector<regions::Region>& regs,
                                    const regions::Raster& exposure, const Horizon& horizon,
                                    const AggregationOptions& opt) {
  AggregatedHazards out;
  out.regions.resize(regs.size());
  if (s.has_hazard("heat")) heat_series(s, in, regs, exposure, opt, out);
  if (s.has_hazard("flood")) flood_damage(s, in, sectors, regs, exposure, horizon, opt, out);
  if (s.has_hazard("tropical_cyclone"))
    cyclone_damage(s, in, sectors, regs, exposure, horizon, opt, out);
  if (s.has_hazard("drought")) {
    drought_index(s, in, regs, horizon, opt, out);
    std::size_t with_crops = 0;
    for (std::size_t r = 0; r < regs.size(); ++r) {
      auto it = in.crops.find(regs[r].code);
      if (it == in.crops.end()) continue;
      out.regions[r].crops = it->second.first;
      out.regions[r].rural_income_cny_per_person_year = it->second.second;
      ++with_crops;
    }
    if (!s.drought.crops_file.empty()) {
      out.notes.push_back("drought: crop table " + file_name(s.drought.crops_file) + " for " +
                          std::to_string(with_crops) + " of " + std::to_string(regs.size()) +
                          " regions; the others use the farm earnings of agricultural workers");
    }
  }
  // Compound rule: a sector hit by both keeps the event with the larger damage ratio, so no
  // capacity is lost twice (docs/methodology-compound.md).
  std::size_t both = 0;
  for (auto& rh : out.regions) {
    for (std::size_t i = 0; i < rh.flood.size() && i < rh.cyclone.size(); ++i) {
      auto& f = rh.flood[i];
      auto& c = rh.cyclone[i];
      if (!f || !c) continue;
      ++both;
      if (f->damage_ratio_share >= c->damage_ratio_share) {
        c.reset();
      } else {
        f.reset();
      }
    }
  }
  if (both > 0) {
    out.notes.push_back("compound: " + std::to_string(both) +
                        " province-sectors hit by both the flood and the cyclone keep the event "
                        "with the larger damage ratio");
  }
  return out;
}

}  // namespace spstress::scenarios::detail

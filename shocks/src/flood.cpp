#include "spstress/shocks/flood.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <sstream>
#include <string>
#include <utility>

#include "spstress/core/error.hpp"

namespace spstress::shocks {

namespace {

std::string number(double x) {
  std::ostringstream os;
  os.precision(10);
  os << x;
  return os.str();
}

std::string prefix(std::string_view where) { return std::string(where) + ": "; }

/// A share that is a ratio of sums of non-negative numbers may exceed its bound by rounding.
constexpr double share_slack = 1e-12;

/// Shared depth check of every curve: returns true when the depth is a missing cell (NaN).
/// Written so that only NaN reaches the missing branch and every other bad value throws.
bool depth_is_missing(double depth_m, std::string_view where, const std::string& cell) {
  if (std::isnan(depth_m)) return true;
  if (!(depth_m >= 0.0)) {
    throw InputError(prefix(where) + cell + "depth " + number(depth_m) +
                     " m is negative; expected >= 0 m (0 is dry; a missing cell must be NaN)");
  }
  if (!std::isfinite(depth_m)) {
    throw InputError(prefix(where) + cell + "depth " + number(depth_m) +
                     " m is not finite; expected a finite depth >= 0 m or NaN for a missing cell");
  }
  return false;
}

double interpolate(const DepthDamageCurve& curve, double depth_m) {
  const std::vector<double>& d = curve.depths_m();
  const std::vector<double>& r = curve.damage_ratios_share();
  // The constructor guarantees d[0] == 0 with r[0] == 0, so the dry case needs no branch of its
  // own: depth 0 lands on the first point.
  const auto hi = std::upper_bound(d.begin(), d.end(), depth_m);
  if (hi == d.end()) return r.back();
  const auto i = static_cast<std::size_t>(hi - d.begin());  // >= 1 because depth_m >= d[0] = 0
  const double w = (depth_m - d[i - 1]) / (d[i] - d[i - 1]);
  return r[i - 1] + w * (r[i] - r[i - 1]);
}

/// The fits of docs/model.md §2.1 for x > 0 m, clipped to [0, 1] as in their source.
double fitted(FittedAsiaCurve curve, double x) {
  switch (curve) {
    case FittedAsiaCurve::BuiltUp:
      return std::clamp(
          1.267385 + (0.002553797 - 1.267385) / (1.0 + std::pow(x / 1.511393, 1.011526)), 0.0, 1.0);
    case FittedAsiaCurve::Agriculture:
      return std::clamp(1.672909 * x / (3.917017 + x), 0.0, 1.0);
  }
  throw InternalError("fitted_asia_damage_ratio_share: unknown FittedAsiaCurve value " +
                      std::to_string(static_cast<int>(curve)));
}

std::string cell_label(std::size_t i) { return "cell " + std::to_string(i) + ": "; }

template <typename F>
std::vector<double> map_depths(const std::vector<double>& depths_m, std::string_view where, F f) {
  std::vector<double> out(depths_m.size());
  for (std::size_t i = 0; i < depths_m.size(); ++i) {
    const double x = depths_m[i];
    out[i] = depth_is_missing(x, where, cell_label(i)) ? x : (x == 0.0 ? 0.0 : f(x));
  }
  return out;
}

template <typename F>
Eigen::VectorXd map_depths(const Eigen::VectorXd& depths_m, std::string_view where, F f) {
  Eigen::VectorXd out(depths_m.size());
  for (Eigen::Index i = 0; i < depths_m.size(); ++i) {
    const double x = depths_m[i];
    out[i] = depth_is_missing(x, where, cell_label(static_cast<std::size_t>(i)))
                 ? x
                 : (x == 0.0 ? 0.0 : f(x));
  }
  return out;
}

char checked_section(char gb_section, std::string_view where) {
  if (!(gb_section >= 'A' && gb_section <= 'T')) {
    throw InputError(prefix(where) + "GB/T 4754-2017 section '" + std::string(1, gb_section) +
                     "' is unknown; expected one capital letter A to T");
  }
  return gb_section;
}

void check_finite_argument(const char* function, const char* name, double x) {
  if (!std::isfinite(x)) {
    throw InputError(std::string(function) + ": " + name + " = " + number(x) +
                     "; expected a finite number");
  }
}

void check_event(const FloodEvent& event, std::string_view where) {
  const std::string p = prefix(where) + "flood event: ";
  if (event.month_lengths_days.empty()) {
    throw InputError(p + "the horizon has no months; expected at least one month length");
  }
  for (std::size_t m = 0; m < event.month_lengths_days.size(); ++m) {
    const int len = event.month_lengths_days[m];
    if (!(len >= 1 && len <= 31)) {
      throw InputError(p + "month_lengths_days[" + std::to_string(m) +
                       "] = " + std::to_string(len) + "; expected 1 to 31 days");
    }
  }
  const auto months = static_cast<int>(event.month_lengths_days.size());
  if (!(event.event_month_index >= 0 && event.event_month_index < months)) {
    throw InputError(p + "event_month_index = " + std::to_string(event.event_month_index) +
                     "; expected 0 to " + std::to_string(months - 1) + " (a month of the horizon)");
  }
  const int len = event.month_lengths_days[static_cast<std::size_t>(event.event_month_index)];
  if (!(event.event_day >= 1 && event.event_day <= len)) {
    throw InputError(p + "event_day = " + std::to_string(event.event_day) + "; expected 1 to " +
                     std::to_string(len) + " (the event month has " + std::to_string(len) +
                     " days)");
  }
}

/// Days from the start of the horizon to 00:00 of the event day (check_event() first).
double event_start_days(const FloodEvent& event) {
  double days = event.event_day - 1.0;
  for (int m = 0; m < event.event_month_index; ++m) {
    days += event.month_lengths_days[static_cast<std::size_t>(m)];
  }
  return days;
}

template <typename Vec>
CellDamageSummary summarise(const Vec& dr, const Vec& w, std::size_t n_dr, std::size_t n_w,
                            std::string_view where) {
  if (n_dr != n_w) {
    throw InputError(prefix(where) + "damage ratios and exposure have different lengths (" +
                     std::to_string(n_dr) + " and " + std::to_string(n_w) +
                     " cells); expected one weight per cell");
  }
  double total_w = 0.0;
  double valid_w = 0.0;
  double affected_w = 0.0;
  double damage_w = 0.0;
  for (std::size_t i = 0; i < n_dr; ++i) {
    const double wi = w[static_cast<decltype(w.size())>(i)];
    const double ri = dr[static_cast<decltype(dr.size())>(i)];
    if (!(wi >= 0.0 && std::isfinite(wi))) {
      throw InputError(prefix(where) + cell_label(i) + "exposure " + number(wi) +
                       "; expected a finite number >= 0");
    }
    total_w += wi;
    if (std::isnan(ri)) continue;
    if (!(ri >= 0.0 && ri <= 1.0)) {
      throw InputError(prefix(where) + cell_label(i) + "damage ratio " + number(ri) +
                       "; expected a share in [0, 1] or NaN for a missing cell");
    }
    valid_w += wi;
    damage_w += wi * ri;
    if (ri > 0.0) affected_w += wi;
  }
  CellDamageSummary s;
  if (total_w == 0.0) return s;  // nothing exposed: no damage, nothing missing
  s.missing_exposure_share = (total_w - valid_w) / total_w;
  if (valid_w == 0.0) {
    s.damage_ratio_share = std::nan("");
    s.affected_share = std::nan("");
    s.missing_exposure_share = 1.0;
    return s;
  }
  s.damage_ratio_share = damage_w / valid_w;
  s.affected_share = affected_w / valid_w;
  return s;
}

double rebuild_days(const FloodSettings& s, RebuildClass c) {
  switch (c) {
    case RebuildClass::CommercialServices:
      return s.t_rebuild_services_days;
    case RebuildClass::Industrial:
      return s.t_rebuild_industrial_days;
  }
  throw InternalError("flood_sector_losses: unknown RebuildClass value " +
                      std::to_string(static_cast<int>(c)));
}

void check_sector(const FloodSector& s, std::string_view where) {
  const std::string p = prefix(where) + "sector '" + s.id + "': ";
  const auto non_negative = [&](const char* field, double x) {
    if (!(x >= 0.0 && std::isfinite(x))) {
      throw InputError(p + field + " = " + number(x) + "; expected a finite number >= 0");
    }
  };
  if (!(s.damage_ratio_share >= 0.0 && s.damage_ratio_share <= 1.0)) {
    throw InputError(p + "damage_ratio_share = " + number(s.damage_ratio_share) +
                     "; expected a share in [0, 1]");
  }
  if (!(s.affected_share >= 0.0 && s.affected_share <= 1.0)) {
    throw InputError(p + "affected_share = " + number(s.affected_share) +
                     "; expected a share in [0, 1]");
  }
  if (!(s.damage_ratio_share <= s.affected_share * (1.0 + share_slack))) {
    throw InputError(p + "affected_share = " + number(s.affected_share) +
                     " is below damage_ratio_share = " + number(s.damage_ratio_share) +
                     "; expected affected_share >= damage_ratio_share (no asset loses more "
                     "than all of its value)");
  }
  if (s.asset_value_cny) non_negative("asset_value_cny", *s.asset_value_cny);
  non_negative("value_added_cny_per_year", s.value_added_cny_per_year);
  non_negative("output_cny_per_year", s.output_cny_per_year);
  non_negative("employed_persons", s.employed_persons);
}

}  // namespace

// ---------------------------------------------------------------------------------------------

DepthDamageCurve::DepthDamageCurve(std::string name, std::vector<double> depths_m,
                                   std::vector<double> damage_ratios_share, std::string_view where)
    : name_(std::move(name)),
      depths_m_(std::move(depths_m)),
      damage_ratios_share_(std::move(damage_ratios_share)) {
  if (name_.empty()) throw InputError(prefix(where) + "depth-damage curve with an empty name");
  const std::string p = prefix(where) + "curve '" + name_ + "': ";
  const std::vector<double>& d = depths_m_;
  const std::vector<double>& r = damage_ratios_share_;
  if (d.size() != r.size()) {
    throw InputError(p + std::to_string(d.size()) + " depths but " + std::to_string(r.size()) +
                     " damage ratios; expected one ratio per depth");
  }
  if (d.size() < 2) {
    throw InputError(p + std::to_string(d.size()) +
                     " point(s); expected at least 2 (0 m and a positive depth)");
  }
  if (!(d[0] == 0.0)) {
    throw InputError(p + "first depth is " + number(d[0]) + " m; expected 0 m");
  }
  for (std::size_t i = 0; i < d.size(); ++i) {
    if (!std::isfinite(d[i])) {
      throw InputError(p + "depth " + number(d[i]) + " m at point " + std::to_string(i + 1) +
                       "; expected a finite depth");
    }
    if (i > 0 && !(d[i] > d[i - 1])) {
      throw InputError(p + "depth " + number(d[i]) + " m at point " + std::to_string(i + 1) +
                       " is not greater than the previous depth " + number(d[i - 1]) +
                       " m; expected strictly increasing depths");
    }
    if (!(r[i] >= 0.0 && r[i] <= 1.0)) {
      throw InputError(p + "damage ratio " + number(r[i]) + " at depth " + number(d[i]) +
                       " m is outside [0, 1]; expected a share of the asset value");
    }
    if (i > 0 && !(r[i] >= r[i - 1])) {
      throw InputError(p + "damage ratio " + number(r[i]) + " at depth " + number(d[i]) +
                       " m is below " + number(r[i - 1]) + " at depth " + number(d[i - 1]) +
                       " m; expected non-decreasing damage ratios");
    }
  }
  if (!(r[0] == 0.0)) {
    throw InputError(p + "damage ratio at 0 m is " + number(r[0]) +
                     "; expected 0 (a dry cell takes no damage)");
  }
}

std::vector<DepthDamageCurve> depth_damage_curves_from_rows(const std::vector<DepthDamageRow>& rows,
                                                            std::string_view where) {
  std::vector<std::string> names;
  std::vector<std::pair<std::vector<double>, std::vector<double>>> points;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const DepthDamageRow& row = rows[i];
    if (row.curve.empty()) {
      throw InputError(prefix(where) + "data row " + std::to_string(i + 1) +
                       ": curve name is empty; expected a name such as 'residential'");
    }
    const auto it = std::find(names.begin(), names.end(), row.curve);
    const auto k = static_cast<std::size_t>(it - names.begin());
    if (it == names.end()) {
      names.push_back(row.curve);
      points.emplace_back();
    }
    points[k].first.push_back(row.depth_m);
    points[k].second.push_back(row.damage_ratio_share);
  }
  std::vector<DepthDamageCurve> curves;
  curves.reserve(names.size());
  for (std::size_t k = 0; k < names.size(); ++k) {
    curves.emplace_back(names[k], std::move(points[k].first), std::move(points[k].second), where);
  }
  return curves;
}

const DepthDamageCurve* find_depth_damage_curve(const std::vector<DepthDamageCurve>& curves,
                                                std::string_view name) {
  for (const DepthDamageCurve& c : curves) {
    if (c.name() == name) return &c;
  }
  return nullptr;
}

double damage_ratio_share(const DepthDamageCurve& curve, double depth_m, std::string_view where) {
  if (depth_is_missing(depth_m, where, "")) return depth_m;
  return interpolate(curve, depth_m);
}

std::vector<double> damage_ratios(const DepthDamageCurve& curve,
                                  const std::vector<double>& depths_m, std::string_view where) {
  return map_depths(depths_m, where, [&](double x) { return interpolate(curve, x); });
}

Eigen::VectorXd damage_ratios(const DepthDamageCurve& curve, const Eigen::VectorXd& depths_m,
                              std::string_view where) {
  return map_depths(depths_m, where, [&](double x) { return interpolate(curve, x); });
}

double fitted_asia_damage_ratio_share(FittedAsiaCurve curve, double depth_m,
                                      std::string_view where) {
  if (depth_is_missing(depth_m, where, "")) return depth_m;
  // The built-up fit is 0.0026 at 0 m; a dry cell is undamaged whatever the fit says.
  if (depth_m == 0.0) return 0.0;
  return fitted(curve, depth_m);
}

std::vector<double> damage_ratios(FittedAsiaCurve curve, const std::vector<double>& depths_m,
                                  std::string_view where) {
  return map_depths(depths_m, where, [&](double x) { return fitted(curve, x); });
}

Eigen::VectorXd damage_ratios(FittedAsiaCurve curve, const Eigen::VectorXd& depths_m,
                              std::string_view where) {
  return map_depths(depths_m, where, [&](double x) { return fitted(curve, x); });
}

FittedAsiaCurve fitted_asia_fallback(std::string_view curve_name, std::string_view where) {
  if (curve_name == flood_curve_residential || curve_name == flood_curve_commercial ||
      curve_name == flood_curve_industrial) {
    return FittedAsiaCurve::BuiltUp;
  }
  if (curve_name == flood_curve_agriculture) return FittedAsiaCurve::Agriculture;
  throw InputError(prefix(where) + "no fitted fallback for depth-damage curve '" +
                   std::string(curve_name) +
                   "'; expected residential, commercial, industrial or agriculture");
}

CellDamageSummary summarise_cell_damage(const Eigen::VectorXd& damage_ratio_per_cell,
                                        const Eigen::VectorXd& exposure_per_cell,
                                        std::string_view where) {
  return summarise(damage_ratio_per_cell, exposure_per_cell,
                   static_cast<std::size_t>(damage_ratio_per_cell.size()),
                   static_cast<std::size_t>(exposure_per_cell.size()), where);
}

CellDamageSummary summarise_cell_damage(const std::vector<double>& damage_ratio_per_cell,
                                        const std::vector<double>& exposure_per_cell,
                                        std::string_view where) {
  return summarise(damage_ratio_per_cell, exposure_per_cell, damage_ratio_per_cell.size(),
                   exposure_per_cell.size(), where);
}

// ---------------------------------------------------------------------------------------------

std::string default_flood_curve_for_section(char gb_section, std::string_view where) {
  const char s = checked_section(gb_section, where);
  if (s == 'A') return std::string(flood_curve_agriculture);
  if (s <= 'E') return std::string(flood_curve_industrial);
  return std::string(flood_curve_commercial);
}

std::string flood_curve_for_section(char gb_section, const std::map<char, std::string>& overrides,
                                    std::string_view where) {
  const char s = checked_section(gb_section, where);
  const auto it = overrides.find(s);
  if (it != overrides.end()) return it->second;
  return default_flood_curve_for_section(s, where);
}

RebuildClass default_rebuild_class_for_section(char gb_section, std::string_view where) {
  const char s = checked_section(gb_section, where);
  return (s >= 'B' && s <= 'E') ? RebuildClass::Industrial : RebuildClass::CommercialServices;
}

// ---------------------------------------------------------------------------------------------

double initial_capacity_loss_share(double damage_cny, double capital_cny) {
  constexpr const char* f = "initial_capacity_loss_share";
  check_finite_argument(f, "damage_cny", damage_cny);
  check_finite_argument(f, "capital_cny", capital_cny);
  if (!(damage_cny >= 0.0)) {
    throw InputError(std::string(f) + ": damage_cny = " + number(damage_cny) + "; expected >= 0");
  }
  if (!(capital_cny >= 0.0)) {
    throw InputError(std::string(f) + ": capital_cny = " + number(capital_cny) + "; expected >= 0");
  }
  if (damage_cny == 0.0) return 0.0;
  if (capital_cny == 0.0) {
    throw InputError(std::string(f) + ": damage_cny = " + number(damage_cny) +
                     " with capital_cny = 0; expected no damage where there is no capital");
  }
  // Damage counted on an asset base wider than K (e.g. an external exposure layer) can exceed
  // K; capacity cannot fall below zero.
  return std::min(1.0, damage_cny / capital_cny);
}

double business_interruption_days(double damage_ratio_share, double t_clean_days,
                                  double t_rebuild_days) {
  constexpr const char* f = "business_interruption_days";
  if (!(damage_ratio_share >= 0.0 && damage_ratio_share <= 1.0)) {
    throw InputError(std::string(f) + ": damage_ratio_share = " + number(damage_ratio_share) +
                     "; expected a share in [0, 1]");
  }
  check_finite_argument(f, "t_clean_days", t_clean_days);
  check_finite_argument(f, "t_rebuild_days", t_rebuild_days);
  if (!(t_clean_days > 0.0)) {
    throw InputError(std::string(f) + ": t_clean_days = " + number(t_clean_days) +
                     "; expected > 0");
  }
  if (!(t_rebuild_days >= 0.0)) {
    throw InputError(std::string(f) + ": t_rebuild_days = " + number(t_rebuild_days) +
                     "; expected >= 0");
  }
  return t_clean_days + damage_ratio_share * t_rebuild_days;
}

double recovery_time_constant_days(double business_interruption_days) {
  if (!(business_interruption_days >= 0.0 && std::isfinite(business_interruption_days))) {
    throw InputError("recovery_time_constant_days: business_interruption_days = " +
                     number(business_interruption_days) + "; expected a finite number >= 0");
  }
  return business_interruption_days / 3.0;
}

double capacity_loss_days(double initial_capacity_loss_share, double tau_days, double from_days,
                          double to_days) {
  constexpr const char* f = "capacity_loss_days";
  if (!(initial_capacity_loss_share >= 0.0 && initial_capacity_loss_share <= 1.0)) {
    throw InputError(std::string(f) + ": initial_capacity_loss_share = " +
                     number(initial_capacity_loss_share) + "; expected a share in [0, 1]");
  }
  if (!(tau_days >= 0.0)) {
    throw InputError(std::string(f) + ": tau_days = " + number(tau_days) + "; expected >= 0");
  }
  if (!(from_days <= to_days)) {
    throw InputError(std::string(f) + ": from_days = " + number(from_days) +
                     ", to_days = " + number(to_days) + "; expected from_days <= to_days");
  }
  const double a = std::max(from_days, 0.0);
  if (!(to_days > a) || initial_capacity_loss_share == 0.0 || tau_days == 0.0) return 0.0;
  // Δ0 τ (e^(−a/τ) − e^(−b/τ)) = Δ0 τ e^(−a/τ) (1 − e^(−(b−a)/τ)); expm1 keeps short spans
  // exact, and b = ∞ (the loss after the horizon) gives 1 − e^(−∞) = 1 exactly.
  return initial_capacity_loss_share * tau_days * std::exp(-a / tau_days) *
         -std::expm1(-(to_days - a) / tau_days);
}

std::vector<double> monthly_capacity_loss_days(double initial_capacity_loss_share, double tau_days,
                                               const FloodEvent& event, std::string_view where) {
  check_event(event, where);
  const double event_days = event_start_days(event);
  std::vector<double> out(event.month_lengths_days.size(), 0.0);
  double month_start_days = 0.0;
  for (std::size_t m = 0; m < out.size(); ++m) {
    const double month_end_days = month_start_days + event.month_lengths_days[m];
    if (month_end_days > event_days) {
      out[m] = capacity_loss_days(initial_capacity_loss_share, tau_days,
                                  month_start_days - event_days, month_end_days - event_days);
    }
    month_start_days = month_end_days;
  }
  return out;
}

void validate_flood_settings(const FloodSettings& s, std::string_view where) {
  const std::string p = prefix(where) + "flood settings: ";
  const auto check = [&](const char* field, double x, bool ok, const char* expected) {
    if (!(ok && std::isfinite(x))) {
      throw InputError(p + field + " = " + number(x) + "; expected " + expected);
    }
  };
  check("capital_to_value_added_years", s.capital_to_value_added_years,
        s.capital_to_value_added_years > 0.0, "a number > 0 (docs/model.md default 4)");
  check("t_clean_days", s.t_clean_days, s.t_clean_days > 0.0, "a number of days > 0");
  check("t_rebuild_services_days", s.t_rebuild_services_days, s.t_rebuild_services_days >= 0.0,
        "a number of days >= 0");
  check("t_rebuild_industrial_days", s.t_rebuild_industrial_days,
        s.t_rebuild_industrial_days >= 0.0, "a number of days >= 0");
  check("employment_elasticity", s.employment_elasticity,
        s.employment_elasticity >= 0.0 && s.employment_elasticity <= 1.0,
        "a value in [0, 1] (docs/model.md range 0.3-0.8)");
}

std::vector<FloodSectorLoss> flood_sector_losses(const std::vector<FloodSector>& sectors,
                                                 const FloodSettings& settings,
                                                 const FloodEvent& event, std::string_view where) {
  validate_flood_settings(settings, where);
  check_event(event, where);
  for (const FloodSector& s : sectors) check_sector(s, where);

  double horizon_days = 0.0;
  for (int len : event.month_lengths_days) horizon_days += len;
  const double days_after_event = horizon_days - event_start_days(event);
  const std::size_t n_months = event.month_lengths_days.size();

  std::vector<FloodSectorLoss> out;
  out.reserve(sectors.size());
  for (const FloodSector& s : sectors) {
    FloodSectorLoss loss;
    loss.id = s.id;
    loss.months.assign(n_months, FloodMonthLoss{});
    const double capital_cny = settings.capital_to_value_added_years * s.value_added_cny_per_year;
    loss.damage_cny = s.damage_ratio_share * s.asset_value_cny.value_or(capital_cny);
    if (loss.damage_cny == 0.0) {
      out.push_back(std::move(loss));  // nothing damaged: no establishment is interrupted
      continue;
    }
    if (capital_cny == 0.0) {
      throw InputError(prefix(where) + "sector '" + s.id + "': damage of " +
                       number(loss.damage_cny) +
                       " CNY but value_added_cny_per_year = 0, so no capital to lose; expected "
                       "a positive value added where assets are damaged");
    }
    loss.initial_capacity_loss_share = initial_capacity_loss_share(loss.damage_cny, capital_cny);
    // damage_cny > 0 implies DR > 0, hence affected_share > 0 (checked: DR <= affected).
    const double affected_dr = std::min(1.0, s.damage_ratio_share / s.affected_share);
    loss.business_interruption_days = business_interruption_days(
        affected_dr, settings.t_clean_days, rebuild_days(settings, s.rebuild_class));
    loss.recovery_time_constant_days = recovery_time_constant_days(loss.business_interruption_days);

    const std::vector<double> days = monthly_capacity_loss_days(
        loss.initial_capacity_loss_share, loss.recovery_time_constant_days, event, where);
    const double output_cny_per_day = s.output_cny_per_year / 365.0;
    for (std::size_t m = 0; m < n_months; ++m) {
      FloodMonthLoss& month = loss.months[m];
      month.capacity_loss_share = days[m] / event.month_lengths_days[m];
      month.output_loss_cny = days[m] * output_cny_per_day;
      month.job_equivalent_loss_persons =
          settings.employment_elasticity * s.employed_persons * month.capacity_loss_share;
    }
    loss.output_loss_after_horizon_cny =
        capacity_loss_days(loss.initial_capacity_loss_share, loss.recovery_time_constant_days,
                           days_after_event, std::numeric_limits<double>::infinity()) *
        output_cny_per_day;
    out.push_back(std::move(loss));
  }
  return out;
}

}  // namespace spstress::shocks

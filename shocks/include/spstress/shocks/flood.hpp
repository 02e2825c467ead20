#pragma once
/// Floods: depth-damage curves (docs/model.md §2.1) and the path from capital damage to lost
/// production and jobs (§2.2, §5, §6). Pure code over plain numbers: no files, no JSON. The JRC
/// table lives in data/parameters/depth_damage_jrc_asia.csv; scenarios/ reads it and hands the
/// rows to depth_damage_curves_from_rows(). Equations, sources and defaults:
/// docs/methodology-flood.md.
///
/// Depth-damage curves are strongly concave, so the damage ratio of a region is the
/// exposure-weighted mean of DR(depth) over its cells, never DR of the mean depth (a cell at 0 m
/// and one at 2 m give (0 + 0.7207)/2 = 0.36 on the residential curve, DR(1 m) = 0.49). Callers
/// therefore map depth to a damage ratio cell by cell (damage_ratios()) and aggregate the ratios
/// (summarise_cell_damage(), or the regions' weights applied to the ratio field).
///
/// Depth convention: metres of water above ground; 0 is dry and takes no damage; NaN is a missing
/// cell and gives NaN (left out when aggregating); a negative or infinite depth is invalid input
/// (InputError naming `where`): nodata fill values must be decoded to NaN upstream, and a water
/// level below ground is not a flood depth.

#include <Eigen/Core>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace spstress::shocks {

// ---------------------------------------------------------------------------------------------
// Depth-damage curves (§2.1)

/// A piecewise-linear depth-damage curve. The constructor guarantees: a non-empty name, at least
/// two points, depths finite and strictly increasing from exactly 0 m, damage ratios in [0, 1],
/// non-decreasing, and 0 at 0 m (a dry cell takes no damage).
class DepthDamageCurve {
 public:
  /// Throws InputError starting with `where` (a file name or JSON path) and naming the curve,
  /// the offending point and what was expected.
  DepthDamageCurve(std::string name, std::vector<double> depths_m,
                   std::vector<double> damage_ratios_share, std::string_view where);

  const std::string& name() const { return name_; }
  const std::vector<double>& depths_m() const { return depths_m_; }
  const std::vector<double>& damage_ratios_share() const { return damage_ratios_share_; }

 private:
  std::string name_;
  std::vector<double> depths_m_;
  std::vector<double> damage_ratios_share_;
};

/// One row of a depth-damage table (one point of one curve), as scenarios/ reads it.
struct DepthDamageRow {
  std::string curve;                ///< curve name, e.g. "residential"
  double depth_m = 0.0;             ///< water depth above ground (m)
  double damage_ratio_share = 0.0;  ///< damage as a share of the asset value (0..1)
};

/// Groups rows by curve name (curves in order of first appearance; a curve's points in row
/// order, which must be strictly increasing in depth) and builds each curve. Throws InputError
/// starting with `where` for an empty curve name ("data row N", 1-based, header not counted)
/// or for any curve the DepthDamageCurve constructor rejects.
std::vector<DepthDamageCurve> depth_damage_curves_from_rows(const std::vector<DepthDamageRow>& rows,
                                                            std::string_view where);

/// The curve called `name`, or nullptr (so that the caller can fall back on a fitted curve).
const DepthDamageCurve* find_depth_damage_curve(const std::vector<DepthDamageCurve>& curves,
                                                std::string_view name);

/// DR(depth) by linear interpolation between the curve's points. depth == 0 gives 0, a depth
/// beyond the last point gives the last ratio, NaN gives NaN. Throws InputError starting with
/// `where` for a negative or infinite depth.
double damage_ratio_share(const DepthDamageCurve& curve, double depth_m, std::string_view where);

/// DR per cell, same length and order as `depths_m`; NaN cells stay NaN. Throws InputError
/// starting with `where` and naming the cell index (0-based) for a negative or infinite depth.
std::vector<double> damage_ratios(const DepthDamageCurve& curve,
                                  const std::vector<double>& depths_m, std::string_view where);
Eigen::VectorXd damage_ratios(const DepthDamageCurve& curve, const Eigen::VectorXd& depths_m,
                              std::string_view where);

/// The fitted Asia curves of §2.1 [S: GFDRR/CCDR-tools damageFunctions.py, fits to Huizinga et
/// al. 2017], the documented fallback when a tabulated curve is missing.
enum class FittedAsiaCurve {
  BuiltUp,      ///< clip(1.267385 + (0.002553797 − 1.267385)/(1 + (x/1.511393)^1.011526), 0, 1)
  Agriculture,  ///< clip(1.672909 x / (3.917017 + x), 0, 1)
};

/// Fitted DR at a depth, same depth convention as the tabulated curves (0 m gives 0, although
/// the built-up formula gives 0.0026 there; NaN gives NaN; negative or infinite depth throws
/// InputError starting with `where`).
double fitted_asia_damage_ratio_share(FittedAsiaCurve curve, double depth_m,
                                      std::string_view where);
std::vector<double> damage_ratios(FittedAsiaCurve curve, const std::vector<double>& depths_m,
                                  std::string_view where);
Eigen::VectorXd damage_ratios(FittedAsiaCurve curve, const Eigen::VectorXd& depths_m,
                              std::string_view where);

/// Fallback for a tabulated curve name: residential, commercial and industrial → BuiltUp,
/// agriculture → Agriculture. Throws InputError starting with `where` for any other name.
FittedAsiaCurve fitted_asia_fallback(std::string_view curve_name, std::string_view where);

/// Exposure-weighted damage of one region and sector from per-cell damage ratios.
struct CellDamageSummary {
  /// Σ w·DR / Σ w over cells with a valid (non-NaN) ratio: the region's damage ratio.
  double damage_ratio_share = 0.0;
  /// Σ w over valid cells with DR > 0, divided by Σ w over valid cells: the share of the exposure
  /// that is flooded at all (feeds FloodSector::affected_share).
  double affected_share = 0.0;
  /// Σ w over NaN cells / Σ w over all cells: exposure left out as missing.
  double missing_exposure_share = 0.0;
};

/// Aggregates per-cell ratios with exposure weights (e.g. capital or workers per cell). With no
/// exposure at all every field is 0; with exposure only in NaN cells the damage and affected
/// shares are NaN and the missing share is 1. Throws InputError starting with `where` if the
/// lengths differ, a weight is negative, infinite or NaN, or a ratio is outside [0, 1].
CellDamageSummary summarise_cell_damage(const Eigen::VectorXd& damage_ratio_per_cell,
                                        const Eigen::VectorXd& exposure_per_cell,
                                        std::string_view where);
CellDamageSummary summarise_cell_damage(const std::vector<double>& damage_ratio_per_cell,
                                        const std::vector<double>& exposure_per_cell,
                                        std::string_view where);

// ---------------------------------------------------------------------------------------------
// Sectors to curves and rebuild times

/// Curve names of data/parameters/depth_damage_jrc_asia.csv.
inline constexpr std::string_view flood_curve_residential = "residential";
inline constexpr std::string_view flood_curve_commercial = "commercial";
inline constexpr std::string_view flood_curve_industrial = "industrial";
inline constexpr std::string_view flood_curve_agriculture = "agriculture";

/// Which T_rebuild range of §2.2 a sector takes.
enum class RebuildClass {
  CommercialServices,  ///< T_rebuild ~ U[120, 365] d
  Industrial,          ///< T_rebuild ~ U[180, 540] d
};

/// Default curve of a GB/T 4754-2017 section (one capital letter A..T) [A]: A → agriculture;
/// B, C, D, E → industrial (construction's capital is plant, vehicles and materials on site);
/// F..T → commercial. Throws InputError starting with `where` for any other character.
std::string default_flood_curve_for_section(char gb_section, std::string_view where);

/// As default_flood_curve_for_section, except that a section present in `overrides` takes the
/// curve name given there (not checked against the table: the caller looks it up).
std::string flood_curve_for_section(char gb_section, const std::map<char, std::string>& overrides,
                                    std::string_view where);

/// Default rebuild class of a section [A]: B, C, D, E → Industrial; A and F..T →
/// CommercialServices. Throws InputError starting with `where` for a character outside A..T.
RebuildClass default_rebuild_class_for_section(char gb_section, std::string_view where);

// ---------------------------------------------------------------------------------------------
// Damage to lost production (§2.2)

/// Δ(0) = min(1, D / K): the share of a sector's productive capacity destroyed. K = 0 with D = 0
/// gives 0. Throws InputError (message names the argument) if D < 0, K < 0, D > 0 with K = 0,
/// or either is NaN or infinite.
double initial_capacity_loss_share(double damage_cny, double capital_cny);

/// T_BI = T_clean + DR · T_rebuild (days) for an establishment with damage ratio DR. Throws
/// InputError if DR is outside [0, 1], T_clean <= 0 or T_rebuild < 0 (or any is NaN/infinite).
double business_interruption_days(double damage_ratio_share, double t_clean_days,
                                  double t_rebuild_days);

/// τ_rec = T_BI / 3 (days): after T_BI, e^−3 = 5 % of the initial capacity loss remains.
/// Throws InputError if T_BI < 0 or NaN/infinite.
double recovery_time_constant_days(double business_interruption_days);

/// ∫ Δ(0) e^(−t/τ) dt over [from_days, to_days], t in days since the flood (the part before
/// t = 0 counts as 0). Capacity-loss days: multiply by output/365 for lost output. τ = 0 gives 0
/// (instant recovery). Throws InputError if Δ(0) is outside [0, 1], τ < 0, from > to, or any
/// argument is NaN.
double capacity_loss_days(double initial_capacity_loss_share, double tau_days, double from_days,
                          double to_days);

/// When the flood happens, on the calendar of the results.
struct FloodEvent {
  /// Calendar length (days, 1..31) of each month of the result horizon; horizon = size().
  std::vector<int> month_lengths_days;
  int event_month_index = 0;  ///< 0-based month of the horizon in which the flood hits
  int event_day = 1;          ///< 1-based day of that month; losses start at its 00:00
};

/// Capacity-loss days of each month of the horizon (0 before the event), by integrating
/// Δ(0) e^(−t/τ) analytically over the month's days. Throws InputError starting with `where`
/// for an empty horizon, a month length outside 1..31, an event month outside the horizon or an
/// event day outside its month, and as capacity_loss_days() for Δ(0) and τ.
std::vector<double> monthly_capacity_loss_days(double initial_capacity_loss_share, double tau_days,
                                               const FloodEvent& event, std::string_view where);

/// Parameters of the flood impact, with docs/model.md defaults and tags.
struct FloodSettings {
  /// K / VA (years: K in CNY, VA in CNY per year). 4 [S: BoARIO docs, "capital is four times
  /// higher than value added", after Hallegatte 2008]; ensemble U[2.5, 5] [A] (§2.2, §13).
  double capital_to_value_added_years = 4.0;
  /// T_clean: 12.5 d, mid-point of U[5, 20] d [A] (§2.2).
  double t_clean_days = 12.5;
  /// T_rebuild of commerce and services: 242.5 d, mid-point of U[120, 365] d [A] (§2.2).
  double t_rebuild_services_days = 242.5;
  /// T_rebuild of industry: 360 d, mid-point of U[180, 540] d [A] (§2.2).
  double t_rebuild_industrial_days = 360.0;
  /// η: short-run employment elasticity to lost output, 0.5 [A] within [0.3, 0.8] (§5; labour
  /// hoarding keeps it below 1).
  double employment_elasticity = 0.5;
};

/// Throws InputError starting with `where` and naming the field if a setting is NaN, infinite or
/// out of range: capital_to_value_added_years > 0, t_clean_days > 0, both rebuild times >= 0,
/// employment_elasticity in [0, 1].
void validate_flood_settings(const FloodSettings& settings, std::string_view where);

/// One sector of one region, after the damage ratios have been aggregated over its cells.
struct FloodSector {
  std::string id;  ///< e.g. "manufacturing"
  /// DR of the sector's assets: their exposure-weighted mean over all the region's cells, dry
  /// cells counting 0 (CellDamageSummary::damage_ratio_share).
  double damage_ratio_share = 0.0;
  /// Share of those assets standing in flooded cells (DR > 0), in [damage_ratio_share, 1]
  /// (CellDamageSummary::affected_share). T_BI is per affected establishment, so it uses the
  /// damage ratio among the affected, damage_ratio_share / affected_share. 1 treats the whole
  /// sector as affected.
  double affected_share = 1.0;
  /// Value (CNY) of the assets the damage ratio applies to. Empty: the sector's capital
  /// K = capital_to_value_added_years × VA, so that Δ(0) = DR.
  std::optional<double> asset_value_cny;
  double value_added_cny_per_year = 0.0;  ///< VA, sets the capital K
  double output_cny_per_year = 0.0;       ///< gross output x, scales the lost output
  double employed_persons = 0.0;          ///< N
  RebuildClass rebuild_class = RebuildClass::CommercialServices;
};

/// One month of one sector's loss.
struct FloodMonthLoss {
  double capacity_loss_share = 0.0;  ///< mean of Δ(t) over all days of the calendar month
  double output_loss_cny = 0.0;      ///< ∫ Δ(t) dt over the month × output / 365
  /// η × N × capacity_loss_share: persons out of work on average during the month (a stock of
  /// job-equivalents, not a flow of new job losses).
  double job_equivalent_loss_persons = 0.0;
};

/// One sector's loss over the horizon.
struct FloodSectorLoss {
  std::string id;
  double damage_cny = 0.0;                   ///< D = DR × asset value
  double initial_capacity_loss_share = 0.0;  ///< Δ(0) = min(1, D / K)
  /// T_BI = T_clean + (DR / affected_share) × T_rebuild of the sector's class; 0 when nothing is
  /// damaged. Feed it to separation_share() (labour.hpp) for σ(T_BI) of §6.
  double business_interruption_days = 0.0;
  double recovery_time_constant_days = 0.0;  ///< τ = T_BI / 3
  /// Output still lost after the horizon ends: Δ(0) τ e^(−H/τ) × output / 365, H = days from the
  /// flood to the end of the horizon. The months plus this equal Δ(0) τ × output / 365.
  double output_loss_after_horizon_cny = 0.0;
  std::vector<FloodMonthLoss> months;  ///< one per month of the horizon
};

/// Lost output and job-equivalents of each sector, month by month, after one flood (§2.2).
/// Per sector: D = DR × (asset_value_cny or K), K = capital_to_value_added_years × VA,
/// Δ(0) = min(1, D/K); T_BI and τ as above; Δ(t) = Δ(0) e^(−t/τ) from 00:00 of the event day;
/// each month's lost output is the exact integral of Δ over its days × output / 365. Results are
/// in input order. Throws InputError starting with `where` and naming the sector and field for
/// invalid settings or event, a negative or NaN sector number, a damage ratio outside [0, 1],
/// affected_share outside [damage_ratio_share, 1], or damage with no capital (VA = 0).
std::vector<FloodSectorLoss> flood_sector_losses(const std::vector<FloodSector>& sectors,
                                                 const FloodSettings& settings,
                                                 const FloodEvent& event, std::string_view where);

}  // namespace spstress::shocks

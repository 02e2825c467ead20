#pragma once
/// Tropical-cyclone tracks and the wind field they imply (docs/model.md §3,
/// docs/methodology-cyclone.md): a best-track CSV reader, the Holland (1980) gradient-wind profile
/// with the surface reduction and translation asymmetry of CLIMADA's "H1980" model, and the daily
/// maximum surface wind on a lat/lon grid, also offered as a HazardField so that it is aggregated
/// to regions like any file.
///
/// Winds are 1-minute sustained winds at 10 m (the JTWC convention, and the one CLIMADA's wind
/// fields and the Emanuel damage function use). Times are UTC, in the standard (Gregorian)
/// calendar.
/// Status tags ([S], [M], [A]) are those of docs/model.md.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "spstress/core/date.hpp"
#include "spstress/core/grid.hpp"
#include "spstress/hazards/field.hpp"

namespace spstress::hazards {

/// Mean earth radius (IUGG R1) used for every distance here, as in regions/.
constexpr double earth_radius_km = 6371.0088;
/// 1 international knot = 1852 m per hour.
constexpr double metres_per_second_per_knot = 1852.0 / 3600.0;

/// One best-track fix.
struct TrackPoint {
  core::DateTime time;        ///< UTC
  double lat_deg = 0.0;       ///< [-90, 90]
  double lon_deg = 0.0;       ///< as in the file, [-180, 360]; tracks may cross the antimeridian
  double max_wind_m_s = 0.0;  ///< 1-minute sustained 10 m wind, >= 0
  std::optional<double> central_pressure_hpa;        ///< minimum sea-level pressure
  std::optional<double> radius_max_wind_km;          ///< radius of maximum wind
  std::optional<double> environmental_pressure_hpa;  ///< pressure of the last closed isobar
};

/// One storm: its points in strictly increasing time.
struct Track {
  std::string id;    ///< JTWC: the SN column (e.g. "201826"); project layout: the id column,
                     ///< or the file name without folder and extension when there is none
  std::string name;  ///< project layout's name column; empty for JTWC files (they carry none)
  std::vector<TrackPoint> points;
};

/// Reads the storms of a track CSV, in the order each storm first appears. `storm_id` empty
/// returns all of them; otherwise only that storm (a vector of one).
///
/// Two layouts, told apart by the header:
/// - JTWC (as in data/hazards/tc/): exactly `CY,Year,Month,Day,Hour,Lat,Lon,VMax,MSLP,SN,Cat`.
///   Year..Hour give the UTC time, VMax is in knots (JTWC 1-minute winds, converted with
///   1 kt = 1852/3600 m/s), MSLP is in hPa (empty, 0 or negative: missing), SN is the storm id;
///   CY and Cat are not used.
/// - project layout, columns by name in any order: `time` (ISO 8601 UTC: YYYY-MM-DD, optionally
///   followed by `T` or a space and hh[:mm[:ss]], optionally ending in `Z` or `+00:00`), `lat`,
///   `lon` (decimal degrees), exactly one of `max_wind_m_s` or `max_wind_kt` (1-minute sustained),
///   and optionally `central_pressure_hpa`, `radius_max_wind_km`, `environmental_pressure_hpa`,
///   `id`, `name`. Empty optional cells mean missing.
/// Fields are trimmed; blank lines and lines starting with '#' are skipped; CRLF line ends and a
/// UTF-8 byte-order mark are accepted.
///
/// Throws InputError naming the file, and the line and column where there is one, for: a missing
/// or unreadable file, no header, an unknown header column (listing the expected ones), a missing
/// or doubled required column, a row with the wrong number of fields, a number or time that does
/// not parse, lat outside [-90, 90], lon outside [-180, 360], a wind that is negative or NaN, a
/// pressure outside [800, 1100] hPa, a radius outside (0, 500] km, times of one storm that are not
/// strictly increasing (one message: "<file>: line 5, column 1 (time): <t5> is not after <t4> on
/// line 4 (storm <id>): the points of a track must be in strictly increasing time order"), a file
/// without data rows, and a `storm_id` not in the file (listing the ids it has).
std::vector<Track> read_tracks(const std::string& path, const std::string& storm_id = "");

/// Wind-field settings. Defaults follow CLIMADA's H1980 model (climada/hazard/trop_cyclone/
/// trop_cyclone_windfields.py, read for this work) unless tagged otherwise.
struct WindFieldSettings {
  double time_step_h = 1.0;          ///< track interpolation step, (0, 24] h [S: CLIMADA default]
  double cutoff_km = 300.0;          ///< cells farther from the eye get no wind, (0, 2000] km [S]
  double rho_air_kg_m3 = 1.15;       ///< air density in Holland's formulas, > 0 [S: Holland 1980]
  double gradient_to_surface = 0.9;  ///< surface/gradient wind ratio, (0, 1] [S: Franklin 2003]
  std::optional<double> holland_b;   ///< fixed Holland B in [1, 2.5]; empty: cyclostrophic
  bool coriolis = true;              ///< include the Coriolis term of the gradient wind
  bool translation = true;           ///< add the storm's motion (asymmetry)
  double max_translation_m_s = 30.0 * metres_per_second_per_knot;  ///< cap, >= 0 [S: 30 kn]
  double environmental_pressure_hpa = 1010.0;  ///< where the track has none, [900, 1100] [M]
  double intensity_threshold_m_s = 17.5;  ///< daily maxima below this are stored as 0, >= 0 [S]
};

/// Throws InputError naming the setting ("wind field setting time_step_h: got ...; expected ...")
/// when a value is outside the range documented above.
void check_wind_field_settings(const WindFieldSettings& settings);

/// A track point with every quantity the wind model needs.
struct StormState {
  double lat_deg = 0.0;
  double lon_deg = 0.0;
  double max_wind_m_s = 0.0;
  double central_pressure_hpa = 1010.0;
  double environmental_pressure_hpa = 1010.0;
  double radius_max_wind_km = 50.0;
  double translation_east_m_s = 0.0;   ///< storm motion, east component
  double translation_north_m_s = 0.0;  ///< storm motion, north component
};

/// Great-circle distance (km) on the sphere of radius earth_radius_km (haversine formula).
double great_circle_km(double lon1_deg, double lat1_deg, double lon2_deg, double lat2_deg);

/// Coriolis parameter f = 2 Ω sin|lat| (1/s), Ω = 7.29e-5 rad/s as in CLIMADA. The absolute
/// latitude is used, so f >= 0 in both hemispheres (the hemisphere enters through the sense of
/// rotation instead).
double coriolis_per_s(double lat_deg);

/// Holland B from the cyclostrophic balance at the radius of maximum wind:
/// B = ρ e v_grad² / Δp (Δp in Pa), not clipped. Δp <= 0 gives +inf.
double holland_b_cyclostrophic(double gradient_wind_m_s, double pressure_drop_hpa,
                               double rho_air_kg_m3);

/// Holland (1980) gradient wind at distance r from the eye (m/s):
/// V(r) = sqrt(B/ρ · Δp · x · e^(−x) + (r f / 2)²) − r f / 2,  x = (R_max / r)^B,
/// with r and R_max in metres and Δp in Pa; r below 1 m is taken as 1 m (as CLIMADA), where V is
/// 0. With f = 0 and r = R_max this is sqrt(B Δp / (ρ e)).
double holland_gradient_wind_m_s(double distance_km, double radius_max_wind_km, double holland_b,
                                 double pressure_drop_hpa, double coriolis_param_per_s,
                                 double rho_air_kg_m3);

/// Default radius of maximum wind (km) from central pressure: CLIMADA's piecewise-linear IBTrACS
/// fit (tc_tracks.estimate_rmw; 14.907318, 15.726927, 25.742142, 56.856522 nautical miles at 872,
/// 940, 980, 1021 hPa, constant beyond) times 1.852 km per nautical mile [A: CLIMADA's fit applied
/// to the western Pacific]. Used where a track point has no radius.
double default_radius_max_wind_km(double central_pressure_hpa);

/// Default central pressure (hPa) from position and wind where a track point has none: CLIMADA's
/// IBTrACS regression 1026.3401 − 0.05504 lat − 0.03536 lon − 0.7357 v_kt
/// (tc_tracks._estimate_pressure, v in knots, lon as given) [A].
double default_central_pressure_hpa(double lat_deg, double lon_deg, double max_wind_m_s);

/// Surface wind speed (m/s) at a place from one storm state, as CLIMADA's H1980 model: the storm
/// motion v_t (capped at max_translation_m_s) is removed from the maximum wind and the rest raised
/// to gradient level, v_grad = max(0, v_max − |v_t|) / gradient_to_surface; B is the fixed one or
/// holland_b_cyclostrophic(v_grad, ...) clipped to [1, 2.5]; Δp = max(0, p_env − p_c); the
/// gradient wind V(r) (Coriolis term unless disabled) times gradient_to_surface blows
/// anticlockwise in the northern hemisphere and clockwise in the southern one; the motion vector
/// times min(1, R_max / r) is added. Beyond cutoff_km the result is 0. No intensity threshold.
double surface_wind_m_s(const StormState& storm, double lon_deg, double lat_deg,
                        const WindFieldSettings& settings);

/// The track at t0 + k·step (t0 its first time, up to its last time) with every optional
/// quantity filled: missing central pressures by default_central_pressure_hpa, then missing radii
/// by default_radius_max_wind_km of the (filled) pressure, missing environmental pressures by
/// settings.environmental_pressure_hpa; central pressure is then capped at the environmental one.
/// Position, wind and pressures are linear in time between fixes; longitudes are unwrapped first
/// so that a track crossing the antimeridian is interpolated the short way. Throws InputError for
/// an empty track, InternalError if times are not strictly increasing.
std::vector<TrackPoint> interpolate_track(const Track& track, const WindFieldSettings& settings);

/// Daily maxima of the surface wind of one storm on a grid.
struct DailyMaxWind {
  std::vector<core::DateTime> dates;   ///< every UTC day from the first to the last interpolated
                                       ///< point, at 00:00
  Eigen::MatrixXd max_wind_m_s;        ///< ncells x ndays, cells in core::LatLonGrid order
  Eigen::VectorXd event_max_wind_m_s;  ///< ncells: maximum over the days
};

/// Interpolates the track (interpolate_track), computes surface_wind_m_s at each cell centre from
/// every interpolated point within cutoff_km, and keeps each cell's maximum per UTC day of the
/// point's time. Motion at a point is its displacement from the previous point over the step (from
/// the next one for the first point, zero for a one-point track). Maxima below
/// intensity_threshold_m_s become 0, as do cells never within the cut-off. Validates the settings.
DailyMaxWind daily_max_wind(const Track& track, const core::LatLonGrid& grid,
                            const WindFieldSettings& settings);

/// A storm's daily maximum wind as an in-memory HazardField: variable "tc_max_wind", units
/// "m s-1", calendar standard with units "days since <first day>", one step per UTC day. No NaN.
class TrackWindField : public HazardField {
 public:
  /// `label` is what path() returns, e.g. "tracks.csv#201826".
  TrackWindField(std::string label, core::LatLonGrid grid, DailyMaxWind wind);
  /// Computes daily_max_wind(track, grid, settings).
  TrackWindField(std::string label, const Track& track, core::LatLonGrid grid,
                 const WindFieldSettings& settings);

  const std::string& path() const override { return label_; }
  const std::string& variable() const override { return variable_; }
  const std::string& units() const override { return units_; }
  const core::LatLonGrid& grid() const override { return grid_; }
  const TimeAxis& time() const override { return time_; }
  std::size_t n_times() const override { return time_.dates.size(); }
  /// Throws InternalError if [first, first + count) is outside the days.
  Eigen::MatrixXd read_block(std::size_t first, std::size_t count) const override;

  const DailyMaxWind& wind() const { return wind_; }

 private:
  std::string label_;
  std::string variable_ = "tc_max_wind";
  std::string units_ = "m s-1";
  core::LatLonGrid grid_;
  TimeAxis time_;
  DailyMaxWind wind_;
};

}  // namespace spstress::hazards

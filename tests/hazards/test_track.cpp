#include <boost/test/unit_test.hpp>

#include <cmath>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include "spstress/core/error.hpp"
#include "spstress/core/grid.hpp"
#include "spstress/hazards/track.hpp"
#include "support/messages.hpp"
#include "support/temp_dir.hpp"

using spstress::InputError;
using spstress::InternalError;
using spstress::core::DateTime;
using spstress::core::iso_date;
using spstress::core::LatLonGrid;
using namespace spstress::hazards;
using spstress::test::message_has;
using spstress::test::TempDir;

namespace {

constexpr double pi = 3.14159265358979323846;

void write_text(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// Independent haversine (the test's own), R = 6371.0088 km.
double distance_km(double lon1, double lat1, double lon2, double lat2) {
  const double r = pi / 180.0;
  const double a =
      std::pow(std::sin((lat2 - lat1) * r / 2), 2) +
      std::cos(lat1 * r) * std::cos(lat2 * r) * std::pow(std::sin((lon2 - lon1) * r / 2), 2);
  return 2 * 6371.0088 * std::asin(std::sqrt(a));
}

// Index of the grid cell whose centre is nearest a place.
std::size_t nearest_cell(const LatLonGrid& g, double lon, double lat) {
  std::size_t best = 0;
  double best_d = std::numeric_limits<double>::infinity();
  for (std::size_t r = 0; r < g.nlat(); ++r) {
    for (std::size_t c = 0; c < g.nlon(); ++c) {
      const double d = distance_km(lon, lat, g.lon_centre_deg(c), g.lat_centre_deg(r));
      if (d < best_d) {
        best_d = d;
        best = g.cell_index(r, c);
      }
    }
  }
  return best;
}

const std::string mangkhut_path = std::string(SPSTRESS_SOURCE_DATA_DIR) +
                                  "/hazards/tc/jtwc_wp_subset_mangkhut2018_lekima2019_infa2021.csv";

// A storm with Δp = 50 hPa and v_max = 50 m/s, R_max = 30 km, for the profile checks.
StormState test_storm(double lat_deg) {
  StormState s;
  s.lat_deg = lat_deg;
  s.lon_deg = 130.0;
  s.max_wind_m_s = 50.0;
  s.central_pressure_hpa = 960.0;
  s.environmental_pressure_hpa = 1010.0;
  s.radius_max_wind_km = 30.0;
  return s;
}

// 30 km along a meridian in degrees: 30 / 6371.0088 rad = 0.269796°.
constexpr double rmax_deg = 0.2697961091;

}  // namespace

BOOST_AUTO_TEST_SUITE(test_track)

// ---------------------------------------------------------------------------------------------
// Holland profile and wind model

BOOST_AUTO_TEST_CASE(holland_wind_at_rmax_without_coriolis_is_sqrt_b_dp_over_rho_e) {
  // B = 1.5, Δp = 50 hPa = 5000 Pa, ρ = 1.15: B Δp / (ρ e) = 7500 / 3.126024 = 2399.2;
  // sqrt = 48.9818 m/s.
  const double v = holland_gradient_wind_m_s(30.0, 30.0, 1.5, 50.0, 0.0, 1.15);
  // 1e-6 relative: closed form, only rounding differs.
  BOOST_TEST(v == 48.981769535, boost::test_tools::tolerance(1e-6));
}

BOOST_AUTO_TEST_CASE(cyclostrophic_b_returns_the_gradient_wind_at_rmax) {
  // B = ρ e v² / Δp = 1.15 · 2.718282 · 2500 / 5000 = 1.563012.
  const double b = holland_b_cyclostrophic(50.0, 50.0, 1.15);
  BOOST_TEST(b == 1.5630120514, boost::test_tools::tolerance(1e-9));
  // Put back into V(R_max) = sqrt(B Δp / (ρ e)) it gives v = 50 m/s exactly.
  BOOST_TEST(holland_gradient_wind_m_s(45.0, 45.0, b, 50.0, 0.0, 1.15) == 50.0,
             boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(holland_wind_at_twice_rmax_matches_hand_value) {
  // x = (1/2)^1.5 = 0.3535534, e^-x = 0.7021885; (B/ρ) Δp = 1.5/1.15 · 5000 = 6521.739;
  // V² = 6521.739 · 0.3535534 · 0.7021885 = 1619.09; V = 40.2380 m/s.
  const double v = holland_gradient_wind_m_s(60.0, 30.0, 1.5, 50.0, 0.0, 1.15);
  BOOST_TEST(v == 40.23797083, boost::test_tools::tolerance(1e-7));  // rounding of the hand sum
}

BOOST_AUTO_TEST_CASE(holland_wind_vanishes_far_away_and_at_the_eye) {
  // At 1000 R_max: x = 1000^-1.5 = 3.16e-5, V = sqrt(6521.7 · 3.16e-5) = 0.454 m/s.
  BOOST_TEST(holland_gradient_wind_m_s(30000.0, 30.0, 1.5, 50.0, 0.0, 1.15) < 0.46);
  BOOST_TEST(holland_gradient_wind_m_s(30000.0, 30.0, 1.5, 50.0, 0.0, 1.15) > 0.44);
  // Inside the eye x grows without bound and x e^-x -> 0; no NaN at r = 0.
  BOOST_TEST(holland_gradient_wind_m_s(0.0, 30.0, 1.5, 50.0, 0.0, 1.15) == 0.0);
}

BOOST_AUTO_TEST_CASE(coriolis_lowers_the_gradient_wind_in_both_hemispheres) {
  // f(20°) = 2 · 7.29e-5 · sin 20° = 4.986654e-5 /s; the same at 20°S (|lat| is used).
  BOOST_TEST(coriolis_per_s(20.0) == 4.98665369e-5, boost::test_tools::tolerance(1e-8));
  BOOST_TEST(coriolis_per_s(-20.0) == coriolis_per_s(20.0));
  // At r = 60 km: r f / 2 = 1.495996 m/s; V = sqrt(1619.09 + 2.2380) − 1.4960 = 38.7698 m/s,
  // below the 40.2380 m/s without it.
  const double v = holland_gradient_wind_m_s(60.0, 30.0, 1.5, 50.0, coriolis_per_s(20.0), 1.15);
  BOOST_TEST(v == 38.76977473, boost::test_tools::tolerance(1e-7));
  // The same sign through the whole surface model.
  WindFieldSettings on, off;
  off.coriolis = false;
  const StormState s = test_storm(20.0);
  BOOST_TEST(surface_wind_m_s(s, 130.0, 20.0 + 2 * rmax_deg, on) <
             surface_wind_m_s(s, 130.0, 20.0 + 2 * rmax_deg, off));
}

BOOST_AUTO_TEST_CASE(storm_motion_strengthens_the_right_side_in_the_north) {
  // Moving east at 5 m/s without Coriolis: v_grad = (50 − 5)/0.9 = 50 m/s, so B = 1.563 (not
  // clipped) and the gradient wind at R_max is 50 m/s, 45 m/s at the surface. South of the eye
  // (right of the track) the anticlockwise wind blows east, with the motion: 45 + 5 = 50 m/s;
  // north of it, west, against it: 45 − 5 = 40 m/s.
  WindFieldSettings set;
  set.coriolis = false;
  StormState s = test_storm(20.0);
  s.translation_east_m_s = 5.0;
  // 1e-6 relative: the meridian distance is exact to rounding, so the points sit at R_max.
  BOOST_TEST(surface_wind_m_s(s, 130.0, 20.0 - rmax_deg, set) == 50.0,
             boost::test_tools::tolerance(1e-6));
  BOOST_TEST(surface_wind_m_s(s, 130.0, 20.0 + rmax_deg, set) == 40.0,
             boost::test_tools::tolerance(1e-6));
  // Without the asymmetry both sides see the symmetric 45 m/s of v_grad = 50/0.9 = 55.6 m/s:
  // then B = 1.15 e 55.56² / 5000 = 1.9296 and V(R_max) = 55.56, 50.0 at the surface.
  set.translation = false;
  BOOST_TEST(surface_wind_m_s(s, 130.0, 20.0 - rmax_deg, set) == 50.0,
             boost::test_tools::tolerance(1e-6));
  BOOST_TEST(surface_wind_m_s(s, 130.0, 20.0 + rmax_deg, set) == 50.0,
             boost::test_tools::tolerance(1e-6));
}

BOOST_AUTO_TEST_CASE(storm_motion_strengthens_the_left_side_in_the_south) {
  // Clockwise rotation: north of an eastward-moving storm (its left) the wind blows east.
  WindFieldSettings set;
  set.coriolis = false;
  StormState s = test_storm(-20.0);
  s.translation_east_m_s = 5.0;
  BOOST_TEST(surface_wind_m_s(s, 130.0, -20.0 + rmax_deg, set) == 50.0,
             boost::test_tools::tolerance(1e-6));
  BOOST_TEST(surface_wind_m_s(s, 130.0, -20.0 - rmax_deg, set) == 40.0,
             boost::test_tools::tolerance(1e-6));
}

BOOST_AUTO_TEST_CASE(motion_fades_outside_rmax_and_is_capped_at_30_knots) {
  WindFieldSettings set;
  set.coriolis = false;
  StormState s = test_storm(20.0);
  s.translation_east_m_s = 5.0;
  // At 2 R_max south: symmetric 0.9 · V(2R_max) with B = 1.563012: x = 2^-1.563012 = 0.338444,
  // e^-x = 0.712879, (B/ρ) Δp = 6795.70; V² = 1639.60, V = 40.4919; surface 36.4427; the motion
  // counts half (R_max / r = 1/2): 36.4427 + 2.5 = 38.9427 m/s.
  BOOST_TEST(surface_wind_m_s(s, 130.0, 20.0 - 2 * rmax_deg, set) == 38.9427,
             boost::test_tools::tolerance(1e-5));  // hand arithmetic to 6 figures
  // A motion of 40 m/s counts as 30 kn = 15.4333 m/s: v_grad = (50 − 15.4333)/0.9 = 38.4074,
  // B = 1.15 e 38.4074² / 5000 = 0.92226 -> clipped to 1; V(R_max) = sqrt(5000/(1.15 e)) =
  // 39.9934, surface 35.9941; right side 35.9941 + 15.4333 = 51.4274 m/s.
  s.translation_east_m_s = 40.0;
  BOOST_TEST(surface_wind_m_s(s, 130.0, 20.0 - rmax_deg, set) == 51.4274,
             boost::test_tools::tolerance(1e-5));
}

BOOST_AUTO_TEST_CASE(default_radius_follows_the_pressure_fit_in_nautical_miles) {
  // 980 hPa: 25.742142 nmi · 1.852 = 47.674447 km; 960 hPa: halfway between 15.726927 and
  // 25.742142 nmi = 20.734535 nmi = 38.400358 km; constant beyond the end points.
  BOOST_TEST(default_radius_max_wind_km(980.0) == 47.674447, boost::test_tools::tolerance(1e-7));
  BOOST_TEST(default_radius_max_wind_km(960.0) == 38.400358, boost::test_tools::tolerance(1e-7));
  BOOST_TEST(default_radius_max_wind_km(850.0) == 27.608353, boost::test_tools::tolerance(1e-7));
  BOOST_TEST(default_radius_max_wind_km(1030.0) == 105.298279, boost::test_tools::tolerance(1e-7));
  // 20°N, 130°E, 100 kt: 1026.3401 − 1.1008 − 4.5968 − 73.57 = 947.0725 hPa.
  BOOST_TEST(default_central_pressure_hpa(20.0, 130.0, 100.0 * 1852.0 / 3600.0) == 947.0725,
             boost::test_tools::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(great_circle_distance_of_one_degree_of_meridian) {
  // 6371.0088 · π/180 = 111.19508 km.
  BOOST_TEST(great_circle_km(120.0, 10.0, 120.0, 11.0) == 111.19508,
             boost::test_tools::tolerance(1e-7));
  // Across the antimeridian, 1° of equator is the same length.
  BOOST_TEST(great_circle_km(179.5, 0.0, -179.5, 0.0) == 111.19508,
             boost::test_tools::tolerance(1e-7));
}

BOOST_AUTO_TEST_CASE(interpolation_is_linear_hourly_and_fills_missing_values) {
  Track t{"x", "", {}};
  t.points.push_back({DateTime{2020, 7, 31, 21 * 3600}, 20.0, 179.5, 40.0, 980.0, {}, {}});
  t.points.push_back({DateTime{2020, 8, 1, 3 * 3600}, 21.0, -179.5, 50.0, 960.0, 30.0, 1005.0});
  const std::vector<TrackPoint> p = interpolate_track(t, WindFieldSettings{});
  BOOST_REQUIRE(p.size() == 7u);  // 21:00 .. 03:00, hourly
  BOOST_TEST(iso_date(p[3].time) == "2020-08-01");
  BOOST_TEST(iso_date(p[6].time) == "2020-08-01T03:00:00");
  // Halfway: the short way across the antimeridian, lon ±180, not 0.
  BOOST_TEST(std::abs(std::remainder(p[3].lon_deg - 180.0, 360.0)) < 1e-9);
  BOOST_TEST(p[3].lat_deg == 20.5, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(p[3].max_wind_m_s == 45.0, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(*p[3].central_pressure_hpa == 970.0, boost::test_tools::tolerance(1e-12));
  // First fix: radius from 980 hPa (47.674447 km) and p_env 1010 hPa by default; halfway to the
  // second fix's 30 km and 1005 hPa.
  BOOST_TEST(*p[0].radius_max_wind_km == 47.674447, boost::test_tools::tolerance(1e-7));
  BOOST_TEST(*p[3].radius_max_wind_km == 38.8372235, boost::test_tools::tolerance(1e-7));
  BOOST_TEST(*p[3].environmental_pressure_hpa == 1007.5, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(wind_reaches_only_cells_within_the_cut_off) {
  // A one-point storm at (130°E, 20°N). Cell centres on its meridian, 2.6° (289.1 km) and 2.8°
  // (311.3 km) north of it (111.195 km per degree); 0.1° cells.
  Track t{"s", "", {{DateTime{2020, 8, 1, 0}, 20.0, 130.0, 50.0, 960.0, 30.0, {}}}};
  const LatLonGrid g = LatLonGrid::regular(129.95, 22.85, 0.1, 0.1, 1, 3);  // 22.8, 22.7, 22.6
  WindFieldSettings set;
  set.intensity_threshold_m_s = 0.0;
  const DailyMaxWind w = daily_max_wind(t, g, set);
  BOOST_REQUIRE(w.dates.size() == 1u);
  BOOST_TEST(w.max_wind_m_s(0, 0) == 0.0);  // 22.8°N: beyond 300 km
  BOOST_TEST(w.max_wind_m_s(2, 0) > 0.0);   // 22.6°N: within
  // With CLIMADA's 17.5 m/s threshold the weak outer wind is not kept.
  set.intensity_threshold_m_s = 17.5;
  BOOST_TEST(daily_max_wind(t, g, set).max_wind_m_s(2, 0) == 0.0);
}

BOOST_AUTO_TEST_CASE(motion_from_the_track_makes_the_right_side_stronger) {
  // Moving north 2° in 12 h (5.15 m/s). At 19°N, 0.5° east (right) and west (left) of the
  // track: the east cell must see more wind.
  Track t{"n", "", {}};
  t.points.push_back({DateTime{2020, 8, 1, 0}, 18.0, 130.0, 45.0, 960.0, 30.0, {}});
  t.points.push_back({DateTime{2020, 8, 1, 12 * 3600}, 20.0, 130.0, 45.0, 960.0, 30.0, {}});
  const LatLonGrid g = LatLonGrid::regular(129.25, 19.25, 0.5, 0.5, 3, 1);  // 129.5, 130, 130.5
  const DailyMaxWind w = daily_max_wind(t, g, WindFieldSettings{});
  // Motion adds 5.15 · R_max / r = 5.15 · 30 / 52.6 = 2.9 m/s east and takes as much west.
  BOOST_TEST(w.max_wind_m_s(2, 0) > w.max_wind_m_s(0, 0) + 4.0);
}

// 20:00 on 1 August to 04:00 on 2 August, east along 20°N from 125°E to 126.6°E (0.2° = 21 km
// an hour). Cells every 0.1° from 125.0 to 126.6°E, R_max = 30 km south of the track.
Track eastward_storm() {
  Track t{"d", "", {}};
  t.points.push_back({DateTime{2020, 8, 1, 20 * 3600}, 20.0, 125.0, 50.0, 950.0, 30.0, {}});
  t.points.push_back({DateTime{2020, 8, 2, 4 * 3600}, 20.0, 126.6, 50.0, 950.0, 30.0, {}});
  return t;
}
LatLonGrid row_south_of_track() {
  return LatLonGrid::regular(124.95, 20.0 - rmax_deg + 0.05, 0.1, 0.1, 17, 1);
}

BOOST_AUTO_TEST_CASE(daily_maxima_follow_utc_days) {
  // With a 50 km cut-off (0.2° of longitude = 20.9 km here) the cell at 125.0°E is reached by
  // the points of 20:00 (30 km away) and 21:00 (sqrt(20.9² + 30²) = 36.6 km) on the 1st only,
  // the 22:00 one being 51.5 km away; the cell at 126.6°E likewise by those of 03:00 and 04:00
  // on the 2nd only. Each sees the eyewall, R_max away, at more than 30 m/s.
  WindFieldSettings set;
  set.cutoff_km = 50.0;
  const DailyMaxWind w = daily_max_wind(eastward_storm(), row_south_of_track(), set);
  BOOST_REQUIRE(w.dates.size() == 2u);
  BOOST_TEST(iso_date(w.dates[0]) == "2020-08-01");
  BOOST_TEST(iso_date(w.dates[1]) == "2020-08-02");
  BOOST_TEST(w.max_wind_m_s(0, 0) > 30.0);
  BOOST_TEST(w.max_wind_m_s(0, 1) == 0.0);
  BOOST_TEST(w.max_wind_m_s(16, 0) == 0.0);
  BOOST_TEST(w.max_wind_m_s(16, 1) > 30.0);
  BOOST_TEST(w.event_max_wind_m_s(0) == w.max_wind_m_s(0, 0));
  BOOST_TEST(w.event_max_wind_m_s(16) == w.max_wind_m_s(16, 1));
}

BOOST_AUTO_TEST_CASE(bad_settings_name_the_setting) {
  WindFieldSettings s;
  s.cutoff_km = -1.0;
  BOOST_CHECK_EXCEPTION(check_wind_field_settings(s), InputError,
                        message_has({"cutoff_km", "-1", "(0, 2000]"}));
  s = WindFieldSettings{};
  s.time_step_h = std::numeric_limits<double>::quiet_NaN();
  BOOST_CHECK_EXCEPTION(check_wind_field_settings(s), InputError, message_has({"time_step_h"}));
  s = WindFieldSettings{};
  s.holland_b = 3.0;
  BOOST_CHECK_EXCEPTION(check_wind_field_settings(s), InputError,
                        message_has({"holland_b", "[1, 2.5]"}));
}

BOOST_AUTO_TEST_CASE(track_wind_field_serves_days_like_a_file) {
  const TrackWindField f("demo.csv#d", eastward_storm(), row_south_of_track(), WindFieldSettings{});
  BOOST_TEST(f.path() == "demo.csv#d");
  BOOST_TEST(f.units() == "m s-1");
  BOOST_TEST(f.variable() == "tc_max_wind");
  BOOST_TEST(f.n_times() == 2u);
  BOOST_TEST((f.time().calendar == Calendar::Standard));
  BOOST_TEST(f.time().units == "days since 2020-08-01");
  BOOST_TEST(f.grid().ncells() == 17u);
  const Eigen::MatrixXd b = f.read_block(1, 1);
  BOOST_REQUIRE(b.rows() == 17);
  BOOST_REQUIRE(b.cols() == 1);
  BOOST_TEST(b(16, 0) == f.wind().max_wind_m_s(16, 1));
  BOOST_TEST(b(16, 0) > 30.0);
  BOOST_CHECK_THROW(f.read_block(1, 2), InternalError);
}

// ---------------------------------------------------------------------------------------------
// Reading tracks

BOOST_AUTO_TEST_CASE(reads_the_jtwc_layout_in_knots, *boost::unit_test::label("io")) {
  TempDir dir;
  const std::string path = dir.file("jtwc.csv");
  write_text(path,
             "CY,Year,Month,Day,Hour,Lat,Lon,VMax,MSLP,SN,Cat\n"
             "1,2020,7,1,0,15.0,130.0,30.0,1000.0,202001,TD\n"
             "1,2020,7,1,6,15.5,129.0,50.0,,202001,TS\n"
             "2,2020,7,2,0,20.0,140.0,100.0,0.0,202002,Cat3\n"
             "1,2020,7,1,12,16.0,128.0,64.0,-1,202001,Cat1\n");
  const std::vector<Track> all = read_tracks(path);
  BOOST_REQUIRE(all.size() == 2u);
  BOOST_TEST(all[0].id == "202001");
  BOOST_TEST(all[1].id == "202002");
  const std::vector<Track> one = read_tracks(path, "202001");
  BOOST_REQUIRE(one.size() == 1u);
  const Track& t = one[0];
  BOOST_REQUIRE(t.points.size() == 3u);
  BOOST_TEST(iso_date(t.points[2].time) == "2020-07-01T12:00:00");
  BOOST_TEST(t.points[1].lat_deg == 15.5);
  BOOST_TEST(t.points[1].lon_deg == 129.0);
  // 1 kt = 1852/3600 = 0.514444 m/s: 30 kt = 15.43333, 64 kt = 32.92444 m/s.
  BOOST_TEST(t.points[0].max_wind_m_s == 15.433333333, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(t.points[2].max_wind_m_s == 32.924444444, boost::test_tools::tolerance(1e-9));
  // MSLP empty, 0 and -1 all mean missing.
  BOOST_TEST(*t.points[0].central_pressure_hpa == 1000.0);
  BOOST_TEST(!t.points[1].central_pressure_hpa.has_value());
  BOOST_TEST(!t.points[2].central_pressure_hpa.has_value());
  BOOST_TEST(!read_tracks(path, "202002")[0].points[0].central_pressure_hpa.has_value());
}

BOOST_AUTO_TEST_CASE(reads_the_project_layout, *boost::unit_test::label("io")) {
  TempDir dir;
  const std::string path = dir.file("mangkhut_hand.csv");
  write_text(path,
             "\xEF\xBB\xBF# Mangkhut near landfall, typed by hand\r\n"
             "time,lat,lon,max_wind_kt,central_pressure_hpa,radius_max_wind_km\r\n"
             "2018-09-16T00:00Z,20.8,115.3,80,961,\r\n"
             "\r\n"
             "2018-09-16T06:00:00Z, 21.4 ,113.6,80,,40\r\n"
             "2018-09-16 12,22.1,111.4,75,965,35\r\n");
  const std::vector<Track> all = read_tracks(path);
  BOOST_REQUIRE(all.size() == 1u);
  const Track& t = all[0];
  BOOST_TEST(t.id == "mangkhut_hand");  // no id column: the file's stem
  BOOST_REQUIRE(t.points.size() == 3u);
  BOOST_TEST(iso_date(t.points[0].time) == "2018-09-16");
  BOOST_TEST(iso_date(t.points[2].time) == "2018-09-16T12:00:00");
  BOOST_TEST(t.points[1].lat_deg == 21.4);
  // 80 kt · 0.514444 = 41.15556 m/s.
  BOOST_TEST(t.points[0].max_wind_m_s == 41.155555556, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(*t.points[0].central_pressure_hpa == 961.0);
  BOOST_TEST(!t.points[0].radius_max_wind_km.has_value());
  BOOST_TEST(!t.points[1].central_pressure_hpa.has_value());
  BOOST_TEST(*t.points[1].radius_max_wind_km == 40.0);
  BOOST_TEST(!t.points[2].environmental_pressure_hpa.has_value());
}

BOOST_AUTO_TEST_CASE(reads_project_columns_in_any_order_with_ids, *boost::unit_test::label("io")) {
  TempDir dir;
  const std::string path = dir.file("two.csv");
  write_text(path,
             "id,name,lat,lon,time,max_wind_m_s,environmental_pressure_hpa\n"
             "a,Alpha,20,130,2020-08-01,30,1008\n"
             "b,Beta,10,140,2020-08-01,20,\n"
             "a,Alpha,21,129,2020-08-01T06:00,35,\n");
  const std::vector<Track> all = read_tracks(path);
  BOOST_REQUIRE(all.size() == 2u);
  BOOST_TEST(all[0].name == "Alpha");
  BOOST_REQUIRE(all[0].points.size() == 2u);
  BOOST_TEST(all[0].points[1].max_wind_m_s == 35.0);
  BOOST_TEST(*all[0].points[0].environmental_pressure_hpa == 1008.0);
  BOOST_TEST(read_tracks(path, "b")[0].points[0].lat_deg == 10.0);
}

BOOST_AUTO_TEST_CASE(times_out_of_order_name_both_lines, *boost::unit_test::label("io")) {
  TempDir dir;
  const std::string path = dir.file("order.csv");
  write_text(path,
             "# comment\n"
             "time,lat,lon,max_wind_m_s\n"
             "2020-08-01T00:00Z,20,130,30\n"
             "2020-08-01T12:00Z,21,129,30\n"
             "2020-08-01T06:00Z,22,128,30\n");
  BOOST_CHECK_EXCEPTION(read_tracks(path), InputError,
                        message_has({path, "line 5, column 1 (time)",
                                     "2020-08-01T06:00:00 is not after "
                                     "2020-08-01T12:00:00 on line 4",
                                     "strictly increasing time order"}));
  // A repeated time is out of order too (JTWC layout).
  const std::string jtwc = dir.file("jtwc.csv");
  write_text(jtwc,
             "CY,Year,Month,Day,Hour,Lat,Lon,VMax,MSLP,SN,Cat\n"
             "1,2020,7,1,6,15.0,130.0,30.0,1000.0,202001,TD\n"
             "1,2020,7,1,6,15.5,129.0,50.0,,202001,TS\n");
  BOOST_CHECK_EXCEPTION(read_tracks(jtwc), InputError,
                        message_has({"line 3, column 2 (Year..Hour)", "on line 2",
                                     "strictly increasing time order"}));
}

BOOST_AUTO_TEST_CASE(bad_values_name_file_line_and_column, *boost::unit_test::label("io")) {
  TempDir dir;
  const std::string path = dir.file("bad.csv");
  const std::string header = "time,lat,lon,max_wind_m_s\n";
  const std::string ok = "2020-08-01T00:00Z,20,130,30\n";

  write_text(path, header + ok + "2020-08-01T06:00Z,95,130,30\n");
  BOOST_CHECK_EXCEPTION(read_tracks(path), InputError,
                        message_has({path, "line 3, column 2 (lat)", "95", "[-90, 90]"}));
  write_text(path, header + ok + "2020-08-01T06:00Z,20,130,-3\n");
  BOOST_CHECK_EXCEPTION(read_tracks(path), InputError,
                        message_has({"line 3, column 4 (max_wind_m_s)", "-3", "negative"}));
  write_text(path, header + ok + "2020-08-01T06:00Z,20,130,nan\n");
  BOOST_CHECK_EXCEPTION(read_tracks(path), InputError,
                        message_has({"line 3, column 4 (max_wind_m_s)", "not a number"}));
  write_text(path, header + ok + "2020-08-01T06:00Z,20,130.5x,30\n");
  BOOST_CHECK_EXCEPTION(read_tracks(path), InputError,
                        message_has({"line 3, column 3 (lon)", "\"130.5x\" is not a number"}));
  write_text(path, header + "2020-13-01T00:00Z,20,130,30\n");
  BOOST_CHECK_EXCEPTION(read_tracks(path), InputError,
                        message_has({"line 2, column 1 (time)", "no month 13"}));
  write_text(path, header + "2020-08-01T08:00+08:00,20,130,30\n");
  BOOST_CHECK_EXCEPTION(read_tracks(path), InputError, message_has({"line 2", "must be UTC"}));
  write_text(path, header + "2020-08-01T00:00Z,20,130\n");
  BOOST_CHECK_EXCEPTION(read_tracks(path), InputError,
                        message_has({"line 2 has 3 fields; the header has 4"}));
  write_text(path, "time,lat,lon,speed\n" + ok);
  BOOST_CHECK_EXCEPTION(
      read_tracks(path), InputError,
      message_has({path, "line 1, column 4", "unknown column \"speed\"",
                   "JTWC header CY,Year,Month,Day,Hour,Lat,Lon,VMax,MSLP,SN,Cat", "max_wind_kt"}));
  write_text(path, "time,lat,lon,max_wind_m_s,max_wind_kt\n");
  BOOST_CHECK_EXCEPTION(read_tracks(path), InputError, message_has({"exactly one", "both"}));
  write_text(path, header);
  BOOST_CHECK_EXCEPTION(read_tracks(path), InputError, message_has({path, "no track points"}));
  BOOST_CHECK_EXCEPTION(read_tracks(dir.file("none.csv")), InputError,
                        message_has({"none.csv", "not found"}));
}

BOOST_AUTO_TEST_CASE(an_unknown_storm_id_lists_the_ids_present, *boost::unit_test::label("io")) {
  BOOST_CHECK_EXCEPTION(read_tracks(mangkhut_path, "209901"), InputError,
                        message_has({"no storm \"209901\"", "3 storms: 201826, 201910, 202109"}));
}

// ---------------------------------------------------------------------------------------------
// The shipped example: Typhoon Mangkhut (JTWC 201826, per data/hazards/tc/README.md)

BOOST_AUTO_TEST_CASE(reads_the_real_mangkhut_track, *boost::unit_test::label("io")) {
  const std::vector<Track> tracks = read_tracks(mangkhut_path, "201826");
  BOOST_REQUIRE(tracks.size() == 1u);
  const Track& t = tracks[0];
  // 44 six-hourly fixes, 2018-09-06 18Z to 2018-09-17 12Z (data/hazards/tc/README.md).
  BOOST_REQUIRE(t.points.size() == 44u);
  BOOST_TEST(iso_date(t.points.front().time) == "2018-09-06T18:00:00");
  BOOST_TEST(iso_date(t.points.back().time) == "2018-09-17T12:00:00");
  double peak = 0.0;
  for (const auto& p : t.points) peak = std::max(peak, p.max_wind_m_s);
  // Peak 155 kt = 79.7389 m/s.
  BOOST_TEST(peak == 79.738888889, boost::test_tools::tolerance(1e-9));
  // Landfall fix in Guangdong: 2018-09-16 06Z, 21.4°N 113.6°E, 80 kt, 962 hPa (row 40).
  const TrackPoint& lf = t.points[38];
  BOOST_TEST(iso_date(lf.time) == "2018-09-16T06:00:00");
  BOOST_TEST(lf.lat_deg == 21.4);
  BOOST_TEST(lf.lon_deg == 113.6);
  BOOST_TEST(*lf.central_pressure_hpa == 962.0);
}

BOOST_AUTO_TEST_CASE(mangkhut_wind_field_is_plausible, *boost::unit_test::label("io")) {
  const Track t = read_tracks(mangkhut_path, "201826").at(0);
  // 0.25° over 105–125°E, 15–30°N: 80 x 60 cells.
  const LatLonGrid g = LatLonGrid::regular(105.0, 30.0, 0.25, 0.25, 80, 60);
  const DailyMaxWind w = daily_max_wind(t, g, WindFieldSettings{});
  // One step per UTC day, 6 to 17 September.
  BOOST_REQUIRE(w.dates.size() == 12u);
  BOOST_TEST(iso_date(w.dates.front()) == "2018-09-06");
  BOOST_TEST(iso_date(w.dates.back()) == "2018-09-17");
  // On the 6th the storm is near 169°E, some 4000 km east of the grid.
  BOOST_TEST(w.max_wind_m_s.col(0).maxCoeff() == 0.0);

  // The strongest wind is close to the track (within 100 km of the 6-hourly fixes joined by
  // straight lines, sampled every 6 minutes), at typhoon strength (above 120 kt = 61.7 m/s:
  // the storm crosses the grid's east edge at 140–155 kt) and not above the track's peak of
  // 155 kt = 79.74 m/s.
  Eigen::Index best = 0;
  const double vmax = w.event_max_wind_m_s.maxCoeff(&best);
  BOOST_TEST(vmax > 61.7);
  BOOST_TEST(vmax <= 79.74);
  const auto row = static_cast<std::size_t>(best) / g.nlon();
  const auto col = static_cast<std::size_t>(best) % g.nlon();
  double nearest = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i + 1 < t.points.size(); ++i) {
    for (int k = 0; k <= 60; ++k) {
      const double a = k / 60.0;
      const double lat = t.points[i].lat_deg + a * (t.points[i + 1].lat_deg - t.points[i].lat_deg);
      const double lon = t.points[i].lon_deg + a * (t.points[i + 1].lon_deg - t.points[i].lon_deg);
      nearest =
          std::min(nearest, distance_km(lon, lat, g.lon_centre_deg(col), g.lat_centre_deg(row)));
    }
  }
  BOOST_TEST(nearest < 100.0);

  // Guangdong coast near 113°E, 22°N (the Pearl River estuary, some 50 km right of the track
  // on the 16th) sees hurricane-force wind (64 kt = 32.92 m/s) on 2018-09-16 UTC (day 10),
  // and none before the 15th.
  const std::size_t gd = nearest_cell(g, 113.125, 22.125);
  BOOST_TEST(iso_date(w.dates[10]) == "2018-09-16");
  BOOST_TEST(w.max_wind_m_s(static_cast<Eigen::Index>(gd), 10) >= 32.92);
  BOOST_TEST(w.max_wind_m_s.row(static_cast<Eigen::Index>(gd)).head(9).maxCoeff() == 0.0);

  // Beijing (116.4°E, 39.9°N) is outside this grid; on a grid around it the storm, which never
  // comes north of 23.7°N, brings no wind at all.
  BOOST_TEST(g.lat_edges_deg.front() < 39.9);
  const LatLonGrid bj = LatLonGrid::regular(115.0, 41.0, 0.25, 0.25, 12, 8);
  BOOST_TEST(daily_max_wind(t, bj, WindFieldSettings{}).event_max_wind_m_s.maxCoeff() == 0.0);
}

BOOST_AUTO_TEST_SUITE_END()

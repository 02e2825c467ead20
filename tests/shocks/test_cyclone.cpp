#include <boost/test/unit_test.hpp>

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "spstress/core/error.hpp"
#include "spstress/shocks/cyclone.hpp"
#include "support/messages.hpp"

using spstress::InputError;
using namespace spstress::shocks;
using spstress::test::message_has;

namespace {

constexpr double nan_m_s = std::numeric_limits<double>::quiet_NaN();

std::vector<VhalfRow> model_table() {
  // docs/model.md §3 table.
  return {{"WP1", 58.9, "sourced", "s"},
          {"WP2", 87.6, "sourced", "s"},
          {"WP3", 86.3, "sourced", "s"},
          {"WP4", 183.7, "sourced", "s"},
          {"ROW", 83.7, "sourced", "s"}};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(test_cyclone)

BOOST_AUTO_TEST_CASE(no_damage_at_or_below_the_threshold) {
  const EmanuelParams p;
  BOOST_TEST(emanuel_mdd_share(0.0, p) == 0.0);
  BOOST_TEST(emanuel_mdd_share(25.7, p) == 0.0);
  BOOST_TEST(emanuel_mdd_share(-5.0, p) == 0.0);
  BOOST_TEST(emanuel_mdd_share(25.8, p) > 0.0);
}

BOOST_AUTO_TEST_CASE(half_of_scale_at_v_half) {
  // v_n = 1 at v_half, so MDD = scale · 1/2.
  BOOST_TEST(emanuel_mdd_share(74.7, EmanuelParams{}) == 0.5, boost::test_tools::tolerance(1e-12));
  const EmanuelParams p{25.7, 86.3, 0.8};  // China mainland (WP3), scaled
  BOOST_TEST(emanuel_mdd_share(86.3, p) == 0.4, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(matches_a_hand_computed_point) {
  // v = 50 m/s, defaults: v_n = 24.3 / 49 = 0.4959184; v_n³ = 0.1219637;
  // MDD = 0.1219637 / 1.1219637 = 0.1087056.
  BOOST_TEST(emanuel_mdd_share(50.0, EmanuelParams{}) == 0.1087056,
             boost::test_tools::tolerance(1e-6));  // 7-digit hand arithmetic
  // v = 100 m/s with WP3's v_half 86.3: v_n = 74.3 / 60.6 = 1.2260726; v_n³ = 1.8430986;
  // MDD = 1.8430986 / 2.8430986 = 0.6482711.
  BOOST_TEST(emanuel_mdd_share(100.0, EmanuelParams{25.7, 86.3, 1.0}) == 0.6482711,
             boost::test_tools::tolerance(1e-6));
}

BOOST_AUTO_TEST_CASE(saturates_at_scale_for_extreme_winds) {
  BOOST_TEST(emanuel_mdd_share(1e6, EmanuelParams{}) == 1.0, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(emanuel_mdd_share(1e300, EmanuelParams{25.7, 74.7, 0.5}) == 0.5);
}

BOOST_AUTO_TEST_CASE(maps_cells_and_keeps_nan) {
  Eigen::MatrixXd wind(4, 2);
  wind << 0.0, 74.7, nan_m_s, 25.7, 50.0, 1e6, 30.0, nan_m_s;
  const Eigen::MatrixXd mdd = mdd_share_per_cell(wind, EmanuelParams{});
  BOOST_REQUIRE(mdd.rows() == 4);
  BOOST_REQUIRE(mdd.cols() == 2);
  BOOST_TEST(mdd(0, 0) == 0.0);
  BOOST_TEST(mdd(0, 1) == 0.5, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(std::isnan(mdd(1, 0)));
  BOOST_TEST(mdd(1, 1) == 0.0);
  BOOST_TEST(std::isnan(mdd(3, 1)));
  // One column of a block (one day) works too.
  const Eigen::MatrixXd day = mdd_share_per_cell(wind.col(0), EmanuelParams{});
  BOOST_REQUIRE(day.rows() == 4);
  BOOST_TEST(day(2, 0) == mdd(2, 0));
}

BOOST_AUTO_TEST_CASE(mean_of_mdd_is_not_mdd_of_mean_wind) {
  // Two equal cells, 20 and 80 m/s: MDD 0 and, at v_n = 54.3/49 = 1.108163, v_n³ = 1.360853,
  // 0.576424; mean 0.288212. MDD of the mean wind 50 m/s is only 0.108706.
  Eigen::MatrixXd wind(2, 1);
  wind << 20.0, 80.0;
  const Eigen::MatrixXd mdd = mdd_share_per_cell(wind, EmanuelParams{});
  BOOST_TEST(mdd.mean() == 0.288212, boost::test_tools::tolerance(1e-5));  // 6-digit hand value
  BOOST_TEST(mdd.mean() > 2.5 * emanuel_mdd_share(wind.mean(), EmanuelParams{}));
}

BOOST_AUTO_TEST_CASE(rejects_parameters_as_climada_does) {
  BOOST_CHECK_EXCEPTION(check_emanuel_params({25.7, 20.0, 1.0}), InputError,
                        message_has({"v_half_m_s = 20", "must exceed v_thresh_m_s = 25.7"}));
  BOOST_CHECK_EXCEPTION(check_emanuel_params({25.7, 25.7, 1.0}), InputError,
                        message_has({"v_half_m_s"}));
  BOOST_CHECK_EXCEPTION(check_emanuel_params({-1.0, 74.7, 1.0}), InputError,
                        message_has({"v_thresh_m_s = -1"}));
  BOOST_CHECK_EXCEPTION(check_emanuel_params({25.7, 74.7, 0.0}), InputError,
                        message_has({"scale = 0", "(0, 1]"}));
  BOOST_CHECK_EXCEPTION(check_emanuel_params({25.7, 74.7, 1.5}), InputError,
                        message_has({"scale = 1.5"}));
  BOOST_CHECK_EXCEPTION(check_emanuel_params({25.7, nan_m_s, 1.0}), InputError,
                        message_has({"v_half_m_s"}));
  BOOST_CHECK_EXCEPTION(mdd_share_per_cell(Eigen::MatrixXd::Zero(1, 1), {25.7, 74.7, 2.0}),
                        InputError, message_has({"scale = 2"}));
  BOOST_CHECK_NO_THROW(check_emanuel_params(EmanuelParams{}));
  BOOST_CHECK_NO_THROW(check_emanuel_params({25.7, 74.7, 1.0}));
}

BOOST_AUTO_TEST_CASE(converts_averaged_winds_to_one_minute) {
  // A 2-minute wind of 40 m/s with averaged/1-minute = 0.95 is a 1-minute wind of 42.1053 m/s.
  BOOST_TEST(wind_1min_m_s(40.0, 0.95) == 42.105263158, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(wind_1min_m_s(40.0, 1.0) == 40.0);
  BOOST_TEST(std::isnan(wind_1min_m_s(nan_m_s, 0.95)));
  BOOST_CHECK_NO_THROW(check_wind_averaging_factor(0.93));
  BOOST_CHECK_EXCEPTION(check_wind_averaging_factor(0.9), InputError,
                        message_has({"wind_averaging_factor = 0.9", "[0.93, 1.0]"}));
  BOOST_CHECK_EXCEPTION(check_wind_averaging_factor(1.07), InputError,
                        message_has({"wind_averaging_factor"}));
  BOOST_CHECK_EXCEPTION(check_wind_averaging_factor(nan_m_s), InputError,
                        message_has({"wind_averaging_factor"}));
}

BOOST_AUTO_TEST_CASE(regional_v_half_from_parsed_rows) {
  BOOST_TEST(regional_v_half_m_s(model_table(), china_mainland_region, "t.csv") == 86.3);
  BOOST_TEST(regional_v_half_m_s(model_table(), "WP4", "t.csv") == 183.7);
  BOOST_CHECK_EXCEPTION(regional_v_half_m_s(model_table(), "NA1", "t.csv"), InputError,
                        message_has({"t.csv", "no region \"NA1\"", "WP1, WP2, WP3, WP4, ROW"}));
  auto rows = model_table();
  rows.push_back({"WP3", 90.0, "assumption", "x"});
  BOOST_CHECK_EXCEPTION(regional_v_half_m_s(rows, "WP3", "t.csv"), InputError,
                        message_has({"\"WP3\" appears twice"}));
  rows = model_table();
  rows[2].v_half_m_s = 20.0;
  BOOST_CHECK_EXCEPTION(regional_v_half_m_s(rows, "WP3", "t.csv"), InputError,
                        message_has({"v_half_m_s = 20", "25.7"}));
}

BOOST_AUTO_TEST_CASE(shipped_table_matches_the_model, *boost::unit_test::label("io")) {
  // data/parameters/tc_vhalf_eberenz2021.csv against docs/model.md §3; the first two fields of
  // each row hold no commas, the quoted source text after them is not needed here.
  std::ifstream in(std::string(SPSTRESS_SOURCE_DATA_DIR) + "/parameters/tc_vhalf_eberenz2021.csv");
  BOOST_REQUIRE(in.good());
  std::string line;
  std::getline(in, line);
  BOOST_TEST(line == "region,v_half_m_s,status,source");
  std::vector<VhalfRow> rows;
  while (std::getline(in, line)) {
    std::istringstream ss(line);
    VhalfRow r;
    std::string v;
    std::getline(ss, r.region, ',');
    std::getline(ss, v, ',');
    std::getline(ss, r.status, ',');
    r.v_half_m_s = std::stod(v);
    rows.push_back(r);
    BOOST_TEST(r.status == "sourced");
  }
  BOOST_TEST(rows.size() == 5u);
  for (const VhalfRow& expected : model_table()) {
    BOOST_TEST(regional_v_half_m_s(rows, expected.region, "tc_vhalf_eberenz2021.csv") ==
               expected.v_half_m_s);
  }
}

BOOST_AUTO_TEST_SUITE_END()

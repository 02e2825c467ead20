#include <boost/test/unit_test.hpp>

#include <cmath>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "spstress/core/error.hpp"
#include "spstress/shocks/indirect.hpp"
#include "support/messages.hpp"

using spstress::InputError;
using spstress::InternalError;
using spstress::shocks::IimSettings;
using spstress::shocks::IimShock;
using spstress::shocks::IoModel;
using spstress::shocks::IoTable;
using spstress::test::message_has;
namespace shocks = spstress::shocks;
namespace tt = boost::test_tools;

// The worked example used throughout (all hand calculations are in these comments).
//
//       A = | 1/2   0   1/4 |     x = (400, 800, 400) CNY/yr     N = (50, 50, 100) persons
//           | 1/4  1/2   0  |     column sums 3/4, 3/4, 1/2 (< 1: productive)
//           |  0   1/4  1/4 |
//
// 4 (I − A) = B = | 2  0 −1 |   det B = 2·(2·3 − 0) − 0 + (−1)·((−1)(−1) − 2·0) = 12 − 1 = 11
//                 |−1  2  0 |
//                 | 0 −1  3 |
//
// Cofactors C_ij of B: C11 = 6, C12 = 3, C13 = 1, C21 = 1, C22 = 6, C23 = 2, C31 = 2, C32 = 1,
// C33 = 4; adj B = Cᵀ = [[6,1,2],[3,6,1],[1,2,4]], so
//
//       L = (I − A)^{-1} = 4 adj B / 11 = | 24  4  8 | / 11
//                                          | 12 24  4 |
//                                          |  4  8 16 |
//
// Multiplying back, B · adj B: row 1 (2,0,−1)·(6,3,1) = 11, ·(1,6,2) = 0, ·(2,1,4) = 0;
// row 2 (−1,2,0)·(6,3,1) = 0, ·(1,6,2) = 11, ·(2,1,4) = 0; row 3 (0,−1,3)·(6,3,1) = 0,
// ·(1,6,2) = 0, ·(2,1,4) = 11. So B adj B = 11 I and (I − A) L = I.
//
// Consistency of x: Z = A diag(x) = [[200,0,100],[100,400,0],[0,200,100]], final demand
// f = x − Z·1 = (400−300, 800−500, 400−300) = (100, 300, 100) >= 0, and L f =
// (2400+1200+800, 1200+7200+400, 400+2400+1600)/11 = (400, 800, 400) = x.
//
// Employment coefficients l = N / x = (1/8, 1/16, 1/4), all exact in binary.
//
// Tolerance: 1e-12 relative wherever the expected value is an exact rational. The code gets
// there through an LU factorisation and a few products of 3 × 3 matrices, each adding errors
// of a few units of 1e-16 relative; 1e-12 leaves four orders of magnitude for that and still
// catches any wrong formula, index or transposition (those change values at the 1e-2 level).
namespace {

constexpr double exact = 1e-12;

std::vector<std::string> codes3() { return {"A", "B", "C"}; }

Eigen::MatrixXd a3() {
  Eigen::MatrixXd a(3, 3);
  a << 0.5, 0.0, 0.25,  //
      0.25, 0.5, 0.0,   //
      0.0, 0.25, 0.25;
  return a;
}

Eigen::VectorXd vec(std::initializer_list<double> v) {
  Eigen::VectorXd r(static_cast<Eigen::Index>(v.size()));
  Eigen::Index i = 0;
  for (double x : v) r(i++) = x;
  return r;
}

IoTable table3() { return IoTable{codes3(), a3(), vec({400, 800, 400}), vec({50, 50, 100})}; }

IoModel model3() { return IoModel(table3(), "io.csv"); }

void check_close(const Eigen::MatrixXd& actual, const Eigen::MatrixXd& expected, double tol) {
  BOOST_TEST_REQUIRE(actual.rows() == expected.rows());
  BOOST_TEST_REQUIRE(actual.cols() == expected.cols());
  for (Eigen::Index i = 0; i < expected.rows(); ++i) {
    for (Eigen::Index j = 0; j < expected.cols(); ++j) {
      BOOST_TEST_CONTEXT("entry (" << i << ", " << j << ")") {
        BOOST_TEST(actual(i, j) == expected(i, j), tt::tolerance(tol));
      }
    }
  }
}

/// Entry by entry, no tolerance: for results that are exact in binary floating point.
void check_exact(const Eigen::MatrixXd& actual, const Eigen::MatrixXd& expected) {
  BOOST_TEST_REQUIRE(actual.rows() == expected.rows());
  BOOST_TEST_REQUIRE(actual.cols() == expected.cols());
  for (Eigen::Index i = 0; i < expected.rows(); ++i) {
    for (Eigen::Index j = 0; j < expected.cols(); ++j) {
      BOOST_TEST_CONTEXT("entry (" << i << ", " << j << ")") {
        BOOST_TEST(actual(i, j) == expected(i, j));
      }
    }
  }
}

/// Recovery times and target giving ρ = (1/16)^(1/4) = 1/2 per day in every sector, so that
/// k_i = (1 − 1/2) / (1 − a*_ii) = (1, 1, 2/3) for a*_ii = (1/2, 1/2, 1/4).
IimShock halving_shock(const Eigen::VectorXd& q0, int horizon_days) {
  IimShock s;
  s.initial_inoperability_share = q0;
  s.recovery_days = vec({4, 4, 4});
  s.horizon_days = horizon_days;
  return s;
}

IimSettings halving_settings() {
  IimSettings s;
  s.recovery_target_share = 1.0 / 16.0;
  s.employment_elasticity = 0.5;
  return s;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(test_indirect)

// ---- table and validation -------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(leontief_inverse_matches_the_hand_inverse) {
  const IoModel m = model3();
  Eigen::MatrixXd expected(3, 3);
  expected << 24, 4, 8, 12, 24, 4, 4, 8, 16;
  expected /= 11.0;
  check_close(m.leontief_inverse(), expected, exact);
  // And multiplying back: (I − A) L = I (zeros compared absolutely: 1e-15 is a few rounding
  // errors of entries of order 1).
  const Eigen::MatrixXd back = (Eigen::MatrixXd::Identity(3, 3) - a3()) * m.leontief_inverse();
  BOOST_TEST((back - Eigen::MatrixXd::Identity(3, 3)).cwiseAbs().maxCoeff() < 1e-15);
}

BOOST_AUTO_TEST_CASE(coefficients_from_transactions_divide_each_column_by_its_output) {
  Eigen::MatrixXd z(3, 3);
  z << 200, 0, 100, 100, 400, 0, 0, 200, 100;
  const IoTable t = shocks::io_table_from_transactions(codes3(), z, vec({400, 800, 400}),
                                                       vec({50, 50, 100}), "z.csv");
  // 200/400 etc. are exact in binary, and IEEE division is correctly rounded: equality holds.
  check_exact(t.coefficients_cny_per_cny, a3());
  BOOST_TEST(t.sector_codes == codes3(), tt::per_element());
  check_exact(t.gross_output_cny_per_year, vec({400, 800, 400}));
}

BOOST_AUTO_TEST_CASE(transactions_of_a_zero_output_sector_give_a_zero_column) {
  Eigen::MatrixXd z(2, 2);
  z << 10, 0, 5, 0;
  const IoTable t =
      shocks::io_table_from_transactions({"A", "B"}, z, vec({40, 0}), vec({1, 0}), "z.csv");
  Eigen::MatrixXd expected(2, 2);
  expected << 0.25, 0, 0.125, 0;  // 10/40, 5/40; column B has no output: 0
  check_exact(t.coefficients_cny_per_cny, expected);
}

BOOST_AUTO_TEST_CASE(rejects_a_column_sum_of_one) {
  IoTable t = table3();
  t.coefficients_cny_per_cny(2, 1) = 0.5;  // column B: 0 + 1/2 + 1/2 = 1
  BOOST_CHECK_EXCEPTION(IoModel(t, "io_2017.csv"), InputError,
                        message_has({"io_2017.csv: ", "sector 'B'", "sum to 1;", "expected < 1"}));
  t.coefficients_cny_per_cny(2, 1) = 0.75;  // above 1 as well
  BOOST_CHECK_EXCEPTION(IoModel(t, "io_2017.csv"), InputError,
                        message_has({"io_2017.csv: ", "sector 'B'", "sum to 1.25"}));
}

BOOST_AUTO_TEST_CASE(rejects_a_negative_or_nan_coefficient) {
  IoTable t = table3();
  t.coefficients_cny_per_cny(1, 2) = -0.1;
  BOOST_CHECK_EXCEPTION(
      IoModel(t, "io_2017.csv"), InputError,
      message_has({"io_2017.csv: ", "a['B', 'C']", "= -0.1", "expected a finite number >= 0"}));
  t.coefficients_cny_per_cny(1, 2) = std::nan("");
  BOOST_CHECK_EXCEPTION(IoModel(t, "io_2017.csv"), InputError,
                        message_has({"io_2017.csv: ", "a['B', 'C']", "= nan"}));
}

BOOST_AUTO_TEST_CASE(rejects_mismatched_sizes_naming_the_sector_left_out) {
  IoTable t = table3();
  t.coefficients_cny_per_cny = a3().leftCols(2);
  BOOST_CHECK_EXCEPTION(IoModel(t, "io.csv"), InputError,
                        message_has({"io.csv: ", "coefficient matrix A is 3 × 2 for 3 sectors",
                                     "sector 'C' has no column", "expected 3 × 3"}));
  t = table3();
  t.gross_output_cny_per_year = vec({400, 800});
  BOOST_CHECK_EXCEPTION(
      IoModel(t, "io.csv"), InputError,
      message_has({"io.csv: ", "gross output has 2 values for 3 sectors", "sector 'C' has none"}));
  t = table3();
  t.employment_persons = vec({1, 2, 3, 4});
  BOOST_CHECK_EXCEPTION(IoModel(t, "io.csv"), InputError,
                        message_has({"io.csv: ", "employment has 4 values for 3 sectors"}));
  Eigen::MatrixXd z = Eigen::MatrixXd::Zero(2, 3);
  BOOST_CHECK_EXCEPTION(
      shocks::io_table_from_transactions(codes3(), z, vec({1, 1, 1}), vec({0, 0, 0}), "z.csv"),
      InputError,
      message_has({"z.csv: ", "transactions matrix Z is 2 × 3", "sector 'C' has no row"}));
}

BOOST_AUTO_TEST_CASE(rejects_jobs_without_output_and_supplies_without_output) {
  IoTable t = table3();
  t.gross_output_cny_per_year(2) = 0.0;  // C: 100 persons, no output
  BOOST_CHECK_EXCEPTION(
      IoModel(t, "io.csv"), InputError,
      message_has({"io.csv: ", "sector 'C' employs 100 persons", "gross output 0"}));
  t.employment_persons(2) = 0.0;  // now C supplies a[C, B] = 1/4 to B without any output
  BOOST_CHECK_EXCEPTION(
      IoModel(t, "io.csv"), InputError,
      message_has({"io.csv: ", "sector 'C' has gross output 0 but supplies", "to sector 'B'"}));
  Eigen::MatrixXd z(2, 2);
  z << 10, 5, 0, 0;
  BOOST_CHECK_EXCEPTION(
      shocks::io_table_from_transactions({"A", "B"}, z, vec({40, 0}), vec({1, 0}), "z.csv"),
      InputError,
      message_has({"z.csv: ", "sector 'B' has zero gross output but buys 5", "from sector 'A'"}));
}

BOOST_AUTO_TEST_CASE(rejects_negative_transactions_duplicate_codes_and_negative_output) {
  Eigen::MatrixXd z(2, 2);
  z << 10, -5, 0, 0;
  BOOST_CHECK_EXCEPTION(
      shocks::io_table_from_transactions({"A", "B"}, z, vec({40, 20}), vec({1, 1}), "z.csv"),
      InputError, message_has({"z.csv: ", "transaction from sector 'A' to sector 'B' = -5"}));
  IoTable t = table3();
  t.sector_codes = {"A", "B", "A"};
  BOOST_CHECK_EXCEPTION(IoModel(t, "io.csv"), InputError,
                        message_has({"io.csv: ", "sector 'A' appears twice"}));
  t = table3();
  t.gross_output_cny_per_year(1) = -800;
  BOOST_CHECK_EXCEPTION(IoModel(t, "io.csv"), InputError,
                        message_has({"io.csv: ", "sector 'B': gross output = -800"}));
}

BOOST_AUTO_TEST_CASE(rejects_a_nearly_singular_i_minus_a) {
  // Column sums 1 − 1e-12 pass the productivity test, but det(I − A) = 1/4 − (1/2 − δ)² ≈ δ
  // = 1e-12 while the entries are of order 1/2: the reciprocal condition number is ~1e-12.
  const double d = 1e-12;
  Eigen::MatrixXd a(2, 2);
  a << 0.5, 0.5 - d, 0.5 - d, 0.5;
  BOOST_CHECK_EXCEPTION(IoModel(IoTable{{"A", "B"}, a, vec({1, 1}), vec({1, 1})}, "io.csv"),
                        InputError,
                        message_has({"io.csv: ", "I − A is singular or nearly so", "sector 'A'"}));
}

// ---- Leontief demand model ------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(output_response_is_the_leontief_inverse_times_the_demand_change) {
  const IoModel m = model3();
  // df = (0, 11, 22): dx = (4·11 + 8·22, 24·11 + 4·22, 8·11 + 16·22)/11 = (20, 32, 40).
  check_close(shocks::output_response_cny_per_year(m, vec({0, 11, 22})), vec({20, 32, 40}), exact);
  // The table's own final demand gives back its gross output (see the comment at the top).
  check_close(shocks::output_response_cny_per_year(m, vec({100, 300, 100})), vec({400, 800, 400}),
              exact);
  // Lost exports have the opposite sign.
  check_close(shocks::output_response_cny_per_year(m, vec({-11, 0, 0})), vec({-24, -12, -4}),
              exact);
}

BOOST_AUTO_TEST_CASE(employment_response_and_type1_multipliers_match_the_hand_values) {
  const IoModel m = model3();
  check_close(m.employment_coefficients_persons_per_cny_per_year(), vec({0.125, 0.0625, 0.25}),
              exact);
  // dN = l ⊙ dx = (1/8·20, 1/16·32, 1/4·40) = (2.5, 2, 10).
  check_close(shocks::employment_response_persons(m, vec({0, 11, 22})), vec({2.5, 2, 10}), exact);
  // Σ_i l_i L_ij / l_j:
  //   j = A: (24/8 + 12/16 + 4/4)/11 = 4.75/11, / (1/8)  = 38/11
  //   j = B: (4/8 + 24/16 + 8/4)/11  = 4/11,    / (1/16) = 64/11
  //   j = C: (8/8 + 4/16 + 16/4)/11  = 5.25/11, / (1/4)  = 21/11
  check_close(shocks::type1_employment_multipliers(m), vec({38, 64, 21}) / 11.0, exact);
}

BOOST_AUTO_TEST_CASE(demand_change_of_the_wrong_size_is_a_bug) {
  BOOST_CHECK_EXCEPTION(shocks::output_response_cny_per_year(model3(), vec({1, 2})), InternalError,
                        message_has({"final demand change has 2 values for 3"}));
}

// ---- Multi-regional use -----------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(multi_regional_codes_work_unchanged_and_sum_by_region) {
  // The worked example read as two regions: GD with sectors A and B, HB with sector A.
  IoTable t = table3();
  t.sector_codes = {"GD.A", "GD.B", "HB.A"};
  const IoModel m(t, "mrio.csv");
  const Eigen::VectorXd dn = shocks::employment_response_persons(m, vec({0, 11, 22}));
  const auto r = shocks::sum_by_region(m.table().sector_codes, dn, "mrio.csv");
  BOOST_TEST(r.regions == (std::vector<std::string>{"GD", "HB"}), tt::per_element());
  // GD: 2.5 + 2 = 4.5; HB: 10.
  check_close(r.values, vec({4.5, 10}), exact);
}

BOOST_AUTO_TEST_CASE(sum_by_region_keeps_first_appearance_order_and_all_columns) {
  Eigen::MatrixXd v(4, 2);
  v << 1, 10, 2, 20, 3, 30, 4, 40;
  const auto r = shocks::sum_by_region({"HB.A", "GD.A", "HB.B", "GD.B"}, v, "mrio.csv");
  BOOST_TEST(r.regions == (std::vector<std::string>{"HB", "GD"}), tt::per_element());
  Eigen::MatrixXd expected(2, 2);
  expected << 4, 40, 6, 60;  // HB = rows 1 + 3, GD = rows 2 + 4; sums of integers are exact
  check_exact(r.values, expected);
}

BOOST_AUTO_TEST_CASE(codes_without_a_region_prefix_are_rejected) {
  BOOST_CHECK_EXCEPTION(shocks::region_of("C", "io.csv"), InputError,
                        message_has({"io.csv: ", "sector code 'C' has no region prefix"}));
  BOOST_CHECK_EXCEPTION(shocks::region_of(".C", "io.csv"), InputError,
                        message_has({"sector code '.C'"}));
  BOOST_CHECK_EXCEPTION(shocks::region_of("GD.", "io.csv"), InputError,
                        message_has({"sector code 'GD.'"}));
  BOOST_TEST(shocks::region_of("GD.C.1", "io.csv") == "GD");
}

// ---- Inoperability IO model ---------------------------------------------------------------------

// a*_ij = a_ij x_j / x_i with x = (400, 800, 400):
//   A* = | 1/2        0            1/4·400/400 |   | 1/2  0   1/4 |
//        | 1/4·400/800  1/2        0           | = | 1/8 1/2   0  |
//        | 0          1/4·800/400  1/4         |   |  0  1/2  1/4 |
// (I − A*)^{-1} = diag(x)^{-1} L diag(x), entry L_ij x_j / x_i:
//   = | 24   8   8 | / 11   multiplying back by I − A* = | 1/2   0  −1/4 |: row 1 · column 1 =
//     |  6  24   2 |                                     |−1/8  1/2   0  |  (12 − 1)/11 = 1,
//     |  4  16  16 |                                     |  0  −1/2  3/4 |  row 1 · column 2 =
//   (4 − 4)/11 = 0, row 2 · column 2 = (−1 + 12)/11 = 1, row 3 · column 2 = (−12 + 12)/11 = 0,
//   row 3 · column 3 = (−1 + 12)/11 = 1, and the other four products are 0 likewise.

BOOST_AUTO_TEST_CASE(interdependency_matrix_rescales_a_by_output) {
  Eigen::MatrixXd expected(3, 3);
  expected << 0.5, 0, 0.25, 0.125, 0.5, 0, 0, 0.5, 0.25;
  // Products and quotients of binary-exact numbers with binary-exact results: exact.
  check_exact(shocks::interdependency_matrix(model3()), expected);
}

BOOST_AUTO_TEST_CASE(static_inoperability_matches_the_hand_solution) {
  // c* = (1/8, 0, 1/16): q = (24/8 + 8/16, 6/8 + 2/16, 4/8 + 16/16)/11 = (3.5, 0.875, 1.5)/11
  //    = (7/22, 7/88, 3/22).
  // Check q = A* q + c*: row 1: 1/2·7/22 + 1/4·3/22 + 1/8 = (14 + 3 + 11)/88 = 7/22;
  //    row 2: 1/8·7/22 + 1/2·7/88 = (7 + 7)/176 = 7/88;
  //    row 3: 1/2·7/88 + 1/4·3/22 + 1/16 = (7 + 6 + 11)/176 = 3/22.
  const auto r = shocks::static_inoperability(model3(), vec({0.125, 0, 0.0625}), IimSettings{});
  check_close(r.inoperability_share, vec({7.0 / 22, 7.0 / 88, 3.0 / 22}), exact);
  // x ⊙ q = (400·7/22, 800·7/88, 400·3/22) = (1400, 700, 600)/11, which is also L (x ⊙ c*) =
  // L (50, 0, 25) = (1200 + 200, 600 + 100, 200 + 400)/11.
  check_close(r.output_loss_cny_per_year, vec({1400, 700, 600}) / 11.0, exact);
  // η N ⊙ q with η = 0.5 (default): 0.5·(50·7/22, 50·7/88, 100·3/22) = (175/22, 175/88, 75/11).
  check_close(r.employment_loss_persons, vec({175.0 / 22, 175.0 / 88, 75.0 / 11}), exact);
  BOOST_TEST(r.clamped_count == 0);
}

BOOST_AUTO_TEST_CASE(static_inoperability_above_one_is_clamped_and_counted) {
  // c* = (1, 0, 0): q = first column of (I − A*)^{-1} = (24, 6, 4)/11; 24/11 > 1 → 1.
  const auto r = shocks::static_inoperability(model3(), vec({1, 0, 0}), IimSettings{});
  check_close(r.inoperability_share, vec({1, 6.0 / 11, 4.0 / 11}), exact);
  BOOST_TEST(r.clamped_count == 1);
  BOOST_TEST(r.output_loss_cny_per_year(0) == 400.0, tt::tolerance(exact));
}

BOOST_AUTO_TEST_CASE(zero_output_sector_is_decoupled) {
  // Sector C has no output in this region (N = 0, row C = 0) but keeps its national column.
  //   A = [[1/2, 0, 1/4], [1/4, 1/2, 0], [0, 0, 0]], x = (400, 800, 0).
  // A* = [[1/2, 0, 0], [1/8, 1/2, 0], [0, 0, 0]] (a*_13 = 1/4·0/400 = 0; row C stays 0).
  // On A, B: (I − A*)^{-1} = [[1/2, 0], [−1/8, 1/2]]^{-1} = [[2, 0], [1/2, 2]]
  // (check: [[1/2,0],[−1/8,1/2]]·[[2,0],[1/2,2]] = [[1,0],[−1/4 + 1/4, 1]]).
  // c* = (1/8, 0, 1/2): q = (2/8, 1/2·1/8, c*_C) = (1/4, 1/16, 1/2).
  IoTable t = table3();
  t.coefficients_cny_per_cny.row(2).setZero();
  t.gross_output_cny_per_year(2) = 0;
  t.employment_persons(2) = 0;
  const IoModel m(t, "io.csv");
  Eigen::MatrixXd a_star(3, 3);
  a_star << 0.5, 0, 0, 0.125, 0.5, 0, 0, 0, 0;
  check_exact(shocks::interdependency_matrix(m), a_star);
  const auto r = shocks::static_inoperability(m, vec({0.125, 0, 0.5}), IimSettings{});
  check_close(r.inoperability_share, vec({0.25, 0.0625, 0.5}), exact);
  // x ⊙ q = (100, 50, 0); η N ⊙ q = 0.5·(50/4, 50/16, 0) = (6.25, 1.5625, 0).
  BOOST_TEST(r.output_loss_cny_per_year(2) == 0.0);
  check_close(r.output_loss_cny_per_year.head(2), vec({100, 50}), exact);
  check_close(r.employment_loss_persons.head(2), vec({6.25, 1.5625}), exact);
  BOOST_TEST(std::isnan(shocks::type1_employment_multipliers(m)(2)));
}

BOOST_AUTO_TEST_CASE(resilience_makes_the_daily_share_kept_the_target_root) {
  // φ = 1/16, T = 4 d: ρ = (1/16)^(1/4) = 1/2; k = (1 − 1/2)/(1 − a_ii) = (1, 1, 2/3).
  check_close(shocks::resilience_per_day(model3(), vec({4, 4, 4}), 1.0 / 16), vec({1, 1, 2.0 / 3}),
              exact);
  // φ = 1%, T = 10 d, a_11 = 1/2: ρ = 10^(−0.2) = 1/1.5848931924611135 (fifth root of 10) =
  // 0.63095734448019325, k = 2 (1 − ρ) = 0.7380853110396135.
  BOOST_TEST(shocks::resilience_per_day(model3(), vec({10, 10, 10}), 0.01)(0) == 0.7380853110396135,
             tt::tolerance(exact));
}

BOOST_AUTO_TEST_CASE(resilience_approaches_the_continuous_rate_for_long_recoveries) {
  // docs/model.md's continuous k (1 − a_ii) T = ln(1/φ) = ln 100 = 4.605170185988092; the
  // discrete one is (1 − e^{−u}) T with u = ln 100 / T, smaller by a relative u/2 − u²/6 + ...
  // For T = 36500 d, u = 1.26169e-4: smaller by 6.308e-5 (checked to 2 %, the u² term is 0.01 %).
  const double t = 36500;
  const double k = shocks::resilience_per_day(model3(), vec({t, t, t}), 0.01)(0);
  const double discrete = k * (1 - 0.5) * t;
  const double continuous = 4.605170185988092;
  BOOST_TEST((continuous - discrete) / continuous == 6.308e-5, tt::tolerance(0.02));
}

BOOST_AUTO_TEST_CASE(isolated_sector_recovers_to_the_target_at_its_recovery_time) {
  // Diagonal table: A* = A = diag(1/2, 1/4, 0), no coupling, c* = 0. Then
  // q_i(t+1) = q_i(t) + k_i (a_ii − 1) q_i(t) = ρ_i q_i(t), so q_i(t) = q_i(0) ρ_i^t and
  // q_i(T_i) = q_i(0) (φ^(1/T_i))^(T_i) = φ q_i(0).
  Eigen::MatrixXd a = Eigen::MatrixXd::Zero(3, 3);
  a(0, 0) = 0.5;
  a(1, 1) = 0.25;
  const IoModel m(IoTable{codes3(), a, vec({100, 200, 300}), vec({10, 20, 30})}, "io.csv");
  IimShock s;
  s.initial_inoperability_share = vec({0.5, 0.2, 1.0});
  s.recovery_days = vec({30, 90, 365});
  s.horizon_days = 366;
  IimSettings settings;  // φ = 1 %
  const auto p = shocks::dynamic_inoperability(m, s, settings);
  BOOST_TEST_REQUIRE(p.inoperability_share.cols() == 366);
  // Each step multiplies by ρ_i with one rounding (~1.1e-16 relative): after 365 steps at most
  // ~4e-14, inside the 1e-12 tolerance.
  BOOST_TEST(p.inoperability_share(0, 30) == 0.005, tt::tolerance(exact));
  BOOST_TEST(p.inoperability_share(1, 90) == 0.002, tt::tolerance(exact));
  BOOST_TEST(p.inoperability_share(2, 365) == 0.01, tt::tolerance(exact));
  // Not there one day earlier: q(T − 1) = φ q(0) / ρ, e.g. 0.005 / 0.01^(1/30) = 0.005·1.165914.
  BOOST_TEST(p.inoperability_share(0, 29) == 0.005 * 1.1659144011798317, tt::tolerance(exact));
  BOOST_TEST(p.clamped_count == 0);
}

BOOST_AUTO_TEST_CASE(isolated_sector_halves_every_day_and_losses_follow) {
  // Same diagonal table, φ = 1/1024 and T = 10 d: ρ = 1/2, q_i(t) = q_i(0)/2^t exactly.
  Eigen::MatrixXd a = Eigen::MatrixXd::Zero(3, 3);
  a(0, 0) = 0.5;
  a(1, 1) = 0.25;
  const IoModel m(IoTable{codes3(), a, vec({365, 730, 300}), vec({10, 20, 30})}, "io.csv");
  IimShock s;
  s.initial_inoperability_share = vec({0.5, 1.0, 0.0});
  s.recovery_days = vec({10, 10, 10});
  s.horizon_days = 11;
  IimSettings settings;
  settings.recovery_target_share = 1.0 / 1024;
  settings.employment_elasticity = 0.5;
  const auto p = shocks::dynamic_inoperability(m, s, settings);
  for (Eigen::Index t = 0; t <= 10; ++t) {
    const double half_t = std::ldexp(1.0, -static_cast<int>(t));
    BOOST_TEST_CONTEXT("day " << t) {
      BOOST_TEST(p.inoperability_share(0, t) == 0.5 * half_t, tt::tolerance(exact));
      BOOST_TEST(p.inoperability_share(1, t) == half_t, tt::tolerance(exact));
      BOOST_TEST(p.inoperability_share(2, t) == 0.0);
      // x q / 365 = 365·0.5/2^t / 365 and 730/2^t / 365; η N q = 0.5·10·0.5/2^t, 0.5·20/2^t.
      BOOST_TEST(p.output_loss_cny_per_day(0, t) == 0.5 * half_t, tt::tolerance(exact));
      BOOST_TEST(p.output_loss_cny_per_day(1, t) == 2.0 * half_t, tt::tolerance(exact));
      BOOST_TEST(p.employment_loss_persons(0, t) == 2.5 * half_t, tt::tolerance(exact));
      BOOST_TEST(p.employment_loss_persons(1, t) == 10.0 * half_t, tt::tolerance(exact));
    }
  }
  // Σ_{t=0}^{10} 2^−t = 2047/1024: totals 0.5·2047/1024 and 2·2047/1024 CNY.
  BOOST_TEST(p.total_output_loss_cny(0) == 0.5 * 2047 / 1024, tt::tolerance(exact));
  BOOST_TEST(p.total_output_loss_cny(1) == 2.0 * 2047 / 1024, tt::tolerance(exact));
}

BOOST_AUTO_TEST_CASE(isolated_sector_reproduces_the_flood_recovery_with_target_e_minus_3) {
  // The flood module's direct path is Δ(0) e^(−t/τ) with τ = T_BI / 3. With φ = e^−3 and
  // T_i = T_BI, ρ = e^(−3/T_BI) = e^(−1/τ), so an isolated sector's q(t) equals Δ(0) e^(−t/τ)
  // at every whole day. T_BI = 60 d, τ = 20 d, Δ(0) = 0.4: q(20) = 0.4 e^−1 = 0.14715177646857694,
  // q(60) = 0.4 e^−3 = 0.01991482734714558.
  Eigen::MatrixXd a = Eigen::MatrixXd::Zero(3, 3);
  a(0, 0) = 0.5;
  const IoModel m(IoTable{codes3(), a, vec({100, 200, 300}), vec({10, 20, 30})}, "io.csv");
  IimShock s;
  s.initial_inoperability_share = vec({0.4, 0, 0});
  s.recovery_days = vec({60, 60, 60});
  s.horizon_days = 61;
  IimSettings settings;
  settings.recovery_target_share = std::exp(-3.0);
  const auto p = shocks::dynamic_inoperability(m, s, settings);
  // 60 multiplications by ρ and one pow: ~1e-14 relative at most; e^−1, e^−3 given to 17 digits.
  BOOST_TEST(p.inoperability_share(0, 20) == 0.14715177646857694, tt::tolerance(exact));
  BOOST_TEST(p.inoperability_share(0, 60) == 0.01991482734714558, tt::tolerance(exact));
}

BOOST_AUTO_TEST_CASE(coupled_dynamic_steps_match_the_hand_recursion) {
  // A* as above, ρ = 1/2 and k = (1, 1, 2/3) (halving_shock), c* = 0, q(0) = (1/2, 0, 0):
  // q(t+1) = q + K (A* q − q).
  //   A* q(0) = (1/4, 1/16, 0);              q(1) = q(0) + K (−1/4, 1/16, 0)   = (1/4, 1/16, 0)
  //   A* q(1) = (1/8, 1/32 + 1/32, 1/32);    q(2) = q(1) + K (−1/8, 0, 1/32)   = (1/8, 1/16, 1/48)
  //   A* q(2) = (1/16 + 1/192, 1/64 + 1/32, 1/32 + 1/192) = (13/192, 3/64, 7/192);
  //                                           q(3) = q(2) + K (−11/192, −1/64, 1/64)
  //                                                = (13/192, 3/64, 1/48 + 1/96)
  //                                                = (13/192, 3/64, 1/32)
  // C is never hit directly; it loses output through its customer B.
  const auto p = shocks::dynamic_inoperability(model3(), halving_shock(vec({0.5, 0, 0}), 4),
                                               halving_settings());
  Eigen::MatrixXd expected(3, 4);
  expected << 0.5, 0.25, 0.125, 13.0 / 192,  //
      0, 1.0 / 16, 1.0 / 16, 3.0 / 64,       //
      0, 0, 1.0 / 48, 1.0 / 32;
  for (Eigen::Index t = 0; t < 4; ++t) {
    BOOST_TEST_CONTEXT("day " << t) {
      for (Eigen::Index i = 0; i < 3; ++i) {
        if (expected(i, t) == 0.0) {
          BOOST_TEST(p.inoperability_share(i, t) == 0.0);  // nothing has reached it: exact
        } else {
          BOOST_TEST(p.inoperability_share(i, t) == expected(i, t), tt::tolerance(exact));
        }
      }
    }
  }
  // Day 2: η N ⊙ q = 0.5·(50/8, 50/16, 100/48) = (3.125, 1.5625, 25/24) persons;
  // day 1: x ⊙ q / 365 = (100, 50, 0)/365 CNY.
  check_close(p.employment_loss_persons.col(2), vec({3.125, 1.5625, 25.0 / 24}), exact);
  check_close(p.output_loss_cny_per_day.col(1).head(2), vec({100.0 / 365, 50.0 / 365}), exact);
  check_close(p.resilience_per_day, vec({1, 1, 2.0 / 3}), exact);
}

BOOST_AUTO_TEST_CASE(constant_demand_perturbation_settles_at_the_static_solution) {
  // A fixed point of q ← q + K (A* q + c* − q) has A* q + c* = q: the static solution
  // (7/22, 7/88, 3/22) for c* = (1/8, 0, 1/16). The step matrix diag(ρ) + K A*_off =
  // [[1/2, 0, 1/4], [1/8, 1/2, 0], [0, 1/3, 1/2]] is non-negative with row sums <= 5/6, so
  // the error shrinks at least by 5/6 a day: (5/6)^400 ≈ 1e-32, far below the tolerance.
  IimShock s = halving_shock(vec({0, 0, 0}), 401);
  s.demand_perturbation_share = vec({0.125, 0, 0.0625});
  const auto p = shocks::dynamic_inoperability(model3(), s, halving_settings());
  check_close(p.inoperability_share.col(400), vec({7.0 / 22, 7.0 / 88, 3.0 / 22}), exact);
  // Day 1 from q(0) = 0: q(1) = K c* = (1/8, 0, 2/3·1/16 = 1/24).
  check_close(p.inoperability_share.col(1).head(1), vec({0.125}), exact);
  BOOST_TEST(p.inoperability_share(1, 1) == 0.0);
  BOOST_TEST(p.inoperability_share(2, 1) == 1.0 / 24, tt::tolerance(exact));
}

BOOST_AUTO_TEST_CASE(dynamic_inoperability_above_one_is_clamped_and_counted) {
  // q(0) = (1, 0, 0), c* = (1, 0, 0): q_A(1) = 1/2·1 + 1·(0 + 1) = 3/2 → 1 (counted);
  // q_B(1) = 1·(1/8·1) = 1/8; q_C(1) = 2/3·(1/2·0) = 0.
  IimShock s = halving_shock(vec({1, 0, 0}), 2);
  s.demand_perturbation_share = vec({1, 0, 0});
  const auto p = shocks::dynamic_inoperability(model3(), s, halving_settings());
  BOOST_TEST(p.inoperability_share(0, 1) == 1.0);
  BOOST_TEST(p.inoperability_share(1, 1) == 0.125, tt::tolerance(exact));
  BOOST_TEST(p.inoperability_share(2, 1) == 0.0);
  BOOST_TEST(p.clamped_count == 1);
}

BOOST_AUTO_TEST_CASE(dynamic_inoperability_rejects_broken_preconditions) {
  IimShock s = halving_shock(vec({1.5, 0, 0}), 2);
  BOOST_CHECK_EXCEPTION(shocks::dynamic_inoperability(model3(), s, halving_settings()),
                        InternalError,
                        message_has({"q(0) of sector 'A'", "= 1.5", "expected a share in [0, 1]"}));
  s = halving_shock(vec({0.5, 0, 0}), 2);
  s.recovery_days(2) = 0;
  BOOST_CHECK_EXCEPTION(shocks::dynamic_inoperability(model3(), s, halving_settings()),
                        InternalError, message_has({"recovery_days of sector 'C' = 0"}));
  s = halving_shock(vec({0.5, 0, 0}), 5);
  s.demand_perturbation_share = Eigen::MatrixXd::Zero(3, 3);
  BOOST_CHECK_EXCEPTION(shocks::dynamic_inoperability(model3(), s, halving_settings()),
                        InternalError, message_has({"c* has 3 columns; expected 0, 1 or"}));
  s = halving_shock(vec({0.5, 0, 0}), 5);
  IimSettings bad = halving_settings();
  bad.recovery_target_share = 1.0;
  BOOST_CHECK_EXCEPTION(shocks::dynamic_inoperability(model3(), s, bad), InternalError,
                        message_has({"recovery_target_share = 1"}));
}

BOOST_AUTO_TEST_SUITE_END()

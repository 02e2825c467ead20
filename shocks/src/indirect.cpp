#include "spstress/shocks/indirect.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "spstress/core/error.hpp"

namespace spstress::shocks {

namespace {

/// Below this reciprocal condition number L would keep fewer than 6 of double's 16 significant
/// digits; a productive table (column sums well below 1) is many orders of magnitude above it.
constexpr double min_reciprocal_condition = 1e-10;

/// Days in a year when a rate per year becomes a daily amount (docs/model.md §2.2, x/365).
constexpr double days_per_year = 365.0;

std::string number(double x) {
  std::ostringstream os;
  os.precision(10);
  os << x;
  return os.str();
}

std::string quoted(const std::string& code) { return "'" + code + "'"; }

bool finite_non_negative(double x) { return x >= 0.0 && std::isfinite(x); }

/// "sector 'C'" when the index has a code, "the 4th row/column" otherwise.
std::string sector_name(const std::vector<std::string>& codes, Eigen::Index i) {
  if (i < static_cast<Eigen::Index>(codes.size())) {
    return "sector " + quoted(codes[static_cast<std::size_t>(i)]);
  }
  return "row/column " + std::to_string(i + 1) + " (no sector code)";
}

/// Codes: at least one, none empty, no duplicates.
void check_codes(const std::vector<std::string>& codes, const std::string& at) {
  if (codes.empty()) {
    throw InputError(at + "no sectors; expected at least one sector code");
  }
  std::unordered_map<std::string, std::size_t> seen;
  for (std::size_t i = 0; i < codes.size(); ++i) {
    if (codes[i].empty()) {
      throw InputError(at + "sector code " + std::to_string(i + 1) +
                       " is empty; expected a non-empty code");
    }
    const auto [it, inserted] = seen.emplace(codes[i], i);
    if (!inserted) {
      throw InputError(at + "sector " + quoted(codes[i]) + " appears twice (positions " +
                       std::to_string(it->second + 1) + " and " + std::to_string(i + 1) +
                       "); expected unique codes");
    }
  }
}

/// A square matrix with one row and column per code.
void check_matrix_shape(const Eigen::MatrixXd& m, const std::vector<std::string>& codes,
                        const std::string& what, const std::string& at) {
  const auto n = static_cast<Eigen::Index>(codes.size());
  if (m.rows() == n && m.cols() == n) return;
  std::string culprit;
  if (m.rows() < n || m.cols() < n) {
    const Eigen::Index first_missing = std::min(m.rows(), m.cols());
    culprit = "sector " + quoted(codes[static_cast<std::size_t>(first_missing)]) + " has no " +
              (m.rows() <= m.cols() ? "row" : "column");
  } else {
    culprit = "row/column " + std::to_string(n + 1) + " has no sector code";
  }
  throw InputError(at + what + " is " + std::to_string(m.rows()) + " × " +
                   std::to_string(m.cols()) + " for " + std::to_string(n) + " sectors (" + culprit +
                   "); expected " + std::to_string(n) + " × " + std::to_string(n));
}

/// A vector with one value per code, each finite and >= 0.
void check_sector_vector(const Eigen::VectorXd& v, const std::vector<std::string>& codes,
                         const std::string& what, const std::string& at) {
  const auto n = static_cast<Eigen::Index>(codes.size());
  if (v.size() != n) {
    const std::string culprit =
        v.size() < n ? "sector " + quoted(codes[static_cast<std::size_t>(v.size())]) + " has none"
                     : "value " + std::to_string(n + 1) + " has no sector code";
    throw InputError(at + what + " has " + std::to_string(v.size()) + " values for " +
                     std::to_string(n) + " sectors (" + culprit + "); expected " +
                     std::to_string(n));
  }
  for (Eigen::Index i = 0; i < n; ++i) {
    if (!finite_non_negative(v(i))) {
      throw InputError(at + sector_name(codes, i) + ": " + what + " = " + number(v(i)) +
                       "; expected a finite number >= 0");
    }
  }
}

/// Preconditions of the model functions: one value per sector, finite.
void check_size(const IoModel& model, Eigen::Index size, const char* function, const char* what) {
  if (size != model.sector_count()) {
    throw InternalError(std::string(function) + ": " + what + " has " + std::to_string(size) +
                        " values for " + std::to_string(model.sector_count()) + " sectors");
  }
}

void check_finite(const IoModel& model, const Eigen::VectorXd& v, const char* function,
                  const char* what) {
  check_size(model, v.size(), function, what);
  for (Eigen::Index i = 0; i < v.size(); ++i) {
    if (!std::isfinite(v(i))) {
      throw InternalError(std::string(function) + ": " + what + " of " +
                          sector_name(model.table().sector_codes, i) + " = " + number(v(i)) +
                          "; expected a finite number");
    }
  }
}

void check_shares(const IoModel& model, const Eigen::MatrixXd& m, const char* function,
                  const char* what) {
  check_size(model, m.rows(), function, what);
  for (Eigen::Index t = 0; t < m.cols(); ++t) {
    for (Eigen::Index i = 0; i < m.rows(); ++i) {
      if (!(m(i, t) >= 0.0 && m(i, t) <= 1.0)) {
        throw InternalError(std::string(function) + ": " + what + " of " +
                            sector_name(model.table().sector_codes, i) + " (column " +
                            std::to_string(t) + ") = " + number(m(i, t)) +
                            "; expected a share in [0, 1]");
      }
    }
  }
}

void check_settings(const IimSettings& s, const char* function) {
  const std::string who = std::string(function) + ": IimSettings.";
  if (!(s.recovery_target_share > 0.0 && s.recovery_target_share < 1.0)) {
    throw InternalError(who + "recovery_target_share = " + number(s.recovery_target_share) +
                        "; expected a share in (0, 1)");
  }
  if (!(s.employment_elasticity >= 0.0 && s.employment_elasticity <= 1.0)) {
    throw InternalError(who + "employment_elasticity = " + number(s.employment_elasticity) +
                        "; expected a number in [0, 1]");
  }
}

}  // namespace

IoTable io_table_from_transactions(std::vector<std::string> sector_codes,
                                   const Eigen::MatrixXd& transactions_cny_per_year,
                                   Eigen::VectorXd gross_output_cny_per_year,
                                   Eigen::VectorXd employment_persons, std::string_view where) {
  const std::string at = std::string(where) + ": ";
  check_codes(sector_codes, at);
  check_matrix_shape(transactions_cny_per_year, sector_codes, "transactions matrix Z", at);
  check_sector_vector(gross_output_cny_per_year, sector_codes, "gross output", at);
  check_sector_vector(employment_persons, sector_codes, "employment", at);
  const Eigen::MatrixXd& z = transactions_cny_per_year;
  const Eigen::Index n = z.rows();
  Eigen::MatrixXd a = Eigen::MatrixXd::Zero(n, n);
  for (Eigen::Index j = 0; j < n; ++j) {
    const double x_j = gross_output_cny_per_year(j);
    for (Eigen::Index i = 0; i < n; ++i) {
      if (!finite_non_negative(z(i, j))) {
        throw InputError(at + "transaction from sector " + quoted(sector_codes[std::size_t(i)]) +
                         " to sector " + quoted(sector_codes[std::size_t(j)]) + " = " +
                         number(z(i, j)) + "; expected a finite number >= 0");
      }
      if (z(i, j) > 0.0 && x_j == 0.0) {
        throw InputError(at + "sector " + quoted(sector_codes[std::size_t(j)]) +
                         " has zero gross output but buys " + number(z(i, j)) + " from sector " +
                         quoted(sector_codes[std::size_t(i)]) +
                         "; expected no purchases without output");
      }
      if (x_j > 0.0) a(i, j) = z(i, j) / x_j;
    }
  }
  return IoTable{std::move(sector_codes), std::move(a), std::move(gross_output_cny_per_year),
                 std::move(employment_persons)};
}

IoModel::IoModel(IoTable table, std::string_view where) : table_(std::move(table)) {
  const std::string at = std::string(where) + ": ";
  const auto& codes = table_.sector_codes;
  check_codes(codes, at);
  const Eigen::MatrixXd& a = table_.coefficients_cny_per_cny;
  check_matrix_shape(a, codes, "coefficient matrix A", at);
  const Eigen::VectorXd& x = table_.gross_output_cny_per_year;
  const Eigen::VectorXd& jobs = table_.employment_persons;
  check_sector_vector(x, codes, "gross output", at);
  check_sector_vector(jobs, codes, "employment", at);
  const Eigen::Index n = a.rows();

  for (Eigen::Index i = 0; i < n; ++i) {
    if (jobs(i) > 0.0 && x(i) == 0.0) {
      throw InputError(at + "sector " + quoted(codes[std::size_t(i)]) + " employs " +
                       number(jobs(i)) +
                       " persons but has gross output 0; expected output > 0 where there is "
                       "employment");
    }
  }
  for (Eigen::Index j = 0; j < n; ++j) {
    double column_sum = 0.0;
    for (Eigen::Index i = 0; i < n; ++i) {
      const double a_ij = a(i, j);
      if (!finite_non_negative(a_ij)) {
        throw InputError(at + "coefficient a[" + quoted(codes[std::size_t(i)]) + ", " +
                         quoted(codes[std::size_t(j)]) + "] (input from sector " +
                         quoted(codes[std::size_t(i)]) + " per unit output of sector " +
                         quoted(codes[std::size_t(j)]) + ") = " + number(a_ij) +
                         "; expected a finite number >= 0");
      }
      if (a_ij > 0.0 && x(i) == 0.0 && x(j) > 0.0) {
        throw InputError(at + "sector " + quoted(codes[std::size_t(i)]) +
                         " has gross output 0 but supplies a[" + quoted(codes[std::size_t(i)]) +
                         ", " + quoted(codes[std::size_t(j)]) + "] = " + number(a_ij) +
                         " to sector " + quoted(codes[std::size_t(j)]) +
                         "; expected no supplies without output");
      }
      column_sum += a_ij;
    }
    if (!(column_sum < 1.0)) {
      throw InputError(at + "sector " + quoted(codes[std::size_t(j)]) +
                       ": input coefficients sum to " + number(column_sum) +
                       "; expected < 1 (a sector using at least one CNY of inputs per CNY of "
                       "output makes the economy unproductive)");
    }
  }

  const Eigen::MatrixXd i_minus_a = Eigen::MatrixXd::Identity(n, n) - a;
  const Eigen::PartialPivLU<Eigen::MatrixXd> lu(i_minus_a);
  const double rcond = lu.rcond();
  if (!(rcond >= min_reciprocal_condition)) {
    Eigen::Index worst = 0;
    a.colwise().sum().maxCoeff(&worst);
    throw InputError(at + "I − A is singular or nearly so (reciprocal condition number " +
                     number(rcond) + "; expected >= " + number(min_reciprocal_condition) +
                     "); the column closest to 1 is sector " + quoted(codes[std::size_t(worst)]) +
                     " (sum " + number(a.col(worst).sum()) + ")");
  }
  leontief_inverse_ = lu.inverse();

  employment_coefficients_ = Eigen::VectorXd::Zero(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    if (x(i) > 0.0) employment_coefficients_(i) = jobs(i) / x(i);
  }
}

Eigen::VectorXd output_response_cny_per_year(
    const IoModel& model, const Eigen::VectorXd& final_demand_change_cny_per_year) {
  check_finite(model, final_demand_change_cny_per_year, "output_response_cny_per_year",
               "final demand change");
  return model.leontief_inverse() * final_demand_change_cny_per_year;
}

Eigen::VectorXd employment_response_persons(
    const IoModel& model, const Eigen::VectorXd& final_demand_change_cny_per_year) {
  check_finite(model, final_demand_change_cny_per_year, "employment_response_persons",
               "final demand change");
  return model.employment_coefficients_persons_per_cny_per_year().cwiseProduct(
      model.leontief_inverse() * final_demand_change_cny_per_year);
}

Eigen::VectorXd type1_employment_multipliers(const IoModel& model) {
  const Eigen::VectorXd& l = model.employment_coefficients_persons_per_cny_per_year();
  // Row vector lᵀ L: jobs everywhere per CNY of final demand for j.
  const Eigen::VectorXd total = (l.transpose() * model.leontief_inverse()).transpose();
  Eigen::VectorXd m(l.size());
  for (Eigen::Index j = 0; j < l.size(); ++j) {
    m(j) = l(j) > 0.0 ? total(j) / l(j) : std::numeric_limits<double>::quiet_NaN();
  }
  return m;
}

Eigen::MatrixXd interdependency_matrix(const IoModel& model) {
  const Eigen::VectorXd& x = model.table().gross_output_cny_per_year;
  const Eigen::MatrixXd& a = model.table().coefficients_cny_per_cny;
  const Eigen::Index n = model.sector_count();
  Eigen::MatrixXd a_star = Eigen::MatrixXd::Zero(n, n);
  for (Eigen::Index j = 0; j < n; ++j) {
    for (Eigen::Index i = 0; i < n; ++i) {
      // Zero-output rows stay 0: IoModel guarantees a_ij = 0 there unless x_j = 0 too.
      if (x(i) > 0.0) a_star(i, j) = a(i, j) * x(j) / x(i);
    }
  }
  return a_star;
}

IimStatic static_inoperability(const IoModel& model,
                               const Eigen::VectorXd& demand_perturbation_share,
                               const IimSettings& settings) {
  check_shares(model, demand_perturbation_share, "static_inoperability", "c*");
  check_settings(settings, "static_inoperability");
  const Eigen::VectorXd& x = model.table().gross_output_cny_per_year;
  // (I − A*)^{-1} = diag(x)^{-1} L diag(x) on the positive-output sectors; zero-output ones are
  // decoupled in A*, so their q is their own c*.
  const Eigen::VectorXd demand_loss_cny_per_year = x.cwiseProduct(demand_perturbation_share);
  const Eigen::VectorXd output_loss = model.leontief_inverse() * demand_loss_cny_per_year;
  IimStatic r;
  const Eigen::Index n = model.sector_count();
  r.inoperability_share.resize(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    double q = x(i) > 0.0 ? output_loss(i) / x(i) : demand_perturbation_share(i);
    if (q < 0.0) q = 0.0;  // rounding in L only: exact L is >= 0 and c* >= 0
    if (q > 1.0) {
      q = 1.0;
      ++r.clamped_count;
    }
    r.inoperability_share(i) = q;
  }
  r.output_loss_cny_per_year = x.cwiseProduct(r.inoperability_share);
  r.employment_loss_persons = settings.employment_elasticity *
                              model.table().employment_persons.cwiseProduct(r.inoperability_share);
  return r;
}

Eigen::VectorXd resilience_per_day(const IoModel& model, const Eigen::VectorXd& recovery_days,
                                   double recovery_target_share) {
  check_size(model, recovery_days.size(), "resilience_per_day", "recovery_days");
  if (!(recovery_target_share > 0.0 && recovery_target_share < 1.0)) {
    throw InternalError("resilience_per_day: recovery_target_share = " +
                        number(recovery_target_share) + "; expected a share in (0, 1)");
  }
  const Eigen::MatrixXd& a = model.table().coefficients_cny_per_cny;
  Eigen::VectorXd k(recovery_days.size());
  for (Eigen::Index i = 0; i < k.size(); ++i) {
    const double t_i = recovery_days(i);
    if (!(t_i > 0.0 && std::isfinite(t_i))) {
      throw InternalError("resilience_per_day: recovery_days of " +
                          sector_name(model.table().sector_codes, i) + " = " + number(t_i) +
                          "; expected a finite number > 0");
    }
    const double kept_per_day = std::pow(recovery_target_share, 1.0 / t_i);
    k(i) = (1.0 - kept_per_day) / (1.0 - a(i, i));  // a*_ii = a_ii; a_ii < 1 (column sum < 1)
  }
  return k;
}

IimPath dynamic_inoperability(const IoModel& model, const IimShock& shock,
                              const IimSettings& settings) {
  const char* fn = "dynamic_inoperability";
  check_settings(settings, fn);
  check_shares(model, shock.initial_inoperability_share, fn, "q(0)");
  if (shock.horizon_days < 1) {
    throw InternalError(std::string(fn) + ": horizon_days = " + std::to_string(shock.horizon_days) +
                        "; expected >= 1");
  }
  const Eigen::MatrixXd& c_star = shock.demand_perturbation_share;
  const Eigen::Index horizon = shock.horizon_days;
  if (c_star.cols() != 0) {
    check_shares(model, c_star, fn, "c*");
    if (c_star.cols() != 1 && c_star.cols() != horizon) {
      throw InternalError(std::string(fn) + ": c* has " + std::to_string(c_star.cols()) +
                          " columns; expected 0, 1 or horizon_days = " + std::to_string(horizon));
    }
  }

  const Eigen::Index n = model.sector_count();
  IimPath p;
  p.resilience_per_day =
      resilience_per_day(model, shock.recovery_days, settings.recovery_target_share);
  const Eigen::VectorXd& k = p.resilience_per_day;
  // Written with the diagonal apart so that every term is >= 0 (k_i may exceed 1 where a_ii is
  // large, and q_i − k_i q_i would then go through a negative intermediate).
  Eigen::MatrixXd a_star_off = interdependency_matrix(model);
  Eigen::VectorXd kept_per_day(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    kept_per_day(i) = std::pow(settings.recovery_target_share, 1.0 / shock.recovery_days(i));
    a_star_off(i, i) = 0.0;
  }

  p.inoperability_share.resize(n, horizon);
  p.inoperability_share.col(0) = shock.initial_inoperability_share;
  Eigen::VectorXd pull(n);
  for (Eigen::Index t = 0; t + 1 < horizon; ++t) {
    pull.noalias() = a_star_off * p.inoperability_share.col(t);
    if (c_star.cols() == 1) {
      pull += c_star.col(0);
    } else if (c_star.cols() == horizon) {
      pull += c_star.col(t);
    }
    for (Eigen::Index i = 0; i < n; ++i) {
      double q = kept_per_day(i) * p.inoperability_share(i, t) + k(i) * pull(i);
      if (q > 1.0) {
        q = 1.0;
        ++p.clamped_count;
      }
      p.inoperability_share(i, t + 1) = q;
    }
  }

  const Eigen::VectorXd& x = model.table().gross_output_cny_per_year;
  p.output_loss_cny_per_day = (x / days_per_year).asDiagonal() * p.inoperability_share;
  p.employment_loss_persons =
      (settings.employment_elasticity * model.table().employment_persons).asDiagonal() *
      p.inoperability_share;
  p.total_output_loss_cny = p.output_loss_cny_per_day.rowwise().sum();
  return p;
}

std::string region_of(std::string_view sector_code, std::string_view where) {
  const auto dot = sector_code.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == sector_code.size()) {
    throw InputError(std::string(where) + ": sector code '" + std::string(sector_code) +
                     "' has no region prefix; expected REGION.SECTOR such as 'GD.C'");
  }
  return std::string(sector_code.substr(0, dot));
}

RegionSums sum_by_region(const std::vector<std::string>& sector_codes,
                         const Eigen::MatrixXd& by_sector, std::string_view where) {
  if (by_sector.rows() != static_cast<Eigen::Index>(sector_codes.size())) {
    throw InternalError("sum_by_region: " + std::to_string(by_sector.rows()) + " rows for " +
                        std::to_string(sector_codes.size()) + " sector codes");
  }
  RegionSums r;
  std::unordered_map<std::string, Eigen::Index> row_of;
  std::vector<Eigen::Index> region_row(sector_codes.size());
  for (std::size_t s = 0; s < sector_codes.size(); ++s) {
    std::string region = region_of(sector_codes[s], where);
    const auto [it, inserted] = row_of.emplace(region, static_cast<Eigen::Index>(r.regions.size()));
    if (inserted) r.regions.push_back(std::move(region));
    region_row[s] = it->second;
  }
  r.values = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(r.regions.size()), by_sector.cols());
  for (std::size_t s = 0; s < sector_codes.size(); ++s) {
    r.values.row(region_row[s]) += by_sector.row(static_cast<Eigen::Index>(s));
  }
  return r;
}

}  // namespace spstress::shocks

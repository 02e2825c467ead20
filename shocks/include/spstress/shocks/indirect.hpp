#pragma once
/// Indirect effects through input-output linkages (docs/model.md §5, docs/methodology-indirect.md):
/// the Leontief demand model for demand shocks and the inoperability input-output model (IIM),
/// static and dynamic, for capacity losses. Pure code over plain numbers: no files, no JSON.
///
/// Conventions. Sector j's column of A holds the inputs it buys per unit of its output
/// (a_ij = z_ij / x_j, CNY per CNY). Gross output x is in CNY per year, employment N in persons.
/// A multi-regional table is the same thing with codes "REGION.SECTOR" (e.g. "GD.C"): every
/// function below works on it unchanged, and `sum_by_region` totals any result by region.

#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Dense>

namespace spstress::shocks {

/// An input-output table as published (after conversion of Z to A). Not validated by itself:
/// `IoModel` validates it.
struct IoTable {
  std::vector<std::string> sector_codes;  ///< unique, non-empty; "REGION.SECTOR" if multi-regional
  Eigen::MatrixXd coefficients_cny_per_cny;  ///< A, n × n: a_ij = input from i per unit output of j
  Eigen::VectorXd gross_output_cny_per_year;  ///< x, n; >= 0, and > 0 wherever N > 0
  Eigen::VectorXd employment_persons;         ///< N, n; >= 0
};

/// Builds A from a transactions matrix (published tables give Z): a_ij = z_ij / x_j.
/// A sector with zero output must have an all-zero column (it buys nothing); its column of A is 0.
/// Throws InputError, the message starting with `where` and naming the sector, for: a code list
/// of a size other than Z's rows and columns, x or N of another size, a negative, NaN or infinite
/// z_ij or x_j, and purchases by a sector with zero output. The result still goes through
/// `IoModel` for the remaining checks.
IoTable io_table_from_transactions(std::vector<std::string> sector_codes,
                                   const Eigen::MatrixXd& transactions_cny_per_year,
                                   Eigen::VectorXd gross_output_cny_per_year,
                                   Eigen::VectorXd employment_persons, std::string_view where);

/// A validated table with its Leontief inverse L = (I − A)^{-1}, computed once (LU with partial
/// pivoting) and kept, and the employment coefficients l = N / x.
class IoModel {
 public:
  /// Validates `table` and factorises I − A. `where` (e.g. the CSV file name) starts every
  /// message, and every message names the sector at fault. Throws InputError for:
  ///  - no sectors, an empty or duplicate code, A not n × n, x or N not of size n;
  ///  - a negative, NaN or infinite a_ij, x_i or N_i;
  ///  - x_i = 0 where N_i > 0 (jobs without output);
  ///  - a_ij > 0 where x_i = 0 and x_j > 0 (a sector without output supplying another);
  ///  - a column sum Σ_i a_ij >= 1 (sector j uses at least one CNY of inputs per CNY of output,
  ///    so the economy is not productive and (I − A)^{-1} is not a non-negative matrix);
  ///  - I − A singular or nearly so (reciprocal condition number below 1e-10; the message names
  ///    the sector whose column sum is closest to 1).
  IoModel(IoTable table, std::string_view where);

  const IoTable& table() const { return table_; }
  Eigen::Index sector_count() const { return leontief_inverse_.rows(); }

  /// L = (I − A)^{-1}: L_ij is the output of i (CNY) per CNY of final demand for j's products.
  const Eigen::MatrixXd& leontief_inverse() const { return leontief_inverse_; }

  /// l_i = N_i / x_i (persons per CNY per year of output); 0 where x_i = 0 (then N_i = 0).
  const Eigen::VectorXd& employment_coefficients_persons_per_cny_per_year() const {
    return employment_coefficients_;
  }

 private:
  IoTable table_;
  Eigen::MatrixXd leontief_inverse_;
  Eigen::VectorXd employment_coefficients_;
};

// ---- Leontief demand model -----------------------------------------------------------------
// Only for DEMAND shocks (lost exports, reconstruction demand): it assumes every sector can
// supply whatever is asked of it. Do not feed it capacity losses (a destroyed factory is not
// a fall in final demand), and do not use the Ghosh supply-side model instead (docs/model.md
// §5); capacity losses go through the IIM below.

/// dx = L · df. The sign follows df: lost exports (df < 0) give dx < 0.
/// Throws InternalError if df does not have one value per sector or holds NaN or infinity.
Eigen::VectorXd output_response_cny_per_year(
    const IoModel& model, const Eigen::VectorXd& final_demand_change_cny_per_year);

/// dN = diag(l) · L · df: the change in jobs (negative = jobs lost), direct plus indirect.
/// Throws as `output_response_cny_per_year`.
Eigen::VectorXd employment_response_persons(
    const IoModel& model, const Eigen::VectorXd& final_demand_change_cny_per_year);

/// Type-I employment multiplier of each sector j: Σ_i l_i L_ij / l_j, the jobs in the whole
/// economy per direct job in j when j's final demand changes. NaN where l_j = 0 (no direct job
/// to multiply).
Eigen::VectorXd type1_employment_multipliers(const IoModel& model);

// ---- Inoperability input-output model (Santos & Haimes 2004; Lian & Haimes 2006) -------------
// Inoperability q_i is the share of sector i's baseline output that is lost (0 = normal,
// 1 = stopped). The dynamic model steps in DAYS, like ARIO and the business-interruption times
// of §2.2: recovery times are days, and the stepping is stable for any recovery time.

struct IimSettings {
  /// φ: share of the initial inoperability left after the recovery time, q_i(T_i) = φ q_i(0)
  /// for an isolated sector [A]; in (0, 1). 1% as in docs/model.md §5.
  double recovery_target_share = 0.01;
  /// η: short-run elasticity of employment to output, below 1 because firms hoard labour
  /// [A, range 0.3–0.8, docs/model.md §5]; in [0, 1].
  double employment_elasticity = 0.5;
};

/// A* = diag(x)^{-1} A diag(x), a*_ij = a_ij x_j / x_i: the share of i's output that j's
/// output draws on. Rows of zero-output sectors are 0 (they are decoupled: nothing flows
/// from or to them). Note a*_ii = a_ii.
Eigen::MatrixXd interdependency_matrix(const IoModel& model);

struct IimStatic {
  Eigen::VectorXd inoperability_share;       ///< q, clamped to [0, 1]
  Eigen::VectorXd output_loss_cny_per_year;  ///< x ⊙ q
  Eigen::VectorXd employment_loss_persons;   ///< η · l ⊙ x ⊙ q = η N ⊙ q
  /// Sectors whose q came out above 1 and were set to 1: the linear model has left its domain
  /// (a sector cannot lose more than all its output). Callers report the count.
  Eigen::Index clamped_count = 0;
};

/// Static IIM: q = (I − A*)^{-1} c*, with c*_i = (demand reduction for i) / x_i. Computed as
/// diag(x)^{-1} L diag(x) c* from the stored L (the same matrix, without a second
/// factorisation); q_i = c*_i for zero-output sectors, which A* leaves decoupled.
/// Values below 0 (rounding only: L >= 0) are set to 0; above 1 set to 1 and counted.
/// Throws InternalError if c* does not have one value per sector or is outside [0, 1] or NaN,
/// or if settings are out of range.
IimStatic static_inoperability(const IoModel& model,
                               const Eigen::VectorXd& demand_perturbation_share,
                               const IimSettings& settings);

/// Resilience coefficients k_i (per day) of the dynamic IIM, chosen so that an isolated sector
/// (A* diagonal) recovers to exactly φ of its initial inoperability after T_i daily steps:
///   ρ_i = φ^(1/T_i) (share of q_i kept from one day to the next),
///   k_i = (1 − ρ_i) / (1 − a*_ii).
/// This is the discrete-time counterpart of docs/model.md's k_i = ln(q_i(0)/q_i(T_i)) /
/// (T_i (1 − a*_ii)), which solves the continuous model; the two agree to first order in
/// ln(1/φ)/T_i (within 0.7% for T_i >= 365 d at φ = 1%). Used in the daily recursion, the
/// continuous form would miss the target and make ρ_i negative (q oscillating below 0) for
/// T_i < ln(1/φ) days. Throws InternalError if recovery_days does not have one value per
/// sector or holds a value <= 0 or NaN, or if φ is outside (0, 1).
Eigen::VectorXd resilience_per_day(const IoModel& model, const Eigen::VectorXd& recovery_days,
                                   double recovery_target_share);

struct IimShock {
  /// q(0): direct capacity loss per sector, e.g. Δ(0) from the flood or cyclone module; [0, 1].
  Eigen::VectorXd initial_inoperability_share;
  /// T_i (days, > 0) for every sector, also those not hit directly: it sets how fast each
  /// sector can recover, whatever its inoperability came from.
  Eigen::VectorXd recovery_days;
  /// c*(t), each value in [0, 1]: n × 0 (none), n × 1 (the same every day) or
  /// n × horizon_days (column t acts between day t and day t + 1).
  Eigen::MatrixXd demand_perturbation_share;
  int horizon_days = 365;  ///< days on the path, day 0 included; >= 1
};

struct IimPath {
  /// q, n × horizon_days: column t is q(t); column 0 is q(0).
  Eigen::MatrixXd inoperability_share;
  /// x ⊙ q(t) / 365 (the output of day t that is lost; 365 days a year as docs/model.md §2.2).
  Eigen::MatrixXd output_loss_cny_per_day;
  /// η N ⊙ q(t): jobs missing on day t (a stock, not new separations).
  Eigen::MatrixXd employment_loss_persons;
  /// Σ_t of output_loss_cny_per_day over the horizon, per sector.
  Eigen::VectorXd total_output_loss_cny;
  /// k_i from `resilience_per_day`.
  Eigen::VectorXd resilience_per_day;
  /// (sector, day) values above 1 that were set to 1 before the next step; callers report it.
  Eigen::Index clamped_count = 0;
};

/// Dynamic IIM: q(t+1) = q(t) + K [A* q(t) + c*(t) − q(t)], K = diag(k), from the seeded q(0).
/// Evaluated as q_i(t+1) = ρ_i q_i(t) + k_i (Σ_{j≠i} a*_ij q_j(t) + c*_i(t)), the same
/// expression with every term >= 0, so q never goes below 0 (not even by rounding). It can
/// exceed 1 where coupling or c* push a sector past a full stop; such values are set to 1 and
/// counted (a sector cannot lose more than all its output, and stopping a whole ensemble for
/// one extreme draw would be worse than capping it and reporting the count).
/// Throws InternalError (the caller validates) if vector sizes do not match the sectors, c*
/// has another number of columns than 0, 1 or horizon_days, q(0) or c* are outside [0, 1] or
/// NaN, horizon_days < 1, or settings or recovery_days are out of range.
IimPath dynamic_inoperability(const IoModel& model, const IimShock& shock,
                              const IimSettings& settings);

// ---- Multi-regional tables -----------------------------------------------------------------

/// The region of a code "REGION.SECTOR": the text before the first '.'. Throws InputError
/// ("<where>: sector code 'C' has no region prefix ...") if there is no '.', or nothing before
/// or after it.
std::string region_of(std::string_view sector_code, std::string_view where);

struct RegionSums {
  std::vector<std::string> regions;  ///< in the order of their first sector in the table
  Eigen::MatrixXd values;            ///< regions × (columns of the input)
};

/// Sums rows that belong to the same region: `by_sector` has one row per sector code (any
/// number of columns, e.g. a vector of losses or a path over days). Throws InputError for a
/// code without a region prefix (see `region_of`) and InternalError if the row count differs
/// from the number of codes.
RegionSums sum_by_region(const std::vector<std::string>& sector_codes,
                         const Eigen::MatrixXd& by_sector, std::string_view where);

}  // namespace spstress::shocks

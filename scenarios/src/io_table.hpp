#pragma once
// A national input-output table by GB/T 4754 section, read from CSV for the indirect-effects
// option (docs/methodology-indirect.md). Internal to scenarios/.

#include <string>
#include <vector>

#include <Eigen/Core>

namespace spstress::scenarios::detail {

struct IoTableCsv {
  std::vector<char> sections;    ///< GB/T 4754 section letters, row and column order
  Eigen::MatrixXd transactions;  ///< Z: row = selling section, column = buying section
  Eigen::VectorXd total_output;  ///< x, same units per year as Z
};

/// Reads `sector,<letters...>,total_output`: one row per section, in the header's column
/// order. InputError names the file, line and column for a missing or unknown column, a row
/// out of order, a value that is not a finite number >= 0, or a duplicated section.
IoTableCsv read_io_table(const std::string& path);

}  // namespace spstress::scenarios::detail

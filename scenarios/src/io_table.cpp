#include "io_table.hpp"

#include <set>

#include "csv_rows.hpp"
#include "spstress/core/error.hpp"

namespace spstress::scenarios::detail {

IoTableCsv read_io_table(const std::string& path) {
  const CsvRows csv = read_csv_rows(path, {}, "the input-output table");
  const auto& header = csv.header;
  const std::string layout = "expected the header sector,<GB/T 4754 section letters>,total_output";
  if (header.size() < 3 || header.front() != "sector" || header.back() != "total_output")
    throw InputError(path + ": line 1: " + layout);
  IoTableCsv t;
  std::set<char> seen;
  for (std::size_t j = 1; j + 1 < header.size(); ++j) {
    const std::string& h = header[j];
    if (h.size() != 1 || h[0] < 'A' || h[0] > 'T' || !seen.insert(h[0]).second) {
      throw InputError(path + ": line 1, column " + std::to_string(j + 1) + ": got \"" + h +
                       "\"; " + layout + ", each letter once");
    }
    t.sections.push_back(h[0]);
  }
  const auto n = static_cast<Eigen::Index>(t.sections.size());
  if (static_cast<Eigen::Index>(csv.rows.size()) != n) {
    throw InputError(path + ": " + std::to_string(csv.rows.size()) +
                     " rows; expected one per section (" + std::to_string(n) + ")");
  }
  t.transactions = Eigen::MatrixXd::Zero(n, n);
  t.total_output = Eigen::VectorXd::Zero(n);
  for (Eigen::Index row = 0; row < n; ++row) {
    const auto& r = csv.rows[static_cast<std::size_t>(row)];
    const std::string expected(1, t.sections[static_cast<std::size_t>(row)]);
    if (r.fields[0] != expected) {
      throw InputError(csv.where(r) + ", column 1: got \"" + r.fields[0] + "\"; expected \"" +
                       expected + "\" (rows in the order of the header's columns)");
    }
    for (std::size_t j = 1; j < header.size(); ++j) {
      const double x = csv.number(r, header[j], 0.0, "a finite number >= 0");
      if (j + 1 == header.size()) {
        t.total_output(row) = x;
      } else {
        t.transactions(row, static_cast<Eigen::Index>(j - 1)) = x;
      }
    }
  }
  return t;
}

}  // namespace spstress::scenarios::detail

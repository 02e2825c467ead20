#include "io_table.hpp"

#include <cmath>
#include <fstream>
#include <set>

#include "spstress/core/error.hpp"
#include "spstress/scenarios/province_table.hpp"

namespace spstress::scenarios::detail {

IoTableCsv read_io_table(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot open the input-output table");
  std::string line;
  if (!std::getline(in, line)) throw InputError(path + ": empty file; expected a header");
  if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  const auto header = split_csv_line(line);
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
  t.transactions = Eigen::MatrixXd::Zero(n, n);
  t.total_output = Eigen::VectorXd::Zero(n);
  Eigen::Index row = 0;
  std::size_t line_no = 1;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const std::string where = path + ": line " + std::to_string(line_no);
    const auto f = split_csv_line(line);
    if (f.size() != header.size()) throw InputError(where + ": wrong number of fields");
    if (row >= n) throw InputError(where + ": more rows than the " + std::to_string(n) + " sections");
    const char expected = t.sections[static_cast<std::size_t>(row)];
    if (f[0] != std::string(1, expected)) {
      throw InputError(where + ", column 1: got \"" + f[0] + "\"; expected \"" +
                       std::string(1, expected) + "\" (rows in the order of the header's columns)");
    }
    for (std::size_t j = 1; j < f.size(); ++j) {
      double x = 0.0;
      try {
        std::size_t used = 0;
        x = std::stod(f[j], &used);
        if (used != f[j].size()) x = -1.0;
      } catch (const std::exception&) {
        x = -1.0;
      }
      if (!(x >= 0.0) || !std::isfinite(x)) {
        throw InputError(where + ", column " + std::to_string(j + 1) + " (" + header[j] +
                         "): got \"" + f[j] + "\"; expected a finite number >= 0");
      }
      if (j + 1 == f.size()) {
        t.total_output(row) = x;
      } else {
        t.transactions(row, static_cast<Eigen::Index>(j - 1)) = x;
      }
    }
    ++row;
  }
  if (row != n) {
    throw InputError(path + ": " + std::to_string(row) + " rows; expected one per section (" +
                     std::to_string(n) + ")");
  }
  return t;
}

}  // namespace spstress::scenarios::detail

#include "csv_rows.hpp"

#include <cmath>
#include <fstream>

#include "spstress/core/error.hpp"
#include "spstress/scenarios/province_table.hpp"

namespace spstress::scenarios::detail {

std::string CsvRows::where(const Row& row) const {
  return path + ": line " + std::to_string(row.line);
}

const std::string& CsvRows::text(const Row& row, const std::string& name) const {
  return row.fields.at(column.at(name));
}

double CsvRows::number(const Row& row, const std::string& name, double min,
                       const std::string& expected) const {
  const std::string& t = text(row, name);
  double x = std::nan("");
  try {
    std::size_t used = 0;
    x = std::stod(t, &used);
    if (used != t.size()) x = std::nan("");
  } catch (const std::exception&) {
  }
  if (!(x >= min) || !std::isfinite(x))
    throw InputError(where(row) + ": " + name + ": got \"" + t + "\"; expected " + expected);
  return x;
}

CsvRows read_csv_rows(const std::string& path, const std::vector<std::string>& required,
                      const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot open " + what);
  CsvRows t;
  t.path = path;
  std::string line;
  if (!std::getline(in, line)) throw InputError(path + ": empty file; expected a header");
  if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  t.header = split_csv_line(line);
  for (std::size_t i = 0; i < t.header.size(); ++i) t.column[t.header[i]] = i;
  for (const auto& k : required) {
    if (!t.column.count(k)) throw InputError(path + ": line 1: missing column " + k);
  }
  std::size_t line_no = 1;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    CsvRows::Row row{line_no, split_csv_line(line)};
    if (row.fields.size() != t.header.size())
      throw InputError(t.where(row) + ": wrong number of fields");
    t.rows.push_back(std::move(row));
  }
  return t;
}

}  // namespace spstress::scenarios::detail

#include "spstress/scenarios/province_table.hpp"

#include <cmath>
#include <cstdlib>
#include <fstream>

#include "spstress/core/error.hpp"

namespace spstress::scenarios {

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> fields;
  std::string cur;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < line.size() && line[i + 1] == '"') {
          cur += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        cur += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.push_back(cur);
      cur.clear();
    } else if (c != '\r') {
      cur += c;
    }
  }
  fields.push_back(cur);
  return fields;
}

ProvinceTable ProvinceTable::read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot open the province table");
  ProvinceTable table;
  table.path_ = path;
  std::string line;
  const std::vector<std::string> expected = {"code",  "name_en", "name_zh", "gb_code", "indicator",
                                             "value", "unit",    "status",  "source"};
  if (!std::getline(in, line)) throw InputError(path + ": empty file; expected a header line");
  if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
  if (split_csv_line(line) != expected) {
    throw InputError(path +
                     ": line 1: unexpected header; expected "
                     "code,name_en,name_zh,gb_code,indicator,value,unit,status,source");
  }
  std::size_t line_no = 1;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty() || line == "\r") continue;
    const auto f = split_csv_line(line);
    const std::string where = path + ": line " + std::to_string(line_no);
    if (f.size() != expected.size()) {
      throw InputError(where + ": got " + std::to_string(f.size()) + " fields; expected 9");
    }
    char* end = nullptr;
    const double v = std::strtod(f[5].c_str(), &end);
    if (f[5].empty() || end != f[5].c_str() + f[5].size() || !std::isfinite(v)) {
      throw InputError(where + ": value \"" + f[5] + "\" of " + f[0] + " " + f[4] +
                       " is not a finite number");
    }
    auto& rec = table.records_[f[0]];
    rec.code = f[0];
    rec.name_en = f[1];
    rec.name_zh = f[2];
    rec.gb_code = f[3];
    if (!rec.values.emplace(f[4], ProvinceValue{v, f[6], f[7], f[8]}).second) {
      throw InputError(where + ": duplicate value for " + f[0] + " " + f[4]);
    }
  }
  if (table.records_.empty()) throw InputError(path + ": no data rows");
  return table;
}

void ProvinceTable::apply_overrides(
    const std::map<std::string, std::map<std::string, double>>& overrides,
    const std::string& where) {
  for (const auto& [code, values] : overrides) {
    auto it = records_.find(code);
    if (it == records_.end()) {
      throw InputError(where + "/" + code + ": unknown province code; expected a code of " + path_);
    }
    for (const auto& [indicator, value] : values) {
      auto vt = it->second.values.find(indicator);
      if (vt == it->second.values.end()) {
        throw InputError(where + "/" + code + "/" + indicator +
                         ": unknown indicator; expected one of the indicators of " + path_);
      }
      if (!(value >= 0.0)) {
        throw InputError(where + "/" + code + "/" + indicator + ": expected a non-negative number");
      }
      vt->second.value = value;
      vt->second.status = "override";
      vt->second.source = "scenario province_overrides";
    }
  }
}

const ProvinceRecord& ProvinceTable::record(const std::string& code) const {
  auto it = records_.find(code);
  if (it == records_.end()) throw InputError(path_ + ": no rows for region " + code);
  return it->second;
}

double ProvinceTable::value(const std::string& code, const std::string& indicator) const {
  const auto& rec = record(code);
  auto it = rec.values.find(indicator);
  if (it == rec.values.end()) {
    throw InputError(path_ + ": region " + code + " has no value for indicator " + indicator);
  }
  return it->second.value;
}

std::vector<std::string> ProvinceTable::codes() const {
  std::vector<std::string> out;
  for (const auto& [code, _] : records_) out.push_back(code);
  return out;
}

}  // namespace spstress::scenarios

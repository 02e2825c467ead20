#include "sector_table.hpp"

#include <cstdlib>
#include <fstream>
#include <map>

#include "spstress/core/error.hpp"
#include "spstress/scenarios/province_table.hpp"

namespace spstress::scenarios::detail {

namespace {

double parse_share(const std::string& text, const std::string& where, double lo, double hi) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || !(v >= lo && v <= hi)) {
    throw InputError(where + ": got \"" + text + "\"; expected a number in [" + std::to_string(lo) +
                     ", " + std::to_string(hi) + "]");
  }
  return v;
}

}  // namespace

std::vector<SectorRow> read_sectors(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot open the sector table");
  std::string line;
  std::getline(in, line);
  if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
  const auto header = split_csv_line(line);
  const std::vector<std::string> needed = {"sector_id",
                                           "gb_section",
                                           "name_en",
                                           "intensity_w",
                                           "sun_share",
                                           "ac_share",
                                           "pay_pass_through_share",
                                           "base_insured_share",
                                           "informal_share",
                                           "wage_basis"};
  std::map<std::string, std::size_t> col;
  for (std::size_t i = 0; i < header.size(); ++i) col[header[i]] = i;
  for (const auto& n : needed) {
    if (!col.count(n)) throw InputError(path + ": line 1: missing column " + n);
  }
  std::vector<SectorRow> rows;
  std::size_t line_no = 1;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty() || line == "\r") continue;
    const auto f = split_csv_line(line);
    const std::string where = path + ": line " + std::to_string(line_no);
    if (f.size() != header.size()) throw InputError(where + ": wrong number of fields");
    SectorRow r;
    r.id = f[col["sector_id"]];
    r.name_en = f[col["name_en"]];
    const std::string section = f[col["gb_section"]];
    if (section.size() != 1 || section[0] < 'A' || section[0] > 'T')
      throw InputError(where + ": gb_section: got \"" + section +
                       "\"; expected one GB/T 4754-2017 section letter A..T");
    r.gb_section = section[0];
    const std::string w = f[col["intensity_w"]];
    if (w == "200") {
      r.heat.intensity = shocks::WorkIntensity::Light200W;
    } else if (w == "300") {
      r.heat.intensity = shocks::WorkIntensity::Moderate300W;
    } else if (w == "400") {
      r.heat.intensity = shocks::WorkIntensity::Heavy400W;
    } else {
      throw InputError(where + ": intensity_w: got \"" + w + "\"; expected 200, 300 or 400");
    }
    r.heat.sun_share = parse_share(f[col["sun_share"]], where + ": sun_share", 0, 1);
    r.heat.ac_share = parse_share(f[col["ac_share"]], where + ": ac_share", 0, 1);
    r.pay_pass_through_share =
        parse_share(f[col["pay_pass_through_share"]], where + ": pay_pass_through_share", 0, 1);
    r.base_insured_share =
        parse_share(f[col["base_insured_share"]], where + ": base_insured_share", 0, 1);
    r.informal_share = parse_share(f[col["informal_share"]], where + ": informal_share", 0, 1);
    if (r.base_insured_share + r.informal_share > 1.0 + 1e-12) {
      throw InputError(where + ": base_insured_share + informal_share exceed 1");
    }
    r.wage_basis = f[col["wage_basis"]];
    if (r.wage_basis != "average" && r.wage_basis != "minimum" && r.wage_basis != "migrant") {
      throw InputError(where + ": wage_basis: got \"" + r.wage_basis +
                       "\"; expected average, minimum or migrant");
    }
    rows.push_back(r);
  }
  if (rows.empty()) throw InputError(path + ": no sectors");
  return rows;
}

}  // namespace spstress::scenarios::detail

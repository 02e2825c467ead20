#pragma once
/// The province input table (data/statistics/province_inputs.csv): one value per province and
/// indicator, with unit, status (sourced, derived, assumption) and source.

#include <map>
#include <string>
#include <vector>

namespace spstress::scenarios {

struct ProvinceValue {
  double value = 0.0;
  std::string unit;
  std::string status;
  std::string source;
};

struct ProvinceRecord {
  std::string code;
  std::string name_en;
  std::string name_zh;
  std::string gb_code;
  std::map<std::string, ProvinceValue> values;  ///< indicator → value
};

class ProvinceTable {
 public:
  /// Reads the CSV (header code,name_en,name_zh,gb_code,indicator,value,unit,status,source).
  /// Throws InputError naming the file and line for a malformed row, a non-finite value or a
  /// duplicate (code, indicator).
  static ProvinceTable read(const std::string& path);

  /// Replaces values: overrides[code][indicator] = value. Throws InputError naming the code or
  /// indicator (with `where`, the JSON path) if either is unknown or the value is negative.
  void apply_overrides(const std::map<std::string, std::map<std::string, double>>& overrides,
                       const std::string& where);

  bool has(const std::string& code) const { return records_.count(code) != 0; }
  const ProvinceRecord& record(const std::string& code) const;
  /// The value of an indicator; InputError naming the file, code and indicator if absent.
  double value(const std::string& code, const std::string& indicator) const;
  const std::string& path() const { return path_; }
  std::vector<std::string> codes() const;

 private:
  std::string path_;
  std::map<std::string, ProvinceRecord> records_;
};

/// Splits one CSV line (RFC 4180 quoting, no embedded newlines) into fields.
std::vector<std::string> split_csv_line(const std::string& line);

}  // namespace spstress::scenarios

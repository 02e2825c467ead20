#pragma once
// A small CSV table (header + rows) for the parameter files scenarios/ reads: depth-damage
// curves, v_half, crops, input-output tables. Internal to scenarios/.

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace spstress::scenarios::detail {

struct CsvRows {
  struct Row {
    std::size_t line = 0;  ///< 1-based line in the file (the header is line 1)
    std::vector<std::string> fields;
  };
  std::string path;
  std::vector<std::string> header;
  std::map<std::string, std::size_t> column;
  std::vector<Row> rows;

  /// "<path>: line N", for messages about a row.
  std::string where(const Row& row) const;
  const std::string& text(const Row& row, const std::string& name) const;
  /// The field as a number: the whole text must parse, the value be finite and at least `min`.
  /// InputError "<path>: line N: <name>: got "<text>"; expected <expected>".
  double number(const Row& row, const std::string& name, double min,
                const std::string& expected) const;
};

/// Reads a CSV file (UTF-8 byte-order mark and CRLF accepted, blank lines skipped). InputError
/// naming the file for a file that cannot be read or is empty, a missing `required` column
/// (line 1) or a row with the wrong number of fields (its line). `what` names the table in
/// the message of a file that cannot be opened ("the depth-damage table").
CsvRows read_csv_rows(const std::string& path, const std::vector<std::string>& required,
                      const std::string& what);

}  // namespace spstress::scenarios::detail

#pragma once
// Reading scenario JSON with every problem collected and reported by JSON pointer: the classes
// scenario.cpp and scenario_hazards.cpp share. Internal to scenarios/.

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "spstress/scenarios/scenario.hpp"

namespace spstress::scenarios::detail {

namespace fs = std::filesystem;
using nlohmann::json;

inline std::string describe(const json& v) {
  switch (v.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::boolean:
      return std::string("boolean ") + (v.get<bool>() ? "true" : "false");
    case json::value_t::string:
      return "string " + v.dump();
    case json::value_t::array:
      return "an array";
    case json::value_t::object:
      return "an object";
    default:
      return v.dump();
  }
}

inline std::string fmt(double x) {
  std::ostringstream s;
  s << x;
  return s.str();
}

/// Collects every problem of a scenario instead of stopping at the first, so that `validate`
/// can list them all.
class Problems {
 public:
  explicit Problems(std::string file) : file_(std::move(file)) {}
  void add(const std::string& pointer, const std::string& text) {
    lines_.push_back(file_ + ": " + (pointer.empty() ? "/" : pointer) + ": " + text);
  }
  bool empty() const { return lines_.empty(); }
  std::string text() const {
    std::string out;
    for (std::size_t i = 0; i < lines_.size(); ++i) out += (i ? "\n" : "") + lines_[i];
    return out;
  }

 private:
  std::string file_;
  std::vector<std::string> lines_;
};

/// One JSON object being read: hands out known keys with type and range checks and, on
/// `finish`, reports every key nobody asked for.
class ObjectReader {
 public:
  ObjectReader(const json& obj, std::string pointer, Problems& problems)
      : obj_(obj), pointer_(std::move(pointer)), problems_(problems) {}

  std::string at(const std::string& key) const { return pointer_ + "/" + key; }
  bool has(const std::string& key) const { return obj_.contains(key); }

  const json* get(const std::string& key) {
    seen_.insert(key);
    auto it = obj_.find(key);
    return it == obj_.end() ? nullptr : &*it;
  }

  void number(const std::string& key, double& out, double lo, double hi, bool required = false) {
    const json* v = get(key);
    if (!v) {
      if (required)
        problems_.add(at(key), "missing; expected a number in [" + fmt(lo) + ", " + fmt(hi) + "]");
      return;
    }
    if (!v->is_number()) {
      problems_.add(at(key), "got " + describe(*v) + "; expected a number in [" + fmt(lo) + ", " +
                                 fmt(hi) + "]");
      return;
    }
    const double x = v->get<double>();
    if (!(x >= lo && x <= hi)) {
      problems_.add(at(key),
                    "got " + fmt(x) + "; expected a number in [" + fmt(lo) + ", " + fmt(hi) + "]");
      return;
    }
    out = x;
  }

  void integer(const std::string& key, int& out, int lo, int hi, bool required = false) {
    const json* v = get(key);
    if (!v) {
      if (required)
        problems_.add(at(key), "missing; expected an integer in [" + std::to_string(lo) + ", " +
                                   std::to_string(hi) + "]");
      return;
    }
    if (!v->is_number_integer()) {
      problems_.add(at(key), "got " + describe(*v) + "; expected an integer in [" +
                                 std::to_string(lo) + ", " + std::to_string(hi) + "]");
      return;
    }
    const auto x = v->get<long long>();
    if (x < lo || x > hi) {
      problems_.add(at(key), "got " + std::to_string(x) + "; expected an integer in [" +
                                 std::to_string(lo) + ", " + std::to_string(hi) + "]");
      return;
    }
    out = static_cast<int>(x);
  }

  void text(const std::string& key, std::string& out, bool required = false,
            const std::vector<std::string>& allowed = {}) {
    const json* v = get(key);
    std::string expected = "a string";
    if (!allowed.empty()) {
      expected = "one of";
      for (const auto& a : allowed) expected += " \"" + a + "\"";
    }
    if (!v) {
      if (required) problems_.add(at(key), "missing; expected " + expected);
      return;
    }
    if (!v->is_string()) {
      problems_.add(at(key), "got " + describe(*v) + "; expected " + expected);
      return;
    }
    const auto s = v->get<std::string>();
    if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), s) == allowed.end()) {
      problems_.add(at(key), "got \"" + s + "\"; expected " + expected);
      return;
    }
    out = s;
  }

  void boolean(const std::string& key, bool& out) {
    const json* v = get(key);
    if (!v) return;
    if (!v->is_boolean()) {
      problems_.add(at(key), "got " + describe(*v) + "; expected true or false");
      return;
    }
    out = v->get<bool>();
  }

  /// A file path relative to `base`; checked to exist and be a regular file.
  void file(const std::string& key, std::string& out, const fs::path& base, bool required = true) {
    std::string rel;
    const bool present = has(key);
    text(key, rel, required);
    if (!present || rel.empty()) {
      if (present) problems_.add(at(key), "got an empty string; expected a file path");
      return;
    }
    fs::path p(rel);
    if (p.is_relative()) p = base / p;
    std::error_code ec;
    p = fs::weakly_canonical(p, ec);
    if (!fs::is_regular_file(p, ec)) {
      problems_.add(at(key), "file not found: " + p.string());
      return;
    }
    out = p.string();
  }

  /// Calls `read` with a reader for the sub-object `key`, if present.
  void object(const std::string& key, const std::function<void(ObjectReader&)>& read,
              bool required = false) {
    const json* v = get(key);
    if (!v) {
      if (required) problems_.add(at(key), "missing; expected an object");
      return;
    }
    if (!v->is_object()) {
      problems_.add(at(key), "got " + describe(*v) + "; expected an object");
      return;
    }
    ObjectReader sub(*v, at(key), problems_);
    read(sub);
    sub.finish();
  }

  void finish() {
    for (auto it = obj_.begin(); it != obj_.end(); ++it) {
      if (!seen_.count(it.key()))
        problems_.add(at(it.key()), "unknown key; expected one of: " + known_list());
    }
  }

  Problems& problems() { return problems_; }
  const std::string& pointer() const { return pointer_; }

 private:
  std::string known_list() const {
    std::string s;
    for (const auto& k : seen_) s += (s.empty() ? "" : ", ") + k;
    return s;
  }

  const json& obj_;
  std::string pointer_;
  Problems& problems_;
  std::set<std::string> seen_;
};

/// Parses "YYYY-MM" or "YYYY-MM-DD" (with_day) into numbers; false if malformed or not a date.
bool parse_date(const std::string& text, bool with_day, int& year, int& month, int& day);

/// Reads one hazard object at `pointer` ("/hazard" or "/hazard/N"): its type picks the reader,
/// and the type and pointer are recorded in the scenario.
void read_hazard(const json& v, const std::string& pointer, const fs::path& base, Scenario& s,
                 Problems& problems);

}  // namespace spstress::scenarios::detail

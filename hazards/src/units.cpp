#include "spstress/hazards/units.hpp"

#include <udunits2.h>

#include <cstddef>
#include <memory>
#include <mutex>
#include <string_view>
#include <utility>

#include "spstress/core/error.hpp"

namespace spstress::hazards {

namespace {

constexpr const char* expected_text = "; expected a UDUNITS-2 unit such as K or degC";

// UDUNITS-2 keeps parser and error state in globals: every call that parses, compares, builds
// or frees units or converters holds this lock. cv_convert_* only read the converter.
std::mutex& udunits_mutex() {
  static std::mutex m;
  return m;
}

// Loaded once and kept for the life of the process: units and converters made from it may be
// alive until exit.
ut_system* unit_system() {
  static std::once_flag loaded;
  static ut_system* system = nullptr;
  static ut_status status = UT_SUCCESS;
  std::call_once(loaded, [] {
    const std::lock_guard lock(udunits_mutex());
    // UDUNITS-2 prints parse failures and database warnings to stderr by default; library
    // code stays silent and reports through exceptions.
    ut_set_error_message_handler(ut_ignore);
    system = ut_read_xml(nullptr);
    if (system == nullptr) status = ut_get_status();
  });
  if (system == nullptr) {
    throw InputError(std::string("cannot load the UDUNITS-2 unit database (") +
                     (status == UT_OPEN_ENV       ? "the file named by UDUNITS2_XML_PATH"
                      : status == UT_OPEN_DEFAULT ? "the installed udunits2.xml"
                                                  : "udunits2.xml") +
                     " could not be read, UDUNITS-2 status " + std::to_string(status) +
                     "); install the UDUNITS-2 data files or set UDUNITS2_XML_PATH to "
                     "udunits2.xml");
  }
  return system;
}

struct UnitDeleter {
  void operator()(ut_unit* u) const { ut_free(u); }
};
using UnitPtr = std::unique_ptr<ut_unit, UnitDeleter>;

std::string trim(const std::string& s) {
  const auto is_space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  };
  std::size_t b = 0, e = s.size();
  while (b < e && is_space(s[b])) ++b;
  while (e > b && is_space(s[e - 1])) --e;
  return s.substr(b, e - b);
}

// Caller holds the lock.
std::string definition_locked(const ut_unit* unit) {
  char buf[512];
  const int n = ut_format(unit, buf, sizeof buf, UT_ASCII | UT_DEFINITION);
  if (n < 0 || static_cast<std::size_t>(n) >= sizeof buf) return "(no ASCII form)";
  return std::string(buf, static_cast<std::size_t>(n));
}

// Whether a UDUNITS definition ("0.0174532925199433 K.rad") has a factor `symbol`, possibly
// raised to a power.
bool has_factor(std::string_view definition, std::string_view symbol) {
  std::size_t i = 0;
  while (i < definition.size()) {
    std::size_t j = i;
    while (j < definition.size() && definition[j] != ' ' && definition[j] != '.') ++j;
    std::string_view token = definition.substr(i, j - i);
    while (!token.empty() && (token.back() == '-' || (token.back() >= '0' && token.back() <= '9')))
      token.remove_suffix(1);
    if (token == symbol) return true;
    i = j + 1;
  }
  return false;
}

// Parses one unit string; caller holds the lock. Throws InputError for anything UDUNITS-2
// cannot read or that it would read as a nonsense product.
UnitPtr parse_locked(ut_system* system, const std::string& text, const std::string& where) {
  const std::string trimmed = trim(text);
  if (trimmed.empty()) {
    throw InputError(where + ": units are empty" + expected_text);
  }
  UnitPtr unit(ut_parse(system, trimmed.c_str(), UT_UTF8));
  if (!unit) {
    throw InputError(where + ": unknown units \"" + text + "\"" + expected_text);
  }
  // "degrees Kelvin" parses as degree x kelvin; radians being dimensionless in UDUNITS-2, it
  // would then convert to K with a factor pi/180 instead of failing.
  const std::string def = definition_locked(unit.get());
  if (has_factor(def, "rad") && has_factor(def, "K")) {
    throw InputError(where + ": unknown units \"" + text + "\"" + expected_text +
                     " (UDUNITS-2 would read \"" + text +
                     "\" as an angle times a temperature; write K, degC or degF)");
  }
  return unit;
}

// A hint for the single letters that look like temperature scales but are SI symbols.
std::string symbol_hint(const std::string& from, const std::string& to) {
  for (const std::string* s : {&from, &to}) {
    const std::string t = trim(*s);
    if (t == "C") return " (in UDUNITS-2 \"C\" is the coulomb; write degC for degrees Celsius)";
    if (t == "F") return " (in UDUNITS-2 \"F\" is the farad; write degF for degrees Fahrenheit)";
  }
  return {};
}

}  // namespace

struct UnitConverter::Converter {
  cv_converter* cv = nullptr;

  explicit Converter(cv_converter* c) : cv(c) {}
  ~Converter() {
    const std::lock_guard lock(udunits_mutex());
    cv_free(cv);
  }
  Converter(const Converter&) = delete;
  Converter& operator=(const Converter&) = delete;
};

UnitConverter::UnitConverter(std::shared_ptr<const Converter> converter, std::string from,
                             std::string to, bool identity)
    : converter_(std::move(converter)),
      from_(std::move(from)),
      to_(std::move(to)),
      identity_(identity) {}

UnitConverter UnitConverter::make(const std::string& from, const std::string& to,
                                  const std::string& where) {
  ut_system* system = unit_system();
  cv_converter* cv = nullptr;
  bool identity = false;
  {
    const std::lock_guard lock(udunits_mutex());
    const UnitPtr a = parse_locked(system, from, where);
    const UnitPtr b = parse_locked(system, to, where);
    if (!ut_are_convertible(a.get(), b.get())) {
      throw InputError(where + ": cannot convert \"" + from + "\" to \"" + to +
                       "\"; they measure different quantities (UDUNITS-2 reads them as " +
                       definition_locked(a.get()) + " and " + definition_locked(b.get()) + ")" +
                       symbol_hint(from, to));
    }
    cv = ut_get_converter(a.get(), b.get());
    if (cv == nullptr) {
      throw InternalError(where + ": UDUNITS-2 gave no converter from \"" + from + "\" to \"" + to +
                          "\" although it calls them convertible (status " +
                          std::to_string(ut_get_status()) + ")");
    }
    identity = ut_compare(a.get(), b.get()) == 0;
  }
  // Outside the lock: the Converter's destructor takes it.
  return UnitConverter(std::make_shared<const Converter>(cv), from, to, identity);
}

double UnitConverter::operator()(double value) const {
  return cv_convert_double(converter_->cv, value);
}

void UnitConverter::apply(Eigen::MatrixXd& values) const {
  if (identity_ || values.size() == 0) return;
  cv_convert_doubles(converter_->cv, values.data(), static_cast<std::size_t>(values.size()),
                     values.data());
}

bool UnitConverter::is_identity() const { return identity_; }

double convert_value(double value, const std::string& from, const std::string& to,
                     const std::string& where) {
  return UnitConverter::make(from, to, where)(value);
}

bool units_convertible(const std::string& a, const std::string& b, const std::string& where) {
  ut_system* system = unit_system();
  const std::lock_guard lock(udunits_mutex());
  const UnitPtr ua = parse_locked(system, a, where);
  const UnitPtr ub = parse_locked(system, b, where);
  return ut_are_convertible(ua.get(), ub.get()) != 0;
}

std::string udunits_definition(const std::string& units, const std::string& where) {
  ut_system* system = unit_system();
  const std::lock_guard lock(udunits_mutex());
  const UnitPtr u = parse_locked(system, units, where);
  return definition_locked(u.get());
}

}  // namespace spstress::hazards

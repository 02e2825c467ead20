#pragma once
/// Unit conversion of hazard values with UDUNITS-2, the unit library of the CF conventions.
/// UDUNITS types stay in the .cpp file.
///
/// Unit strings are read as UDUNITS-2 reads them (UTF-8, so "°C" works), after trimming
/// surrounding spaces, with two deliberate refusals:
/// - "degrees Kelvin", "degrees Celsius", "deg F" and the like are rejected: UDUNITS-2 parses
///   them as an angle times a temperature and, because radians are dimensionless there, would
///   silently scale by pi/180. Write K, degC (or degree_Celsius, Celsius, °C) or degF.
/// - "C" stays coulomb and "F" farad, as in UDUNITS-2; they are never taken for degrees.
/// An empty unit string is rejected rather than read as "1": a variable without a units
/// attribute has unknown units, not dimensionless ones.
///
/// Thread safety: the UDUNITS-2 unit system is loaded once, on first use, and parsing and
/// converter set-up are serialised by a mutex because UDUNITS-2 is not thread-safe. A made
/// UnitConverter only reads its converter, so one converter (or copies of it) may convert on
/// any number of threads at once.

#include <memory>
#include <string>

#include <Eigen/Core>

namespace spstress::hazards {

class UnitConverter {
 public:
  /// A converter from `from` to `to` units. Throws InputError starting with `where`:
  /// - `<where>: unknown units "degrees Kelvin"; expected a UDUNITS-2 unit such as K or degC`
  ///   (with a hint for the refusals above) when either string is not a UDUNITS-2 unit;
  /// - `<where>: cannot convert "m" to "degC"` when the units measure different quantities.
  /// Throws InputError too if the UDUNITS-2 database cannot be loaded (see UDUNITS2_XML_PATH).
  static UnitConverter make(const std::string& from, const std::string& to,
                            const std::string& where);

  /// `value` in `from()` units expressed in `to()` units. NaN stays NaN.
  double operator()(double value) const;
  /// Converts every element in place; does nothing when is_identity().
  void apply(Eigen::MatrixXd& values) const;
  /// Whether both strings name the same unit ("mm/day" and "mm d-1", "degC" and "Celsius").
  bool is_identity() const;
  const std::string& from() const { return from_; }
  const std::string& to() const { return to_; }

 private:
  struct Converter;
  UnitConverter(std::shared_ptr<const Converter> converter, std::string from, std::string to,
                bool identity);

  // Shared and immutable: copies convert with the same UDUNITS converter, which is freed with
  // the last copy.
  std::shared_ptr<const Converter> converter_;
  std::string from_;
  std::string to_;
  bool identity_ = false;
};

/// One value converted: UnitConverter::make(from, to, where)(value).
double convert_value(double value, const std::string& from, const std::string& to,
                     const std::string& where);

/// Whether `a` and `b` measure the same quantity (a converter between them exists). Throws
/// InputError as UnitConverter::make does when either is not a UDUNITS-2 unit.
bool units_convertible(const std::string& a, const std::string& b, const std::string& where);

/// How UDUNITS-2 reads `units`, in SI base units: "K" for kelvin, "K @ 273.15" for degC,
/// "1.15740740740741e-08 m.s-1" for mm/day. Throws InputError as UnitConverter::make does.
std::string udunits_definition(const std::string& units, const std::string& where);

}  // namespace spstress::hazards

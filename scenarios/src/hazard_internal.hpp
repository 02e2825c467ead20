#pragma once
// Helpers shared by hazard_inputs.cpp (opening and checking hazards) and hazard_series.cpp
// (aggregating them to regions). Internal to scenarios/.

#include <string>

#include "hazard_series.hpp"
#include "sector_table.hpp"
#include "spstress/hazards/field.hpp"
#include "spstress/hazards/units.hpp"
#include "spstress/scenarios/scenario.hpp"
#include "spstress/shocks/flood.hpp"

namespace spstress::scenarios::detail {

/// "<scenario file>: <pointer of the hazard>[/key]", for messages about a hazard's keys.
std::string at(const Scenario& s, const std::string& type, const std::string& key = "");

/// A file as the report names it: its name only (the provenance table has the paths).
std::string file_name(const std::string& path);

/// printf-style formatting of one number.
std::string fmt(const char* format, double x);

/// The curve a sector's assets take: the tabulated one if the table has it, else the fitted
/// Asia fallback (which knows the four standard names only).
struct SectorCurve {
  const shocks::DepthDamageCurve* table = nullptr;
  shocks::FittedAsiaCurve fitted = shocks::FittedAsiaCurve::BuiltUp;
  std::string name;
};
SectorCurve sector_curve(const Scenario& s, const HazardInputs& in, const SectorRow& sec);

/// Units humidity values are converted to before the checks and the regional means.
std::string humidity_units(const std::string& kind);

/// Converter of a field's units (or `fallback` when the file has none) to `to`; InputError
/// naming file, variable and `what` the values should be.
hazards::UnitConverter converter(const hazards::HazardField& f, const std::string& fallback,
                                 const std::string& to, const std::string& what);

/// Converter of a monthly water field to mm per month: an amount (mm, kg m-2), or a rate per
/// month, converts directly (`amount` = true); any other rate (kg m-2 s-1, mm/day) converts to
/// mm s-1 or kg m-2 s-1, to be multiplied by the month's seconds. InputError otherwise.
hazards::UnitConverter water_converter(const std::string& units, const std::string& where,
                                       bool& amount);

}  // namespace spstress::scenarios::detail

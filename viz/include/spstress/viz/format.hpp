#pragma once
/// How numbers and metric names are written for people, on maps and in the report. Shared so
/// that a map's legend and the report's tables show the same figure the same way.

#include <string>

namespace spstress::viz {

/// `value` rounded to 3 significant figures and written without its unit, the same way for
/// money, persons and hours so that a column reads evenly: words from one million on
/// ("350 million", "1.2 billion", "4.56 trillion"), thousands separators below ("12,300"),
/// decimals for small values with trailing zeros dropped ("0.375", "12.5"). Negative values get
/// a leading "-"; NaN and infinities are written "—" (no value). Words rather than 亿/万 because
/// the report is also read by people who do not count in 10^4. `unit` is kept for units that
/// may one day need their own style.
std::string format_value(double value, const std::string& unit);

/// format_value followed by the unit where that helps: "1.2 billion CNY", "12,300 persons",
/// "7.5 months"; a "ratio" is written bare ("1.25"); "—" for no value.
std::string format_with_unit(double value, const std::string& unit);

/// A metric name for people: "funding_gap" → "Funding gap", "ui_new_claims" → "UI new claims",
/// "sa_extra_cost" → "Social assistance extra cost".
std::string metric_label(const std::string& metric);

/// Text made safe inside HTML or SVG/XML text and attribute values (& < > " ' escaped).
std::string markup_escaped(const std::string& text);

}  // namespace spstress::viz

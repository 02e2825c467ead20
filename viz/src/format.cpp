#include "spstress/viz/format.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

namespace spstress::viz {
namespace {

/// `magnitude` > 0 rounded to 3 significant figures: the precision a model estimate deserves,
/// and what keeps legend labels short.
double round_to_3_significant(double magnitude) {
  const int exponent = static_cast<int>(std::floor(std::log10(magnitude)));
  const double step = std::pow(10.0, exponent - 2);
  return std::round(magnitude / step) * step;
}

std::string group_thousands(const std::string& digits) {
  std::string out;
  const std::size_t n = digits.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string trim_fraction_zeros(std::string text) {
  if (text.find('.') == std::string::npos) return text;
  while (!text.empty() && text.back() == '0') text.pop_back();
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text;
}

/// A rounded magnitude below 1000 with just enough decimals for 3 significant figures.
std::string small_number(double rounded) {
  const int exponent = static_cast<int>(std::floor(std::log10(rounded)));
  const int decimals = std::min(15, std::max(0, 2 - exponent));
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, rounded);
  std::string text = trim_fraction_zeros(buffer);
  if (text == "0") {
    std::snprintf(buffer, sizeof buffer, "%.2e", rounded);
    text = buffer;
  }
  return text;
}

std::string whole_number(double rounded) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.0f", rounded);
  return group_thousands(buffer);
}

/// "1.2 billion": the mantissa keeps 3 significant figures, trailing zeros dropped.
std::string in_words(double rounded) {
  struct Scale {
    double factor;
    const char* word;
  };
  static const Scale scales[] = {{1e12, "trillion"}, {1e9, "billion"}, {1e6, "million"}};
  for (const Scale& scale : scales) {
    if (rounded >= scale.factor) {
      const double mantissa = rounded / scale.factor;
      std::string number;
      if (mantissa >= 1000) {
        number = whole_number(mantissa);
      } else {
        const int decimals = mantissa < 10 ? 2 : (mantissa < 100 ? 1 : 0);
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, "%.*f", decimals, mantissa);
        number = trim_fraction_zeros(buffer);
      }
      return number + " " + scale.word;
    }
  }
  return whole_number(rounded);
}

}  // namespace

std::string format_value(double value, const std::string& /*unit*/) {
  if (!std::isfinite(value)) return "\u2014";
  if (value == 0) return "0";
  const std::string sign = value < 0 ? "-" : "";
  const double rounded = round_to_3_significant(std::fabs(value));
  if (rounded >= 1e6) return sign + in_words(rounded);
  if (rounded >= 1000) return sign + whole_number(rounded);
  return sign + small_number(rounded);
}

std::string format_with_unit(double value, const std::string& unit) {
  const std::string number = format_value(value, unit);
  if (!std::isfinite(value) || unit.empty() || unit == "ratio") return number;
  return number + " " + unit;
}

std::string metric_label(const std::string& metric) {
  std::vector<std::string> words;
  std::string word;
  for (const char c : metric + "_") {
    if (c != '_') {
      word += c;
      continue;
    }
    if (word.empty()) continue;
    if (word == "ui") {
      word = "UI";
    } else if (word == "sa") {
      word = "social assistance";
    } else if (word == "wbgt") {
      word = "WBGT";
    }
    words.push_back(word);
    word.clear();
  }
  std::string label;
  for (const std::string& w : words) {
    if (!label.empty()) label += ' ';
    label += w;
  }
  if (!label.empty() && label[0] >= 'a' && label[0] <= 'z') {
    label[0] = static_cast<char>(label[0] - 'a' + 'A');
  }
  return label;
}

std::string markup_escaped(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace spstress::viz

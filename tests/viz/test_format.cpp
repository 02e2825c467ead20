#include <limits>
#include <string>

#include <boost/test/unit_test.hpp>

#include "spstress/viz/format.hpp"

using spstress::viz::format_value;
using spstress::viz::format_with_unit;
using spstress::viz::metric_label;

BOOST_AUTO_TEST_SUITE(test_format)

BOOST_AUTO_TEST_CASE(money_is_written_in_words_to_three_significant_figures) {
  BOOST_TEST(format_value(1.2e9, "CNY") == "1.2 billion");
  BOOST_TEST(format_value(3.5e8, "CNY") == "350 million");
  BOOST_TEST(format_value(1234567890.0, "CNY") == "1.23 billion");
  BOOST_TEST(format_value(4.56e12, "CNY") == "4.56 trillion");
  BOOST_TEST(format_value(352417.0, "CNY") == "352,000");
  // 999,999 rounds to 1.00 million, so it is written in words.
  BOOST_TEST(format_value(999999.0, "CNY") == "1 million");
  BOOST_TEST(format_value(-2.5e6, "CNY") == "-2.5 million");
  BOOST_TEST(format_with_unit(1.2e9, "CNY") == "1.2 billion CNY");
}

BOOST_AUTO_TEST_CASE(counts_get_thousands_separators) {
  BOOST_TEST(format_value(12345.0, "persons") == "12,300");
  BOOST_TEST(format_value(999.0, "persons") == "999");
  BOOST_TEST(format_value(7.0, "persons") == "7");
  BOOST_TEST(format_value(0.0, "persons") == "0");
  BOOST_TEST(format_value(2.5e7, "persons") == "25 million");
  BOOST_TEST(format_with_unit(12345.0, "persons") == "12,300 persons");
}

BOOST_AUTO_TEST_CASE(small_values_keep_three_significant_figures) {
  BOOST_TEST(format_value(0.375, "ratio") == "0.375");
  BOOST_TEST(format_value(12.54, "months") == "12.5");
  BOOST_TEST(format_value(1.25, "ratio") == "1.25");
  BOOST_TEST(format_value(1.5, "months") == "1.5");
  BOOST_TEST(format_with_unit(1.25, "ratio") == "1.25");
  BOOST_TEST(format_with_unit(7.5, "months") == "7.5 months");
}

BOOST_AUTO_TEST_CASE(no_value_is_a_dash) {
  BOOST_TEST(format_value(std::numeric_limits<double>::quiet_NaN(), "CNY") == "\u2014");
  BOOST_TEST(format_with_unit(std::numeric_limits<double>::quiet_NaN(), "months") == "\u2014");
}

BOOST_AUTO_TEST_CASE(metric_names_become_labels) {
  BOOST_TEST(metric_label("funding_gap") == "Funding gap");
  BOOST_TEST(metric_label("ui_new_claims") == "UI new claims");
  BOOST_TEST(metric_label("sa_extra_cost") == "Social assistance extra cost");
}

BOOST_AUTO_TEST_SUITE_END()

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include "spstress/core/error.hpp"
#include "spstress/hazards/units.hpp"

using spstress::InputError;
using spstress::hazards::convert_value;
using spstress::hazards::udunits_definition;
using spstress::hazards::UnitConverter;
using spstress::hazards::units_convertible;

namespace {

auto message_starts_with_and_has(std::string start, std::vector<std::string> parts = {}) {
  return [start, parts](const InputError& e) {
    const std::string m = e.what();
    if (m.rfind(start, 0) != 0) {
      BOOST_TEST_MESSAGE("message \"" << m << "\" does not start with \"" << start << "\"");
      return false;
    }
    for (const auto& p : parts) {
      if (m.find(p) == std::string::npos) {
        BOOST_TEST_MESSAGE("message \"" << m << "\" lacks \"" << p << "\"");
        return false;
      }
    }
    return true;
  };
}

}  // namespace

BOOST_AUTO_TEST_SUITE(test_units)

BOOST_AUTO_TEST_CASE(converts_kelvin_to_celsius_and_back) {
  const UnitConverter k_to_c = UnitConverter::make("K", "degC", "tas");
  BOOST_TEST(k_to_c.from() == "K");
  BOOST_TEST(k_to_c.to() == "degC");
  BOOST_TEST(!k_to_c.is_identity());
  // 273.15 is the same double on both sides of the subtraction, so the result is 0 up to the
  // rounding of one addition.
  BOOST_TEST(std::fabs(k_to_c(273.15)) <= 1e-12);
  // 300 - 273.15 = 26.85; one subtraction of doubles near 300 is good to ~1e-13 absolute.
  BOOST_TEST(k_to_c(300.0) == 26.85, boost::test_tools::tolerance(1e-12));
  const UnitConverter c_to_k = UnitConverter::make("degC", "K", "tas");
  BOOST_TEST(c_to_k(0.0) == 273.15, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(c_to_k(-40.0) == 233.15, boost::test_tools::tolerance(1e-12));
  // CF spellings that UDUNITS-2 accepts for Celsius, including UTF-8 degree signs.
  for (const char* celsius : {"degree_Celsius", "degrees_Celsius", "Celsius", "°C", "℃"}) {
    BOOST_TEST(convert_value(0.0, celsius, "K", "tas") == 273.15,
               boost::test_tools::tolerance(1e-12));
  }
}

BOOST_AUTO_TEST_CASE(converts_fahrenheit_to_celsius) {
  const UnitConverter f_to_c = UnitConverter::make("degF", "degC", "tas");
  // (F - 32) * 5/9: boiling point, freezing point and the -40 crossing. The factor 5/9 is
  // inexact in binary, hence a relative tolerance of a few ulps, or an absolute one at 0.
  BOOST_TEST(f_to_c(212.0) == 100.0, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(std::fabs(f_to_c(32.0)) <= 1e-12);
  BOOST_TEST(f_to_c(-40.0) == -40.0, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(converts_speeds_and_fluxes_with_scale_factors) {
  // 1 m/s = 3600 m/h = 3.6 km/h; 3.6 is inexact in binary.
  BOOST_TEST(convert_value(1.0, "m s-1", "km h-1", "wind") == 3.6,
             boost::test_tools::tolerance(1e-12));
  // A water flux per second to per day: 86400 s in a day (kg m-2 of water is mm of water, but
  // that equivalence is a density assumption UDUNITS-2 does not make; see below).
  BOOST_TEST(convert_value(1.0, "kg m-2 s-1", "kg m-2 d-1", "pr") == 86400.0,
             boost::test_tools::tolerance(1e-12));
  BOOST_TEST(convert_value(1.0, "mm/h", "mm day-1", "pr") == 24.0,
             boost::test_tools::tolerance(1e-12));
  BOOST_TEST(convert_value(50.0, "%", "1", "share") == 0.5, boost::test_tools::tolerance(1e-12));
  // Surrounding spaces, as some files write them, are ignored.
  BOOST_TEST(convert_value(1.0, " K ", "K", "tas") == 1.0);
}

BOOST_AUTO_TEST_CASE(refuses_mass_flux_to_depth_rate_without_a_density) {
  BOOST_CHECK_EXCEPTION(UnitConverter::make("kg m-2 s-1", "mm day-1", "pr"), InputError,
                        message_starts_with_and_has("pr: cannot convert \"kg m-2 s-1\" to "
                                                    "\"mm day-1\"",
                                                    {"different quantities"}));
  BOOST_TEST(!units_convertible("kg m-2 s-1", "mm day-1", "pr"));
  BOOST_TEST(units_convertible("kg m-2 s-1", "kg m-2 d-1", "pr"));
}

BOOST_AUTO_TEST_CASE(applies_to_matrices_keeping_nan) {
  const UnitConverter k_to_c = UnitConverter::make("K", "degC", "tas");
  Eigen::MatrixXd m(2, 2);
  m << 273.15, std::numeric_limits<double>::quiet_NaN(), 373.15, 263.15;
  k_to_c.apply(m);
  // Differences of doubles near 300: a few ulps of 300 absolute.
  BOOST_TEST(std::fabs(m(0, 0)) <= 1e-12);
  BOOST_TEST(std::isnan(m(0, 1)));
  BOOST_TEST(m(1, 0) == 100.0, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(m(1, 1) == -10.0, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(recognises_identical_units_under_different_spellings) {
  const UnitConverter same = UnitConverter::make("mm/day", "mm d-1", "pr");
  BOOST_TEST(same.is_identity());
  BOOST_TEST(UnitConverter::make("K", "kelvin", "tas").is_identity());
  BOOST_TEST(UnitConverter::make("degC", "Celsius", "tas").is_identity());
  BOOST_TEST(!UnitConverter::make("mm/day", "mm h-1", "pr").is_identity());
  Eigen::MatrixXd m(1, 2);
  m << 1.5, 2.5;
  same.apply(m);
  BOOST_TEST(m(0, 0) == 1.5);
  BOOST_TEST(m(0, 1) == 2.5);
}

BOOST_AUTO_TEST_CASE(copies_outlive_the_original) {
  std::vector<UnitConverter> copies;
  {
    const UnitConverter original = UnitConverter::make("degC", "K", "tas");
    copies.push_back(original);
    UnitConverter moved = original;
    copies.push_back(std::move(moved));
  }
  for (const UnitConverter& c : copies) {
    BOOST_TEST(c(10.0) == 283.15, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(c.from() == "degC");
  }
}

BOOST_AUTO_TEST_CASE(rejects_unknown_units_with_the_expected_form) {
  BOOST_CHECK_EXCEPTION(
      UnitConverter::make("kelvinz", "degC", "data/tas.nc: variable 'tas'"), InputError,
      message_starts_with_and_has("data/tas.nc: variable 'tas': unknown units \"kelvinz\"; "
                                  "expected a UDUNITS-2 unit such as K or degC"));
  BOOST_CHECK_EXCEPTION(UnitConverter::make("mm", "mm rain", "--units"), InputError,
                        message_starts_with_and_has("--units: unknown units \"mm rain\""));
  BOOST_CHECK_EXCEPTION(UnitConverter::make("", "K", "tas"), InputError,
                        message_starts_with_and_has("tas: units are empty"));
}

BOOST_AUTO_TEST_CASE(rejects_degrees_kelvin_that_udunits_reads_as_an_angle_times_a_temperature) {
  // UDUNITS-2 parses these as degree (pi/180, dimensionless) x kelvin: converted to K they
  // would silently lose a factor 57.3.
  BOOST_CHECK_EXCEPTION(
      UnitConverter::make("degrees Kelvin", "K", "tas"), InputError,
      message_starts_with_and_has("tas: unknown units \"degrees Kelvin\"; expected a UDUNITS-2 "
                                  "unit such as K or degC",
                                  {"angle times a temperature"}));
  BOOST_CHECK_EXCEPTION(UnitConverter::make("K", "degrees Celsius", "--units"), InputError,
                        message_starts_with_and_has("--units: unknown units \"degrees "
                                                    "Celsius\""));
}

BOOST_AUTO_TEST_CASE(rejects_incompatible_units_and_keeps_c_as_coulomb) {
  BOOST_CHECK_EXCEPTION(UnitConverter::make("m", "degC", "tas"), InputError,
                        message_starts_with_and_has("tas: cannot convert \"m\" to \"degC\""));
  BOOST_CHECK_EXCEPTION(
      UnitConverter::make("C", "degC", "tas"), InputError,
      message_starts_with_and_has("tas: cannot convert \"C\" to \"degC\"", {"coulomb"}));
}

BOOST_AUTO_TEST_CASE(describes_units_in_si_base_units) {
  // Celsius is kelvin shifted by 273.15; a kilometre per hour is 1/3.6 m/s.
  BOOST_TEST(udunits_definition("degC", "tas") == "K @ 273.15");
  BOOST_TEST(udunits_definition("K", "tas") == "K");
  BOOST_TEST(udunits_definition("km/h", "wind").find("0.2777777") == 0u);
}

BOOST_AUTO_TEST_CASE(makes_and_uses_converters_on_several_threads) {
  // Each thread parses and frees units and converters while the others do: UDUNITS-2 itself
  // is not thread-safe, the wrapper must serialise it.
  std::vector<int> failures(4, 0);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < failures.size(); ++i) {
    threads.emplace_back([&failures, i] {
      for (int k = 0; k < 200; ++k) {
        const double x = convert_value(static_cast<double>(k), "degC", "K", "tas");
        const bool ok = std::fabs(x - (k + 273.15)) <= 1e-9 &&
                        units_convertible("mm/day", "m s-1", "pr") &&
                        UnitConverter::make("m s-1", "km h-1", "wind")(10.0) > 35.99;
        if (!ok) ++failures[i];
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (int f : failures) BOOST_TEST(f == 0);
}

BOOST_AUTO_TEST_SUITE_END()

#define BOOST_TEST_MODULE test_scenarios
#include <boost/test/unit_test.hpp>

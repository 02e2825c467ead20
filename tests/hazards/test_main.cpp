#define BOOST_TEST_MODULE test_hazards
#include <boost/test/unit_test.hpp>

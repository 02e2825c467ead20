#define BOOST_TEST_MODULE test_shocks
#include <boost/test/unit_test.hpp>

#define BOOST_TEST_MODULE test_protection
#include <boost/test/unit_test.hpp>

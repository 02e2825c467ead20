#define BOOST_TEST_MODULE test_regions
#include <boost/test/unit_test.hpp>

#define BOOST_TEST_MODULE test_viz
#include <boost/test/unit_test.hpp>

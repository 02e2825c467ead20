#define BOOST_TEST_MODULE test_end_to_end
#include <boost/test/unit_test.hpp>

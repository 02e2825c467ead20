#pragma once
// Predicate for BOOST_CHECK_EXCEPTION: the error message contains every given part (the
// message is part of the contract). Logs the message and the missing part when it does not.

#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "spstress/core/error.hpp"

namespace spstress::test {

inline auto message_has(std::vector<std::string> parts) {
  return [parts](const spstress::Error& e) {
    const std::string m = e.what();
    for (const auto& p : parts) {
      if (m.find(p) == std::string::npos) {
        BOOST_TEST_MESSAGE("message \"" << m << "\" lacks \"" << p << "\"");
        return false;
      }
    }
    return true;
  };
}

}  // namespace spstress::test

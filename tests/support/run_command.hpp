#pragma once
// Runs a shell command with stdout and stderr captured to files in a scratch folder, for tests
// that drive the spstress binary (or a helper tool such as ncgen) as a user would.

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace spstress::test {

struct CommandResult {
  int status = -1;  ///< exit status; -1 when the command was killed by a signal
  std::string out;
  std::string err;
};

/// The binary under test: SPSTRESS_BIN as set by ctest, else `spstress` on the PATH.
inline std::string spstress_binary() {
  const char* b = std::getenv("SPSTRESS_BIN");
  return b ? b : "spstress";
}

/// Single-quotes a word for /bin/sh so paths with spaces or quotes reach the program intact.
inline std::string shell_quote(const std::string& word) {
  std::string q = "'";
  for (char c : word) {
    if (c == '\'')
      q += "'\\''";
    else
      q += c;
  }
  return q + "'";
}

inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// Runs `command` through /bin/sh; its stdout and stderr go to files in `scratch`, which the
/// caller owns (so a test can check that nothing else was written elsewhere).
inline CommandResult run_command(const std::string& command,
                                 const std::filesystem::path& scratch) {
  const std::filesystem::path out = scratch / "command-stdout.txt";
  const std::filesystem::path err = scratch / "command-stderr.txt";
  const std::string full =
      command + " >" + shell_quote(out.string()) + " 2>" + shell_quote(err.string());
  const int rc = std::system(full.c_str());
  CommandResult r;
  r.status = (rc != -1 && WIFEXITED(rc)) ? WEXITSTATUS(rc) : -1;
  r.out = read_text(out);
  r.err = read_text(err);
  return r;
}

}  // namespace spstress::test

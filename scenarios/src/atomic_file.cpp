#include "spstress/scenarios/atomic_file.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <system_error>

#include <unistd.h>

#include "spstress/core/error.hpp"

namespace spstress::scenarios {

void write_atomically(const std::string& path,
                      const std::function<void(const std::string&)>& write) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  // The temporary name carries the process id so that two runs into one folder cannot clash,
  // and keeps the extension so that drivers that look at it (GDAL) pick the right format.
  // Built by appending: GCC 12 at -O3 warns (-Wrestrict, a known false positive) on the
  // equivalent chain of operator+.
  std::string name = ".";
  name.append(target.stem().string()).append(".tmp").append(std::to_string(::getpid()));
  name.append(target.extension().string());
  const fs::path tmp = target.parent_path() / name;
  std::error_code ec;
  fs::remove(tmp, ec);
  try {
    write(tmp.string());
  } catch (...) {
    fs::remove(tmp, ec);
    throw;
  }
  fs::rename(tmp, target, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw InputError(path + ": cannot move the finished file into place: " + ec.message());
  }
}

void write_text_atomically(const std::string& path, const std::string& text) {
  write_atomically(path, [&](const std::string& tmp) {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw InputError(path + ": cannot open for writing");
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.close();
    if (!out) throw InputError(path + ": write failed (disk full?)");
  });
}

}  // namespace spstress::scenarios

#pragma once
/// Write-then-rename, so that outputs appear whole or not at all.

#include <functional>
#include <string>

namespace spstress::scenarios {

/// Calls `write(tmp_path)` with a temporary path in the same folder as `path`, then renames it
/// onto `path`. On any exception the temporary file is removed and `path` is left untouched.
void write_atomically(const std::string& path,
                      const std::function<void(const std::string&)>& write);

/// Writes `text` to `path` atomically. Throws InputError naming the path on failure.
void write_text_atomically(const std::string& path, const std::string& text);

}  // namespace spstress::scenarios

// Opening input files, shared by the readers that touch paths: one message for
// a missing file, a directory or an unreadable one.
#pragma once

#include <fstream>
#include <string>

namespace refnet::io {

/// Opens `path` for binary reading. Throws InputError "PATH: is a directory
/// (expected a CSV file)" or "PATH: cannot open file (REASON)".
[[nodiscard]] std::ifstream open_input(const std::string& path);

}  // namespace refnet::io

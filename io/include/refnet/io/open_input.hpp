// Opening input files, shared by everything that reads a path: one message for
// a missing file, a directory, a FIFO or device (which would block or never
// end), or an unreadable one.
#pragma once

#include <fstream>
#include <string>

namespace refnet::io {

/// Opens `path` for binary reading ("-": standard input). Throws InputError "PATH: is a directory
/// (expected a CSV file)", "PATH: is not a regular file (expected a CSV file)"
/// or "PATH: cannot open file (REASON)".
[[nodiscard]] std::ifstream open_input(const std::string& path);

}  // namespace refnet::io

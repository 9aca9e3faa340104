// Temporaries beside an output (a file's ".NAME.refnet-tmp-PID-XXXXXX", an
// export's "NAME.refnet-tmp-PID-XXXXXX" directory) carry the writer's pid, so
// a later run can tell a dead run's leftovers (SIGKILL, a power cut, an
// interrupted export) from a live run's and remove them.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace refnet::io {

inline constexpr std::string_view kTempMarker = ".refnet-tmp-";

/// `prefix` + kTempMarker + this process's pid + "-XXXXXX": a template for
/// mkstemp or mkdtemp.
[[nodiscard]] std::string temp_template(const std::string& prefix);

/// Removes what runs no longer alive left in `dir` under temp_template(prefix)
/// names: files, or directories with everything in them. Errors are ignored:
/// a leftover that cannot be removed is no reason to fail the new output.
void sweep_stale_temporaries(const std::filesystem::path& dir, const std::string& prefix);

}  // namespace refnet::io

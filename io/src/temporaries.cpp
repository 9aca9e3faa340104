#include "temporaries.hpp"

#include <sys/types.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <csignal>
#include <system_error>

namespace refnet::io {

std::string temp_template(const std::string& prefix) {
    return prefix + std::string(kTempMarker) + std::to_string(::getpid()) + "-XXXXXX";
}

void sweep_stale_temporaries(const std::filesystem::path& dir, const std::string& prefix) {
    const std::string start = prefix + std::string(kTempMarker);
    std::error_code ec;
    for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string file = it->path().filename().string();
        if (!file.starts_with(start)) continue;
        long pid = 0;
        const char* digits = file.c_str() + start.size();
        const auto [ptr, parsed] = std::from_chars(digits, file.c_str() + file.size(), pid);
        if (parsed != std::errc{} || *ptr != '-' || pid <= 0) continue;
        if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;
        std::error_code ignored;
        std::filesystem::remove_all(it->path(), ignored);
    }
}

}  // namespace refnet::io

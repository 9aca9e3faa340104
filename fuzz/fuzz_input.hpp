// What every fuzz target shares: the input as text and as a stream, a temp
// file for the readers that take a path, and the rule for failures. A reader
// may refuse an input only with InputError (the `file:line:column` message
// users see); anything else escaping it — another exception, a crash, a
// sanitizer report, a hang — is a bug libFuzzer keeps.
#pragma once

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <refnet/io/error.hpp>
#include <sstream>
#include <string>
#include <string_view>

namespace refnet::fuzz {

inline std::string_view text_of(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

/// Runs `read`, accepting InputError as a refusal. Returns whether it read.
template <typename Read>
bool refused_or_read(Read&& read) {
    try {
        read();
        return true;
    } catch (const InputError&) {
        return false;
    }
}

/// A file of this process holding `bytes` (the readers that map a path).
inline std::string temp_file(std::string_view bytes, const char* suffix) {
    const std::string path = "/tmp/refnet_fuzz_" + std::to_string(::getpid()) + "_" + suffix;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) std::abort();
    return path;
}

}  // namespace refnet::fuzz

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

/// Readers' inputs: the first byte's low bits choose the mode (bit 0: lenient)
/// and the rest is the file.
struct ModeAndFile {
    std::uint8_t mode = 0;
    std::istringstream file;
    [[nodiscard]] bool lenient() const { return (mode & 1) != 0; }
};
inline ModeAndFile mode_and_file(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return {};
    return {data[0], std::istringstream(std::string(text_of(data + 1, size - 1)))};
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

/// The readers' common case: `read(file, diagnostics, mode)` with strict or
/// lenient diagnostics as the mode byte says, refusals accepted.
template <typename Read>
void read_csv_input(const std::uint8_t* data, std::size_t size, Read&& read) {
    ModeAndFile input = mode_and_file(data, size);
    refused_or_read([&] {
        Diagnostics diagnostics(input.lenient());
        read(input.file, diagnostics, input.mode);
    });
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

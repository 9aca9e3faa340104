// The national snapshot the national benchmarks run on: REFNET_NATIONAL names
// it (bench/scale.sh writes one and sets it); without it they skip.
#pragma once

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <optional>
#include <string>

namespace refnet::bench {

/// The snapshot's path, or nullopt after marking the benchmark skipped.
inline std::optional<std::string> national_snapshot(benchmark::State& state) {
    const char* path = std::getenv("REFNET_NATIONAL");
    if (path == nullptr) {
        state.SkipWithError("set REFNET_NATIONAL=FILE.refnet (see bench/scale.sh)");
        return std::nullopt;
    }
    return std::string(path);
}

}  // namespace refnet::bench

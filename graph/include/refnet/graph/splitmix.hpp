// SplitMix64 (Steele, Lea and Flood, 2014; Vigna's reference code): the one
// definition behind the simulator's per-block seeds and the backtest's seeded
// hashes. Header-only and constexpr so both call sites inline it as before.
#pragma once

#include <cstdint>

namespace refnet::graph {

/// SplitMix64's increment, the golden ratio in 64-bit fixed point.
inline constexpr std::uint64_t kSplitMix64Gamma = 0x9E3779B97F4A7C15ULL;

/// SplitMix64's finaliser (a variant of MurmurHash3's fmix64): a bijection on
/// 64-bit words that spreads every input bit over the output.
[[nodiscard]] constexpr std::uint64_t splitmix64_mix(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/// The generator's step: advances `state` by kSplitMix64Gamma and returns the
/// finaliser of the new state.
[[nodiscard]] constexpr std::uint64_t splitmix64_next(std::uint64_t& state) {
    state += kSplitMix64Gamma;
    return splitmix64_mix(state);
}

}  // namespace refnet::graph

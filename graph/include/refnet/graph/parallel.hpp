// When a loop is worth a thread team. Starting a team and meeting at its
// barrier costs microseconds on idle cores and far more on busy ones (a
// waiting thread must be woken when the others are done): below this many
// items a loop runs on the calling thread alone, so a toy market's hundred
// PageRank iterations never meet a barrier.
#pragma once

#include <cstddef>

namespace refnet::graph {

inline constexpr std::size_t kParallelFrom = std::size_t{1} << 15;

/// Whether `items` units of light work (an edge, a provider) are worth a team.
[[nodiscard]] constexpr bool worth_a_team(std::size_t items) { return items >= kParallelFrom; }

/// The threads to use for `items` units: all of them, or 1 below kParallelFrom.
[[nodiscard]] int team_size(std::size_t items);

}  // namespace refnet::graph

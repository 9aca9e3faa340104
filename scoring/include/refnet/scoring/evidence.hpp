// Small, shared building blocks of the scoring signals: smoothed rates and
// distance decay. Every signal is a number in [0, 1].
#pragma once

#include <cstdint>
#include <refnet/graph/geo.hpp>

namespace refnet::scoring {

/// Posterior mean of a rate under a Beta(prior_successes, prior_failures) prior:
/// (successes + a) / (trials + a + b), so 1 of 1 is not 100 %.
/// Throws std::invalid_argument when successes > trials or a prior is not positive.
[[nodiscard]] double smoothed_rate(std::uint64_t successes, std::uint64_t trials,
                                   double prior_successes = 1.0, double prior_failures = 1.0);

/// The great-circle distance now lives in graph (refnet/graph/geo.hpp); scoring
/// code keeps calling it unqualified.
using graph::haversine_km;

/// exp(-distance / scale): 1 at distance 0, 1/e at `scale_km`; never increases
/// with distance. Throws std::invalid_argument when scale_km <= 0 or distance < 0.
[[nodiscard]] double distance_decay(double distance_km, double scale_km);

}  // namespace refnet::scoring

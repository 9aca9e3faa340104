// Small, shared building blocks of the scoring signals: smoothed rates and
// distance decay. Every signal is a number in [0, 1].
#pragma once

#include <cstdint>

namespace refnet::scoring {

/// Posterior mean of a rate under a Beta(prior_successes, prior_failures) prior:
/// (successes + a) / (trials + a + b), so 1 of 1 is not 100 %.
/// Throws std::invalid_argument when successes > trials or a prior is not positive.
[[nodiscard]] double smoothed_rate(std::uint64_t successes, std::uint64_t trials,
                                   double prior_successes = 1.0, double prior_failures = 1.0);

/// Great-circle distance in kilometres between two lat/lon points in degrees
/// (haversine, mean Earth radius 6371.0088 km).
[[nodiscard]] double haversine_km(double lat1, double lon1, double lat2, double lon2);

/// exp(-distance / scale): 1 at distance 0, 1/e at `scale_km`; never increases
/// with distance. Throws std::invalid_argument when scale_km <= 0 or distance < 0.
[[nodiscard]] double distance_decay(double distance_km, double scale_km);

}  // namespace refnet::scoring

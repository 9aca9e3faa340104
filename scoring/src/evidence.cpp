#include <algorithm>
#include <cmath>
#include <refnet/scoring/evidence.hpp>
#include <stdexcept>
#include <string>

namespace refnet::scoring {

double smoothed_rate(std::uint64_t successes, std::uint64_t trials, double prior_successes,
                     double prior_failures) {
    if (successes > trials) {
        throw std::invalid_argument("smoothed_rate: successes (" + std::to_string(successes) +
                                    ") exceed trials (" + std::to_string(trials) + ")");
    }
    if (!(prior_successes > 0.0) || !(prior_failures > 0.0)) {
        throw std::invalid_argument("smoothed_rate: Beta prior parameters must be positive, got " +
                                    std::to_string(prior_successes) + " and " +
                                    std::to_string(prior_failures));
    }
    return (static_cast<double>(successes) + prior_successes) /
           (static_cast<double>(trials) + prior_successes + prior_failures);
}

double distance_decay(double distance_km, double scale_km) {
    if (!(scale_km > 0.0)) {
        throw std::invalid_argument("distance_decay: scale must be positive, got " +
                                    std::to_string(scale_km));
    }
    if (!(distance_km >= 0.0)) {
        throw std::invalid_argument("distance_decay: distance must be non-negative, got " +
                                    std::to_string(distance_km));
    }
    return std::exp(-distance_km / scale_km);
}

}  // namespace refnet::scoring

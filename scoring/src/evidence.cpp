#include <algorithm>
#include <cmath>
#include <numbers>
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
        throw std::invalid_argument("smoothed_rate: Beta prior parameters must be positive");
    }
    return (static_cast<double>(successes) + prior_successes) /
           (static_cast<double>(trials) + prior_successes + prior_failures);
}

double haversine_km(double lat1, double lon1, double lat2, double lon2) {
    constexpr double kEarthRadiusKm = 6371.0088;
    constexpr double kRad = std::numbers::pi / 180.0;
    const double dlat = (lat2 - lat1) * kRad;
    const double dlon = (lon2 - lon1) * kRad;
    const double a =
        std::sin(dlat / 2) * std::sin(dlat / 2) +
        std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
    return 2.0 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(a)));
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

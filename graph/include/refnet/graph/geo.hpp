// Great-circle distance on the mean Earth sphere: the one haversine RefNet
// uses, for scoring's proximity and radius filters and the simulator's
// distance decay, so the same pair of points gives the same double everywhere.
#pragma once

#include <algorithm>
#include <cmath>
#include <numbers>

namespace refnet::graph {

/// Mean Earth radius (IUGG), in kilometres.
inline constexpr double kEarthRadiusKm = 6371.0088;
/// Degrees to radians.
inline constexpr double kRadiansPerDegree = std::numbers::pi / 180.0;

/// Great-circle distance in kilometres between two lat/lon points in degrees
/// (haversine, mean Earth radius kEarthRadiusKm).
[[nodiscard]] double haversine_km(double lat1, double lon1, double lat2, double lon2);

/// haversine_km with each end's cos(latitude * kRadiansPerDegree) passed in, so
/// a caller that measures many pairs computes it once per point. The
/// arithmetic is haversine_km's, operation for operation, so the results are
/// the same doubles. Inline: the simulator calls it in its innermost loop.
[[nodiscard]] inline double haversine_km(double lat1, double lon1, double cos_lat1, double lat2,
                                         double lon2, double cos_lat2) {
    const double dlat = (lat2 - lat1) * kRadiansPerDegree;
    const double dlon = (lon2 - lon1) * kRadiansPerDegree;
    const double sin_dlat = std::sin(dlat / 2);
    const double sin_dlon = std::sin(dlon / 2);
    const double h = sin_dlat * sin_dlat + cos_lat1 * cos_lat2 * sin_dlon * sin_dlon;
    return 2.0 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(h)));
}

}  // namespace refnet::graph

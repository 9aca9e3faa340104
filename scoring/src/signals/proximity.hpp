// Proximity: can the focal's patients get there? exp(-km / distance_scale_km),
// at least telehealth_floor for a telehealth provider licensed in the focal's
// state, and 0.5 (no information) without a location.
#pragma once

#include <cmath>
#include <refnet/scoring/evidence.hpp>
#include <string>

#include "focal.hpp"

namespace refnet::scoring {

/// Whether telehealth provider c reaches the focal's patients: licensed in the
/// focal's state (or anywhere, or the focal has no state).
[[nodiscard]] bool telehealth_reaches(const Focal& focal, graph::NodeId c);

/// Great-circle km from the focal to c, NaN when either has no location.
[[nodiscard]] inline double distance_km(const Focal& focal, graph::NodeId c) {
    if (!focal.provider.has_location() || std::isnan(focal.ctx.lat[c]) ||
        std::isnan(focal.ctx.lon[c]))
        return std::nan("");
    return haversine_km(focal.provider.lat, focal.provider.lon, focal.ctx.lat[c], focal.ctx.lon[c]);
}

/// The signal for c at `km` (NaN: unknown).
[[nodiscard]] inline double proximity(const Focal& focal, graph::NodeId c, double km) {
    double value = std::isnan(km) ? 0.5 : distance_decay(km, focal.params.distance_scale_km);
    if (telehealth_reaches(focal, c)) value = std::max(value, focal.params.telehealth_floor);
    return value;
}

}  // namespace refnet::scoring

// Proximity: can the focal's patients get there? 1 - log(1 + km / 5) /
// log(1 + range / 5), so that the model's coefficient is a fitted distance
// decay (the score falls as a power of 1 + km / 5); at least telehealth_floor for
// a telehealth provider licensed in the focal's state, and 0.5 (no
// information) without a location.
#pragma once

#include <algorithm>
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

/// 1 at the door, 0 at `range_km` and beyond, falling with log(1 + km / 5): the
/// model's coefficient b makes the score fall as (1 + km / 5)^(-b / log(1 + range / 5)),
/// a decay fitted on referral histories (`refnet tune`) that is steep across
/// town and flat between distant towns.
[[nodiscard]] inline double proximity_of_km(double km, double range_km) {
    constexpr double kUnitKm = 5.0;
    return std::max(0.0, 1.0 - std::log1p(km / kUnitKm) / std::log1p(range_km / kUnitKm));
}

/// The signal for c at `km` (NaN: unknown).
[[nodiscard]] inline double proximity(const Focal& focal, graph::NodeId c, double km) {
    double value = std::isnan(km) ? 0.5 : proximity_of_km(km, focal.params.proximity_range_km);
    // The licence check compares strings: asked only where the floor would lift the value.
    if (value < focal.params.telehealth_floor && telehealth_reaches(focal, c))
        value = focal.params.telehealth_floor;
    return value;
}

}  // namespace refnet::scoring

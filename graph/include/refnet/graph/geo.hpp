// Geometry on the Earth's surface.
#pragma once

namespace refnet::graph {

/// Mean Earth radius (IUGG), km.
inline constexpr double kEarthRadiusKm = 6371.0088;

}  // namespace refnet::graph

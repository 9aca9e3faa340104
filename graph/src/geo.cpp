#include <cmath>
#include <refnet/graph/geo.hpp>

namespace refnet::graph {

double haversine_km(double lat1, double lon1, double lat2, double lon2) {
    return haversine_km(lat1, lon1, std::cos(lat1 * kRadiansPerDegree), lat2, lon2,
                        std::cos(lat2 * kRadiansPerDegree));
}

}  // namespace refnet::graph

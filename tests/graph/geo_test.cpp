// Great-circle distances: known values, and the two haversine entry points
// giving the same doubles.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <refnet/graph/geo.hpp>

namespace refnet::graph {
namespace {

TEST(Haversine, KnownDistances) {
    EXPECT_DOUBLE_EQ(haversine_km(33.749, -84.388, 33.749, -84.388), 0.0);
    // One degree of latitude is 6371.0088 * pi / 180 = 111.195 km.
    EXPECT_NEAR(haversine_km(0.0, 0.0, 1.0, 0.0), 111.19508, 1e-4);
    // Atlanta (33.749, -84.388) to Boston (42.3601, -71.0589): 1,505 km by
    // great circle (independently computed with geopy's great_circle).
    EXPECT_NEAR(haversine_km(33.749, -84.388, 42.3601, -71.0589), 1505.0, 2.0);
    EXPECT_NEAR(haversine_km(0, 0, 0, 180), kEarthRadiusKm * std::numbers::pi, 1e-6);
}

TEST(Haversine, PrecomputedCosinesGiveTheSameDoubles) {
    const double points[][2] = {{33.749, -84.388},   {42.3601, -71.0589}, {47.6062, -122.3321},
                                {33.7512, -84.3901}, {0.0, 0.0},          {-33.8688, 151.2093}};
    for (const auto& a : points) {
        for (const auto& b : points) {
            const double cos_a = std::cos(a[0] * kRadiansPerDegree);
            const double cos_b = std::cos(b[0] * kRadiansPerDegree);
            EXPECT_EQ(haversine_km(a[0], a[1], b[0], b[1]),
                      haversine_km(a[0], a[1], cos_a, b[0], b[1], cos_b));
        }
    }
}

TEST(Haversine, IsSymmetric) {
    EXPECT_DOUBLE_EQ(haversine_km(33.749, -84.388, 42.3601, -71.0589),
                     haversine_km(42.3601, -71.0589, 33.749, -84.388));
}

}  // namespace
}  // namespace refnet::graph

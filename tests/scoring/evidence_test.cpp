// Smoothed rates and distance decay: values worked out by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <refnet/scoring/evidence.hpp>

namespace refnet::scoring {
namespace {

TEST(SmoothedRate, OneOfOneIsNotCertainty) {
    EXPECT_DOUBLE_EQ(smoothed_rate(1, 1), 2.0 / 3.0);  // (1+1)/(1+2)
    EXPECT_DOUBLE_EQ(smoothed_rate(46, 50), 47.0 / 52.0);
    EXPECT_DOUBLE_EQ(smoothed_rate(0, 0), 0.5);
    EXPECT_DOUBLE_EQ(smoothed_rate(3, 4, 2.0, 8.0), 5.0 / 14.0);
}

TEST(SmoothedRate, MoreSuccessesNeverLowerTheRate) {
    for (std::uint64_t s = 0; s < 20; ++s)
        EXPECT_LT(smoothed_rate(s, 20), smoothed_rate(s + 1, 20));
}

TEST(SmoothedRate, RejectsImpossibleCounts) {
    try {
        (void)smoothed_rate(5, 4);
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_STREQ(e.what(), "smoothed_rate: successes (5) exceed trials (4)");
    }
    EXPECT_THROW((void)smoothed_rate(1, 2, 0.0, 1.0), std::invalid_argument);
}

TEST(Haversine, KnownDistances) {
    EXPECT_DOUBLE_EQ(haversine_km(33.749, -84.388, 33.749, -84.388), 0.0);
    // One degree of latitude is 6371.0088 * pi / 180 = 111.195 km.
    EXPECT_NEAR(haversine_km(0.0, 0.0, 1.0, 0.0), 111.19508, 1e-4);
    // Atlanta (33.749, -84.388) to Boston (42.3601, -71.0589): 1,505 km by
    // great circle (independently computed with geopy's great_circle).
    EXPECT_NEAR(haversine_km(33.749, -84.388, 42.3601, -71.0589), 1505.0, 2.0);
    EXPECT_NEAR(haversine_km(0, 0, 0, 180), 6371.0088 * M_PI, 1e-6);
}

TEST(DistanceDecay, IsOneAtZeroAndFallsWithDistance) {
    EXPECT_DOUBLE_EQ(distance_decay(0.0, 10.0), 1.0);
    EXPECT_DOUBLE_EQ(distance_decay(10.0, 10.0), std::exp(-1.0));
    for (double d = 0; d < 100; d += 5)
        EXPECT_GT(distance_decay(d, 15.0), distance_decay(d + 5, 15.0));
    EXPECT_THROW((void)distance_decay(1.0, 0.0), std::invalid_argument);
    EXPECT_THROW((void)distance_decay(-1.0, 5.0), std::invalid_argument);
}

}  // namespace
}  // namespace refnet::scoring

// Smoothed rates and distance decay: values worked out by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <refnet/scoring/evidence.hpp>

#include "expect_throw_message.hpp"

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
    EXPECT_THROW_MSG((void)smoothed_rate(1, 2, 0.0, 1.0), std::invalid_argument,
                     "smoothed_rate: Beta prior parameters must be positive, got 0.000000 and "
                     "1.000000");
}

TEST(DistanceDecay, IsOneAtZeroAndFallsWithDistance) {
    EXPECT_DOUBLE_EQ(distance_decay(0.0, 10.0), 1.0);
    EXPECT_DOUBLE_EQ(distance_decay(10.0, 10.0), std::exp(-1.0));
    for (double d = 0; d < 100; d += 5)
        EXPECT_GT(distance_decay(d, 15.0), distance_decay(d + 5, 15.0));
    EXPECT_THROW_MSG((void)distance_decay(1.0, 0.0), std::invalid_argument,
                     "distance_decay: scale must be positive, got 0.000000");
    EXPECT_THROW_MSG((void)distance_decay(-1.0, 5.0), std::invalid_argument,
                     "distance_decay: distance must be non-negative, got -1.000000");
}

}  // namespace
}  // namespace refnet::scoring

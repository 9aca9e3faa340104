// SplitMix64: the reference sequence, and the finaliser as the generator's step.
#include <gtest/gtest.h>

#include <refnet/graph/splitmix.hpp>

namespace refnet::graph {
namespace {

TEST(SplitMix64, ReferenceSequenceFromSeedZero) {
    // The first outputs of Vigna's splitmix64.c seeded with 0.
    std::uint64_t state = 0;
    EXPECT_EQ(splitmix64_next(state), 0xE220A8397B1DCDAFULL);
    EXPECT_EQ(splitmix64_next(state), 0x6E789E6AA1B965F4ULL);
    EXPECT_EQ(splitmix64_next(state), 0x06C45D188009454FULL);
    EXPECT_EQ(state, 3 * kSplitMix64Gamma);
}

TEST(SplitMix64, NextIsTheFinaliserOfTheAdvancedState) {
    std::uint64_t state = 12345;
    const std::uint64_t out = splitmix64_next(state);
    EXPECT_EQ(state, 12345 + kSplitMix64Gamma);
    EXPECT_EQ(out, splitmix64_mix(12345 + kSplitMix64Gamma));
    static_assert(splitmix64_mix(0) == 0);
}

}  // namespace
}  // namespace refnet::graph

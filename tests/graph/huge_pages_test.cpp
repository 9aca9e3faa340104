#include <gtest/gtest.h>

#include <cstdint>
#include <numeric>
#include <refnet/graph/huge_pages.hpp>

namespace refnet::graph {
namespace {

TEST(HugePageVector, LargeArraysStartOnA2MiBBoundary) {
    // 3 MiB of doubles: served by the huge-page mapping, rounded up to 4 MiB.
    HugePageVector<double> sums(std::size_t{3} * 1024 * 1024 / sizeof(double), 0.0);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(sums.data()) % kHugePage, 0U);
    sums.back() = 2.5;
    sums.front() = -1.0;
    EXPECT_DOUBLE_EQ(sums.back(), 2.5);
    EXPECT_DOUBLE_EQ(std::accumulate(sums.begin(), sums.end(), 0.0), 1.5);
}

TEST(HugePageVector, SmallArraysAreOrdinary) {
    HugePageVector<std::uint32_t> counts(10, 7);
    EXPECT_EQ(std::accumulate(counts.begin(), counts.end(), std::uint64_t{0}), 70U);
}

TEST(HugePageVector, GrowingAcrossTheThresholdKeepsEveryValue) {
    // From std::allocator's storage into the mapping and on to a larger one:
    // 0 + 1 + ... + (n - 1) = n (n - 1) / 2.
    HugePageVector<std::uint64_t> ids;
    const std::uint64_t n = 3 * kHugePage / sizeof(std::uint64_t);
    for (std::uint64_t i = 0; i < n; ++i) ids.push_back(i);
    EXPECT_EQ(std::accumulate(ids.begin(), ids.end(), std::uint64_t{0}), n * (n - 1) / 2);
    ids.assign(4, 1);  // assign keeps the capacity; the sum is of the new values
    EXPECT_EQ(std::accumulate(ids.begin(), ids.end(), std::uint64_t{0}), 4U);
    ids.clear();
    ids.shrink_to_fit();
    EXPECT_EQ(ids.capacity(), 0U);
}

}  // namespace
}  // namespace refnet::graph

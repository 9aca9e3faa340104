// Modularity and Louvain on graphs whose best partitions are known.
#include <gtest/gtest.h>

#include <refnet/graph/communities.hpp>

#include "test_util.hpp"

namespace refnet::graph {
namespace {

Network toy() { return testing::toy_network(); }

TEST(Modularity, HandWorkedToyPartition) {
    // m = 22. {A,B,F}: internal A->B 3 + B->A 1 + B->F 5 = 9, degree 6+10+6 = 22.
    // {C,D,E}: internal 4+2+1 + self-loop 2 = 9, degree 8+7+7 = 22 (self-loop twice).
    // Q = 18/22 - (22/44)^2 - (22/44)^2.
    const std::vector<std::uint32_t> partition{0, 0, 1, 1, 1, 0, 2};
    EXPECT_NEAR(modularity(toy(), partition), 18.0 / 22.0 - 0.5, 1e-15);
}

TEST(Modularity, OneCommunityIsZeroAndSingletonsAreNegative) {
    EXPECT_NEAR(modularity(toy(), std::vector<std::uint32_t>(7, 0)), 0.0, 1e-15);
    // Singletons: only the self-loop E->E (2) is internal; degrees 6,10,8,7,7,6,0.
    const double q = 2.0 / 22.0 - (36.0 + 100 + 64 + 49 + 49 + 36) / (44.0 * 44.0);
    EXPECT_NEAR(modularity(toy(), std::vector<std::uint32_t>{0, 1, 2, 3, 4, 5, 6}), q, 1e-15);
}

TEST(Modularity, ResolutionScalesTheNullModel) {
    const std::vector<std::uint32_t> partition{0, 0, 1, 1, 1, 0, 2};
    EXPECT_NEAR(modularity(toy(), partition, 2.0), 18.0 / 22.0 - 1.0, 1e-15);
}

TEST(Modularity, RejectsAPartitionOfTheWrongSize) {
    try {
        (void)modularity(toy(), std::vector<std::uint32_t>(3, 0));
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_STREQ(e.what(), "modularity needs one community per node: got 3 for 7 nodes");
    }
}

TEST(Louvain, FindsTwoDisconnectedCliques) {
    // Two directed 4-cliques with no edge between them: Q = 1 - 2 * (1/2)^2 = 0.5.
    std::vector<std::tuple<NodeId, NodeId, std::uint32_t>> edges;
    for (NodeId base : {0U, 4U}) {
        for (NodeId i = 0; i < 4; ++i) {
            for (NodeId j = 0; j < 4; ++j) {
                if (i != j) edges.emplace_back(base + i, base + j, 1);
            }
        }
    }
    const CommunityResult r = louvain(testing::make_network(8, edges));
    EXPECT_EQ(r.count, 2U);
    EXPECT_EQ(r.community, (std::vector<std::uint32_t>{0, 0, 0, 0, 1, 1, 1, 1}));
    EXPECT_NEAR(r.modularity, 0.5, 1e-15);
}

TEST(Louvain, FindsTheBestToySplitAndKeepsIsolatedNodesApart) {
    const CommunityResult r = louvain(toy());
    EXPECT_EQ(r.community, (std::vector<std::uint32_t>{0, 0, 1, 1, 1, 0, 2}));
    EXPECT_NEAR(r.modularity, 18.0 / 22.0 - 0.5, 1e-12);
}

TEST(Louvain, SameSeedSamePartition) {
    std::vector<std::tuple<NodeId, NodeId, std::uint32_t>> edges;
    for (NodeId u = 0; u < 60; ++u) {
        edges.emplace_back(u, (u * 7 + 3) % 60, 1 + u % 4);
        edges.emplace_back(u, (u * 13 + 5) % 60, 1);
        edges.emplace_back(u, (u + 1) % 60, 2);
    }
    const Network net = testing::make_network(60, edges);
    const CommunityResult a = louvain(net, {.seed = 9});
    const CommunityResult b = louvain(net, {.seed = 9});
    EXPECT_EQ(a.community, b.community);
    EXPECT_EQ(a.modularity, b.modularity);
    EXPECT_DOUBLE_EQ(a.modularity, modularity(net, a.community));
}

TEST(Louvain, EmptyNetworkHasSingletonCommunities) {
    const CommunityResult r = louvain(testing::make_network(3, {}));
    EXPECT_EQ(r.count, 3U);
    EXPECT_TRUE(std::isnan(r.modularity));
}

TEST(Louvain, RejectsNonPositiveResolution) {
    try {
        (void)louvain(toy(), {.resolution = 0.0});
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_STREQ(e.what(), "Louvain resolution must be positive, got 0.000000");
    }
}

}  // namespace
}  // namespace refnet::graph

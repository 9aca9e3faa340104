// Metrics (graph/src/metrics.cpp) on a 7-node toy network worked out by hand.
// Edges (count):
//   A->B 3, A->C 2, B->A 1, B->C 1, B->F 5, C->D 4, D->E 2, D->F 1, E->C 1, E->E 2;
//   G is isolated, F is dangling, E has a self-loop.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <refnet/graph/metrics.hpp>

#include "expect_throw_message.hpp"
#include "test_util.hpp"

namespace refnet::graph {
namespace {

enum : NodeId { A, B, C, D, E, F, G };

Network toy() { return testing::toy_network(); }

TEST(Degrees, CountDistinctPartnersAndVolumes) {
    const DegreeResult d = degrees(toy());
    EXPECT_EQ(d.in_degree, (std::vector<std::uint32_t>{1, 1, 3, 1, 2, 2, 0}));
    EXPECT_EQ(d.out_degree, (std::vector<std::uint32_t>{2, 3, 1, 2, 2, 0, 0}));
    EXPECT_EQ(d.in_volume, (std::vector<std::uint64_t>{1, 3, 4, 4, 4, 6, 0}));
    EXPECT_EQ(d.out_volume, (std::vector<std::uint64_t>{5, 7, 4, 3, 3, 0, 0}));
}

TEST(Betweenness, MatchesHandCountedShortestPaths) {
    // Unnormalised: B lies on A->F; C on A->D, A->E, B->D, B->E, E->D, E->F; D on
    // C->E, C->F, A->E, B->E, E->F; E on D->C. Normalised by (n-1)(n-2) = 30.
    const BetweennessResult b = betweenness(toy());
    const std::vector<double> expected{0, 1.0 / 30, 6.0 / 30, 5.0 / 30, 1.0 / 30, 0, 0};
    for (NodeId v = 0; v < 7; ++v) EXPECT_NEAR(b.centrality[v], expected[v], 1e-15) << v;
    const BetweennessResult raw = betweenness(toy(), {.normalized = false});
    EXPECT_DOUBLE_EQ(raw.centrality[C], 6.0);
}

TEST(Reciprocity, PerProviderFollowsNetworkxDefinition) {
    // A: out {B,C}, in {B} -> 2*1/3. B: out {A,C,F}, in {A} -> 2/4. E: out {C,E},
    // in {D,E}: its self-loop makes E its own partner both ways -> 2/4. G: undefined.
    const std::vector<double> r = node_reciprocity(toy());
    EXPECT_DOUBLE_EQ(r[A], 2.0 / 3.0);
    EXPECT_DOUBLE_EQ(r[B], 0.5);
    EXPECT_DOUBLE_EQ(r[C], 0.0);
    EXPECT_DOUBLE_EQ(r[E], 0.5);
    EXPECT_DOUBLE_EQ(r[F], 0.0);
    EXPECT_TRUE(std::isnan(r[G]));
}

TEST(Reciprocity, OverallCountsReciprocatedEdgesNotSelfLoops) {
    // A->B and B->A are the only reciprocated edges: 2 of 10.
    EXPECT_DOUBLE_EQ(overall_reciprocity(toy()), 0.2);
    EXPECT_TRUE(std::isnan(overall_reciprocity(testing::make_network(3, {}))));
}

TEST(Components, WeakComponentsIgnoreDirection) {
    const ComponentsResult c = weak_components(toy());
    EXPECT_EQ(c.count(), 2U);
    EXPECT_EQ(c.largest(), 6U);
    EXPECT_EQ(c.component, (std::vector<NodeId>{0, 0, 0, 0, 0, 0, 1}));
}

TEST(PageRank, IsAProbabilityVectorAndConverges) {
    const PageRankResult pr = pagerank(toy());
    EXPECT_TRUE(pr.converged);
    EXPECT_LT(pr.residual, 1e-10);
    EXPECT_GT(pr.iterations, 1U);
    EXPECT_NEAR(std::accumulate(pr.rank.begin(), pr.rank.end(), 0.0), 1.0, 1e-12);
    // The isolated provider only receives teleport and dangling mass, the
    // least of anyone; E, fed by D and its own self-loop, ranks highest.
    EXPECT_EQ(std::min_element(pr.rank.begin(), pr.rank.end()) - pr.rank.begin(), G);
    EXPECT_EQ(std::max_element(pr.rank.begin(), pr.rank.end()) - pr.rank.begin(), E);
}

TEST(PageRank, WithoutEdgesEveryoneIsEqual) {
    const PageRankResult pr = pagerank(testing::make_network(4, {}));
    ASSERT_EQ(pr.rank.size(), 4U);
    for (double r : pr.rank) EXPECT_DOUBLE_EQ(r, 0.25);
}

TEST(PageRank, DampingZeroIsUniform) {
    const PageRankResult pr = pagerank(toy(), {.damping = 0.0});
    ASSERT_EQ(pr.rank.size(), 7U);
    for (double r : pr.rank) EXPECT_DOUBLE_EQ(r, 1.0 / 7.0);
}

TEST(PageRank, TwoNodeCycleSplitsEvenly) {
    const PageRankResult pr = pagerank(testing::make_network(2, {{0, 1, 5}, {1, 0, 1}}));
    EXPECT_NEAR(pr.rank[0], 0.5, 1e-12);
    EXPECT_NEAR(pr.rank[1], 0.5, 1e-12);
}

TEST(PageRank, RejectsBadParameters) {
    try {
        (void)pagerank(toy(), {.damping = 1.0});
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_STREQ(e.what(), "PageRank damping must be in [0, 1), got 1.000000");
    }
    EXPECT_THROW_MSG((void)pagerank(toy(), {.tolerance = 0.0}), std::invalid_argument,
                     "PageRank tolerance must be positive, got 0.000000");
    EXPECT_THROW_MSG((void)pagerank(toy(), {.damping = std::nan("")}), std::invalid_argument,
                     "PageRank damping must be in [0, 1), got nan");
}

TEST(PageRank, ReportsNonConvergence) {
    const PageRankResult pr = pagerank(toy(), {.max_iterations = 2});
    EXPECT_FALSE(pr.converged);
    EXPECT_EQ(pr.iterations, 2U);
    EXPECT_GT(pr.residual, 1e-10);
}

TEST(GroupFlows, SumsVolumeBetweenGroups) {
    const std::vector<Group> groups{Group::primary_care, Group::primary_care, Group::wellness,
                                    Group::wellness,     Group::dental,       Group::dental,
                                    Group::vision};
    const GroupFlows flows = group_flows(toy(), groups);
    auto at = [&](Group a, Group b) {
        return flows[static_cast<std::size_t>(a)][static_cast<std::size_t>(b)];
    };
    EXPECT_EQ(at(Group::primary_care, Group::primary_care), 4U);  // A->B 3, B->A 1
    EXPECT_EQ(at(Group::primary_care, Group::wellness), 3U);      // A->C 2, B->C 1
    EXPECT_EQ(at(Group::primary_care, Group::dental), 5U);        // B->F
    EXPECT_EQ(at(Group::wellness, Group::dental), 3U);            // D->E 2, D->F 1
    EXPECT_EQ(at(Group::dental, Group::wellness), 1U);            // E->C
    EXPECT_EQ(at(Group::dental, Group::dental), 2U);              // E->E
    EXPECT_THROW_MSG((void)group_flows(toy(), std::vector<Group>(3)), std::invalid_argument,
                     "group_flows needs one group per node: got 3 for 7 nodes");
}

}  // namespace
}  // namespace refnet::graph

// summarize (graph/src/summary.cpp) on the 7-node toy network of
// metrics_test.cpp (testing::toy_network).
#include <gtest/gtest.h>

#include <refnet/graph/summary.hpp>
#include <vector>

#include "test_util.hpp"

namespace refnet::graph {
namespace {

TEST(Summary, CombinesTheNetworkFigures) {
    const Network net = testing::toy_network();
    BuildReport report;
    report.referrals = 22;
    report.self_loop_edges = 1;
    const NetworkSummary s = summarize(net, std::vector<Group>(7), report);
    EXPECT_EQ(s.providers, 7U);
    EXPECT_EQ(s.edges, 10U);
    EXPECT_EQ(s.referrals, 22U);
    EXPECT_EQ(s.self_loops, 1U);
    EXPECT_DOUBLE_EQ(s.density, 10.0 / 42.0);
    EXPECT_DOUBLE_EQ(s.reciprocity, 0.2);
    EXPECT_EQ(s.weak_components, 2U);
    EXPECT_EQ(s.largest_component, 6U);
    EXPECT_EQ(s.group_flows[0][0], 22U);
    // {A,B,F}, {C,D,E}, {G} is the best split (see communities_test); Louvain finds it.
    EXPECT_EQ(s.communities, 3U);
    EXPECT_NEAR(s.modularity, 18.0 / 22.0 - 0.5, 1e-12);
}

}  // namespace
}  // namespace refnet::graph

// Personalised PageRank by forward push against networkx 2.8.8
// (_pagerank_python with personalization={0: 1}, weight="count", tol=1e-15),
// where a provider without out-referrals (7) sends its mass back to the source.
#include <gtest/gtest.h>

#include <refnet/graph/ppr_push.hpp>
#include <stdexcept>
#include <vector>

#include "test_util.hpp"

namespace refnet::graph {
namespace {

Network toy() { return testing::link_toy(false); }

TEST(PprPush, MatchesNetworkxPersonalisedPageRank) {
    const Network net = toy();
    const auto counts = net.counts();
    PushState state;
    const PushResult result = personalised_pagerank_push(
        net, 1, 0, {.damping = 0.85, .epsilon = 1e-9},
        [&](EdgeId e) { return static_cast<double>(counts[e]); }, state);
    EXPECT_TRUE(result.converged);
    EXPECT_GT(result.pushes, 8U);
    const std::vector<double> networkx{0.190861186532196, 0.135879326885591, 0.0983067160644676,
                                       0.066848566923838, 0.259293817649341, 0.0,
                                       0.220399745001936, 0.0284106409426311};
    // The push leaves at most epsilon * out-degree of residual at each provider.
    for (NodeId v = 0; v < 8; ++v) EXPECT_NEAR(state.estimate(v), networkx[v], 1e-7) << v;
    EXPECT_EQ(state.estimate(5), 0.0);  // nothing refers to 5
}

TEST(PprPush, StateIsReusableAfterReset) {
    const Network net = toy();
    const auto counts = net.counts();
    auto weight = [&](EdgeId e) { return static_cast<double>(counts[e]); };
    PushState state;
    (void)personalised_pagerank_push(net, 1, 0, {}, weight, state);
    const double first = state.estimate(4);
    state.reset();
    (void)personalised_pagerank_push(net, 1, 5, {}, weight, state);
    EXPECT_EQ(state.estimate(0) > 0.0, true);  // 5 -> 1 -> 2 -> 0
    state.reset();
    (void)personalised_pagerank_push(net, 1, 0, {}, weight, state);
    EXPECT_EQ(state.estimate(4), first);
}

// Totals the caller knows (the out-volumes) give the walk of the totals it
// sums itself, bit for bit, and a reused state still resets fully.
TEST(PprPush, KnownTotalsGiveTheSameWalk) {
    const Network net = toy();
    const auto counts = net.counts();
    auto weight = [&](EdgeId e) { return static_cast<double>(counts[e]); };
    std::vector<double> totals(net.num_nodes(), 0.0);
    for (NodeId u = 0; u < net.num_nodes(); ++u) {
        for (EdgeId e = net.out_edge_begin(u); e < net.out_edge_begin(u) + net.out_degree(u); ++e)
            totals[u] += weight(e);
    }
    auto total = [&](NodeId u) { return totals[u]; };
    for (const NodeId source : {NodeId{0}, NodeId{5}, NodeId{7}}) {
        PushState summed;
        PushState known;
        const PushResult a = personalised_pagerank_push(net, 1, source, {}, weight, summed);
        const PushResult b = personalised_pagerank_push(net, 1, source, {}, weight, total, known);
        EXPECT_EQ(a.pushes, b.pushes);
        for (NodeId v = 0; v < net.num_nodes(); ++v)
            EXPECT_EQ(summed.estimate(v), known.estimate(v)) << source << " " << v;
        known.reset();
        for (NodeId v = 0; v < net.num_nodes(); ++v) EXPECT_EQ(known.estimate(v), 0.0);
    }
}

TEST(PprPush, RejectsBadParameters) {
    const Network net = toy();
    PushState state;
    auto one = [](EdgeId) { return 1.0; };
    try {
        (void)personalised_pagerank_push(net, 1, 9, {}, one, state);
        FAIL() << "expected std::invalid_argument";
    } catch (const std::invalid_argument& e) {
        EXPECT_STREQ(e.what(), "push source 9 is not in the network of 8 providers");
    }
    try {
        (void)personalised_pagerank_push(net, 1, 0, {.damping = 1.0}, one, state);
        FAIL() << "expected std::invalid_argument";
    } catch (const std::invalid_argument& e) {
        EXPECT_STREQ(e.what(), "push damping must be in [0, 1), got 1.000000");
    }
    try {
        (void)personalised_pagerank_push(net, 1, 0, {.epsilon = 0.0}, one, state);
        FAIL() << "expected std::invalid_argument";
    } catch (const std::invalid_argument& e) {
        EXPECT_STREQ(e.what(), "push epsilon must be positive, got 0.000000");
    }
}

}  // namespace
}  // namespace refnet::graph

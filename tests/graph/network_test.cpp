// The CSR builder: sorting, merging repeats, self-loops, attribute columns and
// the invariants every algorithm relies on (sorted neighbour lists, in/out
// adjacency describing the same edges).
#include <gtest/gtest.h>

#include <cmath>
#include <refnet/graph/network.hpp>
#include <tuple>

#include "test_util.hpp"

namespace refnet::graph {
namespace {

Referral event(NodeId from, NodeId to, std::uint32_t count, const char* date = nullptr) {
    Referral r;
    r.from = from;
    r.to = to;
    r.count = count;
    if (date != nullptr) r.date = *parse_date(date);
    return r;
}

TEST(NetworkBuilder, MergesRepeatsAndSortsNeighbours) {
    // Rows out of order, with 2->0 twice and 0->2 twice.
    const std::vector<Referral> events{event(2, 0, 1), event(0, 2, 3), event(0, 1, 1),
                                       event(2, 0, 4), event(0, 2, 2), event(1, 1, 5)};
    const BuildResult built = build_network(3, events);
    const Network& net = built.network;
    EXPECT_EQ(net.num_nodes(), 3U);
    EXPECT_EQ(net.num_edges(), 4U);  // 0->1, 0->2, 1->1, 2->0
    EXPECT_EQ(std::vector<NodeId>(net.out_neighbors(0).begin(), net.out_neighbors(0).end()),
              (std::vector<NodeId>{1, 2}));
    EXPECT_EQ(net.counts()[*net.find_edge(0, 2)], 5U);
    EXPECT_EQ(net.counts()[*net.find_edge(2, 0)], 5U);
    EXPECT_EQ(net.counts()[*net.find_edge(1, 1)], 5U);
    EXPECT_FALSE(net.find_edge(1, 0).has_value());
    EXPECT_EQ(built.report.events, 6U);
    EXPECT_EQ(built.report.referrals, 16U);
    EXPECT_EQ(built.report.merged_events, 2U);
    EXPECT_EQ(built.report.self_loop_edges, 1U);
    EXPECT_EQ(built.report.self_loop_referrals, 5U);
}

// Event-less data (a CMS file read by the compact path) lists a provider's
// referrals from its edges. By hand, around {0, 2}: the edges out of 0 and 2
// and those into them from 1 and 3, each once; 1->1 touches neither.
TEST(EdgeEvents, ListEachEdgeTouchingTheProvidersOnce) {
    std::vector<Referral> events{event(0, 1, 2), event(0, 2, 3), event(1, 2, 1),
                                 event(2, 0, 4), event(3, 2, 6), event(1, 1, 5)};
    events[1].beneficiaries = 7;
    const Network net = build_network(4, events).network;
    const std::vector<NodeId> around{2, 0, 2, 9};  // a repeat, and an id past the network
    const std::vector<Referral> listed = edge_events(net, around);
    std::vector<std::tuple<NodeId, NodeId, std::uint32_t>> got;
    for (const Referral& r : listed) {
        got.emplace_back(r.from, r.to, r.count);
        EXPECT_FALSE(r.date.valid());
    }
    EXPECT_EQ(got, (std::vector<std::tuple<NodeId, NodeId, std::uint32_t>>{
                       {0, 1, 2}, {0, 2, 3}, {1, 2, 1}, {2, 0, 4}, {3, 2, 6}}));
    EXPECT_EQ(listed[1].beneficiaries, 7U);
    EXPECT_EQ(listed[0].beneficiaries, 0U);
    EXPECT_TRUE(edge_events(net, std::vector<NodeId>{}).empty());
}

TEST(NetworkBuilder, InAdjacencyMirrorsOutAdjacency) {
    const Network net = testing::make_network(
        5, {{0, 1, 1}, {0, 3, 2}, {1, 3, 1}, {4, 3, 7}, {3, 0, 1}, {2, 3, 1}, {3, 3, 2}});
    EdgeId seen = 0;
    for (NodeId v = 0; v < net.num_nodes(); ++v) {
        const auto sources = net.in_neighbors(v);
        const auto edges = net.in_edges(v);
        ASSERT_EQ(sources.size(), edges.size());
        EXPECT_TRUE(std::is_sorted(sources.begin(), sources.end()));
        for (std::size_t i = 0; i < sources.size(); ++i) {
            EXPECT_EQ(net.edge_source(edges[i]), sources[i]);
            EXPECT_EQ(net.edge_target(edges[i]), v);
            EXPECT_EQ(net.find_edge(sources[i], v), edges[i]);
        }
        seen += sources.size();
    }
    EXPECT_EQ(seen, net.num_edges());
    EXPECT_EQ(std::vector<NodeId>(net.in_neighbors(3).begin(), net.in_neighbors(3).end()),
              (std::vector<NodeId>{0, 1, 2, 3, 4}));
    EXPECT_EQ(net.in_degree(3), 5U);
    EXPECT_EQ(net.out_degree(3), 2U);
}

TEST(NetworkBuilder, AggregatesOutcomeColumns) {
    // Three events 0->1: completed with feedback after 4 days, seen in 10 days,
    // rated 5 (x2); no-show without feedback; completed, seen in 20 days, rated 3.
    std::vector<Referral> events(3);
    for (auto& r : events) {
        r.from = 0;
        r.to = 1;
    }
    events[0].count = 2;
    events[0].status = Status::completed;
    events[0].feedback_days = 4;
    events[0].days_to_appointment = 10;
    events[0].satisfaction = 5.0F;
    events[0].date = *parse_date("2024-03-01");
    events[1].status = Status::no_show;
    events[1].date = *parse_date("2023-12-24");
    events[2].status = Status::completed;
    events[2].days_to_appointment = 20;
    events[2].satisfaction = 3.0F;
    events[2].date = *parse_date("2024-06-30");
    const BuildResult built = build_network(2, events);
    const auto& a = built.network.attributes();
    ASSERT_EQ(a.count.size(), 1U);
    EXPECT_EQ(a.count[0], 4U);
    EXPECT_EQ(a.completed[0], 3U);
    EXPECT_EQ(a.closed_loop[0], 2U);
    EXPECT_EQ(a.on_time[0], 2U);  // 10 days <= 14, 20 days is late
    EXPECT_EQ(a.satisfaction_count[0], 3U);
    EXPECT_DOUBLE_EQ(a.satisfaction_sum[0] / a.satisfaction_count[0], (5.0 * 2 + 3.0) / 3.0);
    EXPECT_EQ(format_date(a.first_date[0]), "2023-12-24");
    EXPECT_EQ(format_date(a.last_date[0]), "2024-06-30");
    EXPECT_EQ(format_date(built.report.first_date), "2023-12-24");
    EXPECT_EQ(format_date(built.report.last_date), "2024-06-30");
}

TEST(NetworkBuilder, LeavesUnusedColumnsEmpty) {
    // Claims data carries counts only; no memory goes to outcome columns.
    const Network net = testing::make_network(3, {{0, 1, 4}, {1, 2, 1}});
    const auto& a = net.attributes();
    EXPECT_EQ(a.count.size(), 2U);
    EXPECT_TRUE(a.completed.empty());
    EXPECT_TRUE(a.closed_loop.empty());
    EXPECT_TRUE(a.satisfaction_sum.empty());
    EXPECT_TRUE(a.first_date.empty());
}

TEST(NetworkBuilder, RowOrderDoesNotChangeTheNetwork) {
    std::vector<Referral> events{event(0, 1, 1, "2024-01-02"), event(1, 2, 2, "2024-01-01"),
                                 event(0, 1, 3, "2023-05-05"), event(2, 0, 1, "2024-07-07")};
    const Network a = build_network(3, events).network;
    std::reverse(events.begin(), events.end());
    const Network b = build_network(3, events).network;
    ASSERT_EQ(a.num_edges(), b.num_edges());
    for (EdgeId e = 0; e < a.num_edges(); ++e) {
        EXPECT_EQ(a.edge_target(e), b.edge_target(e));
        EXPECT_EQ(a.counts()[e], b.counts()[e]);
        EXPECT_EQ(a.attributes().first_date[e], b.attributes().first_date[e]);
    }
}

TEST(NetworkBuilder, RejectsOutOfRangeEndpoints) {
    const std::vector<Referral> events{event(0, 3, 1)};
    try {
        (void)build_network(3, events);
        FAIL() << "expected std::invalid_argument";
    } catch (const std::invalid_argument& e) {
        EXPECT_STREQ(e.what(), "referral endpoint 3 is not a node (expected an id below 3)");
    }
}

TEST(NetworkBuilder, ReportsCountOverflowInsteadOfWrapping) {
    const std::vector<Referral> events{event(0, 1, 4000000000U), event(0, 1, 400000000U)};
    try {
        (void)build_network(2, events);
        FAIL() << "expected std::overflow_error";
    } catch (const std::overflow_error& e) {
        EXPECT_STREQ(e.what(),
                     "referral count from node 0 to node 1 exceeds 4294967295 (expected a total "
                     "that fits 32 bits)");
    }
}

TEST(NetworkBuilder, EmptyNetwork) {
    const BuildResult built = build_network(0, {});
    EXPECT_EQ(built.network.num_nodes(), 0U);
    EXPECT_EQ(built.network.num_edges(), 0U);
    const BuildResult isolated = build_network(4, {});
    EXPECT_EQ(isolated.network.out_degree(3), 0U);
    EXPECT_EQ(isolated.network.in_neighbors(2).size(), 0U);
}

}  // namespace
}  // namespace refnet::graph

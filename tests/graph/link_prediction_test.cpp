// Adamic–Adar and resource allocation against networkx 2.8.8
// (adamic_adar_index / resource_allocation_index on G.to_undirected()), on a
// directed toy whose partner graph has a repeat pair (0 -> 2 and 2 -> 0) and a
// self-loop, which counts for neither; paths of length three against a plain
// Python sum over the same networkx partner graph.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <refnet/graph/link_prediction.hpp>
#include <stdexcept>

#include "test_util.hpp"

namespace refnet::graph {
namespace {

Network toy() { return testing::link_toy(true); }

std::map<NodeId, double> scores(const CommonPartnerScores& s) {
    std::map<NodeId, double> out;
    for (std::size_t i = 0; i < s.reached.size(); ++i) out[s.reached[i]] = s.score[i];
    return out;
}

TEST(LinkPrediction, PartnerCountsIgnoreSelfLoops) {
    const Network net = toy();
    // networkx: [len(set(U[n])) for n in range(8)] without the self-loop.
    EXPECT_EQ(partner_counts(net), (std::vector<std::uint32_t>{2, 5, 3, 4, 3, 1, 1, 1}));
}

TEST(LinkPrediction, AdamicAdarMatchesNetworkx) {
    const Network net = toy();
    const auto partners = partner_counts(net);
    const auto result = common_partner_scores(net, 0, partners, CommonPartnerIndex::adamic_adar);
    const auto s = scores(result);
    ASSERT_EQ(s.size(), 5U);
    EXPECT_NEAR(s.at(1), 0.910239226626837, 1e-14);  // via 2: 1 / ln 3
    EXPECT_NEAR(s.at(2), 0.621334934559612, 1e-14);  // via 1: 1 / ln 5
    EXPECT_NEAR(s.at(3), 1.53157416118645, 1e-14);   // via 1 and 2
    EXPECT_NEAR(s.at(4), 0.621334934559612, 1e-14);
    EXPECT_NEAR(s.at(5), 0.621334934559612, 1e-14);
    EXPECT_EQ(result.partners_expanded, 2U);
    EXPECT_EQ(result.pairs_visited, 6U);  // 1's four others, 2's two others
}

TEST(LinkPrediction, ResourceAllocationMatchesNetworkx) {
    const Network net = toy();
    const auto partners = partner_counts(net);
    const auto s =
        scores(common_partner_scores(net, 0, partners, CommonPartnerIndex::resource_allocation));
    ASSERT_EQ(s.size(), 5U);
    EXPECT_NEAR(s.at(1), 1.0 / 3.0, 1e-15);
    EXPECT_NEAR(s.at(2), 0.2, 1e-15);
    EXPECT_NEAR(s.at(3), 0.2 + 1.0 / 3.0, 1e-15);
    EXPECT_NEAR(s.at(4), 0.2, 1e-15);
    EXPECT_NEAR(s.at(5), 0.2, 1e-15);
}

TEST(LinkPrediction, ScratchSumsAreLeftForTheCaller) {
    const Network net = toy();
    const auto partners = partner_counts(net);
    std::vector<double> sums(8, 0.0);
    const auto found =
        common_partner_scores(net, 0, partners, CommonPartnerIndex::adamic_adar, sums);
    ASSERT_EQ(found.reached.size(), 5U);
    EXPECT_TRUE(found.score.empty());
    EXPECT_NEAR(sums[3], 1.53157416118645, 1e-14);
    EXPECT_EQ(sums[0], 0.0);
    EXPECT_EQ(sums[6], 0.0);
}

// Paths of length three, independently in Python (networkx 2.8 for the partner
// graph, the sum written out; values printed with repr):
//
//   import math, networkx as nx
//   edges = [(0,1),(0,2),(1,2),(2,0),(2,3),(3,4),(1,4),(5,1),(4,6),(6,4),(3,1),
//            (3,7),(6,6)]                      # link_toy(true), counts dropped
//   G = nx.DiGraph(); G.add_nodes_from(range(8)); G.add_edges_from(edges)
//   U = G.to_undirected(); U.remove_edges_from(nx.selfloop_edges(U))
//   k = dict(U.degree())                       # {0:2, 1:5, 2:3, 3:4, 4:3, 5:1, 6:1, 7:1}
//   def l3(f):
//       s = {}
//       for u in U[f]:
//           for v in U[u]:
//               if v == f: continue
//               for c in U[v]:
//                   if c == f: continue
//                   s[c] = s.get(c, 0.0) + 1 / math.sqrt(k[u] * k[v])
//       return s
//
// l3(0) = {1: 1.4758933073390719, 2: 0.770480822091953, 3: 0.7745966692414833,
//          4: 0.770480822091953, 5: 0.2581988897471611, 6: 0.2581988897471611,
//          7: 0.5122819323447919}
// l3(7) = {0: 0.5122819323447919, 1: 0.5773502691896258, 2: 0.22360679774997896,
//          3: 0.8009570669396048, 4: 0.22360679774997896, 5: 0.22360679774997896,
//          6: 0.2886751345948129}
TEST(LinkPrediction, PathsOfLengthThreeMatchPython) {
    const Network net = toy();
    const auto partners = partner_counts(net);
    std::vector<double> sums(8, 0.0);
    std::vector<double> middle(8, 0.0);
    const PathsOfLengthThree from0 = paths_of_length_three(net, 0, partners, sums, middle);
    ASSERT_EQ(from0.reached.size(), 7U);
    const std::vector<double> expected0{0.0,
                                        1.4758933073390719,
                                        0.770480822091953,
                                        0.7745966692414833,
                                        0.770480822091953,
                                        0.2581988897471611,
                                        0.2581988897471611,
                                        0.5122819323447919};
    for (NodeId c = 0; c < 8; ++c) EXPECT_NEAR(sums[c], expected0[c], 1e-14) << "c = " << c;
    // 3 (not a partner of 0): 0-1-2-3, 0-1-4-3, 0-2-1-3: 1/sqrt(15) + 1/sqrt(15) + 1/sqrt(15).
    EXPECT_NEAR(sums[3], 3.0 / std::sqrt(15.0), 1e-15);
    // The middles are 2, 3, 4, 5 (from 1) and 1, 3 (from 2): five distinct,
    // whose partners other than 0 are 2: {1, 3}, 3: {1, 2, 4, 7}, 4: {1, 3, 6},
    // 5: {1}, 1: {2, 3, 4, 5}.
    EXPECT_EQ(from0.middles, 5U);
    EXPECT_EQ(from0.pairs_visited, 2U + 4U + 3U + 1U + 4U);
    EXPECT_EQ(std::count(middle.begin(), middle.end(), 0.0), 8);  // left clean

    for (NodeId c : from0.reached) sums[c] = 0.0;
    const PathsOfLengthThree from7 = paths_of_length_three(net, 7, partners, sums, middle);
    const std::vector<double> expected7{
        0.5122819323447919,  0.5773502691896258,  0.22360679774997896, 0.8009570669396048,
        0.22360679774997896, 0.22360679774997896, 0.2886751345948129,  0.0};
    EXPECT_EQ(from7.reached.size(), 7U);
    for (NodeId c = 0; c < 8; ++c) EXPECT_NEAR(sums[c], expected7[c], 1e-14) << "c = " << c;

    // Provider 6's only partner is 4 (its self-loop is no partner). l3(6) =
    // {0: 0.2581988897471611, 1: 0.2886751345948129, 2: 0.5468740243419741,
    //  3: 0.2581988897471611, 4: 0.5468740243419741, 5: 0.2581988897471611,
    //  7: 0.2886751345948129}
    for (NodeId c : from7.reached) sums[c] = 0.0;
    const PathsOfLengthThree from6 = paths_of_length_three(net, 6, partners, sums, middle);
    const std::vector<double> expected6{0.2581988897471611,
                                        0.2886751345948129,
                                        0.5468740243419741,
                                        0.2581988897471611,
                                        0.5468740243419741,
                                        0.2581988897471611,
                                        0.0,
                                        0.2886751345948129};
    EXPECT_EQ(from6.reached.size(), 7U);
    for (NodeId c = 0; c < 8; ++c) EXPECT_NEAR(sums[c], expected6[c], 1e-14) << "c = " << c;
}

TEST(LinkPrediction, RejectsBadArguments) {
    const Network net = toy();
    const auto partners = partner_counts(net);
    try {
        (void)common_partner_scores(net, 8, partners, CommonPartnerIndex::adamic_adar);
        FAIL() << "expected std::invalid_argument";
    } catch (const std::invalid_argument& e) {
        EXPECT_STREQ(e.what(), "focal provider 8 is not in the network of 8 providers");
    }
    std::vector<double> short_sums(3, 0.0);
    try {
        (void)common_partner_scores(net, 0, partners, CommonPartnerIndex::adamic_adar, short_sums);
        FAIL() << "expected std::invalid_argument";
    } catch (const std::invalid_argument& e) {
        EXPECT_STREQ(e.what(),
                     "partner counts and sums need one entry per provider (8), got 8 and 3");
    }
    std::vector<double> sums(8, 0.0);
    try {
        (void)paths_of_length_three(net, 0, partners, sums, short_sums);
        FAIL() << "expected std::invalid_argument";
    } catch (const std::invalid_argument& e) {
        EXPECT_STREQ(e.what(),
                     "partner counts, sums and middle weights need one entry per provider (8), "
                     "got 8, 8 and 3");
    }
    try {
        (void)paths_of_length_three(net, 9, partners, sums, sums);
        FAIL() << "expected std::invalid_argument";
    } catch (const std::invalid_argument& e) {
        EXPECT_STREQ(e.what(), "focal provider 9 is not in the network of 8 providers");
    }
}

}  // namespace
}  // namespace refnet::graph

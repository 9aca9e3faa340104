// Adamic–Adar and resource allocation against networkx 2.8.8
// (adamic_adar_index / resource_allocation_index on G.to_undirected()), on a
// directed toy whose partner graph has a repeat pair (0 -> 2 and 2 -> 0) and a
// self-loop, which counts for neither.
#include <gtest/gtest.h>

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
}

}  // namespace
}  // namespace refnet::graph

// summarize_members (graph/src/member_summary.cpp) on the 7-node toy network
// of metrics_test.cpp, worked by hand: A..G are 0..6.
#include <gtest/gtest.h>

#include <cmath>
#include <refnet/graph/member_summary.hpp>
#include <stdexcept>
#include <vector>

#include "test_util.hpp"

namespace refnet::graph {
namespace {

std::vector<Group> toy_groups() {
    std::vector<Group> groups(7, Group::primary_care);
    groups[5] = Group::wellness;
    return groups;
}

TEST(MemberSummary, OrganisationOfAAndBByHand) {
    const Network net = testing::toy_network();
    // {A, B, F}, {C, D, E}, {G}: the toy's best split (communities_test).
    const std::vector<std::uint32_t> community{0, 0, 1, 1, 1, 0, 2};
    const std::vector<NodeId> members{0, 1};
    const MemberSummary s = summarize_members(net, toy_groups(), members, community);
    EXPECT_EQ(s.members, 2U);
    EXPECT_EQ(s.internal, 4U);       // A -> B 3, B -> A 1
    EXPECT_EQ(s.referrals_out, 8U);  // A -> C 2, B -> C 1, B -> F 5
    EXPECT_EQ(s.referrals_in, 0U);
    EXPECT_EQ(s.receivers, 2U);  // C, F
    EXPECT_EQ(s.senders, 0U);
    EXPECT_EQ(s.partners, 2U);
    EXPECT_DOUBLE_EQ(s.reciprocity, 0.0);
    EXPECT_DOUBLE_EQ(s.leakage, 3.0 / 8.0);  // to C, in the other community
    EXPECT_EQ(s.out_by_group[static_cast<std::size_t>(Group::primary_care)], 3U);
    EXPECT_EQ(s.out_by_group[static_cast<std::size_t>(Group::wellness)], 5U);
    EXPECT_TRUE(std::isnan(s.closed_loop_rate));  // the toy has no closed-loop data
}

TEST(MemberSummary, PartnersBothWaysByHand) {
    const Network net = testing::toy_network();
    const std::vector<NodeId> members{2, 3};  // C -> D 4 is internal
    const MemberSummary s = summarize_members(net, toy_groups(), members);
    EXPECT_EQ(s.internal, 4U);
    EXPECT_EQ(s.referrals_out, 3U);  // D -> E 2, D -> F 1
    EXPECT_EQ(s.referrals_in, 4U);   // A -> C 2, B -> C 1, E -> C 1
    EXPECT_EQ(s.senders, 3U);        // A, B, E
    EXPECT_EQ(s.receivers, 2U);      // E, F
    EXPECT_EQ(s.both_ways, 1U);      // E
    EXPECT_EQ(s.partners, 4U);
    EXPECT_DOUBLE_EQ(s.reciprocity, 2.0 / 5.0);
    EXPECT_TRUE(std::isnan(s.leakage));  // no communities given
}

TEST(MemberSummary, OneProviderDropsItsSelfLoop) {
    const Network net = testing::toy_network();
    const std::vector<NodeId> members{4};  // E -> E 2
    const MemberSummary s = summarize_members(net, toy_groups(), members);
    EXPECT_EQ(s.internal, 2U);
    EXPECT_EQ(s.referrals_out, 1U);  // E -> C
    EXPECT_EQ(s.referrals_in, 2U);   // D -> E
    // networkx.reciprocity(G, 4) is 0.5 because the self-loop counts both
    // ways; a provider's own loop is no partner here.
    EXPECT_DOUBLE_EQ(s.reciprocity, 0.0);
}

TEST(MemberSummary, RejectsNoMembersAndStrangers) {
    const Network net = testing::toy_network();
    EXPECT_THROW((void)summarize_members(net, toy_groups(), {}), std::invalid_argument);
    const std::vector<NodeId> stranger{7};
    EXPECT_THROW((void)summarize_members(net, toy_groups(), stranger), std::invalid_argument);
}

}  // namespace
}  // namespace refnet::graph

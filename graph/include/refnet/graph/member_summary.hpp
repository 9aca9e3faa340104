// One provider, or an organisation's members seen as one node: the referrals
// that cross its boundary, its partners and their reciprocity. Behind
// `refnet stats --focal/--org` and the report's headline figures.
#pragma once

#include <array>
#include <cstdint>
#include <refnet/graph/network.hpp>
#include <refnet/graph/provider.hpp>
#include <span>

namespace refnet::graph {

struct MemberSummary {
    std::uint64_t members = 0;
    std::uint64_t referrals_out = 0;  ///< from a member to a non-member
    std::uint64_t referrals_in = 0;   ///< from a non-member to a member
    std::uint64_t internal = 0;       ///< between members, a member's self-loops included
    std::uint32_t senders = 0;        ///< non-members referring to a member
    std::uint32_t receivers = 0;      ///< non-members a member refers to
    std::uint32_t partners = 0;       ///< non-members either way
    std::uint32_t both_ways = 0;      ///< non-members either way and back
    /// 2 both_ways / (senders + receivers): networkx.reciprocity(G, node)
    /// of the members merged into one node, internal edges dropped; NaN
    /// without partners.
    double reciprocity = 0.0;
    /// Notes back on referrals_out; NaN without closed-loop data or referrals out.
    double closed_loop_rate = 0.0;
    /// Share of referrals_out whose receiver is in no member's community;
    /// NaN without referrals out or without communities.
    double leakage = 0.0;
    std::array<std::uint64_t, kGroupCount> out_by_group{};  ///< referrals_out by receiver's group
    std::array<std::uint64_t, kGroupCount> in_by_group{};   ///< referrals_in by sender's group
};

/// Throws std::invalid_argument for no members or a member outside the
/// network. `community` (optional) is one id per provider.
[[nodiscard]] MemberSummary summarize_members(const Network& network, std::span<const Group> groups,
                                              std::span<const NodeId> members,
                                              std::span<const std::uint32_t> community = {});

}  // namespace refnet::graph

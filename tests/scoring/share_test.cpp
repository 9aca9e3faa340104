// Share of referrals on a toy service line worked out by hand: segments at
// their edges, competitors named, members' own referrals left out.
#include <gtest/gtest.h>

#include <refnet/graph/network.hpp>
#include <refnet/scoring/share.hpp>

#include "expect_throw_message.hpp"

namespace refnet::scoring {
namespace {

using graph::NodeId;

graph::Provider provider(const char* id, const char* taxonomy) {
    graph::Provider p;
    p.id = id;
    p.name = id;
    p.taxonomy = taxonomy;
    return p;
}

graph::Referral referral(NodeId from, NodeId to, std::uint32_t count, const char* date) {
    graph::Referral r;
    r.from = from;
    r.to = to;
    r.count = count;
    r.date = *graph::parse_date(date);
    return r;
}

// M is a cardiology practice (207RC0000X); K1 and K2 compete with it. A, B,
// C and D refer; O is an orthopaedist (another service line).
struct Line {
    std::vector<graph::Provider> providers{
        provider("M", "207RC0000X"), provider("K1", "207RC0000X"), provider("K2", "207RC0000X"),
        provider("A", "207R00000X"), provider("B", "207R00000X"),  provider("C", "207R00000X"),
        provider("D", "207R00000X"), provider("O", "207X00000X")};
    std::vector<graph::Referral> referrals{
        referral(3, 0, 5, "2024-03-01"),   // A: 5 of 10 to M: loyalist (50 %)
        referral(3, 1, 5, "2024-03-02"),   //
        referral(4, 0, 1, "2024-04-01"),   // B: 1 of 10: splitter (10 %)
        referral(4, 2, 6, "2024-04-02"),   //    K2 6, K1 3
        referral(4, 1, 3, "2024-04-03"),   //
        referral(5, 0, 1, "2024-05-01"),   // C: 1 of 11: opportunity (9 %)
        referral(5, 1, 10, "2024-05-02"),  //
        referral(5, 7, 9, "2024-05-03"),   //    orthopaedics: not the service line
        referral(6, 1, 4, "2023-05-03"),   // D: before the window
        referral(0, 1, 7, "2024-06-01"),   // M's own referrals never count
    };
};

TEST(Share, SegmentsCompetitorsAndVolumeAtStake) {
    const Line line;
    ShareParams params;
    params.as_of = *graph::parse_date("2025-01-01");
    const std::vector<NodeId> members{0};
    const ShareReport r = referral_share(line.providers, line.referrals, members, params);
    EXPECT_EQ(r.taxonomies, (std::vector<std::string>{"207RC0000X"}));
    EXPECT_EQ(r.service_line, 31U);
    EXPECT_EQ(r.to_members, 7U);
    EXPECT_EQ(r.referrers, (std::array<std::uint64_t, 3>{1, 1, 1}));
    EXPECT_EQ(r.at_stake, (std::array<std::uint64_t, 3>{5, 9, 10}));
    ASSERT_EQ(r.rows.size(), 3U);
    // Splitters and opportunities first by volume at stake, loyalists last.
    EXPECT_EQ(r.rows[0].id, 5U);
    EXPECT_EQ(r.rows[0].segment, Segment::opportunity);
    EXPECT_EQ(r.rows[1].id, 4U);
    EXPECT_EQ(r.rows[1].segment, Segment::splitter);
    EXPECT_EQ(r.rows[1].competitors,
              (std::vector<std::pair<NodeId, std::uint64_t>>{{2, 6}, {1, 3}}));
    EXPECT_DOUBLE_EQ(r.rows[1].share(), 0.1);
    EXPECT_EQ(r.rows[2].id, 3U);
    EXPECT_EQ(r.rows[2].segment, Segment::loyalist);
}

TEST(Share, AGivenServiceLineReplacesTheMembersOwn) {
    const Line line;
    ShareParams params;
    params.as_of = *graph::parse_date("2025-01-01");
    params.taxonomies = {"207X00000X"};
    const std::vector<NodeId> members{0};
    const ShareReport r = referral_share(line.providers, line.referrals, members, params);
    // Into orthopaedics or to M: A 5, B 1, C 1 + 9.
    EXPECT_EQ(r.service_line, 16U);
    EXPECT_EQ(r.to_members, 7U);
}

// Data read without events (a CMS file alone) lists the receivers' edges
// instead: the same figures as the undated events. By hand: A 10 (5 to M),
// B 10 (1), C 11 (1; orthopaedics left out), D 4 (none): 35 into the line, 7
// to M; one loyalist, one splitter, two opportunities (C 10 and D 4 at stake).
TEST(Share, ReadsTheSameFromTheReceiversEdgesAsFromUndatedEvents) {
    const Line line;
    std::vector<graph::Referral> undated = line.referrals;
    for (auto& r : undated) r.date = graph::kNoDate;
    const graph::Network net = graph::build_network(8, undated).network;
    const ShareParams params;
    const std::vector<NodeId> members{0};
    const std::vector<NodeId> receivers = service_line_receivers(line.providers, members, params);
    EXPECT_EQ(receivers, (std::vector<NodeId>{0, 1, 2}));
    for (const auto& events : {undated, graph::edge_events(net, receivers)}) {
        const ShareReport r = referral_share(line.providers, events, members, params);
        EXPECT_EQ(r.service_line, 35U);
        EXPECT_EQ(r.to_members, 7U);
        EXPECT_EQ(r.referrers, (std::array<std::uint64_t, 3>{1, 1, 2}));
        EXPECT_EQ(r.at_stake, (std::array<std::uint64_t, 3>{5, 9, 14}));
    }
}

TEST(Share, RejectsBadParameters) {
    const Line line;
    ShareParams params;
    EXPECT_THROW_MSG((void)referral_share(line.providers, line.referrals, {}, params),
                     std::invalid_argument, "share needs at least one member");
    params.split = 0.6;
    const std::vector<NodeId> members{0};
    EXPECT_THROW_MSG((void)referral_share(line.providers, line.referrals, members, params),
                     std::invalid_argument, "share thresholds must satisfy 0 < split < loyal <= 1");
}

}  // namespace
}  // namespace refnet::scoring

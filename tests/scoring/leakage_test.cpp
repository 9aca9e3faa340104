// Leakage on a toy organisation worked out by hand: the default network
// (established partners of the prior year), an explicit one, needs, groups,
// destinations with their in-network alternatives, quarters and members.
#include <gtest/gtest.h>

#include <cmath>
#include <refnet/scoring/leakage.hpp>

#include "expect_throw_message.hpp"

namespace refnet::scoring {
namespace {

using graph::Group;
using graph::NodeId;

graph::Date day(const char* text) { return *graph::parse_date(text); }

struct Org {
    std::vector<graph::Provider> providers;
    std::vector<graph::Referral> referrals;
    graph::IdMap needs;
    LeakageParams params;

    Org() { params.as_of = day("2025-01-01"); }  // window: 2024-01-01 to 2024-12-31

    NodeId add(const char* id, const char* taxonomy, Group g, double lat,
               std::optional<bool> accepting = std::nullopt) {
        graph::Provider p;
        p.id = id;
        p.name = id;
        p.taxonomy = taxonomy;
        p.group = g;
        p.lat = lat;
        p.lon = -84.0;
        p.accepting_new = accepting;
        providers.push_back(p);
        return static_cast<NodeId>(providers.size() - 1);
    }
    void refer(NodeId from, NodeId to, const char* date, std::uint32_t count, const char* need) {
        graph::Referral r;
        r.from = from;
        r.to = to;
        r.date = day(date);
        r.count = count;
        r.need = needs.insert(need);
        referrals.push_back(r);
    }
};

// F and G are one practice (lat 33.0). Cardiologists C1 (33.1) and C2 (33.5)
// and the closed C3 (33.05) are in network by the prior year's referrals;
// X (cardiology) and P (physical therapy) are not.
struct Fixture {
    Org org;
    NodeId f, g, c1, c2, c3, x, p;
    Fixture() {
        f = org.add("F", "207R00000X", Group::primary_care, 33.0);
        g = org.add("G", "207R00000X", Group::primary_care, 33.0);
        c1 = org.add("C1", "207RC0000X", Group::medical_specialist, 33.1);
        c2 = org.add("C2", "207RC0000X", Group::medical_specialist, 33.5);
        c3 = org.add("C3", "207RC0000X", Group::medical_specialist, 33.05, false);
        x = org.add("X", "207RC0000X", Group::medical_specialist, 34.0);
        p = org.add("P", "225100000X", Group::allied_health, 33.2);
        // The prior year (2023): C1 3, C2 2 + G's 1, C3 4, P 2: C1, C2 and C3 are established.
        org.refer(f, c1, "2023-03-01", 3, "heart");
        org.refer(f, c2, "2023-03-01", 2, "heart");
        org.refer(g, c2, "2023-05-01", 1, "heart");
        org.refer(f, c3, "2023-06-01", 4, "heart");
        org.refer(f, p, "2023-06-01", 2, "back");
        // The window (2024): heart 10 (X 6 out), back 5 (P 5 out), 2 internal.
        org.refer(f, c1, "2024-02-10", 4, "heart");
        org.refer(f, x, "2024-02-11", 5, "heart");
        org.refer(g, x, "2024-08-01", 1, "heart");
        org.refer(f, p, "2024-09-01", 3, "back");
        org.refer(g, p, "2024-11-30", 2, "back");
        org.refer(f, g, "2024-03-01", 2, "heart");
    }
};

TEST(Leakage, DefaultNetworkIsThePriorYearsEstablishedPartners) {
    const Fixture fx;
    const std::vector<NodeId> members{fx.f, fx.g};
    const LeakageReport r = leakage({fx.org.providers, fx.org.referrals, fx.org.needs}, members,
                                    std::nullopt, fx.org.params);
    EXPECT_TRUE(r.default_network);
    EXPECT_EQ(r.window_start, day("2024-01-01"));
    EXPECT_EQ(r.in_network, 3U);  // C1, C2 (2 + 1 from G), C3
    EXPECT_EQ(r.internal, 2U);
    EXPECT_EQ(r.referrals, 15U);
    EXPECT_EQ(r.leaked, 11U);
    EXPECT_FALSE(r.has_patients);
    EXPECT_FALSE(r.chains_visible);
    ASSERT_EQ(r.by_need.size(), 2U);
    EXPECT_EQ(r.by_need[0].key, "heart");  // 6 leaked, before back's 5
    EXPECT_EQ(r.by_need[0].referrals, 10U);
    EXPECT_EQ(r.by_need[0].leaked, 6U);
    ASSERT_EQ(r.by_need[0].destinations.size(), 1U);
    const Destination& d = r.by_need[0].destinations[0];
    EXPECT_EQ(d.id, fx.x);
    EXPECT_EQ(d.referrals, 6U);
    // Cardiologists in network, nearest first; C3 does not take new patients.
    EXPECT_EQ(d.alternatives, (std::vector<NodeId>{fx.c1, fx.c2}));
    EXPECT_EQ(r.by_need[1].key, "back");
    EXPECT_EQ(r.by_need[1].leaked, 5U);
    EXPECT_TRUE(r.by_need[1].destinations[0].alternatives.empty());  // no PT in network
    ASSERT_EQ(r.by_group.size(), 2U);
    EXPECT_EQ(r.by_group[0].key, "medical_specialist");
    EXPECT_EQ(r.by_member.size(), 2U);
    EXPECT_EQ(r.by_member[0].member, fx.f);
    EXPECT_EQ(r.by_member[0].referrals, 12U);
    EXPECT_EQ(r.by_member[0].leaked, 8U);
    EXPECT_EQ(r.by_member[1].leaked, 3U);
    // Quarters of every dated referral to others, the network fixed: 2023 Q1
    // 5 (none out), Q2 7 (P's 2 out), 2024 Q1 9 (5 out), Q3 4 (4 out), Q4 2 (2 out).
    ASSERT_EQ(r.trend.size(), 5U);
    EXPECT_EQ(r.trend[0].start, day("2023-01-01"));
    EXPECT_EQ(r.trend[1].referrals, 7U);
    EXPECT_EQ(r.trend[1].leaked, 2U);
    EXPECT_EQ(r.trend[2].start, day("2024-01-01"));
    EXPECT_EQ(r.trend[2].leaked, 5U);
    EXPECT_EQ(r.trend[4].start, day("2024-10-01"));
    EXPECT_EQ(r.trend[4].leaked, 2U);
}

TEST(Leakage, AnExplicitNetworkReplacesTheDefault) {
    const Fixture fx;
    const std::vector<NodeId> members{fx.f};
    const LeakageReport r = leakage({fx.org.providers, fx.org.referrals, fx.org.needs}, members,
                                    std::vector<NodeId>{fx.x, fx.p}, fx.org.params);
    EXPECT_FALSE(r.default_network);
    EXPECT_EQ(r.in_network, 2U);
    // F's window: C1 4 (out now), X 5, P 3, and 2 to G, who is not a member here.
    EXPECT_EQ(r.referrals, 14U);
    EXPECT_EQ(r.leaked, 6U);  // C1 4 + G 2
    EXPECT_EQ(r.internal, 0U);
}

TEST(Leakage, RejectsNoMembersAndABadWindow) {
    const Fixture fx;
    const LeakageInputs in{fx.org.providers, fx.org.referrals, fx.org.needs};
    EXPECT_THROW_MSG((void)leakage(in, {}, std::nullopt, fx.org.params), std::invalid_argument,
                     "leakage needs at least one member");
    LeakageParams bad = fx.org.params;
    bad.window = {0, 0};
    const std::vector<NodeId> members{fx.f};
    EXPECT_THROW_MSG((void)leakage(in, members, std::nullopt, bad), std::invalid_argument,
                     "the leakage window must be positive (e.g. 12m)");
}

}  // namespace
}  // namespace refnet::scoring

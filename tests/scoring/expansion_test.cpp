// Expansion gap analysis on a toy practice worked out by hand: patients per
// need from the members' referrals and seen profiles, what they serve in
// house, what partners cover, and the partner types for the rest.
#include <gtest/gtest.h>

#include <refnet/scoring/expansion.hpp>

#include "expect_throw_message.hpp"

namespace refnet::scoring {
namespace {

using graph::Group;
using graph::NodeId;

graph::Provider provider(const char* id, const char* taxonomy, Group g,
                         std::vector<graph::NeedWeight> seen,
                         std::vector<graph::NeedWeight> served) {
    graph::Provider p;
    p.id = id;
    p.name = id;
    p.taxonomy = taxonomy;
    p.group = g;
    p.needs_seen = std::move(seen);
    p.needs_served = std::move(served);
    return p;
}

// F (primary care) sees nutrition 0.5, sleep 0.3, diabetes 0.2 and serves
// diabetes 0.8. Dietitian R serves nutrition; F sent R 6 nutrition
// referrals and got 4 back: 10 patients a year. Nobody serves sleep; the
// catalogue says sleep physicians (207RS0012X) and psychologists do, and
// one of each exists.
struct Practice {
    std::vector<graph::Provider> providers{
        provider("F", "207R00000X", Group::primary_care,
                 {{"nutrition", 0.5}, {"sleep", 0.3}, {"diabetes", 0.2}}, {{"diabetes", 0.8}}),
        provider("R", "133V00000X", Group::wellness, {{"nutrition", 1.0}}, {{"nutrition", 1.0}}),
        provider("S", "207RS0012X", Group::medical_specialist, {{"sleep", 1.0}}, {{"sleep", 1.0}}),
        provider("P", "103TC0700X", Group::behavioral_health, {{"sleep", 0.5}}, {{"sleep", 0.6}}),
    };
    std::vector<graph::Referral> referrals;
    graph::IdMap needs;
    graph::NeedCatalogue catalogue;

    Practice() {
        const graph::NeedId nutrition = needs.insert("nutrition");
        add(0, 1, 6, nutrition);
        add(1, 0, 4, graph::kNoNeed);
        for (const char* tag : {"nutrition", "sleep", "diabetes"}) catalogue.tags.insert(tag);
        catalogue.served_by = {{"133V00000X"}, {"207RS0012X", "103TC0700X"}, {"207R00000X"}};
    }
    void add(NodeId from, NodeId to, std::uint32_t count, graph::NeedId need) {
        graph::Referral r;
        r.from = from;
        r.to = to;
        r.count = count;
        r.need = need;
        r.date = *graph::parse_date("2024-06-01");
        referrals.push_back(r);
    }
};

TEST(Expansion, CoverageAndPartnerTypesByHand) {
    const Practice px;
    ExpansionParams params;
    params.as_of = *graph::parse_date("2025-01-01");
    const std::vector<NodeId> members{0};
    const ExpansionReport r =
        expansion_gaps({px.providers, px.referrals, px.needs, px.catalogue}, members, params);
    ASSERT_EQ(r.needs.size(), 3U);
    // Sleep: 10 x 0.3 = 3 patients, none served in house, no partner serves it.
    EXPECT_EQ(r.needs[0].need, "sleep");
    EXPECT_DOUBLE_EQ(r.needs[0].patients, 3.0);
    EXPECT_DOUBLE_EQ(r.needs[0].uncovered, 3.0);
    EXPECT_TRUE(r.needs[0].partners.empty());
    // Diabetes: 2 patients, 80 % in house, no partner: 0.4 uncovered.
    EXPECT_EQ(r.needs[1].need, "diabetes");
    EXPECT_DOUBLE_EQ(r.needs[1].in_house, 0.8);
    EXPECT_NEAR(r.needs[1].uncovered, 0.4, 1e-12);
    // Nutrition: 5 patients, all 6 referrals to R, who serves it: covered.
    EXPECT_EQ(r.needs[2].need, "nutrition");
    EXPECT_DOUBLE_EQ(r.needs[2].patients, 5.0);
    EXPECT_DOUBLE_EQ(r.needs[2].partners_share, 1.0);
    EXPECT_EQ(r.needs[2].partners, (std::vector<std::pair<NodeId, std::uint64_t>>{{1, 6}}));
    EXPECT_DOUBLE_EQ(r.needs[2].uncovered, 0.0);
    // Types outside primary care for the uncovered needs: both sleep types
    // (3 each); diabetes' only type is primary care, F's own group.
    ASSERT_EQ(r.types.size(), 2U);
    EXPECT_DOUBLE_EQ(r.types[0].uncovered, 3.0);
    EXPECT_EQ(r.types[0].needs, (std::vector<std::string>{"sleep"}));
    EXPECT_EQ(r.types[0].taxonomy, "103TC0700X");  // ties keep code order
    EXPECT_EQ(r.types[1].taxonomy, "207RS0012X");
    // --group medical_specialist keeps only the sleep physicians.
    params.groups = {Group::medical_specialist};
    const ExpansionReport narrowed =
        expansion_gaps({px.providers, px.referrals, px.needs, px.catalogue}, members, params);
    ASSERT_EQ(narrowed.types.size(), 1U);
    EXPECT_EQ(narrowed.types[0].group, Group::medical_specialist);
}

TEST(Expansion, RejectsNoMembers) {
    const Practice px;
    EXPECT_THROW_MSG(
        (void)expansion_gaps({px.providers, px.referrals, px.needs, px.catalogue}, {}, {}),
        std::invalid_argument, "expansion needs at least one member");
}

}  // namespace
}  // namespace refnet::scoring

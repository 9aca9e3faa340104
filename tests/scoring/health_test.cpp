// Partner health and followups on toy histories worked out by hand: one
// market per flag, both directions, the cadence across month ends and a leap
// day, and the rejected parameters. The binomial tails are checked against
// scipy in tests/reference/check_health.py.
#include <gtest/gtest.h>

#include <cmath>
#include <refnet/graph/metrics.hpp>
#include <refnet/graph/network.hpp>
#include <refnet/scoring/health.hpp>

#include "expect_throw_message.hpp"

namespace refnet::scoring {
namespace {

using graph::Group;
using graph::NodeId;

graph::Date day(const char* text) { return *graph::parse_date(text); }

struct Market {
    std::vector<graph::Provider> providers;
    std::vector<Group> groups;
    std::vector<graph::Referral> referrals;
    std::vector<graph::Touchpoint> touchpoints;
    graph::GroupFlows flows{};
    HealthParams params;

    Market() { params.as_of = day("2025-01-01"); }

    NodeId add(const char* id, Group g) {
        graph::Provider p;
        p.id = id;
        p.name = id;
        p.group = g;
        providers.push_back(p);
        groups.push_back(g);
        return static_cast<NodeId>(providers.size() - 1);
    }
    graph::Referral& refer(NodeId from, NodeId to, const char* date, std::uint32_t count = 1) {
        graph::Referral r;
        r.from = from;
        r.to = to;
        r.date = day(date);
        r.count = count;
        r.status = graph::Status::completed;
        r.feedback_days = 5;
        referrals.push_back(r);
        return referrals.back();
    }
    // `count` referrals `every` days apart, the first on `first`.
    void series(NodeId from, NodeId to, const char* first, int count, int every) {
        for (int i = 0; i < count; ++i) {
            graph::Referral r;
            r.from = from;
            r.to = to;
            r.date = graph::Date{day(first).days + i * every};
            r.status = graph::Status::completed;
            r.feedback_days = 5;
            referrals.push_back(r);
        }
    }
    HealthReport run(NodeId focal) {
        build_flows();
        return partner_health({providers, groups, referrals, touchpoints, &flows}, focal, params);
    }
    HealthReport run(std::span<const NodeId> members) {
        build_flows();
        return partner_health({providers, groups, referrals, touchpoints, &flows}, members, params);
    }
    void build_flows() {
        const graph::Network net =
            graph::build_network(static_cast<NodeId>(providers.size()), referrals).network;
        flows = graph::group_flows(net, groups);
    }
};

const PartnerHealth& row(const HealthReport& r, NodeId partner) {
    for (const auto& h : r.partners) {
        if (h.partner == partner) return h;
    }
    throw std::runtime_error("no row");
}

TEST(Health, SlippingIsAnExactBinomialDropInOneDirection) {
    // A sent F one referral every 10 days from 2023-01-01 (64 of them, the
    // last 2024-09-30), then one in the window, on 2024-12-20. F sent A one.
    Market m;
    const NodeId f = m.add("F", Group::primary_care);
    const NodeId a = m.add("A", Group::medical_specialist);
    m.series(a, f, "2023-01-01", 64, 10);
    m.refer(a, f, "2024-12-20");
    m.refer(f, a, "2024-02-01");
    const HealthReport r = m.run(f);
    // Window: 2024-10-03 to 2024-12-31 (90 days). Baseline: the 24 months
    // before, clipped at the data's first day: 2023-01-01 to 2024-10-02, 641 days.
    EXPECT_EQ(r.window_start, day("2024-10-03"));
    EXPECT_EQ(r.baseline_start, day("2023-01-01"));
    const PartnerHealth& h = row(r, a);
    EXPECT_EQ(h.received.window, 1U);
    EXPECT_EQ(h.received.baseline, 64U);
    EXPECT_NEAR(h.received.expected, 64.0 * 90.0 / 641.0, 1e-12);
    // P(X <= 1), X ~ Binomial(65, 90/731): q^65 + 65 p q^64.
    const double p = 90.0 / 731.0;
    const double q = 1.0 - p;
    EXPECT_NEAR(h.received.p_value, std::pow(q, 65) + 65 * p * std::pow(q, 64), 1e-12);
    EXPECT_TRUE(h.has(HealthFlag::slipping));
    EXPECT_FALSE(h.has(HealthFlag::lapsed));  // 12 days quiet against a 10-day pace
    EXPECT_EQ(h.sent.baseline, 1U);           // both directions, one row
    // F -> A: 0 in the window against 90/641 expected: P(X = 0 | 1, 90/731).
    EXPECT_NEAR(h.sent.p_value, 1.0 - p, 1e-12);
    EXPECT_FALSE(h.sent.p_value < 0.05);
    EXPECT_NEAR(h.at_risk, h.received.expected - 1.0 + h.sent.expected, 1e-12);
    EXPECT_EQ(
        h.why.rfind("Referrals from them fell to 1 in the last 90 days against 9.0 expected", 0),
        0U)
        << h.why;
}

TEST(Health, SmallCountsAreNotFlaggedOnNoise) {
    // Two referrals in the baseline, none in the window: P(X = 0) is large.
    Market m;
    const NodeId f = m.add("F", Group::primary_care);
    const NodeId a = m.add("A", Group::medical_specialist);
    m.refer(f, a, "2024-03-01");
    m.refer(f, a, "2024-05-01");
    const HealthReport r = m.run(f);
    const PartnerHealth& h = row(r, a);
    EXPECT_GT(h.sent.p_value, 0.05);
    EXPECT_EQ(h.flags & ((1U << static_cast<unsigned>(HealthFlag::slipping)) |
                         (1U << static_cast<unsigned>(HealthFlag::lapsed))),
              0U);
    EXPECT_DOUBLE_EQ(h.at_risk, 0.0);
    EXPECT_GT(h.shortfall, 0.0);
}

TEST(Health, LapsedIsALongerGapThanTheTiesPaceMakesLikely) {
    // Six referral days 30 days apart, the last 2024-06-01: usual gap 30,
    // 214 days since; exp(-214/30) = 0.0008.
    Market m;
    const NodeId f = m.add("F", Group::primary_care);
    const NodeId b = m.add("B", Group::medical_specialist);
    const NodeId c = m.add("C", Group::medical_specialist);
    m.series(f, b, "2024-01-03", 6, 30);
    m.series(f, c, "2024-03-03", 4, 30);  // four days: too few to know its pace
    const HealthReport r = m.run(f);
    const PartnerHealth& h = row(r, b);
    EXPECT_DOUBLE_EQ(h.usual_gap_days, 30.0);
    EXPECT_EQ(h.days_since_last, 214);
    EXPECT_NEAR(h.lapse_p, std::exp(-214.0 / 30.0), 1e-15);
    EXPECT_TRUE(h.has(HealthFlag::lapsed));
    // At risk: the tie's pace while it lived (6 over 150 + 30 days) over 90 days.
    EXPECT_NEAR(h.at_risk, 6.0 * 90.0 / 180.0, 1e-12);
    EXPECT_FALSE(row(r, c).has(HealthFlag::lapsed));
    EXPECT_EQ(r.partners.front().partner, b);  // ranked by referrals at risk
}

TEST(Health, OneSidedOnlyWhereTheGroupsFlowRunsBothWays) {
    // Network-wide: specialists E send primary care G 6, G sends E 4; F sent
    // specialist D 8 and got none back: back share 6 / (6 + 4 + 8) = 1/3,
    // P(0 of 8) = (2/3)^8 = 0.039. F also sent dentist K 8: dental never
    // refers to primary care here, so nothing is expected back.
    Market m;
    const NodeId f = m.add("F", Group::primary_care);
    const NodeId d = m.add("D", Group::medical_specialist);
    const NodeId e = m.add("E", Group::medical_specialist);
    const NodeId g = m.add("G", Group::primary_care);
    const NodeId k = m.add("K", Group::dental);
    m.refer(e, g, "2024-01-10", 6);
    m.refer(g, e, "2024-01-11", 4);
    m.refer(f, d, "2024-11-01", 8);
    m.refer(f, k, "2024-11-01", 8);
    const HealthReport r = m.run(f);
    const PartnerHealth& hd = row(r, d);
    EXPECT_NEAR(hd.expected_back_share, 6.0 / 18.0, 1e-12);
    EXPECT_NEAR(hd.one_sided_p, std::pow(2.0 / 3.0, 8), 1e-12);
    EXPECT_TRUE(hd.has(HealthFlag::one_sided));
    EXPECT_FALSE(row(r, k).has(HealthFlag::one_sided));
}

TEST(Health, OpenLoopsCountReferralsWithoutNotesAfterTheLoopDays) {
    Market m;
    const NodeId f = m.add("F", Group::primary_care);
    const NodeId h = m.add("H", Group::medical_specialist);
    m.refer(f, h, "2024-06-01").feedback_days = -1;
    m.refer(f, h, "2024-07-01").feedback_days = -1;
    m.refer(f, h, "2024-08-01").feedback_days = 3;   // answered
    m.refer(f, h, "2024-12-10").feedback_days = -1;  // under 30 days old: not yet late
    m.refer(f, h, "2023-06-01").feedback_days = -1;  // over a year old: history
    m.refer(f, h, "2024-09-01").status = graph::Status::cancelled;  // nothing to answer
    m.referrals.back().feedback_days = -1;
    const HealthReport r = m.run(f);
    const PartnerHealth& row_h = row(r, h);
    EXPECT_EQ(row_h.open_loops, 2U);
    EXPECT_EQ(row_h.oldest_open_loop, day("2024-06-01"));
    EXPECT_TRUE(row_h.has(HealthFlag::open_loops));
}

TEST(Health, QualityDropIsCompletionWorseThanThePartnersOwnBaseline) {
    // Ten completed in the baseline, then four no-shows in the window:
    // P(X <= 0 | 4, 10.5/11) = (0.5/11)^4.
    Market m;
    const NodeId f = m.add("F", Group::primary_care);
    const NodeId q = m.add("Q", Group::medical_specialist);
    m.series(f, q, "2024-01-05", 10, 20);
    for (const char* date : {"2024-10-10", "2024-11-10", "2024-12-01", "2024-12-15"})
        m.refer(f, q, date).status = graph::Status::no_show;
    const HealthReport r = m.run(f);
    const PartnerHealth& h = row(r, q);
    ASSERT_TRUE(h.quality.has_value());
    EXPECT_EQ(h.quality->measure, "completion");
    EXPECT_DOUBLE_EQ(h.quality->baseline, 1.0);
    EXPECT_DOUBLE_EQ(h.quality->window, 0.0);
    EXPECT_NEAR(h.quality->p_value, std::pow(0.5 / 11.0, 4), 1e-15);
    EXPECT_TRUE(h.has(HealthFlag::quality_drop));
}

TEST(Health, DependenceIsOneSourcesShareOfInbound) {
    // Inbound in the last year: S1 30, S2 5, S3 5.
    Market m;
    const NodeId f = m.add("F", Group::allied_health);
    const NodeId s1 = m.add("S1", Group::primary_care);
    const NodeId s2 = m.add("S2", Group::primary_care);
    const NodeId s3 = m.add("S3", Group::primary_care);
    m.refer(s1, f, "2024-05-01", 30);
    m.refer(s2, f, "2024-05-01", 5);
    m.refer(s3, f, "2024-05-01", 5);
    const HealthReport r = m.run(f);
    EXPECT_EQ(r.inbound_last_year, 40U);
    EXPECT_EQ(r.inbound_sources, 3U);
    EXPECT_DOUBLE_EQ(r.top3_inbound_share, 1.0);
    EXPECT_NEAR(r.inbound_hhi, 0.75 * 0.75 + 2 * 0.125 * 0.125, 1e-12);
    EXPECT_TRUE(row(r, s1).has(HealthFlag::dependence));
    EXPECT_FALSE(row(r, s2).has(HealthFlag::dependence));
    // A therapist's sources are one-way by nature: allied health sends
    // primary care nothing here, so none of them is one-sided.
    EXPECT_FALSE(row(r, s1).has(HealthFlag::one_sided));
}

TEST(Health, CadenceCrossesMonthEndsAndLeapDays) {
    // Last check-in 2023-11-30, cadence 3 months: due 2024-02-29 (the last
    // day of a leap February). Overdue on 2024-03-01, not on 2024-02-29.
    for (const auto& [as_of, overdue] :
         std::vector<std::pair<const char*, bool>>{{"2024-02-29", false}, {"2024-03-01", true}}) {
        Market m;
        m.params.as_of = day(as_of);
        m.params.cadence = {3, 0};
        const NodeId f = m.add("F", Group::primary_care);
        const NodeId a = m.add("A", Group::medical_specialist);
        m.refer(f, a, "2023-10-01", 6);  // 6 a year, the top fifth: a key partner
        m.touchpoints.push_back({day("2023-11-30"), a, f, graph::TouchKind::visit, "x"});
        m.touchpoints.push_back({day("2024-01-15"), a, a, graph::TouchKind::call, ""});  // not F's
        const HealthReport r = m.run(f);
        const PartnerHealth& h = row(r, a);
        EXPECT_EQ(h.tier, "key");
        EXPECT_EQ(h.checkin_due, day("2024-02-29"));
        EXPECT_EQ(h.has(HealthFlag::overdue_checkin), overdue) << as_of;
        ASSERT_TRUE(h.last_touch.has_value());
        EXPECT_EQ(h.last_touch->date, day("2023-11-30"));
        EXPECT_TRUE(h.last_touch->note.empty());  // free text never leaves the reader
    }
}

TEST(Health, RegularPartnersAreCheckedHalfAsOftenAsKeyOnesOccasionalOnesAQuarter) {
    Market m;
    m.params.cadence = {6, 0};
    const NodeId f = m.add("F", Group::primary_care);
    const NodeId key = m.add("K", Group::medical_specialist);
    const NodeId occasional = m.add("O", Group::medical_specialist);
    const NodeId regular = m.add("R", Group::medical_specialist);
    m.refer(f, key, "2024-06-01", 12);
    m.refer(f, occasional, "2024-06-01", 1);
    m.refer(f, regular, "2024-06-01", 4);
    const HealthReport r = m.run(f);
    EXPECT_EQ(row(r, key).tier, "key");
    EXPECT_EQ(row(r, key).cadence, (graph::Period{6, 0}));
    EXPECT_EQ(row(r, regular).tier, "regular");
    EXPECT_EQ(row(r, regular).cadence, (graph::Period{12, 0}));
    EXPECT_EQ(row(r, occasional).tier, "occasional");
    EXPECT_EQ(row(r, occasional).cadence, (graph::Period{24, 0}));

    EXPECT_EQ(period_words({0, 45}), "45 days");
    EXPECT_EQ(period_words({1, 0}), "1 month");
}

TEST(Followups, LosingPartnersComeFirstThenTheMostOverdue) {
    Market m;
    const NodeId f = m.add("F", Group::primary_care);
    const NodeId b = m.add("B", Group::medical_specialist);  // lapsed
    const NodeId c = m.add("C", Group::medical_specialist);  // overdue only
    m.series(f, b, "2024-01-03", 6, 30);
    m.refer(f, c, "2024-11-20", 4);
    m.touchpoints.push_back({day("2024-06-01"), c, f, graph::TouchKind::lunch, ""});
    const HealthReport r = m.run(f);
    const std::vector<FollowUp> queue = followups(r);
    ASSERT_EQ(queue.size(), 2U);
    EXPECT_EQ(queue[0].partner, b);
    // B: 6 in the last year, the top fifth: a key partner, every 90 days
    // from its first referral, never checked in on: due 2024-04-02.
    EXPECT_EQ(queue[0].due, day("2024-04-02"));
    EXPECT_EQ(queue[0].days_overdue, 274);
    EXPECT_EQ(queue[0].action, "visit: no referral either way for 214 days (usually every 30)");
    EXPECT_EQ(queue[1].partner, c);
    // C: 4 a year (a key partner needs 6), so regular, every 180 days from
    // the lunch on 2024-06-01: due 2024-11-28, 34 days over. Its four
    // referrals came back with notes in the window: thank them.
    EXPECT_EQ(queue[1].due, day("2024-11-28"));
    EXPECT_EQ(queue[1].days_overdue, 34);
    EXPECT_EQ(queue[1].action, "thank-you note: they closed 4 loops in the last 90 days");
    EXPECT_EQ(queue[1].owner, f);
}

TEST(Health, AnOrganisationsMembersCountAsOneFocal) {
    // F and G are one practice: F sent A 3, G sent A 2, A sent G 1; F and G
    // referred to each other (internal: no row). A touchpoint by G counts.
    Market m;
    const NodeId f = m.add("F", Group::primary_care);
    const NodeId g = m.add("G", Group::primary_care);
    const NodeId a = m.add("A", Group::medical_specialist);
    m.refer(f, a, "2024-03-01", 3);
    m.refer(g, a, "2024-04-01", 2);
    m.refer(a, g, "2024-05-01", 1);
    m.refer(f, g, "2024-06-01", 4);
    m.touchpoints.push_back({day("2024-07-01"), a, g, graph::TouchKind::lunch, ""});
    const std::vector<NodeId> members{f, g};
    const HealthReport r = m.run(members);
    EXPECT_EQ(r.members, members);
    ASSERT_EQ(r.partners.size(), 1U);
    const PartnerHealth& h = r.partners.front();
    EXPECT_EQ(h.partner, a);
    EXPECT_EQ(h.sent.baseline, 5U);
    EXPECT_EQ(h.received.baseline, 1U);
    ASSERT_TRUE(h.last_touch.has_value());
    EXPECT_EQ(h.last_touch->by, g);
    EXPECT_EQ(r.inbound_last_year, 1U);
}

TEST(Health, AnOccasionalPartnerNobodyVisitedIsNotOverdue) {
    // Two one-off partners from 2023-06-01 (occasional: every 360 days, due
    // 2024-05-26); only V was visited (2023-07-01, due 2024-06-25).
    Market m;
    const NodeId f = m.add("F", Group::primary_care);
    const NodeId once = m.add("O", Group::medical_specialist);
    const NodeId visited = m.add("V", Group::medical_specialist);
    m.refer(f, once, "2023-06-01", 1);
    m.refer(f, visited, "2023-06-01", 1);
    m.touchpoints.push_back({day("2023-07-01"), visited, f, graph::TouchKind::visit, ""});
    const HealthReport r = m.run(f);
    EXPECT_EQ(row(r, once).tier, "occasional");
    EXPECT_EQ(row(r, once).checkin_due, day("2024-05-26"));
    EXPECT_FALSE(row(r, once).has(HealthFlag::overdue_checkin));
    EXPECT_EQ(row(r, visited).checkin_due, day("2024-06-25"));
    EXPECT_TRUE(row(r, visited).has(HealthFlag::overdue_checkin));
}

TEST(Health, RejectsBadParameters) {
    Market m;
    const NodeId f = m.add("F", Group::primary_care);
    m.params.window = {0, 0};
    EXPECT_THROW_MSG((void)m.run(f), std::invalid_argument,
                     "the health window must be positive (e.g. 90d)");
    m.params.window = {0, 90};
    m.params.cadence = {0, -5};
    EXPECT_THROW_MSG((void)m.run(f), std::invalid_argument,
                     "the check-in cadence must be positive (e.g. 90d)");
}

TEST(Health, BinomialTails) {
    EXPECT_DOUBLE_EQ(binomial_at_most(3, 3, 0.5), 1.0);
    EXPECT_NEAR(binomial_at_most(0, 4, 0.5), 1.0 / 16.0, 1e-15);
    EXPECT_NEAR(binomial_at_least(4, 4, 0.5), 1.0 / 16.0, 1e-15);
    EXPECT_NEAR(binomial_at_least(1, 10, 0.1), 1.0 - std::pow(0.9, 10), 1e-15);
    EXPECT_DOUBLE_EQ(binomial_at_least(0, 10, 0.1), 1.0);
}

}  // namespace
}  // namespace refnet::scoring

// recommend on a toy market worked out by hand, plus the invariants the issue
// names: scores are probabilities, more feedback never lowers trust, nearer
// never lowers proximity, a filter never changes a score, filters hold, ranks
// do not depend on row order, bad requests fail.
//
// The toy market (all in Atlanta, GA; lat offsets north of the focal):
//   F  optometrist (152W00000X), sees vision 0.8 + headache 0.2, serves vision 1.
//   N1 neurologist, 0.1 deg north (11.1195 km), serves headache 1.
//   N2 neurologist, 0.2 deg north (22.2390 km), serves headache 1.
//   P  family physician, 0.05 deg north, sees headache 0.5 + vision 0.5, serves headache 0.5.
//   D  dentist, sees and serves dental only.
//   Z  F's existing partner (primary care); F -> Z 3 referrals, Z -> N1 2 referrals,
//      all completed within 5 days, notes back, rated 5.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <refnet/graph/needs.hpp>
#include <refnet/scoring/recommend.hpp>

#include "expect_throw_message.hpp"

namespace refnet::scoring {
namespace {

using graph::Group;
using graph::NodeId;

graph::Provider provider(std::string id, std::string taxonomy, Group group, double dlat,
                         std::vector<graph::NeedWeight> seen,
                         std::vector<graph::NeedWeight> served) {
    graph::Provider p;
    p.id = std::move(id);
    p.name = "Provider " + p.id;
    p.taxonomy = std::move(taxonomy);
    p.group = group;
    p.lat = 33.75 + dlat;
    p.lon = -84.39;
    p.city = "Atlanta";
    p.state = "GA";
    p.needs_seen = std::move(seen);
    p.needs_served = std::move(served);
    p.accepting_new = true;
    return p;
}

graph::Referral completed(NodeId from, NodeId to, std::uint32_t count, bool feedback = true) {
    graph::Referral r;
    r.from = from;
    r.to = to;
    r.count = count;
    r.date = *graph::parse_date("2025-03-01");
    r.status = graph::Status::completed;
    r.days_to_appointment = 5;
    r.feedback_days = feedback ? 7 : -1;
    r.satisfaction = 5.0F;
    return r;
}

struct Toy {
    std::vector<graph::Provider> providers;
    std::vector<Group> groups;
    std::vector<graph::Referral> referrals;
    graph::IdMap referral_needs;
    graph::NeedCatalogue catalogue;  // empty: every profile comes from the data
    graph::Network network;

    // Indices after an optional permutation of the provider rows.
    std::vector<NodeId> at;

    explicit Toy(const std::vector<NodeId>& order = {0, 1, 2, 3, 4, 5},
                 bool second_feedback = true) {
        std::vector<graph::Provider> base{
            provider("F", "152W00000X", Group::vision, 0.0, {{"vision", 0.8}, {"headache", 0.2}},
                     {{"vision", 1.0}}),
            provider("N1", "2084N0400X", Group::medical_specialist, 0.1, {{"headache", 1.0}},
                     {{"headache", 1.0}}),
            provider("N2", "2084N0400X", Group::medical_specialist, 0.2, {{"headache", 1.0}},
                     {{"headache", 1.0}}),
            provider("P", "207Q00000X", Group::primary_care, 0.05,
                     {{"headache", 0.5}, {"vision", 0.5}}, {{"headache", 0.5}}),
            provider("D", "1223G0001X", Group::dental, 0.01, {{"dental", 1.0}}, {{"dental", 1.0}}),
            provider("Z", "207R00000X", Group::primary_care, 0.02, {{"hypertension", 1.0}},
                     {{"hypertension", 1.0}}),
        };
        at.resize(base.size());
        for (NodeId row = 0; row < order.size(); ++row) {
            at[order[row]] = row;
            providers.push_back(base[order[row]]);
        }
        for (const auto& p : providers) groups.push_back(p.group);
        referrals.push_back(completed(at[0], at[5], 3));
        referrals.push_back(completed(at[5], at[1], 1));
        referrals.push_back(completed(at[5], at[1], 1, second_feedback));
        network = graph::build_network(static_cast<NodeId>(providers.size()), referrals).network;
    }
    [[nodiscard]] Context context() const {
        return Context(network, providers, groups, referrals, referral_needs, catalogue,
                       graph::kNoDate, params);
    }
    ScoringParams params;
    [[nodiscard]] Request request() const {
        Request r;
        r.focal = at[0];
        return r;
    }
};

// The need-fit signal of a value: log(1 + v / 0.01) / log(101).
double need_signal(double value) { return std::log1p(value / 0.01) / std::log1p(100.0); }

const Recommendation& find(const RecommendResult& result, NodeId id) {
    for (const auto& r : result.items) {
        if (r.id == id) return r;
    }
    throw std::runtime_error("candidate not in the result");
}

TEST(Recommend, NeedFitWorkedByHand) {
    // demand_F = headache only (0.2 * (1 - 0) normalised; vision is served).
    // outbound: N1 = N2 = 1, P = 0.5, D = 0. inbound (share of the candidate's
    // unmet needs F serves better): P has headache 0.5*0.5 + vision 0.5*1 = 0.75
    // unmet, of which vision 0.5 -> 2/3; neurologists have none.
    // value = 0.7 outbound + 0.3 inbound: N1 = N2 = 0.7, P = 0.35 + 0.2 = 0.55,
    // each on the log scale. D's 0 is under the gate.
    // (The catalogue alone: the learned propensity is off.)
    Toy toy;
    toy.params.propensity_share = 0.0;
    const Context ctx = toy.context();
    const RecommendResult result = recommend(ctx, toy.request());
    EXPECT_EQ(result.candidates, 3U);  // N1, N2, P (Z is a partner, D has no fit)
    EXPECT_NEAR(find(result, toy.at[1]).signals[0], need_signal(0.7), 1e-6);
    EXPECT_NEAR(find(result, toy.at[2]).signals[0], need_signal(0.7), 1e-6);
    EXPECT_NEAR(find(result, toy.at[3]).signals[0], need_signal(0.55), 1e-6);
}

TEST(Recommend, NeedFitBlendsTheLearnedPropensity) {
    // Training referrals F -> Z 3 and Z -> N1 2. Dirichlet shrinkage with 50
    // pseudo-referrals a level (all -> vision group -> class 152W -> taxonomy)
    // and 20 for F's own mix, recomputed in plain Python:
    //   all: N 2/5, Z 3/5; each of F's levels: (n + 50 parent) / (3 + 50)
    //   F: P(N) = (0 + 20 P_tax(N)) / 23 = 0.29204148975036587,
    //      P(Z) = (3 + 20 P_tax(Z)) / 23 = 0.7079585102496341 (the best).
    // Need fit = 0.5 catalogue + 0.5 P / P(Z): N1 = 0.35 + 0.5 * 0.41251215363932664
    // = 0.5562560768196633, P = 0.275 (no one refers to 207Q); on the log scale.
    const Toy toy;
    const RecommendResult result = recommend(toy.context(), toy.request());
    ASSERT_EQ(result.candidates, 3U);
    EXPECT_NEAR(find(result, toy.at[1]).signals[0], need_signal(0.5562560768196633), 1e-7);
    EXPECT_NEAR(find(result, toy.at[3]).signals[0], need_signal(0.275), 1e-7);
    const Evidence& n1 = find(result, toy.at[1]).evidence;
    EXPECT_NEAR(n1.peers_share, 0.33584771321292073, 1e-12);
    EXPECT_DOUBLE_EQ(n1.own_share, 0.0);
    EXPECT_NE(
        std::find(find(result, toy.at[1]).reasons.begin(), find(result, toy.at[1]).reasons.end(),
                  "Practices like yours send 34 % of their referrals to 2084N0400X; you "
                  "send 0 % (on 2025-03-01)"),
        find(result, toy.at[1]).reasons.end());
}

TEST(Recommend, TrustProximityStructureWorkedByHand) {
    const Toy toy;
    const RecommendResult result = recommend(toy.context(), toy.request());
    const Recommendation& n1 = find(result, toy.at[1]);
    const Recommendation& n2 = find(result, toy.at[2]);
    // N1 received 2 referrals, both completed, on time, closed and rated 5: each
    // smoothed rate is (2+1)/(2+2) = 0.75, so reputation 0.75, which is its
    // trust (F has no tie of its own with N1). N2 has no history: the prior, 0.5.
    EXPECT_NEAR(n1.signals[2], 0.75, 1e-12);
    EXPECT_NEAR(n2.signals[2], 0.5, 1e-12);
    // Proximity 1 - log(1 + km / 5) / log(1 + 150 / 5): 11.11951 km -> 0.6605...
    EXPECT_NEAR(n1.evidence.distance_km, 11.11951, 1e-4);
    EXPECT_NEAR(n1.signals[3], 1.0 - std::log1p(11.119508 / 5.0) / std::log(31.0), 1e-6);
    EXPECT_NEAR(n2.signals[3], 1.0 - std::log1p(22.239016 / 5.0) / std::log(31.0), 1e-6);
    // Structure: N1 shares partner Z with F (Adamic-Adar sum 1/ln 2), and the
    // count walk F -> Z -> N1 reaches it: 0.5 log(1 + 1/ln 2) plus half its
    // walk value, which lies in (0, 1). N2 shares nothing and is not reached.
    const double shared = 0.5 * std::log1p(1.0 / std::log(2.0));
    EXPECT_GT(n1.signals[4], shared);
    EXPECT_LT(n1.signals[4], shared + 0.5);
    EXPECT_DOUBLE_EQ(n2.signals[4], 0.0);
    // Every toy provider accepts new patients.
    EXPECT_DOUBLE_EQ(n1.signals[6], 1.0);
    EXPECT_EQ(n1.evidence.common_partners, 1U);
    EXPECT_EQ(n1.evidence.trusted_partners_referring, 1U);
    // No group sends to vision except F itself: no expected return flow.
    ASSERT_EQ(result.items.size(), 3U);
    for (const auto& r : result.items) EXPECT_DOUBLE_EQ(r.signals[1], 0.0);
    EXPECT_EQ(result.items.front().id, toy.at[1]);
}

TEST(Recommend, ScoreIsTheModelsProbability) {
    Toy toy;
    toy.params.group_diversity = 1.0;
    Request request = toy.request();
    const RecommendResult result = recommend(toy.context(), request);
    ASSERT_EQ(result.items.size(), 3U);
    for (const auto& r : result.items) {
        double eta = request.weights.intercept;
        double lift = 0.0;
        for (std::size_t s = 0; s < kSignalCount; ++s) {
            eta += request.weights.value[s] * r.signals[s];
            lift += r.contributions[s];
            EXPECT_DOUBLE_EQ(r.contributions[s],
                             request.weights.value[s] * (r.signals[s] - neutral_signals()[s]));
            EXPECT_GE(r.signals[s], 0.0);
        }
        EXPECT_NEAR(r.score, 1.0 / (1.0 + std::exp(-eta)), 1e-15);
        EXPECT_GT(r.score, 0.0);
        EXPECT_LT(r.score, 1.0);
        // The contributions add up to the log-odds less the neutral candidate's.
        double neutral_eta = request.weights.intercept;
        for (std::size_t s = 0; s < kSignalCount; ++s)
            neutral_eta += request.weights.value[s] * neutral_signals()[s];
        EXPECT_NEAR(lift, eta - neutral_eta, 1e-12);
    }
}

TEST(Recommend, AFilterNeverChangesAScore) {
    // Scores are absolute: N1 scores the same in the full list, among
    // medical specialists only, and within 15 km.
    const Toy toy;
    const Context ctx = toy.context();
    const double full = find(recommend(ctx, toy.request()), toy.at[1]).score;
    Request request = toy.request();
    request.filters.groups = {Group::medical_specialist};
    EXPECT_EQ(find(recommend(ctx, request), toy.at[1]).score, full);
    request = toy.request();
    request.filters.within_km = 15.0;
    request.top = 1;
    EXPECT_EQ(find(recommend(ctx, request), toy.at[1]).score, full);
}

TEST(Recommend, RaisingAnySignalNeverLowersAScore) {
    // Every weight is non-negative and every signal rises with its evidence
    // (propensity, closed loops, nearness, shared partners, volume), so more
    // of any never lowers a score.
    const Toy toy;
    const Request request = toy.request();
    const Recommendation base = find(recommend(toy.context(), request), toy.at[1]);
    for (std::size_t s = 0; s < kSignalCount; ++s) {
        SignalVector raised = base.signals;
        raised[s] += 0.1;
        EXPECT_GE(probability(raised, request.weights), base.score) << s;
    }
}

TEST(Recommend, ReasonsCarryTheNumbers) {
    Toy toy;
    toy.params.propensity_share = 0.0;  // the catalogue's reason (see NeedFitBlends...)
    // Reasons follow the largest contributions: with trust and need fit
    // weighted up, their sentences are the three.
    Request request = toy.request();
    request.weights.value = {1.0, 0.0, 10.0, 0.1, 0.1, 0.1, 0.1};
    const RecommendResult result = recommend(toy.context(), request);
    const auto& reasons = find(result, toy.at[1]).reasons;
    ASSERT_FALSE(reasons.empty());
    EXPECT_LE(reasons.size(), 3U);
    const auto has = [&](const std::string& text) {
        return std::find(reasons.begin(), reasons.end(), text) != reasons.end();
    };
    // Every sentence names its window: the toy's referrals are all dated 2025-03-01.
    EXPECT_TRUE(
        has("Treats headache, 100 % of your patients' unmet needs on 2025-03-01 (you do not treat "
            "it)"));
    EXPECT_TRUE(has("Provider Z, one of your most trusted partners, refers to them"));
    // Two outcomes, both closed, are too few to argue for N1: a caution, not a reason.
    EXPECT_EQ(
        find(result, toy.at[1]).cautions,
        (std::vector<std::string>{"Thin evidence: 2 referral outcomes on record on 2025-03-01"}));
    // A provider that takes no new patients says so beside its reasons.
    toy.providers[toy.at[1]].accepting_new = false;
    const RecommendResult closed = recommend(toy.context(), request);
    EXPECT_EQ(find(closed, toy.at[1]).cautions.back(), "Not accepting new patients");
    // N2 has no record (trust at the prior: no lift) and is farther than
    // neutral proximity would have it: neither is offered as a reason.
    const auto& n2 = find(result, toy.at[2]).reasons;
    for (const auto& text : n2) {
        EXPECT_EQ(text.find("Closes the loop"), std::string::npos) << text;
        EXPECT_EQ(text.find("No referral outcomes"), std::string::npos) << text;
    }
}

TEST(Recommend, MoreFeedbackNeverLowersTrust) {
    const Toy less(std::vector<NodeId>{0, 1, 2, 3, 4, 5}, false);
    const Toy more;
    const double before = find(recommend(less.context(), less.request()), less.at[1]).signals[2];
    const double after = find(recommend(more.context(), more.request()), more.at[1]).signals[2];
    EXPECT_GT(after, before);
}

TEST(Recommend, NearerNeverLowersProximity) {
    const Toy toy;
    const RecommendResult result = recommend(toy.context(), toy.request());
    ASSERT_EQ(result.items.size(), 3U);
    for (const auto& a : result.items) {
        for (const auto& b : result.items) {
            if (a.evidence.distance_km < b.evidence.distance_km) {
                EXPECT_GE(a.signals[3], b.signals[3]);
            }
        }
    }
}

TEST(Recommend, FiltersHold) {
    const Toy toy;
    Request request = toy.request();
    request.filters.within_km = 15.0;
    const RecommendResult near = recommend(toy.context(), request);
    ASSERT_EQ(near.items.size(), 2U);  // N1 (11.1 km) and P (5.6 km); N2 is 22.2 km away
    for (const auto& r : near.items) EXPECT_LE(r.evidence.distance_km, 15.0);
    request = toy.request();
    request.filters.groups = {Group::primary_care};
    const RecommendResult primary = recommend(toy.context(), request);
    ASSERT_EQ(primary.items.size(), 1U);
    EXPECT_EQ(primary.items[0].id, toy.at[3]);
    request = toy.request();
    request.filters.states = {"FL"};
    EXPECT_TRUE(recommend(toy.context(), request).items.empty());
}

TEST(Recommend, ServiceRadiusKeepsOnlyTelehealthFromFarAway) {
    // N1 is 11.1 km north of F, N2 22.2 km: a 20 km radius leaves N2 out.
    Toy toy;
    Request request = toy.request();
    toy.params.service_radius_km = 20.0;
    auto listed = [&](const Toy& market, NodeId id) {
        const RecommendResult result = recommend(market.context(), request);
        return std::any_of(result.items.begin(), result.items.end(),
                           [&](const Recommendation& r) { return r.id == id; });
    };
    EXPECT_TRUE(listed(toy, toy.at[1]));
    EXPECT_FALSE(listed(toy, toy.at[2]));
    toy.params.service_radius_km = 0.0;  // no limit
    EXPECT_TRUE(listed(toy, toy.at[2]));
    toy.params.service_radius_km = 20.0;
    toy.providers[toy.at[2]].telehealth = true;
    toy.providers[toy.at[2]].licensed_states = {"FL"};
    EXPECT_FALSE(listed(toy, toy.at[2]));  // not licensed where F's patients are
    toy.providers[toy.at[2]].licensed_states = {"FL", "GA"};
    EXPECT_TRUE(listed(toy, toy.at[2]));
}

TEST(Recommend, StrengthenRanksExistingPartners) {
    const Toy toy;
    Request request = toy.request();
    request.mode = Mode::strengthen;
    const RecommendResult result = recommend(toy.context(), request);
    ASSERT_EQ(result.items.size(), 1U);
    EXPECT_EQ(result.items[0].id, toy.at[5]);
    EXPECT_EQ(result.items[0].evidence.sent_to, 3U);
    EXPECT_EQ(result.items[0].evidence.received_from, 0U);
    // Z's 3 referrals from optometrists are all F's own: no peer referrals.
    EXPECT_EQ(result.items[0].evidence.peer_referrals, 0U);
    // Partner health ranks it: three referrals on one day, nothing to compare.
    EXPECT_DOUBLE_EQ(result.items[0].evidence.at_risk, 0.0);
    EXPECT_DOUBLE_EQ(result.items[0].score, 0.0);
    // Primary care never refers to optometry here, so a one-way tie is no
    // fault of the tie: it is not called one-sided.
    for (const auto& reason : result.items[0].reasons)
        EXPECT_EQ(reason.find("One-sided"), std::string::npos) << reason;
}

TEST(Recommend, AReferrerIntoTheFocalsLineThatSendsItElsewhereSaysSo) {
    // Z, F's partner, sent 3 referrals to G, another optometrist, and none to
    // F: all 3 of its optometry referrals went to others (the split refnet
    // share counts), the first reason after health's.
    Toy toy;
    toy.providers.push_back(
        provider("G", "152W00000X", Group::vision, 0.3, {{"vision", 1.0}}, {{"vision", 1.0}}));
    toy.groups.push_back(Group::vision);
    toy.referrals.push_back(completed(toy.at[5], 6, 3));
    toy.network =
        graph::build_network(static_cast<NodeId>(toy.providers.size()), toy.referrals).network;
    Request request = toy.request();
    request.mode = Mode::strengthen;
    const RecommendResult result = recommend(toy.context(), request);
    const Recommendation& z = find(result, toy.at[5]);
    EXPECT_NE(std::find(z.reasons.begin(), z.reasons.end(),
                        "Sends 3 of their 3 152W00000X referrals to others, 3 to Provider G "
                        "(last 12 months)"),
              z.reasons.end());
}

TEST(Recommend, PeerReferralsCountWhatTheFocalsTaxonomySent) {
    // G, another optometrist, sent N2 three referrals. Per sender taxonomy:
    // 152W -> Z 3 (F's own), 152W -> N2 3, 207R -> N1 2; the largest is 3.
    // N2's signal is log(1 + 3) / log(1 + 3) = 1; N1 has none from 152W.
    Toy toy;
    toy.providers.push_back(
        provider("G", "152W00000X", Group::vision, 0.3, {{"vision", 1.0}}, {{"vision", 1.0}}));
    toy.groups.push_back(Group::vision);
    toy.referrals.push_back(completed(6, toy.at[2], 3));
    toy.network =
        graph::build_network(static_cast<NodeId>(toy.providers.size()), toy.referrals).network;
    const RecommendResult result = recommend(toy.context(), toy.request());
    const Recommendation& n2 = find(result, toy.at[2]);
    EXPECT_EQ(n2.evidence.peer_referrals, 3U);
    EXPECT_DOUBLE_EQ(n2.signals[7], 1.0);
    EXPECT_EQ(find(result, toy.at[1]).evidence.peer_referrals, 0U);
    EXPECT_DOUBLE_EQ(find(result, toy.at[1]).signals[7], 0.0);
    // G is F's peer: not a prospect. Z's 3 are F's own and would not count.
    EXPECT_EQ(std::count_if(result.items.begin(), result.items.end(),
                            [](const Recommendation& r) { return r.id == 6; }),
              0);
    EXPECT_NE(std::find(n2.reasons.begin(), n2.reasons.end(),
                        "Other practices of your specialty sent them 3 referrals on 2025-03-01"),
              n2.reasons.end());
}

TEST(Recommend, StrengthenExpectsTheFocalsYearSharedByScore) {
    // F also sends N1 one referral: partners Z (3 sent) and N1 (1 sent), all in
    // the last year. Each partner's expected share of F's 4 referrals is its
    // model probability over the sum of both; upside = expected - sent.
    Toy toy;
    toy.referrals.push_back(completed(toy.at[0], toy.at[1], 1));
    toy.network =
        graph::build_network(static_cast<NodeId>(toy.providers.size()), toy.referrals).network;
    Request request = toy.request();
    request.mode = Mode::strengthen;
    const RecommendResult result = recommend(toy.context(), request);
    ASSERT_EQ(result.items.size(), 2U);
    const Recommendation& z = find(result, toy.at[5]);
    const Recommendation& n1 = find(result, toy.at[1]);
    const double pz = probability(z.signals, request.weights);
    const double pn = probability(n1.signals, request.weights);
    EXPECT_NEAR(z.evidence.expected_referrals, 4.0 * pz / (pz + pn), 1e-12);
    EXPECT_NEAR(n1.evidence.expected_referrals, 4.0 * pn / (pz + pn), 1e-12);
    // The rank is partner health's: nothing at risk (one day of history), so
    // the larger tie of the last year first; the score is referrals at risk.
    EXPECT_EQ(result.items[0].id, toy.at[5]);
    EXPECT_DOUBLE_EQ(z.score, 0.0);
    EXPECT_DOUBLE_EQ(n1.score, 0.0);
}

TEST(Recommend, AnOrganisationMergesItsMembersChances) {
    // F and P as one organisation: a candidate's score is 1 - (1 - p_F)(1 - p_P)
    // over the members' own scores; neither member, nor Z (F's partner), is a
    // prospect.
    const Toy toy;
    const Context context = toy.context();
    Request request = toy.request();
    request.top = 10;
    const RecommendResult f = recommend(context, request);
    request.focal = toy.at[3];
    const RecommendResult p = recommend(context, request);
    const std::vector<NodeId> members{toy.at[0], toy.at[3]};
    const RecommendResult org = recommend_organisation(context, request, members);
    ASSERT_FALSE(org.items.empty());
    auto score_in = [](const RecommendResult& r, NodeId id) {
        for (const auto& rec : r.items) {
            if (rec.id == id) return rec.score;
        }
        return 0.0;
    };
    for (const auto& rec : org.items) {
        EXPECT_NE(rec.id, toy.at[0]);
        EXPECT_NE(rec.id, toy.at[3]);
        EXPECT_NE(rec.id, toy.at[5]);
        const double expected = 1.0 - (1.0 - score_in(f, rec.id)) * (1.0 - score_in(p, rec.id));
        EXPECT_NEAR(rec.score, expected, 1e-12);
        EXPECT_EQ(rec.reasons.front().rfind("Best fit for ", 0), 0U) << rec.reasons.front();
    }
    request.mode = Mode::strengthen;
    EXPECT_THROW((void)recommend_organisation(context, request, members), std::invalid_argument);
}

TEST(Recommend, RanksDoNotDependOnRowOrder) {
    const Toy a;
    const Toy b(std::vector<NodeId>{5, 3, 1, 4, 0, 2});
    const RecommendResult ra = recommend(a.context(), a.request());
    const RecommendResult rb = recommend(b.context(), b.request());
    ASSERT_EQ(ra.items.size(), 3U);
    ASSERT_EQ(rb.items.size(), ra.items.size());
    for (std::size_t i = 0; i < ra.items.size(); ++i) {
        EXPECT_EQ(a.providers[ra.items[i].id].id, b.providers[rb.items[i].id].id);
        EXPECT_NEAR(ra.items[i].score, rb.items[i].score, 1e-12);
    }
}

TEST(Recommend, RejectsBadRequests) {
    const Toy toy;
    Request request = toy.request();
    request.mode = Mode::expand;
    try {
        (void)recommend(toy.context(), request);
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_STREQ(e.what(), "expand mode needs at least one provider group filter");
    }
    request = toy.request();
    request.weights.value[2] = -1.0;
    try {
        (void)recommend(toy.context(), request);
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_STREQ(e.what(), "weight of trust must be a number from 0 to 1000, got -1");
    }
    request = toy.request();
    request.focal = 99;
    EXPECT_THROW_MSG((void)recommend(toy.context(), request), std::invalid_argument,
                     "focal provider 99 is not in the network of 6 providers");
}

}  // namespace
}  // namespace refnet::scoring

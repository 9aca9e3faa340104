// The backtest harness (scoring/src/backtest/harness.cpp, baselines.cpp):
// link-prediction baselines against networkx on a hand-built history, no
// leakage of post-split events, seeded determinism on any thread count, blend
// lists equal to recommend's, and rejected options. Ranking metrics, the split,
// the logistic fit and tuning have their own files.
#include <gtest/gtest.h>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <refnet/graph/geo.hpp>
#include <refnet/scoring/backtest.hpp>
#include <refnet/scoring/recommend.hpp>

#include "backtest_fixtures.hpp"
#include "expect_throw_message.hpp"

namespace refnet::scoring {
namespace {

using graph::NodeId;
using testing::Market;
using testing::market;
using testing::TinyHistory;

TEST(Backtest, LinkPredictionBaselinesMatchNetworkx) {
    // networkx on TinyHistory's partner graph (backtest_fixtures.hpp), for focal
    // 0: adamic_adar_index gives 3: 2.3529, 4: 0.9102, 5: 0;
    // resource_allocation_index 3: 0.8333, 4: 0.3333, 5: 0. So both list 3, 4,
    // 5; the new partner 4 is second.
    const TinyHistory tiny;
    BacktestOptions options;
    options.split = *graph::parse_date("2024-01-01");
    options.ks = {1, 2};
    options.baselines = {"adamic_adar", "resource_allocation"};
    options.focals = {0, 2};
    options.bootstrap = 0;
    const BacktestResult result = backtest(tiny.history(), options);
    EXPECT_EQ(result.focals_evaluated, 1U);
    EXPECT_EQ(result.focals_skipped, 1U);  // provider 2 formed no new partnership
    EXPECT_EQ(result.focals_with_new_partner, 1U);
    EXPECT_EQ(result.new_partnerships, 1U);
    ASSERT_EQ(
        result.metric_names,
        (std::vector<std::string>{"precision@1", "recall@1", "hit_rate@1", "ndcg@1", "precision@2",
                                  "recall@2", "hit_rate@2", "ndcg@2", "map@2", "auc"}));
    ASSERT_EQ(result.methods.size(), 3U);
    for (std::size_t m = 1; m < 3; ++m) {
        const auto& v = result.methods[m].metrics;
        EXPECT_DOUBLE_EQ(v[0].mean, 0.0) << result.methods[m].name;
        EXPECT_DOUBLE_EQ(v[4].mean, 0.5);
        EXPECT_DOUBLE_EQ(v[5].mean, 1.0);
        EXPECT_DOUBLE_EQ(v[6].mean, 1.0);
        EXPECT_NEAR(v[7].mean, 1.0 / std::log2(3.0), 1e-12);
        EXPECT_DOUBLE_EQ(v[8].mean, 0.5);
        EXPECT_TRUE(std::isnan(v[0].ci_low));  // no resamples asked for
    }
    EXPECT_EQ(result.methods[0].lift.size(), 2U);
    EXPECT_EQ(result.methods[0].lift[0].first, "adamic_adar");
}

// Eight providers on one meridian (so a distance is the latitude difference
// times kEarthRadiusKm * kRadiansPerDegree, exactly); the split is 2024-01-01.
//
//   id  specialty              where               referrals received before the split
//   0   A (family medicine)    40 N               -  (the focal: no tie before the split)
//   1   B (physical therapy)   8 km north          3  (4 -> 1, 2023-05-01)
//   2   B                      16 km north         5  (1 -> 2: 2 on 2023-10-02, 3 on 2023-12-31)
//   3   C (psychiatry)         at the focal        1  (4 -> 3, 2023-10-03)
//   4   A                      no location         -
//   5   wellness (no taxonomy) at the focal        -
//   6   B                      no location         -  (4 -> 6 x10 undated: not training)
//   7   wellness (no taxonomy) no location         4  (4 -> 7, 2023-11-01)
//
// Specialty A sent 3 + 1 + 4 = 8 referrals: share(A -> B) = 3/8,
// share(A -> C) = 1/8, share(A -> wellness) = 4/8, share(A -> A) = 0. Gravity
// for focal 0, share x exp(-km / 8) x (1 + in_volume)^0.7:
//   7: 4/8 x 1 (no location)  x 5^0.7 = 1.542585
//   5: 4/8 x exp(0)           x 1     = 0.5
//   6: 3/8 x 1 (no location)  x 1     = 0.375
//   1: 3/8 x exp(-1)          x 4^0.7 = 0.364069
//   3: 1/8 x exp(0)           x 2^0.7 = 0.203063
//   2: 3/8 x exp(-2)          x 6^0.7 = 0.177886  (volume alone would put it first)
//   4: 0 (A -> A)
// Recent popularity counts [2023-10-03, 2024-01-01): 7: 4, 2: 3 (the two on
// 2023-10-02 are a day early), 3: 1 (on the window's first day), 1: 0.
struct SpecialtyHistory : testing::HandHistory {
    // `partner`: whom the focal 0 first refers to after the split (its truth).
    explicit SpecialtyHistory(NodeId partner) {
        const double degrees_per_km = 1.0 / (graph::kEarthRadiusKm * graph::kRadiansPerDegree);
        const std::vector<std::pair<std::string, double>> rows{
            {"207Q00000X", 0.0}, {"225100000X", 8.0}, {"225100000X", 16.0}, {"2084P0800X", 0.0},
            {"207Q00000X", -1},  {"", 0.0},           {"225100000X", -1},   {"", -1}};
        for (std::size_t i = 0; i < rows.size(); ++i) {
            graph::Provider p;
            p.id = "s" + std::to_string(i);
            p.taxonomy = rows[i].first;
            p.group = p.taxonomy.empty() ? graph::Group::wellness : graph::Group::unknown;
            if (rows[i].second >= 0) {
                p.lat = 40.0 + rows[i].second * degrees_per_km;
                p.lon = -84.0;
            }
            providers.push_back(p);
            groups.push_back(p.group);
        }
        add("2023-05-01", 4, 1, 3);
        add("2023-10-03", 4, 3, 1);
        add("2023-10-02", 1, 2, 2);
        add("2023-12-31", 1, 2, 3);
        add("2023-11-01", 4, 7, 4);
        add(nullptr, 4, 6, 10);
        add("2024-01-01", 4, 6, 9);  // the split day: after it, not training
        add("2024-03-01", 0, partner, 1);
    }
};

// The rank at which `baseline` lists focal 0's new partner `partner` in
// SpecialtyHistory: the first k with a hit.
std::size_t rank_of(const std::string& baseline, NodeId partner) {
    const SpecialtyHistory h(partner);
    BacktestOptions options;
    options.split = *graph::parse_date("2024-01-01");
    options.ks = {1, 2, 3, 4, 5, 6, 7};
    options.baselines = {baseline};
    options.focals = {0};
    options.bootstrap = 0;
    const BacktestResult result = backtest(h.history(), options);
    EXPECT_EQ(result.focals_evaluated, 1U);
    EXPECT_EQ(result.methods.size(), 2U);
    if (result.methods.size() != 2U) return 0;
    const auto& metrics = result.methods[1].metrics;
    for (std::size_t k = 1; k <= 7; ++k)
        if (metrics[4 * (k - 1) + 2].mean == 1.0) return k;  // hit_rate@k
    return 0;
}

// Focal 0's new partner, and how many new partners the model could not rank
// and lay beyond `radius_km`.
std::pair<std::size_t, std::size_t> unranked(NodeId partner, double radius_km) {
    const SpecialtyHistory h(partner);
    BacktestOptions options;
    options.split = *graph::parse_date("2024-01-01");
    options.baselines = {};
    options.focals = {0};
    options.bootstrap = 0;
    options.params.service_radius_km = radius_km;
    const BacktestResult result = backtest(h.history(), options);
    EXPECT_EQ(result.new_partnerships, 1U);
    return {result.new_partners_outside, result.new_partners_beyond_radius};
}

TEST(Backtest, CountsNewPartnersTheModelCouldNotRank) {
    using Counts = std::pair<std::size_t, std::size_t>;
    EXPECT_EQ(unranked(1, 10.0), (Counts{0, 0}));  // a physical therapist 8 km away
    EXPECT_EQ(unranked(2, 10.0), (Counts{1, 1}));  // one 16 km away, past a 10 km radius
    EXPECT_EQ(unranked(2, 150.0), (Counts{0, 0}));
    EXPECT_EQ(unranked(4, 150.0), (Counts{1, 0}));  // a peer: the focal's own taxonomy
}

TEST(Backtest, GravityRanksBySpecialtyFlowDistanceAndVolume) {
    EXPECT_EQ(rank_of("gravity", 7), 1U);
    EXPECT_EQ(rank_of("gravity", 5), 2U);  // the specialty by the group, no taxonomy
    EXPECT_EQ(rank_of("gravity", 6), 3U);  // no location: no distance decay
    EXPECT_EQ(rank_of("gravity", 1), 4U);
    EXPECT_EQ(rank_of("gravity", 3), 5U);
    EXPECT_EQ(rank_of("gravity", 2), 6U);
    EXPECT_EQ(rank_of("gravity", 4), 7U);
}

TEST(Backtest, RecentPopularityCountsTheNinetyDaysBeforeTheSplit) {
    EXPECT_EQ(rank_of("recent_popularity", 7), 1U);
    EXPECT_EQ(rank_of("recent_popularity", 2), 2U);
    EXPECT_EQ(rank_of("recent_popularity", 3), 3U);
    // 1, 4, 5 and 6 received nothing in the window (6's ten are undated) and
    // follow in the seeded tie order, after the three.
    for (const NodeId none : {1U, 4U, 5U, 6U}) EXPECT_GE(rank_of("recent_popularity", none), 4U);
    // All-time popularity puts 2 (5 received) before 7 (4) and 1 (3) before 3 (1).
    EXPECT_EQ(rank_of("popularity", 2), 1U);
    EXPECT_EQ(rank_of("popularity", 7), 2U);
    EXPECT_EQ(rank_of("popularity", 1), 3U);
    EXPECT_EQ(rank_of("popularity", 3), 4U);
}

TEST(Backtest, PathsOfLengthThreeReachWhatCommonPartnersDoNot) {
    // TinyHistory's partner graph is 0-1, 0-2, 1-3, 1-4, 2-3 (partner counts
    // 2, 3, 2, 2, 1, 0); here provider 4 first refers to 2 after the split.
    // Paths of length three from 4 run 4-1-0-2 and 4-1-3-2, so
    // l3(4, 2) = 2 / sqrt(3 x 2) = 0.816 and l3 gives every other non-partner
    // (0, 3, 5) 0: 2 is listed first. Adamic-Adar scores 0 and 3 (common
    // partner 1) and not 2, so 2 comes third at best.
    TinyHistory tiny;
    tiny.add("2024-07-01", 4, 2);
    BacktestOptions options;
    options.split = *graph::parse_date("2024-01-01");
    options.ks = {1, 2};
    options.baselines = {"l3", "adamic_adar"};
    options.focals = {4};
    options.bootstrap = 0;
    const BacktestResult result = backtest(tiny.history(), options);
    ASSERT_EQ(result.focals_evaluated, 1U);
    ASSERT_EQ(result.methods.size(), 3U);
    EXPECT_EQ(result.methods[1].name, "l3");
    EXPECT_DOUBLE_EQ(result.methods[1].metrics[0].mean, 1.0);  // precision@1
    EXPECT_DOUBLE_EQ(result.methods[2].metrics[6].mean, 0.0);  // Adamic-Adar's hit_rate@2
}

bool same(const BacktestResult& a, const BacktestResult& b) {
    if (a.focals_evaluated != b.focals_evaluated || a.methods.size() != b.methods.size())
        return false;
    for (std::size_t m = 0; m < a.methods.size(); ++m) {
        for (std::size_t q = 0; q < a.metric_names.size(); ++q) {
            const auto& x = a.methods[m].metrics[q];
            const auto& y = b.methods[m].metrics[q];
            auto eq = [](double u, double v) { return u == v || (std::isnan(u) && std::isnan(v)); };
            if (!eq(x.mean, y.mean) || !eq(x.ci_low, y.ci_low) || !eq(x.ci_high, y.ci_high))
                return false;
        }
    }
    return true;
}

BacktestOptions market_options() {
    BacktestOptions options;
    options.split = *graph::parse_date("2025-01-01");
    options.bootstrap = 200;
    options.seed = 42;
    return options;
}

TEST(Backtest, SameSeedSameNumbersOnAnyThreadCount) {
    const BacktestOptions options = market_options();
    const BacktestResult first = backtest(market().history(), options);
    ASSERT_GT(first.focals_evaluated, 50U);
    const int threads = omp_get_max_threads();
    omp_set_num_threads(1);
    const BacktestResult serial = backtest(market().history(), options);
    omp_set_num_threads(threads);
    EXPECT_TRUE(same(first, serial));
    BacktestOptions reseeded = options;
    reseeded.seed = 43;
    const BacktestResult other = backtest(market().history(), reseeded);
    EXPECT_FALSE(same(first, other));  // the resamples and the random baseline move
    // Metrics of deterministic rankings do not depend on the seed.
    ASSERT_FALSE(first.methods.empty());
    ASSERT_EQ(first.methods[0].metrics.size(), first.metric_names.size());
    ASSERT_FALSE(first.metric_names.empty());
    EXPECT_EQ(first.methods[0].metrics[0].mean, other.methods[0].metrics[0].mean);
    for (const auto& method : first.methods) {
        for (const auto& e : method.metrics) {
            EXPECT_LE(e.ci_low, e.mean + 1e-12) << method.name;
            EXPECT_GE(e.ci_high, e.mean - 1e-12) << method.name;
        }
    }
}

TEST(Backtest, ASampleEvaluatesThatManyAndCountsThePopulation) {
    BacktestOptions options = market_options();
    options.bootstrap = 0;
    const BacktestResult all = backtest(market().history(), options);
    EXPECT_EQ(all.focals_with_new_partner, all.focals_evaluated);
    options.sample = 10;
    const BacktestResult ten = backtest(market().history(), options);
    EXPECT_EQ(ten.focals_evaluated, 10U);
    EXPECT_EQ(ten.focals_with_new_partner, all.focals_evaluated);
    EXPECT_EQ(ten.focals_skipped, all.focals_skipped);
    EXPECT_LT(ten.new_partnerships, all.new_partnerships);
    options.sample = all.focals_evaluated + 1;  // more than there are: all of them
    EXPECT_TRUE(same(backtest(market().history(), options), all));
}

TEST(Backtest, NoPostSplitEventLeaksIntoFeatures) {
    const Market& m = market();
    const graph::Date split = *graph::parse_date("2025-01-01");
    Market before = m;
    std::erase_if(before.market.referrals,
                  [&](const graph::Referral& r) { return !(r.date < split); });
    ASSERT_LT(before.market.referrals.size(), m.market.referrals.size());
    const SplitView full(m.history(), split, {12, 0});
    const SplitView cut(before.history(), split, {12, 0});
    EXPECT_EQ(full.network().out_targets().size(), cut.network().out_targets().size());
    EXPECT_TRUE(std::equal(full.network().counts().begin(), full.network().counts().end(),
                           cut.network().counts().begin()));
    for (NodeId f = 0; f < m.market.providers.size(); ++f) {
        Request request;
        request.focal = f;
        const CandidateSignals a = score_candidates(full.context(), request);
        const CandidateSignals b = score_candidates(cut.context(), request);
        ASSERT_EQ(a.ids, b.ids) << "focal " << f;
        ASSERT_EQ(a.signals, b.signals) << "focal " << f;
    }
    // Events after the horizon change nothing at all, truth included.
    Market later = m;
    for (NodeId i = 0; i + 1 < m.market.providers.size(); i += 2) {
        graph::Referral r;
        r.date = *graph::parse_date("2026-03-01");
        r.from = i;
        r.to = i + 1;
        later.market.referrals.push_back(r);
    }
    EXPECT_TRUE(
        same(backtest(m.history(), market_options()), backtest(later.history(), market_options())));
}

TEST(Backtest, BlendListsAreRecommendLists) {
    const SplitView view(market().history(), *graph::parse_date("2025-01-01"), {12, 0});
    for (NodeId f = 0; f < 250; f += 7) {
        Request request;
        request.focal = f;
        request.top = 20;
        const RecommendResult listed = recommend(view.context(), request);
        const CandidateSignals candidates = score_candidates(view.context(), request);
        const auto order = rank_candidates(view.context(), candidates, request.weights, 20);
        ASSERT_EQ(order.size(), listed.items.size()) << "focal " << f;
        ASSERT_FALSE(listed.items.empty()) << "focal " << f;
        EXPECT_EQ(candidates.ids.size(), listed.candidates) << "focal " << f;
        for (std::size_t k = 0; k < order.size(); ++k) {
            EXPECT_EQ(candidates.ids[order[k]], listed.items[k].id) << "focal " << f;
            EXPECT_EQ(candidates.signals[order[k]], listed.items[k].signals);
        }
    }
}

TEST(Backtest, RejectsBadOptions) {
    BacktestOptions options = market_options();
    options.ks = {};
    EXPECT_THROW_MSG((void)backtest(market().history(), options), std::invalid_argument,
                     "list lengths (ks) must be one or more values of at least 1");
    options = market_options();
    options.baselines = {"coin_flip"};
    EXPECT_THROW_MSG((void)backtest(market().history(), options), std::invalid_argument,
                     "unknown baseline \"coin_flip\" (expected one of random, popularity, "
                     "recent_popularity, preferential_attachment, adamic_adar, "
                     "resource_allocation, l3, gravity, need_fit_only, reciprocity_only, "
                     "trust_only, proximity_only, structure_only, influence_only, "
                     "capacity_only, peer_referrals_only)");
    options = market_options();
    options.focals = {100000};
    EXPECT_THROW_MSG((void)backtest(market().history(), options), std::invalid_argument,
                     "focal provider 100000 is not in the network of 250 providers");
}

}  // namespace
}  // namespace refnet::scoring

// The backtest harness (scoring/src/backtest/harness.cpp, baselines.cpp):
// link-prediction baselines against networkx on a hand-built history, no
// leakage of post-split events, seeded determinism on any thread count, blend
// lists equal to recommend's, and rejected options. Ranking metrics, the split,
// the logistic fit and tuning have their own files.
#include <gtest/gtest.h>
#include <omp.h>

#include <algorithm>
#include <cmath>
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
                     "preferential_attachment, adamic_adar, resource_allocation, need_fit_only, "
                     "reciprocity_only, trust_only, proximity_only, structure_only, "
                     "influence_only)");
    options = market_options();
    options.focals = {100000};
    EXPECT_THROW_MSG((void)backtest(market().history(), options), std::invalid_argument,
                     "focal provider 100000 is not in the network of 250 providers");
}

}  // namespace
}  // namespace refnet::scoring

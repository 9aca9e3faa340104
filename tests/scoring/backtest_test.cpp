// Backtest harness and weight learning: ranking metrics on hand-worked lists,
// new-partner truth on a hand-built history, link-prediction baselines against
// networkx, no leakage of post-split events, seeded determinism, and a
// logistic fit that recovers planted weights.
#include <gtest/gtest.h>
#include <omp.h>

#include <cmath>
#include <random>
#include <refnet/io/catalogue.hpp>
#include <refnet/scoring/backtest.hpp>
#include <refnet/synth/market.hpp>

namespace refnet::scoring {
namespace {

using graph::NodeId;

TEST(RankingMetrics, HandWorkedList) {
    // Ranked 5, 3, 9, 1, 7 against the truth {1, 3, 8}: hits at ranks 2 and 4.
    const std::vector<NodeId> ranked{5, 3, 9, 1, 7};
    const std::vector<NodeId> truth{1, 3, 8};
    EXPECT_DOUBLE_EQ(precision_at(ranked, truth, 1), 0.0);
    EXPECT_DOUBLE_EQ(precision_at(ranked, truth, 2), 0.5);
    EXPECT_DOUBLE_EQ(precision_at(ranked, truth, 5), 0.4);
    EXPECT_DOUBLE_EQ(precision_at(ranked, truth, 10), 0.2);  // a short list is not excused
    EXPECT_DOUBLE_EQ(recall_at(ranked, truth, 2), 1.0 / 3.0);
    EXPECT_DOUBLE_EQ(recall_at(ranked, truth, 5), 2.0 / 3.0);
    EXPECT_DOUBLE_EQ(hit_rate_at(ranked, truth, 1), 0.0);
    EXPECT_DOUBLE_EQ(hit_rate_at(ranked, truth, 2), 1.0);
    // (1/2 + 2/4) / min(3, 5)
    EXPECT_DOUBLE_EQ(average_precision_at(ranked, truth, 5), 1.0 / 3.0);
    // (1/log2 3 + 1/log2 5) / (1 + 1/log2 3 + 1/log2 4)
    EXPECT_NEAR(ndcg_at(ranked, truth, 5), 0.49818925746641285, 1e-12);
    EXPECT_NEAR(ndcg_at(ranked, truth, 2), 0.38685280723454163, 1e-12);
    EXPECT_DOUBLE_EQ(precision_at(ranked, {}, 5), 0.0);
}

TEST(RankingMetrics, AucCountsTiesHalf) {
    // Pairs: 0.9 beats both, each 0.4 ties one and beats one: (2 + 1.5 + 1.5) / 6.
    const std::vector<double> positive{0.9, 0.4, 0.4};
    const std::vector<double> negative{0.4, 0.1};
    EXPECT_DOUBLE_EQ(auc(positive, negative), 5.0 / 6.0);
    EXPECT_DOUBLE_EQ(auc(std::vector<double>{1.0}, std::vector<double>{2.0}), 0.0);
    EXPECT_TRUE(std::isnan(auc(positive, {})));
}

TEST(Period, ParsesAndAdvancesByCalendarMonths) {
    EXPECT_EQ(graph::parse_period("12m"), (graph::Period{12, 0}));
    EXPECT_EQ(graph::parse_period("2y"), (graph::Period{24, 0}));
    EXPECT_EQ(graph::parse_period("90d"), (graph::Period{0, 90}));
    for (const char* bad : {"", "m", "0m", "12", "-1m", "12w", "1.5m", "1201m"})
        EXPECT_FALSE(graph::parse_period(bad)) << bad;
    auto on = [](const char* text) { return *graph::parse_date(text); };
    EXPECT_EQ(graph::advance(on("2024-01-31"), {1, 0}), on("2024-02-29"));
    EXPECT_EQ(graph::advance(on("2024-02-29"), {12, 0}), on("2025-02-28"));
    EXPECT_EQ(graph::advance(on("2023-11-15"), {3, 0}), on("2024-02-15"));
    EXPECT_EQ(graph::advance(on("2024-01-01"), {0, 90}), on("2024-03-31"));
    EXPECT_EQ(graph::format_period({12, 0}), "12m");
}

// Six providers; the split is 2024-01-01 with a 12-month horizon.
struct TinyHistory {
    std::vector<graph::Provider> providers;
    std::vector<graph::Group> groups;
    std::vector<graph::Referral> referrals;
    graph::IdMap needs;
    graph::NeedCatalogue catalogue = io::builtin_needs();
    [[nodiscard]] History history() const {
        return History{providers, groups, referrals, needs, catalogue};
    }
    void add(const char* date, NodeId from, NodeId to) {
        graph::Referral r;
        if (date != nullptr) r.date = *graph::parse_date(date);
        r.from = from;
        r.to = to;
        referrals.push_back(r);
    }
    TinyHistory() {
        for (int i = 0; i < 6; ++i) {
            graph::Provider p;
            p.id = "p" + std::to_string(i);
            providers.push_back(p);
            groups.push_back(graph::Group::unknown);
        }
        // Before the split, the undirected partner graph is 0-1, 0-2, 1-3, 1-4, 2-3.
        add("2023-02-01", 0, 1);
        add("2023-03-01", 2, 0);
        add("2023-04-01", 1, 3);
        add("2023-05-01", 4, 1);
        add("2023-06-01", 2, 3);
        // In the horizon.
        add("2024-02-01", 0, 1);  // an existing tie, not new
        add("2024-03-01", 0, 2);  // 2 already referred to 0: not new
        add("2024-04-01", 0, 4);  // new
        add("2024-05-01", 0, 4);  // the same new partner again
        add("2024-06-01", 1, 5);  // new for 1
        add("2025-01-01", 0, 5);  // the first day after the horizon: not counted
        add(nullptr, 0, 5);       // undated: cannot be placed in time
    }
};

TEST(SplitView, NewPartnersHaveNoTieEitherWayBeforeTheSplit) {
    const TinyHistory tiny;
    const SplitView view(tiny.history(), *graph::parse_date("2024-01-01"), {12, 0});
    EXPECT_EQ(view.end(), *graph::parse_date("2025-01-01"));
    EXPECT_EQ(view.training_referrals(), 5U);
    EXPECT_EQ(view.undated_referrals(), 1U);
    EXPECT_EQ(view.horizon_referrals(), 5U);
    EXPECT_EQ(view.network().num_edges(), 5U);
    EXPECT_EQ(std::vector<NodeId>(view.new_partners(0).begin(), view.new_partners(0).end()),
              (std::vector<NodeId>{4}));
    EXPECT_EQ(std::vector<NodeId>(view.new_partners(1).begin(), view.new_partners(1).end()),
              (std::vector<NodeId>{5}));
    EXPECT_TRUE(view.new_partners(2).empty());
}

TEST(Backtest, LinkPredictionBaselinesMatchNetworkx) {
    // networkx on the partner graph above, for focal 0: adamic_adar_index gives
    // 3: 2.3529, 4: 0.9102, 5: 0; resource_allocation_index 3: 0.8333, 4: 0.3333,
    // 5: 0. So both list 3, 4, 5; the new partner 4 is second.
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

struct Market {
    synth::Market market;
    std::vector<graph::Group> groups;
    graph::IdMap needs;
    graph::NeedCatalogue catalogue = io::builtin_needs();
    [[nodiscard]] History history() const {
        return History{market.providers, groups, market.referrals, needs, catalogue};
    }
};

const Market& market() {
    static const Market m = [] {
        Market out;
        out.market = synth::generate_market({.providers = 250, .years = 3, .seed = 5},
                                            out.catalogue, io::builtin_taxonomy());
        for (const auto& p : out.market.providers) out.groups.push_back(p.group);
        out.needs = out.catalogue.tags;  // the generator's need ids are the catalogue's
        return out;
    }();
    return m;
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
        EXPECT_EQ(candidates.ids.size(), listed.candidates) << "focal " << f;
        for (std::size_t k = 0; k < order.size(); ++k) {
            EXPECT_EQ(candidates.ids[order[k]], listed.items[k].id) << "focal " << f;
            EXPECT_EQ(candidates.signals[order[k]], listed.items[k].signals);
        }
    }
}

// Uniform features in [0, 1] and labels drawn from the logistic model with
// the planted coefficients.
struct Sample {
    Eigen::MatrixXd x;
    Eigen::VectorXd y;
};
Sample planted_sample(const std::vector<double>& planted, double intercept, Eigen::Index rows,
                      std::uint64_t seed) {
    const auto d = static_cast<Eigen::Index>(planted.size());
    Sample s{Eigen::MatrixXd(rows, d), Eigen::VectorXd(rows)};
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    for (Eigen::Index i = 0; i < rows; ++i) {
        double z = intercept;
        for (Eigen::Index j = 0; j < d; ++j) {
            s.x(i, j) = u(rng);
            z += planted[static_cast<std::size_t>(j)] * s.x(i, j);
        }
        s.y(i) = u(rng) < 1.0 / (1.0 + std::exp(-z)) ? 1.0 : 0.0;
    }
    return s;
}

TEST(FitLogistic, RecoversPlantedWeights) {
    const std::vector<double> planted{2.0, 0.0, 1.0, 0.0, 3.0, 0.5};
    const double intercept = -3.0;
    const auto [x, y] = planted_sample(planted, intercept, 60000, 7);
    const LogisticFit fit = fit_logistic(x, y, 0.0, true);
    EXPECT_TRUE(fit.converged);
    // Standard errors are about 0.05 at this size; 0.2 is four of them.
    for (std::size_t j = 0; j < 6; ++j)
        EXPECT_NEAR(fit.coefficients(static_cast<Eigen::Index>(j)), planted[j], 0.2) << j;
    EXPECT_NEAR(fit.intercept, intercept, 0.2);
    for (Eigen::Index j = 0; j < 6; ++j) EXPECT_GE(fit.coefficients(j), 0.0);
}

TEST(FitLogistic, HoldsWeightsAtZeroWhenTheyWouldGoNegative) {
    const auto [x, y] = planted_sample({2.5, -1.5}, -1.0, 40000, 3);
    const LogisticFit free = fit_logistic(x, y, 0.0, false);
    EXPECT_NEAR(free.coefficients(0), 2.5, 0.2);
    EXPECT_NEAR(free.coefficients(1), -1.5, 0.2);
    const LogisticFit held = fit_logistic(x, y, 0.0, true);
    EXPECT_TRUE(held.converged);
    EXPECT_EQ(held.coefficients(1), 0.0);
    EXPECT_GT(held.coefficients(0), 1.5);
    // A strong penalty shrinks every weight towards 0.
    const LogisticFit shrunk = fit_logistic(x, y, 1.0, false);
    EXPECT_LT(std::abs(shrunk.coefficients(0)), std::abs(free.coefficients(0)));
}

TEST(Tune, LearnsWeightsThatHoldUpOnTheNextSplit) {
    TuneOptions options;
    options.split = *graph::parse_date("2024-01-01");
    options.validation.bootstrap = 50;
    const TuneResult result = tune(market().history(), options);
    double total = 0.0;
    for (double w : result.weights.value) {
        EXPECT_GE(w, 0.0);
        total += w;
    }
    EXPECT_NEAR(total, 1.0, 1e-12);
    EXPECT_GT(result.positives, 0U);
    EXPECT_EQ(result.validated.split, *graph::parse_date("2025-01-01"));
    ASSERT_EQ(result.validated.methods.size(), 2U);
    EXPECT_EQ(result.validated.methods[0].name, "default");
    EXPECT_EQ(result.validated.methods[1].name, "tuned");
    // On its own split the fit can only help the AUC it optimises a proxy of.
    EXPECT_GE(result.fitted.methods[1].metrics.back().mean,
              result.fitted.methods[0].metrics.back().mean - 0.02);
}

TEST(Backtest, RejectsBadOptions) {
    BacktestOptions options = market_options();
    options.ks = {};
    EXPECT_THROW((void)backtest(market().history(), options), std::invalid_argument);
    options = market_options();
    options.baselines = {"coin_flip"};
    EXPECT_THROW((void)backtest(market().history(), options), std::invalid_argument);
    options = market_options();
    options.focals = {100000};
    EXPECT_THROW((void)backtest(market().history(), options), std::invalid_argument);
}

}  // namespace
}  // namespace refnet::scoring

// The backtest's verdict sentence (scoring/src/backtest/verdict.cpp) against
// the numbers of hand-made results.
#include <gtest/gtest.h>

#include <cmath>
#include <refnet/scoring/backtest.hpp>
#include <string>
#include <vector>

#include "expect_throw_message.hpp"

namespace refnet::scoring {
namespace {

const double kNaN = std::nan("");

// Metrics for list lengths {10, 20}; precision@20 is index 4.
const std::vector<std::string> kNames{"precision@10", "recall@10", "hit_rate@10", "ndcg@10",
                                      "precision@20", "recall@20", "hit_rate@20", "ndcg@20",
                                      "map@20",       "auc"};

MetricEstimates with_headline(Estimate precision20, std::size_t at = 4) {
    MetricEstimates values;
    for (std::size_t q = 0; q < kNames.size(); ++q)
        values.push_back(q == at ? precision20 : Estimate{0.5, 0.4, 0.6});
    return values;
}

// refnet (precision@20 0.032) and three baselines at precision@20: popularity
// 0.020, gravity 0.025 (the best), l3 0.010; `gravity_lift` is refnet's lift
// over gravity, the others' lifts are far above 1 (never the verdict's).
BacktestResult result_with(Estimate gravity_lift) {
    BacktestResult r;
    r.focals_evaluated = 100;
    r.metric_names = kNames;
    MethodResult blend{"refnet", with_headline({0.032, 0.029, 0.035}), {}};
    blend.lift = {{"popularity", with_headline({1.6, 1.3, 1.9})},
                  {"gravity", with_headline(gravity_lift)},
                  {"l3", with_headline({3.2, 2.5, 4.0})}};
    r.methods = {blend,
                 {"popularity", with_headline({0.020, 0.017, 0.023}), {}},
                 {"gravity", with_headline({0.025, 0.022, 0.028}), {}},
                 {"l3", with_headline({0.010, 0.008, 0.012}), {}}};
    return r;
}

TEST(Verdict, BeatsWhenTheLiftIntervalIsAboveOne) {
    // 1.38 [1.21, 1.55] -> +38 % [+21 %, +55 %]; gravity is the best baseline
    // at precision@20 although l3 and popularity have the larger lifts.
    EXPECT_EQ(verdict(result_with({1.38, 1.21, 1.55})),
              "The model beats the best baseline (gravity) by +38 % precision@20 "
              "[+21 %, +55 %].");
}

TEST(Verdict, DoesNotBeatWhenTheIntervalReachesOne) {
    EXPECT_EQ(verdict(result_with({0.88, 0.70, 1.04})),
              "The model does not beat the best baseline (gravity): \u221212 % precision@20 "
              "[\u221230 %, +4 %].");
    // A lower end of exactly 1 is not above it; 1.004 rounds to 0 %.
    EXPECT_EQ(verdict(result_with({1.2, 1.0, 1.4})),
              "The model does not beat the best baseline (gravity): +20 % precision@20 "
              "[0 %, +40 %].");
}

TEST(Verdict, NamesTheBlendItJudges) {
    BacktestResult r = result_with({1.38, 1.21, 1.55});
    r.methods[0].name = "tuned";
    EXPECT_EQ(verdict(r, "tuned"),
              "The tuned model beats the best baseline (gravity) by +38 % precision@20 "
              "[+21 %, +55 %].");
    EXPECT_THROW_MSG((void)verdict(r), std::invalid_argument,
                     "no method named \"refnet\" in the backtest result");
}

TEST(Verdict, HeadlineIsPrecisionAtTwentyElseTheLargestK) {
    BacktestResult r = result_with({1.38, 1.21, 1.55});
    EXPECT_EQ(headline_metric(r), "precision@20");
    // Lists of 5 and 30: precision@30 (index 4 here) is the headline.
    r.metric_names = {"precision@5", "recall@5",    "hit_rate@5", "ndcg@5", "precision@30",
                      "recall@30",   "hit_rate@30", "ndcg@30",    "map@30", "auc"};
    EXPECT_EQ(headline_metric(r), "precision@30");
    EXPECT_EQ(verdict(r),
              "The model beats the best baseline (gravity) by +38 % precision@30 "
              "[+21 %, +55 %].");
}

TEST(Verdict, NoBaselinesNoVerdict) {
    BacktestResult r = result_with({1.38, 1.21, 1.55});
    r.methods.resize(1);
    r.methods[0].lift.clear();
    EXPECT_EQ(verdict(r),
              "The model has no verdict: no baseline was evaluated beside it (precision@20 "
              "0.032).");
    r.focals_evaluated = 0;
    EXPECT_EQ(verdict(r),
              "The model has no verdict: no focal formed a new partnership in the horizon.");
}

TEST(Verdict, NoRatioOrNoIntervalIsSaid) {
    // Every baseline at 0: every lift is NaN (and the first of equals is the best).
    BacktestResult zero = result_with({kNaN, kNaN, kNaN});
    for (std::size_t m = 1; m < zero.methods.size(); ++m)
        zero.methods[m].metrics[4] = {0.0, 0.0, 0.0};
    for (auto& [name, lift] : zero.methods[0].lift) lift[4] = {kNaN, kNaN, kNaN};
    EXPECT_EQ(verdict(zero),
              "The model has no verdict: every baseline scores 0 precision@20, so there is no "
              "lift to measure (the model scores 0.032).");
    // No bootstrap resamples: a ratio without an interval.
    EXPECT_EQ(verdict(result_with({1.38, kNaN, kNaN})),
              "The model's precision@20 is +38 % against the best baseline (gravity), with no "
              "bootstrap interval to judge it by.");
}

}  // namespace
}  // namespace refnet::scoring

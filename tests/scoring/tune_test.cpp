// tune (scoring/src/backtest/tune.cpp): weights learned on one split that hold
// up on the next.
#include <gtest/gtest.h>

#include <refnet/scoring/backtest.hpp>

#include "backtest_fixtures.hpp"

namespace refnet::scoring {
namespace {

using testing::market;

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
    // The fit split compares the two blends; the validation split adds the
    // baselines, which the verdict judges the tuned blend against.
    EXPECT_EQ(result.fitted.methods.size(), 2U);
    ASSERT_EQ(result.validated.methods.size(), 2U + baseline_names().size());
    EXPECT_EQ(result.validated.methods[0].name, "default");
    EXPECT_EQ(result.validated.methods[1].name, "tuned");
    EXPECT_EQ(result.validated.methods[2].name, "random");
    EXPECT_EQ(result.validated.methods[1].lift.size(), baseline_names().size());
    EXPECT_EQ(verdict(result.validated, "tuned").rfind("The tuned blend ", 0), 0U);
    // On its own split the fit can only help the AUC it optimises a proxy of.
    EXPECT_GE(result.fitted.methods[1].metrics.back().mean,
              result.fitted.methods[0].metrics.back().mean - 0.02);
}

}  // namespace
}  // namespace refnet::scoring

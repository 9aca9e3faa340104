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
    // The weights are the fit's coefficients; the intercept is moved down by
    // the log of the share of non-partners sampled (fewer than all of them).
    for (std::size_t s = 0; s < kSignalCount; ++s) {
        EXPECT_GE(result.weights.value[s], 0.0);
        EXPECT_EQ(result.weights.value[s], result.fit.coefficients(static_cast<Eigen::Index>(s)));
    }
    EXPECT_LT(result.weights.intercept, result.fit.intercept);
    EXPECT_GT(result.positives, 0U);
    EXPECT_EQ(result.validated.split, *graph::parse_date("2025-01-01"));
    // The fit split compares the two blends; the validation split adds the
    // baselines, which the verdict judges the tuned model against.
    EXPECT_EQ(result.fitted.methods.size(), 2U);
    ASSERT_EQ(result.validated.methods.size(), 2U + baseline_names().size());
    EXPECT_EQ(result.validated.methods[0].name, "default");
    EXPECT_EQ(result.validated.methods[1].name, "tuned");
    EXPECT_EQ(result.validated.methods[2].name, "random");
    EXPECT_EQ(result.validated.methods[1].lift.size(), baseline_names().size());
    EXPECT_EQ(verdict(result.validated, "tuned").rfind("The tuned model ", 0), 0U);
    // On its own split the fit can only help the AUC it optimises a proxy of.
    EXPECT_GE(result.fitted.methods[1].metrics.back().mean,
              result.fitted.methods[0].metrics.back().mean - 0.02);
}

}  // namespace
}  // namespace refnet::scoring

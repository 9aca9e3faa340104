// calibration (scoring/src/backtest/calibration.cpp): Brier score and the
// reliability table, worked by hand.
#include <gtest/gtest.h>

#include <cstdint>
#include <refnet/scoring/backtest.hpp>
#include <vector>

#include "expect_throw_message.hpp"

namespace refnet::scoring {
namespace {

TEST(Calibration, BrierAndReliabilityWorkedByHand) {
    // Given out of order: sorted, the predictions are 0.1, 0.2, 0.3, 0.4, 0.6
    // with outcomes 0, 0, 1, 0, 1.
    const std::vector<double> p{0.3, 0.1, 0.6, 0.2, 0.4};
    const std::vector<std::uint8_t> y{1, 0, 1, 0, 0};
    const Calibration c = calibration(p, y, 2);
    EXPECT_EQ(c.candidates, 5U);
    EXPECT_EQ(c.positives, 2U);
    EXPECT_DOUBLE_EQ(c.mean_predicted, 1.6 / 5.0);
    EXPECT_DOUBLE_EQ(c.observed_rate, 0.4);
    // (0.49 + 0.01 + 0.16 + 0.04 + 0.16) / 5
    EXPECT_NEAR(c.brier, 0.172, 1e-15);
    EXPECT_NEAR(c.base_rate_brier, 0.24, 1e-15);  // 0.4 x 0.6
    // Ranks [0, 2) and [2, 5): {0.1, 0.2} and {0.3, 0.4, 0.6}.
    ASSERT_EQ(c.bins.size(), 2U);
    EXPECT_DOUBLE_EQ(c.bins[0].low, 0.1);
    EXPECT_DOUBLE_EQ(c.bins[0].high, 0.2);
    EXPECT_EQ(c.bins[0].candidates, 2U);
    EXPECT_NEAR(c.bins[0].mean_predicted, 0.15, 1e-15);
    EXPECT_DOUBLE_EQ(c.bins[0].observed, 0.0);
    EXPECT_DOUBLE_EQ(c.bins[1].low, 0.3);
    EXPECT_DOUBLE_EQ(c.bins[1].high, 0.6);
    EXPECT_EQ(c.bins[1].candidates, 3U);
    EXPECT_NEAR(c.bins[1].mean_predicted, 1.3 / 3.0, 1e-15);
    EXPECT_DOUBLE_EQ(c.bins[1].observed, 2.0 / 3.0);
}

TEST(Calibration, FewerCandidatesThanBinsAndNone) {
    const std::vector<double> p{0.2, 0.7};
    const std::vector<std::uint8_t> y{0, 1};
    EXPECT_EQ(calibration(p, y, 10).bins.size(), 2U);
    const Calibration empty = calibration({}, {}, 10);
    EXPECT_EQ(empty.candidates, 0U);
    EXPECT_TRUE(empty.bins.empty());
    EXPECT_TRUE(std::isnan(empty.brier));
}

TEST(Calibration, RejectsMismatchedInputs) {
    const std::vector<double> p{0.2, 0.7};
    const std::vector<std::uint8_t> y{0};
    EXPECT_THROW_MSG((void)calibration(p, y), std::invalid_argument,
                     "calibration needs one outcome per prediction, got 1 for 2");
    EXPECT_THROW_MSG((void)calibration(p, std::vector<std::uint8_t>{0, 1}, 0),
                     std::invalid_argument, "calibration needs at least one bin, got 0");
}

}  // namespace
}  // namespace refnet::scoring

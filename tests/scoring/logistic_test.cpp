// fit_logistic (scoring/src/backtest/logistic.cpp): a fit that recovers planted
// weights, holds weights at zero when asked, and shrinks under a penalty.
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <cmath>
#include <cstdint>
#include <random>
#include <refnet/scoring/backtest.hpp>
#include <vector>

namespace refnet::scoring {
namespace {

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

}  // namespace
}  // namespace refnet::scoring

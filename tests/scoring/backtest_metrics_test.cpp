// Ranking metrics (scoring/src/backtest/metrics.cpp) on hand-worked lists.
#include <gtest/gtest.h>

#include <cmath>
#include <refnet/scoring/backtest.hpp>
#include <vector>

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

}  // namespace
}  // namespace refnet::scoring

// SplitView (scoring/src/backtest/split_view.cpp): new-partner truth on a
// history worked out by hand.
#include <gtest/gtest.h>

#include <refnet/scoring/backtest.hpp>
#include <vector>

#include "backtest_fixtures.hpp"

namespace refnet::scoring {
namespace {

using graph::NodeId;
using testing::TinyHistory;

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

}  // namespace
}  // namespace refnet::scoring

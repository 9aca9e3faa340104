// Small-cell suppression's words and figures, on values worked out by hand.
#include <gtest/gtest.h>

#include <refnet/graph/small_counts.hpp>

namespace refnet::graph {
namespace {

TEST(SmallCounts, HidesOneToBelowMinusOneAndShowsZero) {
    const SmallCounts cms{11};
    EXPECT_FALSE(cms.hides(0.0));  // zero identifies nobody
    EXPECT_TRUE(cms.hides(1.0));
    EXPECT_TRUE(cms.hides(10.0));
    EXPECT_TRUE(cms.hides(10.9));  // an expected count under 11
    EXPECT_FALSE(cms.hides(11.0));
    EXPECT_TRUE(cms.hides(0.2));
}

TEST(SmallCounts, OffByDefaultAndAtOne) {
    for (const SmallCounts off : {SmallCounts{}, SmallCounts{1}}) {
        EXPECT_FALSE(off.active());
        EXPECT_FALSE(off.hides(1.0));
        EXPECT_EQ(off.figure(1), "1");
        EXPECT_EQ(off.words(1, "referral", "referrals"), "1 referral");
    }
}

TEST(SmallCounts, FiguresAndWords) {
    const SmallCounts cms{11};
    EXPECT_EQ(cms.hidden(), "<11");
    EXPECT_EQ(cms.figure(7), "<11");
    EXPECT_EQ(cms.hidden_share(), "hidden");  // never "<11" under a share
    EXPECT_EQ(cms.figure(0), "0");
    EXPECT_EQ(cms.figure(12345), "12,345");
    EXPECT_EQ(cms.words(3), "fewer than 11");
    EXPECT_EQ(cms.words(11), "11");
    // A hidden 1 is plural: "fewer than 11 referral" would not read.
    EXPECT_EQ(cms.words(1, "referral", "referrals"), "fewer than 11 referrals");
    EXPECT_EQ(cms.words(0, "referral", "referrals"), "0 referrals");
    EXPECT_EQ(cms.words(11, "referral", "referrals"), "11 referrals");
    EXPECT_EQ(cms.expected_words(3.84, "3.8"), "fewer than 11");
    EXPECT_EQ(cms.expected_words(0.0, "0.0"), "0.0");
    EXPECT_EQ(cms.expected_words(12.5, "12.5"), "12.5");
}

TEST(SmallCounts, ShareOfAHiddenCountIsWithheld) {
    const SmallCounts cms{11};
    EXPECT_EQ(cms.share_words(3, 40), "a share");  // 3 hidden: 8 % would give it away
    EXPECT_EQ(cms.share_words(0, 4), "a share");   // 4 hidden: 0 of 4 tells the total
    EXPECT_EQ(cms.share_words(15, 60), "25 %");
    EXPECT_EQ(cms.share_words(0, 60), "0 %");
    EXPECT_EQ(SmallCounts{}.share_words(3, 4), "75 %");
    EXPECT_EQ(SmallCounts{}.share_words(0, 0), "n/a");
    EXPECT_TRUE(cms.hides_share(3, 40));
    EXPECT_TRUE(cms.hides_share(20, 4));
    EXPECT_FALSE(cms.hides_share(0, 60));
    EXPECT_FALSE(SmallCounts{}.hides_share(3, 4));
}

}  // namespace
}  // namespace refnet::graph

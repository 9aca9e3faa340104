// The formatters every module's text goes through, on values worked out by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <refnet/graph/text.hpp>

namespace refnet::graph {
namespace {

TEST(Text, FixedRoundsLikePrintf) {
    EXPECT_EQ(fixed(20.0979, 1), "20.1");
    EXPECT_EQ(fixed(0.0030501, 6), "0.003050");
    EXPECT_EQ(fixed(3.25, 1), "3.2");  // an exact binary tie goes to even, as "%.1f" does
    EXPECT_EQ(fixed(-1.5, 0), "-2");
    EXPECT_EQ(fixed(1e300, 2).size(), 304U);  // beyond to_chars' buffer: printf's digits
}

TEST(Text, TenthsRoundHalfAwayFromZero) {
    EXPECT_EQ(tenths(3.25), "3.3");
    EXPECT_EQ(tenths(11.11951), "11.1");
    EXPECT_EQ(tenths(0.0), "0.0");
    EXPECT_EQ(tenths(9.96), "10.0");
    EXPECT_EQ(tenths(-0.25), "-0.3");
}

TEST(Text, PercentOfAShare) {
    EXPECT_EQ(percent(0.125), "13 %");
    EXPECT_EQ(percent(0.0), "0 %");
    EXPECT_EQ(percent(1.0), "100 %");
    EXPECT_EQ(percent(std::nan("")), "n/a");
    EXPECT_EQ(percent(0.0042, 2), "0.42 %");
    EXPECT_EQ(percent(586.0 / 2662.0, 1), "22.0 %");  // 22.0135...
    EXPECT_EQ(percent(std::nan(""), 1), "n/a");
}

TEST(Text, ThousandsSeparated) {
    EXPECT_EQ(thousands(0), "0");
    EXPECT_EQ(thousands(999), "999");
    EXPECT_EQ(thousands(1000), "1,000");
    EXPECT_EQ(thousands(1234567), "1,234,567");
    EXPECT_EQ(thousands(18446744073709551615ULL), "18,446,744,073,709,551,615");
}

TEST(Text, PlaceOfAByteCountsLinesAndCharacters) {
    const std::string text = "{\n  \"caf\xc3\xa9\": x}";  // é is two bytes, one column
    EXPECT_EQ(place_of(text, 0).line, 1U);
    EXPECT_EQ(place_of(text, 0).column, 1U);
    EXPECT_EQ(place_of(text, 2).line, 2U);  // just past the newline
    EXPECT_EQ(place_of(text, 2).column, 1U);
    const std::size_t x = text.find('x');
    EXPECT_EQ(place_of(text, x).line, 2U);
    EXPECT_EQ(place_of(text, x).column, 11U);  // 2 spaces, "café" in quotes (6), ':', ' '
    EXPECT_EQ(place_of(text, 1000).line, 2U);  // past the end: the end
}

TEST(Text, LowerAsciiLowersOnlyAToZ) {
    EXPECT_EQ(lower_ascii("Dr. O'BRIEN, MD 42"), "dr. o'brien, md 42");
    EXPECT_EQ(lower_ascii("JOS\xc3\x89 \xc3\xa9"),
              "jos\xc3\x89 \xc3\xa9");  // É stays: UTF-8 bytes kept
    EXPECT_EQ(lower_ascii(""), "");
}

TEST(Text, ContainsCaseBlindIgnoresTheTextsCaseNotTheQuerys) {
    EXPECT_TRUE(contains_case_blind("Kevin SMITH, MD", "smith"));
    EXPECT_TRUE(contains_case_blind("Kevin SMITH, MD", "n s"));  // across the space
    EXPECT_TRUE(contains_case_blind("Atlanta", ""));
    EXPECT_FALSE(contains_case_blind("Kevin SMITH, MD", "SMITH"));  // queries come lowered
    EXPECT_FALSE(contains_case_blind("Smit", "smith"));
    EXPECT_FALSE(contains_case_blind("", "a"));
}

}  // namespace
}  // namespace refnet::graph

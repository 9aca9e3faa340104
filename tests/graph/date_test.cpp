// Dates, periods and enum keys (graph/src/date.cpp): strict ISO parsing, round
// trips, calendar-month periods, forgiving enum spelling.
#include <gtest/gtest.h>

#include <refnet/graph/types.hpp>

namespace refnet::graph {
namespace {

TEST(Date, ParsesIsoDatesAsDaysSinceEpoch) {
    EXPECT_EQ(parse_date("1970-01-01")->days, 0);
    EXPECT_EQ(parse_date("1970-01-02")->days, 1);
    EXPECT_EQ(parse_date("2000-03-01")->days, 11017);  // 30 years incl. 7 leap days + Jan/Feb
    EXPECT_EQ(parse_date("2024-02-29")->days - parse_date("2024-02-28")->days, 1);
}

TEST(Date, RejectsMalformedOrImpossibleDates) {
    for (const char* bad : {"2023-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "13/02/2024",
                            "2024-2-3", "2024-02-03 ", "", "abcd-ef-gh", "2024/02/03"}) {
        EXPECT_FALSE(parse_date(bad).has_value()) << bad;
    }
}

TEST(Date, FormatsBackToIso) {
    for (const char* text : {"1970-01-01", "1999-12-31", "2024-02-29", "2031-07-04"}) {
        EXPECT_EQ(format_date(*parse_date(text)), text);
    }
    EXPECT_EQ(format_date(kNoDate), "");
    EXPECT_EQ(format_date(make_date(2025, 9, 30)), "2025-09-30");
}

TEST(Enums, AcceptCaseSpacingAndSpelling) {
    EXPECT_EQ(parse_status("No-Show"), Status::no_show);
    EXPECT_EQ(parse_status("NO SHOW"), Status::no_show);
    EXPECT_EQ(parse_status("canceled"), Status::cancelled);
    EXPECT_FALSE(parse_status("lost").has_value());
    EXPECT_FALSE(parse_status("").has_value());
    EXPECT_EQ(parse_touch_kind("Thank You"), TouchKind::thank_you);
}

TEST(Period, ParsesAndAdvancesByCalendarMonths) {
    EXPECT_EQ(parse_period("12m"), (Period{12, 0}));
    EXPECT_EQ(parse_period("2y"), (Period{24, 0}));
    EXPECT_EQ(parse_period("90d"), (Period{0, 90}));
    for (const char* bad : {"", "m", "0m", "12", "-1m", "12w", "1.5m", "1201m"})
        EXPECT_FALSE(parse_period(bad)) << bad;
    auto on = [](const char* text) { return *parse_date(text); };
    EXPECT_EQ(advance(on("2024-01-31"), {1, 0}), on("2024-02-29"));
    EXPECT_EQ(advance(on("2024-02-29"), {12, 0}), on("2025-02-28"));
    EXPECT_EQ(advance(on("2023-11-15"), {3, 0}), on("2024-02-15"));
    EXPECT_EQ(advance(on("2024-01-01"), {0, 90}), on("2024-03-31"));
    EXPECT_EQ(format_period({12, 0}), "12m");
}

TEST(Period, GoesBackByTheSameCalendarRule) {
    auto on = [](const char* text) { return *parse_date(text); };
    EXPECT_EQ(go_back(on("2024-03-31"), {1, 0}), on("2024-02-29"));
    EXPECT_EQ(go_back(on("2025-01-01"), {0, 90}), on("2024-10-03"));
    EXPECT_EQ(go_back(on("2025-01-01"), {24, 0}), on("2023-01-01"));
    EXPECT_TRUE(positive({0, 1}));
    EXPECT_TRUE(positive({3, 0}));
    EXPECT_FALSE(positive({0, 0}));
    EXPECT_FALSE(positive({0, -5}));
    EXPECT_FALSE(positive({2, -1}));
}

}  // namespace
}  // namespace refnet::graph

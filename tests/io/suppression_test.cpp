// --suppress-below on tables and JSON, worked by hand: which cells become
// "<11", and which shares go with them (shown as "hidden": "<11" under a
// share reads as "under 11 %").
#include <gtest/gtest.h>

#include <refnet/io/suppression.hpp>

namespace refnet::io {
namespace {

const graph::SmallCounts kCms{11};

TEST(Suppression, CountColumnsAndTheirRowsShares) {
    Table t{{"need", "referrals", "leaked", "share"}, {}};
    t.rows.push_back({std::string("stress"), std::uint64_t{40}, std::uint64_t{3}, 0.075});
    t.rows.push_back({std::string("sleep"), std::uint64_t{40}, std::uint64_t{0}, 0.0});
    t.rows.push_back({std::string("back"), std::uint64_t{9}, std::uint64_t{9}, 1.0});
    suppress_small_counts(t, kCms);
    // 3 of 40 hidden, and so is 7.5 %, which is 3 again.
    EXPECT_EQ(t.rows[0][1], Cell{std::uint64_t{40}});
    EXPECT_EQ(t.rows[0][2], Cell{std::string("<11")});
    EXPECT_EQ(t.rows[0][3], Cell{std::string("hidden")});
    // Zero is shown, and its share with it.
    EXPECT_EQ(t.rows[1][2], Cell{std::uint64_t{0}});
    EXPECT_EQ(t.rows[1][3], Cell{0.0});
    EXPECT_EQ(t.rows[2][1], Cell{std::string("<11")});
    EXPECT_EQ(t.rows[2][0], Cell{std::string("back")});  // not a count column
}

TEST(Suppression, OffLeavesTheTableAlone) {
    Table t{{"referrals"}, {{std::uint64_t{3}}}};
    suppress_small_counts(t, graph::SmallCounts{});
    EXPECT_EQ(t.rows[0][0], Cell{std::uint64_t{3}});
}

TEST(Suppression, MeasureRowsAndTheFlowMatrix) {
    Table stats{{"measure", "value"}, {}};
    stats.rows.push_back({std::string("providers"), std::string("8")});  // providers: shown
    stats.rows.push_back({std::string("referrals"), std::string("42991")});
    stats.rows.push_back({std::string("group_flow:dental->vision"), std::uint64_t{4}});
    stats.rows.push_back({std::string("focal:referrals_out"), std::string("7")});
    stats.rows.push_back({std::string("focal:sent_to:wellness"), std::uint64_t{12}});
    stats.rows.push_back({std::string("focal:closed_loop_rate"), std::string("0.5")});
    suppress_small_counts(stats, kCms);
    EXPECT_EQ(stats.rows[0][1], Cell{std::string("8")});
    EXPECT_EQ(stats.rows[1][1], Cell{std::string("42991")});
    EXPECT_EQ(stats.rows[2][1], Cell{std::string("<11")});
    EXPECT_EQ(stats.rows[3][1], Cell{std::string("<11")});
    EXPECT_EQ(stats.rows[4][1], Cell{std::uint64_t{12}});
    EXPECT_EQ(stats.rows[5][1], Cell{std::string("hidden")});  // 50 % of 7 referrals sent

    Table flows{{"from \\ to", "wellness", "dental"}, {}};
    flows.rows.push_back({std::string("wellness"), std::uint64_t{5}, std::uint64_t{0}});
    suppress_small_counts(flows, kCms);
    EXPECT_EQ(flows.rows[0][0], Cell{std::string("wellness")});
    EXPECT_EQ(flows.rows[0][1], Cell{std::string("<11")});
    EXPECT_EQ(flows.rows[0][2], Cell{std::uint64_t{0}});
}

TEST(Suppression, JsonObjectsNestedObjectsAndArrays) {
    auto doc = nlohmann::ordered_json::parse(R"({
      "inbound_last_year": 10, "inbound_sources": 8, "top3_inbound_share": 0.5,
      "partners": [
        {"id": "a", "sent": {"window": 3, "baseline": 20, "expected": 2.5, "p_value": 0.2},
         "received": {"window": 0, "expected": 0.0}, "inbound_share": 0.3,
         "quality": {"measure": "completion", "baseline": 0.9, "window": 0.5, "window_count": 4}},
        {"id": "b", "sent": {"window": 30, "baseline": 80, "expected": 25.0},
         "inbound_share": 0.3, "days_since_last": 4}
      ],
      "out_by_group": {"wellness": 2, "dental": 40}
    })");
    suppress_small_counts(doc, kCms);
    EXPECT_EQ(doc["inbound_last_year"], "<11");
    EXPECT_EQ(doc["inbound_sources"], 8);            // providers
    EXPECT_EQ(doc["top3_inbound_share"], "hidden");  // a share of the hidden 10
    const auto& a = doc["partners"][0];
    EXPECT_EQ(a["sent"]["window"], "<11");
    EXPECT_EQ(a["sent"]["baseline"], 20);
    EXPECT_EQ(a["sent"]["expected"], "<11");
    EXPECT_EQ(a["sent"]["p_value"], 0.2);
    EXPECT_EQ(a["received"]["window"], 0);
    EXPECT_EQ(a["inbound_share"], "hidden");  // its nested counts hid one
    EXPECT_EQ(a["quality"]["window_count"], "<11");
    EXPECT_EQ(a["quality"]["window"], "hidden");  // a rate of those 4
    EXPECT_EQ(a["quality"]["baseline"], "hidden");
    const auto& b = doc["partners"][1];
    EXPECT_EQ(b["sent"]["window"], 30);
    EXPECT_EQ(b["inbound_share"], 0.3);
    EXPECT_EQ(b["days_since_last"], 4);  // days, not a count
    EXPECT_EQ(doc["out_by_group"]["wellness"], "<11");
    EXPECT_EQ(doc["out_by_group"]["dental"], 40);
}

TEST(Suppression, RegistryNamesCountsAndShares) {
    EXPECT_TRUE(is_count_field("referrals"));
    EXPECT_TRUE(is_count_field("sent_window"));
    EXPECT_FALSE(is_count_field("partners"));
    EXPECT_FALSE(is_count_field("rank"));
    EXPECT_TRUE(is_share_field("share"));
    EXPECT_FALSE(is_share_field("score"));
}

}  // namespace
}  // namespace refnet::io

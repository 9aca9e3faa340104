// The market generator: determinism, invariants, and the statistical
// properties datasets/README.md promises (checked within bands).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <refnet/graph/geo.hpp>
#include <refnet/graph/metrics.hpp>
#include <refnet/io/catalogue.hpp>
#include <refnet/io/dataset.hpp>
#include <refnet/io/npi.hpp>
#include <refnet/io/readers.hpp>
#include <refnet/synth/generate.hpp>
#include <set>
#include <sstream>
#include <tuple>

#include "../io/temp_dir.hpp"
#include "expect_throw_message.hpp"

namespace refnet::synth {
namespace {

using io::builtin_needs;
using io::builtin_taxonomy;
using io::Dataset;
using io::InputSpec;
using io::load_dataset;
using io::ProviderRows;
using io::read_cms;
using io::read_nppes;
using io::ReferralRows;
using io::TempDir;
using io::valid_npi;

std::string slurp(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

MarketParams small_market(std::uint64_t seed) {
    MarketParams p;
    p.providers = 400;
    p.years = 3;
    p.seed = seed;
    return p;
}

TEST(GenerateMarket, SameSeedSameBytesOtherSeedOtherData) {
    TempDir a;
    TempDir b;
    TempDir c;
    const auto& catalogue = builtin_needs();
    write_market(generate_market(small_market(5), catalogue, builtin_taxonomy()), catalogue,
                 a.path().string());
    write_market(generate_market(small_market(5), catalogue, builtin_taxonomy()), catalogue,
                 b.path().string());
    write_market(generate_market(small_market(6), catalogue, builtin_taxonomy()), catalogue,
                 c.path().string());
    for (const char* file : {"providers.csv", "referrals.csv", "touchpoints.csv"}) {
        EXPECT_EQ(slurp(a.path() / file), slurp(b.path() / file)) << file;
        EXPECT_NE(slurp(a.path() / file), slurp(c.path() / file)) << file;
    }
}

TEST(GenerateMarket, LiaisonProgrammeAddsCadencedTouchpointsAndChangesNothingElse) {
    const auto& catalogue = builtin_needs();
    const synth::Market plain = generate_market(small_market(5), catalogue, builtin_taxonomy());
    MarketParams with = small_market(5);
    with.liaison_programme = true;
    const synth::Market kept = generate_market(with, catalogue, builtin_taxonomy());
    ASSERT_EQ(kept.referrals.size(), plain.referrals.size());
    for (std::size_t i = 0; i < plain.referrals.size(); ++i) {
        EXPECT_EQ(kept.referrals[i].date, plain.referrals[i].date);
        EXPECT_EQ(kept.referrals[i].from, plain.referrals[i].from);
        EXPECT_EQ(kept.referrals[i].to, plain.referrals[i].to);
        EXPECT_EQ(kept.referrals[i].count, plain.referrals[i].count);
    }
    // Every simulated contact is still there; the programme's come on top.
    using Key = std::tuple<std::int32_t, graph::NodeId, graph::NodeId>;
    std::multiset<Key> all;
    for (const auto& t : kept.touchpoints) all.insert({t.date.days, t.by, t.provider});
    for (const auto& t : plain.touchpoints) {
        const auto it = all.find({t.date.days, t.by, t.provider});
        ASSERT_NE(it, all.end());
        all.erase(it);
    }
    ASSERT_FALSE(all.empty());
    // Per (owner, partner) pair of the programme, its visits: some pairs met
    // every 76 to 90 days to the end, some stopped after 3 to 6 visits.
    std::map<std::pair<graph::NodeId, graph::NodeId>, std::vector<std::int32_t>> met;
    for (const auto& [days, by, provider] : all) met[{by, provider}].push_back(days);
    const std::int32_t end = graph::make_date(2026, 1, 1).days;
    std::size_t every_quarter = 0;
    std::size_t dropped = 0;
    for (const auto& [pair, days] : met) {
        bool quarterly = true;
        for (std::size_t i = 1; i < days.size(); ++i) {
            quarterly = quarterly && days[i] - days[i - 1] >= 76 && days[i] - days[i - 1] <= 90;
        }
        if (quarterly && days.back() >= end - 90) ++every_quarter;
        if (quarterly && days.size() >= 3 && days.size() <= 6 && days.back() < end - 90) ++dropped;
    }
    EXPECT_GT(every_quarter, 10U);
    EXPECT_GT(dropped, 3U);
}

TEST(GenerateMarket, RejectsBadParameters) {
    MarketParams p = small_market(1);
    p.region = "atlantis";
    try {
        (void)generate_market(p, builtin_needs(), builtin_taxonomy());
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_STREQ(
            e.what(),
            "unknown region \"atlantis\" (expected one of atlanta, boston, chicago, dallas, "
            "denver, phoenix, seattle, charlotte, nashville, national)");
    }
    p = small_market(1);
    p.years = 0;
    EXPECT_THROW_MSG((void)generate_market(p, builtin_needs(), builtin_taxonomy()),
                     std::invalid_argument, "years must be from 1 to 50, got 0");
}

// One generated market, read back through the normal readers.
class GeneratedMarket : public ::testing::Test {
   protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir("refnet_generate_test");
        const auto& catalogue = builtin_needs();
        MarketParams p;
        p.providers = 800;
        p.years = 3;
        p.seed = 7;
        write_market(generate_market(p, catalogue, builtin_taxonomy()), catalogue,
                     dir_->path().string());
        InputSpec spec;
        spec.data_dir = dir_->path().string();
        data_ = new Dataset(load_dataset(spec));
    }
    static void TearDownTestSuite() {
        delete data_;
        delete dir_;
    }
    static inline TempDir* dir_ = nullptr;
    static inline Dataset* data_ = nullptr;
};

TEST_F(GeneratedMarket, ReadsBackStrictlyWithoutWarnings) {
    EXPECT_EQ(data_->diagnostics.items().size(), 0U);
    EXPECT_EQ(data_->providers.size(), 800U);
    EXPECT_GT(data_->referrals.size(), 20'000U);  // "tens of thousands of referral events"
    EXPECT_GT(data_->touchpoints.size(), 1'000U);
}

TEST_F(GeneratedMarket, Invariants) {
    ASSERT_EQ(data_->providers.size(), 800U);
    ASSERT_FALSE(data_->referrals.empty());
    std::set<std::string> ids;
    for (const auto& p : data_->providers) {
        EXPECT_TRUE(valid_npi(p.id)) << p.id;
        EXPECT_TRUE(p.id[0] == '1' || p.id[0] == '2') << p.id;
        EXPECT_TRUE(ids.insert(p.id).second) << p.id;
        EXPECT_NE(p.group, graph::Group::unknown) << p.taxonomy;
        EXPECT_TRUE(p.has_location());
        EXPECT_LT(graph::haversine_km(p.lat, p.lon, 33.749, -84.388), 50.0);
    }
    const auto first = graph::make_date(2023, 1, 1);
    const auto last = graph::make_date(2025, 12, 31);
    for (const auto& r : data_->referrals) {
        EXPECT_GE(r.date, first);
        EXPECT_LE(r.date, last);
        EXPECT_GT(r.count, 0U);
        EXPECT_NE(r.from, r.to);
        EXPECT_NE(r.need, graph::kNoNeed);
        if (!std::isnan(r.satisfaction)) {
            EXPECT_EQ(r.status, graph::Status::completed);
            EXPECT_GE(r.satisfaction, 1.0F);
            EXPECT_LE(r.satisfaction, 5.0F);
        }
        if (r.feedback_days >= 0) {
            EXPECT_EQ(r.status, graph::Status::completed);
            EXPECT_GE(r.feedback_days, r.days_to_appointment);
        }
    }
}

TEST_F(GeneratedMarket, HeavyTailedReceivers) {
    // The busiest tenth of providers receives at least 40 % of referrals, and the
    // largest receiver gets over 10 times the mean.
    const graph::DegreeResult d = graph::degrees(data_->network);
    std::vector<std::uint64_t> in = d.in_volume;
    ASSERT_EQ(in.size(), 800U);
    std::sort(in.rbegin(), in.rend());
    const double total = static_cast<double>(data_->build.referrals);
    double top = 0.0;
    for (std::size_t i = 0; i < in.size() / 10; ++i) top += static_cast<double>(in[i]);
    EXPECT_GT(top / total, 0.40);
    EXPECT_GT(static_cast<double>(in[0]), 10.0 * total / static_cast<double>(in.size()));
}

TEST_F(GeneratedMarket, ReciprocityLevel) {
    const double r = graph::overall_reciprocity(data_->network);
    EXPECT_GT(r, 0.03);
    EXPECT_LT(r, 0.5);
}

TEST_F(GeneratedMarket, TiesPersistButNewOnesForm) {
    // Share of each year's partner pairs with no tie in either direction before.
    std::map<int, std::set<std::pair<graph::NodeId, graph::NodeId>>> by_year;
    for (const auto& r : data_->referrals) {
        by_year[std::stoi(graph::format_date(r.date).substr(0, 4))].insert({r.from, r.to});
    }
    ASSERT_EQ(by_year.size(), 3U);  // 2023, 2024, 2025
    std::set<std::pair<graph::NodeId, graph::NodeId>> before;
    for (const auto& [year, pairs] : by_year) {
        std::size_t fresh = 0;
        for (const auto& [a, b] : pairs)
            fresh += !before.contains({a, b}) && !before.contains({b, a});
        const double share = static_cast<double>(fresh) / static_cast<double>(pairs.size());
        if (year > 2023) {
            EXPECT_GT(share, 0.2) << year;
            EXPECT_LT(share, 0.7) << year;
        }
        before.insert(pairs.begin(), pairs.end());
    }
}

TEST_F(GeneratedMarket, DistanceDecay) {
    std::vector<double> referred;
    for (const auto& r : data_->referrals) {
        const auto& a = data_->providers[r.from];
        const auto& b = data_->providers[r.to];
        referred.push_back(graph::haversine_km(a.lat, a.lon, b.lat, b.lon));
    }
    std::vector<double> pairs;
    for (graph::NodeId i = 0; i + 1 < data_->providers.size(); i += 2) {
        const auto& a = data_->providers[i];
        const auto& b = data_->providers[i + 1];
        pairs.push_back(graph::haversine_km(a.lat, a.lon, b.lat, b.lon));
    }
    ASSERT_FALSE(referred.empty());
    ASSERT_FALSE(pairs.empty());
    auto median = [](std::vector<double> v) {
        std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
        return v[v.size() / 2];
    };
    EXPECT_LT(median(referred), 0.75 * median(pairs));
}

TEST_F(GeneratedMarket, OptometristsSendHeadachesToNeurologyOrPrimaryCare) {
    const auto headache = data_->needs.find("headache_migraine");
    ASSERT_TRUE(headache.has_value());
    std::size_t total = 0;
    std::size_t expected = 0;
    for (const auto& r : data_->referrals) {
        if (r.need != *headache || data_->providers[r.from].taxonomy != "152W00000X") continue;
        ++total;
        const auto& to = data_->providers[r.to];
        expected += to.taxonomy == "2084N0400X" || to.group == graph::Group::primary_care;
    }
    ASSERT_GT(total, 10U);
    EXPECT_GT(static_cast<double>(expected) / static_cast<double>(total), 0.8);
}

TEST(GenerateCms, ExactEdgeCountDistinctPairsAndCmsRules) {
    TempDir dir;
    CmsParams p;
    p.providers = 3000;
    p.edges = 40'000;
    p.seed = 3;
    write_cms_market(p, builtin_taxonomy(), dir.path().string());
    std::ifstream in(dir.path() / "cms_edges.csv");
    graph::IdMap ids;
    Diagnostics strict;
    const ReferralRows rows = read_cms(in, "cms_edges.csv", ids, strict);
    ASSERT_EQ(rows.referrals.size(), 40'000U);
    std::set<std::pair<graph::NodeId, graph::NodeId>> pairs;
    for (const auto& r : rows.referrals) {
        EXPECT_NE(r.from, r.to);
        EXPECT_TRUE(pairs.insert({r.from, r.to}).second);
        EXPECT_GE(r.beneficiaries, 11U);  // CMS suppresses pairs under 11 patients
        EXPECT_GE(r.count, r.beneficiaries);
    }
    ASSERT_FALSE(ids.keys().empty());
    for (const auto& key : ids.keys()) EXPECT_TRUE(valid_npi(key)) << key;
    std::ifstream nppes(dir.path() / "nppes.csv");
    const ProviderRows providers = read_nppes(nppes, "nppes.csv", strict);
    EXPECT_EQ(providers.providers.size(), 3000U);
    EXPECT_LE(ids.size(), 3000U);
    TempDir again;
    write_cms_market(p, builtin_taxonomy(), again.path().string());
    EXPECT_EQ(slurp(dir.path() / "cms_edges.csv"), slurp(again.path() / "cms_edges.csv"));
}

TEST(GenerateCms, RejectsMoreEdgesThanPairs) {
    TempDir dir;
    try {
        write_cms_market({.providers = 3, .edges = 7, .seed = 1}, builtin_taxonomy(),
                         dir.path().string());
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_STREQ(e.what(), "edges 7 exceeds the 6 directed pairs of 3 providers");
    }
}

}  // namespace
}  // namespace refnet::synth

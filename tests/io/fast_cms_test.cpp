// The national CMS path agrees with the small-file path: the same ids, edges,
// counts and beneficiaries, and the same error for a bad row (it hands any
// irregular file to read_cms).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <refnet/io/dataset.hpp>
#include <refnet/io/fast_cms.hpp>
#include <refnet/io/readers.hpp>
#include <refnet/synth/cms.hpp>

#include "temp_dir.hpp"

namespace refnet::io {
namespace {

namespace fs = std::filesystem;

TEST(FastCms, SameNetworkAsTheGeneralReader) {
    const TempDir temp("refnet_fast_cms");
    const fs::path& dir = temp.path();
    synth::write_cms_market({.providers = 2000, .edges = 80'000, .seed = 9}, builtin_taxonomy(),
                            dir.string());
    const std::string file = (dir / "cms_edges.csv").string();
    // Repeat a few rows (merged by the builder) and add CRLF and a blank line.
    {
        std::ifstream in(file);
        std::string first;
        std::getline(in, first);
        std::ofstream out(file, std::ios::app);
        out << first << "\r\n\n" << first << ".0\n";
    }
    const auto fast = read_cms_fast(file);
    ASSERT_TRUE(fast.has_value());
    graph::IdMap ids;
    Diagnostics strict;
    std::ifstream in(file);
    const ReferralRows slow = read_cms(in, file, ids, strict);
    ASSERT_EQ(fast->ids.keys(), ids.keys());
    ASSERT_FALSE(slow.referrals.empty());
    ASSERT_EQ(fast->from.size(), slow.referrals.size());
    for (std::size_t i = 0; i < slow.referrals.size(); ++i) {
        EXPECT_EQ(fast->from[i], slow.referrals[i].from);
        EXPECT_EQ(fast->to[i], slow.referrals[i].to);
        EXPECT_EQ(fast->count[i], slow.referrals[i].count);
        EXPECT_EQ(fast->beneficiaries[i], slow.referrals[i].beneficiaries);
    }
    const auto a = graph::build_network(ids.size(), slow.referrals);
    const auto b = graph::build_network_from_edges(
        ids.size(), graph::EdgeColumns{fast->from, fast->to, fast->count, fast->beneficiaries});
    ASSERT_GT(a.network.num_edges(), 0U);
    ASSERT_EQ(a.network.num_edges(), b.network.num_edges());
    EXPECT_EQ(a.report.referrals, b.report.referrals);
    EXPECT_EQ(a.report.merged_events, b.report.merged_events);
    EXPECT_EQ(b.report.merged_events, 2U);
    for (graph::EdgeId e = 0; e < a.network.num_edges(); ++e) {
        EXPECT_EQ(a.network.edge_target(e), b.network.edge_target(e));
        EXPECT_EQ(a.network.counts()[e], b.network.counts()[e]);
        EXPECT_EQ(a.network.attributes().beneficiaries[e], b.network.attributes().beneficiaries[e]);
    }
    InputSpec spec;
    spec.cms = file;
    const Dataset data = load_dataset(spec);
    EXPECT_TRUE(data.referrals.empty());  // the compact path keeps no events
    EXPECT_EQ(data.network.num_edges(), a.network.num_edges());
}

TEST(FastCms, IrregularFilesGoToTheGeneralReader) {
    const TempDir temp("refnet_fast_cms");
    const fs::path& dir = temp.path();
    const std::string header = (dir / "header.csv").string();
    std::ofstream(header)
        << "npi1,npi2,pair_count,bene_count,same_day_count\n1003033051,1154584084,69,11,0\n";
    EXPECT_FALSE(read_cms_fast(header).has_value());
    const std::string bad = (dir / "bad.csv").string();
    std::ofstream(bad) << "1003033051,1154584084,69,11,0\n1003033051,115458408X,12,11,0\n";
    EXPECT_FALSE(read_cms_fast(bad).has_value());
    InputSpec spec;
    spec.cms = bad;
    try {
        (void)load_dataset(spec);
        FAIL();
    } catch (const InputError& e) {
        EXPECT_EQ(std::string(e.what()),
                  bad + ":2:12: npi2: expected a 10-digit NPI, got \"115458408X\"");
    }
    spec.cms = header;
    EXPECT_EQ(load_dataset(spec).network.num_edges(), 1U);
}

}  // namespace
}  // namespace refnet::io

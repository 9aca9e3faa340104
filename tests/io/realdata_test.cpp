// The real public samples in ../shared/realdata load strictly: the CMS shared
// patient patterns sample (multi-year merged header, float counts) and 1,000
// NPPES rows (the 330-column layout). Each test skips cleanly when the shared
// folder or the file is absent. Expected counts were computed independently
// with Python's csv module on the same files (see the comments).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <numeric>
#include <refnet/io/dataset.hpp>
#include <refnet/io/readers.hpp>
#include <set>
#include <string>

#include "nppes_layout.hpp"

namespace refnet::io {
namespace {

namespace fs = std::filesystem;

const std::string kShared = REFNET_SHARED_DIR;
const std::string kCms =
    kShared + "/realdata/cms_shared_patients_sample/testing-combine-referral.csv";
const std::string kNppes = kShared + "/realdata/nppes_sample/nppes_sample.csv";

#define REFNET_REQUIRE_FILE(path)                                               \
    do {                                                                        \
        if (!fs::is_regular_file(path)) GTEST_SKIP() << (path) << " is absent"; \
    } while (false)

TEST(RealData, CmsSampleLoadsStrictly) {
    REFNET_REQUIRE_FILE(kCms);
    std::ifstream in(kCms, std::ios::binary);
    graph::IdMap ids;
    Diagnostics strict;
    const ReferralRows rows = read_cms(in, kCms, ids, strict);
    // python: 200 data rows, 396 distinct NPIs over both columns, and the first
    // non-empty of Total2014 / Total2014again? / Total sums to 52105.
    EXPECT_EQ(rows.stats.rows, 200U);
    EXPECT_EQ(rows.stats.accepted, 200U);
    EXPECT_EQ(rows.stats.skipped, 0U);
    EXPECT_EQ(rows.referrals.size(), 200U);
    EXPECT_EQ(ids.size(), 396U);
    const std::uint64_t total =
        std::accumulate(rows.referrals.begin(), rows.referrals.end(), std::uint64_t{0},
                        [](std::uint64_t sum, const graph::Referral& r) { return sum + r.count; });
    EXPECT_EQ(total, 52105U);
    // Row 1 has only 2013 values (69.0, 11.0); row 3 only 2014 values (18.0, 13.0).
    EXPECT_EQ(ids.key(rows.referrals[0].from), "1003033051");
    EXPECT_EQ(ids.key(rows.referrals[0].to), "1154584084");
    EXPECT_EQ(rows.referrals[0].count, 69U);
    EXPECT_EQ(rows.referrals[0].beneficiaries, 11U);
    EXPECT_EQ(ids.key(rows.referrals[2].from), "1003884362");
    EXPECT_EQ(rows.referrals[2].count, 18U);
    EXPECT_EQ(rows.referrals[2].beneficiaries, 13U);
    // The header's columns are all recognised: no warning.
    EXPECT_TRUE(strict.items().empty());
}

TEST(RealData, NppesHeaderMatchesTheLayoutTheTestsUse) {
    REFNET_REQUIRE_FILE(kNppes);
    std::ifstream in(kNppes, std::ios::binary);
    std::string header;
    std::getline(in, header);
    if (!header.empty() && header.back() == '\r') header.pop_back();
    EXPECT_EQ(header, testing::nppes_header_line());
    EXPECT_EQ(testing::nppes_columns().size(), 330U);
}

TEST(RealData, NppesSampleLoadsStrictly) {
    REFNET_REQUIRE_FILE(kNppes);
    std::ifstream in(kNppes, std::ios::binary);
    Diagnostics strict;
    const ProviderRows rows = read_nppes(in, kNppes, strict);
    // python: Entity Type Code is "1.0" 733 times, "2.0" 188 times and empty 79
    // times (deactivated NPIs).
    EXPECT_EQ(rows.stats.rows, 1000U);
    EXPECT_EQ(rows.stats.accepted + rows.stats.ignored, 1000U);
    EXPECT_EQ(rows.stats.ignored, 79U);
    EXPECT_EQ(rows.stats.skipped, 0U);
    ASSERT_EQ(rows.providers.size(), 921U);
    // The first row (see PROVENANCE.md): WIEBE, DAVID, M.D., practice in KEARNEY NE
    // 688472944.0, taxonomy 207X00000X marked primary.
    const auto& first = rows.providers[0];
    EXPECT_EQ(first.id, "1679576722");
    EXPECT_EQ(first.name, "DAVID WIEBE, M.D.");
    EXPECT_EQ(first.city, "KEARNEY");
    EXPECT_EQ(first.state, "NE");
    EXPECT_EQ(first.zip, "68847");
    EXPECT_EQ(first.taxonomy, "207X00000X");
    // Row 3 is an organization whose name holds a comma.
    EXPECT_EQ(rows.providers[2].id, "1497758544");
    EXPECT_EQ(rows.providers[2].name, "CUMBERLAND COUNTY HOSPITAL SYSTEM, INC");
    EXPECT_EQ(rows.providers[2].zip, "28304");
    // Every accepted ZIP is 5 digits or empty.
    for (const auto& p : rows.providers) {
        EXPECT_TRUE(p.zip.empty() || (p.zip.size() == 5 &&
                                      p.zip.find_first_not_of("0123456789") == std::string::npos))
            << p.id << " " << p.zip;
    }
}

TEST(RealData, CmsWithNppesNames) {
    REFNET_REQUIRE_FILE(kCms);
    REFNET_REQUIRE_FILE(kNppes);
    InputSpec spec;
    spec.cms = kCms;
    spec.nppes = kNppes;
    const Dataset data = load_dataset(spec);
    EXPECT_EQ(data.providers.size(), 396U);
    EXPECT_EQ(data.network.num_edges(), 200U);
    EXPECT_EQ(data.build.referrals, 52105U);
    // PROVENANCE.md: 2 of the 396 NPIs appear in the NPPES sample (python:
    // 1588667570 ROOT SHARON D.P.M. and 1740283985 GENTIN MIRIAM M.D.).
    EXPECT_EQ(data.nppes_matched, 2U);
    std::set<std::string> named;
    for (const auto& p : data.providers) {
        if (!p.name.empty()) named.insert(p.id + " " + p.name);
    }
    EXPECT_EQ(named, (std::set<std::string>{"1588667570 SHARON ROOT, D.P.M.",
                                            "1740283985 MIRIAM GENTIN, M.D."}));
    ASSERT_EQ(data.files.size(), 2U);
    EXPECT_EQ(data.files[1].ignored, 79U);
    EXPECT_EQ(data.diagnostics.error_count(), 0U);
}

}  // namespace
}  // namespace refnet::io

// The public-data readers (io/src/readers.cpp) on in-memory text: CMS
// shared-patient edges, NPPES rows under the real 330-column header, and the
// taxonomy table. Error cases assert the whole what() string,
// `file:line:column: message`; columns are counted by hand on the row text
// (1-based characters).
#include <gtest/gtest.h>

#include <cmath>
#include <refnet/io/error.hpp>
#include <refnet/io/readers.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "input_error.hpp"
#include "nppes_layout.hpp"

namespace refnet::io {
namespace {

using graph::Group;
using testing::error_of;

// ---------------------------------------------------------------- CMS

struct CmsResult {
    ReferralRows rows;
    graph::IdMap ids;
};

CmsResult cms(const std::string& text) {
    CmsResult r;
    Diagnostics strict;
    std::istringstream in(text);
    r.rows = read_cms(in, "cms.csv", r.ids, strict);
    return r;
}

std::string cms_error(const std::string& text) {
    return error_of([&] { (void)cms(text); });
}

TEST(ReadCms, WithHeader) {
    const auto r =
        cms("npi1,npi2,pair_count,bene_count,same_day_count\n"
            "1003033051,1154584084,69,11,0\n"
            "1154584084,1003033051,20,15,3\n");
    ASSERT_EQ(r.rows.referrals.size(), 2U);
    EXPECT_EQ(r.ids.size(), 2U);
    EXPECT_EQ(r.ids.key(0), "1003033051");
    EXPECT_EQ(r.rows.referrals[0].from, 0U);
    EXPECT_EQ(r.rows.referrals[0].to, 1U);
    EXPECT_EQ(r.rows.referrals[0].count, 69U);
    EXPECT_EQ(r.rows.referrals[0].beneficiaries, 11U);
    EXPECT_EQ(r.rows.referrals[1].count, 20U);
    EXPECT_FALSE(r.rows.referrals[0].date.valid());
    EXPECT_EQ(r.rows.stats.rows, 2U);
    EXPECT_EQ(r.rows.stats.accepted, 2U);
}

TEST(ReadCms, WithoutHeaderAndWithFloats) {
    // pandas writes counts as floats: "12.0" is 12.
    const auto r = cms("1003033051,1154584084,12.0,11.0,0.0\n1740271386,1003033051,38,16,0\n");
    ASSERT_EQ(r.rows.referrals.size(), 2U);
    EXPECT_EQ(r.rows.referrals[0].count, 12U);
    EXPECT_EQ(r.rows.referrals[0].beneficiaries, 11U);
    EXPECT_EQ(r.rows.referrals[1].count, 38U);
    EXPECT_EQ(r.ids.key(2), "1740271386");
    EXPECT_EQ(r.rows.stats.rows, 2U);
}

TEST(ReadCms, MultiYearMergedHeaderTakesFirstNonEmptyColumn) {
    // The real sample's header: 2014 columns, duplicates of them, then 2013.
    const auto r =
        cms("Initial,Secondary,Total2014,Unique2014,Same Day2014,Total2014again?,Unique2014again?,"
            "Same Day2014again?,Total,Unique,Same Day\n"
            "1003033051,1154584084,,,,,,,69.0,11.0,0.0\n"
            "1003884362,1740271386,18.0,13.0,0.0,18.0,13.0,0.0,,,\n"
            "1013173046,1821095084,,,,97.0,28.0,10.0,50.0,40.0,1.0\n");
    ASSERT_EQ(r.rows.referrals.size(), 3U);
    EXPECT_EQ(r.rows.referrals[0].count, 69U);  // only the 2013 "Total" is filled
    EXPECT_EQ(r.rows.referrals[0].beneficiaries, 11U);
    EXPECT_EQ(r.rows.referrals[1].count, 18U);  // Total2014
    EXPECT_EQ(r.rows.referrals[1].beneficiaries, 13U);
    EXPECT_EQ(r.rows.referrals[2].count, 97U);  // Total2014again? comes before Total
    EXPECT_EQ(r.rows.referrals[2].beneficiaries, 28U);
    EXPECT_EQ(r.ids.size(), 6U);
    EXPECT_EQ(r.rows.stats.accepted, 3U);
}

TEST(ReadCms, BadNpi) {
    // Headerless; "1003033051," is 11 characters so npi2 starts at column 12.
    EXPECT_EQ(cms_error("1003033051,12345,5,3,0\n"),
              "cms.csv:1:12: npi2: expected a 10-digit NPI, got \"12345\"");
    EXPECT_EQ(cms_error("npi1,npi2,pair_count\n100303305X,1154584084,5\n"),
              "cms.csv:2:1: npi1: expected a 10-digit NPI, got \"100303305X\"");
}

TEST(ReadCms, BadCounts) {
    EXPECT_EQ(
        cms_error("1003033051,1154584084,0.0,3,0\n"),
        "cms.csv:1:23: pair_count: expected a whole number from 1 to 4294967295, got \"0.0\"");
    EXPECT_EQ(cms_error("1003033051,1154584084,4294967296,3,0\n"),
              "cms.csv:1:23: pair_count: number is too large (expected a whole number from 1 to "
              "4294967295, got \"4294967296\")");
    EXPECT_EQ(cms_error("1003033051,1154584084,7,3.5,0\n"),
              "cms.csv:1:25: bene_count: expected a whole number from 0 to 4294967295, got "
              "\"3.5\"");
    EXPECT_EQ(cms_error("Initial,Secondary,Total2014,Total\n1003033051,1154584084,,\n"),
              "cms.csv:2:23: empty pair_count (expected the number of shared patient encounters)");
    EXPECT_EQ(cms_error("1003033051,1154584084,7\n"),
              "cms.csv:1: row has 3 fields (expected 5: npi1,npi2,pair_count,bene_count,"
              "same_day_count)");
}

TEST(ReadCms, HeaderWithoutCountColumn) {
    EXPECT_EQ(cms_error("npi1,npi2,bene_count\n1003033051,1154584084,3\n"),
              "cms.csv:1: missing required column pair_count (expected a header like npi1,npi2,"
              "pair_count,bene_count,same_day_count, or no header)");
}

// ---------------------------------------------------------------- NPPES

using testing::NppesRow;

// Three hand-made rows under the real 330-column header: an individual whose
// primary taxonomy is in slot 2, an organization with a comma in its name and
// a 4-digit ZIP that lost its leading zero, and a deactivated NPI.
std::string nppes_sample() {
    const std::string individual =
        NppesRow()
            .set("NPI", "1679576722")
            .set("Entity Type Code", "1.0")
            .set("Provider Last Name (Legal Name)", "WIEBE")
            .set("Provider First Name", "DAVID")
            .set("Provider Credential Text", "M.D.")
            .set("Provider Business Mailing Address City Name", "PO BOX CITY")
            .set("Provider Business Practice Location Address City Name", "KEARNEY")
            .set("Provider Business Practice Location Address State Name", "NE")
            .set("Provider Business Practice Location Address Postal Code", "688482168.0")
            .set("Healthcare Provider Taxonomy Code_1", "207X00000X")
            .set("Healthcare Provider Primary Taxonomy Switch_1", "N")
            .set("Healthcare Provider Taxonomy Code_2", "207Q00000X")
            .set("Healthcare Provider Primary Taxonomy Switch_2", "Y")
            .set("Healthcare Provider Taxonomy Code_3", "208D00000X")
            .set("Healthcare Provider Primary Taxonomy Switch_3", "N")
            .line();
    const std::string organization =
        NppesRow()
            .set("NPI", "1497758544")
            .set("Entity Type Code", "2.0")
            .set("Provider Organization Name (Legal Business Name)",
                 "\"CUMBERLAND COUNTY HOSPITAL SYSTEM, INC\"")
            .set("Authorized Official Last Name", "NAGOWSKI")
            .set("Provider Business Practice Location Address City Name", "BOSTON")
            .set("Provider Business Practice Location Address State Name", "MA")
            .set("Provider Business Practice Location Address Postal Code", "2134.0")
            .set("Healthcare Provider Taxonomy Code_1", "282N00000X")
            .set("Healthcare Provider Primary Taxonomy Switch_1", "Y")
            .line();
    const std::string deactivated =
        NppesRow().set("NPI", "1306849450").set("NPI Deactivation Date", "03/03/2021").line();
    return testing::nppes_header_line() + "\n" + individual + "\n" + organization + "\n" +
           deactivated + "\n";
}

TEST(ReadNppes, HandMadeRowsUnderTheRealHeader) {
    Diagnostics strict;
    std::istringstream in(nppes_sample());
    const auto rows = read_nppes(in, "nppes.csv", strict);
    ASSERT_EQ(rows.providers.size(), 2U);
    const auto& person = rows.providers[0];
    EXPECT_EQ(person.id, "1679576722");
    EXPECT_EQ(person.name, "DAVID WIEBE, M.D.");
    EXPECT_EQ(person.taxonomy, "207Q00000X");  // the slot marked primary, not slot 1
    EXPECT_EQ(person.city, "KEARNEY");
    EXPECT_EQ(person.state, "NE");
    EXPECT_EQ(person.zip, "68848");  // ZIP+4 688482168 -> 68848
    const auto& org = rows.providers[1];
    EXPECT_EQ(org.id, "1497758544");
    EXPECT_EQ(org.name, "CUMBERLAND COUNTY HOSPITAL SYSTEM, INC");
    EXPECT_EQ(org.taxonomy, "282N00000X");
    EXPECT_EQ(org.zip, "02134");  // 2134.0 lost its leading zero
    EXPECT_EQ(rows.lines, (std::vector<std::uint64_t>{2, 3}));
    EXPECT_EQ(rows.stats.rows, 3U);
    EXPECT_EQ(rows.stats.accepted, 2U);
    EXPECT_EQ(rows.stats.ignored, 1U);  // the deactivated NPI
    EXPECT_EQ(rows.stats.skipped, 0U);
    // NPPES is read selectively: its 300-odd other columns are not warned about.
    EXPECT_TRUE(strict.items().empty());
}

TEST(ReadNppes, FirstTaxonomyWhenNoneIsMarkedPrimary) {
    Diagnostics strict;
    std::istringstream in(testing::nppes_header_line() + "\n" +
                          NppesRow()
                              .set("NPI", "1215930367")
                              .set("Entity Type Code", "1")
                              .set("Provider First Name", "LAURENT")
                              .set("Healthcare Provider Taxonomy Code_1", "174400000X")
                              .set("Healthcare Provider Taxonomy Code_2", "207RH0003X")
                              .line() +
                          "\n");
    const auto rows = read_nppes(in, "nppes.csv", strict);
    ASSERT_EQ(rows.providers.size(), 1U);
    EXPECT_EQ(rows.providers[0].taxonomy, "174400000X");
    EXPECT_EQ(rows.providers[0].name, "LAURENT");
    EXPECT_EQ(rows.providers[0].zip, "");
}

TEST(ReadNppes, Errors) {
    auto error = [](const std::string& text) {
        Diagnostics strict;
        std::istringstream in(text);
        return error_of([&] { (void)read_nppes(in, "nppes.csv", strict); });
    };
    EXPECT_EQ(error("NPI,Entity Type Code\n12345,1.0\n"),
              "nppes.csv:2:1: NPI: expected a 10-digit NPI, got \"12345\"");
    EXPECT_EQ(error("NPI,Entity Type Code\n1679576722,3.0\n"),
              "nppes.csv:2:12: Entity Type Code: expected 1 or 2, got \"3.0\"");
    EXPECT_EQ(error("NPI,Entity Type Code\n1679576722,1\n1679576722,1\n"),
              "nppes.csv:3:1: duplicate NPI \"1679576722\" (first on line 2; expected each NPI "
              "once)");
    EXPECT_EQ(error("Entity Type Code\n1\n"),
              "nppes.csv:1: missing required column NPI (expected a header naming one of: NPI; "
              "got \"Entity Type Code\")");
}

// ---------------------------------------------------------------- taxonomy

TEST(ReadTaxonomyGroups, ReadsCodesGroupsAndNames) {
    Diagnostics strict;
    std::istringstream in(
        "code,group,display_name,grouping,classification,specialization\n"
        "207Q00000X,primary_care,Family Medicine Physician,Allopathic,Family Medicine,\n"
        "152W00000X,Vision,Optometrist,\"Eye and Vision Services Providers\",Optometrist,\n");
    const auto table = read_taxonomy_groups(in, "taxonomy.csv", strict);
    ASSERT_EQ(table.size(), 2U);
    EXPECT_EQ(table.at("207Q00000X").group, Group::primary_care);
    EXPECT_EQ(table.at("207Q00000X").display_name, "Family Medicine Physician");
    EXPECT_EQ(table.at("152W00000X").group, Group::vision);
    EXPECT_EQ(table.at("152W00000X").display_name, "Optometrist");
}

TEST(ReadTaxonomyGroups, BadGroup) {
    Diagnostics strict;
    std::istringstream in("code,group\n207Q00000X,doctors\n");
    EXPECT_EQ(error_of([&] { (void)read_taxonomy_groups(in, "taxonomy.csv", strict); }),
              "taxonomy.csv:2:12: unknown group \"doctors\"");
}

TEST(BuiltinTaxonomy, HoldsTheShippedTable) {
    const TaxonomyTable& table = builtin_taxonomy();
    EXPECT_EQ(table.at("207Q00000X").group, Group::primary_care);
    EXPECT_EQ(table.at("207Q00000X").display_name, "Family Medicine Physician");
    EXPECT_EQ(table.at("152W00000X").group, Group::vision);
    EXPECT_EQ(table.at("152W00000X").display_name, "Optometrist");
}

}  // namespace
}  // namespace refnet::io

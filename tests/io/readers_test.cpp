// The RefNet-format readers (io/src/readers.cpp) on in-memory text: providers,
// referrals and touchpoints (CMS edges, NPPES rows and the taxonomy table are
// in readers_cms_nppes_test.cpp). Error cases assert the whole what() string,
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

namespace refnet::io {
namespace {

using graph::Group;
using graph::NeedWeight;
using testing::error_of;

ProviderRows providers(const std::string& text, Diagnostics& diagnostics) {
    std::istringstream in(text);
    return read_providers(in, "providers.csv", diagnostics);
}

ProviderRows providers(const std::string& text) {
    Diagnostics strict;
    return providers(text, strict);
}

std::string provider_error(const std::string& text) {
    return error_of([&] { (void)providers(text); });
}

// A referral reader with providers A, B and C already known.
struct ReferralFixture {
    graph::IdMap ids;
    graph::IdMap needs;
    Diagnostics diagnostics;
    ReferralFixture() {
        for (const char* id : {"A", "B", "C"}) ids.insert(id);
    }
    ReferralRows read(const std::string& text, UnknownIds unknown = UnknownIds::reject) {
        std::istringstream in(text);
        return read_referrals(in, "referrals.csv", ids, unknown, needs, diagnostics);
    }
};

std::string referral_error(const std::string& text) {
    ReferralFixture f;
    return error_of([&] { (void)f.read(text); });
}

// ---------------------------------------------------------------- providers

TEST(ReadProviders, ReadsEveryColumn) {
    const auto rows = providers(
        "id,name,taxonomy,specialty,group,lat,lon,city,state,zip,needs_seen,needs_served,"
        "accepting_new,telehealth,licensed_states\n"
        "1003000126,\"Peachtree Family Medicine, PC\",207Q00000X,Family doc,primary_care,"
        "33.7901,-84.3866,Atlanta,GA,30309,hypertension:0.2;diabetes,preventive_care:1,yes,no,"
        "ga;FL\n");
    ASSERT_EQ(rows.providers.size(), 1U);
    const auto& p = rows.providers[0];
    EXPECT_EQ(p.id, "1003000126");
    EXPECT_EQ(p.name, "Peachtree Family Medicine, PC");
    EXPECT_EQ(p.taxonomy, "207Q00000X");
    EXPECT_EQ(p.specialty, "Family doc");
    EXPECT_EQ(p.group, Group::primary_care);
    EXPECT_DOUBLE_EQ(p.lat, 33.7901);
    EXPECT_DOUBLE_EQ(p.lon, -84.3866);
    EXPECT_EQ(p.city, "Atlanta");
    EXPECT_EQ(p.state, "GA");
    EXPECT_EQ(p.zip, "30309");
    // A tag without a weight weighs 1.
    EXPECT_EQ(p.needs_seen, (std::vector<NeedWeight>{{"hypertension", 0.2}, {"diabetes", 1.0}}));
    EXPECT_EQ(p.needs_served, (std::vector<NeedWeight>{{"preventive_care", 1.0}}));
    EXPECT_EQ(p.accepting_new, true);
    EXPECT_EQ(p.telehealth, false);
    EXPECT_EQ(p.licensed_states, (std::vector<std::string>{"GA", "FL"}));
    EXPECT_EQ(rows.lines, (std::vector<std::uint64_t>{2}));
    EXPECT_EQ(rows.stats.source, "providers.csv");
    EXPECT_EQ(rows.stats.rows, 1U);
    EXPECT_EQ(rows.stats.accepted, 1U);
}

TEST(ReadProviders, OnlyIdIsRequiredAndOptionalFieldsStayUnset) {
    const auto rows = providers("id\nA\nB\n");
    ASSERT_EQ(rows.providers.size(), 2U);
    const auto& p = rows.providers[1];
    EXPECT_EQ(p.id, "B");
    EXPECT_EQ(p.group, Group::unknown);
    EXPECT_FALSE(p.has_location());
    EXPECT_FALSE(p.accepting_new.has_value());
    EXPECT_FALSE(p.telehealth.has_value());
    EXPECT_TRUE(p.needs_seen.empty());
    EXPECT_EQ(rows.lines, (std::vector<std::uint64_t>{2, 3}));
}

TEST(ReadProviders, AliasesAndForgivingHeaderNames) {
    // npi for id, latitude/longitude for lat/lon; case, spaces and underscores ignored.
    const auto rows = providers(
        "NPI, Latitude ,LONGITUDE,Needs Seen,Accepting_New_Patients,licensed "
        "states,Provider-Group\n"
        "1,10.5,-20.25,sleep:0.5,TRUE,tx,Dental\n");
    ASSERT_EQ(rows.providers.size(), 1U);
    const auto& p = rows.providers[0];
    EXPECT_EQ(p.id, "1");
    EXPECT_DOUBLE_EQ(p.lat, 10.5);
    EXPECT_DOUBLE_EQ(p.lon, -20.25);
    EXPECT_EQ(p.needs_seen, (std::vector<NeedWeight>{{"sleep", 0.5}}));
    EXPECT_EQ(p.accepting_new, true);
    EXPECT_EQ(p.licensed_states, (std::vector<std::string>{"TX"}));
    EXPECT_EQ(p.group, Group::dental);
}

TEST(ReadProviders, BooleanSpellings) {
    const auto rows = providers("id,telehealth\na,yes\nb,no\nc,1\nd,0\ne,true\nf,FALSE\ng,\n");
    ASSERT_EQ(rows.providers.size(), 7U);
    const std::vector<std::optional<bool>> expected{true, false, true, false, true, false, {}};
    for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(rows.providers[i].telehealth, expected[i]) << rows.providers[i].id;
    }
}

TEST(ReadProviders, UnknownColumnsGiveExactlyOneWarning) {
    Diagnostics diagnostics;
    const auto rows = providers("id,fax,Notes\nA,1,x\nB,2,y\n", diagnostics);
    EXPECT_EQ(rows.providers.size(), 2U);
    ASSERT_EQ(diagnostics.items().size(), 1U);
    EXPECT_EQ(diagnostics.warning_count(), 1U);
    EXPECT_EQ(diagnostics.error_count(), 0U);
    EXPECT_EQ(diagnostics.items()[0].to_string(),
              "providers.csv:1: warning: ignoring unknown columns \"fax\", \"Notes\" (known "
              "columns: id, name, taxonomy, specialty, group, lat, lon, city, state, zip, "
              "needs_seen, needs_served, accepting_new, telehealth, licensed_states)");
}

TEST(ReadProviders, MissingRequiredColumnNamesFileAndHeader) {
    EXPECT_EQ(provider_error("name,taxonomy\nx,207Q00000X\n"),
              "providers.csv:1: missing required column id (expected a header naming one of: "
              "id, npi, provider_id; got \"name,taxonomy\")");
}

TEST(ReadProviders, EmptyFile) {
    EXPECT_EQ(provider_error(""),
              "providers.csv: file is empty (expected a header row naming at least the column id)");
}

TEST(ReadProviders, RepeatedColumn) {
    // "NPI" (column 3) names the id column a second time.
    EXPECT_EQ(provider_error("id,name,NPI\n"),
              "providers.csv:1:9: column \"NPI\" repeats column 1 (expected each of id once)");
}

TEST(ReadProviders, DuplicateIdNamesBothLines) {
    EXPECT_EQ(provider_error("id,name\nA,x\nB,y\n\nA,z\n"),
              "providers.csv:5:1: duplicate provider id \"A\" (first defined on line 2; expected "
              "each id once)");
}

TEST(ReadProviders, BadGroup) {
    EXPECT_EQ(provider_error("id,group\nA,doctor\n"),
              "providers.csv:2:3: unknown group \"doctor\" (expected one of primary_care, "
              "medical_specialist, surgical_specialist, allied_health, behavioral_health, "
              "wellness, dental, vision, pharmacy, facility, community_other)");
}

TEST(ReadProviders, BadLatitude) {
    EXPECT_EQ(provider_error("id,lat,lon\nA,95,10\n"),
              "providers.csv:2:3: latitude: expected a number from -90 to 90, got \"95\"");
    EXPECT_EQ(provider_error("id,lat,lon\nA,33.7,east\n"),
              "providers.csv:2:8: longitude: expected a number from -180 to 180, got \"east\"");
}

TEST(ReadProviders, LatWithoutLon) {
    // "A,33.7," is 7 characters: the empty lon cell is column 8.
    EXPECT_EQ(provider_error("id,lat,lon\nA,33.7,\n"),
              "providers.csv:2:8: a location needs both lat and lon (expected both or neither)");
    // Without a lon column there is no cell to point at.
    EXPECT_EQ(provider_error("id,lat\nA,33.7\n"),
              "providers.csv:2: a location needs both lat and lon (expected both or neither)");
}

TEST(ReadProviders, BadNeedsWeight) {
    EXPECT_EQ(provider_error("id,needs_seen\nA,sleep:0.5;diabetes:1.5\n"),
              "providers.csv:2:3: needs_seen: weight of need \"diabetes\": expected a number from "
              "0 to 1, got \"1.5\"");
    EXPECT_EQ(provider_error("id,needs_served\nA,:0.5\n"),
              "providers.csv:2:3: needs_served: expected tag:weight pairs separated by ';', got "
              "\":0.5\"");
}

TEST(ReadProviders, BadLicensedStates) {
    EXPECT_EQ(provider_error("id,licensed_states\nA,GA;Florida\n"),
              "providers.csv:2:3: licensed_states: expected two-letter state codes separated by "
              "';', got \"GA;Florida\"");
}

TEST(ReadProviders, BadBoolean) {
    EXPECT_EQ(provider_error("id,name,telehealth\nA,x,maybe\n"),
              "providers.csv:2:5: telehealth: expected true/false, yes/no or 1/0, got \"maybe\"");
}

TEST(ReadProviders, WrongFieldCount) {
    // Too many: points at the first extra field ("A,x," is 4 characters).
    EXPECT_EQ(provider_error("id,name\nA,x,extra\n"),
              "providers.csv:2:5: row has 3 fields but the header has 2 (expected one value per "
              "column)");
    // Too few: no cell to point at.
    EXPECT_EQ(provider_error("id,name,city\nA,x\n"),
              "providers.csv:2: row has 2 fields but the header has 3 (expected one value per "
              "column)");
}

TEST(ReadProviders, EmptyId) {
    EXPECT_EQ(provider_error("name,id\nx, \n"),
              "providers.csv:2:3: empty provider id (expected a unique id such as an NPI)");
}

TEST(ReadProviders, LenientModeSkipsBadRowsAndKeepsGoodOnes) {
    Diagnostics lenient(true);
    // Line 3 has two problems (one skipped row, two diagnostics); line 5 repeats A.
    const auto rows = providers(
        "id,lat,lon,telehealth\n"
        "A,1,2,yes\n"
        "B,100,2,perhaps\n"
        "C,,,no\n"
        "A,3,4,no\n"
        "D,\"5\"x,6,no\n",
        lenient);
    ASSERT_EQ(rows.providers.size(), 2U);
    EXPECT_EQ(rows.providers[0].id, "A");
    EXPECT_DOUBLE_EQ(rows.providers[0].lat, 1.0);  // the first A is kept
    EXPECT_EQ(rows.providers[1].id, "C");
    EXPECT_EQ(rows.lines, (std::vector<std::uint64_t>{2, 4}));
    EXPECT_EQ(rows.stats.rows, 5U);
    EXPECT_EQ(rows.stats.accepted, 2U);
    EXPECT_EQ(rows.stats.skipped, 3U);
    EXPECT_EQ(rows.stats.ignored, 0U);
    ASSERT_EQ(lenient.error_count(), 4U);
    EXPECT_EQ(lenient.items()[0].to_string(),
              "providers.csv:3:3: latitude: expected a number from -90 to 90, got \"100\"");
    EXPECT_EQ(lenient.items()[1].to_string(),
              "providers.csv:3:9: telehealth: expected true/false, yes/no or 1/0, got "
              "\"perhaps\"");
    EXPECT_EQ(lenient.items()[2].to_string(),
              "providers.csv:5:1: duplicate provider id \"A\" (first defined on line 2; expected "
              "each id once)");
    EXPECT_EQ(lenient.items()[3].to_string(),
              "providers.csv:6:6: unexpected text after a closing quote (expected a comma or end "
              "of line)");
}

// ---------------------------------------------------------------- referrals

TEST(ReadReferrals, ReadsEveryColumn) {
    ReferralFixture f;
    const auto rows = f.read(
        "date,from,to,count,need,status,days_to_appointment,feedback_days,satisfaction\n"
        "2024-02-13,A,B,3,sleep,completed,9,4,4.5\n"
        "2024-03-01,B,C,,back_pain,No-Show,,,\n"
        ",C,A,12.0,sleep,CANCELED,0,0,1\n");
    ASSERT_EQ(rows.referrals.size(), 3U);
    const auto& r = rows.referrals[0];
    EXPECT_EQ(r.date, graph::make_date(2024, 2, 13));
    EXPECT_EQ(r.from, 0U);
    EXPECT_EQ(r.to, 1U);
    EXPECT_EQ(r.count, 3U);
    EXPECT_EQ(f.needs.key(r.need), "sleep");
    EXPECT_EQ(r.status, graph::Status::completed);
    EXPECT_EQ(r.days_to_appointment, 9);
    EXPECT_EQ(r.feedback_days, 4);
    EXPECT_FLOAT_EQ(r.satisfaction, 4.5F);
    // Defaults: count 1, no feedback (-1), no rating (NaN).
    const auto& s = rows.referrals[1];
    EXPECT_EQ(s.count, 1U);
    EXPECT_EQ(s.status, graph::Status::no_show);
    EXPECT_EQ(s.days_to_appointment, -1);
    EXPECT_EQ(s.feedback_days, -1);
    EXPECT_TRUE(std::isnan(s.satisfaction));
    // Aggregated data has no date; "12.0" is a whole number; US spelling of cancelled.
    const auto& t = rows.referrals[2];
    EXPECT_FALSE(t.date.valid());
    EXPECT_EQ(t.count, 12U);
    EXPECT_EQ(t.status, graph::Status::cancelled);
    EXPECT_EQ(t.need, r.need);  // one dictionary entry per need tag
    EXPECT_EQ(f.needs.size(), 2U);
    EXPECT_EQ(rows.stats.rows, 3U);
    EXPECT_EQ(rows.stats.accepted, 3U);
}

TEST(ReadReferrals, SourceTargetAliases) {
    ReferralFixture f;
    const auto rows = f.read("Source,TARGET,Referrals\nC,A,2\n");
    ASSERT_EQ(rows.referrals.size(), 1U);
    EXPECT_EQ(rows.referrals[0].from, 2U);
    EXPECT_EQ(rows.referrals[0].to, 0U);
    EXPECT_EQ(rows.referrals[0].count, 2U);
}

TEST(ReadReferrals, ReferringReceivingNpiAliases) {
    ReferralFixture f;
    const auto rows = f.read("referring_npi,Receiving NPI\nB,C\n");
    ASSERT_EQ(rows.referrals.size(), 1U);
    EXPECT_EQ(rows.referrals[0].from, 1U);
    EXPECT_EQ(rows.referrals[0].to, 2U);
}

TEST(ReadReferrals, MissingRequiredColumn) {
    EXPECT_EQ(referral_error("date,from,count\n2024-01-01,A,1\n"),
              "referrals.csv:1: missing required column to (expected a header naming one of: to, "
              "target, receiving_npi, receiver, to_id; got \"date,from,count\")");
}

TEST(ReadReferrals, BadDate) {
    EXPECT_EQ(referral_error("date,from,to\n2024-01-02,A,B\n13/02/2024,A,B\n"),
              "referrals.csv:3:1: expected a date YYYY-MM-DD, got \"13/02/2024\"");
    // A real calendar day is required.
    EXPECT_EQ(referral_error("from,to,date\nA,B,2023-02-29\n"),
              "referrals.csv:2:5: expected a date YYYY-MM-DD, got \"2023-02-29\"");
}

TEST(ReadReferrals, BadNumber) {
    EXPECT_EQ(referral_error("from,to,count\nA,B,two\n"),
              "referrals.csv:2:5: count: expected a whole number from 1 to 4294967295, got "
              "\"two\"");
    EXPECT_EQ(referral_error("from,to,count\nA,B,2.5\n"),
              "referrals.csv:2:5: count: expected a whole number from 1 to 4294967295, got "
              "\"2.5\"");
    EXPECT_EQ(referral_error("from,to,days_to_appointment\nA,B,-3\n"),
              "referrals.csv:2:5: days_to_appointment: expected a whole number from 0 to 36500, "
              "got \"-3\"");
    EXPECT_EQ(referral_error("from,to,satisfaction\nA,B,6\n"),
              "referrals.csv:2:5: satisfaction: expected a number from 1 to 5, got \"6\"");
}

TEST(ReadReferrals, CountOverflow) {
    // 4294967296 = 2^32, one past the largest 32-bit count.
    EXPECT_EQ(referral_error("from,to,count\nA,B,4294967296\n"),
              "referrals.csv:2:5: count: number is too large (expected a whole number from 1 to "
              "4294967295, got \"4294967296\")");
    EXPECT_EQ(referral_error("from,to,count\nA,B,99999999999999999999999\n"),
              "referrals.csv:2:5: count: number is too large (expected a whole number from 1 to "
              "4294967295, got \"99999999999999999999999\")");
    ReferralFixture f;
    const auto rows = f.read("from,to,count\nA,B,4294967295\n");
    ASSERT_EQ(rows.referrals.size(), 1U);
    EXPECT_EQ(rows.referrals[0].count, 4294967295U);
}

TEST(ReadReferrals, CountZero) {
    EXPECT_EQ(referral_error("from,to,count\nA,B,0\n"),
              "referrals.csv:2:5: count: expected a whole number from 1 to 4294967295, got \"0\"");
    EXPECT_EQ(
        referral_error("from,to,count\nA,B,0.0\n"),
        "referrals.csv:2:5: count: expected a whole number from 1 to 4294967295, got \"0.0\"");
}

TEST(ReadReferrals, BadStatus) {
    EXPECT_EQ(referral_error("from,to,status\nA,B,done\n"),
              "referrals.csv:2:5: unknown status \"done\" (expected one of sent, scheduled, "
              "completed, cancelled, no_show)");
}

TEST(ReadReferrals, EndpointNotInProviders) {
    EXPECT_EQ(referral_error("from,to\nZ,B\n"),
              "referrals.csv:2:1: unknown provider \"Z\" in column from (expected an id from the "
              "providers file)");
    EXPECT_EQ(referral_error("from,to\nA,Zed\n"),
              "referrals.csv:2:3: unknown provider \"Zed\" in column to (expected an id from the "
              "providers file)");
    EXPECT_EQ(referral_error("from,to\n,B\n"),
              "referrals.csv:2:1: empty from (expected a provider id)");
}

TEST(ReadReferrals, UnknownIdsAreAddedWhenAsked) {
    ReferralFixture f;
    const auto rows = f.read("from,to\nA,X\nY,X\nY,Y\n", UnknownIds::add);
    ASSERT_EQ(rows.referrals.size(), 3U);
    EXPECT_EQ(f.ids.size(), 5U);  // A, B, C, then X and Y in order of appearance
    EXPECT_EQ(f.ids.key(3), "X");
    EXPECT_EQ(f.ids.key(4), "Y");
    EXPECT_EQ(rows.referrals[1].from, 4U);
    EXPECT_EQ(rows.referrals[2].from, rows.referrals[2].to);
}

TEST(ReadReferrals, UnterminatedQuote) {
    EXPECT_EQ(referral_error("from,to,need\nA,B,sleep\nA,C,\"diabetes\nB,C,x\n"),
              "referrals.csv:3:5: unterminated quoted field (expected a closing \")");
}

TEST(ReadReferrals, WrongFieldCount) {
    EXPECT_EQ(referral_error("from,to,count\nA,B,1,2\n"),
              "referrals.csv:2:7: row has 4 fields but the header has 3 (expected one value per "
              "column)");
}

TEST(ReadReferrals, NotUtf8) {
    EXPECT_EQ(referral_error("from,to,need\nA,B,caf\xE9\n"),
              "referrals.csv:2:8: text is not valid UTF-8 (expected UTF-8 encoded CSV)");
}

TEST(ReadReferrals, LenientModeCountsSkippedRows) {
    ReferralFixture f;
    f.diagnostics = Diagnostics(true);
    const auto rows = f.read(
        "date,from,to,count\n"
        "2024-01-01,A,B,1\n"
        "2024-13-01,A,B,1\n"
        "2024-01-03,A,Q,1\n"
        "2024-01-04,B,C,4\n"
        "2024-01-05,C,A,0\n");
    ASSERT_EQ(rows.referrals.size(), 2U);
    EXPECT_EQ(rows.referrals[1].count, 4U);
    EXPECT_EQ(rows.stats.rows, 5U);
    EXPECT_EQ(rows.stats.accepted, 2U);
    EXPECT_EQ(rows.stats.skipped, 3U);
    ASSERT_EQ(f.diagnostics.error_count(), 3U);
    EXPECT_EQ(f.diagnostics.items()[0].to_string(),
              "referrals.csv:3:1: expected a date YYYY-MM-DD, got \"2024-13-01\"");
    EXPECT_EQ(f.diagnostics.items()[1].line, 4U);
    EXPECT_EQ(f.diagnostics.items()[2].line, 6U);
}

// ---------------------------------------------------------------- touchpoints

TEST(ReadTouchpoints, ReadsRows) {
    graph::IdMap ids;
    ids.insert("A");
    ids.insert("B");
    Diagnostics strict;
    std::istringstream in(
        "Date,Provider_ID,Type,Notes\n2024-05-01,B,thank you,\"card, flowers\"\n"
        "2024-05-02,A,Lunch,\n");
    const auto rows = read_touchpoints(in, "touchpoints.csv", ids, strict);
    ASSERT_EQ(rows.touchpoints.size(), 2U);
    EXPECT_EQ(rows.touchpoints[0].date, graph::make_date(2024, 5, 1));
    EXPECT_EQ(rows.touchpoints[0].provider, 1U);
    EXPECT_EQ(rows.touchpoints[0].kind, graph::TouchKind::thank_you);
    EXPECT_EQ(rows.touchpoints[0].note, "card, flowers");
    EXPECT_EQ(rows.touchpoints[1].kind, graph::TouchKind::lunch);
    EXPECT_EQ(rows.stats.accepted, 2U);
}

TEST(ReadTouchpoints, Errors) {
    graph::IdMap ids;
    ids.insert("A");
    auto error = [&](const std::string& text) {
        Diagnostics strict;
        std::istringstream in(text);
        return error_of([&] { (void)read_touchpoints(in, "touchpoints.csv", ids, strict); });
    };
    // "2024-01-01,A," is 13 characters.
    EXPECT_EQ(error("date,provider,kind\n2024-01-01,A,dinner\n"),
              "touchpoints.csv:2:14: unknown touchpoint kind \"dinner\" (expected one of visit, "
              "lunch, call, email, thank_you, event, education)");
    EXPECT_EQ(error("date,provider,kind\n2024-01-01,B,call\n"),
              "touchpoints.csv:2:12: unknown provider \"B\" in column provider (expected an id "
              "from the providers file)");
    EXPECT_EQ(error("date,provider,kind\n,A,call\n"),
              "touchpoints.csv:2:1: expected a date YYYY-MM-DD, got \"\"");
    EXPECT_EQ(error("date,provider\n2024-01-01,A\n"),
              "touchpoints.csv:1: missing required column kind (expected a header naming one of: "
              "kind, type, touchpoint; got \"date,provider\")");
}

}  // namespace
}  // namespace refnet::io

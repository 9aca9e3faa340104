// The writers that mirror the readers: exact text for a row worked out by hand,
// and hostile strings (commas, quotes, newlines, a leading formula character)
// that read back as written.
#include <gtest/gtest.h>

#include <refnet/io/error.hpp>
#include <refnet/io/readers.hpp>
#include <refnet/io/writers.hpp>
#include <sstream>

namespace refnet::io {
namespace {

graph::Provider plain() {
    graph::Provider p;
    p.id = "1234567893";
    p.name = "Ana Diaz, MD";
    p.taxonomy = "207R00000X";
    p.group = graph::Group::primary_care;
    p.lat = 33.74901;
    p.lon = -84.38;
    p.city = "Atlanta";
    p.state = "GA";
    p.zip = "30303";
    p.needs_seen = {{"diabetes", 0.25}, {"back_pain", 0.5}};
    p.needs_served = {{"diabetes", 1.0}};
    p.accepting_new = false;
    p.telehealth = true;
    p.licensed_states = {"GA", "FL"};
    return p;
}

TEST(Writers, ProvidersRowWorkedByHand) {
    std::ostringstream out;
    const std::vector<graph::Provider> providers{plain()};
    write_providers_csv(out, providers);
    EXPECT_EQ(out.str(),
              "id,name,taxonomy,group,lat,lon,city,state,zip,needs_seen,needs_served,"
              "accepting_new,telehealth,licensed_states\n"
              "1234567893,\"Ana Diaz, MD\",207R00000X,primary_care,33.749,-84.38,Atlanta,GA,"
              "30303,diabetes:0.25;back_pain:0.5,diabetes:1,no,yes,GA;FL\n");
}

TEST(Writers, HostileStringsReadBackAsWritten) {
    graph::Provider p = plain();
    p.id = "A,1";
    p.name = "O\"Brien\nClinic";
    p.city = "Smyrna, \"East\"";
    p.zip = "30,080";
    std::ostringstream out;
    const std::vector<graph::Provider> providers{p};
    write_providers_csv(out, providers);
    std::istringstream in(out.str());
    Diagnostics diagnostics;
    const ProviderRows rows = read_providers(in, "providers.csv", diagnostics);
    ASSERT_EQ(rows.providers.size(), 1U);
    const graph::Provider& back = rows.providers[0];
    EXPECT_EQ(back.id, "A,1");
    EXPECT_EQ(back.name, "O\"Brien\nClinic");
    EXPECT_EQ(back.city, "Smyrna, \"East\"");
    EXPECT_EQ(back.zip, "30,080");
    EXPECT_EQ(back.licensed_states, (std::vector<std::string>{"GA", "FL"}));
    EXPECT_EQ(back.needs_seen.size(), 2U);
}

TEST(Writers, CmsAndNppesRows) {
    std::string cms;
    append_cms_edge(cms, "1234567893", "1245319599", 120, 40, 3);
    EXPECT_EQ(cms, "1234567893,1245319599,120,40,3\n");
    NppesRow person;
    person.npi = "1234567893";
    person.last_name = "Diaz";
    person.first_name = "Ana";
    person.credential = "M.D.";
    person.city = "Atlanta, GA";
    person.state = "GA";
    person.zip = "30303";
    person.taxonomy = "207R00000X";
    std::string nppes;
    append_nppes_row(nppes, person);
    EXPECT_EQ(nppes, "1234567893,1,,Diaz,Ana,M.D.,\"Atlanta, GA\",GA,30303,207R00000X,Y\n");
    NppesRow organisation;
    organisation.npi = "1245319599";
    organisation.organisation = true;
    organisation.organisation_name = "=Midtown, PT";
    organisation.city = "Atlanta";
    organisation.state = "GA";
    organisation.zip = "30308";
    organisation.taxonomy = "225100000X";
    nppes.clear();
    append_nppes_row(nppes, organisation);
    EXPECT_EQ(nppes, "1245319599,2,\"'=Midtown, PT\",,,,Atlanta,GA,30308,225100000X,Y\n");
}

}  // namespace
}  // namespace refnet::io

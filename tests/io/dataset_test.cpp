// load_dataset: the one place that opens input files. Files are written to a
// fresh temporary directory per test (removed afterwards) so the real layouts
// (--data DIR, single files, CMS + NPPES) are exercised end to end.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <refnet/io/dataset.hpp>
#include <refnet/io/error.hpp>
#include <refnet/io/readers.hpp>
#include <string>

#include "temp_dir.hpp"

namespace refnet::io {
namespace {

namespace fs = std::filesystem;
using graph::Group;

class LoadDataset : public ::testing::Test {
   protected:
    std::string write(const std::string& name, const std::string& text) const {
        const fs::path path = dir_ / name;
        std::ofstream(path, std::ios::binary) << text;
        return path.string();
    }
    [[nodiscard]] std::string path(const std::string& name) const { return (dir_ / name).string(); }

    // Providers A (family medicine), B (optometry), C (a taxonomy code the table
    // does not know) and D (explicit group that the taxonomy must not override).
    void write_small_network() const {
        write("providers.csv",
              "id,name,taxonomy,group,specialty\n"
              "A,Alpha Family Medicine,207Q00000X,,\n"
              "B,Beta Optometry,152W00000X,,\n"
              "C,Gamma,ZZZZ00000X,,\n"
              "D,Delta,207Q00000X,wellness,Lifestyle coach\n");
        write("referrals.csv",
              "date,from,to,count\n"
              "2024-01-05,A,B,2\n"
              "2024-02-01,A,B,3\n"
              "2024-03-01,B,A,1\n"
              "2024-03-02,A,A,4\n"
              "2024-04-01,C,D,1\n");
    }

    TempDir temp_{"refnet_dataset_test"};
    fs::path dir_ = temp_.path();
};

TEST_F(LoadDataset, DataDirectoryWithoutTouchpoints) {
    write_small_network();
    InputSpec spec;
    spec.data_dir = dir_.string();
    const Dataset data = load_dataset(spec);
    ASSERT_EQ(data.providers.size(), 4U);
    EXPECT_EQ(data.ids.key(0), "A");
    EXPECT_EQ(data.providers[0].name, "Alpha Family Medicine");
    EXPECT_TRUE(data.touchpoints.empty());
    ASSERT_EQ(data.files.size(), 2U);
    EXPECT_EQ(data.files[0].source, path("providers.csv"));
    EXPECT_EQ(data.files[0].accepted, 4U);
    EXPECT_EQ(data.files[1].source, path("referrals.csv"));
    EXPECT_EQ(data.files[1].accepted, 5U);
    EXPECT_EQ(data.referrals.size(), 5U);
}

TEST_F(LoadDataset, DataDirectoryWithTouchpoints) {
    write_small_network();
    write("touchpoints.csv", "date,provider,kind,note\n2024-05-01,B,lunch,\n2024-05-09,D,call,x\n");
    InputSpec spec;
    spec.data_dir = dir_.string();
    const Dataset data = load_dataset(spec);
    ASSERT_EQ(data.touchpoints.size(), 2U);
    EXPECT_EQ(data.touchpoints[0].provider, 1U);
    EXPECT_EQ(data.touchpoints[1].provider, 3U);
    EXPECT_EQ(data.touchpoints[1].kind, graph::TouchKind::call);
    ASSERT_EQ(data.files.size(), 3U);
    EXPECT_EQ(data.files[2].source, path("touchpoints.csv"));
}

TEST_F(LoadDataset, GroupAndSpecialtyComeFromTheTaxonomyWhenBlank) {
    write_small_network();
    InputSpec spec;
    spec.data_dir = dir_.string();
    const Dataset data = load_dataset(spec);
    // Checked against datasets/taxonomy_groups.csv:
    //   207Q00000X,primary_care,Family Medicine Physician
    //   152W00000X,vision,Optometrist
    EXPECT_EQ(data.providers[0].group, Group::primary_care);
    EXPECT_EQ(data.providers[0].specialty, "Family Medicine Physician");
    EXPECT_EQ(data.providers[1].group, Group::vision);
    EXPECT_EQ(data.providers[1].specialty, "Optometrist");
    // An unknown code leaves both blank; given values are never overridden.
    EXPECT_EQ(data.providers[2].group, Group::unknown);
    EXPECT_EQ(data.providers[2].specialty, "");
    EXPECT_EQ(data.providers[3].group, Group::wellness);
    EXPECT_EQ(data.providers[3].specialty, "Lifestyle coach");
    // groups[] mirrors providers[].group, indexed by NodeId.
    EXPECT_EQ(data.groups, (std::vector<Group>{Group::primary_care, Group::vision, Group::unknown,
                                               Group::wellness}));
}

TEST_F(LoadDataset, BuiltinTaxonomyMatchesTheShippedCsv) {
    // Differential: the compiled-in table and datasets/taxonomy_groups.csv read from disk.
    std::ifstream in(std::string(REFNET_SOURCE_DIR) + "/datasets/taxonomy_groups.csv");
    ASSERT_TRUE(in) << "datasets/taxonomy_groups.csv not found";
    Diagnostics strict;
    const TaxonomyTable from_disk = read_taxonomy_groups(in, "taxonomy_groups.csv", strict);
    const TaxonomyTable& builtin = builtin_taxonomy();
    ASSERT_EQ(builtin.size(), from_disk.size());
    for (const auto& [code, entry] : from_disk) {
        ASSERT_TRUE(builtin.contains(code)) << code;
        EXPECT_EQ(builtin.at(code).group, entry.group) << code;
        EXPECT_EQ(builtin.at(code).display_name, entry.display_name) << code;
    }
    EXPECT_EQ(from_disk.at("207Q00000X").group, Group::primary_care);
    EXPECT_EQ(from_disk.at("152W00000X").group, Group::vision);
}

TEST_F(LoadDataset, AggregatesRepeatedReferralsIntoOneEdge) {
    write_small_network();
    InputSpec spec;
    spec.data_dir = dir_.string();
    const Dataset data = load_dataset(spec);
    const auto& net = data.network;
    // A->B: 2 + 3 = 5; B->A: 1; A->A: 4 (a self-loop, kept); C->D: 1.
    EXPECT_EQ(net.num_nodes(), 4U);
    EXPECT_EQ(net.num_edges(), 4U);
    const auto count = [&](graph::NodeId u, graph::NodeId v) -> std::uint64_t {
        const auto e = net.find_edge(u, v);
        return e ? net.attributes().count[*e] : 0;
    };
    EXPECT_EQ(count(0, 1), 5U);
    EXPECT_EQ(count(1, 0), 1U);
    EXPECT_EQ(count(0, 0), 4U);
    EXPECT_EQ(count(2, 3), 1U);
    EXPECT_EQ(data.build.events, 5U);
    EXPECT_EQ(data.build.merged_events, 1U);
    EXPECT_EQ(data.build.referrals, 11U);
    EXPECT_EQ(data.build.self_loop_edges, 1U);
    EXPECT_EQ(data.build.self_loop_referrals, 4U);
    EXPECT_EQ(graph::format_date(data.build.first_date), "2024-01-05");
    EXPECT_EQ(graph::format_date(data.build.last_date), "2024-04-01");
}

TEST_F(LoadDataset, MissingFile) {
    InputSpec spec;
    spec.providers = path("nope.csv");
    try {
        (void)load_dataset(spec);
        FAIL() << "expected InputError";
    } catch (const InputError& e) {
        EXPECT_EQ(std::string(e.what()),
                  path("nope.csv") + ": cannot open file (No such file or directory)");
        EXPECT_EQ(e.line(), 0U);
    }
}

TEST_F(LoadDataset, MissingReferralsInDataDirectory) {
    write("providers.csv", "id\nA\n");
    InputSpec spec;
    spec.data_dir = dir_.string();
    try {
        (void)load_dataset(spec);
        FAIL() << "expected InputError";
    } catch (const InputError& e) {
        EXPECT_EQ(std::string(e.what()),
                  path("referrals.csv") + ": cannot open file (No such file or directory)");
    }
}

TEST_F(LoadDataset, DirectoryGivenAsAFile) {
    fs::create_directory(dir_ / "sub.csv");
    InputSpec spec;
    spec.referrals = path("sub.csv");
    try {
        (void)load_dataset(spec);
        FAIL() << "expected InputError";
    } catch (const InputError& e) {
        EXPECT_EQ(std::string(e.what()),
                  path("sub.csv") + ": is a directory (expected a CSV file)");
    }
}

TEST_F(LoadDataset, FileGivenAsDataDirectory) {
    const std::string file = write("providers.csv", "id\nA\n");
    InputSpec spec;
    spec.data_dir = file;
    try {
        (void)load_dataset(spec);
        FAIL() << "expected InputError";
    } catch (const InputError& e) {
        EXPECT_EQ(std::string(e.what()), file + ": is not a directory (expected --data DIR)");
    }
}

TEST_F(LoadDataset, ReferralsWithoutProvidersAddNodes) {
    InputSpec spec;
    spec.referrals = write("edges.csv", "from,to,count\nX,Y,2\nY,Z,1\nX,Y,1\n");
    const Dataset data = load_dataset(spec);
    ASSERT_EQ(data.providers.size(), 3U);
    EXPECT_EQ(data.providers[0].id, "X");
    EXPECT_EQ(data.providers[1].id, "Y");
    EXPECT_EQ(data.providers[2].id, "Z");
    EXPECT_EQ(data.providers[2].name, "");
    EXPECT_EQ(data.groups[0], Group::unknown);
    EXPECT_EQ(data.network.num_edges(), 2U);
    EXPECT_EQ(data.network.attributes().count[*data.network.find_edge(0, 1)], 3U);
}

TEST_F(LoadDataset, SummedCountsThatOverflowNameTheProviders) {
    // Each row fits 32 bits; together they do not: 4000000000 + 400000000.
    InputSpec spec;
    spec.referrals = write("big.csv", "from,to,count\nX,Y,4000000000\nX,Y,400000000\n");
    try {
        (void)load_dataset(spec);
        FAIL() << "expected InputError";
    } catch (const InputError& e) {
        EXPECT_EQ(std::string(e.what()),
                  spec.referrals +
                      ": referrals from \"X\" to \"Y\" add up to more than 4294967295 (expected a "
                      "total that fits 32 bits)");
    }
}

TEST_F(LoadDataset, ReferralsToUnknownProviderAreRejectedWhenProvidersAreGiven) {
    InputSpec spec;
    spec.providers = write("p.csv", "id\nA\nB\n");
    spec.referrals = write("r.csv", "from,to\nA,B\nA,Q\n");
    try {
        (void)load_dataset(spec);
        FAIL() << "expected InputError";
    } catch (const InputError& e) {
        EXPECT_EQ(std::string(e.what()),
                  spec.referrals +
                      ":3:3: unknown provider \"Q\" in column to (expected an id from the "
                      "providers file)");
    }
}

TEST_F(LoadDataset, LenientModeKeepsGoodRowsAndCountsBadOnes) {
    InputSpec spec;
    spec.providers = write("p.csv", "id\nA\nB\n");
    spec.referrals =
        write("r.csv", "date,from,to\n2024-01-01,A,B\n2024-02-30,A,B\n2024-01-03,B,A\n");
    spec.lenient = true;
    const Dataset data = load_dataset(spec);
    EXPECT_EQ(data.referrals.size(), 2U);
    EXPECT_EQ(data.network.num_edges(), 2U);
    ASSERT_EQ(data.files.size(), 2U);
    EXPECT_EQ(data.files[1].rows, 3U);
    EXPECT_EQ(data.files[1].accepted, 2U);
    EXPECT_EQ(data.files[1].skipped, 1U);
    ASSERT_EQ(data.diagnostics.error_count(), 1U);
    EXPECT_EQ(data.diagnostics.items()[0].to_string(),
              spec.referrals + ":3:1: expected a date YYYY-MM-DD, got \"2024-02-30\"");
}

TEST_F(LoadDataset, NppesNamesCmsProviders) {
    InputSpec spec;
    spec.cms = write("cms.csv",
                     "1111111111,2222222222,20.0,12.0,0.0\n"
                     "2222222222,3333333333,15.0,11.0,1.0\n");
    // The NPPES columns RefNet reads, under their real names; 4444444444 is not
    // in the CMS edges and must not become a provider.
    spec.nppes =
        write("nppes.csv",
              "NPI,Entity Type Code,Provider Organization Name (Legal Business Name),"
              "Provider Last Name (Legal Name),Provider First Name,Provider Credential Text,"
              "Provider Business Practice Location Address City Name,"
              "Provider Business Practice Location Address State Name,"
              "Provider Business Practice Location Address Postal Code,"
              "Healthcare Provider Taxonomy Code_1,Healthcare Provider Primary Taxonomy Switch_1\n"
              "2222222222,1.0,,DOE,JANE,MD,OMAHA,NE,681310001.0,207Q00000X,Y\n"
              "3333333333,2.0,ACME EYE CLINIC,,,,LINCOLN,NE,68508.0,152W00000X,Y\n"
              "4444444444,1.0,,ROE,RICHARD,,BOISE,ID,83702.0,207Q00000X,Y\n"
              "5555555555,,,,,,,,,,\n");
    const Dataset data = load_dataset(spec);
    ASSERT_EQ(data.providers.size(), 3U);
    EXPECT_EQ(data.nppes_matched, 2U);
    EXPECT_EQ(data.providers[0].id, "1111111111");
    EXPECT_EQ(data.providers[0].name, "");  // no NPPES row
    EXPECT_EQ(data.providers[0].group, Group::unknown);
    EXPECT_EQ(data.providers[1].name, "JANE DOE, MD");
    EXPECT_EQ(data.providers[1].city, "OMAHA");
    EXPECT_EQ(data.providers[1].zip, "68131");
    EXPECT_EQ(data.providers[1].group, Group::primary_care);  // derived from the NPPES taxonomy
    EXPECT_EQ(data.providers[2].name, "ACME EYE CLINIC");
    EXPECT_EQ(data.providers[2].group, Group::vision);
    EXPECT_EQ(data.providers[2].specialty, "Optometrist");
    ASSERT_EQ(data.files.size(), 2U);
    EXPECT_EQ(data.files[1].rows, 4U);
    EXPECT_EQ(data.files[1].accepted, 3U);
    EXPECT_EQ(data.files[1].ignored, 1U);
    // pair_count becomes the edge count.
    EXPECT_EQ(data.network.attributes().count[*data.network.find_edge(0, 1)], 20U);
    EXPECT_EQ(data.build.referrals, 35U);
}

TEST_F(LoadDataset, NppesNeverOverridesTheProvidersFile) {
    InputSpec spec;
    spec.providers = write("p.csv", "id,name,city\n2222222222,Dr Jane Doe,\n");
    spec.referrals = write("r.csv", "from,to\n2222222222,2222222222\n");
    spec.nppes = write("n.csv",
                       "NPI,Entity Type Code,Provider Last Name (Legal Name),Provider First Name,"
                       "Provider Business Practice Location Address City Name\n"
                       "2222222222,1,DOE,JANE,OMAHA\n");
    const Dataset data = load_dataset(spec);
    ASSERT_EQ(data.providers.size(), 1U);
    EXPECT_EQ(data.providers[0].name, "Dr Jane Doe");
    EXPECT_EQ(data.providers[0].city, "OMAHA");  // blank in the providers file, filled
    EXPECT_EQ(data.nppes_matched, 1U);
}

TEST_F(LoadDataset, NppesAloneDescribesItsProviders) {
    InputSpec spec;
    spec.nppes = write("n.csv",
                       "NPI,Entity Type Code,Provider Organization Name (Legal Business Name)\n"
                       "3333333333,2,ACME\n4444444444,,\n");
    const Dataset data = load_dataset(spec);
    ASSERT_EQ(data.providers.size(), 1U);
    EXPECT_EQ(data.providers[0].id, "3333333333");
    EXPECT_EQ(data.providers[0].name, "ACME");
    EXPECT_EQ(data.network.num_edges(), 0U);
}

TEST_F(LoadDataset, InputFilesAreNotModified) {
    write_small_network();
    const auto before = fs::last_write_time(dir_ / "referrals.csv");
    const auto size = fs::file_size(dir_ / "referrals.csv");
    InputSpec spec;
    spec.data_dir = dir_.string();
    (void)load_dataset(spec);
    EXPECT_EQ(fs::last_write_time(dir_ / "referrals.csv"), before);
    EXPECT_EQ(fs::file_size(dir_ / "referrals.csv"), size);
    // Nothing else appeared next to the inputs.
    EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 2);
}

}  // namespace
}  // namespace refnet::io

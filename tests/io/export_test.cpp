// export_partitions: the files are read back with the CSV reader and checked
// against the network they came from — every vertex and edge exactly once, in
// the partition its id hashes to, text that needs quoting intact — plus the
// hash's published test vectors, --min-count, and the refusals (non-empty
// directory, a file in the way, a partition count out of range).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <refnet/io/csv.hpp>
#include <refnet/io/dataset.hpp>
#include <refnet/io/export.hpp>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "expect_throw_message.hpp"
#include "temp_dir.hpp"

namespace refnet::io {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kVertexHeader{"id",   "name",  "taxonomy", "specialty", "group",
                                             "city", "state", "zip",      "lat",       "lon"};
const std::vector<std::string> kEdgeHeader{"src",           "dst",       "count",
                                           "beneficiaries", "completed", "closed_loop"};

TEST(PartitionHash, Fnv1a64TestVectors) {
    // Published FNV-1a 64 vectors (Fowler/Noll/Vo reference test suite).
    EXPECT_EQ(fnv1a_64(""), 0xcbf29ce484222325ULL);
    EXPECT_EQ(fnv1a_64("a"), 0xaf63dc4c8601ec8cULL);
    EXPECT_EQ(fnv1a_64("foobar"), 0x85944171f73967e8ULL);
    // An NPI, worked out byte by byte with a four-line Python loop
    // (h ^= b; h = h * 0x100000001b3 mod 2^64): 0x88c856cfc2da8f8a, which is
    // 2 mod 3 and 2 mod 4.
    EXPECT_EQ(fnv1a_64("1003000126"), 0x88c856cfc2da8f8aULL);
    EXPECT_EQ(partition_of("1003000126", 3), 2U);
    EXPECT_EQ(partition_of("1003000126", 4), 2U);
    EXPECT_EQ(partition_of("1003000126", 1), 0U);
    EXPECT_THROW_MSG((void)partition_of("x", 0), std::invalid_argument,
                     "partition_of: partitions must be >= 1, got 0");
}

struct Row {
    std::uint32_t partition = 0;
    std::vector<std::string> fields;
};

class ExportPartitions : public ::testing::Test {
   protected:
    void SetUp() override { fs::create_directories(root_ / "in"); }

    void write(const std::string& name, const std::string& text) const {
        std::ofstream(root_ / "in" / name, std::ios::binary) << text;
    }

    // Nine providers: a name with a comma and quotes, one starting with "-" (a
    // spreadsheet guard would prefix it), one with a line break, an id with a
    // comma, one without a location and one without referrals. Counts 1 to 6
    // and a self-loop, so --min-count has something on both sides.
    [[nodiscard]] Dataset small_market() const {
        write("providers.csv",
              "id,name,taxonomy,city,state,zip,lat,lon\n"
              "1003000126,\"Smith, \"\"Doc\"\" & Sons\",207Q00000X,Atlanta,GA,30309,33.79,-84.38\n"
              "1184700001,-Dash Clinic,207R00000X,Decatur,GA,30030,33.77,-84.29\n"
              "1295800002,\"Line\nBreak Eye Care\",152W00000X,Atlanta,GA,30318,33.80,-84.39\n"
              "\"@Q,1\",Comma Id Rehab,225100000X,Marietta,GA,30060,33.95,-84.55\n"
              "1417000004,No Place Ortho,207X00000X,,,,,\n"
              "1528100005,Fifth,207Q00000X,Atlanta,GA,30309,33.78,-84.38\n"
              "1639200006,Sixth,207Q00000X,Atlanta,GA,30309,33.78,-84.38\n"
              "1740300007,Seventh,207Q00000X,Atlanta,GA,30309,33.78,-84.38\n"
              "1851400008,Loner,133V00000X,Atlanta,GA,30309,33.78,-84.38\n");
        write("referrals.csv",
              "from,to,count\n"
              "1003000126,1184700001,5\n"
              "1003000126,1295800002,1\n"
              "1003000126,\"@Q,1\",3\n"
              "1003000126,1003000126,2\n"
              "1184700001,1003000126,6\n"
              "1295800002,1417000004,2\n"
              "\"@Q,1\",1528100005,4\n"
              "1528100005,1639200006,1\n"
              "1639200006,1740300007,3\n"
              "1740300007,1003000126,2\n"
              "1417000004,\"@Q,1\",1\n");
        InputSpec spec;
        spec.data_dir = (root_ / "in").string();
        return load_dataset(spec);
    }

    [[nodiscard]] std::string out(const std::string& name = "export") const {
        return (root_ / name).string();
    }

    // Every row of DIR/KIND/part-*.csv, with the partition of its file; checks
    // that exactly `partitions` part files exist and each starts with `header`.
    static std::vector<Row> read_parts(const fs::path& dir, const std::string& kind,
                                       std::uint32_t partitions,
                                       const std::vector<std::string>& header) {
        std::vector<Row> rows;
        std::uint32_t files = 0;
        for (const auto& entry : fs::directory_iterator(dir / kind)) {
            const std::string name = entry.path().filename().string();
            if (name == "_SUCCESS") continue;
            ++files;
            EXPECT_EQ(name.size(), 14U) << name;  // part-NNNNN.csv
            const auto partition = static_cast<std::uint32_t>(std::stoul(name.substr(5, 5)));
            EXPECT_LT(partition, partitions) << name;
            std::ifstream in(entry.path(), std::ios::binary);
            CsvReader reader(in, entry.path().string());
            CsvRecord record;
            EXPECT_TRUE(reader.next(record)) << name << " has no header";
            EXPECT_EQ(record.fields, header) << name;
            while (reader.next(record)) {
                EXPECT_FALSE(record.problem) << name << ":" << record.line;
                EXPECT_EQ(record.fields.size(), header.size()) << name << ":" << record.line;
                rows.push_back({partition, record.fields});
            }
        }
        EXPECT_EQ(files, partitions) << dir / kind;
        return rows;
    }

    static nlohmann::json read_manifest(const fs::path& dir) {
        std::ifstream in(dir / "manifest.json");
        return nlohmann::json::parse(in);
    }

    // Nothing but the output directory itself may be left beside it.
    void expect_no_siblings_left(const std::set<std::string>& expected) const {
        std::set<std::string> names;
        for (const auto& entry : fs::directory_iterator(root_)) {
            names.insert(entry.path().filename().string());
        }
        names.erase("in");
        EXPECT_EQ(names, expected);
    }

    // Exports `data` into N partitions and checks every vertex and every edge
    // with count >= min_count is there exactly once, with the network's values,
    // in the partition of its (source) id; and that report and manifest agree.
    void check_round_trip(const Dataset& data, std::uint32_t partitions,
                          std::uint32_t min_count) const {
        const fs::path dir = out("round_trip");
        fs::remove_all(dir);
        const ExportReport report =
            export_partitions(data, {partitions, min_count, false, CsvCells::raw}, dir);
        const graph::Network& net = data.network;
        ASSERT_GT(net.num_nodes(), 0U);

        std::map<std::string, int> seen_vertices;
        for (const Row& row : read_parts(dir, "vertices", partitions, kVertexHeader)) {
            ++seen_vertices[row.fields[0]];
            EXPECT_EQ(row.partition, partition_of(row.fields[0], partitions)) << row.fields[0];
        }
        ASSERT_EQ(seen_vertices.size(), net.num_nodes());
        for (graph::NodeId u = 0; u < net.num_nodes(); ++u) {
            EXPECT_EQ(seen_vertices[data.ids.key(u)], 1) << data.ids.key(u);
        }

        std::map<std::pair<std::string, std::string>, std::vector<std::string>> expected;
        std::uint64_t dropped = 0;
        const auto& a = net.attributes();
        auto cell = [](const auto& column, graph::EdgeId e) {
            return column.empty() ? std::string() : std::to_string(column[e]);
        };
        for (graph::NodeId u = 0; u < net.num_nodes(); ++u) {
            const auto targets = net.out_neighbors(u);
            for (std::size_t i = 0; i < targets.size(); ++i) {
                const graph::EdgeId e = net.out_edge_begin(u) + i;
                if (a.count[e] < min_count) {
                    ++dropped;
                    continue;
                }
                expected[{data.ids.key(u), data.ids.key(targets[i])}] = {
                    std::to_string(a.count[e]), cell(a.beneficiaries, e), cell(a.completed, e),
                    cell(a.closed_loop, e)};
            }
        }
        std::map<std::pair<std::string, std::string>, std::vector<std::string>> seen_edges;
        for (const Row& row : read_parts(dir, "edges", partitions, kEdgeHeader)) {
            const std::pair key{row.fields[0], row.fields[1]};
            EXPECT_EQ(seen_edges.count(key), 0U) << key.first << "->" << key.second << " twice";
            seen_edges[key] = {row.fields.begin() + 2, row.fields.end()};
            EXPECT_EQ(row.partition, partition_of(row.fields[0], partitions)) << key.first;
        }
        EXPECT_EQ(seen_edges, expected);

        EXPECT_EQ(report.partitions, partitions);
        EXPECT_EQ(report.vertices, net.num_nodes());
        EXPECT_EQ(report.edges, expected.size());
        EXPECT_EQ(report.dropped_edges, dropped);
        const nlohmann::json manifest = read_manifest(dir);
        EXPECT_EQ(manifest["format_version"], kExportFormatVersion);
        EXPECT_EQ(manifest["partitions"], partitions);
        EXPECT_EQ(manifest["hash"], "fnv1a_64");
        EXPECT_EQ(manifest["vertices"], report.vertices);
        EXPECT_EQ(manifest["edges"], report.edges);
        EXPECT_EQ(manifest["dropped_edges"], dropped);
        EXPECT_EQ(manifest["min_count"], min_count);
        EXPECT_EQ(manifest["vertices_per_partition"].get<std::vector<std::uint64_t>>(),
                  report.vertices_per_partition);
        EXPECT_EQ(manifest["edges_per_partition"].get<std::vector<std::uint64_t>>(),
                  report.edges_per_partition);
        for (const char* success : {"_SUCCESS", "vertices/_SUCCESS", "edges/_SUCCESS"}) {
            ASSERT_TRUE(fs::exists(dir / success)) << success;
            EXPECT_EQ(fs::file_size(dir / success), 0U) << success;
        }
    }

    TempDir temp_{"refnet_export_test"};
    fs::path root_ = temp_.path();
};

TEST_F(ExportPartitions, EveryVertexAndEdgeOnceInItsPartition) {
    const Dataset data = small_market();
    ASSERT_EQ(data.network.num_nodes(), 9U);
    ASSERT_EQ(data.network.num_edges(), 11U);
    check_round_trip(data, 3, 0);
    expect_no_siblings_left({"round_trip"});
}

TEST_F(ExportPartitions, ToyMarketAndManyPasses) {
    InputSpec spec;
    spec.data_dir = REFNET_SOURCE_DIR "/tests/data/toy_market";
    const Dataset data = load_dataset(spec);
    check_round_trip(data, 3, 0);
    check_round_trip(data, 1, 0);
    // More partitions than files are kept open at once: written in three passes.
    check_round_trip(data, 2 * kMaxOpenPartitions + 7, 0);
    // The toy market has outcomes, so those columns are filled; no beneficiaries.
    const nlohmann::json manifest = read_manifest(out("round_trip"));
    EXPECT_EQ(manifest["empty_edge_columns"], nlohmann::json::array({"beneficiaries"}));
}

TEST_F(ExportPartitions, CmsEdgesCarryBeneficiaries) {
    write("cms.csv",
          "1003000126,1184700001,69.0,11.0,0.0\n"
          "1184700001,1003000126,12.0,3.0,0.0\n"
          "1184700001,1295800002,4.0,2.0,0.0\n");
    InputSpec spec;
    spec.cms = (root_ / "in" / "cms.csv").string();
    const Dataset data = load_dataset(spec);
    check_round_trip(data, 2, 0);
    const nlohmann::json manifest = read_manifest(out("round_trip"));
    EXPECT_EQ(manifest["empty_edge_columns"], nlohmann::json::array({"completed", "closed_loop"}));
}

// The default for files people open: formula-leading cells neutralised.
TEST_F(ExportPartitions, DefaultCellsNeutraliseFormulas) {
    const Dataset data = small_market();
    (void)export_partitions(data, {3, 0, false}, out());
    std::map<std::string, std::vector<std::string>> vertices;
    for (const Row& row : read_parts(out(), "vertices", 3, kVertexHeader)) {
        vertices[row.fields[0]] = row.fields;
    }
    ASSERT_EQ(vertices.size(), 9U);
    EXPECT_EQ(vertices["1184700001"][1], "'-Dash Clinic");
    EXPECT_EQ(vertices["'@Q,1"][1], "Comma Id Rehab");
    EXPECT_EQ(vertices["1003000126"][9], "-84.38");  // a negative number stays one
}

// --raw-cells: every value exactly, for Spark.
TEST_F(ExportPartitions, RawCellsAreQuotedNotAltered) {
    const Dataset data = small_market();
    (void)export_partitions(data, {3, 0, false, CsvCells::raw}, out());
    std::map<std::string, std::vector<std::string>> vertices;
    for (const Row& row : read_parts(out(), "vertices", 3, kVertexHeader)) {
        vertices[row.fields[0]] = row.fields;
    }
    ASSERT_EQ(vertices.size(), 9U);
    EXPECT_EQ(vertices["1003000126"],
              (std::vector<std::string>{"1003000126", "Smith, \"Doc\" & Sons", "207Q00000X",
                                        "Family Medicine Physician", "primary_care", "Atlanta",
                                        "GA", "30309", "33.79", "-84.38"}));
    EXPECT_EQ(vertices["1184700001"][1], "-Dash Clinic");
    EXPECT_EQ(vertices["1295800002"][1], "Line\nBreak Eye Care");
    EXPECT_EQ(vertices["@Q,1"][1], "Comma Id Rehab");
    // No location: both coordinates empty (null in Spark), not NaN or 0.
    EXPECT_EQ(vertices["1417000004"][8], "");
    EXPECT_EQ(vertices["1417000004"][9], "");

    // The raw line, as Spark's reader sees it with escape='"'.
    const fs::path file = fs::path(out()) / "vertices" /
                          ("part-0000" + std::to_string(partition_of("1003000126", 3)) + ".csv");
    std::ifstream in(file, std::ios::binary);
    std::ostringstream raw;
    raw << in.rdbuf();
    const std::string text = raw.str();
    EXPECT_NE(
        text.find("1003000126,\"Smith, \"\"Doc\"\" & Sons\",207Q00000X,Family Medicine Physician,"
                  "primary_care,Atlanta,GA,30309,33.79,-84.38\n"),
        std::string::npos)
        << text;
}

TEST_F(ExportPartitions, MinCountDropsExactlyTheEdgesBelowIt) {
    const Dataset data = small_market();
    // Counts 1, 1, 1 are below 2; with 3, also 2, 2, 2 (one is the self-loop).
    const ExportReport two = export_partitions(data, {3, 2, false, CsvCells::raw}, out("k2"));
    EXPECT_EQ(two.dropped_edges, 3U);
    EXPECT_EQ(two.edges, 8U);
    const ExportReport three = export_partitions(data, {3, 3, false, CsvCells::raw}, out("k3"));
    EXPECT_EQ(three.dropped_edges, 6U);
    EXPECT_EQ(three.edges, 5U);
    std::set<std::string> kept;
    const std::vector<Row> k3_edges = read_parts(out("k3"), "edges", 3, kEdgeHeader);
    ASSERT_EQ(k3_edges.size(), 5U);
    for (const Row& row : k3_edges) {
        EXPECT_GE(std::stoul(row.fields[2]), 3U);
        kept.insert(row.fields[0] + ">" + row.fields[1]);
    }
    EXPECT_EQ(kept, (std::set<std::string>{"1003000126>1184700001", "1003000126>@Q,1",
                                           "1184700001>1003000126", "@Q,1>1528100005",
                                           "1639200006>1740300007"}));
    // Vertices stay, edges or not.
    EXPECT_EQ(three.vertices, 9U);
    check_round_trip(data, 3, 3);
}

TEST_F(ExportPartitions, ForceReplacesOnlyAnEarlierExport) {
    const Dataset data = small_market();
    fs::create_directories(out());
    std::ofstream(fs::path(out()) / "keep.txt") << "precious\n";
    const auto refused = [&](bool force) {
        try {
            (void)export_partitions(data, {3, 0, force}, out());
        } catch (const std::runtime_error& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_EQ(refused(false), out() +
                                  ": directory exists and is not empty (expected a new or empty "
                                  "directory; --force replaces an earlier export)");
    // A directory of other files (input data, say) is never deleted, even forced.
    EXPECT_EQ(refused(true), out() +
                                 ": directory is not an earlier export (expected a new or empty "
                                 "directory, or one written by refnet export, which --force "
                                 "replaces)");
    EXPECT_TRUE(fs::exists(fs::path(out()) / "keep.txt"));
    expect_no_siblings_left({"export"});

    // An earlier export is replaced as a whole with force; a trailing slash names
    // the same directory.
    fs::remove_all(out());
    EXPECT_EQ(export_partitions(data, {2, 0, false}, out()).partitions, 2U);
    std::ofstream(fs::path(out()) / "stray.txt") << "left by hand\n";
    const ExportReport report = export_partitions(data, {3, 0, true}, out() + "/");
    EXPECT_EQ(report.vertices, 9U);
    EXPECT_FALSE(fs::exists(fs::path(out()) / "stray.txt"));
    EXPECT_TRUE(fs::exists(fs::path(out()) / "manifest.json"));
    expect_no_siblings_left({"export"});

    // An existing empty directory is simply filled.
    fs::create_directories(out("empty"));
    EXPECT_EQ(export_partitions(data, {2, 0, false}, out("empty")).vertices, 9U);
}

// An export killed part-way leaves "export.tmp.refnet-tmp-PID-XXXXXX" beside
// its directory; the next export of it removes that once PID has no process,
// and leaves a live run's (here this test's own pid) and any ".old" alone.
TEST_F(ExportPartitions, SweepsWhatAKilledExportLeft) {
    const Dataset data = small_market();
    const fs::path dead = out("export.tmp.refnet-tmp-99999999-abcdef");  // above pid_max
    const fs::path live = out("export.tmp.refnet-tmp-" + std::to_string(::getpid()) + "-abcdef");
    const fs::path old = out("export.old.refnet-tmp-99999999-abcdef");
    for (const fs::path& leftover : {dead, live, old}) {
        fs::create_directories(leftover / "vertices");
        std::ofstream(leftover / "vertices" / "part-00000.csv") << "id\n1\n";
    }
    EXPECT_EQ(export_partitions(data, {2, 0, false}, out()).vertices, 9U);
    EXPECT_FALSE(fs::exists(dead));
    EXPECT_TRUE(fs::exists(live / "vertices" / "part-00000.csv"));
    EXPECT_TRUE(fs::exists(old / "vertices" / "part-00000.csv"));
}

TEST_F(ExportPartitions, NeverReplacesAFile) {
    const Dataset data = small_market();
    std::ofstream(out("file.csv")) << "a,b\n";
    for (const bool force : {false, true}) {
        try {
            (void)export_partitions(data, {3, 0, force}, out("file.csv"));
            FAIL() << "expected std::runtime_error";
        } catch (const std::runtime_error& e) {
            EXPECT_EQ(std::string(e.what()),
                      out("file.csv") +
                          ": exists and is not a directory (expected a directory to export "
                          "into; it is never replaced)");
        }
    }
    expect_no_siblings_left({"file.csv"});
}

TEST_F(ExportPartitions, RejectsAPartitionCountOutOfRange) {
    const Dataset data = small_market();
    for (const std::uint32_t n : {0U, kMaxExportPartitions + 1}) {
        try {
            (void)export_partitions(data, {n, 0, false}, out());
            FAIL() << "expected std::invalid_argument for " << n;
        } catch (const std::invalid_argument& e) {
            EXPECT_EQ(std::string(e.what()),
                      "export partitions must be in [1, 10000], got " + std::to_string(n));
        }
    }
    expect_no_siblings_left({});
}

TEST_F(ExportPartitions, MissingParentIsAnError) {
    const Dataset data = small_market();
    EXPECT_THROW_MSG((void)export_partitions(data, {3, 0, false}, out("no/such/parent")),
                     std::runtime_error,
                     out("no/such/parent") +
                         ": cannot create a directory beside it (No such file or directory)");
    expect_no_siblings_left({});
}

}  // namespace
}  // namespace refnet::io

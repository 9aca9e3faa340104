// Writers: write_table in its three formats, format_real, write_atomically
// (temp file + rename, the only code that writes paths), and the stats /
// metrics / edges reports on a three-provider network worked out by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <refnet/graph/summary.hpp>
#include <refnet/io/csv.hpp>
#include <refnet/io/output.hpp>
#include <refnet/io/readers.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "expect_throw_message.hpp"
#include "temp_dir.hpp"

namespace refnet::io {
namespace {

namespace fs = std::filesystem;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A 2x3 table: a name needing CSV quoting, a real with one NaN, and whole
// numbers of both signs.
Table small_table() {
    return {{"name", "score", "count"},
            {{std::string("Smith, \"Doc\""), 0.5, std::uint64_t{3}},
             {std::string("Lee"), kNaN, std::int64_t{-2}}}};
}

std::string render(const Table& table, Format format) {
    std::ostringstream out;
    write_table(table, format, out);
    return out.str();
}

TEST(WriteTable, Csv) {
    EXPECT_EQ(render(small_table(), Format::csv),
              "name,score,count\n"
              "\"Smith, \"\"Doc\"\"\",0.5,3\n"
              "Lee,,-2\n");
}

TEST(WriteTable, Json) {
    // Objects keep the column order; NaN is null.
    EXPECT_EQ(render(small_table(), Format::json),
              "[\n"
              "  {\n"
              "    \"name\": \"Smith, \\\"Doc\\\"\",\n"
              "    \"score\": 0.5,\n"
              "    \"count\": 3\n"
              "  },\n"
              "  {\n"
              "    \"name\": \"Lee\",\n"
              "    \"score\": null,\n"
              "    \"count\": -2\n"
              "  }\n"
              "]\n");
}

TEST(WriteTable, AlignedText) {
    // Widths 12 (Smith, "Doc"), 5, 5 with two spaces between columns; text is
    // left-aligned, numbers right-aligned, NaN blank.
    EXPECT_EQ(render(small_table(), Format::table),
              "name          score  count\n"
              "Smith, \"Doc\"    0.5      3\n"
              "Lee" +
                  std::string(21, ' ') + "-2\n");
}

TEST(WriteTable, TextShowsSixSignificantDigitsAndEscapesControlCharacters) {
    const Table t{{"label", "x"}, {{std::string("tab\there"), 2.0 / 3.0}}};
    EXPECT_EQ(render(t, Format::table), "label" + std::string(15, ' ') +
                                            "x\n" +  // 11 + 2 + 8 characters wide
                                            "tab\\x09here  0.666667\n");
    // CSV keeps every digit.
    EXPECT_EQ(render(t, Format::csv), "label,x\ntab\there,0.6666666666666666\n");
}

TEST(WriteTable, EmptyTable) {
    const Table t{{"a", "b"}, {}};
    EXPECT_EQ(render(t, Format::csv), "a,b\n");
    EXPECT_EQ(render(t, Format::json), "[]\n");
    EXPECT_EQ(render(t, Format::table), "a  b\n");
}

TEST(WrapText, OneListItemALineAndLongItemsBrokenAtSpaces) {
    EXPECT_EQ(wrap_text("", 10), std::vector<std::string>{""});
    EXPECT_EQ(wrap_text("short", 10), std::vector<std::string>{"short"});
    // Each item keeps its ';'; "dd ee ff gg" (11) breaks after "ee" (5 + 1 + 2 = 8).
    EXPECT_EQ(wrap_text("aa 1; bb cc 2; dd ee ff gg", 8),
              (std::vector<std::string>{"aa 1;", "bb cc 2;", "dd ee ff", "gg"}));
    // A word longer than a line is kept whole, on a line of its own.
    EXPECT_EQ(wrap_text("x abcdefghijk y", 5), (std::vector<std::string>{"x", "abcdefghijk", "y"}));
    // A trailing separator adds no empty line.
    EXPECT_EQ(wrap_text("a; ", 5), std::vector<std::string>{"a;"});
}

TEST(WriteTable, LongLastColumnWrapsUnderItself) {
    // The first column is 58 wide, so the last starts at 60 and gets 40
    // characters (kTableWidth 100): the list goes one item a line, indented to 60.
    const std::string name(58, 'n');
    const std::string item(30, 'd');
    const Table t{{"name", "destinations"}, {{name, item + " 1; " + item + " 2"}}};
    EXPECT_EQ(render(t, Format::table), "name" + std::string(54, ' ') + "  destinations\n" + name +
                                            "  " + item + " 1;\n" + std::string(60, ' ') + item +
                                            " 2\n");
    // Columns before it that leave less than 40 (kLeastWrappedWidth): the
    // table is wider than a terminal anyway and the text stays on one line.
    const Table wide{{"name", "destinations"}, {{name + "nnn", item + " 1; " + item + " 2"}}};
    EXPECT_EQ(render(wide, Format::table), "name" + std::string(57, ' ') + "  destinations\n" +
                                               name + "nnn  " + item + " 1; " + item + " 2\n");
    // Rows that fit are not wrapped, and CSV never is.
    const Table fits{{"name", "destinations"}, {{std::string("a"), std::string("b 1; c 2")}}};
    EXPECT_EQ(render(fits, Format::table), "name  destinations\na     b 1; c 2\n");
    EXPECT_EQ(render(t, Format::csv),
              "name,destinations\n" + name + "," + item + " 1; " + item + " 2\n");
}

TEST(FormatReal, ShortestTextThatRoundTrips) {
    EXPECT_EQ(format_real(0.1), "0.1");
    EXPECT_EQ(format_real(1e-300), "1e-300");
    EXPECT_EQ(format_real(2.0 / 3.0), "0.6666666666666666");
    EXPECT_EQ(format_real(-84.3866), "-84.3866");
    EXPECT_EQ(format_real(4.0), "4");
    for (const double v : {0.1, 1e-300, 2.0 / 3.0, 0.22498225150456605, 1.7976931348623157e308,
                           4.9406564584124654e-324}) {
        EXPECT_EQ(std::strtod(format_real(v).c_str(), nullptr), v) << format_real(v);
    }
}

TEST(FormatReal, NonFiniteIsEmpty) {
    EXPECT_EQ(format_real(kNaN), "");
    EXPECT_EQ(format_real(std::numeric_limits<double>::infinity()), "");
    EXPECT_EQ(format_real(-std::numeric_limits<double>::infinity()), "");
}

class WriteAtomically : public ::testing::Test {
   protected:
    [[nodiscard]] std::vector<std::string> entries() const {
        std::vector<std::string> names;
        for (const auto& e : fs::directory_iterator(dir_)) names.push_back(e.path().filename());
        return names;
    }
    static std::string contents(const fs::path& path) {
        // Through rdbuf: istreambuf_iterator trips GCC 12's -Wnull-dereference.
        std::ifstream in(path, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        return text.str();
    }
    TempDir temp_{"refnet_output_test"};
    fs::path dir_ = temp_.path();
};

TEST_F(WriteAtomically, WritesTheContentAndLeavesNoTempFile) {
    const fs::path target = dir_ / "out.csv";
    write_atomically(target.string(), [](std::ostream& out) { out << "a,b\n1,2\n"; });
    EXPECT_EQ(contents(target), "a,b\n1,2\n");
    EXPECT_EQ(entries(), (std::vector<std::string>{"out.csv"}));
    // Readable by others, like any output file (mkstemp alone would give 0600).
    const auto perms = fs::status(target).permissions();
    EXPECT_NE(perms & fs::perms::others_read, fs::perms::none);
}

TEST_F(WriteAtomically, ReplacesAnExistingFile) {
    const fs::path target = dir_ / "out.json";
    std::ofstream(target) << "old contents that are longer than the new ones\n";
    write_atomically(target.string(), [](std::ostream& out) { out << "{}\n"; });
    EXPECT_EQ(contents(target), "{}\n");
    EXPECT_EQ(entries(), (std::vector<std::string>{"out.json"}));
}

TEST_F(WriteAtomically, ExistingFileIsUntouchedWhenTheWriterThrows) {
    const fs::path target = dir_ / "out.csv";
    std::ofstream(target) << "old\n";
    EXPECT_THROW_MSG(write_atomically(target.string(),
                                      [](std::ostream& out) {
                                          out << "half a table";
                                          throw std::logic_error("writer failed");
                                      }),
                     std::logic_error, "writer failed");
    EXPECT_EQ(contents(target), "old\n");
    EXPECT_EQ(entries(), (std::vector<std::string>{"out.csv"}));
}

TEST_F(WriteAtomically, MissingDirectoryNamesThePath) {
    const std::string target = (dir_ / "no_such_dir" / "out.csv").string();
    try {
        write_atomically(target, [](std::ostream& out) { out << "x"; });
        FAIL() << "expected std::runtime_error";
    } catch (const std::runtime_error& e) {
        EXPECT_EQ(std::string(e.what()),
                  target + ": cannot create output (No such file or directory)");
    }
    EXPECT_TRUE(entries().empty());
}

// ------------------------------------------------------------ reports

// Providers A (primary_care), B (medical_specialist), C (no group) and four
// referral rows, read and built the way load_dataset does, in memory.
Dataset tiny_dataset(const std::string& referrals) {
    Dataset data;
    std::istringstream providers(
        "id,name,group\nA,Alpha,primary_care\nB,\"Beta, MD\",medical_specialist\nC,Gamma,\n");
    ProviderRows rows = read_providers(providers, "p.csv", data.diagnostics);
    for (auto& p : rows.providers) {
        data.ids.insert(p.id);
        data.groups.push_back(p.group);
        data.providers.push_back(std::move(p));
    }
    std::istringstream in(referrals);
    data.referrals =
        read_referrals(in, "r.csv", data.ids, UnknownIds::reject, data.needs, data.diagnostics)
            .referrals;
    graph::BuildResult built = graph::build_network(data.ids.size(), data.referrals);
    data.network = std::move(built.network);
    data.build = built.report;
    return data;
}

const char* const kTinyReferrals =
    "date,from,to,count,status,days_to_appointment,feedback_days,satisfaction\n"
    "2024-01-10,A,B,2,completed,7,3,4\n"
    "2024-03-05,A,B,1,scheduled,20,,\n"
    "2024-02-01,B,A,1,completed,10,5,5\n"
    "2024-04-01,A,C,3,sent,,,\n";

TEST(EdgesTable, ColumnsAndValuesWorkedOutByHand) {
    const Dataset data = tiny_dataset(kTinyReferrals);
    const Table t = edges_table(data);
    EXPECT_EQ(t.columns, (std::vector<std::string>{"from", "to", "count", "completed",
                                                   "closed_loop", "on_time", "mean_satisfaction",
                                                   "first_date", "last_date", "reciprocal_count"}));
    // A->B: rows 1 and 2, count 2 + 1 = 3; completed, closed loop (feedback) and
    //   on time (7 <= 14 days) only for row 1, weight 2; rated 4 by row 1 only,
    //   so the count-weighted mean is 4*2/2 = 4; B->A sends 1 back.
    // A->C: one "sent" row of 3, nothing completed or rated; no edge back.
    // B->A: one completed row, feedback, 10 days, rated 5; A->B sends 3.
    EXPECT_EQ(render(t, Format::csv),
              "from,to,count,completed,closed_loop,on_time,mean_satisfaction,first_date,"
              "last_date,reciprocal_count\n"
              "A,B,3,2,2,2,4,2024-01-10,2024-03-05,1\n"
              "A,C,3,0,0,0,,2024-04-01,2024-04-01,0\n"
              "B,A,1,1,1,1,5,2024-02-01,2024-02-01,3\n");
}

TEST(EdgesTable, ColumnsNoEventCarriedAreBlank) {
    // Aggregated data (like CMS): counts only; a self-loop is its own reciprocal 0.
    const Dataset data = tiny_dataset("from,to,count\nA,B,2\nB,B,5\n");
    EXPECT_EQ(render(edges_table(data), Format::csv),
              "from,to,count,completed,closed_loop,on_time,mean_satisfaction,first_date,"
              "last_date,reciprocal_count\n"
              "A,B,2,,,,,,,0\n"
              "B,B,5,,,,,,,0\n");
}

TEST(MetricsTable, ColumnsAndValuesWorkedOutByHand) {
    const Dataset data = tiny_dataset(kTinyReferrals);
    const Table t = metrics_table(data, graph::provider_metrics(data.network));
    EXPECT_EQ(t.columns, (std::vector<std::string>{"id", "name", "group", "in_degree", "out_degree",
                                                   "in_volume", "out_volume", "pagerank",
                                                   "betweenness", "reciprocity", "community"}));
    ASSERT_EQ(t.rows.size(), 3U);
    auto text = [&](std::size_t row, std::size_t col) {
        return std::get<std::string>(t.rows[row][col]);
    };
    auto whole = [&](std::size_t row, std::size_t col) {
        return std::get<std::uint64_t>(t.rows[row][col]);
    };
    auto real = [&](std::size_t row, std::size_t col) {
        return std::get<double>(t.rows[row][col]);
    };
    EXPECT_EQ(text(0, 0), "A");
    EXPECT_EQ(text(1, 1), "Beta, MD");
    EXPECT_EQ(text(0, 2), "primary_care");
    EXPECT_EQ(text(1, 2), "medical_specialist");
    EXPECT_EQ(text(2, 2), "unknown");
    // Edges A->B (3), A->C (3), B->A (1).
    const std::vector<std::vector<std::uint64_t>> degrees{
        {1, 2, 1, 6},  // A: in from B; out to B and C; volumes 1 in, 3 + 3 out
        {1, 1, 3, 1},  // B
        {1, 0, 3, 0},  // C
    };
    for (std::size_t u = 0; u < 3; ++u) {
        for (std::size_t k = 0; k < 4; ++k)
            EXPECT_EQ(whole(u, 3 + k), degrees[u][k]) << u << "," << k;
    }
    // PageRank, d = 0.85: A splits evenly to B and C (3 each), B sends all to A,
    // C is dangling (spread over all three). By symmetry x_B = x_C = b and
    // x_A = 1 - 2b = 0.05 + 0.85 (b + b/3), so b = 0.95 / (47/15) = 57/188 and
    // x_A = 37/94.
    EXPECT_NEAR(real(0, 7), 37.0 / 94.0, 1e-9);
    EXPECT_NEAR(real(1, 7), 57.0 / 188.0, 1e-9);
    EXPECT_NEAR(real(2, 7), 57.0 / 188.0, 1e-9);
    // Betweenness: only B->C passes through A (B->A->C); normalised by
    // (n-1)(n-2) = 2, A scores 1/2.
    EXPECT_DOUBLE_EQ(real(0, 8), 0.5);
    EXPECT_DOUBLE_EQ(real(1, 8), 0.0);
    EXPECT_DOUBLE_EQ(real(2, 8), 0.0);
    // networkx.reciprocity(G, u) = 2 |pred & succ| / (|pred| + |succ|):
    // A: 2*1/(1+2), B: 2*1/(1+1), C: 0/(1+0).
    EXPECT_DOUBLE_EQ(real(0, 9), 2.0 / 3.0);
    EXPECT_DOUBLE_EQ(real(1, 9), 1.0);
    EXPECT_DOUBLE_EQ(real(2, 9), 0.0);
    // Undirected weights A-B 4, A-C 3: every split has negative modularity
    // ({A,B}|{C}: 4/7 - (11/14)^2 - (3/14)^2 < 0), so one community, Q = 0.
    for (std::size_t u = 0; u < 3; ++u) EXPECT_EQ(whole(u, 10), 0U);
}

TEST(StatsJson, KeysAndValues) {
    const Dataset data = tiny_dataset(kTinyReferrals);
    const auto summary = graph::summarize(data.network, data.groups, data.build);
    const auto json = stats_json(summary);
    std::vector<std::string> keys;
    for (const auto& item : json.items()) keys.push_back(item.key());
    EXPECT_EQ(keys, (std::vector<std::string>{"providers", "edges", "referrals", "self_loops",
                                              "self_loop_referrals", "density", "reciprocity",
                                              "weak_components", "largest_component", "communities",
                                              "modularity", "date_range", "group_flows"}));
    EXPECT_EQ(json["providers"], 3);
    EXPECT_EQ(json["edges"], 3);
    EXPECT_EQ(json["referrals"], 7);  // 2 + 1 + 1 + 3
    EXPECT_EQ(json["self_loops"], 0);
    EXPECT_EQ(json["self_loop_referrals"], 0);
    EXPECT_DOUBLE_EQ(json["density"].get<double>(), 0.5);            // 3 / (3 * 2)
    EXPECT_DOUBLE_EQ(json["reciprocity"].get<double>(), 2.0 / 3.0);  // A->B, B->A of 3
    EXPECT_EQ(json["weak_components"], 1);
    EXPECT_EQ(json["largest_component"], 3);
    EXPECT_EQ(json["communities"], 1);
    EXPECT_NEAR(json["modularity"].get<double>(), 0.0, 1e-12);
    EXPECT_EQ(json["date_range"].dump(), R"({"first":"2024-01-10","last":"2024-04-01"})");
    // Group pairs in enum order (unknown first), zero flows left out.
    EXPECT_EQ(json["group_flows"].dump(),
              R"([{"from":"primary_care","to":"unknown","referrals":3},)"
              R"({"from":"primary_care","to":"medical_specialist","referrals":3},)"
              R"({"from":"medical_specialist","to":"primary_care","referrals":1}])");
}

TEST(StatsJson, NetworkWithoutEdgesHasNulls) {
    const Dataset data = tiny_dataset("from,to\n");
    const auto json = stats_json(graph::summarize(data.network, data.groups, data.build));
    EXPECT_EQ(json["providers"], 3);
    EXPECT_EQ(json["edges"], 0);
    EXPECT_TRUE(json["reciprocity"].is_null());
    EXPECT_TRUE(json["modularity"].is_null());
    EXPECT_TRUE(json["date_range"].is_null());
    EXPECT_EQ(json["group_flows"].dump(), "[]");
    EXPECT_EQ(json["weak_components"], 3);
}

TEST(StatsTable, OneRowPerMeasure) {
    const Dataset data = tiny_dataset(kTinyReferrals);
    const Table t = stats_table(graph::summarize(data.network, data.groups, data.build));
    EXPECT_EQ(t.columns, (std::vector<std::string>{"measure", "value"}));
    std::vector<std::string> names;
    for (const auto& row : t.rows) names.push_back(std::get<std::string>(row[0]));
    EXPECT_EQ(names,
              (std::vector<std::string>{
                  "providers", "edges", "referrals", "self_loops", "self_loop_referrals", "density",
                  "reciprocity", "weak_components", "largest_component", "communities",
                  "modularity", "first_date", "last_date", "group_flow:primary_care->unknown",
                  "group_flow:primary_care->medical_specialist",
                  "group_flow:medical_specialist->primary_care"}));
    EXPECT_EQ(std::get<std::string>(t.rows[0][1]), "3");
    EXPECT_EQ(std::get<std::string>(t.rows[11][1]), "2024-01-10");
    EXPECT_EQ(std::get<std::uint64_t>(t.rows[13][1]), 3U);
}

// Alpha (A), "Beta, MD" (B) and Gamma (C): which contain the query, any case.
std::vector<std::string> search_ids(const Dataset& data, std::string_view query,
                                    std::size_t limit = 10) {
    std::vector<std::string> ids;
    for (const auto& p : search_providers_json(data, query, limit))
        ids.push_back(p["id"].get<std::string>());
    return ids;
}

TEST(SearchProviders, CaseBlindOverIdAndNameInNetworkOrderUpToTheLimit) {
    const Dataset data = tiny_dataset(kTinyReferrals);
    EXPECT_EQ(search_ids(data, "ALP"), (std::vector<std::string>{"A"}));
    EXPECT_EQ(search_ids(data, "md"), (std::vector<std::string>{"B"}));
    EXPECT_EQ(search_ids(data, "c"), (std::vector<std::string>{"C"}));  // the id only
    EXPECT_EQ(search_ids(data, "A"), (std::vector<std::string>{"A", "B", "C"}));
    EXPECT_EQ(search_ids(data, "a", 2), (std::vector<std::string>{"A", "B"}));
    EXPECT_EQ(search_ids(data, "alphabet"), (std::vector<std::string>{}));
    EXPECT_EQ(
        search_providers_json(data, "gAmMa", 10).dump(),
        R"([{"id":"C","name":"Gamma","specialty":"","group":"unknown","city":"","state":""}])");
}

TEST(ReadSummaryTable, OneRowPerFile) {
    Dataset data;
    data.files.push_back({"p.csv", 4, 3, 1, 0});
    data.files.push_back({"n.csv", 10, 7, 0, 3});
    EXPECT_EQ(render(read_summary_table(data), Format::csv),
              "file,rows,accepted,skipped,ignored\np.csv,4,3,1,0\nn.csv,10,7,0,3\n");
}

TEST(Clip, CutsCharactersNotBytesWithAnEllipsis) {
    EXPECT_EQ(clip("Parkway Physical Therapist Associates", 34),
              "Parkway Physical Therapist Associ…");  // 33 characters and the ellipsis
    EXPECT_EQ(clip("Daniel Davis, RD", 34), "Daniel Davis, RD");
    EXPECT_EQ(clip("abcd", 4), "abcd");
    EXPECT_EQ(clip("abcde", 4), "abc…");
    EXPECT_EQ(clip("éééé é", 4), "ééé…");  // two-byte characters kept whole
}

// What a terminal would act on is shown, not obeyed: an ESC sequence in a
// name retitled the terminal; U+202E reversed the rest of the line.
TEST(TerminalSafe, ShowsControlAndBidiCharactersAsEscapes) {
    EXPECT_EQ(terminal_safe("Ann\x1b]0;pwned\x07 Lee"), "Ann\\x1b]0;pwned\\x07 Lee");
    EXPECT_EQ(terminal_safe("\x1b[2J"), "\\x1b[2J");
    EXPECT_EQ(terminal_safe("a\x7f"), "a\\x7f");
    EXPECT_EQ(terminal_safe("\xc2\x9b"
                            "31m"),
              "\\x9b31m");  // C1 CSI, U+009B
    EXPECT_EQ(terminal_safe("Dr \xe2\x80\xae"
                            "evil"),
              "Dr \\u202eevil");                                      // U+202E
    EXPECT_EQ(terminal_safe("one\xe2\x80\xa8two"), "one\\u2028two");  // U+2028
    EXPECT_EQ(terminal_safe("x\xe2\x81\xa6y"), "x\\u2066y");          // U+2066 isolate
    EXPECT_EQ(terminal_safe("\xe2\x80\x8f"), "\\u200f");              // right-to-left mark
    EXPECT_EQ(terminal_safe("\xff"), "\\xff");                        // not UTF-8
}

TEST(TerminalSafe, LeavesTextAlone) {
    EXPECT_EQ(terminal_safe("Zoë Müller, MD – Côte"), "Zoë Müller, MD – Côte");
    EXPECT_EQ(terminal_safe("北京 clinic 🙂"), "北京 clinic 🙂");
    EXPECT_EQ(terminal_safe(""), "");
}

}  // namespace
}  // namespace refnet::io

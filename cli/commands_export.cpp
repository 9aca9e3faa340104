// export: the loaded network as hash-partitioned CSVs for Spark GraphFrames.
#include <algorithm>
#include <iostream>
#include <refnet/io/export.hpp>

#include "common.hpp"

namespace refnet::cli {

namespace {

// 6123 -> "6,123": the summary line is read by people, and national exports
// have eight-digit counts.
std::string with_thousands(std::uint64_t value) {
    std::string digits = std::to_string(value);
    for (std::size_t i = digits.size(); i > 3; i -= 3) digits.insert(i - 3, 1, ',');
    return digits;
}

}  // namespace

std::function<int()> setup_export_command(CLI::App& app) {
    struct State {
        io::InputSpec inputs;
        io::ExportParams params;
        std::string out;
    };
    auto state = std::make_shared<State>();
    app.footer(
        "Writes DIR/vertices/part-NNNNN.csv (id,name,taxonomy,specialty,group,city,state,zip,"
        "lat,lon),\nDIR/edges/part-NNNNN.csv (src,dst,count,beneficiaries,completed,closed_loop; "
        "a column the\ndata lacks is left empty), DIR/_SUCCESS and DIR/manifest.json. A vertex "
        "is in partition\nfnv1a_64(id) % N, an edge in the partition of its src. DIR appears "
        "complete or not at all.\nRead with spark.read.csv(DIR/vertices, header=True, "
        "escape='\"', multiLine=True).");
    add_input_options(app, state->inputs);
    app.add_option("--partitions", state->params.partitions, "Number of partitions N")
        ->required()
        ->check(CLI::Range(1U, io::kMaxExportPartitions));
    app.add_option(
           "--min-count", state->params.min_count,
           "Leave out edges with fewer referrals than this (CMS suppresses counts below 11)")
        ->default_val(0);
    add_suppression_option(app, state->params.small_counts);
    app.add_flag("--force", state->params.force, "Replace DIR if it holds an earlier export");
    app.add_flag_callback(
        "--raw-cells", [state] { state->params.cells = io::CsvCells::raw; },
        "Write text cells exactly as they are, for machine consumers such as Spark (default: a "
        "cell a spreadsheet would run as a formula gets a leading ')");
    app.add_option("-o,--output", state->out, "Output directory DIR (its parent must exist)")
        ->required();
    return [state]() {
        const io::Dataset data = load_reporting(state->inputs);
        const io::ExportReport report = io::export_partitions(data, state->params, state->out);
        std::cout << "wrote " << state->out << ": " << with_thousands(report.partitions)
                  << " partition" << (report.partitions == 1 ? "" : "s") << ", "
                  << with_thousands(report.vertices) << " vertices, "
                  << with_thousands(report.edges) << " edges";
        const std::uint64_t least =
            std::max<std::uint64_t>(state->params.min_count, state->params.small_counts.below);
        if (least > 1) {
            std::cout << " (" << with_thousands(report.dropped_edges) << " edges with count < "
                      << least << " left out)";
        }
        std::cout << '\n';
        return kExitOk;
    };
}

}  // namespace refnet::cli

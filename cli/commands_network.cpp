// validate, stats and metrics: read, build, measure, print.
#include <algorithm>
#include <iostream>
#include <optional>
#include <refnet/graph/member_summary.hpp>
#include <refnet/graph/summary.hpp>

#include "common.hpp"

namespace refnet::cli {

namespace {

std::function<int()> setup_validate(CLI::App& app) {
    struct State {
        io::InputSpec inputs;
        OutputOptions output;
    };
    auto state = std::make_shared<State>();
    add_input_options(app, state->inputs);
    add_output_options(app, state->output);
    app.add_flag("--strict-npi", state->inputs.strict_npi,
                 "Treat a ten-digit provider id that fails the NPI check digit as an error "
                 "(default: a warning)");
    return [state]() {
        require_inputs(state->inputs);
        io::InputSpec spec = state->inputs;
        spec.check_npi = true;
        spec.lenient = true;  // validate reports every problem, not only the first
        const io::Dataset data = io::load_dataset(spec, io::builtin_taxonomy(), read_progress());
        const auto& items = data.diagnostics.items();
        const std::size_t errors = data.diagnostics.error_count();
        emit(state->output, [&](std::ostream& out) {
            if (state->output.parsed_format() == io::Format::json) {
                nlohmann::ordered_json problems = nlohmann::ordered_json::array();
                for (const auto& d : items) {
                    problems.push_back(
                        {{"severity",
                          d.severity == Diagnostic::Severity::error ? "error" : "warning"},
                         {"file", d.file},
                         {"line", d.line},
                         {"column", d.column},
                         {"message", d.message}});
                }
                nlohmann::ordered_json files = nlohmann::ordered_json::array();
                for (const auto& f : data.files) files.push_back(io::read_stats_json(f));
                out << nlohmann::ordered_json{{"files", files},
                                              {"providers", data.network.num_nodes()},
                                              {"edges", data.network.num_edges()},
                                              {"nppes_matched", data.nppes_matched},
                                              {"errors", errors},
                                              {"warnings", data.diagnostics.warning_count()},
                                              {"problems", problems}}
                           .dump(2)
                    << '\n';
                return;
            }
            if (state->output.parsed_format() == io::Format::csv) {
                // One table per CSV: the problems, which is what gets filtered and fixed.
                io::write_table(io::problems_table(data.diagnostics), io::Format::csv, out);
                return;
            }
            io::write_table(io::read_summary_table(data), io::Format::table, out);
            out << '\n';
            if (!state->inputs.nppes.empty()) {
                out << "NPPES rows naming a provider in the network: " << data.nppes_matched
                    << '\n';
            }
            for (const auto& d : items) out << d.to_string() << '\n';
            out << errors << " error" << (errors == 1 ? "" : "s") << ", "
                << data.diagnostics.warning_count() << " warning"
                << (data.diagnostics.warning_count() == 1 ? "" : "s") << '\n';
        });
        return errors > 0 ? kExitDataError : kExitOk;
    };
}

std::function<int()> setup_stats(CLI::App& app) {
    struct State {
        io::InputSpec inputs;
        OutputOptions output;
        std::uint64_t seed = 1;
        std::vector<std::string> focals;
        std::string org;
        std::string org_name;
        graph::SmallCounts small;
    };
    auto state = std::make_shared<State>();
    add_input_options(app, state->inputs);
    add_output_options(app, state->output);
    add_suppression_option(app, state->small);
    app.add_option("--seed", state->seed, "Seed for community detection (Louvain)")
        ->default_val(1)
        ->check(unsigned_whole());
    add_member_options(app, state->focals, state->org, state->org_name,
                       "to summarise beside the network");
    return [state]() {
        const io::Dataset data = load_reporting(state->inputs);
        std::vector<graph::NodeId> members;
        if (!state->focals.empty() || !state->org.empty()) {
            members = resolve_members(data, state->focals, state->org, state->org_name);
        }
        graph::SummaryParams params;
        params.louvain.seed = state->seed;
        const graph::NetworkSummary summary =
            graph::summarize(data.network, data.groups, data.build, params);
        std::optional<graph::MemberSummary> focal;
        if (!members.empty()) focal = graph::summarize_members(data.network, data.groups, members);
        emit(state->output, [&](std::ostream& out) {
            switch (state->output.parsed_format()) {
                case io::Format::json: {
                    nlohmann::ordered_json json = io::stats_json(summary);
                    if (focal) json["focal"] = io::member_summary_json(data, members, *focal);
                    write_counts_json(std::move(json), state->small, out);
                    break;
                }
                case io::Format::csv: {
                    io::Table table = io::stats_table(summary);
                    if (focal) {
                        io::Table more = io::member_summary_table(data, members, *focal);
                        table.rows.insert(table.rows.end(), more.rows.begin(), more.rows.end());
                    }
                    write_counts_table(std::move(table), io::Format::csv, state->small, out);
                    break;
                }
                case io::Format::table:
                    io::write_stats_text(summary, out, state->small);
                    if (focal)
                        io::write_member_summary_text(data, members, *focal, out, state->small);
                    break;
            }
        });
        return kExitOk;
    };
}

std::function<int()> setup_metrics(CLI::App& app) {
    struct State {
        io::InputSpec inputs;
        OutputOptions output;
        bool edges = false;
        std::uint64_t seed = 1;
        std::vector<std::string> skip;
        double tolerance = 1e-10;
        graph::SmallCounts small;
    };
    auto state = std::make_shared<State>();
    add_input_options(app, state->inputs);
    add_output_options(app, state->output);
    add_suppression_option(app, state->small);
    app.add_flag("--edges", state->edges, "One row per aggregated edge instead of per provider");
    app.add_option("--seed", state->seed, "Seed for community detection (Louvain)")
        ->default_val(1)
        ->check(unsigned_whole());
    app.add_option("--skip", state->skip,
                   "Measures to leave out (empty columns): betweenness (O(n m), hours at "
                   "national scale), communities")
        ->delimiter(',')
        ->check(CLI::IsMember({"betweenness", "communities"}));
    app.add_option("--tolerance", state->tolerance,
                   "PageRank stops when the L1 change between iterations is below this")
        ->default_val(1e-10)
        ->check(finite_positive());
    return [state]() {
        const io::Dataset data = load_reporting(state->inputs);
        io::Table table;
        if (state->edges) {
            table = io::edges_table(data);
        } else {
            graph::ProviderMetricsParams params;
            params.louvain.seed = state->seed;
            params.pagerank.tolerance = state->tolerance;
            const auto skipped = [&](const char* name) {
                return std::find(state->skip.begin(), state->skip.end(), name) != state->skip.end();
            };
            params.with_betweenness = !skipped("betweenness");
            params.with_communities = !skipped("communities");
            table = io::metrics_table(data, graph::provider_metrics(data.network, params));
        }
        emit(state->output, [&](std::ostream& out) {
            write_counts_table(std::move(table), state->output.parsed_format(), state->small, out);
        });
        return kExitOk;
    };
}

}  // namespace

std::function<int()> setup_validate_command(CLI::App& app) { return setup_validate(app); }
std::function<int()> setup_stats_command(CLI::App& app) { return setup_stats(app); }
std::function<int()> setup_metrics_command(CLI::App& app) { return setup_metrics(app); }

}  // namespace refnet::cli

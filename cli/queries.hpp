// What a command answers from data already loaded: its query options (not
// its inputs or output) and its answer, written to a stream. The commands call
// them once they have read their inputs; `serve` calls them per request on
// the data it keeps warm, so the API's JSON is the CLI's by construction.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <ostream>
#include <refnet/graph/metrics.hpp>
#include <refnet/graph/small_counts.hpp>
#include <refnet/io/dataset.hpp>
#include <refnet/io/output.hpp>
#include <refnet/scoring/health.hpp>
#include <refnet/scoring/recommend.hpp>
#include <refnet/scoring/weights.hpp>
#include <string>
#include <vector>

#include "common.hpp"

namespace refnet::cli {

struct RecommendOptions {
    io::InputSpec inputs;
    OutputOptions output;
    std::vector<std::string> focals;
    std::string org;
    std::string org_name;
    std::size_t top = 25;
    std::string mode = "prospects";
    std::vector<std::string> groups;
    std::vector<std::string> taxonomies;
    std::vector<std::string> states;
    double within_km = -1.0;
    bool accepting_new = false;
    bool telehealth = false;
    std::string as_of;
    std::string weights;
    std::string needs_dir;
    bool all = false;
    bool explain = false;
    graph::SmallCounts small;
};

/// recommend's options but its inputs, output and --suppress-below.
void add_recommend_query_options(CLI::App& app, RecommendOptions& opt);
/// --weights read (UsageError for a bad spec, InputError for a bad file).
[[nodiscard]] scoring::Weights recommend_weights(const RecommendOptions& opt);
/// The scoring context of `data` as of `as_of` (later events dropped first).
[[nodiscard]] scoring::Context recommend_context(const RecommendOptions& opt, io::Dataset& data,
                                                 graph::Date as_of);
/// The recommendations for --focal/--org as `format` (table, CSV or JSON).
void write_recommendations(const RecommendOptions& opt, const io::Dataset& data,
                           const scoring::Context& context, const scoring::Weights& weights,
                           io::Format format, std::ostream& out);

struct HealthOptions {
    io::InputSpec inputs;
    std::vector<std::string> focals;
    std::string org;
    std::string org_name;
    std::string by;
    std::string as_of;
    std::string window = "90d";
    std::string history = "24m";
    std::string cadence = "90d";
    std::int32_t loop_days = 30;
    std::size_t top = 0;  ///< rows (health) or items (followups) to list; 0: all
    graph::SmallCounts small;
};

/// health's or followups' options but inputs, output and --suppress-below:
/// --as-of, --window, --history, --cadence, --loop-days, the members, --top
/// (followups: and --by).
void add_health_query_options(CLI::App& app, HealthOptions& opt, bool followups);
/// The options as scoring's parameters (UsageError for a bad period or date).
[[nodiscard]] scoring::HealthParams health_params(const HealthOptions& opt);
/// Partner health of the members as `format`, on data already cut at --as-of
/// (`flows`: graph::group_flows of it).
void write_health(const HealthOptions& opt, const io::Dataset& data, const graph::GroupFlows& flows,
                  io::Format format, std::ostream& out);
/// The follow-up queue as table, csv, json or ics.
void write_followups(const HealthOptions& opt, const io::Dataset& data,
                     const graph::GroupFlows& flows, const std::string& format, std::ostream& out);

struct LeakageOptions {
    std::vector<std::string> focals;
    std::string org;
    std::string org_name;
    std::string in_network;  ///< a file of ids; the CLI reads it
    std::string as_of;
    std::string window = "12m";
    std::uint32_t partner_least = 3;
    graph::SmallCounts small;
};
/// leakage's options but inputs, output and --suppress-below.
void add_leakage_query_options(CLI::App& app, LeakageOptions& opt);
/// The members' leakage as `format` on data already cut at --as-of;
/// `network`: the --in-network ids (nullopt: the default network).
void write_leakage(const LeakageOptions& opt, const io::Dataset& data,
                   const std::optional<std::vector<graph::NodeId>>& network, io::Format format,
                   std::ostream& out);

struct ShareOptions {
    std::vector<std::string> focals;
    std::string org;
    std::string org_name;
    std::vector<std::string> taxonomies;
    std::string as_of;
    std::string window = "12m";
    std::size_t top = 25;
    graph::SmallCounts small;
};
/// share's options but inputs, output and --suppress-below.
void add_share_query_options(CLI::App& app, ShareOptions& opt);
/// The members' share of their service line as `format`, on data already cut
/// at --as-of.
void write_share(const ShareOptions& opt, const io::Dataset& data, io::Format format,
                 std::ostream& out);

}  // namespace refnet::cli

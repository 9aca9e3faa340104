// Writers: tables as aligned text, CSV or JSON; reports for `stats`,
// `metrics` and `validate`; and the one place that writes files (temp + rename).
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <ostream>
#include <refnet/graph/member_summary.hpp>
#include <refnet/graph/metrics.hpp>
#include <refnet/graph/small_counts.hpp>
#include <refnet/graph/summary.hpp>
#include <refnet/io/dataset.hpp>
#include <refnet/io/terminal_text.hpp>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace refnet::io {

enum class Format { table, csv, json };

/// A cell: empty (missing/undefined), text, whole number or real.
using Cell = std::variant<std::monostate, std::string, std::int64_t, std::uint64_t, double>;

struct Table {
    std::vector<std::string> columns;
    std::vector<std::vector<Cell>> rows;
};

/// Shortest text that reads back as the same double (std::to_chars), so CSV and
/// JSON lose no precision; NaN and infinities become "".
[[nodiscard]] std::string format_real(double value);

/// The width a table's rows keep to, and the least room the columns before a
/// long text last column must leave it for it to be wrapped.
inline constexpr std::size_t kTableWidth = 100;
inline constexpr std::size_t kLeastWrappedWidth = 40;

/// `text` in lines of at most `most` characters for a table cell: a
/// "; "-separated list one item a line (each but the last keeps its ';'),
/// items broken at spaces; a single word longer than `most` is not cut.
[[nodiscard]] std::vector<std::string> wrap_text(std::string_view text, std::size_t most);

/// table: columns aligned for a terminal (numbers right-aligned, reals to 6
/// significant digits; a long text last column wrapped under itself so rows
/// keep to kTableWidth where the columns before leave it kLeastWrappedWidth);
/// csv: RFC 4180 with a header; json: an array of objects.
void write_table(const Table& table, Format format, std::ostream& out);

/// Writes through a temporary file in the target's directory and renames it into
/// place, so readers never see a half-written file. The new file keeps the mode
/// of the one it replaces, else 0666 less the umask. A symbolic link's target
/// is replaced (the link stays); a device or FIFO (/dev/null) is written in
/// place. Temporaries are removed on SIGINT, SIGTERM and SIGHUP, and those a
/// killed run left are swept by the next write of the same file. Throws
/// std::runtime_error naming the path when the directory is not writable, the
/// path is a directory, or the write fails.
void write_atomically(const std::string& path, const std::function<void(std::ostream&)>& write);

/// {"file", "rows", "accepted", "skipped", "ignored"}: one input file's counts.
[[nodiscard]] nlohmann::ordered_json read_stats_json(const ReadStats& stats);

[[nodiscard]] nlohmann::ordered_json stats_json(const graph::NetworkSummary& summary);
/// [{"from", "to", "referrals"}] for every pair of groups with a flow.
[[nodiscard]] nlohmann::ordered_json group_flows_json(const graph::GroupFlows& flows);
/// One provider's ego network: "nodes" (the focal first, then its partners:
/// id, name, specialty, group, city, state) and "edges" among them (from, to,
/// referrals), both directions.
[[nodiscard]] nlohmann::ordered_json ego_json(const Dataset& data, graph::NodeId focal);
/// Providers whose id, name, specialty or city contains `query` (case-blind),
/// the first `limit` in id order: id, name, specialty, group, city, state.
[[nodiscard]] nlohmann::ordered_json search_providers_json(const Dataset& data,
                                                           std::string_view query,
                                                           std::size_t limit);
/// measure,value rows; group flows as "group_flow:FROM->TO", the date range as
/// first_date and last_date.
[[nodiscard]] Table stats_table(const graph::NetworkSummary& summary);
/// Key/value lines followed by the group-flow matrix.
/// Counts under `small.below` show as "<N" (--suppress-below).
void write_stats_text(const graph::NetworkSummary& summary, std::ostream& out,
                      const graph::SmallCounts& small = {});

/// `stats --focal/--org`: the members seen as one provider (ids, counts,
/// reciprocity, referrals by the other side's group).
[[nodiscard]] nlohmann::ordered_json member_summary_json(const Dataset& data,
                                                         std::span<const graph::NodeId> members,
                                                         const graph::MemberSummary& summary);
/// The same as measure,value rows prefixed "focal:" (out_by_group as
/// "focal:sent_to:GROUP"), to append to stats_table's.
[[nodiscard]] Table member_summary_table(const Dataset& data,
                                         std::span<const graph::NodeId> members,
                                         const graph::MemberSummary& summary);
/// A heading naming the members, then the figures in words.
void write_member_summary_text(const Dataset& data, std::span<const graph::NodeId> members,
                               const graph::MemberSummary& summary, std::ostream& out,
                               const graph::SmallCounts& small = {});

/// One row per provider: id,name,group,in_degree,…,community.
[[nodiscard]] Table metrics_table(const Dataset& data, const graph::ProviderMetrics& metrics);
/// One row per aggregated edge: from,to,count,…,reciprocal_count.
[[nodiscard]] Table edges_table(const Dataset& data);
/// severity,file,line,column,message for every problem found.
[[nodiscard]] Table problems_table(const Diagnostics& diagnostics);
/// Rows read, accepted and skipped per file.
[[nodiscard]] Table read_summary_table(const Dataset& data);

}  // namespace refnet::io

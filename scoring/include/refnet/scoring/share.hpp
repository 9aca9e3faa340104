// Share of referrals in a service line: for every provider who refers into
// it, how much goes to the organisation and how much to each competitor
// (docs/cli/share.md).
#pragma once

#include <array>
#include <cstdint>
#include <refnet/graph/provider.hpp>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace refnet::scoring {

struct ShareParams {
    graph::Date as_of = graph::kNoDate;  ///< kNoDate: the day after the last referral
    graph::Period window{12, 0};         ///< referrals counted: this long before as-of
    /// The service line's taxonomy codes; empty: the members' own.
    std::vector<std::string> taxonomies;
    double loyal = 0.5;  ///< a share at least this is a loyalist
    double split = 0.1;  ///< at least this (below loyal) a splitter; below it an opportunity
    std::size_t competitors = 3;  ///< competitors named per referrer
};

enum class Segment : std::uint8_t { loyalist, splitter, opportunity };
[[nodiscard]] std::string_view segment_key(Segment s);

struct Referrer {
    graph::NodeId id = graph::kNoNode;
    std::uint64_t service_line = 0;  ///< its referrals into the service line in the window
    std::uint64_t to_members = 0;
    /// The competitors it sent the most, most first: (provider, referrals).
    std::vector<std::pair<graph::NodeId, std::uint64_t>> competitors;
    Segment segment = Segment::opportunity;
    [[nodiscard]] std::uint64_t at_stake() const { return service_line - to_members; }
    [[nodiscard]] double share() const {
        return service_line == 0
                   ? 0.0
                   : static_cast<double>(to_members) / static_cast<double>(service_line);
    }
};

struct ShareReport {
    graph::Date as_of = graph::kNoDate;
    graph::Date window_start = graph::kNoDate;  ///< kNoDate: undated data, all referrals count
    std::vector<graph::NodeId> members;
    std::vector<std::string> taxonomies;  ///< the service line
    std::uint64_t service_line = 0;       ///< referrals into it from non-members
    std::uint64_t to_members = 0;
    std::array<std::uint64_t, 3> referrers{};  ///< per Segment
    std::array<std::uint64_t, 3> at_stake{};   ///< per Segment: referrals to competitors
    /// Splitters and opportunities first, by referrals at stake; then loyalists.
    std::vector<Referrer> rows;
};

/// The service line's taxonomies: `params.taxonomies`, or the members' own.
[[nodiscard]] std::vector<std::string> service_line(std::span<const graph::Provider> providers,
                                                    std::span<const graph::NodeId> members,
                                                    const ShareParams& params);
/// Whom referrals into the service line go to: the members and every provider
/// of its taxonomies (data without events lists their edges; share counts the
/// referrals into them).
[[nodiscard]] std::vector<graph::NodeId> service_line_receivers(
    std::span<const graph::Provider> providers, std::span<const graph::NodeId> members,
    const ShareParams& params);

/// Throws std::invalid_argument when `members` is empty or out of range, the
/// window is not positive, or the thresholds are not 0 < split < loyal <= 1.
[[nodiscard]] ShareReport referral_share(std::span<const graph::Provider> providers,
                                         std::span<const graph::Referral> referrals,
                                         std::span<const graph::NodeId> members,
                                         const ShareParams& params);

}  // namespace refnet::scoring

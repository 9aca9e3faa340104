// The self-contained HTML report for one focal provider: inline CSS, SVG and a
// few lines of script for sortable tables; no external fetches (a Content
// Security Policy forbids them), usable offline and printable.
#pragma once

#include <cstdint>
#include <refnet/graph/network.hpp>
#include <refnet/graph/provider.hpp>
#include <refnet/graph/small_counts.hpp>
#include <refnet/scoring/backtest.hpp>
#include <refnet/scoring/expansion.hpp>
#include <refnet/scoring/health.hpp>
#include <refnet/scoring/leakage.hpp>
#include <refnet/scoring/recommend.hpp>
#include <span>
#include <string>

namespace refnet::viz {

struct ReportInput {
    const graph::Network& network;
    std::span<const graph::Provider> providers;
    std::span<const graph::Group> groups;
    std::span<const graph::Referral> referrals;
    std::span<const std::uint32_t> community;
    graph::NodeId focal = graph::kNoNode;
    graph::Date as_of = graph::kNoDate;
    const scoring::RecommendResult& prospects;
    const scoring::RecommendResult& strengthen;
    std::string ego_svg;                            ///< Graphviz SVG of the ego view
    const scoring::HealthReport* health = nullptr;  ///< nullptr: no health sections
    std::span<const scoring::FollowUp> followups;
    /// refnet leakage's figures for the focal alone; nullptr: the headline's
    /// community leakage and no "Where referrals leave your network" section.
    const scoring::LeakageReport* leakage = nullptr;
    /// The expansion gap analysis and each partner type's best candidates;
    /// nullptr: no "Where to expand" section.
    const scoring::ExpansionReport* expansion = nullptr;
    std::span<const scoring::RecommendResult> expansion_candidates;
    /// An organisation's members, seen as one focal (internal referrals are
    /// neither sent nor received); empty: the focal alone.
    std::span<const graph::NodeId> members;
    std::string organisation;  ///< the organisation's name for the title; empty: none
    /// Where the figures come from, for the header: the inputs' fingerprint
    /// (io::content_hash, as tune records it) and the RefNet version.
    struct Provenance {
        std::string data_hash;
        std::string version;
    } provenance{};
    /// A backtest of the ranking on this data (dated data only); nullptr: no
    /// "Does the ranking predict here?" section.
    const scoring::BacktestResult* scorecard = nullptr;
    /// --suppress-below: counts of referrals and patients from 1 to N - 1
    /// read "<N" or "fewer than N", with the shares and trend points they
    /// would give away.
    graph::SmallCounts small_counts{};
};

/// The figures at the top of the report.
struct Headline {
    std::uint64_t referrals_in = 0;
    std::uint64_t referrals_out = 0;
    std::uint64_t internal = 0;  ///< between an organisation's members
    std::uint32_t partners = 0;  ///< providers referring to or from the focal (members aside)
    double reciprocity = 0.0;    ///< networkx.reciprocity of the focal; NaN when isolated
    double closed_loop_rate =
        0.0;  ///< notes back on the focal's outbound referrals; NaN without data
    double median_days_to_appointment = 0.0;  ///< outbound referrals with a date; NaN without data
    double leakage = 0.0;  ///< share of outbound referrals leaving the focal's referral community
};

[[nodiscard]] Headline headline(const ReportInput& input);

/// Referrals per calendar month, in and out, from the first to the last month
/// with any. `first_month` is year * 12 + month - 1.
struct MonthlyTrend {
    int first_month = 0;
    std::vector<std::uint64_t> in;
    std::vector<std::uint64_t> out;
};
[[nodiscard]] MonthlyTrend monthly_trend(const ReportInput& input);

/// The whole page. Every string from data is escaped for HTML.
[[nodiscard]] std::string html_report(const ReportInput& input);

}  // namespace refnet::viz

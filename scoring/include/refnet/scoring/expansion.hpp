// Expansion gap analysis: which of an organisation's patients' needs nobody
// in it or among its partners covers, and which partner types would
// (docs/cli/recommend.md#where-to-expand).
#pragma once

#include <cstdint>
#include <refnet/graph/id_map.hpp>
#include <refnet/graph/needs.hpp>
#include <refnet/graph/provider.hpp>
#include <refnet/scoring/recommend.hpp>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace refnet::scoring {

struct ExpansionInputs {
    std::span<const graph::Provider> providers;
    std::span<const graph::Referral> referrals;
    const graph::IdMap& referral_needs;     ///< names of the referrals' need ids
    const graph::NeedCatalogue& catalogue;  ///< profiles where a provider has none; who serves what
};

struct ExpansionParams {
    graph::Date as_of = graph::kNoDate;  ///< kNoDate: the day after the last referral
    graph::Period window{12, 0};         ///< the year whose patients are counted
    double serves = 0.5;                 ///< a served weight at least this covers a need
    /// Partner types considered: these groups; empty: every group but the members' own.
    std::vector<graph::Group> groups;
    std::size_t types = 5;  ///< partner types proposed
};

struct NeedCoverage {
    std::string need;
    double patients = 0.0;  ///< a year: members' referrals in and out × their seen share
    double in_house = 0.0;  ///< share the members serve themselves (their best served weight)
    /// Share of the rest that existing partners take: of the members' referrals
    /// for the need, those to providers who serve it (1 when a partner serves it
    /// and none were referred).
    double partners_share = 0.0;
    std::vector<std::pair<graph::NodeId, std::uint64_t>> partners;  ///< covering, by referrals
    double uncovered = 0.0;  ///< patients a year: patients × (1 - in house) × (1 - partners)
};

struct PartnerType {
    std::string taxonomy;
    std::string specialty;  ///< its providers' display label; the code when none has one
    graph::Group group = graph::Group::unknown;
    double uncovered = 0.0;          ///< patients a year of the needs it serves
    std::vector<std::string> needs;  ///< the uncovered needs it serves, most first
};

struct ExpansionReport {
    graph::Date as_of = graph::kNoDate;
    graph::Date window_start = graph::kNoDate;
    std::vector<graph::NodeId> members;
    std::vector<NeedCoverage> needs;  ///< every need with patients, the most uncovered first
    std::vector<PartnerType> types;   ///< ranked by the uncovered demand they serve
};

/// Throws std::invalid_argument when `members` is empty or out of range.
[[nodiscard]] ExpansionReport expansion_gaps(const ExpansionInputs& inputs,
                                             std::span<const graph::NodeId> members,
                                             const ExpansionParams& params);

/// The best `per_type` candidates of each of `report`'s partner types by the
/// ranking model: `request` (mode expand) filtered to the type's group and
/// taxonomy. One result per report.types entry.
[[nodiscard]] std::vector<RecommendResult> best_of_types(const Context& context, Request request,
                                                         const ExpansionReport& report,
                                                         std::size_t per_type);

}  // namespace refnet::scoring

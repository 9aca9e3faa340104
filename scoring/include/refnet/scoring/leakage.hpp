// Leakage: where an organisation's referrals go when they leave its network,
// by need and by provider group, with who in the network could have taken
// them (docs/cli/leakage.md).
#pragma once

#include <cstdint>
#include <optional>
#include <refnet/graph/id_map.hpp>
#include <refnet/graph/provider.hpp>
#include <span>
#include <string>
#include <vector>

namespace refnet::scoring {

struct LeakageInputs {
    std::span<const graph::Provider> providers;
    std::span<const graph::Referral> referrals;
    const graph::IdMap& needs;  ///< names of the referrals' need ids
};

struct LeakageParams {
    graph::Date as_of = graph::kNoDate;  ///< kNoDate: the day after the last referral
    graph::Period window{12, 0};         ///< the referrals measured: this long before as-of
    /// Without an in-network list: the members plus every provider they
    /// referred to at least this often in the year before the window.
    std::uint32_t partner_least = 3;
    std::size_t destinations = 3;  ///< out-of-network destinations listed per row
    std::size_t alternatives = 2;  ///< in-network alternatives listed per destination
};

/// An out-of-network provider the members referred to, and the in-network
/// providers of its taxonomy that could have taken the referrals: accepting
/// new patients (or not saying), nearest to the members first.
struct Destination {
    graph::NodeId id = graph::kNoNode;
    std::uint64_t referrals = 0;
    std::vector<graph::NodeId> alternatives;
};

/// Referrals of one need (or to one provider group) in the window.
struct LeakageRow {
    std::string key;  ///< need tag, or group key
    std::uint64_t referrals = 0;
    std::uint64_t leaked = 0;
    std::vector<Destination> destinations;  ///< the most referred-to first
};

struct LeakagePeriod {
    graph::Date start;  ///< a calendar quarter's first day
    std::uint64_t referrals = 0;
    std::uint64_t leaked = 0;
};

struct MemberLeakage {
    graph::NodeId member = graph::kNoNode;
    std::uint64_t referrals = 0;
    std::uint64_t leaked = 0;
};

struct LeakageReport {
    graph::Date as_of = graph::kNoDate;
    graph::Date window_start = graph::kNoDate;  ///< kNoDate: undated data, every referral counts
    std::vector<graph::NodeId> members;
    bool default_network = true;   ///< no in-network list given: members + established partners
    std::uint64_t in_network = 0;  ///< providers in network besides the members
    std::uint64_t internal = 0;    ///< referrals between members: neither counted nor leaked
    std::uint64_t referrals = 0;   ///< members' referrals to others in the window
    std::uint64_t leaked = 0;
    bool has_patients = false;  ///< some referral carries a beneficiary count (CMS)
    std::uint64_t patients = 0;
    std::uint64_t patients_leaked = 0;
    std::vector<LeakageRow>
        by_need;  ///< the most leaked first; referrals without a need are "(none)"
    std::vector<LeakageRow> by_group;  ///< the same by the receiver's group
    std::vector<LeakagePeriod> trend;  ///< every calendar quarter with referrals, in-network fixed
    std::vector<MemberLeakage> by_member;
    /// Referrals carry no patient id, so whether a patient referred in network
    /// was referred on out of it cannot be seen: always false for now.
    bool chains_visible = false;
};

/// Throws std::invalid_argument when `members` is empty or names a provider
/// out of range, or the window is not positive.
[[nodiscard]] LeakageReport leakage(const LeakageInputs& inputs,
                                    std::span<const graph::NodeId> members,
                                    const std::optional<std::vector<graph::NodeId>>& in_network,
                                    const LeakageParams& params);

}  // namespace refnet::scoring

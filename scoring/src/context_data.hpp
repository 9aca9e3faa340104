// The Context's data: what one request reads, built once per network. Internal
// to scoring; the public Context exposes only what callers outside need.
//
// About half of it exists only for speed (the speed-ups' own structs, the
// compact provider columns, need-fit profiles): each is named for the
// speed-up in scoring/src/fast/ or the signal in scoring/src/signals/ that
// builds and reads it.
#pragma once

#include <array>
#include <cstdint>
#include <refnet/graph/metrics.hpp>
#include <refnet/scoring/recommend.hpp>
#include <string>
#include <unordered_map>
#include <vector>

#include "fast/class_path.hpp"
#include "fast/hub_bitmaps.hpp"
#include "fast/service_grid.hpp"

namespace refnet::scoring {
struct PropensityModel {
    std::uint32_t taxonomies = 0;
    /// rate[s * taxonomies + t]: shrunk share of taxonomy s's referrals going to t.
    std::vector<double> rate;
    std::vector<double> row_max;  ///< each sender taxonomy's largest rate
    std::uint64_t referrals = 0;  ///< training referrals counted (self-referrals left out)
};

/// Referrals each provider received from each taxonomy's providers
/// (signals/peer_referrals.hpp): per sender taxonomy, its receivers sorted
/// by NodeId with their counts.
struct PeerReferralCounts {
    std::vector<std::uint64_t> offsets;  ///< taxonomy t's receivers: [offsets[t], offsets[t + 1])
    std::vector<graph::NodeId> receiver;
    std::vector<std::uint32_t> count;  ///< saturates at 2^32 - 1
    /// Per taxonomy, its entries' offsets within its range, the most referred first.
    std::vector<std::uint16_t> by_count;
    double log_max = 0.0;  ///< log(1 + the largest count)
    /// The signal of each count below its size, worked out once: the class
    /// path reads ~50,000 a request.
    std::vector<double> signal_of_count;
};
}  // namespace refnet::scoring

namespace refnet::scoring {

struct Context::Data {
    Data(const graph::Network& net, std::span<const graph::Provider> providers_in,
         std::span<const graph::Group> groups_in, std::span<const graph::Referral> referrals_in,
         graph::Date as_of_in, const ScoringParams& params_in, const EngineOptions& engine_in)
        : network(net),
          providers(providers_in),
          groups(groups_in),
          referrals(referrals_in),
          as_of(as_of_in),
          params(params_in),
          engine(engine_in) {}

    const graph::Network& network;
    std::uint64_t serial = 0;  // unique per Context: names per-thread copies of its data
    std::span<const graph::Provider> providers;
    std::span<const graph::Group> groups;
    std::span<const graph::Referral> referrals;
    graph::Date as_of;
    ScoringParams params;
    EngineOptions engine;

    // Needs (signals/need_fit.cpp).
    graph::IdMap needs;
    std::vector<std::string> need_labels;
    std::vector<graph::NeedId> referral_need_map;  // referral need id -> context need id
    NeedMatrix seen;                               // n x K, rows sum to 1
    NeedMatrix served;                             // n x K
    NeedMatrix unmet;                              // seen * (1 - served): what each refers out
    Eigen::VectorXf unmet_total;
    // Providers whose served and unmet rows are bit-for-bit equal share a profile,
    // so a request computes need fit once per profile, not once per candidate.
    std::vector<std::uint32_t> profile;
    std::uint32_t profile_count = 0;
    // The first provider of each profile: need fit is always computed from its
    // rows, so a value never depends on which member a request met first (Eigen
    // may sum equal rows in a different order when they are aligned differently).
    std::vector<graph::NodeId> profile_representative;
    PropensityModel propensity;  // signals/propensity.cpp

    // Each sender's referrals (CSR over indices into `referrals`): the focal's history.
    std::vector<std::uint64_t> sender_offsets;
    std::vector<std::uint32_t> sender_referrals;
    std::vector<std::uint64_t> receiver_offsets;  // the same by receiver
    std::vector<std::uint32_t> receiver_referrals;
    graph::Date first_referral = graph::kNoDate;  // the data's first dated referral

    // Influence (signals/influence.cpp).
    std::vector<std::uint64_t> in_volume;
    std::vector<double> influence;      // log in-volume over the network's largest
    PeerReferralCounts peer_referrals;  // signals/peer_referrals.cpp

    // Trust (signals/trust.cpp): how each provider treats referrals from everyone.
    std::vector<double> reputation;  // NaN when no outcome data reached the provider
    std::vector<std::uint64_t> received_closed;
    std::vector<std::uint64_t> received_completed;
    std::vector<std::uint64_t> received_known;
    std::vector<double> received_satisfaction;
    bool has_outcomes = false;

    // Reciprocity (signals/reciprocity.cpp): share of group g's referrals to group h.
    std::array<std::array<double, graph::kGroupCount>, graph::kGroupCount> group_rate{};
    graph::GroupFlows group_flows{};  // the counts behind it: strengthen's one-sided test

    // Ties in a ranking go to the smaller external id; ranking the ids once
    // turns those string comparisons into integer ones.
    std::vector<graph::NodeId> id_rank;
    std::vector<std::uint32_t> taxonomy_id;  // interned taxonomy codes: peers compare as integers
    // Columns of the provider fields every candidate reads: a request then
    // streams 17 bytes a candidate instead of its whole Provider record.
    std::vector<std::uint32_t> partner_count;  // graph::partner_counts
    std::vector<double> lat;
    std::vector<double> lon;
    std::vector<std::uint8_t> telehealth;
    std::vector<std::uint8_t> capacity;  // signals/capacity.hpp
    bool any_location = false;
    bool any_capacity = false;  // some provider says whether it accepts new patients
    bool any_telehealth = false;

    ServiceGrid grid;          // fast/service_grid.cpp
    HubBitmaps hubs;           // fast/hub_bitmaps.cpp
    CandidateClasses classes;  // fast/class_path.cpp
};

}  // namespace refnet::scoring

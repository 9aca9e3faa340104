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

#include "column.hpp"
#include "fast/class_path.hpp"
#include "fast/hub_bitmaps.hpp"
#include "fast/service_grid.hpp"

namespace refnet::scoring {
/// A provider x need matrix, row-major: built as a NeedMatrix, or read in
/// place from a snapshot (fast/stored_context.cpp).
class NeedRows {
   public:
    NeedRows() = default;
    NeedRows(const NeedRows&) = delete;  // its view points into its own matrix
    NeedRows& operator=(const NeedRows&) = delete;

    void adopt(NeedMatrix built) {
        built_ = std::move(built);
        values_ = Column<float>::viewing({built_.data(), static_cast<std::size_t>(built_.size())});
        cols_ = built_.cols();
    }
    void view(Column<float> values, Eigen::Index cols) {
        built_ = NeedMatrix();
        values_ = std::move(values);
        cols_ = cols;
    }

    [[nodiscard]] Eigen::Map<const Eigen::RowVectorXf> row(std::size_t u) const {
        return {values_.data() + u * static_cast<std::size_t>(cols_), cols_};
    }
    [[nodiscard]] Eigen::Index cols() const { return cols_; }
    [[nodiscard]] const Column<float>& values() const { return values_; }

   private:
    NeedMatrix built_;
    Column<float> values_;
    Eigen::Index cols_ = 0;
};

struct PropensityModel {
    std::uint32_t taxonomies = 0;
    /// rate[s * taxonomies + t]: shrunk share of taxonomy s's referrals going to t.
    Column<double> rate;
    Column<double> row_max;       ///< each sender taxonomy's largest rate
    std::uint64_t referrals = 0;  ///< training referrals counted (self-referrals left out)
};

/// Referrals each provider received from each taxonomy's providers
/// (signals/peer_referrals.hpp): per sender taxonomy, its receivers sorted
/// by NodeId with their counts.
struct PeerReferralCounts {
    Column<std::uint64_t> offsets;  ///< taxonomy t's receivers: [offsets[t], offsets[t + 1])
    Column<graph::NodeId> receiver;
    Column<std::uint32_t> count;  ///< saturates at 2^32 - 1
    /// Per taxonomy, its entries' offsets within its range, the most referred first.
    Column<std::uint16_t> by_count;
    double log_max = 0.0;  ///< log(1 + the largest count)
    /// The signal of each count below its size, worked out once: the class
    /// path reads ~50,000 a request.
    Column<double> signal_of_count;
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
    std::uint64_t key = 0;     // fast/stored_context.hpp: what it was built from
    std::span<const graph::Provider> providers;
    std::span<const graph::Group> groups;
    std::span<const graph::Referral> referrals;
    graph::Date as_of;
    ScoringParams params;
    EngineOptions engine;

    // Needs (signals/need_fit.cpp).
    graph::IdMap needs;
    std::vector<std::string> need_labels;
    Column<graph::NeedId> referral_need_map;  // referral need id -> context need id
    NeedRows seen;                            // n x K, rows sum to 1
    NeedRows served;                          // n x K
    NeedRows unmet;                           // seen * (1 - served): what each refers out
    Column<float> unmet_total;
    // Providers whose served and unmet rows are bit-for-bit equal share a profile,
    // so a request computes need fit once per profile, not once per candidate.
    Column<std::uint32_t> profile;
    std::uint32_t profile_count = 0;
    // The first provider of each profile: need fit is always computed from its
    // rows, so a value never depends on which member a request met first (Eigen
    // may sum equal rows in a different order when they are aligned differently).
    Column<graph::NodeId> profile_representative;
    PropensityModel propensity;  // signals/propensity.cpp

    // Each sender's referrals (CSR over indices into `referrals`): the focal's history.
    Column<std::uint64_t> sender_offsets;
    Column<std::uint32_t> sender_referrals;
    Column<std::uint64_t> receiver_offsets;  // the same by receiver
    Column<std::uint32_t> receiver_referrals;
    graph::Date first_referral = graph::kNoDate;  // the data's first dated referral

    // Influence (signals/influence.cpp).
    Column<std::uint64_t> in_volume;
    Column<double> influence;   // log in-volume over the network's largest
    Column<double> out_volume;  // referrals sent: the count walk's totals (signals/structure.cpp)
    PeerReferralCounts peer_referrals;  // signals/peer_referrals.cpp

    // Trust (signals/trust.cpp): how each provider treats referrals from everyone.
    Column<double> reputation;  // NaN when no outcome data reached the provider
    Column<std::uint64_t> received_closed;
    Column<std::uint64_t> received_completed;
    Column<std::uint64_t> received_known;
    Column<double> received_satisfaction;
    bool has_outcomes = false;

    // Reciprocity (signals/reciprocity.cpp): share of group g's referrals to group h.
    std::array<std::array<double, graph::kGroupCount>, graph::kGroupCount> group_rate{};
    graph::GroupFlows group_flows{};  // the counts behind it: strengthen's one-sided test

    // Ties in a ranking go to the smaller external id; ranking the ids once
    // turns those string comparisons into integer ones.
    Column<graph::NodeId> id_rank;
    Column<std::uint32_t> taxonomy_id;  // interned taxonomy codes: peers compare as integers
    // Columns of the provider fields every candidate reads: a request then
    // streams 17 bytes a candidate instead of its whole Provider record.
    Column<std::uint32_t> partner_count;  // graph::partner_counts
    Column<double> lat;
    Column<double> lon;
    Column<std::uint8_t> telehealth;
    Column<std::uint8_t> capacity;  // signals/capacity.hpp
    bool any_location = false;
    bool any_capacity = false;  // some provider says whether it accepts new patients
    bool any_telehealth = false;

    ServiceGrid grid;          // fast/service_grid.cpp
    HubBitmaps hubs;           // fast/hub_bitmaps.cpp
    CandidateClasses classes;  // fast/class_path.cpp
};

}  // namespace refnet::scoring

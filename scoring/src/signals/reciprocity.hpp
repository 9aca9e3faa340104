// Reciprocity: will the partnership run both ways? For a prospect, the return
// it can be expected to send: the share of its unmet needs the focal treats,
// times the share of its provider group's referrals that go to the focal's
// group. For an existing partner
// (strengthen), how balanced the tie is: min(sent, received) / max.
#pragma once

#include <algorithm>
#include <cstdint>
#include <unordered_map>
#include <utility>

#include "focal.hpp"
#include "signals/need_fit.hpp"

namespace refnet::scoring {

/// Share of each provider group's referrals that go to each group, built into the Context.
void build_group_rates(Context::Data& data);

class Reciprocity {
   public:
    explicit Reciprocity(const Focal& focal);

    /// Share of group g's referrals that go to the focal's group.
    [[nodiscard]] double return_rate(graph::Group g) const {
        return ctx_.group_rate[static_cast<std::size_t>(g)][focal_group_];
    }
    /// A prospect's expected return, in [0, 1].
    [[nodiscard]] double expected(const NeedFit::Fit& fit, graph::Group g) const {
        return fit.inbound * return_rate(g);
    }
    /// An existing tie's balance in [0, 1].
    [[nodiscard]] static double balance(std::uint64_t sent, std::uint64_t received) {
        const double hi = static_cast<double>(std::max(sent, received));
        return hi > 0 ? static_cast<double>(std::min(sent, received)) / hi : 0.0;
    }
    /// Referrals each way with c and the focal's referrals to c in the last year
    /// and the year before (ties only), and c's group's return rate.
    void add_evidence(graph::NodeId c, Evidence& ev) const;

   private:
    const Focal& focal_;
    const Context::Data& ctx_;
    std::size_t focal_group_;
    // The focal's referrals to each receiver: last year, the year before.
    std::unordered_map<graph::NodeId, std::pair<std::uint64_t, std::uint64_t>> sent_by_year_;
};

}  // namespace refnet::scoring

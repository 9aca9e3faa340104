// Structure: how close a candidate already sits to the focal in the referral
// network. Half Adamic–Adar over the undirected partner graph
// (graph/link_prediction.hpp) on a log scale, half a personalised PageRank from
// the focal along referral counts (graph/ppr_push.hpp) on the walk scale
// (log_scale.hpp): absolute, so a filter never changes a candidate's value.
//
// Adamic–Adar is summed for every candidate at once by expanding the focal's
// partners, the hubs among them last, so a sum reads the same whether a hub's
// partners were visited or tested in its bitmap (fast/hub_bitmaps.hpp; the
// class path defers the hubs and tests them only for providers that could make
// the list).
#pragma once

#include <cstdint>
#include <vector>

#include "focal.hpp"
#include "log_scale.hpp"

namespace refnet::scoring {

class Structure {
   public:
    struct Hub {
        graph::NodeId id;
        double weight;
        const std::uint64_t* bits;
    };

    /// Runs the count walk and expands the focal's partners; with `defer_hubs`,
    /// hub partners are kept aside in `hubs()` for the class path.
    Structure(Focal& focal, bool defer_hubs);

    /// Adds Adamic–Adar weight `w` of partner z to each of z's partners' sums.
    void expand(graph::NodeId z, double w);
    /// A sum with the deferred hubs' part added; `light` is the part the expansion gave.
    [[nodiscard]] double with_hubs(graph::NodeId c, double light) const {
        for (const Hub& h : hubs_) {
            if (c != h.id && bit_set(h.bits, c)) light += h.weight;
        }
        return light;
    }
    /// c's Adamic–Adar sum (with any deferred hubs).
    [[nodiscard]] double adamic_adar(graph::NodeId c) const {
        return with_hubs(c, scratch_.adamic_adar[c]);
    }
    /// c's walk estimate.
    [[nodiscard]] double walk(graph::NodeId c) const { return scratch_.ppr.estimate(c); }
    /// The signal; increasing in both, so a bound on the sum bounds the signal.
    [[nodiscard]] static double combine(double aa, double walk) {
        return combine_scaled(aa, walk_scale(walk));
    }
    /// The same with the walk's value already on its scale.
    [[nodiscard]] static double combine_scaled(double aa, double scaled_walk) {
        return (aa == 0.0 ? 0.0 : 0.5 * std::log1p(aa)) + 0.5 * scaled_walk;
    }
    /// Partners c shares with the focal (`full` only).
    void add_evidence(graph::NodeId c, bool full, Evidence& ev) const;

    [[nodiscard]] const std::vector<Hub>& hubs() const { return hubs_; }
    /// What the deferred hubs add to a sum at most.
    [[nodiscard]] double hub_weight() const { return hub_weight_; }
    [[nodiscard]] const graph::PushState& count_walk() const { return scratch_.ppr; }

   private:
    [[nodiscard]] bool is_partner(graph::NodeId z, graph::NodeId v) const;
    const Focal& focal_;
    FocalScratch& scratch_;
    std::vector<Hub> hubs_;
    double hub_weight_ = 0.0;
};

}  // namespace refnet::scoring

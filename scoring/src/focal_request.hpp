// One request's signals put together: the six signal units prepared for the
// focal, each candidate's raw values, their maxima over the request's
// candidates, and the normalised signals and blend. The exhaustive path
// (recommend.cpp) and the class path (fast/class_path.cpp) both score through it.
#pragma once

#include <numeric>

#include "focal.hpp"
#include "signals/influence.hpp"
#include "signals/need_fit.hpp"
#include "signals/proximity.hpp"
#include "signals/reciprocity.hpp"
#include "signals/structure.hpp"
#include "signals/trust.hpp"

namespace refnet::scoring {

/// The largest raw value of each relative signal over the request's candidates.
struct Maxima {
    double fit = 0.0;
    double expected = 0.0;
    double trust_walk = 0.0;
    double adamic_adar = 0.0;
    double count_walk = 0.0;
};

class FocalRequest {
   public:
    /// `defer_hubs`: the class path tests hub partners' bitmaps itself.
    FocalRequest(Focal& of, bool defer_hubs)
        : focal(of),
          need_fit(of),
          reciprocity(of),
          structure(of, defer_hubs),
          trust(of, structure.count_walk()),
          total_weight(std::accumulate(of.request.weights.value.begin(),
                                       of.request.weights.value.end(), 0.0)) {}

    /// The facts behind c's signals; the per-candidate pass needs only some of
    /// them (`full` false), the picks all of them.
    [[nodiscard]] Evidence evidence_of(graph::NodeId c, bool full) {
        Evidence ev;
        need_fit.add_evidence(c, full, ev);
        ev.distance_km = distance_km(focal, c);
        reciprocity.add_evidence(c, ev);
        if (full) ev.referrals_received = focal.ctx.in_volume[c];
        trust.add_evidence(c, full, ev);
        structure.add_evidence(c, full, ev);
        if (full) add_influence_evidence(focal.ctx, c, ev);
        return ev;
    }

    /// c's signals before the relative ones are divided by their best candidate's.
    [[nodiscard]] Raw raw_of(graph::NodeId c, const Evidence& ev) {
        Raw r;
        const NeedFit::Fit& fit = need_fit.fit(c);
        r.outbound = fit.outbound;
        at(r.s, Signal::need_fit) = need_fit.value(fit, focal.ctx.taxonomy_id[c]);
        at(r.s, Signal::proximity) = proximity(focal, c, ev.distance_km);
        if (focal.strengthen()) {
            at(r.s, Signal::reciprocity) = Reciprocity::balance(ev.sent_to, ev.received_from);
        } else {
            r.recip_expected = reciprocity.expected(fit, focal.ctx.groups[c]);
        }
        r.trust_second = trust.second_hand(c);
        r.structure_aa = structure.adamic_adar(c);
        r.structure_ppr = structure.walk(c);
        at(r.s, Signal::influence) = influence(focal.ctx, c);
        return r;
    }

    void add_to_maxima(const Raw& r) {
        max.fit = std::max(max.fit, at(r.s, Signal::need_fit));
        if (!focal.strengthen()) max.expected = std::max(max.expected, r.recip_expected);
        max.trust_walk = std::max(max.trust_walk, r.trust_second);
        max.adamic_adar = std::max(max.adamic_adar, r.structure_aa);
        max.count_walk = std::max(max.count_walk, r.structure_ppr);
    }

    /// The relative signals divided by their best candidate's, and trust put together.
    void normalise(Raw& r, graph::NodeId c) const {
        double& fit = at(r.s, Signal::need_fit);
        fit = max.fit > 0 ? fit / max.fit : 0.0;
        if (!focal.strengthen()) {
            at(r.s, Signal::reciprocity) = max.expected > 0 ? r.recip_expected / max.expected : 0.0;
        }
        const double second = max.trust_walk > 0 ? r.trust_second / max.trust_walk : 0.0;
        at(r.s, Signal::trust) = trust.combine(c, second);
        at(r.s, Signal::structure) =
            Structure::combine(r.structure_aa, max.adamic_adar, r.structure_ppr, max.count_walk);
    }

    [[nodiscard]] double blend_of(const Raw& r) const {
        return weighted_sum(r.s, focal.request.weights) / total_weight;
    }

    Focal& focal;
    NeedFit need_fit;
    Reciprocity reciprocity;
    Structure structure;
    Trust trust;
    Maxima max;
    double total_weight;
};

}  // namespace refnet::scoring

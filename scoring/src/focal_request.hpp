// One request's signals put together: the six signal units prepared for the
// focal, each candidate's raw values, its signals on their absolute scales and
// the model's score. The exhaustive path (recommend.cpp) and the class path
// (fast/class_path.cpp) both score through it. Nothing here depends on the
// other candidates of the request, so a filter never changes a score.
#pragma once

#include "focal.hpp"
#include "signals/capacity.hpp"
#include "signals/influence.hpp"
#include "signals/need_fit.hpp"
#include "signals/peer_referrals.hpp"
#include "signals/proximity.hpp"
#include "signals/reciprocity.hpp"
#include "signals/structure.hpp"
#include "signals/trust.hpp"

namespace refnet::scoring {

class FocalRequest {
   public:
    /// `defer_hubs`: the class path tests hub partners' bitmaps itself.
    FocalRequest(Focal& of, bool defer_hubs)
        : focal(of),
          need_fit(of),
          reciprocity(of),
          structure(of, defer_hubs),
          trust(of, structure.count_walk()) {
        scatter_peer_referrals(of);
    }

    /// The facts behind c's signals; the per-candidate pass needs only some of
    /// them (`full` false), the picks all of them.
    [[nodiscard]] Evidence evidence_of(graph::NodeId c, bool full) {
        Evidence ev;
        need_fit.add_evidence(c, full, ev);
        ev.distance_km = distance_km(focal, c);
        ev.peer_referrals = peer_referral_count(focal, c);
        reciprocity.add_evidence(c, ev);
        trust.add_evidence(c, full, ev);
        structure.add_evidence(c, full, ev);
        if (full) add_influence_evidence(focal.ctx, c, ev);
        return ev;
    }

    /// c's signals but trust and structure, whose walks `finish` puts on their scale.
    [[nodiscard]] Raw raw_of(graph::NodeId c, const Evidence& ev) {
        Raw r;
        NeedFit::Fit& fit = need_fit.fit(c);
        r.outbound = fit.outbound;
        const NeedFit::Scored need = need_fit.scored(fit, focal.ctx.taxonomy_id[c]);
        r.fit = need.value;
        at(r.s, Signal::need_fit) = need.signal;
        at(r.s, Signal::proximity) = proximity(focal, c, ev.distance_km);
        at(r.s, Signal::reciprocity) = focal.strengthen()
                                           ? Reciprocity::balance(ev.sent_to, ev.received_from)
                                           : reciprocity.expected(fit, focal.ctx.groups[c]);
        r.trust_second = trust.second_hand(c);
        r.structure_aa = structure.adamic_adar(c);
        r.structure_ppr = structure.walk(c);
        at(r.s, Signal::influence) = influence(focal.ctx, c);
        at(r.s, Signal::capacity) = capacity(focal.ctx, c);
        at(r.s, Signal::peer_referrals) = peer_referrals_signal(focal.ctx, ev.peer_referrals);
        return r;
    }

    /// Trust and structure from the walks' values and the Adamic–Adar sum.
    void finish(Raw& r, graph::NodeId c) const {
        const double walk = walk_scale(r.structure_ppr);
        // Without closed-loop data the trust walk is the count walk (signals/trust.hpp).
        const double second = r.trust_second == r.structure_ppr ? walk : walk_scale(r.trust_second);
        at(r.s, Signal::trust) = trust.combine(c, second);
        at(r.s, Signal::structure) = Structure::combine_scaled(r.structure_aa, walk);
    }

    /// Prospects leave out candidates that serve too little of the focal's
    /// needs; expand lists the asked-for groups' best however weak their fit.
    [[nodiscard]] bool gated(const Raw& r) const {
        return focal.request.mode == Mode::prospects && r.fit < focal.params.min_need_fit;
    }

    [[nodiscard]] double log_odds_of(const Raw& r) const {
        return log_odds(r.s, focal.request.weights);
    }
    [[nodiscard]] double score_of(const Raw& r) const { return logistic(log_odds_of(r)); }

    Focal& focal;
    NeedFit need_fit;
    Reciprocity reciprocity;
    Structure structure;
    Trust trust;
};

}  // namespace refnet::scoring

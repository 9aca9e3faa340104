// recommend(): one request from candidates to reasons. The signals live in
// signals/, the list rule in ranking, the reasons in reasons.cpp and the
// speed-ups in fast/; this file only puts them in order.
#include <refnet/scoring/recommend.hpp>
#include <stdexcept>

#include "candidates.hpp"
#include "fast/class_request.hpp"
#include "focal_request.hpp"
#include "ranking.hpp"
#include "reasons.hpp"
#include "strengthen.hpp"

namespace refnet::scoring {

namespace {

// Sorted union of a provider's in- and out-neighbours.
std::vector<graph::NodeId> partners_of(const graph::Network& net, graph::NodeId u) {
    std::vector<graph::NodeId> all;
    graph::for_each_partner(net, u, [&](graph::NodeId v) { all.push_back(v); });
    return all;
}

void validate(const Context& context, const Request& request) {
    const graph::NodeId n = context.network().num_nodes();
    if (request.focal >= n) {
        throw std::invalid_argument("focal provider " + std::to_string(request.focal) +
                                    " is not in the network of " + std::to_string(n) +
                                    " providers");
    }
    if (request.top == 0) throw std::invalid_argument("top must be at least 1, got 0");
    request.weights.validate();
    if (request.mode == Mode::expand && request.filters.groups.empty()) {
        throw std::invalid_argument("expand mode needs at least one provider group filter");
    }
}

// One request; with `collect`, stops once the signals are known and fills it.
RecommendResult run(const Context& context, const Request& request, CandidateSignals* collect) {
    validate(context, request);
    const Context::Data& ctx = context.data();
    const graph::NodeId f = request.focal;
    ScratchLease lease(ctx.network, f);
    FocalScratch& scratch = *lease;
    for (graph::NodeId v : ctx.network.out_neighbors(f)) scratch.tied[v] = 1;
    for (graph::NodeId v : ctx.network.in_neighbors(f)) scratch.tied[v] = 1;
    Focal focal{
        ctx, request, ctx.params, f, ctx.providers[f], scratch, partners_of(ctx.network, f)};

    const CandidateRule rule(focal);
    const bool by_class = class_path_applies(focal, collect != nullptr);
    RecommendResult result;
    result.engine.class_path = by_class;
    if (!by_class) result.engine.service_grid = collect_candidates(focal, rule);
    auto& candidates = scratch.candidates;
    result.candidates = candidates.size();
    if (candidates.empty() && !by_class) return result;

    FocalRequest req(focal, by_class);
    result.engine.hubs_deferred = static_cast<std::uint32_t>(req.structure.hubs().size());
    auto& raw = scratch.raw;
    // Candidates that passed the need-fit gate but are not in `candidates` (the
    // class path leaves out each class's tail, which cannot make the list).
    std::uint64_t gated_elsewhere = 0;
    if (by_class) {
        gated_elsewhere = score_by_class(req, rule);
        if (candidates.empty()) {
            result.candidates = gated_elsewhere;
            return result;
        }
    } else {
        for (const graph::NodeId c : candidates)
            raw.push_back(req.raw_of(c, req.evidence_of(c, false)));
    }
    // The class path finishes its candidates as it bounds them.
    if (!by_class) {
        for (std::size_t i = 0; i < candidates.size(); ++i) req.finish(raw[i], candidates[i]);
    }
    if (collect != nullptr) {
        for (std::size_t i = 0; i < candidates.size(); ++i) {
            if (req.gated(raw[i])) continue;
            collect->ids.push_back(candidates[i]);
            collect->signals.push_back(raw[i].s);
        }
        return {};
    }

    const std::vector<PartnerVolume> volumes =
        focal.strengthen() ? partner_volumes(req) : std::vector<PartnerVolume>{};
    const std::vector<PartnerStanding> standing =
        focal.strengthen() ? partner_standing(req) : std::vector<PartnerStanding>{};
    // Rank light (index, score) pairs; only the picks become full Recommendations.
    auto& ranked = scratch.ranked;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        if (req.gated(raw[i])) continue;
        if (focal.strengthen()) {
            // Health's own order (referrals at risk first): the key is its rank.
            ranked.push_back({i, standing[i].at_risk, -static_cast<double>(standing[i].position)});
        } else {
            const double eta = req.log_odds_of(raw[i]);
            ranked.push_back({i, eta, quantise(eta)});
        }
    }
    result.candidates = ranked.size() + gated_elsewhere;
    const std::vector<Ranked> picks = pick_best(
        ranked, request.top, focal.strengthen() ? 1.0 : focal.params.group_diversity,
        scratch.by_group, [&](std::size_t i) { return ctx.id_rank[candidates[i]]; },
        [&](std::size_t i) { return ctx.groups[candidates[i]]; });
    result.items.resize(picks.size());
    for (std::size_t k = 0; k < picks.size(); ++k) {
        Recommendation& rec = result.items[k];
        rec.id = candidates[picks[k].index];
        rec.score = focal.strengthen() ? picks[k].score : logistic(picks[k].score);
        rec.signals = raw[picks[k].index].s;
        if (!request.explain) continue;
        rec.evidence = req.evidence_of(rec.id, true);
        if (focal.strengthen()) {
            rec.evidence.expected_referrals = volumes[picks[k].index].expected;
            const PartnerStanding& st = standing[picks[k].index];
            rec.evidence.at_risk = st.at_risk;
            rec.evidence.health = st.why;
            rec.evidence.one_sided = st.one_sided;
        }
        rec.contributions = contributions(rec.signals, request.weights);
        write_reasons(req, rec);
    }
    return result;
}

}  // namespace

RecommendResult recommend(const Context& context, const Request& request) {
    return run(context, request, nullptr);
}

CandidateSignals score_candidates(const Context& context, const Request& request) {
    if (request.mode == Mode::strengthen) {
        throw std::invalid_argument("candidate signals are for prospects and expand modes");
    }
    CandidateSignals out;
    (void)run(context, request, &out);
    return out;
}

void recommend_each(const Context& context, const Request& request,
                    std::span<const graph::NodeId> focals,
                    const std::function<void(graph::NodeId, const RecommendResult&)>& emit,
                    const std::function<void(std::size_t, std::size_t)>& progress) {
    if (focals.empty()) return;
    Request first = request;
    first.focal = focals.front();
    (void)recommend(context, first);  // a bad request fails here, before any thread starts
    // Blocks of a few thousand keep both cores busy while only one block's
    // results are held for the in-order hand-off.
    const std::size_t block = 4096;
    std::vector<RecommendResult> results(block);
    for (std::size_t begin = 0; begin < focals.size(); begin += block) {
        const std::size_t end = std::min(focals.size(), begin + block);
#pragma omp parallel for schedule(dynamic, 16)
        for (std::size_t i = begin; i < end; ++i) {
            Request mine = request;
            mine.focal = focals[i];
            results[i - begin] = recommend(context, mine);
        }
        for (std::size_t i = begin; i < end; ++i) emit(focals[i], results[i - begin]);
        if (progress) progress(end, focals.size());
    }
}

}  // namespace refnet::scoring

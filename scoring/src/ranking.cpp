#include "ranking.hpp"

#include <numeric>

#include "context_data.hpp"

namespace refnet::scoring {

double blend(const SignalVector& signals, const Weights& weights) {
    return weighted_sum(signals, weights) /
           std::accumulate(weights.value.begin(), weights.value.end(), 0.0);
}

std::vector<std::size_t> rank_candidates(const Context& context, const CandidateSignals& candidates,
                                         const Weights& weights, std::size_t top) {
    weights.validate();
    const Context::Data& ctx = context.data();
    std::vector<Ranked> ranked;
    ranked.reserve(candidates.ids.size());
    for (std::size_t i = 0; i < candidates.ids.size(); ++i) {
        const double score = blend(candidates.signals[i], weights);
        ranked.push_back({i, score, std::round(score * 1e9)});
    }
    std::array<std::vector<Ranked>, graph::kGroupCount> by_group;
    const auto picks = pick_best(
        ranked, top, ctx.params.group_diversity, by_group,
        [&](std::size_t i) { return ctx.id_rank[candidates.ids[i]]; },
        [&](std::size_t i) { return ctx.groups[candidates.ids[i]]; });
    std::vector<std::size_t> order;
    order.reserve(picks.size());
    for (const Ranked& r : picks) order.push_back(r.index);
    return order;
}

}  // namespace refnet::scoring

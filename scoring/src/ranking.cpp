#include "ranking.hpp"

#include "context_data.hpp"

namespace refnet::scoring {

const SignalVector& neutral_signals() {
    static const SignalVector neutral{0.0, 0.0, 0.5, 0.5, 0.0, 0.5, 0.5, 0.0};
    return neutral;
}

SignalVector contributions(const SignalVector& signals, const Weights& weights) {
    SignalVector out{};
    const SignalVector& neutral = neutral_signals();
    for (std::size_t s = 0; s < kSignalCount; ++s)
        out[s] = weights.value[s] * (signals[s] - neutral[s]);
    return out;
}

double log_odds(const SignalVector& signals, const Weights& weights) {
    double sum = weights.intercept;
    for (std::size_t s = 0; s < kSignalCount; ++s) sum += weights.value[s] * signals[s];
    return sum;
}

double probability(const SignalVector& signals, const Weights& weights) {
    return logistic(log_odds(signals, weights));
}

std::vector<std::size_t> rank_candidates(const Context& context, const CandidateSignals& candidates,
                                         const Weights& weights, std::size_t top) {
    weights.validate();
    const Context::Data& ctx = context.data();
    std::vector<Ranked> ranked;
    ranked.reserve(candidates.ids.size());
    for (std::size_t i = 0; i < candidates.ids.size(); ++i) {
        const double key = log_odds(candidates.signals[i], weights);
        ranked.push_back({i, key, quantise(key)});
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

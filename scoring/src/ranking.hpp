// The list rule every mode and the backtest share: the model's score, ties to
// the smaller external id, then the group-diversity re-rank.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <refnet/graph/provider.hpp>
#include <refnet/scoring/recommend.hpp>
#include <vector>

namespace refnet::scoring {

struct Ranked {
    std::size_t index;
    double score;      // the ranking key: log-odds, or strengthen's referrals at risk
    double quantised;  // quantise(score)
};

[[nodiscard]] inline double logistic(double log_odds) { return 1.0 / (1.0 + std::exp(-log_odds)); }

/// What ranks compare: the model's log-odds rounded to 1e-9, so node-order
/// float noise cannot reorder ties (strengthen compares health's rank instead).
[[nodiscard]] inline double quantise(double key) { return std::round(key * 1e9); }

/// The best `top` of `ranked`, best first. Ties go to the smaller external id
/// (`id_rank_of(index)`), so ranks do not depend on row order. With diversity
/// below 1, the k-th pick of a provider group has its key lowered by
/// k log(diversity) (its odds multiplied by diversity^k); the discount is shared within a group, so
/// only each group's best remaining candidate can be the next pick, and no group gives more than
/// `top`. `by_group` is scratch, left filled.
template <typename IdRankOf, typename GroupOf>
std::vector<Ranked> pick_best(std::vector<Ranked>& ranked, std::size_t top, double diversity,
                              std::array<std::vector<Ranked>, graph::kGroupCount>& by_group,
                              IdRankOf&& id_rank_of, GroupOf&& group_of) {
    auto better = [&](const Ranked& a, const Ranked& b) {
        if (a.quantised != b.quantised) return a.quantised > b.quantised;
        return id_rank_of(a.index) < id_rank_of(b.index);
    };
    // `better` is a strict total order, so the best `top` of a partial sort are
    // exactly the first `top` of a full one: O(c log top) instead of O(c log c).
    auto keep_best = [&](std::vector<Ranked>& list) {
        const std::size_t keep = std::min(list.size(), top);
        std::partial_sort(list.begin(), list.begin() + static_cast<std::ptrdiff_t>(keep),
                          list.end(), better);
        list.resize(keep);
    };
    if (diversity >= 1.0) {
        keep_best(ranked);
        return ranked;
    }
    for (const Ranked& r : ranked)
        by_group[static_cast<std::size_t>(group_of(r.index))].push_back(r);
    for (auto& list : by_group) keep_best(list);
    std::vector<Ranked> picks;
    std::array<std::size_t, graph::kGroupCount> next{};
    while (picks.size() < top) {
        std::optional<Ranked> best;
        std::size_t best_group = 0;
        for (std::size_t g = 0; g < graph::kGroupCount; ++g) {
            if (next[g] >= by_group[g].size()) continue;
            Ranked head = by_group[g][next[g]];
            head.score += static_cast<double>(next[g]) * std::log(diversity);
            head.quantised = quantise(head.score);
            if (!best || better(head, *best)) {
                best = head;
                best_group = g;
            }
        }
        if (!best) break;
        ++next[best_group];
        picks.push_back(*best);
    }
    return picks;
}

}  // namespace refnet::scoring

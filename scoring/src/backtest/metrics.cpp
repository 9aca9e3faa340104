// Ranking metrics for one focal with binary relevance.
#include <algorithm>
#include <cmath>
#include <refnet/scoring/backtest.hpp>
#include <vector>

#include "internal.hpp"

namespace refnet::scoring {

namespace {

using detail::in_truth;

std::size_t hits_in(std::span<const graph::NodeId> ranked, std::span<const graph::NodeId> truth,
                    std::size_t k) {
    std::size_t hits = 0;
    for (std::size_t i = 0; i < std::min(k, ranked.size()); ++i) hits += in_truth(truth, ranked[i]);
    return hits;
}

}  // namespace

double precision_at(std::span<const graph::NodeId> ranked, std::span<const graph::NodeId> truth,
                    std::size_t k) {
    if (k == 0 || truth.empty()) return 0.0;
    return static_cast<double>(hits_in(ranked, truth, k)) / static_cast<double>(k);
}

double recall_at(std::span<const graph::NodeId> ranked, std::span<const graph::NodeId> truth,
                 std::size_t k) {
    if (truth.empty()) return 0.0;
    return static_cast<double>(hits_in(ranked, truth, k)) / static_cast<double>(truth.size());
}

double hit_rate_at(std::span<const graph::NodeId> ranked, std::span<const graph::NodeId> truth,
                   std::size_t k) {
    return hits_in(ranked, truth, k) > 0 ? 1.0 : 0.0;
}

double average_precision_at(std::span<const graph::NodeId> ranked,
                            std::span<const graph::NodeId> truth, std::size_t k) {
    if (k == 0 || truth.empty()) return 0.0;
    double sum = 0.0;
    std::size_t hits = 0;
    for (std::size_t i = 0; i < std::min(k, ranked.size()); ++i) {
        if (!in_truth(truth, ranked[i])) continue;
        ++hits;
        sum += static_cast<double>(hits) / static_cast<double>(i + 1);
    }
    return sum / static_cast<double>(std::min(truth.size(), k));
}

double ndcg_at(std::span<const graph::NodeId> ranked, std::span<const graph::NodeId> truth,
               std::size_t k) {
    if (k == 0 || truth.empty()) return 0.0;
    double dcg = 0.0;
    for (std::size_t i = 0; i < std::min(k, ranked.size()); ++i) {
        if (in_truth(truth, ranked[i])) dcg += 1.0 / std::log2(static_cast<double>(i) + 2.0);
    }
    double ideal = 0.0;
    for (std::size_t i = 0; i < std::min(k, truth.size()); ++i) {
        ideal += 1.0 / std::log2(static_cast<double>(i) + 2.0);
    }
    return dcg / ideal;
}

double auc(std::span<const double> positive, std::span<const double> negative) {
    if (positive.empty() || negative.empty()) return std::nan("");
    std::vector<double> sorted(negative.begin(), negative.end());
    std::sort(sorted.begin(), sorted.end());
    double wins = 0.0;
    for (double p : positive) {
        const auto [low, high] = std::equal_range(sorted.begin(), sorted.end(), p);
        wins += static_cast<double>(low - sorted.begin()) + 0.5 * static_cast<double>(high - low);
    }
    return wins / (static_cast<double>(positive.size()) * static_cast<double>(negative.size()));
}

}  // namespace refnet::scoring

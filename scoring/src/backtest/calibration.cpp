// Calibration: do the model's probabilities mean what they say? The Brier
// score and a reliability table, the two views a forecaster's score gets
// (Brier 1950; Murphy and Winkler 1977).
#include <algorithm>
#include <numeric>
#include <refnet/scoring/backtest.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace refnet::scoring {

Calibration calibration(std::span<const double> predicted, std::span<const std::uint8_t> outcome,
                        std::size_t bins) {
    if (predicted.size() != outcome.size()) {
        throw std::invalid_argument("calibration needs one outcome per prediction, got " +
                                    std::to_string(outcome.size()) + " for " +
                                    std::to_string(predicted.size()));
    }
    if (bins == 0) throw std::invalid_argument("calibration needs at least one bin, got 0");
    Calibration c;
    const std::size_t n = predicted.size();
    c.candidates = n;
    if (n == 0) return c;
    double sum_p = 0.0;
    double squared = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        const double y = outcome[i] != 0 ? 1.0 : 0.0;
        c.positives += outcome[i] != 0;
        sum_p += predicted[i];
        squared += (predicted[i] - y) * (predicted[i] - y);
    }
    const double count = static_cast<double>(n);
    c.mean_predicted = sum_p / count;
    c.observed_rate = static_cast<double>(c.positives) / count;
    c.brier = squared / count;
    c.base_rate_brier = c.observed_rate * (1.0 - c.observed_rate);
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return predicted[a] < predicted[b]; });
    const std::size_t groups = std::min(bins, n);
    for (std::size_t g = 0; g < groups; ++g) {
        // Bin g holds ranks [g n / groups, (g + 1) n / groups): sizes differ by at most one.
        const std::size_t begin = g * n / groups;
        const std::size_t end = (g + 1) * n / groups;
        ReliabilityBin bin;
        bin.low = predicted[order[begin]];
        bin.high = predicted[order[end - 1]];
        bin.candidates = end - begin;
        double p = 0.0;
        std::size_t hits = 0;
        for (std::size_t r = begin; r < end; ++r) {
            p += predicted[order[r]];
            hits += outcome[order[r]] != 0;
        }
        bin.mean_predicted = p / static_cast<double>(bin.candidates);
        bin.observed = static_cast<double>(hits) / static_cast<double>(bin.candidates);
        c.bins.push_back(bin);
    }
    return c;
}

}  // namespace refnet::scoring

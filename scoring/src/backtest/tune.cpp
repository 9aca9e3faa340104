// Fitting the ranking model: logistic regression on one split's candidates,
// validated on the next split, which the fit did not see: its ranking by the
// backtest, its probabilities by their calibration.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <refnet/scoring/backtest.hpp>
#include <span>
#include <stdexcept>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "internal.hpp"

namespace refnet::scoring {

namespace {

using detail::in_truth;
using detail::mix;

// The focals with a new partner on `view` (among `wanted`, sorted, when given).
std::vector<graph::NodeId> focals_with_new_partners(const SplitView& view, graph::NodeId n,
                                                    std::span<const graph::NodeId> wanted) {
    std::vector<graph::NodeId> focals;
    for (graph::NodeId f = 0; f < n; ++f) {
        if (view.new_partners(f).empty()) continue;
        if (!wanted.empty() && !std::binary_search(wanted.begin(), wanted.end(), f)) continue;
        focals.push_back(f);
    }
    return focals;
}

// Both models' probabilities for every candidate of `focals` on `view`, each
// against whether the focal referred to it within the horizon.
std::pair<Calibration, Calibration> calibrate(const SplitView& view,
                                              std::span<const graph::NodeId> focals,
                                              const Weights& first, const Weights& second) {
    std::vector<std::vector<double>> p_first(focals.size());
    std::vector<std::vector<double>> p_second(focals.size());
    std::vector<std::vector<std::uint8_t>> outcome(focals.size());
#pragma omp parallel for schedule(dynamic, 4)
    for (std::size_t i = 0; i < focals.size(); ++i) {
        Request request;
        request.focal = focals[i];
        const CandidateSignals candidates = score_candidates(view.context(), request);
        const auto truth = view.new_partners(focals[i]);
        for (std::size_t c = 0; c < candidates.ids.size(); ++c) {
            p_first[i].push_back(probability(candidates.signals[c], first));
            p_second[i].push_back(probability(candidates.signals[c], second));
            outcome[i].push_back(in_truth(truth, candidates.ids[c]) ? 1 : 0);
        }
    }
    auto joined = [](const auto& parts) {
        std::vector<typename std::decay_t<decltype(parts)>::value_type::value_type> all;
        for (const auto& part : parts) all.insert(all.end(), part.begin(), part.end());
        return all;
    };
    const std::vector<std::uint8_t> y = joined(outcome);
    return {calibration(joined(p_first), y), calibration(joined(p_second), y)};
}

}  // namespace

TuneResult tune(const History& history, const TuneOptions& options,
                const std::function<void(std::size_t, std::size_t)>& progress) {
    options.start.validate();
    const ScoringParams& params = options.validation.params;
    const SplitView view(history, options.split, options.horizon, params);
    std::vector<graph::NodeId> wanted = options.validation.focals;
    std::sort(wanted.begin(), wanted.end());
    const auto n = static_cast<graph::NodeId>(history.providers.size());
    const std::vector<graph::NodeId> focals = focals_with_new_partners(view, n, wanted);
    // Examples: every new partner the model ranked (positive) and a seeded
    // sample of the candidates that did not become partners (negative).
    std::vector<std::vector<std::pair<SignalVector, double>>> per_focal(focals.size());
    std::vector<std::size_t> negatives_in(focals.size(), 0);  // candidates that stayed strangers
#pragma omp parallel for schedule(dynamic, 4)
    for (std::size_t i = 0; i < focals.size(); ++i) {
        const graph::NodeId f = focals[i];
        Request request;
        request.focal = f;
        const CandidateSignals candidates = score_candidates(view.context(), request);
        const auto truth = view.new_partners(f);
        std::vector<std::size_t> others;
        for (std::size_t c = 0; c < candidates.ids.size(); ++c) {
            if (in_truth(truth, candidates.ids[c])) {
                per_focal[i].emplace_back(candidates.signals[c], 1.0);
            } else {
                others.push_back(c);
            }
        }
        std::mt19937_64 rng(mix(options.validation.seed, 0x74756e65ULL, f));
        const std::size_t take = std::min(options.negatives, others.size());
        negatives_in[i] = others.size();
        for (std::size_t k = 0; k < take; ++k) {
            std::uniform_int_distribution<std::size_t> pick(k, others.size() - 1);
            std::swap(others[k], others[pick(rng)]);
            per_focal[i].emplace_back(candidates.signals[others[k]], 0.0);
        }
    }
    if (progress) progress(1, 3);
    TuneResult result;
    for (const auto& examples : per_focal) {
        result.examples += examples.size();
        for (const auto& e : examples) result.positives += e.second > 0.0;
        result.focals += !examples.empty();
    }
    std::size_t negatives = 0;
    for (std::size_t count : negatives_in) negatives += count;
    if (result.positives == 0) {
        throw std::invalid_argument("no new partnership after " +
                                    graph::format_date(options.split) +
                                    " was among the candidates: nothing to learn from");
    }
    Eigen::MatrixXd x(static_cast<Eigen::Index>(result.examples), Eigen::Index{kSignalCount});
    Eigen::VectorXd y(static_cast<Eigen::Index>(result.examples));
    Eigen::Index row = 0;
    for (const auto& examples : per_focal) {
        for (const auto& [signals, label] : examples) {
            for (std::size_t s = 0; s < kSignalCount; ++s)
                x(row, static_cast<Eigen::Index>(s)) = signals[s];
            y(row++) = label;
        }
    }
    result.fit = fit_logistic(x, y, options.l2, true);
    if (!(result.fit.coefficients.sum() > 0.0)) {
        throw std::invalid_argument(
            "no signal separates the new partners from the other candidates (every learned "
            "weight is 0)");
    }
    for (std::size_t s = 0; s < kSignalCount; ++s)
        result.weights.value[s] = result.fit.coefficients(static_cast<Eigen::Index>(s));
    // The fit saw only a sample of the candidates that did not become
    // partners: the intercept moves by the log of the share sampled, so the
    // score estimates the probability over all candidates (King and Zeng's
    // prior correction for case-control samples).
    const double sampled =
        static_cast<double>(result.examples - result.positives) / static_cast<double>(negatives);
    result.weights.intercept = result.fit.intercept + std::log(sampled);

    BacktestOptions compare = options.validation;
    compare.horizon = options.horizon;
    compare.blends = {{"default", options.start}, {"tuned", result.weights}};
    compare.baselines.clear();
    compare.split = options.split;
    result.fitted = backtest(view, compare);
    if (progress) progress(2, 3);
    compare.split = view.end();
    // The baselines run where the verdict is drawn: on the split the fit did not see.
    compare.baselines = options.validation.baselines;
    const SplitView next(history, compare.split, options.horizon, params);
    result.validated = backtest(next, compare);
    if (result.validated.focals_evaluated == 0) {
        throw std::invalid_argument("no new partnership in the " +
                                    graph::format_period(options.horizon) + " after " +
                                    graph::format_date(compare.split) +
                                    " to validate the tuned weights on (expected events up to " +
                                    graph::format_date(next.end()) + ")");
    }
    std::tie(result.calibration_default, result.calibration_tuned) =
        calibrate(next, focals_with_new_partners(next, n, wanted), options.start, result.weights);
    if (progress) progress(3, 3);
    return result;
}

}  // namespace refnet::scoring

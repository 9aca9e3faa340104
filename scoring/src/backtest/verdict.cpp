// The backtest's verdict: one sentence, computed from a result's numbers, on
// whether a model beats the best baseline at the headline metric.
#include <cmath>
#include <cstdio>
#include <refnet/scoring/backtest.hpp>
#include <stdexcept>
#include <string>

namespace refnet::scoring {

namespace {

// A lift ratio as a signed whole percent: 1.38 -> "+38 %", 0.88 -> "−12 %".
std::string percent(double ratio) {
    const long long value = std::llround((ratio - 1.0) * 100.0);
    if (value > 0) return "+" + std::to_string(value) + " %";
    if (value < 0) return "\u2212" + std::to_string(-value) + " %";
    return "0 %";
}

// Three decimals, as the tables show means.
std::string three(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3f", value);
    return text;
}

}  // namespace

std::string headline_metric(const BacktestResult& result) {
    const std::string prefix = "precision@";
    std::string best;
    unsigned long largest = 0;
    for (const std::string& name : result.metric_names) {
        if (name.rfind(prefix, 0) != 0) continue;
        const unsigned long k = std::stoul(name.substr(prefix.size()));
        if (k == 20) return name;
        if (k > largest) {
            largest = k;
            best = name;
        }
    }
    return best;
}

std::string verdict(const BacktestResult& result, std::string_view method) {
    const MethodResult* blend = nullptr;
    for (const MethodResult& m : result.methods)
        if (m.name == method) blend = &m;
    if (blend == nullptr) {
        throw std::invalid_argument("no method named \"" + std::string(method) +
                                    "\" in the backtest result");
    }
    const std::string subject =
        method == "refnet" ? "The model" : "The " + std::string(method) + " model";
    const std::string metric = headline_metric(result);
    std::size_t q = 0;
    while (q < result.metric_names.size() && result.metric_names[q] != metric) ++q;
    if (metric.empty() || q >= blend->metrics.size()) {
        return subject + " has no verdict: the result has no precision metric.";
    }
    if (result.focals_evaluated == 0) {
        return subject + " has no verdict: no focal formed a new partnership in the horizon.";
    }
    if (blend->lift.empty()) {
        return subject + " has no verdict: no baseline was evaluated beside it (" + metric + " " +
               three(blend->metrics[q].mean) + ").";
    }
    // The best baseline by mean, among those the lifts were computed against.
    const MetricEstimates* lift = nullptr;
    std::string best;
    double best_mean = -1.0;
    for (const auto& [name, values] : blend->lift) {
        for (const MethodResult& m : result.methods) {
            if (m.name != name || q >= m.metrics.size()) continue;
            const double mean = m.metrics[q].mean;
            if (!std::isnan(mean) && mean > best_mean) {
                best_mean = mean;
                best = name;
                lift = &values;
            }
        }
    }
    if (lift == nullptr) {
        return subject + " has no verdict: no baseline has a " + metric + " to compare with.";
    }
    const Estimate& e = (*lift)[q];
    const std::string against = "the best baseline (" + best + ")";
    if (std::isnan(e.mean)) {
        return subject + " has no verdict: every baseline scores 0 " + metric +
               ", so there is "
               "no lift to measure (the model scores " +
               three(blend->metrics[q].mean) + ").";
    }
    if (std::isnan(e.ci_low) || std::isnan(e.ci_high)) {
        return subject + "'s " + metric + " is " + percent(e.mean) + " against " + against +
               ", with no bootstrap interval to judge it by.";
    }
    const std::string interval = "[" + percent(e.ci_low) + ", " + percent(e.ci_high) + "]";
    if (e.ci_low > 1.0) {
        return subject + " beats " + against + " by " + percent(e.mean) + " " + metric + " " +
               interval + ".";
    }
    return subject + " does not beat " + against + ": " + percent(e.mean) + " " + metric + " " +
           interval + ".";
}

}  // namespace refnet::scoring

// The backtest harness: every method ranks the same providers for the same
// focals, in parallel; means come with bootstrap intervals and paired lifts.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <refnet/graph/geo.hpp>
#include <refnet/scoring/backtest.hpp>
#include <stdexcept>

#include "internal.hpp"

namespace refnet::scoring {

namespace {

using detail::FocalMarks;
using detail::in_truth;
using detail::Kind;
using detail::Method;
using detail::methods_of;
using detail::mix;
using detail::rank_structural;
using detail::Structure;

std::vector<std::string> metric_names(const std::vector<std::size_t>& ks) {
    std::vector<std::string> names;
    for (std::size_t k : ks) {
        const std::string at = "@" + std::to_string(k);
        for (const char* metric : {"precision", "recall", "hit_rate", "ndcg"})
            names.push_back(metric + at);
    }
    names.push_back("map@" + std::to_string(*std::max_element(ks.begin(), ks.end())));
    names.push_back("auc");
    return names;
}

class Evaluator {
   public:
    Evaluator(const SplitView& view, const BacktestOptions& options, std::vector<Method> methods)
        : view_(view),
          options_(options),
          methods_(std::move(methods)),
          structure_(view, options.seed),
          kmax_(*std::max_element(options.ks.begin(), options.ks.end())),
          metrics_(metric_names(options.ks).size()) {}

    [[nodiscard]] std::size_t metric_count() const { return metrics_; }
    [[nodiscard]] const std::vector<Method>& methods() const { return methods_; }

    // What one focal adds to the result's counts.
    struct Counts {
        std::size_t ranked = 0;         // providers the model ranked
        std::size_t outside = 0;        // new partners the model did not rank
        std::size_t beyond_radius = 0;  // of those, farther than the service radius
    };

    // One focal's metric values, methods by metrics, into `row`.
    Counts evaluate(graph::NodeId f, FocalMarks& marks, std::span<double> row) const {
        const graph::Network& net = view_.network();
        const auto truth = view_.new_partners(f);
        auto touch = [&](graph::NodeId v, std::uint8_t bits) {
            if (marks.mark[v] == 0 && marks.position[v] < 0) marks.touched.push_back(v);
            marks.mark[v] |= bits;
        };
        touch(f, FocalMarks::kExcluded);
        std::size_t tied = 0;
        graph::for_each_partner(net, f, [&](graph::NodeId v) {
            if (v == f) return;
            touch(v, FocalMarks::kExcluded);
            ++tied;
        });
        Request request;
        request.focal = f;
        const CandidateSignals candidates = score_candidates(view_.context(), request);
        for (std::size_t i = 0; i < candidates.ids.size(); ++i) {
            const graph::NodeId c = candidates.ids[i];
            if (marks.mark[c] == 0 && marks.position[c] < 0) marks.touched.push_back(c);
            marks.position[c] = static_cast<std::int32_t>(i);
        }
        const std::vector<graph::NodeId> negatives = draw_negatives(f, truth, tied, marks);
        std::vector<graph::NodeId> list;
        std::vector<double> pos_scores(truth.size());
        std::vector<double> neg_scores(negatives.size());
        for (std::size_t m = 0; m < methods_.size(); ++m) {
            const Method& method = methods_[m];
            list.clear();
            std::function<double(graph::NodeId)> score;
            if (method.kind == Kind::blend) {
                for (std::size_t i :
                     rank_candidates(view_.context(), candidates, method.weights, kmax_)) {
                    list.push_back(candidates.ids[i]);
                }
                // AUC reads the blend before the diversity re-rank: a score for
                // every provider, not only the listed ones.
                score = [&](graph::NodeId c) {
                    const std::int32_t i = marks.position[c];
                    return i < 0 ? -std::numeric_limits<double>::infinity()
                                 : probability(candidates.signals[static_cast<std::size_t>(i)],
                                               method.weights);
                };
            } else {
                score = rank_structural(method.kind, f, view_.network(), structure_, options_.seed,
                                        kmax_, marks, list);
            }
            for (std::size_t i = 0; i < truth.size(); ++i) pos_scores[i] = score(truth[i]);
            for (std::size_t i = 0; i < negatives.size(); ++i) neg_scores[i] = score(negatives[i]);
            double* out = row.data() + m * metrics_;
            for (std::size_t k : options_.ks) {
                *out++ = precision_at(list, truth, k);
                *out++ = recall_at(list, truth, k);
                *out++ = hit_rate_at(list, truth, k);
                *out++ = ndcg_at(list, truth, k);
            }
            *out++ = average_precision_at(list, truth, kmax_);
            *out = auc(pos_scores, neg_scores);
            // Clear what the structural baselines marked before the next method.
            for (graph::NodeId v : marks.touched) {
                marks.mark[v] &= static_cast<std::uint8_t>(~FocalMarks::kListed);
                marks.common[v] = 0.0;
            }
        }
        Counts counts{candidates.ids.size()};
        const auto providers = view_.context().providers();
        const double radius = view_.context().params().service_radius_km;
        for (graph::NodeId t : truth) {
            if (marks.position[t] >= 0) continue;
            ++counts.outside;
            const graph::Provider& a = providers[f];
            const graph::Provider& b = providers[t];
            if (radius > 0 && a.has_location() && b.has_location() &&
                graph::haversine_km(a.lat, a.lon, b.lat, b.lon) > radius)
                ++counts.beyond_radius;
        }
        marks.reset();
        return counts;
    }

   private:
    // Non-partners for AUC, drawn uniformly (with replacement) from providers
    // that are neither the focal, nor its partners, nor in its truth.
    std::vector<graph::NodeId> draw_negatives(graph::NodeId f, std::span<const graph::NodeId> truth,
                                              std::size_t tied, const FocalMarks& marks) const {
        const graph::NodeId n = view_.network().num_nodes();
        const std::size_t pool = n - 1 - tied - truth.size();
        std::vector<graph::NodeId> out;
        if (pool == 0 || options_.negatives == 0) return out;
        std::mt19937_64 rng(mix(options_.seed, 0x6e6567ULL, f));
        auto eligible = [&](graph::NodeId v) { return marks.mark[v] == 0 && !in_truth(truth, v); };
        // Rejection is fast while the pool is most of the network; a small
        // pool is listed instead, so a draw never loops for long.
        if (pool * 16 < n) {
            std::vector<graph::NodeId> all;
            for (graph::NodeId v = 0; v < n; ++v)
                if (eligible(v)) all.push_back(v);
            std::uniform_int_distribution<std::size_t> pick(0, all.size() - 1);
            for (std::size_t i = 0; i < options_.negatives; ++i) out.push_back(all[pick(rng)]);
            return out;
        }
        std::uniform_int_distribution<graph::NodeId> pick(0, n - 1);
        while (out.size() < options_.negatives) {
            const graph::NodeId v = pick(rng);
            if (eligible(v)) out.push_back(v);
        }
        return out;
    }

    const SplitView& view_;
    const BacktestOptions& options_;
    std::vector<Method> methods_;
    Structure structure_;
    std::size_t kmax_;
    std::size_t metrics_;
};

// Mean over focals, skipping NaN (a focal without negatives has no AUC).
void accumulate_row(std::span<const double> row, std::vector<double>& sum,
                    std::vector<double>& count, double weight) {
    for (std::size_t j = 0; j < row.size(); ++j) {
        if (std::isnan(row[j])) continue;
        sum[j] += weight * row[j];
        count[j] += weight;
    }
}

double percentile(std::vector<double>& values, double q) {
    std::erase_if(values, [](double v) { return std::isnan(v); });
    if (values.empty()) return std::nan("");
    std::sort(values.begin(), values.end());
    const double at = q * static_cast<double>(values.size() - 1);
    const auto low = static_cast<std::size_t>(std::floor(at));
    const auto high = std::min(values.size() - 1, low + 1);
    return values[low] + (at - static_cast<double>(low)) * (values[high] - values[low]);
}

void check(const BacktestOptions& options, std::size_t providers) {
    if (options.ks.empty() ||
        std::find(options.ks.begin(), options.ks.end(), 0U) != options.ks.end()) {
        throw std::invalid_argument("list lengths (ks) must be one or more values of at least 1");
    }
    for (graph::NodeId f : options.focals) {
        if (f >= providers) {
            throw std::invalid_argument("focal provider " + std::to_string(f) +
                                        " is not in the network of " + std::to_string(providers) +
                                        " providers");
        }
    }
    (void)methods_of(options);
}

}  // namespace

BacktestResult backtest(const History& history, const BacktestOptions& options,
                        const std::function<void(std::size_t, std::size_t)>& progress) {
    check(options, history.providers.size());
    const SplitView view(history, options.split, options.horizon, options.params);
    return backtest(view, options, progress);
}

BacktestResult backtest(const SplitView& view, const BacktestOptions& options,
                        const std::function<void(std::size_t, std::size_t)>& progress) {
    const graph::NodeId n = view.network().num_nodes();
    check(options, n);
    BacktestResult result;
    result.split = view.split();
    result.horizon = options.horizon;
    result.end = view.end();
    result.training_referrals = view.training_referrals();
    result.undated_referrals = view.undated_referrals();
    result.metric_names = metric_names(options.ks);

    std::vector<graph::NodeId> population = options.focals;
    if (population.empty()) {
        population.resize(n);
        std::iota(population.begin(), population.end(), graph::NodeId{0});
    }
    std::sort(population.begin(), population.end());
    population.erase(std::unique(population.begin(), population.end()), population.end());
    std::vector<graph::NodeId> focals;
    for (graph::NodeId f : population)
        if (!view.new_partners(f).empty()) focals.push_back(f);
    result.focals_skipped = population.size() - focals.size();
    result.focals_with_new_partner = focals.size();
    if (options.sample > 0 && options.sample < focals.size()) {
        std::mt19937_64 rng(mix(options.seed, 0x73616d70ULL));
        for (std::size_t i = 0; i < options.sample; ++i) {
            std::uniform_int_distribution<std::size_t> pick(i, focals.size() - 1);
            std::swap(focals[i], focals[pick(rng)]);
        }
        focals.resize(options.sample);
        std::sort(focals.begin(), focals.end());
    }
    result.focals_evaluated = focals.size();
    for (graph::NodeId f : focals) result.new_partnerships += view.new_partners(f).size();

    const Evaluator evaluator(view, options, methods_of(options));
    const std::vector<Method>& methods = evaluator.methods();
    const std::size_t metrics = evaluator.metric_count();
    const std::size_t width = methods.size() * metrics;
    std::vector<double> values(focals.size() * width, 0.0);
    std::vector<Evaluator::Counts> counts_of(focals.size());
    // Blocks give progress between them; each thread keeps its marks.
    const std::size_t block = 1024;
    for (std::size_t begin = 0; begin < focals.size(); begin += block) {
        const std::size_t end = std::min(focals.size(), begin + block);
#pragma omp parallel
        {
            FocalMarks marks(n);
#pragma omp for schedule(dynamic, 4)
            for (std::size_t i = begin; i < end; ++i) {
                counts_of[i] = evaluator.evaluate(
                    focals[i], marks, std::span<double>(values).subspan(i * width, width));
            }
        }
        if (progress) progress(end, focals.size());
    }
    std::size_t ranked = 0;
    for (const Evaluator::Counts& c : counts_of) {
        ranked += c.ranked;
        result.new_partners_outside += c.outside;
        result.new_partners_beyond_radius += c.beyond_radius;
    }
    if (!focals.empty())
        result.mean_candidates = static_cast<double>(ranked) / static_cast<double>(focals.size());

    // Means, then bootstrap resamples of the focals: resample b draws its
    // focals from its own seeded stream, so any thread count gives the same.
    const std::size_t focal_count = focals.size();
    std::vector<double> sum(width, 0.0);
    std::vector<double> count(width, 0.0);
    for (std::size_t i = 0; i < focal_count; ++i)
        accumulate_row(std::span<const double>(values).subspan(i * width, width), sum, count, 1.0);
    std::vector<double> mean(width, std::nan(""));
    for (std::size_t j = 0; j < width; ++j)
        if (count[j] > 0) mean[j] = sum[j] / count[j];
    const std::size_t resamples = focal_count > 0 ? options.bootstrap : 0;
    std::vector<double> boot(resamples * width, std::nan(""));
#pragma omp parallel
    {
        std::vector<double> draws(focal_count);
        std::vector<double> s(width);
        std::vector<double> c(width);
#pragma omp for schedule(static)
        for (std::size_t b = 0; b < resamples; ++b) {
            std::mt19937_64 rng(mix(options.seed, 0x626f6f74ULL, b));
            std::uniform_int_distribution<std::size_t> pick(0, focal_count - 1);
            std::fill(draws.begin(), draws.end(), 0.0);
            for (std::size_t i = 0; i < focal_count; ++i) draws[pick(rng)] += 1.0;
            std::fill(s.begin(), s.end(), 0.0);
            std::fill(c.begin(), c.end(), 0.0);
            for (std::size_t i = 0; i < focal_count; ++i) {
                if (draws[i] == 0.0) continue;
                accumulate_row(std::span<const double>(values).subspan(i * width, width), s, c,
                               draws[i]);
            }
            for (std::size_t j = 0; j < width; ++j)
                if (c[j] > 0) boot[b * width + j] = s[j] / c[j];
        }
    }
    auto interval = [&](const std::function<double(std::size_t)>& of, double point) {
        std::vector<double> samples(resamples);
        for (std::size_t b = 0; b < resamples; ++b) samples[b] = of(b);
        Estimate e{point, std::nan(""), std::nan("")};
        if (resamples > 0) {
            e.ci_low = percentile(samples, 0.025);
            e.ci_high = percentile(samples, 0.975);
        }
        return e;
    };
    auto ratio = [](double a, double b) { return b > 0 ? a / b : std::nan(""); };
    for (std::size_t m = 0; m < methods.size(); ++m) {
        MethodResult method;
        method.name = methods[m].name;
        for (std::size_t q = 0; q < metrics; ++q) {
            const std::size_t j = m * metrics + q;
            method.metrics.push_back(
                interval([&](std::size_t b) { return boot[b * width + j]; }, mean[j]));
        }
        if (m < options.blends.size()) {
            for (std::size_t other = options.blends.size(); other < methods.size(); ++other) {
                MetricEstimates lift;
                for (std::size_t q = 0; q < metrics; ++q) {
                    const std::size_t j = m * metrics + q;
                    const std::size_t k = other * metrics + q;
                    lift.push_back(interval(
                        [&](std::size_t b) {
                            return ratio(boot[b * width + j], boot[b * width + k]);
                        },
                        ratio(mean[j], mean[k])));
                }
                method.lift.emplace_back(methods[other].name, std::move(lift));
            }
        }
        result.methods.push_back(std::move(method));
    }
    return result;
}

}  // namespace refnet::scoring

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <refnet/graph/splitmix.hpp>
#include <refnet/scoring/backtest.hpp>
#include <stdexcept>

namespace refnet::scoring {

namespace {

// SplitMix64's output from state x (one step, then the finaliser): a seeded
// hash that gives every (seed, focal, provider) its own stream, so results do
// not depend on thread scheduling.
std::uint64_t mix(std::uint64_t x) { return graph::splitmix64_next(x); }
std::uint64_t mix(std::uint64_t a, std::uint64_t b) { return mix(mix(a) ^ b); }
std::uint64_t mix(std::uint64_t a, std::uint64_t b, std::uint64_t c) { return mix(mix(a, b) ^ c); }

double unit(std::uint64_t bits) { return static_cast<double>(bits >> 11) * 0x1.0p-53; }

bool in_truth(std::span<const graph::NodeId> truth, graph::NodeId id) {
    return std::binary_search(truth.begin(), truth.end(), id);
}

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

SplitView::SplitView(const History& history, graph::Date split, graph::Period horizon,
                     const ScoringParams& params)
    : split_(split), end_(graph::advance(split, horizon)) {
    if (!split.valid()) throw std::invalid_argument("a backtest needs a split date");
    const auto n = static_cast<graph::NodeId>(history.providers.size());
    for (const graph::Referral& r : history.referrals) {
        if (!r.date.valid()) {
            ++undated_;
        } else if (r.date < split) {
            training_.push_back(r);
        }
    }
    network_ = std::make_unique<graph::Network>(graph::build_network(n, training_).network);
    context_ = std::make_unique<Context>(*network_, history.providers, history.groups, training_,
                                         history.needs, history.catalogue, split, params);
    std::vector<std::pair<graph::NodeId, graph::NodeId>> pairs;
    for (const graph::Referral& r : history.referrals) {
        if (!r.date.valid() || r.date < split || !(r.date < end_)) continue;
        ++horizon_referrals_;
        if (r.from == r.to) continue;
        pairs.emplace_back(r.from, r.to);
    }
    std::sort(pairs.begin(), pairs.end());
    pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
    // A partner is new when no referral went either way before the split.
    std::erase_if(pairs, [&](const auto& p) {
        return network_->find_edge(p.first, p.second) || network_->find_edge(p.second, p.first);
    });
    truth_offsets_.assign(static_cast<std::size_t>(n) + 1, 0);
    for (const auto& p : pairs) ++truth_offsets_[p.first + 1];
    std::partial_sum(truth_offsets_.begin(), truth_offsets_.end(), truth_offsets_.begin());
    truth_.reserve(pairs.size());
    for (const auto& p : pairs) truth_.push_back(p.second);
}

SplitView::~SplitView() = default;

std::span<const graph::NodeId> SplitView::new_partners(graph::NodeId focal) const {
    return std::span<const graph::NodeId>(truth_).subspan(
        truth_offsets_[focal], truth_offsets_[focal + 1] - truth_offsets_[focal]);
}

const std::vector<std::string>& baseline_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out{"random", "popularity", "preferential_attachment",
                                     "adamic_adar", "resource_allocation"};
        for (std::size_t s = 0; s < kSignalCount; ++s) {
            out.push_back(std::string(signal_key(static_cast<Signal>(s))) + "_only");
        }
        return out;
    }();
    return names;
}

namespace {

enum class Kind : std::uint8_t {
    blend,
    random,
    popularity,
    preferential_attachment,
    adamic_adar,
    resource_allocation
};

struct Method {
    std::string name;
    Kind kind = Kind::blend;
    Weights weights;  // blends and signal-only baselines
};

std::vector<Method> methods_of(const BacktestOptions& options) {
    std::vector<Method> methods;
    for (const auto& [name, weights] : options.blends) {
        weights.validate();
        methods.push_back({name, Kind::blend, weights});
    }
    for (const std::string& name : options.baselines) {
        const auto& known = baseline_names();
        const auto it = std::find(known.begin(), known.end(), name);
        if (it == known.end()) {
            std::string list;
            for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
            throw std::invalid_argument("unknown baseline \"" + name + "\" (expected one of " +
                                        list + ")");
        }
        const auto index = static_cast<std::size_t>(it - known.begin());
        Method m{name, Kind::blend, {}};
        if (index < 5) {
            m.kind = static_cast<Kind>(index + 1);
        } else {
            m.weights.value.fill(0.0);
            m.weights.value[index - 5] = 1.0;
        }
        methods.push_back(std::move(m));
    }
    return methods;
}

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

// Network-wide inputs of the structural baselines, computed once per backtest.
struct Structure {
    std::vector<std::uint32_t> partners;  // distinct in- and out-neighbours
    std::vector<double> in_volume;        // referrals received
    std::vector<std::uint64_t> tie;       // seeded hash: equal scores rank by it
    std::vector<graph::NodeId> by_tie;    // every provider, by tie hash
    std::vector<graph::NodeId> by_volume;
    std::vector<graph::NodeId> by_partners;

    Structure(const graph::Network& net, std::uint64_t seed) {
        const graph::NodeId n = net.num_nodes();
        partners.assign(n, 0);
        in_volume.assign(n, 0.0);
        tie.resize(n);
        const auto counts = net.counts();
        for (graph::NodeId v = 0; v < n; ++v) {
            graph::for_each_partner(net, v, [&](graph::NodeId u) { partners[v] += u != v; });
            for (graph::EdgeId e : net.in_edges(v)) in_volume[v] += counts[e];
            tie[v] = mix(seed, 0x7469652dULL, v);
        }
        by_tie.resize(n);
        std::iota(by_tie.begin(), by_tie.end(), graph::NodeId{0});
        by_volume = by_partners = by_tie;
        std::sort(by_tie.begin(), by_tie.end(),
                  [&](graph::NodeId a, graph::NodeId b) { return tie[a] < tie[b]; });
        auto order_by = [&](std::vector<graph::NodeId>& order, const auto& key) {
            std::sort(order.begin(), order.end(), [&](graph::NodeId a, graph::NodeId b) {
                return key(a) != key(b) ? key(a) > key(b) : tie[a] < tie[b];
            });
        };
        order_by(by_volume, [&](graph::NodeId v) { return in_volume[v]; });
        order_by(by_partners, [&](graph::NodeId v) { return partners[v]; });
    }
};

// Per-thread marks over providers, reset by what a focal touched.
struct FocalMarks {
    static constexpr std::uint8_t kExcluded = 1;  // the focal and its partners
    static constexpr std::uint8_t kListed = 2;
    std::vector<std::uint8_t> mark;
    std::vector<std::int32_t> position;  // index in the blend's candidates, -1 if none
    std::vector<double> common;          // Adamic-Adar or resource-allocation sums
    std::vector<graph::NodeId> touched;
    explicit FocalMarks(graph::NodeId n) : mark(n, 0), position(n, -1), common(n, 0.0) {}
    void reset() {
        for (graph::NodeId v : touched) {
            mark[v] = 0;
            position[v] = -1;
            common[v] = 0.0;
        }
        touched.clear();
    }
};

class Evaluator {
   public:
    Evaluator(const SplitView& view, const BacktestOptions& options, std::vector<Method> methods)
        : view_(view),
          options_(options),
          methods_(std::move(methods)),
          structure_(view.network(), options.seed),
          kmax_(*std::max_element(options.ks.begin(), options.ks.end())),
          metrics_(metric_names(options.ks).size()) {}

    [[nodiscard]] std::size_t metric_count() const { return metrics_; }
    [[nodiscard]] const std::vector<Method>& methods() const { return methods_; }

    // One focal's metric values, methods by metrics, into `row`; returns the
    // number of providers the blend ranked.
    std::size_t evaluate(graph::NodeId f, FocalMarks& marks, std::span<double> row) const {
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
        request.params = options_.params;
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
                for (std::size_t i : rank_candidates(view_.context(), candidates, method.weights,
                                                     options_.params, kmax_)) {
                    list.push_back(candidates.ids[i]);
                }
                // AUC reads the blend before the diversity re-rank: a score for
                // every provider, not only the listed ones.
                score = [&](graph::NodeId c) {
                    const std::int32_t i = marks.position[c];
                    return i < 0 ? -std::numeric_limits<double>::infinity()
                                 : blend(candidates.signals[static_cast<std::size_t>(i)],
                                         method.weights);
                };
            } else {
                score = structural(method.kind, f, marks, list);
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
        marks.reset();
        return candidates.ids.size();
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

    // Fills `list` with the best kmax providers outside the focal's partners
    // and returns the method's score of any provider.
    std::function<double(graph::NodeId)> structural(Kind kind, graph::NodeId f, FocalMarks& marks,
                                                    std::vector<graph::NodeId>& list) const {
        const Structure& st = structure_;
        const graph::Network& net = view_.network();
        auto take = [&](graph::NodeId v) {
            if (marks.mark[v] != 0) return;
            if (marks.position[v] < 0) marks.touched.push_back(v);
            marks.mark[v] |= FocalMarks::kListed;
            list.push_back(v);
        };
        auto walk = [&](const std::vector<graph::NodeId>& order) {
            for (std::size_t i = 0; i < order.size() && list.size() < kmax_; ++i) take(order[i]);
        };
        switch (kind) {
            case Kind::random: {
                // A fresh uniform order per focal: the first kmax of the providers
                // sorted by a per-focal hash, found without sorting all of them.
                const std::uint64_t seed = mix(options_.seed, 0x72616e64ULL, f);
                std::vector<std::pair<std::uint64_t, graph::NodeId>> best;
                for (graph::NodeId v = 0; v < net.num_nodes(); ++v) {
                    if (marks.mark[v] != 0) continue;
                    best.emplace_back(mix(seed, v), v);
                    if (best.size() >= 4 * kmax_ + 64) {
                        std::nth_element(best.begin(),
                                         best.begin() + static_cast<std::ptrdiff_t>(kmax_),
                                         best.end());
                        best.resize(kmax_);
                    }
                }
                std::sort(best.begin(), best.end());
                for (std::size_t i = 0; i < best.size() && list.size() < kmax_; ++i)
                    take(best[i].second);
                return [seed](graph::NodeId v) { return unit(mix(seed, v)); };
            }
            case Kind::popularity:
                walk(st.by_volume);
                return [&st](graph::NodeId v) { return st.in_volume[v]; };
            case Kind::preferential_attachment: {
                const double own = st.partners[f];
                walk(own > 0 ? st.by_partners : st.by_tie);
                return [&st, own](graph::NodeId v) { return own * st.partners[v]; };
            }
            case Kind::adamic_adar:
            case Kind::resource_allocation: {
                std::vector<graph::NodeId> reached;
                graph::for_each_partner(net, f, [&](graph::NodeId z) {
                    if (z == f) return;
                    const double degree = std::max<double>(2.0, st.partners[z]);
                    const double w =
                        kind == Kind::adamic_adar ? 1.0 / std::log(degree) : 1.0 / degree;
                    graph::for_each_partner(net, z, [&](graph::NodeId c) {
                        if (c == z || marks.mark[c] != 0) return;
                        if (marks.common[c] == 0.0) {
                            reached.push_back(c);
                            if (marks.position[c] < 0) marks.touched.push_back(c);
                        }
                        marks.common[c] += w;
                    });
                });
                auto better = [&](graph::NodeId a, graph::NodeId b) {
                    const double sa = marks.common[a];
                    const double sb = marks.common[b];
                    return sa != sb ? sa > sb : st.tie[a] < st.tie[b];
                };
                const std::size_t keep = std::min(reached.size(), kmax_);
                std::partial_sort(reached.begin(),
                                  reached.begin() + static_cast<std::ptrdiff_t>(keep),
                                  reached.end(), better);
                for (std::size_t i = 0; i < keep; ++i) take(reached[i]);
                walk(st.by_tie);  // providers no common partner reached, in tie order
                return [&marks](graph::NodeId v) { return marks.common[v]; };
            }
            case Kind::blend:
                break;
        }
        return [](graph::NodeId) { return 0.0; };
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

}  // namespace

namespace {

void check(const BacktestOptions& options, std::size_t providers) {
    if (options.ks.empty() ||
        std::find(options.ks.begin(), options.ks.end(), 0U) != options.ks.end()) {
        throw std::invalid_argument("--top needs one or more list lengths of at least 1");
    }
    for (graph::NodeId f : options.focals) {
        if (f >= providers) throw std::invalid_argument("focal provider is not in the network");
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
    std::vector<std::size_t> ranked(focals.size(), 0);
    // Blocks give progress between them; each thread keeps its marks.
    const std::size_t block = 1024;
    for (std::size_t begin = 0; begin < focals.size(); begin += block) {
        const std::size_t end = std::min(focals.size(), begin + block);
#pragma omp parallel
        {
            FocalMarks marks(n);
#pragma omp for schedule(dynamic, 4)
            for (std::size_t i = begin; i < end; ++i) {
                ranked[i] = evaluator.evaluate(focals[i], marks,
                                               std::span<double>(values).subspan(i * width, width));
            }
        }
        if (progress) progress(end, focals.size());
    }
    if (!focals.empty()) {
        result.mean_candidates =
            static_cast<double>(std::accumulate(ranked.begin(), ranked.end(), std::size_t{0})) /
            static_cast<double>(focals.size());
    }

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

LogisticFit fit_logistic(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, double l2,
                         bool nonnegative) {
    const Eigen::Index rows = x.rows();
    const Eigen::Index d = x.cols();
    if (rows == 0 || y.size() != rows) {
        throw std::invalid_argument("logistic regression needs one label per example");
    }
    // Column d is the intercept; it is neither penalised nor constrained.
    Eigen::MatrixXd design(rows, d + 1);
    design << x, Eigen::VectorXd::Ones(rows);
    const double scale = 1.0 / static_cast<double>(rows);
    auto loss = [&](const Eigen::VectorXd& beta) {
        const Eigen::ArrayXd z = (design * beta).array();
        // log(1 + e^z) - y z, written to stay finite for large |z|.
        const Eigen::ArrayXd softplus = z.max(0.0) + (-z.abs()).exp().log1p();
        return scale * (softplus - y.array() * z).sum() + 0.5 * l2 * beta.head(d).squaredNorm();
    };
    auto gradient_at = [&](const Eigen::VectorXd& beta, Eigen::VectorXd& p) {
        p = ((-(design * beta).array()).exp() + 1.0).inverse().matrix();
        Eigen::VectorXd g = scale * design.transpose() * (p - y);
        g.head(d) += l2 * beta.head(d);
        return g;
    };
    Eigen::VectorXd beta = Eigen::VectorXd::Zero(d + 1);
    std::vector<bool> held(static_cast<std::size_t>(d), false);
    LogisticFit fit;
    Eigen::VectorXd p;
    double current = loss(beta);
    for (int iter = 0; iter < 200; ++iter) {
        fit.iterations = iter + 1;
        Eigen::VectorXd gradient = gradient_at(beta, p);
        const Eigen::VectorXd w = (p.array() * (1.0 - p.array())).matrix();
        Eigen::MatrixXd hessian = scale * design.transpose() * w.asDiagonal() * design;
        hessian.diagonal().head(d).array() += l2;
        hessian.diagonal().array() += 1e-12;  // keeps a separable fit solvable
        // Held coefficients stay at 0: their rows and columns leave the system.
        for (Eigen::Index j = 0; j < d; ++j) {
            if (!held[static_cast<std::size_t>(j)]) continue;
            gradient(j) = 0.0;
            hessian.row(j).setZero();
            hessian.col(j).setZero();
            hessian(j, j) = 1.0;
        }
        const Eigen::VectorXd step = hessian.ldlt().solve(gradient);
        // Newton's step, halved while it does not lower the loss; a coefficient
        // it would take below 0 is held at 0 instead.
        bool changed_set = false;
        Eigen::VectorXd next = beta;
        for (double t = 1.0; t > 1e-6; t *= 0.5) {
            next = beta - t * step;
            changed_set = false;
            for (Eigen::Index j = 0; j < d && nonnegative; ++j) {
                if (next(j) >= 0.0) continue;
                next(j) = 0.0;
                changed_set = true;
            }
            if (loss(next) <= current) break;
        }
        if (changed_set) {
            for (Eigen::Index j = 0; j < d; ++j)
                if (next(j) == 0.0 && step(j) > 0.0) held[static_cast<std::size_t>(j)] = true;
        }
        const double moved = (next - beta).cwiseAbs().maxCoeff();
        beta = next;
        current = loss(beta);
        if (changed_set || moved > 1e-9) continue;
        // At the optimum of the free coefficients, release a held one where
        // raising it from 0 would lower the loss.
        bool released = false;
        const Eigen::VectorXd g = gradient_at(beta, p);
        for (Eigen::Index j = 0; j < d; ++j) {
            if (held[static_cast<std::size_t>(j)] && g(j) < -1e-12) {
                held[static_cast<std::size_t>(j)] = false;
                released = true;
            }
        }
        if (!released) {
            fit.converged = true;
            break;
        }
    }
    fit.coefficients = beta.head(d);
    fit.intercept = beta(d);
    return fit;
}

TuneResult tune(const History& history, const TuneOptions& options,
                const std::function<void(std::size_t, std::size_t)>& progress) {
    options.start.validate();
    const ScoringParams& params = options.validation.params;
    const SplitView view(history, options.split, options.horizon, params);
    std::vector<graph::NodeId> wanted = options.validation.focals;
    std::sort(wanted.begin(), wanted.end());
    std::vector<graph::NodeId> focals;
    const auto n = static_cast<graph::NodeId>(history.providers.size());
    for (graph::NodeId f = 0; f < n; ++f) {
        if (view.new_partners(f).empty()) continue;
        if (!wanted.empty() && !std::binary_search(wanted.begin(), wanted.end(), f)) continue;
        focals.push_back(f);
    }
    // Examples: every new partner the blend ranked (positive) and a seeded
    // sample of the candidates that did not become partners (negative).
    std::vector<std::vector<std::pair<SignalVector, double>>> per_focal(focals.size());
#pragma omp parallel for schedule(dynamic, 4)
    for (std::size_t i = 0; i < focals.size(); ++i) {
        const graph::NodeId f = focals[i];
        Request request;
        request.focal = f;
        request.params = params;
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
    const double total = result.fit.coefficients.sum();
    if (!(total > 0.0)) {
        throw std::invalid_argument(
            "no signal separates the new partners from the other candidates (every learned "
            "weight is 0)");
    }
    for (std::size_t s = 0; s < kSignalCount; ++s)
        result.weights.value[s] = result.fit.coefficients(static_cast<Eigen::Index>(s)) / total;

    BacktestOptions compare = options.validation;
    compare.horizon = options.horizon;
    compare.blends = {{"default", options.start}, {"tuned", result.weights}};
    compare.baselines.clear();
    compare.split = options.split;
    result.fitted = backtest(view, compare);
    if (progress) progress(2, 3);
    compare.split = view.end();
    const SplitView next(history, compare.split, options.horizon, params);
    result.validated = backtest(next, compare);
    if (result.validated.focals_evaluated == 0) {
        throw std::invalid_argument("no new partnership in the " +
                                    graph::format_period(options.horizon) + " after " +
                                    graph::format_date(compare.split) +
                                    " to validate the tuned weights on (expected events up to " +
                                    graph::format_date(next.end()) + ")");
    }
    if (progress) progress(3, 3);
    return result;
}

}  // namespace refnet::scoring

// Backtests and weight learning: does the ranking predict the partnerships
// that form?
//
// A backtest replays history. Everything dated before a split date is the
// training world (its network, its scoring Context); the truth for a focal
// provider is the set of new partners (no referral in either direction before
// the split) it referred to at least once within the horizon after it. Every
// method ranks the same providers for the same focal and is scored on the same
// truth, so the blend has to beat simple link-prediction baselines and each of
// its own signals used alone. Means come with bootstrap confidence intervals
// over focals, and lifts are paired (the same resamples for both methods).
//
// `tune` learns blend weights by logistic regression on the signals of one
// split's candidates and validates them on the next split, which the fit did
// not see.
#pragma once

#include <Eigen/Dense>
#include <cmath>
#include <cstdint>
#include <functional>
#include <memory>
#include <refnet/graph/id_map.hpp>
#include <refnet/graph/needs.hpp>
#include <refnet/graph/network.hpp>
#include <refnet/graph/provider.hpp>
#include <refnet/scoring/recommend.hpp>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace refnet::scoring {

// Ranking metrics for one focal with binary relevance. `ranked` is a list,
// best first; `truth` is sorted ascending. Each is 0 when the truth is empty.
/// Hits in the first k, divided by k.
[[nodiscard]] double precision_at(std::span<const graph::NodeId> ranked,
                                  std::span<const graph::NodeId> truth, std::size_t k);
/// Hits in the first k, divided by the size of the truth.
[[nodiscard]] double recall_at(std::span<const graph::NodeId> ranked,
                               std::span<const graph::NodeId> truth, std::size_t k);
/// 1 when the first k hold at least one hit.
[[nodiscard]] double hit_rate_at(std::span<const graph::NodeId> ranked,
                                 std::span<const graph::NodeId> truth, std::size_t k);
/// Average precision at k: the mean of precision@i over the ranks i <= k that
/// hold a hit, divided by min(|truth|, k) rather than by the hits, so a list
/// that misses partners is not rewarded for it. Its mean over focals is MAP@k.
[[nodiscard]] double average_precision_at(std::span<const graph::NodeId> ranked,
                                          std::span<const graph::NodeId> truth, std::size_t k);
/// Normalised discounted cumulative gain: sum over hits of 1 / log2(rank + 1),
/// divided by that of a perfect list.
[[nodiscard]] double ndcg_at(std::span<const graph::NodeId> ranked,
                             std::span<const graph::NodeId> truth, std::size_t k);
/// Area under the ROC curve from scores: the share of (positive, negative)
/// pairs in which the positive scores higher, a tie counting half. NaN when
/// either side is empty.
[[nodiscard]] double auc(std::span<const double> positive, std::span<const double> negative);

/// Everything known, before and after any split.
struct History {
    std::span<const graph::Provider> providers;  ///< indexed by NodeId
    std::span<const graph::Group> groups;        ///< indexed by NodeId
    std::span<const graph::Referral> referrals;  ///< every event, dated or not
    const graph::IdMap& needs;                   ///< need ids of `referrals`
    const graph::NeedCatalogue& catalogue;
};

/// The world as of a split date: the network and scoring Context of the events
/// dated before it (undated, aggregated events are left out: they cannot be
/// placed in time) and each provider's new partners in the horizon after it.
/// Nothing dated on or after the split reaches the network or the Context.
class SplitView {
   public:
    SplitView(const History& history, graph::Date split, graph::Period horizon,
              const ScoringParams& params = {});
    SplitView(const SplitView&) = delete;
    SplitView& operator=(const SplitView&) = delete;
    SplitView(SplitView&&) noexcept = default;
    SplitView& operator=(SplitView&&) noexcept = default;
    ~SplitView();

    [[nodiscard]] graph::Date split() const { return split_; }
    /// The first day after the horizon.
    [[nodiscard]] graph::Date end() const { return end_; }
    [[nodiscard]] const graph::Network& network() const { return *network_; }
    [[nodiscard]] const Context& context() const { return *context_; }
    /// Providers `focal` first referred to in [split, end), sorted ascending.
    [[nodiscard]] std::span<const graph::NodeId> new_partners(graph::NodeId focal) const;
    [[nodiscard]] std::size_t training_referrals() const { return training_.size(); }
    /// The events the network was built from: dated, before the split, in input order.
    [[nodiscard]] std::span<const graph::Referral> training() const { return training_; }
    [[nodiscard]] std::size_t undated_referrals() const { return undated_; }
    /// Referrals dated in [split, end): what the truth was drawn from.
    [[nodiscard]] std::size_t horizon_referrals() const { return horizon_referrals_; }

   private:
    graph::Date split_;
    graph::Date end_;
    std::vector<graph::Referral> training_;
    std::unique_ptr<graph::Network> network_;
    std::unique_ptr<Context> context_;
    std::vector<std::uint64_t> truth_offsets_;
    std::vector<graph::NodeId> truth_;
    std::size_t undated_ = 0;
    std::size_t horizon_referrals_ = 0;
};

/// The baselines the harness computes beside the blend, in report order.
[[nodiscard]] const std::vector<std::string>& baseline_names();

struct BacktestOptions {
    graph::Date split;
    graph::Period horizon{12, 0};
    std::vector<std::size_t> ks{10, 20, 30};
    /// Names from baseline_names().
    std::vector<std::string> baselines = baseline_names();
    /// Blends to evaluate, by name, first the one lifts are reported for.
    std::vector<std::pair<std::string, Weights>> blends{{"refnet", Weights{}}};
    ScoringParams params;
    /// Focals to evaluate; empty: every provider.
    std::vector<graph::NodeId> focals;
    /// When positive and smaller than the evaluable focals: a seeded sample of this many.
    std::size_t sample = 0;
    /// Non-partners drawn per focal for AUC.
    std::size_t negatives = 100;
    std::size_t bootstrap = 1000;
    std::uint64_t seed = 1;
};

struct Estimate {
    double mean = 0.0;
    double ci_low = 0.0;  ///< bootstrap 2.5th percentile (NaN without resamples)
    double ci_high = 0.0;
};

/// One named value per metric, in BacktestResult::metric_names order.
using MetricEstimates = std::vector<Estimate>;

struct MethodResult {
    std::string name;
    MetricEstimates metrics;
    /// Blends only: this method's mean over each baseline's, with a paired
    /// bootstrap interval (NaN where the baseline's mean is 0).
    std::vector<std::pair<std::string, MetricEstimates>> lift;
};

struct BacktestResult {
    graph::Date split;
    graph::Period horizon;
    graph::Date end;
    std::size_t focals_evaluated = 0;
    std::size_t focals_skipped = 0;  ///< in the population but without a new partner
    /// In the population with a new partner: focals_evaluated unless
    /// BacktestOptions::sample drew fewer.
    std::size_t focals_with_new_partner = 0;
    std::size_t new_partnerships = 0;  ///< (focal, partner) pairs in the evaluated truth
    std::size_t training_referrals = 0;
    std::size_t undated_referrals = 0;
    double mean_candidates = 0.0;  ///< providers the model ranked per focal
    /// New partnerships whose partner the model could not rank: a peer of the
    /// focal's own taxonomy, under the need-fit gate, or beyond the service radius.
    std::size_t new_partners_outside = 0;
    /// Of those, the partners farther from the focal than the service radius:
    /// what the radius, a candidate bound, costs.
    std::size_t new_partners_beyond_radius = 0;
    std::vector<std::string> metric_names;  ///< "precision@10", ..., "map@30", "auc"
    std::vector<MethodResult> methods;      ///< blends first, then baselines
};

/// Runs the backtest in parallel over focals (OpenMP); results do not depend on
/// the number of threads. `progress(done, total)` is called between blocks.
/// Throws std::invalid_argument for an empty or zero k list, an unknown
/// baseline, bad weights or a focal outside the network.
[[nodiscard]] BacktestResult backtest(
    const History& history, const BacktestOptions& options,
    const std::function<void(std::size_t, std::size_t)>& progress = nullptr);
/// The same on a view already built for options.split and options.horizon.
[[nodiscard]] BacktestResult backtest(
    const SplitView& view, const BacktestOptions& options,
    const std::function<void(std::size_t, std::size_t)>& progress = nullptr);

/// The metric a verdict is about: "precision@20" when 20 is among the result's
/// list lengths, else precision at the largest; "" when there is none.
[[nodiscard]] std::string headline_metric(const BacktestResult& result);

/// One sentence judging the blend `method` against the best baseline: the
/// baseline with the highest mean headline_metric (the first of equals). The
/// blend beats it only when the lower end of the paired bootstrap lift's 95 %
/// interval is above 1:
///   "The model beats the best baseline (gravity) by +38 % precision@20 [+21 %, +55 %]."
///   "The model does not beat the best baseline (gravity): −12 % precision@20 [−30 %, +4 %]."
/// Lifts are rounded to whole percent and signed (U+2212 for minus). The
/// subject is "The model" for "refnet", else "The <method> model". Other
/// sentences say why there is no verdict: no focal evaluated, no baseline,
/// every baseline at 0 (no ratio), or no resamples (no interval). Throws
/// std::invalid_argument when `result` has no method named `method`.
[[nodiscard]] std::string verdict(const BacktestResult& result, std::string_view method = "refnet");

/// One bin of a reliability table: the candidates whose predicted probability
/// lies in [low, high], what was predicted for them on average and what
/// share of them the focal did refer to.
struct ReliabilityBin {
    double low = 0.0;
    double high = 0.0;
    std::size_t candidates = 0;
    double mean_predicted = 0.0;
    double observed = 0.0;
};

/// How well predicted probabilities match what happened.
struct Calibration {
    std::size_t candidates = 0;
    std::size_t positives = 0;
    double mean_predicted = std::nan("");
    double observed_rate = std::nan("");
    double brier = std::nan("");  ///< mean (predicted - outcome)^2
    /// The Brier score of predicting the observed rate for every candidate:
    /// a model that cannot beat it says nothing a base rate does not.
    double base_rate_brier = std::nan("");
    std::vector<ReliabilityBin> bins;  ///< equal counts, by predicted probability, lowest first
};

/// Brier score and a reliability table of `bins` equal-count bins (fewer when
/// there are fewer candidates). `outcome` is 0 or 1 per candidate, parallel to
/// `predicted`. Throws std::invalid_argument when the two differ in length or
/// `bins` is 0. O(n log n).
[[nodiscard]] Calibration calibration(std::span<const double> predicted,
                                      std::span<const std::uint8_t> outcome, std::size_t bins = 10);

struct LogisticFit {
    Eigen::VectorXd coefficients;
    double intercept = 0.0;
    int iterations = 0;
    bool converged = false;
};

/// L2-regularised logistic regression by Newton's method: minimises
/// sum(log loss) / rows + l2 / 2 |coefficients|^2 (the intercept is not
/// penalised). With `nonnegative`, coefficients are held at 0 where the
/// unconstrained step would make them negative (an active set), as blend
/// weights must be. Rows of `x` are examples; `y` holds 0/1 labels.
[[nodiscard]] LogisticFit fit_logistic(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                       double l2, bool nonnegative);

struct TuneOptions {
    graph::Date split;  ///< the fit uses this split; validation the next one
    graph::Period horizon{12, 0};
    double l2 = 1e-5;  // the signals are on unit scales: a light touch
    /// Non-partner candidates drawn per focal as negative examples.
    std::size_t negatives = 50;
    Weights start;  ///< the blend the tuned one is compared with
    /// ks, bootstrap, seed, focals, and the baselines run on the validation
    /// split (for the verdict); split and blends are set by tune.
    BacktestOptions validation;
};

struct TuneResult {
    Weights weights;  ///< the fit's coefficients, with the intercept corrected for sampling
    LogisticFit fit;
    std::size_t focals = 0;  ///< focals the fit learned from
    std::size_t positives = 0;
    std::size_t examples = 0;
    BacktestResult fitted;  ///< "default" and "tuned" on the fit's own split
    /// The same and validation.baselines on the next split, which the fit did not see.
    BacktestResult validated;
    /// Every candidate of the validated focals on the next split, scored by
    /// each model and checked against whether the focal referred to it.
    Calibration calibration_default;
    Calibration calibration_tuned;
};

/// Learns blend weights. Throws std::invalid_argument when the fit's split has
/// no new partnerships among the candidates, or the validation split none at all.
[[nodiscard]] TuneResult tune(
    const History& history, const TuneOptions& options,
    const std::function<void(std::size_t, std::size_t)>& progress = nullptr);

}  // namespace refnet::scoring

// Partner recommendations for a focal provider: the product's heart.
//
// A prospect matters first because its specialty serves needs the focal's
// patients have, and then, among providers of that specialty, by proximity,
// earned trust, reciprocity and volume. Every signal is an absolute number
// (the same for a candidate whatever the filter or list) with the facts behind
// it kept for the plain-English reasons; the score is a logistic model of the
// signals (a product of factors on the probability scale) whose coefficients
// come from datasets/weights.json (fitted on generated markets), `refnet tune`
// or the user.
//
// The Context is built once per network (and per --as-of date): dense
// provider x need matrices for Eigen, per-provider reputation and volume, group
// referral rates and each sender's referral list. One focal's request then
// costs O(n K) for need fit plus local pushes for the personalised PageRanks.
#pragma once

#include <Eigen/Dense>
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <refnet/graph/id_map.hpp>
#include <refnet/graph/needs.hpp>
#include <refnet/graph/network.hpp>
#include <refnet/graph/provider.hpp>
#include <refnet/graph/small_counts.hpp>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace refnet::scoring {

enum class Signal : std::uint8_t {
    need_fit,
    reciprocity,
    trust,
    proximity,
    structure,
    influence,
    capacity,
    peer_referrals
};
inline constexpr std::size_t kSignalCount = 8;
[[nodiscard]] std::string_view signal_key(Signal signal);
[[nodiscard]] std::optional<Signal> parse_signal(std::string_view text);

using SignalVector = std::array<double, kSignalCount>;

/// The default model: datasets/weights.json, compiled into the library (the
/// one place it is defined; every command reads it).
[[nodiscard]] const SignalVector& default_weight_values();
[[nodiscard]] double default_intercept();

/// The ranking model's coefficients, one per signal, and its intercept: a
/// candidate's score is the estimated probability that the focal starts
/// referring to it within the horizon,
///     1 / (1 + exp(-(intercept + sum(weight * signal)))).
/// Weights are non-negative, so no signal's rise can lower a score.
struct Weights {
    SignalVector value = default_weight_values();
    double intercept = default_intercept();
    /// Throws std::invalid_argument naming the signal when a weight is negative
    /// or not finite, when all are zero, or when the intercept is not finite.
    void validate() const;
};

/// Each signal's neutral value: what a candidate the data says nothing about
/// has (no shared need, no record, no location, no word on new patients,
/// half the busiest receiver's log volume). A contribution is
/// weight x (signal - neutral): positive where the signal argues for a pick.
[[nodiscard]] const SignalVector& neutral_signals();
/// Per-signal contributions to the log-odds, relative to neutral_signals().
[[nodiscard]] SignalVector contributions(const SignalVector& signals, const Weights& weights);

/// The model's log-odds: intercept + sum(weight * signal).
[[nodiscard]] double log_odds(const SignalVector& signals, const Weights& weights);
/// The model's score: the logistic function of the log-odds, in (0, 1).
[[nodiscard]] double probability(const SignalVector& signals, const Weights& weights);

enum class Mode : std::uint8_t { prospects, strengthen, expand };
[[nodiscard]] std::string_view mode_key(Mode mode);
[[nodiscard]] std::optional<Mode> parse_mode(std::string_view text);

struct ScoringParams {
    /// Where proximity reaches 0 (signals/proximity.hpp): the model's
    /// coefficient fits how fast referrals fall with distance up to it.
    double proximity_range_km = 150.0;
    double telehealth_floor =
        0.5;  ///< proximity of a telehealth provider licensed in the focal's state
    double inbound_share = 0.3;   ///< need fit = (1 - share) outbound + share inbound
    double observed_share = 0.5;  ///< focal demand: share taken from its observed referral needs
    /// Need fit = (1 - share) x the need catalogue's fit + share x the learned
    /// referral propensity (signals/propensity.hpp) relative to the focal's top
    /// taxonomy; 0 keeps the catalogue alone.
    double propensity_share = 0.5;
    /// Pseudo-referrals each level of the propensity hierarchy borrows from the
    /// level above (taxonomy -> classification -> group -> all).
    double propensity_prior = 50.0;
    /// Pseudo-referrals the focal's own mix borrows from its taxonomy's rates.
    double propensity_own_prior = 20.0;
    double prior_successes = 1.0;  ///< Beta prior of every smoothed rate
    double prior_failures = 1.0;
    double ppr_damping = 0.85;
    double ppr_epsilon = 1e-5;  ///< forward-push threshold per unit of out-degree
    std::int32_t recent_days = 365;
    /// A target list should span the kinds of provider that serve the focal's
    /// needs: in prospects and expand modes the k-th pick from an already listed
    /// provider group has its score multiplied by diversity^k (1 = off).
    double group_diversity = 0.85;
    /// Prospects whose need fit (before its log scale, in [0, 1]) is below this
    /// are left out: referrals are specialty-bound, and a provider serving none
    /// of the focal's needs is not a partner however near. Expand, asked for
    /// groups by name, lists their best however weak the fit.
    double min_need_fit = 0.05;
    /// The network's counts are shared patients (CMS claims pairs), not
    /// referrals: only the reasons' words change.
    bool shared_patients = false;
    /// Counts from 1 to below - 1 in the reasons read "fewer than N"
    /// (--suppress-below); scores never depend on it.
    graph::SmallCounts small_counts;
    /// Prospects and expand leave out providers of the focal's own taxonomy code:
    /// peers compete for the same patients more than they refer them.
    bool exclude_peers = true;
    /// Prospects and expand leave out providers farther than this from the focal
    /// (great-circle km) unless they offer telehealth licensed in the focal's
    /// state: patients are not sent across the country for a referral, and a
    /// national market's request then reads its own region. 0: no limit. Only
    /// applies when both have a location.
    double service_radius_km = 150.0;
};

/// Switches of the engine, not of the model: lists never depend on them.
struct EngineOptions {
    /// Adamic-Adar keeps the partner lists of providers with more partners than
    /// this as bitmaps (at most 128 MB of them, the busiest first) and, on
    /// claims data, tests them only for providers that could make the list
    /// instead of visiting a hub's whole list (scoring/src/fast/hub_bitmaps.hpp).
    /// 0: no hubs.
    std::uint32_t hub_partners = 2000;
    /// Score every candidate one by one even where candidate classes give the
    /// same list faster (claims data), and test every provider against the
    /// service radius rather than only those in nearby grid cells: the
    /// reference the speed-ups are compared with.
    bool exhaustive = false;
};

struct Filters {
    std::vector<graph::Group> groups;
    std::vector<std::string> taxonomies;
    std::vector<std::string> states;
    std::optional<double> within_km;
    bool accepting_new = false;
    bool telehealth = false;
};

/// One question to a Context; the model's parameters are the Context's.
struct Request {
    graph::NodeId focal = graph::kNoNode;
    Mode mode = Mode::prospects;
    std::size_t top = 25;
    Filters filters;
    Weights weights;
    /// Fill each recommendation's evidence and reasons; a batch that writes only
    /// ids, scores and signals (`recommend --all`) turns it off.
    bool explain = true;
};

/// The facts behind one candidate's signals, kept for reasons and reports.
struct Evidence {
    double distance_km = std::nan("");
    std::uint64_t referrals_received = 0;  ///< by the candidate, from everyone
    std::uint64_t closed_loop = 0;         ///< of those, with notes back
    std::uint64_t completed = 0;
    std::uint64_t outcome_known = 0;  ///< referrals whose outcome columns were filled
    double mean_satisfaction = std::nan("");
    std::uint32_t trusted_partners_referring = 0;    ///< of the focal's top trusted partners
    graph::NodeId trusted_partner = graph::kNoNode;  ///< the most trusted of them
    std::uint32_t common_partners = 0;
    graph::NeedId top_need = graph::kNoNeed;  ///< best outbound need (context index)
    std::uint64_t top_need_referred = 0;      ///< focal referrals with that need, last year
    graph::NeedId top_inbound_need = graph::kNoNeed;
    /// Learned propensity: share of referrals that providers of the focal's
    /// taxonomy send to the candidate's, and the focal's own share (NaN: no data).
    double peers_share = std::nan("");
    double own_share = std::nan("");
    /// Referrals the candidate received from providers of the focal's taxonomy
    /// (the focal's own left out).
    std::uint64_t peer_referrals = 0;
    double return_rate = 0.0;   ///< share of the candidate group's referrals to the focal's group
    std::uint64_t sent_to = 0;  ///< focal -> candidate referrals (existing ties)
    std::uint64_t received_from = 0;  ///< candidate -> focal referrals
    std::uint64_t sent_last_year = 0;
    /// Strengthen: referrals a year the model expects the focal to send the
    /// partner (its score's share of all partners' times the focal's last-year
    /// total); NaN otherwise.
    double expected_referrals = std::nan("");
    std::uint64_t sent_year_before = 0;
    /// Strengthen: partner health's referrals at risk (refnet health), NaN
    /// otherwise; its sentence when the tie is flagged or short of its
    /// baseline, and whether it is one-sided against its groups' flow.
    double at_risk = std::nan("");
    std::string health;
    bool one_sided = false;
};

struct Recommendation {
    graph::NodeId id = graph::kNoNode;
    /// Prospects and expand: the probability that the focal starts referring
    /// to the candidate within 12 months. Strengthen: the upside in referrals
    /// a year (expected minus sent in the last year; negative when the focal
    /// already sends more than the model expects).
    double score = 0.0;
    SignalVector signals{};
    /// weight x (signal - neutral) on the log-odds scale (`explain` only); the
    /// reasons come from the largest positive ones.
    SignalVector contributions{};
    Evidence evidence;
    std::vector<std::string> reasons;  ///< 1-3 sentences with the numbers behind them
    /// Facts that argue against the pick (not accepting new patients, poor
    /// hand-offs, thin evidence): never reasons, said beside them.
    std::vector<std::string> cautions;
};

/// Which speed-ups answered a request (tests check each one really ran).
struct EngineTrace {
    bool class_path = false;          ///< candidate classes (fast/class_path.cpp)
    bool service_grid = false;        ///< only the grid cells the radius overlaps
    std::uint32_t hubs_deferred = 0;  ///< focal's hub partners tested by bitmap
};

struct RecommendResult {
    std::vector<Recommendation> items;  ///< best first, at most `top`
    std::size_t candidates = 0;         ///< providers that passed mode, filters and need-fit gate
    EngineTrace engine;
};

/// Every candidate of a request that passed mode, filters and the need-fit gate,
/// with its signals, in NodeId order: what a backtest or `tune` re-blends.
struct CandidateSignals {
    std::vector<graph::NodeId> ids;
    std::vector<SignalVector> signals;
};

/// Provider x need matrices are row-major: one request reads a candidate's whole row.
using NeedMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// Everything per network that one request needs, built once per network (and
/// per as-of date). Its data is internal to scoring (scoring/src/context_data.hpp).
class Context {
   public:
    /// `providers`, `groups` are indexed by NodeId; `referrals` are the events the
    /// network was built from (their need ids index `referral_needs`). Throws
    /// std::invalid_argument when providers or groups do not match the network.
    Context(const graph::Network& network, std::span<const graph::Provider> providers,
            std::span<const graph::Group> groups, std::span<const graph::Referral> referrals,
            const graph::IdMap& referral_needs, const graph::NeedCatalogue& catalogue,
            graph::Date as_of, const ScoringParams& params = {}, const EngineOptions& engine = {});
    Context(Context&&) noexcept;
    Context& operator=(Context&&) = delete;
    Context(const Context&) = delete;
    Context& operator=(const Context&) = delete;
    ~Context();

    [[nodiscard]] const graph::Network& network() const;
    /// The model's parameters, set once here for every request.
    [[nodiscard]] const ScoringParams& params() const;
    [[nodiscard]] std::span<const graph::Provider> providers() const;
    [[nodiscard]] const graph::IdMap& needs() const;
    /// Human label of a need (catalogue label, else the tag).
    [[nodiscard]] std::string need_label(graph::NeedId need) const;
    /// The as-of date given, or the day after the last dated referral.
    [[nodiscard]] graph::Date as_of() const;
    /// The focal's demand: needs its patients present that it does not serve,
    /// mixed with the needs it actually referred out; sums to 1 (or is all zero).
    [[nodiscard]] Eigen::VectorXf demand(graph::NodeId provider) const;
    /// The provider group that group diversity spreads a list over.
    [[nodiscard]] graph::Group group(graph::NodeId provider) const;

    /// Receives an image's bytes piece by piece, in order.
    using ImageSink = std::function<void(const char* bytes, std::size_t size)>;
    /// Streams the context as bytes for a snapshot (`refnet import`), so that
    /// a cold command reads it instead of building it; returns how many
    /// (scoring/src/fast/stored_context.cpp). An empty sink only counts them.
    std::size_t write_image(const ImageSink& sink) const;
    [[nodiscard]] std::size_t image_size() const;
    /// The same bytes in one block (tests; a snapshot streams them).
    [[nodiscard]] std::vector<char> image() const;
    /// The context `image` holds, read in place (the bytes must outlive it and
    /// start 8-byte aligned), when it was built from the same inputs with the
    /// same as-of date, catalogue, parameters and engine switches as these;
    /// std::nullopt when not (build one instead) or when `image` is empty.
    /// Throws std::invalid_argument for bytes that are not a consistent context.
    [[nodiscard]] static std::optional<Context> stored(
        std::span<const char> image, const graph::Network& network,
        std::span<const graph::Provider> providers, std::span<const graph::Group> groups,
        std::span<const graph::Referral> referrals, const graph::IdMap& referral_needs,
        const graph::NeedCatalogue& catalogue, graph::Date as_of, const ScoringParams& params = {},
        const EngineOptions& engine = {});

    struct Data;
    [[nodiscard]] const Data& data() const { return *data_; }

   private:
    struct Unbuilt {};
    // The Data with its inputs, settings and key, and nothing built yet.
    Context(Unbuilt, const graph::Network& network, std::span<const graph::Provider> providers,
            std::span<const graph::Group> groups, std::span<const graph::Referral> referrals,
            const graph::IdMap& referral_needs, const graph::NeedCatalogue& catalogue,
            graph::Date as_of, const ScoringParams& params, const EngineOptions& engine);

    std::unique_ptr<Data> data_;
};

/// Ranks candidates for `request.focal`. Throws std::invalid_argument naming the
/// bad value for a focal outside the network, top == 0, bad weights, or expand
/// mode without a group filter.
[[nodiscard]] RecommendResult recommend(const Context& context, const Request& request);

/// Prospects (or expand) for an organisation: every member's ranking merged
/// as the chance that at least one member starts referring to a candidate,
/// 1 - prod(1 - p); members and any member's partners are left out; the best
/// placed member's reasons, led by whose they are. request.focal is ignored.
/// Throws std::invalid_argument for no members or strengthen mode (refnet
/// health --org ranks an organisation's partners).
[[nodiscard]] RecommendResult recommend_organisation(const Context& context, const Request& request,
                                                     std::span<const graph::NodeId> members);

/// The signals of every candidate `recommend` would rank for `request` (its
/// `top` is ignored); prospects and expand modes only (std::invalid_argument
/// otherwise). Same cost as one recommend call, without the explanations.
[[nodiscard]] CandidateSignals score_candidates(const Context& context, const Request& request);

/// Indices into `candidates` of the best `top`, best first, by the rule
/// recommend uses: the blend under `weights`, ties to the smaller external id,
/// then the context's group-diversity re-rank. recommend(request) lists
/// exactly rank_candidates(score_candidates(request), request.weights, top).
[[nodiscard]] std::vector<std::size_t> rank_candidates(const Context& context,
                                                       const CandidateSignals& candidates,
                                                       const Weights& weights, std::size_t top);

/// Every focal's recommendations (`request` with its focal replaced), computed in
/// parallel blocks (OpenMP) and handed to `emit` on the calling thread in the
/// order of `focals`, so a caller can stream them to disk holding one block at
/// a time. `progress(done, total)` is called between blocks. Validates the
/// request once (same errors as recommend). Work: |focals| single requests.
void recommend_each(const Context& context, const Request& request,
                    std::span<const graph::NodeId> focals,
                    const std::function<void(graph::NodeId, const RecommendResult&)>& emit,
                    const std::function<void(std::size_t, std::size_t)>& progress = nullptr);

}  // namespace refnet::scoring

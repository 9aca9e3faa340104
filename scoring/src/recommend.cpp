#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <numbers>
#include <numeric>
#include <refnet/graph/metrics.hpp>
#include <refnet/scoring/evidence.hpp>
#include <refnet/scoring/recommend.hpp>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

namespace refnet::scoring {

namespace {

constexpr std::array<std::string_view, kSignalCount> kSignalKeys{
    "need_fit", "reciprocity", "trust", "proximity", "structure", "influence"};
constexpr std::array<std::string_view, 3> kModeKeys{"prospects", "strengthen", "expand"};

std::string percent(double share) {
    const long rounded = std::lround(share * 100.0);
    return std::to_string(rounded) + " %";
}

std::string one_decimal(double value) {
    const long tenths = std::lround(value * 10.0);
    return std::to_string(tenths / 10) + "." + std::to_string(std::labs(tenths % 10));
}

constexpr std::size_t kPrefetchAhead = 8;

// The per-network scratch of one forward push, kept between focals: at a
// million providers, allocating and zeroing these arrays cost more than the
// push itself. A national walk gives along ~22,000 edges to scattered
// providers, so what a give reads and writes is one 16-byte record (residual,
// out-degree, and the walk that last reached it, which makes a stale residual
// read as 0 without a pass to clear it); estimates and out-weights, which only
// the ~1,000 pushed providers have, live apart and are cleared by that list.
struct PushState {
    static constexpr std::uint32_t kQueued = std::uint32_t{1} << 31;
    struct Node {
        double residual = 0.0;
        std::uint32_t out_degree = 0;  // copied from the network once per thread
        std::uint32_t walk = 0;        // the walk that last reached it; kQueued bit
    };
    std::vector<Node> node;
    std::vector<double> estimate_of;
    std::vector<double> out_weight;  // computed at the first push; -1 = not yet
    std::vector<graph::NodeId> queue;
    std::vector<graph::NodeId> pushed;  // at least once in this walk
    std::uint32_t walk = 0;
    std::uint64_t network_serial = 0;
    [[nodiscard]] double estimate(graph::NodeId v) const { return estimate_of[v]; }
    // `serial` names the network's Context: a thread that serves another one (a
    // backtest's next split, say) refills the degrees.
    void prepare(const graph::Network& net, std::uint64_t serial) {
        if (network_serial == serial && node.size() == net.num_nodes()) return;
        network_serial = serial;
        node.assign(net.num_nodes(), Node{});
        for (graph::NodeId v = 0; v < net.num_nodes(); ++v) node[v].out_degree = net.out_degree(v);
        estimate_of.assign(net.num_nodes(), 0.0);
        out_weight.assign(net.num_nodes(), -1.0);
        pushed.clear();
        walk = 0;
    }
    // A new walk: every residual of earlier ones now reads as 0.
    void begin() {
        if (++walk == kQueued) {
            for (Node& s : node) s.walk = 0;
            walk = 1;
        }
    }
    void reset() {
        for (graph::NodeId v : pushed) {
            estimate_of[v] = 0.0;
            out_weight[v] = -1.0;
        }
        pushed.clear();
        queue.clear();
    }
};

// Personalised PageRank from `source` by forward push (Andersen, Chung & Lang
// 2006): only the neighbourhood the walk reaches is touched, so one focal costs
// far less than a power iteration over the whole network. `weight(e)` gives the
// transition weight of out-edge e; providers without weighted out-edges send
// their mass back to the source. The result is `state.estimate(v)`.
template <typename WeightFn>
void personalised_pagerank(const graph::Network& net, std::uint64_t serial, graph::NodeId source,
                           double damping, double epsilon, WeightFn&& weight, PushState& state) {
    const graph::NodeId n = net.num_nodes();
    state.prepare(net, serial);
    state.begin();
    auto& node = state.node;
    auto& queue = state.queue;
    const std::uint32_t walk = state.walk;
    auto reach = [&](graph::NodeId v) -> PushState::Node& {
        PushState::Node& s = node[v];
        if ((s.walk & ~PushState::kQueued) != walk) {
            s.walk = walk;
            s.residual = 0.0;
        }
        return s;
    };
    auto queued = [](const PushState::Node& s) { return (s.walk & PushState::kQueued) != 0; };
    // Andersen-Chung-Lang's push condition r(u) >= epsilon * deg(u) bounds the work
    // by O(1 / (epsilon (1 - damping))) whatever the network's size.
    auto threshold = [&](const PushState::Node& s) {
        return epsilon * std::max<double>(1.0, s.out_degree);
    };
    auto total_weight = [&](graph::NodeId u) {
        double& cached = state.out_weight[u];
        if (cached < 0.0) {
            double w = 0.0;
            const auto targets = net.out_neighbors(u);
            for (std::size_t i = 0; i < targets.size(); ++i) w += weight(net.out_edge_begin(u) + i);
            cached = w;
            state.pushed.push_back(u);
        }
        return cached;
    };
    queue.assign(1, source);
    reach(source).walk |= PushState::kQueued;
    node[source].residual = 1.0;
    std::size_t head = 0;
    // Each push settles (1 - damping) of at least epsilon; the cap is a safety net.
    const std::size_t max_pushes = static_cast<std::size_t>(20.0 / epsilon) + n;
    for (std::size_t pushes = 0; head < queue.size() && pushes < max_pushes; ++pushes) {
        const graph::NodeId u = queue[head++];
        PushState::Node& su = node[u];
        su.walk &= ~PushState::kQueued;
        const double r = su.residual;
        if (r < threshold(su)) continue;
        su.residual = 0.0;
        state.estimate_of[u] += (1.0 - damping) * r;
        const double w = total_weight(u);
        auto give = [&](graph::NodeId v, double amount) {
            PushState::Node& sv = reach(v);
            sv.residual += amount;
            if (!queued(sv) && sv.residual >= threshold(sv)) {
                sv.walk |= PushState::kQueued;
                queue.push_back(v);
            }
        };
        if (w <= 0.0) {
            give(source, damping * r);
            continue;
        }
        const auto targets = net.out_neighbors(u);
        const graph::EdgeId first = net.out_edge_begin(u);
        for (std::size_t i = 0; i < std::min(kPrefetchAhead, targets.size()); ++i)
            __builtin_prefetch(&node[targets[i]]);
        for (std::size_t i = 0; i < targets.size(); ++i) {
            // The targets are scattered over the network: asking for a later
            // one's record now overlaps the cache misses.
            if (i + kPrefetchAhead < targets.size())
                __builtin_prefetch(&node[targets[i + kPrefetchAhead]]);
            give(targets[i], damping * r * weight(first + i) / w);
        }
    }
}

// A candidate's raw signals, before the relative ones are normalised by their
// best candidate.
struct Raw {
    SignalVector s{};
    double structure_aa = 0.0;
    double structure_ppr = 0.0;
    double trust_second = 0.0;
    double recip_expected = 0.0;
    double outbound = 0.0;
};

struct Ranked {
    std::size_t index;
    double score;
    double quantised;  // scores compare at 1e-9, so node-order float noise cannot reorder ties
};

// The numerator of the blend; a request divides by its total weight, summed once.
double weighted_sum(const SignalVector& signals, const Weights& weights) {
    double sum = 0.0;
    for (std::size_t s = 0; s < kSignalCount; ++s) sum += weights.value[s] * signals[s];
    return sum;
}

// The best `top` of `ranked`, best first. Ties go to the smaller external id
// (`id_rank_of(index)`), so ranks do not depend on row order. With diversity
// below 1, the k-th pick of a provider group has its score multiplied by
// diversity^k; the discount is shared within a group, so only each group's
// best remaining candidate can be the next pick, and no group gives more than
// `top`. `by_group` is scratch, left filled.
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
            head.score *= std::pow(diversity, static_cast<double>(next[g]));
            head.quantised = std::round(head.score * 1e9);
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

// Bit v of a bitmap over providers.
bool bit_set(const std::uint64_t* bits, graph::NodeId v) {
    return ((bits[v >> 6] >> (v & 63)) & 1) != 0;
}

// Everything one request needs per provider, kept per thread and reset by
// what was touched, so a request costs what it reads, not O(n) allocations
// (page faults on fresh memory were a third of a national request).
struct FocalScratch {
    std::vector<graph::NodeId> candidates;
    std::vector<Raw> raw;
    std::vector<Ranked> ranked;
    std::array<std::vector<Ranked>, graph::kGroupCount> by_group;
    std::vector<char> tied;
    // Adamic-Adar sums by provider and the providers with one (every sum is
    // positive): a hub focal's expansion touches a million providers, so the
    // sums are one double each, and the counts behind a pick's reasons are
    // worked out for the picks alone.
    std::vector<double> adamic_adar;
    std::vector<graph::NodeId> aa_touched;
    // Class path: providers scored individually, one bit each, so the set stays
    // in cache while a hub focal's pass marks 60,000 of them; cleared whole.
    std::vector<std::uint64_t> own;
    bool own_used = false;
    [[nodiscard]] bool owned(graph::NodeId v) const { return bit_set(own.data(), v); }
    // True the first time `v` is taken out of its class's shared list.
    bool claim(graph::NodeId v) {
        std::uint64_t& word = own[v >> 6];
        const std::uint64_t bit = std::uint64_t{1} << (v & 63);
        if ((word & bit) != 0) return false;
        word |= bit;
        own_used = true;
        return true;
    }
    std::vector<graph::NodeId> individual;
    // Class path: providers only Adamic-Adar reached, in an open class.
    struct Structural {
        graph::NodeId id;
        std::uint16_t class_id;  // Context's 16-bit class ids
        std::uint16_t influence_ceiling;
        bool with_hubs;  // the sum includes the focal's hub partners
        double adamic_adar;
    };
    std::vector<Structural> structural;
    PushState ppr;
    PushState trust_ppr;
    void prepare(graph::NodeId n) {
        if (tied.size() == n) return;
        tied.assign(n, 0);
        adamic_adar.assign(n, 0.0);
        own.assign((std::size_t{n} + 63) / 64, 0);
        aa_touched.clear();
    }
    void reset(const graph::Network& net, graph::NodeId focal) {
        for (graph::NodeId v : net.out_neighbors(focal)) tied[v] = 0;
        for (graph::NodeId v : net.in_neighbors(focal)) tied[v] = 0;
        for (graph::NodeId v : aa_touched) adamic_adar[v] = 0.0;
        aa_touched.clear();
        if (own_used) std::fill(own.begin(), own.end(), 0);
        own_used = false;
        individual.clear();
        structural.clear();
        ppr.reset();
        trust_ppr.reset();
        candidates.clear();
        raw.clear();
        ranked.clear();
        for (auto& list : by_group) list.clear();
    }
};

constexpr double kEarthRadiusKm = 6371.0088;
constexpr std::size_t kHubBitmapBytes = std::size_t{128} << 20;

// Starts at 1: a fresh scratch (serial 0) never matches a Context.
std::uint64_t next_context_serial() {
    static std::atomic<std::uint64_t> counter{0};
    return ++counter;
}

// The key of a one-degree grid cell (floor of latitude and longitude).
std::int64_t grid_cell(std::int32_t row, std::int32_t col) {
    return static_cast<std::int64_t>(row) * 1000 + col;
}

// Resets the thread's scratch however the request ends.
class ScratchLease {
   public:
    ScratchLease(const graph::Network& net, graph::NodeId focal)
        : scratch_(instance()), net_(net), focal_(focal) {
        scratch_.prepare(net.num_nodes());
    }
    ~ScratchLease() { scratch_.reset(net_, focal_); }
    ScratchLease(const ScratchLease&) = delete;
    ScratchLease& operator=(const ScratchLease&) = delete;
    FocalScratch& operator*() { return scratch_; }

   private:
    static FocalScratch& instance() {
        thread_local FocalScratch scratch;
        return scratch;
    }
    FocalScratch& scratch_;
    const graph::Network& net_;
    graph::NodeId focal_;
};

// Sorted union of a provider's in- and out-neighbours.
std::vector<graph::NodeId> partners(const graph::Network& net, graph::NodeId u) {
    std::vector<graph::NodeId> all;
    graph::for_each_partner(net, u, [&](graph::NodeId v) { all.push_back(v); });
    return all;
}

// Partners c shares with focal f (f and c themselves not counted), from the
// shorter side: a hub's partner list is 100,000 long, a typical focal's 150.
// `is_partner(z, v)` may answer from a hub's bitmap.
template <typename IsPartner>
std::uint32_t common_partners(const graph::Network& net, graph::NodeId f,
                              std::span<const graph::NodeId> focal_partners, graph::NodeId c,
                              IsPartner&& lists) {
    std::uint32_t count = 0;
    if (focal_partners.size() <= std::size_t{net.out_degree(c)} + net.in_degree(c)) {
        for (graph::NodeId z : focal_partners) {
            if (z != f && z != c && lists(z, c)) ++count;
        }
    } else {
        graph::for_each_partner(net, c, [&](graph::NodeId z) {
            if (z != f && z != c &&
                std::binary_search(focal_partners.begin(), focal_partners.end(), z))
                ++count;
        });
    }
    return count;
}

bool contains(const std::vector<std::string>& list, const std::string& value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

std::string_view signal_key(Signal signal) {
    return kSignalKeys.at(static_cast<std::size_t>(signal));
}

std::optional<Signal> parse_signal(std::string_view text) {
    for (std::size_t i = 0; i < kSignalKeys.size(); ++i) {
        if (kSignalKeys[i] == text) return static_cast<Signal>(i);
    }
    return std::nullopt;
}

std::string_view mode_key(Mode mode) { return kModeKeys.at(static_cast<std::size_t>(mode)); }

std::optional<Mode> parse_mode(std::string_view text) {
    for (std::size_t i = 0; i < kModeKeys.size(); ++i) {
        if (kModeKeys[i] == text) return static_cast<Mode>(i);
    }
    return std::nullopt;
}

void Weights::validate() const {
    double total = 0.0;
    for (std::size_t i = 0; i < kSignalCount; ++i) {
        if (!std::isfinite(value[i]) || value[i] < 0.0) {
            throw std::invalid_argument("weight of " + std::string(kSignalKeys[i]) +
                                        " must be a non-negative number, got " +
                                        std::to_string(value[i]));
        }
        total += value[i];
    }
    if (!(total > 0.0)) throw std::invalid_argument("at least one weight must be positive");
}

Context::Context(const graph::Network& network, std::span<const graph::Provider> providers,
                 std::span<const graph::Group> groups, std::span<const graph::Referral> referrals,
                 const graph::IdMap& referral_needs, const graph::NeedCatalogue& catalogue,
                 graph::Date as_of, const ScoringParams& params)
    : network_(network),
      serial_(next_context_serial()),
      providers_(providers),
      groups_(groups),
      referrals_(referrals),
      as_of_(as_of),
      params_(params) {
    const graph::NodeId n = network.num_nodes();
    if (providers.size() != n || groups.size() != n) {
        throw std::invalid_argument("scoring context needs one provider and group per node");
    }
    // Need index: the catalogue's tags first (so profile ids carry over), then
    // any tag the data uses that the catalogue lacks.
    for (graph::NeedId k = 0; k < catalogue.size(); ++k) {
        needs_.insert(catalogue.tags.key(k));
        need_labels_.push_back(catalogue.labels[k].empty() ? catalogue.tags.key(k)
                                                           : catalogue.labels[k]);
    }
    auto need_id = [&](std::string_view tag) {
        const graph::NeedId before = needs_.size();
        const graph::NeedId id = needs_.insert(tag);
        if (id == before) need_labels_.emplace_back(tag);
        return id;
    };
    for (const auto& p : providers) {
        for (const auto& w : p.needs_seen) need_id(w.need);
        for (const auto& w : p.needs_served) need_id(w.need);
    }
    referral_need_map_.resize(referral_needs.size());
    for (graph::NeedId k = 0; k < referral_needs.size(); ++k)
        referral_need_map_[k] = need_id(referral_needs.key(k));

    const auto needs = static_cast<Eigen::Index>(needs_.size());
    seen_ = NeedMatrix::Zero(n, needs);
    served_ = NeedMatrix::Zero(n, needs);
    for (graph::NodeId u = 0; u < n; ++u) {
        const auto& p = providers[u];
        const graph::NeedProfile* profile = catalogue.profile(p.taxonomy);
        if (!p.needs_seen.empty()) {
            for (const auto& w : p.needs_seen)
                seen_(u, *needs_.find(w.need)) = static_cast<float>(w.weight);
        } else if (profile != nullptr) {
            for (const auto& [k, w] : profile->seen) seen_(u, k) = static_cast<float>(w);
        }
        if (!p.needs_served.empty()) {
            for (const auto& w : p.needs_served)
                served_(u, *needs_.find(w.need)) = static_cast<float>(w.weight);
        } else if (profile != nullptr) {
            for (const auto& [k, w] : profile->served) served_(u, k) = static_cast<float>(w);
        }
        const float total = seen_.row(u).sum();
        if (total > 0.0F) seen_.row(u) /= total;
    }
    unmet_ = seen_.array() * (1.0F - served_.array());
    unmet_total_ = unmet_.rowwise().sum();
    {
        const auto row_bytes = static_cast<std::size_t>(needs) * sizeof(float);
        const auto row_hash = [&](graph::NodeId u) {
            const std::hash<std::string_view> hash;
            const auto* served = reinterpret_cast<const char*>(served_.row(u).data());
            const auto* unmet = reinterpret_cast<const char*>(unmet_.row(u).data());
            return hash(std::string_view(served, row_bytes)) * 31 +
                   hash(std::string_view(unmet, row_bytes));
        };
        const auto same_rows = [&](graph::NodeId a, graph::NodeId b) {
            return std::memcmp(served_.row(a).data(), served_.row(b).data(), row_bytes) == 0 &&
                   std::memcmp(unmet_.row(a).data(), unmet_.row(b).data(), row_bytes) == 0;
        };
        std::unordered_map<std::size_t, std::vector<graph::NodeId>> first_of;  // hash -> providers
        profile_.resize(n);
        for (graph::NodeId u = 0; u < n; ++u) {
            auto& bucket = first_of[row_hash(u)];
            const auto it = std::find_if(bucket.begin(), bucket.end(),
                                         [&](graph::NodeId rep) { return same_rows(rep, u); });
            if (it != bucket.end()) {
                profile_[u] = profile_[*it];
            } else {
                profile_[u] = profile_count_++;
                profile_representative_.push_back(u);
                bucket.push_back(u);
            }
        }
        partner_count_.resize(n);
        for (graph::NodeId u = 0; u < n; ++u) {
            std::uint32_t count = 0;
            for_each_partner(network, u, [&](graph::NodeId) { ++count; });
            partner_count_[u] = count;
        }
        if (params.hub_partners > 0) {
            std::vector<graph::NodeId> hubs;
            for (graph::NodeId u = 0; u < n; ++u) {
                if (partner_count_[u] > params.hub_partners) hubs.push_back(u);
            }
            // The busiest first, within the bitmaps' budget.
            hub_words_ = (std::size_t{n} + 63) / 64;
            const std::size_t budget = std::max<std::size_t>(1, kHubBitmapBytes / (8 * hub_words_));
            if (hubs.size() > budget) {
                std::nth_element(hubs.begin(), hubs.begin() + static_cast<std::ptrdiff_t>(budget),
                                 hubs.end(), [&](graph::NodeId a, graph::NodeId b) {
                                     return partner_count_[a] != partner_count_[b]
                                                ? partner_count_[a] > partner_count_[b]
                                                : a < b;
                                 });
                hubs.resize(budget);
            }
            if (!hubs.empty()) {
                hub_slot_.assign(n, -1);
                hub_bits_.assign(hubs.size() * hub_words_, 0);
                for (std::size_t slot = 0; slot < hubs.size(); ++slot) {
                    hub_slot_[hubs[slot]] = static_cast<std::int32_t>(slot);
                    std::uint64_t* bits = hub_bits_.data() + slot * hub_words_;
                    for_each_partner(network, hubs[slot], [&](graph::NodeId v) {
                        bits[v >> 6] |= std::uint64_t{1} << (v & 63);
                    });
                }
            }
        }
        lat_.resize(n);
        lon_.resize(n);
        telehealth_.resize(n);
        unit_.resize(n);
        for (graph::NodeId u = 0; u < n; ++u) {
            lat_[u] = providers[u].lat;
            lon_[u] = providers[u].lon;
            constexpr double kRad = std::numbers::pi / 180.0;
            const double lat = lat_[u] * kRad;
            const double lon = lon_[u] * kRad;
            unit_[u] = providers[u].has_location()
                           ? std::array<double, 3>{std::cos(lat) * std::cos(lon),
                                                   std::cos(lat) * std::sin(lon), std::sin(lat)}
                           : std::array<double, 3>{std::nan(""), std::nan(""), std::nan("")};
            telehealth_[u] = providers[u].telehealth.value_or(false) ? 1 : 0;
            if (!providers[u].has_location()) {
                unlocated_.push_back(u);
            } else {
                cells_[grid_cell(static_cast<std::int32_t>(std::floor(lat_[u])),
                                 static_cast<std::int32_t>(std::floor(lon_[u])))]
                    .push_back(u);
                if (telehealth_[u] != 0) {
                    telehealth_located_.push_back(u);
                    if (providers[u].licensed_states.empty()) telehealth_anywhere_.push_back(u);
                    for (const auto& state : providers[u].licensed_states)
                        telehealth_by_state_[state].push_back(u);
                }
            }
            any_location_ = any_location_ || providers[u].has_location();
            any_telehealth_ = any_telehealth_ || telehealth_[u] != 0;
        }
        std::unordered_map<std::string_view, std::uint32_t> taxonomies;
        taxonomy_id_.resize(n);
        for (graph::NodeId u = 0; u < n; ++u) {
            taxonomy_id_[u] =
                taxonomies
                    .emplace(providers[u].taxonomy, static_cast<std::uint32_t>(taxonomies.size()))
                    .first->second;
        }
    }

    // Referrals by sender, for the focal's own history.
    sender_offsets_.assign(std::size_t{n} + 1, 0);
    for (const auto& r : referrals) ++sender_offsets_[r.from + 1];
    std::partial_sum(sender_offsets_.begin(), sender_offsets_.end(), sender_offsets_.begin());
    sender_referrals_.resize(referrals.size());
    {
        std::vector<std::uint64_t> cursor(sender_offsets_.begin(), sender_offsets_.end() - 1);
        for (std::size_t i = 0; i < referrals.size(); ++i) {
            sender_referrals_[cursor[referrals[i].from]++] = static_cast<std::uint32_t>(i);
        }
    }
    if (!as_of_.valid()) {
        // Without --as-of, "now" is the day after the last referral.
        graph::Date last = graph::kNoDate;
        for (const auto& r : referrals) {
            if (r.date.valid() && (!last.valid() || r.date > last)) last = r.date;
        }
        if (last.valid()) as_of_ = graph::Date{last.days + 1};
    }

    const graph::DegreeResult degrees = graph::degrees(network);
    in_volume_ = degrees.in_volume;
    out_volume_ = degrees.out_volume;
    pagerank_ = graph::pagerank(network).rank;
    {
        std::vector<graph::NodeId> order(n);
        std::iota(order.begin(), order.end(), 0U);
        std::stable_sort(order.begin(), order.end(), [&](graph::NodeId a, graph::NodeId b) {
            return pagerank_[a] < pagerank_[b];
        });
        // Share of providers with a strictly smaller PageRank, so ties share a percentile.
        pagerank_percentile_.assign(n, 0.0);
        for (graph::NodeId i = 0, first = 0; i < n; ++i) {
            if (i > 0 && pagerank_[order[i]] > pagerank_[order[i - 1]]) first = i;
            pagerank_percentile_[order[i]] = n > 1 ? static_cast<double>(first) / (n - 1) : 1.0;
        }
    }
    for (graph::NodeId u = 0; u < n; ++u) {
        max_log_volume_ =
            std::max(max_log_volume_, std::log1p(static_cast<double>(out_volume_[u])));
        max_pagerank_ = std::max(max_pagerank_, pagerank_[u]);
    }

    {
        // Ties in a ranking go to the smaller external id; ranking the ids once
        // turns those string comparisons into integer ones.
        std::vector<graph::NodeId> order(n);
        std::iota(order.begin(), order.end(), 0U);
        std::sort(order.begin(), order.end(), [&](graph::NodeId a, graph::NodeId b) {
            return providers[a].id < providers[b].id;
        });
        id_rank_.resize(n);
        for (graph::NodeId i = 0; i < n; ++i) id_rank_[order[i]] = i;
    }
    influence_.resize(n);
    for (graph::NodeId u = 0; u < n; ++u) {
        const double volume =
            max_log_volume_ > 0 ? std::log1p(static_cast<double>(out_volume_[u])) / max_log_volume_
                                : 0.0;
        influence_[u] = 0.5 * volume + 0.5 * pagerank_percentile_[u];
    }

    // Reputation: how each provider treats referrals from everyone.
    const auto& a = network.attributes();
    const bool has_outcomes =
        !a.closed_loop.empty() || !a.completed.empty() || !a.satisfaction_count.empty();
    reputation_.assign(n, std::nan(""));
    received_closed_.assign(n, 0);
    received_completed_.assign(n, 0);
    received_known_.assign(n, 0);
    received_satisfaction_.assign(n, std::nan(""));
    for (graph::NodeId v = 0; v < n && has_outcomes; ++v) {
        std::uint64_t total = 0;
        std::uint64_t on_time = 0;
        double sat_sum = 0.0;
        std::uint64_t sat_n = 0;
        for (graph::EdgeId e : network.in_edges(v)) {
            total += a.count[e];
            if (!a.closed_loop.empty()) received_closed_[v] += a.closed_loop[e];
            if (!a.completed.empty()) received_completed_[v] += a.completed[e];
            if (!a.on_time.empty()) on_time += a.on_time[e];
            if (!a.satisfaction_count.empty()) {
                sat_sum += a.satisfaction_sum[e];
                sat_n += a.satisfaction_count[e];
            }
        }
        received_known_[v] = total;
        std::vector<double> parts;
        const double ps = params.prior_successes;
        const double pf = params.prior_failures;
        if (!a.closed_loop.empty())
            parts.push_back(smoothed_rate(received_closed_[v], total, ps, pf));
        if (!a.completed.empty())
            parts.push_back(smoothed_rate(received_completed_[v], total, ps, pf));
        if (!a.on_time.empty()) parts.push_back(smoothed_rate(on_time, total, ps, pf));
        if (!a.satisfaction_count.empty()) {
            // Ratings 1..5 mapped to [0, 1] and shrunk towards the middle like a rate.
            parts.push_back(((sat_sum - static_cast<double>(sat_n)) / 4.0 + ps) /
                            (static_cast<double>(sat_n) + ps + pf));
            if (sat_n > 0) received_satisfaction_[v] = sat_sum / static_cast<double>(sat_n);
        }
        reputation_[v] =
            std::accumulate(parts.begin(), parts.end(), 0.0) / static_cast<double>(parts.size());
    }

    has_outcomes_ = has_outcomes;
    if (!any_location_ && !has_outcomes_) {
        // (profile, taxonomy) -> class per group
        constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
        std::unordered_map<std::uint64_t, std::array<std::uint32_t, graph::kGroupCount>> index;
        class_of_.resize(n);
        bool too_many = false;
        for (graph::NodeId u = 0; u < n; ++u) {
            const std::uint64_t key = (std::uint64_t{profile_[u]} << 32) | taxonomy_id_[u];
            auto [it, added] = index.try_emplace(key);
            if (added) it->second.fill(kNone);
            std::uint32_t& id = it->second[static_cast<std::size_t>(groups[u])];
            if (id == kNone) {
                if (class_taxonomy_.size() > std::numeric_limits<ClassId>::max()) {
                    too_many = true;  // beyond the compact ids: score one by one
                    break;
                }
                id = static_cast<std::uint32_t>(class_taxonomy_.size());
                class_taxonomy_.push_back(taxonomy_id_[u]);
                class_group_.push_back(groups[u]);
            }
            // Rounded up (one step over, for the product's rounding): a ceiling.
            const double steps = std::ceil(std::clamp(influence_[u], 0.0, 1.0) * 65535.0) + 1.0;
            class_of_[u] = {static_cast<ClassId>(id),
                            static_cast<std::uint16_t>(std::min(steps, 65535.0))};
        }
        if (too_many) {
            class_of_ = {};
            class_taxonomy_ = {};
            class_group_ = {};
        }
    }
    if (!class_of_.empty()) {
        class_offsets_.assign(class_taxonomy_.size() + 1, 0);
        for (graph::NodeId u = 0; u < n; ++u) ++class_offsets_[class_of_[u].id + 1];
        std::partial_sum(class_offsets_.begin(), class_offsets_.end(), class_offsets_.begin());
        class_members_.resize(n);
        std::vector<std::uint64_t> cursor(class_offsets_.begin(), class_offsets_.end() - 1);
        for (graph::NodeId u = 0; u < n; ++u) class_members_[cursor[class_of_[u].id]++] = u;
        for (std::size_t k = 0; k + 1 < class_offsets_.size(); ++k) {
            std::sort(class_members_.begin() + static_cast<std::ptrdiff_t>(class_offsets_[k]),
                      class_members_.begin() + static_cast<std::ptrdiff_t>(class_offsets_[k + 1]),
                      [&](graph::NodeId x, graph::NodeId y) {
                          return influence_[x] != influence_[y] ? influence_[x] > influence_[y]
                                                                : id_rank_[x] < id_rank_[y];
                      });
        }
        class_member_influence_.resize(n);
        for (std::size_t i = 0; i < n; ++i)
            class_member_influence_[i] = influence_[class_members_[i]];
    }

    const graph::GroupFlows flows = graph::group_flows(network, groups);
    for (std::size_t g = 0; g < graph::kGroupCount; ++g) {
        const double total = static_cast<double>(
            std::accumulate(flows[g].begin(), flows[g].end(), std::uint64_t{0}));
        for (std::size_t h = 0; h < graph::kGroupCount; ++h) {
            group_rate_[g][h] = total > 0 ? static_cast<double>(flows[g][h]) / total : 0.0;
        }
    }
}

std::string Context::need_label(graph::NeedId need) const {
    return need < need_labels_.size() ? need_labels_[need] : std::string();
}

Eigen::VectorXf Context::demand(graph::NodeId u) const {
    const auto needs = static_cast<Eigen::Index>(needs_.size());
    Eigen::VectorXf unmet =
        (seen_.row(u).array() * (1.0F - served_.row(u).array())).matrix().transpose();
    const float unmet_total = unmet.sum();
    if (unmet_total > 0.0F) unmet /= unmet_total;
    Eigen::VectorXf observed = Eigen::VectorXf::Zero(needs);
    for (auto i = sender_offsets_[u]; i < sender_offsets_[u + 1]; ++i) {
        const graph::Referral& r = referrals_[sender_referrals_[i]];
        if (r.need != graph::kNoNeed && r.to != u)
            observed(referral_need_map_[r.need]) += static_cast<float>(r.count);
    }
    const float observed_total = observed.sum();
    if (observed_total <= 0.0F) return unmet;
    observed /= observed_total;
    if (unmet_total <= 0.0F) return observed;
    const auto share = static_cast<float>(params_.observed_share);
    return (1.0F - share) * unmet + share * observed;
}

double blend(const SignalVector& signals, const Weights& weights) {
    return weighted_sum(signals, weights) /
           std::accumulate(weights.value.begin(), weights.value.end(), 0.0);
}

RecommendResult recommend(const Context& context, const Request& request) {
    return context.run(request, nullptr);
}

CandidateSignals score_candidates(const Context& context, const Request& request) {
    if (request.mode == Mode::strengthen) {
        throw std::invalid_argument("candidate signals are for prospects and expand modes");
    }
    CandidateSignals out;
    (void)context.run(request, &out);
    return out;
}

std::vector<std::size_t> rank_candidates(const Context& ctx, const CandidateSignals& candidates,
                                         const Weights& weights, const ScoringParams& params,
                                         std::size_t top) {
    weights.validate();
    std::vector<Ranked> ranked;
    ranked.reserve(candidates.ids.size());
    for (std::size_t i = 0; i < candidates.ids.size(); ++i) {
        const double score = blend(candidates.signals[i], weights);
        ranked.push_back({i, score, std::round(score * 1e9)});
    }
    std::array<std::vector<Ranked>, graph::kGroupCount> by_group;
    const auto picks = pick_best(
        ranked, top, params.group_diversity, by_group,
        [&](std::size_t i) { return ctx.id_rank_[candidates.ids[i]]; },
        [&](std::size_t i) { return ctx.groups_[candidates.ids[i]]; });
    std::vector<std::size_t> order;
    order.reserve(picks.size());
    for (const Ranked& r : picks) order.push_back(r.index);
    return order;
}

double Context::chord2(graph::NodeId a, graph::NodeId b) const {
    const auto& here = unit_[a];
    const auto& there = unit_[b];
    const double dx = there[0] - here[0];
    const double dy = there[1] - here[1];
    const double dz = there[2] - here[2];
    return dx * dx + dy * dy + dz * dz;
}

bool Context::visit_near(graph::NodeId f, double radius_km, double max_chord2,
                         const std::function<void(graph::NodeId)>& visit) const {
    const graph::Provider& focal = providers_[f];
    // A point within angle a of the focal differs from it by at most a in
    // latitude and asin(sin a / cos lat) in longitude, while the cap misses the poles.
    const double angle = radius_km / kEarthRadiusKm;
    const double focal_lat = focal.lat * std::numbers::pi / 180.0;
    if (!(std::abs(focal_lat) + angle < std::numbers::pi / 2.0 - 1e-6)) return false;
    constexpr double kDeg = 180.0 / std::numbers::pi;
    const double dlat = angle * kDeg + 1e-9;
    const double dlon =
        std::asin(std::min(1.0, std::sin(angle) / std::cos(focal_lat))) * kDeg + 1e-9;
    const auto row_lo = static_cast<std::int32_t>(std::floor(focal.lat - dlat));
    const auto row_hi = static_cast<std::int32_t>(std::floor(focal.lat + dlat));
    const auto col_lo = static_cast<std::int32_t>(std::floor(focal.lon - dlon));
    const auto col_hi = static_cast<std::int32_t>(std::floor(focal.lon + dlon));
    for (std::int32_t row = row_lo; row <= row_hi; ++row) {
        for (std::int32_t col = col_lo; col <= col_hi; ++col) {
            // Longitudes wrap at the antimeridian.
            const std::int32_t wrapped = ((col + 180) % 360 + 360) % 360 - 180;
            const auto it = cells_.find(grid_cell(row, wrapped));
            if (it == cells_.end()) continue;
            for (graph::NodeId c : it->second) visit(c);
        }
    }
    for (graph::NodeId c : unlocated_) visit(c);
    // Telehealth from beyond the radius (nearer ones came with their cells).
    auto far_telehealth = [&](const std::vector<graph::NodeId>& list) {
        for (graph::NodeId c : list)
            if (chord2(f, c) > max_chord2) visit(c);
    };
    if (focal.state.empty()) {
        far_telehealth(telehealth_located_);
    } else {
        far_telehealth(telehealth_anywhere_);
        if (const auto it = telehealth_by_state_.find(focal.state);
            it != telehealth_by_state_.end()) {
            far_telehealth(it->second);
        }
    }
    return true;
}

RecommendResult Context::run(const Request& request, CandidateSignals* collect) const {
    const Context& ctx = *this;
    const graph::Network& net = ctx.network_;
    const graph::NodeId n = net.num_nodes();
    const graph::NodeId f = request.focal;
    if (f >= n) throw std::invalid_argument("focal provider is not in the network");
    if (request.top == 0) throw std::invalid_argument("--top must be at least 1");
    request.weights.validate();
    if (request.mode == Mode::expand && request.filters.groups.empty()) {
        throw std::invalid_argument(
            "--mode expand needs at least one --group (e.g. --group wellness)");
    }
    const ScoringParams& params = request.params;
    const auto& providers = ctx.providers_;
    const graph::Provider& focal = providers[f];
    const auto& attrs = net.attributes();

    // Need fit for everyone at once: outbound = max(0, served_c - served_f) . demand_f,
    // inbound = rows of max(0, served_f - served_c) weighted by each candidate's demand.
    const Eigen::VectorXf demand_f = ctx.demand(f);
    const Eigen::RowVectorXf served_f = ctx.served_.row(f);
    const Eigen::RowVectorXf demand_row = demand_f.transpose();
    ScratchLease lease(net, f);
    FocalScratch& scratch = *lease;
    // Candidates by mode and filters.
    auto& tied = scratch.tied;
    for (graph::NodeId v : net.out_neighbors(f)) tied[v] = 1;
    for (graph::NodeId v : net.in_neighbors(f)) tied[v] = 1;
    const std::uint32_t focal_taxonomy = ctx.taxonomy_id_[f];
    const bool peers_out =
        request.mode != Mode::strengthen && params.exclude_peers && !focal.taxonomy.empty();
    const Filters& filter = request.filters;
    auto in_groups = [&](graph::Group g) {
        return filter.groups.empty() ||
               std::find(filter.groups.begin(), filter.groups.end(), g) != filter.groups.end();
    };
    // Claims data (no locations, no outcomes) takes the class path: the same list,
    // reading each candidate class's best few instead of every provider.
    // Collecting every candidate's signals rules the class path out: it reads
    // only each class's head.
    const bool by_class = !params.exhaustive && collect == nullptr && !ctx.class_offsets_.empty() &&
                          request.mode != Mode::strengthen && filter.taxonomies.empty() &&
                          filter.states.empty() && !filter.within_km && !filter.accepting_new &&
                          !filter.telehealth &&
                          !(params.telehealth_floor > 0.5 && ctx.any_telehealth_);
    // A telehealth provider reaches the focal's patients where it is licensed.
    auto telehealth_reaches = [&](graph::NodeId c) {
        if (ctx.telehealth_[c] == 0) return false;
        const graph::Provider& p = providers[c];
        return p.licensed_states.empty() || focal.state.empty() ||
               contains(p.licensed_states, focal.state);
    };
    // The service radius as the squared chord between points on the unit sphere.
    const bool service_area = request.mode != Mode::strengthen && params.service_radius_km > 0 &&
                              params.service_radius_km < std::numbers::pi * kEarthRadiusKm &&
                              focal.has_location();
    const double half_chord = std::sin(params.service_radius_km / (2.0 * kEarthRadiusKm));
    const double max_chord2 = 4.0 * half_chord * half_chord;
    auto beyond_reach = [&](graph::NodeId c) {
        return ctx.chord2(f, c) > max_chord2 && !telehealth_reaches(c);
    };
    auto& candidates = scratch.candidates;
    auto consider = [&](graph::NodeId c) {
        if (c == f) return;
        if ((request.mode == Mode::strengthen) != (tied[c] != 0)) return;
        const graph::Provider& p = providers[c];
        if (peers_out && ctx.taxonomy_id_[c] == focal_taxonomy) return;
        if (service_area && beyond_reach(c)) return;
        if (!in_groups(ctx.groups_[c])) return;
        if (!filter.taxonomies.empty() && !contains(filter.taxonomies, p.taxonomy)) return;
        if (!filter.states.empty() && !contains(filter.states, p.state)) return;
        if (filter.accepting_new && !p.accepting_new.value_or(false)) return;
        if (filter.telehealth && !p.telehealth.value_or(false)) return;
        if (filter.within_km) {
            if (!focal.has_location() || !p.has_location()) return;
            if (haversine_km(focal.lat, focal.lon, p.lat, p.lon) > *filter.within_km) return;
        }
        candidates.push_back(c);
    };
    // Inside the service radius only the grid cells it overlaps hold
    // candidates, besides the providers every request considers.
    const std::function<void(graph::NodeId)> visit = consider;
    const bool by_cell = !by_class && service_area && !params.exhaustive &&
                         ctx.visit_near(f, params.service_radius_km, max_chord2, visit);
    if (by_cell) {
        std::sort(candidates.begin(), candidates.end());  // id order, as a full scan gives
    } else {
        for (graph::NodeId c = 0; c < n && !by_class; ++c) consider(c);
    }
    RecommendResult result;
    result.candidates = candidates.size();
    if (candidates.empty() && !by_class) return result;

    // Walks from the focal: along referral counts (structure), and along edges
    // weighted by how reliably the receiver closes the loop (second-hand trust).
    const auto counts = net.counts();
    personalised_pagerank(
        net, ctx.serial_, f, params.ppr_damping, params.ppr_epsilon,
        [&](graph::EdgeId e) { return double(counts[e]); }, scratch.ppr);
    const PushState& ppr = scratch.ppr;
    // Referrals on an edge weighted by its smoothed closed-loop rate (plain counts
    // when the data has no outcomes): how much the sender trusts the receiver.
    const auto trust_weight = [&](graph::EdgeId e) {
        const double loop = attrs.closed_loop.empty()
                                ? 1.0
                                : smoothed_rate(attrs.closed_loop[e], attrs.count[e],
                                                params.prior_successes, params.prior_failures);
        return counts[e] * loop;
    };
    // Without closed-loop data the trust weight is the count itself (times 1.0,
    // exactly), so the second walk would repeat the first one number for number.
    const bool same_walk = attrs.closed_loop.empty();
    if (!same_walk) {
        personalised_pagerank(net, ctx.serial_, f, params.ppr_damping, params.ppr_epsilon,
                              trust_weight, scratch.trust_ppr);
    }
    const PushState& trust_ppr = same_walk ? scratch.ppr : scratch.trust_ppr;
    // The focal's most trusted partners: top five receivers by trust-weighted volume.
    std::vector<std::pair<double, graph::NodeId>> trusted;
    {
        const auto targets = net.out_neighbors(f);
        for (std::size_t i = 0; i < targets.size(); ++i) {
            if (targets[i] != f)
                trusted.emplace_back(trust_weight(net.out_edge_begin(f) + i), targets[i]);
        }
        std::sort(trusted.begin(), trusted.end(), [&](const auto& a, const auto& b) {
            return a.first != b.first ? a.first > b.first
                                      : providers[a.second].id < providers[b.second].id;
        });
        if (trusted.size() > 5) trusted.resize(5);
    }
    // Adamic-Adar over the undirected partner graph, for every candidate at once
    // by expanding the focal's partners: the hubs among them last, so a sum
    // reads the same whether a hub's partners were visited or tested (the
    // class path tests hubs' bitmaps only for providers that could make the
    // list; a hub has up to 100,000 partners).
    auto& adamic_adar = scratch.adamic_adar;
    const std::vector<graph::NodeId> focal_partners = partners(net, f);
    struct Hub {
        graph::NodeId id;
        double weight;
        const std::uint64_t* bits;
    };
    std::vector<Hub> hubs;
    double hub_weight = 0.0;  // what the hubs add to a sum at most
    auto expand = [&](graph::NodeId z, double w) {
        const auto prefetch = [&](graph::NodeId c) { __builtin_prefetch(&adamic_adar[c]); };
        graph::for_each_partner(net, z, kPrefetchAhead, prefetch, [&](graph::NodeId c) {
            if (c == f || c == z) return;
            double& sum = adamic_adar[c];
            if (sum == 0.0) scratch.aa_touched.push_back(c);
            sum += w;
        });
    };
    for (graph::NodeId z : focal_partners) {
        if (z == f) continue;
        const double w =
            1.0 / std::log(static_cast<double>(std::max<std::size_t>(2, ctx.partner_count_[z])));
        if (const std::uint64_t* bits = ctx.hub_bits(z)) {
            hubs.push_back({z, w, bits});
            hub_weight += w;
        } else {
            expand(z, w);
        }
    }
    // A sum with the hubs' part added; `light` is the part the expansion gave.
    auto with_hubs = [&](graph::NodeId c, double light) {
        for (const Hub& h : hubs) {
            if (c != h.id && bit_set(h.bits, c)) light += h.weight;
        }
        return light;
    };
    if (!by_class) {
        for (const Hub& h : hubs) expand(h.id, h.weight);
        hubs.clear();
        hub_weight = 0.0;
    }

    // Whether v is among z's partners, from z's bitmap when z is a hub.
    auto is_partner = [&](graph::NodeId z, graph::NodeId v) {
        if (const std::uint64_t* bits = ctx.hub_bits(z)) return bit_set(bits, v);
        const auto out = net.out_neighbors(z);
        const auto in = net.in_neighbors(z);
        return std::binary_search(out.begin(), out.end(), v) ||
               std::binary_search(in.begin(), in.end(), v);
    };

    // The focal's referrals in the last year and the year before, by receiver and need.
    const std::int32_t now = ctx.as_of_.valid() ? ctx.as_of_.days : 0;
    std::vector<std::uint64_t> need_last_year(static_cast<std::size_t>(ctx.needs_.size()), 0);
    std::unordered_map<graph::NodeId, std::pair<std::uint64_t, std::uint64_t>> sent_by_year;
    for (auto i = ctx.sender_offsets_[f]; i < ctx.sender_offsets_[f + 1]; ++i) {
        const graph::Referral& r = ctx.referrals_[ctx.sender_referrals_[i]];
        if (!r.date.valid() || !ctx.as_of_.valid()) continue;
        const std::int32_t age = now - r.date.days;
        if (age >= 0 && age < params.recent_days) {
            if (r.need != graph::kNoNeed) need_last_year[ctx.referral_need_map_[r.need]] += r.count;
            sent_by_year[r.to].first += r.count;
        } else if (age >= params.recent_days && age < 2 * params.recent_days) {
            sent_by_year[r.to].second += r.count;
        }
    }

    // Need fit depends on a candidate only through its served and unmet rows,
    // which providers of one taxonomy share: it is computed once per distinct
    // profile (a few hundred nationally) instead of once per candidate.
    struct Fit {
        bool known = false;
        double outbound = 0.0;
        double inbound = 0.0;
        graph::NeedId top_need = graph::kNoNeed;
        graph::NeedId top_inbound_need = graph::kNoNeed;
    };
    std::vector<Fit> fits(ctx.profile_count_);
    Eigen::RowVectorXf gain(served_f.size());  // scratch rows, allocated once
    Eigen::RowVectorXf give(served_f.size());
    const double s_in = params.inbound_share;
    auto fit_of = [&](graph::NodeId member) -> const Fit& {
        Fit& fit = fits[ctx.profile_[member]];
        if (fit.known) return fit;
        fit.known = true;
        const graph::NodeId c = ctx.profile_representative_[ctx.profile_[member]];
        // outbound = max(0, served_c - served_f) . demand_f; inbound = the share of
        // c's unmet needs that the focal serves better.
        gain.noalias() = (ctx.served_.row(c) - served_f).cwiseMax(0.0F);
        give.noalias() =
            (served_f - ctx.served_.row(c)).cwiseMax(0.0F).cwiseProduct(ctx.unmet_.row(c));
        fit.outbound = gain.dot(demand_row);
        fit.inbound = ctx.unmet_total_(c) > 0.0F ? give.sum() / ctx.unmet_total_(c) : 0.0;
        Eigen::Index best = 0;
        if (gain.cwiseProduct(demand_row).maxCoeff(&best) > 0.0F)
            fit.top_need = static_cast<graph::NeedId>(best);
        Eigen::Index back = 0;
        if (give.maxCoeff(&back) > 0.0F) fit.top_inbound_need = static_cast<graph::NeedId>(back);
        return fit;
    };

    // The facts behind a candidate's signals; the per-candidate pass needs only
    // some of them, the picks all of them.
    auto evidence_of = [&](graph::NodeId c, bool full) {
        Evidence ev;
        const Fit& fit = fit_of(c);
        if (full && fit.top_need != graph::kNoNeed) {
            ev.top_need = fit.top_need;
            ev.top_need_referred = need_last_year[fit.top_need];
        }
        ev.top_inbound_need = fit.top_inbound_need;
        if (focal.has_location() && !std::isnan(ctx.lat_[c]) && !std::isnan(ctx.lon_[c])) {
            ev.distance_km = haversine_km(focal.lat, focal.lon, ctx.lat_[c], ctx.lon_[c]);
        }
        if (tied[c]) {
            const auto out_edge = net.find_edge(f, c);
            const auto in_edge = net.find_edge(c, f);
            ev.sent_to = out_edge ? counts[*out_edge] : 0;
            ev.received_from = in_edge ? counts[*in_edge] : 0;
            if (auto it = sent_by_year.find(c); it != sent_by_year.end()) {
                ev.sent_last_year = it->second.first;
                ev.sent_year_before = it->second.second;
            }
        }
        ev.return_rate = ctx.group_rate_[static_cast<std::size_t>(ctx.groups_[c])]
                                        [static_cast<std::size_t>(ctx.groups_[f])];
        if (full) {
            ev.referrals_received = ctx.in_volume_[c];
            ev.closed_loop = ctx.received_closed_[c];
            ev.completed = ctx.received_completed_[c];
            ev.outcome_known = ctx.received_known_[c];
            ev.mean_satisfaction = ctx.received_satisfaction_[c];
            for (const auto& [w, z] : trusted) {
                const auto targets = net.out_neighbors(z);
                if (std::binary_search(targets.begin(), targets.end(), c))
                    ++ev.trusted_partners_referring;
            }
            ev.common_partners = common_partners(net, f, focal_partners, c, is_partner);
            ev.candidate_out_volume = ctx.out_volume_[c];
            ev.pagerank_percentile = ctx.pagerank_percentile_[c];
        }
        return ev;
    };

    auto raw_of = [&](graph::NodeId c, const Evidence& ev) {
        Raw r;
        const Fit& fit = fit_of(c);
        r.outbound = fit.outbound;
        r.s[0] = std::clamp((1.0 - s_in) * fit.outbound + s_in * fit.inbound, 0.0, 1.0);
        double proximity = std::isnan(ev.distance_km)
                               ? 0.5
                               : distance_decay(ev.distance_km, params.distance_scale_km);
        if (telehealth_reaches(c)) proximity = std::max(proximity, params.telehealth_floor);
        r.s[3] = proximity;
        if (request.mode == Mode::strengthen) {
            const double hi = static_cast<double>(std::max(ev.sent_to, ev.received_from));
            r.s[1] =
                hi > 0 ? static_cast<double>(std::min(ev.sent_to, ev.received_from)) / hi : 0.0;
        } else {
            r.recip_expected = fit.inbound * ev.return_rate;
        }
        r.trust_second = trust_ppr.estimate(c);
        r.structure_aa = with_hubs(c, adamic_adar[c]);
        r.structure_ppr = ppr.estimate(c);
        r.s[5] = ctx.influence_[c];
        return r;
    };

    auto& raw = scratch.raw;
    double max_aa = 0.0;
    double max_ppr = 0.0;
    double max_trust_ppr = 0.0;
    double max_expected = 0.0;
    double max_fit = 0.0;
    auto add_to_maxima = [&](const Raw& r) {
        max_fit = std::max(max_fit, r.s[0]);
        if (request.mode != Mode::strengthen)
            max_expected = std::max(max_expected, r.recip_expected);
        max_trust_ppr = std::max(max_trust_ppr, r.trust_second);
        max_aa = std::max(max_aa, r.structure_aa);
        max_ppr = std::max(max_ppr, r.structure_ppr);
    };
    const double total_weight =
        std::accumulate(request.weights.value.begin(), request.weights.value.end(), 0.0);
    const bool has_closed_loop = !attrs.closed_loop.empty();
    // The relative signals divided by their best candidate's, and trust put together.
    auto normalise = [&](Raw& r, graph::NodeId c) {
        // Need fit is relative to the best candidate: 1 for the provider whose
        // services cover the focal's unmet needs best.
        r.s[0] = max_fit > 0 ? r.s[0] / max_fit : 0.0;
        if (request.mode != Mode::strengthen)
            r.s[1] = max_expected > 0 ? r.recip_expected / max_expected : 0.0;
        const double second = max_trust_ppr > 0 ? r.trust_second / max_trust_ppr : 0.0;
        const double reputation = ctx.reputation_[c];
        double direct = std::nan("");
        // Only a tie can have an edge f -> c: the search is skipped for the rest.
        const auto e = (has_closed_loop && tied[c]) ? net.find_edge(f, c) : std::nullopt;
        if (e) {
            const double ps = params.prior_successes;
            const double pf = params.prior_failures;
            std::vector<double> parts{
                smoothed_rate(attrs.closed_loop[*e], attrs.count[*e], ps, pf)};
            if (!attrs.completed.empty())
                parts.push_back(smoothed_rate(attrs.completed[*e], attrs.count[*e], ps, pf));
            if (!attrs.on_time.empty())
                parts.push_back(smoothed_rate(attrs.on_time[*e], attrs.count[*e], ps, pf));
            if (!attrs.last_date.empty() && attrs.last_date[*e].valid() && ctx.as_of_.valid()) {
                parts.push_back(
                    std::exp(-static_cast<double>(now - attrs.last_date[*e].days) / 180.0));
                parts.push_back(std::min(
                    1.0, static_cast<double>(attrs.last_date[*e].days - attrs.first_date[*e].days) /
                             365.0));
            }
            direct = std::accumulate(parts.begin(), parts.end(), 0.0) /
                     static_cast<double>(parts.size());
        }
        if (std::isnan(reputation)) {
            r.s[2] = second;  // claims data: no outcomes, only who trusts whom
        } else if (std::isnan(direct)) {
            r.s[2] = 0.7 * reputation + 0.3 * second;
        } else {
            r.s[2] = 0.5 * direct + 0.3 * reputation + 0.2 * second;
        }
        r.s[4] = 0.5 * (max_aa > 0 ? r.structure_aa / max_aa : 0.0) +
                 0.5 * (max_ppr > 0 ? r.structure_ppr / max_ppr : 0.0);
    };
    auto blend_of = [&](const Raw& r) { return weighted_sum(r.s, request.weights) / total_weight; };
    // Candidates that passed the need-fit gate but are not in `candidates` (the
    // class path leaves out each class's tail, which cannot make the list).
    std::uint64_t gated_elsewhere = 0;
    if (by_class) {
        // The focal, its ties and every provider its walks reached get individual
        // signals; every other member of a class shares the class's signals but
        // influence, which orders the class's members. Providers that only
        // Adamic-Adar reached (a hub's partners reach most of the country) are
        // scored only when an upper bound says they could make the list.
        auto& individual = scratch.individual;
        auto& structural = scratch.structural;
        auto mark = [&](graph::NodeId v) {
            if (scratch.claim(v)) individual.push_back(v);
        };
        mark(f);
        // A provider the walk only left residue at has estimate 0, like one it
        // never reached: it stays in its class.
        for (graph::NodeId v : scratch.ppr.pushed) {
            if (ppr.estimate(v) != 0.0) mark(v);
        }
        for (graph::NodeId v : scratch.trust_ppr.pushed) {
            if (trust_ppr.estimate(v) != 0.0) mark(v);
        }
        for (graph::NodeId v : focal_partners) mark(v);
        auto class_open = [&](std::uint32_t k) {
            return !(peers_out && ctx.class_taxonomy_[k] == focal_taxonomy) &&
                   in_groups(ctx.class_group_[k]);
        };
        const std::size_t classes = ctx.class_taxonomy_.size();
        auto class_size = [&](std::uint32_t k) {
            return ctx.class_offsets_[k + 1] - ctx.class_offsets_[k];
        };
        std::vector<std::uint64_t> individuals_in(classes, 0);
        std::vector<std::uint64_t> focal_or_tied_in(classes, 0);
        for (std::size_t i = 0; i < individual.size(); ++i) {
            // ~1,000 providers the walk settled on, scattered: their rows in the
            // arrays a score reads are asked for ahead.
            if (i + kPrefetchAhead < individual.size()) {
                const graph::NodeId ahead = individual[i + kPrefetchAhead];
                __builtin_prefetch(&ctx.class_of_[ahead]);
                __builtin_prefetch(&ctx.profile_[ahead]);
                __builtin_prefetch(&ctx.influence_[ahead]);
                __builtin_prefetch(&adamic_adar[ahead]);
                __builtin_prefetch(&ppr.estimate_of[ahead]);
            }
            const graph::NodeId v = individual[i];
            const std::uint32_t k = ctx.class_of_[v].id;
            ++individuals_in[k];
            if (v == f || tied[v]) {
                ++focal_or_tied_in[k];
                continue;
            }
            if (!class_open(k)) continue;
            candidates.push_back(v);
            add_to_maxima(raw.emplace_back(raw_of(v, evidence_of(v, false))));
        }
        // One pass over what the expansion reached (at national scale up to a
        // million providers), clearing each sum as it reads it: the pass is
        // also the reset, and what follows reads the compact list. Returns the
        // largest sum it listed.
        auto list_reached = [&](bool with_hub_part) {
            double most = 0.0;
            const auto& reached = scratch.aa_touched;
            for (std::size_t i = 0; i < reached.size(); ++i) {
                if (i + kPrefetchAhead < reached.size()) {
                    __builtin_prefetch(&adamic_adar[reached[i + kPrefetchAhead]]);
                    __builtin_prefetch(&ctx.class_of_[reached[i + kPrefetchAhead]]);
                }
                const graph::NodeId v = reached[i];
                const double sum = adamic_adar[v];
                adamic_adar[v] = 0.0;
                if (scratch.owned(v)) continue;  // individual, or listed before
                const Context::ClassKey key = ctx.class_of_[v];
                if (!class_open(key.id)) continue;
                scratch.claim(v);
                most = std::max(most, sum);
                structural.push_back({v, key.id, key.influence_ceiling, with_hub_part, sum});
            }
            scratch.aa_touched.clear();
            return most;
        };
        const double light_max = list_reached(hubs.empty());
        // The largest sum is exact (the walks' values of these providers are 0).
        // The hubs add at most `hub_weight` to a sum (with a margin for the order
        // of additions), so only the sums that could pass the best so far need
        // their hub part, and providers only hubs reached cannot be the best
        // unless `hub_weight` could: then they are listed like the rest.
        auto aa_ceiling = [&](double light) { return (light + hub_weight) * (1.0 + 1e-9); };
        max_aa = std::max(max_aa, light_max);
        bool hubs_listed = hubs.empty();
        if (!hubs_listed && aa_ceiling(0.0) > max_aa) {
            for (const Hub& h : hubs) expand(h.id, h.weight);
            max_aa = std::max(max_aa, list_reached(true));  // what only hubs reached
            hubs_listed = true;
        }
        for (auto& entry : structural) {
            if (entry.with_hubs || aa_ceiling(entry.adamic_adar) <= max_aa) continue;
            entry.adamic_adar = with_hubs(entry.id, entry.adamic_adar);
            entry.with_hubs = true;
            max_aa = std::max(max_aa, entry.adamic_adar);
        }
        // Need fit and expected return depend only on the class: any member will
        // do. A class is live while a member other than the focal and its ties
        // is left.
        std::vector<Raw> shared(classes);
        std::vector<char> live(classes, 0);
        for (std::uint32_t k = 0; k < classes; ++k) {
            if (!class_open(k) || class_size(k) == focal_or_tied_in[k]) continue;
            live[k] = 1;
            const Fit& fit = fit_of(ctx.class_members_[ctx.class_offsets_[k]]);
            Raw& r = shared[k];
            r.s[0] = std::clamp((1.0 - s_in) * fit.outbound + s_in * fit.inbound, 0.0, 1.0);
            r.recip_expected =
                fit.inbound * ctx.group_rate_[static_cast<std::size_t>(ctx.class_group_[k])]
                                             [static_cast<std::size_t>(ctx.groups_[f])];
            add_to_maxima(r);
        }
        // A member only the focal's hubs reached is scored like one the expansion
        // reached; it is found by testing the hubs' bitmaps.
        auto hub_reached = [&](graph::NodeId c, std::uint32_t k) {
            if (hubs_listed) return false;
            const double sum = with_hubs(c, 0.0);
            if (sum == 0.0) return false;
            scratch.claim(c);
            structural.push_back({c, static_cast<Context::ClassId>(k),
                                  ctx.class_of_[c].influence_ceiling, true, sum});
            return true;
        };
        std::uint64_t from_classes = 0;                  // candidates taken from the classes below
        std::vector<std::uint64_t> scanned(classes, 0);  // where each class's scan stopped
        for (std::uint32_t k = 0; k < classes; ++k) {
            if (live[k] == 0) continue;
            // The class's best `top`, and any member tied with the last of them
            // at 1e-9 (a later member never scores higher: influence decreases).
            std::size_t taken = 0;
            double boundary = 0.0;
            // Regular members differ only in influence (no walk, sum or location
            // of their own): the first one's signals serve the rest.
            std::optional<std::pair<Raw, Raw>> member;  // raw and normalised
            auto i = ctx.class_offsets_[k];
            for (; i < ctx.class_offsets_[k + 1]; ++i) {
                const graph::NodeId c = ctx.class_members_[i];
                if (scratch.owned(c) || hub_reached(c, k)) continue;
                if (!member) {
                    member.emplace(raw_of(c, evidence_of(c, false)), Raw{});
                    member->second = member->first;
                    normalise(member->second, c);
                }
                Raw r = member->first;
                Raw scored = member->second;
                r.s[5] = scored.s[5] = ctx.class_member_influence_[i];
                if (scored.s[0] < params.min_relative_need_fit) break;  // the class is gated
                const double quantised = std::round(blend_of(scored) * 1e9);
                if (taken == request.top && quantised != boundary) break;
                candidates.push_back(c);
                raw.push_back(r);
                ++from_classes;
                if (taken < request.top) ++taken;
                boundary = quantised;
            }
            scanned[k] = i;
        }
        // The `top`-th best score so far in each group (or overall without the
        // diversity re-rank): a structural candidate whose bound stays below it
        // by more than the 1e-9 quantum cannot make the list.
        const bool per_group = params.group_diversity < 1.0;
        std::array<std::vector<double>, graph::kGroupCount> collected;
        for (std::size_t i = 0; i < candidates.size(); ++i) {
            Raw scored = raw[i];
            normalise(scored, candidates[i]);
            if (scored.s[0] < params.min_relative_need_fit) continue;
            const auto g = per_group ? static_cast<std::size_t>(ctx.groups_[candidates[i]]) : 0;
            collected[g].push_back(blend_of(scored));
        }
        std::array<double, graph::kGroupCount> threshold{};
        for (std::size_t g = 0; g < graph::kGroupCount; ++g) {
            auto& scores = collected[g];
            threshold[g] = -std::numeric_limits<double>::infinity();
            if (scores.size() < request.top) continue;
            std::nth_element(scores.begin(),
                             scores.begin() + static_cast<std::ptrdiff_t>(request.top - 1),
                             scores.end(), std::greater<>());
            threshold[g] = scores[request.top - 1];
        }
        const auto& w = request.weights.value;
        auto class_fit = [&](std::uint32_t k) {
            return max_fit > 0 ? shared[k].s[0] / max_fit : 0.0;
        };
        // A member's best possible score: its walks' values are 0, and it has no
        // location (proximity 0.5).
        // (The part every member of a class shares is worked out once: ~20,000
        // providers are bounded a focal.)
        std::vector<double> class_base(classes, 0.0);
        for (std::uint32_t k = 0; k < classes; ++k) {
            if (live[k] == 0) continue;
            const double expected =
                max_expected > 0 ? shared[k].recip_expected / max_expected : 0.0;
            class_base[k] = w[0] * class_fit(k) + w[1] * expected + w[3] * 0.5;
        }
        auto bound = [&](std::uint32_t k, double structure, double influence) {
            return (class_base[k] + w[4] * structure + w[5] * influence) / total_weight;
        };
        auto below = [&](std::uint32_t k, double score) {
            const auto g = per_group ? static_cast<std::size_t>(ctx.class_group_[k]) : 0;
            return score + 2e-9 < threshold[g];
        };
        // Per class first: with structure at its largest (0.5) and the class's
        // largest influence, most classes cannot reach their group's threshold,
        // and their members need no look-up of their own.
        auto class_best_influence = [&](std::uint32_t k) {
            return ctx.class_member_influence_[ctx.class_offsets_[k]];
        };
        enum : char { kGated, kOut, kMaybe };
        std::vector<char> verdict(classes, kGated);
        for (std::uint32_t k = 0; k < classes; ++k) {
            if (live[k] == 0 || class_fit(k) < params.min_relative_need_fit) continue;
            verdict[k] = below(k, bound(k, 0.5, class_best_influence(k))) ? kOut : kMaybe;
        }
        // Members only hubs reached that could still make the list lie where
        // influence is high enough with the most the hubs give.
        if (!hubs_listed) {
            const double most = 0.5 * (max_aa > 0 ? aa_ceiling(0.0) / max_aa : 0.0);
            for (std::uint32_t k = 0; k < classes; ++k) {
                if (verdict[k] != kMaybe) continue;
                for (auto i = scanned[k]; i < ctx.class_offsets_[k + 1]; ++i) {
                    const graph::NodeId c = ctx.class_members_[i];
                    if (below(k, bound(k, most, ctx.class_member_influence_[i]))) break;
                    if (!scratch.owned(c)) (void)hub_reached(c, k);
                }
            }
        }
        // The least sum a member of each class needs with the class's best
        // influence, a hair low: a cheap first test for ~20,000 providers.
        std::vector<double> least_sum(classes, 0.0);
        if (w[4] > 0 && max_aa > 0) {
            for (std::uint32_t k = 0; k < classes; ++k) {
                if (verdict[k] != kMaybe) continue;
                const auto g = per_group ? static_cast<std::size_t>(ctx.class_group_[k]) : 0;
                const double gap = (threshold[g] - 2e-9) * total_weight - class_base[k] -
                                   w[5] * class_best_influence(k);
                least_sum[k] = gap / (0.5 * w[4]) * max_aa * (1.0 - 1e-9) - 1e-12;
            }
        }
        for (auto& [v, k, influence_ceiling, exact, sum] : structural) {
            if (verdict[k] != kMaybe) continue;
            // The class's best influence and the sum's ceiling first: most fail
            // without a look-up of their own (a hub focal has ~16,000 such).
            auto structure = [&](double aa) { return 0.5 * (max_aa > 0 ? aa / max_aa : 0.0); };
            const double ceiling = exact ? sum : aa_ceiling(sum);
            if (ceiling < least_sum[k] ||
                below(k, bound(k, structure(ceiling), influence_ceiling / 65535.0)) ||
                below(k, bound(k, structure(ceiling), ctx.influence_[v])))
                continue;
            if (!exact) {
                sum = with_hubs(v, sum);
                exact = true;
                if (below(k, bound(k, structure(sum), ctx.influence_[v]))) continue;
            }
            candidates.push_back(v);
            Raw& r = raw.emplace_back(raw_of(v, evidence_of(v, false)));
            r.structure_aa = sum;  // the pass above cleared its slot
            ++from_classes;
        }
        // Every member of an open class that passes the need-fit gate is a
        // candidate, but for the focal and individuals counted on their own.
        std::uint64_t class_candidates = 0;
        for (std::uint32_t k = 0; k < classes; ++k) {
            if (verdict[k] != kGated) class_candidates += class_size(k) - individuals_in[k];
        }
        gated_elsewhere = class_candidates - from_classes;
        if (candidates.empty()) {
            result.candidates = gated_elsewhere;
            return result;
        }
    } else {
        for (const graph::NodeId c : candidates) {
            add_to_maxima(raw.emplace_back(raw_of(c, evidence_of(c, false))));
        }
    }
    for (std::size_t i = 0; i < candidates.size(); ++i) normalise(raw[i], candidates[i]);
    if (collect != nullptr) {
        for (std::size_t i = 0; i < candidates.size(); ++i) {
            if (raw[i].s[0] < params.min_relative_need_fit) continue;
            collect->ids.push_back(candidates[i]);
            collect->signals.push_back(raw[i].s);
        }
        return {};
    }

    // Strengthening ranks existing partners by upside rather than by fit alone.
    std::vector<double> upside;
    if (request.mode == Mode::strengthen) {
        upside.assign(candidates.size(), 0.0);
        std::vector<Evidence> ties(candidates.size());
        double fit_total = 0.0;
        std::uint64_t sent_total = 0;
        for (std::size_t i = 0; i < candidates.size(); ++i) {
            ties[i] = evidence_of(candidates[i], false);
            fit_total += raw[i].outbound;
            sent_total += ties[i].sent_to;
        }
        for (std::size_t i = 0; i < candidates.size(); ++i) {
            const Evidence& ev = ties[i];
            const double predicted =
                fit_total > 0 ? raw[i].outbound / fit_total * static_cast<double>(sent_total) : 0.0;
            const double under_used =
                predicted > 0
                    ? std::max(0.0, predicted - static_cast<double>(ev.sent_to)) / predicted
                    : 0.0;
            const double one_sided = 1.0 - raw[i].s[1];
            const double slipping =
                ev.sent_year_before > 0
                    ? std::max(0.0, static_cast<double>(ev.sent_year_before) -
                                        static_cast<double>(ev.sent_last_year)) /
                          static_cast<double>(ev.sent_year_before)
                    : 0.0;
            upside[i] = 0.4 * under_used + 0.3 * one_sided + 0.3 * slipping;
        }
    }

    // Rank light (index, score) pairs; only the picks become full Recommendations.
    auto& ranked = scratch.ranked;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        if (request.mode != Mode::strengthen && raw[i].s[0] < params.min_relative_need_fit)
            continue;
        const double blend = blend_of(raw[i]);
        const double score =
            request.mode == Mode::strengthen ? upside[i] * (0.5 + 0.5 * blend) : blend;
        ranked.push_back({i, score, std::round(score * 1e9)});
    }
    result.candidates = ranked.size() + gated_elsewhere;
    const std::vector<Ranked> picks = pick_best(
        ranked, request.top, request.mode == Mode::strengthen ? 1.0 : params.group_diversity,
        scratch.by_group, [&](std::size_t i) { return ctx.id_rank_[candidates[i]]; },
        [&](std::size_t i) { return ctx.groups_[candidates[i]]; });
    std::vector<Recommendation> all(picks.size());
    for (std::size_t k = 0; k < picks.size(); ++k) {
        const graph::NodeId c = candidates[picks[k].index];
        all[k].id = c;
        all[k].score = picks[k].score;
        all[k].signals = raw[picks[k].index].s;
        if (request.explain) all[k].evidence = evidence_of(c, true);
    }
    if (!request.explain) {
        result.items = std::move(all);
        return result;
    }

    // Reasons: the strongest contributions that have facts to show.
    for (Recommendation& rec : all) {
        const Evidence& ev = rec.evidence;
        const graph::Provider& p = providers[rec.id];
        std::vector<std::pair<double, std::string>> reasons;
        auto add = [&](Signal s, std::string text) {
            const auto k = static_cast<std::size_t>(s);
            reasons.emplace_back(request.weights.value[k] * rec.signals[k], std::move(text));
        };
        if (request.mode == Mode::strengthen) {
            if (ev.sent_year_before > ev.sent_last_year) {
                reasons.emplace_back(
                    2.0, "Your referrals to them fell from " + std::to_string(ev.sent_year_before) +
                             " to " + std::to_string(ev.sent_last_year) + " in the last year");
            }
            if (ev.sent_to > 0 && ev.received_from * 4 < ev.sent_to) {
                reasons.emplace_back(1.9, "One-sided: you sent " + std::to_string(ev.sent_to) +
                                              (ev.sent_to == 1 ? " referral, they sent "
                                                               : " referrals, they sent ") +
                                              std::to_string(ev.received_from) + " back");
            } else if (ev.received_from > 0 && ev.sent_to * 4 < ev.received_from) {
                reasons.emplace_back(
                    1.9,
                    "One-sided: they sent you " + std::to_string(ev.received_from) +
                        (ev.received_from == 1 ? " referral, you sent " : " referrals, you sent ") +
                        std::to_string(ev.sent_to));
            }
        }
        if (ev.top_need != graph::kNoNeed) {
            const bool partly = served_f(ev.top_need) >= 0.2F;
            std::string text = "Treats " + ctx.need_label(ev.top_need);
            if (ev.top_need_referred > 0) {
                text += ", which " + std::to_string(ev.top_need_referred) +
                        " of your referred patients" + " needed in the last 12 months";
            } else {
                text += ", " + percent(demand_f(ev.top_need)) + " of your patients' unmet needs";
            }
            text += partly ? " (you treat it only partly)" : " (you do not treat it)";
            add(Signal::need_fit, text);
        }
        if (ev.outcome_known > 0 && !attrs.closed_loop.empty()) {
            add(Signal::trust, "Closes the loop on " + std::to_string(ev.closed_loop) + " of " +
                                   std::to_string(ev.outcome_known) + " referrals (" +
                                   percent(static_cast<double>(ev.closed_loop) /
                                           static_cast<double>(ev.outcome_known)) +
                                   ")" +
                                   (std::isnan(ev.mean_satisfaction)
                                        ? ""
                                        : ", patients rate the hand-off " +
                                              one_decimal(ev.mean_satisfaction) + "/5"));
        } else if (ev.outcome_known == 0 && !attrs.closed_loop.empty()) {
            add(Signal::trust, "No referral outcomes on record yet (trust is the neutral prior)");
        }
        if (ev.trusted_partners_referring > 0) {
            const std::array<std::string_view, 6> words{"", "One", "Two", "Three", "Four", "Five"};
            add(Signal::trust,
                std::string(words[std::min<std::size_t>(5, ev.trusted_partners_referring)]) +
                    (ev.trusted_partners_referring == 1 ? " of your most trusted partners refers"
                                                        : " of your most trusted partners refer") +
                    " to them");
        }
        if (!std::isnan(ev.distance_km)) {
            std::string text = one_decimal(ev.distance_km) + " km away";
            if (p.telehealth.value_or(false)) text += "; offers telehealth";
            add(Signal::proximity, text);
        } else if (p.telehealth.value_or(false)) {
            add(Signal::proximity, "Offers telehealth");
        }
        if (request.mode != Mode::strengthen && ev.top_inbound_need != graph::kNoNeed &&
            ev.return_rate > 0) {
            add(Signal::reciprocity,
                "Their patients need " + ctx.need_label(ev.top_inbound_need) +
                    ", which you treat; " + std::string(graph::group_key(ctx.groups_[rec.id])) +
                    " providers send " + percent(ev.return_rate) + " of their referrals to " +
                    std::string(graph::group_key(ctx.groups_[f])));
        } else if (request.mode == Mode::strengthen && ev.sent_to > 0 && ev.received_from > 0) {
            add(Signal::reciprocity, "Two-way: you sent " + std::to_string(ev.sent_to) +
                                         ", they sent " + std::to_string(ev.received_from));
        }
        if (ev.common_partners > 0) {
            add(Signal::structure,
                "Shares " + std::to_string(ev.common_partners) +
                    (ev.common_partners == 1 ? " referral partner" : " referral partners") +
                    " with you");
        }
        if (ev.candidate_out_volume > 0) {
            const long top = std::max(1L, std::lround((1.0 - ev.pagerank_percentile) * 100.0));
            add(Signal::influence, "Sent " + std::to_string(ev.candidate_out_volume) +
                                       " referrals in the data; PageRank in the top " +
                                       std::to_string(top) + " %");
        }
        std::stable_sort(reasons.begin(), reasons.end(),
                         [](const auto& a, const auto& b) { return a.first > b.first; });
        for (std::size_t k = 0; k < reasons.size() && k < 3; ++k)
            rec.reasons.push_back(std::move(reasons[k].second));
    }
    result.items = std::move(all);
    return result;
}

void recommend_each(const Context& context, const Request& request,
                    std::span<const graph::NodeId> focals,
                    const std::function<void(graph::NodeId, const RecommendResult&)>& emit,
                    const std::function<void(std::size_t, std::size_t)>& progress) {
    if (focals.empty()) return;
    Request first = request;
    first.focal = focals.front();
    (void)recommend(context, first);  // a bad request fails here, before any thread starts
    // Blocks of a few thousand keep both cores busy while only one block's
    // results are held for the in-order hand-off.
    const std::size_t block = 4096;
    std::vector<RecommendResult> results(block);
    for (std::size_t begin = 0; begin < focals.size(); begin += block) {
        const std::size_t end = std::min(focals.size(), begin + block);
#pragma omp parallel for schedule(dynamic, 16)
        for (std::size_t i = begin; i < end; ++i) {
            Request mine = request;
            mine.focal = focals[i];
            results[i - begin] = recommend(context, mine);
        }
        for (std::size_t i = begin; i < end; ++i) emit(focals[i], results[i - begin]);
        if (progress) progress(end, focals.size());
    }
}

}  // namespace refnet::scoring

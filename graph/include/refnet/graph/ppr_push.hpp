// Personalised PageRank by forward push (Andersen, Chung & Lang 2006): only the
// neighbourhood the walk reaches is touched, so one source costs far less than a
// power iteration over the whole network.
//
// The design choice is the scratch: at a million providers, allocating and
// zeroing per-walk arrays cost more than the push itself, so a `PushState` is
// kept between walks (one per thread) and a walk reads and writes one 16-byte
// record per reached provider (residual, out-degree, and the walk that last
// reached it, which makes a stale residual read as 0 without a pass to clear it).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <refnet/graph/huge_pages.hpp>
#include <refnet/graph/network.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace refnet::graph {

struct PushParams {
    double damping = 0.85;  ///< in [0, 1)
    /// Push threshold per unit of out-degree (> 0): the work is
    /// O(1 / (epsilon (1 - damping))) whatever the network's size.
    double epsilon = 1e-5;
};

struct PushResult {
    std::size_t pushes = 0;  ///< queue entries taken (a provider may be queued again)
    bool converged = false;  ///< no residual left above its threshold
};

/// A walk's scratch, reused between walks. Estimates and out-weights, which only
/// the ~1,000 pushed providers of a national walk have, live apart from the
/// per-provider records and are cleared by the `pushed` list.
struct PushState {
    static constexpr std::uint32_t kQueued = std::uint32_t{1} << 31;
    struct Node {
        double residual = 0.0;
        std::uint32_t out_degree = 0;  // copied from the network once per thread
        std::uint32_t walk = 0;        // the walk that last reached it; kQueued bit
    };
    // Read at scattered places: on huge pages (huge_pages.hpp).
    HugePageVector<Node> node;
    HugePageVector<double> estimate_of;
    HugePageVector<double> out_weight;  // computed at the first push; -1 = not yet
    std::vector<NodeId> queue;
    std::vector<NodeId> pushed;  // at least once in this walk
    std::uint32_t walk = 0;
    std::uint64_t network_serial = 0;

    /// The walk's PageRank estimate of v (0 where it never settled mass).
    [[nodiscard]] double estimate(NodeId v) const { return estimate_of[v]; }
    /// `serial` names the network's owner: a thread that serves another network
    /// (a backtest's next split, say) refills the degrees. O(n) only then.
    void prepare(const Network& net, std::uint64_t serial);
    /// A new walk: every residual of earlier ones now reads as 0.
    void begin();
    /// Clears what the last walk left, in O(pushed).
    void reset();
};

/// Personalised PageRank from `source`: `weight(e)` gives the transition weight of
/// out-edge e; providers without weighted out-edges send their mass back to the
/// source. The result is `state.estimate(v)`; call `state.reset()` before the
/// state serves another source. Throws std::invalid_argument for a source outside
/// the network, damping outside [0, 1) or epsilon <= 0.
/// The same with `total(u)`, the sum of `weight` over u's out-edges in edge
/// order, known to the caller (the count walk's are the out-volumes): each
/// pushed provider's edges are then read once, not twice. The sums must be
/// exactly those, or the estimates differ.
template <typename WeightFn, typename TotalFn>
PushResult personalised_pagerank_push(const Network& net, std::uint64_t serial, NodeId source,
                                      const PushParams& params, WeightFn&& weight, TotalFn&& total,
                                      PushState& state) {
    constexpr std::size_t kPrefetchAhead = 16;
    const NodeId n = net.num_nodes();
    if (source >= n) {
        throw std::invalid_argument("push source " + std::to_string(source) +
                                    " is not in the network of " + std::to_string(n) +
                                    " providers");
    }
    if (!(params.damping >= 0.0 && params.damping < 1.0)) {
        throw std::invalid_argument("push damping must be in [0, 1), got " +
                                    std::to_string(params.damping));
    }
    if (!(params.epsilon > 0.0)) {
        throw std::invalid_argument("push epsilon must be positive, got " +
                                    std::to_string(params.epsilon));
    }
    const double damping = params.damping;
    const double epsilon = params.epsilon;
    state.prepare(net, serial);
    state.begin();
    auto& node = state.node;
    auto& queue = state.queue;
    const std::uint32_t walk = state.walk;
    auto reach = [&](NodeId v) -> PushState::Node& {
        PushState::Node& s = node[v];
        if ((s.walk & ~PushState::kQueued) != walk) {
            s.walk = walk;
            s.residual = 0.0;
        }
        return s;
    };
    auto queued = [](const PushState::Node& s) { return (s.walk & PushState::kQueued) != 0; };
    // Andersen-Chung-Lang's push condition r(u) >= epsilon * deg(u).
    auto threshold = [&](const PushState::Node& s) {
        return epsilon * std::max<double>(1.0, s.out_degree);
    };
    queue.assign(1, source);
    reach(source).walk |= PushState::kQueued;
    node[source].residual = 1.0;
    std::size_t head = 0;
    // Each push settles (1 - damping) of at least epsilon; the cap is a safety net.
    const std::size_t max_pushes = static_cast<std::size_t>(20.0 / epsilon) + n;
    PushResult result;
    // A pushed provider's first touch of its lists misses the cache (they are
    // scattered over 250 MB nationally; 45 % of the walk's time), so the lists
    // of the provider queued two ahead are asked for now, and its offset four
    // ahead: a receiver with no out-edges is pushed in a few cycles. Written
    // inline: GCC 12 drops a prefetch inside a lambda, which it deems pure and
    // its call unused. The counts column is what the count walk's `weight`
    // reads (the walk every request runs); for any other weight it is a
    // wasted hint, never a wrong value.
    const EdgeId* const offsets_of = net.out_offsets().data();
    const NodeId* const targets_of = net.out_targets().data();
    const std::uint32_t* const counts_of = net.counts().empty() ? nullptr : net.counts().data();
    for (; head < queue.size() && result.pushes < max_pushes; ++result.pushes) {
        if (head + 4 < queue.size()) __builtin_prefetch(offsets_of + queue[head + 4]);
        if (head + 2 < queue.size() && targets_of != nullptr) {
            const EdgeId next = offsets_of[queue[head + 2]];
            __builtin_prefetch(targets_of + next);
            if (counts_of != nullptr) __builtin_prefetch(counts_of + next);
        }
        const NodeId u = queue[head++];
        PushState::Node& su = node[u];
        su.walk &= ~PushState::kQueued;
        const double r = su.residual;
        if (r < threshold(su)) continue;
        su.residual = 0.0;
        if (state.estimate_of[u] == 0.0) state.pushed.push_back(u);  // its first push
        state.estimate_of[u] += (1.0 - damping) * r;
        const double w = total(u);
        auto give = [&](NodeId v, double amount) {
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
        const EdgeId first = net.out_edge_begin(u);
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
    result.converged = head >= queue.size();
    return result;
}

template <typename WeightFn>
PushResult personalised_pagerank_push(const Network& net, std::uint64_t serial, NodeId source,
                                      const PushParams& params, WeightFn&& weight,
                                      PushState& state) {
    // Each pushed provider's total, summed at its first push of the walk.
    auto total = [&](NodeId u) {
        double& cached = state.out_weight[u];
        if (cached < 0.0) {
            double w = 0.0;
            const auto targets = net.out_neighbors(u);
            for (std::size_t i = 0; i < targets.size(); ++i) w += weight(net.out_edge_begin(u) + i);
            cached = w;
        }
        return cached;
    };
    return personalised_pagerank_push(net, serial, source, params, weight, total, state);
}

}  // namespace refnet::graph

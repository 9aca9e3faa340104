#include <algorithm>
#include <limits>
#include <numeric>
#include <random>
#include <refnet/graph/communities.hpp>
#include <stdexcept>
#include <string>
#include <tuple>

namespace refnet::graph {

namespace {

// One level of the Louvain hierarchy: an undirected weighted graph where every
// edge {u, v} (u != v) is listed from both ends and the weight inside a node
// (self-loops, or edges folded into it by aggregation) is kept in `inner`.
struct LevelGraph {
    std::uint32_t n = 0;
    std::vector<std::uint64_t> offsets;
    std::vector<std::uint32_t> neighbor;
    std::vector<double> weight;
    std::vector<double> inner;
    std::vector<double> degree;  // sum of incident weights, inner weight counted twice
    double total = 0.0;          // sum of degrees = 2m
};

// Builds a level from unsorted (u, v, w) entries (both directions present),
// merging repeats so each neighbour appears once per list.
LevelGraph make_level(std::uint32_t n,
                      std::vector<std::tuple<std::uint32_t, std::uint32_t, double>> entries,
                      std::vector<double> inner) {
    std::sort(entries.begin(), entries.end());
    LevelGraph g;
    g.n = n;
    g.offsets.assign(std::size_t{n} + 1, 0);
    g.inner = std::move(inner);
    for (std::size_t i = 0; i < entries.size();) {
        const auto [u, v, first_weight] = entries[i];
        double w = first_weight;
        ++i;
        while (i < entries.size() && std::get<0>(entries[i]) == u && std::get<1>(entries[i]) == v) {
            w += std::get<2>(entries[i]);
            ++i;
        }
        g.neighbor.push_back(v);
        g.weight.push_back(w);
        ++g.offsets[u + 1];
    }
    std::partial_sum(g.offsets.begin(), g.offsets.end(), g.offsets.begin());
    g.degree.assign(n, 0.0);
    for (std::uint32_t u = 0; u < n; ++u) {
        double d = 2.0 * g.inner[u];
        for (auto e = g.offsets[u]; e < g.offsets[u + 1]; ++e) d += g.weight[e];
        g.degree[u] = d;
        g.total += d;
    }
    return g;
}

// Moves nodes to the neighbouring community with the best modularity gain until a
// full pass moves nothing, starting from `comm` (labels < g.n). Returns whether
// any node moved.
bool local_moving(const LevelGraph& g, double resolution, std::mt19937_64& rng,
                  std::vector<std::uint32_t>& comm) {
    std::vector<double> tot(g.n, 0.0);
    for (std::uint32_t u = 0; u < g.n; ++u) tot[comm[u]] += g.degree[u];
    std::vector<std::uint32_t> order(g.n);
    std::iota(order.begin(), order.end(), 0U);
    std::shuffle(order.begin(), order.end(), rng);
    std::vector<double> link(g.n, 0.0);
    std::vector<std::uint32_t> touched;
    bool any_move = false;
    constexpr int kMaxPasses = 1000;  // a safety net; passes end far sooner in practice
    for (int pass = 0; pass < kMaxPasses; ++pass) {
        std::size_t moves = 0;
        for (std::uint32_t u : order) {
            const std::uint32_t current = comm[u];
            touched.clear();
            touched.push_back(current);
            for (auto e = g.offsets[u]; e < g.offsets[u + 1]; ++e) {
                const std::uint32_t c = comm[g.neighbor[e]];
                if (link[c] == 0.0) touched.push_back(c);
                link[c] += g.weight[e];
            }
            tot[current] -= g.degree[u];
            const double scale = resolution * g.degree[u] / g.total;
            std::uint32_t best = current;
            double best_gain = link[current] - scale * tot[current];
            for (std::uint32_t c : touched) {
                const double gain = link[c] - scale * tot[c];
                // Strictly better (with a margin for rounding) so passes terminate.
                if (gain > best_gain + 1e-12 * (1.0 + std::abs(best_gain))) {
                    best_gain = gain;
                    best = c;
                }
            }
            tot[best] += g.degree[u];
            comm[u] = best;
            if (best != current) ++moves;
            for (std::uint32_t c : touched) link[c] = 0.0;
        }
        if (moves == 0) break;
        any_move = true;
    }
    return any_move;
}

// Renumbers labels 0.. in order of first appearance; returns the label count.
std::uint32_t renumber(std::vector<std::uint32_t>& labels) {
    std::vector<std::uint32_t> map(labels.size(), std::numeric_limits<std::uint32_t>::max());
    std::uint32_t next = 0;
    for (auto& label : labels) {
        if (map[label] == std::numeric_limits<std::uint32_t>::max()) map[label] = next++;
        label = map[label];
    }
    return next;
}

LevelGraph aggregate(const LevelGraph& g, const std::vector<std::uint32_t>& comm,
                     std::uint32_t count) {
    std::vector<double> inner(count, 0.0);
    std::vector<std::tuple<std::uint32_t, std::uint32_t, double>> entries;
    for (std::uint32_t u = 0; u < g.n; ++u) {
        inner[comm[u]] += g.inner[u];
        for (auto e = g.offsets[u]; e < g.offsets[u + 1]; ++e) {
            const std::uint32_t cu = comm[u];
            const std::uint32_t cv = comm[g.neighbor[e]];
            // Each undirected edge is listed from both ends: half from each.
            if (cu == cv) {
                inner[cu] += g.weight[e] / 2.0;
            } else {
                entries.emplace_back(cu, cv, g.weight[e]);
            }
        }
    }
    return make_level(count, std::move(entries), std::move(inner));
}

}  // namespace

CommunityResult louvain(const Network& network, const LouvainParams& params) {
    if (!(params.resolution > 0.0)) {
        throw std::invalid_argument("Louvain resolution must be positive, got " +
                                    std::to_string(params.resolution));
    }
    const NodeId n = network.num_nodes();
    const auto counts = network.counts();
    std::vector<std::tuple<std::uint32_t, std::uint32_t, double>> entries;
    std::vector<double> inner(n, 0.0);
    for (NodeId u = 0; u < n; ++u) {
        const auto targets = network.out_neighbors(u);
        for (std::size_t i = 0; i < targets.size(); ++i) {
            const double w = counts[network.out_edge_begin(u) + i];
            if (targets[i] == u) {
                inner[u] += w;
            } else {
                entries.emplace_back(u, targets[i], w);
                entries.emplace_back(targets[i], u, w);
            }
        }
    }
    LevelGraph level = make_level(n, std::move(entries), std::move(inner));

    CommunityResult result;
    result.community.resize(n);
    std::iota(result.community.begin(), result.community.end(), 0U);
    std::mt19937_64 rng(params.seed);
    std::vector<std::uint32_t> comm;
    double previous = modularity(network, result.community, params.resolution);
    const LevelGraph base = level;
    while (level.total > 0.0 && result.levels < params.max_levels) {
        comm.resize(level.n);
        std::iota(comm.begin(), comm.end(), 0U);
        if (!local_moving(level, params.resolution, rng, comm)) break;
        const std::uint32_t count = renumber(comm);
        std::vector<std::uint32_t> candidate(result.community);
        for (auto& c : candidate) c = comm[c];
        const double q = modularity(network, candidate, params.resolution);
        if (q - previous < params.min_gain) break;
        previous = q;
        result.community = std::move(candidate);
        ++result.levels;
        if (count == level.n) break;
        level = aggregate(level, comm, count);
    }
    // Refinement (Rotta & Noack 2011): aggregation can strand single providers in
    // a community that no longer suits them; one more local-moving run on the
    // original graph, starting from the final partition, moves them and never
    // lowers modularity.
    if (base.total > 0.0) {
        comm = result.community;
        if (local_moving(base, params.resolution, rng, comm)) {
            const double q = modularity(network, comm, params.resolution);
            if (q > previous) result.community = std::move(comm);
        }
    }
    result.count = renumber(result.community);
    result.modularity = modularity(network, result.community, params.resolution);
    return result;
}

double modularity(const Network& network, std::span<const std::uint32_t> community,
                  double resolution) {
    const NodeId n = network.num_nodes();
    if (community.size() != n) {
        throw std::invalid_argument("modularity needs one community per node: got " +
                                    std::to_string(community.size()) + " for " + std::to_string(n) +
                                    " nodes");
    }
    const std::uint32_t labels =
        n == 0 ? 0 : *std::max_element(community.begin(), community.end()) + 1;
    std::vector<double> internal(labels, 0.0);
    std::vector<double> degree(labels, 0.0);
    double m = 0.0;
    const auto counts = network.counts();
    for (NodeId u = 0; u < n; ++u) {
        const auto targets = network.out_neighbors(u);
        for (std::size_t i = 0; i < targets.size(); ++i) {
            const double w = counts[network.out_edge_begin(u) + i];
            const NodeId v = targets[i];
            m += w;
            degree[community[u]] += w;
            degree[community[v]] += w;
            if (community[u] == community[v]) internal[community[u]] += w;
        }
    }
    if (m == 0.0) return std::numeric_limits<double>::quiet_NaN();
    double q = 0.0;
    for (std::uint32_t c = 0; c < labels; ++c) {
        const double share = degree[c] / (2.0 * m);
        q += internal[c] / m - resolution * share * share;
    }
    return q;
}

}  // namespace refnet::graph

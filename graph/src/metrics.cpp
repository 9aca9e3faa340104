#include <algorithm>
#include <boost/graph/betweenness_centrality.hpp>
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/pending/disjoint_sets.hpp>
#include <boost/property_map/property_map.hpp>
#include <cmath>
#include <limits>
#include <refnet/graph/metrics.hpp>
#include <refnet/graph/parallel.hpp>
#include <stdexcept>
#include <string>

namespace refnet::graph {

DegreeResult degrees(const Network& network) {
    const NodeId n = network.num_nodes();
    DegreeResult r;
    r.in_degree.resize(n);
    r.out_degree.resize(n);
    r.in_volume.assign(n, 0);
    r.out_volume.assign(n, 0);
    const auto counts = network.counts();
    for (NodeId u = 0; u < n; ++u) {
        r.in_degree[u] = network.in_degree(u);
        r.out_degree[u] = network.out_degree(u);
        const auto targets = network.out_neighbors(u);
        const EdgeId first = network.out_edge_begin(u);
        for (std::size_t i = 0; i < targets.size(); ++i) {
            r.out_volume[u] += counts[first + i];
            r.in_volume[targets[i]] += counts[first + i];
        }
    }
    return r;
}

PageRankResult pagerank(const Network& network, const PageRankParams& params) {
    if (!(params.damping >= 0.0 && params.damping < 1.0)) {
        throw std::invalid_argument("PageRank damping must be in [0, 1), got " +
                                    std::to_string(params.damping));
    }
    if (!(params.tolerance > 0.0)) {
        throw std::invalid_argument("PageRank tolerance must be positive, got " +
                                    std::to_string(params.tolerance));
    }
    PageRankResult result;
    const NodeId n = network.num_nodes();
    if (n == 0) {
        result.converged = true;
        return result;
    }
    const auto counts = network.counts();
    const auto nodes = static_cast<std::int64_t>(n);
    std::vector<double> inv_out(n, 0.0);
    for (NodeId u = 0; u < n; ++u) {
        double volume = 0.0;
        for (EdgeId e = network.out_edge_begin(u); e < network.out_edge_begin(u + 1); ++e) {
            volume += counts[e];
        }
        inv_out[u] = volume > 0.0 ? 1.0 / volume : 0.0;
    }
    // The counts in in-edge order, copied once: the pull below then streams
    // them instead of making one random read per edge per iteration, which at
    // 62 M edges was 90 % of PageRank's time.
    const EdgeId m = network.num_edges();
    const auto in_edge_ids = network.in_edge_ids();
    std::vector<std::uint32_t> in_count(m);
    const bool team = worth_a_team(m);
#pragma omp parallel for schedule(static) if (team)
    for (std::int64_t k = 0; k < static_cast<std::int64_t>(m); ++k) {
        in_count[static_cast<std::size_t>(k)] = counts[in_edge_ids[static_cast<std::size_t>(k)]];
    }
    const double uniform = 1.0 / n;
    std::vector<double> rank(n, uniform);
    std::vector<double> next(n);
    std::vector<double> contribution(n);
    const double alpha = params.damping;
    for (result.iterations = 1; result.iterations <= params.max_iterations; ++result.iterations) {
        // Dangling mass and the residual are summed serially so the result does
        // not depend on the thread count; the O(m) pull below is the parallel part.
        double dangling = 0.0;
        for (NodeId u = 0; u < n; ++u) {
            contribution[u] = rank[u] * inv_out[u];
            if (inv_out[u] == 0.0) dangling += rank[u];
        }
        const double base = (1.0 - alpha) * uniform + alpha * dangling * uniform;
#pragma omp parallel for schedule(dynamic, 1024) if (team)
        for (std::int64_t vi = 0; vi < nodes; ++vi) {
            const auto v = static_cast<NodeId>(vi);
            const auto sources = network.in_neighbors(v);
            const std::uint32_t* weight = in_count.data() + network.in_offsets()[v];
            // Four running sums so that the random reads of `contribution` overlap
            // instead of waiting on one chain of additions (latency, not bandwidth,
            // bounds this loop); a fixed order keeps the result thread-independent.
            double sum[4] = {0.0, 0.0, 0.0, 0.0};
            const std::size_t d = sources.size();
            std::size_t i = 0;
            for (; i + 4 <= d; i += 4) {
                sum[0] += contribution[sources[i]] * weight[i];
                sum[1] += contribution[sources[i + 1]] * weight[i + 1];
                sum[2] += contribution[sources[i + 2]] * weight[i + 2];
                sum[3] += contribution[sources[i + 3]] * weight[i + 3];
            }
            for (; i < d; ++i) sum[0] += contribution[sources[i]] * weight[i];
            next[v] = base + alpha * ((sum[0] + sum[1]) + (sum[2] + sum[3]));
        }
        double residual = 0.0;
        for (NodeId v = 0; v < n; ++v) residual += std::abs(next[v] - rank[v]);
        rank.swap(next);
        result.residual = residual;
        if (residual < params.tolerance) {
            result.converged = true;
            break;
        }
    }
    result.iterations = std::min(result.iterations, params.max_iterations);
    result.rank = std::move(rank);
    return result;
}

BetweennessResult betweenness(const Network& network, const BetweennessParams& params) {
    using BglGraph =
        boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, boost::no_property,
                                           boost::no_property, NodeId, EdgeId>;
    const NodeId n = network.num_nodes();
    std::vector<std::pair<NodeId, NodeId>> edges;
    edges.reserve(network.num_edges());
    for (NodeId u = 0; u < n; ++u) {
        for (NodeId v : network.out_neighbors(u)) edges.emplace_back(u, v);
    }
    const BglGraph g(boost::edges_are_sorted, edges.begin(), edges.end(), n);
    BetweennessResult result;
    result.centrality.assign(n, 0.0);
    boost::brandes_betweenness_centrality(
        g, boost::make_iterator_property_map(result.centrality.begin(),
                                             boost::get(boost::vertex_index, g)));
    if (params.normalized && n > 2) {
        const double scale = 1.0 / (static_cast<double>(n - 1) * static_cast<double>(n - 2));
        for (double& c : result.centrality) c *= scale;
    }
    return result;
}

std::vector<double> node_reciprocity(const Network& network) {
    const NodeId n = network.num_nodes();
    std::vector<double> result(n, std::numeric_limits<double>::quiet_NaN());
    for (NodeId u = 0; u < n; ++u) {
        const auto out = network.out_neighbors(u);
        const auto in = network.in_neighbors(u);
        const std::size_t total = out.size() + in.size();
        if (total == 0) continue;
        // Both lists are sorted, so the overlap is one linear merge.
        std::size_t overlap = 0;
        auto a = out.begin();
        auto b = in.begin();
        while (a != out.end() && b != in.end()) {
            if (*a < *b) {
                ++a;
            } else if (*b < *a) {
                ++b;
            } else {
                ++overlap;
                ++a;
                ++b;
            }
        }
        result[u] = 2.0 * static_cast<double>(overlap) / static_cast<double>(total);
    }
    return result;
}

double overall_reciprocity(const Network& network) {
    const EdgeId m = network.num_edges();
    if (m == 0) return std::numeric_limits<double>::quiet_NaN();
    EdgeId reciprocated = 0;
    for (NodeId u = 0; u < network.num_nodes(); ++u) {
        for (NodeId v : network.out_neighbors(u)) {
            if (v != u && network.find_edge(v, u)) ++reciprocated;
        }
    }
    return static_cast<double>(reciprocated) / static_cast<double>(m);
}

NodeId ComponentsResult::largest() const {
    return sizes.empty() ? 0 : *std::max_element(sizes.begin(), sizes.end());
}

ComponentsResult weak_components(const Network& network) {
    const NodeId n = network.num_nodes();
    std::vector<NodeId> rank(n, 0);
    std::vector<NodeId> parent(n);
    boost::disjoint_sets sets(
        boost::make_iterator_property_map(rank.begin(), boost::identity_property_map()),
        boost::make_iterator_property_map(parent.begin(), boost::identity_property_map()));
    for (NodeId u = 0; u < n; ++u) sets.make_set(u);
    for (NodeId u = 0; u < n; ++u) {
        for (NodeId v : network.out_neighbors(u)) sets.union_set(u, v);
    }
    ComponentsResult result;
    result.component.assign(n, kNoNode);
    std::vector<NodeId> label_of_root(n, kNoNode);
    for (NodeId u = 0; u < n; ++u) {
        const auto root = static_cast<NodeId>(sets.find_set(u));
        if (label_of_root[root] == kNoNode) {
            label_of_root[root] = static_cast<NodeId>(result.sizes.size());
            result.sizes.push_back(0);
        }
        result.component[u] = label_of_root[root];
        ++result.sizes[label_of_root[root]];
    }
    return result;
}

GroupFlows group_flows(const Network& network, std::span<const Group> groups) {
    if (groups.size() != network.num_nodes()) {
        throw std::invalid_argument("group_flows needs one group per node: got " +
                                    std::to_string(groups.size()) + " for " +
                                    std::to_string(network.num_nodes()) + " nodes");
    }
    GroupFlows flows{};
    const auto counts = network.counts();
    for (NodeId u = 0; u < network.num_nodes(); ++u) {
        const auto targets = network.out_neighbors(u);
        const EdgeId first = network.out_edge_begin(u);
        for (std::size_t i = 0; i < targets.size(); ++i) {
            flows[static_cast<std::size_t>(groups[u])]
                 [static_cast<std::size_t>(groups[targets[i]])] += counts[first + i];
        }
    }
    return flows;
}

}  // namespace refnet::graph

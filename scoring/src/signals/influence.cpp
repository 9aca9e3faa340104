#include "signals/influence.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <refnet/graph/metrics.hpp>

namespace refnet::scoring {

void build_influence(Context::Data& d) {
    const graph::Network& network = d.network;
    const graph::NodeId n = network.num_nodes();
    const graph::DegreeResult degrees = graph::degrees(network);
    d.in_volume = degrees.in_volume;
    d.out_volume = degrees.out_volume;
    d.pagerank = graph::pagerank(network).rank;
    std::vector<graph::NodeId> order(n);
    std::iota(order.begin(), order.end(), 0U);
    std::stable_sort(order.begin(), order.end(), [&](graph::NodeId a, graph::NodeId b) {
        return d.pagerank[a] < d.pagerank[b];
    });
    // Share of providers with a strictly smaller PageRank, so ties share a percentile.
    d.pagerank_percentile.assign(n, 0.0);
    for (graph::NodeId i = 0, first = 0; i < n; ++i) {
        if (i > 0 && d.pagerank[order[i]] > d.pagerank[order[i - 1]]) first = i;
        d.pagerank_percentile[order[i]] = n > 1 ? static_cast<double>(first) / (n - 1) : 1.0;
    }
    // Log in-volume relative to the busiest receiver of the network (a
    // constant of the network, so the signal is absolute for a request):
    // referrals go where referrals already go, and with the model's
    // coefficient the score grows as a power of (1 + volume).
    double max_log_volume = 0.0;
    for (graph::NodeId u = 0; u < n; ++u)
        max_log_volume = std::max(max_log_volume, std::log1p(static_cast<double>(d.in_volume[u])));
    d.influence.resize(n);
    for (graph::NodeId u = 0; u < n; ++u) {
        d.influence[u] = max_log_volume > 0
                             ? std::log1p(static_cast<double>(d.in_volume[u])) / max_log_volume
                             : 0.0;
    }
}

}  // namespace refnet::scoring

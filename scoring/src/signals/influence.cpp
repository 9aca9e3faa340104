#include "signals/influence.hpp"

#include <algorithm>
#include <cmath>
#include <refnet/graph/metrics.hpp>

namespace refnet::scoring {

void build_influence(Context::Data& d) {
    const graph::Network& network = d.network;
    const graph::NodeId n = network.num_nodes();
    graph::DegreeResult degrees = graph::degrees(network);
    d.in_volume = std::move(degrees.in_volume);
    // The count walk's per-provider totals, summed once here instead of at
    // each provider's first push of every request (a third of the walk's
    // time nationally). Sums of 32-bit counts are exact in a double, so they
    // equal the walk's own sums bit for bit.
    std::vector<double> out_volume(n);
    for (graph::NodeId u = 0; u < n; ++u)
        out_volume[u] = static_cast<double>(degrees.out_volume[u]);
    d.out_volume = std::move(out_volume);
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

#include "signals/influence.hpp"

#include <algorithm>
#include <cmath>
#include <refnet/graph/metrics.hpp>

namespace refnet::scoring {

void build_influence(Context::Data& d) {
    const graph::Network& network = d.network;
    const graph::NodeId n = network.num_nodes();
    d.in_volume = graph::degrees(network).in_volume;
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

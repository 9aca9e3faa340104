// Helpers shared by the graph tests: building a network from (from, to, count)
// triples without going through the readers.
#pragma once

#include <refnet/graph/network.hpp>
#include <tuple>
#include <vector>

namespace refnet::graph::testing {

inline Network make_network(NodeId n,
                            const std::vector<std::tuple<NodeId, NodeId, std::uint32_t>>& edges) {
    std::vector<Referral> events;
    for (const auto& [u, v, c] : edges) {
        Referral r;
        r.from = u;
        r.to = v;
        r.count = c;
        events.push_back(r);
    }
    return build_network(n, events).network;
}

}  // namespace refnet::graph::testing

// Helpers shared by the graph tests: building a network from (from, to, count)
// triples without going through the readers, and the toy network.
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

// The 7-node toy network worked out by hand in metrics_test.cpp and
// summary_test.cpp, nodes A..G = 0..6. Edges (count): A->B 3, A->C 2, B->A 1,
// B->C 1, B->F 5, C->D 4, D->E 2, D->F 1, E->C 1, E->E 2; G is isolated, F is
// dangling, E has a self-loop.
inline Network toy_network() {
    return make_network(7, {{0, 1, 3},
                            {0, 2, 2},
                            {1, 0, 1},
                            {1, 2, 1},
                            {1, 5, 5},
                            {2, 3, 4},
                            {3, 4, 2},
                            {3, 5, 1},
                            {4, 2, 1},
                            {4, 4, 2}});
}

}  // namespace refnet::graph::testing

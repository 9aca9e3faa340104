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

// The 8-node link-prediction toy: its partner graph has a repeat pair (0 -> 2
// and 2 -> 0), 7 is dangling, 5 and 7 have one partner each; with
// `self_loop`, 6 also refers to itself (which counts as no partner).
inline Network link_toy(bool self_loop) {
    std::vector<std::tuple<NodeId, NodeId, std::uint32_t>> edges{
        {0, 1, 3}, {0, 2, 1}, {1, 2, 2}, {2, 0, 1}, {2, 3, 4}, {3, 4, 1},
        {1, 4, 2}, {5, 1, 1}, {4, 6, 2}, {6, 4, 1}, {3, 1, 1}, {3, 7, 2}};
    if (self_loop) edges.emplace_back(6, 6, 5);
    return make_network(8, edges);
}

}  // namespace refnet::graph::testing

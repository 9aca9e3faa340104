// Community detection on the undirected weighted referral graph, where the
// weight of {u, v} is count(u->v) + count(v->u).
#pragma once

#include <cstdint>
#include <refnet/graph/network.hpp>
#include <span>
#include <vector>

namespace refnet::graph {

struct LouvainParams {
    double resolution = 1.0;  ///< > 0; larger gives smaller communities
    std::uint64_t seed = 1;   ///< node visiting order; same seed, same partition
    std::uint32_t max_levels = 32;
    double min_gain = 1e-12;  ///< a level that improves modularity by less ends the run
};
struct CommunityResult {
    std::vector<std::uint32_t> community;  ///< per node, numbered by smallest member
    std::uint32_t count = 0;
    double modularity = 0.0;
    std::uint32_t levels = 0;
};

/// Louvain (Blondel et al. 2008): local moving plus aggregation until modularity
/// stops improving. Boost 1.74 has no Louvain and igraph is not a dependency, so
/// it is written here; its modularity is recomputed by `modularity()`.
/// Throws std::invalid_argument when resolution <= 0. Roughly O(m) per level.
[[nodiscard]] CommunityResult louvain(const Network& network, const LouvainParams& params = {});

/// Newman modularity of a partition of the undirected weighted graph, exactly as
/// networkx.community.modularity computes it (a self-loop adds twice its weight
/// to its node's degree and once to its community's internal weight).
/// NaN when the network has no edges. Throws std::invalid_argument when the
/// partition's size differs from the node count. O(n + m).
[[nodiscard]] double modularity(const Network& network, std::span<const std::uint32_t> community,
                                double resolution = 1.0);

}  // namespace refnet::graph

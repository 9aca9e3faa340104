// Network metrics as free functions `Result f(const Network&, const Params&)`
// (GAP kernels, BGL free functions). Each result carries its diagnostics.
// Definitions follow networkx so that the test-suite can compare against it.
#pragma once

#include <array>
#include <cstdint>
#include <refnet/graph/network.hpp>
#include <span>
#include <vector>

namespace refnet::graph {

struct DegreeResult {
    std::vector<std::uint32_t> in_degree;   ///< distinct senders (a self-loop counts)
    std::vector<std::uint32_t> out_degree;  ///< distinct receivers
    std::vector<std::uint64_t> in_volume;   ///< referrals received (sum of counts)
    std::vector<std::uint64_t> out_volume;  ///< referrals sent
};
/// O(n + m).
[[nodiscard]] DegreeResult degrees(const Network& network);

struct PageRankParams {
    double damping = 0.85;     ///< in [0, 1)
    double tolerance = 1e-10;  ///< stop when the L1 change between iterates is below this
    std::uint32_t max_iterations = 1000;
};
struct PageRankResult {
    std::vector<double> rank;  ///< sums to 1
    std::uint32_t iterations = 0;
    double residual = 0.0;  ///< L1 change in the last iteration
    bool converged = false;
};
/// PageRank with transition probabilities proportional to referral counts and the
/// rank of dangling providers (no referrals out) spread uniformly — networkx's
/// definition. Pull direction over in-edges, so the parallel loop needs no atomics.
/// Throws std::invalid_argument when damping is outside [0, 1) or tolerance <= 0.
/// O(iterations * (n + m)).
[[nodiscard]] PageRankResult pagerank(const Network& network, const PageRankParams& params = {});

struct BetweennessParams {
    bool normalized = true;  ///< divide by (n-1)(n-2) as networkx does for directed graphs
};
struct BetweennessResult {
    std::vector<double> centrality;
};
/// Brandes betweenness on the unweighted directed graph (Boost.Graph). O(n m).
[[nodiscard]] BetweennessResult betweenness(const Network& network,
                                            const BetweennessParams& params = {});

/// Per-provider reciprocity as networkx.reciprocity(G, nodes): twice the number of
/// partners that are both sender and receiver over in_degree + out_degree. NaN for
/// an isolated provider, where it is undefined. O(n + m).
[[nodiscard]] std::vector<double> node_reciprocity(const Network& network);

/// Share of edges whose reverse edge exists (networkx.overall_reciprocity; a
/// self-loop is not reciprocated). NaN for a network without edges. O(m log d).
[[nodiscard]] double overall_reciprocity(const Network& network);

struct ComponentsResult {
    std::vector<NodeId> component;  ///< per node, numbered in order of smallest member
    std::vector<NodeId> sizes;
    [[nodiscard]] NodeId count() const { return static_cast<NodeId>(sizes.size()); }
    [[nodiscard]] NodeId largest() const;
};
/// Weakly connected components (edge direction ignored), by union-find. O(m α(n)).
[[nodiscard]] ComponentsResult weak_components(const Network& network);

/// Referral volume between provider groups: flows[g_from][g_to].
using GroupFlows = std::array<std::array<std::uint64_t, kGroupCount>, kGroupCount>;
/// `groups` holds one group per node. Throws std::invalid_argument on a size mismatch.
[[nodiscard]] GroupFlows group_flows(const Network& network, std::span<const Group> groups);

}  // namespace refnet::graph

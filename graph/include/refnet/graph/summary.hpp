// Whole-network and per-provider figures behind `refnet stats` and `refnet metrics`.
#pragma once

#include <cstdint>
#include <refnet/graph/communities.hpp>
#include <refnet/graph/metrics.hpp>
#include <refnet/graph/network.hpp>
#include <span>
#include <vector>

namespace refnet::graph {

struct NetworkSummary {
    NodeId providers = 0;
    EdgeId edges = 0;
    std::uint64_t referrals = 0;
    std::uint64_t self_loops = 0;  ///< self-loop edges (kept, and reported here)
    std::uint64_t self_loop_referrals = 0;
    double density = 0.0;      ///< edges / (n (n-1)), as networkx.density for directed graphs
    double reciprocity = 0.0;  ///< overall_reciprocity; NaN without edges
    NodeId weak_components = 0;
    NodeId largest_component = 0;
    std::uint32_t communities = 0;
    double modularity = 0.0;  ///< NaN without edges
    Date first_date = kNoDate;
    Date last_date = kNoDate;
    GroupFlows group_flows{};
};

struct SummaryParams {
    LouvainParams louvain;
};

/// `groups` has one group per node. O(n + m) plus Louvain.
[[nodiscard]] NetworkSummary summarize(const Network& network, std::span<const Group> groups,
                                       const BuildReport& build, const SummaryParams& params = {});

struct ProviderMetrics {
    DegreeResult degrees;
    PageRankResult pagerank;
    BetweennessResult betweenness;
    std::vector<double> reciprocity;
    CommunityResult communities;
};

struct ProviderMetricsParams {
    PageRankParams pagerank;
    BetweennessParams betweenness;
    LouvainParams louvain;
    /// Exact betweenness is O(n m): hours at national scale, so it can be left
    /// out (its result then stays empty); likewise communities.
    bool with_betweenness = true;
    bool with_communities = true;
};

/// Every per-provider metric asked for; betweenness dominates at O(n m).
[[nodiscard]] ProviderMetrics provider_metrics(const Network& network,
                                               const ProviderMetricsParams& params = {});

}  // namespace refnet::graph

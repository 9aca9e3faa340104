#include <refnet/graph/summary.hpp>

namespace refnet::graph {

NetworkSummary summarize(const Network& network, std::span<const Group> groups,
                         const BuildReport& build, const SummaryParams& params) {
    NetworkSummary s;
    s.providers = network.num_nodes();
    s.edges = network.num_edges();
    s.referrals = build.referrals;
    s.self_loops = build.self_loop_edges;
    s.self_loop_referrals = build.self_loop_referrals;
    const double n = network.num_nodes();
    s.density = n > 1 ? static_cast<double>(s.edges) / (n * (n - 1.0)) : 0.0;
    s.reciprocity = overall_reciprocity(network);
    const ComponentsResult components = weak_components(network);
    s.weak_components = components.count();
    s.largest_component = components.largest();
    const CommunityResult communities = louvain(network, params.louvain);
    s.communities = communities.count;
    s.modularity = communities.modularity;
    s.first_date = build.first_date;
    s.last_date = build.last_date;
    s.group_flows = group_flows(network, groups);
    return s;
}

ProviderMetrics provider_metrics(const Network& network, const ProviderMetricsParams& params) {
    ProviderMetrics m;
    m.degrees = degrees(network);
    m.pagerank = pagerank(network, params.pagerank);
    if (params.with_betweenness) m.betweenness = betweenness(network, params.betweenness);
    m.reciprocity = node_reciprocity(network);
    if (params.with_communities) m.communities = louvain(network, params.louvain);
    return m;
}

}  // namespace refnet::graph

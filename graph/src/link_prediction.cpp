#include <algorithm>
#include <refnet/graph/link_prediction.hpp>
#include <stdexcept>

namespace refnet::graph {

std::vector<std::uint32_t> partner_counts(const Network& network) {
    std::vector<std::uint32_t> count(network.num_nodes(), 0);
    for (NodeId v = 0; v < network.num_nodes(); ++v)
        for_each_partner(network, v, [&](NodeId u) { count[v] += u != v ? 1 : 0; });
    return count;
}

CommonPartnerScores common_partner_scores(const Network& network, NodeId focal,
                                          std::span<const std::uint32_t> partners,
                                          CommonPartnerIndex index) {
    const NodeId n = network.num_nodes();
    if (focal >= n) throw std::invalid_argument("focal provider is not in the network");
    if (partners.size() != n)
        throw std::invalid_argument("partner counts must have one entry per provider, got " +
                                    std::to_string(partners.size()) + " for " + std::to_string(n));
    CommonPartnerScores out;
    // Dense sums keep the summation order the focal's partners give (id order),
    // so a sum is the same bits whichever caller asks.
    std::vector<double> sum(n, 0.0);
    for_each_partner(network, focal, [&](NodeId z) {
        if (z == focal) return;
        ++out.partners_expanded;
        const double w = index == CommonPartnerIndex::adamic_adar
                             ? adamic_adar_weight(partners[z])
                             : resource_allocation_weight(partners[z]);
        for_each_partner(network, z, [&](NodeId c) {
            if (c == focal || c == z) return;
            ++out.pairs_visited;
            if (sum[c] == 0.0) out.reached.push_back(c);
            sum[c] += w;
        });
    });
    out.score.reserve(out.reached.size());
    for (NodeId c : out.reached) out.score.push_back(sum[c]);
    return out;
}

}  // namespace refnet::graph

#include <algorithm>
#include <refnet/graph/link_prediction.hpp>
#include <stdexcept>
#include <string>

namespace refnet::graph {

std::vector<std::uint32_t> partner_counts(const Network& network) {
    std::vector<std::uint32_t> count(network.num_nodes(), 0);
    for (NodeId v = 0; v < network.num_nodes(); ++v)
        for_each_partner(network, v, [&](NodeId u) { count[v] += u != v ? 1 : 0; });
    return count;
}

CommonPartnerScores common_partner_scores(const Network& network, NodeId focal,
                                          std::span<const std::uint32_t> partners,
                                          CommonPartnerIndex index, std::span<double> sums) {
    const NodeId n = network.num_nodes();
    if (focal >= n) {
        throw std::invalid_argument("focal provider " + std::to_string(focal) +
                                    " is not in the network of " + std::to_string(n) +
                                    " providers");
    }
    if (partners.size() != n || sums.size() != n) {
        throw std::invalid_argument(
            "partner counts and sums need one entry per provider (" + std::to_string(n) +
            "), got " + std::to_string(partners.size()) + " and " + std::to_string(sums.size()));
    }
    CommonPartnerScores out;
    for_each_partner(network, focal, [&](NodeId z) {
        if (z == focal) return;
        ++out.partners_expanded;
        const double w = index == CommonPartnerIndex::adamic_adar
                             ? adamic_adar_weight(partners[z])
                             : resource_allocation_weight(partners[z]);
        out.pairs_visited += add_common_partner(network, focal, z, w, sums, out.reached);
    });
    return out;
}

CommonPartnerScores common_partner_scores(const Network& network, NodeId focal,
                                          std::span<const std::uint32_t> partners,
                                          CommonPartnerIndex index) {
    std::vector<double> sums(network.num_nodes(), 0.0);
    CommonPartnerScores out = common_partner_scores(network, focal, partners, index, sums);
    out.score.reserve(out.reached.size());
    for (NodeId c : out.reached) out.score.push_back(sums[c]);
    return out;
}

}  // namespace refnet::graph

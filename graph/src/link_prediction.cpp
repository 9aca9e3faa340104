#include <algorithm>
#include <cmath>
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

namespace {

void check_focal(const Network& network, NodeId focal) {
    if (focal >= network.num_nodes()) {
        throw std::invalid_argument("focal provider " + std::to_string(focal) +
                                    " is not in the network of " +
                                    std::to_string(network.num_nodes()) + " providers");
    }
}

}  // namespace

CommonPartnerScores common_partner_scores(const Network& network, NodeId focal,
                                          std::span<const std::uint32_t> partners,
                                          CommonPartnerIndex index, std::span<double> sums) {
    const NodeId n = network.num_nodes();
    check_focal(network, focal);
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

PathsOfLengthThree paths_of_length_three(const Network& network, NodeId focal,
                                         std::span<const std::uint32_t> partners,
                                         std::span<double> sums, std::span<double> middle) {
    const NodeId n = network.num_nodes();
    check_focal(network, focal);
    if (partners.size() != n || sums.size() != n || middle.size() != n) {
        throw std::invalid_argument(
            "partner counts, sums and middle weights need one entry per "
            "provider (" +
            std::to_string(n) + "), got " + std::to_string(partners.size()) + ", " +
            std::to_string(sums.size()) + " and " + std::to_string(middle.size()));
    }
    PathsOfLengthThree out;
    // First sweep: w_v = sum over the focal's partners u of 1 / sqrt(k_u k_v).
    // 1 / sqrt(k_u) is factored out of the inner loop, 1 / sqrt(k_v) applied
    // once per v below. `mids` lists the v reached, in order first reached.
    std::vector<NodeId> mids;
    for_each_partner(network, focal, [&](NodeId u) {
        if (u == focal) return;
        const double wu = 1.0 / std::sqrt(static_cast<double>(partners[u]));
        for_each_partner(network, u, [&](NodeId v) {
            if (v == focal || v == u) return;
            if (middle[v] == 0.0) mids.push_back(v);
            middle[v] += wu;
        });
    });
    out.middles = mids.size();
    // Second sweep: each v passes w_v to its partners.
    for (const NodeId v : mids) {
        const double wv = middle[v] / std::sqrt(static_cast<double>(partners[v]));
        middle[v] = 0.0;
        for_each_partner(network, v, [&](NodeId c) {
            if (c == focal || c == v) return;
            ++out.pairs_visited;
            if (sums[c] == 0.0) out.reached.push_back(c);
            sums[c] += wv;
        });
    }
    return out;
}

}  // namespace refnet::graph

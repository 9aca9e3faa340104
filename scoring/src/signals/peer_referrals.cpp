#include "signals/peer_referrals.hpp"

#include <algorithm>
#include <limits>
#include <vector>

namespace refnet::scoring {

void build_peer_referrals(Context::Data& d) {
    const graph::Network& net = d.network;
    const graph::NodeId n = net.num_nodes();
    PeerReferralCounts& out = d.peer_referrals;
    std::uint32_t taxonomies = 0;
    for (std::uint32_t t : d.taxonomy_id) taxonomies = std::max(taxonomies, t + 1);
    // Senders by taxonomy (a counting sort), then each taxonomy's receivers
    // summed in one dense array that only what was touched resets.
    std::vector<std::uint64_t> first(std::size_t{taxonomies} + 1, 0);
    for (graph::NodeId u = 0; u < n; ++u) ++first[d.taxonomy_id[u] + 1];
    for (std::size_t t = 0; t < taxonomies; ++t) first[t + 1] += first[t];
    std::vector<graph::NodeId> senders(n);
    std::vector<std::uint64_t> cursor(first.begin(), first.end() - 1);
    for (graph::NodeId u = 0; u < n; ++u) senders[cursor[d.taxonomy_id[u]]++] = u;
    std::vector<std::uint64_t> sum(n, 0);
    std::vector<graph::NodeId> touched;
    const auto counts = net.counts();
    std::uint64_t largest = 0;
    out.offsets.assign(std::size_t{taxonomies} + 1, 0);
    for (std::uint32_t t = 0; t < taxonomies; ++t) {
        for (std::uint64_t i = first[t]; i < first[t + 1]; ++i) {
            const graph::NodeId u = senders[i];
            const auto targets = net.out_neighbors(u);
            const graph::EdgeId e0 = net.out_edge_begin(u);
            for (std::size_t k = 0; k < targets.size(); ++k) {
                const graph::NodeId v = targets[k];
                if (v == u) continue;  // a self-referral says nothing about a partner
                if (sum[v] == 0) touched.push_back(v);
                sum[v] += counts[e0 + k];
            }
        }
        std::sort(touched.begin(), touched.end());
        for (graph::NodeId v : touched) {
            out.receiver.push_back(v);
            out.count.push_back(static_cast<std::uint32_t>(
                std::min<std::uint64_t>(sum[v], std::numeric_limits<std::uint32_t>::max())));
            largest = std::max(largest, sum[v]);
            sum[v] = 0;
        }
        touched.clear();
        out.offsets[t + 1] = out.receiver.size();
    }
    out.log_max = std::log1p(static_cast<double>(largest));
}

std::uint64_t peer_referral_count(const Focal& focal, graph::NodeId c) {
    const Context::Data& d = focal.ctx;
    const PeerList list = peer_list(d, d.taxonomy_id[focal.id]);
    const auto it = std::lower_bound(list.receiver.begin(), list.receiver.end(), c);
    if (it == list.receiver.end() || *it != c) return 0;
    std::uint64_t count = list.count[static_cast<std::size_t>(it - list.receiver.begin())];
    // Only a tie can have an edge focal -> c: the search is skipped for the rest.
    if (focal.tied(c)) {
        if (const auto e = d.network.find_edge(focal.id, c)) {
            count -= std::min<std::uint64_t>(count, d.network.counts()[*e]);
        }
    }
    return count;
}

}  // namespace refnet::scoring

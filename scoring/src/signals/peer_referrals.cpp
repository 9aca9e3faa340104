#include "signals/peer_referrals.hpp"

#include <algorithm>
#include <limits>
#include <numeric>
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
        // The busiest receivers only: a request reads its taxonomy's whole
        // list, and in a national network a specialty refers to nearly
        // every provider, most of them once or twice.
        if (touched.size() > kPeerReceiversKept) {
            std::nth_element(touched.begin(),
                             touched.begin() + static_cast<std::ptrdiff_t>(kPeerReceiversKept),
                             touched.end(), [&](graph::NodeId a, graph::NodeId b) {
                                 return sum[a] != sum[b] ? sum[a] > sum[b] : a < b;
                             });
            for (auto it = touched.begin() + static_cast<std::ptrdiff_t>(kPeerReceiversKept);
                 it != touched.end(); ++it)
                sum[*it] = 0;
            touched.resize(kPeerReceiversKept);
        }
        std::sort(touched.begin(), touched.end());
        const std::size_t begin = out.receiver.size();
        for (graph::NodeId v : touched) {
            out.receiver.push_back(v);
            out.count.push_back(static_cast<std::uint32_t>(
                std::min<std::uint64_t>(sum[v], std::numeric_limits<std::uint32_t>::max())));
            largest = std::max(largest, sum[v]);
            sum[v] = 0;
        }
        std::vector<std::uint16_t> order(touched.size());
        std::iota(order.begin(), order.end(), std::uint16_t{0});
        std::stable_sort(order.begin(), order.end(), [&](std::uint16_t a, std::uint16_t b) {
            return out.count[begin + a] > out.count[begin + b];
        });
        out.by_count.append(order.begin(), order.end());
        touched.clear();
        out.offsets[t + 1] = out.receiver.size();
    }
    out.log_max = std::log1p(static_cast<double>(largest));
    out.signal_of_count.assign(std::min<std::uint64_t>(largest + 1, 1U << 16), 0.0);
    for (std::size_t c = 1; c < out.signal_of_count.size(); ++c)
        out.signal_of_count[c] = std::log1p(static_cast<double>(c)) / out.log_max;
}

void scatter_peer_referrals(Focal& focal) {
    const PeerList list = peer_list(focal.ctx, focal.ctx.taxonomy_id[focal.id]);
    for (std::size_t i = 0; i < list.receiver.size(); ++i)
        focal.scratch.peer_count[list.receiver[i]] = list.count[i];
    focal.scratch.peer_scattered = list.receiver;
}

std::uint64_t peer_referral_count(const Focal& focal, graph::NodeId c) {
    const Context::Data& d = focal.ctx;
    std::uint64_t count = focal.scratch.peer_count[c];
    if (count == 0) return 0;
    // Only a tie can have an edge focal -> c: the search is skipped for the rest.
    if (focal.tied(c)) {
        if (const auto e = d.network.find_edge(focal.id, c)) {
            count -= std::min<std::uint64_t>(count, d.network.counts()[*e]);
        }
    }
    return count;
}

}  // namespace refnet::scoring

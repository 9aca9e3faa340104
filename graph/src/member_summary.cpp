#include <algorithm>
#include <cmath>
#include <refnet/graph/member_summary.hpp>
#include <stdexcept>
#include <string>
#include <unordered_set>

namespace refnet::graph {

MemberSummary summarize_members(const Network& network, std::span<const Group> groups,
                                std::span<const NodeId> members,
                                std::span<const std::uint32_t> community) {
    if (members.empty()) throw std::invalid_argument("a summary needs at least one member");
    const NodeId n = network.num_nodes();
    // Members are few (a practice's NPIs), partners up to thousands: hash sets.
    std::unordered_set<NodeId> inside;
    std::unordered_set<std::uint32_t> home;
    for (const NodeId m : members) {
        if (m >= n) {
            throw std::invalid_argument("member " + std::to_string(m) +
                                        " is not in the network of " + std::to_string(n) +
                                        " providers");
        }
        inside.insert(m);
        if (!community.empty()) home.insert(community[m]);
    }
    const auto& a = network.attributes();
    MemberSummary s;
    s.members = inside.size();
    std::unordered_set<NodeId> senders;
    std::unordered_set<NodeId> receivers;
    std::uint64_t closed = 0;
    std::uint64_t leaving = 0;
    for (const NodeId m : inside) {
        const auto targets = network.out_neighbors(m);
        for (std::size_t i = 0; i < targets.size(); ++i) {
            const EdgeId e = network.out_edge_begin(m) + i;
            const NodeId v = targets[i];
            if (inside.contains(v)) {
                s.internal += a.count[e];
                continue;
            }
            s.referrals_out += a.count[e];
            s.out_by_group[static_cast<std::size_t>(groups[v])] += a.count[e];
            if (!a.closed_loop.empty()) closed += a.closed_loop[e];
            if (!home.empty() && !home.contains(community[v])) leaving += a.count[e];
            receivers.insert(v);
        }
        for (const EdgeId e : network.in_edges(m)) {
            const NodeId u = network.edge_source(e);
            if (inside.contains(u)) continue;  // counted once, as sent
            s.referrals_in += a.count[e];
            s.in_by_group[static_cast<std::size_t>(groups[u])] += a.count[e];
            senders.insert(u);
        }
    }
    s.senders = static_cast<std::uint32_t>(senders.size());
    s.receivers = static_cast<std::uint32_t>(receivers.size());
    s.both_ways = static_cast<std::uint32_t>(std::count_if(
        senders.begin(), senders.end(), [&](NodeId u) { return receivers.contains(u); }));
    s.partners = s.senders + s.receivers - s.both_ways;
    const double nan = std::nan("");
    s.reciprocity =
        s.partners == 0 ? nan : 2.0 * s.both_ways / static_cast<double>(s.senders + s.receivers);
    const auto out = static_cast<double>(s.referrals_out);
    s.closed_loop_rate =
        a.closed_loop.empty() || s.referrals_out == 0 ? nan : static_cast<double>(closed) / out;
    s.leakage =
        community.empty() || s.referrals_out == 0 ? nan : static_cast<double>(leaving) / out;
    return s;
}

}  // namespace refnet::graph

#include "signals/structure.hpp"

#include <algorithm>
#include <refnet/graph/link_prediction.hpp>

namespace refnet::scoring {

Structure::Structure(Focal& focal, bool defer_hubs) : focal_(focal), scratch_(focal.scratch) {
    const Context::Data& ctx = focal.ctx;
    const graph::Network& net = ctx.network;
    const auto counts = net.counts();
    (void)graph::personalised_pagerank_push(
        net, ctx.serial, focal.id, {focal.params.ppr_damping, focal.params.ppr_epsilon},
        [&](graph::EdgeId e) { return double(counts[e]); },
        [&](graph::NodeId u) { return ctx.out_volume[u]; }, scratch_.ppr);
    for (graph::NodeId z : focal.partners) {
        if (z == focal.id) continue;
        const double w = graph::adamic_adar_weight(ctx.partner_count[z]);
        if (const std::uint64_t* bits = ctx.hubs.of(z)) {
            hubs_.push_back({z, w, bits});
            hub_weight_ += w;
        } else {
            expand(z, w);
        }
    }
    if (!defer_hubs) {
        for (const Hub& h : hubs_) expand(h.id, h.weight);
        hubs_.clear();
        hub_weight_ = 0.0;
    }
}

void Structure::expand(graph::NodeId z, double w) {
    (void)graph::add_common_partner(focal_.ctx.network, focal_.id, z, w, scratch_.adamic_adar,
                                    scratch_.aa_touched);
}

bool Structure::is_partner(graph::NodeId z, graph::NodeId v) const {
    if (const std::uint64_t* bits = focal_.ctx.hubs.of(z)) return bit_set(bits, v);
    const graph::Network& net = focal_.ctx.network;
    const auto out = net.out_neighbors(z);
    const auto in = net.in_neighbors(z);
    return std::binary_search(out.begin(), out.end(), v) ||
           std::binary_search(in.begin(), in.end(), v);
}

void Structure::add_evidence(graph::NodeId c, bool full, Evidence& ev) const {
    if (!full) return;
    // Walking c's partners reads its lists in order and one flag each (the
    // focal's ties are marked); asking each focal partner's lists for c costs
    // two binary searches a partner, scattered. The walk wins unless c's lists
    // are many times longer than the focal's: for the busiest national focal
    // (thousands of partners) the searches were 14 % of a request.
    constexpr std::size_t kSearchCost = 16;
    const graph::Network& net = focal_.ctx.network;
    const graph::NodeId f = focal_.id;
    const auto& mine = focal_.partners;
    std::uint32_t count = 0;
    if (const std::uint64_t* bits = focal_.ctx.hubs.of(c)) {
        // A hub's partners are a bitmap, and partnership goes both ways: one
        // bit a focal partner (a pick is often a hub; serve explains every pick).
        for (graph::NodeId z : mine) {
            if (z != f && z != c && bit_set(bits, z)) ++count;
        }
    } else if (std::size_t{net.out_degree(c)} + net.in_degree(c) > kSearchCost * mine.size()) {
        for (graph::NodeId z : mine) {
            if (z != f && z != c && is_partner(z, c)) ++count;
        }
    } else {
        graph::for_each_partner(net, c, [&](graph::NodeId z) {
            if (z != f && z != c && focal_.tied(z)) ++count;
        });
    }
    ev.common_partners = count;
}

}  // namespace refnet::scoring

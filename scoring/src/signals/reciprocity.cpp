#include "signals/reciprocity.hpp"

#include <numeric>
#include <refnet/graph/metrics.hpp>

namespace refnet::scoring {

void build_group_rates(Context::Data& d) {
    d.group_flows = graph::group_flows(d.network, d.groups);
    const graph::GroupFlows& flows = d.group_flows;
    for (std::size_t g = 0; g < graph::kGroupCount; ++g) {
        const double total = static_cast<double>(
            std::accumulate(flows[g].begin(), flows[g].end(), std::uint64_t{0}));
        for (std::size_t h = 0; h < graph::kGroupCount; ++h)
            d.group_rate[g][h] = total > 0 ? static_cast<double>(flows[g][h]) / total : 0.0;
    }
}

Reciprocity::Reciprocity(const Focal& focal)
    : focal_(focal),
      ctx_(focal.ctx),
      focal_group_(static_cast<std::size_t>(focal.ctx.groups[focal.id])) {
    if (!ctx_.as_of.valid()) return;
    const std::int32_t now = ctx_.as_of.days;
    const std::int32_t recent = focal.params.recent_days;
    for (auto i = ctx_.sender_offsets[focal.id]; i < ctx_.sender_offsets[focal.id + 1]; ++i) {
        const graph::Referral& r = ctx_.referrals[ctx_.sender_referrals[i]];
        if (!r.date.valid()) continue;
        const std::int32_t age = now - r.date.days;
        if (age >= 0 && age < recent) {
            sent_by_year_[r.to].first += r.count;
        } else if (age >= recent && age < 2 * recent) {
            sent_by_year_[r.to].second += r.count;
        }
    }
}

void Reciprocity::add_evidence(graph::NodeId c, Evidence& ev) const {
    if (focal_.tied(c)) {
        const graph::Network& net = ctx_.network;
        const auto counts = net.counts();
        const auto out_edge = net.find_edge(focal_.id, c);
        const auto in_edge = net.find_edge(c, focal_.id);
        ev.sent_to = out_edge ? counts[*out_edge] : 0;
        ev.received_from = in_edge ? counts[*in_edge] : 0;
        if (auto it = sent_by_year_.find(c); it != sent_by_year_.end()) {
            ev.sent_last_year = it->second.first;
            ev.sent_year_before = it->second.second;
        }
    }
    ev.return_rate = return_rate(ctx_.groups[c]);
}

}  // namespace refnet::scoring

#include "signals/trust.hpp"

#include <algorithm>
#include <numeric>
#include <refnet/scoring/evidence.hpp>

namespace refnet::scoring {

void build_reputation(Context::Data& d) {
    const graph::Network& network = d.network;
    const graph::NodeId n = network.num_nodes();
    const auto& a = network.attributes();
    const bool has_outcomes =
        !a.closed_loop.empty() || !a.completed.empty() || !a.satisfaction_count.empty();
    d.reputation.assign(n, std::nan(""));
    d.received_closed.assign(n, 0);
    d.received_completed.assign(n, 0);
    d.received_known.assign(n, 0);
    d.received_satisfaction.assign(n, std::nan(""));
    d.has_outcomes = has_outcomes;
    const double ps = d.params.prior_successes;
    const double pf = d.params.prior_failures;
    for (graph::NodeId v = 0; v < n && has_outcomes; ++v) {
        std::uint64_t total = 0;
        std::uint64_t on_time = 0;
        double sat_sum = 0.0;
        std::uint64_t sat_n = 0;
        for (graph::EdgeId e : network.in_edges(v)) {
            total += a.count[e];
            if (!a.closed_loop.empty()) d.received_closed[v] += a.closed_loop[e];
            if (!a.completed.empty()) d.received_completed[v] += a.completed[e];
            if (!a.on_time.empty()) on_time += a.on_time[e];
            if (!a.satisfaction_count.empty()) {
                sat_sum += a.satisfaction_sum[e];
                sat_n += a.satisfaction_count[e];
            }
        }
        d.received_known[v] = total;
        std::vector<double> parts;
        if (!a.closed_loop.empty())
            parts.push_back(smoothed_rate(d.received_closed[v], total, ps, pf));
        if (!a.completed.empty())
            parts.push_back(smoothed_rate(d.received_completed[v], total, ps, pf));
        if (!a.on_time.empty()) parts.push_back(smoothed_rate(on_time, total, ps, pf));
        if (!a.satisfaction_count.empty()) {
            // Ratings 1..5 mapped to [0, 1] and shrunk towards the middle like a rate.
            parts.push_back(((sat_sum - static_cast<double>(sat_n)) / 4.0 + ps) /
                            (static_cast<double>(sat_n) + ps + pf));
            if (sat_n > 0) d.received_satisfaction[v] = sat_sum / static_cast<double>(sat_n);
        }
        d.reputation[v] =
            std::accumulate(parts.begin(), parts.end(), 0.0) / static_cast<double>(parts.size());
    }
}

// Referrals on an edge weighted by its smoothed closed-loop rate (plain counts
// when the data has no outcomes): how much the sender trusts the receiver.
double Trust::weight(graph::EdgeId e) const {
    const auto& attrs = ctx_.network.attributes();
    const double loop =
        attrs.closed_loop.empty()
            ? 1.0
            : smoothed_rate(attrs.closed_loop[e], attrs.count[e], focal_.params.prior_successes,
                            focal_.params.prior_failures);
    return ctx_.network.counts()[e] * loop;
}

Trust::Trust(const Focal& focal, const graph::PushState& count_walk)
    : focal_(focal), ctx_(focal.ctx), walk_(&count_walk) {
    const graph::Network& net = ctx_.network;
    // Without closed-loop data the trust weight is the count itself (times 1.0,
    // exactly), so the second walk would repeat the first one number for number.
    if (!net.attributes().closed_loop.empty()) {
        (void)graph::personalised_pagerank_push(
            net, ctx_.serial, focal.id, {focal.params.ppr_damping, focal.params.ppr_epsilon},
            [&](graph::EdgeId e) { return weight(e); }, focal.scratch.trust_ppr);
        walk_ = &focal.scratch.trust_ppr;
    }
    const auto targets = net.out_neighbors(focal.id);
    for (std::size_t i = 0; i < targets.size(); ++i) {
        if (targets[i] != focal.id)
            trusted_.emplace_back(weight(net.out_edge_begin(focal.id) + i), targets[i]);
    }
    const auto& providers = ctx_.providers;
    std::sort(trusted_.begin(), trusted_.end(), [&](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first
                                  : providers[a.second].id < providers[b.second].id;
    });
    if (trusted_.size() > 5) trusted_.resize(5);
}

double Trust::combine(graph::NodeId c, double second) const {
    const graph::Network& net = ctx_.network;
    const auto& attrs = net.attributes();
    const double reputation = ctx_.reputation[c];
    double direct = std::nan("");
    // Only a tie can have an edge f -> c: the search is skipped for the rest.
    const auto e =
        (!attrs.closed_loop.empty() && focal_.tied(c)) ? net.find_edge(focal_.id, c) : std::nullopt;
    if (e) {
        const double ps = focal_.params.prior_successes;
        const double pf = focal_.params.prior_failures;
        std::vector<double> parts{smoothed_rate(attrs.closed_loop[*e], attrs.count[*e], ps, pf)};
        if (!attrs.completed.empty())
            parts.push_back(smoothed_rate(attrs.completed[*e], attrs.count[*e], ps, pf));
        if (!attrs.on_time.empty())
            parts.push_back(smoothed_rate(attrs.on_time[*e], attrs.count[*e], ps, pf));
        if (!attrs.last_date.empty() && attrs.last_date[*e].valid() && ctx_.as_of.valid()) {
            const std::int32_t now = ctx_.as_of.days;
            parts.push_back(std::exp(-static_cast<double>(now - attrs.last_date[*e].days) / 180.0));
            parts.push_back(std::min(
                1.0,
                static_cast<double>(attrs.last_date[*e].days - attrs.first_date[*e].days) / 365.0));
        }
        direct =
            std::accumulate(parts.begin(), parts.end(), 0.0) / static_cast<double>(parts.size());
    }
    if (std::isnan(reputation)) return second;  // claims data: no outcomes, only who trusts whom
    // A stranger's record with everyone says more than a walk's share of
    // paths to it, which the structure signal already counts (backtests on
    // generated markets: the mix ranked no better than the record alone).
    if (std::isnan(direct)) return reputation;
    return 0.5 * direct + 0.3 * reputation + 0.2 * second;
}

void Trust::add_evidence(graph::NodeId c, bool full, Evidence& ev) const {
    if (!full) return;
    ev.closed_loop = ctx_.received_closed[c];
    ev.completed = ctx_.received_completed[c];
    ev.outcome_known = ctx_.received_known[c];
    ev.mean_satisfaction = ctx_.received_satisfaction[c];
    const graph::Network& net = ctx_.network;
    for (const auto& [w, z] : trusted_) {
        const auto targets = net.out_neighbors(z);
        if (!std::binary_search(targets.begin(), targets.end(), c)) continue;
        // trusted_ runs most trusted first.
        if (ev.trusted_partners_referring++ == 0) ev.trusted_partner = z;
    }
}

}  // namespace refnet::scoring

#include <algorithm>
#include <limits>
#include <numeric>
#include <refnet/graph/network.hpp>
#include <stdexcept>
#include <string>

namespace refnet::graph {

// Lets the builder fill the private CSR arrays without giving Network mutators.
struct NetworkAccess {
    static Network& self(Network& n) { return n; }
    static auto& num_nodes(Network& n) { return n.num_nodes_; }
    static auto& out_offsets(Network& n) { return n.out_offsets_; }
    static auto& out_targets(Network& n) { return n.out_targets_; }
    static auto& in_offsets(Network& n) { return n.in_offsets_; }
    static auto& in_sources(Network& n) { return n.in_sources_; }
    static auto& in_edge_ids(Network& n) { return n.in_edge_ids_; }
    static auto& attributes(Network& n) { return n.attributes_; }
};

CountOverflow::CountOverflow(NodeId from, NodeId to)
    : std::overflow_error("referral count from node " + std::to_string(from) + " to node " +
                          std::to_string(to) +
                          " exceeds 4294967295 (expected a total that fits 32 bits)"),
      from_(from),
      to_(to) {}

std::optional<EdgeId> Network::find_edge(NodeId u, NodeId v) const {
    const auto targets = out_neighbors(u);
    const auto it = std::lower_bound(targets.begin(), targets.end(), v);
    if (it == targets.end() || *it != v) return std::nullopt;
    return out_offsets_[u] + static_cast<EdgeId>(it - targets.begin());
}

NodeId Network::edge_source(EdgeId e) const {
    const auto it = std::upper_bound(out_offsets_.begin(), out_offsets_.end(), e);
    return static_cast<NodeId>(it - out_offsets_.begin() - 1);
}

namespace {

struct Presence {
    bool status = false;
    bool closed_loop = false;
    bool on_time = false;
    bool satisfaction = false;
    bool dates = false;
    bool beneficiaries = false;
};

Presence detect_columns(std::span<const Referral> events) {
    Presence p;
    for (const auto& r : events) {
        p.status |= r.status != Status::unknown;
        p.closed_loop |= r.feedback_days >= 0 || r.status != Status::unknown;
        p.on_time |= r.days_to_appointment >= 0;
        p.satisfaction |= !std::isnan(r.satisfaction);
        p.dates |= r.date.valid();
        p.beneficiaries |= r.beneficiaries > 0;
    }
    return p;
}

void add_checked(std::uint32_t& total, std::uint64_t amount, NodeId from, NodeId to) {
    const std::uint64_t sum = std::uint64_t{total} + amount;
    if (sum > std::numeric_limits<std::uint32_t>::max()) throw CountOverflow(from, to);
    total = static_cast<std::uint32_t>(sum);
}

// In-adjacency by a counting sort over targets; scanning sources in order leaves
// every in-list sorted by source.
void build_in_adjacency(Network& net, NodeId num_nodes) {
    const auto& out_offsets = NetworkAccess::out_offsets(net);
    const auto& out_targets = NetworkAccess::out_targets(net);
    auto& in_offsets = NetworkAccess::in_offsets(net);
    auto& in_sources = NetworkAccess::in_sources(net);
    auto& in_edge_ids = NetworkAccess::in_edge_ids(net);
    in_offsets.assign(std::size_t{num_nodes} + 1, 0);
    for (NodeId v : out_targets) ++in_offsets[v + 1];
    std::partial_sum(in_offsets.begin(), in_offsets.end(), in_offsets.begin());
    in_sources.resize(out_targets.size());
    in_edge_ids.resize(out_targets.size());
    std::vector<EdgeId> cursor(in_offsets.begin(), in_offsets.end() - 1);
    for (NodeId u = 0; u < num_nodes; ++u) {
        for (EdgeId e = out_offsets[u]; e < out_offsets[u + 1]; ++e) {
            const EdgeId slot = cursor[out_targets[e]]++;
            in_sources[slot] = u;
            in_edge_ids[slot] = e;
        }
    }
}

}  // namespace

BuildResult build_network(NodeId num_nodes, std::span<const Referral> events,
                          const BuildParams& params) {
    BuildResult result;
    Network& net = result.network;
    BuildReport& report = result.report;
    report.events = events.size();

    // Counting sort of event indices by source, then a sort by target inside each
    // bucket: O(E log d) and stable, so first/last dates do not depend on row order.
    std::vector<EdgeId> bucket(std::size_t{num_nodes} + 1, 0);
    for (const auto& r : events) {
        if (r.from >= num_nodes || r.to >= num_nodes) {
            throw std::invalid_argument(
                "referral endpoint " + std::to_string(std::max(r.from, r.to)) +
                " is not a node (expected an id below " + std::to_string(num_nodes) + ")");
        }
        ++bucket[r.from + 1];
    }
    std::partial_sum(bucket.begin(), bucket.end(), bucket.begin());
    std::vector<std::size_t> order(events.size());
    {
        std::vector<EdgeId> cursor(bucket.begin(), bucket.end() - 1);
        for (std::size_t i = 0; i < events.size(); ++i) order[cursor[events[i].from]++] = i;
    }

    const Presence has = detect_columns(events);
    auto& attrs = NetworkAccess::attributes(net);
    auto& out_offsets = NetworkAccess::out_offsets(net);
    auto& out_targets = NetworkAccess::out_targets(net);
    out_offsets.assign(std::size_t{num_nodes} + 1, 0);

    for (NodeId u = 0; u < num_nodes; ++u) {
        const auto begin = order.begin() + static_cast<std::ptrdiff_t>(bucket[u]);
        const auto end = order.begin() + static_cast<std::ptrdiff_t>(bucket[u + 1]);
        std::stable_sort(begin, end,
                         [&](std::size_t a, std::size_t b) { return events[a].to < events[b].to; });
        for (auto it = begin; it != end; ++it) {
            const Referral& r = events[*it];
            const bool new_edge =
                out_targets.size() == out_offsets[u] || out_targets.back() != r.to;
            if (new_edge) {
                out_targets.push_back(r.to);
                attrs.count.push_back(0);
                if (has.status) attrs.completed.push_back(0);
                if (has.closed_loop) attrs.closed_loop.push_back(0);
                if (has.on_time) attrs.on_time.push_back(0);
                if (has.satisfaction) {
                    attrs.satisfaction_sum.push_back(0.0);
                    attrs.satisfaction_count.push_back(0);
                }
                if (has.dates) {
                    attrs.first_date.push_back(kNoDate);
                    attrs.last_date.push_back(kNoDate);
                }
                if (has.beneficiaries) attrs.beneficiaries.push_back(0);
                if (r.from == r.to) ++report.self_loop_edges;
            } else {
                ++report.merged_events;
            }
            const std::size_t e = out_targets.size() - 1;
            add_checked(attrs.count[e], r.count, r.from, r.to);
            report.referrals += r.count;
            if (r.from == r.to) report.self_loop_referrals += r.count;
            if (has.status && r.status == Status::completed) {
                add_checked(attrs.completed[e], r.count, r.from, r.to);
            }
            if (has.closed_loop && r.feedback_days >= 0) {
                add_checked(attrs.closed_loop[e], r.count, r.from, r.to);
            }
            if (has.on_time && r.days_to_appointment >= 0 &&
                r.days_to_appointment <= params.on_time_days) {
                add_checked(attrs.on_time[e], r.count, r.from, r.to);
            }
            if (has.satisfaction && !std::isnan(r.satisfaction)) {
                attrs.satisfaction_sum[e] += static_cast<double>(r.satisfaction) * r.count;
                add_checked(attrs.satisfaction_count[e], r.count, r.from, r.to);
            }
            if (has.dates && r.date.valid()) {
                auto& first = attrs.first_date[e];
                auto& last = attrs.last_date[e];
                if (!first.valid() || r.date < first) first = r.date;
                if (!last.valid() || r.date > last) last = r.date;
                if (!report.first_date.valid() || r.date < report.first_date) {
                    report.first_date = r.date;
                }
                if (!report.last_date.valid() || r.date > report.last_date) {
                    report.last_date = r.date;
                }
            }
            if (has.beneficiaries)
                add_checked(attrs.beneficiaries[e], r.beneficiaries, r.from, r.to);
        }
        out_offsets[u + 1] = out_targets.size();
    }

    build_in_adjacency(net, num_nodes);
    NetworkAccess::num_nodes(net) = num_nodes;
    return result;
}

BuildResult build_network_from_edges(NodeId num_nodes, const EdgeColumns& edges) {
    const std::size_t m = edges.from.size();
    if (edges.to.size() != m || edges.count.size() != m ||
        (!edges.beneficiaries.empty() && edges.beneficiaries.size() != m)) {
        throw std::invalid_argument("edge columns differ in length");
    }
    BuildResult result;
    Network& net = result.network;
    BuildReport& report = result.report;
    report.events = m;
    // Counting sort of row indices by source, as in the event builder, but over
    // 16-byte rows: a national edge list never becomes 40-byte Referral events.
    std::vector<EdgeId> bucket(std::size_t{num_nodes} + 1, 0);
    for (std::size_t i = 0; i < m; ++i) {
        if (edges.from[i] >= num_nodes || edges.to[i] >= num_nodes) {
            throw std::invalid_argument(
                "edge endpoint " + std::to_string(std::max(edges.from[i], edges.to[i])) +
                " is not a node (expected an id below " + std::to_string(num_nodes) + ")");
        }
        ++bucket[edges.from[i] + 1];
    }
    std::partial_sum(bucket.begin(), bucket.end(), bucket.begin());
    std::vector<EdgeId> order(m);
    {
        std::vector<EdgeId> cursor(bucket.begin(), bucket.end() - 1);
        for (std::size_t i = 0; i < m; ++i) order[cursor[edges.from[i]]++] = i;
    }
    auto& attrs = NetworkAccess::attributes(net);
    auto& out_offsets = NetworkAccess::out_offsets(net);
    auto& out_targets = NetworkAccess::out_targets(net);
    out_offsets.assign(std::size_t{num_nodes} + 1, 0);
    out_targets.reserve(m);
    attrs.count.reserve(m);
    const bool benes = !edges.beneficiaries.empty();
    if (benes) attrs.beneficiaries.reserve(m);
    for (NodeId u = 0; u < num_nodes; ++u) {
        const auto begin = order.begin() + static_cast<std::ptrdiff_t>(bucket[u]);
        const auto end = order.begin() + static_cast<std::ptrdiff_t>(bucket[u + 1]);
        std::stable_sort(begin, end, [&](EdgeId a, EdgeId b) { return edges.to[a] < edges.to[b]; });
        for (auto it = begin; it != end; ++it) {
            const NodeId v = edges.to[*it];
            if (out_targets.size() == out_offsets[u] || out_targets.back() != v) {
                out_targets.push_back(v);
                attrs.count.push_back(0);
                if (benes) attrs.beneficiaries.push_back(0);
                if (u == v) ++report.self_loop_edges;
            } else {
                ++report.merged_events;
            }
            add_checked(attrs.count.back(), edges.count[*it], u, v);
            if (benes) add_checked(attrs.beneficiaries.back(), edges.beneficiaries[*it], u, v);
            report.referrals += edges.count[*it];
            if (u == v) report.self_loop_referrals += edges.count[*it];
        }
        out_offsets[u + 1] = out_targets.size();
    }
    build_in_adjacency(net, num_nodes);
    NetworkAccess::num_nodes(net) = num_nodes;
    return result;
}

}  // namespace refnet::graph

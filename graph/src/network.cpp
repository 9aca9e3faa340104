#include <omp.h>

#include <algorithm>
#include <limits>
#include <numeric>
#include <refnet/graph/network.hpp>
#include <refnet/graph/parallel.hpp>
#include <stdexcept>
#include <string>

namespace refnet::graph {

// What the builders fill: vectors a Network then views and keeps alive.
struct NetworkStorage {
    std::vector<EdgeId> out_offsets{0};
    std::vector<NodeId> out_targets;
    std::vector<EdgeId> in_offsets{0};
    std::vector<NodeId> in_sources;
    std::vector<EdgeId> in_edge_ids;
    BasicEdgeAttributes<Vector> attributes;
};

// Lets the builders hand their storage to a Network without giving it mutators.
struct NetworkAccess {
    static Network adopt(std::shared_ptr<NetworkStorage> store, NodeId num_nodes) {
        const auto& columns = store->attributes;
        NetworkArrays views{num_nodes,
                            store->out_offsets,
                            store->out_targets,
                            store->in_offsets,
                            store->in_sources,
                            store->in_edge_ids,
                            {}};
        views.attributes.count = columns.count;
        views.attributes.completed = columns.completed;
        views.attributes.closed_loop = columns.closed_loop;
        views.attributes.on_time = columns.on_time;
        views.attributes.satisfaction_sum = columns.satisfaction_sum;
        views.attributes.satisfaction_count = columns.satisfaction_count;
        views.attributes.first_date = columns.first_date;
        views.attributes.last_date = columns.last_date;
        views.attributes.beneficiaries = columns.beneficiaries;
        Network net;
        view(net, views, std::move(store));
        return net;
    }
    static void view(Network& net, const NetworkArrays& a, std::shared_ptr<const void> owner) {
        net.num_nodes_ = a.num_nodes;
        net.out_offsets_ = a.out_offsets;
        net.out_targets_ = a.out_targets;
        net.in_offsets_ = a.in_offsets;
        net.in_sources_ = a.in_sources;
        net.in_edge_ids_ = a.in_edge_ids;
        net.attributes_ = a.attributes;
        net.owner_ = std::move(owner);
    }
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

// Splits sources into `parts` contiguous ranges holding about the same number
// of edges, so threads that each take one range share the work evenly.
std::vector<NodeId> balanced_ranges(std::span<const EdgeId> offsets, int parts) {
    const NodeId n = static_cast<NodeId>(offsets.size() - 1);
    std::vector<NodeId> bounds(static_cast<std::size_t>(std::max(parts, 1)) + 1, n);
    bounds[0] = 0;
    const EdgeId m = offsets.back();
    for (int t = 1; t < parts; ++t) {
        const EdgeId goal = m / static_cast<EdgeId>(parts) * static_cast<EdgeId>(t);
        const auto it = std::lower_bound(offsets.begin(), offsets.end(), goal);
        bounds[static_cast<std::size_t>(t)] =
            std::max(bounds[static_cast<std::size_t>(t) - 1],
                     static_cast<NodeId>(std::min<std::ptrdiff_t>(it - offsets.begin(), n)));
    }
    return bounds;
}

// Turns per-thread bucket counts into cursors: thread t's first slot in bucket
// b comes after every lower thread's items of b, so a parallel scatter keeps the
// items of each bucket in input order. Fills `offsets` (buckets + 1 entries).
void interleave_counts(std::vector<std::vector<EdgeId>>& counts, NodeId buckets,
                       std::vector<EdgeId>& offsets) {
    offsets.assign(std::size_t{buckets} + 1, 0);
    EdgeId running = 0;
    for (NodeId b = 0; b < buckets; ++b) {
        offsets[b] = running;
        for (auto& c : counts) {
            const EdgeId here = c[b];
            c[b] = running;
            running += here;
        }
    }
    offsets[buckets] = running;
}

// In-adjacency by a parallel counting sort over targets: each thread owns a
// contiguous range of sources and its own cursor per target, placed after the
// lower ranges' slots, so every in-list comes out sorted by source.
void build_in_adjacency(NetworkStorage& store, NodeId num_nodes) {
    const auto& out_offsets = store.out_offsets;
    const auto& out_targets = store.out_targets;
    const int threads = team_size(out_targets.size());
    const auto bounds = balanced_ranges(out_offsets, threads);
    std::vector<std::vector<EdgeId>> cursor(static_cast<std::size_t>(threads));
#pragma omp parallel num_threads(threads)
    {
        const auto t = static_cast<std::size_t>(omp_get_thread_num());
        auto& mine = cursor[t];
        mine.assign(num_nodes, 0);
        for (EdgeId e = out_offsets[bounds[t]]; e < out_offsets[bounds[t + 1]]; ++e) {
            ++mine[out_targets[e]];
        }
    }
    interleave_counts(cursor, num_nodes, store.in_offsets);
    store.in_sources.resize(out_targets.size());  // may reuse a buffer the caller left there
    store.in_edge_ids.resize(out_targets.size());
#pragma omp parallel num_threads(threads)
    {
        const auto t = static_cast<std::size_t>(omp_get_thread_num());
        auto& mine = cursor[t];
        for (NodeId u = bounds[t]; u < bounds[t + 1]; ++u) {
            for (EdgeId e = out_offsets[u]; e < out_offsets[u + 1]; ++e) {
                const EdgeId slot = mine[out_targets[e]]++;
                store.in_sources[slot] = u;
                store.in_edge_ids[slot] = e;
            }
        }
    }
}

}  // namespace

BuildResult build_network(NodeId num_nodes, std::span<const Referral> events,
                          const BuildParams& params) {
    BuildResult result;
    auto store = std::make_shared<NetworkStorage>();
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
    auto& attrs = store->attributes;
    auto& out_offsets = store->out_offsets;
    auto& out_targets = store->out_targets;
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

    build_in_adjacency(*store, num_nodes);
    result.network = NetworkAccess::adopt(std::move(store), num_nodes);
    return result;
}

BuildResult build_network_from_edges(NodeId num_nodes, const EdgeColumns& edges) {
    const std::size_t m = edges.from.size();
    if (edges.to.size() != m || edges.count.size() != m ||
        (!edges.beneficiaries.empty() && edges.beneficiaries.size() != m)) {
        throw std::invalid_argument("edge columns differ in length");
    }
    EdgeList copy;
    copy.from.assign(edges.from.begin(), edges.from.end());
    copy.to.assign(edges.to.begin(), edges.to.end());
    copy.count.assign(edges.count.begin(), edges.count.end());
    copy.beneficiaries.assign(edges.beneficiaries.begin(), edges.beneficiaries.end());
    return build_network_from_edges(num_nodes, std::move(copy));
}

namespace {

// One row on its way into the CSR: 12 bytes, sorted inside its source's bucket.
struct PendingEdge {
    NodeId to;
    std::uint32_t count;
    std::uint32_t beneficiaries;
};

}  // namespace

BuildResult build_network_from_edges(NodeId num_nodes, EdgeList&& edges) {
    const std::size_t m = edges.from.size();
    if (edges.to.size() != m || edges.count.size() != m ||
        (!edges.beneficiaries.empty() && edges.beneficiaries.size() != m)) {
        throw std::invalid_argument("edge columns differ in length");
    }
    const bool benes = !edges.beneficiaries.empty();
    BuildResult result;
    BuildReport& report = result.report;
    report.events = m;
    const int threads = team_size(m);
    const auto rows_of = [&](int t) {
        return std::pair{m * static_cast<std::size_t>(t) / static_cast<std::size_t>(threads),
                         m * static_cast<std::size_t>(t + 1) / static_cast<std::size_t>(threads)};
    };

    // Parallel counting sort by source: each thread counts its contiguous rows,
    // then scatters them after the lower threads' rows of the same source, so
    // every bucket keeps file order.
    std::vector<std::vector<EdgeId>> cursor(static_cast<std::size_t>(threads));
    std::size_t first_bad = m;
#pragma omp parallel num_threads(threads) reduction(min : first_bad)
    {
        const int t = omp_get_thread_num();
        auto& mine = cursor[static_cast<std::size_t>(t)];
        mine.assign(num_nodes, 0);
        const auto [begin, end] = rows_of(t);
        for (std::size_t i = begin; i < end; ++i) {
            if (edges.from[i] >= num_nodes || edges.to[i] >= num_nodes) {
                first_bad = std::min(first_bad, i);
                break;
            }
            ++mine[edges.from[i]];
        }
    }
    if (first_bad < m) {
        throw std::invalid_argument(
            "edge endpoint " +
            std::to_string(std::max(edges.from[first_bad], edges.to[first_bad])) +
            " is not a node (expected an id below " + std::to_string(num_nodes) + ")");
    }
    std::vector<EdgeId> bucket;
    interleave_counts(cursor, num_nodes, bucket);
    // Not value-initialised: the scatter below writes every slot, and zeroing
    // 744 MB first would cost a serial pass at national scale.
    std::unique_ptr<PendingEdge[]> pending(new PendingEdge[m]);
#pragma omp parallel num_threads(threads)
    {
        const int t = omp_get_thread_num();
        auto& mine = cursor[static_cast<std::size_t>(t)];
        const auto [begin, end] = rows_of(t);
        for (std::size_t i = begin; i < end; ++i) {
            pending[mine[edges.from[i]]++] = {edges.to[i], edges.count[i],
                                              benes ? edges.beneficiaries[i] : 0U};
        }
    }
    cursor = {};

    // Sort each bucket by target and merge repeats in place (sums, never drops);
    // a thread cannot throw out of the loop, so the first overflow is noted.
    std::vector<EdgeId> degree(num_nodes, 0);
    NodeId overflow_from = kNoNode;
    NodeId overflow_to = kNoNode;
    std::uint64_t referrals = 0;
    std::uint64_t self_loop_edges = 0;
    std::uint64_t self_loop_referrals = 0;
#pragma omp parallel for num_threads(threads) schedule(dynamic, 4096) \
    reduction(+ : referrals, self_loop_edges, self_loop_referrals)
    for (std::int64_t su = 0; su < static_cast<std::int64_t>(num_nodes); ++su) {
        const auto u = static_cast<NodeId>(su);
        PendingEdge* const first = pending.get() + bucket[u];
        PendingEdge* const last = pending.get() + bucket[u + 1];
        if (first == last) continue;
        std::sort(first, last,
                  [](const PendingEdge& a, const PendingEdge& b) { return a.to < b.to; });
        PendingEdge* out = first;
        for (PendingEdge* in = first; in != last; ++in) {
            referrals += in->count;
            if (in->to == u) self_loop_referrals += in->count;
            if (in != first && out->to == in->to) {
                const std::uint64_t count = std::uint64_t{out->count} + in->count;
                const std::uint64_t bene = std::uint64_t{out->beneficiaries} + in->beneficiaries;
                if (count > std::numeric_limits<std::uint32_t>::max() ||
                    bene > std::numeric_limits<std::uint32_t>::max()) {
#pragma omp critical(refnet_overflow)
                    if (overflow_from == kNoNode || u < overflow_from) {
                        overflow_from = u;
                        overflow_to = in->to;
                    }
                }
                out->count = static_cast<std::uint32_t>(count);
                out->beneficiaries = static_cast<std::uint32_t>(bene);
                continue;
            }
            if (in != first) ++out;
            *out = *in;
            if (in->to == u) ++self_loop_edges;
        }
        degree[u] = static_cast<EdgeId>(out - first) + 1;
    }
    if (overflow_from != kNoNode) throw CountOverflow(overflow_from, overflow_to);
    report.referrals = referrals;
    report.self_loop_edges = self_loop_edges;
    report.self_loop_referrals = self_loop_referrals;

    auto store = std::make_shared<NetworkStorage>();
    auto& out_offsets = store->out_offsets;
    out_offsets.assign(std::size_t{num_nodes} + 1, 0);
    for (NodeId u = 0; u < num_nodes; ++u) out_offsets[u + 1] = out_offsets[u] + degree[u];
    const EdgeId distinct = out_offsets[num_nodes];
    report.merged_events = m - distinct;
    // The input columns become the network's (distinct <= m, so shrinking never
    // reallocates): at national scale that is 1 GB of fresh pages not touched.
    store->out_targets = std::move(edges.to);
    store->out_targets.resize(distinct);
    store->attributes.count = std::move(edges.count);
    store->attributes.count.resize(distinct);
    if (benes) {
        store->attributes.beneficiaries = std::move(edges.beneficiaries);
        store->attributes.beneficiaries.resize(distinct);
    }
    store->in_sources = std::move(edges.from);
    edges = {};
#pragma omp parallel for num_threads(threads) schedule(dynamic, 4096)
    for (std::int64_t su = 0; su < static_cast<std::int64_t>(num_nodes); ++su) {
        const auto u = static_cast<NodeId>(su);
        const PendingEdge* from = pending.get() + bucket[u];
        for (EdgeId e = out_offsets[u]; e < out_offsets[u + 1]; ++e, ++from) {
            store->out_targets[e] = from->to;
            store->attributes.count[e] = from->count;
            if (benes) store->attributes.beneficiaries[e] = from->beneficiaries;
        }
    }
    pending.reset();
    build_in_adjacency(*store, num_nodes);
    result.network = NetworkAccess::adopt(std::move(store), num_nodes);
    return result;
}

NetworkArrays Network::arrays() const {
    return {num_nodes_,  out_offsets_, out_targets_, in_offsets_,
            in_sources_, in_edge_ids_, attributes_};
}

Network Network::from_arrays(const NetworkArrays& a, std::shared_ptr<const void> owner) {
    const std::size_t n = a.num_nodes;
    const std::size_t m = a.out_targets.size();
    auto fail = [](const std::string& rule) { throw std::invalid_argument(rule); };
    if (a.out_offsets.size() != n + 1 || a.in_offsets.size() != n + 1) {
        fail("offset arrays must hold num_nodes + 1 entries");
    }
    if (a.in_sources.size() != m || a.in_edge_ids.size() != m) {
        fail("in-adjacency must hold one entry per edge");
    }
    if (a.out_offsets[0] != 0 || a.in_offsets[0] != 0 || a.out_offsets[n] != m ||
        a.in_offsets[n] != m) {
        fail("offsets must start at 0 and end at the edge count");
    }
    bool column_ok = true;
    a.attributes.for_each([&](const char*, const auto& column) {
        if (!column.empty() && column.size() != m) column_ok = false;
    });
    if (a.attributes.count.size() != m || !column_ok) {
        fail("every edge column must be empty or hold one value per edge");
    }
    // Per node: offsets monotone and in range, neighbours in range and sorted,
    // in-entries naming an edge that exists.
    std::int64_t broken = 0;
#pragma omp parallel for schedule(dynamic, 4096) reduction(+ : broken) if (worth_a_team(m))
    for (std::int64_t su = 0; su < static_cast<std::int64_t>(n); ++su) {
        const auto u = static_cast<std::size_t>(su);
        if (a.out_offsets[u] > a.out_offsets[u + 1] || a.in_offsets[u] > a.in_offsets[u + 1] ||
            a.out_offsets[u + 1] > m || a.in_offsets[u + 1] > m) {
            ++broken;
            continue;
        }
        for (EdgeId e = a.out_offsets[u]; e < a.out_offsets[u + 1]; ++e) {
            if (a.out_targets[e] >= n ||
                (e > a.out_offsets[u] && a.out_targets[e - 1] >= a.out_targets[e])) {
                ++broken;
            }
        }
        // Bounds and order only: matching each in-entry to its out-edge would be
        // 62 M random reads at national scale; a snapshot's checksum covers that.
        for (EdgeId k = a.in_offsets[u]; k < a.in_offsets[u + 1]; ++k) {
            const NodeId s = a.in_sources[k];
            if (s >= n || a.in_edge_ids[k] >= m ||
                (k > a.in_offsets[u] && a.in_sources[k - 1] >= s)) {
                ++broken;
            }
        }
    }
    if (broken > 0) {
        fail("adjacency is inconsistent: " + std::to_string(broken) +
             " entries out of range or out of order");
    }
    // What the build guarantees per edge, so that no later computation meets a
    // rate above 1 or a reversed date range: forged arrays stop here.
    const auto& at = a.attributes;
    auto within_count = [&](const auto& column, std::size_t e) {
        return column.empty() || column[e] <= at.count[e];
    };
    std::int64_t inconsistent = 0;
#pragma omp parallel for schedule(static) reduction(+ : inconsistent) if (worth_a_team(m))
    for (std::int64_t se = 0; se < static_cast<std::int64_t>(m); ++se) {
        const auto e = static_cast<std::size_t>(se);
        bool ok = at.count[e] > 0 && within_count(at.completed, e) &&
                  within_count(at.closed_loop, e) && within_count(at.on_time, e) &&
                  within_count(at.satisfaction_count, e);
        if (!at.satisfaction_sum.empty()) {
            const double sum = at.satisfaction_sum[e];
            const double rated = at.satisfaction_count.empty() ? 0.0 : at.satisfaction_count[e];
            // Ratings run from 1 to 5; the sum is of floats, so a hair's slack.
            ok = ok && sum >= rated * (1.0 - 1e-9) && sum <= 5.0 * rated * (1.0 + 1e-9);
        }
        if (!at.first_date.empty() && !at.last_date.empty()) {
            ok = ok && at.first_date[e].valid() == at.last_date[e].valid() &&
                 at.first_date[e] <= at.last_date[e];
        }
        if (!ok) ++inconsistent;
    }
    if (inconsistent > 0) {
        fail("edge columns are inconsistent: " + std::to_string(inconsistent) +
             " edges with no referrals, more completed, closed-loop, on-time or rated "
             "referrals than referrals, ratings outside 1 to 5, or a first date after the last");
    }
    Network net;
    NetworkAccess::view(net, a, std::move(owner));
    return net;
}

std::vector<Referral> edge_events(const Network& net, std::span<const NodeId> around) {
    std::vector<NodeId> inside(around.begin(), around.end());
    std::erase_if(inside, [&](NodeId v) { return v >= net.num_nodes(); });
    std::sort(inside.begin(), inside.end());
    inside.erase(std::unique(inside.begin(), inside.end()), inside.end());
    auto is_inside = [&](NodeId v) { return std::binary_search(inside.begin(), inside.end(), v); };
    const EdgeAttributes& attrs = net.attributes();
    auto event = [&](NodeId from, EdgeId e) {
        Referral r;
        r.from = from;
        r.to = net.edge_target(e);
        r.count = attrs.count[e];
        r.beneficiaries = attrs.beneficiaries.empty() ? 0 : attrs.beneficiaries[e];
        return r;
    };
    std::vector<Referral> events;
    // Edges into a provider inside from one outside, then every edge out of
    // one inside: each edge once. Sorted by (from, to) at the end.
    for (const NodeId v : inside) {
        const auto sources = net.in_neighbors(v);
        const auto edges = net.in_edges(v);
        for (std::size_t i = 0; i < sources.size(); ++i) {
            if (!is_inside(sources[i])) events.push_back(event(sources[i], edges[i]));
        }
        for (EdgeId e = net.out_edge_begin(v); e < net.out_edge_begin(v) + net.out_degree(v); ++e)
            events.push_back(event(v, e));
    }
    std::sort(events.begin(), events.end(), [](const Referral& a, const Referral& b) {
        return a.from != b.from ? a.from < b.from : a.to < b.to;
    });
    return events;
}

}  // namespace refnet::graph

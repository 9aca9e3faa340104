// The referral network: an immutable CSR built once from referral events.
//
// Out- and in-adjacency are offsets + sorted neighbour arrays (GAP CSRGraph),
// so neighbourhood intersections are linear merges over spans with no copies.
// Edge attributes are struct-of-arrays indexed by the out-edge id, ready for
// Eigen::Map. Columns a data source never fills (e.g. closed-loop counts in CMS
// claims data) stay empty instead of costing memory at national scale.
//
// The network only views its arrays (spans) and keeps their owner alive: the
// builder's vectors, or a memory-mapped snapshot, so a national network opens
// without copying 1.5 GB.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <refnet/graph/provider.hpp>
#include <refnet/graph/types.hpp>
#include <span>
#include <stdexcept>
#include <utility>
#include <vector>

namespace refnet::graph {

/// Aggregated per-edge columns, indexed by EdgeId (out-adjacency order).
/// Columns other than `count` are empty when no event carried that field.
/// `Column` is std::vector while building and std::span in the network.
template <template <typename> class Column>
struct BasicEdgeAttributes {
    Column<std::uint32_t> count;        ///< referrals (sum of event counts)
    Column<std::uint32_t> completed;    ///< status == completed
    Column<std::uint32_t> closed_loop;  ///< feedback came back
    Column<std::uint32_t> on_time;      ///< days_to_appointment <= on_time_days
    Column<double> satisfaction_sum;    ///< sum of count-weighted ratings
    Column<std::uint32_t> satisfaction_count;
    Column<Date> first_date;
    Column<Date> last_date;
    Column<std::uint32_t> beneficiaries;  ///< CMS bene_count sums

    /// Applies `f(name, column)` to every column, in a fixed order (snapshots
    /// store them in this order).
    template <typename F>
    void for_each(F&& f) const {
        visit(*this, f);
    }
    template <typename F>
    void for_each(F&& f) {
        visit(*this, f);
    }

   private:
    template <typename Self, typename F>
    static void visit(Self& self, F& f) {
        f("count", self.count);
        f("completed", self.completed);
        f("closed_loop", self.closed_loop);
        f("on_time", self.on_time);
        f("satisfaction_sum", self.satisfaction_sum);
        f("satisfaction_count", self.satisfaction_count);
        f("first_date", self.first_date);
        f("last_date", self.last_date);
        f("beneficiaries", self.beneficiaries);
    }
};

template <typename T>
using ConstSpan = std::span<const T>;
template <typename T>
using Vector = std::vector<T>;
using EdgeAttributes = BasicEdgeAttributes<ConstSpan>;

/// A network's arrays as views, e.g. into a memory-mapped snapshot.
struct NetworkArrays {
    NodeId num_nodes = 0;
    std::span<const EdgeId> out_offsets;  ///< num_nodes + 1
    std::span<const NodeId> out_targets;
    std::span<const EdgeId> in_offsets;  ///< num_nodes + 1
    std::span<const NodeId> in_sources;
    std::span<const EdgeId> in_edge_ids;
    EdgeAttributes attributes;
};

class Network {
   public:
    Network() = default;
    Network(const Network&) = delete;
    Network& operator=(const Network&) = delete;
    Network(Network&&) noexcept = default;
    Network& operator=(Network&&) noexcept = default;
    ~Network() = default;

    [[nodiscard]] NodeId num_nodes() const { return num_nodes_; }
    [[nodiscard]] EdgeId num_edges() const { return out_targets_.size(); }

    /// Targets of u's out-edges, sorted ascending; edge ids are
    /// out_edge_begin(u) + position.
    [[nodiscard]] std::span<const NodeId> out_neighbors(NodeId u) const {
        return {out_targets_.data() + out_offsets_[u], out_targets_.data() + out_offsets_[u + 1]};
    }
    [[nodiscard]] EdgeId out_edge_begin(NodeId u) const { return out_offsets_[u]; }
    /// Sources of v's in-edges, sorted ascending.
    [[nodiscard]] std::span<const NodeId> in_neighbors(NodeId v) const {
        return {in_sources_.data() + in_offsets_[v], in_sources_.data() + in_offsets_[v + 1]};
    }
    /// Edge ids of v's in-edges, parallel to in_neighbors(v).
    [[nodiscard]] std::span<const EdgeId> in_edges(NodeId v) const {
        return {in_edge_ids_.data() + in_offsets_[v], in_edge_ids_.data() + in_offsets_[v + 1]};
    }
    [[nodiscard]] std::uint32_t out_degree(NodeId u) const {
        return static_cast<std::uint32_t>(out_offsets_[u + 1] - out_offsets_[u]);
    }
    [[nodiscard]] std::uint32_t in_degree(NodeId v) const {
        return static_cast<std::uint32_t>(in_offsets_[v + 1] - in_offsets_[v]);
    }
    /// The edge u -> v, by binary search over u's sorted targets. O(log deg(u)).
    [[nodiscard]] std::optional<EdgeId> find_edge(NodeId u, NodeId v) const;
    /// Source of an edge, by binary search over the offsets. O(log n).
    [[nodiscard]] NodeId edge_source(EdgeId e) const;
    [[nodiscard]] NodeId edge_target(EdgeId e) const { return out_targets_[e]; }

    [[nodiscard]] const EdgeAttributes& attributes() const { return attributes_; }
    [[nodiscard]] std::span<const std::uint32_t> counts() const { return attributes_.count; }
    [[nodiscard]] std::span<const EdgeId> out_offsets() const { return out_offsets_; }
    [[nodiscard]] std::span<const NodeId> out_targets() const { return out_targets_; }
    [[nodiscard]] std::span<const EdgeId> in_offsets() const { return in_offsets_; }
    [[nodiscard]] std::span<const EdgeId> in_edge_ids() const { return in_edge_ids_; }
    /// All arrays as views (valid while this network lives), e.g. for a snapshot.
    [[nodiscard]] NetworkArrays arrays() const;

    /// A network over arrays someone else holds; `owner` is kept alive with it.
    /// Checks the invariants that keep every access in bounds (offset sizes,
    /// monotone offsets ending at the edge count, endpoints below num_nodes,
    /// sorted neighbour lists, edge ids in range, column lengths), so a corrupt
    /// source fails here instead of crashing later. Throws std::invalid_argument naming
    /// the broken rule. O(n + m), in parallel.
    [[nodiscard]] static Network from_arrays(const NetworkArrays& arrays,
                                             std::shared_ptr<const void> owner);

   private:
    friend struct NetworkAccess;
    std::shared_ptr<const void> owner_;
    NodeId num_nodes_ = 0;
    std::span<const EdgeId> out_offsets_{kEmptyOffsets};
    std::span<const NodeId> out_targets_;
    std::span<const EdgeId> in_offsets_{kEmptyOffsets};
    std::span<const NodeId> in_sources_;
    std::span<const EdgeId> in_edge_ids_;
    EdgeAttributes attributes_;
    static constexpr EdgeId kEmptyOffsets[1] = {0};
};

struct BuildParams {
    /// A referral counts as on time when seen within this many days.
    std::int32_t on_time_days = 14;
};

/// What the builder noticed; self-loops are kept in the network (they are real
/// referrals within one provider id, e.g. a group NPI) and reported here.
struct BuildReport {
    std::uint64_t events = 0;
    std::uint64_t referrals = 0;      ///< sum of counts
    std::uint64_t merged_events = 0;  ///< events folded into an existing edge
    std::uint64_t self_loop_edges = 0;
    std::uint64_t self_loop_referrals = 0;
    Date first_date = kNoDate;
    Date last_date = kNoDate;
};

/// A pair's summed referral count does not fit 32 bits.
class CountOverflow : public std::overflow_error {
   public:
    CountOverflow(NodeId from, NodeId to);
    [[nodiscard]] NodeId from() const { return from_; }
    [[nodiscard]] NodeId to() const { return to_; }

   private:
    NodeId from_;
    NodeId to_;
};

struct BuildResult {
    Network network;
    BuildReport report;
};

/// Calls visit(v) for each node of the sorted union of u's in- and
/// out-neighbours (its partners), without building the union (a national
/// hub's is 100,000 long), and ahead(w) for the partners `distance` places
/// further on in each list, so a caller writing per-partner state scattered
/// over the network can prefetch it (a national focal's Adamic-Adar visits
/// ~30,000 partners of partners; the misses then overlap). O(in + out degree).
template <typename Visit, typename Ahead>
void for_each_partner(const Network& net, NodeId u, std::size_t distance, Ahead&& ahead,
                      Visit&& visit) {
    const auto out = net.out_neighbors(u);
    const auto in = net.in_neighbors(u);
    for (std::size_t k = 0; k < distance && k < out.size(); ++k) ahead(out[k]);
    for (std::size_t k = 0; k < distance && k < in.size(); ++k) ahead(in[k]);
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < out.size() || j < in.size()) {
        if (i + distance < out.size()) ahead(out[i + distance]);
        if (j + distance < in.size()) ahead(in[j + distance]);
        if (j == in.size() || (i < out.size() && out[i] < in[j])) {
            visit(out[i++]);
        } else if (i == out.size() || in[j] < out[i]) {
            visit(in[j++]);
        } else {
            visit(out[i]);
            ++i;
            ++j;
        }
    }
}

/// for_each_partner without looking ahead.
template <typename Visit>
void for_each_partner(const Network& net, NodeId u, Visit&& visit) {
    for_each_partner(
        net, u, 0, [](NodeId) {}, std::forward<Visit>(visit));
}

/// The edges out of and into `around` (each edge once, by source then
/// target) as undated events carrying their count and beneficiaries: what data
/// read without events (a CMS file on the compact path, or its snapshot) knows
/// of those providers' referrals. Ids >= num_nodes are ignored.
/// O(the edges touched + |around| log |around|).
[[nodiscard]] std::vector<Referral> edge_events(const Network& net, std::span<const NodeId> around);

/// Sorts events by (from, to) and merges repeats into one edge (sums, never
/// drops). Throws std::invalid_argument for an endpoint >= num_nodes and
/// CountOverflow when an edge's count passes 2^32 - 1.
/// O(E log d + n) time where d is the largest out-degree.
[[nodiscard]] BuildResult build_network(NodeId num_nodes, std::span<const Referral> events,
                                        const BuildParams& params = {});

/// An undated edge list as parallel columns (claims data such as CMS shared
/// patients); `beneficiaries` may be empty.
struct EdgeColumns {
    std::span<const NodeId> from;
    std::span<const NodeId> to;
    std::span<const std::uint32_t> count;
    std::span<const std::uint32_t> beneficiaries;
};

/// The same columns, owned: the builder frees them as soon as it has sorted the
/// rows, which keeps a national build under its memory budget.
struct EdgeList {
    std::vector<NodeId> from;
    std::vector<NodeId> to;
    std::vector<std::uint32_t> count;
    std::vector<std::uint32_t> beneficiaries;
};

/// The same network build_network makes from events carrying only from, to,
/// count and beneficiaries, without materialising events: 16 bytes per row.
/// Same errors as build_network. A parallel counting sort by source (OpenMP),
/// then each source's targets sorted and merged: O(E log d + n) work.
[[nodiscard]] BuildResult build_network_from_edges(NodeId num_nodes, EdgeList&& edges);
/// As above, copying the columns first (for callers that keep them).
[[nodiscard]] BuildResult build_network_from_edges(NodeId num_nodes, const EdgeColumns& edges);

}  // namespace refnet::graph

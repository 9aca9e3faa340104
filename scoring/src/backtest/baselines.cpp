// The baselines every ranking must beat: random, popularity, preferential
// attachment, Adamic-Adar, resource allocation, and each signal alone (a blend
// with one weight).
#include <algorithm>
#include <cmath>
#include <numeric>
#include <refnet/graph/link_prediction.hpp>
#include <refnet/scoring/backtest.hpp>
#include <stdexcept>
#include <utility>

#include "internal.hpp"

namespace refnet::scoring {

const std::vector<std::string>& baseline_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out{"random", "popularity", "preferential_attachment",
                                     "adamic_adar", "resource_allocation"};
        for (std::size_t s = 0; s < kSignalCount; ++s) {
            out.push_back(std::string(signal_key(static_cast<Signal>(s))) + "_only");
        }
        return out;
    }();
    return names;
}

namespace detail {

std::vector<Method> methods_of(const BacktestOptions& options) {
    std::vector<Method> methods;
    for (const auto& [name, weights] : options.blends) {
        weights.validate();
        methods.push_back({name, Kind::blend, weights});
    }
    for (const std::string& name : options.baselines) {
        const auto& known = baseline_names();
        const auto it = std::find(known.begin(), known.end(), name);
        if (it == known.end()) {
            std::string list;
            for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
            throw std::invalid_argument("unknown baseline \"" + name + "\" (expected one of " +
                                        list + ")");
        }
        const auto index = static_cast<std::size_t>(it - known.begin());
        Method m{name, Kind::blend, {}};
        if (index < 5) {
            m.kind = static_cast<Kind>(index + 1);
        } else {
            m.weights.value.fill(0.0);
            m.weights.value[index - 5] = 1.0;
        }
        methods.push_back(std::move(m));
    }
    return methods;
}

Structure::Structure(const graph::Network& net, std::uint64_t seed) {
    const graph::NodeId n = net.num_nodes();
    partners = graph::partner_counts(net);
    in_volume.assign(n, 0.0);
    tie.resize(n);
    const auto counts = net.counts();
    for (graph::NodeId v = 0; v < n; ++v) {
        for (graph::EdgeId e : net.in_edges(v)) in_volume[v] += counts[e];
        tie[v] = mix(seed, 0x7469652dULL, v);
    }
    by_tie.resize(n);
    std::iota(by_tie.begin(), by_tie.end(), graph::NodeId{0});
    by_volume = by_partners = by_tie;
    std::sort(by_tie.begin(), by_tie.end(),
              [&](graph::NodeId a, graph::NodeId b) { return tie[a] < tie[b]; });
    auto order_by = [&](std::vector<graph::NodeId>& order, const auto& key) {
        std::sort(order.begin(), order.end(), [&](graph::NodeId a, graph::NodeId b) {
            return key(a) != key(b) ? key(a) > key(b) : tie[a] < tie[b];
        });
    };
    order_by(by_volume, [&](graph::NodeId v) { return in_volume[v]; });
    order_by(by_partners, [&](graph::NodeId v) { return partners[v]; });
}

std::function<double(graph::NodeId)> rank_structural(Kind kind, graph::NodeId f,
                                                     const graph::Network& net, const Structure& st,
                                                     std::uint64_t base_seed, std::size_t kmax,
                                                     FocalMarks& marks,
                                                     std::vector<graph::NodeId>& list) {
    auto take = [&](graph::NodeId v) {
        if (marks.mark[v] != 0) return;
        if (marks.position[v] < 0) marks.touched.push_back(v);
        marks.mark[v] |= FocalMarks::kListed;
        list.push_back(v);
    };
    auto walk = [&](const std::vector<graph::NodeId>& order) {
        for (std::size_t i = 0; i < order.size() && list.size() < kmax; ++i) take(order[i]);
    };
    switch (kind) {
        case Kind::random: {
            // A fresh uniform order per focal: the first kmax of the providers
            // sorted by a per-focal hash, found without sorting all of them.
            const std::uint64_t seed = mix(base_seed, 0x72616e64ULL, f);
            std::vector<std::pair<std::uint64_t, graph::NodeId>> best;
            for (graph::NodeId v = 0; v < net.num_nodes(); ++v) {
                if (marks.mark[v] != 0) continue;
                best.emplace_back(mix(seed, v), v);
                if (best.size() >= 4 * kmax + 64) {
                    std::nth_element(best.begin(), best.begin() + static_cast<std::ptrdiff_t>(kmax),
                                     best.end());
                    best.resize(kmax);
                }
            }
            std::sort(best.begin(), best.end());
            for (std::size_t i = 0; i < best.size() && list.size() < kmax; ++i)
                take(best[i].second);
            return [seed](graph::NodeId v) { return unit(mix(seed, v)); };
        }
        case Kind::popularity:
            walk(st.by_volume);
            return [&st](graph::NodeId v) { return st.in_volume[v]; };
        case Kind::preferential_attachment: {
            const double own = st.partners[f];
            walk(own > 0 ? st.by_partners : st.by_tie);
            return [&st, own](graph::NodeId v) { return own * st.partners[v]; };
        }
        case Kind::adamic_adar:
        case Kind::resource_allocation: {
            // The blend's structure signal sums the same index (graph/link_prediction).
            const graph::CommonPartnerScores found = graph::common_partner_scores(
                net, f, st.partners,
                kind == Kind::adamic_adar ? graph::CommonPartnerIndex::adamic_adar
                                          : graph::CommonPartnerIndex::resource_allocation,
                marks.common);
            std::vector<graph::NodeId> reached;  // outside the focal's partners
            for (const graph::NodeId c : found.reached) {
                if (marks.position[c] < 0) marks.touched.push_back(c);
                if (marks.mark[c] == 0) reached.push_back(c);
            }
            auto better = [&](graph::NodeId a, graph::NodeId b) {
                const double sa = marks.common[a];
                const double sb = marks.common[b];
                return sa != sb ? sa > sb : st.tie[a] < st.tie[b];
            };
            const std::size_t keep = std::min(reached.size(), kmax);
            std::partial_sort(reached.begin(), reached.begin() + static_cast<std::ptrdiff_t>(keep),
                              reached.end(), better);
            for (std::size_t i = 0; i < keep; ++i) take(reached[i]);
            walk(st.by_tie);  // providers no common partner reached, in tie order
            return [&marks](graph::NodeId v) { return marks.common[v]; };
        }
        case Kind::blend:
            break;
    }
    return [](graph::NodeId) { return 0.0; };
}

}  // namespace detail

}  // namespace refnet::scoring

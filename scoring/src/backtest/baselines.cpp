// The baselines every ranking must beat: random, popularity, recent
// popularity, preferential attachment, Adamic-Adar, resource allocation, paths
// of length three (L3), gravity, and each signal alone (a blend with one
// weight). Whatever is network-wide (volumes, orders, gravity's specialty flow
// table) is computed once per backtest in Structure; a focal then costs what
// its ranking reaches.
#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <numeric>
#include <refnet/graph/geo.hpp>
#include <refnet/graph/link_prediction.hpp>
#include <refnet/scoring/backtest.hpp>
#include <stdexcept>
#include <utility>

#include "internal.hpp"

namespace refnet::scoring {

namespace {

// The structural baselines in report order; the signal-only ones follow them.
constexpr std::array<std::pair<std::string_view, detail::Kind>, 8> kStructural{{
    {"random", detail::Kind::random},
    {"popularity", detail::Kind::popularity},
    {"recent_popularity", detail::Kind::recent_popularity},
    {"preferential_attachment", detail::Kind::preferential_attachment},
    {"adamic_adar", detail::Kind::adamic_adar},
    {"resource_allocation", detail::Kind::resource_allocation},
    {"l3", detail::Kind::paths_of_length_three},
    {"gravity", detail::Kind::gravity},
}};

}  // namespace

const std::vector<std::string>& baseline_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        out.reserve(std::size(kStructural) + kSignalCount);
        for (const auto& [name, kind] : kStructural) out.emplace_back(name);
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
        if (index < kStructural.size()) {
            m.kind = kStructural[index].second;
        } else {
            m.weights.value.fill(0.0);
            m.weights.value[index - kStructural.size()] = 1.0;
        }
        methods.push_back(std::move(m));
    }
    return methods;
}

Structure::Structure(const SplitView& view, std::uint64_t seed) {
    const graph::Network& net = view.network();
    const graph::NodeId n = net.num_nodes();
    partners = graph::partner_counts(net);
    in_volume.assign(n, 0.0);
    recent_volume.assign(n, 0.0);
    tie.resize(n);
    const auto counts = net.counts();
    for (graph::NodeId v = 0; v < n; ++v) {
        for (graph::EdgeId e : net.in_edges(v)) in_volume[v] += counts[e];
        tie[v] = mix(seed, 0x7469652dULL, v);
    }
    // Training events are all dated and before the split.
    const graph::Date recent{view.split().days - kRecentDays};
    for (const graph::Referral& r : view.training())
        if (!(r.date < recent)) recent_volume[r.to] += r.count;
    by_tie.resize(n);
    std::iota(by_tie.begin(), by_tie.end(), graph::NodeId{0});
    by_volume = by_recent = by_partners = by_tie;
    std::sort(by_tie.begin(), by_tie.end(),
              [&](graph::NodeId a, graph::NodeId b) { return tie[a] < tie[b]; });
    auto order_by = [&](std::vector<graph::NodeId>& order, const auto& key) {
        std::sort(order.begin(), order.end(), [&](graph::NodeId a, graph::NodeId b) {
            return key(a) != key(b) ? key(a) > key(b) : tie[a] < tie[b];
        });
    };
    order_by(by_volume, [&](graph::NodeId v) { return in_volume[v]; });
    order_by(by_recent, [&](graph::NodeId v) { return recent_volume[v]; });
    order_by(by_partners, [&](graph::NodeId v) { return partners[v]; });

    // gravity's inputs. Specialty ids in order of first appearance.
    const auto providers = view.context().providers();
    std::map<std::string, std::uint32_t, std::less<>> ids;
    specialty.resize(n);
    volume_factor.resize(n);
    lat.assign(n, std::nan(""));
    lon.assign(n, std::nan(""));
    cos_lat.assign(n, std::nan(""));
    for (graph::NodeId v = 0; v < n; ++v) {
        const graph::Provider& p = providers[v];
        std::string key = !p.taxonomy.empty()
                              ? p.taxonomy
                              : "group:" + std::string(graph::group_key(view.context().group(v)));
        specialty[v] =
            ids.try_emplace(std::move(key), static_cast<std::uint32_t>(ids.size())).first->second;
        volume_factor[v] = std::pow(1.0 + in_volume[v], kGravityVolumeExponent);
        if (p.has_location()) {
            lat[v] = p.lat;
            lon[v] = p.lon;
            cos_lat[v] = std::cos(p.lat * graph::kRadiansPerDegree);
        }
    }
    specialties = ids.size();
    specialty_offsets.assign(specialties + 1, 0);
    for (graph::NodeId v = 0; v < n; ++v) ++specialty_offsets[specialty[v] + 1];
    std::partial_sum(specialty_offsets.begin(), specialty_offsets.end(), specialty_offsets.begin());
    specialty_members.resize(n);
    std::vector<std::uint64_t> next(specialty_offsets.begin(), specialty_offsets.end() - 1);
    for (graph::NodeId v = 0; v < n; ++v) specialty_members[next[specialty[v]]++] = v;

    // The share rows, one source specialty at a time: its members' out-edges
    // summed into a dense scratch row, then the row's non-zeros kept in order.
    const auto offsets = net.out_offsets();
    const auto targets = net.out_targets();
    std::vector<double> flow(specialties, 0.0);
    std::vector<std::uint32_t> reached;
    share_offsets.assign(1, 0);
    for (std::size_t s = 0; s < specialties; ++s) {
        double sent = 0.0;
        for (std::uint64_t i = specialty_offsets[s]; i < specialty_offsets[s + 1]; ++i) {
            const graph::NodeId u = specialty_members[i];
            for (graph::EdgeId e = offsets[u]; e < offsets[u + 1]; ++e) {
                const std::uint32_t t = specialty[targets[e]];
                if (flow[t] == 0.0) reached.push_back(t);
                flow[t] += counts[e];
                sent += counts[e];
            }
        }
        // A zero count (possible in aggregated input) can list t twice or not at all.
        std::sort(reached.begin(), reached.end());
        reached.erase(std::unique(reached.begin(), reached.end()), reached.end());
        for (const std::uint32_t t : reached) {
            if (flow[t] == 0.0) continue;
            share_target.push_back(t);
            share.push_back(flow[t] / sent);
            flow[t] = 0.0;
        }
        reached.clear();
        share_offsets.push_back(share.size());
    }
}

double Structure::gravity(graph::NodeId f, graph::NodeId c) const {
    const auto row_begin =
        share_target.begin() + static_cast<std::ptrdiff_t>(share_offsets[specialty[f]]);
    const auto row_end =
        share_target.begin() + static_cast<std::ptrdiff_t>(share_offsets[specialty[f] + 1]);
    const auto it = std::lower_bound(row_begin, row_end, specialty[c]);
    if (it == row_end || *it != specialty[c]) return 0.0;
    return gravity(f, c, share[static_cast<std::size_t>(it - share_target.begin())]);
}

double Structure::gravity(graph::NodeId f, graph::NodeId c, double flow) const {
    double decay = 1.0;  // claims data carry no locations
    if (!std::isnan(lat[f]) && !std::isnan(lat[c])) {
        decay =
            std::exp(-graph::haversine_km(lat[f], lon[f], cos_lat[f], lat[c], lon[c], cos_lat[c]) /
                     kGravityKm);
    }
    return flow * decay * volume_factor[c];
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
    // The sums in marks.common of the providers a kernel reached: the best
    // kmax outside the focal's partners, then everyone else in tie order. The
    // reached are touched so the harness clears their sums.
    auto take_best = [&](const std::vector<graph::NodeId>& found) {
        std::vector<graph::NodeId> reached;
        for (const graph::NodeId c : found) {
            if (marks.position[c] < 0 && marks.mark[c] == 0) marks.touched.push_back(c);
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
        walk(st.by_tie);
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
        case Kind::recent_popularity:
            walk(st.by_recent);
            return [&st](graph::NodeId v) { return st.recent_volume[v]; };
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
            take_best(found.reached);
            return [&marks](graph::NodeId v) { return marks.common[v]; };
        }
        case Kind::paths_of_length_three: {
            const graph::PathsOfLengthThree found =
                graph::paths_of_length_three(net, f, st.partners, marks.common, marks.middle);
            take_best(found.reached);
            return [&marks](graph::NodeId v) { return marks.common[v]; };
        }
        case Kind::gravity: {
            // Only specialties f's specialty refers to can score above 0: walk
            // their members, not every provider. The best kmax are kept in a
            // heap whose front is the worst kept; share x volume bounds a
            // score (the distance factor is at most 1), so a provider whose
            // bound is below the front costs no haversine.
            auto better = [&](const std::pair<double, graph::NodeId>& a,
                              const std::pair<double, graph::NodeId>& b) {
                return a.first != b.first ? a.first > b.first : st.tie[a.second] < st.tie[b.second];
            };
            std::vector<std::pair<double, graph::NodeId>> best;
            best.reserve(kmax);
            const std::uint32_t s = st.specialty[f];
            for (std::uint64_t j = st.share_offsets[s]; j < st.share_offsets[s + 1]; ++j) {
                const std::uint32_t t = st.share_target[j];
                const double flow = st.share[j];
                for (std::uint64_t i = st.specialty_offsets[t]; i < st.specialty_offsets[t + 1];
                     ++i) {
                    const graph::NodeId c = st.specialty_members[i];
                    if (marks.mark[c] != 0) continue;
                    if (best.size() == kmax && flow * st.volume_factor[c] < best.front().first)
                        continue;
                    const std::pair<double, graph::NodeId> scored{st.gravity(f, c, flow), c};
                    if (!(scored.first > 0.0)) continue;
                    if (best.size() < kmax) {
                        best.push_back(scored);
                        std::push_heap(best.begin(), best.end(), better);
                    } else if (better(scored, best.front())) {
                        std::pop_heap(best.begin(), best.end(), better);
                        best.back() = scored;
                        std::push_heap(best.begin(), best.end(), better);
                    }
                }
            }
            std::sort_heap(best.begin(), best.end(), better);
            for (const auto& [score, c] : best) take(c);
            walk(st.by_tie);  // providers gravity gives 0, in tie order
            return [&st, f](graph::NodeId v) { return st.gravity(f, v); };
        }
        case Kind::blend:
            break;
    }
    return [](graph::NodeId) { return 0.0; };
}

}  // namespace detail

}  // namespace refnet::scoring

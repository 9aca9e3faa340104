// "Providers near here" for the market simulation (internal to refnet_synth):
// a lat/lon grid that hands the referral and liaison loops only the providers
// that can matter, in the order a scan of every neighbour would.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <refnet/graph/needs.hpp>
#include <refnet/graph/types.hpp>
#include <utility>
#include <vector>

#include "population.hpp"

namespace refnet::synth::detail {

// A referral goes only to someone whose `served` for the need is at least this
// much above the sender's.
constexpr double kReferralMargin = 0.2;

// A provider in a need's list of those serving it, with its `served` for it.
// One cache line: the referral loop streams through these.
struct alignas(64) Server {
    double served;
    Peer peer;
};

// A provider in a need's list of those seeing it, with seen * (1 - served) for
// it; `pos` indexes the grid's list of all providers.
struct Seeker {
    double seek;
    std::uint32_t pos;
};

using Place = std::pair<int, int>;  // grid row, column

// Items laid out cell by cell in the order a query visits cells (rows, then
// columns) and in insertion order within a cell, so the cells of one row of a
// query are one run of items.
template <typename T>
struct Runs {
    std::vector<std::pair<Place, std::uint32_t>> starts;  // where each cell's run begins
    std::vector<T> items;

    // Call before adding the items of the cell at `at`; cells go in order.
    void start(Place at) {
        if (!starts.empty() && starts.back().second == items.size()) {
            starts.back().first = at;  // the previous cell has no items
        } else {
            starts.emplace_back(at, static_cast<std::uint32_t>(items.size()));
        }
    }
    // The run of the cells in `row` from column `first` to `last`.
    std::pair<std::size_t, std::size_t> row(int row, int first, int last) const {
        return {offset({row, first}), offset({row, last + 1})};
    }

   private:
    std::size_t offset(Place at) const {
        const auto it =
            std::lower_bound(starts.begin(), starts.end(), at,
                             [](const auto& start, const Place& p) { return start.first < p; });
        return it == starts.end() ? items.size() : std::size_t{it->second};
    }
};

// Uniform grid over lat/lon for "providers near here" queries. Both queries
// visit the cells within `radius` rows first, then columns, and each cell's
// providers in insertion order, as a scan of every neighbour would, but hand
// out only the providers that can matter, with the doubles that scan computes.
class Grid {
   public:
    static constexpr double kCell = 0.05;  // degrees, about 5.5 km
    static constexpr int kNear = 3;        // the usual radius, in cells
    static constexpr int kFar = 12;        // the radius when few are near
    void add(graph::NodeId id, double lat, double lon) { cells_[cell(lat, lon)].push_back(id); }

    // Lists per need who serves it enough to receive a referral and who sees
    // it; only a few specialties do either, so the queries skip most
    // neighbours. Call once, after the last add().
    void index(const std::vector<Traits>& traits, const std::vector<Peer>& peers,
               graph::NeedId needs) {
        for (const auto& [at, ids] : cells_) {
            peers_.start(at);
            for (graph::NodeId id : ids) peers_.items.push_back(peers[id]);
        }
        servers_.assign(needs, {});
        seekers_.assign(needs, {});
        for (graph::NeedId n = 0; n < needs; ++n) {
            std::uint32_t pos = 0;
            for (const auto& [at, ids] : cells_) {
                servers_[n].start(at);
                seekers_[n].start(at);
                for (graph::NodeId id : ids) {
                    const Traits& t = traits[id];
                    if (t.served[n] >= kReferralMargin)
                        servers_[n].items.push_back({t.served[n], peers[id]});
                    const double seek = t.seen[n] * (1.0 - t.served[n]);
                    if (seek != 0.0) seekers_[n].items.push_back({seek, pos});
                    ++pos;
                }
            }
        }
        cells_.clear();
    }

    // The providers within `radius` cells whose served[need] is at least
    // kReferralMargin: a referral needs served[need] >= sender's + margin, and
    // served values are >= 0, so (rounding being monotonic) no one else passes.
    template <typename Fn>
    void near_serving(double lat, double lon, int radius, graph::NeedId need, Fn&& fn) const {
        const auto [row, col] = cell(lat, lon);
        const Runs<Server>& servers = servers_[need];
        for (int r = row - radius; r <= row + radius; ++r) {
            const auto [begin, end] = servers.row(r, col - radius, col + radius);
            for (std::size_t s = begin; s < end; ++s) fn(servers.items[s]);
        }
    }

    // Every provider within `radius` cells whose fit is positive, with its fit:
    // the sum, in need order, of seen[n] * (1 - served[n]) * offered[n] over
    // all needs. The terms left out (a factor is 0) are +0 and leave a sum of
    // non-negative terms as it is, so summing only `offered`'s nonzero needs
    // (ascending) over their seekers gives the same double. `fit` is scratch.
    template <typename Fn>
    void near_fit(double lat, double lon, int radius,
                  const std::vector<std::pair<graph::NeedId, double>>& offered,
                  std::vector<double>& fit, Fn&& fn) const {
        const auto [row, col] = cell(lat, lon);
        for (int r = row - radius; r <= row + radius; ++r) {
            const auto [begin, end] = peers_.row(r, col - radius, col + radius);
            fit.assign(end - begin, 0.0);
            for (const auto& [n, served] : offered) {
                const Runs<Seeker>& seekers = seekers_[n];
                const auto [first, last] = seekers.row(r, col - radius, col + radius);
                for (std::size_t s = first; s < last; ++s)
                    fit[seekers.items[s].pos - begin] += seekers.items[s].seek * served;
            }
            for (std::size_t pos = begin; pos < end; ++pos) {
                if (fit[pos - begin] > 0.0) fn(peers_.items[pos], fit[pos - begin]);
            }
        }
    }

   private:
    static Place cell(double lat, double lon) {
        return {static_cast<int>(std::floor(lat / kCell)),
                static_cast<int>(std::floor(lon / kCell))};
    }
    std::map<Place, std::vector<graph::NodeId>> cells_;  // until index()
    Runs<Peer> peers_;
    std::vector<Runs<Server>> servers_;  // by need
    std::vector<Runs<Seeker>> seekers_;  // by need
};

}  // namespace refnet::synth::detail

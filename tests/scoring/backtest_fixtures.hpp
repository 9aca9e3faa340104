// Histories shared by the backtest tests: a six-provider history worked out by
// hand (TinyHistory) and a generated 250-provider market built once per test
// executable (market()).
#pragma once

#include <refnet/io/catalogue.hpp>
#include <refnet/io/readers.hpp>
#include <refnet/scoring/backtest.hpp>
#include <refnet/synth/market.hpp>
#include <string>
#include <vector>

namespace refnet::scoring::testing {

using graph::NodeId;

// A history written by hand: providers, their groups, and referrals added one
// by one (an undated one with a null date).
struct HandHistory {
    std::vector<graph::Provider> providers;
    std::vector<graph::Group> groups;
    std::vector<graph::Referral> referrals;
    graph::IdMap needs;
    graph::NeedCatalogue catalogue = io::builtin_needs();
    [[nodiscard]] History history() const {
        return History{providers, groups, referrals, needs, catalogue};
    }
    void add(const char* date, NodeId from, NodeId to, std::uint32_t count = 1) {
        graph::Referral r;
        if (date != nullptr) r.date = *graph::parse_date(date);
        r.from = from;
        r.to = to;
        r.count = count;
        referrals.push_back(r);
    }
};

// Six providers; the split is 2024-01-01 with a 12-month horizon.
struct TinyHistory : HandHistory {
    TinyHistory() {
        for (int i = 0; i < 6; ++i) {
            graph::Provider p;
            p.id = "p" + std::to_string(i);
            providers.push_back(p);
            groups.push_back(graph::Group::unknown);
        }
        // Before the split, the undirected partner graph is 0-1, 0-2, 1-3, 1-4, 2-3.
        add("2023-02-01", 0, 1);
        add("2023-03-01", 2, 0);
        add("2023-04-01", 1, 3);
        add("2023-05-01", 4, 1);
        add("2023-06-01", 2, 3);
        // In the horizon.
        add("2024-02-01", 0, 1);  // an existing tie, not new
        add("2024-03-01", 0, 2);  // 2 already referred to 0: not new
        add("2024-04-01", 0, 4);  // new
        add("2024-05-01", 0, 4);  // the same new partner again
        add("2024-06-01", 1, 5);  // new for 1
        add("2025-01-01", 0, 5);  // the first day after the horizon: not counted
        add(nullptr, 0, 5);       // undated: cannot be placed in time
    }
};

struct Market {
    synth::Market market;
    std::vector<graph::Group> groups;
    graph::IdMap needs;
    graph::NeedCatalogue catalogue = io::builtin_needs();
    [[nodiscard]] History history() const {
        return History{market.providers, groups, market.referrals, needs, catalogue};
    }
};

// Generated once and shared by every test that asks (an inline function: one
// instance across the executable).
inline const Market& market() {
    static const Market m = [] {
        Market out;
        out.market = synth::generate_market({.providers = 250, .years = 3, .seed = 5},
                                            out.catalogue, io::builtin_taxonomy());
        for (const auto& p : out.market.providers) out.groups.push_back(p.group);
        out.needs = out.catalogue.tags;  // the generator's need ids are the catalogue's
        return out;
    }();
    return m;
}

}  // namespace refnet::scoring::testing

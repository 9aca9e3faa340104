#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <refnet/graph/geo.hpp>
#include <refnet/scoring/leakage.hpp>
#include <stdexcept>
#include <unordered_map>

#include "organisation.hpp"

namespace refnet::scoring {

namespace {

constexpr graph::Period kPriorYear{12, 0};

graph::Date quarter_start(graph::Date d) {
    using namespace std::chrono;
    const year_month_day ymd{sys_days{days{d.days}}};
    const unsigned month = static_cast<unsigned>(ymd.month());
    return graph::make_date(static_cast<int>(ymd.year()), (month - 1) / 3 * 3 + 1, 1);
}

struct RowBuilder {
    std::uint64_t referrals = 0;
    std::uint64_t leaked = 0;
    std::unordered_map<graph::NodeId, std::uint64_t> destinations;
};

}  // namespace

LeakageReport leakage(const LeakageInputs& in, std::span<const graph::NodeId> members,
                      const std::optional<std::vector<graph::NodeId>>& in_network,
                      const LeakageParams& params) {
    const std::size_t n = in.providers.size();
    if (!graph::positive(params.window))
        throw std::invalid_argument("the leakage window must be positive (e.g. 12m)");
    LeakageReport report;
    Organisation org = organisation(members, n, "leakage");
    report.members = org.members;
    const std::vector<char>& member = org.is_member;
    report.as_of = as_of_or_last(params.as_of, in.referrals);
    const bool dated = report.as_of.valid();
    graph::Date prior_start = graph::kNoDate;
    if (dated) {
        report.window_start = graph::go_back(report.as_of, params.window);
        prior_start = graph::go_back(report.window_start, kPriorYear);
    }
    auto in_window = [&](const graph::Referral& r) {
        if (!dated) return true;
        return r.date.valid() && r.date >= report.window_start && r.date < report.as_of;
    };

    std::vector<char> network(n, 0);
    report.default_network = !in_network.has_value();
    if (in_network) {
        for (const graph::NodeId v : *in_network) {
            if (v < n) network[v] = 1;
        }
    } else {
        // Established partners: referred to often enough in the year before
        // the window (undated data: in all of it).
        std::vector<std::uint64_t> sent(n, 0);
        for (const auto& r : in.referrals) {
            if (member[r.from] == 0 || member[r.to] != 0) continue;
            if (dated && !(r.date.valid() && r.date >= prior_start && r.date < report.window_start))
                continue;
            sent[r.to] += r.count;
        }
        for (std::size_t v = 0; v < n; ++v) network[v] = sent[v] >= params.partner_least ? 1 : 0;
    }
    for (std::size_t v = 0; v < n; ++v) {
        if (member[v] != 0) network[v] = 0;  // members are counted on their own
        report.in_network += static_cast<std::uint64_t>(network[v]);
    }

    std::map<std::string, RowBuilder> by_need;
    std::map<std::string, RowBuilder> by_group;
    std::map<graph::Date, LeakagePeriod> trend;
    std::unordered_map<graph::NodeId, MemberLeakage> by_member;
    for (const auto& r : in.referrals) {
        if (member[r.from] == 0) continue;
        if (member[r.to] != 0) {
            if (in_window(r)) report.internal += r.count;
            continue;
        }
        const bool leaked = network[r.to] == 0;
        if (dated && r.date.valid() && r.date < report.as_of) {
            const graph::Date quarter = quarter_start(r.date);
            LeakagePeriod& q = trend[quarter];
            q.start = quarter;
            q.referrals += r.count;
            if (leaked) q.leaked += r.count;
        }
        if (!in_window(r)) continue;
        report.referrals += r.count;
        if (r.beneficiaries > 0) report.has_patients = true;
        report.patients += r.beneficiaries;
        MemberLeakage& m = by_member[r.from];
        m.member = r.from;
        m.referrals += r.count;
        const std::string need = r.need == graph::kNoNeed || r.need >= in.needs.size()
                                     ? std::string("(none)")
                                     : std::string(in.needs.key(r.need));
        for (RowBuilder* row :
             {&by_need[need], &by_group[std::string(graph::group_key(in.providers[r.to].group))]}) {
            row->referrals += r.count;
            if (leaked) {
                row->leaked += r.count;
                row->destinations[r.to] += r.count;
            }
        }
        if (leaked) {
            report.leaked += r.count;
            report.patients_leaked += r.beneficiaries;
            m.leaked += r.count;
        }
    }

    // Who in the network could have taken a destination's referrals: its
    // taxonomy, not closed to new patients, nearest to a member first.
    auto distance_to_members = [&](graph::NodeId v) {
        double best = std::numeric_limits<double>::infinity();
        const graph::Provider& p = in.providers[v];
        if (std::isnan(p.lat) || std::isnan(p.lon)) return best;
        for (const graph::NodeId m : report.members) {
            const graph::Provider& q = in.providers[m];
            if (std::isnan(q.lat) || std::isnan(q.lon)) continue;
            best = std::min(best, graph::haversine_km(p.lat, p.lon, q.lat, q.lon));
        }
        return best;
    };
    std::unordered_map<std::string, std::vector<std::pair<double, graph::NodeId>>> by_taxonomy;
    for (std::size_t v = 0; v < n; ++v) {
        const graph::Provider& p = in.providers[v];
        if (network[v] == 0 || p.accepting_new == std::optional<bool>(false)) continue;
        by_taxonomy[p.taxonomy].emplace_back(distance_to_members(static_cast<graph::NodeId>(v)),
                                             static_cast<graph::NodeId>(v));
    }
    for (auto& [taxonomy, list] : by_taxonomy) {
        std::sort(list.begin(), list.end(), [&](const auto& a, const auto& b) {
            return a.first != b.first ? a.first < b.first
                                      : in.providers[a.second].id < in.providers[b.second].id;
        });
    }
    auto finish = [&](std::map<std::string, RowBuilder>& rows) {
        std::vector<LeakageRow> out;
        for (auto& [key, b] : rows) {
            LeakageRow row{key, b.referrals, b.leaked, {}};
            std::vector<std::pair<std::uint64_t, graph::NodeId>> dest;
            for (const auto& [v, c] : b.destinations) dest.emplace_back(c, v);
            std::sort(dest.begin(), dest.end(), [&](const auto& a, const auto& c) {
                return a.first != c.first ? a.first > c.first
                                          : in.providers[a.second].id < in.providers[c.second].id;
            });
            if (dest.size() > params.destinations) dest.resize(params.destinations);
            for (const auto& [count, v] : dest) {
                Destination d{v, count, {}};
                const auto it = by_taxonomy.find(in.providers[v].taxonomy);
                if (it != by_taxonomy.end() && !in.providers[v].taxonomy.empty()) {
                    for (const auto& [km, alt] : it->second) {
                        if (d.alternatives.size() == params.alternatives) break;
                        d.alternatives.push_back(alt);
                    }
                }
                row.destinations.push_back(std::move(d));
            }
            out.push_back(std::move(row));
        }
        std::stable_sort(out.begin(), out.end(), [](const LeakageRow& a, const LeakageRow& b) {
            return a.leaked > b.leaked;
        });
        return out;
    };
    report.by_need = finish(by_need);
    report.by_group = finish(by_group);
    for (const auto& [start, q] : trend) report.trend.push_back(q);
    for (const graph::NodeId m : report.members) {
        const auto it = by_member.find(m);
        report.by_member.push_back(it == by_member.end() ? MemberLeakage{m, 0, 0} : it->second);
    }
    return report;
}

}  // namespace refnet::scoring

#include <algorithm>
#include <refnet/scoring/share.hpp>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include "organisation.hpp"

namespace refnet::scoring {

std::string_view segment_key(Segment s) {
    static constexpr std::array<std::string_view, 3> kKeys{"loyalist", "splitter", "opportunity"};
    return kKeys.at(static_cast<std::size_t>(s));
}

std::vector<std::string> service_line(std::span<const graph::Provider> providers,
                                      std::span<const graph::NodeId> members,
                                      const ShareParams& params) {
    std::vector<std::string> taxonomies = params.taxonomies;
    if (!taxonomies.empty()) return taxonomies;
    for (const graph::NodeId m : members) {
        if (m >= providers.size()) continue;  // referral_share refuses it
        const std::string& t = providers[m].taxonomy;
        if (!t.empty() && std::find(taxonomies.begin(), taxonomies.end(), t) == taxonomies.end())
            taxonomies.push_back(t);
    }
    return taxonomies;
}

std::vector<graph::NodeId> service_line_receivers(std::span<const graph::Provider> providers,
                                                  std::span<const graph::NodeId> members,
                                                  const ShareParams& params) {
    const std::vector<std::string> taxonomies = service_line(providers, members, params);
    const std::unordered_set<std::string> line(taxonomies.begin(), taxonomies.end());
    std::vector<graph::NodeId> receivers(members.begin(), members.end());
    for (graph::NodeId v = 0; v < providers.size(); ++v) {
        if (line.count(providers[v].taxonomy) != 0) receivers.push_back(v);
    }
    std::sort(receivers.begin(), receivers.end());
    receivers.erase(std::unique(receivers.begin(), receivers.end()), receivers.end());
    return receivers;
}

ShareReport referral_share(std::span<const graph::Provider> providers,
                           std::span<const graph::Referral> referrals,
                           std::span<const graph::NodeId> members, const ShareParams& params) {
    const std::size_t n = providers.size();
    if (!graph::positive(params.window))
        throw std::invalid_argument("the share window must be positive (e.g. 12m)");
    if (!(params.split > 0.0 && params.split < params.loyal && params.loyal <= 1.0))
        throw std::invalid_argument("share thresholds must satisfy 0 < split < loyal <= 1");
    ShareReport report;
    Organisation org = organisation(members, n, "share");
    report.members = org.members;
    const std::vector<char>& member = org.is_member;
    report.taxonomies = service_line(providers, report.members, params);
    const std::unordered_set<std::string> line(report.taxonomies.begin(), report.taxonomies.end());
    report.as_of = as_of_or_last(params.as_of, referrals);
    if (report.as_of.valid()) {
        report.window_start = graph::go_back(report.as_of, params.window);
    }
    struct Tally {
        std::uint64_t total = 0;
        std::uint64_t to_members = 0;
        std::unordered_map<graph::NodeId, std::uint64_t> competitors;
    };
    std::unordered_map<graph::NodeId, Tally> tally;
    for (const auto& r : referrals) {
        if (member[r.from] != 0 || r.from == r.to) continue;
        if (member[r.to] == 0 && line.count(providers[r.to].taxonomy) == 0) continue;
        if (report.as_of.valid() &&
            !(r.date.valid() && r.date >= report.window_start && r.date < report.as_of))
            continue;
        Tally& t = tally[r.from];
        t.total += r.count;
        if (member[r.to] != 0) {
            t.to_members += r.count;
        } else {
            t.competitors[r.to] += r.count;
        }
    }
    for (auto& [id, t] : tally) {
        Referrer row;
        row.id = id;
        row.service_line = t.total;
        row.to_members = t.to_members;
        for (const auto& [c, count] : t.competitors) row.competitors.emplace_back(c, count);
        std::sort(row.competitors.begin(), row.competitors.end(),
                  [&](const auto& a, const auto& b) {
                      return a.second != b.second ? a.second > b.second
                                                  : providers[a.first].id < providers[b.first].id;
                  });
        if (row.competitors.size() > params.competitors) row.competitors.resize(params.competitors);
        const double share = row.share();
        row.segment = share >= params.loyal
                          ? Segment::loyalist
                          : (share >= params.split ? Segment::splitter : Segment::opportunity);
        const auto s = static_cast<std::size_t>(row.segment);
        ++report.referrers.at(s);
        report.at_stake.at(s) += row.at_stake();
        report.service_line += row.service_line;
        report.to_members += row.to_members;
        report.rows.push_back(std::move(row));
    }
    std::sort(report.rows.begin(), report.rows.end(), [&](const Referrer& a, const Referrer& b) {
        const bool a_loyal = a.segment == Segment::loyalist;
        const bool b_loyal = b.segment == Segment::loyalist;
        if (a_loyal != b_loyal) return b_loyal;
        if (a.at_stake() != b.at_stake()) return a.at_stake() > b.at_stake();
        if (a.service_line != b.service_line) return a.service_line > b.service_line;
        return providers[a.id].id < providers[b.id].id;
    });
    return report;
}

}  // namespace refnet::scoring

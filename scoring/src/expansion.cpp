#include <algorithm>
#include <map>
#include <refnet/scoring/expansion.hpp>
#include <stdexcept>
#include <unordered_map>

#include "organisation.hpp"

namespace refnet::scoring {

namespace {

// A provider's weights by need tag: its own profile, else its taxonomy's
// profile in the catalogue.
std::unordered_map<std::string, double> weights_of(const graph::Provider& p,
                                                   const graph::NeedCatalogue& catalogue,
                                                   bool served) {
    std::unordered_map<std::string, double> out;
    const auto& own = served ? p.needs_served : p.needs_seen;
    if (!own.empty()) {
        for (const auto& w : own) out[w.need] += w.weight;
        return out;
    }
    if (const graph::NeedProfile* profile = catalogue.profile(p.taxonomy)) {
        for (const auto& [need, weight] : served ? profile->served : profile->seen)
            out[std::string(catalogue.tags.key(need))] += weight;
    }
    return out;
}

}  // namespace

ExpansionReport expansion_gaps(const ExpansionInputs& in, std::span<const graph::NodeId> members,
                               const ExpansionParams& params) {
    const std::size_t n = in.providers.size();
    ExpansionReport report;
    Organisation org = organisation(members, n, "expansion");
    report.members = org.members;
    const std::vector<char>& member = org.is_member;
    report.as_of = as_of_or_last(params.as_of, in.referrals);
    if (report.as_of.valid()) {
        report.window_start = graph::go_back(report.as_of, params.window);
    }
    auto in_window = [&](const graph::Referral& r) {
        if (!report.as_of.valid()) return true;
        return r.date.valid() && r.date >= report.window_start && r.date < report.as_of;
    };

    // Patients a year per member (each referral in or out one patient), the
    // members' referrals out by need and receiver, and the partners.
    std::unordered_map<graph::NodeId, double> volume;
    std::map<std::string, std::unordered_map<graph::NodeId, std::uint64_t>> sent_for;
    std::unordered_map<graph::NodeId, std::uint64_t> partners;
    for (const auto& r : in.referrals) {
        if (!in_window(r) || r.from == r.to) continue;
        if (member[r.from] != 0) volume[r.from] += r.count;
        if (member[r.to] != 0) volume[r.to] += r.count;
        if (member[r.from] == 0 || member[r.to] != 0) continue;
        partners[r.to] += r.count;
        if (r.need != graph::kNoNeed && r.need < in.referral_needs.size())
            sent_for[std::string(in.referral_needs.key(r.need))][r.to] += r.count;
    }
    std::map<std::string, double> patients;
    std::map<std::string, double> in_house;
    for (const graph::NodeId m : report.members) {
        const double v = volume.count(m) != 0 ? volume[m] : 0.0;
        for (const auto& [need, w] : weights_of(in.providers[m], in.catalogue, false))
            patients[need] += v * w;
        for (const auto& [need, w] : weights_of(in.providers[m], in.catalogue, true))
            in_house[need] = std::max(in_house[need], std::clamp(w, 0.0, 1.0));
    }
    // Which partners serve which need.
    std::map<std::string, std::vector<graph::NodeId>> served_by_partner;
    std::vector<std::pair<graph::NodeId, std::uint64_t>> partner_list(partners.begin(),
                                                                      partners.end());
    std::sort(partner_list.begin(), partner_list.end());
    for (const auto& [v, count] : partner_list) {
        for (const auto& [need, w] : weights_of(in.providers[v], in.catalogue, true)) {
            if (w >= params.serves) served_by_partner[need].push_back(v);
        }
    }
    for (const auto& [need, p] : patients) {
        if (p <= 0.0) continue;
        NeedCoverage c;
        c.need = need;
        c.patients = p;
        c.in_house = in_house.count(need) != 0 ? in_house[need] : 0.0;
        const auto& serving = served_by_partner[need];
        std::uint64_t sent = 0;
        std::uint64_t to_serving = 0;
        if (const auto it = sent_for.find(need); it != sent_for.end()) {
            for (const auto& [v, count] : it->second) {
                sent += count;
                if (std::find(serving.begin(), serving.end(), v) != serving.end()) {
                    to_serving += count;
                    c.partners.emplace_back(v, count);
                }
            }
        }
        if (sent > 0) {
            c.partners_share = static_cast<double>(to_serving) / static_cast<double>(sent);
        } else if (!serving.empty()) {
            c.partners_share = 1.0;
            for (const graph::NodeId v : serving) c.partners.emplace_back(v, 0);
        }
        std::sort(c.partners.begin(), c.partners.end(), [&](const auto& a, const auto& b) {
            return a.second != b.second ? a.second > b.second
                                        : in.providers[a.first].id < in.providers[b.first].id;
        });
        if (c.partners.size() > 3) c.partners.resize(3);
        c.uncovered = c.patients * (1.0 - c.in_house) * (1.0 - c.partners_share);
        report.needs.push_back(std::move(c));
    }
    std::stable_sort(
        report.needs.begin(), report.needs.end(),
        [](const NeedCoverage& a, const NeedCoverage& b) { return a.uncovered > b.uncovered; });

    // Partner types: the taxonomies the catalogue says serve the uncovered
    // needs, in the groups asked for (or outside the members' own).
    std::unordered_map<std::string, graph::Group> group_of;
    std::unordered_map<std::string, std::string> specialty_of;
    for (const auto& p : in.providers) {
        group_of.emplace(p.taxonomy, p.group);
        if (!p.specialty.empty()) specialty_of.emplace(p.taxonomy, p.specialty);
    }
    std::vector<char> allowed(graph::kGroupCount, params.groups.empty() ? 1 : 0);
    for (const graph::Group g : params.groups) allowed[static_cast<std::size_t>(g)] = 1;
    if (params.groups.empty()) {
        for (const graph::NodeId m : report.members)
            allowed[static_cast<std::size_t>(in.providers[m].group)] = 0;
    }
    std::map<std::string, PartnerType> types;
    for (const NeedCoverage& c : report.needs) {
        if (c.uncovered <= 0.0) continue;
        const auto tag = in.catalogue.tags.find(c.need);
        if (!tag) continue;
        for (const std::string& code : in.catalogue.served_by[*tag]) {
            const auto g = group_of.find(code);
            if (g == group_of.end() || allowed[static_cast<std::size_t>(g->second)] == 0) continue;
            PartnerType& t = types[code];
            t.taxonomy = code;
            const auto label = specialty_of.find(code);
            t.specialty = label == specialty_of.end() ? code : label->second;
            t.group = g->second;
            t.uncovered += c.uncovered;
            t.needs.push_back(c.need);
        }
    }
    for (auto& [code, t] : types) report.types.push_back(std::move(t));
    std::stable_sort(
        report.types.begin(), report.types.end(),
        [](const PartnerType& a, const PartnerType& b) { return a.uncovered > b.uncovered; });
    if (report.types.size() > params.types) report.types.resize(params.types);
    return report;
}

std::vector<RecommendResult> best_of_types(const Context& context, Request request,
                                           const ExpansionReport& report, std::size_t per_type) {
    request.mode = Mode::expand;
    request.top = per_type;
    std::vector<RecommendResult> out;
    out.reserve(report.types.size());
    for (const PartnerType& type : report.types) {
        request.filters.groups = {type.group};
        request.filters.taxonomies = {type.taxonomy};
        out.push_back(report.members.size() > 1
                          ? recommend_organisation(context, request, report.members)
                          : recommend(context, request));
    }
    return out;
}

}  // namespace refnet::scoring

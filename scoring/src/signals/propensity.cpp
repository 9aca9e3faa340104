#include "signals/propensity.hpp"

#include <algorithm>
#include <string_view>
#include <unordered_map>

namespace refnet::scoring {

namespace {

// One level of the hierarchy: counts by (parent-level id of the sender, receiver
// taxonomy), shrunk towards the level above.
std::vector<double> shrink(const std::vector<std::uint64_t>& counts, std::uint32_t rows,
                           std::uint32_t taxonomies, const std::vector<double>& parent_rate,
                           const std::vector<std::uint32_t>& parent_of, double prior) {
    std::vector<double> rate(std::size_t{rows} * taxonomies, 0.0);
    for (std::uint32_t r = 0; r < rows; ++r) {
        std::uint64_t total = 0;
        for (std::uint32_t t = 0; t < taxonomies; ++t)
            total += counts[std::size_t{r} * taxonomies + t];
        const std::size_t parent = std::size_t{parent_of[r]} * taxonomies;
        for (std::uint32_t t = 0; t < taxonomies; ++t) {
            const std::size_t at = std::size_t{r} * taxonomies + t;
            rate[at] = (static_cast<double>(counts[at]) + prior * parent_rate[parent + t]) /
                       (static_cast<double>(total) + prior);
        }
    }
    return rate;
}

}  // namespace

void build_propensity(Context::Data& d) {
    PropensityModel& m = d.propensity;
    const graph::NodeId n = d.network.num_nodes();
    std::uint32_t taxonomies = 0;
    for (graph::NodeId u = 0; u < n; ++u) taxonomies = std::max(taxonomies, d.taxonomy_id[u] + 1);
    m.taxonomies = taxonomies;
    // Each taxonomy's NUCC classification (the code's first four characters)
    // and provider group, from its first provider.
    std::vector<std::uint32_t> class_of(taxonomies, 0);
    std::vector<std::uint32_t> group_of(taxonomies, 0);
    std::vector<char> seen(taxonomies, 0);
    std::unordered_map<std::string_view, std::uint32_t> classes;
    std::vector<std::uint32_t> class_group;
    for (graph::NodeId u = 0; u < n; ++u) {
        const std::uint32_t t = d.taxonomy_id[u];
        if (seen[t] != 0) continue;
        seen[t] = 1;
        const std::string_view code = d.providers[u].taxonomy;
        const auto [it, added] =
            classes.emplace(code.substr(0, std::min<std::size_t>(4, code.size())),
                            static_cast<std::uint32_t>(classes.size()));
        if (added) class_group.push_back(static_cast<std::uint32_t>(d.groups[u]));
        class_of[t] = it->second;
        group_of[t] = static_cast<std::uint32_t>(d.groups[u]);
    }
    const auto class_count = static_cast<std::uint32_t>(classes.size());
    constexpr auto kGroups = static_cast<std::uint32_t>(graph::kGroupCount);
    std::vector<std::uint64_t> by_taxonomy(std::size_t{taxonomies} * taxonomies, 0);
    std::vector<std::uint64_t> by_class(std::size_t{class_count} * taxonomies, 0);
    std::vector<std::uint64_t> by_group(std::size_t{kGroups} * taxonomies, 0);
    std::vector<std::uint64_t> all(taxonomies, 0);
    const auto counts = d.network.counts();
    for (graph::NodeId u = 0; u < n; ++u) {
        const std::uint32_t s = d.taxonomy_id[u];
        const auto targets = d.network.out_neighbors(u);
        for (std::size_t i = 0; i < targets.size(); ++i) {
            if (targets[i] == u) continue;
            const std::uint64_t c = counts[d.network.out_edge_begin(u) + i];
            const std::uint32_t t = d.taxonomy_id[targets[i]];
            by_taxonomy[std::size_t{s} * taxonomies + t] += c;
            by_class[std::size_t{class_of[s]} * taxonomies + t] += c;
            by_group[std::size_t{group_of[s]} * taxonomies + t] += c;
            all[t] += c;
            m.referrals += c;
        }
    }
    if (m.referrals == 0) {
        m.taxonomies = 0;
        return;
    }
    std::vector<double> all_rate(taxonomies);
    for (std::uint32_t t = 0; t < taxonomies; ++t)
        all_rate[t] = static_cast<double>(all[t]) / static_cast<double>(m.referrals);
    const double prior = d.params.propensity_prior;
    const std::vector<double> group_rate = shrink(by_group, kGroups, taxonomies, all_rate,
                                                  std::vector<std::uint32_t>(kGroups, 0), prior);
    const std::vector<double> class_rate =
        shrink(by_class, class_count, taxonomies, group_rate, class_group, prior);
    m.rate = shrink(by_taxonomy, taxonomies, taxonomies, class_rate, class_of, prior);
    m.row_max.assign(taxonomies, 0.0);
    for (std::uint32_t s = 0; s < taxonomies; ++s) {
        for (std::uint32_t t = 0; t < taxonomies; ++t)
            m.row_max[s] = std::max(m.row_max[s], m.rate[std::size_t{s} * taxonomies + t]);
    }
}

Propensity::Propensity(const Focal& focal)
    : model_(focal.ctx.propensity), own_prior_(focal.params.propensity_own_prior) {
    if (model_.taxonomies == 0) return;
    row_ = std::size_t{focal.ctx.taxonomy_id[focal.id]} * model_.taxonomies;
    const graph::Network& net = focal.ctx.network;
    const auto targets = net.out_neighbors(focal.id);
    const auto counts = net.counts();
    for (std::size_t i = 0; i < targets.size(); ++i) {
        if (targets[i] == focal.id) continue;
        const std::uint64_t c = counts[net.out_edge_begin(focal.id) + i];
        own_[focal.ctx.taxonomy_id[targets[i]]] += c;
        own_total_ += c;
    }
}

double Propensity::largest() const {
    if (model_.taxonomies == 0) return 0.0;
    const double peers_best = model_.row_max[row_ / model_.taxonomies];
    if (own_total_ == 0) return peers_best;
    // A taxonomy the focal never referred to reaches at most this (the same
    // expression as of_taxonomy's); one it did is worked out exactly.
    double best = (0.0 + own_prior_ * peers_best) / (static_cast<double>(own_total_) + own_prior_);
    for (const auto& [t, count] : own_) best = std::max(best, of_taxonomy(t));
    return best;
}

double Propensity::own_share(std::uint32_t t) const {
    if (own_total_ == 0) return 0.0;
    const auto it = own_.find(t);
    return it == own_.end() ? 0.0
                            : static_cast<double>(it->second) / static_cast<double>(own_total_);
}

}  // namespace refnet::scoring

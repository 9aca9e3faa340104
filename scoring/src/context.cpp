// Builds the Context: each signal unit builds its own part (signals/*.cpp), each
// speed-up its own structure (fast/*.cpp); what is left here are the compact
// provider columns every part reads.
#include <algorithm>
#include <atomic>
#include <numeric>
#include <refnet/graph/link_prediction.hpp>
#include <stdexcept>
#include <unordered_map>

#include "context_data.hpp"
#include "fast/class_request.hpp"
#include "fast/stored_context.hpp"
#include "signals/capacity.hpp"
#include "signals/influence.hpp"
#include "signals/need_fit.hpp"
#include "signals/peer_referrals.hpp"
#include "signals/propensity.hpp"
#include "signals/reciprocity.hpp"
#include "signals/trust.hpp"

namespace refnet::scoring {

namespace {

// Starts at 1: a fresh scratch (serial 0) never matches a Context.
std::uint64_t next_context_serial() {
    static std::atomic<std::uint64_t> counter{0};
    return ++counter;
}

void build_provider_columns(Context::Data& d) {
    const graph::NodeId n = d.network.num_nodes();
    d.lat.resize(n);
    d.lon.resize(n);
    d.telehealth.resize(n);
    d.capacity.resize(n);
    for (graph::NodeId u = 0; u < n; ++u) {
        const graph::Provider& p = d.providers[u];
        d.lat[u] = p.lat;
        d.lon[u] = p.lon;
        d.telehealth[u] = p.telehealth.value_or(false) ? 1 : 0;
        d.any_location = d.any_location || p.has_location();
        d.any_telehealth = d.any_telehealth || d.telehealth[u] != 0;
        d.capacity[u] = capacity_code(p.accepting_new);
        d.any_capacity = d.any_capacity || p.accepting_new.has_value();
    }
    std::unordered_map<std::string_view, std::uint32_t> taxonomies;
    d.taxonomy_id.resize(n);
    for (graph::NodeId u = 0; u < n; ++u) {
        d.taxonomy_id[u] =
            taxonomies
                .emplace(d.providers[u].taxonomy, static_cast<std::uint32_t>(taxonomies.size()))
                .first->second;
    }
    std::vector<graph::NodeId> order(n);
    std::iota(order.begin(), order.end(), 0U);
    std::sort(order.begin(), order.end(), [&](graph::NodeId a, graph::NodeId b) {
        return d.providers[a].id < d.providers[b].id;
    });
    d.id_rank.resize(n);
    for (graph::NodeId i = 0; i < n; ++i) d.id_rank[order[i]] = i;
}

// Without an as-of date, "now" is the day after the last referral.
graph::Date default_as_of(std::span<const graph::Referral> referrals) {
    graph::Date last = graph::kNoDate;
    for (const auto& r : referrals) {
        if (r.date.valid() && (!last.valid() || r.date > last)) last = r.date;
    }
    return last.valid() ? graph::Date{last.days + 1} : graph::kNoDate;
}

}  // namespace

Context::Context(Unbuilt, const graph::Network& network, std::span<const graph::Provider> providers,
                 std::span<const graph::Group> groups, std::span<const graph::Referral> referrals,
                 const graph::IdMap& referral_needs, const graph::NeedCatalogue& catalogue,
                 graph::Date as_of, const ScoringParams& params, const EngineOptions& engine) {
    const graph::NodeId n = network.num_nodes();
    if (providers.size() != n || groups.size() != n) {
        throw std::invalid_argument("scoring context needs one provider and group per node, got " +
                                    std::to_string(providers.size()) + " providers and " +
                                    std::to_string(groups.size()) + " groups for " +
                                    std::to_string(n) + " nodes");
    }
    data_ =
        std::make_unique<Data>(network, providers, groups, referrals,
                               as_of.valid() ? as_of : default_as_of(referrals), params, engine);
    data_->serial = next_context_serial();
    data_->key = context_key(network, referrals.size(), referral_needs, catalogue, data_->as_of,
                             params, engine);
}

Context::Context(const graph::Network& network, std::span<const graph::Provider> providers,
                 std::span<const graph::Group> groups, std::span<const graph::Referral> referrals,
                 const graph::IdMap& referral_needs, const graph::NeedCatalogue& catalogue,
                 graph::Date as_of, const ScoringParams& params, const EngineOptions& engine)
    : Context(Unbuilt{}, network, providers, groups, referrals, referral_needs, catalogue, as_of,
              params, engine) {
    Data& d = *data_;
    build_provider_columns(d);
    build_need_model(d, referral_needs, catalogue);
    build_propensity(d);
    d.partner_count = graph::partner_counts(network);
    d.hubs = build_hub_bitmaps(network, d.partner_count, engine.hub_partners);
    d.grid = build_service_grid(providers);
    build_influence(d);
    build_peer_referrals(d);
    build_reputation(d);
    build_group_rates(d);
    build_candidate_classes(d);
}

Context::Context(Context&&) noexcept = default;
Context::~Context() = default;

const graph::Network& Context::network() const { return data_->network; }
const ScoringParams& Context::params() const { return data_->params; }
std::span<const graph::Provider> Context::providers() const { return data_->providers; }
const graph::IdMap& Context::needs() const { return data_->needs; }
graph::Date Context::as_of() const { return data_->as_of; }
graph::Group Context::group(graph::NodeId provider) const { return data_->groups[provider]; }

std::string Context::need_label(graph::NeedId need) const {
    return need < data_->need_labels.size() ? data_->need_labels[need] : std::string();
}

Eigen::VectorXf Context::demand(graph::NodeId provider) const {
    return demand_of(*data_, provider);
}

}  // namespace refnet::scoring

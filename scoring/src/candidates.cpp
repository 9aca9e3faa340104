#include "candidates.hpp"

#include <algorithm>
#include <functional>
#include <numbers>
#include <refnet/graph/geo.hpp>
#include <refnet/scoring/evidence.hpp>

#include "fast/service_grid.hpp"
#include "signals/proximity.hpp"

namespace refnet::scoring {

namespace {

bool contains(const std::vector<std::string>& list, const std::string& value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

CandidateRule::CandidateRule(const Focal& focal)
    : focal_(focal),
      focal_taxonomy_(focal.ctx.taxonomy_id[focal.id]),
      peers_out_(!focal.strengthen() && focal.params.exclude_peers &&
                 !focal.provider.taxonomy.empty()),
      service_area_(!focal.strengthen() && focal.params.service_radius_km > 0 &&
                    focal.params.service_radius_km < std::numbers::pi * graph::kEarthRadiusKm &&
                    focal.provider.has_location()),
      max_chord2_(max_chord2_of(focal.params.service_radius_km)) {}

bool CandidateRule::in_groups(graph::Group g) const {
    const auto& groups = focal_.request.filters.groups;
    return groups.empty() || std::find(groups.begin(), groups.end(), g) != groups.end();
}

bool CandidateRule::admits(graph::NodeId c) const {
    const Context::Data& ctx = focal_.ctx;
    if (c == focal_.id) return false;
    if (focal_.strengthen() != focal_.tied(c)) return false;
    const graph::Provider& p = ctx.providers[c];
    if (peer(ctx.taxonomy_id[c])) return false;
    // Beyond the radius, only telehealth licensed in the focal's state reaches.
    if (service_area_ && ctx.grid.chord2(focal_.id, c) > max_chord2_ &&
        !telehealth_reaches(focal_, c))
        return false;
    if (!in_groups(ctx.groups[c])) return false;
    const Filters& filter = focal_.request.filters;
    if (!filter.taxonomies.empty() && !contains(filter.taxonomies, p.taxonomy)) return false;
    if (!filter.states.empty() && !contains(filter.states, p.state)) return false;
    if (filter.accepting_new && !p.accepting_new.value_or(false)) return false;
    if (filter.telehealth && !p.telehealth.value_or(false)) return false;
    if (filter.within_km) {
        const graph::Provider& f = focal_.provider;
        if (!f.has_location() || !p.has_location()) return false;
        if (haversine_km(f.lat, f.lon, p.lat, p.lon) > *filter.within_km) return false;
    }
    return true;
}

bool class_path_applies(const Focal& focal, bool collecting) {
    const Filters& filter = focal.request.filters;
    return !focal.ctx.engine.exhaustive && !collecting && !focal.ctx.classes.offsets.empty() &&
           !focal.strengthen() && filter.taxonomies.empty() && filter.states.empty() &&
           !filter.within_km && !filter.accepting_new && !filter.telehealth &&
           !(focal.params.telehealth_floor > 0.5 && focal.ctx.any_telehealth);
}

bool collect_candidates(const Focal& focal, const CandidateRule& rule) {
    auto& candidates = focal.scratch.candidates;
    const std::function<void(graph::NodeId)> consider = [&](graph::NodeId c) {
        if (rule.admits(c)) candidates.push_back(c);
    };
    // Inside the service radius only the grid cells it overlaps hold
    // candidates, besides the providers every request considers.
    if (rule.service_area() && !focal.ctx.engine.exhaustive &&
        visit_near(focal.ctx.grid, focal.ctx.providers, focal.id, focal.params.service_radius_km,
                   rule.max_chord2(), consider)) {
        std::sort(candidates.begin(), candidates.end());  // id order, as a full scan gives
        return true;
    }
    for (graph::NodeId c = 0; c < focal.ctx.network.num_nodes(); ++c)
        if (rule.admits(c)) candidates.push_back(c);
    return false;
}

}  // namespace refnet::scoring

// Who a request may list: the mode (prospects and expand: no tie yet;
// strengthen: existing partners), peers left out, the service radius, and the
// user's filters.
#pragma once

#include <cstdint>
#include <refnet/graph/provider.hpp>

#include "focal.hpp"

namespace refnet::scoring {

class CandidateRule {
   public:
    explicit CandidateRule(const Focal& focal);

    /// Whether group g passes the --group filter.
    [[nodiscard]] bool in_groups(graph::Group g) const;
    /// Whether a provider of this taxonomy is the focal's peer (left out).
    [[nodiscard]] bool peer(std::uint32_t taxonomy_id) const {
        return peers_out_ && taxonomy_id == focal_taxonomy_;
    }
    /// Whether c may be listed.
    [[nodiscard]] bool admits(graph::NodeId c) const;
    /// Whether the request reads only the grid cells the service radius overlaps.
    [[nodiscard]] bool service_area() const { return service_area_; }
    [[nodiscard]] double max_chord2() const { return max_chord2_; }

   private:
    const Focal& focal_;
    std::uint32_t focal_taxonomy_;
    bool peers_out_;
    bool service_area_;
    double max_chord2_;
};

/// Whether the class path (fast/class_path.cpp) answers the request: claims
/// data (no locations, no outcomes), prospects or expand, only group filters,
/// and no `collect` of every candidate's signals (the class path reads only
/// each class's head).
[[nodiscard]] bool class_path_applies(const Focal& focal, bool collecting);

/// Fills focal.scratch.candidates with every provider `rule` admits, in id order.
/// True when the service grid (fast/service_grid.hpp) answered, false after a
/// scan of every provider.
bool collect_candidates(const Focal& focal, const CandidateRule& rule);

}  // namespace refnet::scoring

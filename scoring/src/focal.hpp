// One request's focal: what every signal unit reads about whom it scores for.
#pragma once

#include <refnet/scoring/recommend.hpp>
#include <vector>

#include "context_data.hpp"
#include "focal_scratch.hpp"

namespace refnet::scoring {

struct Focal {
    const Context::Data& ctx;
    const Request& request;
    const ScoringParams& params;
    graph::NodeId id;
    const graph::Provider& provider;
    FocalScratch& scratch;
    /// The focal's partners (in- or out-neighbours), sorted.
    std::vector<graph::NodeId> partners;

    [[nodiscard]] bool tied(graph::NodeId c) const { return scratch.tied[c] != 0; }
    [[nodiscard]] bool strengthen() const { return request.mode == Mode::strengthen; }
};

}  // namespace refnet::scoring

// The class path's side of a request (see fast/class_path.hpp).
#pragma once

#include <cstdint>

#include "candidates.hpp"
#include "focal_request.hpp"

namespace refnet::scoring {

/// Classes of the Context's providers, when the data has neither locations nor
/// outcomes and the ids fit in 16 bits; left empty otherwise.
void build_candidate_classes(Context::Data& data);

/// Fills the scratch's candidates and their finished signals with every
/// provider the class path must score individually and each open class's
/// best members; returns how many candidates passed the need-fit gate
/// without being listed (each class's tail, which cannot make the list).
[[nodiscard]] std::uint64_t score_by_class(FocalRequest& request, const CandidateRule& rule);

}  // namespace refnet::scoring

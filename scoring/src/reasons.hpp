// The plain-English reasons behind a pick: one sentence per signal that has
// facts to show, the strongest weighted contributions first, at most three.
#pragma once

#include "focal_request.hpp"

namespace refnet::scoring {

/// Fills rec.reasons from rec.signals and rec.evidence.
void write_reasons(const FocalRequest& request, Recommendation& rec);

}  // namespace refnet::scoring

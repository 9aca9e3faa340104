// Strengthen mode ranks existing partners by upside rather than by fit alone:
// under-used for what they treat, one-sided, or slipping year on year.
#pragma once

#include <vector>

#include "focal_request.hpp"

namespace refnet::scoring {

/// Upside in [0, 1] of each of the scratch's candidates (existing partners).
[[nodiscard]] std::vector<double> strengthen_upside(FocalRequest& request);

}  // namespace refnet::scoring

// The scale the model reads shares and walk values on: log(1 + x / unit),
// divided so that x = 1 maps to 1. Linear below `unit` (a provider with no
// evidence is 0, not minus infinity) and logarithmic above it, so on the
// log-odds scale a signal acts as a power of the share: the product
// "right specialty AND near AND busy" a weighted sum of shares cannot express.
#pragma once

#include <cmath>

namespace refnet::scoring {

[[nodiscard]] inline double log_scaled(double x, double unit) {
    // Most providers a request scores have no walk value: no logarithm for them.
    return x == 0.0 ? 0.0 : std::log1p(x / unit) / std::log1p(1.0 / unit);
}

/// A personalised PageRank estimate (a share of the walk's mass). A provider
/// two steps from a focal with 30 partners each with 30 holds ~1e-4.
[[nodiscard]] inline double walk_scale(double estimate) { return log_scaled(estimate, 1e-4); }

}  // namespace refnet::scoring

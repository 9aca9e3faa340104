// Capacity: can the candidate take the focal's patients? 1 when it accepts new
// patients, 0 when it does not, and 1/2 when the data does not say (claims
// data never does). A practice that is closed to new patients still takes some
// referrals, so it is a signal the model weighs, not a filter
// (--accepting-new is the filter).
#pragma once

#include <cstdint>
#include <optional>

#include "context_data.hpp"

namespace refnet::scoring {

/// The signal of a provider that does not say whether it accepts new patients.
inline constexpr double capacity_unknown = 0.5;

/// The column the Context keeps: 2 accepting, 0 not, 1 unknown (halves).
[[nodiscard]] inline std::uint8_t capacity_code(std::optional<bool> accepting_new) {
    if (!accepting_new) return 1;
    return *accepting_new ? 2 : 0;
}

[[nodiscard]] inline double capacity(const Context::Data& data, graph::NodeId c) {
    return 0.5 * data.capacity[c];
}

}  // namespace refnet::scoring

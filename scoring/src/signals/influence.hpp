// Influence: how busy a candidate already is as a receiver, log(1 + its
// referrals received) over the busiest receiver's. Absolute: it does not
// depend on the focal.
#pragma once

#include "focal.hpp"

namespace refnet::scoring {

/// Every provider's referrals received and influence, built into the Context.
void build_influence(Context::Data& data);

[[nodiscard]] inline double influence(const Context::Data& data, graph::NodeId c) {
    return data.influence[c];
}

/// c's referrals received (the fact its reason shows).
inline void add_influence_evidence(const Context::Data& data, graph::NodeId c, Evidence& ev) {
    ev.referrals_received = data.in_volume[c];
}

}  // namespace refnet::scoring

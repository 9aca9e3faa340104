// Influence: how much a candidate shapes referral flows network-wide, half its
// referral volume (log-scaled to the busiest sender's) and half its PageRank
// percentile. Absolute: it does not depend on the focal.
#pragma once

#include "focal.hpp"

namespace refnet::scoring {

/// Volumes, PageRank, percentiles and every provider's influence, built into the Context.
void build_influence(Context::Data& data);

[[nodiscard]] inline double influence(const Context::Data& data, graph::NodeId c) {
    return data.influence[c];
}

/// c's referrals sent and PageRank percentile (the facts its reason shows).
inline void add_influence_evidence(const Context::Data& data, graph::NodeId c, Evidence& ev) {
    ev.candidate_out_volume = data.out_volume[c];
    ev.pagerank_percentile = data.pagerank_percentile[c];
}

}  // namespace refnet::scoring

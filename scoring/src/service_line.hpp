// A candidate's referrals into the focal's service line (the providers of
// the focal's taxonomy): how many reach the focal and which competitor gets
// the most. The fact behind "Sends 12 of their 14 Physical Therapist
// referrals to others, 8 to Summit PT" (refnet share's splitters and
// opportunities, one referrer at a time).
#pragma once

#include <cstdint>

#include "context_data.hpp"

namespace refnet::scoring {

struct ServiceLineShare {
    std::uint64_t total = 0;  ///< the referrer's referrals into the line in the last year
    std::uint64_t to_focal = 0;
    graph::NodeId top_competitor = graph::kNoNode;
    std::uint64_t top_competitor_referrals = 0;
};

/// From the referrer's own referrals (the context's sender index), dated in
/// the `recent_days` before as-of (undated data: all of them). O(its referrals).
[[nodiscard]] ServiceLineShare service_line_share(const Context::Data& ctx, graph::NodeId focal,
                                                  graph::NodeId referrer, std::int32_t recent_days);

}  // namespace refnet::scoring

// Peer referrals: do providers of the focal's own taxonomy already send
// patients there? log(1 + the referrals c received from them) over log(1 +
// the largest such count in the network): collaborative filtering at the
// level of a specialty, "practices like yours refer to this provider". The
// learned propensity says which specialty a focal's patients go to; this says
// which providers of it its peers chose. The focal's own referrals to c are
// left out, so a tie does not vouch for itself.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>

#include "focal.hpp"

namespace refnet::scoring {

/// Counts per (sender taxonomy, receiver), built into the Context. O(edges).
void build_peer_referrals(Context::Data& data);

/// The receivers (sorted by NodeId) and counts of one taxonomy's providers' referrals.
struct PeerList {
    std::span<const graph::NodeId> receiver;
    std::span<const std::uint32_t> count;
};

[[nodiscard]] inline PeerList peer_list(const Context::Data& d, std::uint32_t taxonomy) {
    const auto& p = d.peer_referrals;
    if (taxonomy + 1 >= p.offsets.size()) return {};
    const auto begin = static_cast<std::ptrdiff_t>(p.offsets[taxonomy]);
    const auto end = static_cast<std::ptrdiff_t>(p.offsets[taxonomy + 1]);
    return {{p.receiver.begin() + begin, p.receiver.begin() + end},
            {p.count.begin() + begin, p.count.begin() + end}};
}

/// Referrals c received from providers of the focal's taxonomy, the focal's own left out.
[[nodiscard]] std::uint64_t peer_referral_count(const Focal& focal, graph::NodeId c);

/// The signal of a count.
[[nodiscard]] inline double peer_referrals_signal(const Context::Data& d, std::uint64_t count) {
    return d.peer_referrals.log_max > 0
               ? std::log1p(static_cast<double>(count)) / d.peer_referrals.log_max
               : 0.0;
}

}  // namespace refnet::scoring

// Peer referrals: do providers of the focal's own taxonomy already send
// patients there? log(1 + the referrals c received from them) over log(1 +
// the largest such count in the network): collaborative filtering at the
// level of a specialty, "practices like yours refer to this provider". The
// learned propensity says which specialty a focal's patients go to; this says
// which providers of it its peers chose. The focal's own referrals to c are
// left out, so a tie does not vouch for itself. Only each taxonomy's 2,000
// busiest receivers are kept (a national specialty refers to nearly every
// provider, most of them once or twice, and a request reads the whole list).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>

#include "focal.hpp"

namespace refnet::scoring {

/// Receivers kept per sender taxonomy, the busiest first (ties to the smaller
/// NodeId); the rest count 0. Larger than any regional market's providers.
inline constexpr std::size_t kPeerReceiversKept = 2000;  // fits the 16-bit order

/// Counts per (sender taxonomy, receiver), built into the Context. O(edges).
void build_peer_referrals(Context::Data& data);

/// The receivers (sorted by NodeId) and counts of one taxonomy's providers' referrals.
struct PeerList {
    std::span<const graph::NodeId> receiver;
    std::span<const std::uint32_t> count;
    std::span<const std::uint16_t> by_count;  ///< indices into the two, the most referred first
};

[[nodiscard]] inline PeerList peer_list(const Context::Data& d, std::uint32_t taxonomy) {
    const auto& p = d.peer_referrals;
    if (taxonomy + 1 >= p.offsets.size()) return {};
    const auto begin = static_cast<std::ptrdiff_t>(p.offsets[taxonomy]);
    const auto end = static_cast<std::ptrdiff_t>(p.offsets[taxonomy + 1]);
    return {{p.receiver.begin() + begin, p.receiver.begin() + end},
            {p.count.begin() + begin, p.count.begin() + end},
            {p.by_count.begin() + begin, p.by_count.begin() + end}};
}

/// Scatters the focal's taxonomy's counts into its scratch (the lease clears them).
void scatter_peer_referrals(Focal& focal);

/// Referrals c received from providers of the focal's taxonomy, the focal's
/// own left out. O(1) once scattered.
[[nodiscard]] std::uint64_t peer_referral_count(const Focal& focal, graph::NodeId c);

/// The signal of a count.
[[nodiscard]] inline double peer_referrals_signal(const Context::Data& d, std::uint64_t count) {
    const auto& p = d.peer_referrals;
    if (count < p.signal_of_count.size()) return p.signal_of_count[count];
    return p.log_max > 0 ? std::log1p(static_cast<double>(count)) / p.log_max : 0.0;
}

}  // namespace refnet::scoring

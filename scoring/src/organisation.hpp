// What leakage, share and expansion share: an organisation's members as one
// focal, and the window they measure.
#pragma once

#include <refnet/graph/provider.hpp>
#include <span>
#include <string_view>
#include <vector>

namespace refnet::scoring {

struct Organisation {
    std::vector<graph::NodeId> members;  ///< distinct, in the order given
    std::vector<char> is_member;         ///< per provider
};

/// Throws std::invalid_argument "<analysis> needs at least one member" or
/// "member N is not one of the P providers".
[[nodiscard]] Organisation organisation(std::span<const graph::NodeId> members,
                                        std::size_t providers, std::string_view analysis);

/// `as_of` if valid, else the day after the last dated referral (kNoDate
/// when none is dated).
[[nodiscard]] graph::Date as_of_or_last(graph::Date as_of,
                                        std::span<const graph::Referral> referrals);

}  // namespace refnet::scoring

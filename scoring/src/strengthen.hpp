// Strengthen mode ranks existing partners in partner health's order
// (refnet health): referrals at risk, both directions, the window against
// the partner's own baseline; on undated data (claims pairs), with no window
// to compare, the largest ties first. Its reasons add what the ranking model
// expects: a partner's share of the focal's last-year referrals is its
// score's share of all the partners' scores.
#pragma once

#include <string>
#include <vector>

#include "focal_request.hpp"

namespace refnet::scoring {

/// Per existing partner (the scratch's candidates): referrals a year expected
/// and sent in the last year.
struct PartnerVolume {
    double expected = 0.0;
    double sent = 0.0;
};

/// A partner's place in partner health's ranking.
struct PartnerStanding {
    std::size_t position = 0;  ///< in health's order; partners without a row go last
    double at_risk = 0.0;
    std::string why;  ///< health's sentence where the tie is flagged or short; else empty
    bool one_sided = false;
};

/// Health of each of the scratch's candidates.
/// O(the focal's referrals + partners).
[[nodiscard]] std::vector<PartnerStanding> partner_standing(FocalRequest& request);

/// Expected and observed volume of each of the scratch's candidates, whose
/// raw signals are finished. O(partners).
[[nodiscard]] std::vector<PartnerVolume> partner_volumes(FocalRequest& request);

}  // namespace refnet::scoring

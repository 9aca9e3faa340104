// Strengthen mode ranks existing partners by upside: the referrals a year the
// ranking model says the focal's volume would give a partner, minus what the
// focal sent it in the last year. The model is the prospects' own: a
// partner's share of the focal's last-year referrals is its score's share
// of all the partners' scores.
#pragma once

#include <vector>

#include "focal_request.hpp"

namespace refnet::scoring {

/// Per existing partner (the scratch's candidates): referrals a year expected
/// and sent in the last year.
struct PartnerVolume {
    double expected = 0.0;
    double sent = 0.0;
    [[nodiscard]] double upside() const { return expected - sent; }
};

/// Expected and observed volume of each of the scratch's candidates, whose
/// raw signals are finished. O(partners).
[[nodiscard]] std::vector<PartnerVolume> partner_volumes(FocalRequest& request);

}  // namespace refnet::scoring

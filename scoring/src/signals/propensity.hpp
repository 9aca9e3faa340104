// Learned referral propensity: the share of referrals that providers like the
// focal send to a candidate's taxonomy, learned from the referrals before the
// as-of date (claims data included: it needs only who referred to whom and
// each provider's NUCC taxonomy).
//
// Rare specialties borrow strength from their relatives: the sender's rate is
// shrunk towards its NUCC classification's (the code's first four characters),
// that towards its provider group's, and that towards everyone's, each a
// Dirichlet-multinomial posterior mean with `propensity_prior` pseudo-referrals;
// the focal's own mix is shrunk towards its taxonomy's with
// `propensity_own_prior`. need fit (signals/need_fit.hpp) blends it with the
// need catalogue.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "focal.hpp"

namespace refnet::scoring {

/// Taxonomy-to-taxonomy referral rates (Context::Data::propensity).
void build_propensity(Context::Data& data);

class Propensity {
   public:
    explicit Propensity(const Focal& focal);

    /// The focal's propensity to refer to taxonomy t: its own mix shrunk
    /// towards its taxonomy's learned rates. In [0, 1]; sums to 1 over t.
    [[nodiscard]] double of_taxonomy(std::uint32_t t) const {
        const double peers = taxonomy_rate(t);
        if (own_total_ == 0) return peers;
        const auto it = own_.find(t);
        const double own = it == own_.end() ? 0.0 : static_cast<double>(it->second);
        return (own + own_prior_ * peers) / (static_cast<double>(own_total_) + own_prior_);
    }
    /// The focal taxonomy's learned rate to t (what providers like the focal do).
    [[nodiscard]] double taxonomy_rate(std::uint32_t t) const {
        return model_.taxonomies == 0 ? 0.0 : model_.rate[row_ + t];
    }
    /// The largest of_taxonomy over every taxonomy, in O(the focal's receiving
    /// taxonomies) rather than a pass over all of them (a national request).
    [[nodiscard]] double largest() const;
    /// The focal's own share of referrals to t (0 without history).
    [[nodiscard]] double own_share(std::uint32_t t) const;
    [[nodiscard]] bool known() const { return model_.referrals > 0; }
    /// Whether the focal has referred to anyone.
    [[nodiscard]] bool has_history() const { return own_total_ > 0; }

   private:
    const PropensityModel& model_;
    std::size_t row_ = 0;
    double own_prior_;
    std::unordered_map<std::uint32_t, std::uint64_t> own_;  // the focal's referrals by taxonomy
    std::uint64_t own_total_ = 0;
};

}  // namespace refnet::scoring

// Small-cell suppression (`--suppress-below N`): a count of referrals,
// patients or contacts from 1 to N - 1 is never shown, as CMS's cell-size
// rule (N = 11) asks of anything published from claims. Zero is shown: it
// identifies nobody. Every writer that puts a count into words or cells asks
// this one type how to show it, so the rule reads the same in a reason, a
// table cell, a diagram label and the report.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace refnet::graph {

struct SmallCounts {
    /// Counts in [1, below) are hidden; 0 or 1 hides nothing.
    std::uint64_t below = 0;

    [[nodiscard]] bool active() const { return below > 1; }
    /// True for a count (or an expected count) this rule hides.
    [[nodiscard]] bool hides(double count) const {
        return count > 0.0 && count < static_cast<double>(below);
    }
    /// What a hidden count shows as in cells and figures: "<11".
    [[nodiscard]] std::string hidden() const;
    /// What a share or rate of a hidden count shows as in cells and figures:
    /// "hidden". Not "<11", which in a share's column reads as "under 11 %".
    [[nodiscard]] std::string hidden_share() const;
    /// True when a share of these counts would reveal a hidden one.
    [[nodiscard]] bool hides_share(std::uint64_t numerator, std::uint64_t denominator) const {
        return hides(static_cast<double>(numerator)) || hides(static_cast<double>(denominator));
    }
    /// "<11" for a hidden count, else "12,345": for cells and figures.
    [[nodiscard]] std::string figure(std::uint64_t count) const;
    /// "fewer than 11" for a hidden count, else "12,345": for sentences.
    [[nodiscard]] std::string words(std::uint64_t count) const;
    /// words() followed by the noun, singular only for an exact 1:
    /// "1 referral", "12 referrals", "fewer than 11 referrals".
    [[nodiscard]] std::string words(std::uint64_t count, std::string_view one,
                                    std::string_view many) const;
    /// An expected count as the caller shows it (`shown`, e.g. "3.8"), or
    /// "fewer than 11" when hidden.
    [[nodiscard]] std::string expected_words(double count, std::string shown) const;
    /// A share of `denominator` counts as percent(), or "a share" when the
    /// numerator or the denominator is hidden: a percentage of a small total
    /// gives the small count away.
    [[nodiscard]] std::string share_words(std::uint64_t numerator, std::uint64_t denominator) const;
};

}  // namespace refnet::graph

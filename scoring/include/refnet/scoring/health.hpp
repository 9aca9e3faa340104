// Partner health: how each of a focal's existing partners is doing, both
// directions, and what to do about it (followups). The methods and every
// threshold are in docs/cli/health.md.
#pragma once

#include <cstdint>
#include <optional>
#include <refnet/graph/metrics.hpp>
#include <refnet/graph/provider.hpp>
#include <refnet/graph/small_counts.hpp>
#include <span>
#include <string>
#include <vector>

namespace refnet::scoring {

struct HealthInputs {
    std::span<const graph::Provider> providers;
    std::span<const graph::Group> groups;
    std::span<const graph::Referral> referrals;
    std::span<const graph::Touchpoint> touchpoints;
    /// Network-wide referrals between groups: whether a tie should run both
    /// ways. nullptr: no tie is tested for being one-sided.
    const graph::GroupFlows* flows = nullptr;
};

struct HealthParams {
    graph::Date as_of = graph::kNoDate;  ///< kNoDate: the day after the last referral
    graph::Period window{0, 90};         ///< the recent window compared with the baseline
    graph::Period history{24, 0};        ///< the baseline: this long before the window
    std::int32_t loop_days = 30;         ///< feedback later than this leaves a loop open
    /// Check-in cadence of a key partner; a regular partner's is twice it, an
    /// occasional one's four times it.
    graph::Period cadence{0, 90};
    double alpha = 0.05;             ///< significance of every test
    double dependence_share = 0.25;  ///< one source's share of inbound that is a risk
    bool checkins = true;            ///< false: no cadence and no overdue_checkin flag
    /// Counts from 1 to below - 1 in the sentences read "fewer than N"
    /// (--suppress-below); no flag or score depends on it.
    graph::SmallCounts small_counts;
};

enum class HealthFlag : std::uint8_t {
    slipping,
    lapsed,
    one_sided,
    open_loops,
    quality_drop,
    overdue_checkin,
    dependence,
};
inline constexpr std::size_t kHealthFlagCount = 7;
[[nodiscard]] std::string_view health_flag_key(HealthFlag flag);

/// One direction of a tie: referrals in the window against the baseline.
struct FlowChange {
    std::uint64_t window = 0;    ///< referrals in [window start, as-of)
    std::uint64_t baseline = 0;  ///< referrals in [baseline start, window start)
    double expected = 0.0;       ///< baseline's rate over the window's length
    /// Exact conditional binomial test of a drop: P(X <= window) for
    /// X ~ Binomial(window + baseline, window days / (window + baseline days)).
    double p_value = 1.0;
    graph::Date last = graph::kNoDate;  ///< last referral this way, any date before as-of
    [[nodiscard]] double shortfall() const {
        return expected > static_cast<double>(window) ? expected - static_cast<double>(window)
                                                      : 0.0;
    }
};

/// A quality measure of the referrals the focal sent the partner that got
/// worse in the window than in the baseline.
struct QualityChange {
    std::string measure;  ///< "completion", "no-show", "satisfaction", "days to appointment"
    double baseline = 0.0;
    double window = 0.0;
    std::uint64_t window_count = 0;  ///< referrals (or ratings) the window's figure rests on
    double p_value = 1.0;            ///< NaN for the two means (a fixed margin, no test)
};

struct PartnerHealth {
    graph::NodeId partner = graph::kNoNode;
    FlowChange sent;      ///< the focal to the partner
    FlowChange received;  ///< the partner to the focal
    /// Referrals expected in the window but not seen, counted only where the
    /// drop is real (slipping or lapsed); shortfall() of both ways otherwise.
    double at_risk = 0.0;
    double shortfall = 0.0;
    // Lapse: days without a referral either way against the usual gap.
    double usual_gap_days = 0.0;  ///< 0: fewer than three referral days
    std::int32_t days_since_last = 0;
    double lapse_p = 1.0;  ///< exp(-days since / usual gap)
    // One-sidedness: the share that comes back network-wide between the groups.
    double expected_back_share = 0.0;
    double one_sided_p = 1.0;
    std::uint64_t open_loops = 0;
    graph::Date oldest_open_loop = graph::kNoDate;
    std::uint64_t loops_closed_in_window = 0;  ///< the focal's referrals answered in the window
    std::optional<QualityChange> quality;
    double inbound_share = 0.0;   ///< of the focal's inbound referrals in the last year
    std::uint64_t last_year = 0;  ///< referrals both ways in the last 365 days
    // Check-ins: the last touchpoint the focal's side made, and the cadence.
    std::optional<graph::Touchpoint> last_touch;  ///< note cleared: it may hold PHI
    graph::Period cadence;
    std::string tier;  ///< "key", "regular" or "occasional": sets the cadence
    graph::Date checkin_due = graph::kNoDate;
    std::uint8_t flags = 0;  ///< bit per HealthFlag
    std::string why;         ///< one sentence: why the row is there

    [[nodiscard]] bool has(HealthFlag f) const {
        return (flags >> static_cast<unsigned>(f) & 1U) != 0;
    }
    void raise(HealthFlag f) { flags |= static_cast<std::uint8_t>(1U << static_cast<unsigned>(f)); }
};

struct HealthReport {
    graph::NodeId focal = graph::kNoNode;  ///< the first member
    std::vector<graph::NodeId> members;    ///< the focal alone, or an organisation's
    graph::Date as_of = graph::kNoDate;
    graph::Date window_start = graph::kNoDate;
    graph::Date baseline_start = graph::kNoDate;
    graph::Period window;             ///< as asked for (HealthParams::window)
    graph::SmallCounts small_counts;  ///< as asked for (HealthParams::small_counts)
    bool dated = false;               ///< false: the data has no dates (claims): nothing to compare
    bool has_feedback = false;        ///< some referral says when notes came back
    /// Ranked by referrals at risk, then shortfall, then last year's volume.
    std::vector<PartnerHealth> partners;
    // Dependence on sources: the focal's inbound referrals in the last year.
    std::uint64_t inbound_last_year = 0;
    std::uint64_t inbound_sources = 0;
    double top3_inbound_share = 0.0;
    double inbound_hhi = 0.0;  ///< Herfindahl-Hirschman index of sources' shares, 0-1
};

/// Health of every provider the focal referred to or heard from in the
/// baseline or the window. Throws std::invalid_argument for a non-positive
/// window, history or cadence.
[[nodiscard]] HealthReport partner_health(const HealthInputs& inputs, graph::NodeId focal,
                                          const HealthParams& params);

/// The same for an organisation: its members count as one focal, referrals
/// between them are left out, and touchpoints by any member count. Throws
/// std::invalid_argument for no members or one out of range.
[[nodiscard]] HealthReport partner_health(const HealthInputs& inputs,
                                          std::span<const graph::NodeId> members,
                                          const HealthParams& params);

/// The same from the focal's events alone (indices into inputs.referrals,
/// both directions) and the data's first referral date: what strengthen
/// mode reads through its context's indices instead of a scan.
[[nodiscard]] HealthReport partner_health(const HealthInputs& inputs, graph::NodeId focal,
                                          std::span<const std::uint32_t> focal_events,
                                          graph::Date data_start, const HealthParams& params);

/// "90 days", "3 months", "1 month and 2 days": a cadence or window in words.
[[nodiscard]] std::string period_words(graph::Period p);

/// P(X <= k) for X ~ Binomial(n, p): the drop test above (Boost.Math).
[[nodiscard]] double binomial_at_most(std::uint64_t k, std::uint64_t n, double p);
/// P(X >= k) for X ~ Binomial(n, p).
[[nodiscard]] double binomial_at_least(std::uint64_t k, std::uint64_t n, double p);

/// One item of the work queue.
struct FollowUp {
    graph::NodeId partner = graph::kNoNode;
    graph::Date due = graph::kNoDate;  ///< the check-in's due date, or as-of when flagged
    std::int32_t days_overdue = 0;
    std::string action;                     ///< "visit: referrals fell from 7 to 0", ...
    graph::NodeId owner = graph::kNoNode;   ///< whose liaison last made contact; else the focal
    const PartnerHealth* health = nullptr;  ///< the row in the report it came from
};

/// Partners overdue for a check-in or flagged slipping, lapsed, quality drop
/// or open loops: slipping and lapsed first (by referrals at risk), then the
/// rest by days overdue. Points into `report`, which must outlive it.
[[nodiscard]] std::vector<FollowUp> followups(const HealthReport& report);

}  // namespace refnet::scoring

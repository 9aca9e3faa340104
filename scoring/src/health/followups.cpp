// The follow-up queue (docs/cli/followups.md): what partner health asks the
// focal's liaison to do, most pressing first.
#include <algorithm>
#include <refnet/graph/text.hpp>
#include <refnet/scoring/health.hpp>

namespace refnet::scoring {

namespace {

// A thank-you note is worth sending for this many closed loops or referrals.
constexpr std::uint64_t kThanksWorthy = 3;

std::string action_for(const PartnerHealth& h, const HealthReport& report) {
    const std::string window = period_words(report.window);
    const graph::SmallCounts& small = report.small_counts;
    if (h.has(HealthFlag::lapsed)) {
        return "visit: no referral either way for " + std::to_string(h.days_since_last) +
               " days (usually every " + graph::fixed(h.usual_gap_days, 0) + ")";
    }
    if (h.has(HealthFlag::slipping)) {
        const bool from_them = h.received.p_value <= h.sent.p_value;
        const FlowChange& f = from_them ? h.received : h.sent;
        return std::string("visit: referrals ") + (from_them ? "from them" : "to them") +
               " fell from " + small.expected_words(f.expected, graph::fixed(f.expected, 1)) +
               " expected to " + small.words(f.window) + " in the last " + window;
    }
    if (h.has(HealthFlag::quality_drop)) {
        const QualityChange& q = *h.quality;
        const bool share = q.measure == "completion" || q.measure == "no-show";
        auto value = [&](double v) { return share ? graph::percent(v) : graph::fixed(v, 1); };
        return "call: " + q.measure + " of your referrals went from " + value(q.baseline) + " to " +
               value(q.window);
    }
    if (h.has(HealthFlag::open_loops)) {
        return "call: " + small.words(h.open_loops, "referral", "referrals") +
               " with no notes back, oldest " + graph::format_date(h.oldest_open_loop);
    }
    if (h.loops_closed_in_window >= kThanksWorthy) {
        return "thank-you note: they closed " + small.words(h.loops_closed_in_window) +
               " loops in the last " + window;
    }
    if (h.received.window >= kThanksWorthy) {
        return "thank-you note: they sent you " + small.words(h.received.window) +
               " referrals in the last " + window;
    }
    const std::string cadence = h.tier + " partner, every " + period_words(h.cadence);
    if (!h.last_touch) return "call: never checked in (" + cadence + ")";
    return "call: no check-in for " + std::to_string(report.as_of.days - h.last_touch->date.days) +
           " days (" + cadence + ")";
}

}  // namespace

std::vector<FollowUp> followups(const HealthReport& report) {
    std::vector<FollowUp> queue;
    if (!report.dated) return queue;
    for (const PartnerHealth& h : report.partners) {
        const bool losing = h.has(HealthFlag::slipping) || h.has(HealthFlag::lapsed);
        const bool troubled = h.has(HealthFlag::quality_drop) || h.has(HealthFlag::open_loops);
        const bool overdue = h.has(HealthFlag::overdue_checkin);
        if (!losing && !troubled && !overdue) continue;
        FollowUp f;
        f.partner = h.partner;
        f.due = overdue ? h.checkin_due : report.as_of;
        if (losing || troubled) f.due = std::min(f.due, report.as_of);
        f.days_overdue = std::max(0, report.as_of.days - f.due.days);
        f.action = action_for(h, report);
        f.owner =
            h.last_touch && h.last_touch->by != graph::kNoNode ? h.last_touch->by : report.focal;
        f.health = &h;
        queue.push_back(std::move(f));
    }
    auto rank = [](const FollowUp& f) {
        const PartnerHealth& h = *f.health;
        if (h.has(HealthFlag::slipping) || h.has(HealthFlag::lapsed)) return 0;
        if (h.has(HealthFlag::quality_drop) || h.has(HealthFlag::open_loops)) return 1;
        return 2;
    };
    // Stable: within a rank the report's order (referrals at risk) breaks ties.
    std::stable_sort(queue.begin(), queue.end(), [&](const FollowUp& a, const FollowUp& b) {
        if (rank(a) != rank(b)) return rank(a) < rank(b);
        if (rank(a) == 0) return false;
        if (a.days_overdue != b.days_overdue) return a.days_overdue > b.days_overdue;
        return a.health->last_year > b.health->last_year;
    });
    return queue;
}

}  // namespace refnet::scoring

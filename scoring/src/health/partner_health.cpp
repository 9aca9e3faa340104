// Partner health (docs/cli/health.md): per existing partner, both directions,
// the window against the partner's own baseline, and the flags that follow.
#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <refnet/graph/text.hpp>
#include <refnet/scoring/health.hpp>
#include <stdexcept>
#include <unordered_map>

namespace refnet::scoring {

namespace {

constexpr std::int32_t kYearDays = 365;
// The fewest outcomes in the window and in the baseline a quality change is
// judged on: below them one cancelled appointment would flag a partner.
constexpr std::uint64_t kQualityWindowMin = 3;
constexpr std::uint64_t kQualityBaselineMin = 5;
constexpr double kSatisfactionDrop = 0.5;     // points on the 1-5 scale
constexpr double kWaitGrowth = 1.5;           // days to appointment, times the baseline
constexpr double kWaitGrowthDays = 7.0;       // ... and at least this many days longer
constexpr double kOneSidedLeast = 0.10;       // a back-share below this is one-way by nature
constexpr std::uint64_t kDependenceMin = 20;  // inbound referrals a year before shares count
constexpr std::uint64_t kOpenLoopsMin = 2;    // one late note is a slip, two a pattern
// Referral days before a tie's usual gap is trusted: three days give a gap
// from two intervals, and a new tie would read "lapsed" after one quiet month.
constexpr std::size_t kLapseDaysMin = 5;

struct Outcomes {
    std::uint64_t resolved = 0;  // completed, cancelled or no-show
    std::uint64_t completed = 0;
    std::uint64_t no_show = 0;
    double satisfaction_sum = 0.0;
    std::uint64_t satisfaction_n = 0;
    double wait_sum = 0.0;
    std::uint64_t wait_n = 0;

    void add(const graph::Referral& r) {
        const std::uint64_t c = r.count;
        if (r.status == graph::Status::completed || r.status == graph::Status::cancelled ||
            r.status == graph::Status::no_show) {
            resolved += c;
            if (r.status == graph::Status::completed) completed += c;
            if (r.status == graph::Status::no_show) no_show += c;
        }
        if (std::isfinite(r.satisfaction)) {
            satisfaction_sum += static_cast<double>(r.satisfaction) * static_cast<double>(c);
            satisfaction_n += c;
        }
        if (r.days_to_appointment >= 0) {
            wait_sum += static_cast<double>(r.days_to_appointment) * static_cast<double>(c);
            wait_n += c;
        }
    }
};

struct Tie {
    FlowChange sent;
    FlowChange received;
    std::uint64_t sent_history = 0;  // baseline + window + undated
    std::uint64_t received_history = 0;
    std::uint64_t last_year = 0;
    std::uint64_t received_last_year = 0;
    std::vector<std::int32_t> days;  // dates of referrals either way, any time before as-of
    std::uint64_t all_count = 0;     // referrals either way, any time before as-of
    bool in_rows = false;
    std::uint64_t open_loops = 0;
    graph::Date oldest_open = graph::kNoDate;
    std::uint64_t closed_in_window = 0;
    Outcomes window_outcomes;
    Outcomes baseline_outcomes;
};

double period_days(graph::Date now, graph::Period p) {
    return static_cast<double>(now.days - graph::go_back(now, p).days);
}

graph::Period times(graph::Period p, std::int32_t factor) {
    return {p.months * factor, p.days * factor};
}

std::optional<QualityChange> quality_change(const Outcomes& w, const Outcomes& b, double alpha) {
    if (w.resolved >= kQualityWindowMin && b.resolved >= kQualityBaselineMin) {
        // Half a success and half a failure added to the baseline: a partner
        // that never had a no-show is not flagged by its first.
        const double base_n = static_cast<double>(b.resolved) + 1.0;
        const double completion = (static_cast<double>(b.completed) + 0.5) / base_n;
        const double p = binomial_at_most(w.completed, w.resolved, completion);
        const double now = static_cast<double>(w.completed) / static_cast<double>(w.resolved);
        if (p < alpha && now < completion) {
            return QualityChange{"completion",
                                 static_cast<double>(b.completed) / static_cast<double>(b.resolved),
                                 now, w.resolved, p};
        }
        const double no_show = (static_cast<double>(b.no_show) + 0.5) / base_n;
        const double q = binomial_at_least(w.no_show, w.resolved, no_show);
        const double now_ns = static_cast<double>(w.no_show) / static_cast<double>(w.resolved);
        if (q < alpha && now_ns > no_show) {
            return QualityChange{"no-show",
                                 static_cast<double>(b.no_show) / static_cast<double>(b.resolved),
                                 now_ns, w.resolved, q};
        }
    }
    if (w.satisfaction_n >= kQualityWindowMin && b.satisfaction_n >= kQualityBaselineMin) {
        const double before = b.satisfaction_sum / static_cast<double>(b.satisfaction_n);
        const double now = w.satisfaction_sum / static_cast<double>(w.satisfaction_n);
        if (now <= before - kSatisfactionDrop) {
            return QualityChange{"satisfaction", before, now, w.satisfaction_n, std::nan("")};
        }
    }
    if (w.wait_n >= kQualityWindowMin && b.wait_n >= kQualityBaselineMin) {
        const double before = b.wait_sum / static_cast<double>(b.wait_n);
        const double now = w.wait_sum / static_cast<double>(w.wait_n);
        if (now >= before * kWaitGrowth && now - before >= kWaitGrowthDays) {
            return QualityChange{"days to appointment", before, now, w.wait_n, std::nan("")};
        }
    }
    return std::nullopt;
}

}  // namespace

std::string period_words(graph::Period p) {
    auto part = [](std::int32_t n, std::string_view unit) {
        return std::to_string(n) + " " + std::string(unit) + (n == 1 ? "" : "s");
    };
    if (p.months == 0) return part(p.days, "day");
    if (p.days == 0) return part(p.months, "month");
    return part(p.months, "month") + " and " + part(p.days, "day");
}

namespace {

// A probability a person reads: "under 0.1 %" rather than "0.0 %".
std::string chance_text(double p) {
    return p < 0.001 ? std::string("under 0.1 %") : graph::percent(p, 1);
}

std::string p_text(double p) {
    if (p < 0.001) return "p < 0.001";
    return "p = " + graph::fixed(p, 3);
}

// The sentence for the row's most pressing flag.
std::string why_of(const PartnerHealth& h, const HealthReport& report, const HealthInputs& in,
                   const HealthParams& params) {
    const std::string window = period_words(params.window);
    const graph::SmallCounts& small = params.small_counts;
    if (h.has(HealthFlag::lapsed)) {
        return "No referral either way for " + std::to_string(h.days_since_last) +
               " days; they came every " + graph::fixed(h.usual_gap_days, 0) +
               " days on average (a gap this long by chance: " + chance_text(h.lapse_p) + ").";
    }
    if (h.has(HealthFlag::slipping)) {
        const bool from_them = h.received.p_value <= h.sent.p_value;
        const FlowChange& f = from_them ? h.received : h.sent;
        return std::string(from_them ? "Referrals from them" : "Your referrals to them") +
               " fell to " + small.words(f.window) + " in the last " + window + " against " +
               small.expected_words(f.expected, graph::fixed(f.expected, 1)) +
               " expected from their baseline (" + p_text(f.p_value) + ").";
    }
    if (h.has(HealthFlag::quality_drop)) {
        const QualityChange& q = *h.quality;
        const bool share = q.measure == "completion" || q.measure == "no-show";
        auto value = [&](double v) { return share ? graph::percent(v) : graph::fixed(v, 1); };
        return "The " + q.measure + " of your referrals to them went from " + value(q.baseline) +
               " to " + value(q.window) + " in the last " + window + " (" +
               small.words(q.window_count, "referral", "referrals") +
               (std::isnan(q.p_value) ? "" : ", " + p_text(q.p_value)) + ").";
    }
    if (h.has(HealthFlag::one_sided)) {
        const bool you_send = h.received.baseline + h.received.window == 0;
        const graph::Group gf = in.groups[report.focal];
        const graph::Group gp = in.groups[h.partner];
        const std::uint64_t n =
            you_send ? h.sent.baseline + h.sent.window : h.received.baseline + h.received.window;
        return std::string(you_send ? "You sent them " : "They sent you ") +
               small.words(n, "referral", "referrals") + " and none went the other way, though " +
               graph::percent(h.expected_back_share) + " of referrals between " +
               graph::group_label(gf) + " and " + graph::group_label(gp) +
               " providers run that way network-wide.";
    }
    if (h.has(HealthFlag::open_loops)) {
        std::string count = small.words(h.open_loops, "referral", "referrals");
        count.front() = static_cast<char>(std::toupper(static_cast<unsigned char>(count.front())));
        return count + " you sent them in the last 365 days have no notes back after " +
               std::to_string(params.loop_days) + " days (oldest " +
               graph::format_date(h.oldest_open_loop) + ").";
    }
    if (h.has(HealthFlag::dependence)) {
        return "They send " + graph::percent(h.inbound_share) +
               " of your inbound referrals (last 365 days).";
    }
    if (h.has(HealthFlag::overdue_checkin)) {
        const std::string cadence =
            " (" + h.tier + " partner: every " + period_words(h.cadence) + ")";
        if (!h.last_touch) return "Never checked in on" + cadence + ".";
        return "No check-in for " + std::to_string(report.as_of.days - h.last_touch->date.days) +
               " days" + cadence + ".";
    }
    if (!report.dated) {
        return "Undated data: " + small.words(h.sent.baseline) + " sent and " +
               small.words(h.received.baseline) + " received, no trend to test.";
    }
    if (!(report.baseline_start < report.window_start)) {
        return "New: " + small.words(h.sent.window) + " sent and " +
               small.words(h.received.window) + " received in the last " + window +
               ", no baseline to compare with yet.";
    }
    return "Steady: " + small.words(h.sent.window) + " sent and " + small.words(h.received.window) +
           " received in the last " + window + ", in line with their baseline.";
}

}  // namespace

namespace {

// Members' referrals to and from everyone else, referrals between members
// left out: an organisation's partners are its members' partners.
HealthReport assess_members(const HealthInputs& inputs, std::span<const graph::NodeId> members,
                            std::span<const std::uint32_t> focal_events, graph::Date data_start,
                            const HealthParams& params) {
    auto is_member = [&](graph::NodeId v) {
        return std::find(members.begin(), members.end(), v) != members.end();
    };
    const graph::NodeId focal = members.front();
    if (!graph::positive(params.window))
        throw std::invalid_argument("the health window must be positive (e.g. 90d)");
    if (!graph::positive(params.history))
        throw std::invalid_argument("the health history must be positive (e.g. 24m)");
    if (!graph::positive(params.cadence))
        throw std::invalid_argument("the check-in cadence must be positive (e.g. 90d)");
    if (params.loop_days < 1) throw std::invalid_argument("loop days must be at least 1");

    HealthReport report;
    report.focal = focal;
    report.members.assign(members.begin(), members.end());
    report.as_of = params.as_of;
    report.dated = params.as_of.valid();
    report.window = params.window;
    report.small_counts = params.small_counts;
    const std::int32_t now = report.dated ? params.as_of.days : 0;
    double window_days = 0.0;
    double baseline_days = 0.0;
    if (report.dated) {
        report.window_start = graph::go_back(params.as_of, params.window);
        graph::Date start = graph::go_back(report.window_start, params.history);
        if (data_start.valid() && data_start > start) start = data_start;
        if (start > report.window_start) start = report.window_start;
        report.baseline_start = start;
        window_days = period_days(params.as_of, params.window);
        baseline_days = static_cast<double>(report.window_start.days - start.days);
    }
    const std::int32_t ws = report.window_start.days;
    const std::int32_t bs = report.baseline_start.days;

    std::unordered_map<graph::NodeId, Tie> ties;
    for (const std::uint32_t index : focal_events) {
        const graph::Referral& r = inputs.referrals[index];
        const bool outbound = is_member(r.from);
        if (r.from == r.to || outbound == is_member(r.to)) continue;  // internal, or not ours
        Tie& t = ties[outbound ? r.to : r.from];
        FlowChange& flow = outbound ? t.sent : t.received;
        if (r.feedback_days >= 0) report.has_feedback = true;
        if (!r.date.valid() || !report.dated) {
            // Claims pairs: counted in the baseline, no trend to test.
            flow.baseline += r.count;
            (outbound ? t.sent_history : t.received_history) += r.count;
            t.in_rows = true;
            if (!outbound) t.received_last_year += r.count;
            t.last_year += r.count;
            continue;
        }
        const std::int32_t d = r.date.days;
        if (d >= now) continue;  // after as-of: not known yet
        if (!flow.last.valid() || r.date > flow.last) flow.last = r.date;
        t.days.push_back(d);
        t.all_count += r.count;
        if (d >= now - kYearDays) {
            t.last_year += r.count;
            if (!outbound) t.received_last_year += r.count;
        }
        if (d >= bs) {
            t.in_rows = true;
            (d >= ws ? flow.window : flow.baseline) += r.count;
            (outbound ? t.sent_history : t.received_history) += r.count;
            if (outbound) (d >= ws ? t.window_outcomes : t.baseline_outcomes).add(r);
        }
        if (outbound && r.status != graph::Status::cancelled &&
            r.status != graph::Status::no_show) {
            const bool answered = r.feedback_days >= 0 && d + r.feedback_days < now;
            if (answered && d + r.feedback_days >= ws) t.closed_in_window += r.count;
            if (!answered && d >= now - kYearDays && d < now - params.loop_days) {
                t.open_loops += r.count;
                if (!t.oldest_open.valid() || r.date < t.oldest_open) t.oldest_open = r.date;
            }
        }
    }

    std::unordered_map<graph::NodeId, std::size_t> row_of;
    for (auto& [partner, t] : ties) {
        if (!t.in_rows) continue;
        PartnerHealth h;
        h.partner = partner;
        h.sent = t.sent;
        h.received = t.received;
        h.last_year = t.last_year;
        h.loops_closed_in_window = t.closed_in_window;
        if (report.dated && baseline_days > 0) {
            const double share = window_days / (window_days + baseline_days);
            for (FlowChange* f : {&h.sent, &h.received}) {
                f->expected = static_cast<double>(f->baseline) * window_days / baseline_days;
                if (static_cast<double>(f->window) < f->expected)
                    f->p_value = binomial_at_most(f->window, f->window + f->baseline, share);
            }
        }
        h.shortfall = h.sent.shortfall() + h.received.shortfall();
        if (std::min(h.sent.p_value, h.received.p_value) < params.alpha)
            h.raise(HealthFlag::slipping);
        if (report.dated) {
            std::sort(t.days.begin(), t.days.end());
            t.days.erase(std::unique(t.days.begin(), t.days.end()), t.days.end());
            if (t.days.size() >= kLapseDaysMin) {
                h.usual_gap_days = static_cast<double>(t.days.back() - t.days.front()) /
                                   static_cast<double>(t.days.size() - 1);
                h.days_since_last = now - t.days.back();
                // Referral days as a Poisson process at the tie's own pace.
                h.lapse_p = std::exp(-static_cast<double>(h.days_since_last) / h.usual_gap_days);
                if (h.lapse_p < params.alpha) h.raise(HealthFlag::lapsed);
            } else if (!t.days.empty()) {
                h.days_since_last = now - t.days.back();
            }
        }
        if (h.has(HealthFlag::slipping) || h.has(HealthFlag::lapsed)) h.at_risk = h.shortfall;
        if (h.has(HealthFlag::lapsed)) {
            // The tie's pace while it lived, over the window: what stopped.
            const double lived =
                static_cast<double>(t.days.back() - t.days.front()) + h.usual_gap_days;
            const double pace = static_cast<double>(t.all_count) * window_days / lived;
            h.at_risk =
                std::max(h.at_risk, pace - static_cast<double>(h.sent.window + h.received.window));
        }
        if (inputs.flows != nullptr) {
            const auto gf = static_cast<std::size_t>(inputs.groups[focal]);
            const auto gp = static_cast<std::size_t>(inputs.groups[partner]);
            const auto& flows = *inputs.flows;
            const double between = static_cast<double>(flows[gf][gp] + flows[gp][gf]);
            const std::uint64_t one_way =
                t.sent_history > 0 && t.received_history == 0
                    ? t.sent_history
                    : (t.received_history > 0 && t.sent_history == 0 ? t.received_history : 0);
            // Within one group the flow is symmetric by construction: it says
            // nothing about which way a tie should run.
            if (one_way > 0 && between > 0 && gf != gp) {
                const bool you_send = t.sent_history > 0;
                h.expected_back_share =
                    static_cast<double>(you_send ? flows[gp][gf] : flows[gf][gp]) / between;
                h.one_sided_p = std::pow(1.0 - h.expected_back_share, static_cast<double>(one_way));
                if (h.expected_back_share >= kOneSidedLeast && h.one_sided_p < params.alpha)
                    h.raise(HealthFlag::one_sided);
            }
        }
        if (report.has_feedback) {
            h.open_loops = t.open_loops;
            h.oldest_open_loop = t.oldest_open;
            if (h.open_loops >= kOpenLoopsMin) h.raise(HealthFlag::open_loops);
        }
        h.quality = quality_change(t.window_outcomes, t.baseline_outcomes, params.alpha);
        if (h.quality) h.raise(HealthFlag::quality_drop);
        report.inbound_last_year += t.received_last_year;
        if (t.received_last_year > 0) ++report.inbound_sources;
        row_of.emplace(partner, report.partners.size());
        report.partners.push_back(std::move(h));
    }

    // Dependence on sources.
    std::vector<double> shares;
    for (auto& h : report.partners) {
        const std::uint64_t in = ties[h.partner].received_last_year;
        if (report.inbound_last_year == 0 || in == 0) continue;
        h.inbound_share = static_cast<double>(in) / static_cast<double>(report.inbound_last_year);
        shares.push_back(h.inbound_share);
        if (report.inbound_last_year >= kDependenceMin &&
            h.inbound_share >= params.dependence_share)
            h.raise(HealthFlag::dependence);
    }
    std::sort(shares.rbegin(), shares.rend());
    for (std::size_t i = 0; i < shares.size(); ++i) {
        if (i < 3) report.top3_inbound_share += shares[i];
        report.inbound_hhi += shares[i] * shares[i];
    }

    // Check-ins: the focal's side's last contact with each partner.
    for (const graph::Touchpoint& tp : inputs.touchpoints) {
        if (tp.by != graph::kNoNode && !is_member(tp.by)) continue;
        if (!tp.date.valid() || (report.dated && tp.date.days >= now)) continue;
        const auto it = row_of.find(tp.provider);
        if (it == row_of.end()) continue;
        auto& last = report.partners[it->second].last_touch;
        if (!last || !(tp.date < last->date)) {
            last = graph::Touchpoint{tp.date, tp.provider, tp.by, tp.kind, {}};
        }
    }
    // Tiers by last year's volume both ways: the top fifth (6 or more) are key.
    std::vector<std::uint64_t> volumes;
    for (const auto& h : report.partners) volumes.push_back(h.last_year);
    std::sort(volumes.rbegin(), volumes.rend());
    const std::uint64_t key_least =
        volumes.empty() ? 0 : std::max<std::uint64_t>(6, volumes[(volumes.size() - 1) / 5]);
    for (auto& h : report.partners) {
        const bool key = h.last_year >= key_least;
        const bool occasional = h.last_year < 3;
        h.tier = key ? "key" : (occasional ? "occasional" : "regular");
        h.cadence = times(params.cadence, key ? 1 : (occasional ? 4 : 2));
        if (!report.dated || !params.checkins) continue;
        const Tie& t = ties[h.partner];
        const graph::Date since =
            h.last_touch ? h.last_touch->date : graph::Date{t.days.empty() ? now : t.days.front()};
        h.checkin_due = graph::advance(since, h.cadence);
        // An occasional partner nobody ever visited is a one-off, not a
        // relationship someone let slide: it falls due only once visited.
        const bool kept_up = h.last_touch.has_value() || !occasional;
        if (kept_up && h.checkin_due.days < now) h.raise(HealthFlag::overdue_checkin);
    }
    for (auto& h : report.partners) h.why = why_of(h, report, inputs, params);

    std::sort(report.partners.begin(), report.partners.end(),
              [&](const PartnerHealth& a, const PartnerHealth& b) {
                  if (a.at_risk != b.at_risk) return a.at_risk > b.at_risk;
                  if (a.shortfall != b.shortfall) return a.shortfall > b.shortfall;
                  if (a.last_year != b.last_year) return a.last_year > b.last_year;
                  return inputs.providers[a.partner].id < inputs.providers[b.partner].id;
              });
    return report;
}

}  // namespace

std::string_view health_flag_key(HealthFlag flag) {
    static constexpr std::array<std::string_view, kHealthFlagCount> kKeys{
        "slipping",     "lapsed",          "one_sided", "open_loops",
        "quality_drop", "overdue_checkin", "dependence"};
    return kKeys.at(static_cast<std::size_t>(flag));
}

HealthReport partner_health(const HealthInputs& inputs, graph::NodeId focal,
                            const HealthParams& params) {
    const std::array<graph::NodeId, 1> members{focal};
    return partner_health(inputs, std::span<const graph::NodeId>(members), params);
}

HealthReport partner_health(const HealthInputs& inputs, std::span<const graph::NodeId> members,
                            const HealthParams& params) {
    if (members.empty()) throw std::invalid_argument("health needs at least one member");
    for (const graph::NodeId m : members) {
        if (m >= inputs.providers.size()) {
            throw std::invalid_argument("member " + std::to_string(m) + " is not one of the " +
                                        std::to_string(inputs.providers.size()) + " providers");
        }
    }
    auto is_member = [&](graph::NodeId v) {
        return std::find(members.begin(), members.end(), v) != members.end();
    };
    std::vector<std::uint32_t> events;
    graph::Date first = graph::kNoDate;
    graph::Date last = graph::kNoDate;
    for (std::size_t i = 0; i < inputs.referrals.size(); ++i) {
        const graph::Referral& r = inputs.referrals[i];
        if (r.date.valid()) {
            if (!first.valid() || r.date < first) first = r.date;
            if (!last.valid() || r.date > last) last = r.date;
        }
        if (is_member(r.from) || is_member(r.to)) events.push_back(static_cast<std::uint32_t>(i));
    }
    HealthParams resolved = params;
    if (!resolved.as_of.valid() && last.valid()) resolved.as_of = graph::Date{last.days + 1};
    return assess_members(inputs, members, events, first, resolved);
}

HealthReport partner_health(const HealthInputs& inputs, graph::NodeId focal,
                            std::span<const std::uint32_t> focal_events, graph::Date data_start,
                            const HealthParams& params) {
    const std::array<graph::NodeId, 1> members{focal};
    return assess_members(inputs, members, focal_events, data_start, params);
}

}  // namespace refnet::scoring

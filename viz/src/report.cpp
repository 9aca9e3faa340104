#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <refnet/graph/member_summary.hpp>
#include <refnet/graph/metrics.hpp>
#include <refnet/graph/text.hpp>
#include <refnet/viz/escape.hpp>
#include <refnet/viz/report.hpp>
#include <sstream>

namespace refnet::viz {

namespace {

using graph::percent;
using graph::thousands;

std::string one_decimal(double value) {
    return std::isnan(value) ? std::string("n/a") : graph::fixed(value, 1);
}

int month_index(graph::Date date) {
    const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{date.days}}};
    return static_cast<int>(ymd.year()) * 12 +
           static_cast<int>(static_cast<unsigned>(ymd.month())) - 1;
}

std::string month_label(int index) {
    static constexpr std::array<const char*, 12> kNames{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    return std::string(kNames[static_cast<std::size_t>(index % 12)]) + " " +
           std::to_string(index / 12);
}

std::string name_of(const graph::Provider& p) { return p.name.empty() ? p.id : p.name; }

constexpr const char* kStyle = R"css(
body { font-family: Helvetica, Arial, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
h1 { margin-bottom: 0.2em; } h2 { border-bottom: 1px solid #ccc; padding-bottom: 0.2em; margin-top: 1.6em; }
.sub { color: #666; }
.figures { display: grid; grid-template-columns: repeat(4, 1fr); gap: 0.8em; }
.figure { border: 1px solid #ddd; border-radius: 6px; padding: 0.6em; }
.figure .value { font-size: 1.6em; font-weight: bold; } .figure .what { color: #555; font-size: 0.9em; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
th, td { border-bottom: 1px solid #eee; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
th { cursor: pointer; background: #f5f5f5; } th:after { content: " \2195"; color: #aaa; }
td.num { text-align: right; } ul.reasons { margin: 0; padding-left: 1.1em; } li.caution { color: #b2182b; } p.how { color: #555; font-size: 0.92em; margin-top: 0; }
svg { max-width: 100%; height: auto; } .diagram { overflow: auto; max-height: 80vh; border: 1px solid #eee; }
.diagram svg { max-width: none; }
@media print { th:after { content: ""; } .diagram { overflow: visible; max-height: none; } .diagram svg { max-width: 100%; } }
)css";

// Sorts a table by the clicked column, numerically when every cell is a number.
constexpr const char* kScript = R"js(
// Diagrams keep their own size so labels stay readable; open them on their
// centre, where the focal sits.
document.querySelectorAll(".diagram").forEach(function (d) {
  d.scrollLeft = (d.scrollWidth - d.clientWidth) / 2;
  d.scrollTop = (d.scrollHeight - d.clientHeight) / 2;
});
document.querySelectorAll("table.sortable").forEach(function (table) {
  table.querySelectorAll("th").forEach(function (th, column) {
    th.addEventListener("click", function () {
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      var ascending = th.dataset.order !== "asc";
      th.dataset.order = ascending ? "asc" : "desc";
      var value = function (row) { return row.cells[column].dataset.sort || row.cells[column].textContent.trim(); };
      var numeric = rows.every(function (row) { return value(row) === "" || !isNaN(parseFloat(value(row))); });
      rows.sort(function (a, b) {
        var x = value(a), y = value(b);
        var order = numeric ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : x.localeCompare(y);
        return ascending ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
});
document.body.dataset.ready = "ok";
)js";

class Page {
   public:
    void raw(std::string_view text) { out_ << text; }
    void text(std::string_view text) { out_ << xml_escape(text); }
    [[nodiscard]] std::string str() const { return out_.str(); }

   private:
    std::ostringstream out_;
};

// One sentence under a section's heading on how to read it.
void how_to_read(Page& page, const std::string& text) {
    page.raw("<p class=\"how\">");
    page.text(text);
    page.raw("</p>\n");
}

void figure(Page& page, const std::string& value, const std::string& what) {
    page.raw("<div class=\"figure\"><div class=\"value\">");
    page.text(value);
    page.raw("</div><div class=\"what\">");
    page.text(what);
    page.raw("</div></div>\n");
}

// "Where referrals leave your network": refnet leakage's needs, the most
// leaked first, with where they went and who in network could have taken them.
void leakage_section(Page& page, const ReportInput& in) {
    constexpr std::size_t kRows = 10;
    const scoring::LeakageReport& l = *in.leakage;
    const graph::SmallCounts& small = in.small_counts;
    page.raw(
        "<section id=\"leakage\"><h2>Where referrals leave your network</h2>\n<p class=\"sub\">");
    page.text(small.words(l.leaked) + " of " + small.words(l.referrals) +
              " referrals in the 12 months before " + graph::format_date(l.as_of) +
              " went outside you and the " + std::to_string(l.in_network) +
              " providers you referred to 3 or more times in the year before (refnet leakage "
              "--in-network names the network instead).");
    page.raw("</p>\n");
    if (l.leaked == 0) {
        page.raw("<p>None leaked.</p></section>\n");
        return;
    }
    page.raw(
        "<table class=\"sortable\"><thead><tr><th>Need</th><th>Referrals</th><th>Leaked</th>"
        "<th>Went to</th><th>In network, could have taken them</th></tr></thead><tbody>\n");
    std::size_t shown = 0;
    for (const scoring::LeakageRow& row : l.by_need) {
        if (row.leaked == 0 || shown++ == kRows) break;
        std::string went;
        std::string could;
        for (const scoring::Destination& d : row.destinations) {
            went += (went.empty() ? "" : "; ") + name_of(in.providers[d.id]) + " (" +
                    small.figure(d.referrals) + ")";
            for (const graph::NodeId a : d.alternatives) {
                const std::string name = name_of(in.providers[a]);
                if (could.find(name) == std::string::npos)
                    could += (could.empty() ? "" : "; ") + name;
            }
        }
        std::string need = row.key;
        std::replace(need.begin(), need.end(), '_', ' ');
        page.raw("<tr><td>");
        page.text(need);
        page.raw("</td><td class=\"num\">");
        page.text(small.figure(row.referrals));
        page.raw("</td><td class=\"num\">");
        page.text(small.figure(row.leaked));
        page.raw("</td><td>");
        page.text(went);
        page.raw("</td><td>");
        page.text(could.empty() ? "–" : could);
        page.raw("</td></tr>\n");
    }
    page.raw("</tbody></table></section>\n");
}

// "Where to expand": the needs least covered, and the partner types that
// would cover them with their best candidates.
void expansion_section(Page& page, const ReportInput& in) {
    constexpr std::size_t kRows = 10;
    const scoring::ExpansionReport& x = *in.expansion;
    const graph::SmallCounts& small = in.small_counts;
    const std::string hidden = small.hidden();
    page.raw("<section id=\"expand\"><h2>Where to expand</h2>\n<p class=\"sub\">");
    page.text("Your patients' needs in the 12 months before " + graph::format_date(x.as_of) +
              ": patients a year (your referrals in and out × the share who present the need), "
              "the share you serve in house, the share your partners take, and what is left.");
    page.raw(
        "</p>\n<table class=\"sortable\"><thead><tr><th>Need</th><th>Patients a year</th>"
        "<th>In house</th><th>Partners</th><th>Uncovered a year</th><th>Covered by</th>"
        "</tr></thead><tbody>\n");
    for (std::size_t i = 0; i < x.needs.size() && i < kRows; ++i) {
        const scoring::NeedCoverage& c = x.needs[i];
        std::string partners;
        for (const auto& [v, count] : c.partners)
            partners += (partners.empty() ? "" : "; ") + name_of(in.providers[v]);
        std::string need = c.need;
        std::replace(need.begin(), need.end(), '_', ' ');
        page.raw("<tr><td>");
        page.text(need);
        // The shares of a hidden patient count would give it away.
        const bool few = small.hides(c.patients);
        page.raw("</td><td class=\"num\">");
        page.text(few ? hidden : one_decimal(c.patients));
        page.raw("</td><td class=\"num\">");
        page.text(few ? small.hidden_share() : percent(c.in_house));
        page.raw("</td><td class=\"num\">");
        page.text(few ? small.hidden_share() : percent(c.partners_share));
        page.raw("</td><td class=\"num\">");
        page.text(small.hides(c.uncovered) ? hidden : one_decimal(c.uncovered));
        page.raw("</td><td>");
        page.text(partners.empty() ? "–" : partners);
        page.raw("</td></tr>\n");
    }
    page.raw("</tbody></table>\n");
    if (x.types.empty()) {
        page.raw("<p>Every need is covered.</p></section>\n");
        return;
    }
    page.raw(
        "<table><thead><tr><th>Partner type</th><th>Uncovered a year</th><th>Needs</th>"
        "<th>Best candidates</th></tr></thead><tbody>\n");
    for (std::size_t i = 0; i < x.types.size(); ++i) {
        const scoring::PartnerType& t = x.types[i];
        std::string needs;
        for (const auto& n : t.needs) needs += (needs.empty() ? "" : ", ") + n;
        std::replace(needs.begin(), needs.end(), '_', ' ');
        std::string best;
        if (i < in.expansion_candidates.size()) {
            for (const auto& rec : in.expansion_candidates[i].items)
                best += (best.empty() ? "" : "; ") + name_of(in.providers[rec.id]);
        }
        page.raw("<tr><td>");
        page.text(t.specialty);
        page.raw("</td><td class=\"num\">");
        page.text(small.hides(t.uncovered) ? hidden : one_decimal(t.uncovered));
        page.raw("</td><td>");
        page.text(needs);
        page.raw("</td><td>");
        page.text(best.empty() ? "–" : best);
        page.raw("</td></tr>\n");
    }
    page.raw("</tbody></table></section>\n");
}

// The backtest scorecard: how the ranking did on this very data, replayed.
void scorecard_section(Page& page, const scoring::BacktestResult& result) {
    page.raw("<section id=\"scorecard\"><h2>Does the ranking predict here?</h2>\n");
    const std::string metric = scoring::headline_metric(result);
    const auto at = std::find(result.metric_names.begin(), result.metric_names.end(), metric);
    const std::string how = " as of " + graph::format_date(result.split) +
                            " from the data before it, and checked against whom each one first "
                            "referred to in the 12 months after";
    const std::string reading = " Higher is better; the range is a 95 % bootstrap interval.";
    if (result.focals_evaluated < result.focals_with_new_partner) {
        how_to_read(page, "The lists of a random " + thousands(result.focals_evaluated) +
                              " of the " + thousands(result.focals_with_new_partner) +
                              " providers with a new partner were made again" + how +
                              " (a sample keeps a large market's report quick)." + reading);
    } else {
        how_to_read(page, "Every provider's list was made again" + how + " (" +
                              thousands(result.focals_evaluated) +
                              " providers with a new partner)." + reading);
    }
    if (at == result.metric_names.end() || result.methods.empty()) {
        page.raw("<p>Not enough dated history to replay.</p></section>\n");
        return;
    }
    const auto m = static_cast<std::size_t>(at - result.metric_names.begin());
    page.raw("<table><thead><tr><th>Ranking</th><th>");
    page.text(metric);
    page.raw("</th><th>95 % interval</th></tr></thead><tbody>\n");
    // The model, then the three strongest baselines.
    std::vector<const scoring::MethodResult*> rows{&result.methods.front()};
    std::vector<const scoring::MethodResult*> baselines;
    for (std::size_t i = 1; i < result.methods.size(); ++i) baselines.push_back(&result.methods[i]);
    std::stable_sort(baselines.begin(), baselines.end(), [&](const auto* a, const auto* b) {
        return a->metrics[m].mean > b->metrics[m].mean;
    });
    for (std::size_t i = 0; i < baselines.size() && i < 3; ++i) rows.push_back(baselines[i]);
    for (const auto* method : rows) {
        const scoring::Estimate& e = method->metrics[m];
        page.raw("<tr><td>");
        page.text(method == rows.front() ? "RefNet, the ranking below" : method->name);
        page.raw("</td><td class=\"num\">" + graph::fixed(e.mean, 3) + "</td><td class=\"num\">" +
                 (std::isnan(e.ci_low)
                      ? std::string("n/a")
                      : graph::fixed(e.ci_low, 3) + " – " + graph::fixed(e.ci_high, 3)) +
                 "</td></tr>\n");
    }
    page.raw("</tbody></table>\n<p>");
    page.text(scoring::verdict(result, result.methods.front().name));
    page.raw("</p></section>\n");
}

// "Partner health" and "Follow-ups due": the first 15 rows of each.
void health_sections(Page& page, const ReportInput& in) {
    constexpr std::size_t kRows = 15;
    const scoring::HealthReport& h = *in.health;
    const graph::SmallCounts& small = in.small_counts;
    const std::string window = scoring::period_words(h.window);
    page.raw("<section id=\"health\"><h2>Partner health</h2>\n<p class=\"sub\">");
    page.text(h.dated ? "The last " + window + " (" + graph::format_date(h.window_start) +
                            " on) against each partner's own baseline from " +
                            graph::format_date(h.baseline_start) +
                            ", both directions, ranked by referrals at risk. Inbound: " +
                            small.words(h.inbound_last_year) + " referrals from " +
                            std::to_string(h.inbound_sources) + " sources in the last 365 days" +
                            (small.hides(static_cast<double>(h.inbound_last_year))
                                 ? std::string(".")
                                 : "; the top 3 send " + graph::percent(h.top3_inbound_share) + ".")
                      : "The data has no dates: no window can be compared.");
    page.raw("</p>\n");
    if (h.partners.empty()) {
        page.raw("<p>No partners.</p></section>\n");
    } else {
        page.raw(
            "<table class=\"sortable\"><thead><tr><th>Partner</th><th>Sent (expected)</th>"
            "<th>Received (expected)</th><th>At risk</th><th>Flags</th><th>Why</th></tr>"
            "</thead><tbody>\n");
        for (std::size_t i = 0; i < h.partners.size() && i < kRows; ++i) {
            const scoring::PartnerHealth& row = h.partners[i];
            std::string flags;
            for (std::size_t f = 0; f < scoring::kHealthFlagCount; ++f) {
                const auto flag = static_cast<scoring::HealthFlag>(f);
                if (row.has(flag)) {
                    std::string word(scoring::health_flag_key(flag));
                    std::replace(word.begin(), word.end(), '_', ' ');
                    flags += (flags.empty() ? "" : ", ") + word;
                }
            }
            page.raw("<tr><td>");
            page.text(name_of(in.providers[row.partner]));
            page.raw("</td><td class=\"num\">");
            auto flow = [&](const scoring::FlowChange& f) {
                return small.figure(f.window) + " (" +
                       small.expected_words(f.expected, one_decimal(f.expected)) + ")";
            };
            page.text(flow(row.sent));
            page.raw("</td><td class=\"num\">");
            page.text(flow(row.received));
            page.raw("</td><td class=\"num\">");
            page.text(row.at_risk > 0 ? one_decimal(row.at_risk) : "–");
            page.raw("</td><td>");
            page.text(flags);
            page.raw("</td><td>");
            page.text(row.why);
            page.raw("</td></tr>\n");
        }
        page.raw("</tbody></table></section>\n");
    }
    page.raw("<section id=\"followups\"><h2>Follow-ups due</h2>\n");
    how_to_read(page,
                "Calls and visits due by the date in the first column, most overdue "
                "first, with who should make them.");
    if (in.followups.empty()) {
        page.raw("<p>None due.</p></section>\n");
        return;
    }
    page.raw(
        "<table class=\"sortable\"><thead><tr><th>Due</th><th>Partner</th><th>Action</th>"
        "<th>Last contact</th></tr></thead><tbody>\n");
    for (std::size_t i = 0; i < in.followups.size() && i < kRows; ++i) {
        const scoring::FollowUp& f = in.followups[i];
        page.raw("<tr><td>");
        page.text(graph::format_date(f.due));
        page.raw("</td><td>");
        page.text(name_of(in.providers[f.partner]));
        page.raw("</td><td>");
        page.text(f.action);
        page.raw("</td><td>");
        const auto& t = f.health->last_touch;
        page.text(t ? graph::format_date(t->date) + " " +
                          std::string(graph::touch_kind_key(t->kind))
                    : "never");
        page.raw("</td></tr>\n");
    }
    page.raw("</tbody></table>");
    if (in.followups.size() > kRows) {
        page.raw("<p class=\"sub\">");
        page.text("and " + std::to_string(in.followups.size() - kRows) +
                  " more: refnet followups lists them all.");
        page.raw("</p>");
    }
    page.raw("</section>\n");
}

std::string trend_svg(const MonthlyTrend& trend, const graph::SmallCounts& small) {
    const std::size_t months = trend.in.size();
    if (months == 0) return "<p>No dated referrals.</p>";
    const double width = 900;
    const double height = 260;
    const double left = 50;
    const double bottom = 40;
    std::uint64_t peak = 1;
    for (std::size_t m = 0; m < months; ++m) peak = std::max({peak, trend.in[m], trend.out[m]});
    auto x = [&](std::size_t m) {
        return left + (months == 1 ? 0.0
                                   : (width - left - 20) * static_cast<double>(m) /
                                         static_cast<double>(months - 1));
    };
    auto y = [&](std::uint64_t v) {
        return height - bottom -
               (height - bottom - 20) * static_cast<double>(v) / static_cast<double>(peak);
    };
    std::ostringstream svg;
    svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " << width << " " << height
        << "\" role=\"img\" aria-label=\"Referrals per month\">\n";
    svg << "<line x1=\"" << left << "\" y1=\"" << y(0) << "\" x2=\"" << width - 20 << "\" y2=\""
        << y(0) << "\" stroke=\"#999\"/>\n";
    svg << "<text x=\"5\" y=\"" << y(peak) + 4 << "\" font-size=\"11\">" << small.figure(peak)
        << "</text>\n";
    svg << "<text x=\"5\" y=\"" << y(0) + 4 << "\" font-size=\"11\">0</text>\n";
    const std::size_t step = std::max<std::size_t>(1, months / 8);
    for (std::size_t m = 0; m < months; m += step) {
        svg << "<text x=\"" << x(m) << "\" y=\"" << height - 15
            << "\" font-size=\"11\" text-anchor=\"middle\">"
            << month_label(trend.first_month + static_cast<int>(m)) << "</text>\n";
    }
    auto line = [&](const std::vector<std::uint64_t>& values, const char* color, const char* name,
                    double legend_y) {
        // A month whose count is hidden (--suppress-below) is a gap in the line.
        bool open = false;
        for (std::size_t m = 0; m < months; ++m) {
            const bool hidden = small.hides(static_cast<double>(values[m]));
            if (hidden && open) svg << "\"/>\n";
            if (!hidden && !open) {
                svg << "<polyline fill=\"none\" stroke=\"" << color
                    << "\" stroke-width=\"2\" points=\"";
            }
            open = !hidden;
            if (!hidden) svg << x(m) << "," << y(values[m]) << " ";
        }
        if (open) svg << "\"/>\n";
        svg << "<text x=\"" << width - 170 << "\" y=\"" << legend_y << "\" font-size=\"12\" fill=\""
            << color << "\">" << name << "</text>\n";
    };
    line(trend.out, "#1f78b4", "referrals sent", 18);
    line(trend.in, "#e31a1c", "referrals received", 34);
    svg << "</svg>\n";
    return svg.str();
}

void recommendations_table(Page& page, const ReportInput& in,
                           const scoring::RecommendResult& result, bool distance) {
    if (result.items.empty()) {
        page.raw("<p>None.</p>\n");
        return;
    }
    page.raw(
        "<table class=\"sortable\"><thead><tr><th>Rank</th><th>Provider</th><th>Specialty</th>");
    if (distance) page.raw("<th>km</th>");
    // Prospects score a chance out of 100; strengthen's score is the upside in
    // referrals a year (expected minus sent), not a chance.
    page.raw(distance ? "<th>Score (of 100)</th>" : "<th>Upside (referrals/yr)</th>");
    page.raw("<th>Why</th></tr></thead><tbody>\n");
    std::size_t rank = 0;
    for (const auto& rec : result.items) {
        const auto& p = in.providers[rec.id];
        page.raw("<tr><td class=\"num\">" + std::to_string(++rank) + "</td><td>");
        page.text(name_of(p));
        page.raw("<br><span class=\"sub\">");
        page.text(p.id);
        page.raw("</span></td><td>");
        page.text(p.specialty);
        page.raw("</td>");
        if (distance)
            page.raw("<td class=\"num\">" + one_decimal(rec.evidence.distance_km) + "</td>");
        page.raw("<td class=\"num\">" + one_decimal(distance ? rec.score * 100.0 : rec.score) +
                 "</td><td><ul class=\"reasons\">");
        for (const auto& r : rec.reasons) {
            page.raw("<li>");
            page.text(r);
            page.raw("</li>");
        }
        for (const auto& c : rec.cautions) {
            page.raw("<li class=\"caution\">Caution: ");
            page.text(c);
            page.raw("</li>");
        }
        page.raw("</ul></td></tr>\n");
    }
    page.raw("</tbody></table>\n");
}

}  // namespace

namespace {
// Members are a practice's few NPIs: a scan beats a set.
bool is_member(std::span<const graph::NodeId> members, graph::NodeId v) {
    return std::find(members.begin(), members.end(), v) != members.end();
}
std::span<const graph::NodeId> members_of(const ReportInput& in) {
    return in.members.empty() ? std::span<const graph::NodeId>(&in.focal, 1) : in.members;
}
}  // namespace

Headline headline(const ReportInput& in) {
    const std::span<const graph::NodeId> members = members_of(in);
    const graph::MemberSummary s =
        graph::summarize_members(in.network, in.groups, members, in.community);
    Headline h;
    h.referrals_out = s.referrals_out;
    h.referrals_in = s.referrals_in;
    h.internal = s.internal;
    h.partners = s.partners;
    h.reciprocity = s.reciprocity;
    h.closed_loop_rate = s.closed_loop_rate;
    h.leakage = s.leakage;
    const auto member = [&](graph::NodeId v) { return is_member(members, v); };
    std::vector<std::int32_t> days;
    for (const auto& r : in.referrals) {
        if (r.days_to_appointment >= 0 && member(r.from) && !member(r.to))
            days.insert(days.end(), r.count, r.days_to_appointment);
    }
    if (days.empty()) {
        h.median_days_to_appointment = std::nan("");
    } else {
        std::sort(days.begin(), days.end());
        const std::size_t mid = days.size() / 2;
        h.median_days_to_appointment =
            days.size() % 2 ? days[mid] : (days[mid - 1] + days[mid]) / 2.0;
    }
    return h;
}

MonthlyTrend monthly_trend(const ReportInput& in) {
    const std::span<const graph::NodeId> members = members_of(in);
    const auto member = [&](graph::NodeId v) { return is_member(members, v); };
    std::map<int, std::pair<std::uint64_t, std::uint64_t>> months;
    for (const auto& r : in.referrals) {
        if (!r.date.valid() || member(r.from) == member(r.to)) continue;  // internal, or unrelated
        if (member(r.to)) months[month_index(r.date)].first += r.count;
        if (member(r.from)) months[month_index(r.date)].second += r.count;
    }
    MonthlyTrend trend;
    if (months.empty()) return trend;
    trend.first_month = months.begin()->first;
    const int last = months.rbegin()->first;
    for (int m = trend.first_month; m <= last; ++m) {
        const auto it = months.find(m);
        trend.in.push_back(it == months.end() ? 0 : it->second.first);
        trend.out.push_back(it == months.end() ? 0 : it->second.second);
    }
    return trend;
}

std::string html_report(const ReportInput& in) {
    const graph::Provider& focal = in.providers[in.focal];
    const std::span<const graph::NodeId> members = members_of(in);
    const bool organisation = members.size() > 1;
    const std::string title =
        !in.organisation.empty() ? in.organisation
        : organisation ? "Organisation of " + std::to_string(members.size()) + " providers"
                       : name_of(focal);
    const Headline h = headline(in);
    Page page;
    page.raw(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
        "'unsafe-inline'; "
        "script-src 'unsafe-inline'; img-src data:\">\n<title>");
    page.text("Referral report: " + title);
    page.raw("</title>\n<style>");
    page.raw(kStyle);
    page.raw("</style></head>\n<body>\n<h1 id=\"title\">");
    page.text(title);
    page.raw("</h1>\n<p class=\"sub\">");
    std::string sub;
    if (organisation) {
        sub = "Members: ";
        for (std::size_t i = 0; i < members.size(); ++i) {
            const graph::Provider& m = in.providers[members[i]];
            sub += (i == 0 ? "" : "; ") + name_of(m) + " (" + m.id + ")";
        }
        sub += ". Referrals between members (" + in.small_counts.figure(h.internal) +
               ") are neither sent nor received";
    } else {
        sub = focal.id + (focal.specialty.empty() ? "" : " · " + focal.specialty) +
              (focal.city.empty()
                   ? ""
                   : " · " + focal.city + (focal.state.empty() ? "" : ", " + focal.state));
    }
    page.text(sub);
    page.raw("</p>\n<p class=\"sub\" id=\"provenance\">");
    // Which data, which cut and which build: a consultant hands the page on.
    graph::Date first = graph::kNoDate;
    graph::Date last = graph::kNoDate;
    for (const auto& r : in.referrals) {
        if (!r.date.valid()) continue;
        if (!first.valid() || r.date < first) first = r.date;
        if (!last.valid() || last < r.date) last = r.date;
    }
    std::string provenance = first.valid() ? "Referrals from " + graph::format_date(first) +
                                                 " to " + graph::format_date(last)
                                           : "Undated referral counts";
    if (in.as_of.valid()) provenance += " · as of " + graph::format_date(in.as_of);
    if (!in.provenance.data_hash.empty()) provenance += " · data " + in.provenance.data_hash;
    if (!in.provenance.version.empty()) provenance += " · RefNet " + in.provenance.version;
    page.text(provenance);
    page.raw("</p>\n<section id=\"headline\"><h2>Headline figures</h2>\n");
    how_to_read(page,
                "Counts are referrals over the whole period above; rates are shares of them. "
                "Reciprocity: of the providers you exchange referrals with, the share who go "
                "both ways.");
    page.raw("<div class=\"figures\">\n");
    const graph::SmallCounts& small = in.small_counts;
    const bool few_sent = small.hides(static_cast<double>(h.referrals_out));
    figure(page, small.figure(h.referrals_out), "referrals sent");
    figure(page, small.figure(h.referrals_in), "referrals received");
    figure(page, std::to_string(h.partners), "referral partners");
    figure(page, percent(h.reciprocity), "reciprocity (partners both ways)");
    figure(page, few_sent ? small.hidden_share() : percent(h.closed_loop_rate),
           "closed loop (notes back on referrals sent)");
    figure(page,
           std::isnan(h.median_days_to_appointment) ? "n/a"
                                                    : one_decimal(h.median_days_to_appointment),
           "median days to appointment");
    if (in.leakage != nullptr && in.leakage->referrals > 0) {
        figure(page,
               small.hides_share(in.leakage->leaked, in.leakage->referrals)
                   ? small.hidden_share()
                   : percent(static_cast<double>(in.leakage->leaked) /
                             static_cast<double>(in.leakage->referrals)),
               "leakage (sent outside you and your established partners, last 12 months)");
    } else {
        figure(page, percent(h.leakage), "leakage (sent outside your referral community)");
    }
    page.raw("</div></section>\n<section id=\"trend\"><h2>Referrals per month</h2>\n");
    how_to_read(page,
                "Referrals sent and received each calendar month; a dip that lasts is "
                "worth a look in the partner health table.");
    if (small.active()) {
        how_to_read(page, "Months with fewer than " + std::to_string(small.below) +
                              " referrals either way are gaps in their line.");
    }
    page.raw(trend_svg(monthly_trend(in), small));
    page.raw("</section>\n<section id=\"ego\"><h2>Your referral partners</h2>\n");
    how_to_read(page,
                "You in the middle; arrows show who refers to whom, thicker for more referrals, "
                "coloured by the share of referrals closed with notes back. Dashed boxes are the "
                "top five prospects; a red double border marks a slipping or lapsed partner.");
    page.raw("<div class=\"diagram\">\n");
    const auto svg_start = in.ego_svg.find("<svg");
    page.raw(svg_start == std::string::npos ? "<p>No diagram.</p>" : in.ego_svg.substr(svg_start));
    page.raw("</div></section>\n");

    auto partners_table = [&](const char* id, const char* heading, bool outbound) {
        page.raw(std::string("<section id=\"") + id + "\"><h2>" + heading + "</h2>\n");
        how_to_read(page, outbound ? "Your 15 largest receivers over the whole period. Closed "
                                     "loop: the share of your referrals they answered with "
                                     "notes back."
                                   : "Your 15 largest sources over the whole period. You closed "
                                     "the loop: the share of their referrals you answered with "
                                     "notes back.");
        const auto& net = in.network;
        const auto& a = net.attributes();
        // One row per partner, its edges with every member summed.
        struct Row {
            std::uint64_t count = 0, closed = 0, on_time = 0;
            graph::Date last = graph::kNoDate;
        };
        std::map<graph::NodeId, Row> by_partner;
        auto add = [&](graph::NodeId other, graph::EdgeId e) {
            if (is_member(members, other)) return;
            Row& r = by_partner[other];
            r.count += a.count[e];
            if (!a.closed_loop.empty()) r.closed += a.closed_loop[e];
            if (!a.on_time.empty()) r.on_time += a.on_time[e];
            if (!a.last_date.empty() && (!r.last.valid() || r.last < a.last_date[e]))
                r.last = a.last_date[e];
        };
        for (const graph::NodeId m : members) {
            if (outbound) {
                for (std::size_t i = 0; i < net.out_neighbors(m).size(); ++i)
                    add(net.out_neighbors(m)[i], net.out_edge_begin(m) + i);
            } else {
                for (graph::EdgeId e : net.in_edges(m)) add(net.edge_source(e), e);
            }
        }
        std::vector<std::pair<graph::NodeId, Row>> rows(by_partner.begin(), by_partner.end());
        std::stable_sort(rows.begin(), rows.end(), [](const auto& x, const auto& y) {
            return x.second.count > y.second.count;
        });
        if (rows.size() > 15) rows.resize(15);
        if (rows.empty()) {
            page.raw("<p>None.</p></section>\n");
            return;
        }
        page.raw(
            "<table "
            "class=\"sortable\"><thead><tr><th>Provider</th><th>Specialty</th><th>Referrals</th>"
            "<th>" +
            std::string(outbound ? "Closed loop" : "You closed the loop") +
            "</th><th>Seen within 14 days</th><th>Last "
            "referral</th></tr></thead><tbody>\n");
        for (const auto& [other, row] : rows) {
            const auto& p = in.providers[other];
            page.raw("<tr><td>");
            page.text(name_of(p));
            page.raw("</td><td>");
            page.text(p.specialty);
            const auto n = static_cast<double>(row.count);
            // Rates of a hidden count would give it away.
            const bool few = small.hides(n);
            page.raw("</td><td class=\"num\">");
            page.text(small.figure(row.count));
            page.raw("</td><td class=\"num\">");
            page.text(a.closed_loop.empty() ? "n/a"
                      : few                 ? small.hidden_share()
                                            : percent(static_cast<double>(row.closed) / n));
            page.raw("</td><td class=\"num\">");
            page.text(a.on_time.empty() ? "n/a"
                      : few             ? small.hidden_share()
                                        : percent(static_cast<double>(row.on_time) / n));
            page.raw("</td><td>" + (row.last.valid() ? graph::format_date(row.last) : "") +
                     "</td></tr>\n");
        }
        page.raw("</tbody></table></section>\n");
    };
    partners_table("top-out", "Where you send patients", true);
    partners_table("top-in", "Who sends you patients", false);
    if (in.health != nullptr) health_sections(page, in);
    if (in.leakage != nullptr) leakage_section(page, in);
    if (in.expansion != nullptr) expansion_section(page, in);
    if (in.scorecard != nullptr) scorecard_section(page, *in.scorecard);
    page.raw("<section id=\"upkeep\"><h2>Partners to strengthen</h2>\n");
    how_to_read(page,
                "Existing partners in partner health's order (referrals at risk first), "
                "with the reasons to call them.");
    if (organisation) {
        page.raw(
            "<p>An organisation's partners to look after are the partner health table above, "
            "in order of referrals at risk (<code>refnet health --org</code>).</p>\n");
    } else {
        recommendations_table(page, in, in.strengthen, false);
    }
    page.raw("</section>\n<section id=\"recommendations\"><h2>Whom to approach next</h2>\n");
    how_to_read(page,
                "Providers you have no referral tie with yet. Score: the model's chance, out of "
                "100, that you start referring to them within a year. Each reason states its "
                "window; cautions (in red) are facts against the pick.");
    recommendations_table(page, in, in.prospects, true);
    page.raw(
        "</section>\n<p class=\"sub\">Made by RefNet. Scores are out of 100; see "
        "docs/methodology.md in the RefNet sources for how each signal is "
        "computed. No patient identifiers are included.</p>\n<script>");
    page.raw(kScript);
    page.raw("</script>\n</body></html>\n");
    return page.str();
}

}  // namespace refnet::viz

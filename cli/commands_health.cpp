// health and followups: how the focal's existing partners are doing, and
// the work queue that follows (docs/cli/health.md, docs/cli/followups.md).
#include <algorithm>
#include <iostream>
#include <refnet/graph/metrics.hpp>
#include <refnet/graph/text.hpp>
#include <refnet/io/ics.hpp>
#include <refnet/scoring/health.hpp>
#include <sstream>

#include "common.hpp"
#include "queries.hpp"

namespace refnet::cli {

namespace {

struct Assessed {
    const io::Dataset& data;
    graph::NodeId focal = graph::kNoNode;
    scoring::HealthReport report;
};

// The focal named by --by: a provider whose liaison made touchpoints, found
// by id or by a case-insensitive part of its name.
graph::NodeId resolve_owner(const io::Dataset& data, const std::string& by) {
    if (auto id = data.ids.find(by)) return *id;
    const std::string want = graph::lower_ascii(by);
    std::vector<graph::NodeId> owners;
    for (const auto& t : data.touchpoints) {
        if (t.by != graph::kNoNode) owners.push_back(t.by);
    }
    std::sort(owners.begin(), owners.end());
    owners.erase(std::unique(owners.begin(), owners.end()), owners.end());
    std::vector<graph::NodeId> matches;
    for (const graph::NodeId o : owners) {
        if (graph::contains_case_blind(data.providers[o].name, want)) matches.push_back(o);
    }
    if (matches.size() == 1) return matches.front();
    if (matches.empty()) {
        throw NotInData("--by \"" + by +
                        "\": no touchpoint owner has that id or name (expected a provider whose "
                        "liaison appears in touchpoints.csv's by column)");
    }
    std::string names;
    for (std::size_t i = 0; i < matches.size() && i < 5; ++i) {
        names +=
            (i ? "; " : "") + data.providers[matches[i]].id + " " + data.providers[matches[i]].name;
    }
    throw UsageError("--by \"" + by + "\" names " + std::to_string(matches.size()) +
                     " touchpoint owners (expected one; use an id)" +
                     (matches.size() > 5 ? ", the first 5: " : ": ") + names);
}

}  // namespace

void add_health_query_options(CLI::App& app, HealthOptions& o, bool followups) {
    app.add_option("--as-of", o.as_of,
                   "Judge as of this date (YYYY-MM-DD; default: the day after the last referral)");
    app.add_option("--window", o.window, "Recent window compared with the baseline (90d, 3m)")
        ->default_str("90d");
    app.add_option("--history", o.history, "Baseline: this long before the window")
        ->default_str("24m");
    app.add_option("--cadence", o.cadence,
                   "Check-in cadence of a key partner (regular partners: x2, occasional: x4)")
        ->default_str("90d");
    app.add_option("--loop-days", o.loop_days,
                   "Days after which a referral without notes back is an open loop")
        ->default_val(30)
        ->check(CLI::Range(1, 3650));
    if (followups) {
        CLI::Option* focal =
            add_member_options(app, o.focals, o.org, o.org_name, "whose queue to build");
        auto* by = app.add_option("--by", o.by,
                                  "Touchpoint owner (id or part of the name) whose queue to build");
        focal->excludes(by);
        app.add_option("--top", o.top, "Items to list (0: all)")->default_val(25);
    } else {
        add_member_options(app, o.focals, o.org, o.org_name, "whose partners are assessed");
        app.add_option("--top", o.top, "Rows to show (0: every partner)")->default_val(0);
    }
}

scoring::HealthParams health_params(const HealthOptions& o) {
    scoring::HealthParams params;
    params.window = period_value("--window", o.window, "90d or 3m");
    params.history = period_value("--history", o.history, "90d or 3m");
    params.cadence = period_value("--cadence", o.cadence, "90d or 3m");
    params.loop_days = o.loop_days;
    params.as_of = optional_date("--as-of", o.as_of);
    params.small_counts = o.small;
    return params;
}

namespace {

// Partner health on data already cut at --as-of (the caller's job).
Assessed assess(const HealthOptions& o, const io::Dataset& data, const graph::GroupFlows& flows) {
    const scoring::HealthParams params = health_params(o);
    Assessed a{data, graph::kNoNode, {}};
    std::vector<graph::NodeId> members;
    if (o.by.empty()) {
        members = resolve_members(a.data, o.focals, o.org, o.org_name);
    } else {
        members = {resolve_owner(a.data, o.by)};
    }
    a.focal = members.front();
    std::vector<graph::Referral> edge_events;
    const scoring::HealthInputs inputs{data.providers, data.groups,
                                       events_touching(data, members, edge_events),
                                       data.touchpoints, &flows};
    try {
        a.report = scoring::partner_health(inputs, members, params);
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    }
    return a;
}

std::string flag_list(const scoring::PartnerHealth& h) {
    std::string out;
    for (std::size_t f = 0; f < scoring::kHealthFlagCount; ++f) {
        const auto flag = static_cast<scoring::HealthFlag>(f);
        if (h.has(flag))
            out += (out.empty() ? "" : " ") + std::string(scoring::health_flag_key(flag));
    }
    return out;
}

std::string touch_text(const io::Dataset& data, const std::optional<graph::Touchpoint>& t) {
    if (!t) return "never";
    return graph::format_date(t->date) + " " + std::string(graph::touch_kind_key(t->kind)) +
           (t->by == graph::kNoNode ? "" : " by " + data.providers[t->by].name);
}

std::string date_or_never(graph::Date d) { return d.valid() ? graph::format_date(d) : "never"; }

std::string flow_text(const scoring::FlowChange& f, bool dated, const graph::SmallCounts& small) {
    if (!dated) return small.figure(f.baseline);
    const std::string expected = small.hides(f.expected) ? small.hidden() : fixed(f.expected, 1);
    return small.figure(f.window) + " (exp " + expected + ")";
}

nlohmann::ordered_json flow_json(const scoring::FlowChange& f) {
    return {{"window", f.window},
            {"baseline", f.baseline},
            {"expected", f.expected},
            {"p_value", f.p_value},
            {"last", graph::format_date(f.last)}};
}

// "ID NAME" for one focal, "N members (NAME, NAME)" for an organisation;
// terminal-safe.
std::string who(const Assessed& a) {
    const auto& members = a.report.members;
    if (members.size() <= 1) {
        const auto& f = a.data.providers[a.focal];
        return f.id + (f.name.empty() ? "" : " " + io::terminal_safe(f.name));
    }
    std::string out = std::to_string(members.size()) + " members (";
    for (std::size_t i = 0; i < members.size(); ++i) {
        const auto& m = a.data.providers[members[i]];
        out += (i ? ", " : "") + io::terminal_safe(name_or_id(m));
    }
    return out + ")";
}

std::string header(const Assessed& a) {
    const auto& r = a.report;
    std::string out = "health of " + std::to_string(r.partners.size()) +
                      (r.partners.size() == 1 ? " partner of " : " partners of ") + who(a);
    if (r.dated) {
        out += ", as of " + graph::format_date(r.as_of) + ": window " +
               graph::format_date(r.window_start) + " to " +
               graph::format_date(graph::Date{r.as_of.days - 1});
        out += r.baseline_start < r.window_start
                   ? " against " + graph::format_date(r.baseline_start) + " to " +
                         graph::format_date(graph::Date{r.window_start.days - 1})
                   : ", no baseline before it (the data starts in the window)";
    } else {
        out += ": the data has no dates, so no window can be compared";
    }
    const graph::SmallCounts& small = r.small_counts;
    out += "\ninbound: " + small.words(r.inbound_last_year, "referral", "referrals") + " from " +
           std::to_string(r.inbound_sources) + " sources " +
           (r.dated ? "in the last 365 days" : "in the data");
    if (r.inbound_last_year > 0 && !small.hides(static_cast<double>(r.inbound_last_year))) {
        out += "; the top 3 send " + graph::percent(r.top3_inbound_share) +
               ", concentration (HHI) " + fixed(r.inbound_hhi, 2);
    }
    return out + "\n";
}

}  // namespace

namespace {

// The CLI's path: read the inputs, cut them at --as-of, then answer.
template <typename Write>
void answer_from_inputs(const HealthOptions& options, Write&& write) {
    const scoring::HealthParams params = health_params(options);  // usage errors first
    io::Dataset data = load_reporting(options.inputs);
    if (params.as_of.valid()) {
        // Resolved again after the cut; an unknown member or a --by whose
        // check-ins all follow --as-of is reported as the data stood.
        if (options.by.empty()) {
            (void)resolve_members(data, options.focals, options.org, options.org_name);
        } else {
            (void)resolve_owner(data, options.by);
        }
        io::restrict_before(data, params.as_of);
    }
    const graph::GroupFlows flows = graph::group_flows(data.network, data.groups);
    write(data, flows);
}

void answer_health(const HealthOptions& options, io::Format format, std::ostream& out) {
    answer_from_inputs(options, [&](const io::Dataset& data, const graph::GroupFlows& flows) {
        write_health(options, data, flows, format, out);
    });
}

void answer_followups(const HealthOptions& options, const std::string& format, std::ostream& out) {
    answer_from_inputs(options, [&](const io::Dataset& data, const graph::GroupFlows& flows) {
        write_followups(options, data, flows, format, out);
    });
}

}  // namespace

std::function<int()> setup_health_command(CLI::App& app) {
    struct State {
        HealthOptions options;
        OutputOptions output;
    };
    auto s = std::make_shared<State>();
    add_input_options(app, s->options.inputs);
    add_suppression_option(app, s->options.small);
    add_health_query_options(app, s->options, false);
    add_output_options(app, s->output);
    return [s]() {
        require_inputs(s->options.inputs);
        require_members(s->options.focals, s->options.org);
        std::ostringstream answer;
        answer_health(s->options, s->output.parsed_format(), answer);
        emit(s->output, [&](std::ostream& out) { out << answer.str(); });
        return kExitOk;
    };
}

void write_health(const HealthOptions& options, const io::Dataset& data,
                  const graph::GroupFlows& flows, io::Format format, std::ostream& out) {
    const Assessed a = assess(options, data, flows);
    const auto& rows = a.report.partners;
    const std::size_t shown = options.top == 0 ? rows.size() : std::min(options.top, rows.size());
    {
        {
            if (format == io::Format::json) {
                nlohmann::ordered_json doc;
                const auto& r = a.report;
                doc["focal"] = a.data.providers[a.focal].id;
                doc["members"] = provider_ids_json(a.data, r.members);
                doc["as_of"] = graph::format_date(r.as_of);
                doc["window_start"] = graph::format_date(r.window_start);
                doc["baseline_start"] = graph::format_date(r.baseline_start);
                doc["inbound_last_year"] = r.inbound_last_year;
                doc["inbound_sources"] = r.inbound_sources;
                doc["top3_inbound_share"] = r.top3_inbound_share;
                doc["inbound_hhi"] = r.inbound_hhi;
                auto& list = doc["partners"] = nlohmann::ordered_json::array();
                for (std::size_t i = 0; i < shown; ++i) {
                    const auto& h = rows[i];
                    const auto& p = a.data.providers[h.partner];
                    nlohmann::ordered_json flags = nlohmann::ordered_json::array();
                    for (std::size_t f = 0; f < scoring::kHealthFlagCount; ++f) {
                        if (h.has(static_cast<scoring::HealthFlag>(f)))
                            flags.push_back(
                                scoring::health_flag_key(static_cast<scoring::HealthFlag>(f)));
                    }
                    nlohmann::ordered_json row{
                        {"rank", i + 1},
                        {"id", p.id},
                        {"name", p.name},
                        {"specialty", p.specialty},
                        {"at_risk", h.at_risk},
                        {"shortfall", h.shortfall},
                        {"sent", flow_json(h.sent)},
                        {"received", flow_json(h.received)},
                        {"flags", flags},
                        {"usual_gap_days", h.usual_gap_days},
                        {"days_since_last", h.days_since_last},
                        {"open_loops", h.open_loops},
                        {"oldest_open_loop", graph::format_date(h.oldest_open_loop)},
                        {"inbound_share", h.inbound_share},
                        {"tier", h.tier},
                        {"cadence", graph::format_period(h.cadence)},
                        {"checkin_due", graph::format_date(h.checkin_due)},
                        {"why", h.why}};
                    if (h.last_touch) {
                        row["last_touch"] = {{"date", graph::format_date(h.last_touch->date)},
                                             {"kind", graph::touch_kind_key(h.last_touch->kind)},
                                             {"by", h.last_touch->by == graph::kNoNode
                                                        ? std::string()
                                                        : a.data.providers[h.last_touch->by].id}};
                    }
                    if (h.quality) {
                        row["quality"] = {{"measure", h.quality->measure},
                                          {"baseline", h.quality->baseline},
                                          {"window", h.quality->window},
                                          {"window_count", h.quality->window_count}};
                    }
                    list.push_back(std::move(row));
                }
                write_counts_json(std::move(doc), a.report.small_counts, out);
                return;
            }
            const bool csv = format == io::Format::csv;
            io::Table t{{"rank", "id", "name", "specialty", csv ? "sent_window" : "sent",
                         csv ? "received_window" : "received", "at_risk", "flags"},
                        {}};
            if (csv) {
                for (const char* c :
                     {"sent_expected", "received_expected", "sent_p_value", "received_p_value",
                      "last_sent", "last_received", "open_loops", "inbound_share", "tier",
                      "checkin_due", "last_touch", "why"})
                    t.columns.emplace_back(c);
            }
            for (std::size_t i = 0; i < shown; ++i) {
                const auto& h = rows[i];
                const auto& p = a.data.providers[h.partner];
                std::vector<io::Cell> row{static_cast<std::uint64_t>(i + 1), p.id, p.name,
                                          p.specialty};
                if (csv) {
                    row.emplace_back(h.sent.window);
                    row.emplace_back(h.received.window);
                    row.emplace_back(h.at_risk);
                } else {
                    row.emplace_back(flow_text(h.sent, a.report.dated, a.report.small_counts));
                    row.emplace_back(flow_text(h.received, a.report.dated, a.report.small_counts));
                    row.emplace_back(h.at_risk > 0 ? fixed(h.at_risk, 1) : std::string("-"));
                }
                row.emplace_back(flag_list(h));
                if (csv) {
                    row.emplace_back(h.sent.expected);
                    row.emplace_back(h.received.expected);
                    row.emplace_back(h.sent.p_value);
                    row.emplace_back(h.received.p_value);
                    row.emplace_back(graph::format_date(h.sent.last));
                    row.emplace_back(graph::format_date(h.received.last));
                    row.emplace_back(h.open_loops);
                    row.emplace_back(h.inbound_share);
                    row.emplace_back(h.tier);
                    row.emplace_back(graph::format_date(h.checkin_due));
                    row.emplace_back(touch_text(a.data, h.last_touch));
                    row.emplace_back(h.why);
                }
                t.rows.push_back(std::move(row));
            }
            if (csv) {
                write_counts_table(std::move(t), io::Format::csv, a.report.small_counts, out);
                return;
            }
            out << header(a) << shared_patients_note(a.data) << '\n';
            io::write_table(t, io::Format::table, out);
            out << '\n';
            for (std::size_t i = 0; i < shown; ++i) {
                const auto& h = rows[i];
                const auto& p = a.data.providers[h.partner];
                out << i + 1 << ". " << io::terminal_safe(name_or_id(p)) << ": " << h.why
                    << "\n   last sent " << date_or_never(h.sent.last) << ", last received "
                    << date_or_never(h.received.last) << ", last check-in "
                    << io::terminal_safe(touch_text(a.data, h.last_touch)) << '\n';
            }
        }
    }
}

std::function<int()> setup_followups_command(CLI::App& app) {
    struct State {
        HealthOptions options;
        std::string format = "table";
        std::string path;
    };
    auto s = std::make_shared<State>();
    add_input_options(app, s->options.inputs);
    add_suppression_option(app, s->options.small);
    add_health_query_options(app, s->options, true);
    app.add_option("--format", s->format,
                   "Output format (ics: an iCalendar file of the due check-ins)")
        ->check(CLI::IsMember({"table", "csv", "json", "ics"}))
        ->default_str("table")
        ->group("Output");
    app.add_option("-o,--output", s->path, "Write to FILE (atomically) instead of stdout")
        ->group("Output");
    return [s]() {
        require_inputs(s->options.inputs);
        const int named = static_cast<int>(!s->options.focals.empty()) +
                          static_cast<int>(!s->options.org.empty()) +
                          static_cast<int>(!s->options.by.empty());
        if (named != 1)
            throw UsageError("expected exactly one of --focal ID, --org FILE and --by NAME");
        std::ostringstream answer;
        answer_followups(s->options, s->format, answer);
        emit(OutputOptions{"table", s->path}, [&](std::ostream& out) { out << answer.str(); });
        return kExitOk;
    };
}

void write_followups(const HealthOptions& options, const io::Dataset& data,
                     const graph::GroupFlows& flows, const std::string& format, std::ostream& out) {
    const Assessed a = assess(options, data, flows);
    std::vector<scoring::FollowUp> queue = scoring::followups(a.report);
    const std::size_t due = queue.size();
    if (options.top != 0 && queue.size() > options.top) queue.resize(options.top);
    const auto& focal_provider = a.data.providers[a.focal];
    auto name_of = [&](graph::NodeId v) { return a.data.providers[v].name; };
    const OutputOptions output{format == "ics" ? "table" : format, ""};
    {
        {
            if (format == "ics") {
                std::vector<io::CalendarEvent> events;
                for (const auto& f : queue) {
                    const std::string verb = f.action.substr(0, f.action.find(':'));
                    events.push_back(
                        {"refnet-" + focal_provider.id + "-" + a.data.providers[f.partner].id +
                             "-" + graph::format_date(f.due) + "@refnet",
                         std::max(f.due, a.report.as_of), verb + ": " + name_of(f.partner),
                         f.action + ". " + f.health->why +
                             " Last contact: " + touch_text(a.data, f.health->last_touch) +
                             ". Owner: " + name_of(f.owner) + "."});
                }
                io::write_ics(out, events, a.report.as_of);
                return;
            }
            io::Table t{
                {"rank", "due", "days_overdue", "id", "name", "action", "last_contact", "owner"},
                {}};
            std::uint64_t rank = 0;
            for (const auto& f : queue) {
                t.rows.push_back({++rank, graph::format_date(f.due),
                                  static_cast<std::int64_t>(f.days_overdue),
                                  a.data.providers[f.partner].id, name_of(f.partner), f.action,
                                  touch_text(a.data, f.health->last_touch), name_of(f.owner)});
            }
            if (output.parsed_format() == io::Format::table) {
                out << "follow-ups for " << who(a)
                    << (a.report.dated ? ", as of " + graph::format_date(a.report.as_of)
                                       : std::string(" (the data has no dates: nothing falls due)"))
                    << ": " << due << " due"
                    << (queue.size() < due
                            ? ", the first " + std::to_string(queue.size()) + " shown"
                            : std::string())
                    << "\n\n";
            }
            io::write_table(t, output.parsed_format(), out);
        }
    }
}

}  // namespace refnet::cli

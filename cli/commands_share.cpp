// share: who refers into the organisation's service line, and how much of it
// goes to competitors (docs/cli/share.md).
#include <array>
#include <iostream>
#include <refnet/graph/text.hpp>
#include <refnet/scoring/share.hpp>
#include <sstream>

#include "common.hpp"
#include "queries.hpp"

namespace refnet::cli {

namespace {

std::string line_label(const io::Dataset& data, const scoring::ShareReport& r) {
    std::string out;
    for (const auto& code : r.taxonomies) {
        std::string label = code;
        for (const auto m : r.members) {
            if (data.providers[m].taxonomy == code && !data.providers[m].specialty.empty()) {
                label = data.providers[m].specialty;
                break;
            }
        }
        out += (out.empty() ? "" : ", ") + label;
    }
    return out.empty() ? std::string("(no taxonomy)") : out;
}

}  // namespace

void add_share_query_options(CLI::App& app, ShareOptions& options) {
    ShareOptions* s = &options;
    add_member_options(app, s->focals, s->org, s->org_name, "whose share is measured");
    app.add_option("--taxonomy", s->taxonomies,
                   "Service line taxonomy code (repeat; default: the members' own)");
    app.add_option("--as-of", s->as_of,
                   "Count up to this date (YYYY-MM-DD; default: the day after the last referral)");
    app.add_option("--window", s->window, "Referrals counted: this long before as-of (12m, 90d)")
        ->default_str("12m");
    app.add_option("--top", s->top, "Referrers to list (0: all)")->default_val(25);
}

namespace {

scoring::ShareParams share_params(const ShareOptions& s) {
    scoring::ShareParams params;
    params.window = period_value("--window", s.window, "12m or 90d");
    params.taxonomies = s.taxonomies;
    params.as_of = optional_date("--as-of", s.as_of);
    return params;
}

}  // namespace

std::function<int()> setup_share_command(CLI::App& app) {
    struct State : ShareOptions {
        io::InputSpec inputs;
        OutputOptions output;
    };
    auto s = std::make_shared<State>();
    add_input_options(app, s->inputs);
    add_share_query_options(app, *s);
    add_output_options(app, s->output);
    add_suppression_option(app, s->small);
    return [s]() {
        require_inputs(s->inputs);
        require_members(s->focals, s->org);
        const scoring::ShareParams params = share_params(*s);
        io::Dataset data = load_reporting(s->inputs);
        (void)resolve_members(data, s->focals, s->org, s->org_name);
        if (params.as_of.valid()) io::restrict_before(data, params.as_of);
        std::ostringstream answer;
        write_share(*s, data, s->output.parsed_format(), answer);
        emit(s->output, [&](std::ostream& out) { out << answer.str(); });
        return kExitOk;
    };
}

void write_share(const ShareOptions& options, const io::Dataset& data, io::Format format,
                 std::ostream& out) {
    const ShareOptions* s = &options;
    const scoring::ShareParams params = share_params(options);
    const auto members = resolve_members(data, s->focals, s->org, s->org_name);
    {
        std::vector<graph::Referral> edge_events;
        const scoring::ShareReport r = scoring::referral_share(
            data.providers,
            events_touching(data, scoring::service_line_receivers(data.providers, members, params),
                            edge_events),
            members, params);
        const std::size_t shown = s->top == 0 ? r.rows.size() : std::min(s->top, r.rows.size());
        const std::string line = line_label(data, r);
        const graph::SmallCounts& small = s->small;
        {
            if (format == io::Format::json) {
                nlohmann::ordered_json doc;
                doc["members"] = provider_ids_json(data, r.members);
                doc["taxonomies"] = r.taxonomies;
                doc["as_of"] = graph::format_date(r.as_of);
                doc["window_start"] = graph::format_date(r.window_start);
                doc["service_line_referrals"] = r.service_line;
                doc["to_members"] = r.to_members;
                nlohmann::ordered_json segments = nlohmann::ordered_json::object();
                for (std::size_t g = 0; g < 3; ++g) {
                    segments[std::string(scoring::segment_key(static_cast<scoring::Segment>(g)))] =
                        {{"referrers", r.referrers.at(g)}, {"at_stake", r.at_stake.at(g)}};
                }
                doc["segments"] = segments;
                nlohmann::ordered_json rows = nlohmann::ordered_json::array();
                for (std::size_t i = 0; i < shown; ++i) {
                    const auto& row = r.rows[i];
                    nlohmann::ordered_json competitors = nlohmann::ordered_json::array();
                    for (const auto& [c, count] : row.competitors) {
                        competitors.push_back({{"id", data.providers[c].id},
                                               {"name", data.providers[c].name},
                                               {"referrals", count}});
                    }
                    rows.push_back({{"id", data.providers[row.id].id},
                                    {"name", data.providers[row.id].name},
                                    {"segment", scoring::segment_key(row.segment)},
                                    {"service_line", row.service_line},
                                    {"to_members", row.to_members},
                                    {"share", row.share()},
                                    {"at_stake", row.at_stake()},
                                    {"competitors", competitors}});
                }
                doc["referrers"] = rows;
                write_counts_json(std::move(doc), small, out);
                return;
            }
            io::Table t{{"rank", "id", "name", "segment", "referrals", "to_you", "share",
                         "at_stake", "top competitor"},
                        {}};
            for (std::size_t i = 0; i < shown; ++i) {
                const auto& row = r.rows[i];
                std::string top;
                if (!row.competitors.empty()) {
                    top = name_or_id(data.providers[row.competitors.front().first]) + " (" +
                          small.figure(row.competitors.front().second) + ")";
                }
                t.rows.push_back({static_cast<std::uint64_t>(i + 1), data.providers[row.id].id,
                                  name_or_id(data.providers[row.id]),
                                  std::string(scoring::segment_key(row.segment)), row.service_line,
                                  row.to_members, graph::percent(row.share(), 1), row.at_stake(),
                                  top});
            }
            if (format == io::Format::table) {
                out << "share of " << io::terminal_safe(line) << " referrals";
                if (r.window_start.valid()) {
                    out << " from " << graph::format_date(r.window_start) << " to "
                        << graph::format_date(graph::Date{r.as_of.days - 1});
                }
                out << ": " << small.words(r.to_members) << " of " << small.words(r.service_line)
                    << " came to "
                    << (r.members.size() == 1
                            ? io::terminal_safe(name_or_id(data.providers[r.members.front()]))
                            : std::to_string(r.members.size()) + " members")
                    << " ("
                    << (r.service_line == 0 ? std::string("n/a")
                                            : small.share_words(r.to_members, r.service_line))
                    << ")\n"
                    << shared_patients_note(data);
                for (std::size_t g = 0; g < 3; ++g) {
                    static constexpr std::array<std::array<const char*, 2>, 3> kWords{
                        {{"loyalist", "loyalists"},
                         {"splitter", "splitters"},
                         {"opportunity", "opportunities"}}};
                    out << (g == 0 ? "" : ", ") << graph::thousands(r.referrers.at(g)) << " "
                        << kWords.at(g).at(r.referrers.at(g) == 1 ? 0 : 1) << " ("
                        << small.words(r.at_stake.at(g)) << " to competitors)";
                }
                out << "; loyalist: 50 % or more to you, splitter: 10-50 %, opportunity: under "
                       "10 %\n\n";
            }
            write_counts_table(std::move(t), format, small, out);
        }
    }
}

}  // namespace refnet::cli

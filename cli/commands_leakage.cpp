// leakage: where an organisation's referrals leave its network
// (docs/cli/leakage.md).
#include <fstream>
#include <iostream>
#include <refnet/graph/text.hpp>
#include <refnet/io/error.hpp>
#include <refnet/io/suppression.hpp>
#include <refnet/scoring/leakage.hpp>
#include <sstream>

#include "common.hpp"
#include "queries.hpp"

namespace refnet::cli {

namespace {

std::string destinations_text(const io::Dataset& data, const scoring::LeakageRow& row,
                              const graph::SmallCounts& small) {
    std::string out;
    for (const auto& d : row.destinations) {
        if (!out.empty()) out += "; ";
        out += name_or_id(data.providers[d.id]) + " " + small.figure(d.referrals);
        if (!d.alternatives.empty()) {
            out += " (in network: ";
            for (std::size_t i = 0; i < d.alternatives.size(); ++i)
                out += (i ? ", " : "") + name_or_id(data.providers[d.alternatives[i]]);
            out += ")";
        }
    }
    return out;
}

nlohmann::ordered_json rows_json(const io::Dataset& data,
                                 const std::vector<scoring::LeakageRow>& rows) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& row : rows) {
        nlohmann::ordered_json dest = nlohmann::ordered_json::array();
        for (const auto& d : row.destinations) {
            nlohmann::ordered_json alts = nlohmann::ordered_json::array();
            for (const auto a : d.alternatives)
                alts.push_back({{"id", data.providers[a].id}, {"name", data.providers[a].name}});
            dest.push_back({{"id", data.providers[d.id].id},
                            {"name", data.providers[d.id].name},
                            {"referrals", d.referrals},
                            {"in_network_alternatives", alts}});
        }
        out.push_back({{"key", row.key},
                       {"referrals", row.referrals},
                       {"leaked", row.leaked},
                       {"destinations", dest}});
    }
    return out;
}

}  // namespace

void add_leakage_query_options(CLI::App& app, LeakageOptions& options) {
    LeakageOptions* s = &options;
    add_member_options(app, s->focals, s->org, s->org_name, "whose referrals are measured");
    app.add_option("--in-network", s->in_network,
                   "Providers that count as in network, one id per line (default: the members' "
                   "established partners)");
    app.add_option(
        "--as-of", s->as_of,
        "Measure up to this date (YYYY-MM-DD; default: the day after the last referral)");
    app.add_option("--window", s->window, "Referrals measured: this long before as-of (12m, 90d)")
        ->default_str("12m");
    app.add_option("--partner-least", s->partner_least,
                   "Default network: referrals in the prior year that make an established partner")
        ->default_val(3)
        ->check(CLI::Range(1U, 1000000U));
}

namespace {

scoring::LeakageParams leakage_params(const LeakageOptions& s) {
    scoring::LeakageParams params;
    params.window = period_value("--window", s.window, "12m or 90d");
    params.partner_least = s.partner_least;
    params.as_of = optional_date("--as-of", s.as_of);
    return params;
}

}  // namespace

std::function<int()> setup_leakage_command(CLI::App& app) {
    struct State : LeakageOptions {
        io::InputSpec inputs;
        OutputOptions output;
    };
    auto s = std::make_shared<State>();
    add_input_options(app, s->inputs);
    add_leakage_query_options(app, *s);
    add_output_options(app, s->output);
    add_suppression_option(app, s->small);
    return [s]() {
        require_inputs(s->inputs);
        require_members(s->focals, s->org);
        const scoring::LeakageParams params = leakage_params(*s);
        io::Dataset data = load_reporting(s->inputs);
        (void)resolve_members(data, s->focals, s->org, s->org_name);
        std::optional<std::vector<graph::NodeId>> network;
        if (!s->in_network.empty()) network = read_provider_ids(data, s->in_network, "");
        if (params.as_of.valid()) io::restrict_before(data, params.as_of);
        std::ostringstream answer;
        write_leakage(*s, data, network, s->output.parsed_format(), answer);
        emit(s->output, [&](std::ostream& out) { out << answer.str(); });
        return kExitOk;
    };
}

void write_leakage(const LeakageOptions& options, const io::Dataset& data,
                   const std::optional<std::vector<graph::NodeId>>& network, io::Format format,
                   std::ostream& out) {
    const LeakageOptions* s = &options;
    const scoring::LeakageParams params = leakage_params(options);
    const auto members = resolve_members(data, s->focals, s->org, s->org_name);
    {
        std::vector<graph::Referral> edge_events;
        const scoring::LeakageReport r = scoring::leakage(
            {data.providers, events_touching(data, members, edge_events), data.needs}, members,
            network, params);
        const std::string members_text = r.members.size() == 1
                                             ? name_or_id(data.providers[r.members.front()])
                                             : std::to_string(r.members.size()) + " members";
        const std::string network_text =
            r.default_network
                ? "the members plus the " + std::to_string(r.in_network) +
                      " providers they referred to " + std::to_string(params.partner_least) +
                      (r.window_start.valid()
                           ? " or more times in the 12 months before the window (the default; "
                             "name them with --in-network FILE)"
                           : " or more times in the data (the default; the data has no dates, so "
                             "these are the referrals measured and little can leak: name the "
                             "network with --in-network FILE)")
                : "the members plus the " + std::to_string(r.in_network) + " providers of " +
                      s->in_network;
        const graph::SmallCounts& small = s->small;
        auto share_text = [&](std::uint64_t part, std::uint64_t whole) {
            return whole == 0 ? std::string("n/a") : small.share_words(part, whole);
        };
        {
            if (format == io::Format::json) {
                nlohmann::ordered_json doc;
                doc["members"] = provider_ids_json(data, r.members);
                doc["as_of"] = graph::format_date(r.as_of);
                doc["window_start"] = graph::format_date(r.window_start);
                doc["in_network"] = network_text;
                doc["in_network_providers"] = r.in_network;
                doc["internal"] = r.internal;
                doc["referrals"] = r.referrals;
                doc["leaked"] = r.leaked;
                if (r.has_patients) {
                    doc["patients"] = r.patients;
                    doc["patients_leaked"] = r.patients_leaked;
                }
                doc["chains_visible"] = r.chains_visible;
                doc["by_need"] = rows_json(data, r.by_need);
                doc["by_group"] = rows_json(data, r.by_group);
                nlohmann::ordered_json trend = nlohmann::ordered_json::array();
                for (const auto& q : r.trend)
                    trend.push_back({{"quarter", graph::format_date(q.start)},
                                     {"referrals", q.referrals},
                                     {"leaked", q.leaked}});
                doc["trend"] = trend;
                nlohmann::ordered_json by_member = nlohmann::ordered_json::array();
                for (const auto& m : r.by_member)
                    by_member.push_back({{"id", data.providers[m.member].id},
                                         {"referrals", m.referrals},
                                         {"leaked", m.leaked}});
                doc["by_member"] = by_member;
                write_counts_json(std::move(doc), small, out);
                return;
            }
            auto rows_table = [&](const char* what, const std::vector<scoring::LeakageRow>& rows) {
                io::Table t{
                    {what, "referrals", "leaked", "share", "top destinations out of network"}, {}};
                for (const auto& row : rows) {
                    // Groups in words for people; CSV and JSON keep the key.
                    const auto group = std::string_view(what) == "group"
                                           ? graph::parse_group(row.key)
                                           : std::nullopt;
                    t.rows.push_back({group ? graph::group_label(*group) : row.key, row.referrals,
                                      row.leaked, share_text(row.leaked, row.referrals),
                                      destinations_text(data, row, small)});
                }
                io::suppress_small_counts(t, small);
                return t;
            };
            if (format == io::Format::csv) {
                io::Table t{{"dimension", "key", "referrals", "leaked", "destinations"}, {}};
                for (const auto& [dim, rows] :
                     {std::pair{"need", &r.by_need}, std::pair{"group", &r.by_group}}) {
                    for (const auto& row : *rows) {
                        t.rows.push_back({std::string(dim), row.key, row.referrals, row.leaked,
                                          destinations_text(data, row, small)});
                    }
                }
                write_counts_table(std::move(t), io::Format::csv, small, out);
                return;
            }
            out << "leakage of " << io::terminal_safe(members_text);
            if (r.window_start.valid()) {
                out << ", referrals from " << graph::format_date(r.window_start) << " to "
                    << graph::format_date(graph::Date{r.as_of.days - 1});
            } else {
                out << ", all referrals (the data has no dates)";
            }
            out << "\n"
                << shared_patients_note(data) << "in network: " << io::terminal_safe(network_text)
                << "\n"
                << small.words(r.referrals, "referral", "referrals") << " to others ("
                << small.words(r.internal)
                << " between members, not counted): " << small.words(r.leaked)
                << " left the network (" << share_text(r.leaked, r.referrals) << ")";
            if (r.has_patients) {
                out << "; patients: " << small.words(r.patients_leaked) << " of "
                    << small.words(r.patients);
            }
            out << "\nchains: the referrals carry no patient id, so whether a patient referred in "
                   "network was then referred out of it cannot be seen\n\n";
            io::write_table(rows_table("need", r.by_need), io::Format::table, out);
            out << '\n';
            io::write_table(rows_table("group", r.by_group), io::Format::table, out);
            if (!r.trend.empty()) {
                out << "\nby quarter (the same network throughout)\n";
                io::Table t{{"quarter", "referrals", "leaked", "share"}, {}};
                for (const auto& q : r.trend)
                    t.rows.push_back({graph::format_date(q.start), q.referrals, q.leaked,
                                      share_text(q.leaked, q.referrals)});
                write_counts_table(std::move(t), io::Format::table, small, out);
            }
            if (r.by_member.size() > 1) {
                out << "\nby member\n";
                io::Table t{{"id", "name", "referrals", "leaked", "share"}, {}};
                for (const auto& m : r.by_member)
                    t.rows.push_back({data.providers[m.member].id,
                                      name_or_id(data.providers[m.member]), m.referrals, m.leaked,
                                      share_text(m.leaked, m.referrals)});
                write_counts_table(std::move(t), io::Format::table, small, out);
            }
        }
    }
}

}  // namespace refnet::cli

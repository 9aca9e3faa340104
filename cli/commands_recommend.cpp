// recommend: whom to approach next, and why.
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <numeric>
#include <refnet/graph/text.hpp>
#include <refnet/io/catalogue.hpp>
#include <refnet/io/csv.hpp>
#include <refnet/scoring/expansion.hpp>
#include <refnet/scoring/recommend.hpp>
#include <refnet/scoring/weights.hpp>
#include <sstream>

#include "common.hpp"
#include "queries.hpp"

namespace refnet::cli {

namespace {

scoring::Request make_request(const RecommendOptions& opt, const scoring::Weights& weights) {
    scoring::Request request;
    request.mode = *scoring::parse_mode(opt.mode);
    request.top = opt.top;
    request.weights = weights;
    for (const auto& g : opt.groups) request.filters.groups.push_back(*graph::parse_group(g));
    request.filters.taxonomies = opt.taxonomies;
    request.filters.states = opt.states;
    if (opt.within_km > 0) request.filters.within_km = opt.within_km;
    request.filters.accepting_new = opt.accepting_new;
    request.filters.telehealth = opt.telehealth;
    return request;
}

}  // namespace

scoring::Context recommend_context(const RecommendOptions& opt, io::Dataset& data,
                                   graph::Date as_of) {
    if (as_of.valid()) io::restrict_before(data, as_of);
    const graph::NeedCatalogue catalogue =
        opt.needs_dir.empty() ? io::builtin_needs() : io::load_need_catalogue(opt.needs_dir);
    return scoring_context(data, catalogue, as_of, scoring_params(data, opt.small));
}

namespace {

// --all: rows stream to the temporary file as blocks finish; the rename at the
// end makes the whole file appear at once.
int recommend_all(const RecommendOptions& opt, io::Dataset& data, graph::Date as_of,
                  const scoring::Weights& weights) {
    const scoring::Context context = recommend_context(opt, data, as_of);
    scoring::Request request = make_request(opt, weights);
    request.explain = false;  // the CSV has no reasons column
    std::vector<graph::NodeId> focals(data.network.num_nodes());
    std::iota(focals.begin(), focals.end(), graph::NodeId{0});
    std::uint64_t rows = 0;
    emit(opt.output, [&](std::ostream& out) {
        out << "focal,rank,id,score";
        for (std::size_t s = 0; s < scoring::kSignalCount; ++s) {
            out << ',' << scoring::signal_key(static_cast<scoring::Signal>(s));
        }
        out << '\n';
        try {
            scoring::recommend_each(
                context, request, focals,
                [&](graph::NodeId focal, const scoring::RecommendResult& result) {
                    std::uint64_t rank = 0;
                    const std::string focal_id = io::csv_cell(data.ids.key(focal));
                    for (const auto& rec : result.items) {
                        out << focal_id << ',' << ++rank << ','
                            << io::csv_cell(data.ids.key(rec.id)) << ',' << fixed(rec.score, 6);
                        for (double v : rec.signals) out << ',' << fixed(v, 6);
                        out << '\n';
                        ++rows;
                    }
                },
                progress_of("scored", "providers"));
        } catch (const std::invalid_argument& e) {
            throw UsageError(e.what());
        }
    });
    std::cout << "wrote " << opt.output.path << ": " << rows << " recommendations for "
              << focals.size() << " providers\n";
    return kExitOk;
}

// Where to expand: the coverage of the focal's patients' needs and, per
// proposed partner type, its best candidates by the same model.
struct Expansion {
    scoring::ExpansionReport report;
    std::vector<scoring::RecommendResult> candidates;  ///< per report.types entry
};

Expansion expansion_of(const RecommendOptions& opt, const io::Dataset& data,
                       const scoring::Context& context, const scoring::Request& request,
                       const std::vector<graph::NodeId>& members) {
    const graph::NeedCatalogue catalogue =
        opt.needs_dir.empty() ? io::builtin_needs() : io::load_need_catalogue(opt.needs_dir);
    scoring::ExpansionParams params;
    params.as_of = context.as_of();
    for (const auto& g : opt.groups) params.groups.push_back(*graph::parse_group(g));
    Expansion e;
    e.report = scoring::expansion_gaps({data.providers, data.referrals, data.needs, catalogue},
                                       members, params);
    e.candidates = scoring::best_of_types(context, request, e.report, 3);
    return e;
}

std::string partner_names(const io::Dataset& data, const scoring::NeedCoverage& c,
                          const graph::SmallCounts& small) {
    std::string out;
    for (const auto& [v, count] : c.partners) {
        out += (out.empty() ? "" : ", ") + data.providers[v].name +
               (count > 0 ? " (" + small.figure(count) + ")" : std::string());
    }
    return out;
}

void write_expansion_table(std::ostream& out, const io::Dataset& data, const Expansion& e,
                           const graph::SmallCounts& small) {
    const std::string hidden = small.hidden();
    out << "where to expand: the needs of your patients "
        << (e.report.as_of.valid() ? "in the 12 months before " + graph::format_date(e.report.as_of)
                                   : std::string("in the data (no dates)"))
        << " (patients a year: your referrals in and out x the share who present the need)\n";
    io::Table t{{"need", "patients/yr", "in house", "partners", "uncovered/yr", "covered by"}, {}};
    std::size_t shown = 0;
    for (const auto& c : e.report.needs) {
        if (shown++ == 12) break;
        // Shares of a hidden patient count would give it away.
        const bool few = small.hides(c.patients);
        t.rows.push_back({c.need, few ? hidden : fixed(c.patients, 1),
                          few ? small.hidden_share() : graph::percent(c.in_house),
                          few ? small.hidden_share() : graph::percent(c.partners_share),
                          small.hides(c.uncovered) ? hidden : fixed(c.uncovered, 1),
                          partner_names(data, c, small)});
    }
    io::write_table(t, io::Format::table, out);
    out << "\npartner types for the uncovered needs, with their best candidates\n";
    for (std::size_t i = 0; i < e.report.types.size(); ++i) {
        const auto& type = e.report.types[i];
        std::string needs;
        for (std::size_t k = 0; k < type.needs.size() && k < 4; ++k)
            needs += (k ? ", " : "") + type.needs[k];
        out << i + 1 << ". " << io::terminal_safe(type.specialty) << " (" << type.taxonomy
            << "): " << small.expected_words(type.uncovered, fixed(type.uncovered, 1))
            << " uncovered patients a year (" << needs << ")\n";
        for (const auto& rec : e.candidates[i].items) {
            out << "   - " << io::terminal_safe(data.providers[rec.id].name) << " ("
                << data.providers[rec.id].id << "), score " << graph::tenths(100.0 * rec.score)
                << '\n';
        }
        if (e.candidates[i].items.empty()) out << "   - no candidate passes the filters\n";
    }
    out << '\n';
}

void add_expansion_json(nlohmann::ordered_json& doc, const io::Dataset& data, const Expansion& e) {
    nlohmann::ordered_json coverage = nlohmann::ordered_json::array();
    for (const auto& c : e.report.needs) {
        nlohmann::ordered_json partners = nlohmann::ordered_json::array();
        for (const auto& [v, count] : c.partners)
            partners.push_back({{"id", data.providers[v].id},
                                {"name", data.providers[v].name},
                                {"referrals", count}});
        coverage.push_back({{"need", c.need},
                            {"patients_per_year", c.patients},
                            {"in_house", c.in_house},
                            {"partners_share", c.partners_share},
                            {"uncovered_per_year", c.uncovered},
                            {"partners", partners}});
    }
    doc["coverage"] = coverage;
    nlohmann::ordered_json types = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < e.report.types.size(); ++i) {
        const auto& type = e.report.types[i];
        nlohmann::ordered_json candidates = nlohmann::ordered_json::array();
        for (const auto& rec : e.candidates[i].items)
            candidates.push_back({{"id", data.providers[rec.id].id},
                                  {"name", data.providers[rec.id].name},
                                  {"score", rec.score}});
        types.push_back({{"taxonomy", type.taxonomy},
                         {"specialty", type.specialty},
                         {"group", graph::group_key(type.group)},
                         {"uncovered_per_year", type.uncovered},
                         {"needs", type.needs},
                         {"candidates", candidates}});
    }
    doc["partner_types"] = types;
}

io::Table recommendations_table(const io::Dataset& data, const scoring::RecommendResult& result,
                                bool with_reasons) {
    io::Table t{{"rank", "id", "name", "specialty", "group", "distance_km", "score", "need_fit",
                 "reciprocity", "trust", "proximity", "structure", "influence", "capacity",
                 "peer_referrals"},
                {}};
    if (with_reasons) {
        t.columns.emplace_back("reasons");
        t.columns.emplace_back("cautions");
    }
    std::uint64_t rank = 0;
    for (const auto& rec : result.items) {
        const auto& p = data.providers[rec.id];
        std::vector<io::Cell> row{++rank,
                                  p.id,
                                  p.name,
                                  p.specialty,
                                  std::string(graph::group_key(p.group)),
                                  rec.evidence.distance_km,
                                  rec.score};
        for (double s : rec.signals) row.emplace_back(s);
        if (with_reasons) {
            std::string joined;
            for (const auto& r : rec.reasons) joined += (joined.empty() ? "" : " | ") + r;
            row.emplace_back(joined);
            std::string cautions;
            for (const auto& c : rec.cautions) cautions += (cautions.empty() ? "" : " | ") + c;
            row.emplace_back(cautions);
        }
        t.rows.push_back(std::move(row));
    }
    return t;
}

// What a person reads first: rank, who, what, how far, the score and the
// facts that limit a pick, in at most 120 columns.
io::Table recommendations_terminal_table(const io::Dataset& data,
                                         const scoring::RecommendResult& result, bool strengthen) {
    io::Table t{{"rank", "name", "specialty", "km", strengthen ? "upside/yr" : "score", "flags"},
                {}};
    std::uint64_t rank = 0;
    for (const auto& rec : result.items) {
        const auto& p = data.providers[rec.id];
        std::string flags;
        auto flag = [&](const char* word) {
            flags += (flags.empty() ? "" : ", ") + std::string(word);
        };
        if (!p.accepting_new.value_or(true)) flag("not accepting");
        if (p.telehealth.value_or(false)) flag("telehealth");
        const double km = rec.evidence.distance_km;
        t.rows.push_back(
            {++rank, io::clip(name_or_id(p), 34),
             io::clip(p.specialty.empty() ? std::string(graph::group_label(p.group)) : p.specialty,
                      30),
             std::isnan(km) ? std::string() : graph::tenths(km),
             strengthen ? graph::tenths(rec.score) : graph::tenths(100.0 * rec.score), flags});
    }
    return t;
}

// --explain: every signal's value and what it adds to the log-odds.
io::Table signals_table(const io::Dataset& data, const scoring::RecommendResult& result) {
    io::Table t{{"rank", "name"}, {}};
    for (std::size_t s = 0; s < scoring::kSignalCount; ++s) {
        t.columns.emplace_back(scoring::signal_key(static_cast<scoring::Signal>(s)));
    }
    std::uint64_t rank = 0;
    for (const auto& rec : result.items) {
        std::vector<io::Cell> row{++rank, io::clip(name_or_id(data.providers[rec.id]), 24)};
        for (std::size_t s = 0; s < scoring::kSignalCount; ++s) {
            row.emplace_back(fixed(rec.signals[s], 2) + " " +
                             (rec.contributions[s] < 0 ? "-" : "+") +
                             fixed(std::abs(rec.contributions[s]), 2));
        }
        t.rows.push_back(std::move(row));
    }
    return t;
}

nlohmann::ordered_json recommendations_json(const io::Dataset& data, const RecommendOptions& opt,
                                            graph::NodeId focal, graph::Date as_of,
                                            const scoring::Weights& weights,
                                            const scoring::RecommendResult& result) {
    auto real = [](double v) {
        return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr);
    };
    const auto& f = data.providers[focal];
    nlohmann::ordered_json json;
    json["focal"] = {{"id", f.id},
                     {"name", f.name},
                     {"specialty", f.specialty},
                     {"group", graph::group_key(f.group)},
                     {"city", f.city},
                     {"state", f.state}};
    json["as_of"] = as_of.valid() ? nlohmann::ordered_json(graph::format_date(as_of))
                                  : nlohmann::ordered_json(nullptr);
    json["mode"] = opt.mode;
    nlohmann::ordered_json w;
    for (std::size_t s = 0; s < scoring::kSignalCount; ++s) {
        w[std::string(scoring::signal_key(static_cast<scoring::Signal>(s)))] = weights.value[s];
    }
    json["intercept"] = weights.intercept;
    json["weights"] = w;
    if (const auto origin = weights_origin(opt.weights)) {
        json["weights_origin"] = {{"file", opt.weights},
                                  {"split", origin->split},
                                  {"horizon", origin->horizon},
                                  {"data_hash", origin->data_hash},
                                  {"created", origin->created}};
    }
    json["candidates"] = result.candidates;
    nlohmann::ordered_json items = nlohmann::ordered_json::array();
    std::uint64_t rank = 0;
    for (const auto& rec : result.items) {
        const auto& p = data.providers[rec.id];
        nlohmann::ordered_json signals;
        nlohmann::ordered_json contributions;
        for (std::size_t s = 0; s < scoring::kSignalCount; ++s) {
            const std::string key(scoring::signal_key(static_cast<scoring::Signal>(s)));
            signals[key] = rec.signals[s];
            contributions[key] = rec.contributions[s];
        }
        items.push_back({{"rank", ++rank},
                         {"id", p.id},
                         {"name", p.name},
                         {"specialty", p.specialty},
                         {"group", graph::group_key(p.group)},
                         {"distance_km", real(rec.evidence.distance_km)},
                         {"score", rec.score},
                         {"signals", signals},
                         {"contributions", contributions},
                         {"reasons", rec.reasons},
                         {"cautions", rec.cautions}});
    }
    json["recommendations"] = items;
    return json;
}

}  // namespace

void add_recommend_query_options(CLI::App& app, RecommendOptions& o) {
    RecommendOptions* opt = &o;
    add_member_options(app, opt->focals, opt->org, opt->org_name, "to recommend partners for");
    app.add_flag(
        "--all", opt->all,
        "Every provider's top K, streamed as CSV to -o FILE (focal,rank,id,score,signals), "
        "in parallel");
    app.add_option("--top", opt->top, "How many recommendations")
        ->default_val(25)
        ->check(CLI::Range(1, 100000));
    app.add_option("--mode", opt->mode,
                   "prospects: no tie yet; strengthen: existing partners by upside; expand: new "
                   "partners in "
                   "--group")
        ->default_val("prospects")
        ->check(CLI::IsMember({"prospects", "strengthen", "expand"}));
    std::vector<std::string> group_keys;
    for (std::size_t g = 1; g < graph::kGroupCount; ++g)
        group_keys.emplace_back(graph::group_key(static_cast<graph::Group>(g)));
    app.add_option("--group", opt->groups, "Only providers in this group (repeatable)")
        ->check(CLI::IsMember(group_keys))
        ->group("Filters");
    app.add_option("--taxonomy", opt->taxonomies, "Only this NUCC taxonomy code (repeatable)")
        ->group("Filters");
    app.add_option("--state", opt->states, "Only providers in this state (repeatable)")
        ->group("Filters");
    app.add_option("--within-km", opt->within_km, "Only providers within this distance")
        ->check(finite_positive())
        ->group("Filters");
    app.add_flag("--accepting-new", opt->accepting_new, "Only providers accepting new patients")
        ->group("Filters");
    app.add_flag("--telehealth", opt->telehealth, "Only providers offering telehealth")
        ->group("Filters");
    app.add_option("--as-of", opt->as_of, "Use only events before this date (YYYY-MM-DD)");
    app.add_option("--weights", opt->weights,
                   "Weights JSON file, or name=value,... over datasets/weights.json");
    app.add_option("--needs", opt->needs_dir, "Directory with needs.csv and need_profiles.csv");
    app.add_flag("--explain", opt->explain,
                 "Also print each pick's signals and what each adds to the score's log-odds");
}

scoring::Weights recommend_weights(const RecommendOptions& opt) {
    try {
        return load_weights(opt.weights);
    } catch (const std::invalid_argument& e) {
        throw UsageError(std::string("--weights: ") + e.what());
    }
}

std::function<int()> setup_recommend_command(CLI::App& app) {
    auto opt = std::make_shared<RecommendOptions>();
    add_input_options(app, opt->inputs);
    add_output_options(app, opt->output);
    add_suppression_option(app, opt->small);
    add_recommend_query_options(app, *opt);
    return [opt]() {
        const graph::Date as_of = optional_date("--as-of", opt->as_of);
        const scoring::Weights weights = recommend_weights(*opt);
        if (opt->mode == "expand" && opt->all && opt->groups.empty()) {
            throw UsageError(
                "--all --mode expand needs at least one --group (e.g. --group wellness)");
        }
        if (opt->all == (!opt->focals.empty() || !opt->org.empty())) {
            throw UsageError("expected exactly one of --focal ID, --org FILE and --all");
        }
        if (opt->all &&
            (opt->output.path.empty() || opt->output.parsed_format() == io::Format::json)) {
            throw UsageError("--all writes CSV to a file (expected -o FILE and no --format json)");
        }
        io::Dataset data = load_reporting(opt->inputs);
        if (opt->all) return recommend_all(*opt, data, as_of, weights);
        // An unknown focal is found before the scoring context is built.
        (void)resolve_members(data, opt->focals, opt->org, opt->org_name);
        const scoring::Context context = recommend_context(*opt, data, as_of);
        // Computed before -o's file is opened: an error leaves no file behind.
        std::ostringstream answer;
        write_recommendations(*opt, data, context, weights, opt->output.parsed_format(), answer);
        emit(opt->output, [&](std::ostream& out) { out << answer.str(); });
        return kExitOk;
    };
}

void write_recommendations(const RecommendOptions& o, const io::Dataset& data,
                           const scoring::Context& context, const scoring::Weights& weights,
                           io::Format format, std::ostream& out) {
    const RecommendOptions* opt = &o;
    const std::vector<graph::NodeId> members =
        resolve_members(data, opt->focals, opt->org, opt->org_name);
    const graph::NodeId focal = members.front();
    const bool organisation = members.size() > 1;
    {
        scoring::Request request = make_request(*opt, weights);
        request.focal = focal;
        const bool expand = request.mode == scoring::Mode::expand;
        if (expand && request.filters.groups.empty()) {
            // Without --group: every group outside the focal's own.
            for (std::size_t g = 1; g < graph::kGroupCount; ++g) {
                if (static_cast<graph::Group>(g) != data.providers[focal].group)
                    request.filters.groups.push_back(static_cast<graph::Group>(g));
            }
        }
        scoring::RecommendResult result;
        std::optional<Expansion> expansion;
        try {
            result = organisation ? scoring::recommend_organisation(context, request, members)
                                  : scoring::recommend(context, request);
            if (expand) expansion = expansion_of(*opt, data, context, request, members);
        } catch (const std::invalid_argument& e) {
            throw UsageError(e.what());
        }
        {
            switch (format) {
                case io::Format::json: {
                    nlohmann::ordered_json doc =
                        recommendations_json(data, *opt, focal, context.as_of(), weights, result);
                    if (expansion) add_expansion_json(doc, data, *expansion);
                    if (organisation) {
                        doc["members"] = provider_ids_json(data, members);
                    }
                    write_counts_json(std::move(doc), opt->small, out);
                    break;
                }
                case io::Format::csv:
                    io::write_table(recommendations_table(data, result, true), io::Format::csv,
                                    out);
                    break;
                case io::Format::table: {
                    const auto& f = data.providers[focal];
                    out << opt->mode << " for ";
                    if (organisation) {
                        out << members.size() << " members (";
                        for (std::size_t i = 0; i < members.size(); ++i) {
                            const auto& m = data.providers[(members)[i]];
                            out << (i ? ", " : "") << io::terminal_safe(name_or_id(m));
                        }
                        out << ")";
                    } else {
                        out << f.id;
                        if (!f.name.empty()) out << " " << io::terminal_safe(f.name);
                        std::string where;
                        for (const std::string* part : {&f.specialty, &f.city}) {
                            if (!part->empty()) where += (where.empty() ? "" : ", ") + *part;
                        }
                        if (!where.empty()) out << " (" << io::terminal_safe(where) << ")";
                    }
                    out << (context.as_of().valid()
                                ? ", as of " + graph::format_date(context.as_of())
                                : "")
                        << ": " << result.items.size() << " of " << result.candidates
                        << " candidates\n";
                    // Claims without NPPES: say what the list cannot know and how to fix it.
                    const std::uint64_t untyped = io::providers_without_taxonomy(data);
                    if (2 * untyped > data.providers.size()) {
                        out << "note: no taxonomy for " << graph::thousands(untyped) << " of "
                            << graph::thousands(data.providers.size())
                            << " providers, so specialty fit and peers cannot be judged; the list "
                               "rests on the network (shared partners, volume): add NPPES rows "
                               "with --nppes\n";
                    }
                    if (result.items.empty()) {
                        out << "no candidate: "
                            << (result.candidates == 0
                                    ? "no provider passed the mode, the filters and the need-fit "
                                      "gate (try fewer filters, or --mode expand --group GROUP)"
                                    : "the filters left none")
                            << '\n';
                    }
                    if (const auto origin = weights_origin(opt->weights)) {
                        out << "weights from " << opt->weights << ": tuned on the " << origin->split
                            << " split (" << origin->horizon << " horizon) of data "
                            << origin->data_hash << ", created " << origin->created << '\n';
                    }
                    out << '\n';
                    if (expansion) write_expansion_table(out, data, *expansion, opt->small);
                    if (result.items.empty()) break;
                    io::write_table(recommendations_terminal_table(
                                        data, result, request.mode == scoring::Mode::strengthen),
                                    io::Format::table, out);
                    out << '\n';
                    std::uint64_t rank = 0;
                    for (const auto& rec : result.items) {
                        out << ++rank << ". "
                            << io::terminal_safe(name_or_id(data.providers[rec.id])) << '\n';
                        for (const auto& r : rec.reasons)
                            out << "   - " << io::terminal_safe(r) << '\n';
                        for (const auto& c : rec.cautions)
                            out << "   ! " << io::terminal_safe(c) << '\n';
                    }
                    if (opt->explain && !result.items.empty()) {
                        out << "\nsignals and what each adds to the log-odds (value "
                               "+contribution)\n";
                        io::write_table(signals_table(data, result), io::Format::table, out);
                    }
                    break;
                }
            }
        }
    }
}

}  // namespace refnet::cli

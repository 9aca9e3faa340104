#include "common.hpp"

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <refnet/io/catalogue.hpp>
#include <refnet/io/columns.hpp>
#include <refnet/io/open_input.hpp>
#include <refnet/io/suppression.hpp>
#include <refnet/scoring/weights.hpp>
#include <sstream>

namespace refnet::cli {

bool stderr_is_terminal() { return ::isatty(2) == 1; }

std::function<void(double)> read_progress() {
    if (!stderr_is_terminal()) return nullptr;
    return [](double done) {
        std::cerr << "\rrefnet: reading " << static_cast<int>(done * 100) << "%"
                  << (done >= 0.99 ? "\n" : "") << std::flush;
    };
}

std::function<void(std::size_t, std::size_t)> progress_of(std::string_view what,
                                                          std::string_view units) {
    if (!stderr_is_terminal()) return nullptr;
    const auto started = std::chrono::steady_clock::now();
    return [started, what, units](std::size_t done, std::size_t total) {
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        std::cerr << "\rrefnet: " << what << ' ' << done << " of " << total << ' ' << units << " ("
                  << (total ? done * 100 / total : 100) << " %), "
                  << static_cast<long>(done ? seconds * static_cast<double>(total - done) /
                                                  static_cast<double>(done)
                                            : 0.0)
                  << " s left   " << (done == total ? "\n" : "") << std::flush;
    };
}

void announce(std::string_view step) {
    if (stderr_is_terminal()) std::cerr << "refnet: " << step << "...\n";
}

scoring::ScoringParams scoring_params(const io::Dataset& data, const graph::SmallCounts& small) {
    scoring::ScoringParams params;
    params.shared_patients = data.shared_patients;
    params.small_counts = small;
    return params;
}

scoring::Context scoring_context(const io::Dataset& data, const graph::NeedCatalogue& catalogue,
                                 graph::Date as_of, const scoring::ScoringParams& params) {
    try {
        if (auto stored = scoring::Context::stored(data.stored_context, data.network,
                                                   data.providers, data.groups, data.referrals,
                                                   data.needs, catalogue, as_of, params))
            return std::move(*stored);
    } catch (const std::invalid_argument& e) {
        throw InputError(data.snapshot, 0, 0,
                         std::string("snapshot is corrupt: ") + e.what() +
                             " (expected a snapshot written by refnet import)");
    }
    if (data.network.num_nodes() > 100'000) announce("building the scoring context");
    return scoring::Context(data.network, data.providers, data.groups, data.referrals, data.needs,
                            catalogue, as_of, params);
}

void add_input_options(CLI::App& app, io::InputSpec& spec) {
    app.add_option("--data", spec.data_dir,
                   "Directory with providers.csv, referrals.csv and optional touchpoints.csv")
        ->group("Inputs");
    app.add_option("--providers", spec.providers, "Providers CSV")->group("Inputs");
    app.add_option("--referrals", spec.referrals, "Referral events CSV")->group("Inputs");
    app.add_option("--touchpoints", spec.touchpoints, "CRM touchpoints CSV")->group("Inputs");
    app.add_option("--cms", spec.cms,
                   "CMS Physician Shared Patient Patterns edges "
                   "(npi1,npi2,pair_count,bene_count,same_day_count)")
        ->group("Inputs");
    app.add_option("--nppes", spec.nppes, "NPPES registry rows naming and placing NPIs")
        ->group("Inputs");
    app.add_option("--network", spec.network,
                   "Snapshot written by `refnet import` (opened without re-parsing; alone)")
        ->group("Inputs");
    app.add_flag("--lenient", spec.lenient,
                 "Skip bad rows, count them and report them (default: stop at the first error)")
        ->group("Inputs");
}

void require_inputs(const io::InputSpec& spec) {
    const auto files = spec.files();
    if (std::count_if(files.begin(), files.end(), [](const std::string* f) { return *f == "-"; }) >
        1) {
        throw UsageError("only one input can be read from standard input (expected one - at most)");
    }
    if (spec.empty()) {
        throw UsageError(
            "no input given (expected --data DIR, --providers/--referrals FILE, --cms FILE or "
            "--nppes "
            "FILE or --network FILE.refnet)");
    }
    io::InputSpec others = spec;
    others.network.clear();
    others.lenient = false;
    if (!spec.network.empty() && !others.empty()) {
        throw UsageError(
            "--network opens a snapshot and cannot be combined with other inputs (expected "
            "--network FILE alone)");
    }
}

io::Format OutputOptions::parsed_format() const {
    if (format == "csv") return io::Format::csv;
    if (format == "json") return io::Format::json;
    return io::Format::table;
}

void add_output_options(CLI::App& app, OutputOptions& output) {
    app.add_option("--format", output.format, "Output format")
        ->check(CLI::IsMember({"table", "csv", "json"}))
        ->default_str("table")
        ->group("Output");
    app.add_option("-o,--output", output.path, "Write to FILE (atomically) instead of stdout")
        ->group("Output");
}

void add_suppression_option(CLI::App& app, graph::SmallCounts& small) {
    app.add_option("--suppress-below", small.below,
                   "Show counts of referrals and patients from 1 to N-1 as \"<N\" "
                   "(CMS publishes nothing under 11)")
        ->check(unsigned_whole())
        ->check(CLI::Range(std::uint64_t{0}, std::uint64_t{1000000}))
        ->group("Output");
}

void write_counts_table(io::Table table, io::Format format, const graph::SmallCounts& small,
                        std::ostream& out) {
    io::suppress_small_counts(table, small);
    io::write_table(table, format, out);
}

void write_counts_json(nlohmann::ordered_json doc, const graph::SmallCounts& small,
                       std::ostream& out) {
    io::suppress_small_counts(doc, small);
    out << doc.dump(2) << '\n';
}

namespace {
std::vector<std::string>& inputs_read() {
    static std::vector<std::string> files;
    return files;
}
}  // namespace

void note_input(const std::string& path) {
    if (!path.empty()) inputs_read().push_back(path);
}

void write_output(const std::string& path, const std::function<void(std::ostream&)>& write) {
    if (path.empty() || path == "-") {
        write(std::cout);
        std::cout.flush();
        // A full disk or closed pipe must not pass for success (exit 0).
        if (!std::cout) throw std::runtime_error("standard output: write failed");
        return;
    }
    for (const std::string& input : inputs_read()) {
        std::error_code ec;
        if (std::filesystem::equivalent(path, input, ec)) {
            throw UsageError("-o " + path + ": is also an input of this command (" + input +
                             "), which writing would replace (expected another file)");
        }
    }
    io::write_atomically(path, write);
}

void emit(const OutputOptions& output, const std::function<void(std::ostream&)>& write) {
    write_output(output.path, write);
}

io::Dataset load_reporting(const io::InputSpec& spec) {
    require_inputs(spec);
    for (const std::string* file : spec.files()) note_input(*file);
    if (!spec.data_dir.empty()) {
        for (const char* name : {"providers.csv", "referrals.csv", "touchpoints.csv"})
            note_input((std::filesystem::path(spec.data_dir) / name).string());
    }
    io::Dataset data = io::load_dataset(spec, io::builtin_taxonomy(), read_progress());
    for (const auto& d : data.diagnostics.items()) std::cerr << "refnet: " << d.to_string() << '\n';
    std::uint64_t skipped = 0;
    for (const auto& f : data.files) skipped += f.skipped;
    if (skipped > 0) {
        std::cerr << "refnet: skipped " << skipped << " bad row" << (skipped == 1 ? "" : "s")
                  << " (--lenient); run `refnet validate` for the full list\n";
    }
    io::require_kept_rows(data);
    return data;
}

graph::NodeId resolve_focal(const io::Dataset& data, const std::string& id) {
    if (auto found = data.ids.find(id)) return *found;
    std::string message = "unknown focal provider \"" + id + "\"";
    const auto near = io::closest_providers(data, id);
    if (!near.empty()) {
        message += " (closest: ";
        for (std::size_t i = 0; i < near.size(); ++i) message += (i ? ", " : "") + near[i];
        message += ")";
    }
    throw NotInData(message);
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
    const auto near = suggestions(word, candidates);
    if (near.empty()) return {};
    std::string text = " (did you mean ";
    for (std::size_t i = 0; i < near.size(); ++i) text += (i ? " or " : "") + near[i];
    return text + "?)";
}

// CLI11 names unexpected arguments but suggests nothing; find the closest option.
std::string unknown_option_hint(const CLI::App& app, int argc, const char* const* argv) {
    std::vector<std::string> names;
    for (const CLI::Option* opt : app.get_options()) {
        for (const auto& l : opt->get_lnames()) names.push_back("--" + l);
    }
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (!arg.starts_with("--")) continue;
        const std::string name = arg.substr(0, arg.find('='));
        if (std::find(names.begin(), names.end(), name) != names.end()) continue;
        return "unknown option " + name + did_you_mean(name, names);
    }
    return {};
}

std::vector<std::string> suggestions(std::string_view word,
                                     const std::vector<std::string>& candidates) {
    const std::size_t limit = std::max<std::size_t>(2, word.size() / 3);
    std::size_t best = limit + 1;
    std::vector<std::string> out;
    for (const auto& c : candidates) {
        const std::size_t d = io::edit_distance(word, c);
        if (d < best) {
            best = d;
            out.clear();
        }
        if (d == best) out.push_back(c);
    }
    return out;
}

scoring::Weights load_weights(const std::string& spec) {
    const scoring::Weights base;  // datasets/weights.json
    if (spec.empty()) return base;
    std::error_code ec;
    if (std::filesystem::is_regular_file(spec, ec)) {
        note_input(spec);
        std::ifstream in = io::open_input(spec);
        try {
            return scoring::read_weights(in, spec, base);
        } catch (const scoring::WeightsFileError& e) {
            // A bad file is a data error (exit 1), not a usage error.
            throw InputError(e.source(), e.line(), e.column(), e.message());
        }
    }
    if (spec.find('=') == std::string::npos) {
        throw UsageError("--weights " + spec +
                         ": no such file (expected a weights JSON file or name=value,...)");
    }
    return scoring::parse_inline_weights(spec, base);
}

std::optional<scoring::WeightsOrigin> weights_origin(const std::string& spec) {
    std::error_code ec;
    if (spec.empty() || !std::filesystem::is_regular_file(spec, ec)) return std::nullopt;
    std::ifstream in(spec, std::ios::binary);
    return scoring::read_weights_origin(in);
}

// Provider ids from FILE: one per line (blank lines and # comments skipped),
// or a CSV whose header has `id` and `org` columns, of which the rows of
// organisation `org_name` are taken. Unknown ids are data errors.
std::vector<graph::NodeId> read_provider_ids(const io::Dataset& data, const std::string& path,
                                             const std::string& org_name) {
    note_input(path);
    std::ifstream in = io::open_input(path);
    std::vector<graph::NodeId> ids;
    std::string line;
    std::size_t line_no = 0;
    int id_column = -1;
    int org_column = -1;
    auto split = [](const std::string& text) {
        std::vector<std::string> cells;
        std::string cell;
        for (const char c : text) {
            if (c == ',') {
                cells.push_back(cell);
                cell.clear();
            } else if (c != '\r' && c != '"') {
                cell.push_back(c);
            }
        }
        cells.push_back(cell);
        return cells;
    };
    std::vector<std::string> orgs;
    while (std::getline(in, line)) {
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line.front() == '#') continue;
        std::vector<std::string> cells = split(line);
        if (line_no == 1 && cells.size() > 1) {
            for (std::size_t c = 0; c < cells.size(); ++c) {
                const std::string key = graph::normalize_key(cells[c]);
                if (key == "id" || key == "npi" || key == "provider")
                    id_column = static_cast<int>(c);
                if (key == "org" || key == "organisation" || key == "organization")
                    org_column = static_cast<int>(c);
            }
            if (id_column < 0 || org_column < 0) {
                throw InputError(path, 1, 1,
                                 "a CSV of organisations needs id and org columns (expected e.g. "
                                 "\"id,org\", or one id per line)");
            }
            continue;
        }
        std::string id = cells.front();
        if (org_column >= 0) {
            if (cells.size() <= static_cast<std::size_t>(std::max(id_column, org_column))) {
                throw InputError(path, line_no, 1,
                                 std::to_string(cells.size()) + " fields (expected id and org)");
            }
            const std::string& org = cells[static_cast<std::size_t>(org_column)];
            if (std::find(orgs.begin(), orgs.end(), org) == orgs.end()) orgs.push_back(org);
            if (org != org_name) continue;
            id = cells[static_cast<std::size_t>(id_column)];
        }
        const auto node = data.ids.find(id);
        if (!node) {
            throw InputError(
                path, line_no, 1,
                "unknown provider \"" + id + "\" (expected an id from the providers file)");
        }
        ids.push_back(*node);
    }
    if (org_column >= 0 && ids.empty()) {
        std::string known;
        for (std::size_t i = 0; i < orgs.size() && i < 5; ++i) known += (i ? ", " : "") + orgs[i];
        throw UsageError(path + " holds " + std::to_string(orgs.size()) +
                         " organisations; name one with --org-name (e.g. " + known + ")");
    }
    return ids;
}

std::vector<graph::NodeId> resolve_members(const io::Dataset& data,
                                           const std::vector<std::string>& focals,
                                           const std::string& org, const std::string& org_name) {
    std::vector<graph::NodeId> members;
    if (!org.empty()) {
        members = read_provider_ids(data, org, org_name);
        if (members.empty())
            throw InputError(org, 0, 0, "no provider ids (expected one id per line)");
        return members;
    }
    for (const auto& id : focals) members.push_back(resolve_focal(data, id));
    return members;
}

namespace {
// A finite number at least `least` (above it when `strict`), or why not.
std::string finite_at_least(const std::string& text, double least, bool strict) {
    double value = 0.0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value) ||
        (strict ? value <= least : value < least)) {
        return "expected a finite number " + std::string(strict ? "above 0" : "of 0 or more") +
               ", got \"" + text + "\"";
    }
    return {};
}
}  // namespace

CLI::Validator finite_positive() {
    return {[](std::string& text) { return finite_at_least(text, 0.0, true); }, "POSITIVE"};
}

CLI::Validator finite_non_negative() {
    return {[](std::string& text) { return finite_at_least(text, 0.0, false); }, "NON-NEGATIVE"};
}

CLI::Validator unsigned_whole() {
    return {[](std::string& text) -> std::string {
                if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos)
                    return "expected a whole number of 0 or more, got \"" + text + "\"";
                return {};
            },
            "UINT"};
}

CLI::Option* add_member_options(CLI::App& app, std::vector<std::string>& focals, std::string& org,
                                std::string& org_name, const std::string& what) {
    auto* focal = app.add_option("--focal", focals,
                                 "Provider id " + what +
                                     " (several, repeated or comma-separated: one organisation)")
                      ->delimiter(',');
    auto* org_option = app.add_option("--org", org,
                                      "Members of the organisation " + what +
                                          ": one id per line, or a CSV with id and org columns");
    focal->excludes(org_option);
    app.add_option("--org-name", org_name, "Which organisation of an --org CSV");
    return focal;
}

graph::Date date_value(std::string_view name, const std::string& text) {
    const auto date = graph::parse_date(text);
    if (!date) {
        throw UsageError(std::string(name) + ": expected a date YYYY-MM-DD, got \"" + text + "\"");
    }
    return *date;
}

graph::Date optional_date(std::string_view name, const std::string& text) {
    return text.empty() ? graph::kNoDate : date_value(name, text);
}

graph::Period period_value(std::string_view name, const std::string& text,
                           std::string_view examples) {
    const auto period = graph::parse_period(text);
    if (!period) {
        throw UsageError(std::string(name) + ": expected a period such as " +
                         std::string(examples) + ", got \"" + text + "\"");
    }
    return *period;
}

std::string name_or_id(const graph::Provider& p) { return p.name.empty() ? p.id : p.name; }

nlohmann::ordered_json provider_ids_json(const io::Dataset& data,
                                         std::span<const graph::NodeId> nodes) {
    nlohmann::ordered_json ids = nlohmann::ordered_json::array();
    for (const graph::NodeId v : nodes) ids.push_back(data.providers[v].id);
    return ids;
}

void require_members(const std::vector<std::string>& focals, const std::string& org) {
    if (focals.empty() == org.empty())
        throw UsageError("expected the members: --focal ID[,ID...] or --org FILE");
}

std::span<const graph::Referral> events_touching(const io::Dataset& data,
                                                 std::span<const graph::NodeId> providers,
                                                 std::vector<graph::Referral>& storage) {
    if (!data.referrals.empty() || data.network.num_edges() == 0) return data.referrals;
    storage = graph::edge_events(data.network, providers);
    return storage;
}

std::string shared_patients_note(const io::Dataset& data) {
    if (!data.shared_patients) return "";
    return "referrals here are CMS shared-patient pairs: patients the first provider saw before "
           "the second, the usual stand-in for referrals\n";
}

}  // namespace refnet::cli

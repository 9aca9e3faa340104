// generate: synthetic markets for demos, tests and benchmarks; import: binary
// snapshots that every command opens without re-parsing.
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <refnet/io/catalogue.hpp>
#include <refnet/io/snapshot.hpp>
#include <refnet/synth/generate.hpp>

#include "common.hpp"

namespace refnet::cli {

std::function<int()> setup_generate_command(CLI::App& app) {
    struct State {
        synth::MarketParams market;
        synth::CmsParams cms;
        bool cms_mode = false;
        std::string out;
        std::string needs_dir;
        bool force = false;
    };
    auto state = std::make_shared<State>();
    app.footer(
        "Market mode writes DIR/providers.csv, referrals.csv and touchpoints.csv.\n"
        "--cms writes DIR/cms_edges.csv (npi1,npi2,pair_count,bene_count,same_day_count, no "
        "header)\nand DIR/nppes.csv. The same arguments always give byte-identical files.");
    app.add_option("--providers", state->market.providers, "Number of providers")
        ->default_val(800)
        ->check(CLI::Range(1U, 5'000'000U));
    app.add_option("--years", state->market.years, "Years of referral history (market mode)")
        ->default_val(3)
        ->check(CLI::Range(1U, 50U));
    app.add_option("--start-year", state->market.start_year, "First calendar year (market mode)")
        ->default_val(2023)
        ->check(CLI::Range(1900, 2200));
    app.add_option("--seed", state->market.seed, "Random seed")
        ->default_val(1)
        ->check(unsigned_whole());
    app.add_option("--region", state->market.region, "Metro area, or national")
        ->default_val("atlanta")
        ->check(CLI::IsMember(synth::region_names()));
    app.add_flag("--liaison-programme", state->market.liaison_programme,
                 "Add a liaison programme with a cadence to the touchpoints: most largest "
                 "partners visited every quarter, some dropped, some yearly (market mode)");
    app.add_flag("--cms", state->cms_mode, "Write a CMS shared-patient edge list + NPPES file");
    app.add_option("--edges", state->cms.edges, "Directed edges to write (--cms)")
        ->default_val(1'000'000);
    app.add_option("--needs", state->needs_dir,
                   "Directory with needs.csv and need_profiles.csv (default: the built-in "
                   "catalogue)");
    app.add_option("-o,--output", state->out, "Output directory")->required();
    app.add_flag("--force", state->force,
                 "Write into a directory that is not empty (generate's own files are replaced, "
                 "others left alone)");
    return [state]() {
        // A mistyped -o must not overwrite a directory of real data.
        namespace fs = std::filesystem;
        std::error_code ec;
        if (fs::exists(state->out, ec)) {
            if (!fs::is_directory(state->out, ec)) {
                throw InputError(state->out, 0, 0,
                                 "exists and is not a directory (expected a directory to write "
                                 "into)");
            }
            if (!state->force && !fs::is_empty(state->out, ec)) {
                throw InputError(state->out, 0, 0,
                                 "directory exists and is not empty (expected a new or empty "
                                 "directory; --force writes generate's files into it)");
            }
        }
        if (state->cms_mode) {
            state->cms.providers = state->market.providers;
            state->cms.seed = state->market.seed;
            const std::uint64_t n = state->cms.providers;
            if (n < 2) throw UsageError("--providers must be at least 2 with --cms");
            if (state->cms.edges > synth::max_cms_edges(n)) {
                throw UsageError("--edges " + std::to_string(state->cms.edges) + " exceeds the " +
                                 std::to_string(synth::max_cms_edges(n)) + " directed pairs of " +
                                 std::to_string(n) + " providers (expected at most that)");
            }
            const bool show = stderr_is_terminal();
            synth::write_cms_market(
                state->cms, io::builtin_taxonomy(), state->out, [&](double done) {
                    if (show)
                        std::cerr << "\rrefnet: writing edges " << static_cast<int>(done * 100)
                                  << "%" << std::flush;
                });
            if (show) std::cerr << '\n';
            std::cout << "wrote " << state->out << "/cms_edges.csv (" << state->cms.edges
                      << " edges) and " << state->out << "/nppes.csv (" << state->cms.providers
                      << " providers)\n";
            return kExitOk;
        }
        const graph::NeedCatalogue catalogue = state->needs_dir.empty()
                                                   ? io::builtin_needs()
                                                   : io::load_need_catalogue(state->needs_dir);
        if (!synth::profiles_a_specialty(catalogue)) {
            throw InputError(
                (std::filesystem::path(state->needs_dir) / "need_profiles.csv").string(), 1, 1,
                "profiles none of the specialties the generator makes providers of "
                "(expected a row for one of them, such as 207Q00000X family medicine)");
        }
        const synth::Market market =
            synth::generate_market(state->market, catalogue, io::builtin_taxonomy());
        synth::write_market(market, catalogue, state->out);
        std::cout << "wrote " << state->out << "/providers.csv (" << market.providers.size()
                  << " providers), referrals.csv (" << market.referrals.size()
                  << " referrals), touchpoints.csv (" << market.touchpoints.size()
                  << " touchpoints)\n";
        return kExitOk;
    };
}

std::function<int()> setup_import_command(CLI::App& app) {
    struct State {
        io::InputSpec inputs;
        std::string out;
    };
    auto state = std::make_shared<State>();
    app.footer(
        "Reads the inputs once and writes a binary snapshot (network, ids, provider attributes,\n"
        "events; never touchpoint notes) that every command opens with --network FILE, by\n"
        "memory-mapping it instead of re-parsing. A snapshot is checked on opening: a truncated,\n"
        "corrupt or other-version file is refused with a message.");
    add_input_options(app, state->inputs);
    app.add_option("-o,--output", state->out, "Snapshot file to write (atomically)")->required();
    return [state]() {
        require_inputs(state->inputs);
        const io::Dataset data = load_reporting(state->inputs);
        // The context every command builds with its defaults, stored so that a
        // cold command reads it instead (4 s of 7 on the national network).
        if (data.network.num_nodes() > 100'000) announce("building the scoring context");
        const scoring::Context context(data.network, data.providers, data.groups, data.referrals,
                                       data.needs, io::builtin_needs(), graph::kNoDate,
                                       scoring_params(data));
        const io::StreamedSection image{context.image_size(),
                                        [&](const auto& emit) { context.write_image(emit); }};
        io::SnapshotInfo info;
        announce("writing " + state->out);
        write_output(state->out,
                     [&](std::ostream& out) { info = io::write_snapshot(data, out, image); });
        char checksum[24];
        std::snprintf(checksum, sizeof checksum, "%016llx",
                      static_cast<unsigned long long>(info.checksum));
        std::cout << "wrote " << state->out << ": " << info.nodes << " providers, " << info.edges
                  << " edges, " << info.file_size << " bytes (snapshot format " << info.version
                  << ", checksum " << checksum << ")\n";
        return kExitOk;
    };
}

}  // namespace refnet::cli

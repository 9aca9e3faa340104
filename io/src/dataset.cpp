#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <refnet/graph/text.hpp>
#include <refnet/io/columns.hpp>
#include <refnet/io/dataset.hpp>
#include <refnet/io/fast_cms.hpp>
#include <refnet/io/open_input.hpp>
#include <refnet/io/snapshot.hpp>

namespace refnet::io {

std::ifstream open_input(const std::string& path) {
    if (path == "-") {
        // Standard input, whatever it is (a pipe, a terminal, a file): the
        // user named it, so it may block until its writer is done.
        std::ifstream in("/dev/stdin", std::ios::binary);
        if (!in) {
            throw InputError(
                path, 0, 0,
                std::string("cannot read standard input (") + std::strerror(errno) + ")");
        }
        return in;
    }
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (std::filesystem::is_directory(status)) {
        throw InputError(path, 0, 0, "is a directory (expected a CSV file)");
    }
    // A FIFO with no writer would block open() for ever, a device never end.
    if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) {
        throw InputError(path, 0, 0, "is not a regular file (expected a CSV file)");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw InputError(path, 0, 0,
                         std::string("cannot open file (") + std::strerror(errno) + ")");
    }
    return in;
}

namespace {

void fill_from_taxonomy(graph::Provider& p, const TaxonomyTable& taxonomy) {
    if (p.taxonomy.empty()) return;
    const auto it = taxonomy.find(p.taxonomy);
    if (it == taxonomy.end()) return;
    if (p.group == graph::Group::unknown) p.group = it->second.group;
    if (p.specialty.empty()) p.specialty = it->second.display_name;
}

}  // namespace

Dataset load_dataset(InputSpec spec, const TaxonomyTable& taxonomy,
                     const std::function<void(double)>& progress) {
    if (!spec.network.empty()) {
        InputSpec rest = spec;
        rest.network.clear();
        if (!rest.empty()) {
            throw std::invalid_argument(
                "--network opens a snapshot and cannot be combined with other inputs (expected "
                "--network FILE alone; run refnet import to add inputs to a snapshot)");
        }
        return open_snapshot(spec.network);
    }
    if (!spec.data_dir.empty()) {
        const std::filesystem::path dir(spec.data_dir);
        std::error_code ec;
        if (!std::filesystem::is_directory(dir, ec)) {
            throw InputError(spec.data_dir, 0, 0, "is not a directory (expected --data DIR)");
        }
        if (spec.providers.empty()) spec.providers = (dir / "providers.csv").string();
        if (spec.referrals.empty()) spec.referrals = (dir / "referrals.csv").string();
        if (spec.touchpoints.empty() && std::filesystem::exists(dir / "touchpoints.csv")) {
            spec.touchpoints = (dir / "touchpoints.csv").string();
        }
    }
    Dataset data;
    data.diagnostics = Diagnostics(spec.lenient);

    if (!spec.providers.empty()) {
        auto in = open_input(spec.providers);
        ProviderRows rows = read_providers(
            in, spec.providers, data.diagnostics,
            spec.check_npi ? (spec.strict_npi ? NpiCheck::strict : NpiCheck::warn) : NpiCheck::off);
        for (auto& p : rows.providers) {
            data.ids.insert(p.id);
            data.providers.push_back(std::move(p));
        }
        data.files.push_back(rows.stats);
    }
    auto append_events = [&](ReferralRows rows) {
        data.referrals.insert(data.referrals.end(), rows.referrals.begin(), rows.referrals.end());
        data.files.push_back(rows.stats);
    };
    if (!spec.referrals.empty()) {
        auto in = open_input(spec.referrals);
        const UnknownIds unknown = spec.providers.empty() ? UnknownIds::add : UnknownIds::reject;
        append_events(
            read_referrals(in, spec.referrals, data.ids, unknown, data.needs, data.diagnostics));
    }
    // A CMS file on its own takes the compact path: edge columns straight into
    // the network, no per-row events (a national file has 60 M rows).
    std::optional<CmsEdges> fast;
    data.shared_patients = !spec.cms.empty() && spec.referrals.empty();
    if (!spec.cms.empty() && spec.cms != "-" && spec.providers.empty() && spec.referrals.empty()) {
        std::error_code ec;
        if (std::filesystem::is_directory(spec.cms, ec)) (void)open_input(spec.cms);  // its message
        fast = read_cms_fast(spec.cms, progress);
        if (fast) {
            data.ids = std::move(fast->ids);
            data.files.push_back({spec.cms, fast->from.size(), fast->from.size(), 0, 0});
        }
    }
    if (!spec.cms.empty() && !fast) {
        auto in = open_input(spec.cms);
        append_events(read_cms(in, spec.cms, data.ids, data.diagnostics));
    }
    // Edge lists may have introduced providers that no provider file described.
    for (graph::NodeId id = static_cast<graph::NodeId>(data.providers.size()); id < data.ids.size();
         ++id) {
        graph::Provider p;
        p.id = data.ids.key(id);
        data.providers.push_back(std::move(p));
    }
    if (!spec.nppes.empty()) {
        auto in = open_input(spec.nppes);
        ProviderRows rows = read_nppes(in, spec.nppes, data.diagnostics);
        const bool nppes_only =
            spec.providers.empty() && spec.referrals.empty() && spec.cms.empty();
        for (auto& row : rows.providers) {
            auto id = data.ids.find(row.id);
            if (!id && nppes_only) {
                id = data.ids.insert(row.id);
                data.providers.emplace_back();
            }
            if (!id) continue;
            ++data.nppes_matched;
            // NPPES fills what the other inputs left blank, never overrides them.
            graph::Provider& p = data.providers[*id];
            if (p.id.empty()) p.id = row.id;
            if (p.name.empty()) p.name = row.name;
            if (p.taxonomy.empty()) p.taxonomy = row.taxonomy;
            if (p.city.empty()) p.city = row.city;
            if (p.state.empty()) p.state = row.state;
            if (p.zip.empty()) p.zip = row.zip;
        }
        data.files.push_back(rows.stats);
    }
    if (!spec.touchpoints.empty()) {
        auto in = open_input(spec.touchpoints);
        TouchpointRows rows = read_touchpoints(in, spec.touchpoints, data.ids, data.diagnostics);
        data.touchpoints = std::move(rows.touchpoints);
        data.files.push_back(rows.stats);
    }
    data.groups.reserve(data.providers.size());
    for (auto& p : data.providers) {
        fill_from_taxonomy(p, taxonomy);
        data.groups.push_back(p.group);
    }
    graph::BuildResult built;
    try {
        built = fast ? graph::build_network_from_edges(
                           data.ids.size(),
                           graph::EdgeList{std::move(fast->from), std::move(fast->to),
                                           std::move(fast->count), std::move(fast->beneficiaries)})
                     : graph::build_network(data.ids.size(), data.referrals);
    } catch (const graph::CountOverflow& e) {
        const std::string source = !spec.referrals.empty() ? spec.referrals : spec.cms;
        throw InputError(
            source, 0, 0,
            "referrals from " + quote_value(data.ids.key(e.from())) + " to " +
                quote_value(data.ids.key(e.to())) +
                " add up to more than 4294967295 (expected a total that fits 32 bits)");
    }
    data.network = std::move(built.network);
    data.build = built.report;
    return data;
}

void require_kept_rows(const Dataset& data) {
    // --lenient that kept nothing is not a result: an empty network would
    // pass for "no referrals" with exit 0.
    for (const ReadStats& file : data.files) {
        if (file.rows == 0 || file.skipped < file.rows) continue;
        const std::string rows = file.rows == 1
                                     ? "its one row is"
                                     : "all " + std::to_string(file.rows) + " of its rows are";
        throw InputError(file.source, 0, 0,
                         rows + " bad, so --lenient kept nothing (expected at least one good row)");
    }
}

void restrict_before(Dataset& data, graph::Date as_of) {
    // A compact CMS load keeps no events: all its edges are undated, so all stay.
    if (data.referrals.empty()) return;
    std::erase_if(data.referrals,
                  [&](const graph::Referral& r) { return r.date.valid() && !(r.date < as_of); });
    std::erase_if(data.touchpoints,
                  [&](const graph::Touchpoint& t) { return t.date.valid() && !(t.date < as_of); });
    graph::BuildResult built = graph::build_network(data.ids.size(), data.referrals);
    data.network = std::move(built.network);
    data.build = built.report;
    data.stored_context = {};  // built from the events just dropped
    data.stored_context_owner.reset();
}

std::vector<std::string> closest_providers(const Dataset& data, std::string_view query,
                                           std::size_t limit) {
    const std::string q = graph::lower_ascii(query);
    std::vector<std::pair<std::size_t, std::string>> scored;
    for (const auto& p : data.providers) {
        std::size_t d = edit_distance(q, graph::lower_ascii(p.id));
        if (!p.name.empty()) {
            const std::string name = graph::lower_ascii(p.name);
            d = std::min(d, name.find(q) != std::string::npos ? 0 : edit_distance(q, name));
        }
        scored.emplace_back(d, p.name.empty() ? p.id : p.id + " (" + p.name + ")");
    }
    std::stable_sort(scored.begin(), scored.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::string> out;
    for (std::size_t i = 0; i < scored.size() && i < limit; ++i) out.push_back(scored[i].second);
    return out;
}

std::uint64_t providers_without_taxonomy(const Dataset& data) {
    return static_cast<std::uint64_t>(
        std::count_if(data.providers.begin(), data.providers.end(),
                      [](const graph::Provider& p) { return p.taxonomy.empty(); }));
}

}  // namespace refnet::io

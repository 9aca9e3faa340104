// National-scale CMS edge list: providers laid out metro by metro, heavy-tailed
// out-degrees, targets drawn per block of providers from the block's own
// SplitMix64-seeded stream, so blocks run in parallel and the file is the same
// whatever the thread count.
#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <refnet/graph/splitmix.hpp>
#include <refnet/io/npi.hpp>
#include <refnet/io/output.hpp>
#include <refnet/io/writers.hpp>
#include <refnet/synth/cms.hpp>
#include <refnet/synth/metros.hpp>
#include <stdexcept>

#include "population.hpp"
#include "rng.hpp"

namespace refnet::synth {

namespace {

using detail::credential;
using detail::kFirstNames;
using detail::kLastNames;
using detail::kPlaceWords;
using detail::kSpecialtyMix;
using detail::Rng;

constexpr std::uint32_t kCmsBlock = 4096;  // providers per generation block

struct CmsLayout {
    std::vector<std::uint32_t> metro_begin;  // providers are laid out metro by metro
    std::vector<std::uint32_t> degree;
    std::vector<std::array<char, 10>> npi;  // formatted once: each is written ~2 * edges / n times
};

std::uint64_t mix_seed(std::uint64_t seed, std::uint64_t stream) {
    // splitmix64: independent, reproducible streams per block.
    return graph::splitmix64_mix(seed + graph::kSplitMix64Gamma * (stream + 1));
}

}  // namespace

void write_cms_market(const CmsParams& params, const io::TaxonomyTable& taxonomy,
                      const std::string& dir, const std::function<void(double)>& progress) {
    const std::uint64_t n = params.providers;
    if (n < 2) {
        throw std::invalid_argument("an edge list needs at least 2 providers, got " +
                                    std::to_string(n));
    }
    if (params.edges > max_cms_edges(n)) {
        throw std::invalid_argument("edges " + std::to_string(params.edges) + " exceeds the " +
                                    std::to_string(max_cms_edges(n)) + " directed pairs of " +
                                    std::to_string(n) + " providers");
    }
    std::filesystem::create_directories(dir);
    const std::filesystem::path base(dir);
    const auto& metro_list = metros();
    Rng rng(params.seed);

    // Metro sizes follow a rough population ranking; providers are contiguous per metro.
    CmsLayout layout;
    layout.metro_begin.push_back(0);
    {
        std::vector<double> share;
        for (std::size_t m = 0; m < metro_list.size(); ++m)
            share.push_back(1.0 / (1.0 + 0.35 * static_cast<double>(m)));
        double total = 0.0;
        for (double s : share) total += s;
        std::uint64_t placed = 0;
        for (std::size_t m = 0; m < metro_list.size(); ++m) {
            placed = m + 1 == metro_list.size()
                         ? n
                         : placed + static_cast<std::uint64_t>(
                                        std::floor(share[m] / total * static_cast<double>(n)));
            layout.metro_begin.push_back(static_cast<std::uint32_t>(placed));
        }
    }
    // Heavy-tailed out-degrees scaled to exactly `edges`, each capped below n.
    {
        std::vector<double> weight(n);
        double total = 0.0;
        for (auto& w : weight) {
            w = rng.lognormal(0.0, 1.1);
            total += w;
        }
        layout.degree.assign(n, 0);
        const std::uint64_t cap = std::min<std::uint64_t>(n - 1, 50'000);
        std::uint64_t assigned = 0;
        for (std::uint64_t i = 0; i < n; ++i) {
            const auto d = std::min<std::uint64_t>(
                cap,
                static_cast<std::uint64_t>(weight[i] / total * static_cast<double>(params.edges)));
            layout.degree[i] = static_cast<std::uint32_t>(d);
            assigned += d;
        }
        // Hand out the remainder round-robin to providers below the cap.
        for (std::uint64_t i = 0; assigned < params.edges; i = (i + 1) % n) {
            if (layout.degree[i] < n - 1) {
                ++layout.degree[i];
                ++assigned;
            }
        }
    }
    layout.npi.resize(n);
    {
        // Distinct 9-digit bases by a stride walk through [1e8, 1e9) (the stride
        // is coprime with 9e8, so no base repeats and no set is needed).
        const std::uint64_t span = 200'000'000ULL;
        const std::uint64_t stride = 7'919ULL * 104'729ULL;  // two primes, coprime with 2, 3 and 5
        std::uint64_t x = rng.below(span);
        for (std::uint64_t i = 0; i < n; ++i) {
            const std::string npi = io::make_npi(static_cast<std::uint32_t>(100'000'000ULL + x));
            std::copy(npi.begin(), npi.end(), layout.npi[i].begin());
            x = (x + stride) % span;
        }
    }

    std::vector<double> mix;
    mix.reserve(kSpecialtyMix.size());
    for (const auto& s : kSpecialtyMix) mix.push_back(s.percent);
    io::write_atomically((base / "nppes.csv").string(), [&](std::ostream& out) {
        io::write_nppes_header(out);
        Rng names(mix_seed(params.seed, 0xA11CE));
        std::string line;
        for (std::uint64_t i = 0; i < n; ++i) {
            const auto metro_it =
                std::upper_bound(layout.metro_begin.begin(), layout.metro_begin.end(),
                                 static_cast<std::uint32_t>(i));
            const Metro& metro =
                metro_list[static_cast<std::size_t>(metro_it - layout.metro_begin.begin() - 1)];
            const std::string_view code = kSpecialtyMix[names.pick(mix)].code;
            const auto entry = taxonomy.find(std::string(code));
            const graph::Group group =
                entry == taxonomy.end() ? graph::Group::unknown : entry->second.group;
            // Draws in the order the row reads: entity type, then names, then ZIP.
            io::NppesRow row;
            row.npi = std::string_view(layout.npi[i].data(), layout.npi[i].size());
            std::string organisation;
            row.organisation = !names.chance(0.85);
            if (!row.organisation) {
                row.last_name = kLastNames[names.below(kLastNames.size())];
                row.first_name = kFirstNames[names.below(kFirstNames.size())];
                row.credential = credential(group, code);
            } else {
                organisation =
                    std::string(kPlaceWords[names.below(kPlaceWords.size())]) + " Health Partners";
                row.organisation_name = organisation;
            }
            row.city = metro.city;
            row.state = metro.state;
            const std::string zip = std::string(metro.zip3) + std::to_string(10 + names.below(90));
            row.zip = zip;
            row.taxonomy = code;
            line.clear();
            io::append_nppes_row(line, row);
            out << line;
        }
    });

    io::write_atomically((base / "cms_edges.csv").string(), [&](std::ostream& out) {
        const std::uint64_t blocks = (n + kCmsBlock - 1) / kCmsBlock;
        std::uint64_t written_edges = 0;
        constexpr std::uint64_t kBatch = 16;  // blocks held in memory at once
        for (std::uint64_t first = 0; first < blocks; first += kBatch) {
            const std::uint64_t last = std::min(blocks, first + kBatch);
            std::vector<std::string> text(last - first);
#pragma omp parallel for schedule(dynamic, 1)
            for (std::int64_t bi = static_cast<std::int64_t>(first);
                 bi < static_cast<std::int64_t>(last); ++bi) {
                const auto b = static_cast<std::uint64_t>(bi);
                Rng block_rng(mix_seed(params.seed, b));
                std::string& buffer = text[b - first];
                std::vector<std::uint32_t> targets;
                const std::uint64_t end = std::min(n, (b + 1) * kCmsBlock);
                for (std::uint64_t i = b * kCmsBlock; i < end; ++i) {
                    const auto metro_it =
                        std::upper_bound(layout.metro_begin.begin(), layout.metro_begin.end(),
                                         static_cast<std::uint32_t>(i));
                    const std::uint64_t m_begin = *(metro_it - 1);
                    const std::uint64_t m_size = *metro_it - m_begin;
                    const std::uint32_t degree = layout.degree[i];
                    targets.clear();
                    // Mostly within the metro, skewed towards its large receivers
                    // (cubed uniform: a few hubs take most links); some national.
                    auto draw = [&]() -> std::uint64_t {
                        const double u = block_rng.uniform();
                        if (m_size > 1 && block_rng.chance(0.85)) {
                            return m_begin + static_cast<std::uint64_t>(
                                                 u * u * u * static_cast<double>(m_size));
                        }
                        return static_cast<std::uint64_t>(u * u * static_cast<double>(n));
                    };
                    for (int round = 0; round < 8 && targets.size() < degree; ++round) {
                        while (targets.size() < degree) {
                            const std::uint64_t t = std::min(draw(), n - 1);
                            if (t != i) targets.push_back(static_cast<std::uint32_t>(t));
                        }
                        std::sort(targets.begin(), targets.end());
                        targets.erase(std::unique(targets.begin(), targets.end()), targets.end());
                    }
                    // Rare top-up for very high degrees: scan for unused targets.
                    for (std::uint64_t t = 0; targets.size() < degree && t < n; ++t) {
                        if (t != i && !std::binary_search(targets.begin(), targets.end(),
                                                          static_cast<std::uint32_t>(t))) {
                            targets.insert(std::lower_bound(targets.begin(), targets.end(),
                                                            static_cast<std::uint32_t>(t)),
                                           static_cast<std::uint32_t>(t));
                        }
                    }
                    const std::string_view from(layout.npi[i].data(), layout.npi[i].size());
                    for (std::uint32_t t : targets) {
                        // CMS suppresses pairs under 11 shared patients.
                        const auto patients = 11 + static_cast<std::uint64_t>(
                                                       block_rng.lognormal(std::log(8.0), 1.0));
                        const auto pairs =
                            patients + static_cast<std::uint64_t>(static_cast<double>(patients) *
                                                                  block_rng.uniform() * 3.0);
                        const auto same_day = static_cast<std::uint64_t>(
                            static_cast<double>(pairs) * block_rng.uniform() * 0.2);
                        io::append_cms_edge(
                            buffer, from,
                            std::string_view(layout.npi[t].data(), layout.npi[t].size()), pairs,
                            patients, same_day);
                    }
                }
            }
            for (const auto& chunk : text) out << chunk;
            for (std::uint64_t b = first; b < last; ++b) {
                const std::uint64_t end = std::min(n, (b + 1) * kCmsBlock);
                for (std::uint64_t i = b * kCmsBlock; i < end; ++i)
                    written_edges += layout.degree[i];
            }
            if (progress)
                progress(static_cast<double>(written_edges) /
                         static_cast<double>(std::max<std::uint64_t>(1, params.edges)));
        }
    });
}

}  // namespace refnet::synth

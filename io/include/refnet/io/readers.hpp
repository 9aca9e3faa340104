// Readers for every input layout. Each takes a stream plus the name to use in
// messages, so tests feed in-memory text and only dataset.cpp touches paths.
#pragma once

#include <cstdint>
#include <istream>
#include <refnet/graph/id_map.hpp>
#include <refnet/graph/provider.hpp>
#include <refnet/io/error.hpp>
#include <string>
#include <unordered_map>
#include <vector>

namespace refnet::io {

/// Rows seen in one file and what became of them.
struct ReadStats {
    std::string source;
    std::uint64_t rows = 0;  ///< data rows (header and blank lines excluded)
    std::uint64_t accepted = 0;
    std::uint64_t skipped = 0;  ///< bad rows skipped in lenient mode
    std::uint64_t ignored = 0;  ///< rows that carry nothing to use (e.g. deactivated NPIs)
};

struct ProviderRows {
    std::vector<graph::Provider> providers;
    std::vector<std::uint64_t> lines;  ///< source line of each provider
    ReadStats stats;
};

/// RefNet providers.csv. Only `id` is required; a duplicate id is an error naming
/// both lines.
/// What an NPI-shaped id (ten digits) failing the NPI check digit is.
enum class NpiCheck { off, warn, strict };
[[nodiscard]] ProviderRows read_providers(std::istream& in, const std::string& source,
                                          Diagnostics& diagnostics, NpiCheck npi = NpiCheck::off);

struct ReferralRows {
    std::vector<graph::Referral> referrals;
    ReadStats stats;
};

/// How readers of edge files resolve provider keys.
enum class UnknownIds {
    reject,  ///< a key missing from the map is an error (providers.csv was given)
    add,     ///< a new key becomes a new provider (edge lists without a provider file)
};

/// RefNet referrals.csv. `ids` maps provider keys; `needs` gains every need tag.
[[nodiscard]] ReferralRows read_referrals(std::istream& in, const std::string& source,
                                          graph::IdMap& ids, UnknownIds unknown,
                                          graph::IdMap& needs, Diagnostics& diagnostics);

/// CMS Physician Shared Patient Patterns: npi1,npi2,pair_count,bene_count,
/// same_day_count, with or without a header. A header may carry several columns
/// per field (multi-year merges such as Total2014,…,Total); the first non-empty
/// one in a row is used. pair_count becomes the edge count.
[[nodiscard]] ReferralRows read_cms(std::istream& in, const std::string& source, graph::IdMap& ids,
                                    Diagnostics& diagnostics);

struct TouchpointRows {
    std::vector<graph::Touchpoint> touchpoints;
    ReadStats stats;
};
[[nodiscard]] TouchpointRows read_touchpoints(std::istream& in, const std::string& source,
                                              const graph::IdMap& ids, Diagnostics& diagnostics);

/// NPPES dissemination rows (the 330-column header): id, name, primary taxonomy,
/// practice city, state and 5-digit zip. Deactivated NPIs (no entity type) are
/// counted in `stats.ignored`.
[[nodiscard]] ProviderRows read_nppes(std::istream& in, const std::string& source,
                                      Diagnostics& diagnostics);

/// NUCC code -> group and display name (datasets/taxonomy_groups.csv).
struct TaxonomyEntry {
    graph::Group group = graph::Group::unknown;
    std::string display_name;
};
using TaxonomyTable = std::unordered_map<std::string, TaxonomyEntry>;

/// Reads `code,group,display_name,…`.
[[nodiscard]] TaxonomyTable read_taxonomy_groups(std::istream& in, const std::string& source,
                                                 Diagnostics& diagnostics);
/// The table shipped in datasets/taxonomy_groups.csv, compiled into the library
/// so the tool works from any directory.
[[nodiscard]] const TaxonomyTable& builtin_taxonomy();

}  // namespace refnet::io

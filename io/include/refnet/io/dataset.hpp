// Loads every input a command names into one Dataset: providers, events, the
// id and need dictionaries, and the network built from them.
#pragma once

#include <array>
#include <functional>
#include <memory>
#include <refnet/graph/id_map.hpp>
#include <refnet/graph/network.hpp>
#include <refnet/graph/provider.hpp>
#include <refnet/io/error.hpp>
#include <refnet/io/readers.hpp>
#include <span>
#include <string>
#include <vector>

namespace refnet::io {

/// Paths as given on the command line; empty means "not given".
struct InputSpec {
    std::string data_dir;  ///< DIR/providers.csv, DIR/referrals.csv, DIR/touchpoints.csv if present
    std::string providers;
    std::string referrals;
    std::string touchpoints;
    std::string cms;
    std::string nppes;
    std::string network;  ///< a snapshot from `refnet import`; excludes every other input
    bool lenient = false;
    /// Check NPI-shaped provider ids' check digit (`validate`): a failure is a
    /// warning, or an error with strict_npi.
    bool check_npi = false;
    bool strict_npi = false;

    /// The files named one by one (not the data directory), given or not.
    [[nodiscard]] std::array<const std::string*, 6> files() const {
        return {&providers, &referrals, &touchpoints, &cms, &nppes, &network};
    }
    [[nodiscard]] bool empty() const {
        return data_dir.empty() && providers.empty() && referrals.empty() && touchpoints.empty() &&
               cms.empty() && nppes.empty() && network.empty();
    }
};

struct Dataset {
    graph::IdMap ids;
    std::vector<graph::Provider> providers;  ///< indexed by NodeId
    std::vector<graph::Group> groups;        ///< indexed by NodeId
    graph::IdMap needs;                      ///< need tags seen in referrals
    std::vector<graph::Referral> referrals;
    std::vector<graph::Touchpoint> touchpoints;
    graph::Network network;
    graph::BuildReport build;
    std::vector<ReadStats> files;
    Diagnostics diagnostics;
    std::uint64_t nppes_matched = 0;  ///< NPPES rows that named a provider in the network
    std::string snapshot;             ///< the snapshot it was opened from, if any
    /// The counts are CMS shared-patient pairs, not referrals (words only:
    /// reasons say "shared patients").
    bool shared_patients = false;
    /// The scoring context `refnet import` stored in the snapshot, as bytes
    /// scoring reads in place (scoring::Context::stored); empty when there is
    /// none, and emptied when the data changes (restrict_before).
    std::span<const char> stored_context;
    std::shared_ptr<const void> stored_context_owner;  ///< keeps those bytes mapped
};

/// Providers with no taxonomy code (claims without NPPES rows for them).
[[nodiscard]] std::uint64_t providers_without_taxonomy(const Dataset& data);

/// Reads and validates the inputs, derives groups and specialty labels from the
/// taxonomy table where the data leaves them blank, and builds the network.
/// Throws InputError on the first error in strict mode and for problems no mode
/// can skip (missing file, missing column); lenient mode records row errors in
/// `diagnostics` and skips those rows.
/// `spec.network` opens a snapshot (open_snapshot) and must come alone
/// (std::invalid_argument otherwise).
/// A CMS file given alone is read by the compact fast path (read_cms_fast; no
/// events are kept in `referrals`); `progress` receives the fraction read.
[[nodiscard]] Dataset load_dataset(InputSpec spec,
                                   const TaxonomyTable& taxonomy = builtin_taxonomy(),
                                   const std::function<void(double)>& progress = nullptr);

/// Identifies the data a result was computed from, e.g. in weights files.
struct DataHash {
    std::string hash;  ///< "xxh3-64:" and 16 hex digits
    std::vector<std::string> files;
    std::uint64_t bytes = 0;
};

/// XXH3-64 over the bytes of the files `data` was read from (the snapshot when
/// it was opened from one), in reading order. Throws InputError when a file
/// can no longer be read.
[[nodiscard]] DataHash content_hash(const Dataset& data);

/// Throws InputError for a file every one of whose rows was skipped as bad
/// (--lenient): a load that kept nothing from it is not a result.
void require_kept_rows(const Dataset& data);

/// Keeps only what was known before `as_of`: referrals and touchpoints dated
/// earlier (undated, aggregated referrals stay: they carry no time), and
/// rebuilds the network from them. Providers are all kept.
void restrict_before(Dataset& data, graph::Date as_of);

/// Providers whose id or name is closest to `query` (case-insensitive edit
/// distance, names matched on substrings too), best first, at most `limit`.
[[nodiscard]] std::vector<std::string> closest_providers(const Dataset& data,
                                                         std::string_view query,
                                                         std::size_t limit = 3);

}  // namespace refnet::io

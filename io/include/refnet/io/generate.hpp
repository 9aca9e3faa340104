// Synthetic referral markets for demos, tests and benchmarks.
//
// `generate_market` simulates providers around real US metro centres month by
// month: patients' needs come from each specialty's "seen" profile, a referral
// goes to a provider who serves the need, chosen by distance decay, the
// sender's habits, the receiver's reputation, reciprocity and the sender's
// contacts with the receiver's liaison (touchpoints). Ties form, grow, sour and
// end, so later partnerships are predictable from earlier data but not
// trivially. `write_cms_market` streams a national-scale shared-patient edge
// list without holding the edges in memory. Both are deterministic: the same
// parameters give byte-identical files.
#pragma once

#include <cstdint>
#include <functional>
#include <refnet/graph/needs.hpp>
#include <refnet/graph/provider.hpp>
#include <refnet/io/npi.hpp>
#include <refnet/io/readers.hpp>
#include <string>
#include <vector>

namespace refnet::io {

struct Metro {
    std::string_view key;
    std::string_view city;
    std::string_view state;
    std::string_view zip3;  ///< first three ZIP digits of the core
    double lat;
    double lon;
    std::string_view neighbour_state;  ///< licensing across a nearby border
};
/// The metro centres RefNet knows (downtown coordinates).
[[nodiscard]] const std::vector<Metro>& metros();
/// Region names: a metro key, or "national" for all of them.
[[nodiscard]] std::vector<std::string> region_names();

struct MarketParams {
    std::uint32_t providers = 800;
    std::uint32_t years = 3;
    std::uint64_t seed = 1;
    std::string region = "atlanta";
    int start_year = 2023;
};

struct Market {
    std::vector<graph::Provider> providers;      ///< NodeId = index
    std::vector<graph::Referral> referrals;      ///< need ids index the catalogue's tags
    std::vector<graph::Touchpoint> touchpoints;  ///< `by` made every contact
};

/// Throws std::invalid_argument for an unknown region, 0 providers or years,
/// or more than 50 years. Time is roughly O(referrals * nearby providers who
/// serve the referral's need + liaison months * nearby providers who see a need
/// the liaison's practice serves); 100,000 national providers over 3 years
/// take minutes.
[[nodiscard]] Market generate_market(const MarketParams& params,
                                     const graph::NeedCatalogue& catalogue,
                                     const TaxonomyTable& taxonomy);

/// Writes providers.csv, referrals.csv and touchpoints.csv into `dir` (created
/// if missing), each atomically.
void write_market(const Market& market, const graph::NeedCatalogue& catalogue,
                  const std::string& dir);

struct CmsParams {
    std::uint32_t providers = 100'000;
    std::uint64_t edges = 6'000'000;
    std::uint64_t seed = 1;
};

/// Writes `dir/cms_edges.csv` (CMS layout, no header) and `dir/nppes.csv`
/// (NPPES header subset) for `providers` NPIs and exactly `edges` distinct
/// directed pairs. Memory is O(providers), not O(edges). `progress` receives the
/// fraction done. Throws std::invalid_argument when edges exceed what the
/// providers can hold (n (n-1)).
void write_cms_market(const CmsParams& params, const TaxonomyTable& taxonomy,
                      const std::string& dir,
                      const std::function<void(double)>& progress = nullptr);

}  // namespace refnet::io

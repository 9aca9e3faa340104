// A national-scale CMS shared-patient edge list, streamed without holding the
// edges in memory. Deterministic: the same parameters give byte-identical
// files, whatever the thread count.
#pragma once

#include <cstdint>
#include <functional>
#include <refnet/io/readers.hpp>
#include <string>

namespace refnet::synth {

struct CmsParams {
    std::uint32_t providers = 100'000;
    std::uint64_t edges = 6'000'000;
    std::uint64_t seed = 1;
};

/// The distinct directed pairs `providers` NPIs can hold: n (n - 1), the most
/// edges write_cms_market can write.
[[nodiscard]] constexpr std::uint64_t max_cms_edges(std::uint64_t providers) {
    return providers < 2 ? 0 : providers * (providers - 1);
}

/// Writes `dir/cms_edges.csv` (CMS layout, no header) and `dir/nppes.csv`
/// (NPPES header subset) for `providers` NPIs and exactly `edges` distinct
/// directed pairs. Memory is O(providers), not O(edges). `progress` receives the
/// fraction done. Throws std::invalid_argument for fewer than 2 providers or
/// more edges than max_cms_edges.
void write_cms_market(const CmsParams& params, const io::TaxonomyTable& taxonomy,
                      const std::string& dir,
                      const std::function<void(double)>& progress = nullptr);

}  // namespace refnet::synth

// A simulated referral market: `generate_market` places providers around real
// US metro centres and runs it month by month. Patients' needs come from each
// specialty's "seen" profile; a referral goes to a provider who serves the
// need, chosen by distance decay, the sender's habits, the receiver's
// reputation, reciprocity and the sender's contacts with the receiver's
// liaison (touchpoints). Ties form, grow, sour and end, so later partnerships
// are predictable from earlier data but not trivially. Deterministic: the same
// parameters give byte-identical files.
#pragma once

#include <cstdint>
#include <refnet/graph/needs.hpp>
#include <refnet/graph/provider.hpp>
#include <refnet/io/readers.hpp>
#include <string>
#include <vector>

namespace refnet::synth {

struct MarketParams {
    std::uint32_t providers = 800;
    std::uint32_t years = 3;
    std::uint64_t seed = 1;
    std::string region = "atlanta";
    int start_year = 2023;
    /// Add a liaison programme with a cadence to the touchpoints (synth's
    /// liaison_programme.cpp); the referrals stay those of the market without it.
    bool liaison_programme = false;
};

struct Market {
    std::vector<graph::Provider> providers;      ///< NodeId = index
    std::vector<graph::Referral> referrals;      ///< need ids index the catalogue's tags
    std::vector<graph::Touchpoint> touchpoints;  ///< `by` made every contact
};

/// Whether the catalogue profiles at least one specialty the generator draws
/// providers from: without one there is no provider to make.
[[nodiscard]] bool profiles_a_specialty(const graph::NeedCatalogue& catalogue);

/// Throws std::invalid_argument for an unknown region, 0 providers or years,
/// a catalogue that profiles none of the generator's specialties,
/// or more than 50 years. Time is roughly O(referrals * nearby providers who
/// serve the referral's need + liaison months * nearby providers who see a need
/// the liaison's practice serves); 100,000 national providers over 3 years
/// take minutes.
[[nodiscard]] Market generate_market(const MarketParams& params,
                                     const graph::NeedCatalogue& catalogue,
                                     const io::TaxonomyTable& taxonomy);

/// Each practice whose liaison made contacts keeps up with its largest
/// partners (6 or more referrals both ways, at most 5): most every quarter,
/// some for a few quarters only, some once a year. Draws from its own random
/// stream, so the rest of the market is unchanged.
void add_liaison_programme(Market& market, const MarketParams& params);

/// Writes providers.csv, referrals.csv and touchpoints.csv into `dir` (created
/// if missing), each atomically, with io's writers.
void write_market(const Market& market, const graph::NeedCatalogue& catalogue,
                  const std::string& dir);

}  // namespace refnet::synth

// The simulated providers (internal to refnet_synth): the specialty mix and
// name tables both modes draw from, a provider's latent traits, and how one is
// named, placed and given its needs.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <refnet/graph/needs.hpp>
#include <refnet/graph/provider.hpp>
#include <refnet/io/readers.hpp>
#include <refnet/synth/metros.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rng.hpp"

namespace refnet::synth::detail {

// Specialty mix of an ambulatory market, in percent of providers: roughly the
// shape of NPPES individual providers in a US metro (primary care about a
// third, then specialists, dental, allied and behavioral health, wellness).
struct SpecialtyShare {
    std::string_view code;
    double percent;
};
inline constexpr std::array<SpecialtyShare, 58> kSpecialtyMix{{
    {"207Q00000X", 11.0}, {"207R00000X", 9.0}, {"208000000X", 4.0}, {"363LF0000X", 4.0},
    {"363A00000X", 3.0},  {"207RG0300X", 1.0}, {"208D00000X", 0.8}, {"152W00000X", 4.0},
    {"207W00000X", 1.5},  {"1223G0001X", 6.0}, {"1223X0400X", 1.0}, {"1223P0300X", 0.5},
    {"1223S0112X", 0.5},  {"1223P0221X", 1.0}, {"225100000X", 6.0}, {"225X00000X", 2.0},
    {"111N00000X", 3.0},  {"231H00000X", 0.8}, {"235Z00000X", 1.0}, {"213E00000X", 1.0},
    {"2255A2300X", 0.5},  {"2084P0800X", 2.0}, {"103TC0700X", 2.5}, {"101YP2500X", 3.0},
    {"1041C0700X", 2.5},  {"106H00000X", 1.0}, {"101YA0400X", 1.0}, {"363LP0808X", 1.0},
    {"133V00000X", 2.0},  {"133N00000X", 0.7}, {"225700000X", 2.0}, {"171100000X", 1.0},
    {"171400000X", 0.8},  {"224Y00000X", 0.5}, {"175F00000X", 0.3}, {"207RC0000X", 2.0},
    {"2084N0400X", 1.5},  {"207RE0101X", 1.0}, {"207RG0100X", 1.5}, {"207N00000X", 1.5},
    {"207RP1001X", 1.0},  {"207RN0300X", 0.7}, {"207K00000X", 0.7}, {"207RS0012X", 0.5},
    {"208VP0000X", 1.0},  {"207QS0010X", 0.5}, {"207RR0500X", 0.7}, {"208100000X", 0.7},
    {"207RX0202X", 0.7},  {"207X00000X", 2.5}, {"207V00000X", 2.5}, {"207Y00000X", 1.0},
    {"208800000X", 1.0},  {"208600000X", 1.0}, {"207T00000X", 0.5}, {"207XX0005X", 0.5},
    {"183500000X", 0.5},  {"207RH0002X", 0.3},
}};

inline constexpr std::array<std::string_view, 40> kFirstNames{
    "James", "Mary",   "Robert", "Patricia", "John",   "Jennifer", "Michael", "Linda",
    "David", "Maria",  "Wei",    "Priya",    "Ahmed",  "Sofia",    "Daniel",  "Grace",
    "Kevin", "Aisha",  "Carlos", "Hannah",   "Thomas", "Emily",    "Andre",   "Mei",
    "Omar",  "Laura",  "Samuel", "Nadia",    "Joseph", "Olivia",   "Rafael",  "Chloe",
    "Ethan", "Fatima", "Lucas",  "Ingrid",   "Mateo",  "Keisha",   "Noah",    "Yuki"};
inline constexpr std::array<std::string_view, 40> kLastNames{
    "Smith",  "Johnson", "Williams", "Brown",   "Jones",   "Garcia",    "Miller",   "Davis",
    "Nguyen", "Patel",   "Kim",      "Chen",    "Okafor",  "Hernandez", "Lopez",    "Wilson",
    "Moore",  "Taylor",  "Thomas",   "Jackson", "White",   "Harris",    "Martin",   "Lee",
    "Walker", "Hall",    "Allen",    "Young",   "King",    "Wright",    "Scott",    "Green",
    "Baker",  "Adams",   "Nelson",   "Hill",    "Ramirez", "Campbell",  "Mitchell", "O'Neil"};
inline constexpr std::array<std::string_view, 16> kPlaceWords{
    "Riverside", "Oakwood",   "Summit",     "Lakeview",   "Northside", "Parkway",
    "Cedar",     "Midtown",   "Heritage",   "Crossroads", "Meadow",    "Harbor",
    "Westgate",  "Pinecrest", "Elm Street", "Union"};

/// The credential after an individual's name ("MD", "DDS", ...; empty for
/// wellness and allied health codes without one).
[[nodiscard]] std::string_view credential(graph::Group group, std::string_view code);

// ---------------------------------------------------------------------------
// Provider placement and traits.

struct Traits {
    double panel = 1.0;          // relative practice size (heavy-tailed)
    double quality = 0.5;        // latent: feedback, speed, completion, satisfaction
    double feedback_rate = 0.5;  // share of completed referrals that get notes back
    double feedback_delay = 7;   // days
    double days_to_appointment = 14;
    double completion = 0.85;
    double reciprocity = 0.5;  // how much a sender favours those who send back
    double marketing = 0.0;    // touchpoints per month its liaison makes
    int active_from = 0;       // months
    int active_to = 0;
    std::uint32_t metro = 0;
    std::vector<double> seen;    // dense over needs
    std::vector<double> served;  // dense over needs
};

// What the candidate loops read of a provider, packed so that they stay in
// cache, with the weight's per-provider factors computed once (the same
// doubles the weight formula computed on every use).
struct Peer {
    double lat = 0.0;
    double lon = 0.0;
    double cos_lat = 1.0;
    double quality_factor = 0.0;  // std::pow(0.3 + quality, 1.5)
    double panel_factor = 0.0;    // std::sqrt(0.3 + panel)
    graph::NodeId id = 0;
    int active_from = 0;
    int active_to = 0;
    bool remote_floor = false;  // proximity matters little: telehealth therapy or wellness
    bool closed = false;        // not accepting new patients
    bool active_in(int month) const { return active_from <= month && month < active_to; }
};

inline double round_to(double value, double step) { return std::round(value / step) * step; }

/// The metros of a region; throws std::invalid_argument for an unknown one.
[[nodiscard]] std::vector<const Metro*> region_metros(const std::string& region);

/// A sparse need profile as a dense vector over `needs` need ids.
[[nodiscard]] std::vector<double> dense_profile(
    const std::vector<std::pair<graph::NeedId, double>>& sparse, graph::NeedId needs);

/// Names and places one provider around `metro`, drawing from `rng`.
void describe(graph::Provider& p, Rng& rng, const Metro& metro, const io::TaxonomyTable& taxonomy);

/// The needs with weight >= 0.0005, rounded to 0.001, heaviest first.
[[nodiscard]] std::vector<graph::NeedWeight> top_needs(const std::vector<double>& dense,
                                                       const graph::NeedCatalogue& catalogue);

}  // namespace refnet::synth::detail

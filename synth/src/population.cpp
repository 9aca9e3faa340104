#include "population.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

namespace refnet::synth::detail {

std::string_view credential(graph::Group group, std::string_view code) {
    using graph::Group;
    if (code.starts_with("363L")) return "NP";
    if (code.starts_with("363A")) return "PA";
    if (code.starts_with("152W")) return "OD";
    if (code.starts_with("1223")) return "DDS";
    if (code.starts_with("2251")) return "DPT";
    if (code.starts_with("225X")) return "OTR/L";
    if (code.starts_with("111N")) return "DC";
    if (code.starts_with("213E")) return "DPM";
    if (code.starts_with("103T")) return "PhD";
    if (code.starts_with("101Y")) return "LPC";
    if (code.starts_with("1041")) return "LCSW";
    if (code.starts_with("106H")) return "LMFT";
    if (code.starts_with("133V")) return "RD";
    if (code.starts_with("2257")) return "LMT";
    if (code.starts_with("1711")) return "LAc";
    if (code.starts_with("231H")) return "AuD";
    if (code.starts_with("235Z")) return "CCC-SLP";
    if (code.starts_with("1835")) return "PharmD";
    if (group == Group::wellness || group == Group::allied_health) return "";
    return "MD";
}

std::vector<double> dense_profile(const std::vector<std::pair<graph::NeedId, double>>& sparse,
                                  graph::NeedId needs) {
    std::vector<double> dense(needs, 0.0);
    for (const auto& [need, weight] : sparse) dense[need] = weight;
    return dense;
}

// Names and places one provider; `individual` decides person vs practice name.
void describe(graph::Provider& p, Rng& rng, const Metro& metro, const io::TaxonomyTable& taxonomy) {
    const auto entry = taxonomy.find(p.taxonomy);
    p.group = entry == taxonomy.end() ? graph::Group::unknown : entry->second.group;
    p.specialty = entry == taxonomy.end() ? "" : entry->second.display_name;
    if (rng.chance(0.7)) {
        p.name = std::string(kFirstNames[rng.below(kFirstNames.size())]) + " " +
                 std::string(kLastNames[rng.below(kLastNames.size())]);
        const std::string_view cred = credential(p.group, p.taxonomy);
        if (!cred.empty()) p.name += ", " + std::string(cred);
    } else {
        std::string label = p.specialty;
        for (std::string_view suffix :
             {" Physician", " (Internal Medicine)", " (Family Medicine)"}) {
            if (auto at = label.find(suffix); at != std::string::npos)
                label.erase(at, suffix.size());
        }
        p.name =
            std::string(kPlaceWords[rng.below(kPlaceWords.size())]) + " " + label + " Associates";
    }
    // Providers cluster around the core with a suburban tail.
    const double radius_km = std::min(45.0, rng.lognormal(std::log(7.0), 0.7));
    const double angle = 2.0 * std::numbers::pi * rng.uniform();
    p.lat = metro.lat + radius_km * std::cos(angle) / 111.195;
    p.lon = metro.lon + radius_km * std::sin(angle) /
                            (111.195 * std::cos(metro.lat * std::numbers::pi / 180.0));
    p.lat = round_to(p.lat, 1e-4);
    p.lon = round_to(p.lon, 1e-4);
    p.city = std::string(metro.city);
    p.state = std::string(metro.state);
    p.zip = std::string(metro.zip3) + std::to_string(10 + rng.below(90));
    p.licensed_states = {p.state};
    if (rng.chance(0.2)) p.licensed_states.emplace_back(metro.neighbour_state);
    const bool remote_friendly =
        p.group == graph::Group::behavioral_health || p.group == graph::Group::wellness;
    p.telehealth = rng.chance(remote_friendly ? 0.6 : 0.12);
    p.accepting_new = rng.chance(0.88);
}

std::vector<graph::NeedWeight> top_needs(const std::vector<double>& dense,
                                         const graph::NeedCatalogue& catalogue) {
    std::vector<graph::NeedWeight> out;
    for (graph::NeedId n = 0; n < dense.size(); ++n) {
        if (dense[n] >= 0.0005) out.push_back({catalogue.tags.key(n), round_to(dense[n], 0.001)});
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const auto& a, const auto& b) { return a.weight > b.weight; });
    return out;
}

}  // namespace refnet::synth::detail

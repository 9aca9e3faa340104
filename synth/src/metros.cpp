#include <refnet/synth/metros.hpp>
#include <stdexcept>

#include "population.hpp"

namespace refnet::synth {

const std::vector<Metro>& metros() {
    static const std::vector<Metro> list{
        {"atlanta", "Atlanta", "GA", "303", 33.7490, -84.3880, "AL"},
        {"boston", "Boston", "MA", "021", 42.3601, -71.0589, "NH"},
        {"chicago", "Chicago", "IL", "606", 41.8781, -87.6298, "IN"},
        {"dallas", "Dallas", "TX", "752", 32.7767, -96.7970, "OK"},
        {"denver", "Denver", "CO", "802", 39.7392, -104.9903, "WY"},
        {"phoenix", "Phoenix", "AZ", "850", 33.4484, -112.0740, "NM"},
        {"seattle", "Seattle", "WA", "981", 47.6062, -122.3321, "OR"},
        {"charlotte", "Charlotte", "NC", "282", 35.2271, -80.8431, "SC"},
        {"nashville", "Nashville", "TN", "372", 36.1627, -86.7816, "KY"},
    };
    return list;
}

std::vector<std::string> region_names() {
    std::vector<std::string> names;
    for (const auto& m : metros()) names.emplace_back(m.key);
    names.emplace_back("national");
    return names;
}

namespace detail {

std::vector<const Metro*> region_metros(const std::string& region) {
    std::vector<const Metro*> out;
    for (const auto& m : metros()) {
        if (region == "national" || region == m.key) out.push_back(&m);
    }
    if (out.empty()) {
        std::string names;
        for (const auto& n : region_names()) names += (names.empty() ? "" : ", ") + n;
        throw std::invalid_argument("unknown region \"" + region + "\" (expected one of " + names +
                                    ")");
    }
    return out;
}

}  // namespace detail

}  // namespace refnet::synth

// The US metro centres the simulator places providers around.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace refnet::synth {

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

}  // namespace refnet::synth

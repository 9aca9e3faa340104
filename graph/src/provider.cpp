#include <algorithm>
#include <array>
#include <refnet/graph/id_map.hpp>
#include <refnet/graph/provider.hpp>

namespace refnet::graph {

namespace {

constexpr std::array<std::string_view, kGroupCount> kGroupKeys{
    "unknown",       "primary_care",      "medical_specialist", "surgical_specialist",
    "allied_health", "behavioral_health", "wellness",           "dental",
    "vision",        "pharmacy",          "facility",           "community_other"};

}  // namespace

std::string_view group_key(Group group) { return kGroupKeys.at(static_cast<std::size_t>(group)); }

std::string group_label(Group group) {
    std::string label(group_key(group));
    std::replace(label.begin(), label.end(), '_', ' ');
    return label;
}

std::optional<Group> parse_group(std::string_view text) {
    const std::string key = normalize_key(text);
    for (std::size_t i = 0; i < kGroupKeys.size(); ++i) {
        if (key == normalize_key(kGroupKeys[i])) return static_cast<Group>(i);
    }
    return std::nullopt;
}

}  // namespace refnet::graph

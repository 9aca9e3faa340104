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

bool npi_shaped(std::string_view id) {
    return id.size() == 10 &&
           std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool npi_check_digit_ok(std::string_view id) {
    if (!npi_shaped(id)) return false;
    // The prefix 80840 contributes 24 once its digits are doubled in place.
    int sum = 24;
    for (std::size_t i = 0; i < 9; ++i) {
        int digit = id[i] - '0';
        if (i % 2 == 0) {
            digit *= 2;
            if (digit > 9) digit -= 9;
        }
        sum += digit;
    }
    return (10 - sum % 10) % 10 == id[9] - '0';
}

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

NodeId IdMap::insert(std::string_view key) {
    if (auto it = index_.find(key); it != index_.end()) return it->second;
    const auto id = static_cast<NodeId>(keys_.size());
    keys_.emplace_back(key);
    index_.emplace(keys_.back(), id);
    return id;
}

std::optional<NodeId> IdMap::find(std::string_view key) const {
    if (auto it = index_.find(key); it != index_.end()) return it->second;
    return std::nullopt;
}

}  // namespace refnet::graph

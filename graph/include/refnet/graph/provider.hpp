// Providers (nodes) and referral / touchpoint events as they come out of the
// readers, before aggregation.
#pragma once

#include <cmath>
#include <cstdint>
#include <optional>
#include <refnet/graph/types.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace refnet::graph {

/// RefNet's coarse provider groups; `unknown` when neither a group column nor a
/// known taxonomy code says otherwise.
enum class Group : std::uint8_t {
    unknown,
    primary_care,
    medical_specialist,
    surgical_specialist,
    allied_health,
    behavioral_health,
    wellness,
    dental,
    vision,
    pharmacy,
    facility,
    community_other,
};
inline constexpr std::size_t kGroupCount = 12;

[[nodiscard]] std::string_view group_key(Group group);
/// The group as a person reads it: "primary care" for primary_care.
[[nodiscard]] std::string group_label(Group group);
/// Accepts the snake_case key in any case/spacing ("Primary care", "primary_care").
[[nodiscard]] std::optional<Group> parse_group(std::string_view text);

struct NeedWeight {
    std::string need;
    double weight = 0.0;
    friend bool operator==(const NeedWeight&, const NeedWeight&) = default;
};

struct Provider {
    std::string id;  ///< NPI where there is one, else any unique string
    std::string name;
    std::string taxonomy;   ///< NUCC code
    std::string specialty;  ///< display label (from the data or the taxonomy table)
    Group group = Group::unknown;
    double lat = std::nan("");
    double lon = std::nan("");
    std::string city;
    std::string state;
    std::string zip;
    std::vector<NeedWeight> needs_seen;
    std::vector<NeedWeight> needs_served;
    std::optional<bool> accepting_new;
    std::optional<bool> telehealth;
    std::vector<std::string> licensed_states;

    [[nodiscard]] bool has_location() const { return !std::isnan(lat) && !std::isnan(lon); }
};

/// One referral row. Optional measurements use sentinels (-1, NaN) so that a
/// national edge list stays compact.
struct Referral {
    Date date = kNoDate;
    NodeId from = kNoNode;
    NodeId to = kNoNode;
    std::uint32_t count = 1;
    NeedId need = kNoNeed;
    Status status = Status::unknown;
    std::int32_t days_to_appointment = -1;
    std::int32_t feedback_days = -1;  ///< -1: no notes came back (an open loop)
    float satisfaction = std::nanf("");
    std::uint32_t beneficiaries = 0;  ///< CMS bene_count; 0 when not given
};

struct Touchpoint {
    Date date = kNoDate;
    NodeId provider = kNoNode;  ///< who was contacted
    NodeId by = kNoNode;        ///< whose liaison made the contact; kNoNode: the CRM's owner
    TouchKind kind = TouchKind::visit;
    std::string note;  ///< free text; never written to any output (may hold PHI)
};

}  // namespace refnet::graph

// Speed-up: hubs' partner lists as bitmaps over providers. On claims data a
// national hub has up to 100,000 partners; Adamic–Adar then expands only the
// focal's other partners and tests a hub's bitmap for the few providers that
// could make the list (fast/class_path.cpp). Lists do not depend on it: every
// path adds a candidate's hub partners after its other common partners.
#pragma once

#include <cstddef>
#include <cstdint>
#include <refnet/graph/network.hpp>
#include <span>
#include <vector>

#include "column.hpp"

namespace refnet::scoring {

/// Bit v of a bitmap over providers.
[[nodiscard]] inline bool bit_set(const std::uint64_t* bits, graph::NodeId v) {
    return ((bits[v >> 6] >> (v & 63)) & 1) != 0;
}

struct HubBitmaps {
    Column<std::int32_t> slot;  // -1: not a hub; empty: no hubs
    Column<std::uint64_t> bits;
    std::size_t words = 0;  // per hub

    /// z's partners as a bitmap over providers, or nullptr when z is no hub.
    [[nodiscard]] const std::uint64_t* of(graph::NodeId z) const {
        if (slot.empty() || slot[z] < 0) return nullptr;
        return bits.data() + static_cast<std::size_t>(slot[z]) * words;
    }
};

/// Bitmaps of the providers with more than `hub_partners` partners (0: none),
/// the busiest first within `budget_bytes`.
[[nodiscard]] HubBitmaps build_hub_bitmaps(const graph::Network& network,
                                           std::span<const std::uint32_t> partner_count,
                                           std::uint32_t hub_partners,
                                           std::size_t budget_bytes = std::size_t{128} << 20);

}  // namespace refnet::scoring

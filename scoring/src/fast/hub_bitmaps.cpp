#include "fast/hub_bitmaps.hpp"

#include <algorithm>

namespace refnet::scoring {

HubBitmaps build_hub_bitmaps(const graph::Network& network,
                             std::span<const std::uint32_t> partner_count,
                             std::uint32_t hub_partners, std::size_t budget_bytes) {
    HubBitmaps hubs;
    if (hub_partners == 0) return hubs;
    const graph::NodeId n = network.num_nodes();
    std::vector<graph::NodeId> busy;
    for (graph::NodeId u = 0; u < n; ++u) {
        if (partner_count[u] > hub_partners) busy.push_back(u);
    }
    hubs.words = (std::size_t{n} + 63) / 64;
    const std::size_t budget = std::max<std::size_t>(1, budget_bytes / (8 * hubs.words));
    if (busy.size() > budget) {
        std::nth_element(busy.begin(), busy.begin() + static_cast<std::ptrdiff_t>(budget),
                         busy.end(), [&](graph::NodeId a, graph::NodeId b) {
                             return partner_count[a] != partner_count[b]
                                        ? partner_count[a] > partner_count[b]
                                        : a < b;
                         });
        busy.resize(budget);
    }
    if (busy.empty()) return hubs;
    hubs.slot.assign(n, -1);
    hubs.bits.assign(busy.size() * hubs.words, 0);
    for (std::size_t slot = 0; slot < busy.size(); ++slot) {
        hubs.slot[busy[slot]] = static_cast<std::int32_t>(slot);
        std::uint64_t* bits = hubs.bits.data() + slot * hubs.words;
        graph::for_each_partner(network, busy[slot], [&](graph::NodeId v) {
            bits[v >> 6] |= std::uint64_t{1} << (v & 63);
        });
    }
    return hubs;
}

}  // namespace refnet::scoring

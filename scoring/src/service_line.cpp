#include "service_line.hpp"

#include <unordered_map>

namespace refnet::scoring {

ServiceLineShare service_line_share(const Context::Data& ctx, graph::NodeId focal,
                                    graph::NodeId referrer, std::int32_t recent_days) {
    ServiceLineShare out;
    if (ctx.providers[focal].taxonomy.empty()) return out;
    const std::uint32_t line = ctx.taxonomy_id[focal];
    std::unordered_map<graph::NodeId, std::uint64_t> competitors;
    for (auto i = ctx.sender_offsets[referrer]; i < ctx.sender_offsets[referrer + 1]; ++i) {
        const graph::Referral& r = ctx.referrals[ctx.sender_referrals[i]];
        if (r.to == referrer || ctx.taxonomy_id[r.to] != line) continue;
        if (ctx.as_of.valid()) {
            if (!r.date.valid()) continue;
            const std::int32_t age = ctx.as_of.days - r.date.days;
            if (age <= 0 || age > recent_days) continue;
        }
        out.total += r.count;
        if (r.to == focal) {
            out.to_focal += r.count;
        } else {
            competitors[r.to] += r.count;
        }
    }
    for (const auto& [c, count] : competitors) {
        if (count > out.top_competitor_referrals ||
            (count == out.top_competitor_referrals && out.top_competitor != graph::kNoNode &&
             ctx.id_rank[c] < ctx.id_rank[out.top_competitor])) {
            out.top_competitor = c;
            out.top_competitor_referrals = count;
        }
    }
    return out;
}

}  // namespace refnet::scoring

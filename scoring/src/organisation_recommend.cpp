// Prospects for an organisation: each member's ranking by the same model,
// merged as the chance that at least one member starts referring to the
// candidate, 1 - prod(1 - p_member). Members and every member's partners are
// not prospects.
#include <algorithm>
#include <refnet/graph/text.hpp>
#include <refnet/scoring/recommend.hpp>
#include <stdexcept>
#include <unordered_map>

namespace refnet::scoring {

namespace {
// Each member's list is this many times the organisation's: a candidate
// outside every member's list is counted as 0 there, a lower bound.
constexpr std::size_t kDepth = 4;
constexpr std::size_t kLeastDepth = 100;
}  // namespace

RecommendResult recommend_organisation(const Context& context, const Request& request,
                                       std::span<const graph::NodeId> members) {
    if (members.empty()) throw std::invalid_argument("an organisation needs at least one member");
    if (request.mode == Mode::strengthen) {
        throw std::invalid_argument(
            "strengthen for an organisation is refnet health --org (expected prospects or "
            "expand)");
    }
    if (members.size() == 1) {
        Request one = request;
        one.focal = members.front();
        return recommend(context, one);
    }
    const graph::Network& net = context.network();
    auto excluded = [&](graph::NodeId c) {
        for (const graph::NodeId m : members) {
            if (c == m || net.find_edge(m, c) || net.find_edge(c, m)) return true;
        }
        return false;
    };
    struct Merged {
        double miss = 1.0;  // prod(1 - p) over members
        double best = -1.0;
        graph::NodeId member = graph::kNoNode;
        Recommendation rec;
    };
    std::unordered_map<graph::NodeId, Merged> merged;
    RecommendResult out;
    for (const graph::NodeId m : members) {
        Request one = request;
        one.focal = m;
        one.top = std::max(request.top * kDepth, kLeastDepth);
        RecommendResult r = recommend(context, one);
        out.candidates = std::max(out.candidates, r.candidates);
        for (Recommendation& rec : r.items) {
            if (excluded(rec.id)) continue;
            Merged& x = merged[rec.id];
            x.miss *= 1.0 - rec.score;
            if (rec.score > x.best) {
                x.best = rec.score;
                x.member = m;
                x.rec = std::move(rec);
            }
        }
    }
    const auto& providers = context.providers();
    std::vector<Recommendation> items;
    items.reserve(merged.size());
    for (auto& [id, x] : merged) {
        x.rec.score = 1.0 - x.miss;
        if (request.explain) {
            // The reasons below are the best-placed member's: say whose.
            const graph::Provider& m = providers[x.member];
            x.rec.reasons.insert(x.rec.reasons.begin(),
                                 "Best fit for " + (m.name.empty() ? m.id : m.name) + " (" +
                                     graph::percent(x.best) + " chance within a year; " +
                                     graph::percent(x.rec.score) + " that any member starts)");
        }
        items.push_back(std::move(x.rec));
    }
    std::sort(items.begin(), items.end(), [&](const Recommendation& a, const Recommendation& b) {
        return a.score != b.score ? a.score > b.score : providers[a.id].id < providers[b.id].id;
    });
    if (items.size() > request.top) items.resize(request.top);
    out.items = std::move(items);
    return out;
}

}  // namespace refnet::scoring

// A liaison programme with a cadence, added to the simulated touchpoints
// (generate --liaison-programme): each practice whose liaison made contacts
// keeps up with its largest partners, and not all of it lasts. Recorded after
// the simulation, so the referrals are those of the same market without it.
#include <algorithm>
#include <array>
#include <refnet/synth/market.hpp>
#include <unordered_map>

#include "rng.hpp"
#include "touch_notes.hpp"

namespace refnet::synth {

namespace {

// Partners of at least this many referrals both ways over the history are
// worth a programme; a practice keeps up with at most kMostKept of them.
constexpr std::uint64_t kLeastVolume = 6;
constexpr std::size_t kMostKept = 5;

enum class Habit { quarterly, dropped, yearly };

}  // namespace

void add_liaison_programme(Market& market, const MarketParams& params) {
    std::vector<graph::NodeId> owners;
    for (const auto& t : market.touchpoints) {
        if (t.by != graph::kNoNode) owners.push_back(t.by);
    }
    std::sort(owners.begin(), owners.end());
    owners.erase(std::unique(owners.begin(), owners.end()), owners.end());
    std::vector<char> is_owner(market.providers.size(), 0);
    for (const graph::NodeId o : owners) is_owner[o] = 1;
    std::vector<std::unordered_map<graph::NodeId, std::uint64_t>> volume(market.providers.size());
    for (const auto& r : market.referrals) {
        if (r.from == r.to) continue;
        if (is_owner[r.from] != 0) volume[r.from][r.to] += r.count;
        if (is_owner[r.to] != 0) volume[r.to][r.from] += r.count;
    }
    // Its own stream: the simulation's draws, and so its referrals, are untouched.
    detail::Rng rng(params.seed ^ 0x6c696169736f6eULL);
    const graph::Date start = graph::make_date(params.start_year, 1, 1);
    const graph::Date end =
        graph::make_date(params.start_year + static_cast<int>(params.years), 1, 1);
    constexpr std::array<double, 4> kShare{0.45, 0.3, 0.15, 0.1};
    constexpr std::array<graph::TouchKind, 4> kKinds{
        graph::TouchKind::visit, graph::TouchKind::lunch, graph::TouchKind::call,
        graph::TouchKind::education};
    for (const graph::NodeId owner : owners) {
        std::vector<std::pair<std::uint64_t, graph::NodeId>> partners;
        for (const auto& [partner, count] : volume[owner]) {
            if (count >= kLeastVolume) partners.emplace_back(count, partner);
        }
        std::sort(partners.begin(), partners.end(), [&](const auto& a, const auto& b) {
            return a.first != b.first
                       ? a.first > b.first
                       : market.providers[a.second].id < market.providers[b.second].id;
        });
        if (partners.size() > kMostKept) partners.resize(kMostKept);
        for (const auto& [count, partner] : partners) {
            const double u = rng.uniform();
            const Habit habit =
                u < 0.55 ? Habit::quarterly : (u < 0.85 ? Habit::dropped : Habit::yearly);
            // Quarterly: every 76 to 90 days, so never late against a 90-day
            // cadence; a dropped programme stops after 3 to 6 visits.
            const std::int32_t least = habit == Habit::yearly ? 330 : 76;
            const std::uint64_t spread = habit == Habit::yearly ? 36 : 15;  // gap choices
            const auto visits = habit == Habit::dropped ? 3 + rng.below(4) : ~std::uint64_t{0};
            std::int32_t day = start.days + static_cast<std::int32_t>(rng.below(60));
            for (std::uint64_t v = 0; v < visits && day < end.days; ++v) {
                const std::size_t k = rng.pick(std::vector<double>(kShare.begin(), kShare.end()));
                graph::Touchpoint t;
                t.date = graph::Date{day};
                t.provider = partner;
                t.by = owner;
                t.kind = kKinds.at(k);
                t.note = std::string(kTouchNotes.at(static_cast<std::size_t>(t.kind)));
                market.touchpoints.push_back(std::move(t));
                day += least + static_cast<std::int32_t>(rng.below(spread));
            }
        }
    }
}

}  // namespace refnet::synth

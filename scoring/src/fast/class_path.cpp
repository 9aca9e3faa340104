#include "fast/class_path.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <optional>
#include <queue>
#include <span>
#include <unordered_map>

#include "fast/class_request.hpp"
#include "signals/capacity.hpp"
#include "signals/peer_referrals.hpp"

namespace refnet::scoring {

namespace {
constexpr std::size_t kPrefetchAhead = 8;
constexpr std::size_t kReachedAhead = 32;
}  // namespace

void build_candidate_classes(Context::Data& d) {
    if (d.any_location || d.has_outcomes || d.any_capacity) return;
    CandidateClasses& classes = d.classes;
    const graph::NodeId n = d.network.num_nodes();
    // (profile, taxonomy) -> class per group
    constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
    std::unordered_map<std::uint64_t, std::array<std::uint32_t, graph::kGroupCount>> index;
    classes.of.resize(n);
    for (graph::NodeId u = 0; u < n; ++u) {
        const std::uint64_t key = (std::uint64_t{d.profile[u]} << 32) | d.taxonomy_id[u];
        auto [it, added] = index.try_emplace(key);
        if (added) it->second.fill(kNone);
        std::uint32_t& id = it->second[static_cast<std::size_t>(d.groups[u])];
        if (id == kNone) {
            if (classes.taxonomy.size() > std::numeric_limits<CandidateClasses::ClassId>::max()) {
                classes = {};  // beyond the compact ids: score one by one
                return;
            }
            id = static_cast<std::uint32_t>(classes.taxonomy.size());
            classes.taxonomy.push_back(d.taxonomy_id[u]);
            classes.group.push_back(d.groups[u]);
        }
        // Rounded up (one step over, for the product's rounding): a ceiling.
        const double steps = std::ceil(std::clamp(d.influence[u], 0.0, 1.0) * 65535.0) + 1.0;
        classes.of[u] = {static_cast<CandidateClasses::ClassId>(id),
                         static_cast<std::uint16_t>(std::min(steps, 65535.0))};
    }
    classes.offsets.assign(classes.taxonomy.size() + 1, 0);
    for (graph::NodeId u = 0; u < n; ++u) ++classes.offsets[classes.of[u].id + 1];
    std::partial_sum(classes.offsets.begin(), classes.offsets.end(), classes.offsets.begin());
    classes.members.resize(n);
    std::vector<std::uint64_t> cursor(classes.offsets.begin(), classes.offsets.end() - 1);
    for (graph::NodeId u = 0; u < n; ++u) classes.members[cursor[classes.of[u].id]++] = u;
    for (std::size_t k = 0; k + 1 < classes.offsets.size(); ++k) {
        std::sort(classes.members.begin() + static_cast<std::ptrdiff_t>(classes.offsets[k]),
                  classes.members.begin() + static_cast<std::ptrdiff_t>(classes.offsets[k + 1]),
                  [&](graph::NodeId x, graph::NodeId y) {
                      return d.influence[x] != d.influence[y] ? d.influence[x] > d.influence[y]
                                                              : d.id_rank[x] < d.id_rank[y];
                  });
    }
    classes.member_influence.resize(n);
    for (std::size_t i = 0; i < n; ++i)
        classes.member_influence[i] = d.influence[classes.members[i]];
}

std::uint64_t score_by_class(FocalRequest& req, const CandidateRule& rule) {
    // The focal, its ties and every provider its walks reached get individual
    // signals; every other member of a class shares the class's signals but
    // influence, which orders the class's members. Providers that only
    // Adamic-Adar reached (a hub's partners reach most of the country) are
    // scored only when an upper bound says they could make the list.
    Focal& focal = req.focal;
    const Context::Data& ctx = focal.ctx;
    const CandidateClasses& cls = ctx.classes;
    const ScoringParams& params = focal.params;
    const Request& request = focal.request;
    FocalScratch& scratch = focal.scratch;
    const graph::NodeId f = focal.id;
    auto& candidates = scratch.candidates;
    auto& raw = scratch.raw;
    auto& adamic_adar = scratch.adamic_adar;
    auto& individual = scratch.individual;
    auto& structural = scratch.structural;
    Structure& structure = req.structure;
    const graph::PushState& ppr = structure.count_walk();
    const graph::PushState& trust_ppr = req.trust.walk();
    auto mark = [&](graph::NodeId v) {
        if (scratch.claim(v)) individual.push_back(v);
    };
    mark(f);
    // A provider the walk only left residue at has estimate 0, like one it
    // never reached: it stays in its class.
    for (graph::NodeId v : scratch.ppr.pushed) {
        if (ppr.estimate(v) != 0.0) mark(v);
    }
    for (graph::NodeId v : scratch.trust_ppr.pushed) {
        if (trust_ppr.estimate(v) != 0.0) mark(v);
    }
    for (graph::NodeId v : focal.partners) mark(v);
    auto class_open = [&](std::uint32_t k) {
        return !rule.peer(cls.taxonomy[k]) && rule.in_groups(cls.group[k]);
    };
    const std::size_t classes = cls.count();
    auto class_size = [&](std::uint32_t k) { return cls.offsets[k + 1] - cls.offsets[k]; };
    std::vector<std::uint64_t> individuals_in(classes, 0);
    // Per class, the largest Adamic-Adar sum the expansion gave a member and
    // the most peer referrals one received: the class's bound reads its own.
    std::vector<double> class_aa_most(classes, 0.0);
    std::vector<std::uint32_t> class_peer_most(classes, 0);
    std::vector<std::uint64_t> focal_or_tied_in(classes, 0);
    for (std::size_t i = 0; i < individual.size(); ++i) {
        // ~1,000 providers the walk settled on, scattered: their rows in the
        // arrays a score reads are asked for ahead.
        if (i + kPrefetchAhead < individual.size()) {
            const graph::NodeId ahead = individual[i + kPrefetchAhead];
            __builtin_prefetch(&cls.of[ahead]);
            __builtin_prefetch(&scratch.tied[ahead]);
            __builtin_prefetch(&ctx.profile[ahead]);
            __builtin_prefetch(&ctx.influence[ahead]);
            __builtin_prefetch(&adamic_adar[ahead]);
            __builtin_prefetch(&ppr.estimate_of[ahead]);
            __builtin_prefetch(&ctx.taxonomy_id[ahead]);
            __builtin_prefetch(&ctx.reputation[ahead]);
        }
        const graph::NodeId v = individual[i];
        const std::uint32_t k = cls.of[v].id;
        ++individuals_in[k];
        if (v == f || focal.tied(v)) {
            ++focal_or_tied_in[k];
            continue;
        }
        if (!class_open(k)) continue;
        candidates.push_back(v);
        raw.push_back(req.raw_of(v, req.evidence_of(v, false)));
    }
    // Providers the focal's taxonomy refers to differ from their class in
    // peer referrals (scattered by FocalRequest): those the expansion did
    // not reach are listed after it, so every member left in a class has none.
    const PeerList peers = peer_list(ctx, ctx.taxonomy_id[f]);
    const auto& peer_count = scratch.peer_count;
    for (std::size_t i = 0; i < peers.receiver.size(); ++i) {
        if (i + kReachedAhead < peers.receiver.size())
            __builtin_prefetch(&cls.of[peers.receiver[i + kReachedAhead]]);
        std::uint32_t& most = class_peer_most[cls.of[peers.receiver[i]].id];
        most = std::max(most, peers.count[i]);
    }
    auto peer_ceiling = [&](std::uint32_t count) {
        if (count == 0) return 0.0F;  // most providers: no conversion
        const double signal = peer_referrals_signal(ctx, count);
        const auto rounded = static_cast<float>(signal);
        return static_cast<double>(rounded) >= signal
                   ? rounded
                   : std::nextafter(rounded, std::numeric_limits<float>::infinity());
    };
    // Need fit and expected return depend only on the class: any member will
    // do. A class is live while a member other than the focal and its ties
    // is left.
    std::vector<Raw> shared(classes);
    std::vector<char> live(classes, 0);
    for (std::uint32_t k = 0; k < classes; ++k) {
        if (!class_open(k) || class_size(k) == focal_or_tied_in[k]) continue;
        live[k] = 1;
        NeedFit::Fit& fit = req.need_fit.fit(cls.members[cls.offsets[k]]);
        Raw& r = shared[k];
        const NeedFit::Scored need = req.need_fit.scored(fit, cls.taxonomy[k]);
        r.fit = need.value;
        at(r.s, Signal::need_fit) = need.signal;
        at(r.s, Signal::reciprocity) = req.reciprocity.expected(fit, cls.group[k]);
    }
    // The `top`-th best score so far in each group (or overall without the
    // diversity re-rank): a structural candidate whose bound stays below it
    // by more than the 1e-9 quantum cannot make the list.
    const bool per_group = params.group_diversity < 1.0;
    // Thresholds are log-odds: the `top`-th best of each group so far, kept in
    // a min-heap that the candidates listed below raise. Ranks compare
    // log-odds at a quantum of 1e-9 (ranking.hpp): a bound more than 2e-9
    // under the threshold (`below_odds`) cannot tie with it.
    std::array<std::priority_queue<double, std::vector<double>, std::greater<>>, graph::kGroupCount>
        best;
    std::array<double, graph::kGroupCount> threshold{};
    std::array<double, graph::kGroupCount> below_odds{};
    auto update_threshold = [&](std::size_t g) {
        if (best[g].size() < request.top) return;
        threshold[g] = best[g].top();
        below_odds[g] = threshold[g] - 2e-9;
    };
    auto add_score = [&](std::size_t g, double eta) {
        if (best[g].size() == request.top) {
            if (eta <= best[g].top()) return;
            best[g].pop();
        }
        best[g].push(eta);
    };
    threshold.fill(-std::numeric_limits<double>::infinity());
    below_odds.fill(-std::numeric_limits<double>::infinity());
    // Finishes candidates[from, end), adds their scores and raises the thresholds.
    auto add_candidates = [&](std::size_t from) {
        for (std::size_t i = from; i < candidates.size(); ++i) {
            req.finish(raw[i], candidates[i]);
            if (req.gated(raw[i])) continue;
            add_score(per_group ? static_cast<std::size_t>(ctx.groups[candidates[i]]) : 0,
                      req.log_odds_of(raw[i]));
        }
        for (std::size_t g = 0; g < graph::kGroupCount; ++g) update_threshold(g);
    };
    const SignalVector& w = request.weights.value;
    // A member's best possible log-odds: its walks' values are 0 (and so is
    // its trust: claims data has no outcomes), and it has no location
    // (proximity 0.5) and no word on new patients. The part every member of a class shares is
    // worked out once: ~20,000 providers are bounded a focal.
    std::vector<double> class_base(classes, 0.0);
    for (std::uint32_t k = 0; k < classes; ++k) {
        if (live[k] == 0) continue;
        const SignalVector& x = shared[k].s;
        class_base[k] = request.weights.intercept +
                        at(w, Signal::need_fit) * at(x, Signal::need_fit) +
                        at(w, Signal::reciprocity) * at(x, Signal::reciprocity) +
                        at(w, Signal::proximity) * 0.5 + at(w, Signal::capacity) * capacity_unknown;
    }
    auto bound = [&](std::uint32_t k, double structure_value, double influence_value,
                     double peer_value = 0.0) {
        return class_base[k] + at(w, Signal::structure) * structure_value +
               at(w, Signal::influence) * influence_value +
               at(w, Signal::peer_referrals) * peer_value;
    };
    // Whether log-odds `eta` ranks below the group's threshold by more than
    // the quantum ranks compare at.
    auto below = [&](std::uint32_t k, double eta) {
        const auto g = per_group ? static_cast<std::size_t>(cls.group[k]) : 0;
        return eta < below_odds[g];
    };
    // The walk-reached candidates' scores are the first thresholds: a listed
    // provider whose cheapest bound is already below them can never make the
    // list (thresholds only rise), so it is claimed but not kept, and the
    // passes below read a tenth of the entries.
    const double hub_weight = structure.hub_weight();
    auto aa_ceiling = [&](double light) { return (light + hub_weight) * (1.0 + 1e-9); };
    add_candidates(0);
    std::vector<char> listable(classes, 0);
    std::vector<double> class_peer_most_term(classes, 0.0);  // the most peer referrals add
    for (std::uint32_t k = 0; k < classes; ++k) {
        listable[k] = static_cast<char>(live[k] != 0 && !req.gated(shared[k]));
        class_peer_most_term[k] =
            std::max(0.0, at(w, Signal::peer_referrals) * peer_ceiling(class_peer_most[k]));
    }
    auto class_best_influence = [&](std::uint32_t k) {
        return cls.member_influence[cls.offsets[k]];
    };
    // The least structure value any listable class needs, with its best
    // influence (rounded up as a member's ceiling is) and its most peer
    // referrals: a sum below it cannot lift any provider onto the list, and
    // is claimed without reading its class (nationally most of what the
    // expansion reached).
    double least_structure = -std::numeric_limits<double>::infinity();
    if (at(w, Signal::structure) > 0.0) {
        least_structure = std::numeric_limits<double>::infinity();
        for (std::uint32_t k = 0; k < classes && least_structure > -1e300; ++k) {
            if (listable[k] == 0) continue;
            const double bar = below_odds[per_group ? static_cast<std::size_t>(cls.group[k]) : 0];
            least_structure =
                std::min(least_structure,
                         (bar - class_base[k] -
                          at(w, Signal::influence) * (class_best_influence(k) + 2.0 / 65535.0) -
                          class_peer_most_term[k]) /
                             at(w, Signal::structure));
        }
        least_structure -= 1e-9 * (1.0 + std::abs(least_structure));
    }
    // One pass over what the expansion reached (at national scale up to a
    // million providers), clearing each sum as it reads it: the pass is
    // also the reset, and what follows reads the compact list.
    auto list_reached = [&](bool with_hub_part) {
        const auto& reached = scratch.aa_touched;
        for (std::size_t i = 0; i < reached.size(); ++i) {
            // Most entries end at the first test, so a pass of a few cycles
            // an entry asks further ahead than the other loops.
            if (i + kReachedAhead < reached.size()) {
                __builtin_prefetch(&adamic_adar[reached[i + kReachedAhead]]);
                __builtin_prefetch(&cls.of[reached[i + kReachedAhead]]);
                __builtin_prefetch(&peer_count[reached[i + kReachedAhead]]);
            }
            const graph::NodeId v = reached[i];
            const double sum = adamic_adar[v];
            adamic_adar[v] = 0.0;
            if (scratch.owned(v)) continue;  // individual, or listed before
            // log(1 + x) <= x: bounds without the logarithm.
            const double ceiling = with_hub_part ? sum : aa_ceiling(sum);
            if (0.5 * ceiling < least_structure) {
                scratch.claim(v);
                continue;
            }
            const CandidateClasses::Key key = cls.of[v];
            // An open class that is not listable has no member left (they
            // are the focal's ties) or is gated: no candidate either way.
            if (listable[key.id] == 0) continue;
            scratch.claim(v);
            class_aa_most[key.id] = std::max(class_aa_most[key.id], sum);
            // With the class's most peer referrals first (most have none: no look-up).
            const double without_peer =
                bound(key.id, 0.5 * ceiling, key.influence_ceiling / 65535.0);
            if (below(key.id, without_peer + class_peer_most_term[key.id])) continue;
            const float peer = peer_ceiling(peer_count[v]);
            if (below(key.id, without_peer + at(w, Signal::peer_referrals) * peer)) continue;
            structural.push_back({v, key.id, key.influence_ceiling, peer, with_hub_part, sum});
        }
        scratch.aa_touched.clear();
    };
    // Signals are absolute, so no sum needs its hub part before it could make
    // the list: the hubs' part is added only where a bound lets a provider by.
    list_reached(structure.hubs().empty());
    const bool hubs_listed = structure.hubs().empty();
    // A member only the focal's hubs reached is scored like one the expansion
    // reached; it is found by testing the hubs' bitmaps.
    auto hub_reached = [&](graph::NodeId c, std::uint32_t k) {
        if (hubs_listed) return false;
        const double sum = structure.with_hubs(c, 0.0);
        if (sum == 0.0) return false;
        scratch.claim(c);
        structural.push_back({c, static_cast<CandidateClasses::ClassId>(k),
                              cls.of[c].influence_ceiling, peer_ceiling(peer_count[c]), true, sum});
        return true;
    };
    // Members are scattered, so each one's claim bit, peer count and hubs'
    // bitmap words are cache misses (half of hub_reached's time): the loops
    // that test members ask for them ahead. Always inlined: GCC 12 drops a
    // call whose only effect is a prefetch.
    auto ask_member = [&](graph::NodeId c) __attribute__((always_inline)) {
        __builtin_prefetch(scratch.own.data() + (c >> 6));
        __builtin_prefetch(&peer_count[c]);
        for (const Structure::Hub& h : structure.hubs()) __builtin_prefetch(h.bits + (c >> 6));
    };
    // A member the focal's taxonomy refers to is bounded one by one too (its
    // Adamic-Adar sum, if any, is the hubs' part: the expansion's are listed).
    auto peer_reached = [&](graph::NodeId c, std::uint32_t k) {
        if (peer_count[c] == 0) return false;
        scratch.claim(c);
        structural.push_back({c, static_cast<CandidateClasses::ClassId>(k),
                              cls.of[c].influence_ceiling, peer_ceiling(peer_count[c]), hubs_listed,
                              0.0});
        return true;
    };
    const std::size_t listed_by_walk = candidates.size();
    auto structure_of = [](double aa) { return Structure::combine(aa, 0.0); };
    std::uint64_t from_classes = 0;                  // candidates taken from the classes below
    std::vector<std::uint64_t> scanned(classes, 0);  // where each class's scan stopped
    for (std::uint32_t k = 0; k < classes; ++k) {
        if (live[k] == 0) continue;
        scanned[k] = cls.offsets[k];
        // A class whose best plain member is already below the walk-reached
        // candidates' thresholds adds no candidate of its own (most classes
        // at national scale); its hub-reached and referred members are
        // bounded one by one below.
        if (below(k, bound(k, structure_of(0.0), class_best_influence(k)))) continue;
        // The class's best `top`, and any member tied with the last of them
        // at 1e-9 (a later member never scores higher: influence decreases).
        std::size_t taken = 0;
        double boundary = 0.0;
        // Regular members differ only in influence (no walk, sum or location
        // of their own): the first one's signals serve the rest.
        std::optional<std::pair<Raw, Raw>> member;  // raw and finished
        auto i = cls.offsets[k];
        for (; i < cls.offsets[k + 1]; ++i) {
            if (i + kPrefetchAhead < cls.offsets[k + 1])
                ask_member(cls.members[i + kPrefetchAhead]);
            const graph::NodeId c = cls.members[i];
            if (scratch.owned(c) || hub_reached(c, k) || peer_reached(c, k)) continue;
            if (!member) {
                member.emplace(req.raw_of(c, req.evidence_of(c, false)), Raw{});
                member->second = member->first;
                req.finish(member->second, c);
            }
            Raw r = member->first;
            Raw scored = member->second;
            at(r.s, Signal::influence) = at(scored.s, Signal::influence) = cls.member_influence[i];
            if (req.gated(scored)) break;  // the class is gated
            const double quantised = quantise(req.log_odds_of(scored));
            if (taken == request.top && quantised != boundary) break;
            candidates.push_back(c);
            raw.push_back(r);
            ++from_classes;
            if (taken < request.top) ++taken;
            boundary = quantised;
        }
        scanned[k] = i;
    }
    add_candidates(listed_by_walk);
    // Per class first: with the largest sum any member can have and the
    // class's largest influence, most classes cannot reach their group's
    // threshold, and their members need no look-up of their own.
    enum : char { kGated, kOut, kMaybe };
    std::vector<char> verdict(classes, kGated);
    for (std::uint32_t k = 0; k < classes; ++k) {
        if (live[k] == 0 || req.gated(shared[k])) continue;
        verdict[k] =
            below(k,
                  bound(k,
                        structure_of(hubs_listed ? class_aa_most[k] : aa_ceiling(class_aa_most[k])),
                        class_best_influence(k), peer_referrals_signal(ctx, class_peer_most[k])))
                ? kOut
                : kMaybe;
    }
    // The rest of the providers the focal's taxonomy refers to, in classes
    // that could still make the list, the most referred first: once the
    // best class's bound with a provider's peer referrals is below every
    // group's threshold, no later one can make the list.
    double best_base = -std::numeric_limits<double>::infinity();
    double lowest_bar = std::numeric_limits<double>::infinity();
    for (std::uint32_t k = 0; k < classes; ++k) {
        if (verdict[k] != kMaybe) continue;
        best_base = std::max(best_base, bound(k, structure_of(aa_ceiling(class_aa_most[k])),
                                              class_best_influence(k)));
        lowest_bar = std::min(lowest_bar,
                              below_odds[per_group ? static_cast<std::size_t>(cls.group[k]) : 0]);
    }
    for (const std::uint16_t i : peers.by_count) {
        const float peer = peer_ceiling(peers.count[i]);
        if (best_base + at(w, Signal::peer_referrals) * peer < lowest_bar) break;
        const graph::NodeId v = peers.receiver[i];
        const CandidateClasses::Key key = cls.of[v];
        if (verdict[key.id] != kMaybe || scratch.owned(v)) continue;
        scratch.claim(v);
        structural.push_back({v, key.id, key.influence_ceiling, peer, hubs_listed, 0.0});
    }
    // Members only hubs reached that could still make the list lie where
    // influence is high enough with the most the hubs give: a prefix of what
    // each class's scan left (influence decreases along a class).
    if (!hubs_listed) {
        const double most = structure_of(aa_ceiling(0.0));
        std::vector<std::uint64_t> hub_end(classes, 0);
        std::uint64_t member_tests = 0;
        for (std::uint32_t k = 0; k < classes; ++k) {
            if (verdict[k] != kMaybe) continue;
            const auto influence = cls.member_influence.begin();
            hub_end[k] = static_cast<std::uint64_t>(
                std::partition_point(
                    influence + static_cast<std::ptrdiff_t>(scanned[k]),
                    influence + static_cast<std::ptrdiff_t>(cls.offsets[k + 1]),
                    [&](double value) { return !below(k, bound(k, most, value)); }) -
                influence);
            member_tests += hub_end[k] - scanned[k];
        }
        // Each member test reads every hub's bitmap; walking the hubs' own
        // partner lists instead reads each partner once. Nationally a class
        // can leave 100,000 members in reach, more than its hubs' partners.
        std::uint64_t hub_partners = 0;
        for (const Structure::Hub& h : structure.hubs()) {
            hub_partners +=
                ctx.network.out_neighbors(h.id).size() + ctx.network.in_neighbors(h.id).size();
        }
        if (hub_partners * 4 < member_tests * structure.hubs().size()) {
            auto visit = [&](graph::NodeId v) {
                if (scratch.owned(v)) return;  // individual, listed, or a scanned hub partner
                // The influence ceiling the class key carries spares a
                // scattered read of the influence itself (the later tests use it).
                const CandidateClasses::Key key = cls.of[v];
                if (verdict[key.id] != kMaybe ||
                    below(key.id, bound(key.id, most, key.influence_ceiling / 65535.0)))
                    return;
                const std::uint32_t k = key.id;
                (void)hub_reached(v, k);
            };
            auto visit_all = [&](std::span<const graph::NodeId> partners) {
                for (std::size_t j = 0; j < partners.size(); ++j) {
                    // Most partners end at the first test: asked for as far
                    // ahead as in the reached pass, without the hubs' bitmap
                    // words. Written out rather than through ask_member with
                    // a flag: that fold made the busiest focal 12 % slower
                    // (alternating runs, 2026-12-01).
                    if (j + kReachedAhead < partners.size()) {
                        const graph::NodeId ahead = partners[j + kReachedAhead];
                        __builtin_prefetch(&cls.of[ahead]);
                        __builtin_prefetch(scratch.own.data() + (ahead >> 6));
                        __builtin_prefetch(&peer_count[ahead]);
                    }
                    visit(partners[j]);
                }
            };
            for (const Structure::Hub& h : structure.hubs()) {
                visit_all(ctx.network.out_neighbors(h.id));
                visit_all(ctx.network.in_neighbors(h.id));
            }
        } else {
            for (std::uint32_t k = 0; k < classes; ++k) {
                if (verdict[k] != kMaybe) continue;
                for (auto i = scanned[k]; i < hub_end[k]; ++i) {
                    if (i + kPrefetchAhead < hub_end[k])
                        ask_member(cls.members[i + kPrefetchAhead]);
                    const graph::NodeId c = cls.members[i];
                    // A member with peer referrals left here is bounded with them.
                    if (!scratch.owned(c)) (void)hub_reached(c, k);
                }
            }
        }
    }
    // The least sum a member of each class needs with the class's best
    // influence, a hair low: a cheap first test for ~20,000 providers. Where
    // the threshold's probability is below 1/2 the log score falls at least
    // half as fast as the log-odds, so 1e-6 of log-odds is well over the
    // quantum; above it, no first test.
    std::vector<double> least_sum(classes, 0.0);
    if (at(w, Signal::structure) > 0) {
        for (std::uint32_t k = 0; k < classes; ++k) {
            if (verdict[k] != kMaybe) continue;
            const auto g = per_group ? static_cast<std::size_t>(cls.group[k]) : 0;
            if (!(threshold[g] < 0.0) || !std::isfinite(threshold[g])) continue;
            const double gap = threshold[g] - 1e-6 - class_base[k] -
                               at(w, Signal::influence) * class_best_influence(k);
            // structure_of(aa) = 0.5 log1p(aa) (walk 0): invert it.
            const double value = gap / at(w, Signal::structure);
            if (value > 0.0) least_sum[k] = std::expm1(2.0 * value) * (1.0 - 1e-9) - 1e-12;
        }
    }
    for (std::size_t i = 0; i < structural.size(); ++i) {
        if (i + kPrefetchAhead < structural.size())
            __builtin_prefetch(&ctx.influence[structural[i + kPrefetchAhead].id]);
        auto& [v, k, influence_ceiling, peer, exact, sum] = structural[i];
        if (verdict[k] != kMaybe) continue;
        // The class's best influence and the sum's ceiling first: most fail
        // without a look-up of their own (a hub focal has ~16,000 such). The
        // least sum assumes no peer referrals.
        const double ceiling = exact ? sum : aa_ceiling(sum);
        if (peer == 0.0 && ceiling < least_sum[k]) continue;
        // log(1 + x) <= x: a bound without the logarithm first.
        if (below(k, bound(k, 0.5 * ceiling, influence_ceiling / 65535.0, peer))) continue;
        const double structure_ceiling = structure_of(ceiling);
        if (below(k, bound(k, structure_ceiling, influence_ceiling / 65535.0, peer)) ||
            below(k, bound(k, structure_ceiling, ctx.influence[v], peer)))
            continue;
        if (!exact) {
            sum = structure.with_hubs(v, sum);
            exact = true;
            if (below(k, bound(k, structure_of(sum), ctx.influence[v], peer))) continue;
        }
        candidates.push_back(v);
        Raw& r = raw.emplace_back(req.raw_of(v, req.evidence_of(v, false)));
        r.structure_aa = sum;  // the pass above cleared its slot
        req.finish(r, v);
        ++from_classes;
        // Its bound is its log-odds (every other signal is its class's), a
        // score the later providers of its group must now beat. Only the
        // gate can keep it off the list, and a gated class is never `kMaybe`.
        const auto g = per_group ? static_cast<std::size_t>(cls.group[k]) : 0;
        add_score(g, bound(k, structure_of(sum), ctx.influence[v],
                           peer_referrals_signal(ctx, peer_count[v])));
        update_threshold(g);
    }
    // Every member of an open class that passes the need-fit gate is a
    // candidate, but for the focal and individuals counted on their own.
    std::uint64_t class_candidates = 0;
    for (std::uint32_t k = 0; k < classes; ++k) {
        if (verdict[k] != kGated) class_candidates += class_size(k) - individuals_in[k];
    }
    return class_candidates - from_classes;
}

}  // namespace refnet::scoring

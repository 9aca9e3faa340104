// The market simulation: providers placed around metro centres, then month by
// month liaison contacts and referrals whose choices feed back into tie state.
#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <refnet/graph/geo.hpp>
#include <refnet/io/npi.hpp>
#include <refnet/io/output.hpp>
#include <refnet/io/writers.hpp>
#include <refnet/synth/market.hpp>
#include <stdexcept>
#include <tuple>
#include <unordered_set>

#include "grid.hpp"
#include "population.hpp"
#include "rng.hpp"
#include "ties.hpp"
#include "touch_notes.hpp"

namespace refnet::synth {

namespace {

using detail::dense_profile;
using detail::describe;
using detail::Grid;
using detail::kReferralMargin;
using detail::kSpecialtyMix;
using detail::PairState;
using detail::Peer;
using detail::region_metros;
using detail::Rng;
using detail::round_to;
using detail::Server;
using detail::top_needs;
using detail::Traits;

}  // namespace

bool profiles_a_specialty(const graph::NeedCatalogue& catalogue) {
    return std::any_of(kSpecialtyMix.begin(), kSpecialtyMix.end(), [&](const auto& s) {
        return catalogue.profile(s.code) != nullptr && s.percent > 0.0;
    });
}

Market generate_market(const MarketParams& params, const graph::NeedCatalogue& catalogue,
                       const io::TaxonomyTable& taxonomy) {
    if (params.providers == 0) throw std::invalid_argument("providers must be at least 1, got 0");
    if (params.years == 0 || params.years > 50) {
        throw std::invalid_argument("years must be from 1 to 50, got " +
                                    std::to_string(params.years));
    }
    const std::vector<const Metro*> region = region_metros(params.region);
    const graph::NeedId needs = catalogue.size();
    const int months = static_cast<int>(params.years) * 12;
    Rng rng(params.seed);

    std::vector<double> mix_weights;
    mix_weights.reserve(kSpecialtyMix.size());
    for (const auto& s : kSpecialtyMix) {
        mix_weights.push_back(catalogue.profile(s.code) != nullptr ? s.percent : 0.0);
    }
    if (!profiles_a_specialty(catalogue)) {
        throw std::invalid_argument(
            "the need catalogue profiles none of the generator's specialties (expected a "
            "need_profiles.csv row for one of them, such as 207Q00000X family medicine)");
    }

    Market market;
    std::vector<Traits> traits(params.providers);
    std::unordered_set<std::uint32_t> used_npis;
    Grid grid;
    for (graph::NodeId i = 0; i < params.providers; ++i) {
        graph::Provider p;
        std::uint32_t base = 0;
        do {
            base = 100'000'000U + static_cast<std::uint32_t>(rng.below(200'000'000U));
        } while (!used_npis.insert(base).second);
        p.id = io::make_npi(base);
        p.taxonomy = std::string(kSpecialtyMix[rng.pick(mix_weights)].code);
        Traits& t = traits[i];
        t.metro = static_cast<std::uint32_t>(rng.below(region.size()));
        describe(p, rng, *region[t.metro], taxonomy);
        const graph::NeedProfile* profile = catalogue.profile(p.taxonomy);
        t.seen = dense_profile(profile->seen, needs);
        t.served = dense_profile(profile->served, needs);
        // Practices differ around their specialty's profile.
        double total = 0.0;
        for (double& w : t.seen) {
            w *= rng.lognormal(0.0, 0.3);
            total += w;
        }
        for (double& w : t.seen) w = total > 0 ? w / total : 0.0;
        for (double& w : t.served) w = std::min(1.0, w * rng.lognormal(0.0, 0.15));
        p.needs_seen = top_needs(t.seen, catalogue);
        p.needs_served = top_needs(t.served, catalogue);
        t.panel = rng.lognormal(-0.4, 0.9);
        t.quality = rng.beta_like(0.6, 0.2);
        t.feedback_rate = std::clamp(0.15 + 0.8 * t.quality + 0.1 * rng.normal(), 0.02, 0.98);
        t.feedback_delay = rng.lognormal(std::log(3.0 + 12.0 * (1.0 - t.quality)), 0.3);
        t.days_to_appointment = rng.lognormal(std::log(5.0 + 35.0 * (1.0 - t.quality)), 0.3);
        t.completion = std::clamp(0.72 + 0.25 * t.quality + 0.04 * rng.normal(), 0.5, 0.98);
        t.reciprocity = rng.uniform();
        t.marketing = rng.chance(0.25) ? rng.lognormal(std::log(0.6), 0.5) : 0.0;
        t.active_to = months;
        const double life = rng.uniform();
        if (life < 0.06)
            t.active_from = 1 + static_cast<int>(rng.below(
                                    static_cast<std::uint64_t>(months - 1 > 0 ? months - 1 : 1)));
        if (life > 0.94)
            t.active_to = 1 + static_cast<int>(rng.below(
                                  static_cast<std::uint64_t>(months - 1 > 0 ? months - 1 : 1)));
        grid.add(i, p.lat, p.lon);
        market.providers.push_back(std::move(p));
    }
    std::vector<Peer> peers(params.providers);
    for (graph::NodeId c = 0; c < params.providers; ++c) {
        const Traits& tc = traits[c];
        const graph::Provider& pc = market.providers[c];
        Peer& peer = peers[c];
        peer.lat = pc.lat;
        peer.lon = pc.lon;
        peer.cos_lat = std::cos(pc.lat * graph::kRadiansPerDegree);
        peer.quality_factor = std::pow(0.3 + tc.quality, 1.5);
        peer.panel_factor = std::sqrt(0.3 + tc.panel);
        peer.id = c;
        peer.active_from = tc.active_from;
        peer.active_to = tc.active_to;
        peer.remote_floor =
            pc.telehealth.value_or(false) &&
            (pc.group == graph::Group::behavioral_health || pc.group == graph::Group::wellness);
        peer.closed = !pc.accepting_new.value_or(true);
    }
    grid.index(traits, peers, needs);

    // Base monthly referral rates by group: primary care sends most.
    auto send_rate = [](graph::Group g) {
        switch (g) {
            case graph::Group::primary_care:
                return 3.2;
            case graph::Group::medical_specialist:
            case graph::Group::surgical_specialist:
                return 1.4;
            case graph::Group::vision:
            case graph::Group::dental:
                return 1.1;
            case graph::Group::allied_health:
                return 0.9;
            case graph::Group::behavioral_health:
                return 0.7;
            default:
                return 0.4;
        }
    };

    PairState ties(0.97, params.providers);     // i -> c habit, half-life about two years
    PairState touches(0.90, params.providers);  // effect of c's liaison contacting i
    // By counterpart of the sender at hand: the slots of their pair states, so a
    // candidate's are an array read, not three hash look-ups, and its proximity,
    // computed once per sender and month however many patients it refers.
    struct Counterpart {
        std::uint32_t habit = PairState::kNone;
        std::uint32_t returned = PairState::kNone;
        std::uint32_t touched = PairState::kNone;
        std::uint64_t proximity_turn = 0;  // the sender's turn `proximity` is of; 0: none
        double proximity = 0.0;
    };
    std::vector<Counterpart> counterparts(params.providers);
    std::uint64_t turn = 0;  // numbers the (sender, month) turns that refer patients
    std::vector<graph::NodeId> candidates;
    std::vector<double> weights;
    std::vector<double> need_weights(needs);
    std::vector<std::pair<graph::NeedId, double>> offered;
    std::vector<double> fits;

    for (int month = 0; month < months; ++month) {
        const int year = params.start_year + month / 12;
        const auto month_start = graph::make_date(year, static_cast<unsigned>(month % 12 + 1), 1);
        auto day_in_month = [&] {
            return graph::Date{month_start.days + static_cast<std::int32_t>(rng.below(28))};
        };
        auto active = [&](graph::NodeId c) { return peers[c].active_in(month); };

        // Liaisons reach out to practices whose patients need what they offer.
        for (graph::NodeId i = 0; i < params.providers; ++i) {
            const Traits& ti = traits[i];
            if (ti.marketing <= 0.0 || !active(i)) continue;
            const std::uint32_t contacts = rng.poisson(ti.marketing);
            if (contacts == 0) continue;
            candidates.clear();
            weights.clear();
            offered.clear();
            for (graph::NeedId n = 0; n < needs; ++n) {
                if (ti.served[n] != 0.0) offered.emplace_back(n, ti.served[n]);
            }
            const Peer& pi = peers[i];
            grid.near_fit(
                pi.lat, pi.lon, Grid::kNear, offered, fits, [&](const Peer& pj, double fit) {
                    if (pj.id == i || !pj.active_in(month)) return;
                    candidates.push_back(pj.id);
                    weights.push_back(fit *
                                      std::exp(-graph::haversine_km(pi.lat, pi.lon, pi.cos_lat,
                                                                    pj.lat, pj.lon, pj.cos_lat) /
                                               10.0));
                });
            for (std::uint32_t k = 0; k < contacts && !candidates.empty(); ++k) {
                const std::size_t pick = rng.pick(weights);
                if (pick == weights.size()) break;
                const graph::NodeId j = candidates[pick];
                const bool already_sends = ties.get(j, i, month) > 0.3;
                std::size_t kind = 0;
                const double u = rng.uniform();
                if (already_sends && u < 0.35) {
                    kind = static_cast<std::size_t>(graph::TouchKind::thank_you);
                } else {
                    constexpr std::array<double, 7> kKindShare{0.28, 0.2,  0.2, 0.14,
                                                               0.03, 0.08, 0.07};
                    std::vector<double> share(kKindShare.begin(), kKindShare.end());
                    kind = rng.pick(share);
                }
                graph::Touchpoint t;
                t.date = day_in_month();
                t.provider = j;
                t.kind = static_cast<graph::TouchKind>(kind);
                t.note = std::string(kTouchNotes[kind]);
                t.by = i;
                market.touchpoints.push_back(std::move(t));
                // In-person contact works better than an email.
                const double effect = kind <= 1 || kind == 6 ? 1.0 : (kind == 3 ? 0.3 : 0.6);
                touches.touch(j, i, month) += effect;
                weights[pick] *= 0.3;  // spread contacts over several practices
            }
        }

        // Referrals.
        for (graph::NodeId i = 0; i < params.providers; ++i) {
            if (!active(i)) continue;
            const Traits& ti = traits[i];
            const Peer& pi = peers[i];
            const std::uint32_t patients =
                rng.poisson(send_rate(market.providers[i].group) * ti.panel);
            if (patients == 0) continue;
            ++turn;
            for (const auto& [c, slot] : ties.from(i)) counterparts[c].habit = slot;
            for (const auto& [c, slot] : ties.to(i)) counterparts[c].returned = slot;
            for (const auto& [c, slot] : touches.from(i)) counterparts[c].touched = slot;
            for (graph::NeedId n = 0; n < needs; ++n)
                need_weights[n] = ti.seen[n] * (1.0 - ti.served[n]);
            for (std::uint32_t k = 0; k < patients; ++k) {
                const std::size_t need = rng.pick(need_weights);
                if (need == need_weights.size()) break;
                candidates.clear();
                weights.clear();
                const double bar = ti.served[need] + kReferralMargin;
                auto consider = [&](const Server& s) {
                    const Peer& pc = s.peer;
                    const graph::NodeId c = pc.id;
                    // Referring makes sense only to someone who treats the need clearly better.
                    if (s.served < bar || c == i || !pc.active_in(month)) return;
                    Counterpart& cp = counterparts[c];
                    if (cp.proximity_turn != turn) {
                        double proximity =
                            std::exp(-graph::haversine_km(pi.lat, pi.lon, pi.cos_lat, pc.lat,
                                                          pc.lon, pc.cos_lat) /
                                     6.0);
                        if (pc.remote_floor) proximity = std::max(proximity, 0.25);
                        cp.proximity = proximity;
                        cp.proximity_turn = turn;
                    }
                    const double proximity = cp.proximity;
                    const double habit = ties.at(cp.habit, month);
                    const double returned = ties.at(cp.returned, month);
                    const double touched = touches.at(cp.touched, month);
                    const double served = s.served;
                    double w = served * served * served * proximity * pc.quality_factor *
                               pc.panel_factor * (1.0 + 20.0 * std::min(habit, 2.0)) *
                               (1.0 + 6.0 * ti.reciprocity * std::min(returned, 2.0)) *
                               (1.0 + 3.0 * std::min(touched, 2.0));
                    if (pc.closed && habit < 0.1) w *= 0.2;
                    candidates.push_back(c);
                    weights.push_back(w);
                };
                const auto need_id = static_cast<graph::NeedId>(need);
                grid.near_serving(pi.lat, pi.lon, Grid::kNear, need_id, consider);
                if (candidates.size() < 5) {
                    candidates.clear();
                    weights.clear();
                    grid.near_serving(pi.lat, pi.lon, Grid::kFar, need_id, consider);
                }
                const std::size_t pick = rng.pick(weights);
                if (pick == weights.size())
                    continue;  // nobody nearby serves it: care happens elsewhere
                const graph::NodeId c = candidates[pick];
                const Traits& tc = traits[c];

                graph::Referral r;
                r.date = day_in_month();
                r.from = i;
                r.to = c;
                r.need = static_cast<graph::NeedId>(need);
                double& tie = ties.touch(i, c, month);
                counterparts[c].habit = ties.find(i, c);
                const bool recent = month == months - 1 && rng.chance(0.6);
                if (recent) {
                    // Last month of data: not all appointments have happened yet.
                    r.status = rng.chance(0.6) ? graph::Status::scheduled : graph::Status::sent;
                    if (r.status == graph::Status::scheduled) {
                        r.days_to_appointment = static_cast<std::int32_t>(
                            std::round(rng.lognormal(std::log(tc.days_to_appointment), 0.4)));
                    }
                    tie += 0.5;
                } else {
                    const double u = rng.uniform();
                    r.days_to_appointment = static_cast<std::int32_t>(
                        std::round(rng.lognormal(std::log(tc.days_to_appointment), 0.4)));
                    if (u < tc.completion) {
                        r.status = graph::Status::completed;
                        const bool feedback = rng.chance(tc.feedback_rate);
                        if (feedback) {
                            r.feedback_days = r.days_to_appointment +
                                              static_cast<std::int32_t>(std::round(
                                                  rng.lognormal(std::log(tc.feedback_delay), 0.5)));
                        }
                        const double rating = std::clamp(
                            round_to(2.6 + 2.2 * tc.quality + 0.6 * rng.normal(), 0.5), 1.0, 5.0);
                        r.satisfaction = static_cast<float>(rating);
                        // Good experiences build the habit; a poor hand-off sours it.
                        if (rating < 3.0) {
                            tie *= 0.5;
                        } else {
                            tie += 0.7 + (feedback ? 0.5 : 0.0);
                        }
                    } else {
                        r.status = u < tc.completion + (1.0 - tc.completion) * 0.6
                                       ? graph::Status::no_show
                                       : graph::Status::cancelled;
                        tie *= 0.8;
                    }
                }
                // Staff turnover ends some relationships outright.
                if (rng.chance(0.01)) tie = 0.0;
                market.referrals.push_back(r);
            }
            for (const auto& link : ties.from(i)) counterparts[link.other].habit = PairState::kNone;
            for (const auto& link : ties.to(i))
                counterparts[link.other].returned = PairState::kNone;
            for (const auto& link : touches.from(i))
                counterparts[link.other].touched = PairState::kNone;
        }
    }
    std::stable_sort(market.referrals.begin(), market.referrals.end(),
                     [](const auto& a, const auto& b) {
                         return std::tie(a.date, a.from, a.to) < std::tie(b.date, b.from, b.to);
                     });
    if (params.liaison_programme) add_liaison_programme(market, params);
    std::stable_sort(
        market.touchpoints.begin(), market.touchpoints.end(), [](const auto& a, const auto& b) {
            return std::tie(a.date, a.by, a.provider) < std::tie(b.date, b.by, b.provider);
        });
    return market;
}

void write_market(const Market& market, const graph::NeedCatalogue& catalogue,
                  const std::string& dir) {
    std::filesystem::create_directories(dir);
    const std::filesystem::path base(dir);
    io::write_atomically((base / "providers.csv").string(), [&](std::ostream& out) {
        io::write_providers_csv(out, market.providers);
    });
    io::write_atomically((base / "referrals.csv").string(), [&](std::ostream& out) {
        io::write_referrals_csv(out, market.referrals, market.providers, catalogue.tags);
    });
    io::write_atomically((base / "touchpoints.csv").string(), [&](std::ostream& out) {
        io::write_touchpoints_csv(out, market.touchpoints, market.providers);
    });
}

}  // namespace refnet::synth

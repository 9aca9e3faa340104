#include "reasons.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <refnet/graph/text.hpp>
#include <string>
#include <utility>
#include <vector>

#include "service_line.hpp"

namespace refnet::scoring {

using graph::percent;

namespace {
// Referrals into the service line before a referrer's split is worth a reason.
constexpr std::uint64_t kServiceLineLeast = 3;
// Outcomes on record before a closed-loop rate says something either way.
constexpr std::uint64_t kOutcomesLeast = 5;
// A mean hand-off rating under this (of 5) is a caution.
constexpr double kSatisfactionLow = 3.5;

std::string name_of(const graph::Provider& p) { return p.name.empty() ? p.id : p.name; }

// The window every "in the data" sentence counts over: the dated data before
// the as-of date, or all of it when the data carry no dates (claims pairs).
std::string data_window(const Context::Data& ctx) {
    if (!ctx.first_referral.valid()) return "in the data (undated)";
    if (!ctx.as_of.valid()) return "since " + graph::format_date(ctx.first_referral);
    const graph::Date last{ctx.as_of.days - 1};
    if (last <= ctx.first_referral) return "on " + graph::format_date(ctx.first_referral);
    return "from " + graph::format_date(ctx.first_referral) + " to " + graph::format_date(last);
}
}  // namespace

void write_reasons(const FocalRequest& req, Recommendation& rec) {
    const Focal& focal = req.focal;
    const Context::Data& ctx = focal.ctx;
    const bool has_closed_loop = !ctx.network.attributes().closed_loop.empty();
    // The period every "in the data" sentence counts over, built once a pick.
    const std::string window = data_window(ctx);
    const Evidence& ev = rec.evidence;
    const graph::SmallCounts& small = focal.params.small_counts;
    const graph::Provider& p = ctx.providers[rec.id];
    std::vector<std::pair<double, std::string>> reasons;
    // A sentence is a reason only where its signal lifts the score above a
    // candidate the data says nothing about: a fact that argues against a
    // pick is never offered as a reason for it.
    auto add = [&](Signal s, std::string text) {
        const double lift = rec.contributions[static_cast<std::size_t>(s)];
        if (lift > 0.0) reasons.emplace_back(lift, std::move(text));
    };
    // What strengthen is for leads its list, before any signal.
    constexpr double kFirst = std::numeric_limits<double>::max();
    if (focal.strengthen()) {
        if (!ev.health.empty()) {
            std::string sentence = ev.health;
            if (sentence.ends_with('.')) sentence.pop_back();
            reasons.emplace_back(kFirst, std::move(sentence));
        }
        if (!std::isnan(ev.expected_referrals) &&
            ev.expected_referrals >= static_cast<double>(ev.sent_last_year) + 1.0) {
            reasons.emplace_back(kFirst,
                                 "For what they offer, the model expects about " +
                                     small.expected_words(ev.expected_referrals,
                                                          graph::tenths(ev.expected_referrals)) +
                                     " of your referrals a year to go to them; you sent " +
                                     small.words(ev.sent_last_year) + " in the last 12 months");
        }
        if (ev.sent_year_before > ev.sent_last_year) {
            reasons.emplace_back(kFirst, "Your referrals to them fell from " +
                                             small.words(ev.sent_year_before) + " to " +
                                             small.words(ev.sent_last_year) + " in the last year");
        }
        // One-sided only where the groups' flow says the tie should run both
        // ways (partner health's test): a therapist's sources are one-way by
        // nature. Undated data has no such test and keeps the plain ratio.
        const bool judged = !std::isnan(ev.at_risk);
        if (!judged || ev.one_sided) {
            if (ev.sent_to > 0 && ev.received_from * 4 < ev.sent_to) {
                reasons.emplace_back(std::nextafter(kFirst, 0.0),
                                     "One-sided: you sent " +
                                         small.words(ev.sent_to, "referral", "referrals") +
                                         ", they sent " + small.words(ev.received_from) + " back");
            } else if (ev.received_from > 0 && ev.sent_to * 4 < ev.received_from) {
                reasons.emplace_back(std::nextafter(kFirst, 0.0),
                                     "One-sided: they sent you " +
                                         small.words(ev.received_from, "referral", "referrals") +
                                         ", you sent " + small.words(ev.sent_to));
            }
        }
    }
    // A referrer into the focal's service line that sends most of it to
    // competitors (refnet share's splitter or opportunity): the volume at stake.
    const ServiceLineShare line =
        service_line_share(ctx, focal.id, rec.id, focal.params.recent_days);
    if (line.total >= kServiceLineLeast && line.to_focal * 2 < line.total &&
        line.top_competitor != graph::kNoNode) {
        const graph::Provider& f = ctx.providers[focal.id];
        const graph::Provider& rival = ctx.providers[line.top_competitor];
        const std::string line_name = f.specialty.empty() ? f.taxonomy : f.specialty;
        // Counts too small to show (--suppress-below) leave a sentence of words.
        reasons.emplace_back(
            std::nextafter(kFirst, 0.0),
            small.hides(static_cast<double>(line.total))
                ? "Sends most of their " + line_name + " referrals (" + small.words(line.total) +
                      ") to others, the most to " + name_of(rival) + " (last 12 months)"
                : "Sends " + small.words(line.total - line.to_focal) + " of their " +
                      small.words(line.total) + " " + line_name + " referrals to others, " +
                      small.words(line.top_competitor_referrals) + " to " + name_of(rival) +
                      " (last 12 months)");
    }
    const graph::Provider& focal_provider = ctx.providers[focal.id];
    // Sentences about "practices like yours" need to know what the focal is:
    // without a taxonomy (claims without NPPES) every unknown provider would
    // count as a peer.
    const bool known_kind = !focal_provider.taxonomy.empty();
    const bool shared = focal.params.shared_patients;
    if (known_kind && !(p.specialty.empty() && p.taxonomy.empty()) && !std::isnan(ev.peers_share) &&
        ev.peers_share >= 0.01) {
        const graph::Provider& f = focal_provider;
        std::string text =
            (f.specialty.empty() ? std::string("Practices") : f.specialty + " practices") +
            " like yours send " + percent(ev.peers_share) + " of their referrals to " +
            (p.specialty.empty() ? p.taxonomy : p.specialty);
        if (!std::isnan(ev.own_share)) text += "; you send " + percent(ev.own_share);
        add(Signal::need_fit, text + " (" + window + ")");
    } else if (ev.top_need != graph::kNoNeed) {
        const bool partly = req.need_fit.served()(ev.top_need) >= 0.2F;
        std::string text = "Treats " + ctx.need_labels[ev.top_need];
        if (ev.top_need_referred > 0) {
            text += ", which " + small.words(ev.top_need_referred) +
                    " of your referred patients needed in the last 12 months";
        } else {
            text += ", " + percent(req.need_fit.demand()(ev.top_need)) +
                    " of your patients' unmet needs " + window;
        }
        text += partly ? " (you treat it only partly)" : " (you do not treat it)";
        add(Signal::need_fit, text);
    }
    // Closed loop and satisfaction speak for a pick only when they are good
    // and rest on enough outcomes; otherwise they are cautions.
    const double loop_rate = ev.outcome_known == 0 ? std::nan("")
                                                   : static_cast<double>(ev.closed_loop) /
                                                         static_cast<double>(ev.outcome_known);
    const std::string loop_text = "closes the loop on " + small.words(ev.closed_loop) + " of " +
                                  small.words(ev.outcome_known) + " referrals (" +
                                  (small.hides(static_cast<double>(ev.closed_loop)) ||
                                           small.hides(static_cast<double>(ev.outcome_known))
                                       ? small.share_words(ev.closed_loop, ev.outcome_known)
                                       : percent(loop_rate)) +
                                  ") " + window;
    if (has_closed_loop && ev.outcome_known >= kOutcomesLeast && loop_rate >= 0.5) {
        std::string text = "C" + loop_text.substr(1);
        if (!std::isnan(ev.mean_satisfaction) && ev.mean_satisfaction >= kSatisfactionLow)
            text += "; patients rate the hand-off " + graph::tenths(ev.mean_satisfaction) + "/5";
        add(Signal::trust, text);
    } else if (has_closed_loop && ev.outcome_known >= kOutcomesLeast) {
        rec.cautions.push_back("Only " + loop_text);
    } else if (has_closed_loop) {
        rec.cautions.push_back(
            ev.outcome_known == 0
                ? "Thin evidence: no referral outcomes on record " + window
                : "Thin evidence: " +
                      small.words(ev.outcome_known, "referral outcome", "referral outcomes") +
                      " on record " + window);
    }
    if (!std::isnan(ev.mean_satisfaction) && ev.mean_satisfaction < kSatisfactionLow) {
        rec.cautions.push_back("Patients rate hand-offs to them " +
                               graph::tenths(ev.mean_satisfaction) + "/5 " + window);
    }
    if (ev.trusted_partner != graph::kNoNode) {
        const std::string partner = name_of(ctx.providers[ev.trusted_partner]);
        add(Signal::trust, ev.trusted_partners_referring == 1
                               ? partner + ", one of your most trusted partners, refers to them"
                               : partner + " and " +
                                     std::to_string(ev.trusted_partners_referring - 1) +
                                     " more of your most trusted partners refer to them");
    }
    if (!std::isnan(ev.distance_km)) {
        std::string text = graph::tenths(ev.distance_km) + " km away";
        if (p.telehealth.value_or(false)) text += "; offers telehealth";
        add(Signal::proximity, text);
    } else if (p.telehealth.value_or(false)) {
        add(Signal::proximity, "Offers telehealth");
    }
    if (!focal.strengthen() && ev.top_inbound_need != graph::kNoNeed && ev.return_rate > 0) {
        add(Signal::reciprocity, "Their patients need " + ctx.need_labels[ev.top_inbound_need] +
                                     ", which you treat; " +
                                     graph::group_label(ctx.groups[rec.id]) + " providers send " +
                                     percent(ev.return_rate) + " of their referrals to " +
                                     graph::group_label(ctx.groups[focal.id]));
    } else if (focal.strengthen() && ev.sent_to > 0 && ev.received_from > 0) {
        add(Signal::reciprocity, "Two-way: you sent " + small.words(ev.sent_to) + ", they sent " +
                                     small.words(ev.received_from));
    }
    if (ev.common_partners > 0) {
        add(Signal::structure,
            "Shares " + graph::thousands(ev.common_partners) +
                (ev.common_partners == 1 ? " referral partner" : " referral partners") +
                " with you " + window);
    }
    if (ev.referrals_received > 0) {
        add(Signal::influence,
            shared ? "Shares " + small.words(ev.referrals_received, "patient", "patients") +
                         " with the providers who send to them, " + window
                   : "Received " + small.words(ev.referrals_received, "referral", "referrals") +
                         " " + window);
    }
    if (p.accepting_new.value_or(false)) add(Signal::capacity, "Accepting new patients");
    if (!p.accepting_new.value_or(true)) rec.cautions.emplace_back("Not accepting new patients");
    if (known_kind && ev.peer_referrals > 0) {
        const graph::Provider& f = focal_provider;
        add(Signal::peer_referrals,
            (f.specialty.empty() ? std::string("Other practices of your specialty")
                                 : "Other " + f.specialty + " practices") +
                (shared ? " share " + small.words(ev.peer_referrals, "patient", "patients") +
                              " with them, "
                        : " sent them " + small.words(ev.peer_referrals, "referral", "referrals") +
                              " ") +
                window);
    }
    std::stable_sort(reasons.begin(), reasons.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    for (std::size_t k = 0; k < reasons.size() && k < 3; ++k)
        rec.reasons.push_back(std::move(reasons[k].second));
}

}  // namespace refnet::scoring

#include "strengthen.hpp"

#include <refnet/scoring/health.hpp>
#include <unordered_map>

namespace refnet::scoring {

std::vector<PartnerStanding> partner_standing(FocalRequest& req) {
    const Context::Data& ctx = req.focal.ctx;
    const graph::NodeId f = req.focal.id;
    std::vector<std::uint32_t> events;
    for (auto i = ctx.sender_offsets[f]; i < ctx.sender_offsets[f + 1]; ++i)
        events.push_back(ctx.sender_referrals[i]);
    for (auto i = ctx.receiver_offsets[f]; i < ctx.receiver_offsets[f + 1]; ++i)
        events.push_back(ctx.receiver_referrals[i]);
    HealthParams params;
    params.as_of = ctx.as_of;
    params.checkins = false;  // no touchpoints here: check-ins are followups' business
    params.small_counts = req.focal.params.small_counts;
    const HealthInputs inputs{ctx.providers, ctx.groups, ctx.referrals, {}, &ctx.group_flows};
    const HealthReport report = partner_health(inputs, f, events, ctx.first_referral, params);
    std::unordered_map<graph::NodeId, std::size_t> row_of;
    for (std::size_t i = 0; i < report.partners.size(); ++i)
        row_of.emplace(report.partners[i].partner, i);
    const auto& candidates = req.focal.scratch.candidates;
    std::vector<PartnerStanding> standing(candidates.size());
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        const auto it = row_of.find(candidates[i]);
        if (it == row_of.end()) {
            standing[i].position = report.partners.size();
            continue;
        }
        const PartnerHealth& h = report.partners[it->second];
        standing[i].position = it->second;
        standing[i].at_risk = h.at_risk;
        standing[i].one_sided = h.has(HealthFlag::one_sided);
        if (h.flags != 0) standing[i].why = h.why;
    }
    return standing;
}

std::vector<PartnerVolume> partner_volumes(FocalRequest& req) {
    const auto& candidates = req.focal.scratch.candidates;
    const auto& raw = req.focal.scratch.raw;
    std::vector<PartnerVolume> volumes(candidates.size());
    double score_total = 0.0;
    double sent_total = 0.0;
    std::vector<double> score(candidates.size());
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        score[i] = req.score_of(raw[i]);
        score_total += score[i];
        // Only the tie's counts are needed, not the candidate's whole evidence.
        Evidence tie;
        req.reciprocity.add_evidence(candidates[i], tie);
        volumes[i].sent = static_cast<double>(tie.sent_last_year);
        sent_total += volumes[i].sent;
    }
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        volumes[i].expected = score_total > 0 ? sent_total * score[i] / score_total : 0.0;
    }
    return volumes;
}

}  // namespace refnet::scoring

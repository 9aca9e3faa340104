#include "strengthen.hpp"

namespace refnet::scoring {

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

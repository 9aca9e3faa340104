#include "strengthen.hpp"

#include <algorithm>

namespace refnet::scoring {

std::vector<double> strengthen_upside(FocalRequest& req) {
    const auto& candidates = req.focal.scratch.candidates;
    const auto& raw = req.focal.scratch.raw;
    std::vector<double> upside(candidates.size(), 0.0);
    std::vector<Evidence> ties(candidates.size());
    double fit_total = 0.0;
    std::uint64_t sent_total = 0;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        ties[i] = req.evidence_of(candidates[i], false);
        fit_total += raw[i].outbound;
        sent_total += ties[i].sent_to;
    }
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        const Evidence& ev = ties[i];
        const double predicted =
            fit_total > 0 ? raw[i].outbound / fit_total * static_cast<double>(sent_total) : 0.0;
        const double under_used =
            predicted > 0 ? std::max(0.0, predicted - static_cast<double>(ev.sent_to)) / predicted
                          : 0.0;
        const double one_sided = 1.0 - at(raw[i].s, Signal::reciprocity);
        const double slipping = ev.sent_year_before > 0
                                    ? std::max(0.0, static_cast<double>(ev.sent_year_before) -
                                                        static_cast<double>(ev.sent_last_year)) /
                                          static_cast<double>(ev.sent_year_before)
                                    : 0.0;
        upside[i] = 0.4 * under_used + 0.3 * one_sided + 0.3 * slipping;
    }
    return upside;
}

}  // namespace refnet::scoring

// Trust: will referrals sent there be looked after? Three parts, where the data
// has them: the focal's own experience of the tie (direct: closed loops,
// completion, timeliness, recency, length), the candidate's record with
// everyone (reputation), and second-hand trust (a personalised PageRank from
// the focal along edges weighted by how reliably each receiver closes the
// loop, on the walk scale of log_scale.hpp). Claims data has no outcomes:
// trust is then second-hand only.
#pragma once

#include <cmath>
#include <utility>
#include <vector>

#include "focal.hpp"

namespace refnet::scoring {

/// Each provider's record as a receiver (reputation and its counts), built into the Context.
void build_reputation(Context::Data& data);

class Trust {
   public:
    /// Walks from the focal along trust-weighted edges; `count_walk` is the
    /// structure signal's walk along plain counts, which the trust walk would
    /// repeat number for number where the data has no closed-loop column.
    Trust(const Focal& focal, const graph::PushState& count_walk);

    /// Second-hand trust: the walk's estimate, before its scale.
    [[nodiscard]] double second_hand(graph::NodeId c) const { return walk_->estimate(c); }
    /// The signal from the scaled second-hand part and c's direct and reputation parts.
    [[nodiscard]] double combine(graph::NodeId c, double second) const;
    /// c's record as a receiver and how many of the focal's five most trusted
    /// partners refer to c (`full` only).
    void add_evidence(graph::NodeId c, bool full, Evidence& ev) const;
    [[nodiscard]] const graph::PushState& walk() const { return *walk_; }

   private:
    [[nodiscard]] double weight(graph::EdgeId e) const;
    const Focal& focal_;
    const Context::Data& ctx_;
    const graph::PushState* walk_;
    // The focal's most trusted partners: top five receivers by trust-weighted volume.
    std::vector<std::pair<double, graph::NodeId>> trusted_;
};

}  // namespace refnet::scoring

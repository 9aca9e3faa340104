// The world as of a split date: the training network and Context, and each
// provider's new partners in the horizon.
#include <algorithm>
#include <numeric>
#include <refnet/scoring/backtest.hpp>
#include <stdexcept>
#include <utility>
#include <vector>

namespace refnet::scoring {

SplitView::SplitView(const History& history, graph::Date split, graph::Period horizon,
                     const ScoringParams& params)
    : split_(split), end_(graph::advance(split, horizon)) {
    if (!split.valid()) throw std::invalid_argument("a backtest needs a split date");
    const auto n = static_cast<graph::NodeId>(history.providers.size());
    for (const graph::Referral& r : history.referrals) {
        if (!r.date.valid()) {
            ++undated_;
        } else if (r.date < split) {
            training_.push_back(r);
        }
    }
    network_ = std::make_unique<graph::Network>(graph::build_network(n, training_).network);
    context_ = std::make_unique<Context>(*network_, history.providers, history.groups, training_,
                                         history.needs, history.catalogue, split, params);
    std::vector<std::pair<graph::NodeId, graph::NodeId>> pairs;
    for (const graph::Referral& r : history.referrals) {
        if (!r.date.valid() || r.date < split || !(r.date < end_)) continue;
        ++horizon_referrals_;
        if (r.from == r.to) continue;
        pairs.emplace_back(r.from, r.to);
    }
    std::sort(pairs.begin(), pairs.end());
    pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
    // A partner is new when no referral went either way before the split.
    std::erase_if(pairs, [&](const auto& p) {
        return network_->find_edge(p.first, p.second) || network_->find_edge(p.second, p.first);
    });
    truth_offsets_.assign(static_cast<std::size_t>(n) + 1, 0);
    for (const auto& p : pairs) ++truth_offsets_[p.first + 1];
    std::partial_sum(truth_offsets_.begin(), truth_offsets_.end(), truth_offsets_.begin());
    truth_.reserve(pairs.size());
    for (const auto& p : pairs) truth_.push_back(p.second);
}

SplitView::~SplitView() = default;

std::span<const graph::NodeId> SplitView::new_partners(graph::NodeId focal) const {
    return std::span<const graph::NodeId>(truth_).subspan(
        truth_offsets_[focal], truth_offsets_[focal + 1] - truth_offsets_[focal]);
}

}  // namespace refnet::scoring

// Pair state of the market simulation (internal to refnet_synth): tie
// strength and liaison-contact effect per ordered pair, decaying monthly.
#pragma once

#include <cmath>
#include <cstdint>
#include <deque>
#include <refnet/graph/types.hpp>
#include <unordered_map>
#include <vector>

namespace refnet::synth::detail {

// Decaying pair state (tie strength, touch effect), applied lazily.
struct Decaying {
    double value = 0.0;
    int month = 0;
};

class PairState {
   public:
    static constexpr std::uint32_t kNone = ~std::uint32_t{0};
    struct Link {
        graph::NodeId other;
        std::uint32_t slot;
    };
    PairState(double monthly_decay, graph::NodeId nodes)
        : decay_(monthly_decay), from_(nodes), to_(nodes) {}
    double get(graph::NodeId a, graph::NodeId b, int month) const { return at(find(a, b), month); }
    /// The state's slot, kNone when the pair has none.
    std::uint32_t find(graph::NodeId a, graph::NodeId b) const {
        const auto it = slot_.find(key(a, b));
        return it == slot_.end() ? kNone : it->second;
    }
    /// get() of the pair in `slot` (0 for kNone).
    double at(std::uint32_t slot, int month) const {
        if (slot == kNone) return 0.0;
        const Decaying& d = state_[slot];
        return d.value * std::pow(decay_, month - d.month);
    }
    double& touch(graph::NodeId a, graph::NodeId b, int month) {
        const auto [it, added] = slot_.try_emplace(key(a, b), static_cast<std::uint32_t>(0));
        if (added) {
            it->second = static_cast<std::uint32_t>(state_.size());
            state_.emplace_back();
            from_[a].push_back({b, it->second});
            to_[b].push_back({a, it->second});
        }
        Decaying& d = state_[it->second];
        d.value *= std::pow(decay_, month - d.month);
        d.month = month;
        return d.value;
    }
    /// The pairs (a, other) and (other, a) that have a state.
    const std::vector<Link>& from(graph::NodeId a) const { return from_[a]; }
    const std::vector<Link>& to(graph::NodeId a) const { return to_[a]; }

   private:
    static std::uint64_t key(graph::NodeId a, graph::NodeId b) {
        return (static_cast<std::uint64_t>(a) << 32) | b;
    }
    double decay_;
    std::unordered_map<std::uint64_t, std::uint32_t> slot_;
    std::deque<Decaying> state_;  // a deque keeps touch()'s references valid
    std::vector<std::vector<Link>> from_;
    std::vector<std::vector<Link>> to_;
};

}  // namespace refnet::synth::detail

// Everything one request needs per provider, kept per thread and reset by what
// was touched, so a request costs what it reads, not O(n) allocations (page
// faults on fresh memory were a third of a national request).
#pragma once

#include <array>
#include <cstdint>
#include <refnet/graph/huge_pages.hpp>
#include <refnet/graph/network.hpp>
#include <refnet/graph/ppr_push.hpp>
#include <refnet/scoring/recommend.hpp>
#include <span>
#include <vector>

#include "fast/hub_bitmaps.hpp"
#include "ranking.hpp"

namespace refnet::scoring {

/// A candidate's signals (`s`; trust and structure once FocalRequest::finish
/// has put the walks on their scale), with the raw parts they come from.
struct Raw {
    SignalVector s{};
    double fit = 0.0;  // need fit in [0, 1], before its log scale (the gate reads it)
    double structure_aa = 0.0;
    double structure_ppr = 0.0;
    double trust_second = 0.0;
    double outbound = 0.0;
};

[[nodiscard]] inline double& at(SignalVector& v, Signal s) {
    return v[static_cast<std::size_t>(s)];
}
[[nodiscard]] inline double at(const SignalVector& v, Signal s) {
    return v[static_cast<std::size_t>(s)];
}

struct FocalScratch {
    std::vector<graph::NodeId> candidates;
    std::vector<Raw> raw;
    std::vector<Ranked> ranked;
    std::array<std::vector<Ranked>, graph::kGroupCount> by_group;
    // The per-provider arrays are read at scattered places: on huge pages
    // (graph/huge_pages.hpp).
    graph::HugePageVector<char> tied;
    // Adamic-Adar sums by provider and the providers with one (every sum is
    // positive): a hub focal's expansion touches a million providers, so the
    // sums are one double each, and the counts behind a pick's reasons are
    // worked out for the picks alone.
    graph::HugePageVector<double> adamic_adar;
    std::vector<graph::NodeId> aa_touched;
    // The referrals each provider received from the focal's taxonomy
    // (signals/peer_referrals.hpp), scattered from its list for O(1) reads;
    // 0 between requests.
    graph::HugePageVector<std::uint32_t> peer_count;
    std::span<const graph::NodeId> peer_scattered;
    // Class path: providers scored individually, one bit each, so the set stays
    // in cache while a hub focal's pass marks 60,000 of them; cleared whole.
    std::vector<std::uint64_t> own;
    bool own_used = false;
    [[nodiscard]] bool owned(graph::NodeId v) const { return bit_set(own.data(), v); }
    // True the first time `v` is taken out of its class's shared list.
    bool claim(graph::NodeId v) {
        std::uint64_t& word = own[v >> 6];
        const std::uint64_t bit = std::uint64_t{1} << (v & 63);
        if ((word & bit) != 0) return false;
        word |= bit;
        own_used = true;
        return true;
    }
    std::vector<graph::NodeId> individual;
    // Class path: providers only Adamic-Adar reached, in an open class.
    struct Structural {
        graph::NodeId id;
        std::uint16_t class_id;  // the classes' 16-bit ids
        std::uint16_t influence_ceiling;
        // The peer-referrals signal rounded up to a float: a bound, in the
        // 24 bytes a hub focal's 75,000 entries fit in.
        float peer_ceiling;
        bool with_hubs;  // the sum includes the focal's hub partners
        double adamic_adar;
    };
    std::vector<Structural> structural;
    graph::PushState ppr;
    graph::PushState trust_ppr;
    void prepare(graph::NodeId n) {
        if (tied.size() == n) return;
        tied.assign(n, 0);
        adamic_adar.assign(n, 0.0);
        peer_count.assign(n, 0);
        own.assign((std::size_t{n} + 63) / 64, 0);
        aa_touched.clear();
    }
    void reset(const graph::Network& net, graph::NodeId focal) {
        for (graph::NodeId v : net.out_neighbors(focal)) tied[v] = 0;
        for (graph::NodeId v : net.in_neighbors(focal)) tied[v] = 0;
        for (graph::NodeId v : aa_touched) adamic_adar[v] = 0.0;
        aa_touched.clear();
        for (graph::NodeId v : peer_scattered) peer_count[v] = 0;
        peer_scattered = {};
        if (own_used) std::fill(own.begin(), own.end(), 0);
        own_used = false;
        individual.clear();
        structural.clear();
        ppr.reset();
        trust_ppr.reset();
        candidates.clear();
        raw.clear();
        ranked.clear();
        for (auto& list : by_group) list.clear();
    }
};

/// The thread's scratch, reset however the request ends.
class ScratchLease {
   public:
    ScratchLease(const graph::Network& net, graph::NodeId focal)
        : scratch_(instance()), net_(net), focal_(focal) {
        scratch_.prepare(net.num_nodes());
    }
    ~ScratchLease() { scratch_.reset(net_, focal_); }
    ScratchLease(const ScratchLease&) = delete;
    ScratchLease& operator=(const ScratchLease&) = delete;
    FocalScratch& operator*() { return scratch_; }

   private:
    static FocalScratch& instance() {
        thread_local FocalScratch scratch;
        return scratch;
    }
    FocalScratch& scratch_;
    const graph::Network& net_;
    graph::NodeId focal_;
};

}  // namespace refnet::scoring

// Declarations shared by the backtest's parts (scoring/src/backtest/*.cpp);
// not a public header. The seeded hashes, the structural baselines' inputs and
// marks, and the method list the harness evaluates.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <refnet/graph/network.hpp>
#include <refnet/graph/splitmix.hpp>
#include <refnet/scoring/backtest.hpp>
#include <span>
#include <string>
#include <vector>

namespace refnet::scoring::detail {

// SplitMix64's output from state x (one step, then the finaliser): a seeded
// hash that gives every (seed, focal, provider) its own stream, so results do
// not depend on thread scheduling.
inline std::uint64_t mix(std::uint64_t x) { return graph::splitmix64_next(x); }
inline std::uint64_t mix(std::uint64_t a, std::uint64_t b) { return mix(mix(a) ^ b); }
inline std::uint64_t mix(std::uint64_t a, std::uint64_t b, std::uint64_t c) {
    return mix(mix(a, b) ^ c);
}

inline double unit(std::uint64_t bits) { return static_cast<double>(bits >> 11) * 0x1.0p-53; }

inline bool in_truth(std::span<const graph::NodeId> truth, graph::NodeId id) {
    return std::binary_search(truth.begin(), truth.end(), id);
}

/// What a method is: the blend (with its weights) or a structural baseline.
enum class Kind : std::uint8_t {
    blend,
    random,
    popularity,
    recent_popularity,
    preferential_attachment,
    adamic_adar,
    resource_allocation,
    paths_of_length_three,
    gravity
};

struct Method {
    std::string name;
    Kind kind = Kind::blend;
    Weights weights;  // blends and signal-only baselines
};

/// The blends, then the baselines of `options`, by name; validates the blends'
/// weights and throws std::invalid_argument for an unknown baseline.
[[nodiscard]] std::vector<Method> methods_of(const BacktestOptions& options);

/// recent_popularity counts the referrals received in this many days before the split.
inline constexpr std::int32_t kRecentDays = 90;
/// gravity's distance scale: exp(-km / kGravityKm).
inline constexpr double kGravityKm = 8.0;
/// gravity's volume exponent: (1 + in_volume)^kGravityVolumeExponent.
inline constexpr double kGravityVolumeExponent = 0.7;

// Network-wide inputs of the structural baselines, computed once per backtest.
struct Structure {
    std::vector<std::uint32_t> partners;  // distinct in- and out-neighbours
    std::vector<double> in_volume;        // referrals received
    std::vector<double> recent_volume;    // referrals received in the kRecentDays before the split
    std::vector<std::uint64_t> tie;       // seeded hash: equal scores rank by it
    std::vector<graph::NodeId> by_tie;    // every provider, by tie hash
    std::vector<graph::NodeId> by_volume;
    std::vector<graph::NodeId> by_recent;
    std::vector<graph::NodeId> by_partners;

    // gravity: a provider's specialty is its taxonomy code, or its group when
    // it has none. share(s -> t) is stored by rows, each holding only the
    // specialties s referred to, sorted by t (sparse: free-text taxonomies
    // must not make a dense table of their square).
    std::vector<std::uint32_t> specialty;  // per provider
    std::size_t specialties = 0;
    std::vector<std::uint64_t> share_offsets;  // row s is [share_offsets[s], share_offsets[s + 1])
    std::vector<std::uint32_t> share_target;   // t
    std::vector<double> share;                 // share(s -> t)
    std::vector<std::uint64_t> specialty_offsets;  // providers by specialty (CSR)
    std::vector<graph::NodeId> specialty_members;
    std::vector<double> volume_factor;      // (1 + in_volume)^0.7
    std::vector<double> lat, lon, cos_lat;  // degrees; NaN without a location

    Structure(const SplitView& view, std::uint64_t seed);

    /// gravity's score of (f, c). O(log of the specialties f's specialty refers to).
    [[nodiscard]] double gravity(graph::NodeId f, graph::NodeId c) const;
    /// The same with share(spec(f) -> spec(c)) given. O(1).
    [[nodiscard]] double gravity(graph::NodeId f, graph::NodeId c, double flow) const;
};

// Per-thread marks over providers, reset by what a focal touched.
struct FocalMarks {
    static constexpr std::uint8_t kExcluded = 1;  // the focal and its partners
    static constexpr std::uint8_t kListed = 2;
    std::vector<std::uint8_t> mark;
    std::vector<std::int32_t> position;  // index in the blend's candidates, -1 if none
    std::vector<double> common;          // Adamic-Adar, resource-allocation or L3 sums
    std::vector<double> middle;          // L3's middle weights, 0 between calls
    std::vector<graph::NodeId> touched;
    explicit FocalMarks(graph::NodeId n)
        : mark(n, 0), position(n, -1), common(n, 0.0), middle(n, 0.0) {}
    void reset() {
        for (graph::NodeId v : touched) {
            mark[v] = 0;
            position[v] = -1;
            common[v] = 0.0;
        }
        touched.clear();
    }
};

/// Fills `list` with the best kmax providers outside the focal's partners for
/// the structural baseline `kind` and returns the method's score of any
/// provider. `base_seed` is BacktestOptions::seed.
[[nodiscard]] std::function<double(graph::NodeId)> rank_structural(
    Kind kind, graph::NodeId f, const graph::Network& net, const Structure& st,
    std::uint64_t base_seed, std::size_t kmax, FocalMarks& marks, std::vector<graph::NodeId>& list);

}  // namespace refnet::scoring::detail

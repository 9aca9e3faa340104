// Link predictors over the undirected partner graph (a partner is any in- or
// out-neighbour; self-loops never count): Adamic–Adar and resource allocation,
// one definition for the recommendation blend's structure signal and for the
// backtest's baselines, and degree-normalised paths of length three (L3), a
// backtest baseline.
//
// Both score a pair (f, c) as the sum over common partners z of a weight that
// falls with z's partner count: a shared partner with few partners says more.
// The kernels are batch-first (NetworKit's link predictors): one call expands
// the focal's partners once and scores every provider two steps away.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <refnet/graph/network.hpp>
#include <span>
#include <vector>

namespace refnet::graph {

/// Distinct partners of every provider (in- or out-neighbours, itself excluded). O(n + m).
[[nodiscard]] std::vector<std::uint32_t> partner_counts(const Network& network);

/// Adamic–Adar weight of a common partner with `partners` partners:
/// 1 / ln(max(2, partners)) (a partner of degree 1 would divide by 0).
[[nodiscard]] inline double adamic_adar_weight(std::uint64_t partners) {
    return 1.0 / std::log(static_cast<double>(std::max<std::uint64_t>(2, partners)));
}

/// Resource-allocation weight: 1 / max(2, partners), floored like Adamic–Adar's.
[[nodiscard]] inline double resource_allocation_weight(std::uint64_t partners) {
    return 1.0 / static_cast<double>(std::max<std::uint64_t>(2, partners));
}

/// One common partner's step, shared by the kernels below and the
/// recommendation blend's structure signal: adds `weight` to sums[c] for every
/// partner c of z other than `focal` and z, appending c to `reached` when its
/// sum was 0. Asks for the sums of partners eight ahead (a hub's partners are
/// scattered over the network). Returns the pairs visited. O(partners of z).
inline std::size_t add_common_partner(const Network& network, NodeId focal, NodeId z, double weight,
                                      std::span<double> sums, std::vector<NodeId>& reached) {
    std::size_t visited = 0;
    for_each_partner(
        network, z, 16, [&](NodeId c) { __builtin_prefetch(&sums[c]); },
        [&](NodeId c) {
            if (c == focal || c == z) return;
            ++visited;
            double& sum = sums[c];
            if (sum == 0.0) reached.push_back(c);
            sum += weight;
        });
    return visited;
}

enum class CommonPartnerIndex : std::uint8_t { adamic_adar, resource_allocation };

struct CommonPartnerScores {
    std::vector<NodeId> reached;        ///< providers with a positive score, in order first reached
    std::vector<double> score;          ///< parallel to `reached` (the allocating overload only)
    std::size_t partners_expanded = 0;  ///< the focal's partners whose lists were walked
    std::size_t pairs_visited = 0;      ///< (partner, provider) pairs summed
};

/// Every provider c != focal sharing a partner with `focal`, with its index
/// sum over common partners z (z != c), summed in the focal's partner order.
/// `partners` are partner_counts(network). `sums` is scratch of one double per
/// provider, all 0 on entry; on return sums[c] holds the score of every c in
/// `reached` (clear them before the next call): a backtest's focals then cost
/// what they reach, not O(n). Throws std::invalid_argument for a focal outside
/// the network or spans of the wrong size.
/// O(sum over the focal's partners of their partner counts).
CommonPartnerScores common_partner_scores(const Network& network, NodeId focal,
                                          std::span<const std::uint32_t> partners,
                                          CommonPartnerIndex index, std::span<double> sums);

/// The same with its own scratch, scores in `score`. O(n) more.
[[nodiscard]] CommonPartnerScores common_partner_scores(const Network& network, NodeId focal,
                                                        std::span<const std::uint32_t> partners,
                                                        CommonPartnerIndex index);

struct PathsOfLengthThree {
    std::vector<NodeId> reached;    ///< providers with a positive score, in order first reached
    std::size_t middles = 0;        ///< distinct v two steps from the focal that were expanded
    std::size_t pairs_visited = 0;  ///< (v, provider) pairs summed in the last step
};

/// Degree-normalised paths of length three (L3; Kovács et al. 2019, "Network-
/// based prediction of protein interactions", Nat. Commun. 10:1240): for every
/// provider c != focal, the sum over paths focal–u–v–c of 1 / sqrt(k_u k_v),
/// k = `partners` (partner_counts(network)), with v != focal. Two providers
/// whose partners are partners of each other (complementary, not similar)
/// score high. For a c that is not a partner of the focal this is Kovács's
/// A D^-1/2 A D^-1/2 A; for a partner, walks that come back through u also
/// count and focal–u–focal–c does not.
///
/// Computed in two sweeps from the focal: the weights w_v = sum over u of
/// 1 / sqrt(k_u k_v) go into `middle`, then each v adds w_v to every partner c.
/// `sums` and `middle` are scratch of one double per provider, all 0 on entry;
/// `middle` is all 0 again on return and sums[c] holds the score of every c in
/// `reached` (clear them before the next call), so a backtest's focals cost
/// what they reach, not O(n). Throws std::invalid_argument for a focal outside
/// the network or spans of the wrong size.
/// O(sum over the focal's partners u of k_u, plus sum over the v reached of k_v).
PathsOfLengthThree paths_of_length_three(const Network& network, NodeId focal,
                                         std::span<const std::uint32_t> partners,
                                         std::span<double> sums, std::span<double> middle);

}  // namespace refnet::graph

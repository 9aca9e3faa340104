// Speed-up: the Context stored in a snapshot (stored_context.cpp).
#pragma once

#include <cstdint>
#include <refnet/graph/id_map.hpp>
#include <refnet/graph/needs.hpp>
#include <refnet/scoring/recommend.hpp>

namespace refnet::scoring {

/// A digest of everything a Context's build reads besides the network's and
/// events' contents: a stored context whose key differs was built for other
/// settings and is not used.
[[nodiscard]] std::uint64_t context_key(const graph::Network& network, std::size_t referrals,
                                        const graph::IdMap& referral_needs,
                                        const graph::NeedCatalogue& catalogue, graph::Date as_of,
                                        const ScoringParams& params, const EngineOptions& engine);

}  // namespace refnet::scoring

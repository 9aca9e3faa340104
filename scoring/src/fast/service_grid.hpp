// Speed-up: a one-degree grid of the located providers, so a request inside the
// service radius reads its own region only (a national market's request then
// costs its region, not the country). The exhaustive path tests every provider
// against the radius instead; tests/scoring/class_path_test.cpp compares the two.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <refnet/graph/provider.hpp>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace refnet::scoring {

struct ServiceGrid {
    // Points on the unit sphere (NaN without a location): the service-radius
    // test is then a chord length, three products instead of a haversine.
    std::vector<std::array<double, 3>> unit;
    // Cells hold ids ascending, as do the lists of providers a request must
    // consider wherever they are: those without a location, and located
    // telehealth providers by the state they are licensed in
    // (`telehealth_anywhere`: licensed everywhere; `telehealth_located`: all,
    // for a focal without a state).
    std::unordered_map<std::int64_t, std::vector<graph::NodeId>> cells;
    std::vector<graph::NodeId> unlocated;
    std::unordered_map<std::string, std::vector<graph::NodeId>> telehealth_by_state;
    std::vector<graph::NodeId> telehealth_anywhere;
    std::vector<graph::NodeId> telehealth_located;

    /// Squared chord between two providers on the unit sphere (NaN without a location).
    [[nodiscard]] double chord2(graph::NodeId a, graph::NodeId b) const {
        const auto& here = unit[a];
        const auto& there = unit[b];
        const double dx = there[0] - here[0];
        const double dy = there[1] - here[1];
        const double dz = there[2] - here[2];
        return dx * dx + dy * dy + dz * dz;
    }
};

/// The squared chord of a great-circle distance: what chord2 compares against.
[[nodiscard]] double max_chord2_of(double radius_km);

[[nodiscard]] ServiceGrid build_service_grid(std::span<const graph::Provider> providers);

/// Visits what a request within `radius_km` of focal f must consider: the grid
/// cells the radius overlaps (their providers may lie beyond it), the
/// unlocated, and far telehealth licensed in f's state. False, visiting
/// nothing, when the radius reaches a pole: the caller scans everyone.
bool visit_near(const ServiceGrid& grid, std::span<const graph::Provider> providers,
                graph::NodeId f, double radius_km, double max_chord2,
                const std::function<void(graph::NodeId)>& visit);

}  // namespace refnet::scoring

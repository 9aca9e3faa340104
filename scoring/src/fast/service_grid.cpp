#include "fast/service_grid.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <refnet/graph/geo.hpp>

namespace refnet::scoring {

namespace {

// The key of a one-degree grid cell (floor of latitude and longitude).
std::int64_t grid_cell(std::int32_t row, std::int32_t col) {
    return static_cast<std::int64_t>(row) * 1000 + col;
}

}  // namespace

double max_chord2_of(double radius_km) {
    const double half_chord = std::sin(radius_km / (2.0 * graph::kEarthRadiusKm));
    return 4.0 * half_chord * half_chord;
}

ServiceGrid build_service_grid(std::span<const graph::Provider> providers) {
    ServiceGrid grid;
    grid.unit.resize(providers.size());
    for (graph::NodeId u = 0; u < providers.size(); ++u) {
        const graph::Provider& p = providers[u];
        constexpr double kRad = std::numbers::pi / 180.0;
        const double lat = p.lat * kRad;
        const double lon = p.lon * kRad;
        grid.unit[u] = p.has_location()
                           ? std::array<double, 3>{std::cos(lat) * std::cos(lon),
                                                   std::cos(lat) * std::sin(lon), std::sin(lat)}
                           : std::array<double, 3>{std::nan(""), std::nan(""), std::nan("")};
        if (!p.has_location()) {
            grid.unlocated.push_back(u);
            continue;
        }
        grid.cells[grid_cell(static_cast<std::int32_t>(std::floor(p.lat)),
                             static_cast<std::int32_t>(std::floor(p.lon)))]
            .push_back(u);
        if (p.telehealth.value_or(false)) {
            grid.telehealth_located.push_back(u);
            if (p.licensed_states.empty()) grid.telehealth_anywhere.push_back(u);
            for (const auto& state : p.licensed_states)
                grid.telehealth_by_state[state].push_back(u);
        }
    }
    return grid;
}

bool visit_near(const ServiceGrid& grid, std::span<const graph::Provider> providers,
                graph::NodeId f, double radius_km, double max_chord2,
                const std::function<void(graph::NodeId)>& visit) {
    const graph::Provider& focal = providers[f];
    // A point within angle a of the focal differs from it by at most a in
    // latitude and asin(sin a / cos lat) in longitude, while the cap misses the poles.
    const double angle = radius_km / graph::kEarthRadiusKm;
    const double focal_lat = focal.lat * std::numbers::pi / 180.0;
    if (!(std::abs(focal_lat) + angle < std::numbers::pi / 2.0 - 1e-6)) return false;
    constexpr double kDeg = 180.0 / std::numbers::pi;
    const double dlat = angle * kDeg + 1e-9;
    const double dlon =
        std::asin(std::min(1.0, std::sin(angle) / std::cos(focal_lat))) * kDeg + 1e-9;
    const auto row_lo = static_cast<std::int32_t>(std::floor(focal.lat - dlat));
    const auto row_hi = static_cast<std::int32_t>(std::floor(focal.lat + dlat));
    const auto col_lo = static_cast<std::int32_t>(std::floor(focal.lon - dlon));
    const auto col_hi = static_cast<std::int32_t>(std::floor(focal.lon + dlon));
    for (std::int32_t row = row_lo; row <= row_hi; ++row) {
        for (std::int32_t col = col_lo; col <= col_hi; ++col) {
            // Longitudes wrap at the antimeridian.
            const std::int32_t wrapped = ((col + 180) % 360 + 360) % 360 - 180;
            const auto it = grid.cells.find(grid_cell(row, wrapped));
            if (it == grid.cells.end()) continue;
            for (graph::NodeId c : it->second) visit(c);
        }
    }
    for (graph::NodeId c : grid.unlocated) visit(c);
    // Telehealth from beyond the radius (nearer ones came with their cells).
    auto far_telehealth = [&](const std::vector<graph::NodeId>& list) {
        for (graph::NodeId c : list)
            if (grid.chord2(f, c) > max_chord2) visit(c);
    };
    if (focal.state.empty()) {
        far_telehealth(grid.telehealth_located);
    } else {
        far_telehealth(grid.telehealth_anywhere);
        if (const auto it = grid.telehealth_by_state.find(focal.state);
            it != grid.telehealth_by_state.end()) {
            far_telehealth(it->second);
        }
    }
    return true;
}

}  // namespace refnet::scoring

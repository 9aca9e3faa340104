// The simulator's random numbers (internal to refnet_synth).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <random>
#include <vector>

namespace refnet::synth::detail {

// Randomness: std::mt19937_64 is specified bit for bit by the standard, but the
// std distributions are not, so the transforms are written here to keep the
// files byte-identical across standard libraries.
class Rng {
   public:
    explicit Rng(std::uint64_t seed) : engine_(seed) {}
    double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
    std::uint64_t below(std::uint64_t n) { return n == 0 ? 0 : engine_() % n; }
    bool chance(double p) { return uniform() < p; }
    double normal() {
        // Box-Muller; 1 - u keeps the logarithm finite.
        const double u = 1.0 - uniform();
        const double v = uniform();
        return std::sqrt(-2.0 * std::log(u)) * std::cos(2.0 * std::numbers::pi * v);
    }
    double lognormal(double mu, double sigma) { return std::exp(mu + sigma * normal()); }
    std::uint32_t poisson(double lambda) {
        if (lambda <= 0.0) return 0;
        if (lambda > 30.0) {
            return static_cast<std::uint32_t>(
                std::max(0.0, std::round(lambda + std::sqrt(lambda) * normal())));
        }
        const double limit = std::exp(-lambda);
        std::uint32_t k = 0;
        double product = uniform();
        while (product > limit) {
            ++k;
            product *= uniform();
        }
        return k;
    }
    double beta_like(double mean, double spread) {
        return std::clamp(mean + spread * normal(), 0.02, 0.98);
    }
    /// Index drawn in proportion to non-negative weights; weights.size() when all are zero.
    std::size_t pick(const std::vector<double>& weights) {
        double total = 0.0;
        for (double w : weights) total += w;
        if (!(total > 0.0)) return weights.size();
        double target = uniform() * total;
        for (std::size_t i = 0; i < weights.size(); ++i) {
            target -= weights[i];
            if (target < 0.0) return i;
        }
        return weights.size() - 1;
    }

   private:
    std::mt19937_64 engine_;
};

}  // namespace refnet::synth::detail

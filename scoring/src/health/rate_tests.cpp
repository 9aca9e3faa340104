// The exact tests partner health flags on (docs/cli/health.md): Boost.Math's
// binomial distribution, so small counts get exact tails, never a normal
// approximation that flags noise.
#include <algorithm>
#include <boost/math/distributions/binomial.hpp>
#include <refnet/scoring/health.hpp>

namespace refnet::scoring {

double binomial_at_most(std::uint64_t k, std::uint64_t n, double p) {
    if (k >= n) return 1.0;
    p = std::clamp(p, 0.0, 1.0);
    const boost::math::binomial_distribution<double> dist(static_cast<double>(n), p);
    return std::clamp(boost::math::cdf(dist, static_cast<double>(k)), 0.0, 1.0);
}

double binomial_at_least(std::uint64_t k, std::uint64_t n, double p) {
    if (k == 0) return 1.0;
    if (k > n) return 0.0;
    p = std::clamp(p, 0.0, 1.0);
    const boost::math::binomial_distribution<double> dist(static_cast<double>(n), p);
    // The complement keeps tiny upper tails exact where 1 - cdf would round to 0.
    return std::clamp(boost::math::cdf(boost::math::complement(dist, static_cast<double>(k - 1))),
                      0.0, 1.0);
}

}  // namespace refnet::scoring

#include <refnet/graph/small_counts.hpp>
#include <refnet/graph/text.hpp>

namespace refnet::graph {

std::string SmallCounts::hidden() const { return "<" + std::to_string(below); }

std::string SmallCounts::hidden_share() const { return "hidden"; }

std::string SmallCounts::figure(std::uint64_t count) const {
    if (hides(static_cast<double>(count))) return hidden();
    return thousands(count);
}

std::string SmallCounts::words(std::uint64_t count) const {
    if (hides(static_cast<double>(count))) return "fewer than " + std::to_string(below);
    return thousands(count);
}

std::string SmallCounts::words(std::uint64_t count, std::string_view one,
                               std::string_view many) const {
    const bool singular = count == 1 && !hides(1.0);
    return words(count) + " " + std::string(singular ? one : many);
}

std::string SmallCounts::expected_words(double count, std::string shown) const {
    if (hides(count)) return "fewer than " + std::to_string(below);
    return shown;
}

std::string SmallCounts::share_words(std::uint64_t numerator, std::uint64_t denominator) const {
    if (hides_share(numerator, denominator)) return "a share";
    if (denominator == 0) return "n/a";
    return percent(static_cast<double>(numerator) / static_cast<double>(denominator));
}

}  // namespace refnet::graph

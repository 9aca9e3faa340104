#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <refnet/graph/text.hpp>

namespace refnet::graph {

std::string fixed(double value, int decimals) {
    // to_chars rounds exactly like printf's %.*f, several times faster: `recommend
    // --all` formats 175 numbers a provider on the thread that writes the file.
    char text[48];
    const auto [end, ec] =
        std::to_chars(text, text + sizeof text, value, std::chars_format::fixed, decimals);
    if (ec != std::errc{}) {  // more digits than the buffer holds (|value| > ~1e40)
        std::string wide(
            static_cast<std::size_t>(std::snprintf(nullptr, 0, "%.*f", decimals, value)), '\0');
        std::snprintf(wide.data(), wide.size() + 1, "%.*f", decimals, value);
        return wide;
    }
    return {text, end};
}

std::string tenths(double value) {
    const long count = std::lround(value * 10.0);
    return (count < 0 ? "-" : "") + std::to_string(std::labs(count) / 10) + "." +
           std::to_string(std::labs(count) % 10);
}

TextPlace place_of(std::string_view text, std::size_t offset) {
    TextPlace place;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++place.line;
            place.column = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++place.column;  // continuation bytes belong to the character before
        }
    }
    return place;
}

std::string thousands(std::uint64_t count) {
    std::string digits = std::to_string(count);
    for (auto at = static_cast<std::ptrdiff_t>(digits.size()) - 3; at > 0; at -= 3)
        digits.insert(static_cast<std::size_t>(at), 1, ',');
    return digits;
}

std::string percent(double share) {
    if (std::isnan(share)) return "n/a";
    return std::to_string(std::lround(share * 100.0)) + " %";
}

std::string percent(double share, int decimals) {
    if (std::isnan(share)) return "n/a";
    return fixed(100.0 * share, decimals) + " %";
}

namespace {

char lower_char(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

std::string lower_ascii(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), lower_char);
    return out;
}

bool contains_case_blind(std::string_view text, std::string_view lowered) {
    return std::search(text.begin(), text.end(), lowered.begin(), lowered.end(),
                       [](char t, char q) { return lower_char(t) == q; }) != text.end();
}

}  // namespace refnet::graph

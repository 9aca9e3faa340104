#include <cstdint>
#include <cstdio>
#include <refnet/io/terminal_text.hpp>

namespace refnet::io {

namespace {

// Whether `c` starts a character: UTF-8 continuation bytes take no column.
bool starts_character(char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }

}  // namespace

std::string clip(std::string_view text, std::size_t most) {
    std::size_t chars = 0;
    std::size_t cut = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (!starts_character(text[i])) continue;
        if (chars == most - 1) cut = i;
        if (++chars > most) return std::string(text.substr(0, cut)) + "…";
    }
    return std::string(text);
}

std::string terminal_safe(std::string_view text) {
    // Shown as visible escapes: C0 and C1 controls and DEL (ESC sequences
    // retitle, clear and recolour a terminal), and the Unicode characters that
    // reorder or break what follows them on screen (bidi overrides, embeddings
    // and isolates; line and paragraph separators).
    auto hidden = [](std::uint32_t code) {
        return code < 0x20 || (code >= 0x7f && code <= 0x9f) || code == 0x061c || code == 0x200e ||
               code == 0x200f || (code >= 0x2028 && code <= 0x202e) ||
               (code >= 0x2066 && code <= 0x2069);
    };
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<unsigned char>(text[i]);
        const std::size_t length = lead < 0x80             ? 1
                                   : (lead & 0xE0) == 0xC0 ? 2
                                   : (lead & 0xF0) == 0xE0 ? 3
                                   : (lead & 0xF8) == 0xF0 ? 4
                                                           : 1;
        std::uint32_t code = length == 1 ? lead : lead & (0x7F >> length);
        bool whole = i + length <= text.size();
        for (std::size_t k = 1; whole && k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            whole = (next & 0xC0) == 0x80;
            code = (code << 6) | (next & 0x3F);
        }
        if (!whole || (length == 1 && lead >= 0x80)) {
            // A byte that is not UTF-8 (the readers refuse them; a snapshot
            // could still carry one): shown as its value.
            constexpr std::string_view kHex = "0123456789abcdef";
            out += "\\x";
            out += kHex[lead >> 4];
            out += kHex[lead & 0xf];
            ++i;
            continue;
        }
        if (hidden(code)) {
            char escape[12];
            if (code < 0x100) {
                std::snprintf(escape, sizeof escape, "\\x%02x", static_cast<unsigned>(code));
            } else {
                std::snprintf(escape, sizeof escape, "\\u%04x", static_cast<unsigned>(code));
            }
            out += escape;
        } else {
            out.append(text.substr(i, length));
        }
        i += length;
    }
    return out;
}

}  // namespace refnet::io

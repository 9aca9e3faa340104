#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <refnet/io/terminal_text.hpp>

#include "utf8.hpp"

namespace refnet::io {

namespace {

// Whether `c` starts a character: UTF-8 continuation bytes take no column.
bool starts_character(char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }

}  // namespace

std::size_t display_width(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), starts_character));
}

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
    for (std::size_t i = 0; i < text.size();) {
        const utf8::CodePoint c = utf8::decode(text, i);
        if (!c.valid) {
            // A byte that is not UTF-8 (the readers refuse them; a snapshot
            // could still carry one): shown as its value.
            constexpr std::string_view kHex = "0123456789abcdef";
            out += "\\x";
            out += kHex[c.code >> 4];
            out += kHex[c.code & 0xf];
        } else if (hidden(c.code)) {
            char escape[12];
            if (c.code < 0x100) {
                std::snprintf(escape, sizeof escape, "\\x%02x", static_cast<unsigned>(c.code));
            } else {
                std::snprintf(escape, sizeof escape, "\\u%04x", static_cast<unsigned>(c.code));
            }
            out += escape;
        } else {
            out.append(text.substr(i, c.length));
        }
        i += c.length;
    }
    return out;
}

}  // namespace refnet::io

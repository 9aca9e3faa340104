// One UTF-8 decoder for the readers' validity check (find_invalid_utf8) and
// for showing text on a terminal (terminal_safe).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace refnet::io::utf8 {

struct CodePoint {
    std::uint32_t code = 0;
    std::size_t length = 1;  ///< bytes taken; 1 for an invalid byte
    bool valid = false;
};

/// The character starting at `text[at]`. Overlong forms, UTF-16 surrogates,
/// code points past U+10FFFF, stray continuation bytes and cut sequences are
/// invalid.
inline CodePoint decode(std::string_view text, std::size_t at) {
    const auto lead = static_cast<unsigned char>(text[at]);
    if (lead < 0x80) return {lead, 1, true};
    std::size_t length = 0;
    std::uint32_t min_code = 0;
    if ((lead & 0xE0) == 0xC0) {
        length = 2;
        min_code = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3;
        min_code = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4;
        min_code = 0x10000;
    } else {
        return {lead, 1, false};
    }
    if (at + length > text.size()) return {lead, 1, false};
    std::uint32_t code = lead & (0x7F >> length);
    for (std::size_t k = 1; k < length; ++k) {
        const auto next = static_cast<unsigned char>(text[at + k]);
        if ((next & 0xC0) != 0x80) return {lead, 1, false};
        code = (code << 6) | (next & 0x3F);
    }
    if (code < min_code || (code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF) {
        return {lead, 1, false};
    }
    return {code, length, true};
}

}  // namespace refnet::io::utf8

// Text from data made fit for a terminal: what a terminal would act on shown
// as escapes, and long names clipped to a column's width.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace refnet::io {

/// `text` from data for a terminal: C0 and C1 control characters and DEL
/// (escape sequences would move the cursor, retitle or recolour the
/// terminal) shown as "\x1b", and the bidi overrides, embeddings, isolates
/// and marks and the line and paragraph separators (which reorder or break
/// the rest of a line) as "\u202e"; bytes that are not UTF-8 as "\xff".
[[nodiscard]] std::string terminal_safe(std::string_view text);

/// Width in characters (UTF-8 continuation bytes take no column), for aligning.
[[nodiscard]] std::size_t display_width(std::string_view text);

/// `text` cut to at most `most` characters (UTF-8 aware, `most` >= 1), the
/// last one an ellipsis when cut, so a table of long names fits a terminal.
[[nodiscard]] std::string clip(std::string_view text, std::size_t most);

}  // namespace refnet::io

// Escaping for every text format a diagram or report is written in. Strings
// from data (names, cities) go through these before they reach an output.
#pragma once

#include <string>
#include <string_view>

namespace refnet::viz {

/// Body of a double-quoted DOT string: escapes " and \ and turns newlines into
/// \n, so a name can neither end the string nor inject attributes.
[[nodiscard]] std::string dot_escape(std::string_view text);

/// XML/HTML text and attribute values: & < > " ' become entities; control
/// characters other than tab/newline, invalid in XML 1.0, become U+FFFD.
[[nodiscard]] std::string xml_escape(std::string_view text);

}  // namespace refnet::viz

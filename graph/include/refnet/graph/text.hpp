// Numbers as people read them, one formatter each for every module that writes
// text (reasons, reports, tables, CSV).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace refnet::graph {

/// `value` with `decimals` digits after the point, rounded as printf's "%.*f".
[[nodiscard]] std::string fixed(double value, int decimals);

/// `value` to one decimal, rounded half away from zero as people round by hand
/// (a mean rating of 3.25 reads 3.3, where "%.1f" gives 3.2).
[[nodiscard]] std::string tenths(double value);

/// A share in [0, 1] as a whole percentage with a space before the sign
/// ("12 %"), half away from zero; "n/a" for NaN.
[[nodiscard]] std::string percent(double share);
/// The same with `decimals` digits after the point, rounded as fixed() ("0.42 %"):
/// for shares too small for whole percent.
[[nodiscard]] std::string percent(double share, int decimals);

/// The 1-based line and column (in characters, UTF-8) of byte `offset` of
/// `text`: where a parser's byte position points a person.
struct TextPlace {
    std::uint64_t line = 1;
    std::uint64_t column = 1;
};
[[nodiscard]] TextPlace place_of(std::string_view text, std::size_t offset);

/// A count with a comma between thousands ("12,345"), as tables and reports print it.
[[nodiscard]] std::string thousands(std::uint64_t count);

/// `text` with A-Z as a-z and every other byte as it was (UTF-8 intact): how
/// names, queries and file extensions are compared case-blind.
[[nodiscard]] std::string lower_ascii(std::string_view text);
/// Whether `text` contains `lowered` (a lower_ascii result) ignoring the case
/// of A-Z in `text`, without copying it: searches read every provider's fields.
[[nodiscard]] bool contains_case_blind(std::string_view text, std::string_view lowered);

}  // namespace refnet::graph

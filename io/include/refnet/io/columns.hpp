// Forgiving header matching and cell parsing with precise error messages.
//
// Column names match case-insensitively, ignoring spaces, underscores and
// hyphens, through a list of aliases per column.
#pragma once

#include <cstdint>
#include <optional>
#include <refnet/graph/provider.hpp>
#include <refnet/io/csv.hpp>
#include <refnet/io/error.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace refnet::io {

struct ColumnSpec {
    std::string_view name;                  ///< canonical name, used in messages
    std::vector<std::string_view> aliases;  ///< other accepted names (the name itself is implied)
    bool required = false;
};

/// Where each expected column sits in a file's header.
class HeaderMap {
   public:
    /// Throws InputError (whatever the mode) when a required column is missing or
    /// two header cells name the same column; warns once about unknown columns.
    /// `warn_unknown` is off for layouts read selectively on purpose (NPPES).
    static HeaderMap resolve(const CsvRecord& header, std::span<const ColumnSpec> specs,
                             const std::string& source, Diagnostics& diagnostics,
                             bool warn_unknown = true);

    [[nodiscard]] bool has(std::size_t spec) const { return index_[spec] >= 0; }
    [[nodiscard]] std::size_t width() const { return width_; }
    /// The cell for `spec` in `row`, or "" when the column is absent.
    [[nodiscard]] std::string_view cell(const CsvRecord& row, std::size_t spec) const;
    /// 1-based column of the cell for `spec` (0 when absent).
    [[nodiscard]] std::uint32_t column(const CsvRecord& row, std::size_t spec) const;

   private:
    std::vector<int> index_;
    std::size_t width_ = 0;
};

/// Parsed cell or the text of what was expected; the caller adds the location.
template <typename T>
struct Parsed {
    std::optional<T> value;
    std::string error;  ///< "expected …, got …" when !value
};

/// Whole number in [min, max]; "12.0" is accepted (CMS files are written by
/// pandas), "12.5" and "-1" are not.
[[nodiscard]] Parsed<std::uint64_t> parse_count(std::string_view raw, std::uint64_t max,
                                                std::uint64_t min = 0);
[[nodiscard]] Parsed<double> parse_real(std::string_view raw, double min, double max);
[[nodiscard]] Parsed<bool> parse_bool(std::string_view raw);
/// "tag:weight;tag:weight" with weights in [0, 1]; a tag without weight weighs 1.
[[nodiscard]] Parsed<std::vector<graph::NeedWeight>> parse_needs(std::string_view raw);
/// "GA;FL" or "GA FL": two-letter codes, upper-cased.
[[nodiscard]] Parsed<std::vector<std::string>> parse_states(std::string_view raw);

/// Levenshtein distance in bytes, for "did you mean" suggestions. O(|a| |b|).
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);

/// Trims ASCII spaces and tabs at both ends.
[[nodiscard]] std::string_view trim(std::string_view text);

}  // namespace refnet::io

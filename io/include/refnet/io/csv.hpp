// RFC 4180 CSV records with the line and column of every field, so that every
// later error can point at the cell.
//
// Hand-written rather than taken from a CSV library: none of the packaged ones
// reports the column of a field or of a stray quote, which every error message
// here needs. The national-scale edge reader has its own fast path.
#pragma once

#include <cstdint>
#include <istream>
#include <optional>
#include <string>
#include <vector>

namespace refnet::io {

struct CsvRecord {
    std::uint64_t line = 0;              ///< line on which the record starts (1-based)
    std::vector<std::string> fields;     ///< unquoted values
    std::vector<std::uint32_t> columns;  ///< 1-based character column where each field starts
    /// A problem confined to this record (stray quote, invalid UTF-8): the caller
    /// reports it at (line, problem_column) and skips the row.
    std::optional<std::string> problem;
    std::uint32_t problem_column = 0;
};

/// Reads records from a stream. Handles UTF-8 byte-order marks, LF, CRLF and CR
/// line ends, blank
/// lines (skipped) and quoted fields spanning lines. Throws InputError for an
/// unterminated quote, which would otherwise swallow the rest of the file.
class CsvReader {
   public:
    CsvReader(std::istream& in, std::string source);
    /// Fills `record` with the next non-blank record; false at end of input.
    bool next(CsvRecord& record);
    [[nodiscard]] const std::string& source() const { return source_; }

   private:
    bool read_line(std::string& line);
    std::istream& in_;
    std::string source_;
    std::uint64_t line_number_ = 0;
    bool first_line_ = true;
    std::string pending_;  // what getline read: lines split at lone CRs are taken from it
    std::size_t pending_offset_ = 0;
};

/// Position (0-based byte offset) of the first byte that is not valid UTF-8, or
/// std::string::npos when all of `text` is valid.
[[nodiscard]] std::size_t find_invalid_utf8(std::string_view text);

/// How text cells are written: `safe` (the default everywhere) prefixes an
/// apostrophe to a cell that a spreadsheet would run as a formula (leading =,
/// +, -, @, tab or CR; whole negative numbers excepted); `raw` writes every
/// value as it is, for machine consumers that must read back the exact text
/// (`refnet export --raw-cells` for Spark).
enum class CsvCells { safe, raw };

/// The one way RefNet writes a CSV cell: `cells` applied, then quoted when it
/// holds a comma, quote, CR or LF (RFC 4180, quotes doubled).
[[nodiscard]] std::string csv_cell(std::string_view value, CsvCells cells = CsvCells::safe);

}  // namespace refnet::io

// Input errors with their place in the file, and the strict/lenient policy.
//
// Messages read like a compiler's: `referrals.csv:14:3: expected a date
// YYYY-MM-DD, got "13/02/2024"`. Strict mode throws at the first error; lenient
// mode records it, skips the row and lets the caller report the count.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace refnet {

/// "file:line:column: message", leaving out a line or column that is 0 (unknown).
[[nodiscard]] std::string format_location(const std::string& file, std::uint64_t line,
                                          std::uint64_t column);

class InputError : public std::runtime_error {
   public:
    InputError(std::string file, std::uint64_t line, std::uint64_t column, std::string message);

    [[nodiscard]] const std::string& file() const { return file_; }
    [[nodiscard]] std::uint64_t line() const { return line_; }
    [[nodiscard]] std::uint64_t column() const { return column_; }
    [[nodiscard]] const std::string& message() const { return message_; }

   private:
    std::string file_;
    std::uint64_t line_;
    std::uint64_t column_;
    std::string message_;
};

struct Diagnostic {
    enum class Severity { warning, error };
    Severity severity = Severity::error;
    std::string file;
    std::uint64_t line = 0;
    std::uint64_t column = 0;
    std::string message;

    /// "file:line:column: warning: message" or "file:line:column: message".
    [[nodiscard]] std::string to_string() const;
};

/// Collects problems found while reading. In strict mode `error` throws
/// InputError; in lenient mode it records the problem and returns, and the
/// reader skips the row. Warnings never stop a read.
class Diagnostics {
   public:
    explicit Diagnostics(bool lenient = false) : lenient_(lenient) {}

    void error(const std::string& file, std::uint64_t line, std::uint64_t column,
               std::string message);
    void warning(const std::string& file, std::uint64_t line, std::uint64_t column,
                 std::string message);

    [[nodiscard]] bool lenient() const { return lenient_; }
    [[nodiscard]] const std::vector<Diagnostic>& items() const { return items_; }
    [[nodiscard]] std::size_t error_count() const { return errors_; }
    [[nodiscard]] std::size_t warning_count() const { return items_.size() - errors_; }

   private:
    bool lenient_;
    std::size_t errors_ = 0;
    std::vector<Diagnostic> items_;
};

/// Quotes a value for an error message: "value", with control bytes escaped and
/// long values shortened, so one bad cell never floods the terminal.
[[nodiscard]] std::string quote_value(std::string_view value);

/// Joins already quoted values with ", ", the first `shown` of them and then
/// "and N more": a header of 40,000 unknown columns is one readable line.
[[nodiscard]] std::string short_list(const std::vector<std::string>& quoted,
                                     std::size_t shown = 10);

}  // namespace refnet

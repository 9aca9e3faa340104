#include <refnet/graph/text.hpp>
#include <refnet/io/error.hpp>
#include <refnet/io/terminal_text.hpp>

namespace refnet {

std::string format_location(const std::string& file, std::uint64_t line, std::uint64_t column) {
    std::string out = file;
    if (line > 0) {
        // Appended piecewise: `':' + std::to_string(...)` trips a GCC 12 -Wrestrict
        // false positive.
        out += ':';
        out += std::to_string(line);
        if (column > 0) {
            out += ':';
            out += std::to_string(column);
        }
    }
    return out;
}

InputError::InputError(std::string file, std::uint64_t line, std::uint64_t column,
                       std::string message)
    : std::runtime_error(format_location(file, line, column) + ": " + message),
      file_(std::move(file)),
      line_(line),
      column_(column),
      message_(std::move(message)) {}

std::string Diagnostic::to_string() const {
    return format_location(file, line, column) +
           (severity == Severity::warning ? ": warning: " : ": ") + message;
}

void Diagnostics::error(const std::string& file, std::uint64_t line, std::uint64_t column,
                        std::string message) {
    if (!lenient_) throw InputError(file, line, column, std::move(message));
    ++errors_;
    items_.push_back({Diagnostic::Severity::error, file, line, column, std::move(message)});
}

void Diagnostics::warning(const std::string& file, std::uint64_t line, std::uint64_t column,
                          std::string message) {
    items_.push_back({Diagnostic::Severity::warning, file, line, column, std::move(message)});
}

std::string quote_value(std::string_view value) {
    constexpr std::size_t kMaxShown = 60;
    std::string out;
    std::size_t shown = 0;
    for (char c : value) {
        const auto byte = static_cast<unsigned char>(c);
        // Count characters, not bytes: cutting a UTF-8 sequence in half would make
        // the message invalid UTF-8 (and `validate --format json` throw).
        if ((byte & 0xC0) != 0x80 && shown++ == kMaxShown) {
            out += "...";
            break;
        }
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    // Messages go to a terminal: controls and bidi characters shown, not obeyed.
    return "\"" + io::terminal_safe(out) + "\"";
}

std::string short_list(const std::vector<std::string>& quoted, std::size_t shown) {
    std::string list;
    for (std::size_t i = 0; i < quoted.size() && i < shown; ++i) {
        list += (list.empty() ? "" : ", ") + quoted[i];
    }
    if (quoted.size() > shown) list += " and " + graph::thousands(quoted.size() - shown) + " more";
    return list;
}

}  // namespace refnet

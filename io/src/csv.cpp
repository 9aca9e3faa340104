#include <charconv>
#include <refnet/io/csv.hpp>
#include <refnet/io/error.hpp>

#include "utf8.hpp"

namespace refnet::io {

std::size_t find_invalid_utf8(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const utf8::CodePoint c = utf8::decode(text, i);
        if (!c.valid) return i;
        i += c.length;
    }
    return std::string::npos;
}

CsvReader::CsvReader(std::istream& in, std::string source) : in_(in), source_(std::move(source)) {}

bool CsvReader::read_line(std::string& line) {
    // Lines end in LF, CRLF or a lone CR (old Mac exports): a file of CR-only
    // line ends would otherwise be one line, a header with no rows.
    if (pending_.empty()) {
        if (!std::getline(in_, pending_)) return false;
        if (!in_.eof()) pending_ += '\n';
    }
    const std::size_t cr = pending_.find('\r', pending_offset_);
    const std::size_t end = cr == std::string::npos ? pending_.size() : cr;
    line.assign(pending_, pending_offset_, end - pending_offset_);
    if (!line.empty() && line.back() == '\n') line.pop_back();
    pending_offset_ = end + 1;
    if (cr != std::string::npos && pending_offset_ < pending_.size() &&
        pending_[pending_offset_] == '\n') {
        ++pending_offset_;  // CRLF
    }
    if (pending_offset_ >= pending_.size()) {
        pending_.clear();
        pending_offset_ = 0;
    }
    ++line_number_;
    if (first_line_) {
        first_line_ = false;
        // One byte-order mark is the encoding's; tools that prepend another
        // to a file that had one leave two, which would rename the first column.
        while (line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);
    }
    return true;
}

namespace {

// Character columns of byte offsets that only move forward along one line:
// counted from the last offset asked for, so a record costs O(its bytes)
// however many fields it has (was O(fields x bytes): 200,000 fields took > 20 s).
class ColumnCounter {
   public:
    explicit ColumnCounter(const std::string& line) : line_(line) {}
    std::uint32_t at(std::size_t byte) {
        if (byte < byte_) {
            byte_ = 0;
            column_ = 1;
        }
        for (; byte_ < byte && byte_ < line_.size(); ++byte_) {
            if ((static_cast<unsigned char>(line_[byte_]) & 0xC0) != 0x80) ++column_;
        }
        return column_;
    }
    /// The line's text was replaced (a quoted field went on to the next line).
    void restart() {
        byte_ = 0;
        column_ = 1;
    }

   private:
    const std::string& line_;
    std::size_t byte_ = 0;
    std::uint32_t column_ = 1;
};

}  // namespace

bool CsvReader::next(CsvRecord& record) {
    std::string line;
    do {
        if (!read_line(line)) return false;
    } while (line.empty());

    record.line = line_number_;
    record.fields.clear();
    record.columns.clear();
    record.problem.reset();
    record.problem_column = 0;

    auto flag = [&](const std::string& text, std::size_t byte, std::string message) {
        if (!record.problem) {
            record.problem = std::move(message);
            record.problem_column = ColumnCounter(text).at(byte);
        }
    };
    if (auto bad = find_invalid_utf8(line); bad != std::string::npos) {
        flag(line, bad, "text is not valid UTF-8 (expected UTF-8 encoded CSV)");
    }

    std::string field;
    std::size_t pos = 0;
    std::uint64_t quote_line = 0;
    std::uint32_t quote_column = 0;
    ColumnCounter columns(line);
    while (true) {
        // Start of a field.
        field.clear();
        record.columns.push_back(columns.at(pos));
        if (pos < line.size() && line[pos] == '"') {
            quote_line = line_number_;
            quote_column = columns.at(pos);
            ++pos;
            while (true) {
                if (pos >= line.size()) {
                    // The quoted field continues on the next line.
                    std::string more;
                    if (!read_line(more)) {
                        throw InputError(source_, quote_line, quote_column,
                                         "unterminated quoted field (expected a closing \")");
                    }
                    if (auto bad = find_invalid_utf8(more); bad != std::string::npos) {
                        flag(more, bad, "text is not valid UTF-8 (expected UTF-8 encoded CSV)");
                    }
                    field += '\n';
                    line = std::move(more);
                    columns.restart();
                    pos = 0;
                    continue;
                }
                if (line[pos] == '"') {
                    if (pos + 1 < line.size() && line[pos + 1] == '"') {
                        field += '"';
                        pos += 2;
                        continue;
                    }
                    ++pos;
                    break;
                }
                field += line[pos++];
            }
            if (pos < line.size() && line[pos] != ',') {
                flag(line, pos,
                     "unexpected text after a closing quote (expected a comma or end of line)");
                while (pos < line.size() && line[pos] != ',') field += line[pos++];
            }
        } else {
            while (pos < line.size() && line[pos] != ',') {
                if (line[pos] == '"') {
                    flag(line, pos,
                         "stray quote inside an unquoted field (expected the whole field in "
                         "quotes, with \"\" for a quote)");
                }
                field += line[pos++];
            }
        }
        record.fields.push_back(field);
        if (pos >= line.size()) break;
        ++pos;  // the comma
    }
    return true;
}

namespace {

// RFC 4180: quoted when it holds a comma, quote, CR or LF; quotes doubled.
std::string quoted(std::string_view value) {
    if (value.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(value);
    std::string out = "\"";
    for (char c : value) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
    return out;
}

// A whole negative number ("-84.3866", "-2e-05"): a spreadsheet reads it as
// a number, not a formula, so it keeps its sign. "-1+2" is not one.
bool negative_number(std::string_view value) {
    if (value.size() < 2 || value[0] != '-') return false;
    double parsed = 0.0;
    const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), parsed);
    return ec == std::errc{} && ptr == value.data() + value.size();
}

}  // namespace

std::string csv_cell(std::string_view value, CsvCells cells) {
    if (cells == CsvCells::raw || value.empty()) return quoted(value);
    const char first = value[0];
    // OWASP's formula triggers: = + - @, and a leading tab or CR, which some
    // spreadsheets skip before reading the formula behind them.
    const bool trigger = first == '=' || first == '+' || first == '-' || first == '@' ||
                         first == '\t' || first == '\r';
    if (!trigger || negative_number(value)) return quoted(value);
    std::string text = "'";
    text.append(value);
    return quoted(text);
}

}  // namespace refnet::io

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <refnet/graph/types.hpp>
#include <refnet/io/columns.hpp>

namespace refnet::io {

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] =
                std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1] ? 1U : 0U)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(" \t");
    return text.substr(first, last - first + 1);
}

HeaderMap HeaderMap::resolve(const CsvRecord& header, std::span<const ColumnSpec> specs,
                             const std::string& source, Diagnostics& diagnostics,
                             bool warn_unknown) {
    HeaderMap map;
    map.index_.assign(specs.size(), -1);
    map.width_ = header.fields.size();
    std::vector<std::string> unknown;
    for (std::size_t col = 0; col < header.fields.size(); ++col) {
        const std::string key = graph::normalize_key(trim(header.fields[col]));
        bool matched = false;
        for (std::size_t s = 0; s < specs.size() && !matched; ++s) {
            bool hit = key == graph::normalize_key(specs[s].name);
            for (auto alias : specs[s].aliases) hit = hit || key == graph::normalize_key(alias);
            if (!hit) continue;
            matched = true;
            if (map.index_[s] >= 0) {
                throw InputError(source, header.line, header.columns[col],
                                 "column " + quote_value(header.fields[col]) + " repeats column " +
                                     std::to_string(map.index_[s] + 1) + " (expected each of " +
                                     std::string(specs[s].name) + " once)");
            }
            map.index_[s] = static_cast<int>(col);
        }
        if (!matched) unknown.push_back(quote_value(header.fields[col]));
    }
    for (std::size_t s = 0; s < specs.size(); ++s) {
        if (!specs[s].required || map.index_[s] >= 0) continue;
        std::string names(specs[s].name);
        for (auto alias : specs[s].aliases) names += ", " + std::string(alias);
        std::string got;
        for (const auto& f : header.fields) got += (got.empty() ? "" : ",") + f;
        throw InputError(source, header.line, 0,
                         "missing required column " + std::string(specs[s].name) +
                             " (expected a header naming one of: " + names + "; got " +
                             quote_value(got) + ")");
    }
    if (warn_unknown && !unknown.empty()) {
        const std::string list = short_list(unknown);
        std::string known;
        for (const auto& s : specs) known += (known.empty() ? "" : ", ") + std::string(s.name);
        diagnostics.warning(source, header.line, 0,
                            "ignoring unknown column" +
                                std::string(unknown.size() > 1 ? "s " : " ") + list +
                                " (known columns: " + known + ")");
    }
    return map;
}

std::string_view HeaderMap::cell(const CsvRecord& row, std::size_t spec) const {
    const int i = index_[spec];
    if (i < 0 || static_cast<std::size_t>(i) >= row.fields.size()) return {};
    return row.fields[static_cast<std::size_t>(i)];
}

std::uint32_t HeaderMap::column(const CsvRecord& row, std::size_t spec) const {
    const int i = index_[spec];
    if (i < 0 || static_cast<std::size_t>(i) >= row.columns.size()) return 0;
    return row.columns[static_cast<std::size_t>(i)];
}

Parsed<std::uint64_t> parse_count(std::string_view raw, std::uint64_t max, std::uint64_t min) {
    const std::string_view text = trim(raw);
    const std::string expected =
        "expected a whole number from " + std::to_string(min) + " to " + std::to_string(max);
    std::string_view digits = text;
    if (auto dot = text.find('.'); dot != std::string_view::npos) {
        const auto fraction = text.substr(dot + 1);
        if (fraction.find_first_not_of('0') != std::string_view::npos || dot == 0) {
            return {std::nullopt, expected + ", got " + quote_value(raw)};
        }
        digits = text.substr(0, dot);
    }
    if (digits.empty() || digits.find_first_not_of("0123456789") != std::string_view::npos) {
        return {std::nullopt, expected + ", got " + quote_value(raw)};
    }
    std::uint64_t value = 0;
    const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec == std::errc::result_out_of_range || value > max) {
        return {std::nullopt,
                "number is too large (" + expected + ", got " + quote_value(raw) + ")"};
    }
    (void)ptr;
    if (value < min) return {std::nullopt, expected + ", got " + quote_value(raw)};
    return {value, {}};
}

Parsed<double> parse_real(std::string_view raw, double min, double max) {
    const std::string_view text = trim(raw);
    double value = 0.0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    auto expected = [&] {
        std::string range = std::to_string(min);
        std::string upper = std::to_string(max);
        auto tidy = [](std::string& s) {
            s.erase(s.find_last_not_of('0') + 1);
            if (s.back() == '.') s.pop_back();
        };
        tidy(range);
        tidy(upper);
        return "expected a number from " + range + " to " + upper + ", got " + quote_value(raw);
    };
    if (text.empty() || ec != std::errc{} || ptr != text.data() + text.size() ||
        !std::isfinite(value) || value < min || value > max) {
        return {std::nullopt, expected()};
    }
    return {value, {}};
}

Parsed<bool> parse_bool(std::string_view raw) {
    const std::string key = graph::normalize_key(trim(raw));
    if (key == "true" || key == "yes" || key == "y" || key == "1") return {true, {}};
    if (key == "false" || key == "no" || key == "n" || key == "0") return {false, {}};
    return {std::nullopt, "expected true/false, yes/no or 1/0, got " + quote_value(raw)};
}

Parsed<std::vector<graph::NeedWeight>> parse_needs(std::string_view raw) {
    std::vector<graph::NeedWeight> needs;
    std::string_view rest = raw;
    while (!rest.empty()) {
        const auto semi = rest.find(';');
        const std::string_view item = trim(rest.substr(0, semi));
        rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
        if (item.empty()) continue;
        const auto colon = item.find(':');
        const std::string_view tag = trim(item.substr(0, colon));
        if (tag.empty()) {
            return {std::nullopt,
                    "expected tag:weight pairs separated by ';', got " + quote_value(raw)};
        }
        double weight = 1.0;
        if (colon != std::string_view::npos) {
            auto parsed = parse_real(item.substr(colon + 1), 0.0, 1.0);
            if (!parsed.value) {
                return {std::nullopt, "weight of need " + quote_value(tag) + ": " + parsed.error};
            }
            weight = *parsed.value;
        }
        needs.push_back({std::string(tag), weight});
    }
    return {std::move(needs), {}};
}

Parsed<std::vector<std::string>> parse_states(std::string_view raw) {
    std::vector<std::string> states;
    std::size_t pos = 0;
    while (pos < raw.size()) {
        const std::size_t end = raw.find_first_of("; ,|", pos);
        const std::string_view token =
            raw.substr(pos, end == std::string_view::npos ? end : end - pos);
        pos = end == std::string_view::npos ? raw.size() : end + 1;
        if (token.empty()) continue;
        const bool letters = token.size() == 2 &&
                             std::isalpha(static_cast<unsigned char>(token[0])) &&
                             std::isalpha(static_cast<unsigned char>(token[1]));
        if (!letters) {
            return {std::nullopt,
                    "expected two-letter state codes separated by ';', got " + quote_value(raw)};
        }
        std::string code(token);
        for (char& c : code) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        states.push_back(std::move(code));
    }
    return {std::move(states), {}};
}

}  // namespace refnet::io

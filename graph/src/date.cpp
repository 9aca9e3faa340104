#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <refnet/graph/types.hpp>

namespace refnet::graph {

namespace {

bool parse_digits(std::string_view text, int& value) {
    const auto* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value);
    return ec == std::errc{} && ptr == end;
}

}  // namespace

Date make_date(int year, unsigned month, unsigned day) {
    const std::chrono::year_month_day ymd{std::chrono::year{year}, std::chrono::month{month},
                                          std::chrono::day{day}};
    return Date{static_cast<std::int32_t>(std::chrono::sys_days{ymd}.time_since_epoch().count())};
}

std::optional<Date> parse_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    for (std::size_t i : {0U, 1U, 2U, 3U, 5U, 6U, 8U, 9U}) {
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
    }
    int year = 0;
    int month = 0;
    int day = 0;
    if (!parse_digits(text.substr(0, 4), year) || !parse_digits(text.substr(5, 2), month) ||
        !parse_digits(text.substr(8, 2), day)) {
        return std::nullopt;
    }
    const std::chrono::year_month_day ymd{std::chrono::year{year},
                                          std::chrono::month{static_cast<unsigned>(month)},
                                          std::chrono::day{static_cast<unsigned>(day)}};
    if (year < 1 || !ymd.ok()) return std::nullopt;
    return make_date(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

std::optional<Period> parse_period(std::string_view text) {
    if (text.size() < 2) return std::nullopt;
    const char unit = text.back();
    int count = 0;
    if (!parse_digits(text.substr(0, text.size() - 1), count) || count <= 0) return std::nullopt;
    switch (unit) {
        case 'm':
            return count <= 1200 ? std::optional<Period>(Period{count, 0}) : std::nullopt;
        case 'y':
            return count <= 100 ? std::optional<Period>(Period{12 * count, 0}) : std::nullopt;
        case 'd':
            return count <= 36500 ? std::optional<Period>(Period{0, count}) : std::nullopt;
        default:
            return std::nullopt;
    }
}

std::string format_period(Period period) {
    if (period.days == 0) return std::to_string(period.months) + "m";
    if (period.months == 0) return std::to_string(period.days) + "d";
    return std::to_string(period.months) + "m" + std::to_string(period.days) + "d";
}

Date advance(Date date, Period period) {
    using namespace std::chrono;
    const year_month_day ymd{sys_days{days{date.days}}};
    const year_month moved = year_month{ymd.year(), ymd.month()} + months{period.months};
    const day last = year_month_day_last{moved.year(), month_day_last{moved.month()}}.day();
    const year_month_day target{moved.year(), moved.month(), std::min(ymd.day(), last)};
    return Date{static_cast<std::int32_t>(sys_days{target}.time_since_epoch().count()) +
                period.days};
}

Date go_back(Date date, Period period) { return advance(date, {-period.months, -period.days}); }

bool positive(Period period) {
    return period.months >= 0 && period.days >= 0 && (period.months > 0 || period.days > 0);
}

std::string format_date(Date date) {
    if (!date.valid()) return {};
    const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{date.days}}};
    const int year = static_cast<int>(ymd.year());
    const unsigned month = static_cast<unsigned>(ymd.month());
    const unsigned day = static_cast<unsigned>(ymd.day());
    std::string out(10, '0');
    auto put = [&](std::size_t pos, std::size_t width, unsigned value) {
        for (std::size_t i = 0; i < width; ++i) {
            out[pos + width - 1 - i] = static_cast<char>('0' + value % 10);
            value /= 10;
        }
    };
    put(0, 4, static_cast<unsigned>(year));
    out[4] = '-';
    put(5, 2, month);
    out[7] = '-';
    put(8, 2, day);
    return out;
}

std::string normalize_key(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        if (c == ' ' || c == '_' || c == '-') continue;
        out.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c);
    }
    return out;
}

namespace {

constexpr std::array<std::string_view, 6> kStatusKeys{"",          "sent",      "scheduled",
                                                      "completed", "cancelled", "no_show"};
constexpr std::array<std::string_view, 7> kTouchKeys{"visit",     "lunch", "call",     "email",
                                                     "thank_you", "event", "education"};

}  // namespace

std::string_view status_key(Status status) {
    return kStatusKeys.at(static_cast<std::size_t>(status));
}

std::optional<Status> parse_status(std::string_view text) {
    const std::string key = normalize_key(text);
    for (std::size_t i = 1; i < kStatusKeys.size(); ++i) {
        if (key == normalize_key(kStatusKeys[i])) return static_cast<Status>(i);
    }
    if (key == "canceled") return Status::cancelled;  // US spelling
    return std::nullopt;
}

std::string_view touch_kind_key(TouchKind kind) {
    return kTouchKeys.at(static_cast<std::size_t>(kind));
}

std::optional<TouchKind> parse_touch_kind(std::string_view text) {
    const std::string key = normalize_key(text);
    for (std::size_t i = 0; i < kTouchKeys.size(); ++i) {
        if (key == normalize_key(kTouchKeys[i])) return static_cast<TouchKind>(i);
    }
    return std::nullopt;
}

}  // namespace refnet::graph

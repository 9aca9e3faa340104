// Core value types shared by every module: dense ids, dates and the event enums.
//
// Dense integer ids inside, external keys at the edge (GAP): algorithms only see
// NodeId; the IdMap beside the network translates NPIs and names.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace refnet::graph {

using NodeId = std::uint32_t;
/// Edge ids and CSR offsets are 64-bit: a national network has ~62 M edges and
/// multi-year data passes 2^32 soon after.
using EdgeId = std::uint64_t;
inline constexpr NodeId kNoNode = std::numeric_limits<NodeId>::max();

/// Index into a dataset's need dictionary (need tags or ICD-10 codes).
using NeedId = std::uint32_t;
inline constexpr NeedId kNoNeed = std::numeric_limits<NeedId>::max();

/// A calendar day as days since 1970-01-01, so comparisons and differences are
/// plain integer arithmetic. kNoDate marks aggregated data without dates.
struct Date {
    std::int32_t days = std::numeric_limits<std::int32_t>::min();

    [[nodiscard]] bool valid() const { return days != std::numeric_limits<std::int32_t>::min(); }
    friend auto operator<=>(const Date&, const Date&) = default;
};
inline constexpr Date kNoDate{};

/// Parses a strict ISO date "YYYY-MM-DD" with a real calendar day (2023-02-29 fails).
[[nodiscard]] std::optional<Date> parse_date(std::string_view text);
/// Formats as "YYYY-MM-DD"; an invalid date formats as "".
[[nodiscard]] std::string format_date(Date date);
/// Days from the civil date; year in [1, 9999].
[[nodiscard]] Date make_date(int year, unsigned month, unsigned day);

/// A span of calendar time such as a backtest horizon: months, then days.
struct Period {
    std::int32_t months = 0;
    std::int32_t days = 0;
    friend bool operator==(const Period&, const Period&) = default;
};
/// Parses "12m", "2y" (24 months) or "90d"; a positive count up to 1200 months
/// or 36500 days.
[[nodiscard]] std::optional<Period> parse_period(std::string_view text);
/// "12m", "90d".
[[nodiscard]] std::string format_period(Period period);
/// `date` moved on by `period`; a day past the end of the target month becomes
/// its last day (2024-01-31 + 1m = 2024-02-29).
[[nodiscard]] Date advance(Date date, Period period);
/// `date` moved back by `period`, by the same calendar rule (2024-03-31 - 1m = 2024-02-29).
[[nodiscard]] Date go_back(Date date, Period period);
/// Whether `period` is a positive length: no negative part, not both zero.
[[nodiscard]] bool positive(Period period);

/// Where a referral is in its life cycle; `unknown` for aggregated data.
enum class Status : std::uint8_t { unknown, sent, scheduled, completed, cancelled, no_show };
[[nodiscard]] std::string_view status_key(Status status);
[[nodiscard]] std::optional<Status> parse_status(std::string_view text);

/// A CRM contact with a provider.
enum class TouchKind : std::uint8_t { visit, lunch, call, email, thank_you, event, education };
[[nodiscard]] std::string_view touch_kind_key(TouchKind kind);
[[nodiscard]] std::optional<TouchKind> parse_touch_kind(std::string_view text);

/// Lower-cases ASCII and drops spaces, underscores and hyphens, so "No-Show",
/// "no_show" and "NO SHOW" compare equal. Used for enum values and column names.
[[nodiscard]] std::string normalize_key(std::string_view text);

}  // namespace refnet::graph

// iCalendar (RFC 5545) output: all-day events a calendar imports.
#pragma once

#include <ostream>
#include <refnet/graph/types.hpp>
#include <span>
#include <string>
#include <string_view>

namespace refnet::io {

struct CalendarEvent {
    std::string uid;  ///< globally unique and stable across runs, e.g. "refnet-A-B-20250101@refnet"
    graph::Date date;  ///< the all-day event's day
    std::string summary;
    std::string description;
};

/// A TEXT value escaped per RFC 5545 3.3.11 (backslash, semicolon, comma,
/// newline); other control characters dropped.
[[nodiscard]] std::string ics_escape(std::string_view text);

/// VCALENDAR with one VEVENT per event, CRLF line ends, lines folded at 75
/// octets without splitting a UTF-8 sequence. `stamp` is the DTSTAMP of every
/// event (a fixed date keeps the file reproducible).
void write_ics(std::ostream& out, std::span<const CalendarEvent> events, graph::Date stamp);

}  // namespace refnet::io

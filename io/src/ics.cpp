#include <algorithm>
#include <refnet/io/ics.hpp>
#include <refnet/io/terminal_text.hpp>

namespace refnet::io {

namespace {

std::string ics_date(graph::Date date) {
    std::string text = graph::format_date(date);
    std::erase(text, '-');
    return text;
}

// RFC 5545 3.1: a content line longer than 75 octets continues on the next
// line after CRLF and one space; a UTF-8 sequence is never split.
void put_line(std::ostream& out, std::string_view line) {
    std::size_t width = 75;
    while (line.size() > width) {
        std::size_t cut = width;
        while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0U) == 0x80U) --cut;
        out << line.substr(0, cut) << "\r\n ";
        line.remove_prefix(cut);
        width = 74;  // the leading space counts
    }
    out << line << "\r\n";
}

}  // namespace

std::string ics_escape(std::string_view text) {
    // Calendars show what a terminal would: controls, bidi overrides and
    // separators as visible escapes (a U+202E in a title reverses it), line
    // breaks kept as the format's "\n".
    std::string shown;
    for (std::size_t start = 0; start <= text.size();) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        if (start > 0) shown += '\n';
        shown += terminal_safe(text.substr(start, end - start));
        start = end + 1;
    }
    std::string out;
    out.reserve(shown.size());
    for (const char c : shown) {
        switch (c) {
            case '\\':
                out += "\\\\";
                break;
            case ';':
                out += "\\;";
                break;
            case ',':
                out += "\\,";
                break;
            case '\n':
                out += "\\n";
                break;
            default:
                if (static_cast<unsigned char>(c) >= 0x20U && c != 0x7F) out.push_back(c);
        }
    }
    return out;
}

void write_ics(std::ostream& out, std::span<const CalendarEvent> events, graph::Date stamp) {
    put_line(out, "BEGIN:VCALENDAR");
    put_line(out, "VERSION:2.0");
    put_line(out, "PRODID:-//RefNet//refnet followups//EN");
    put_line(out, "CALSCALE:GREGORIAN");
    for (const CalendarEvent& e : events) {
        put_line(out, "BEGIN:VEVENT");
        put_line(out, "UID:" + ics_escape(e.uid));
        put_line(out, "DTSTAMP:" + ics_date(stamp) + "T000000Z");
        put_line(out, "DTSTART;VALUE=DATE:" + ics_date(e.date));
        put_line(out, "DTEND;VALUE=DATE:" + ics_date(graph::Date{e.date.days + 1}));
        put_line(out, "SUMMARY:" + ics_escape(e.summary));
        put_line(out, "DESCRIPTION:" + ics_escape(e.description));
        put_line(out, "TRANSP:TRANSPARENT");
        put_line(out, "END:VEVENT");
    }
    put_line(out, "END:VCALENDAR");
}

}  // namespace refnet::io

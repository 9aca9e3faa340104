#include <chrono>
#include <refnet/io/event_dates.hpp>

namespace refnet::io {

graph::Date latest_event_date() {
    // Read once a process: readers and snapshot checks ask for every event
    // (62 M edges' dates at national scale), and a run does not outlive its year.
    static const graph::Date latest = [] {
        const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
        return graph::Date{static_cast<std::int32_t>(today.time_since_epoch().count() + 366)};
    }();
    return latest;
}

bool plausible_event_date(graph::Date date) {
    static const graph::Date earliest = graph::make_date(1, 1, 1);
    return date.valid() && date >= earliest && date <= latest_event_date();
}

std::string future_date_message(graph::Date date) {
    return "date " + graph::format_date(date) +
           " is more than a year after today (expected an event date up to " +
           graph::format_date(latest_event_date()) + ")";
}

}  // namespace refnet::io

#include <chrono>
#include <refnet/io/event_dates.hpp>

namespace refnet::io {

graph::Date latest_event_date() {
    const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
    return graph::Date{static_cast<std::int32_t>(today.time_since_epoch().count() + 366)};
}

bool plausible_event_date(graph::Date date) {
    return date.valid() && date >= graph::make_date(1, 1, 1) && date <= latest_event_date();
}

std::string future_date_message(graph::Date date) {
    return "date " + graph::format_date(date) +
           " is more than a year after today (expected an event date up to " +
           graph::format_date(latest_event_date()) + ")";
}

}  // namespace refnet::io

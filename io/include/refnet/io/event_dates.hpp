// The dates an event may carry. A referral dated 9999-12-31 (a placeholder
// some systems export for "open") would make "now" the year 10000 and
// silently reorder every window, trend and recency; a date a year past today
// is a data error, not history.
#pragma once

#include <refnet/graph/types.hpp>
#include <string>

namespace refnet::io {

/// Today (UTC, when the process first asks) plus 366 days: the latest date an
/// event may carry.
[[nodiscard]] graph::Date latest_event_date();

/// Whether `date` lies from 0001-01-01 to latest_event_date().
[[nodiscard]] bool plausible_event_date(graph::Date date);

/// The reader's message for a date past the limit, e.g. "date 9999-12-31 is more
/// than a year after today (expected an event date up to 2027-12-01)".
[[nodiscard]] std::string future_date_message(graph::Date date);

}  // namespace refnet::io

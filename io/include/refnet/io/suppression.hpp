// --suppress-below N for tables and JSON: which fields hold counts of
// referrals, patients or contacts, and which hold shares derived from them.
// One registry of field names, so a command, the server and the report agree
// on what is a count; sentences ask graph::SmallCounts directly.
#pragma once

#include <nlohmann/json.hpp>
#include <refnet/graph/small_counts.hpp>
#include <refnet/io/output.hpp>
#include <string_view>

namespace refnet::io {

/// True for a field (column or JSON key) that holds such a count:
/// "referrals", "leaked", "sent_window", "in_volume", ...
[[nodiscard]] bool is_count_field(std::string_view name);
/// True for a share or rate computed from the counts beside it ("share",
/// "inbound_share", "inbound_hhi", ...).
[[nodiscard]] bool is_share_field(std::string_view name);

/// Replaces every hidden count cell with the text "<N", and every share cell
/// in a row that hid a count with "<N" too (the share would give it away).
/// A measure,value table (stats) is judged by each row's measure.
void suppress_small_counts(Table& table, const graph::SmallCounts& small);
/// The same for a JSON document, by key: hidden counts become the string "<N";
/// an object that hid a count, in itself or in an object nested in it, has its
/// shares replaced as well. Every number under "out_by_group" or "in_by_group"
/// is a count.
void suppress_small_counts(nlohmann::ordered_json& doc, const graph::SmallCounts& small);

}  // namespace refnet::io

#include <algorithm>
#include <array>
#include <refnet/io/suppression.hpp>
#include <string>

namespace refnet::io {

namespace {

// Every count of referrals, patients or contacts that a command writes, by
// the name it writes it under (docs/privacy.md lists them). Provider counts
// (partners, sources, degrees, edges) identify no patient and are not here.
constexpr std::array<std::string_view, 33> kCountFields{"referrals",
                                                        "self_loop_referrals",
                                                        "referrals_out",
                                                        "referrals_in",
                                                        "internal",
                                                        "in_volume",
                                                        "out_volume",
                                                        "count",
                                                        "reciprocal_count",
                                                        "inbound_last_year",
                                                        "window",
                                                        "baseline",
                                                        "expected",
                                                        "open_loops",
                                                        "window_count",
                                                        "leaked",
                                                        "service_line_referrals",
                                                        "service_line",
                                                        "to_members",
                                                        "at_stake",
                                                        "sent_window",
                                                        "received_window",
                                                        "sent_expected",
                                                        "received_expected",
                                                        "shortfall",
                                                        "completed",
                                                        "closed_loop",
                                                        "on_time",
                                                        "patients",
                                                        "patients_leaked",
                                                        "to_you",
                                                        "patients_per_year",
                                                        "uncovered_per_year"};

constexpr std::array<std::string_view, 8> kShareFields{
    "share",       "inbound_share",    "top3_inbound_share",
    "inbound_hhi", "closed_loop_rate", "mean_satisfaction",
    "in_house",    "partners_share"};

// stats' measure,value rows name their count as "group_flow:A->B",
// "focal:sent_to:GROUP" or "focal:referrals_out".
bool is_count_measure(std::string_view measure) {
    if (measure.starts_with("focal:")) measure.remove_prefix(6);
    if (measure.starts_with("group_flow:")) return true;
    if (measure.starts_with("sent_to:") || measure.starts_with("received_from:")) return true;
    return is_count_field(measure);
}

// The cell's value as a count, or a negative number for a cell that is not one.
double cell_number(const Cell& cell) {
    if (const auto* u = std::get_if<std::uint64_t>(&cell)) return static_cast<double>(*u);
    if (const auto* i = std::get_if<std::int64_t>(&cell)) return static_cast<double>(*i);
    if (const auto* d = std::get_if<double>(&cell)) return *d;
    if (const auto* s = std::get_if<std::string>(&cell)) {
        // stats' value column holds numbers as JSON text.
        try {
            std::size_t used = 0;
            const double v = std::stod(*s, &used);
            if (used == s->size()) return v;
        } catch (const std::exception&) {
        }
    }
    return -1.0;
}

// How an object's numbers are read: by the registry; all of them counts (a
// member summary's referrals by group); or health's quality change, whose
// baseline and window are rates of its window_count.
enum class Fields { registry, all_counts, quality };

bool counts_in(Fields fields, std::string_view key) {
    switch (fields) {
        case Fields::all_counts:
            return true;
        case Fields::quality:
            return key == "window_count";
        case Fields::registry:
            break;
    }
    return is_count_field(key);
}

bool shares_in(Fields fields, std::string_view key) {
    if (fields == Fields::quality) return key == "baseline" || key == "window";
    return is_share_field(key);
}

// Suppresses one JSON object's own counts and, recursively, those of the
// objects and arrays inside it; true when it or a nested object hid a count.
bool suppress_object(nlohmann::ordered_json& doc, const graph::SmallCounts& small, Fields fields) {
    bool hid = false;
    if (doc.is_array()) {
        for (auto& item : doc) suppress_object(item, small, fields);
        return false;  // an array's rows are independent of the object holding it
    }
    if (!doc.is_object()) return false;
    for (auto& [key, value] : doc.items()) {
        if (value.is_number()) {
            if (counts_in(fields, key) && small.hides(value.get<double>())) {
                value = small.hidden();
                hid = true;
            }
        } else if (value.is_object()) {
            const Fields inner = key == "out_by_group" || key == "in_by_group" ? Fields::all_counts
                                 : key == "quality"                            ? Fields::quality
                                                                               : Fields::registry;
            hid |= suppress_object(value, small, inner);
        } else if (value.is_array()) {
            suppress_object(value, small, Fields::registry);
        }
    }
    if (hid) {
        for (auto& [key, value] : doc.items()) {
            if (value.is_number() && shares_in(fields, key)) value = small.hidden_share();
        }
    }
    return hid;
}

}  // namespace

bool is_count_field(std::string_view name) {
    return std::find(kCountFields.begin(), kCountFields.end(), name) != kCountFields.end();
}

bool is_share_field(std::string_view name) {
    return std::find(kShareFields.begin(), kShareFields.end(), name) != kShareFields.end();
}

void suppress_small_counts(Table& table, const graph::SmallCounts& small) {
    if (!small.active() || table.columns.empty()) return;
    auto hide = [&](Cell& cell) {
        if (!small.hides(cell_number(cell))) return false;
        cell = small.hidden();
        return true;
    };
    // stats' measure,value table: each row names its measure, and a share
    // measure goes with the counts it was computed from (focal:closed_loop_rate).
    if (table.columns.size() == 2 && table.columns[0] == "measure") {
        bool hid = false;
        for (auto& row : table.rows) {
            const auto* measure = std::get_if<std::string>(&row[0]);
            if (measure && is_count_measure(*measure)) hid |= hide(row[1]);
        }
        for (auto& row : table.rows) {
            const auto* measure = std::get_if<std::string>(&row[0]);
            if (hid && measure && is_share_field(measure->substr(measure->rfind(':') + 1)) &&
                cell_number(row[1]) >= 0.0)
                row[1] = small.hidden_share();
        }
        return;
    }
    // stats' group-flow matrix: every cell after the row label is a count.
    const bool matrix = table.columns[0] == "from \\ to";
    for (auto& row : table.rows) {
        bool hid = false;
        for (std::size_t c = 0; c < row.size() && c < table.columns.size(); ++c) {
            if (matrix ? c > 0 : is_count_field(table.columns[c])) hid |= hide(row[c]);
        }
        if (!hid) continue;
        for (std::size_t c = 0; c < row.size() && c < table.columns.size(); ++c) {
            if (is_share_field(table.columns[c]) && !std::holds_alternative<std::monostate>(row[c]))
                row[c] = small.hidden_share();
        }
    }
}

void suppress_small_counts(nlohmann::ordered_json& doc, const graph::SmallCounts& small) {
    if (!small.active()) return;
    suppress_object(doc, small, Fields::registry);
}

}  // namespace refnet::io

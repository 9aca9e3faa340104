#include <array>
#include <refnet/io/columns.hpp>
#include <refnet/io/csv.hpp>
#include <refnet/io/event_dates.hpp>
#include <refnet/io/npi.hpp>
#include <refnet/io/readers.hpp>
#include <sstream>

namespace refnet::io {

namespace {

constexpr std::uint64_t kMaxCount = 4294967295ULL;  // counts are 32-bit per row and per edge
constexpr std::uint64_t kMaxDays = 36500;

// Tracks one row's problems: every problem is reported (validate lists them
// all), and the row is skipped once in lenient mode.
class RowCheck {
   public:
    RowCheck(Diagnostics& diagnostics, const std::string& source, const CsvRecord& record)
        : diagnostics_(diagnostics), source_(source), record_(record) {}
    void fail(std::uint32_t column, std::string message) {
        ok_ = false;
        diagnostics_.error(source_, record_.line, column, std::move(message));
    }
    void warn(std::uint32_t column, std::string message) {
        diagnostics_.warning(source_, record_.line, column, std::move(message));
    }
    [[nodiscard]] bool ok() const { return ok_; }

   private:
    Diagnostics& diagnostics_;
    const std::string& source_;
    const CsvRecord& record_;
    bool ok_ = true;
};

// Reads the header, then hands every structurally sound row to `on_row`, keeping
// the row counts. `on_row(record, check)` reports problems through `check` and
// returns false for a row that carries nothing to use.
template <typename OnRow>
ReadStats read_rows(CsvReader& reader, const HeaderMap& map, Diagnostics& diagnostics,
                    OnRow&& on_row) {
    ReadStats stats;
    stats.source = reader.source();
    CsvRecord record;
    while (reader.next(record)) {
        ++stats.rows;
        RowCheck check(diagnostics, reader.source(), record);
        if (record.problem) {
            check.fail(record.problem_column, *record.problem);
        } else if (record.fields.size() != map.width()) {
            const std::uint32_t column =
                record.fields.size() > map.width() ? record.columns[map.width()] : 0;
            check.fail(column, "row has " + std::to_string(record.fields.size()) +
                                   " fields but the header has " + std::to_string(map.width()) +
                                   " (expected one value per column)");
        }
        bool useful = true;
        if (check.ok()) useful = on_row(record, check);
        if (!check.ok()) {
            ++stats.skipped;
        } else if (useful) {
            ++stats.accepted;
        } else {
            ++stats.ignored;
        }
    }
    return stats;
}

CsvRecord read_header(CsvReader& reader, const std::string& what) {
    CsvRecord header;
    if (!reader.next(header)) {
        throw InputError(reader.source(), 0, 0,
                         "file is empty (expected a header row " + what + ")");
    }
    if (header.problem)
        throw InputError(reader.source(), header.line, header.problem_column, *header.problem);
    return header;
}

// Small helpers that parse one optional cell and report through the row check.
struct Cells {
    const HeaderMap& map;
    const CsvRecord& record;
    RowCheck& check;

    [[nodiscard]] std::string_view text(std::size_t spec) const {
        return trim(map.cell(record, spec));
    }
    [[nodiscard]] bool present(std::size_t spec) const { return !text(spec).empty(); }

    template <typename T>
    std::optional<T> take(std::size_t spec, Parsed<T> parsed, std::string_view what) {
        if (!parsed.value) {
            check.fail(map.column(record, spec), std::string(what) + ": " + parsed.error);
        }
        return parsed.value;
    }
    std::optional<std::uint64_t> count(std::size_t spec, std::string_view what, std::uint64_t max) {
        return take(spec, parse_count(text(spec), max), what);
    }
    /// An event's date: a real calendar day, at most a year after today.
    std::optional<graph::Date> event_date(std::size_t spec) {
        const auto date = graph::parse_date(text(spec));
        if (!date) {
            check.fail(map.column(record, spec),
                       "expected a date YYYY-MM-DD, got " + quote_value(text(spec)));
        } else if (!plausible_event_date(*date)) {
            check.fail(map.column(record, spec), future_date_message(*date));
            return std::nullopt;
        }
        return date;
    }
};

std::string unknown_provider(std::string_view key, std::string_view column) {
    return "unknown provider " + quote_value(key) + " in column " + std::string(column) +
           " (expected an id from the providers file)";
}

}  // namespace

ProviderRows read_providers(std::istream& in, const std::string& source, Diagnostics& diagnostics,
                            NpiCheck npi) {
    enum Col {
        id,
        name,
        taxonomy,
        specialty,
        group,
        lat,
        lon,
        city,
        state,
        zip,
        seen,
        served,
        accepting,
        telehealth,
        licensed
    };
    static const std::vector<ColumnSpec> specs{
        {"id", {"npi", "provider_id"}, true},
        {"name", {"provider_name"}},
        {"taxonomy", {"taxonomy_code", "nucc"}},
        {"specialty", {"specialty_label"}},
        {"group", {"provider_group"}},
        {"lat", {"latitude"}},
        {"lon", {"longitude", "lng"}},
        {"city", {}},
        {"state", {}},
        {"zip", {"zip_code", "postal_code", "zipcode"}},
        {"needs_seen", {}},
        {"needs_served", {}},
        {"accepting_new", {"accepting_new_patients"}},
        {"telehealth", {}},
        {"licensed_states", {"licenses"}},
    };
    CsvReader reader(in, source);
    const CsvRecord header = read_header(reader, "naming at least the column id");
    const HeaderMap map = HeaderMap::resolve(header, specs, source, diagnostics);
    ProviderRows out;
    std::unordered_map<std::string, std::uint64_t> first_line;
    out.stats = read_rows(reader, map, diagnostics, [&](const CsvRecord& record, RowCheck& check) {
        Cells cells{map, record, check};
        graph::Provider p;
        p.id = std::string(cells.text(id));
        if (p.id.empty()) {
            check.fail(map.column(record, id),
                       "empty provider id (expected a unique id such as an NPI)");
        } else if (auto [it, inserted] = first_line.emplace(p.id, record.line); !inserted) {
            check.fail(map.column(record, id),
                       "duplicate provider id " + quote_value(p.id) + " (first defined on line " +
                           std::to_string(it->second) + "; expected each id once)");
        } else if (npi != NpiCheck::off && npi_shaped(p.id) && !valid_npi(p.id)) {
            std::string message = "provider id " + quote_value(p.id) +
                                  " looks like an NPI but fails its check digit (expected a "
                                  "valid NPI, or an id that is not ten digits)";
            if (npi == NpiCheck::strict) {
                check.fail(map.column(record, id), std::move(message));
            } else {
                check.warn(map.column(record, id), std::move(message));
            }
        }
        p.name = std::string(cells.text(name));
        p.taxonomy = std::string(cells.text(taxonomy));
        p.specialty = std::string(cells.text(specialty));
        if (cells.present(group)) {
            if (auto g = graph::parse_group(cells.text(group))) {
                p.group = *g;
            } else {
                std::string keys;
                for (std::size_t i = 1; i < graph::kGroupCount; ++i) {
                    keys += (i > 1 ? ", " : "") +
                            std::string(graph::group_key(static_cast<graph::Group>(i)));
                }
                check.fail(map.column(record, group), "unknown group " +
                                                          quote_value(cells.text(group)) +
                                                          " (expected one of " + keys + ")");
            }
        }
        if (cells.present(lat)) {
            if (auto v = cells.take(lat, parse_real(cells.text(lat), -90.0, 90.0), "latitude"))
                p.lat = *v;
        }
        if (cells.present(lon)) {
            if (auto v = cells.take(lon, parse_real(cells.text(lon), -180.0, 180.0), "longitude"))
                p.lon = *v;
        }
        if (cells.present(lat) != cells.present(lon)) {
            check.fail(map.column(record, cells.present(lat) ? lon : lat),
                       "a location needs both lat and lon (expected both or neither)");
        }
        p.city = std::string(cells.text(city));
        p.state = std::string(cells.text(state));
        p.zip = std::string(cells.text(zip));
        if (auto v = cells.take(seen, parse_needs(cells.text(seen)), "needs_seen"))
            p.needs_seen = *v;
        if (auto v = cells.take(served, parse_needs(cells.text(served)), "needs_served"))
            p.needs_served = *v;
        if (cells.present(accepting))
            p.accepting_new =
                cells.take(accepting, parse_bool(cells.text(accepting)), "accepting_new");
        if (cells.present(telehealth))
            p.telehealth = cells.take(telehealth, parse_bool(cells.text(telehealth)), "telehealth");
        if (auto v = cells.take(licensed, parse_states(cells.text(licensed)), "licensed_states"))
            p.licensed_states = *v;
        if (check.ok()) {
            out.providers.push_back(std::move(p));
            out.lines.push_back(record.line);
        }
        return true;
    });
    return out;
}

ReferralRows read_referrals(std::istream& in, const std::string& source, graph::IdMap& ids,
                            UnknownIds unknown, graph::IdMap& needs, Diagnostics& diagnostics) {
    enum Col { date, from, to, count, need, status, days, feedback, satisfaction };
    static const std::vector<ColumnSpec> specs{
        {"date", {"referral_date"}},
        {"from", {"source", "referring_npi", "referrer", "from_id"}, true},
        {"to", {"target", "receiving_npi", "receiver", "to_id"}, true},
        {"count", {"referrals", "n"}},
        {"need", {"reason", "icd10", "need_tag"}},
        {"status", {}},
        {"days_to_appointment", {"days_to_appt"}},
        {"feedback_days", {}},
        {"satisfaction", {"rating"}},
    };
    CsvReader reader(in, source);
    const CsvRecord header = read_header(reader, "naming at least the columns from and to");
    const HeaderMap map = HeaderMap::resolve(header, specs, source, diagnostics);
    ReferralRows out;
    out.stats = read_rows(reader, map, diagnostics, [&](const CsvRecord& record, RowCheck& check) {
        Cells cells{map, record, check};
        graph::Referral r;
        auto endpoint = [&](Col col, std::string_view name) -> graph::NodeId {
            const std::string_view key = cells.text(col);
            if (key.empty()) {
                check.fail(map.column(record, col),
                           "empty " + std::string(name) + " (expected a provider id)");
                return graph::kNoNode;
            }
            if (auto found = ids.find(key)) return *found;
            if (unknown == UnknownIds::add) return graph::kNoNode;  // added once the row is good
            check.fail(map.column(record, col), unknown_provider(key, name));
            return graph::kNoNode;
        };
        r.from = endpoint(from, "from");
        r.to = endpoint(to, "to");
        if (cells.present(date)) {
            if (auto d = cells.event_date(date)) r.date = *d;
        }
        if (cells.present(count)) {
            if (auto c = cells.take(count, parse_count(cells.text(count), kMaxCount, 1), "count")) {
                r.count = static_cast<std::uint32_t>(*c);
            }
        }
        if (cells.present(need)) r.need = needs.insert(cells.text(need));
        if (cells.present(status)) {
            if (auto s = graph::parse_status(cells.text(status))) {
                r.status = *s;
            } else {
                check.fail(map.column(record, status),
                           "unknown status " + quote_value(cells.text(status)) +
                               " (expected one of sent, scheduled, completed, cancelled, no_show)");
            }
        }
        if (cells.present(days)) {
            if (auto v = cells.count(days, "days_to_appointment", kMaxDays))
                r.days_to_appointment = static_cast<std::int32_t>(*v);
        }
        if (cells.present(feedback)) {
            if (auto v = cells.count(feedback, "feedback_days", kMaxDays))
                r.feedback_days = static_cast<std::int32_t>(*v);
        }
        if (cells.present(satisfaction)) {
            if (auto v = cells.take(satisfaction, parse_real(cells.text(satisfaction), 1.0, 5.0),
                                    "satisfaction")) {
                r.satisfaction = static_cast<float>(*v);
            }
        }
        if (!check.ok()) return true;
        if (r.from == graph::kNoNode) r.from = ids.insert(cells.text(from));
        if (r.to == graph::kNoNode) r.to = ids.insert(cells.text(to));
        out.referrals.push_back(r);
        return true;
    });
    return out;
}

namespace {

enum class CmsField { npi1, npi2, pair_count, bene_count, same_day_count, unknown };

CmsField classify_cms_column(std::string_view name) {
    const std::string key = graph::normalize_key(trim(name));
    auto starts = [&](std::initializer_list<std::string_view> prefixes) {
        for (auto p : prefixes) {
            if (key.starts_with(p)) return true;
        }
        return false;
    };
    // Short names must match exactly: "to" is a prefix of "total".
    if (key == "from" || starts({"npi1", "initial", "source", "referringnpi"}))
        return CmsField::npi1;
    if (key == "to" || starts({"npi2", "secondary", "target", "receivingnpi"}))
        return CmsField::npi2;
    if (key == "count" || starts({"paircount", "total", "sharedcount", "transactions"})) {
        return CmsField::pair_count;
    }
    if (starts({"benecount", "unique", "bene", "beneficiar", "patients"}))
        return CmsField::bene_count;
    if (starts({"samedaycount", "sameday"})) return CmsField::same_day_count;
    return CmsField::unknown;
}

bool looks_like_npi(std::string_view text) {
    return text.size() == 10 && text.find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

ReferralRows read_cms(std::istream& in, const std::string& source, graph::IdMap& ids,
                      Diagnostics& diagnostics) {
    CsvReader reader(in, source);
    ReferralRows out;
    out.stats.source = source;
    CsvRecord record;
    if (!reader.next(record)) {
        throw InputError(
            source, 0, 0,
            "file is empty (expected rows npi1,npi2,pair_count,bene_count,same_day_count)");
    }
    // Columns per field, in file order; the canonical headerless layout is 0..4.
    std::array<std::vector<std::size_t>, 5> columns{{{0}, {1}, {2}, {3}, {4}}};
    std::size_t width = 5;
    bool pending = true;  // `record` holds a data row still to process
    if (!record.problem && !record.fields.empty() && !looks_like_npi(trim(record.fields[0]))) {
        for (auto& c : columns) c.clear();
        width = record.fields.size();
        std::vector<std::string> unknown;
        for (std::size_t i = 0; i < record.fields.size(); ++i) {
            const CmsField f = classify_cms_column(record.fields[i]);
            if (f == CmsField::unknown) {
                unknown.push_back(quote_value(record.fields[i]));
            } else if ((f != CmsField::npi1 && f != CmsField::npi2) ||
                       columns[static_cast<std::size_t>(f)].empty()) {
                columns[static_cast<std::size_t>(f)].push_back(i);
            }
        }
        const std::array<std::string_view, 3> required{"npi1", "npi2", "pair_count"};
        for (std::size_t f = 0; f < required.size(); ++f) {
            if (columns[f].empty()) {
                throw InputError(source, record.line, 0,
                                 "missing required column " + std::string(required[f]) +
                                     " (expected a header like npi1,npi2,pair_count,bene_count,"
                                     "same_day_count, or no header)");
            }
        }
        if (!unknown.empty()) {
            const std::string list = short_list(unknown);
            diagnostics.warning(source, record.line, 0,
                                "ignoring unknown columns " + list +
                                    " (known: npi1, npi2, pair_count, "
                                    "bene_count, same_day_count)");
        }
        pending = false;
    }
    auto first_filled = [&](const CsvRecord& row, CmsField f) -> std::optional<std::size_t> {
        for (std::size_t c : columns[static_cast<std::size_t>(f)]) {
            if (c < row.fields.size() && !trim(row.fields[c]).empty()) return c;
        }
        return std::nullopt;
    };
    while (pending || reader.next(record)) {
        pending = false;
        ++out.stats.rows;
        RowCheck check(diagnostics, source, record);
        if (record.problem) {
            check.fail(record.problem_column, *record.problem);
        } else if (record.fields.size() != width) {
            check.fail(record.fields.size() > width ? record.columns[width] : 0,
                       "row has " + std::to_string(record.fields.size()) + " fields (expected " +
                           std::to_string(width) +
                           ": npi1,npi2,pair_count,bene_count,same_day_count)");
        }
        graph::Referral r;
        std::array<std::string_view, 2> npis;
        if (check.ok()) {
            for (std::size_t k = 0; k < 2; ++k) {
                const std::size_t c = columns[k].front();
                npis[k] = trim(record.fields[c]);
                if (!looks_like_npi(npis[k])) {
                    check.fail(record.columns[c], std::string(k == 0 ? "npi1" : "npi2") +
                                                      ": expected a 10-digit NPI, got " +
                                                      quote_value(record.fields[c]));
                }
            }
            if (auto c = first_filled(record, CmsField::pair_count)) {
                auto parsed = parse_count(record.fields[*c], kMaxCount, 1);
                if (parsed.value) {
                    r.count = static_cast<std::uint32_t>(*parsed.value);
                } else {
                    check.fail(record.columns[*c], "pair_count: " + parsed.error);
                }
            } else {
                check.fail(record.columns[columns[2].front()],
                           "empty pair_count (expected the number of shared patient encounters)");
            }
            for (CmsField f : {CmsField::bene_count, CmsField::same_day_count}) {
                if (auto c = first_filled(record, f)) {
                    auto parsed = parse_count(record.fields[*c], kMaxCount);
                    if (!parsed.value) {
                        check.fail(record.columns[*c],
                                   std::string(f == CmsField::bene_count ? "bene_count"
                                                                         : "same_day_count") +
                                       ": " + parsed.error);
                    } else if (f == CmsField::bene_count) {
                        r.beneficiaries = static_cast<std::uint32_t>(*parsed.value);
                    }
                }
            }
        }
        if (!check.ok()) {
            ++out.stats.skipped;
            continue;
        }
        r.from = ids.insert(npis[0]);
        r.to = ids.insert(npis[1]);
        out.referrals.push_back(r);
        ++out.stats.accepted;
    }
    return out;
}

TouchpointRows read_touchpoints(std::istream& in, const std::string& source,
                                const graph::IdMap& ids, Diagnostics& diagnostics) {
    enum Col { date, provider, kind, note, by };
    static const std::vector<ColumnSpec> specs{
        {"date", {"touch_date"}, true},         {"provider", {"provider_id", "npi", "id"}, true},
        {"kind", {"type", "touchpoint"}, true}, {"note", {"notes", "comment"}},
        {"by", {"owner", "contact_by"}},
    };
    CsvReader reader(in, source);
    const CsvRecord header = read_header(reader, "naming the columns date, provider and kind");
    const HeaderMap map = HeaderMap::resolve(header, specs, source, diagnostics);
    TouchpointRows out;
    out.stats = read_rows(reader, map, diagnostics, [&](const CsvRecord& record, RowCheck& check) {
        Cells cells{map, record, check};
        graph::Touchpoint t;
        if (auto d = cells.event_date(date)) t.date = *d;
        if (auto id = ids.find(cells.text(provider))) {
            t.provider = *id;
        } else {
            check.fail(map.column(record, provider),
                       unknown_provider(cells.text(provider), "provider"));
        }
        if (auto k = graph::parse_touch_kind(cells.text(kind))) {
            t.kind = *k;
        } else {
            check.fail(
                map.column(record, kind),
                "unknown touchpoint kind " + quote_value(cells.text(kind)) +
                    " (expected one of visit, lunch, call, email, thank_you, event, education)");
        }
        t.note = std::string(cells.text(note));
        if (cells.present(by)) {
            if (auto id = ids.find(cells.text(by))) {
                t.by = *id;
            } else {
                check.fail(map.column(record, by), unknown_provider(cells.text(by), "by"));
            }
        }
        if (check.ok()) out.touchpoints.push_back(std::move(t));
        return true;
    });
    return out;
}

namespace {

// NPPES writes numbers through pandas as floats ("1.0", "688482168.0").
std::string strip_float_suffix(std::string_view text) {
    std::string s(trim(text));
    if (auto dot = s.find('.');
        dot != std::string::npos && s.find_first_not_of('0', dot + 1) == std::string::npos) {
        s.erase(dot);
    }
    return s;
}

std::string nppes_zip5(std::string_view raw) {
    std::string digits = strip_float_suffix(raw);
    if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos)
        return digits;
    // Leading zeros were lost as numbers: ZIP+4 has 9 digits, a plain ZIP 5.
    const std::size_t width = digits.size() > 5 ? 9 : 5;
    if (digits.size() < width) digits.insert(0, width - digits.size(), '0');
    return digits.substr(0, 5);
}

}  // namespace

ProviderRows read_nppes(std::istream& in, const std::string& source, Diagnostics& diagnostics) {
    constexpr std::size_t kTaxonomySlots = 15;
    std::vector<ColumnSpec> specs{
        {"NPI", {}, true},
        {"Entity Type Code", {}},
        {"Provider Organization Name (Legal Business Name)", {}},
        {"Provider Last Name (Legal Name)", {}},
        {"Provider First Name", {}},
        {"Provider Credential Text", {}},
        {"Provider Business Practice Location Address City Name", {}},
        {"Provider Business Practice Location Address State Name", {}},
        {"Provider Business Practice Location Address Postal Code", {}},
    };
    enum Col { npi, entity, org, last, first, credential, city, state, zip, taxonomy0 };
    // Names stay alive for the string_views in specs.
    static const std::vector<std::string> slot_names = [] {
        std::vector<std::string> names;
        for (std::size_t i = 1; i <= kTaxonomySlots; ++i) {
            names.push_back("Healthcare Provider Taxonomy Code_" + std::to_string(i));
            names.push_back("Healthcare Provider Primary Taxonomy Switch_" + std::to_string(i));
        }
        return names;
    }();
    for (const auto& n : slot_names) specs.push_back({n, {}});

    CsvReader reader(in, source);
    const CsvRecord header = read_header(reader, "with the NPPES column NPI");
    const HeaderMap map = HeaderMap::resolve(header, specs, source, diagnostics, false);
    ProviderRows out;
    std::unordered_map<std::string, std::uint64_t> first_line;
    out.stats = read_rows(reader, map, diagnostics, [&](const CsvRecord& record, RowCheck& check) {
        Cells cells{map, record, check};
        graph::Provider p;
        p.id = strip_float_suffix(cells.text(npi));
        if (!looks_like_npi(p.id)) {
            check.fail(map.column(record, npi),
                       "NPI: expected a 10-digit NPI, got " + quote_value(cells.text(npi)));
            return true;
        }
        const std::string entity_type = strip_float_suffix(cells.text(entity));
        if (entity_type.empty()) return false;  // deactivated NPI: every other field is empty
        if (entity_type != "1" && entity_type != "2") {
            check.fail(map.column(record, entity),
                       "Entity Type Code: expected 1 or 2, got " + quote_value(cells.text(entity)));
            return true;
        }
        if (auto [it, inserted] = first_line.emplace(p.id, record.line); !inserted) {
            check.fail(map.column(record, npi),
                       "duplicate NPI " + quote_value(p.id) + " (first on line " +
                           std::to_string(it->second) + "; expected each NPI once)");
            return true;
        }
        if (entity_type == "2") {
            p.name = std::string(cells.text(org));
        } else {
            p.name = std::string(cells.text(first));
            if (cells.present(last))
                p.name += (p.name.empty() ? "" : " ") + std::string(cells.text(last));
            if (cells.present(credential)) p.name += ", " + std::string(cells.text(credential));
        }
        p.city = std::string(cells.text(city));
        p.state = std::string(cells.text(state));
        p.zip = nppes_zip5(cells.text(zip));
        for (std::size_t slot = 0; slot < kTaxonomySlots; ++slot) {
            const std::size_t code_col = taxonomy0 + 2 * slot;
            const std::string_view code = cells.text(code_col);
            if (code.empty()) continue;
            if (p.taxonomy.empty()) p.taxonomy = std::string(code);
            if (graph::normalize_key(cells.text(code_col + 1)) == "y") {
                p.taxonomy = std::string(code);
                break;
            }
        }
        out.providers.push_back(std::move(p));
        out.lines.push_back(record.line);
        return true;
    });
    return out;
}

TaxonomyTable read_taxonomy_groups(std::istream& in, const std::string& source,
                                   Diagnostics& diagnostics) {
    enum Col { code, group, display };
    static const std::vector<ColumnSpec> specs{
        {"code", {"taxonomy"}, true}, {"group", {}, true},
        {"display_name", {"name"}},   {"grouping", {}},
        {"classification", {}},       {"specialization", {}},
    };
    CsvReader reader(in, source);
    const CsvRecord header = read_header(reader, "code,group,display_name");
    const HeaderMap map = HeaderMap::resolve(header, specs, source, diagnostics);
    TaxonomyTable table;
    (void)read_rows(reader, map, diagnostics, [&](const CsvRecord& record, RowCheck& check) {
        Cells cells{map, record, check};
        auto g = graph::parse_group(cells.text(group));
        if (!g) {
            check.fail(map.column(record, group),
                       "unknown group " + quote_value(cells.text(group)));
            return true;
        }
        table[std::string(cells.text(code))] = {*g, std::string(cells.text(display))};
        return true;
    });
    return table;
}

extern const char* const kEmbedded_taxonomy_groups;

const TaxonomyTable& builtin_taxonomy() {
    static const TaxonomyTable table = [] {
        std::istringstream in(kEmbedded_taxonomy_groups);
        Diagnostics strict;
        return read_taxonomy_groups(in, "datasets/taxonomy_groups.csv", strict);
    }();
    return table;
}

}  // namespace refnet::io

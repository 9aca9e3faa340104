#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <refnet/io/catalogue.hpp>
#include <refnet/io/columns.hpp>
#include <refnet/io/csv.hpp>
#include <refnet/io/open_input.hpp>
#include <sstream>

namespace refnet::io {

namespace {

// Walks the data rows of a strict CSV file; `on_row` reads cells through the map.
template <typename OnRow>
void for_each_row(std::istream& in, const std::string& source, const std::vector<ColumnSpec>& specs,
                  OnRow&& on_row) {
    CsvReader reader(in, source);
    Diagnostics strict;
    CsvRecord record;
    if (!reader.next(record))
        throw InputError(source, 0, 0, "file is empty (expected a header row)");
    const HeaderMap map = HeaderMap::resolve(record, specs, source, strict);
    while (reader.next(record)) {
        if (record.problem)
            throw InputError(source, record.line, record.problem_column, *record.problem);
        if (record.fields.size() != map.width()) {
            throw InputError(source, record.line, 0,
                             "row has " + std::to_string(record.fields.size()) +
                                 " fields but the header has " + std::to_string(map.width()) +
                                 " (expected one value per column)");
        }
        on_row(record, map);
    }
}

}  // namespace

graph::NeedCatalogue read_need_catalogue(std::istream& needs, const std::string& needs_source,
                                         std::istream& profiles,
                                         const std::string& profiles_source) {
    graph::NeedCatalogue catalogue;
    enum { need_col, label_col, category_col, served_col };
    const std::vector<ColumnSpec> need_specs{
        {"need", {"tag"}, true}, {"label", {}}, {"category", {}}, {"served_by", {}}};
    for_each_row(needs, needs_source, need_specs, [&](const CsvRecord& row, const HeaderMap& map) {
        const std::string tag(trim(map.cell(row, need_col)));
        if (tag.empty()) {
            throw InputError(needs_source, row.line, map.column(row, need_col),
                             "empty need tag (expected a tag such as back_pain)");
        }
        if (catalogue.tags.find(tag)) {
            throw InputError(needs_source, row.line, map.column(row, need_col),
                             "duplicate need " + quote_value(tag) + " (expected each need once)");
        }
        catalogue.tags.insert(tag);
        catalogue.labels.emplace_back(trim(map.cell(row, label_col)));
        catalogue.categories.emplace_back(trim(map.cell(row, category_col)));
        std::vector<std::string> codes;
        std::string_view rest = map.cell(row, served_col);
        while (!rest.empty()) {
            const auto semi = rest.find(';');
            const std::string_view code = trim(rest.substr(0, semi));
            if (!code.empty()) codes.emplace_back(code);
            rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
        }
        catalogue.served_by.push_back(std::move(codes));
    });
    enum { taxonomy_col, role_col, profile_need_col, weight_col };
    const std::vector<ColumnSpec> profile_specs{
        {"taxonomy", {"code"}, true}, {"role", {}, true}, {"need", {}, true}, {"weight", {}, true}};
    for_each_row(
        profiles, profiles_source, profile_specs, [&](const CsvRecord& row, const HeaderMap& map) {
            const std::string code(trim(map.cell(row, taxonomy_col)));
            const std::string_view role = trim(map.cell(row, role_col));
            const auto need = catalogue.tags.find(trim(map.cell(row, profile_need_col)));
            if (!need) {
                throw InputError(profiles_source, row.line, map.column(row, profile_need_col),
                                 "unknown need " + quote_value(map.cell(row, profile_need_col)) +
                                     " (expected a need from " + needs_source + ")");
            }
            const auto weight = parse_real(map.cell(row, weight_col), 0.0, 1.0);
            if (!weight.value) {
                throw InputError(profiles_source, row.line, map.column(row, weight_col),
                                 "weight: " + weight.error);
            }
            graph::NeedProfile& profile = catalogue.profiles[code];
            if (role == "seen") {
                profile.seen.emplace_back(*need, *weight.value);
            } else if (role == "served") {
                profile.served.emplace_back(*need, *weight.value);
            } else {
                throw InputError(
                    profiles_source, row.line, map.column(row, role_col),
                    "unknown role " + quote_value(role) + " (expected seen or served)");
            }
        });
    return catalogue;
}

graph::NeedCatalogue load_need_catalogue(const std::string& dir) {
    const std::filesystem::path base(dir);
    const std::string needs_path = (base / "needs.csv").string();
    const std::string profiles_path = (base / "need_profiles.csv").string();
    auto needs = open_input(needs_path);
    auto profiles = open_input(profiles_path);
    return read_need_catalogue(needs, needs_path, profiles, profiles_path);
}

extern const char* const kEmbedded_needs;
extern const char* const kEmbedded_need_profiles;

const graph::NeedCatalogue& builtin_needs() {
    static const graph::NeedCatalogue catalogue = [] {
        std::istringstream needs(kEmbedded_needs);
        std::istringstream profiles(kEmbedded_need_profiles);
        return read_need_catalogue(needs, "datasets/needs.csv", profiles,
                                   "datasets/need_profiles.csv");
    }();
    return catalogue;
}

}  // namespace refnet::io

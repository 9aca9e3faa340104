#include <array>
#include <charconv>
#include <cmath>
#include <refnet/graph/types.hpp>
#include <refnet/io/csv.hpp>
#include <refnet/io/writers.hpp>
#include <vector>

namespace refnet::io {

namespace {

// Fixed decimals, trailing zeros and a trailing point dropped, "-0" as "0".
std::string format_fixed(double value, int decimals) {
    std::array<char, 32> buffer{};
    const auto [ptr, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value,
                                         std::chars_format::fixed, decimals);
    (void)ec;
    std::string text(buffer.data(), ptr);
    if (text.find('.') != std::string::npos) {
        text.erase(text.find_last_not_of('0') + 1);
        if (text.back() == '.') text.pop_back();
    }
    return text == "-0" ? "0" : text;
}

std::string join_needs(const std::vector<graph::NeedWeight>& needs) {
    std::string out;
    for (const auto& n : needs) {
        if (!out.empty()) out += ';';
        out += n.need + ':' + format_fixed(n.weight, 3);
    }
    return out;
}

std::string join(const std::vector<std::string>& items, char sep) {
    std::string out;
    for (const auto& s : items) {
        if (!out.empty()) out += sep;
        out += s;
    }
    return out;
}

void append_number(std::string& out, std::uint64_t value) {
    std::array<char, 24> buffer{};
    const auto [ptr, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    (void)ec;
    out.append(buffer.data(), ptr);
}

}  // namespace

void write_providers_csv(std::ostream& out, std::span<const graph::Provider> providers) {
    out << "id,name,taxonomy,group,lat,lon,city,state,zip,needs_seen,needs_served,accepting_"
           "new,"
           "telehealth,licensed_states\n";
    for (const auto& p : providers) {
        out << csv_cell(p.id) << ',' << csv_cell(p.name) << ',' << csv_cell(p.taxonomy) << ','
            << graph::group_key(p.group) << ',' << format_fixed(p.lat, 4) << ','
            << format_fixed(p.lon, 4) << ',' << csv_cell(p.city) << ',' << csv_cell(p.state) << ','
            << csv_cell(p.zip) << ',' << csv_cell(join_needs(p.needs_seen)) << ','
            << csv_cell(join_needs(p.needs_served)) << ','
            << (p.accepting_new.value_or(true) ? "yes" : "no") << ','
            << (p.telehealth.value_or(false) ? "yes" : "no") << ','
            << csv_cell(join(p.licensed_states, ';')) << '\n';
    }
}

void write_referrals_csv(std::ostream& out, std::span<const graph::Referral> referrals,
                         std::span<const graph::Provider> providers, const graph::IdMap& needs) {
    out << "date,from,to,count,need,status,days_to_appointment,feedback_days,satisfaction\n";
    for (const auto& r : referrals) {
        out << graph::format_date(r.date) << ',' << csv_cell(providers[r.from].id) << ','
            << csv_cell(providers[r.to].id) << ',' << r.count << ','
            << (r.need == graph::kNoNeed ? std::string() : csv_cell(needs.key(r.need))) << ','
            << graph::status_key(r.status) << ',';
        if (r.days_to_appointment >= 0) out << r.days_to_appointment;
        out << ',';
        if (r.feedback_days >= 0) out << r.feedback_days;
        out << ',';
        if (!std::isnan(r.satisfaction)) out << format_fixed(r.satisfaction, 1);
        out << '\n';
    }
}

void write_touchpoints_csv(std::ostream& out, std::span<const graph::Touchpoint> touchpoints,
                           std::span<const graph::Provider> providers) {
    out << "date,provider,kind,note,by\n";
    for (const auto& t : touchpoints) {
        out << graph::format_date(t.date) << ',' << csv_cell(providers[t.provider].id) << ','
            << graph::touch_kind_key(t.kind) << ',' << csv_cell(t.note) << ','
            << csv_cell(providers[t.by].id) << '\n';
    }
}

void write_nppes_header(std::ostream& out) {
    out << "NPI,Entity Type Code,Provider Organization Name (Legal Business Name),"
           "Provider Last Name (Legal Name),Provider First Name,Provider Credential Text,"
           "Provider Business Practice Location Address City Name,"
           "Provider Business Practice Location Address State Name,"
           "Provider Business Practice Location Address Postal Code,"
           "Healthcare Provider Taxonomy Code_1,Healthcare Provider Primary Taxonomy "
           "Switch_1\n";
}

void append_nppes_row(std::string& line, const NppesRow& row) {
    line += csv_cell(row.npi);
    if (!row.organisation) {
        line += ",1,,";
        line += csv_cell(row.last_name);
        line += ',';
        line += csv_cell(row.first_name);
        line += ',';
        line += csv_cell(row.credential);
    } else {
        line += ",2,";
        line += csv_cell(row.organisation_name);
        line += ",,,";
    }
    line += ',';
    line += csv_cell(row.city);
    line += ',';
    line += csv_cell(row.state);
    line += ',';
    line += csv_cell(row.zip);
    line += ',';
    line += csv_cell(row.taxonomy);
    line += ",Y\n";
}

void append_cms_edge(std::string& buffer, std::string_view from, std::string_view to,
                     std::uint64_t pairs, std::uint64_t beneficiaries, std::uint64_t same_day) {
    buffer += from;
    buffer += ',';
    buffer += to;
    buffer += ',';
    append_number(buffer, pairs);
    buffer += ',';
    append_number(buffer, beneficiaries);
    buffer += ',';
    append_number(buffer, same_day);
    buffer += '\n';
}

}  // namespace refnet::io

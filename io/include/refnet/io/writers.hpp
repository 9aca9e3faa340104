// Writers that mirror the readers: RefNet's own providers, referrals and
// touchpoints CSVs (read back by read_providers, read_referrals and
// read_touchpoints), and rows of the CMS shared-patient and NPPES layouts
// (read_cms, read_nppes). Like the readers they take a stream (or append to a
// string for the streaming CMS writer) and never touch paths; the caller wraps
// them in write_atomically. Every string field is quoted where it needs to be
// (names, cities and notes also lose a leading formula character, as files
// people open do); append_cms_edge writes its ids as they are, for speed: its
// callers pass NPIs, ten digits.
#pragma once

#include <cstdint>
#include <ostream>
#include <refnet/graph/id_map.hpp>
#include <refnet/graph/provider.hpp>
#include <span>
#include <string>
#include <string_view>

namespace refnet::io {

/// providers.csv: header, then one row per provider in order. Coordinates have
/// 4 decimals and need weights 3, trailing zeros dropped.
void write_providers_csv(std::ostream& out, std::span<const graph::Provider> providers);

/// referrals.csv: `from`/`to` are written as the providers' ids, `need` as its
/// key in `needs` (empty for graph::kNoNeed); unknown appointment and feedback
/// days and a NaN satisfaction are left empty.
void write_referrals_csv(std::ostream& out, std::span<const graph::Referral> referrals,
                         std::span<const graph::Provider> providers, const graph::IdMap& needs);

/// touchpoints.csv: `provider` and `by` are written as the providers' ids.
void write_touchpoints_csv(std::ostream& out, std::span<const graph::Touchpoint> touchpoints,
                           std::span<const graph::Provider> providers);

/// The NPPES columns RefNet reads, as the header line of an NPPES-style file.
void write_nppes_header(std::ostream& out);

/// One NPPES-style provider (the header's columns; one taxonomy, primary).
struct NppesRow {
    std::string_view npi;
    bool organisation = false;           ///< entity type 2, else 1 (an individual)
    std::string_view organisation_name;  ///< CSV-escaped on output
    std::string_view last_name;
    std::string_view first_name;
    std::string_view credential;
    std::string_view city;
    std::string_view state;
    std::string_view zip;
    std::string_view taxonomy;
};
/// Appends `row` and its newline to `line`.
void append_nppes_row(std::string& line, const NppesRow& row);

/// Appends one CMS shared-patient row, `from,to,pairs,beneficiaries,same_day`
/// and its newline, to `buffer`.
void append_cms_edge(std::string& buffer, std::string_view from, std::string_view to,
                     std::uint64_t pairs, std::uint64_t beneficiaries, std::uint64_t same_day);

}  // namespace refnet::io

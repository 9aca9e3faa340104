// The NPPES dissemination header (330 columns) rebuilt from its regular layout,
// so the reader tests can write hand-made rows under the real column names
// without pasting an 11 KB line. realdata_test checks it against the real file.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

namespace refnet::io::testing {

inline std::vector<std::string> nppes_columns() {
    std::vector<std::string> c{
        "NPI",
        "Entity Type Code",
        "Replacement NPI",
        "Employer Identification Number (EIN)",
        "Provider Organization Name (Legal Business Name)",
        "Provider Last Name (Legal Name)",
        "Provider First Name",
        "Provider Middle Name",
        "Provider Name Prefix Text",
        "Provider Name Suffix Text",
        "Provider Credential Text",
        "Provider Other Organization Name",
        "Provider Other Organization Name Type Code",
        "Provider Other Last Name",
        "Provider Other First Name",
        "Provider Other Middle Name",
        "Provider Other Name Prefix Text",
        "Provider Other Name Suffix Text",
        "Provider Other Credential Text",
        "Provider Other Last Name Type Code",
        "Provider First Line Business Mailing Address",
        "Provider Second Line Business Mailing Address",
        "Provider Business Mailing Address City Name",
        "Provider Business Mailing Address State Name",
        "Provider Business Mailing Address Postal Code",
        "Provider Business Mailing Address Country Code (If outside U.S.)",
        "Provider Business Mailing Address Telephone Number",
        "Provider Business Mailing Address Fax Number",
        "Provider First Line Business Practice Location Address",
        "Provider Second Line Business Practice Location Address",
        "Provider Business Practice Location Address City Name",
        "Provider Business Practice Location Address State Name",
        "Provider Business Practice Location Address Postal Code",
        "Provider Business Practice Location Address Country Code (If outside U.S.)",
        "Provider Business Practice Location Address Telephone Number",
        "Provider Business Practice Location Address Fax Number",
        "Provider Enumeration Date",
        "Last Update Date",
        "NPI Deactivation Reason Code",
        "NPI Deactivation Date",
        "NPI Reactivation Date",
        "Provider Sex Code",
        "Authorized Official Last Name",
        "Authorized Official First Name",
        "Authorized Official Middle Name",
        "Authorized Official Title or Position",
        "Authorized Official Telephone Number",
    };
    for (int i = 1; i <= 15; ++i) {
        const std::string n = "_" + std::to_string(i);
        c.push_back("Healthcare Provider Taxonomy Code" + n);
        c.push_back("Provider License Number" + n);
        c.push_back("Provider License Number State Code" + n);
        c.push_back("Healthcare Provider Primary Taxonomy Switch" + n);
    }
    for (int i = 1; i <= 50; ++i) {
        const std::string n = "_" + std::to_string(i);
        c.push_back("Other Provider Identifier" + n);
        c.push_back("Other Provider Identifier Type Code" + n);
        c.push_back("Other Provider Identifier State" + n);
        c.push_back("Other Provider Identifier Issuer" + n);
    }
    for (const char* name :
         {"Is Sole Proprietor", "Is Organization Subpart", "Parent Organization LBN",
          "Parent Organization TIN", "Authorized Official Name Prefix Text",
          "Authorized Official Name Suffix Text", "Authorized Official Credential Text"}) {
        c.emplace_back(name);
    }
    for (int i = 1; i <= 15; ++i) {
        c.push_back("Healthcare Provider Taxonomy Group_" + std::to_string(i));
    }
    c.emplace_back("Certification Date");
    return c;
}

inline std::string nppes_header_line() {
    std::string line;
    for (const auto& name : nppes_columns()) line += (line.empty() ? "" : ",") + name;
    return line;
}

/// One NPPES row: every column empty except the ones set by name. Values are
/// written as given, so a caller quotes a value holding a comma itself.
class NppesRow {
   public:
    NppesRow() : columns_(nppes_columns()), values_(columns_.size()) {}
    NppesRow& set(const std::string& column, std::string value) {
        const auto it = std::find(columns_.begin(), columns_.end(), column);
        values_.at(static_cast<std::size_t>(it - columns_.begin())) = std::move(value);
        return *this;
    }
    [[nodiscard]] std::string line() const {
        std::string out;
        for (std::size_t i = 0; i < values_.size(); ++i) out += (i ? "," : "") + values_[i];
        return out;
    }

   private:
    std::vector<std::string> columns_;
    std::vector<std::string> values_;
};

}  // namespace refnet::io::testing

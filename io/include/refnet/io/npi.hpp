// National Provider Identifier rules: ten digits whose last is a Luhn check
// digit computed over the nine others with the 80840 prefix (CMS, "NPI check
// digit"). In io because io reads NPIs; the simulator makes them from here.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace refnet::io {

/// A valid NPI: `base9` (9 digits, first digit 1 or 2) plus the Luhn check
/// digit computed with the 80840 prefix, as CMS specifies.
[[nodiscard]] std::string make_npi(std::uint32_t base9);
/// Checks the 10-digit NPI's Luhn digit (80840 prefix).
[[nodiscard]] bool valid_npi(std::string_view npi);
/// Ten digits: the shape of an NPI, valid or not.
[[nodiscard]] bool npi_shaped(std::string_view id);

}  // namespace refnet::io

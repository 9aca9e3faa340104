#include <charconv>
#include <refnet/io/npi.hpp>

namespace refnet::io {

std::string make_npi(std::uint32_t base9) {
    std::string digits = std::to_string(base9);
    // Luhn over "80840" + the nine digits: double every second digit from the right
    // of the full 15-digit number, starting with the last of the nine.
    const std::string full = "80840" + digits;
    int sum = 0;
    bool twice = true;
    for (auto it = full.rbegin(); it != full.rend(); ++it) {
        int d = *it - '0';
        if (twice) {
            d *= 2;
            if (d > 9) d -= 9;
        }
        sum += d;
        twice = !twice;
    }
    return digits + static_cast<char>('0' + (10 - sum % 10) % 10);
}

bool npi_shaped(std::string_view id) {
    return id.size() == 10 && id.find_first_not_of("0123456789") == std::string_view::npos;
}

bool valid_npi(std::string_view npi) {
    if (!npi_shaped(npi)) return false;
    std::uint32_t base = 0;
    std::from_chars(npi.data(), npi.data() + 9, base);
    return make_npi(base) == npi;
}

}  // namespace refnet::io

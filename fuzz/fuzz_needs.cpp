// The need catalogue: needs.csv and need_profiles.csv, split at the first NUL
// byte (the first file alone when there is none).
#include <refnet/io/catalogue.hpp>

#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view all = refnet::fuzz::text_of(data, size);
    const std::size_t cut = std::min(all.find('\0'), all.size());
    std::istringstream needs(std::string(all.substr(0, cut)));
    std::istringstream profiles(std::string(cut < all.size() ? all.substr(cut + 1) : ""));
    refnet::fuzz::refused_or_read([&] {
        (void)refnet::io::read_need_catalogue(needs, "needs.csv", profiles, "need_profiles.csv");
    });
    return 0;
}

// providers.csv, strict and lenient (the first byte chooses), with the NPI check.
#include <refnet/io/readers.hpp>

#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    refnet::fuzz::read_csv_input(
        data, size, [](std::istream& in, refnet::Diagnostics& d, std::uint8_t) {
            (void)refnet::io::read_providers(in, "providers.csv", d, refnet::io::NpiCheck::warn);
        });
    return 0;
}

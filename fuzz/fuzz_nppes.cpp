// NPPES registry rows, strict or lenient.
#include <refnet/io/readers.hpp>

#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const bool lenient = (data[0] & 1) != 0;
    std::istringstream in(std::string(refnet::fuzz::text_of(data + 1, size - 1)));
    refnet::fuzz::refused_or_read([&] {
        refnet::Diagnostics diagnostics(lenient);
        (void)refnet::io::read_nppes(in, "nppes.csv", diagnostics);
    });
    return 0;
}

// touchpoints.csv against a fixed provider map, strict or lenient.
#include <refnet/io/readers.hpp>

#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    refnet::fuzz::read_csv_input(
        data, size, [](std::istream& in, refnet::Diagnostics& d, std::uint8_t) {
            refnet::graph::IdMap ids;
            for (const char* id : {"A", "B", "1234567893", "1003000126"}) ids.insert(id);
            (void)refnet::io::read_touchpoints(in, "touchpoints.csv", ids, d);
        });
    return 0;
}

// referrals.csv against a fixed provider map or adding ids, strict or lenient
// (the first byte's two low bits choose).
#include <refnet/io/readers.hpp>

#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    refnet::fuzz::read_csv_input(
        data, size, [](std::istream& in, refnet::Diagnostics& d, std::uint8_t mode) {
            refnet::graph::IdMap ids;
            for (const char* id : {"A", "B", "1234567893", "1003000126"}) ids.insert(id);
            refnet::graph::IdMap needs;
            const auto unknown =
                (mode & 2) != 0 ? refnet::io::UnknownIds::add : refnet::io::UnknownIds::reject;
            (void)refnet::io::read_referrals(in, "referrals.csv", ids, unknown, needs, d);
        });
    return 0;
}

// referrals.csv against a fixed provider map or adding ids, strict or lenient
// (the first byte's two low bits choose).
#include <refnet/io/readers.hpp>

#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const bool lenient = (data[0] & 1) != 0;
    const auto unknown =
        (data[0] & 2) != 0 ? refnet::io::UnknownIds::add : refnet::io::UnknownIds::reject;
    std::istringstream in(std::string(refnet::fuzz::text_of(data + 1, size - 1)));
    refnet::fuzz::refused_or_read([&] {
        refnet::graph::IdMap ids;
        for (const char* id : {"A", "B", "1234567893", "1003000126"}) ids.insert(id);
        refnet::graph::IdMap needs;
        refnet::Diagnostics diagnostics(lenient);
        (void)refnet::io::read_referrals(in, "referrals.csv", ids, unknown, needs, diagnostics);
    });
    return 0;
}

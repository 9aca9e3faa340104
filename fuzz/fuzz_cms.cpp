// The general CMS reader (headers, multi-year columns, quotes), strict or lenient.
#include <refnet/io/readers.hpp>

#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    refnet::fuzz::read_csv_input(data, size,
                                 [](std::istream& in, refnet::Diagnostics& d, std::uint8_t) {
                                     refnet::graph::IdMap ids;
                                     (void)refnet::io::read_cms(in, "cms.csv", ids, d);
                                 });
    return 0;
}

// Weights JSON files (and the origin `tune` records in them). A bad file is
// refused with WeightsFileError; nothing else may escape.
#include <refnet/scoring/weights.hpp>

#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(refnet::fuzz::text_of(data, size));
    try {
        std::istringstream in(text);
        const refnet::scoring::Weights weights = refnet::scoring::read_weights(in, "w.json");
        weights.validate();  // what read_weights returns is always valid
    } catch (const refnet::scoring::WeightsFileError&) {
    }
    std::istringstream in(text);
    (void)refnet::scoring::read_weights_origin(in);
    return 0;
}

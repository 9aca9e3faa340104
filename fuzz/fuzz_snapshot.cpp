// Snapshots. When the first byte is odd the checksum is recomputed before
// opening, as a forger would, so the fuzzer explores the structural checks
// behind it; a file that opens is then read through like a command would.
#include <cstring>
#include <refnet/io/catalogue.hpp>
#include <refnet/io/snapshot.hpp>
#include <refnet/scoring/recommend.hpp>
#include <stdexcept>

#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    std::string bytes(refnet::fuzz::text_of(data + 1, size - 1));
    if ((data[0] & 1) != 0 && bytes.size() >= 128) {
        const std::uint64_t checksum = refnet::io::snapshot_checksum(bytes);
        std::memcpy(bytes.data() + 24, &checksum, sizeof checksum);
    }
    const std::string path = refnet::fuzz::temp_file(bytes, "snapshot.refnet");
    refnet::fuzz::refused_or_read([&] {
        const refnet::io::Dataset dataset = refnet::io::open_snapshot(path);
        const refnet::graph::Network& net = dataset.network;
        std::uint64_t total = 0;
        for (refnet::graph::NodeId u = 0; u < net.num_nodes(); ++u) {
            for (const refnet::graph::NodeId v : net.out_neighbors(u)) total += v;
            for (const refnet::graph::NodeId v : net.in_neighbors(u)) total += v;
        }
        for (const auto& r : dataset.referrals) total += dataset.providers.at(r.from).id.size();
        if (total == 1) std::abort();  // keeps the walk from being optimised away
        // A stored scoring context is checked before any request reads it:
        // forged bytes are refused, or a request on them stays in bounds.
        try {
            refnet::scoring::ScoringParams params;
            params.shared_patients = dataset.shared_patients;
            const auto context = refnet::scoring::Context::stored(
                dataset.stored_context, net, dataset.providers, dataset.groups, dataset.referrals,
                dataset.needs, refnet::io::builtin_needs(), refnet::graph::kNoDate, params);
            if (context && net.num_nodes() > 0) {
                refnet::scoring::Request request;
                request.focal = 0;
                (void)refnet::scoring::recommend(*context, request);
            }
        } catch (const std::invalid_argument&) {
        }
    });
    return 0;
}

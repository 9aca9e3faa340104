#include <xxhash.h>

#include <cstdio>
#include <refnet/io/dataset.hpp>

#include "mapped_file.hpp"

namespace refnet::io {

DataHash content_hash(const Dataset& data) {
    std::vector<std::string> sources;
    if (!data.snapshot.empty()) {
        sources.push_back(data.snapshot);
    } else {
        for (const ReadStats& stats : data.files) sources.push_back(stats.source);
    }
    XXH3_state_t* state = XXH3_createState();
    XXH3_64bits_reset(state);
    DataHash out;
    for (const std::string& source : sources) {
        const MappedFile file(source, MappedFile::Access::sequential, "an input file");
        // Each file's length goes in first, so moving bytes from one file to the
        // next changes the hash.
        const std::uint64_t size = file.size();
        XXH3_64bits_update(state, &size, sizeof size);
        XXH3_64bits_update(state, file.begin(), file.size());
        out.files.push_back(source);
        out.bytes += size;
    }
    const std::uint64_t digest = XXH3_64bits_digest(state);
    XXH3_freeState(state);
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(digest));
    out.hash = std::string("xxh3-64:") + hex;
    return out;
}

}  // namespace refnet::io

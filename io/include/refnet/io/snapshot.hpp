// Binary snapshots of a loaded dataset (`refnet import`, `--network FILE`).
//
// A national network takes seconds to parse and build; a snapshot opens in well
// under a second because it is memory-mapped and the network's CSR arrays are
// used in place, never copied or re-parsed. The file is a 128-byte header
// (magic, format version, byte order, size, counts, checksum), a section table,
// and 64-byte aligned sections: the CSR arrays and edge columns as they are in
// memory, the id map, node attributes, need tags, events, a JSON block of
// provenance and, from `refnet import`, the scoring context. Touchpoint notes are free text that
// may hold patient details, so they are never stored.
#pragma once

#include <cstdint>
#include <functional>
#include <ostream>
#include <refnet/io/dataset.hpp>
#include <span>
#include <string>
#include <string_view>

namespace refnet::io {

// Raised whenever the layout or the metadata changes, so that an older file
// reads as "version N is not supported; re-run refnet import", not as corrupt.
// 2: the checksum covers the header; metadata's shared_patients.
// 3: the stored scoring context.
inline constexpr std::uint32_t kSnapshotVersion = 3;

struct SnapshotInfo {
    std::uint32_t version = 0;
    std::uint64_t file_size = 0;
    std::uint64_t nodes = 0;
    std::uint64_t edges = 0;
    std::uint64_t checksum = 0;  ///< XXH3-64 of the header, seeded by the 16 MiB blocks' digests
};

/// A section whose bytes are streamed when it is written (io never holds them
/// whole): its size, and what writes exactly that many bytes through `emit`.
struct StreamedSection {
    std::size_t bytes = 0;
    std::function<void(const std::function<void(const char*, std::size_t)>& emit)> write;
};

/// Writes `data` as a snapshot to `out` (seekable: the checksum is written
/// last, into the header), with `scoring_context` (scoring::Context's image)
/// as one more section when it has bytes. Deterministic: the same dataset
/// gives the same bytes.
SnapshotInfo write_snapshot(const Dataset& data, std::ostream& out,
                            const StreamedSection& scoring_context = {});

/// The checksum the header of the snapshot whose bytes are `file` should hold
/// (0 for fewer than the header's 128 bytes): for tools and tests that forge
/// files to check that opening refuses inconsistent contents.
[[nodiscard]] std::uint64_t snapshot_checksum(std::string_view file);

/// Opens a snapshot by memory-mapping it; the returned dataset's network views
/// the mapping and keeps it alive. Throws InputError naming the file for a
/// file that is not a snapshot, has another format version, is truncated, fails
/// its checksum or holds inconsistent arrays. O(n + m) checks, in parallel.
[[nodiscard]] Dataset open_snapshot(const std::string& path);

/// The header alone (format version, size, counts, checksum), checked as
/// open_snapshot checks it but without reading the sections; same errors.
[[nodiscard]] SnapshotInfo read_snapshot_info(const std::string& path);

}  // namespace refnet::io

// The national-scale path for CMS shared-patient edge lists: a memory-mapped,
// allocation-free parse of the canonical headerless layout into compact edge
// columns (16 bytes a row), never into per-row events.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <refnet/graph/id_map.hpp>
#include <refnet/graph/types.hpp>
#include <string>
#include <vector>

namespace refnet::io {

struct CmsEdges {
    graph::IdMap ids;  ///< NPIs in order of first appearance, as read_cms numbers them
    std::vector<graph::NodeId> from;
    std::vector<graph::NodeId> to;
    std::vector<std::uint32_t> count;          ///< pair_count
    std::vector<std::uint32_t> beneficiaries;  ///< bene_count
};

/// Reads `npi1,npi2,pair_count,bene_count,same_day_count` rows (no header;
/// numbers may end in ".0"; LF or CRLF; blank lines skipped). Returns nullopt
/// when the file is anything else — a header, quotes, a malformed or
/// out-of-range row — so the caller can hand it to read_cms, whose messages
/// name line and column: the fast path never changes what an error says.
/// Throws InputError only when the file cannot be opened or mapped.
/// `progress` gets the fraction of bytes parsed.
[[nodiscard]] std::optional<CmsEdges> read_cms_fast(
    const std::string& path, const std::function<void(double)>& progress = nullptr);

}  // namespace refnet::io

// Export of a loaded network as hash-partitioned CSV files that Apache Spark
// reads as two DataFrames and GraphFrames takes as a graph as they are:
//
//   DIR/vertices/part-00000.csv ... part-(N-1).csv   id,name,taxonomy,...,lat,lon
//   DIR/edges/part-00000.csv    ... part-(N-1).csv   src,dst,count,...
//   DIR/_SUCCESS, DIR/vertices/_SUCCESS, DIR/edges/_SUCCESS   (empty, as Spark writes)
//   DIR/manifest.json                                 counts and the partitioning rule
//
// A vertex goes to partition fnv1a_64(id) % N and an edge to the partition of
// its source, so a job that partitions by the same rule finds every out-edge
// next to its vertex. Rows are streamed from the CSR through one buffered file
// per partition (at most kMaxOpenPartitions at a time), never collected, so a
// 62 M-edge network exports in O(N) memory beyond the network itself.
#pragma once

#include <cstdint>
#include <refnet/graph/small_counts.hpp>
#include <refnet/io/csv.hpp>
#include <refnet/io/dataset.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace refnet::io {

/// Largest number of partitions export_partitions accepts.
inline constexpr std::uint32_t kMaxExportPartitions = 10'000;
/// Partition files open at once; more partitions are written in several passes
/// over the network, so the usual limit of 1024 open files is never reached.
inline constexpr std::uint32_t kMaxOpenPartitions = 256;
/// Version of the layout, written to manifest.json; bumped when a column changes.
inline constexpr int kExportFormatVersion = 1;

struct ExportParams {
    std::uint32_t partitions = 1;  ///< N, in [1, kMaxExportPartitions]
    /// Edges whose referral count is below this are left out (CMS suppresses
    /// counts below 11); 0 and 1 keep every edge.
    std::uint32_t min_count = 0;
    /// Replace an existing non-empty output directory instead of refusing.
    bool force = false;
    /// `safe` neutralises formula-leading text cells (a name "=HYPERLINK(…)"
    /// becomes "'=HYPERLINK(…)"); `raw` keeps every value exactly, for Spark.
    CsvCells cells = CsvCells::safe;
    /// --suppress-below N: edges with fewer than N referrals are left out as
    /// by min_count, and a kept edge's beneficiaries, completed or closed_loop
    /// from 1 to N - 1 is written as an empty cell (as CMS's files leave a
    /// suppressed cell blank).
    graph::SmallCounts small_counts{};
};

struct ExportReport {
    std::uint32_t partitions = 0;
    std::uint64_t vertices = 0;
    std::uint64_t edges = 0;          ///< edges written
    std::uint64_t dropped_edges = 0;  ///< edges left out by min_count
    std::vector<std::uint64_t> vertices_per_partition;
    std::vector<std::uint64_t> edges_per_partition;
};

/// 64-bit FNV-1a of the bytes of `text`: offset basis 0xcbf29ce484222325, prime
/// 0x100000001b3 (so fnv1a_64("a") == 0xaf63dc4c8601ec8c). Chosen because it is
/// a dozen lines in any language, so a Spark job can recompute partitions.
[[nodiscard]] std::uint64_t fnv1a_64(std::string_view text);

/// The partition of an external id: fnv1a_64(id) % partitions (partitions >= 1).
[[nodiscard]] std::uint32_t partition_of(std::string_view id, std::uint32_t partitions);

/// Writes `data.network` into directory `dir` in the layout above.
///
/// Vertex columns: id (the external id, e.g. the NPI), name, taxonomy, specialty,
/// group, city, state, zip, lat, lon. Edge columns, always all six:
/// src, dst, count, beneficiaries, completed, closed_loop; a column the data
/// does not carry (beneficiaries outside CMS data, outcomes in CMS data) is left
/// empty, which Spark reads as null. Text is quoted as RFC 4180 asks (fields with
/// a comma, quote or line break in quotes, quotes doubled) and otherwise written
/// as it is: no spreadsheet guard, which would change ids and names.
///
/// Atomic: everything is written into a sibling directory `dir` +
/// ".tmp.refnet-tmp-PID-XXXXXX" and renamed to `dir` at the end; on any failure
/// the temporary directory is removed and `dir` is as it was, and one a killed
/// run left (its PID gone) is removed by the next export of `dir`. When `dir`
/// exists and is not empty the call fails unless params.force, in which case
/// the old directory is moved aside, the new one renamed in and the old one
/// deleted (a reader may briefly find no `dir`, never a partial one). Anything
/// at `dir` that is not a directory (a file, a link) is refused, forced or not.
/// The parent directory must exist.
///
/// Throws std::invalid_argument when partitions is outside
/// [1, kMaxExportPartitions] and std::runtime_error naming the path when `dir`
/// is refused or cannot be written. O(passes * n + m) time with
/// passes = ceil(partitions / kMaxOpenPartitions).
ExportReport export_partitions(const Dataset& data, const ExportParams& params,
                               const std::string& dir);

}  // namespace refnet::io

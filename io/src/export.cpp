// export_partitions: the network as hash-partitioned vertex and edge CSVs for
// Spark GraphFrames, written into a temporary sibling directory and renamed
// into place. See export.hpp for the layout.
#include <unistd.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <refnet/io/csv.hpp>
#include <refnet/io/export.hpp>
#include <refnet/io/output.hpp>
#include <span>
#include <stdexcept>

#include "temporaries.hpp"

namespace refnet::io {

namespace fs = std::filesystem;

std::uint64_t fnv1a_64(std::string_view text) {
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (const char c : text) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

std::uint32_t partition_of(std::string_view id, std::uint32_t partitions) {
    if (partitions == 0)
        throw std::invalid_argument("partition_of: partitions must be >= 1, got 0");
    return static_cast<std::uint32_t>(fnv1a_64(id) % partitions);
}

namespace {

constexpr std::array<std::string_view, 10> kVertexColumns{
    "id", "name", "taxonomy", "specialty", "group", "city", "state", "zip", "lat", "lon"};
constexpr std::array<std::string_view, 6> kEdgeColumns{"src",           "dst",       "count",
                                                       "beneficiaries", "completed", "closed_loop"};
// Bigger than the 8 KiB default so a 2 GB national export makes few write calls;
// 2 x kMaxOpenPartitions of them is 32 MiB.
constexpr std::size_t kFileBufferBytes = std::size_t{1} << 16;

std::string header_line(std::span<const std::string_view> columns) {
    std::string line;
    for (std::size_t c = 0; c < columns.size(); ++c) {
        if (c) line += ',';
        line += columns[c];
    }
    return line + '\n';
}

std::string part_name(std::uint32_t partition) {
    std::string digits = std::to_string(partition);
    if (digits.size() < 5) digits.insert(0, 5 - digits.size(), '0');
    return "part-" + digits + ".csv";
}

std::string system_error_text() { return std::strerror(errno); }

void put_number(std::ostream& out, std::uint64_t value) {
    std::array<char, 24> buffer{};
    const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    (void)ec;  // 24 characters hold any 64-bit number
    out.write(buffer.data(), end - buffer.data());
}

// An optional edge column: its value, or an empty cell when the data has none
// or the value is a suppressed small count.
void put_column(std::ostream& out, std::span<const std::uint32_t> column, graph::EdgeId e,
                const graph::SmallCounts& small) {
    out << ',';
    if (!column.empty() && !small.hides(column[e])) put_number(out, column[e]);
}

// The files of partitions [first, last) in one directory, each with its own
// large buffer; the pass over the network writes to them in any order. Errors
// name a file by `label` (its final directory), not the temporary one.
class PartitionFiles {
   public:
    PartitionFiles(const fs::path& dir, std::string label, std::uint32_t first, std::uint32_t last,
                   const std::string& header)
        : label_(std::move(label)),
          first_(first),
          buffers_(last - first, std::vector<char>(kFileBufferBytes)),
          files_(last - first) {
        for (std::uint32_t p = first; p < last; ++p) {
            std::ofstream& file = files_[p - first];
            // The buffer must be set before open() to take effect (libstdc++).
            file.rdbuf()->pubsetbuf(buffers_[p - first].data(),
                                    static_cast<std::streamsize>(kFileBufferBytes));
            file.open(dir / part_name(p), std::ios::binary | std::ios::trunc);
            if (!file.is_open()) fail(p, "cannot create");
            file << header;
        }
    }

    [[nodiscard]] std::ofstream& operator[](std::uint32_t partition) {
        return files_[partition - first_];
    }

    /// Throws naming the file when a write to it failed (e.g. a full disk), so
    /// a failed export stops at once instead of formatting millions of rows.
    void check(std::uint32_t partition) {
        if (!files_[partition - first_]) fail(partition, "cannot write");
    }

    void close() {
        for (std::uint32_t i = 0; i < files_.size(); ++i) {
            files_[i].close();
            if (!files_[i]) fail(first_ + i, "cannot write");
        }
    }

   private:
    [[noreturn]] void fail(std::uint32_t partition, const std::string& what) const {
        throw std::runtime_error(label_ + "/" + part_name(partition) + ": " + what + " (" +
                                 system_error_text() + ")");
    }

    std::string label_;
    std::uint32_t first_;
    std::vector<std::vector<char>> buffers_;  // never resized: the files point into them
    std::vector<std::ofstream> files_;
};

void write_vertex(std::ostream& out, const Dataset& data, graph::NodeId u, CsvCells cells) {
    const graph::Provider& p = data.providers[u];
    auto cell = [&](const std::string& text) { return csv_cell(text, cells); };
    out << cell(data.ids.key(u)) << ',' << cell(p.name) << ',' << cell(p.taxonomy) << ','
        << cell(p.specialty) << ',' << graph::group_key(p.group) << ',' << cell(p.city) << ','
        << cell(p.state) << ',' << cell(p.zip) << ',';
    if (p.has_location())
        out << format_real(p.lat) << ',' << format_real(p.lon);
    else
        out << ',';
    out << '\n';
}

enum class Target { absent, empty_directory, full_directory, other };

Target inspect(const fs::path& path) {
    std::error_code ec;
    const fs::file_status status = fs::symlink_status(path, ec);
    if (status.type() == fs::file_type::not_found) return Target::absent;
    if (ec) throw std::runtime_error(path.string() + ": cannot inspect (" + ec.message() + ")");
    if (status.type() != fs::file_type::directory) return Target::other;
    return fs::is_empty(path) ? Target::empty_directory : Target::full_directory;
}

// Throws when the export may not go to `target`; true when an old export must
// be moved aside first.
bool must_replace(const fs::path& target, bool force) {
    switch (inspect(target)) {
        case Target::absent:
        case Target::empty_directory:
            return false;
        case Target::full_directory:
            // --force replaces only an earlier export (it has our manifest), so a
            // mistyped -o can never delete a directory of input data.
            if (force && fs::is_regular_file(target / "manifest.json") &&
                fs::is_directory(target / "edges") && fs::is_directory(target / "vertices")) {
                return true;
            }
            throw std::runtime_error(
                target.string() +
                (force ? ": directory is not an earlier export (expected a new or empty "
                         "directory, or one written by refnet export, which --force replaces)"
                       : ": directory exists and is not empty (expected a new or empty "
                         "directory; --force replaces an earlier export)"));
        case Target::other:
            break;
    }
    throw std::runtime_error(target.string() +
                             ": exists and is not a directory (expected a directory to export "
                             "into; it is never replaced)");
}

// Named with this run's pid (temporaries.hpp): the next export of the same
// directory removes what an interrupted or killed one left beside it.
fs::path make_sibling_directory(const fs::path& target, const std::string& suffix) {
    std::string name = temp_template(target.string() + suffix);
    if (::mkdtemp(name.data()) == nullptr) {
        throw std::runtime_error(target.string() + ": cannot create a directory beside it (" +
                                 system_error_text() + ")");
    }
    return name;
}

// Renames the finished temporary directory to `target`. With an old export in
// the way, it is renamed aside first and deleted last, so `target` is always
// either the old export, absent for an instant, or the new one.
void publish(const fs::path& temp, const fs::path& target, bool force) {
    if (!must_replace(target, force)) {
        fs::rename(temp, target);
        return;
    }
    const fs::path old = make_sibling_directory(target, ".old");
    fs::rename(target, old);  // onto the empty directory mkdtemp made
    try {
        fs::rename(temp, target);
    } catch (...) {
        std::error_code ignored;
        fs::rename(old, target, ignored);
        throw;
    }
    std::error_code ec;
    fs::remove_all(old, ec);
    if (ec) {
        throw std::runtime_error(target.string() + ": exported, but the previous export in " +
                                 old.string() + " could not be removed (" + ec.message() + ")");
    }
}

void write_empty_file(const fs::path& path) {
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file.close();
    if (!file) {
        throw std::runtime_error(path.string() + ": cannot create (" + system_error_text() + ")");
    }
}

void write_manifest(const fs::path& path, const ExportParams& params, const ExportReport& report,
                    const graph::EdgeAttributes& attributes) {
    nlohmann::ordered_json empty_columns = nlohmann::ordered_json::array();
    if (attributes.beneficiaries.empty()) empty_columns.push_back("beneficiaries");
    if (attributes.completed.empty()) empty_columns.push_back("completed");
    if (attributes.closed_loop.empty()) empty_columns.push_back("closed_loop");
    const nlohmann::ordered_json manifest{
        {"format", "refnet-graphframes-csv"},
        {"format_version", kExportFormatVersion},
        {"partitions", report.partitions},
        {"hash", "fnv1a_64"},
        {"text_cells", params.cells == CsvCells::raw
                           ? "raw: every value as it is"
                           : "safe: a cell starting with = + - @, tab or CR (other than a "
                             "negative number) has a leading ' added"},
        {"partitioning",
         "vertex: fnv1a_64(UTF-8 bytes of id) % partitions, FNV-1a 64 with offset basis "
         "0xcbf29ce484222325 and prime 0x100000001b3; edge: the partition of its src"},
        {"vertex_columns", kVertexColumns},
        {"edge_columns", kEdgeColumns},
        {"empty_edge_columns", empty_columns},
        {"min_count", params.min_count},
        {"suppress_below", params.small_counts.below},
        {"vertices", report.vertices},
        {"edges", report.edges},
        {"dropped_edges", report.dropped_edges},
        {"vertices_per_partition", report.vertices_per_partition},
        {"edges_per_partition", report.edges_per_partition}};
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file << manifest.dump(2) << '\n';
    file.close();
    if (!file) {
        throw std::runtime_error(path.string() + ": cannot write (" + system_error_text() + ")");
    }
}

}  // namespace

ExportReport export_partitions(const Dataset& data, const ExportParams& params,
                               const std::string& dir) {
    const std::uint32_t n_parts = params.partitions;
    if (n_parts < 1 || n_parts > kMaxExportPartitions) {
        throw std::invalid_argument("export partitions must be in [1, " +
                                    std::to_string(kMaxExportPartitions) + "], got " +
                                    std::to_string(n_parts));
    }
    fs::path target = fs::path(dir).lexically_normal();
    if (!target.empty() && !target.has_filename()) target = target.parent_path();  // "out/"
    const std::string name = target.filename().string();
    if (name.empty() || name == "." || name == "..") {
        throw std::invalid_argument("export directory must name a directory, got \"" + dir + "\"");
    }
    must_replace(target, params.force);  // fail before writing anything

    const graph::Network& net = data.network;
    const auto& attrs = net.attributes();
    const auto counts = net.counts();
    const graph::SmallCounts& small = params.small_counts;
    ExportReport report;
    report.partitions = n_parts;
    report.vertices_per_partition.assign(n_parts, 0);
    report.edges_per_partition.assign(n_parts, 0);

    const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
    // Not ".old": a run killed between publish's two renames leaves the only
    // copy of the earlier export there.
    sweep_stale_temporaries(parent, name + ".tmp");
    const fs::path temp = make_sibling_directory(target, ".tmp");
    try {
        // mkdtemp makes the directory private (0700); the export is ordinary output.
        fs::permissions(temp, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                  fs::perms::others_read | fs::perms::others_exec);
        fs::create_directory(temp / "vertices");
        fs::create_directory(temp / "edges");
        const std::string vertex_header = header_line(kVertexColumns);
        const std::string edge_header = header_line(kEdgeColumns);
        // One pass over the network per batch of partitions; a vertex's edges are
        // contiguous in the CSR, so each pass streams it once, in NodeId order.
        for (std::uint32_t first = 0; first < n_parts; first += kMaxOpenPartitions) {
            const std::uint32_t last = std::min(n_parts, first + kMaxOpenPartitions);
            PartitionFiles vertex_files(temp / "vertices", (target / "vertices").string(), first,
                                        last, vertex_header);
            PartitionFiles edge_files(temp / "edges", (target / "edges").string(), first, last,
                                      edge_header);
            for (graph::NodeId u = 0; u < net.num_nodes(); ++u) {
                const std::string& src = data.ids.key(u);
                const std::uint32_t p = partition_of(src, n_parts);
                if (p < first || p >= last) continue;
                write_vertex(vertex_files[p], data, u, params.cells);
                ++report.vertices_per_partition[p];
                std::ofstream& out = edge_files[p];
                const std::string src_cell = csv_cell(src, params.cells);
                const auto targets = net.out_neighbors(u);
                for (std::size_t i = 0; i < targets.size(); ++i) {
                    const graph::EdgeId e = net.out_edge_begin(u) + i;
                    if (counts[e] < params.min_count || small.hides(counts[e])) {
                        ++report.dropped_edges;
                        continue;
                    }
                    out << src_cell << ',' << csv_cell(data.ids.key(targets[i]), params.cells)
                        << ',';
                    put_number(out, counts[e]);
                    put_column(out, attrs.beneficiaries, e, small);
                    put_column(out, attrs.completed, e, small);
                    put_column(out, attrs.closed_loop, e, small);
                    out << '\n';
                    ++report.edges_per_partition[p];
                }
                vertex_files.check(p);
                edge_files.check(p);
            }
            vertex_files.close();
            edge_files.close();
        }
        for (std::uint32_t p = 0; p < n_parts; ++p) {
            report.vertices += report.vertices_per_partition[p];
            report.edges += report.edges_per_partition[p];
        }
        // Spark marks each finished dataset directory with an empty _SUCCESS;
        // readers skip names starting with "_", so they never become rows.
        write_empty_file(temp / "_SUCCESS");
        write_empty_file(temp / "vertices" / "_SUCCESS");
        write_empty_file(temp / "edges" / "_SUCCESS");
        write_manifest(temp / "manifest.json", params, report, attrs);
        publish(temp, target, params.force);
    } catch (...) {
        std::error_code ignored;
        fs::remove_all(temp, ignored);
        throw;
    }
    return report;
}

}  // namespace refnet::io

#include <omp.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <limits>
#include <refnet/io/error.hpp>
#include <refnet/io/fast_cms.hpp>

#include "mapped_file.hpp"

namespace refnet::io {

namespace {

// NPI -> dense id with open addressing over packed 64-bit slots (NPI in the high
// half, id in the low half: one cache line per probe). Hand-written because a
// std::unordered_map of strings was the national ingest's bottleneck (124 M
// lookups of node-allocated keys, half of a 35 s load); NPIs (10 digits, first
// digit 1 or 2) fit 32 bits, so a slot is 8 bytes and 0 means empty.
class NpiTable {
   public:
    NpiTable() : slots_(kInitial, 0) {}
    /// The id of `npi` (> 0), adding it as the next id if new.
    std::uint32_t find_or_add(std::uint32_t npi) {
        if (2 * (keys_.size() + 1) > slots_.size()) grow();
        std::size_t slot = home(npi, slots_.size());
        while (slots_[slot] != 0) {
            if (static_cast<std::uint32_t>(slots_[slot] >> 32) == npi) {
                return static_cast<std::uint32_t>(slots_[slot]);
            }
            slot = (slot + 1) & (slots_.size() - 1);
        }
        const auto id = static_cast<std::uint32_t>(keys_.size());
        slots_[slot] = (std::uint64_t{npi} << 32) | id;
        keys_.push_back(npi);
        return id;
    }
    /// Where a lookup of `npi` will start: prefetching it hides the cache miss.
    [[nodiscard]] const std::uint64_t* probe_start(std::uint32_t npi) const {
        return slots_.data() + home(npi, slots_.size());
    }
    /// NPIs in order of first appearance: key(id).
    [[nodiscard]] const std::vector<std::uint32_t>& keys() const { return keys_; }

   private:
    static constexpr std::size_t kInitial = 1 << 16;
    static std::size_t home(std::uint32_t npi, std::size_t capacity) {
        return static_cast<std::size_t>((npi * 0x9E3779B97F4A7C15ULL) >> 20) & (capacity - 1);
    }
    void grow() {
        std::vector<std::uint64_t> bigger(slots_.size() * 2, 0);
        for (std::uint64_t packed : slots_) {
            if (packed == 0) continue;
            std::size_t slot = home(static_cast<std::uint32_t>(packed >> 32), bigger.size());
            while (bigger[slot] != 0) slot = (slot + 1) & (bigger.size() - 1);
            bigger[slot] = packed;
        }
        slots_.swap(bigger);
    }
    std::vector<std::uint64_t> slots_;
    std::vector<std::uint32_t> keys_;
};

// A whole number with an optional ".0…" tail, at most 19 digits (fits 64 bits);
// false on anything else. Hand-rolled: the national parse is this loop.
bool parse_number(const char*& p, const char* end, std::uint64_t& value) {
    const char* const start = p;
    std::uint64_t x = 0;
    while (p < end && static_cast<unsigned>(*p - '0') < 10U) {
        x = x * 10 + static_cast<unsigned>(*p - '0');
        if (++p - start > 19) return false;
    }
    if (p == start) return false;
    if (p < end && *p == '.') {
        ++p;
        while (p < end && *p == '0') ++p;
    }
    value = x;
    return true;
}

struct Chunk {
    const char* begin = nullptr;
    const char* end = nullptr;
    std::size_t first_row = 0;  ///< where its rows go in the output columns
    std::size_t room = 0;       ///< rows reserved for it there
    std::size_t rows = 0;
    NpiTable table;  ///< local ids in this chunk's first-appearance order
};

// Parses one chunk's rows into the output columns from `first_row` on, NPIs as
// numbers for now. False at the first irregular row.
bool parse_chunk(Chunk& chunk, CmsEdges& out, const std::function<void(double)>* progress,
                 const char* file_begin, std::size_t file_size) {
    const char* p = chunk.begin;
    const char* const end = chunk.end;
    std::size_t row = chunk.first_row;
    // Offsets, not pointers: a pointer 64 MiB past a small chunk is undefined.
    constexpr std::size_t kReportEvery = std::size_t{64} << 20;
    std::size_t next_report = static_cast<std::size_t>(p - file_begin) + kReportEvery;
    constexpr std::uint64_t kMax = std::numeric_limits<std::uint32_t>::max();
    while (p < end) {
        if (*p == '\n' || *p == '\r') {
            ++p;
            continue;
        }
        std::uint64_t field[5] = {};
        for (int k = 0; k < 5; ++k) {
            const char* start = p;
            if (!parse_number(p, end, field[k])) return false;
            // An NPI is ten digits and nothing else: "171863811." and
            // "19619398.0" are ten characters with a decimal tail.
            if (k < 2 && (p - start != 10 || *start == '0' || field[k] > kMax ||
                          std::memchr(start, '.', 10) != nullptr))
                return false;
            if (k < 4 && (p >= end || *p++ != ',')) return false;
        }
        if (p < end && *p == '\r') ++p;
        if (p < end && *p++ != '\n') return false;
        if (field[2] == 0 || field[2] > kMax || field[3] > kMax || field[4] > kMax) return false;
        if (row == chunk.first_row + chunk.room) return false;  // cannot happen: rows >= 28 bytes
        out.from[row] = static_cast<std::uint32_t>(field[0]);
        out.to[row] = static_cast<std::uint32_t>(field[1]);
        out.count[row] = static_cast<std::uint32_t>(field[2]);
        out.beneficiaries[row] = static_cast<std::uint32_t>(field[3]);
        ++row;
        const auto offset = static_cast<std::size_t>(p - file_begin);
        if (progress != nullptr && offset >= next_report) {
            (*progress)(0.8 * static_cast<double>(offset) / static_cast<double>(file_size));
            next_report = offset + kReportEvery;
        }
    }
    chunk.rows = row - chunk.first_row;
    return true;
}

// Replaces the chunk's NPIs by local ids. A lookup a few rows ahead is
// prefetched so that several cache misses are in flight at once.
void number_chunk(Chunk& chunk, CmsEdges& out) {
    constexpr std::size_t kAhead = 16;
    const std::size_t begin = chunk.first_row;
    const std::size_t end = begin + chunk.rows;
    std::uint32_t last_npi = 0;
    std::uint32_t last_id = 0;
    for (std::size_t i = begin; i < end; ++i) {
        if (i + kAhead < end) __builtin_prefetch(chunk.table.probe_start(out.to[i + kAhead]));
        // CMS files are sorted by npi1: most rows repeat the previous sender.
        const std::uint32_t from = out.from[i];
        if (from != last_npi) {
            last_npi = from;
            last_id = chunk.table.find_or_add(from);
        }
        out.from[i] = last_id;
        out.to[i] = chunk.table.find_or_add(out.to[i]);
    }
}

}  // namespace

std::optional<CmsEdges> read_cms_fast(const std::string& path,
                                      const std::function<void(double)>& progress) {
    const MappedFile file(path, MappedFile::Access::sequential, "a CSV file");
    const char* const data = file.begin();
    const std::size_t size = file.size();
    // An empty file is the general reader's to refuse (it has no header).
    if (size == 0) return std::nullopt;
    const int threads = size < (1 << 20) ? 1 : std::max(1, omp_get_max_threads());
    std::vector<Chunk> chunks(static_cast<std::size_t>(threads));
    // Chunks end just after a newline, so no row straddles two.
    for (std::size_t c = 0; c < chunks.size(); ++c) {
        const auto cut = [&](std::size_t k) -> const char* {
            if (k == 0) return data;
            if (k == chunks.size()) return data + size;
            const char* guess = data + size / chunks.size() * k;
            const void* nl =
                std::memchr(guess, '\n', static_cast<std::size_t>(data + size - guess));
            return nl == nullptr ? data + size : static_cast<const char*>(nl) + 1;
        };
        chunks[c].begin = cut(c);
        chunks[c].end = std::max(chunks[c].begin, cut(c + 1));
    }
    // The shortest row the parser accepts, "1234567890,1234567890,1,1,0", is 27
    // bytes plus its newline, so a chunk of B bytes holds at most B / 27 + 1
    // rows: room is reserved by that bound instead of counting lines first (a
    // pass over 1.9 GB), and the gaps it leaves are closed afterwards.
    constexpr std::size_t kShortestRow = 27;
    std::size_t capacity = 0;
    for (auto& chunk : chunks) {
        chunk.first_row = capacity;
        chunk.room = static_cast<std::size_t>(chunk.end - chunk.begin) / kShortestRow + 1;
        capacity += chunk.room;
    }
    CmsEdges out;
    out.from.resize(capacity);
    out.to.resize(capacity);
    out.count.resize(capacity);
    out.beneficiaries.resize(capacity);
    bool regular = true;
#pragma omp parallel for num_threads(threads) schedule(static, 1) reduction(&& : regular)
    for (std::size_t c = 0; c < chunks.size(); ++c) {
        const auto* report = (c == 0 && progress) ? &progress : nullptr;
        regular = parse_chunk(chunks[c], out, report, data, size) && regular;
        if (regular) number_chunk(chunks[c], out);
    }
    if (!regular) return std::nullopt;
    // Nothing but line breaks is the general reader's to refuse, as an empty
    // file is (found by fuzz_cms_differential: a lone CR was an empty network).
    std::size_t parsed = 0;
    for (const auto& chunk : chunks) parsed += chunk.rows;
    if (parsed == 0) return std::nullopt;
    // Global ids in the order a serial reader meets the NPIs: chunk by chunk,
    // each chunk's new NPIs in its own first-appearance order.
    NpiTable global;
    std::vector<std::vector<std::uint32_t>> to_global(chunks.size());
    for (std::size_t c = 0; c < chunks.size(); ++c) {
        const auto& keys = chunks[c].table.keys();
        to_global[c].resize(keys.size());
        for (std::size_t k = 0; k < keys.size(); ++k) to_global[c][k] = global.find_or_add(keys[k]);
        chunks[c].table = NpiTable();
    }
#pragma omp parallel for num_threads(threads) schedule(static, 1)
    for (std::size_t c = 0; c < chunks.size(); ++c) {
        const auto& map = to_global[c];
        const std::size_t end = chunks[c].first_row + chunks[c].rows;
        for (std::size_t i = chunks[c].first_row; i < end; ++i) {
            out.from[i] = map[out.from[i]];
            out.to[i] = map[out.to[i]];
        }
    }
    std::size_t rows = 0;
    for (const auto& chunk : chunks) {
        const auto close_gap = [&](auto& column) {
            std::memmove(column.data() + rows, column.data() + chunk.first_row,
                         chunk.rows * sizeof(column[0]));
        };
        if (chunk.first_row != rows) {
            close_gap(out.from);
            close_gap(out.to);
            close_gap(out.count);
            close_gap(out.beneficiaries);
        }
        rows += chunk.rows;
    }
    out.from.resize(rows);
    out.to.resize(rows);
    out.count.resize(rows);
    out.beneficiaries.resize(rows);
    if (progress) progress(0.9);
    char text[24];
    out.ids.reserve(global.keys().size());
    for (std::uint32_t npi : global.keys()) {
        const auto [last, ec] = std::to_chars(text, text + sizeof text, npi);
        (void)ec;
        out.ids.insert(std::string_view(text, static_cast<std::size_t>(last - text)));
    }
    if (progress) progress(1.0);
    return out;
}

}  // namespace refnet::io

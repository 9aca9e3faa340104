#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <limits>
#include <refnet/io/error.hpp>
#include <refnet/io/fast_cms.hpp>

namespace refnet::io {

namespace {

// NPI -> NodeId with open addressing. Hand-written because a std::unordered_map
// of strings was the bottleneck of the national ingest: 124 M lookups of
// node-allocated keys; here a key is the NPI as an integer and a probe is one
// cache line.
class NpiTable {
   public:
    NpiTable() : keys_(kInitial, 0), values_(kInitial, 0) {}
    /// The id of `npi` (> 0), adding it as `next` if new.
    graph::NodeId find_or_add(std::uint64_t npi, graph::NodeId next, bool& added) {
        if (2 * (size_ + 1) > keys_.size()) grow();
        std::size_t slot = hash(npi) & (keys_.size() - 1);
        while (keys_[slot] != 0) {
            if (keys_[slot] == npi) {
                added = false;
                return values_[slot];
            }
            slot = (slot + 1) & (keys_.size() - 1);
        }
        keys_[slot] = npi;
        values_[slot] = next;
        ++size_;
        added = true;
        return next;
    }

   private:
    static constexpr std::size_t kInitial = 1 << 16;
    static std::uint64_t hash(std::uint64_t x) {
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccdULL;
        x ^= x >> 33;
        return x;
    }
    void grow() {
        std::vector<std::uint64_t> keys(keys_.size() * 2, 0);
        std::vector<graph::NodeId> values(keys.size(), 0);
        for (std::size_t i = 0; i < keys_.size(); ++i) {
            if (keys_[i] == 0) continue;
            std::size_t slot = hash(keys_[i]) & (keys.size() - 1);
            while (keys[slot] != 0) slot = (slot + 1) & (keys.size() - 1);
            keys[slot] = keys_[i];
            values[slot] = values_[i];
        }
        keys_.swap(keys);
        values_.swap(values);
    }
    std::vector<std::uint64_t> keys_;
    std::vector<graph::NodeId> values_;
    std::size_t size_ = 0;
};

class Mapping {
   public:
    explicit Mapping(const std::string& path) {
        fd_ = ::open(path.c_str(), O_RDONLY);
        if (fd_ < 0)
            throw InputError(path, 0, 0,
                             std::string("cannot open file (") + std::strerror(errno) + ")");
        struct stat info {};
        if (::fstat(fd_, &info) != 0 || !S_ISREG(info.st_mode)) {
            ::close(fd_);
            throw InputError(path, 0, 0, "is not a regular file (expected a CSV file)");
        }
        size_ = static_cast<std::size_t>(info.st_size);
        if (size_ > 0) {
            data_ = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd_, 0);
            if (data_ == MAP_FAILED) {
                ::close(fd_);
                throw InputError(path, 0, 0,
                                 std::string("cannot map file (") + std::strerror(errno) + ")");
            }
            ::madvise(data_, size_, MADV_SEQUENTIAL);
        }
    }
    ~Mapping() {
        if (data_ != nullptr && data_ != MAP_FAILED) ::munmap(data_, size_);
        ::close(fd_);
    }
    Mapping(const Mapping&) = delete;
    Mapping& operator=(const Mapping&) = delete;
    [[nodiscard]] const char* begin() const { return static_cast<const char*>(data_); }
    [[nodiscard]] std::size_t size() const { return size_; }

   private:
    int fd_ = -1;
    void* data_ = nullptr;
    std::size_t size_ = 0;
};

// Parses a whole number with an optional ".0…" tail up to `end`; false on anything else.
bool parse_number(const char*& p, const char* end, std::uint64_t& value) {
    const auto [next, ec] = std::from_chars(p, end, value);
    if (ec != std::errc{} || next == p) return false;
    p = next;
    if (p < end && *p == '.') {
        ++p;
        while (p < end && *p == '0') ++p;
    }
    return true;
}

}  // namespace

std::optional<CmsEdges> read_cms_fast(const std::string& path,
                                      const std::function<void(double)>& progress) {
    const Mapping file(path);
    const char* p = file.begin();
    const char* const end = p + file.size();
    CmsEdges out;
    // About 30 bytes a row in CMS files: reserve once instead of regrowing.
    const std::size_t rows_guess = file.size() / 30 + 16;
    out.from.reserve(rows_guess);
    out.to.reserve(rows_guess);
    out.count.reserve(rows_guess);
    out.beneficiaries.reserve(rows_guess);
    NpiTable table;
    std::vector<std::uint64_t> npis;  // by NodeId, for the IdMap afterwards
    const char* next_report = p + (64 << 20);
    std::uint64_t last_npi = 0;
    graph::NodeId last_id = 0;
    while (p < end) {
        if (*p == '\n' || *p == '\r') {
            ++p;
            continue;
        }
        std::uint64_t field[5] = {};
        for (int k = 0; k < 5; ++k) {
            const char* start = p;
            if (!parse_number(p, end, field[k])) return std::nullopt;
            if (k < 2 && (p - start != 10 || *start == '0'))
                return std::nullopt;  // NPIs: 10 digits
            if (k < 4 && (p >= end || *p++ != ',')) return std::nullopt;
        }
        if (p < end && *p == '\r') ++p;
        if (p < end && *p++ != '\n') return std::nullopt;
        constexpr std::uint64_t kMax = std::numeric_limits<std::uint32_t>::max();
        if (field[2] == 0 || field[2] > kMax || field[3] > kMax || field[4] > kMax)
            return std::nullopt;
        graph::NodeId ends[2];
        for (int k = 0; k < 2; ++k) {
            // CMS files are sorted by npi1: most rows repeat the previous sender.
            if (k == 0 && field[0] == last_npi) {
                ends[0] = last_id;
                continue;
            }
            bool added = false;
            ends[k] = table.find_or_add(field[k], static_cast<graph::NodeId>(npis.size()), added);
            if (added) npis.push_back(field[k]);
        }
        last_npi = field[0];
        last_id = ends[0];
        out.from.push_back(ends[0]);
        out.to.push_back(ends[1]);
        out.count.push_back(static_cast<std::uint32_t>(field[2]));
        out.beneficiaries.push_back(static_cast<std::uint32_t>(field[3]));
        if (progress && p >= next_report) {
            progress(static_cast<double>(p - file.begin()) / static_cast<double>(file.size()));
            next_report = p + (64 << 20);
        }
    }
    if (progress) progress(1.0);
    char text[24];
    for (std::uint64_t npi : npis) {
        const auto [last, ec] = std::to_chars(text, text + sizeof text, npi);
        (void)ec;
        out.ids.insert(std::string_view(text, static_cast<std::size_t>(last - text)));
    }
    return out;
}

}  // namespace refnet::io

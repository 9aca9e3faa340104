#include <omp.h>
#include <xxhash.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <refnet/graph/parallel.hpp>
#include <refnet/io/csv.hpp>
#include <refnet/io/event_dates.hpp>
#include <refnet/io/output.hpp>
#include <refnet/io/snapshot.hpp>
#include <span>
#include <type_traits>

#include "mapped_file.hpp"

namespace refnet::io {

namespace {

// The trailing \x1a\n catch a file mangled by text-mode copies, as PNG's do.
constexpr std::array<char, 8> kMagic{'R', 'E', 'F', 'N', 'E', 'T', '\x1a', '\n'};
constexpr std::uint32_t kByteOrderMark = 0x01020304;
constexpr std::size_t kAlign = 64;
// Checksummed in independent blocks so that opening can verify them in parallel.
constexpr std::size_t kBlock = std::size_t{16} << 20;

struct Header {
    std::array<char, 8> magic;
    std::uint32_t version;
    std::uint32_t byte_order;
    std::uint64_t file_size;
    std::uint64_t checksum;
    std::uint64_t nodes;
    std::uint64_t edges;
    std::uint32_t sections;
    std::uint32_t header_size;
    std::array<std::uint8_t, 72> reserved;
};
static_assert(sizeof(Header) == 128 && std::is_trivially_copyable_v<Header>);
constexpr std::size_t kHeaderSize = sizeof(Header);

enum class SectionId : std::uint32_t {
    out_offsets = 1,
    out_targets,
    in_offsets,
    in_sources,
    in_edge_ids,
    edge_column,  // 9 of them, in EdgeAttributes::for_each order
    id_offsets = 20,
    id_chars,
    need_offsets,
    need_chars,
    provider_offsets,
    provider_records,
    groups,
    referrals,
    touchpoints,
    metadata,
    scoring_context,  // optional: opaque to io, read in place by scoring
    id_slots,         // the id map's hash table (graph::IdMap::slots)
};

struct SectionEntry {
    std::uint32_t id;
    std::uint32_t element_size;
    std::uint64_t offset;
    std::uint64_t bytes;
};
static_assert(sizeof(SectionEntry) == 24);

// Events as fixed records with zeroed padding, so equal data gives equal bytes.
struct ReferralRecord {
    std::int32_t date;
    std::uint32_t from;
    std::uint32_t to;
    std::uint32_t count;
    std::uint32_t need;
    std::uint8_t status;
    std::array<std::uint8_t, 3> padding;
    std::int32_t days_to_appointment;
    std::int32_t feedback_days;
    float satisfaction;
    std::uint32_t beneficiaries;
};
static_assert(sizeof(ReferralRecord) == 40 && std::is_trivially_copyable_v<ReferralRecord>);

struct TouchpointRecord {
    std::int32_t date;
    std::uint32_t provider;
    std::uint32_t by;
    std::uint8_t kind;
    std::array<std::uint8_t, 3> padding;
};
static_assert(sizeof(TouchpointRecord) == 16 && std::is_trivially_copyable_v<TouchpointRecord>);

std::size_t align_up(std::size_t x) { return (x + kAlign - 1) / kAlign * kAlign; }

// Variable-length node attributes: little-endian scalars and length-prefixed strings.
class Encoder {
   public:
    template <typename T>
    void scalar(T value) {
        static_assert(std::is_trivially_copyable_v<T>);
        const auto* p = reinterpret_cast<const char*>(&value);
        bytes_.insert(bytes_.end(), p, p + sizeof(T));
    }
    void text(std::string_view s) {
        scalar(static_cast<std::uint32_t>(s.size()));
        bytes_.insert(bytes_.end(), s.begin(), s.end());
    }
    [[nodiscard]] std::size_t size() const { return bytes_.size(); }
    [[nodiscard]] const std::vector<char>& bytes() const { return bytes_; }

   private:
    std::vector<char> bytes_;
};

// Reads what Encoder wrote; every read is bounds-checked and a failure sticks,
// so a corrupt record is reported, never read past.
class Decoder {
   public:
    Decoder(const char* begin, const char* end) : p_(begin), end_(end) {}
    template <typename T>
    T scalar() {
        T value{};
        if (static_cast<std::size_t>(end_ - p_) < sizeof(T)) {
            ok_ = false;
            return value;
        }
        std::memcpy(&value, p_, sizeof(T));
        p_ += sizeof(T);
        return value;
    }
    std::string text() {
        const auto length = scalar<std::uint32_t>();
        if (!ok_ || static_cast<std::size_t>(end_ - p_) < length) {
            ok_ = false;
            return {};
        }
        std::string s(p_, length);
        p_ += length;
        return s;
    }
    [[nodiscard]] bool ok() const { return ok_; }
    [[nodiscard]] bool done() const { return p_ == end_; }

   private:
    const char* p_;
    const char* end_;
    bool ok_ = true;
};

void encode_provider(const graph::Provider& p, Encoder& out) {
    for (const std::string* s :
         {&p.id, &p.name, &p.taxonomy, &p.specialty, &p.city, &p.state, &p.zip}) {
        out.text(*s);
    }
    out.scalar(static_cast<std::uint8_t>(p.group));
    out.scalar(p.lat);
    out.scalar(p.lon);
    for (const auto* needs : {&p.needs_seen, &p.needs_served}) {
        out.scalar(static_cast<std::uint32_t>(needs->size()));
        for (const auto& w : *needs) {
            out.text(w.need);
            out.scalar(w.weight);
        }
    }
    const auto tri = [](const std::optional<bool>& b) -> std::uint8_t {
        return b ? (*b ? 2 : 1) : 0;
    };
    out.scalar(tri(p.accepting_new));
    out.scalar(tri(p.telehealth));
    out.scalar(static_cast<std::uint32_t>(p.licensed_states.size()));
    for (const auto& s : p.licensed_states) out.text(s);
}

bool decode_provider(Decoder& in, graph::Provider& p) {
    for (std::string* s : {&p.id, &p.name, &p.taxonomy, &p.specialty, &p.city, &p.state, &p.zip}) {
        *s = in.text();
    }
    const auto group = in.scalar<std::uint8_t>();
    if (group >= graph::kGroupCount) return false;
    p.group = static_cast<graph::Group>(group);
    p.lat = in.scalar<double>();
    p.lon = in.scalar<double>();
    for (auto* needs : {&p.needs_seen, &p.needs_served}) {
        const auto count = in.scalar<std::uint32_t>();
        for (std::uint32_t i = 0; i < count && in.ok(); ++i) {
            graph::NeedWeight w;
            w.need = in.text();
            w.weight = in.scalar<double>();
            needs->push_back(std::move(w));
        }
    }
    const auto tri = [](std::uint8_t v) -> std::optional<bool> {
        if (v == 0) return std::nullopt;
        return v == 2;
    };
    const auto accepting = in.scalar<std::uint8_t>();
    const auto telehealth = in.scalar<std::uint8_t>();
    if (accepting > 2 || telehealth > 2) return false;
    p.accepting_new = tri(accepting);
    p.telehealth = tri(telehealth);
    const auto states = in.scalar<std::uint32_t>();
    for (std::uint32_t i = 0; i < states && in.ok(); ++i) p.licensed_states.push_back(in.text());
    // The readers accept only UTF-8: text that is not came from elsewhere.
    const auto utf8 = [](const std::string& text) {
        return find_invalid_utf8(text) == std::string::npos;
    };
    for (const std::string* s :
         {&p.id, &p.name, &p.taxonomy, &p.specialty, &p.city, &p.state, &p.zip}) {
        if (!utf8(*s)) return false;
    }
    for (const auto* needs : {&p.needs_seen, &p.needs_served}) {
        for (const auto& w : *needs) {
            if (!utf8(w.need) || !std::isfinite(w.weight)) return false;
        }
    }
    for (const auto& state : p.licensed_states) {
        if (!utf8(state)) return false;
    }
    // The readers' ranges (NaN: no location); a forged coordinate would
    // overflow the service grid's cell numbers.
    const bool lat_ok = std::isnan(p.lat) || std::abs(p.lat) <= 90.0;
    const bool lon_ok = std::isnan(p.lon) || std::abs(p.lon) <= 180.0;
    return in.ok() && in.done() && lat_ok && lon_ok;
}

// A string table: offsets (n + 1) into one block of characters.
struct StringTable {
    std::vector<std::uint64_t> offsets{0};
    std::string chars;
    explicit StringTable(const std::vector<std::string>& keys) {
        offsets.reserve(keys.size() + 1);
        for (const auto& k : keys) {
            chars += k;
            offsets.push_back(chars.size());
        }
    }
};

nlohmann::ordered_json metadata_json(const Dataset& data) {
    nlohmann::ordered_json sources = nlohmann::ordered_json::array();
    for (const auto& f : data.files) sources.push_back(read_stats_json(f));
    const auto& b = data.build;
    return {{"format", "refnet-snapshot"},
            {"version", kSnapshotVersion},
            {"sources", sources},
            {"nppes_matched", data.nppes_matched},
            {"shared_patients", data.shared_patients},
            {"build",
             {{"events", b.events},
              {"referrals", b.referrals},
              {"merged_events", b.merged_events},
              {"self_loop_edges", b.self_loop_edges},
              {"self_loop_referrals", b.self_loop_referrals},
              {"first_date", b.first_date.days},
              {"last_date", b.last_date.days}}}};
}

// Digests of 16 MiB blocks as the payload streams past, then one digest of them.
class BlockHasher {
   public:
    BlockHasher() : state_(XXH3_createState()) {
        if (state_ == nullptr) throw std::bad_alloc();
        XXH3_64bits_reset(state_);
    }
    ~BlockHasher() { XXH3_freeState(state_); }
    BlockHasher(const BlockHasher&) = delete;
    BlockHasher& operator=(const BlockHasher&) = delete;
    void update(const char* data, std::size_t size) {
        while (size > 0) {
            const std::size_t take = std::min(size, kBlock - filled_);
            XXH3_64bits_update(state_, data, take);
            filled_ += take;
            data += take;
            size -= take;
            if (filled_ == kBlock) {
                digests_.push_back(XXH3_64bits_digest(state_));
                XXH3_64bits_reset(state_);
                filled_ = 0;
            }
        }
    }
    std::uint64_t finish() {
        if (filled_ > 0) digests_.push_back(XXH3_64bits_digest(state_));
        return XXH3_64bits(digests_.data(), digests_.size() * sizeof(std::uint64_t));
    }

   private:
    XXH3_state_t* state_;
    std::size_t filled_ = 0;
    std::vector<std::uint64_t> digests_;
};

std::uint64_t checksum_of(const char* payload, std::size_t size) {
    const std::size_t blocks = (size + kBlock - 1) / kBlock;
    std::vector<std::uint64_t> digests(blocks);
#pragma omp parallel for schedule(dynamic, 1)
    for (std::size_t b = 0; b < blocks; ++b) {
        const std::size_t begin = b * kBlock;
        digests[b] = XXH3_64bits(payload + begin, std::min(kBlock, size - begin));
    }
    return XXH3_64bits(digests.data(), digests.size() * sizeof(std::uint64_t));
}

// The header is checksummed too (with its checksum field as 0), seeded by the
// payload's: a flipped count, size or reserved byte fails like a flipped edge.
std::uint64_t checksum_with_header(Header header, std::uint64_t payload) {
    header.checksum = 0;
    return XXH3_64bits_withSeed(&header, kHeaderSize, payload);
}

struct PendingSection {
    SectionId id;
    std::uint32_t element_size;
    const char* data;
    std::size_t bytes;
    const StreamedSection* streamed = nullptr;  // instead of `data`
};

template <typename T>
PendingSection section(SectionId id, std::span<const T> values) {
    return {id, sizeof(T), reinterpret_cast<const char*>(values.data()), values.size_bytes()};
}

std::runtime_error write_failed() { return std::runtime_error("snapshot: write failed"); }

}  // namespace

SnapshotInfo write_snapshot(const Dataset& data, std::ostream& out,
                            const StreamedSection& scoring_context) {
    const graph::NetworkArrays net = data.network.arrays();
    const StringTable ids(data.ids.keys());
    // A table of the keys alone, so that the bytes never depend on how the
    // map grew while it was read.
    graph::IdMap canonical;
    canonical.reserve(data.ids.size());
    for (const auto& key : data.ids.keys()) canonical.insert(key);
    const StringTable needs(data.needs.keys());
    Encoder providers;
    std::vector<std::uint64_t> provider_offsets{0};
    provider_offsets.reserve(data.providers.size() + 1);
    for (const auto& p : data.providers) {
        encode_provider(p, providers);
        provider_offsets.push_back(providers.size());
    }
    std::vector<std::uint8_t> groups(data.groups.size());
    std::transform(data.groups.begin(), data.groups.end(), groups.begin(),
                   [](graph::Group g) { return static_cast<std::uint8_t>(g); });
    std::vector<ReferralRecord> referrals(data.referrals.size());
    for (std::size_t i = 0; i < referrals.size(); ++i) {
        const auto& r = data.referrals[i];
        referrals[i] = {r.date.days,
                        r.from,
                        r.to,
                        r.count,
                        r.need,
                        static_cast<std::uint8_t>(r.status),
                        {0, 0, 0},
                        r.days_to_appointment,
                        r.feedback_days,
                        r.satisfaction,
                        r.beneficiaries};
    }
    std::vector<TouchpointRecord> touchpoints(data.touchpoints.size());
    for (std::size_t i = 0; i < touchpoints.size(); ++i) {
        const auto& t = data.touchpoints[i];
        touchpoints[i] = {
            t.date.days, t.provider, t.by, static_cast<std::uint8_t>(t.kind), {0, 0, 0}};
    }
    const std::string metadata = metadata_json(data).dump();

    std::vector<PendingSection> sections{
        section(SectionId::out_offsets, net.out_offsets),
        section(SectionId::out_targets, net.out_targets),
        section(SectionId::in_offsets, net.in_offsets),
        section(SectionId::in_sources, net.in_sources),
        section(SectionId::in_edge_ids, net.in_edge_ids),
    };
    std::uint32_t column = 0;
    net.attributes.for_each([&](const char*, const auto& values) {
        auto s = section(SectionId::edge_column, values);
        s.id =
            static_cast<SectionId>(static_cast<std::uint32_t>(SectionId::edge_column) + column++);
        sections.push_back(s);
    });
    sections.push_back(section(SectionId::id_offsets, std::span<const std::uint64_t>(ids.offsets)));
    sections.push_back({SectionId::id_chars, 1, ids.chars.data(), ids.chars.size()});
    sections.push_back(section(SectionId::id_slots, canonical.slots()));
    sections.push_back(
        section(SectionId::need_offsets, std::span<const std::uint64_t>(needs.offsets)));
    sections.push_back({SectionId::need_chars, 1, needs.chars.data(), needs.chars.size()});
    sections.push_back(
        section(SectionId::provider_offsets, std::span<const std::uint64_t>(provider_offsets)));
    sections.push_back(
        {SectionId::provider_records, 1, providers.bytes().data(), providers.size()});
    sections.push_back(section(SectionId::groups, std::span<const std::uint8_t>(groups)));
    sections.push_back(section(SectionId::referrals, std::span<const ReferralRecord>(referrals)));
    sections.push_back(
        section(SectionId::touchpoints, std::span<const TouchpointRecord>(touchpoints)));
    sections.push_back({SectionId::metadata, 1, metadata.data(), metadata.size()});
    if (scoring_context.bytes > 0) {
        sections.push_back(
            {SectionId::scoring_context, 1, nullptr, scoring_context.bytes, &scoring_context});
    }

    std::vector<SectionEntry> table;
    std::size_t offset = align_up(kHeaderSize + sections.size() * sizeof(SectionEntry));
    for (const auto& s : sections) {
        table.push_back({static_cast<std::uint32_t>(s.id), s.element_size, offset, s.bytes});
        offset = align_up(offset + s.bytes);
    }
    Header header{};
    header.magic = kMagic;
    header.version = kSnapshotVersion;
    header.byte_order = kByteOrderMark;
    header.file_size = offset;
    header.nodes = net.num_nodes;
    header.edges = net.out_targets.size();
    header.sections = static_cast<std::uint32_t>(sections.size());
    header.header_size = kHeaderSize;

    const std::streampos start = out.tellp();
    BlockHasher hasher;
    std::size_t written = kHeaderSize;
    const std::array<char, kAlign> zeros{};
    auto emit = [&](const char* bytes, std::size_t size) {
        out.write(bytes, static_cast<std::streamsize>(size));
        hasher.update(bytes, size);
        written += size;
    };
    auto pad = [&] { emit(zeros.data(), align_up(written) - written); };
    out.write(reinterpret_cast<const char*>(&header), kHeaderSize);
    emit(reinterpret_cast<const char*>(table.data()), table.size() * sizeof(SectionEntry));
    pad();
    for (const auto& s : sections) {
        if (s.streamed != nullptr) {
            const std::size_t before = written;
            s.streamed->write([&](const char* bytes, std::size_t size) { emit(bytes, size); });
            if (written - before != s.bytes) throw write_failed();
        }
        // Large arrays go out in slices so the stream never buffers gigabytes.
        for (std::size_t done = 0; s.data != nullptr && done < s.bytes; done += kBlock) {
            emit(s.data + done, std::min(kBlock, s.bytes - done));
        }
        pad();
    }
    header.checksum = checksum_with_header(header, hasher.finish());
    if (!out) throw write_failed();
    out.seekp(start + static_cast<std::streamoff>(offsetof(Header, checksum)));
    out.write(reinterpret_cast<const char*>(&header.checksum), sizeof header.checksum);
    out.seekp(start + static_cast<std::streamoff>(written));
    if (!out) throw write_failed();
    return {header.version, header.file_size, header.nodes, header.edges, header.checksum};
}

namespace {

constexpr const char* kExpected = "a snapshot written by refnet import";

Header read_header(const std::string& path, const char* bytes, std::size_t size) {
    Header h{};
    if (size < kHeaderSize || std::memcmp(bytes, kMagic.data(), kMagic.size()) != 0) {
        throw InputError(path, 0, 0,
                         std::string("is not a RefNet snapshot (expected ") + kExpected + ")");
    }
    std::memcpy(&h, bytes, kHeaderSize);
    if (h.byte_order != kByteOrderMark) {
        throw InputError(path, 0, 0,
                         "snapshot was written on a machine of the other byte order (expected a "
                         "snapshot made on this kind of machine; re-run refnet import)");
    }
    if (h.version != kSnapshotVersion) {
        throw InputError(path, 0, 0,
                         "snapshot format version " + std::to_string(h.version) +
                             " is not supported (expected version " +
                             std::to_string(kSnapshotVersion) + "; re-run refnet import)");
    }
    if (h.file_size != size) {
        throw InputError(path, 0, 0,
                         "snapshot is " +
                             std::string(size < h.file_size ? "truncated" : "too long") + ": " +
                             std::to_string(size) + " bytes (expected " +
                             std::to_string(h.file_size) + " as its header says)");
    }
    if (h.header_size != kHeaderSize ||
        std::any_of(h.reserved.begin(), h.reserved.end(), [](std::uint8_t b) { return b != 0; })) {
        throw InputError(path, 0, 0,
                         "snapshot is corrupt: header (expected " + std::string(kExpected) + ")");
    }
    return h;
}

[[noreturn]] void corrupt(const std::string& path, const std::string& what) {
    throw InputError(path, 0, 0, "snapshot is corrupt: " + what + " (expected " + kExpected + ")");
}

class SnapshotReader {
   public:
    SnapshotReader(std::string path, std::shared_ptr<const MappedFile> file, const Header& header)
        : path_(std::move(path)), file_(std::move(file)) {
        const std::size_t table_end =
            kHeaderSize + std::size_t{header.sections} * sizeof(SectionEntry);
        if (header.sections == 0 || header.sections > 1000 || table_end > file_->size())
            corrupt(path_, "section table");
        entries_.resize(header.sections);
        std::memcpy(entries_.data(), file_->begin() + kHeaderSize,
                    entries_.size() * sizeof(SectionEntry));
        for (const auto& e : entries_) {
            if (e.offset % kAlign != 0 || e.offset > file_->size() ||
                e.bytes > file_->size() - e.offset || e.element_size == 0 ||
                e.bytes % e.element_size != 0) {
                corrupt(path_, "section " + std::to_string(e.id) + " lies outside the file");
            }
        }
    }

    template <typename T>
    std::span<const T> array(SectionId id) const {
        const SectionEntry& e = find(id);
        if (e.element_size != sizeof(T)) {
            corrupt(path_, "section " + std::to_string(e.id) + " has elements of " +
                               std::to_string(e.element_size) + " bytes");
        }
        return {reinterpret_cast<const T*>(file_->begin() + e.offset), e.bytes / sizeof(T)};
    }

    std::vector<std::string> strings(SectionId offsets_id, SectionId chars_id) const {
        const auto offsets = array<std::uint64_t>(offsets_id);
        const auto chars = array<char>(chars_id);
        if (offsets.empty() || offsets.front() != 0) corrupt(path_, "string table");
        std::vector<std::string> out(offsets.size() - 1);
        for (std::size_t i = 0; i + 1 < offsets.size(); ++i) {
            if (offsets[i] > offsets[i + 1] || offsets[i + 1] > chars.size()) {
                corrupt(path_, "string table");
            }
            out[i].assign(chars.data() + offsets[i], offsets[i + 1] - offsets[i]);
        }
        return out;
    }

    [[nodiscard]] bool has(SectionId id) const {
        return std::any_of(entries_.begin(), entries_.end(), [&](const SectionEntry& e) {
            return e.id == static_cast<std::uint32_t>(id);
        });
    }

   private:
    const SectionEntry& find(SectionId id) const {
        for (const auto& e : entries_) {
            if (e.id == static_cast<std::uint32_t>(id)) return e;
        }
        corrupt(path_, "section " + std::to_string(static_cast<std::uint32_t>(id)) + " is missing");
    }
    std::string path_;
    std::shared_ptr<const MappedFile> file_;
    std::vector<SectionEntry> entries_;
};

}  // namespace

std::uint64_t snapshot_checksum(std::string_view file) {
    if (file.size() < kHeaderSize) return 0;
    Header header{};
    std::memcpy(&header, file.data(), kHeaderSize);
    return checksum_with_header(header,
                                checksum_of(file.data() + kHeaderSize, file.size() - kHeaderSize));
}

SnapshotInfo read_snapshot_info(const std::string& path) {
    const MappedFile file(path, MappedFile::Access::sequential, kExpected);
    const Header h = read_header(path, file.begin(), file.size());
    return {h.version, h.file_size, h.nodes, h.edges, h.checksum};
}

Dataset open_snapshot(const std::string& path) {
    auto file = std::make_shared<const MappedFile>(path, MappedFile::Access::whole, kExpected);
    const Header header = read_header(path, file->begin(), file->size());
    const std::uint64_t actual = checksum_with_header(
        header, checksum_of(file->begin() + kHeaderSize, file->size() - kHeaderSize));
    if (actual != header.checksum) {
        corrupt(path, "its checksum does not match its contents");
    }
    const SnapshotReader reader(path, file, header);
    if (header.nodes >= graph::kNoNode) corrupt(path, "node count");

    Dataset data;
    graph::NetworkArrays net;
    net.num_nodes = static_cast<graph::NodeId>(header.nodes);
    net.out_offsets = reader.array<graph::EdgeId>(SectionId::out_offsets);
    net.out_targets = reader.array<graph::NodeId>(SectionId::out_targets);
    net.in_offsets = reader.array<graph::EdgeId>(SectionId::in_offsets);
    net.in_sources = reader.array<graph::NodeId>(SectionId::in_sources);
    net.in_edge_ids = reader.array<graph::EdgeId>(SectionId::in_edge_ids);
    std::uint32_t column = 0;
    net.attributes.for_each([&](const char*, auto& values) {
        using T = typename std::remove_reference_t<decltype(values)>::element_type;
        values = reader.array<std::remove_const_t<T>>(
            static_cast<SectionId>(static_cast<std::uint32_t>(SectionId::edge_column) + column++));
    });
    try {
        data.network = graph::Network::from_arrays(net, file);
    } catch (const std::invalid_argument& e) {
        corrupt(path, e.what());
    }
    const std::size_t n = header.nodes;
    if (header.edges != data.network.num_edges()) corrupt(path, "edge count");
    // Dates the readers would refuse (a year past today): a forged 2^31 - 1
    // days would overflow "the day after the last event".
    const auto last_dates = net.attributes.last_date;
    std::int64_t implausible = 0;
#pragma omp parallel for schedule(static) reduction(+ : implausible) \
    if (graph::worth_a_team(last_dates.size()))
    for (std::int64_t e = 0; e < static_cast<std::int64_t>(last_dates.size()); ++e) {
        const graph::Date d = last_dates[static_cast<std::size_t>(e)];
        if (d.valid() && !plausible_event_date(d)) ++implausible;
    }
    if (implausible > 0) corrupt(path, "edge dates");

    auto keys = reader.strings(SectionId::id_offsets, SectionId::id_chars);
    if (keys.size() != n) corrupt(path, "id map size");
    try {
        data.ids = graph::IdMap::viewing(std::move(keys),
                                         reader.array<graph::NodeId>(SectionId::id_slots), file);
    } catch (const std::invalid_argument& e) {
        corrupt(path, std::string("id map: ") + e.what());
    }
    for (const auto& k : reader.strings(SectionId::need_offsets, SectionId::need_chars)) {
        data.needs.insert(k);
    }

    const auto offsets = reader.array<std::uint64_t>(SectionId::provider_offsets);
    const auto records = reader.array<char>(SectionId::provider_records);
    if (offsets.size() != n + 1 || offsets.front() != 0) corrupt(path, "provider table");
    data.providers.resize(n);
    std::int64_t broken = 0;
#pragma omp parallel for schedule(dynamic, 4096) reduction(+ : broken) if (graph::worth_a_team(n))
    for (std::int64_t si = 0; si < static_cast<std::int64_t>(n); ++si) {
        const auto i = static_cast<std::size_t>(si);
        if (offsets[i] > offsets[i + 1] || offsets[i + 1] > records.size()) {
            ++broken;
            continue;
        }
        Decoder in(records.data() + offsets[i], records.data() + offsets[i + 1]);
        if (!decode_provider(in, data.providers[i])) ++broken;
    }
    if (broken > 0) corrupt(path, "provider records");
    const auto groups = reader.array<std::uint8_t>(SectionId::groups);
    if (groups.size() != n) corrupt(path, "group table");
    data.groups.reserve(n);
    for (const std::uint8_t g : groups) {
        if (g >= graph::kGroupCount) corrupt(path, "group table");
        data.groups.push_back(static_cast<graph::Group>(g));
    }

    const auto need_count = data.needs.size();
    for (const auto& r : reader.array<ReferralRecord>(SectionId::referrals)) {
        const graph::Date date{r.date};
        if (r.from >= n || r.to >= n || (r.need != graph::kNoNeed && r.need >= need_count) ||
            r.status > static_cast<std::uint8_t>(graph::Status::no_show) || r.count == 0 ||
            (date.valid() && !plausible_event_date(date)) || r.days_to_appointment < -1 ||
            r.feedback_days < -1 ||
            (!std::isnan(r.satisfaction) && !(r.satisfaction >= 1.0F && r.satisfaction <= 5.0F))) {
            corrupt(path, "referral records");
        }
        graph::Referral event;
        event.date.days = r.date;
        event.from = r.from;
        event.to = r.to;
        event.count = r.count;
        event.need = r.need;
        event.status = static_cast<graph::Status>(r.status);
        event.days_to_appointment = r.days_to_appointment;
        event.feedback_days = r.feedback_days;
        event.satisfaction = r.satisfaction;
        event.beneficiaries = r.beneficiaries;
        data.referrals.push_back(event);
    }
    for (const auto& t : reader.array<TouchpointRecord>(SectionId::touchpoints)) {
        const graph::Date date{t.date};
        if (t.provider >= n || (t.by != graph::kNoNode && t.by >= n) ||
            (date.valid() && !plausible_event_date(date)) ||
            t.kind > static_cast<std::uint8_t>(graph::TouchKind::education)) {
            corrupt(path, "touchpoint records");
        }
        graph::Touchpoint touch;
        touch.date.days = t.date;
        touch.provider = t.provider;
        touch.by = t.by;
        touch.kind = static_cast<graph::TouchKind>(t.kind);
        data.touchpoints.push_back(std::move(touch));
    }

    const auto text = reader.array<char>(SectionId::metadata);
    const auto meta = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
    if (meta.is_discarded() || !meta.is_object()) corrupt(path, "metadata");
    try {
        for (const auto& s : meta.at("sources")) {
            data.files.push_back(
                {s.at("file").get<std::string>(), s.at("rows").get<std::uint64_t>(),
                 s.at("accepted").get<std::uint64_t>(), s.at("skipped").get<std::uint64_t>(),
                 s.at("ignored").get<std::uint64_t>()});
        }
        data.nppes_matched = meta.at("nppes_matched").get<std::uint64_t>();
        // Absent in snapshots written before the key existed: referrals.
        data.shared_patients = meta.value("shared_patients", false);
        const auto& b = meta.at("build");
        data.build.events = b.at("events").get<std::uint64_t>();
        data.build.referrals = b.at("referrals").get<std::uint64_t>();
        data.build.merged_events = b.at("merged_events").get<std::uint64_t>();
        data.build.self_loop_edges = b.at("self_loop_edges").get<std::uint64_t>();
        data.build.self_loop_referrals = b.at("self_loop_referrals").get<std::uint64_t>();
        data.build.first_date.days = b.at("first_date").get<std::int32_t>();
        data.build.last_date.days = b.at("last_date").get<std::int32_t>();
    } catch (const nlohmann::json::exception&) {
        corrupt(path, "metadata");
    }
    if (reader.has(SectionId::scoring_context)) {
        data.stored_context = reader.array<char>(SectionId::scoring_context);
        data.stored_context_owner = file;
    }
    data.snapshot = path;
    return data;
}

}  // namespace refnet::io

// Snapshots round-trip exactly (every array, attribute and event), are
// byte-for-byte deterministic, and every damaged file is refused with its
// message: truncated, corrupt, another version, not a snapshot, and a file
// whose checksum is right but whose arrays are not.
#include <gtest/gtest.h>
#include <xxhash.h>

#include <array>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <refnet/io/dataset.hpp>
#include <refnet/io/snapshot.hpp>
#include <refnet/synth/cms.hpp>

#include "expect_throw_message.hpp"
#include "temp_dir.hpp"

namespace refnet::io {
namespace {

namespace fs = std::filesystem;

const std::string kToy = std::string(REFNET_SOURCE_DIR) + "/tests/data/toy_market";

class SnapshotTest : public ::testing::Test {
   protected:
    std::string path(const std::string& name) const { return (dir_ / name).string(); }
    std::string write(const Dataset& data, const std::string& name) const {
        std::ofstream out(path(name), std::ios::binary);
        (void)write_snapshot(data, out);
        return path(name);
    }
    static std::string bytes_of(const std::string& file) {
        std::string bytes(fs::file_size(file), '\0');
        std::ifstream(file, std::ios::binary)
            .read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        return bytes;
    }
    static void put_bytes(const std::string& file, const std::string& bytes) {
        std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
    }
    static std::string open_error(const std::string& file) {
        try {
            (void)open_snapshot(file);
        } catch (const InputError& e) {
            return e.what();
        }
        return "no error";
    }
    // Recomputes the checksum, as a forger would.
    static std::string forge_checksum(std::string bytes) {
        const std::uint64_t checksum = snapshot_checksum(bytes);
        std::memcpy(bytes.data() + 24, &checksum, sizeof checksum);
        return bytes;
    }
    // The byte offset of section `id`'s data.
    static std::size_t section_offset(const std::string& bytes, std::uint32_t id) {
        std::uint32_t sections = 0;
        std::memcpy(&sections, bytes.data() + 48, sizeof sections);
        for (std::uint32_t s = 0; s < sections; ++s) {
            const char* entry = bytes.data() + 128 + std::size_t{24} * s;
            std::uint32_t entry_id = 0;
            std::uint64_t offset = 0;
            std::memcpy(&entry_id, entry, 4);
            std::memcpy(&offset, entry + 8, 8);
            if (entry_id == id) return offset;
        }
        ADD_FAILURE() << "no section " << id;
        return 0;
    }
    // Writes `bytes` with a forged checksum and returns open_snapshot's message.
    std::string forged_error(const std::string& bytes) const {
        const std::string file = path("forged.refnet");
        put_bytes(file, forge_checksum(bytes));
        return open_error(file);
    }
    std::string toy_bytes() const {
        InputSpec spec;
        spec.data_dir = kToy;
        return bytes_of(write(load_dataset(spec), "toy.refnet"));
    }
    TempDir temp_{"refnet_snapshot"};
    fs::path dir_ = temp_.path();
};

template <typename A, typename B>
void expect_same_column(const A& a, const B& b, const char* name) {
    ASSERT_EQ(a.size(), b.size()) << name;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if constexpr (std::is_same_v<std::remove_cvref_t<decltype(a[i])>, graph::Date>) {
            ASSERT_EQ(a[i].days, b[i].days) << name << "[" << i << "]";
        } else {
            ASSERT_EQ(a[i], b[i]) << name << "[" << i << "]";
        }
    }
}

void expect_same_network(const graph::Network& a, const graph::Network& b) {
    const auto x = a.arrays();
    const auto y = b.arrays();
    ASSERT_EQ(x.num_nodes, y.num_nodes);
    expect_same_column(x.out_offsets, y.out_offsets, "out_offsets");
    expect_same_column(x.out_targets, y.out_targets, "out_targets");
    expect_same_column(x.in_offsets, y.in_offsets, "in_offsets");
    expect_same_column(x.in_sources, y.in_sources, "in_sources");
    expect_same_column(x.in_edge_ids, y.in_edge_ids, "in_edge_ids");
    expect_same_column(x.attributes.count, y.attributes.count, "count");
    expect_same_column(x.attributes.completed, y.attributes.completed, "completed");
    expect_same_column(x.attributes.closed_loop, y.attributes.closed_loop, "closed_loop");
    expect_same_column(x.attributes.on_time, y.attributes.on_time, "on_time");
    expect_same_column(x.attributes.satisfaction_sum, y.attributes.satisfaction_sum,
                       "satisfaction_sum");
    expect_same_column(x.attributes.satisfaction_count, y.attributes.satisfaction_count,
                       "satisfaction_count");
    expect_same_column(x.attributes.first_date, y.attributes.first_date, "first_date");
    expect_same_column(x.attributes.last_date, y.attributes.last_date, "last_date");
    expect_same_column(x.attributes.beneficiaries, y.attributes.beneficiaries, "beneficiaries");
}

bool same_double(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

TEST_F(SnapshotTest, RoundTripsEveryFieldOfAMarket) {
    InputSpec spec;
    spec.data_dir = kToy;
    const Dataset original = load_dataset(spec);
    ASSERT_FALSE(original.touchpoints.empty());
    const Dataset copy = open_snapshot(write(original, "toy.refnet"));

    expect_same_network(original.network, copy.network);
    EXPECT_EQ(copy.ids.keys(), original.ids.keys());
    EXPECT_EQ(copy.needs.keys(), original.needs.keys());
    EXPECT_EQ(copy.groups, original.groups);
    ASSERT_EQ(copy.providers.size(), original.providers.size());
    for (std::size_t i = 0; i < copy.providers.size(); ++i) {
        const auto& a = original.providers[i];
        const auto& b = copy.providers[i];
        EXPECT_EQ(b.id, a.id);
        EXPECT_EQ(b.name, a.name);
        EXPECT_EQ(b.taxonomy, a.taxonomy);
        EXPECT_EQ(b.specialty, a.specialty);
        EXPECT_EQ(b.group, a.group);
        EXPECT_TRUE(same_double(b.lat, a.lat) && same_double(b.lon, a.lon));
        EXPECT_EQ(b.city, a.city);
        EXPECT_EQ(b.state, a.state);
        EXPECT_EQ(b.zip, a.zip);
        EXPECT_EQ(b.needs_seen, a.needs_seen);
        EXPECT_EQ(b.needs_served, a.needs_served);
        EXPECT_EQ(b.accepting_new, a.accepting_new);
        EXPECT_EQ(b.telehealth, a.telehealth);
        EXPECT_EQ(b.licensed_states, a.licensed_states);
    }
    ASSERT_EQ(copy.referrals.size(), original.referrals.size());
    for (std::size_t i = 0; i < copy.referrals.size(); ++i) {
        const auto& a = original.referrals[i];
        const auto& b = copy.referrals[i];
        EXPECT_EQ(b.date, a.date);
        EXPECT_EQ(b.from, a.from);
        EXPECT_EQ(b.to, a.to);
        EXPECT_EQ(b.count, a.count);
        EXPECT_EQ(b.need, a.need);
        EXPECT_EQ(b.status, a.status);
        EXPECT_EQ(b.days_to_appointment, a.days_to_appointment);
        EXPECT_EQ(b.feedback_days, a.feedback_days);
        EXPECT_TRUE(same_double(b.satisfaction, a.satisfaction));
        EXPECT_EQ(b.beneficiaries, a.beneficiaries);
    }
    ASSERT_EQ(copy.touchpoints.size(), original.touchpoints.size());
    for (std::size_t i = 0; i < copy.touchpoints.size(); ++i) {
        EXPECT_EQ(copy.touchpoints[i].date, original.touchpoints[i].date);
        EXPECT_EQ(copy.touchpoints[i].provider, original.touchpoints[i].provider);
        EXPECT_EQ(copy.touchpoints[i].by, original.touchpoints[i].by);
        EXPECT_EQ(copy.touchpoints[i].kind, original.touchpoints[i].kind);
        EXPECT_EQ(copy.touchpoints[i].note, "");  // free text is never stored
    }
    EXPECT_EQ(copy.build.events, original.build.events);
    EXPECT_EQ(copy.build.referrals, original.build.referrals);
    EXPECT_EQ(copy.build.merged_events, original.build.merged_events);
    EXPECT_EQ(copy.build.first_date, original.build.first_date);
    EXPECT_EQ(copy.build.last_date, original.build.last_date);
    ASSERT_EQ(copy.files.size(), original.files.size());
    EXPECT_EQ(copy.files[1].source, original.files[1].source);
    EXPECT_EQ(copy.files[1].rows, original.files[1].rows);

    // --as-of on a snapshot cuts the same events as on the CSVs.
    Dataset cut_original = load_dataset(spec);
    Dataset cut_copy = open_snapshot(path("toy.refnet"));
    const graph::Date as_of = *graph::parse_date("2024-07-01");
    restrict_before(cut_original, as_of);
    restrict_before(cut_copy, as_of);
    expect_same_network(cut_original.network, cut_copy.network);
}

TEST_F(SnapshotTest, RoundTripsACmsNetworkAndIsDeterministic) {
    synth::write_cms_market({.providers = 3000, .edges = 50'000, .seed = 4}, builtin_taxonomy(),
                            dir_.string());
    InputSpec spec;
    spec.cms = path("cms_edges.csv");
    spec.nppes = path("nppes.csv");
    const Dataset original = load_dataset(spec);
    const std::string a = write(original, "a.refnet");
    const std::string b = write(original, "b.refnet");
    EXPECT_EQ(bytes_of(a), bytes_of(b));
    const Dataset copy = open_snapshot(a);
    expect_same_network(original.network, copy.network);
    EXPECT_EQ(copy.ids.keys(), original.ids.keys());
    EXPECT_EQ(copy.nppes_matched, 3000U);
    EXPECT_EQ(copy.providers[17].taxonomy, original.providers[17].taxonomy);
    EXPECT_EQ(copy.providers[17].city, original.providers[17].city);
    const SnapshotInfo info = read_snapshot_info(a);
    EXPECT_EQ(info.version, kSnapshotVersion);
    EXPECT_EQ(info.nodes, 3000U);
    EXPECT_EQ(info.edges, 50'000U);
    EXPECT_EQ(info.file_size, fs::file_size(a));
    // The header check refuses a CSV as opening does.
    EXPECT_THROW_MSG(
        (void)read_snapshot_info(spec.cms), InputError,
        spec.cms + ": is not a RefNet snapshot (expected a snapshot written by refnet import)");
}

TEST_F(SnapshotTest, RefusesDamagedFilesWithTheirMessage) {
    InputSpec spec;
    spec.data_dir = kToy;
    const std::string good = write(load_dataset(spec), "good.refnet");
    const std::string bytes = bytes_of(good);
    const std::string expected = " (expected a snapshot written by refnet import)";

    const std::string truncated = path("truncated.refnet");
    put_bytes(truncated, bytes.substr(0, 1000));
    EXPECT_EQ(open_error(truncated), truncated + ": snapshot is truncated: 1000 bytes (expected " +
                                         std::to_string(bytes.size()) + " as its header says)");

    const std::string flipped = path("flipped.refnet");
    std::string damaged = bytes;
    damaged[damaged.size() / 2] = static_cast<char>(damaged[damaged.size() / 2] ^ 0x10);
    put_bytes(flipped, damaged);
    EXPECT_EQ(
        open_error(flipped),
        flipped + ": snapshot is corrupt: its checksum does not match its contents" + expected);

    const std::string version = path("version.refnet");
    damaged = bytes;
    damaged[8] = 1;  // the format version follows the 8-byte magic
    put_bytes(version, damaged);
    EXPECT_EQ(open_error(version), version +
                                       ": snapshot format version 1 is not supported (expected "
                                       "version 3; re-run refnet import)");

    const std::string csv = kToy + "/referrals.csv";
    EXPECT_EQ(open_error(csv), csv + ": is not a RefNet snapshot" + expected);
    const std::string empty = path("empty.refnet");
    put_bytes(empty, "");
    EXPECT_EQ(open_error(empty), empty + ": is not a RefNet snapshot" + expected);
    EXPECT_EQ(open_error(path("missing.refnet")),
              path("missing.refnet") + ": cannot open file (No such file or directory)");
}

// A file whose checksum was recomputed after an edit passes the checksum; the
// CSR checks must still refuse it rather than let an index run past an array.
TEST_F(SnapshotTest, RefusesInconsistentArraysEvenWithAValidChecksum) {
    InputSpec spec;
    spec.data_dir = kToy;
    std::string bytes = bytes_of(write(load_dataset(spec), "good.refnet"));
    std::uint32_t sections = 0;
    std::memcpy(&sections, bytes.data() + 48, sizeof sections);
    bool patched = false;
    for (std::uint32_t s = 0; s < sections; ++s) {
        const char* entry = bytes.data() + 128 + std::size_t{24} * s;
        std::uint32_t id = 0;
        std::uint64_t offset = 0;
        std::memcpy(&id, entry, 4);
        std::memcpy(&offset, entry + 8, 8);
        if (id == 2) {  // out_targets: point the first edge at a node that does not exist
            const std::uint32_t bad = 1'000'000;
            std::memcpy(bytes.data() + offset, &bad, 4);
            patched = true;
        }
    }
    ASSERT_TRUE(patched);
    const std::string file = path("forged.refnet");
    put_bytes(file, forge_checksum(bytes));
    // The bad target is out of range and breaks the list's order: two entries.
    EXPECT_EQ(open_error(file), file +
                                    ": snapshot is corrupt: adjacency is inconsistent: 2 entries "
                                    "out of range or out of order (expected a snapshot written "
                                    "by refnet import)");
}

// Every byte of the header is covered: flipping any one bit pattern of it is
// refused (was: 84 of 128 single-byte flips accepted with exit 0).
TEST_F(SnapshotTest, RefusesEveryHeaderByteFlip) {
    const std::string bytes = toy_bytes();
    const std::string file = path("flip.refnet");
    for (std::size_t i = 0; i < 128; ++i) {
        std::string damaged = bytes;
        damaged[i] = static_cast<char>(damaged[i] ^ 0x01);
        put_bytes(file, damaged);
        const std::string message = open_error(file);
        EXPECT_EQ(message.rfind(file + ": ", 0), 0U) << "byte " << i << ": " << message;
        EXPECT_NE(message, "no error") << "byte " << i;
    }
}

// Forged files whose checksum was recomputed: each is refused with a
// "snapshot is corrupt" message, never an internal invariant or a crash.
TEST_F(SnapshotTest, RefusesForgedContentsWithACorruptMessage) {
    const std::string bytes = toy_bytes();
    const std::string tail = " (expected a snapshot written by refnet import)";
    const std::string file = path("forged.refnet");
    auto forged = [&](auto&& edit) {
        std::string b = bytes;
        edit(b);
        return forged_error(b);
    };
    auto put32 = [](std::string& b, std::size_t at, std::uint32_t v) {
        std::memcpy(b.data() + at, &v, sizeof v);
    };
    // No sections: memcpy(nullptr, ..., 0) before.
    EXPECT_EQ(forged([&](std::string& b) { put32(b, 48, 0); }),
              file + ": snapshot is corrupt: section table" + tail);
    // The header's edge count disagrees with the arrays.
    EXPECT_EQ(forged([&](std::string& b) { b[40] = static_cast<char>(b[40] + 1); }),
              file + ": snapshot is corrupt: edge count" + tail);
    // A reserved byte set.
    EXPECT_EQ(forged([&](std::string& b) { b[100] = 7; }),
              file + ": snapshot is corrupt: header" + tail);
    // The first edge completed more referrals than it had (section 7).
    EXPECT_EQ(forged([&](std::string& b) { put32(b, section_offset(b, 7), 16'711'687); }),
              file +
                  ": snapshot is corrupt: edge columns are inconsistent: 1 edges with no "
                  "referrals, more completed, closed-loop, on-time or rated referrals than "
                  "referrals, ratings outside 1 to 5, or a first date after the last" +
                  tail);
    // The first referral dated 2^31 - 1 days (section 27, date first).
    EXPECT_EQ(forged([&](std::string& b) { put32(b, section_offset(b, 27), 0x7fffffff); }),
              file + ": snapshot is corrupt: referral records" + tail);
    // The first edge's last date too (section 13).
    EXPECT_EQ(forged([&](std::string& b) { put32(b, section_offset(b, 13), 0x7fffffff); }),
              file + ": snapshot is corrupt: edge dates" + tail);
    // Invalid UTF-8 in the first provider's id (its record starts with the
    // id's 4-byte length, then the text).
    EXPECT_EQ(forged([&](std::string& b) { b[section_offset(b, 25) + 4] = '\xff'; }),
              file + ": snapshot is corrupt: provider records" + tail);
    // A latitude no reader accepts (the fuzzer's 1.4573e11 overflowed the
    // service grid's cells): the first provider's 33.7901 in its record.
    EXPECT_EQ(forged([&](std::string& b) {
                  const double lat = 33.7901;
                  const double forged_lat = 1.4573e11;
                  const std::string needle(reinterpret_cast<const char*>(&lat), sizeof lat);
                  const std::size_t at = b.find(needle, section_offset(b, 25));
                  ASSERT_NE(at, std::string::npos);
                  std::memcpy(b.data() + at, &forged_lat, sizeof forged_lat);
              }),
              file + ": snapshot is corrupt: provider records" + tail);
}

// The layout is pinned: the toy market's snapshot has this size and checksum.
// When a change to the layout or the metadata moves them, raise
// kSnapshotVersion (an older file must read as "version N is not supported",
// not as corrupt) and then update the pin.
TEST_F(SnapshotTest, LayoutIsPinnedToTheFormatVersion) {
    InputSpec spec;
    spec.data_dir = kToy;
    Dataset toy = load_dataset(spec);
    // Sources are stored as named: the checkout's path must not move the pin.
    for (auto& file : toy.files) file.source = fs::path(file.source).filename().string();
    const std::string bytes = bytes_of(write(toy, "pinned.refnet"));
    std::uint64_t checksum = 0;
    std::memcpy(&checksum, bytes.data() + 24, sizeof checksum);
    // The format's definition, computed here independently: XXH3-64 of the
    // 16 MiB blocks' digests (one block) seeds XXH3-64 of the header with its
    // checksum field as 0.
    const std::uint64_t block = XXH3_64bits(bytes.data() + 128, bytes.size() - 128);
    const std::uint64_t payload = XXH3_64bits(&block, sizeof block);
    std::array<char, 128> header{};
    std::memcpy(header.data(), bytes.data(), header.size());
    std::memset(header.data() + 24, 0, 8);
    EXPECT_EQ(checksum, XXH3_64bits_withSeed(header.data(), header.size(), payload));
    EXPECT_EQ(snapshot_checksum(bytes), checksum);
    EXPECT_EQ(kSnapshotVersion, 3U);
    EXPECT_EQ(bytes.size(), 9984U);
    EXPECT_EQ(checksum, 8631410065076290356U);
}

TEST_F(SnapshotTest, NetworkComesAlone) {
    InputSpec spec;
    spec.network = path("x.refnet");
    spec.cms = path("edges.csv");
    EXPECT_THROW_MSG((void)load_dataset(spec), std::invalid_argument,
                     "--network opens a snapshot and cannot be combined with other inputs "
                     "(expected --network FILE alone; run refnet import to add inputs to a "
                     "snapshot)");
}

}  // namespace
}  // namespace refnet::io

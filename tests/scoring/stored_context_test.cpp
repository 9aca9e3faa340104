// A stored context (the bytes `refnet import` keeps in a snapshot) must answer
// exactly as the context it was stored from: same lists, scores, signals and
// reasons, in every mode, on referral data (locations, outcomes, needs) and on
// claims data (candidate classes, hub bitmaps). It is used only for the
// settings it was built with, and forged bytes are refused, never read past.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <refnet/io/catalogue.hpp>
#include <refnet/io/dataset.hpp>
#include <refnet/scoring/recommend.hpp>
#include <refnet/synth/generate.hpp>

#include "context_data.hpp"  // white box: to forge a field in place
#include "expect_throw_message.hpp"

namespace refnet::scoring {
namespace {

namespace fs = std::filesystem;

// The image as a snapshot holds it: 64-byte aligned, as a mapped section is.
struct AlignedImage {
    explicit AlignedImage(const std::vector<char>& bytes) : storage(bytes.size() + 64) {
        const auto address = reinterpret_cast<std::uintptr_t>(storage.data());
        offset = (64 - address % 64) % 64;
        std::memcpy(storage.data() + offset, bytes.data(), bytes.size());
        size = bytes.size();
    }
    [[nodiscard]] std::span<const char> span() const { return {storage.data() + offset, size}; }
    [[nodiscard]] char* data() { return storage.data() + offset; }
    std::vector<char> storage;
    std::size_t offset = 0;
    std::size_t size = 0;
};

io::Dataset sample() {
    io::InputSpec spec;
    spec.data_dir = std::string(REFNET_SOURCE_DIR) + "/datasets/sample";
    return io::load_dataset(spec);
}

io::Dataset claims() {
    const fs::path dir =
        fs::temp_directory_path() / ("refnet_stored_context_" + std::to_string(::getpid()));
    synth::write_cms_market({.providers = 2000, .edges = 50'000, .seed = 23},
                            io::builtin_taxonomy(), dir.string());
    io::InputSpec spec;
    spec.cms = (dir / "cms_edges.csv").string();
    spec.nppes = (dir / "nppes.csv").string();
    io::Dataset data = io::load_dataset(spec);
    fs::remove_all(dir);
    return data;
}

Context built(const io::Dataset& d, const EngineOptions& engine = {},
              const ScoringParams& params = {}) {
    return {d.network,           d.providers,    d.groups, d.referrals, d.needs,
            io::builtin_needs(), graph::kNoDate, params,   engine};
}

std::optional<Context> stored(const io::Dataset& d, std::span<const char> image,
                              const EngineOptions& engine = {}, const ScoringParams& params = {},
                              graph::Date as_of = graph::kNoDate) {
    return Context::stored(image, d.network, d.providers, d.groups, d.referrals, d.needs,
                           io::builtin_needs(), as_of, params, engine);
}

void expect_same_answers(const io::Dataset& d, const Context& a, const Context& b,
                         bool class_path) {
    std::size_t compared = 0;
    const graph::NodeId n = d.network.num_nodes();
    for (graph::NodeId focal = 0; focal < n; focal += 37) {
        for (const Mode mode : {Mode::prospects, Mode::strengthen, Mode::expand}) {
            Request request;
            request.focal = focal;
            request.top = 15;
            request.mode = mode;
            if (mode == Mode::expand) request.filters.groups = {graph::Group::allied_health};
            const RecommendResult x = recommend(a, request);
            const RecommendResult y = recommend(b, request);
            if (mode == Mode::prospects) {
                EXPECT_EQ(x.engine.class_path, class_path);
            }
            EXPECT_EQ(y.engine.class_path, x.engine.class_path);
            ASSERT_EQ(x.candidates, y.candidates) << focal;
            ASSERT_EQ(x.items.size(), y.items.size()) << focal;
            for (std::size_t k = 0; k < x.items.size(); ++k) {
                EXPECT_EQ(x.items[k].id, y.items[k].id) << focal << " rank " << k;
                EXPECT_EQ(x.items[k].score, y.items[k].score) << focal << " rank " << k;
                EXPECT_EQ(x.items[k].signals, y.items[k].signals) << focal << " rank " << k;
                EXPECT_EQ(x.items[k].reasons, y.items[k].reasons) << focal << " rank " << k;
            }
            compared += x.items.size();
        }
        EXPECT_EQ(a.demand(focal), b.demand(focal));
    }
    EXPECT_GT(compared, 500U);
}

TEST(StoredContext, AnswersAsTheBuiltOneOnReferralData) {
    const io::Dataset d = sample();
    const Context original = built(d);
    const AlignedImage image(original.image());
    const std::optional<Context> read = stored(d, image.span());
    ASSERT_TRUE(read.has_value());
    EXPECT_EQ(read->as_of(), original.as_of());
    EXPECT_EQ(read->needs().keys(), original.needs().keys());
    expect_same_answers(d, original, *read, false);
}

TEST(StoredContext, AnswersAsTheBuiltOneOnClaimsDataWithHubs) {
    const io::Dataset d = claims();
    for (const std::uint32_t hub_partners : {2000U, 60U}) {
        const EngineOptions engine{.hub_partners = hub_partners};
        const Context original = built(d, engine);
        const AlignedImage image(original.image());
        const std::optional<Context> read = stored(d, image.span(), engine);
        ASSERT_TRUE(read.has_value());
        expect_same_answers(d, original, *read, true);
    }
}

TEST(StoredContext, UsedOnlyForTheSettingsItWasBuiltWith) {
    const io::Dataset d = sample();
    const AlignedImage image(built(d).image());
    EXPECT_TRUE(stored(d, {}) == std::nullopt);  // none stored
    ScoringParams prior;
    prior.propensity_prior = 10.0;
    EXPECT_FALSE(stored(d, image.span(), {}, prior).has_value());
    EXPECT_FALSE(stored(d, image.span(), {.hub_partners = 50}).has_value());
    EXPECT_FALSE(stored(d, image.span(), {}, {}, graph::Date{20000}).has_value());
    // The suppression rule words reasons only: the same context serves it.
    ScoringParams small;
    small.small_counts.below = 11;
    const std::optional<Context> read = stored(d, image.span(), {}, small);
    ASSERT_TRUE(read.has_value());
    EXPECT_EQ(read->params().small_counts.below, 11U);
    // Another catalogue (one need's label changed) is another context.
    graph::NeedCatalogue other = io::builtin_needs();
    other.labels[0] += " (renamed)";
    EXPECT_FALSE(Context::stored(image.span(), d.network, d.providers, d.groups, d.referrals,
                                 d.needs, other, graph::kNoDate)
                     .has_value());
}

// Offsets of the fields ImageWriter lays out first: magic, key, then the need
// tags (count, then each tag's length and text).
TEST(StoredContext, RefusesForgedBytes) {
    const io::Dataset d = sample();
    const std::vector<char> bytes = built(d).image();
    const std::string prefix = "stored scoring context: ";

    AlignedImage truncated(std::vector<char>(bytes.begin(), bytes.end() - 100));
    EXPECT_THROW_MSG((void)stored(d, truncated.span()), std::invalid_argument,
                     prefix + "the image ends early");

    AlignedImage magic(bytes);
    magic.data()[0] = 'X';
    EXPECT_THROW_MSG((void)stored(d, magic.span()), std::invalid_argument,
                     prefix + "not a scoring context");
    // Another layout's context (an older build's snapshot) is built instead.
    AlignedImage older(bytes);
    older.data()[7] = '1';
    EXPECT_FALSE(stored(d, older.span()).has_value());

    std::vector<char> longer(bytes);
    longer.push_back(0);
    AlignedImage extra(longer);
    EXPECT_THROW_MSG((void)stored(d, extra.span()), std::invalid_argument,
                     prefix + "bytes after its last field");

    // Every provider's taxonomy id indexes the propensity table: point one
    // past it (found by its bytes, which lie in the image as they are in memory).
    const Context original = built(d);
    const auto& taxonomy_id = original.data().taxonomy_id;
    const std::string_view whole(bytes.data(), bytes.size());
    const std::size_t at = whole.find(std::string_view(
        reinterpret_cast<const char*>(taxonomy_id.data()), taxonomy_id.size() * 4));
    ASSERT_NE(at, std::string_view::npos);
    ASSERT_EQ(at % 64, 0U);
    AlignedImage forged(bytes);
    const std::uint32_t past = original.data().propensity.taxonomies;
    std::memcpy(forged.data() + at + std::size_t{4} * 5, &past, 4);
    EXPECT_THROW_MSG((void)stored(d, forged.span()), std::invalid_argument,
                     prefix + "a taxonomy id points outside its table");
}

// The layout is pinned: when a change moves these, raise kMagic's version in
// scoring/src/fast/stored_context.cpp (an old snapshot's context must read as
// "not of this version") and then update the pin.
TEST(StoredContext, LayoutIsPinned) {
    const io::Dataset d = sample();
    const std::vector<char> bytes = built(d).image();
    EXPECT_EQ(std::string(bytes.data(), 8), "RNCTX002");
    // Size and key only: the rest holds floating-point results, which may
    // differ in their last bits on another processor.
    EXPECT_EQ(bytes.size(), 1199808U);
    std::uint64_t key = 0;
    std::memcpy(&key, bytes.data() + 8, sizeof key);
    EXPECT_EQ(key, 12955474349635127145U);
}

}  // namespace
}  // namespace refnet::scoring

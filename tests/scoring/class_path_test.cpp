// On claims data (no locations, no outcomes) recommend reads only each
// candidate class's best few members; the list, every signal, the evidence,
// the reasons and the candidate count must be exactly those of scoring every
// candidate one by one (EngineOptions::exhaustive), and the fast paths must
// really have run (RecommendResult::engine).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <refnet/io/catalogue.hpp>
#include <refnet/io/dataset.hpp>
#include <refnet/scoring/recommend.hpp>
#include <refnet/synth/generate.hpp>

namespace refnet::scoring {
namespace {

namespace fs = std::filesystem;

struct ClaimsMarket {
    io::Dataset data;
    std::unique_ptr<Context> context;
    std::unique_ptr<Context> exhaustive;  // the reference every fast path is compared with
    // Without the group-diversity re-rank, fast and exhaustive.
    std::unique_ptr<Context> no_diversity;
    std::unique_ptr<Context> no_diversity_exhaustive;
    // The same network with hubs from 40, 120 and 400 partners up (the default
    // 2000 makes none here): Adamic-Adar then tests bitmaps instead of visiting
    // hub partners, and lists every provider the hubs reached when they could
    // outweigh the best sum (many small hubs).
    std::vector<std::unique_ptr<Context>> with_hubs;
    // Their exhaustive references: hub partners are summed last on every path,
    // so sums match bit for bit only with the same hubs.
    std::vector<std::unique_ptr<Context>> with_hubs_exhaustive;
};

const ClaimsMarket& market() {
    static const ClaimsMarket loaded = [] {
        const fs::path dir =
            fs::temp_directory_path() / ("refnet_class_path_" + std::to_string(::getpid()));
        synth::write_cms_market({.providers = 4000, .edges = 120'000, .seed = 11},
                                io::builtin_taxonomy(), dir.string());
        io::InputSpec spec;
        spec.cms = (dir / "cms_edges.csv").string();
        spec.nppes = (dir / "nppes.csv").string();
        ClaimsMarket m;
        m.data = io::load_dataset(spec);
        fs::remove_all(dir);
        auto context = [&](const ScoringParams& params, const EngineOptions& engine) {
            return std::make_unique<Context>(m.data.network, m.data.providers, m.data.groups,
                                             m.data.referrals, m.data.needs, io::builtin_needs(),
                                             graph::kNoDate, params, engine);
        };
        const EngineOptions exhaustive{.exhaustive = true};
        ScoringParams no_diversity;
        no_diversity.group_diversity = 1.0;
        m.context = context({}, {});
        m.exhaustive = context({}, exhaustive);
        m.no_diversity = context(no_diversity, {});
        m.no_diversity_exhaustive = context(no_diversity, exhaustive);
        for (const std::uint32_t hub_partners : {40U, 120U, 400U}) {
            m.with_hubs.push_back(context({}, {.hub_partners = hub_partners}));
            m.with_hubs_exhaustive.push_back(
                context({}, {.hub_partners = hub_partners, .exhaustive = true}));
        }
        return m;
    }();
    return loaded;
}

void expect_same(const RecommendResult& fast, const RecommendResult& slow,
                 const std::string& what) {
    ASSERT_EQ(fast.candidates, slow.candidates) << what;
    ASSERT_EQ(fast.items.size(), slow.items.size()) << what;
    for (std::size_t k = 0; k < fast.items.size(); ++k) {
        const auto& a = fast.items[k];
        const auto& b = slow.items[k];
        ASSERT_EQ(a.id, b.id) << what << " rank " << k + 1;
        EXPECT_EQ(a.score, b.score) << what << " rank " << k + 1;
        EXPECT_EQ(a.signals, b.signals) << what << " rank " << k + 1;
        EXPECT_EQ(a.reasons, b.reasons) << what << " rank " << k + 1;
        EXPECT_EQ(a.evidence.common_partners, b.evidence.common_partners);
        EXPECT_EQ(a.evidence.top_need, b.evidence.top_need);
        EXPECT_EQ(a.evidence.trusted_partners_referring, b.evidence.trusted_partners_referring);
    }
}

// Returns how many requests tested hub bitmaps.
std::size_t expect_same_as_every_candidate(const Context& context, const Context& reference,
                                           graph::NodeId n, const std::string& what) {
    std::size_t compared = 0;
    std::size_t with_hubs = 0;
    for (graph::NodeId focal = 0; focal < n; focal += 97) {
        for (const std::size_t top : {1UL, 7UL, 25UL}) {
            Request request;
            request.focal = focal;
            request.top = top;
            const RecommendResult fast = recommend(context, request);
            const RecommendResult slow = recommend(reference, request);
            EXPECT_FALSE(slow.items.empty()) << what << " focal " << focal;
            EXPECT_TRUE(fast.engine.class_path) << what << " focal " << focal;
            EXPECT_FALSE(slow.engine.class_path) << what << " focal " << focal;
            EXPECT_EQ(slow.engine.hubs_deferred, 0U);
            with_hubs += fast.engine.hubs_deferred > 0 ? 1 : 0;
            expect_same(fast, slow,
                        what + " focal " + std::to_string(focal) + " top " + std::to_string(top));
            ++compared;
        }
    }
    EXPECT_GT(compared, 100U);
    return with_hubs;
}

TEST(ClassPath, SameListsAsScoringEveryCandidate) {
    const ClaimsMarket& m = market();
    ASSERT_FALSE(m.data.providers[0].has_location());
    EXPECT_EQ(expect_same_as_every_candidate(*m.context, *m.exhaustive, m.data.network.num_nodes(),
                                             "no hubs"),
              0U);
}

// The evidence "shares N partners with you" counts the focal's partners that
// are the candidate's too, found from either side (the shorter list's walk,
// searches when the candidate's lists are far longer, or the candidate's
// bitmap when it is a hub): here checked against the two partner sets'
// intersection, for focals small and busy.
TEST(ClassPath, CommonPartnersAreTheIntersectionOfThePartnerSets) {
    const ClaimsMarket& m = market();
    const graph::Network& net = m.data.network;
    auto partners = [&](graph::NodeId u) {
        std::vector<graph::NodeId> all(net.out_neighbors(u).begin(), net.out_neighbors(u).end());
        all.insert(all.end(), net.in_neighbors(u).begin(), net.in_neighbors(u).end());
        std::sort(all.begin(), all.end());
        all.erase(std::unique(all.begin(), all.end()), all.end());
        return all;
    };
    std::size_t compared = 0;
    std::size_t long_lists = 0;  // candidates with 16 times the focal's partners: the search side
    std::size_t hub_picks = 0;   // candidates with a bitmap (40 partners and up in with_hubs[0])
    for (graph::NodeId focal = 0; focal < net.num_nodes(); focal += 53) {
        Request request;
        request.focal = focal;
        request.top = 25;
        const auto mine = partners(focal);
        for (const auto* context : {m.context.get(), m.with_hubs[0].get()}) {
            for (const auto& item : recommend(*context, request).items) {
                const graph::NodeId c = item.id;
                const auto theirs = partners(c);
                std::uint32_t common = 0;
                for (const graph::NodeId z : mine) {
                    if (z != focal && z != c && std::binary_search(theirs.begin(), theirs.end(), z))
                        ++common;
                }
                EXPECT_EQ(item.evidence.common_partners, common) << focal << " -> " << c;
                long_lists += theirs.size() > 16 * mine.size() ? 1 : 0;
                hub_picks += context == m.with_hubs[0].get() && theirs.size() >= 40 ? 1 : 0;
                ++compared;
            }
        }
    }
    EXPECT_GT(compared, 1000U);
    EXPECT_GT(long_lists, 10U);
    EXPECT_GT(hub_picks, 10U);
}

TEST(ClassPath, SameListsWithHubBitmaps) {
    const ClaimsMarket& m = market();
    for (std::size_t i = 0; i < m.with_hubs.size(); ++i) {
        // The bitmaps were really tested: most focals here have a hub partner.
        EXPECT_GT(
            expect_same_as_every_candidate(*m.with_hubs[i], *m.with_hubs_exhaustive[i],
                                           m.data.network.num_nodes(), "hubs " + std::to_string(i)),
            50U);
    }
}

TEST(ClassPath, SameListsForExpandModeOddWeightsAndNoDiversity) {
    const ClaimsMarket& m = market();
    const graph::NodeId n = m.data.network.num_nodes();
    for (graph::NodeId focal = 5; focal < n; focal += 331) {
        std::vector<Request> requests(5);
        for (auto& r : requests) {
            r.focal = focal;
            r.top = 10;
        }
        requests[0].mode = Mode::expand;
        requests[0].filters.groups = {graph::Group::behavioral_health, graph::Group::wellness};
        // Influence weighted out: a class's members all tie, ids decide.
        requests[1].weights.value = {0.5, 0.2, 0.2, 0.1, 0.0, 0.0};
        requests[3].weights.value = {0.0, 0.0, 0.0, 0.0, 0.0, 1.0};
        // Peer referrals first: a class's members differ by them, so the
        // providers the focal's taxonomy refers to are bounded one by one.
        requests[4].weights.value = {0.2, 0.0, 0.0, 0.0, 0.3, 0.2, 0.0, 6.0};
        for (std::size_t i = 0; i < requests.size(); ++i) {
            const std::string what =
                "focal " + std::to_string(focal) + " request " + std::to_string(i);
            // Request 2 runs without the group-diversity re-rank.
            const Context& fast = i == 2 ? *m.no_diversity : *m.context;
            const Context& slow = i == 2 ? *m.no_diversity_exhaustive : *m.exhaustive;
            const RecommendResult reference = recommend(slow, requests[i]);
            const RecommendResult quick = recommend(fast, requests[i]);
            ASSERT_FALSE(reference.items.empty()) << what;
            EXPECT_TRUE(quick.engine.class_path) << what;
            expect_same(quick, reference, what);
            if (i == 2) continue;
            expect_same(recommend(*m.with_hubs[1], requests[i]),
                        recommend(*m.with_hubs_exhaustive[1], requests[i]), "hubs: " + what);
        }
    }
}

// With locations, a request reads only the grid cells its service radius
// overlaps (plus telehealth and unlocated providers); the lists must be those
// of testing every provider against the radius.
TEST(ServiceRadius, GridCellsGiveTheFullScanLists) {
    const graph::NeedCatalogue& catalogue = io::builtin_needs();
    const synth::Market market =
        synth::generate_market({.providers = 3000, .years = 1, .seed = 4, .region = "national"},
                               catalogue, io::builtin_taxonomy());
    std::vector<graph::Group> groups;
    for (const auto& p : market.providers) groups.push_back(p.group);
    const graph::Network network =
        graph::build_network(static_cast<graph::NodeId>(market.providers.size()), market.referrals)
            .network;
    const Context context(network, market.providers, groups, market.referrals, catalogue.tags,
                          catalogue, graph::kNoDate);
    const Context reference(network, market.providers, groups, market.referrals, catalogue.tags,
                            catalogue, graph::kNoDate, {}, {.exhaustive = true});
    std::size_t by_grid = 0;
    for (graph::NodeId f = 0; f < market.providers.size(); f += 37) {
        Request request;
        request.focal = f;
        request.top = 30;
        const RecommendResult a = recommend(context, request);
        const RecommendResult b = recommend(reference, request);
        EXPECT_FALSE(a.engine.class_path);  // the data has locations
        EXPECT_FALSE(b.engine.service_grid);
        by_grid += a.engine.service_grid ? 1 : 0;
        expect_same(a, b, "focal " + std::to_string(f));
        ASSERT_FALSE(a.items.empty()) << "focal " << f;
        for (const auto& item : a.items) {
            EXPECT_TRUE(item.evidence.distance_km <= context.params().service_radius_km ||
                        market.providers[item.id].telehealth.value_or(false));
        }
    }
    EXPECT_GT(by_grid, 70U);  // every located focal (81 asked)
}

}  // namespace
}  // namespace refnet::scoring

// One focal's recommendations, warm (the Context is built once, as a server
// or a batch run would): on the bundled sample and on a generated
// 100,000-provider, 6,000,000-edge CMS-style network.
// Run: build-bench/bench/refnet_bench_recommend (configure with -DREFNET_BUILD_BENCH=ON).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <refnet/io/catalogue.hpp>
#include <refnet/io/dataset.hpp>
#include <refnet/scoring/recommend.hpp>
#include <refnet/synth/cms.hpp>

#include "national.hpp"

namespace {

struct Loaded {
    refnet::io::Dataset data;
    std::unique_ptr<refnet::scoring::Context> context;
    refnet::graph::NodeId focal = 0;
};

std::unique_ptr<Loaded> load(const refnet::io::InputSpec& spec) {
    auto loaded = std::make_unique<Loaded>();
    loaded->data = refnet::io::load_dataset(spec);
    loaded->context = std::make_unique<refnet::scoring::Context>(
        loaded->data.network, loaded->data.providers, loaded->data.groups, loaded->data.referrals,
        loaded->data.needs, refnet::io::builtin_needs(), refnet::graph::kNoDate);
    // The busiest primary-care sender: the typical user, and the most work.
    std::uint64_t best = 0;
    for (refnet::graph::NodeId u = 0; u < loaded->data.network.num_nodes(); ++u) {
        if (loaded->data.groups[u] != refnet::graph::Group::primary_care) continue;
        std::uint64_t volume = 0;
        for (auto e = loaded->data.network.out_edge_begin(u);
             e < loaded->data.network.out_edge_begin(u + 1); ++e) {
            volume += loaded->data.network.counts()[e];
        }
        if (volume > best) {
            best = volume;
            loaded->focal = u;
        }
    }
    return loaded;
}

void run(benchmark::State& state, const Loaded& loaded) {
    refnet::scoring::Request request;
    request.focal = loaded.focal;
    request.top = 25;
    std::size_t candidates = 0;
    for (auto _ : state) {
        const auto result = refnet::scoring::recommend(*loaded.context, request);
        candidates = result.candidates;
        benchmark::DoNotOptimize(result.items.data());
    }
    state.counters["providers"] = loaded.data.network.num_nodes();
    state.counters["edges"] = static_cast<double>(loaded.data.network.num_edges());
    state.counters["candidates"] = static_cast<double>(candidates);
}

void BM_RecommendSample(benchmark::State& state) {
    static const auto loaded = [] {
        refnet::io::InputSpec spec;
        spec.data_dir = std::string(REFNET_SOURCE_DIR) + "/datasets/sample";
        return load(spec);
    }();
    run(state, *loaded);
}
BENCHMARK(BM_RecommendSample)->Unit(benchmark::kMillisecond);

void BM_Recommend100k(benchmark::State& state) {
    static const auto loaded = [] {
        const auto dir = std::filesystem::temp_directory_path() / "refnet_bench_cms100k";
        refnet::synth::write_cms_market({.providers = 100'000, .edges = 6'000'000, .seed = 2},
                                        refnet::io::builtin_taxonomy(), dir.string());
        refnet::io::InputSpec spec;
        spec.cms = (dir / "cms_edges.csv").string();
        spec.nppes = (dir / "nppes.csv").string();
        return load(spec);
    }();
    run(state, *loaded);
}
BENCHMARK(BM_Recommend100k)->Unit(benchmark::kMillisecond);

// The national network, when REFNET_NATIONAL names a snapshot of it (bench/scale.sh
// writes one): opening it and building the Context happen once, outside the timing.
const Loaded* national(benchmark::State& state) {
    const auto snapshot = refnet::bench::national_snapshot(state);
    if (!snapshot) return nullptr;
    static const auto loaded = [&] {
        refnet::io::InputSpec spec;
        spec.network = *snapshot;
        return load(spec);
    }();
    return loaded.get();
}

void BM_RecommendNational(benchmark::State& state) {
    if (const Loaded* loaded = national(state)) run(state, *loaded);
}
BENCHMARK(BM_RecommendNational)->Unit(benchmark::kMillisecond)->UseRealTime();

// `recommend --all` throughput: 4,000 focals spread over the national network
// (every 251st id), scored in parallel by recommend_each; the counter projects
// the time for all providers.
void BM_RecommendAllNational(benchmark::State& state) {
    const Loaded* loaded = national(state);
    if (loaded == nullptr) return;
    const auto n = loaded->data.network.num_nodes();
    std::vector<refnet::graph::NodeId> focals;
    for (std::uint64_t i = 0; i < 4000; ++i) {
        focals.push_back(static_cast<refnet::graph::NodeId>(i * 251 % n));
    }
    refnet::scoring::Request request;
    request.top = 25;
    request.explain = false;  // as `recommend --all`: its CSV has no reasons
    std::size_t rows = 0;
    for (auto _ : state) {
        refnet::scoring::recommend_each(
            *loaded->context, request, focals,
            [&](refnet::graph::NodeId, const refnet::scoring::RecommendResult& result) {
                rows += result.items.size();
            });
    }
    benchmark::DoNotOptimize(rows);
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(focals.size()));
    state.counters["focals"] = static_cast<double>(focals.size());
    // Inverted rate: elapsed * n / focals, the seconds all providers would take.
    state.counters["projected_all"] = benchmark::Counter(
        static_cast<double>(focals.size()) / static_cast<double>(n),
        benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_RecommendAllNational)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);

}  // namespace

BENCHMARK_MAIN();

// Micro-benchmarks for the foundation and the national path: reading referrals
// CSV, building the CSR network, PageRank and Louvain on synthetic networks
// with heavy-tailed degrees; the parallel CMS parse, the parallel edge-column
// build and snapshot opening on a generated 1 M-provider CMS file.
// Run: build/bench/refnet_bench (configure with -DREFNET_BUILD_BENCH=ON).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <refnet/graph/communities.hpp>
#include <refnet/graph/metrics.hpp>
#include <refnet/graph/network.hpp>
#include <refnet/io/dataset.hpp>
#include <refnet/io/fast_cms.hpp>
#include <refnet/io/readers.hpp>
#include <refnet/io/snapshot.hpp>
#include <refnet/synth/cms.hpp>
#include <sstream>

#include "national.hpp"

namespace {

using refnet::graph::NodeId;
using refnet::graph::Referral;

// Heavy-tailed receivers (Zipf-like via a squared uniform) and uniform senders,
// a rough stand-in for claims networks where a few hospitals receive most.
std::vector<Referral> synthetic_events(NodeId n, std::size_t m, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::uniform_int_distribution<NodeId> any(0, n - 1);
    std::vector<Referral> events(m);
    for (auto& e : events) {
        const double u = unit(rng);
        e.from = any(rng);
        e.to = static_cast<NodeId>(u * u * u * (n - 1));
        e.count = 1 + static_cast<std::uint32_t>(rng() % 20);
    }
    return events;
}

void BM_BuildNetwork(benchmark::State& state) {
    const auto n = static_cast<NodeId>(state.range(0));
    const auto events = synthetic_events(n, static_cast<std::size_t>(state.range(1)), 1);
    for (auto _ : state) {
        auto built = refnet::graph::build_network(n, events);
        benchmark::DoNotOptimize(built.network.num_edges());
    }
    state.SetItemsProcessed(state.iterations() * state.range(1));
}
BENCHMARK(BM_BuildNetwork)
    ->Args({10'000, 100'000})
    ->Args({100'000, 1'000'000})
    ->Unit(benchmark::kMillisecond);

void BM_PageRank(benchmark::State& state) {
    const auto n = static_cast<NodeId>(state.range(0));
    const auto events = synthetic_events(n, static_cast<std::size_t>(state.range(1)), 2);
    const auto network = refnet::graph::build_network(n, events).network;
    std::uint32_t iterations = 0;
    for (auto _ : state) {
        const auto pr = refnet::graph::pagerank(network);
        iterations = pr.iterations;
        benchmark::DoNotOptimize(pr.rank.data());
    }
    state.counters["iterations"] = iterations;
    state.counters["edges"] = static_cast<double>(network.num_edges());
}
BENCHMARK(BM_PageRank)
    ->Args({10'000, 100'000})
    ->Args({100'000, 1'000'000})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_Louvain(benchmark::State& state) {
    const auto n = static_cast<NodeId>(state.range(0));
    const auto events = synthetic_events(n, static_cast<std::size_t>(state.range(1)), 3);
    const auto network = refnet::graph::build_network(n, events).network;
    double q = 0.0;
    for (auto _ : state) {
        const auto r = refnet::graph::louvain(network);
        q = r.modularity;
        benchmark::DoNotOptimize(r.community.data());
    }
    state.counters["modularity"] = q;
}
BENCHMARK(BM_Louvain)
    ->Args({10'000, 100'000})
    ->Args({100'000, 1'000'000})
    ->Unit(benchmark::kMillisecond);

void BM_ReadReferralsCsv(benchmark::State& state) {
    const auto rows = static_cast<std::size_t>(state.range(0));
    constexpr NodeId kProviders = 5'000;
    std::ostringstream text;
    text << "date,from,to,count,need,status,days_to_appointment,feedback_days,satisfaction\n";
    const auto events = synthetic_events(kProviders, rows, 4);
    for (const auto& e : events) {
        text << "2024-05-17,P" << e.from << ",P" << e.to << ',' << e.count
             << ",back_pain,completed,12,5,4.5\n";
    }
    const std::string csv = text.str();
    refnet::graph::IdMap ids;
    for (NodeId i = 0; i < kProviders; ++i) ids.insert("P" + std::to_string(i));
    for (auto _ : state) {
        std::istringstream in(csv);
        refnet::graph::IdMap needs;
        refnet::Diagnostics diagnostics;
        auto read = refnet::io::read_referrals(in, "bench.csv", ids, refnet::io::UnknownIds::reject,
                                               needs, diagnostics);
        benchmark::DoNotOptimize(read.referrals.data());
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(rows));
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(csv.size()));
}
BENCHMARK(BM_ReadReferralsCsv)->Arg(100'000)->Unit(benchmark::kMillisecond);

// The national path on a generated CMS file (1 M providers / 6.2 M rows, 190 MB,
// a tenth of the national file): the parallel parse and the parallel CSR
// build from edge columns, then opening the same network as a snapshot.
const std::string& cms_file() {
    static const std::string path = [] {
        const auto dir = std::filesystem::temp_directory_path() / "refnet_bench_cms_1m";
        if (!std::filesystem::exists(dir / "cms_edges.csv")) {
            refnet::synth::write_cms_market({.providers = 1'000'000, .edges = 6'200'000, .seed = 3},
                                            refnet::io::builtin_taxonomy(), dir.string());
        }
        return (dir / "cms_edges.csv").string();
    }();
    return path;
}

void BM_ParseCmsFast(benchmark::State& state) {
    const std::string& path = cms_file();
    std::size_t rows = 0;
    for (auto _ : state) {
        const auto edges = refnet::io::read_cms_fast(path);
        rows = edges->from.size();
        benchmark::DoNotOptimize(edges->to.data());
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(rows));
    state.SetBytesProcessed(state.iterations() *
                            static_cast<std::int64_t>(std::filesystem::file_size(path)));
}
BENCHMARK(BM_ParseCmsFast)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_BuildFromEdges(benchmark::State& state) {
    const auto edges = refnet::io::read_cms_fast(cms_file());
    for (auto _ : state) {
        state.PauseTiming();
        refnet::graph::EdgeList copy{edges->from, edges->to, edges->count, edges->beneficiaries};
        state.ResumeTiming();
        auto built = refnet::graph::build_network_from_edges(edges->ids.size(), std::move(copy));
        benchmark::DoNotOptimize(built.network.num_edges());
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(edges->from.size()));
}
BENCHMARK(BM_BuildFromEdges)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_OpenSnapshot(benchmark::State& state) {
    const auto snapshot = std::filesystem::temp_directory_path() / "refnet_bench_cms_1m.refnet";
    {
        refnet::io::InputSpec spec;
        spec.cms = cms_file();
        const auto data = refnet::io::load_dataset(spec);
        std::ofstream out(snapshot, std::ios::binary);
        (void)refnet::io::write_snapshot(data, out);
    }
    for (auto _ : state) {
        const auto data = refnet::io::open_snapshot(snapshot.string());
        benchmark::DoNotOptimize(data.network.num_edges());
    }
}
BENCHMARK(BM_OpenSnapshot)->Unit(benchmark::kMillisecond)->UseRealTime();

// PageRank to an L1 change below 1e-6 on the national network, when
// REFNET_NATIONAL names its snapshot (bench/scale.sh writes one).
void BM_PageRankNational(benchmark::State& state) {
    const auto snapshot = refnet::bench::national_snapshot(state);
    if (!snapshot) return;
    const auto data = refnet::io::open_snapshot(*snapshot);
    refnet::graph::PageRankParams params;
    params.tolerance = 1e-6;
    std::uint32_t iterations = 0;
    for (auto _ : state) {
        const auto pr = refnet::graph::pagerank(data.network, params);
        iterations = pr.iterations;
        benchmark::DoNotOptimize(pr.rank.data());
    }
    state.counters["iterations"] = iterations;
    state.counters["edges"] = static_cast<double>(data.network.num_edges());
}
BENCHMARK(BM_PageRankNational)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

}  // namespace

BENCHMARK_MAIN();

// Micro-benchmarks for the foundation: reading referrals CSV, building the CSR
// network, PageRank and Louvain on synthetic networks with heavy-tailed degrees.
// Run: build/bench/refnet_bench (configure with -DREFNET_BUILD_BENCH=ON).
#include <benchmark/benchmark.h>

#include <random>
#include <refnet/graph/communities.hpp>
#include <refnet/graph/metrics.hpp>
#include <refnet/graph/network.hpp>
#include <refnet/io/readers.hpp>
#include <sstream>

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
    ->Unit(benchmark::kMillisecond);

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

}  // namespace

BENCHMARK_MAIN();

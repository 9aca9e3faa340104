#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <deque>
#include <filesystem>
#include <map>
#include <numbers>
#include <random>
#include <refnet/graph/geo.hpp>
#include <refnet/graph/splitmix.hpp>
#include <refnet/io/csv.hpp>
#include <refnet/io/generate.hpp>
#include <refnet/io/npi.hpp>
#include <refnet/io/output.hpp>
#include <stdexcept>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

namespace refnet::io {

namespace {

// ---------------------------------------------------------------------------
// Randomness: std::mt19937_64 is specified bit for bit by the standard, but the
// std distributions are not, so the transforms are written here to keep the
// files byte-identical across standard libraries.
class Rng {
   public:
    explicit Rng(std::uint64_t seed) : engine_(seed) {}
    double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
    std::uint64_t below(std::uint64_t n) { return n == 0 ? 0 : engine_() % n; }
    bool chance(double p) { return uniform() < p; }
    double normal() {
        // Box-Muller; 1 - u keeps the logarithm finite.
        const double u = 1.0 - uniform();
        const double v = uniform();
        return std::sqrt(-2.0 * std::log(u)) * std::cos(2.0 * std::numbers::pi * v);
    }
    double lognormal(double mu, double sigma) { return std::exp(mu + sigma * normal()); }
    std::uint32_t poisson(double lambda) {
        if (lambda <= 0.0) return 0;
        if (lambda > 30.0) {
            return static_cast<std::uint32_t>(
                std::max(0.0, std::round(lambda + std::sqrt(lambda) * normal())));
        }
        const double limit = std::exp(-lambda);
        std::uint32_t k = 0;
        double product = uniform();
        while (product > limit) {
            ++k;
            product *= uniform();
        }
        return k;
    }
    double beta_like(double mean, double spread) {
        return std::clamp(mean + spread * normal(), 0.02, 0.98);
    }
    /// Index drawn in proportion to non-negative weights; weights.size() when all are zero.
    std::size_t pick(const std::vector<double>& weights) {
        double total = 0.0;
        for (double w : weights) total += w;
        if (!(total > 0.0)) return weights.size();
        double target = uniform() * total;
        for (std::size_t i = 0; i < weights.size(); ++i) {
            target -= weights[i];
            if (target < 0.0) return i;
        }
        return weights.size() - 1;
    }

   private:
    std::mt19937_64 engine_;
};

// Specialty mix of an ambulatory market, in percent of providers: roughly the
// shape of NPPES individual providers in a US metro (primary care about a
// third, then specialists, dental, allied and behavioral health, wellness).
struct SpecialtyShare {
    std::string_view code;
    double percent;
};
constexpr std::array<SpecialtyShare, 58> kSpecialtyMix{{
    {"207Q00000X", 11.0}, {"207R00000X", 9.0}, {"208000000X", 4.0}, {"363LF0000X", 4.0},
    {"363A00000X", 3.0},  {"207RG0300X", 1.0}, {"208D00000X", 0.8}, {"152W00000X", 4.0},
    {"207W00000X", 1.5},  {"1223G0001X", 6.0}, {"1223X0400X", 1.0}, {"1223P0300X", 0.5},
    {"1223S0112X", 0.5},  {"1223P0221X", 1.0}, {"225100000X", 6.0}, {"225X00000X", 2.0},
    {"111N00000X", 3.0},  {"231H00000X", 0.8}, {"235Z00000X", 1.0}, {"213E00000X", 1.0},
    {"2255A2300X", 0.5},  {"2084P0800X", 2.0}, {"103TC0700X", 2.5}, {"101YP2500X", 3.0},
    {"1041C0700X", 2.5},  {"106H00000X", 1.0}, {"101YA0400X", 1.0}, {"363LP0808X", 1.0},
    {"133V00000X", 2.0},  {"133N00000X", 0.7}, {"225700000X", 2.0}, {"171100000X", 1.0},
    {"171400000X", 0.8},  {"224Y00000X", 0.5}, {"175F00000X", 0.3}, {"207RC0000X", 2.0},
    {"2084N0400X", 1.5},  {"207RE0101X", 1.0}, {"207RG0100X", 1.5}, {"207N00000X", 1.5},
    {"207RP1001X", 1.0},  {"207RN0300X", 0.7}, {"207K00000X", 0.7}, {"207RS0012X", 0.5},
    {"208VP0000X", 1.0},  {"207QS0010X", 0.5}, {"207RR0500X", 0.7}, {"208100000X", 0.7},
    {"207RX0202X", 0.7},  {"207X00000X", 2.5}, {"207V00000X", 2.5}, {"207Y00000X", 1.0},
    {"208800000X", 1.0},  {"208600000X", 1.0}, {"207T00000X", 0.5}, {"207XX0005X", 0.5},
    {"183500000X", 0.5},  {"207RH0002X", 0.3},
}};

constexpr std::array<std::string_view, 40> kFirstNames{
    "James", "Mary",   "Robert", "Patricia", "John",   "Jennifer", "Michael", "Linda",
    "David", "Maria",  "Wei",    "Priya",    "Ahmed",  "Sofia",    "Daniel",  "Grace",
    "Kevin", "Aisha",  "Carlos", "Hannah",   "Thomas", "Emily",    "Andre",   "Mei",
    "Omar",  "Laura",  "Samuel", "Nadia",    "Joseph", "Olivia",   "Rafael",  "Chloe",
    "Ethan", "Fatima", "Lucas",  "Ingrid",   "Mateo",  "Keisha",   "Noah",    "Yuki"};
constexpr std::array<std::string_view, 40> kLastNames{
    "Smith",  "Johnson", "Williams", "Brown",   "Jones",   "Garcia",    "Miller",   "Davis",
    "Nguyen", "Patel",   "Kim",      "Chen",    "Okafor",  "Hernandez", "Lopez",    "Wilson",
    "Moore",  "Taylor",  "Thomas",   "Jackson", "White",   "Harris",    "Martin",   "Lee",
    "Walker", "Hall",    "Allen",    "Young",   "King",    "Wright",    "Scott",    "Green",
    "Baker",  "Adams",   "Nelson",   "Hill",    "Ramirez", "Campbell",  "Mitchell", "O'Neil"};
constexpr std::array<std::string_view, 16> kPlaceWords{
    "Riverside", "Oakwood",   "Summit",     "Lakeview",   "Northside", "Parkway",
    "Cedar",     "Midtown",   "Heritage",   "Crossroads", "Meadow",    "Harbor",
    "Westgate",  "Pinecrest", "Elm Street", "Union"};

std::string_view credential(graph::Group group, std::string_view code) {
    using graph::Group;
    if (code.starts_with("363L")) return "NP";
    if (code.starts_with("363A")) return "PA";
    if (code.starts_with("152W")) return "OD";
    if (code.starts_with("1223")) return "DDS";
    if (code.starts_with("2251")) return "DPT";
    if (code.starts_with("225X")) return "OTR/L";
    if (code.starts_with("111N")) return "DC";
    if (code.starts_with("213E")) return "DPM";
    if (code.starts_with("103T")) return "PhD";
    if (code.starts_with("101Y")) return "LPC";
    if (code.starts_with("1041")) return "LCSW";
    if (code.starts_with("106H")) return "LMFT";
    if (code.starts_with("133V")) return "RD";
    if (code.starts_with("2257")) return "LMT";
    if (code.starts_with("1711")) return "LAc";
    if (code.starts_with("231H")) return "AuD";
    if (code.starts_with("235Z")) return "CCC-SLP";
    if (code.starts_with("1835")) return "PharmD";
    if (group == Group::wellness || group == Group::allied_health) return "";
    return "MD";
}

// ---------------------------------------------------------------------------
// Provider placement and traits.

struct Traits {
    double panel = 1.0;          // relative practice size (heavy-tailed)
    double quality = 0.5;        // latent: feedback, speed, completion, satisfaction
    double feedback_rate = 0.5;  // share of completed referrals that get notes back
    double feedback_delay = 7;   // days
    double days_to_appointment = 14;
    double completion = 0.85;
    double reciprocity = 0.5;  // how much a sender favours those who send back
    double marketing = 0.0;    // touchpoints per month its liaison makes
    int active_from = 0;       // months
    int active_to = 0;
    std::uint32_t metro = 0;
    std::vector<double> seen;    // dense over needs
    std::vector<double> served;  // dense over needs
};

// What the candidate loops read of a provider, packed so that they stay in
// cache, with the weight's per-provider factors computed once (the same
// doubles the weight formula computed on every use).
struct Peer {
    double lat = 0.0;
    double lon = 0.0;
    double cos_lat = 1.0;
    double quality_factor = 0.0;  // std::pow(0.3 + quality, 1.5)
    double panel_factor = 0.0;    // std::sqrt(0.3 + panel)
    graph::NodeId id = 0;
    int active_from = 0;
    int active_to = 0;
    bool remote_floor = false;  // proximity matters little: telehealth therapy or wellness
    bool closed = false;        // not accepting new patients
    bool active_in(int month) const { return active_from <= month && month < active_to; }
};

constexpr double kRad = graph::kRadiansPerDegree;

double round_to(double value, double step) { return std::round(value / step) * step; }

std::string format_fixed(double value, int decimals) {
    std::array<char, 32> buffer{};
    const auto [ptr, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value,
                                         std::chars_format::fixed, decimals);
    (void)ec;
    std::string text(buffer.data(), ptr);
    if (text.find('.') != std::string::npos) {
        text.erase(text.find_last_not_of('0') + 1);
        if (text.back() == '.') text.pop_back();
    }
    return text == "-0" ? "0" : text;
}

// A referral goes only to someone whose `served` for the need is at least this
// much above the sender's.
constexpr double kReferralMargin = 0.2;

// A provider in a need's list of those serving it, with its `served` for it.
// One cache line: the referral loop streams through these.
struct alignas(64) Server {
    double served;
    Peer peer;
};

// A provider in a need's list of those seeing it, with seen * (1 - served) for
// it; `pos` indexes the grid's list of all providers.
struct Seeker {
    double seek;
    std::uint32_t pos;
};

using Place = std::pair<int, int>;  // grid row, column

// Items laid out cell by cell in the order a query visits cells (rows, then
// columns) and in insertion order within a cell, so the cells of one row of a
// query are one run of items.
template <typename T>
struct Runs {
    std::vector<std::pair<Place, std::uint32_t>> starts;  // where each cell's run begins
    std::vector<T> items;

    // Call before adding the items of the cell at `at`; cells go in order.
    void start(Place at) {
        if (!starts.empty() && starts.back().second == items.size()) {
            starts.back().first = at;  // the previous cell has no items
        } else {
            starts.emplace_back(at, static_cast<std::uint32_t>(items.size()));
        }
    }
    // The run of the cells in `row` from column `first` to `last`.
    std::pair<std::size_t, std::size_t> row(int row, int first, int last) const {
        return {offset({row, first}), offset({row, last + 1})};
    }

   private:
    std::size_t offset(Place at) const {
        const auto it =
            std::lower_bound(starts.begin(), starts.end(), at,
                             [](const auto& start, const Place& p) { return start.first < p; });
        return it == starts.end() ? items.size() : std::size_t{it->second};
    }
};

// Uniform grid over lat/lon for "providers near here" queries. Both queries
// visit the cells within `radius` rows first, then columns, and each cell's
// providers in insertion order, as a scan of every neighbour would, but hand
// out only the providers that can matter, with the doubles that scan computes.
class Grid {
   public:
    static constexpr double kCell = 0.05;  // degrees, about 5.5 km
    static constexpr int kNear = 3;        // the usual radius, in cells
    static constexpr int kFar = 12;        // the radius when few are near
    void add(graph::NodeId id, double lat, double lon) { cells_[cell(lat, lon)].push_back(id); }

    // Lists per need who serves it enough to receive a referral and who sees
    // it; only a few specialties do either, so the queries skip most
    // neighbours. Call once, after the last add().
    void index(const std::vector<Traits>& traits, const std::vector<Peer>& peers,
               graph::NeedId needs) {
        for (const auto& [at, ids] : cells_) {
            peers_.start(at);
            for (graph::NodeId id : ids) peers_.items.push_back(peers[id]);
        }
        servers_.assign(needs, {});
        seekers_.assign(needs, {});
        for (graph::NeedId n = 0; n < needs; ++n) {
            std::uint32_t pos = 0;
            for (const auto& [at, ids] : cells_) {
                servers_[n].start(at);
                seekers_[n].start(at);
                for (graph::NodeId id : ids) {
                    const Traits& t = traits[id];
                    if (t.served[n] >= kReferralMargin)
                        servers_[n].items.push_back({t.served[n], peers[id]});
                    const double seek = t.seen[n] * (1.0 - t.served[n]);
                    if (seek != 0.0) seekers_[n].items.push_back({seek, pos});
                    ++pos;
                }
            }
        }
        cells_.clear();
    }

    // The providers within `radius` cells whose served[need] is at least
    // kReferralMargin: a referral needs served[need] >= sender's + margin, and
    // served values are >= 0, so (rounding being monotonic) no one else passes.
    template <typename Fn>
    void near_serving(double lat, double lon, int radius, graph::NeedId need, Fn&& fn) const {
        const auto [row, col] = cell(lat, lon);
        const Runs<Server>& servers = servers_[need];
        for (int r = row - radius; r <= row + radius; ++r) {
            const auto [begin, end] = servers.row(r, col - radius, col + radius);
            for (std::size_t s = begin; s < end; ++s) fn(servers.items[s]);
        }
    }

    // Every provider within `radius` cells whose fit is positive, with its fit:
    // the sum, in need order, of seen[n] * (1 - served[n]) * offered[n] over
    // all needs. The terms left out (a factor is 0) are +0 and leave a sum of
    // non-negative terms as it is, so summing only `offered`'s nonzero needs
    // (ascending) over their seekers gives the same double. `fit` is scratch.
    template <typename Fn>
    void near_fit(double lat, double lon, int radius,
                  const std::vector<std::pair<graph::NeedId, double>>& offered,
                  std::vector<double>& fit, Fn&& fn) const {
        const auto [row, col] = cell(lat, lon);
        for (int r = row - radius; r <= row + radius; ++r) {
            const auto [begin, end] = peers_.row(r, col - radius, col + radius);
            fit.assign(end - begin, 0.0);
            for (const auto& [n, served] : offered) {
                const Runs<Seeker>& seekers = seekers_[n];
                const auto [first, last] = seekers.row(r, col - radius, col + radius);
                for (std::size_t s = first; s < last; ++s)
                    fit[seekers.items[s].pos - begin] += seekers.items[s].seek * served;
            }
            for (std::size_t pos = begin; pos < end; ++pos) {
                if (fit[pos - begin] > 0.0) fn(peers_.items[pos], fit[pos - begin]);
            }
        }
    }

   private:
    static Place cell(double lat, double lon) {
        return {static_cast<int>(std::floor(lat / kCell)),
                static_cast<int>(std::floor(lon / kCell))};
    }
    std::map<Place, std::vector<graph::NodeId>> cells_;  // until index()
    Runs<Peer> peers_;
    std::vector<Runs<Server>> servers_;  // by need
    std::vector<Runs<Seeker>> seekers_;  // by need
};

// Decaying pair state (tie strength, touch effect), applied lazily.
struct Decaying {
    double value = 0.0;
    int month = 0;
};

class PairState {
   public:
    static constexpr std::uint32_t kNone = ~std::uint32_t{0};
    struct Link {
        graph::NodeId other;
        std::uint32_t slot;
    };
    PairState(double monthly_decay, graph::NodeId nodes)
        : decay_(monthly_decay), from_(nodes), to_(nodes) {}
    double get(graph::NodeId a, graph::NodeId b, int month) const { return at(find(a, b), month); }
    /// The state's slot, kNone when the pair has none.
    std::uint32_t find(graph::NodeId a, graph::NodeId b) const {
        const auto it = slot_.find(key(a, b));
        return it == slot_.end() ? kNone : it->second;
    }
    /// get() of the pair in `slot` (0 for kNone).
    double at(std::uint32_t slot, int month) const {
        if (slot == kNone) return 0.0;
        const Decaying& d = state_[slot];
        return d.value * std::pow(decay_, month - d.month);
    }
    double& touch(graph::NodeId a, graph::NodeId b, int month) {
        const auto [it, added] = slot_.try_emplace(key(a, b), static_cast<std::uint32_t>(0));
        if (added) {
            it->second = static_cast<std::uint32_t>(state_.size());
            state_.emplace_back();
            from_[a].push_back({b, it->second});
            to_[b].push_back({a, it->second});
        }
        Decaying& d = state_[it->second];
        d.value *= std::pow(decay_, month - d.month);
        d.month = month;
        return d.value;
    }
    /// The pairs (a, other) and (other, a) that have a state.
    const std::vector<Link>& from(graph::NodeId a) const { return from_[a]; }
    const std::vector<Link>& to(graph::NodeId a) const { return to_[a]; }

   private:
    static std::uint64_t key(graph::NodeId a, graph::NodeId b) {
        return (static_cast<std::uint64_t>(a) << 32) | b;
    }
    double decay_;
    std::unordered_map<std::uint64_t, std::uint32_t> slot_;
    std::deque<Decaying> state_;  // a deque keeps touch()'s references valid
    std::vector<std::vector<Link>> from_;
    std::vector<std::vector<Link>> to_;
};

std::vector<const Metro*> region_metros(const std::string& region) {
    std::vector<const Metro*> out;
    for (const auto& m : metros()) {
        if (region == "national" || region == m.key) out.push_back(&m);
    }
    if (out.empty()) {
        std::string names;
        for (const auto& n : region_names()) names += (names.empty() ? "" : ", ") + n;
        throw std::invalid_argument("unknown region \"" + region + "\" (expected one of " + names +
                                    ")");
    }
    return out;
}

std::vector<double> dense_profile(const std::vector<std::pair<graph::NeedId, double>>& sparse,
                                  graph::NeedId needs) {
    std::vector<double> dense(needs, 0.0);
    for (const auto& [need, weight] : sparse) dense[need] = weight;
    return dense;
}

// Names and places one provider; `individual` decides person vs practice name.
void describe(graph::Provider& p, Rng& rng, const Metro& metro, const TaxonomyTable& taxonomy) {
    const auto entry = taxonomy.find(p.taxonomy);
    p.group = entry == taxonomy.end() ? graph::Group::unknown : entry->second.group;
    p.specialty = entry == taxonomy.end() ? "" : entry->second.display_name;
    if (rng.chance(0.7)) {
        p.name = std::string(kFirstNames[rng.below(kFirstNames.size())]) + " " +
                 std::string(kLastNames[rng.below(kLastNames.size())]);
        const std::string_view cred = credential(p.group, p.taxonomy);
        if (!cred.empty()) p.name += ", " + std::string(cred);
    } else {
        std::string label = p.specialty;
        for (std::string_view suffix :
             {" Physician", " (Internal Medicine)", " (Family Medicine)"}) {
            if (auto at = label.find(suffix); at != std::string::npos)
                label.erase(at, suffix.size());
        }
        p.name =
            std::string(kPlaceWords[rng.below(kPlaceWords.size())]) + " " + label + " Associates";
    }
    // Providers cluster around the core with a suburban tail.
    const double radius_km = std::min(45.0, rng.lognormal(std::log(7.0), 0.7));
    const double angle = 2.0 * std::numbers::pi * rng.uniform();
    p.lat = metro.lat + radius_km * std::cos(angle) / 111.195;
    p.lon = metro.lon + radius_km * std::sin(angle) /
                            (111.195 * std::cos(metro.lat * std::numbers::pi / 180.0));
    p.lat = round_to(p.lat, 1e-4);
    p.lon = round_to(p.lon, 1e-4);
    p.city = std::string(metro.city);
    p.state = std::string(metro.state);
    p.zip = std::string(metro.zip3) + std::to_string(10 + rng.below(90));
    p.licensed_states = {p.state};
    if (rng.chance(0.2)) p.licensed_states.emplace_back(metro.neighbour_state);
    const bool remote_friendly =
        p.group == graph::Group::behavioral_health || p.group == graph::Group::wellness;
    p.telehealth = rng.chance(remote_friendly ? 0.6 : 0.12);
    p.accepting_new = rng.chance(0.88);
}

std::vector<graph::NeedWeight> top_needs(const std::vector<double>& dense,
                                         const graph::NeedCatalogue& catalogue) {
    std::vector<graph::NeedWeight> out;
    for (graph::NeedId n = 0; n < dense.size(); ++n) {
        if (dense[n] >= 0.0005) out.push_back({catalogue.tags.key(n), round_to(dense[n], 0.001)});
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const auto& a, const auto& b) { return a.weight > b.weight; });
    return out;
}

constexpr std::array<std::string_view, 7> kTouchNotes{
    "Met the referral coordinator at their office", "Lunch with the clinical team",
    "Check-in call about shared patients",          "Sent our updated referral guide",
    "Thank-you note for recent referrals",          "Met at a community health event",
    "Hosted a lunch-and-learn on our services"};

}  // namespace

const std::vector<Metro>& metros() {
    static const std::vector<Metro> list{
        {"atlanta", "Atlanta", "GA", "303", 33.7490, -84.3880, "AL"},
        {"boston", "Boston", "MA", "021", 42.3601, -71.0589, "NH"},
        {"chicago", "Chicago", "IL", "606", 41.8781, -87.6298, "IN"},
        {"dallas", "Dallas", "TX", "752", 32.7767, -96.7970, "OK"},
        {"denver", "Denver", "CO", "802", 39.7392, -104.9903, "WY"},
        {"phoenix", "Phoenix", "AZ", "850", 33.4484, -112.0740, "NM"},
        {"seattle", "Seattle", "WA", "981", 47.6062, -122.3321, "OR"},
        {"charlotte", "Charlotte", "NC", "282", 35.2271, -80.8431, "SC"},
        {"nashville", "Nashville", "TN", "372", 36.1627, -86.7816, "KY"},
    };
    return list;
}

std::vector<std::string> region_names() {
    std::vector<std::string> names;
    for (const auto& m : metros()) names.emplace_back(m.key);
    names.emplace_back("national");
    return names;
}

Market generate_market(const MarketParams& params, const graph::NeedCatalogue& catalogue,
                       const TaxonomyTable& taxonomy) {
    if (params.providers == 0) throw std::invalid_argument("--providers must be at least 1");
    if (params.years == 0 || params.years > 50) {
        throw std::invalid_argument("--years must be from 1 to 50, got " +
                                    std::to_string(params.years));
    }
    const std::vector<const Metro*> region = region_metros(params.region);
    const graph::NeedId needs = catalogue.size();
    const int months = static_cast<int>(params.years) * 12;
    Rng rng(params.seed);

    std::vector<double> mix_weights;
    for (const auto& s : kSpecialtyMix) {
        mix_weights.push_back(catalogue.profile(s.code) != nullptr ? s.percent : 0.0);
    }

    Market market;
    std::vector<Traits> traits(params.providers);
    std::unordered_set<std::uint32_t> used_npis;
    Grid grid;
    for (graph::NodeId i = 0; i < params.providers; ++i) {
        graph::Provider p;
        std::uint32_t base = 0;
        do {
            base = 100'000'000U + static_cast<std::uint32_t>(rng.below(200'000'000U));
        } while (!used_npis.insert(base).second);
        p.id = make_npi(base);
        p.taxonomy = std::string(kSpecialtyMix[rng.pick(mix_weights)].code);
        Traits& t = traits[i];
        t.metro = static_cast<std::uint32_t>(rng.below(region.size()));
        describe(p, rng, *region[t.metro], taxonomy);
        const graph::NeedProfile* profile = catalogue.profile(p.taxonomy);
        t.seen = dense_profile(profile->seen, needs);
        t.served = dense_profile(profile->served, needs);
        // Practices differ around their specialty's profile.
        double total = 0.0;
        for (double& w : t.seen) {
            w *= rng.lognormal(0.0, 0.3);
            total += w;
        }
        for (double& w : t.seen) w = total > 0 ? w / total : 0.0;
        for (double& w : t.served) w = std::min(1.0, w * rng.lognormal(0.0, 0.15));
        p.needs_seen = top_needs(t.seen, catalogue);
        p.needs_served = top_needs(t.served, catalogue);
        t.panel = rng.lognormal(-0.4, 0.9);
        t.quality = rng.beta_like(0.6, 0.2);
        t.feedback_rate = std::clamp(0.15 + 0.8 * t.quality + 0.1 * rng.normal(), 0.02, 0.98);
        t.feedback_delay = rng.lognormal(std::log(3.0 + 12.0 * (1.0 - t.quality)), 0.3);
        t.days_to_appointment = rng.lognormal(std::log(5.0 + 35.0 * (1.0 - t.quality)), 0.3);
        t.completion = std::clamp(0.72 + 0.25 * t.quality + 0.04 * rng.normal(), 0.5, 0.98);
        t.reciprocity = rng.uniform();
        t.marketing = rng.chance(0.25) ? rng.lognormal(std::log(0.6), 0.5) : 0.0;
        t.active_to = months;
        const double life = rng.uniform();
        if (life < 0.06)
            t.active_from = 1 + static_cast<int>(rng.below(
                                    static_cast<std::uint64_t>(months - 1 > 0 ? months - 1 : 1)));
        if (life > 0.94)
            t.active_to = 1 + static_cast<int>(rng.below(
                                  static_cast<std::uint64_t>(months - 1 > 0 ? months - 1 : 1)));
        grid.add(i, p.lat, p.lon);
        market.providers.push_back(std::move(p));
    }
    std::vector<Peer> peers(params.providers);
    for (graph::NodeId c = 0; c < params.providers; ++c) {
        const Traits& tc = traits[c];
        const graph::Provider& pc = market.providers[c];
        Peer& peer = peers[c];
        peer.lat = pc.lat;
        peer.lon = pc.lon;
        peer.cos_lat = std::cos(pc.lat * kRad);
        peer.quality_factor = std::pow(0.3 + tc.quality, 1.5);
        peer.panel_factor = std::sqrt(0.3 + tc.panel);
        peer.id = c;
        peer.active_from = tc.active_from;
        peer.active_to = tc.active_to;
        peer.remote_floor =
            pc.telehealth.value_or(false) &&
            (pc.group == graph::Group::behavioral_health || pc.group == graph::Group::wellness);
        peer.closed = !pc.accepting_new.value_or(true);
    }
    grid.index(traits, peers, needs);

    // Base monthly referral rates by group: primary care sends most.
    auto send_rate = [](graph::Group g) {
        switch (g) {
            case graph::Group::primary_care:
                return 3.2;
            case graph::Group::medical_specialist:
            case graph::Group::surgical_specialist:
                return 1.4;
            case graph::Group::vision:
            case graph::Group::dental:
                return 1.1;
            case graph::Group::allied_health:
                return 0.9;
            case graph::Group::behavioral_health:
                return 0.7;
            default:
                return 0.4;
        }
    };

    PairState ties(0.97, params.providers);     // i -> c habit, half-life about two years
    PairState touches(0.90, params.providers);  // effect of c's liaison contacting i
    // By counterpart of the sender at hand: the slots of their pair states, so a
    // candidate's are an array read, not three hash look-ups, and its proximity,
    // computed once per sender and month however many patients it refers.
    struct Counterpart {
        std::uint32_t habit = PairState::kNone;
        std::uint32_t returned = PairState::kNone;
        std::uint32_t touched = PairState::kNone;
        std::uint64_t proximity_turn = 0;  // the sender's turn `proximity` is of; 0: none
        double proximity = 0.0;
    };
    std::vector<Counterpart> counterparts(params.providers);
    std::uint64_t turn = 0;  // numbers the (sender, month) turns that refer patients
    std::vector<graph::NodeId> candidates;
    std::vector<double> weights;
    std::vector<double> need_weights(needs);
    std::vector<std::pair<graph::NeedId, double>> offered;
    std::vector<double> fits;

    for (int month = 0; month < months; ++month) {
        const int year = params.start_year + month / 12;
        const auto month_start = graph::make_date(year, static_cast<unsigned>(month % 12 + 1), 1);
        auto day_in_month = [&] {
            return graph::Date{month_start.days + static_cast<std::int32_t>(rng.below(28))};
        };
        auto active = [&](graph::NodeId c) { return peers[c].active_in(month); };

        // Liaisons reach out to practices whose patients need what they offer.
        for (graph::NodeId i = 0; i < params.providers; ++i) {
            const Traits& ti = traits[i];
            if (ti.marketing <= 0.0 || !active(i)) continue;
            const std::uint32_t contacts = rng.poisson(ti.marketing);
            if (contacts == 0) continue;
            candidates.clear();
            weights.clear();
            offered.clear();
            for (graph::NeedId n = 0; n < needs; ++n) {
                if (ti.served[n] != 0.0) offered.emplace_back(n, ti.served[n]);
            }
            const Peer& pi = peers[i];
            grid.near_fit(
                pi.lat, pi.lon, Grid::kNear, offered, fits, [&](const Peer& pj, double fit) {
                    if (pj.id == i || !pj.active_in(month)) return;
                    candidates.push_back(pj.id);
                    weights.push_back(fit *
                                      std::exp(-graph::haversine_km(pi.lat, pi.lon, pi.cos_lat,
                                                                    pj.lat, pj.lon, pj.cos_lat) /
                                               10.0));
                });
            for (std::uint32_t k = 0; k < contacts && !candidates.empty(); ++k) {
                const std::size_t pick = rng.pick(weights);
                if (pick == weights.size()) break;
                const graph::NodeId j = candidates[pick];
                const bool already_sends = ties.get(j, i, month) > 0.3;
                std::size_t kind = 0;
                const double u = rng.uniform();
                if (already_sends && u < 0.35) {
                    kind = static_cast<std::size_t>(graph::TouchKind::thank_you);
                } else {
                    constexpr std::array<double, 7> kKindShare{0.28, 0.2,  0.2, 0.14,
                                                               0.03, 0.08, 0.07};
                    std::vector<double> share(kKindShare.begin(), kKindShare.end());
                    kind = rng.pick(share);
                }
                graph::Touchpoint t;
                t.date = day_in_month();
                t.provider = j;
                t.kind = static_cast<graph::TouchKind>(kind);
                t.note = std::string(kTouchNotes[kind]);
                t.by = i;
                market.touchpoints.push_back(std::move(t));
                // In-person contact works better than an email.
                const double effect = kind <= 1 || kind == 6 ? 1.0 : (kind == 3 ? 0.3 : 0.6);
                touches.touch(j, i, month) += effect;
                weights[pick] *= 0.3;  // spread contacts over several practices
            }
        }

        // Referrals.
        for (graph::NodeId i = 0; i < params.providers; ++i) {
            if (!active(i)) continue;
            const Traits& ti = traits[i];
            const Peer& pi = peers[i];
            const std::uint32_t patients =
                rng.poisson(send_rate(market.providers[i].group) * ti.panel);
            if (patients == 0) continue;
            ++turn;
            for (const auto& [c, slot] : ties.from(i)) counterparts[c].habit = slot;
            for (const auto& [c, slot] : ties.to(i)) counterparts[c].returned = slot;
            for (const auto& [c, slot] : touches.from(i)) counterparts[c].touched = slot;
            for (graph::NeedId n = 0; n < needs; ++n)
                need_weights[n] = ti.seen[n] * (1.0 - ti.served[n]);
            for (std::uint32_t k = 0; k < patients; ++k) {
                const std::size_t need = rng.pick(need_weights);
                if (need == need_weights.size()) break;
                candidates.clear();
                weights.clear();
                const double bar = ti.served[need] + kReferralMargin;
                auto consider = [&](const Server& s) {
                    const Peer& pc = s.peer;
                    const graph::NodeId c = pc.id;
                    // Referring makes sense only to someone who treats the need clearly better.
                    if (s.served < bar || c == i || !pc.active_in(month)) return;
                    Counterpart& cp = counterparts[c];
                    if (cp.proximity_turn != turn) {
                        double proximity =
                            std::exp(-graph::haversine_km(pi.lat, pi.lon, pi.cos_lat, pc.lat,
                                                          pc.lon, pc.cos_lat) /
                                     6.0);
                        if (pc.remote_floor) proximity = std::max(proximity, 0.25);
                        cp.proximity = proximity;
                        cp.proximity_turn = turn;
                    }
                    const double proximity = cp.proximity;
                    const double habit = ties.at(cp.habit, month);
                    const double returned = ties.at(cp.returned, month);
                    const double touched = touches.at(cp.touched, month);
                    const double served = s.served;
                    double w = served * served * served * proximity * pc.quality_factor *
                               pc.panel_factor * (1.0 + 20.0 * std::min(habit, 2.0)) *
                               (1.0 + 6.0 * ti.reciprocity * std::min(returned, 2.0)) *
                               (1.0 + 3.0 * std::min(touched, 2.0));
                    if (pc.closed && habit < 0.1) w *= 0.2;
                    candidates.push_back(c);
                    weights.push_back(w);
                };
                const auto need_id = static_cast<graph::NeedId>(need);
                grid.near_serving(pi.lat, pi.lon, Grid::kNear, need_id, consider);
                if (candidates.size() < 5) {
                    candidates.clear();
                    weights.clear();
                    grid.near_serving(pi.lat, pi.lon, Grid::kFar, need_id, consider);
                }
                const std::size_t pick = rng.pick(weights);
                if (pick == weights.size())
                    continue;  // nobody nearby serves it: care happens elsewhere
                const graph::NodeId c = candidates[pick];
                const Traits& tc = traits[c];

                graph::Referral r;
                r.date = day_in_month();
                r.from = i;
                r.to = c;
                r.need = static_cast<graph::NeedId>(need);
                double& tie = ties.touch(i, c, month);
                counterparts[c].habit = ties.find(i, c);
                const bool recent = month == months - 1 && rng.chance(0.6);
                if (recent) {
                    // Last month of data: not all appointments have happened yet.
                    r.status = rng.chance(0.6) ? graph::Status::scheduled : graph::Status::sent;
                    if (r.status == graph::Status::scheduled) {
                        r.days_to_appointment = static_cast<std::int32_t>(
                            std::round(rng.lognormal(std::log(tc.days_to_appointment), 0.4)));
                    }
                    tie += 0.5;
                } else {
                    const double u = rng.uniform();
                    r.days_to_appointment = static_cast<std::int32_t>(
                        std::round(rng.lognormal(std::log(tc.days_to_appointment), 0.4)));
                    if (u < tc.completion) {
                        r.status = graph::Status::completed;
                        const bool feedback = rng.chance(tc.feedback_rate);
                        if (feedback) {
                            r.feedback_days = r.days_to_appointment +
                                              static_cast<std::int32_t>(std::round(
                                                  rng.lognormal(std::log(tc.feedback_delay), 0.5)));
                        }
                        const double rating = std::clamp(
                            round_to(2.6 + 2.2 * tc.quality + 0.6 * rng.normal(), 0.5), 1.0, 5.0);
                        r.satisfaction = static_cast<float>(rating);
                        // Good experiences build the habit; a poor hand-off sours it.
                        if (rating < 3.0) {
                            tie *= 0.5;
                        } else {
                            tie += 0.7 + (feedback ? 0.5 : 0.0);
                        }
                    } else {
                        r.status = u < tc.completion + (1.0 - tc.completion) * 0.6
                                       ? graph::Status::no_show
                                       : graph::Status::cancelled;
                        tie *= 0.8;
                    }
                }
                // Staff turnover ends some relationships outright.
                if (rng.chance(0.01)) tie = 0.0;
                market.referrals.push_back(r);
            }
            for (const auto& link : ties.from(i)) counterparts[link.other].habit = PairState::kNone;
            for (const auto& link : ties.to(i))
                counterparts[link.other].returned = PairState::kNone;
            for (const auto& link : touches.from(i))
                counterparts[link.other].touched = PairState::kNone;
        }
    }
    std::stable_sort(market.referrals.begin(), market.referrals.end(),
                     [](const auto& a, const auto& b) {
                         return std::tie(a.date, a.from, a.to) < std::tie(b.date, b.from, b.to);
                     });
    std::stable_sort(
        market.touchpoints.begin(), market.touchpoints.end(), [](const auto& a, const auto& b) {
            return std::tie(a.date, a.by, a.provider) < std::tie(b.date, b.by, b.provider);
        });
    return market;
}

namespace {

std::string join_needs(const std::vector<graph::NeedWeight>& needs) {
    std::string out;
    for (const auto& n : needs) {
        if (!out.empty()) out += ';';
        out += n.need + ':' + format_fixed(n.weight, 3);
    }
    return out;
}

std::string join(const std::vector<std::string>& items, char sep) {
    std::string out;
    for (const auto& s : items) {
        if (!out.empty()) out += sep;
        out += s;
    }
    return out;
}

}  // namespace

void write_market(const Market& market, const graph::NeedCatalogue& catalogue,
                  const std::string& dir) {
    std::filesystem::create_directories(dir);
    const std::filesystem::path base(dir);
    write_atomically((base / "providers.csv").string(), [&](std::ostream& out) {
        out << "id,name,taxonomy,group,lat,lon,city,state,zip,needs_seen,needs_served,accepting_"
               "new,"
               "telehealth,licensed_states\n";
        for (const auto& p : market.providers) {
            out << p.id << ',' << csv_escape(p.name) << ',' << p.taxonomy << ','
                << graph::group_key(p.group) << ',' << format_fixed(p.lat, 4) << ','
                << format_fixed(p.lon, 4) << ',' << csv_escape(p.city) << ',' << p.state << ','
                << p.zip << ',' << join_needs(p.needs_seen) << ',' << join_needs(p.needs_served)
                << ',' << (p.accepting_new.value_or(true) ? "yes" : "no") << ','
                << (p.telehealth.value_or(false) ? "yes" : "no") << ','
                << join(p.licensed_states, ';') << '\n';
        }
    });
    write_atomically((base / "referrals.csv").string(), [&](std::ostream& out) {
        out << "date,from,to,count,need,status,days_to_appointment,feedback_days,satisfaction\n";
        for (const auto& r : market.referrals) {
            out << graph::format_date(r.date) << ',' << market.providers[r.from].id << ','
                << market.providers[r.to].id << ',' << r.count << ','
                << (r.need == graph::kNoNeed ? std::string() : catalogue.tags.key(r.need)) << ','
                << graph::status_key(r.status) << ',';
            if (r.days_to_appointment >= 0) out << r.days_to_appointment;
            out << ',';
            if (r.feedback_days >= 0) out << r.feedback_days;
            out << ',';
            if (!std::isnan(r.satisfaction)) out << format_fixed(r.satisfaction, 1);
            out << '\n';
        }
    });
    write_atomically((base / "touchpoints.csv").string(), [&](std::ostream& out) {
        out << "date,provider,kind,note,by\n";
        for (const auto& t : market.touchpoints) {
            out << graph::format_date(t.date) << ',' << market.providers[t.provider].id << ','
                << graph::touch_kind_key(t.kind) << ',' << csv_escape(t.note) << ','
                << market.providers[t.by].id << '\n';
        }
    });
}

// ---------------------------------------------------------------------------
// National-scale CMS edge list.

namespace {

constexpr std::uint32_t kCmsBlock = 4096;  // providers per generation block

struct CmsLayout {
    std::vector<std::uint32_t> metro_begin;  // providers are laid out metro by metro
    std::vector<std::uint32_t> degree;
    std::vector<std::array<char, 10>> npi;  // formatted once: each is written ~2 * edges / n times
};

std::uint64_t mix_seed(std::uint64_t seed, std::uint64_t stream) {
    // splitmix64: independent, reproducible streams per block.
    return graph::splitmix64_mix(seed + graph::kSplitMix64Gamma * (stream + 1));
}

void append_number(std::string& out, std::uint64_t value) {
    std::array<char, 24> buffer{};
    const auto [ptr, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    (void)ec;
    out.append(buffer.data(), ptr);
}

}  // namespace

void write_cms_market(const CmsParams& params, const TaxonomyTable& taxonomy,
                      const std::string& dir, const std::function<void(double)>& progress) {
    const std::uint64_t n = params.providers;
    if (n < 2) throw std::invalid_argument("--providers must be at least 2 for an edge list");
    if (params.edges > n * (n - 1)) {
        throw std::invalid_argument("--edges " + std::to_string(params.edges) + " exceeds the " +
                                    std::to_string(n * (n - 1)) + " directed pairs of " +
                                    std::to_string(n) + " providers");
    }
    std::filesystem::create_directories(dir);
    const std::filesystem::path base(dir);
    const auto& metro_list = metros();
    Rng rng(params.seed);

    // Metro sizes follow a rough population ranking; providers are contiguous per metro.
    CmsLayout layout;
    layout.metro_begin.push_back(0);
    {
        std::vector<double> share;
        for (std::size_t m = 0; m < metro_list.size(); ++m)
            share.push_back(1.0 / (1.0 + 0.35 * static_cast<double>(m)));
        double total = 0.0;
        for (double s : share) total += s;
        std::uint64_t placed = 0;
        for (std::size_t m = 0; m < metro_list.size(); ++m) {
            placed = m + 1 == metro_list.size()
                         ? n
                         : placed + static_cast<std::uint64_t>(
                                        std::floor(share[m] / total * static_cast<double>(n)));
            layout.metro_begin.push_back(static_cast<std::uint32_t>(placed));
        }
    }
    // Heavy-tailed out-degrees scaled to exactly `edges`, each capped below n.
    {
        std::vector<double> weight(n);
        double total = 0.0;
        for (auto& w : weight) {
            w = rng.lognormal(0.0, 1.1);
            total += w;
        }
        layout.degree.assign(n, 0);
        const std::uint64_t cap = std::min<std::uint64_t>(n - 1, 50'000);
        std::uint64_t assigned = 0;
        for (std::uint64_t i = 0; i < n; ++i) {
            const auto d = std::min<std::uint64_t>(
                cap,
                static_cast<std::uint64_t>(weight[i] / total * static_cast<double>(params.edges)));
            layout.degree[i] = static_cast<std::uint32_t>(d);
            assigned += d;
        }
        // Hand out the remainder round-robin to providers below the cap.
        for (std::uint64_t i = 0; assigned < params.edges; i = (i + 1) % n) {
            if (layout.degree[i] < n - 1) {
                ++layout.degree[i];
                ++assigned;
            }
        }
    }
    layout.npi.resize(n);
    {
        // Distinct 9-digit bases by a stride walk through [1e8, 1e9) (the stride
        // is coprime with 9e8, so no base repeats and no set is needed).
        const std::uint64_t span = 200'000'000ULL;
        const std::uint64_t stride = 7'919ULL * 104'729ULL;  // two primes, coprime with 2, 3 and 5
        std::uint64_t x = rng.below(span);
        for (std::uint64_t i = 0; i < n; ++i) {
            const std::string npi = make_npi(static_cast<std::uint32_t>(100'000'000ULL + x));
            std::copy(npi.begin(), npi.end(), layout.npi[i].begin());
            x = (x + stride) % span;
        }
    }

    std::vector<double> mix;
    for (const auto& s : kSpecialtyMix) mix.push_back(s.percent);
    write_atomically((base / "nppes.csv").string(), [&](std::ostream& out) {
        out << "NPI,Entity Type Code,Provider Organization Name (Legal Business Name),"
               "Provider Last Name (Legal Name),Provider First Name,Provider Credential Text,"
               "Provider Business Practice Location Address City Name,"
               "Provider Business Practice Location Address State Name,"
               "Provider Business Practice Location Address Postal Code,"
               "Healthcare Provider Taxonomy Code_1,Healthcare Provider Primary Taxonomy "
               "Switch_1\n";
        Rng names(mix_seed(params.seed, 0xA11CE));
        std::string line;
        for (std::uint64_t i = 0; i < n; ++i) {
            const auto metro_it =
                std::upper_bound(layout.metro_begin.begin(), layout.metro_begin.end(),
                                 static_cast<std::uint32_t>(i));
            const Metro& metro =
                metro_list[static_cast<std::size_t>(metro_it - layout.metro_begin.begin() - 1)];
            const std::string_view code = kSpecialtyMix[names.pick(mix)].code;
            const auto entry = taxonomy.find(std::string(code));
            const graph::Group group =
                entry == taxonomy.end() ? graph::Group::unknown : entry->second.group;
            line.clear();
            line.append(layout.npi[i].data(), layout.npi[i].size());
            if (names.chance(0.85)) {
                line += ",1,,";
                line += kLastNames[names.below(kLastNames.size())];
                line += ',';
                line += kFirstNames[names.below(kFirstNames.size())];
                line += ',';
                line += credential(group, code);
            } else {
                line += ",2,";
                line += csv_escape(std::string(kPlaceWords[names.below(kPlaceWords.size())]) +
                                   " Health Partners");
                line += ",,,";
            }
            line += ',';
            line += metro.city;
            line += ',';
            line += metro.state;
            line += ',';
            line += metro.zip3;
            append_number(line, 10 + names.below(90));
            line += ',';
            line += code;
            line += ",Y\n";
            out << line;
        }
    });

    write_atomically((base / "cms_edges.csv").string(), [&](std::ostream& out) {
        const std::uint64_t blocks = (n + kCmsBlock - 1) / kCmsBlock;
        std::uint64_t written_edges = 0;
        constexpr std::uint64_t kBatch = 16;  // blocks held in memory at once
        for (std::uint64_t first = 0; first < blocks; first += kBatch) {
            const std::uint64_t last = std::min(blocks, first + kBatch);
            std::vector<std::string> text(last - first);
#pragma omp parallel for schedule(dynamic, 1)
            for (std::int64_t bi = static_cast<std::int64_t>(first);
                 bi < static_cast<std::int64_t>(last); ++bi) {
                const auto b = static_cast<std::uint64_t>(bi);
                Rng block_rng(mix_seed(params.seed, b));
                std::string& buffer = text[b - first];
                std::vector<std::uint32_t> targets;
                const std::uint64_t end = std::min(n, (b + 1) * kCmsBlock);
                for (std::uint64_t i = b * kCmsBlock; i < end; ++i) {
                    const auto metro_it =
                        std::upper_bound(layout.metro_begin.begin(), layout.metro_begin.end(),
                                         static_cast<std::uint32_t>(i));
                    const std::uint64_t m_begin = *(metro_it - 1);
                    const std::uint64_t m_size = *metro_it - m_begin;
                    const std::uint32_t degree = layout.degree[i];
                    targets.clear();
                    // Mostly within the metro, skewed towards its large receivers
                    // (cubed uniform: a few hubs take most links); some national.
                    auto draw = [&]() -> std::uint64_t {
                        const double u = block_rng.uniform();
                        if (m_size > 1 && block_rng.chance(0.85)) {
                            return m_begin + static_cast<std::uint64_t>(
                                                 u * u * u * static_cast<double>(m_size));
                        }
                        return static_cast<std::uint64_t>(u * u * static_cast<double>(n));
                    };
                    for (int round = 0; round < 8 && targets.size() < degree; ++round) {
                        while (targets.size() < degree) {
                            const std::uint64_t t = std::min(draw(), n - 1);
                            if (t != i) targets.push_back(static_cast<std::uint32_t>(t));
                        }
                        std::sort(targets.begin(), targets.end());
                        targets.erase(std::unique(targets.begin(), targets.end()), targets.end());
                    }
                    // Rare top-up for very high degrees: scan for unused targets.
                    for (std::uint64_t t = 0; targets.size() < degree && t < n; ++t) {
                        if (t != i && !std::binary_search(targets.begin(), targets.end(),
                                                          static_cast<std::uint32_t>(t))) {
                            targets.insert(std::lower_bound(targets.begin(), targets.end(),
                                                            static_cast<std::uint32_t>(t)),
                                           static_cast<std::uint32_t>(t));
                        }
                    }
                    const std::string_view from(layout.npi[i].data(), layout.npi[i].size());
                    for (std::uint32_t t : targets) {
                        // CMS suppresses pairs under 11 shared patients.
                        const auto patients = 11 + static_cast<std::uint64_t>(
                                                       block_rng.lognormal(std::log(8.0), 1.0));
                        const auto pairs =
                            patients + static_cast<std::uint64_t>(static_cast<double>(patients) *
                                                                  block_rng.uniform() * 3.0);
                        const auto same_day = static_cast<std::uint64_t>(
                            static_cast<double>(pairs) * block_rng.uniform() * 0.2);
                        buffer += from;
                        buffer += ',';
                        buffer.append(layout.npi[t].data(), layout.npi[t].size());
                        buffer += ',';
                        append_number(buffer, pairs);
                        buffer += ',';
                        append_number(buffer, patients);
                        buffer += ',';
                        append_number(buffer, same_day);
                        buffer += '\n';
                    }
                }
            }
            for (const auto& chunk : text) out << chunk;
            for (std::uint64_t b = first; b < last; ++b) {
                const std::uint64_t end = std::min(n, (b + 1) * kCmsBlock);
                for (std::uint64_t i = b * kCmsBlock; i < end; ++i)
                    written_edges += layout.degree[i];
            }
            if (progress)
                progress(static_cast<double>(written_edges) /
                         static_cast<double>(std::max<std::uint64_t>(1, params.edges)));
        }
    });
}

}  // namespace refnet::io

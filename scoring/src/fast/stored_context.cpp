// Speed-up: the Context stored in a snapshot. Building it costs 4 s on the
// national network (peer referrals, partner counts, the need model, the id
// ranking), a hundred times what one request costs; `refnet import` stores it
// and a cold command reads it in place instead of rebuilding it.
//
// Every array sits 64-byte aligned behind its element count, so a reader views
// it where it lies (Column) rather than copying it. The image starts with a key
// of everything the build read (the network's size, the events, the need
// catalogue, the as-of date, the parameters, the engine's switches): a context
// made for other settings is never used, it is rebuilt.
//
// A snapshot's checksum catches damage but not a forger who recomputes it, so
// every index is checked against what it indexes before a request reads it.
// tests/scoring/stored_context_test.cpp checks that a stored context answers
// byte for byte as a built one.
#include "fast/stored_context.hpp"

#include <xxhash.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "context_data.hpp"
#include "fast/service_grid.hpp"

namespace refnet::scoring {

namespace {

// The last three characters are the layout's version, raised whenever a field
// is added, removed or reordered below. A snapshot from a build with another
// layout still opens: its context is built, as for other settings.
constexpr std::array<char, 8> kMagic{'R', 'N', 'C', 'T', 'X', '0', '0', '2'};
constexpr std::size_t kVersionAt = 5;
constexpr std::size_t kAlign = 64;

[[noreturn]] void inconsistent(const std::string& what) {
    throw std::invalid_argument("stored scoring context: " + what);
}

// Bytes of the settings a context was built with, hashed into its key.
class KeyBytes {
   public:
    template <typename T>
    void add(const T& value) {
        static_assert(std::is_trivially_copyable_v<T>);
        const auto* p = reinterpret_cast<const char*>(&value);
        bytes_.insert(bytes_.end(), p, p + sizeof(T));
    }
    void add(std::string_view text) {
        add(static_cast<std::uint64_t>(text.size()));
        bytes_.insert(bytes_.end(), text.begin(), text.end());
    }
    [[nodiscard]] std::uint64_t digest() const { return XXH3_64bits(bytes_.data(), bytes_.size()); }

   private:
    std::vector<char> bytes_;
};

void add_catalogue(KeyBytes& key, const graph::NeedCatalogue& catalogue) {
    key.add(static_cast<std::uint64_t>(catalogue.size()));
    for (graph::NeedId k = 0; k < catalogue.size(); ++k) {
        key.add(std::string_view(catalogue.tags.key(k)));
        key.add(std::string_view(k < catalogue.labels.size() ? catalogue.labels[k] : ""));
    }
    // Profiles in code order: the map's own order depends on its buckets.
    std::vector<const std::pair<const std::string, graph::NeedProfile>*> profiles;
    for (const auto& entry : catalogue.profiles) profiles.push_back(&entry);
    std::sort(profiles.begin(), profiles.end(),
              [](const auto* a, const auto* b) { return a->first < b->first; });
    key.add(static_cast<std::uint64_t>(profiles.size()));
    for (const auto* entry : profiles) {
        key.add(std::string_view(entry->first));
        for (const auto* weights : {&entry->second.seen, &entry->second.served}) {
            key.add(static_cast<std::uint64_t>(weights->size()));
            for (const auto& [need, weight] : *weights) {
                key.add(need);
                key.add(weight);
            }
        }
    }
}

// Bitwise copies of every field the build reads; small_counts only words the
// reasons, so a stored context serves every --suppress-below.
void add_params(KeyBytes& key, const ScoringParams& p) {
    for (const double value :
         {p.proximity_range_km, p.telehealth_floor, p.inbound_share, p.observed_share,
          p.propensity_share, p.propensity_prior, p.propensity_own_prior, p.prior_successes,
          p.prior_failures, p.ppr_damping, p.ppr_epsilon, p.group_diversity, p.min_need_fit,
          p.service_radius_km})
        key.add(value);
    key.add(p.recent_days);
    key.add(static_cast<std::uint8_t>(p.shared_patients));
    key.add(static_cast<std::uint8_t>(p.exclude_peers));
}
// A new parameter changes the size: add it to add_params (or say why not).
static_assert(sizeof(ScoringParams) == 14 * sizeof(double) + sizeof(graph::SmallCounts) + 24);

// Streams the image to `sink` piece by piece: arrays go out from where the
// Context keeps them, so storing a national context copies nothing.
class ImageWriter {
   public:
    explicit ImageWriter(const Context::ImageSink& sink) : sink_(sink) {}
    template <typename T>
    void scalar(const T& value) {
        static_assert(std::is_trivially_copyable_v<T>);
        emit(reinterpret_cast<const char*>(&value), sizeof(T));
    }
    void flag(bool value) { scalar(static_cast<std::uint8_t>(value)); }
    template <typename T>
    void column(const Column<T>& values) {
        scalar(static_cast<std::uint64_t>(values.size()));
        static constexpr std::array<char, kAlign> zeros{};
        emit(zeros.data(), (written_ + kAlign - 1) / kAlign * kAlign - written_);
        emit(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T));
    }
    void need_rows(const NeedRows& rows) {
        scalar(static_cast<std::int64_t>(rows.cols()));
        column(rows.values());
    }
    void strings(const std::vector<std::string>& texts) {
        scalar(static_cast<std::uint64_t>(texts.size()));
        for (const auto& text : texts) {
            scalar(static_cast<std::uint64_t>(text.size()));
            emit(text.data(), text.size());
        }
    }
    void id_map(const graph::IdMap& map) { strings(map.keys()); }
    [[nodiscard]] std::size_t written() const { return written_; }

   private:
    void emit(const char* bytes, std::size_t size) {
        if (size == 0) return;
        if (sink_) sink_(bytes, size);
        written_ += size;
    }
    const Context::ImageSink& sink_;
    std::size_t written_ = 0;
};

// Reads what ImageWriter wrote, viewing arrays in place; a read past the end
// throws, so a truncated image is reported, never read past.
class ImageReader {
   public:
    explicit ImageReader(std::span<const char> image) : begin_(image.data()), image_(image) {}
    template <typename T>
    void scalar(T& value) {
        static_assert(std::is_trivially_copyable_v<T>);
        std::memcpy(&value, take(sizeof(T)), sizeof(T));
    }
    void flag(bool& value) {
        std::uint8_t byte = 0;
        scalar(byte);
        if (byte > 1) inconsistent("a flag is neither 0 nor 1");
        value = byte == 1;
    }
    template <typename T>
    void column(Column<T>& values) {
        std::uint64_t count = 0;
        scalar(count);
        const auto at = static_cast<std::size_t>(image_.data() - begin_);
        take((at + kAlign - 1) / kAlign * kAlign - at);
        if (count > image_.size() / sizeof(T)) inconsistent("an array runs past the end");
        const char* p = take(count * sizeof(T));
        values = Column<T>::viewing({reinterpret_cast<const T*>(p), count});
    }
    void need_rows(NeedRows& rows) {
        std::int64_t cols = 0;
        scalar(cols);
        if (cols < 0) inconsistent("need matrix width");
        Column<float> values;
        column(values);
        rows.view(std::move(values), cols);
    }
    void strings(std::vector<std::string>& texts) {
        std::uint64_t count = 0;
        scalar(count);
        if (count > image_.size() / sizeof(std::uint64_t)) inconsistent("a text list");
        texts.resize(count);
        for (auto& text : texts) {
            std::uint64_t size = 0;
            scalar(size);
            if (size > image_.size()) inconsistent("a text runs past the end");
            text.assign(take(size), size);
        }
    }
    void id_map(graph::IdMap& map) {
        std::vector<std::string> keys;
        strings(keys);
        for (const auto& key : keys) map.insert(key);
        if (map.size() != keys.size()) inconsistent("repeated need tags");
    }
    [[nodiscard]] bool done() const { return image_.empty(); }

   private:
    const char* take(std::size_t size) {
        if (size > image_.size()) inconsistent("the image ends early");
        const char* p = image_.data();
        image_ = image_.subspan(size);
        return p;
    }
    const char* begin_;
    std::span<const char> image_;
};

// The one list of what is stored, in order, for both directions. The service
// grid is rebuilt instead (24 ms national: hash maps, not arrays).
template <typename Archive, typename D>
void stored_fields(Archive& a, D& d) {
    a.id_map(d.needs);
    a.strings(d.need_labels);
    a.column(d.referral_need_map);
    a.need_rows(d.seen);
    a.need_rows(d.served);
    a.need_rows(d.unmet);
    a.column(d.unmet_total);
    a.column(d.profile);
    a.scalar(d.profile_count);
    a.column(d.profile_representative);
    a.scalar(d.propensity.taxonomies);
    a.column(d.propensity.rate);
    a.column(d.propensity.row_max);
    a.scalar(d.propensity.referrals);
    a.column(d.sender_offsets);
    a.column(d.sender_referrals);
    a.column(d.receiver_offsets);
    a.column(d.receiver_referrals);
    a.scalar(d.first_referral);
    a.column(d.in_volume);
    a.column(d.influence);
    a.column(d.out_volume);
    a.column(d.peer_referrals.offsets);
    a.column(d.peer_referrals.receiver);
    a.column(d.peer_referrals.count);
    a.column(d.peer_referrals.by_count);
    a.scalar(d.peer_referrals.log_max);
    a.column(d.peer_referrals.signal_of_count);
    a.column(d.reputation);
    a.column(d.received_closed);
    a.column(d.received_completed);
    a.column(d.received_known);
    a.column(d.received_satisfaction);
    a.flag(d.has_outcomes);
    a.scalar(d.group_rate);
    a.scalar(d.group_flows);
    a.column(d.id_rank);
    a.column(d.taxonomy_id);
    a.column(d.partner_count);
    a.column(d.lat);
    a.column(d.lon);
    a.column(d.telehealth);
    a.column(d.capacity);
    a.flag(d.any_location);
    a.flag(d.any_capacity);
    a.flag(d.any_telehealth);
    a.column(d.hubs.slot);
    a.column(d.hubs.bits);
    a.scalar(d.hubs.words);
    a.column(d.classes.of);
    a.column(d.classes.offsets);
    a.column(d.classes.members);
    a.column(d.classes.member_influence);
    a.column(d.classes.taxonomy);
    a.column(d.classes.group);
}

template <typename T>
void require_size(const Column<T>& values, std::uint64_t size, const char* what) {
    if (values.size() != size) inconsistent(std::string(what) + " has the wrong length");
}

template <typename T, typename U>
void require_below(const Column<T>& values, U limit, const char* what) {
    if (std::any_of(values.begin(), values.end(),
                    [&](T v) { return static_cast<std::uint64_t>(v) >= limit; }))
        inconsistent(std::string(what) + " points outside its table");
}

// Scores sort by these: a NaN or infinity would break the ordering's rules.
template <typename T>
void require_finite(const Column<T>& values, const char* what) {
    if (!std::all_of(values.begin(), values.end(), [](T v) { return std::isfinite(v); }))
        inconsistent(std::string(what) + " is not a finite number");
}

// NaN stands for "not known" (no location, no outcome data), never infinity.
void require_no_infinity(const Column<double>& values, const char* what) {
    if (std::any_of(values.begin(), values.end(), [](double v) { return std::isinf(v); }))
        inconsistent(std::string(what) + " is infinite");
}

// Offsets of a CSR: count + 1 of them, from 0, ascending, ending at `total`.
void require_offsets(const Column<std::uint64_t>& offsets, std::uint64_t count, std::uint64_t total,
                     const char* what) {
    if (offsets.size() != count + 1 || offsets[0] != 0 || offsets.back() != total ||
        !std::is_sorted(offsets.begin(), offsets.end()))
        inconsistent(std::string(what) + " offsets");
}

// What a request indexes with what, checked before any request runs.
void check_consistent(const Context::Data& d, std::size_t referral_needs) {
    const std::uint64_t n = d.network.num_nodes();
    const std::uint64_t needs = d.needs.size();
    if (d.need_labels.size() != needs) inconsistent("need labels");
    require_size(d.referral_need_map, referral_needs, "the referral need map");
    require_below(d.referral_need_map, needs, "the referral need map");
    for (const NeedRows* rows : {&d.seen, &d.served, &d.unmet}) {
        if (static_cast<std::uint64_t>(rows->cols()) != needs || rows->values().size() != n * needs)
            inconsistent("a need matrix has the wrong shape");
    }
    for (const NeedRows* rows : {&d.seen, &d.served, &d.unmet})
        require_finite(rows->values(), "a need weight");
    require_size(d.unmet_total, n, "unmet need totals");
    require_finite(d.unmet_total, "an unmet need total");
    require_size(d.profile, n, "need profiles");
    require_below(d.profile, d.profile_count, "a need profile");
    require_size(d.profile_representative, d.profile_count, "profile representatives");
    require_below(d.profile_representative, n, "a profile representative");

    const std::uint64_t taxonomies = d.propensity.taxonomies;
    if (taxonomies > n) inconsistent("more taxonomies than providers");
    require_size(d.taxonomy_id, n, "taxonomy ids");
    require_below(d.taxonomy_id, taxonomies, "a taxonomy id");
    require_size(d.propensity.rate, taxonomies * taxonomies, "the propensity table");
    require_size(d.propensity.row_max, taxonomies, "the propensity maxima");
    require_finite(d.propensity.rate, "a propensity");
    require_finite(d.propensity.row_max, "a propensity maximum");

    require_offsets(d.sender_offsets, n, d.sender_referrals.size(), "sender");
    require_offsets(d.receiver_offsets, n, d.receiver_referrals.size(), "receiver");
    require_size(d.sender_referrals, d.referrals.size(), "referrals by sender");
    require_size(d.receiver_referrals, d.referrals.size(), "referrals by receiver");
    require_below(d.sender_referrals, d.referrals.size(), "a referral by sender");
    require_below(d.receiver_referrals, d.referrals.size(), "a referral by receiver");

    const PeerReferralCounts& peers = d.peer_referrals;
    require_offsets(peers.offsets, taxonomies, peers.receiver.size(), "peer referral");
    require_size(peers.count, peers.receiver.size(), "peer referral counts");
    require_size(peers.by_count, peers.receiver.size(), "peer referral order");
    require_below(peers.receiver, n, "a peer referral receiver");
    require_finite(peers.signal_of_count, "a peer referral signal");
    if (!std::isfinite(peers.log_max)) inconsistent("the largest peer referral count");
    for (std::uint64_t t = 0; t < taxonomies; ++t) {
        const std::uint64_t begin = peers.offsets[t];
        const std::uint64_t length = peers.offsets[t + 1] - begin;
        for (std::uint64_t i = begin; i < begin + length; ++i) {
            if (peers.by_count[i] >= length) inconsistent("peer referral order");
        }
    }

    for (const auto* column :
         {&d.in_volume, &d.received_closed, &d.received_completed, &d.received_known})
        require_size(*column, n, "a provider column");
    for (const auto* column :
         {&d.influence, &d.reputation, &d.received_satisfaction, &d.lat, &d.lon})
        require_size(*column, n, "a provider column");
    require_finite(d.influence, "an influence");
    require_size(d.out_volume, n, "out-volumes");
    require_finite(d.out_volume, "an out-volume");
    for (const auto* column : {&d.reputation, &d.received_satisfaction, &d.lat, &d.lon})
        require_no_infinity(*column, "a provider column");
    for (const auto& row : d.group_rate) {
        if (!std::all_of(row.begin(), row.end(), [](double v) { return std::isfinite(v); }))
            inconsistent("a group referral rate is not a finite number");
    }
    require_size(d.id_rank, n, "id ranks");
    require_below(d.id_rank, n, "an id rank");
    require_size(d.partner_count, n, "partner counts");
    require_size(d.telehealth, n, "telehealth flags");
    require_size(d.capacity, n, "capacity codes");
    require_below(d.capacity, 3U, "a capacity code");

    const HubBitmaps& hubs = d.hubs;
    if (!hubs.slot.empty()) {
        require_size(hubs.slot, n, "hub slots");
        if (hubs.words != (n + 63) / 64 || hubs.bits.size() % hubs.words != 0)
            inconsistent("hub bitmaps");
        const std::uint64_t slots = hubs.bits.size() / hubs.words;
        if (std::any_of(hubs.slot.begin(), hubs.slot.end(), [&](std::int32_t s) {
                return s < -1 || (s >= 0 && static_cast<std::uint64_t>(s) >= slots);
            }))
            inconsistent("a hub slot points outside its table");
    } else if (!hubs.bits.empty()) {
        inconsistent("hub bitmaps without hubs");
    }

    const CandidateClasses& classes = d.classes;
    const std::uint64_t count = classes.taxonomy.size();
    if (!classes.of.empty() || !classes.offsets.empty()) {
        require_size(classes.of, n, "candidate classes");
        if (std::any_of(classes.of.begin(), classes.of.end(),
                        [&](CandidateClasses::Key k) { return k.id >= count; }))
            inconsistent("a candidate class points outside its table");
        require_offsets(classes.offsets, count, classes.members.size(), "candidate class");
        require_below(classes.members, n, "a class member");
        require_size(classes.member_influence, classes.members.size(), "class influence");
        require_finite(classes.member_influence, "a class member's influence");
    } else if (!classes.members.empty() || count > 0) {
        inconsistent("candidate classes without their index");
    }
    require_size(classes.group, count, "class groups");
    require_below(classes.taxonomy, taxonomies, "a class taxonomy");
    if (std::any_of(classes.group.begin(), classes.group.end(), [](graph::Group g) {
            return static_cast<std::uint64_t>(g) >= graph::kGroupCount;
        }))
        inconsistent("a class group");
}

}  // namespace

std::uint64_t context_key(const graph::Network& network, std::size_t referrals,
                          const graph::IdMap& referral_needs, const graph::NeedCatalogue& catalogue,
                          graph::Date as_of, const ScoringParams& params,
                          const EngineOptions& engine) {
    KeyBytes key;
    key.add(static_cast<std::uint64_t>(network.num_nodes()));
    key.add(static_cast<std::uint64_t>(network.num_edges()));
    key.add(static_cast<std::uint64_t>(referrals));
    key.add(static_cast<std::uint64_t>(referral_needs.size()));
    for (const auto& tag : referral_needs.keys()) key.add(std::string_view(tag));
    add_catalogue(key, catalogue);
    key.add(as_of.days);
    add_params(key, params);
    key.add(engine.hub_partners);
    key.add(static_cast<std::uint8_t>(engine.exhaustive));
    return key.digest();
}

std::size_t Context::write_image(const ImageSink& sink) const {
    const Data& d = *data_;
    ImageWriter out(sink);
    out.scalar(kMagic);
    out.scalar(d.key);
    stored_fields(out, d);
    return out.written();
}

std::size_t Context::image_size() const { return write_image(nullptr); }

std::vector<char> Context::image() const {
    std::vector<char> bytes;
    bytes.reserve(image_size());
    write_image(
        [&](const char* data, std::size_t size) { bytes.insert(bytes.end(), data, data + size); });
    return bytes;
}

std::optional<Context> Context::stored(std::span<const char> image, const graph::Network& network,
                                       std::span<const graph::Provider> providers,
                                       std::span<const graph::Group> groups,
                                       std::span<const graph::Referral> referrals,
                                       const graph::IdMap& referral_needs,
                                       const graph::NeedCatalogue& catalogue, graph::Date as_of,
                                       const ScoringParams& params, const EngineOptions& engine) {
    if (image.empty()) return std::nullopt;
    if (reinterpret_cast<std::uintptr_t>(image.data()) % alignof(std::uint64_t) != 0)
        inconsistent("the image is not aligned");
    Context context(Unbuilt{}, network, providers, groups, referrals, referral_needs, catalogue,
                    as_of, params, engine);
    Data& d = *context.data_;
    ImageReader in(image);
    std::array<char, 8> magic{};
    std::uint64_t key = 0;
    in.scalar(magic);
    if (!std::equal(magic.begin(), magic.begin() + kVersionAt, kMagic.begin()))
        inconsistent("not a scoring context");
    if (magic != kMagic) return std::nullopt;
    in.scalar(key);
    if (key != d.key) return std::nullopt;
    stored_fields(in, d);
    if (!in.done()) inconsistent("bytes after its last field");
    check_consistent(d, referral_needs.size());
    d.grid = build_service_grid(providers);
    return context;
}

}  // namespace refnet::scoring

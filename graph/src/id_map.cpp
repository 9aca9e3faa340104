#include <xxhash.h>

#include <refnet/graph/id_map.hpp>
#include <stdexcept>

namespace refnet::graph {

namespace {

constexpr std::size_t kMinCapacity = 16;

std::size_t capacity_for(std::size_t keys) {
    std::size_t capacity = kMinCapacity;
    while (capacity < 2 * keys + 2) capacity *= 2;
    return capacity;
}

}  // namespace

IdMap::IdMap(const IdMap& other)
    : keys_(other.keys_), owned_slots_(other.owned_slots_), owner_(other.owner_) {
    slots_ = owner_ != nullptr ? other.slots_ : std::span<const NodeId>(owned_slots_);
}

// A moved vector keeps its buffer, so the table stays where slots_ points.
IdMap::IdMap(IdMap&& other) noexcept
    : keys_(std::move(other.keys_)),
      owned_slots_(std::move(other.owned_slots_)),
      slots_(other.slots_),
      owner_(std::move(other.owner_)) {
    other.slots_ = {};
}

IdMap& IdMap::operator=(IdMap other) noexcept {
    keys_.swap(other.keys_);
    owned_slots_.swap(other.owned_slots_);
    std::swap(slots_, other.slots_);
    owner_.swap(other.owner_);
    return *this;
}

// Returns the slot holding `key`, or the empty slot where it would go.
std::size_t IdMap::slot_of(std::string_view key) const {
    const std::size_t mask = slots_.size() - 1;
    std::size_t at = XXH3_64bits(key.data(), key.size()) & mask;
    while (slots_[at] != kNoNode && keys_[slots_[at]] != key) at = (at + 1) & mask;
    return at;
}

void IdMap::rehash(std::size_t capacity) {
    owned_slots_.assign(capacity, kNoNode);
    slots_ = owned_slots_;
    owner_.reset();
    for (NodeId id = 0; id < keys_.size(); ++id) owned_slots_[slot_of(keys_[id])] = id;
}

void IdMap::reserve(std::size_t count) {
    keys_.reserve(count);
    if (capacity_for(count) > slots_.size()) rehash(capacity_for(count));
}

NodeId IdMap::insert(std::string_view key) {
    if (slots_.empty() || owner_ != nullptr) rehash(capacity_for(keys_.size() + 1));
    std::size_t at = slot_of(key);
    if (slots_[at] != kNoNode) return slots_[at];
    const auto id = static_cast<NodeId>(keys_.size());
    keys_.emplace_back(key);
    if (capacity_for(keys_.size()) > slots_.size()) {
        rehash(capacity_for(keys_.size()) * 2);  // doubling keeps inserts amortised O(1)
    } else {
        owned_slots_[at] = id;
    }
    return id;
}

std::optional<NodeId> IdMap::find(std::string_view key) const {
    if (slots_.empty()) return std::nullopt;
    const NodeId id = slots_[slot_of(key)];
    if (id == kNoNode) return std::nullopt;
    return id;
}

IdMap IdMap::viewing(std::vector<std::string> keys, std::span<const NodeId> slots,
                     std::shared_ptr<const void> owner) {
    const std::size_t capacity = slots.size();
    if (capacity < kMinCapacity || (capacity & (capacity - 1)) != 0 ||
        capacity < 2 * keys.size() + 2)
        throw std::invalid_argument("id table size");
    std::vector<bool> listed(keys.size(), false);
    std::size_t used = 0;
    for (const NodeId id : slots) {
        if (id == kNoNode) continue;
        if (id >= keys.size() || listed[id]) throw std::invalid_argument("id table entry");
        listed[id] = true;
        ++used;
    }
    if (used != keys.size()) throw std::invalid_argument("id table entries");
    IdMap map;
    map.keys_ = std::move(keys);
    map.slots_ = slots;
    map.owner_ = std::move(owner);
    return map;
}

}  // namespace refnet::graph

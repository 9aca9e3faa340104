// External keys (NPIs, CRM ids) <-> dense NodeIds. Sits beside the network so
// algorithms never handle strings.
#pragma once

#include <memory>
#include <optional>
#include <refnet/graph/types.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace refnet::graph {

class IdMap {
   public:
    IdMap() = default;
    IdMap(const IdMap& other);
    IdMap(IdMap&& other) noexcept;
    IdMap& operator=(IdMap other) noexcept;
    ~IdMap() = default;

    /// Returns the id of `key`, adding it with the next dense id if new.
    NodeId insert(std::string_view key);
    [[nodiscard]] std::optional<NodeId> find(std::string_view key) const;
    /// Room for `count` keys without rehashing (a national map has a million).
    void reserve(std::size_t count);
    [[nodiscard]] const std::string& key(NodeId id) const { return keys_.at(id); }
    [[nodiscard]] NodeId size() const { return static_cast<NodeId>(keys_.size()); }
    [[nodiscard]] const std::vector<std::string>& keys() const { return keys_; }

    /// The hash table's slots (a NodeId or kNoNode each): what a snapshot
    /// stores so that opening it builds nothing.
    [[nodiscard]] std::span<const NodeId> slots() const { return slots_; }
    /// A map of `keys` (distinct, in id order) whose table is `slots` as
    /// slots() gave them, read in place; `owner` keeps them alive. Throws
    /// std::invalid_argument for slots no map of these keys could have (a
    /// size that is not a power of two above twice the keys, an id out of
    /// range, no free slot).
    [[nodiscard]] static IdMap viewing(std::vector<std::string> keys, std::span<const NodeId> slots,
                                       std::shared_ptr<const void> owner);

   private:
    [[nodiscard]] std::size_t slot_of(std::string_view key) const;
    void rehash(std::size_t capacity);

    std::vector<std::string> keys_;
    // Open addressing with linear probing, at most half full. Hand-written:
    // std::unordered_map took 0.39 s to index a national snapshot's million
    // ids (a node allocation each), most of a cold command's budget; this
    // table is stored in the snapshot and read in place (graph/src/id_map.cpp).
    std::vector<NodeId> owned_slots_;
    std::span<const NodeId> slots_;
    std::shared_ptr<const void> owner_;
};

}  // namespace refnet::graph

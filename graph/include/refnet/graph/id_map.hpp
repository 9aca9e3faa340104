// External keys (NPIs, CRM ids) <-> dense NodeIds. Sits beside the network so
// algorithms never handle strings.
#pragma once

#include <optional>
#include <refnet/graph/types.hpp>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace refnet::graph {

class IdMap {
   public:
    /// Returns the id of `key`, adding it with the next dense id if new.
    NodeId insert(std::string_view key);
    [[nodiscard]] std::optional<NodeId> find(std::string_view key) const;
    /// Room for `count` keys without rehashing (a national map has a million).
    void reserve(std::size_t count) {
        index_.reserve(count);
        keys_.reserve(count);
    }
    [[nodiscard]] const std::string& key(NodeId id) const { return keys_.at(id); }
    [[nodiscard]] NodeId size() const { return static_cast<NodeId>(keys_.size()); }
    [[nodiscard]] const std::vector<std::string>& keys() const { return keys_; }

   private:
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const {
            return std::hash<std::string_view>{}(s);
        }
    };
    std::unordered_map<std::string, NodeId, Hash, std::equal_to<>> index_;
    std::vector<std::string> keys_;
};

}  // namespace refnet::graph

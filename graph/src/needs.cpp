#include <refnet/graph/needs.hpp>

namespace refnet::graph {

const NeedProfile* NeedCatalogue::profile(std::string_view taxonomy) const {
    if (auto it = profiles.find(std::string(taxonomy)); it != profiles.end()) return &it->second;
    // NUCC codes are 10 characters: 4 of classification, then the specialization
    // and a final X; the classification-level code ends in "00000X".
    if (taxonomy.size() == 10) {
        const std::string general = std::string(taxonomy.substr(0, 4)) + "00000X";
        if (auto it = profiles.find(general); it != profiles.end()) return &it->second;
    }
    return nullptr;
}

}  // namespace refnet::graph

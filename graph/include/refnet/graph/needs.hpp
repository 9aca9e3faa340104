// The need catalogue: patient-need tags, which taxonomy codes serve each, and
// default seen/served profiles per taxonomy code. Scoring turns it into dense
// provider x need matrices; the generator draws patients from it.
#pragma once

#include <refnet/graph/id_map.hpp>
#include <refnet/graph/types.hpp>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace refnet::graph {

struct NeedProfile {
    std::vector<std::pair<NeedId, double>> seen;    ///< share of patients presenting with a need
    std::vector<std::pair<NeedId, double>> served;  ///< how centrally the specialty treats it
};

struct NeedCatalogue {
    IdMap tags;  ///< need tag <-> NeedId
    std::vector<std::string> labels;
    std::vector<std::string> categories;
    std::vector<std::vector<std::string>> served_by;        ///< per need: taxonomy codes
    std::unordered_map<std::string, NeedProfile> profiles;  ///< by taxonomy code

    [[nodiscard]] NeedId size() const { return tags.size(); }
    /// The profile of a code, falling back from a specialization
    /// ("2251X0800X") to its classification-level code ("225100000X"); nullptr
    /// when neither has one.
    [[nodiscard]] const NeedProfile* profile(std::string_view taxonomy) const;
};

}  // namespace refnet::graph

// Speed-up for claims data (no locations, no outcomes): candidate classes.
// Providers of one need profile, group and taxonomy get the same signals unless
// the focal's walks or Adamic–Adar reach them, except influence, so a request
// scores each class once and reads only each class's best few members (sorted
// by influence), and bounds the providers only Adamic–Adar reached before
// scoring them. The list is exactly the exhaustive path's:
// tests/scoring/class_path_test.cpp compares the two and checks this path ran.
#pragma once

#include <cstdint>
#include <refnet/graph/provider.hpp>
#include <vector>

#include "column.hpp"

namespace refnet::scoring {

struct CandidateClasses {
    // Class ids are 16-bit (claims data has a few hundred classes): a hub
    // focal's pass reads one for each of 60,000 providers.
    using ClassId = std::uint16_t;
    // A provider's class and its influence rounded up to a 65535th: the pass
    // over what Adamic-Adar reached reads both in one look-up, and the bound
    // test needs the exact influence only for the few the ceiling lets by.
    struct Key {
        ClassId id;
        std::uint16_t influence_ceiling;
    };
    Column<Key> of;  // empty: no classes (the data has locations or outcomes)
    Column<std::uint64_t> offsets;
    Column<graph::NodeId> members;    // by influence (then id) within a class
    Column<double> member_influence;  // parallel to members: read in order
    Column<std::uint32_t> taxonomy;   // per class
    Column<graph::Group> group;       // per class

    [[nodiscard]] std::size_t count() const { return taxonomy.size(); }
};

}  // namespace refnet::scoring

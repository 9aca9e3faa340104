// Provider keys (graph/src/provider.cpp): forgiving group spelling and the
// dense id map (graph/src/id_map.cpp): its own hash table, grown while read
// and read in place from a snapshot.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <refnet/graph/id_map.hpp>
#include <refnet/graph/provider.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace refnet::graph {
namespace {

TEST(Groups, AcceptCaseSpacingAndSpelling) {
    EXPECT_EQ(parse_group("Behavioral Health"), Group::behavioral_health);
    EXPECT_EQ(group_key(Group::community_other), "community_other");
    EXPECT_FALSE(parse_group("spa").has_value());
}

TEST(IdMap, AssignsDenseIdsInInsertionOrder) {
    IdMap ids;
    EXPECT_EQ(ids.insert("1003000126"), 0U);
    EXPECT_EQ(ids.insert("A-17"), 1U);
    EXPECT_EQ(ids.insert("1003000126"), 0U);
    EXPECT_EQ(ids.size(), 2U);
    EXPECT_EQ(ids.key(1), "A-17");
    EXPECT_EQ(ids.find("A-17"), 1U);
    EXPECT_FALSE(ids.find("missing").has_value());
}

TEST(IdMap, FindsEveryKeyAfterGrowingManyTimes) {
    IdMap ids;  // from 16 slots to 262,144: fourteen rehashes
    for (int i = 0; i < 100'000; ++i) EXPECT_EQ(ids.insert("NPI" + std::to_string(i * 7)), i);
    EXPECT_EQ(ids.slots().size(), 262'144U);
    for (int i = 0; i < 100'000; ++i) {
        ASSERT_EQ(ids.find("NPI" + std::to_string(i * 7)), static_cast<NodeId>(i));
        ASSERT_FALSE(ids.find("NPI" + std::to_string(i * 7 + 1)).has_value());
    }
    EXPECT_EQ(ids.insert("NPI700"), 100U);
    EXPECT_EQ(ids.size(), 100'000U);
}

TEST(IdMap, CopiesAreIndependent) {
    IdMap a;
    a.insert("x");
    IdMap b = a;
    b.insert("y");
    EXPECT_EQ(b.find("y"), 1U);
    EXPECT_FALSE(a.find("y").has_value());
    EXPECT_EQ(a.find("x"), 0U);
    IdMap c = std::move(b);
    EXPECT_EQ(c.find("y"), 1U);
    a = c;
    EXPECT_EQ(a.find("y"), 1U);
}

TEST(IdMap, ReadsAStoredTableInPlace) {
    IdMap built;
    for (const char* key : {"a", "bb", "ccc", "dddd"}) built.insert(key);
    auto table = std::make_shared<std::vector<NodeId>>(built.slots().begin(), built.slots().end());
    IdMap read = IdMap::viewing(built.keys(), *table, table);
    EXPECT_EQ(read.slots().data(), table->data());  // not copied
    EXPECT_EQ(read.find("ccc"), 2U);
    EXPECT_FALSE(read.find("e").has_value());
    // Adding a key gives the map its own table; the stored one is untouched.
    EXPECT_EQ(read.insert("e"), 4U);
    EXPECT_EQ(read.find("e"), 4U);
    EXPECT_EQ(read.find("a"), 0U);
    EXPECT_EQ(std::count(table->begin(), table->end(), kNoNode), 12);
}

TEST(IdMap, RefusesATableNoMapCouldHave) {
    IdMap built;
    for (const char* key : {"a", "bb", "ccc"}) built.insert(key);
    const std::vector<NodeId> good(built.slots().begin(), built.slots().end());
    auto refused = [&](std::vector<NodeId> slots, const std::string& what) {
        try {
            (void)IdMap::viewing(built.keys(), slots, nullptr);
            ADD_FAILURE() << "accepted: " << what;
        } catch (const std::invalid_argument& e) {
            EXPECT_EQ(std::string(e.what()), what);
        }
    };
    refused(std::vector<NodeId>(good.begin(), good.end() - 1), "id table size");
    std::vector<NodeId> slots = good;
    *std::find(slots.begin(), slots.end(), 1U) = 7U;
    refused(slots, "id table entry");
    slots = good;
    *std::find(slots.begin(), slots.end(), 1U) = 2U;
    refused(slots, "id table entry");
    slots = good;
    *std::find(slots.begin(), slots.end(), 1U) = kNoNode;
    refused(slots, "id table entries");
}

}  // namespace
}  // namespace refnet::graph

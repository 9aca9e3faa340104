// Provider keys (graph/src/provider.cpp): forgiving group spelling and the
// dense id map.
#include <gtest/gtest.h>

#include <refnet/graph/id_map.hpp>
#include <refnet/graph/provider.hpp>

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

}  // namespace
}  // namespace refnet::graph

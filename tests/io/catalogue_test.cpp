// The need catalogue reader and the shipped catalogue's literature examples.
#include <gtest/gtest.h>

#include <refnet/io/catalogue.hpp>
#include <sstream>

namespace refnet::io {
namespace {

double weight(const std::vector<std::pair<graph::NeedId, double>>& list, graph::NeedId need) {
    for (const auto& [n, w] : list) {
        if (n == need) return w;
    }
    return 0.0;
}

TEST(NeedCatalogue, ReadsNeedsAndProfiles) {
    std::istringstream needs(
        "need,label,category,served_by\nheadache,Headache,neuro,2084N0400X;207Q00000X\n"
        "vision,Vision,vision,152W00000X\n");
    std::istringstream profiles(
        "taxonomy,role,need,weight\n152W00000X,seen,vision,0.8\n152W00000X,seen,headache,0.2\n"
        "152W00000X,served,vision,1\n");
    const graph::NeedCatalogue c =
        read_need_catalogue(needs, "needs.csv", profiles, "need_profiles.csv");
    EXPECT_EQ(c.size(), 2U);
    EXPECT_EQ(c.labels[*c.tags.find("headache")], "Headache");
    EXPECT_EQ(c.served_by[0], (std::vector<std::string>{"2084N0400X", "207Q00000X"}));
    const graph::NeedProfile* p = c.profile("152W00000X");
    ASSERT_NE(p, nullptr);
    EXPECT_DOUBLE_EQ(weight(p->seen, *c.tags.find("headache")), 0.2);
    EXPECT_DOUBLE_EQ(weight(p->served, *c.tags.find("vision")), 1.0);
    EXPECT_EQ(c.profile("152WX0102X"), p);  // specialization falls back to its classification
    EXPECT_EQ(c.profile("207Q00000X"), nullptr);
}

TEST(NeedCatalogue, RejectsUnknownNeedsAndBadWeights) {
    std::istringstream needs("need,label\nvision,Vision\n");
    std::istringstream profiles("taxonomy,role,need,weight\n152W00000X,seen,headache,0.2\n");
    try {
        (void)read_need_catalogue(needs, "needs.csv", profiles, "need_profiles.csv");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_STREQ(
            e.what(),
            "need_profiles.csv:2:17: unknown need \"headache\" (expected a need from needs.csv)");
    }
    std::istringstream needs2("need,label\nvision,Vision\n");
    std::istringstream profiles2("taxonomy,role,need,weight\n152W00000X,seen,vision,1.5\n");
    try {
        (void)read_need_catalogue(needs2, "needs.csv", profiles2, "need_profiles.csv");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_STREQ(e.what(),
                     "need_profiles.csv:2:24: weight: expected a number from 0 to 1, got \"1.5\"");
    }
}

TEST(NeedCatalogue, ShippedCatalogueEncodesTheLiteratureExamples) {
    const graph::NeedCatalogue& c = builtin_needs();
    EXPECT_GE(c.size(), 50U);
    const graph::NeedId headache = *c.tags.find("headache_migraine");
    const graph::NeedProfile* optometrist = c.profile("152W00000X");
    ASSERT_NE(optometrist, nullptr);
    EXPECT_GT(weight(optometrist->seen, headache), 0.0);
    EXPECT_EQ(weight(optometrist->served, headache), 0.0);
    EXPECT_GT(weight(c.profile("2084N0400X")->served, headache), 0.5);
    const graph::NeedId ortho = *c.tags.find("orthodontic_alignment");
    EXPECT_GT(weight(c.profile("1223G0001X")->seen, ortho), 0.0);
    EXPECT_GT(weight(c.profile("1223X0400X")->served, ortho), 0.5);
}

}  // namespace
}  // namespace refnet::io

// Blend weights (scoring/src/weights.cpp): a weights file over the defaults,
// inline overrides on top, and rejected names.
#include <gtest/gtest.h>

#include <refnet/scoring/weights.hpp>
#include <sstream>

#include "expect_throw_message.hpp"

namespace refnet::scoring {
namespace {

TEST(Weights, FileAndInlineOverrides) {
    std::istringstream json(R"({"weights": {"need_fit": 0.5, "trust": 0.25}})");
    const Weights w = read_weights(json, "w.json");
    EXPECT_DOUBLE_EQ(w.value[0], 0.5);
    EXPECT_DOUBLE_EQ(w.value[2], 0.25);
    EXPECT_DOUBLE_EQ(w.value[3], Weights{}.value[3]);
    const Weights inline_weights = parse_inline_weights("proximity=0.4,influence=0", w);
    EXPECT_DOUBLE_EQ(inline_weights.value[3], 0.4);
    EXPECT_DOUBLE_EQ(inline_weights.value[5], 0.0);
    EXPECT_THROW_MSG((void)parse_inline_weights("closeness=1", w), std::invalid_argument,
                     "bad weight \"closeness=1\" (expected name=value with name one of need_fit, "
                     "reciprocity, trust, proximity, structure, influence)");
    std::istringstream unknown(R"({"weights": {"warmth": 1}})");
    EXPECT_THROW_MSG((void)read_weights(unknown, "w.json"), std::invalid_argument,
                     "w.json: unknown signal \"warmth\" (expected one of need_fit, reciprocity, "
                     "trust, proximity, structure, influence)");
}

}  // namespace
}  // namespace refnet::scoring

// The model's weights (scoring/src/weights.cpp): a weights file over the
// defaults, inline overrides on top, the intercept, and rejected names.
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
    EXPECT_DOUBLE_EQ(w.intercept, default_intercept());
    const Weights inline_weights =
        parse_inline_weights("proximity=0.4,influence=0,intercept=-3.5", w);
    EXPECT_DOUBLE_EQ(inline_weights.value[3], 0.4);
    EXPECT_DOUBLE_EQ(inline_weights.value[5], 0.0);
    EXPECT_DOUBLE_EQ(inline_weights.intercept, -3.5);
    EXPECT_THROW_MSG(
        (void)parse_inline_weights("closeness=1", w), std::invalid_argument,
        "bad weight \"closeness=1\" (expected name=value with name one of need_fit, "
        "reciprocity, trust, proximity, structure, influence, capacity, peer_referrals, "
        "intercept)");
    std::istringstream unknown(R"({"weights": {"warmth": 1}})");
    EXPECT_THROW_MSG((void)read_weights(unknown, "w.json"), std::invalid_argument,
                     "w.json: unknown signal \"warmth\" (expected one of need_fit, reciprocity, "
                     "trust, proximity, structure, influence, capacity, peer_referrals)");
    std::istringstream with_intercept(R"({"intercept": -2, "weights": {"capacity": 1.5}})");
    const Weights model = read_weights(with_intercept, "m.json");
    EXPECT_DOUBLE_EQ(model.intercept, -2.0);
    EXPECT_DOUBLE_EQ(model.value[6], 1.5);
    std::istringstream bad_intercept(R"({"intercept": "low", "weights": {}})");
    EXPECT_THROW_MSG((void)read_weights(bad_intercept, "m.json"), std::invalid_argument,
                     "m.json: the intercept must be a number, got \"low\"");
}

TEST(Weights, ScoreIsTheLogisticOfInterceptPlusWeightedSignals) {
    // Worked by hand: -2 + 1 x 0.5 + 2 x 0.25 = -1; 1 / (1 + e) = 0.268941...
    Weights w;
    w.value = {1.0, 0.0, 0.0, 2.0, 0.0, 0.0, 0.0};
    w.intercept = -2.0;
    const SignalVector x{0.5, 0.9, 0.9, 0.25, 0.9, 0.9, 0.9};
    EXPECT_DOUBLE_EQ(log_odds(x, w), -1.0);
    EXPECT_NEAR(probability(x, w), 0.2689414213699951, 1e-15);
}

}  // namespace
}  // namespace refnet::scoring

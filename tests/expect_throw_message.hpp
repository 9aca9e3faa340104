// EXPECT_THROW_MSG(statement, ExceptionType, "message"): the statement must
// throw ExceptionType (or a type derived from it) whose what() is exactly
// "message" (STYLE.md item 8, after fmt's test/gtest-extra.h).
// EXPECT_THROW_MSG_HAS(statement, ExceptionType, "part") is the same with a
// substring, for messages that embed something a test cannot spell out in
// full, such as an operating-system error text.
#pragma once

#include <gtest/gtest.h>

#include <exception>
#include <string>
#include <string_view>

namespace refnet::testing {

// What happened when a statement ran: nothing thrown, the expected type
// thrown (with its what()), or some other exception.
struct Thrown {
    enum class Kind { nothing, expected, other } kind = Kind::nothing;
    std::string message;
};

inline ::testing::AssertionResult throw_matches(const char* statement, const char* type,
                                                const Thrown& thrown, std::string_view expected,
                                                bool whole) {
    switch (thrown.kind) {
        case Thrown::Kind::nothing:
            return ::testing::AssertionFailure()
                   << statement << " was expected to throw " << type << " but threw nothing";
        case Thrown::Kind::other:
            return ::testing::AssertionFailure()
                   << statement << " was expected to throw " << type
                   << " but threw another exception: \"" << thrown.message << '"';
        case Thrown::Kind::expected:
            break;
    }
    const bool ok =
        whole ? thrown.message == expected : thrown.message.find(expected) != std::string::npos;
    if (ok) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure()
           << statement << " threw " << type << " with message\n  \"" << thrown.message << "\"\n"
           << (whole ? "expected exactly\n  \"" : "expected it to contain\n  \"") << expected
           << '"';
}

}  // namespace refnet::testing

#define REFNET_CATCH_THROWN_(statement, exception_type, thrown)        \
    do {                                                               \
        try {                                                          \
            statement;                                                 \
        } catch (const exception_type& refnet_e_) {                    \
            (thrown).kind = ::refnet::testing::Thrown::Kind::expected; \
            (thrown).message = refnet_e_.what();                       \
        } catch (const std::exception& refnet_e_) {                    \
            (thrown).kind = ::refnet::testing::Thrown::Kind::other;    \
            (thrown).message = refnet_e_.what();                       \
        } catch (...) {                                                \
            (thrown).kind = ::refnet::testing::Thrown::Kind::other;    \
            (thrown).message = "(not a std::exception)";               \
        }                                                              \
    } while (false)

// `fail` is GTEST_NONFATAL_FAILURE_ or GTEST_FATAL_FAILURE_ (gtest's own
// reporting macros, as fmt's gtest-extra.h uses them), so a failure reads
// "... threw X with message ... expected ..." at the caller's line.
#define REFNET_THROW_MSG_(statement, exception_type, expected, whole, fail)                 \
    do {                                                                                    \
        ::refnet::testing::Thrown refnet_thrown_;                                           \
        REFNET_CATCH_THROWN_(statement, exception_type, refnet_thrown_);                    \
        const ::testing::AssertionResult refnet_result_ = ::refnet::testing::throw_matches( \
            #statement, #exception_type, refnet_thrown_, (expected), (whole));              \
        if (!refnet_result_) fail(refnet_result_.message());                                \
    } while (false)

#define EXPECT_THROW_MSG(statement, exception_type, expected) \
    REFNET_THROW_MSG_(statement, exception_type, expected, true, GTEST_NONFATAL_FAILURE_)
#define ASSERT_THROW_MSG(statement, exception_type, expected) \
    REFNET_THROW_MSG_(statement, exception_type, expected, true, GTEST_FATAL_FAILURE_)
#define EXPECT_THROW_MSG_HAS(statement, exception_type, part) \
    REFNET_THROW_MSG_(statement, exception_type, part, false, GTEST_NONFATAL_FAILURE_)

// quote_value (io/src/error.cpp): how a bad value is shown in an error message.
#include <gtest/gtest.h>

#include <refnet/io/csv.hpp>
#include <refnet/io/error.hpp>
#include <string>

namespace refnet::io {
namespace {

TEST(QuoteValue, EscapesQuotesBackslashesAndControlBytes) {
    EXPECT_EQ(quote_value("13/02/2024"), "\"13/02/2024\"");
    EXPECT_EQ(quote_value(""), "\"\"");
    EXPECT_EQ(quote_value("a \"b\" c\\d"), "\"a \\\"b\\\" c\\\\d\"");
    EXPECT_EQ(quote_value("tab\there\x7f"), "\"tab\\x09here\\x7f\"");
}

TEST(QuoteValue, ShortensLongValuesWithoutSplittingCharacters) {
    EXPECT_EQ(quote_value(std::string(60, 'x')), "\"" + std::string(60, 'x') + "\"");
    EXPECT_EQ(quote_value(std::string(61, 'x')), "\"" + std::string(60, 'x') + "...\"");
    // 59 x's, then "é" as the 60th character (2 bytes): kept whole. Cutting at 60
    // bytes would leave a lone 0xC3 and an invalid UTF-8 message.
    const std::string long_value = std::string(59, 'x') + "\xC3\xA9yz";
    const std::string quoted = quote_value(long_value);
    EXPECT_EQ(quoted, "\"" + std::string(59, 'x') + "\xC3\xA9...\"");
    EXPECT_EQ(find_invalid_utf8(quoted), std::string::npos);
}

}  // namespace
}  // namespace refnet::io

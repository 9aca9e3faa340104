// Escaping of data strings for DOT and XML/HTML: a hostile provider name shows
// literally and cannot break out of its string or element.
#include <gtest/gtest.h>

#include <refnet/viz/escape.hpp>

namespace refnet::viz {
namespace {

constexpr const char* kHostile = "A&B <script>alert(1)</script> \"Dr. O'Neil\"";

TEST(DotEscape, QuotesAndBackslashesCannotEndTheString) {
    EXPECT_EQ(dot_escape(kHostile), "A&B <script>alert(1)</script> \\\"Dr. O'Neil\\\"");
    EXPECT_EQ(dot_escape("a\\b\nc\r"), "a\\\\b\\nc");
    EXPECT_EQ(dot_escape("plain"), "plain");
}

TEST(XmlEscape, EntitiesForMarkupCharacters) {
    EXPECT_EQ(xml_escape(kHostile),
              "A&amp;B &lt;script&gt;alert(1)&lt;/script&gt; &quot;Dr. O&#39;Neil&quot;");
    EXPECT_EQ(xml_escape("Zoë Müller"), "Zoë Müller");
    EXPECT_EQ(xml_escape(std::string("bell\x07", 5)), "bell\xEF\xBF\xBD");
    EXPECT_EQ(xml_escape("tab\tok"), "tab\tok");
}

}  // namespace
}  // namespace refnet::viz

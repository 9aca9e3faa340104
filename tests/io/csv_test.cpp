// CsvReader (RFC 4180 records with the line and character column of every
// field), find_invalid_utf8 and csv_escape. Every expected column below is
// counted by hand on the input string, in characters (not bytes), 1-based.
#include <gtest/gtest.h>

#include <refnet/io/csv.hpp>
#include <refnet/io/error.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace refnet::io {
namespace {

using Strings = std::vector<std::string>;
using Columns = std::vector<std::uint32_t>;

// Reads every record of `text`.
std::vector<CsvRecord> read_all(const std::string& text) {
    std::istringstream in(text);
    CsvReader reader(in, "mem.csv");
    std::vector<CsvRecord> records;
    CsvRecord record;
    while (reader.next(record)) records.push_back(record);
    return records;
}

TEST(CsvReader, PlainFieldsWithLinesAndColumns) {
    const auto r = read_all("id,name\n7,Ann\n");
    ASSERT_EQ(r.size(), 2U);
    EXPECT_EQ(r[0].line, 1U);
    EXPECT_EQ(r[0].fields, (Strings{"id", "name"}));
    EXPECT_EQ(r[0].columns, (Columns{1, 4}));
    EXPECT_EQ(r[1].line, 2U);
    EXPECT_EQ(r[1].fields, (Strings{"7", "Ann"}));
    EXPECT_FALSE(r[1].problem.has_value());
}

TEST(CsvReader, QuotedFieldWithComma) {
    // a,"b,c",d : the quoted field opens at byte 2 (column 3), d sits at column 9.
    const auto r = read_all("a,\"b,c\",d\n");
    ASSERT_EQ(r.size(), 1U);
    EXPECT_EQ(r[0].fields, (Strings{"a", "b,c", "d"}));
    EXPECT_EQ(r[0].columns, (Columns{1, 3, 9}));
    EXPECT_FALSE(r[0].problem.has_value());
}

TEST(CsvReader, DoubledQuoteIsAnEscapedQuote) {
    const auto r = read_all("\"say \"\"hi\"\"\",x,\"\"\n");
    ASSERT_EQ(r.size(), 1U);
    EXPECT_EQ(r[0].fields, (Strings{"say \"hi\"", "x", ""}));
    EXPECT_FALSE(r[0].problem.has_value());
}

TEST(CsvReader, QuotedFieldSpanningLinesKeepsItsStartingLine) {
    const auto r = read_all("id,note\n1,\"line one\n\nline three\"\n2,x\n");
    ASSERT_EQ(r.size(), 3U);
    EXPECT_EQ(r[1].line, 2U);
    // The blank line inside the quotes is data, not a skipped blank line.
    EXPECT_EQ(r[1].fields, (Strings{"1", "line one\n\nline three"}));
    EXPECT_EQ(r[2].line, 5U);
    EXPECT_EQ(r[2].fields, (Strings{"2", "x"}));
}

TEST(CsvReader, ByteOrderMarkIsStripped) {
    const auto r = read_all("\xEF\xBB\xBFid,name\n1,x\n");
    ASSERT_EQ(r.size(), 2U);
    EXPECT_EQ(r[0].fields, (Strings{"id", "name"}));
    EXPECT_EQ(r[0].columns, (Columns{1, 4}));  // the BOM takes no column
}

TEST(CsvReader, CrlfLineEndings) {
    const auto r = read_all("a,b\r\nc,\"d\r\ne\"\r\n");
    ASSERT_EQ(r.size(), 2U);
    EXPECT_EQ(r[0].fields, (Strings{"a", "b"}));
    EXPECT_EQ(r[1].fields, (Strings{"c", "d\ne"}));
}

TEST(CsvReader, BlankLinesAreSkippedButCounted) {
    const auto r = read_all("a\n\n\r\nb\n\n");
    ASSERT_EQ(r.size(), 2U);
    EXPECT_EQ(r[0].line, 1U);
    EXPECT_EQ(r[1].line, 4U);
    EXPECT_EQ(r[1].fields, (Strings{"b"}));
}

TEST(CsvReader, LastLineWithoutNewlineAndTrailingEmptyField) {
    const auto r = read_all("a,b,\nc,d");
    ASSERT_EQ(r.size(), 2U);
    EXPECT_EQ(r[0].fields, (Strings{"a", "b", ""}));
    EXPECT_EQ(r[0].columns, (Columns{1, 3, 5}));
    EXPECT_EQ(r[1].fields, (Strings{"c", "d"}));
}

TEST(CsvReader, ColumnsCountCharactersNotBytes) {
    // "Zoë" is 3 characters (4 bytes) and "Ünal" 4 characters (5 bytes):
    // Ünal starts at column 5 and x at column 10.
    const auto r = read_all("Zo\xC3\xAB,\xC3\x9Cnal,x\n");
    ASSERT_EQ(r.size(), 1U);
    EXPECT_EQ(r[0].columns, (Columns{1, 5, 10}));
    EXPECT_FALSE(r[0].problem.has_value());
}

TEST(CsvReader, UnterminatedQuoteThrowsAtTheOpeningQuote) {
    std::istringstream in("id,name\n1,\"abc\n2,def\n");
    CsvReader reader(in, "mem.csv");
    CsvRecord record;
    ASSERT_TRUE(reader.next(record));
    try {
        (void)reader.next(record);
        FAIL() << "expected InputError";
    } catch (const InputError& e) {
        EXPECT_STREQ(e.what(), "mem.csv:2:3: unterminated quoted field (expected a closing \")");
        EXPECT_EQ(e.file(), "mem.csv");
        EXPECT_EQ(e.line(), 2U);
        EXPECT_EQ(e.column(), 3U);
    }
}

TEST(CsvReader, StrayQuoteInUnquotedFieldIsARecordProblem) {
    const auto r = read_all("ab\"c,d\nok,1\n");
    ASSERT_EQ(r.size(), 2U);
    ASSERT_TRUE(r[0].problem.has_value());
    EXPECT_EQ(*r[0].problem,
              "stray quote inside an unquoted field (expected the whole field in quotes, with \"\" "
              "for a quote)");
    EXPECT_EQ(r[0].problem_column, 3U);
    EXPECT_EQ(r[0].fields, (Strings{"ab\"c", "d"}));
    // The problem belongs to that record only.
    EXPECT_FALSE(r[1].problem.has_value());
    EXPECT_EQ(r[1].problem_column, 0U);
}

TEST(CsvReader, TextAfterClosingQuoteIsARecordProblem) {
    // x,"ab"c,d : the closing quote is byte 5, the stray c is column 7.
    const auto r = read_all("x,\"ab\"c,d\n");
    ASSERT_EQ(r.size(), 1U);
    ASSERT_TRUE(r[0].problem.has_value());
    EXPECT_EQ(*r[0].problem,
              "unexpected text after a closing quote (expected a comma or end of line)");
    EXPECT_EQ(r[0].problem_column, 7U);
    EXPECT_EQ(r[0].fields, (Strings{"x", "abc", "d"}));
}

TEST(CsvReader, InvalidUtf8IsARecordProblemAtItsCharacterColumn) {
    // "é" is one character, so the 0xFF byte after "é," is column 3.
    const auto r = read_all("\xC3\xA9,\xFF,x\ngood\n");
    ASSERT_EQ(r.size(), 2U);
    ASSERT_TRUE(r[0].problem.has_value());
    EXPECT_EQ(*r[0].problem, "text is not valid UTF-8 (expected UTF-8 encoded CSV)");
    EXPECT_EQ(r[0].problem_column, 3U);
    EXPECT_FALSE(r[1].problem.has_value());
}

TEST(CsvReader, FirstProblemWins) {
    // Two stray quotes: the first (column 2) is the one reported.
    const auto r = read_all("a\"b,c\"d\n");
    ASSERT_TRUE(r[0].problem.has_value());
    EXPECT_EQ(r[0].problem_column, 2U);
}

TEST(CsvReader, EmptyInputHasNoRecords) {
    EXPECT_TRUE(read_all("").empty());
    EXPECT_TRUE(read_all("\n\r\n\n").empty());
}

TEST(FindInvalidUtf8, AcceptsValidText) {
    EXPECT_EQ(find_invalid_utf8(""), std::string::npos);
    EXPECT_EQ(find_invalid_utf8("plain ascii"), std::string::npos);
    EXPECT_EQ(find_invalid_utf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"), std::string::npos);
    EXPECT_EQ(find_invalid_utf8("\xF4\x8F\xBF\xBF"), std::string::npos);  // U+10FFFF, the last
}

TEST(FindInvalidUtf8, ReturnsTheOffsetOfTheFirstBadByte) {
    // Overlong encodings of "/" and NUL.
    EXPECT_EQ(find_invalid_utf8("a\xC0\xAF"), 1U);
    EXPECT_EQ(find_invalid_utf8("ab\xE0\x80\x80"), 2U);
    // UTF-16 surrogates U+D800 and U+DFFF.
    EXPECT_EQ(find_invalid_utf8("\xED\xA0\x80"), 0U);
    EXPECT_EQ(find_invalid_utf8("x\xED\xBF\xBF"), 1U);
    // Truncated sequences: at the end and followed by a non-continuation byte.
    EXPECT_EQ(find_invalid_utf8("ok\xE2\x82"), 2U);
    EXPECT_EQ(find_invalid_utf8("\xE2\x82x"), 0U);
    // Past U+10FFFF, a lone continuation byte, and bytes that never start a sequence.
    EXPECT_EQ(find_invalid_utf8("\xF4\x90\x80\x80"), 0U);
    EXPECT_EQ(find_invalid_utf8("ab\x80"), 2U);
    EXPECT_EQ(find_invalid_utf8("\xFF"), 0U);
    // Latin-1 "café" is the usual real-world case.
    EXPECT_EQ(find_invalid_utf8("caf\xE9"), 3U);
}

TEST(CsvCell, LeavesPlainValuesAlone) {
    EXPECT_EQ(csv_cell(""), "");
    EXPECT_EQ(csv_cell("Peachtree Family Medicine"), "Peachtree Family Medicine");
    EXPECT_EQ(csv_cell("0.25"), "0.25");
}

TEST(CsvCell, QuotesCommasQuotesAndLineBreaks) {
    EXPECT_EQ(csv_cell("Calm Harbor Counseling, LLC"), "\"Calm Harbor Counseling, LLC\"");
    EXPECT_EQ(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
    EXPECT_EQ(csv_cell("two\nlines"), "\"two\nlines\"");
    EXPECT_EQ(csv_cell("cr\rhere"), "\"cr\rhere\"");
}

TEST(CsvCell, NeutralisesFormulas) {
    EXPECT_EQ(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
    EXPECT_EQ(csv_cell("=1+2"), "'=1+2");
    EXPECT_EQ(csv_cell("+1 555 0100"), "'+1 555 0100");
    EXPECT_EQ(csv_cell("@SUM(A1)"), "'@SUM(A1)");
    EXPECT_EQ(csv_cell("-cmd"), "'-cmd");
    EXPECT_EQ(csv_cell("-"), "'-");
    EXPECT_EQ(csv_cell("=a,b"), "\"'=a,b\"");
}

TEST(CsvCell, NegativeNumbersStayNumbers) {
    EXPECT_EQ(csv_cell("-1"), "-1");
    EXPECT_EQ(csv_cell("-84.3866"), "-84.3866");
    EXPECT_EQ(csv_cell("-2e-05"), "-2e-05");
    EXPECT_EQ(csv_cell("-1.5E+10"), "-1.5E+10");
}

TEST(CsvCell, NeutralisesLeadingTabAndCarriageReturn) {
    EXPECT_EQ(csv_cell("\t=1+2"), "'\t=1+2");
    EXPECT_EQ(csv_cell("\r=1+2"), "\"'\r=1+2\"");
    EXPECT_EQ(csv_cell("-1+2"), "'-1+2");  // not a number: a formula
    EXPECT_EQ(csv_cell("=1+2", CsvCells::raw), "=1+2");
    EXPECT_EQ(csv_cell("a,b", CsvCells::raw), "\"a,b\"");
}

}  // namespace
}  // namespace refnet::io

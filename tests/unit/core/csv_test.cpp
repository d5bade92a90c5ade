// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <wardround/core/csv.h>
#include <wardround/core/text.h>

namespace wardround {
namespace {

std::vector<std::pair<std::size_t, std::vector<std::string>>> read_csv(const std::string& text) {
    InputFile file = InputFile::from_memory("t.csv", text);
    CsvReader reader(file);
    std::vector<std::pair<std::size_t, std::vector<std::string>>> records;
    std::vector<std::string> fields;
    for (;;) {
        auto more = reader.next(fields);
        EXPECT_TRUE(more.has_value()) << (more ? "" : more.error().to_string());
        if (!more || !*more) {
            return records;
        }
        records.emplace_back(reader.line(), fields);
    }
}

TEST(Csv, QuotesDoubledQuotesAndLineBreaks) {
    const auto records = read_csv("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\nlast,,\n");
    ASSERT_EQ(records.size(), 3U);
    EXPECT_EQ(records[1].second, (std::vector<std::string>{"x, y", "say \"hi\"", "two\nlines"}));
    EXPECT_EQ(records[1].first, 2U);
    EXPECT_EQ(records[2].first, 4U);  // the quoted line break moved the line on
    EXPECT_EQ(records[2].second, (std::vector<std::string>{"last", "", ""}));
}

TEST(Csv, ByteOrderMarkCrlfBlankLinesAndNoFinalNewline) {
    const auto records = read_csv("\xEF\xBB\xBFh1,h2\r\n\r\nv1,v2\r\nv3,v4");
    ASSERT_EQ(records.size(), 3U);
    EXPECT_EQ(records[0].second[0], "h1");
    EXPECT_EQ(records[1].first, 3U);
    EXPECT_EQ(records[2].second, (std::vector<std::string>{"v3", "v4"}));
}

TEST(Csv, UnclosedQuoteIsAnErrorNamingTheLine) {
    InputFile file = InputFile::from_memory("bad.csv", "a,b\n1,\"open\n2,3\n");
    CsvReader reader(file);
    std::vector<std::string> fields;
    ASSERT_TRUE(*reader.next(fields));
    auto next = reader.next(fields);
    ASSERT_FALSE(next.has_value());
    EXPECT_EQ(next.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(next.error().message.find("line 2"), std::string::npos) << next.error().message;
}

TEST(Csv, HeaderLookupIgnoresCaseAndSpaces) {
    const CsvHeader header({" Code", "Organisation Name ", "STATUS"});
    EXPECT_EQ(header.find("code"), 0U);
    EXPECT_EQ(header.find("organisation name"), 1U);
    EXPECT_FALSE(header.find("missing").has_value());
    EXPECT_EQ(header.get({"R0A", "Manchester", "Met"}, "Status"), "Met");
    EXPECT_EQ(header.get({"R0A"}, "Status"), "");
}

TEST(Text, Utf8Validation) {
    EXPECT_TRUE(is_valid_utf8("plain ascii"));
    EXPECT_TRUE(is_valid_utf8("Dr\xC3\xA4ger \xE2\x80\x94 \xF0\x9F\x8F\xA5"));
    EXPECT_FALSE(is_valid_utf8("\xC3"));              // cut short
    EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong
    EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
    EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
    EXPECT_EQ(truncate_utf8("\xC3\xA4\xC3\xA4", 3), "\xC3\xA4...");
}

}  // namespace
}  // namespace wardround

// SPDX-License-Identifier: Apache-2.0
// A malformed catalogue is refused with kInvalidArgument, naming the file and the line.
#include <string>

#include <gtest/gtest.h>

#include <wardround/checks/eol.h>

namespace wardround::checks {
namespace {

const std::string kHeader =
    "product,release,edition,title,names,builds,versions,cpes,support_end,extended_end,"
    "extended_name,source,note\n";
const std::string kGoodRow =
    "windows,7,,Windows 7,windows 7,7600|7601,6.1,microsoft:windows_7:*,2020-01-14,2023-01-10,ESU,"
    "https://learn.microsoft.com/lifecycle/products/windows-7,\n";

// Parses the header, a good row and then `row` (line 3); returns the error's place and message.
Error error_for(const std::string& row) {
    const auto parsed = EolCatalogue::parse(kHeader + kGoodRow + row, "bad.csv");
    EXPECT_FALSE(parsed.has_value()) << row;
    if (parsed) {
        return Error{};
    }
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
    return parsed.error();
}

TEST(EolErrorTest, GoodRowsParse) {
    const auto parsed = EolCatalogue::parse("# our comment\n" + kHeader + kGoodRow, "good.csv");
    ASSERT_TRUE(parsed.has_value()) << parsed.error().to_string();
    ASSERT_EQ(parsed->releases().size(), 1U);
    EXPECT_EQ(parsed->releases().front().line, 3U);
    EXPECT_EQ(parsed->releases().front().builds.size(), 2U);
}

TEST(EolErrorTest, BadDateNamesTheLine) {
    const Error error = error_for(
        "windows,8,,Windows 8,windows 8,9200,,,12/01/2016,,,https://learn.microsoft.com/x,\n");
    EXPECT_EQ(error.where, "bad.csv:3");
    EXPECT_NE(error.message.find("support_end"), std::string::npos);
}

TEST(EolErrorTest, ExtendedBeforeSupportEnd) {
    const Error error = error_for(
        "windows,8,,Windows 8,windows 8,,,,2016-01-12,2015-01-01,ESU,https://example.org/x,\n");
    EXPECT_EQ(error.where, "bad.csv:3");
    EXPECT_NE(error.message.find("extended_end"), std::string::npos);
}

TEST(EolErrorTest, SourceMustBeHttps) {
    const Error error =
        error_for("windows,8,,Windows 8,windows 8,,,,2016-01-12,,,http://example.org/x,\n");
    EXPECT_EQ(error.where, "bad.csv:3");
    EXPECT_NE(error.message.find("https"), std::string::npos);
}

TEST(EolErrorTest, UnknownEdition) {
    const Error error = error_for(
        "windows,8,professional,Windows 8,windows 8,,,,2016-01-12,,,https://example.org/x,\n");
    EXPECT_EQ(error.where, "bad.csv:3");
    EXPECT_NE(error.message.find("edition"), std::string::npos);
}

TEST(EolErrorTest, BuildMustBeANumber) {
    const Error error =
        error_for("windows,8,,Windows 8,windows 8,92OO,,,2016-01-12,,,https://example.org/x,\n");
    EXPECT_EQ(error.where, "bad.csv:3");
    EXPECT_NE(error.message.find("builds"), std::string::npos);
}

TEST(EolErrorTest, EmptyListEntry) {
    const Error error =
        error_for("windows,8,,Windows 8,windows 8||win8,,,,2016-01-12,,,https://example.org/x,\n");
    EXPECT_EQ(error.where, "bad.csv:3");
    EXPECT_NE(error.message.find("empty entry"), std::string::npos);
}

TEST(EolErrorTest, MalformedCpeEntry) {
    const Error error =
        error_for("windows,8,,Windows 8,,,,microsoft,2016-01-12,,,https://example.org/x,\n");
    EXPECT_EQ(error.where, "bad.csv:3");
    EXPECT_NE(error.message.find("cpes"), std::string::npos);
}

TEST(EolErrorTest, RowWithNothingToRecogniseItBy) {
    const Error error =
        error_for("windows,8,,Windows 8,,,8,,2016-01-12,,,https://example.org/x,\n");
    EXPECT_EQ(error.where, "bad.csv:3");
}

TEST(EolErrorTest, RepeatedReleaseNamesBothLines) {
    const Error error = error_for(kGoodRow);
    EXPECT_EQ(error.where, "bad.csv:3");
    EXPECT_NE(error.message.find("line 2"), std::string::npos);
}

TEST(EolErrorTest, WrongFieldCount) {
    const Error error = error_for("windows,8,,Windows 8,windows 8\n");
    EXPECT_EQ(error.where, "bad.csv:3");
    EXPECT_NE(error.message.find("fields"), std::string::npos);
}

TEST(EolErrorTest, EmptyRequiredFields) {
    EXPECT_NE(error_for(",8,,Windows 8,windows 8,,,,2016-01-12,,,https://example.org/x,\n")
                  .message.find("product"),
              std::string::npos);
    EXPECT_NE(error_for("windows,,,Windows 8,windows 8,,,,2016-01-12,,,https://example.org/x,\n")
                  .message.find("release"),
              std::string::npos);
    EXPECT_NE(error_for("windows,8,,,windows 8,,,,2016-01-12,,,https://example.org/x,\n")
                  .message.find("title"),
              std::string::npos);
}

TEST(EolErrorTest, MissingColumnNamesTheHeaderLine) {
    const auto parsed = EolCatalogue::parse("# comment\nproduct,release,title,source\n", "h.csv");
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error().where, "h.csv:2");
    EXPECT_NE(parsed.error().message.find("support_end"), std::string::npos);
}

TEST(EolErrorTest, QuoteLeftOpen) {
    const auto parsed = EolCatalogue::parse(kHeader + "windows,\"8,", "q.csv");
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
}

TEST(EolErrorTest, EmptyText) {
    const auto parsed = EolCatalogue::parse("", "empty.csv");
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error().where, "empty.csv:1");
}

}  // namespace
}  // namespace wardround::checks

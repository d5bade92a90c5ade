// SPDX-License-Identifier: Apache-2.0
// Files the MDS2 readers must refuse (tests/data/mds2/malformed and bomb): each gives an Error of
// the expected code whose `where` names the file and the place, and never a crash.
#include <string>

#include <gtest/gtest.h>

#include "unit/mds2/mds2_test_support.h"

namespace wardround::inventory {
namespace {

using testing::mds2_fixture;

struct MalformedCase {
    const char* file;  // in tests/data/mds2
    ErrorCode code;
    const char* where;    // after the path in Error::where
    const char* message;  // part of Error::message
};

void PrintTo(const MalformedCase& entry, std::ostream* out) {
    *out << entry.file;
}

constexpr MalformedCase kCorpus[] = {
    {"malformed/not-mds2.csv", ErrorCode::kInvalidArgument, "",
     "not an MDS2 form: no question id (such as DOC-1 or AUTH-1) and no manufacturer or device "
     "model in a header (such as Manufacturer Name) in 3 lines"},
    {"malformed/empty.csv", ErrorCode::kInvalidArgument, "", "in 0 lines"},
    {"malformed/only-bad-ids.csv", ErrorCode::kInvalidArgument, "",
     "2 cells look like malformed question ids, the first 'AUTH1' at line 2"},
    {"malformed/unclosed-quote.csv", ErrorCode::kInvalidArgument, ":5",
     "a quoted field opened on line 3 is never closed"},
    {"malformed/utf16.csv", ErrorCode::kInvalidArgument, " line 1", "the text is UTF-16"},
    {"malformed/truncated.xlsx", ErrorCode::kInvalidArgument, "",
     "not an XLSX workbook: the 1933 bytes are not a whole zip archive"},
    {"malformed/not-a-zip.xlsx", ErrorCode::kInvalidArgument, "",
     "the 58 bytes are not a whole zip archive"},
    {"malformed/no-workbook.xlsx", ErrorCode::kInvalidArgument, "",
     "a zip archive but not an XLSX workbook: it has no xl/workbook.xml"},
    {"malformed/bad-xml.xlsx", ErrorCode::kInvalidArgument,
     " entry xl/worksheets/sheet2.xml byte 188", "not well-formed XML"},
    {"malformed/corrupt-entry.xlsx", ErrorCode::kDataLoss, " entry xl/worksheets/sheet2.xml",
     "corrupt compressed data"},
    {"malformed/no-form.xlsx", ErrorCode::kInvalidArgument, "", "in sheets Budget"},
    {"bomb/declared.xlsx", ErrorCode::kInvalidArgument, " entry xl/worksheets/sheet2.xml",
     "decompresses to more than 64 MiB (an MDS2 workbook is far smaller): refused as a zip bomb"},
    {"bomb/understated.xlsx", ErrorCode::kInvalidArgument, " entry xl/worksheets/sheet2.xml",
     "refused as a zip bomb"},
};

class Mds2Malformed : public ::testing::TestWithParam<MalformedCase> {};

TEST_P(Mds2Malformed, IsRefusedNamingThePlace) {
    const MalformedCase& entry = GetParam();
    const std::string path = wardround::testing::fixture(std::string("mds2/") + entry.file);
    auto form = read_mds2_file(path);
    ASSERT_FALSE(form.has_value()) << entry.file << " was read";
    EXPECT_EQ(form.error().code, entry.code) << form.error().to_string();
    EXPECT_EQ(form.error().where, path + entry.where) << form.error().to_string();
    EXPECT_NE(form.error().message.find(entry.message), std::string::npos) << form.error().message;
}

INSTANTIATE_TEST_SUITE_P(Corpus, Mds2Malformed, ::testing::ValuesIn(kCorpus));

TEST(Mds2Errors, ADateAloneDoesNotMakeAForm) {
    auto form = parse_mds2_csv("Item,Cost\nDate,2024-01-01\nPumps,1200\n", "budget.csv");
    ASSERT_FALSE(form.has_value());
    EXPECT_EQ(form.error().where, "budget.csv");
    EXPECT_NE(form.error().message.find("not an MDS2 form"), std::string::npos);
}

TEST(Mds2Errors, AWorkbookGivenAsCsvSaysToReadItAsXlsx) {
    auto form = parse_mds2_csv(mds2_fixture("acme-monitor.xlsx"), "form.csv");
    ASSERT_FALSE(form.has_value());
    EXPECT_EQ(form.error().where, "form.csv line 1");
    EXPECT_NE(form.error().message.find("read as .xlsx"), std::string::npos);
}

TEST(Mds2Errors, AnEmptyWorkbookIsNotAZipArchive) {
    auto form = parse_mds2_xlsx("", "empty.xlsx");
    ASSERT_FALSE(form.has_value());
    EXPECT_EQ(form.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(form.error().where, "empty.xlsx");
}

TEST(Mds2Errors, EveryPrefixOfAWorkbookIsRefusedOrRead) {
    // Cut anywhere, a workbook must give an error or a form, never a crash.
    const std::string whole = mds2_fixture("acme-monitor.xlsx");
    for (std::size_t size = 0; size < whole.size(); size += 97) {
        auto form = parse_mds2_xlsx(std::string_view(whole).substr(0, size), "cut.xlsx");
        EXPECT_FALSE(form.has_value()) << size;
    }
}

TEST(Mds2Errors, OtherExtensionsAreRefusedByName) {
    auto xls = read_mds2_file("/tmp/form.xls");
    ASSERT_FALSE(xls.has_value());
    EXPECT_EQ(xls.error().where, "/tmp/form.xls");
    EXPECT_NE(xls.error().message.find("save it as .xlsx"), std::string::npos);
    auto pdf = read_mds2_file("/tmp/form.pdf");
    ASSERT_FALSE(pdf.has_value());
    EXPECT_NE(pdf.error().message.find("not from .pdf"), std::string::npos);
}

TEST(Mds2Errors, AMissingFileIsNotFound) {
    const std::string path = wardround::testing::fixture("mds2/no-such-form.csv");
    auto form = read_mds2_file(path);
    ASSERT_FALSE(form.has_value());
    EXPECT_EQ(form.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(form.error().where, path);
}

TEST(Mds2Errors, AFileWithTooManyCellsIsNotAForm) {
    std::string text;
    for (int i = 0; i < 300000; ++i) {
        text += "a,b,c,d\n";
    }
    auto form = parse_mds2_csv(text, "huge.csv");
    ASSERT_FALSE(form.has_value());
    EXPECT_EQ(form.error().where, "huge.csv line 262145");
    EXPECT_NE(form.error().message.find("more than 1048576 filled fields"), std::string::npos);
}

}  // namespace
}  // namespace wardround::inventory

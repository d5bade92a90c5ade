// SPDX-License-Identifier: Apache-2.0
// The answers file reader on the fixtures in tests/data/assess/answers: the workbook's Answers
// sheet saved as CSV reads back (extra columns ignored, spreadsheet upper case folded, a comment
// over two lines kept, a row without an answer counted and left out), and each malformed file is
// refused naming its file and line.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <wardround/assess/answer_file.h>

#include "support/test_support.h"

namespace wardround::assess {
namespace {

using ::wardround::testing::fixture;

Result<AnswerFile> read(const std::string& name) {
    auto file = InputFile::open(fixture("assess/answers/" + name));
    if (!file) {
        return propagate(file.error());
    }
    return read_answer_file(*file);
}

TEST(AnswerFileTest, TheWorkbooksAnswersSheetReadsBack) {
    auto read_back = read("workbook-sheet.csv");
    ASSERT_TRUE(read_back) << read_back.error().to_string();
    ASSERT_EQ(read_back->rows.size(), 4U);
    EXPECT_EQ(read_back->blank, 1U);

    const AnswerRow& first = read_back->rows[0];
    EXPECT_EQ(first.line, 2U);
    EXPECT_EQ(first.item, "B4.d.A.1");
    EXPECT_EQ(first.value, "true") << "a spreadsheet's TRUE is the vocabulary's true";
    EXPECT_EQ(first.comment, "Monthly report, signed by the CIO");
    EXPECT_EQ(read_back->rows[1].value, "false");

    const AnswerRow& consent = read_back->rows[2];
    EXPECT_EQ(consent.line, 6U);
    EXPECT_EQ(consent.item, "E2.b");
    EXPECT_EQ(consent.value, "partially-achieved");
    EXPECT_EQ(consent.comment, "Withdrawals are not yet recorded\nin one place");

    const AnswerRow& not_applicable = read_back->rows[3];
    EXPECT_EQ(not_applicable.line, 8U);
    EXPECT_EQ(not_applicable.value, "not-applicable");
    EXPECT_EQ(not_applicable.reason, "No such system");
}

TEST(AnswerFileTest, HeadersAreMatchedWithoutRegardToCaseAndCrlfEndsLines) {
    auto read_back = read("crlf-lower-case-header.csv");
    ASSERT_TRUE(read_back) << read_back.error().to_string();
    ASSERT_EQ(read_back->rows.size(), 1U);
    EXPECT_EQ(read_back->rows[0].item, "B4.d.A.1");
    EXPECT_EQ(read_back->rows[0].value, "true");
}

TEST(AnswerFileTest, EachMalformedFileIsRefusedNamingItsLine) {
    struct Case {
        const char* file;
        const char* where;
        const char* message;
    };
    const std::vector<Case> cases = {
        {"bad-twice.csv", "bad-twice.csv line 3", "answered twice, here and on line 2"},
        {"bad-no-item.csv", "bad-no-item.csv line 2", "an answer with no item"},
        {"bad-no-item-column.csv", "bad-no-item-column.csv line 1", "no Item column"},
        {"bad-open-quote.csv", "bad-open-quote.csv", "quote"},
    };
    for (const Case& bad : cases) {
        auto refused = read(bad.file);
        ASSERT_FALSE(refused) << bad.file << " was read";
        EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument) << bad.file;
        EXPECT_NE(refused.error().to_string().find(bad.where), std::string::npos)
            << refused.error().to_string();
        EXPECT_NE(refused.error().message.find(bad.message), std::string::npos)
            << refused.error().to_string();
    }
}

TEST(AnswerFileTest, AnEmptyFileIsRefused) {
    InputFile empty = InputFile::from_memory("empty.csv", "");
    auto refused = read_answer_file(empty);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().where, "empty.csv");
}

}  // namespace
}  // namespace wardround::assess

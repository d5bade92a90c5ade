// SPDX-License-Identifier: Apache-2.0
// Importing answers files into an assessment on both backends: the workbook sheet fixture answers
// the built-in CAF-aligned DSPT; loading it again adds no history; a file with one bad row, or one
// answering not-applicable without a reason, changes nothing and names the row; a signed-off
// revision refuses the file.
#include <string>

#include <gtest/gtest.h>

#include <wardround/assess/answer_file.h>
#include <wardround/assess/assessment.h>
#include <wardround/assess/framework_library.h>
#include <wardround/core/input_file.h>
#include <wardround/org/org_import.h>

#include "support/test_support.h"

namespace wardround::assess {
namespace {

using store::Backend;
using ::wardround::testing::at;
using ::wardround::testing::dump_database;
using ::wardround::testing::fixture;

const AssessmentRef kDspt{"CT1", "DSPT-CAF-2024-25", "2024-25"};
const char* const kNow = "2025-02-01T09:00:00Z";

AnswerFile in_memory(const std::string& csv) {
    InputFile file = InputFile::from_memory("answers.csv", csv);
    auto read = read_answer_file(file);
    EXPECT_TRUE(read) << read.error().to_string();
    return read ? *read : AnswerFile{};
}

class ImportAnswersTest : public ::wardround::testing::BackendTest {
protected:
    void SetUp() override {
        BackendTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) {
            return;
        }
        auto file = InputFile::open(fixture("checks/organisations.csv"));
        ASSERT_TRUE(file) << file.error().to_string();
        ASSERT_TRUE(org::import_organisations(*database_, *file));
    }

    void start(const std::string& category = {}) {
        auto started =
            start_assessment(*database_, {kDspt, category, {}, "ian.governance"}, at(kNow));
        ASSERT_TRUE(started) << started.error().to_string();
    }

    Result<AnswerImport> import(const AnswerFile& file) {
        return import_answers(*database_, kDspt, file, "cara.cyber", at(kNow));
    }

    // Expects the import refused with `code`, naming `where`, and the database unchanged.
    void expect_refused(const AnswerFile& file, ErrorCode code, const std::string& where) {
        const std::string before = dump_database(*database_);
        auto refused = import(file);
        ASSERT_FALSE(refused) << "the file was imported";
        EXPECT_EQ(refused.error().code, code) << refused.error().to_string();
        EXPECT_EQ(refused.error().where, where) << refused.error().to_string();
        EXPECT_EQ(dump_database(*database_), before) << "a refused file changed the database";
    }

    std::string current(const std::string& item) {
        auto history = answer_history(*database_, kDspt, item);
        EXPECT_TRUE(history) << history.error().to_string();
        return history && !history->empty() ? history->back().value : std::string();
    }
};

TEST_P(ImportAnswersTest, TheWorkbookSheetAnswersTheAssessmentAndLoadingItAgainAddsNothing) {
    start();
    auto file = InputFile::open(fixture("assess/answers/workbook-sheet.csv"));
    ASSERT_TRUE(file) << file.error().to_string();
    auto sheet = read_answer_file(*file);
    ASSERT_TRUE(sheet) << sheet.error().to_string();

    auto first = import(*sheet);
    ASSERT_TRUE(first) << first.error().to_string();
    EXPECT_EQ(first->answered, 4U);
    EXPECT_EQ(first->unchanged, 0U);
    EXPECT_EQ(first->blank, 1U);
    EXPECT_EQ(current("B4.d.A.1"), "true");
    EXPECT_EQ(current("E2.b"), "partially-achieved");
    EXPECT_EQ(current("A2.a.A.1"), "not-applicable");
    EXPECT_EQ(current("B4.d.NA.1"), "") << "a row without an answer answers nothing";

    auto again = import(*sheet);
    ASSERT_TRUE(again) << again.error().to_string();
    EXPECT_EQ(again->answered, 0U);
    EXPECT_EQ(again->unchanged, 4U);
    auto history = answer_history(*database_, kDspt, "B4.d.A.1");
    ASSERT_TRUE(history);
    EXPECT_EQ(history->size(), 1U) << "an unchanged row added history";

    // A changed comment is a new answer, superseding the old one.
    auto changed = import(in_memory("Item,Answer,Comment\nB4.d.A.1,true,Now weekly\n"));
    ASSERT_TRUE(changed) << changed.error().to_string();
    EXPECT_EQ(changed->answered, 1U);
    history = answer_history(*database_, kDspt, "B4.d.A.1");
    ASSERT_TRUE(history);
    ASSERT_EQ(history->size(), 2U);
    EXPECT_FALSE(history->front().superseded_at.empty());
    EXPECT_EQ(history->back().comment, "Now weekly");
}

TEST_P(ImportAnswersTest, OneBadRowRefusesTheWholeFileNamingTheRow) {
    start();
    expect_refused(in_memory("Item,Answer\nB4.d.A.1,true\nB4.d.Z.9,true\n"), ErrorCode::kNotFound,
                   "answers.csv line 3");
    expect_refused(in_memory("Item,Answer\nB4.d.A.1,true\nB4.d.A.2,perhaps\n"),
                   ErrorCode::kInvalidArgument, "answers.csv line 3");
    expect_refused(in_memory("Item,Answer\nB4.d.A.1,not-applicable\n"), ErrorCode::kInvalidArgument,
                   "answers.csv line 2");
    expect_refused(in_memory("Item,Answer\nCAF-4.0:B4.d.A.1,true\n"), ErrorCode::kInvalidArgument,
                   "answers.csv line 2");
}

TEST_P(ImportAnswersTest, ASignedOffRevisionRefusesTheFile) {
    for (const char* name : {"caf-3.2-mini.yaml", "dspt-caf-mini.yaml"}) {
        auto imported =
            import_framework_file(*database_, fixture(std::string("frameworks/") + name));
        ASSERT_TRUE(imported) << imported.error().to_string();
    }
    start("category-1");
    auto answered = import(
        in_memory("Item,Answer\nA2.a.A.1,true\nA2.a.PA.1,true\nA2.a.NA.1,false\nB4.d.A.1,true\n"
                  "B4.d.NA.1,false\nE1.a.A.1,true\nE1.a.NA.1,false\n"));
    ASSERT_TRUE(answered) << answered.error().to_string();
    EXPECT_EQ(answered->answered, 7U);
    auto signed_off =
        sign_off(*database_, kDspt, {"sam.siro", "SIRO", "A true account."}, at(kNow));
    ASSERT_TRUE(signed_off) << signed_off.error().to_string();

    const std::string before = dump_database(*database_);
    auto refused = import(in_memory("Item,Answer\nA2.b.A.1,true\n"));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition) << refused.error().to_string();
    EXPECT_EQ(dump_database(*database_), before);
}

INSTANTIATE_TEST_SUITE_P(Backends,
                         ImportAnswersTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         ::wardround::testing::backend_test_name);

}  // namespace
}  // namespace wardround::assess

// SPDX-License-Identifier: Apache-2.0
// MDS2 forms saved as CSV (tests/data/mds2/*.csv): the header, every kind of answer, notes, and
// the rows that cannot be used, each reported with its code and line.
#include <string>

#include <gtest/gtest.h>

#include "unit/mds2/mds2_test_support.h"

namespace wardround::inventory {
namespace {

using testing::count_code;
using testing::find_answer;
using testing::find_diagnostic;
using testing::mds2_fixture;

class Mds2CsvFixture : public ::testing::Test {
protected:
    void SetUp() override {
        auto form = parse_mds2_csv(mds2_fixture("acme-infusion-pump.csv"), "acme.csv");
        ASSERT_TRUE(form.has_value()) << form.error().to_string();
        form_ = std::move(*form);
    }

    // The answer to `id`; fails the test when there is none.
    const Mds2Answer& answer(const std::string& id) const {
        const Mds2Answer* found = find_answer(form_, id);
        EXPECT_NE(found, nullptr) << id;
        static const Mds2Answer kNone;
        return found != nullptr ? *found : kNone;
    }

    Mds2Form form_;
};

TEST_F(Mds2CsvFixture, HeaderComesFromTheDocRows) {
    EXPECT_EQ(form_.manufacturer, "Acme Medical Devices Ltd");
    EXPECT_EQ(form_.device_description, "Volumetric infusion pump");
    EXPECT_EQ(form_.model, "InfuSure 300");
    EXPECT_EQ(form_.document_id, "AMD-MDS2-0042");
    EXPECT_EQ(form_.manufacturer_contact, "Product Security Office, security@acme.example");
    EXPECT_EQ(form_.form_date, "2023-03-14");  // written 14/03/2023: the day settles the order
    EXPECT_EQ(form_.sheet, "");
}

TEST_F(Mds2CsvFixture, DocFactsAreKeptAsAnswersOfKindOther) {
    EXPECT_EQ(answer("DOC-1").kind, Mds2AnswerKind::kOther);
    EXPECT_EQ(answer("DOC-1").answer, "Acme Medical Devices Ltd");
    EXPECT_EQ(answer("DOC-7").answer, "14/03/2023");  // as written; the form's date is parsed
    EXPECT_EQ(answer("DOC-8").kind, Mds2AnswerKind::kYes);
}

TEST_F(Mds2CsvFixture, EveryAnswerIsKeptInFormOrder) {
    ASSERT_EQ(form_.answers.size(), 27U);
    EXPECT_EQ(form_.answers.front().question_id, "DOC-1");
    EXPECT_EQ(form_.answers.back().question_id, "TXCF-1");
}

TEST_F(Mds2CsvFixture, AnswersOfEachKind) {
    EXPECT_EQ(answer("MPII-2.2").kind, Mds2AnswerKind::kNo);
    EXPECT_EQ(answer("MPII-2.1").kind, Mds2AnswerKind::kYes);
    EXPECT_EQ(answer("AUDT-2.8.1").kind, Mds2AnswerKind::kNotApplicable);
    EXPECT_EQ(answer("ALOF-2").kind, Mds2AnswerKind::kSeeNote);
    EXPECT_EQ(answer("SAHD-1").kind, Mds2AnswerKind::kSeeNote);
    EXPECT_EQ(answer("CONN-1").kind, Mds2AnswerKind::kUnanswered);
    EXPECT_EQ(answer("CONN-1").answer, "");
    EXPECT_EQ(answer("AUTH-2").kind, Mds2AnswerKind::kOther);
    EXPECT_EQ(answer("AUTH-2").answer, "Partially");
}

TEST_F(Mds2CsvFixture, AnswersWithWordsAfterThemKeepTheirKindAndText) {
    EXPECT_EQ(answer("ALOF-1").kind, Mds2AnswerKind::kYes);
    EXPECT_EQ(answer("ALOF-1").answer, "Yes, after 2 minutes by default");
    EXPECT_EQ(answer("SBOM-1").kind, Mds2AnswerKind::kNotApplicable);
    EXPECT_EQ(answer("TXCF-1").kind, Mds2AnswerKind::kNo);
    EXPECT_EQ(answer("CONN-1.1.1").kind, Mds2AnswerKind::kYes);  // lower case "yes"
}

TEST_F(Mds2CsvFixture, NotesKeepQuotesCommasAndLineBreaks) {
    EXPECT_EQ(answer("MPII-1").note, "Patient name and bed are shown during an infusion");
    EXPECT_EQ(answer("ALOF-2").note,
              "Note 1: biomedical engineering can set 1 to 30 minutes; \"0\" disables the lock");
    EXPECT_EQ(answer("AUTH-1").note,
              "Clinical use needs no login;\nconfiguration needs the biomed PIN");
    EXPECT_EQ(answer("AUDT-1").note, "");
}

TEST_F(Mds2CsvFixture, IdsAreNormalisedToUpperCaseAndAHyphen) {
    EXPECT_EQ(answer("PAUT-1").kind, Mds2AnswerKind::kNotApplicable);  // written "paut-1"
    EXPECT_EQ(answer("PAUT-2").kind, Mds2AnswerKind::kNo);             // written with an en dash
}

TEST_F(Mds2CsvFixture, LocationsNameTheLineARecordStartsOn) {
    EXPECT_EQ(answer("MPII-1").location, "line 15");
    EXPECT_EQ(answer("AUTH-1").location, "line 26");  // its note runs on to line 27
    EXPECT_EQ(answer("AUTH-2").location, "line 28");
}

TEST_F(Mds2CsvFixture, ADuplicateKeepsTheFirstAnswerAndIsReported) {
    EXPECT_EQ(answer("AUTH-1").kind, Mds2AnswerKind::kNo);
    ASSERT_EQ(count_code(form_, "mds2.duplicate_question"), 1U);
    const Diagnostic* duplicate = find_diagnostic(form_, "mds2.duplicate_question");
    EXPECT_EQ(duplicate->severity, Severity::kError);
    EXPECT_EQ(duplicate->source, "acme.csv");
    EXPECT_EQ(duplicate->location, "line 39");
    EXPECT_NE(duplicate->message.find("first at line 26"), std::string::npos) << duplicate->message;
}

TEST_F(Mds2CsvFixture, AMalformedIdIsReportedAndItsRowLeftOut) {
    ASSERT_EQ(count_code(form_, "mds2.bad_question_id"), 1U);
    const Diagnostic* bad = find_diagnostic(form_, "mds2.bad_question_id");
    EXPECT_EQ(bad->severity, Severity::kError);
    EXPECT_EQ(bad->location, "line 29");
    EXPECT_NE(bad->message.find("'AUTH1'"), std::string::npos) << bad->message;
    EXPECT_EQ(find_answer(form_, "AUTH1"), nullptr);
}

TEST_F(Mds2CsvFixture, AnAnsweredQuestionWithoutIdIsReported) {
    const Diagnostic* missing = find_diagnostic(form_, "mds2.missing_question_id");
    ASSERT_NE(missing, nullptr);
    EXPECT_EQ(missing->location, "line 43");
    EXPECT_EQ(missing->severity, Severity::kError);
}

TEST_F(Mds2CsvFixture, UnknownAnswersAndSectionsAreKeptWithWarnings) {
    EXPECT_EQ(count_code(form_, "mds2.unknown_answer"), 1U);
    EXPECT_EQ(find_diagnostic(form_, "mds2.unknown_answer")->location, "line 28");
    // SHAD-15: a transposed section code, kept so that nothing is lost.
    ASSERT_NE(find_answer(form_, "SHAD-15"), nullptr);
    EXPECT_EQ(count_code(form_, "mds2.unknown_section"), 1U);
    EXPECT_EQ(find_diagnostic(form_, "mds2.unknown_section")->severity, Severity::kWarning);
}

TEST_F(Mds2CsvFixture, NothingElseIsReported) {
    EXPECT_EQ(form_.diagnostics.total(), 5U);
    EXPECT_EQ(form_.diagnostics.count(Severity::kError), 3U);
}

TEST(Mds2Csv, AFormWithoutATableHeaderIsReadByPosition) {
    auto form = parse_mds2_csv(mds2_fixture("headerless.csv"), "beta.csv");
    ASSERT_TRUE(form.has_value()) << form.error().to_string();
    EXPECT_EQ(form->manufacturer, "Beta Diagnostics GmbH");
    EXPECT_EQ(form->model, "ScanLite 5");
    EXPECT_EQ(form->document_id, "BD-0007");
    EXPECT_EQ(form->form_date, "2021-03-03");
    ASSERT_EQ(form->answers.size(), 3U);
    EXPECT_EQ(form->answers[0].question_id, "ALOF-1");
    EXPECT_EQ(form->answers[0].kind, Mds2AnswerKind::kNo);
    EXPECT_EQ(form->answers[1].note, "Kept for 90 days");
    EXPECT_EQ(form->answers[2].kind, Mds2AnswerKind::kSeeNote);
    EXPECT_EQ(form->answers[2].location, "line 7");
    EXPECT_TRUE(form->diagnostics.empty());
}

TEST(Mds2Csv, AHeaderWithoutQuestionsIsAFormWithAWarning) {
    auto form = parse_mds2_csv(mds2_fixture("header-only.csv"), "gamma.csv");
    ASSERT_TRUE(form.has_value()) << form.error().to_string();
    EXPECT_EQ(form->manufacturer, "Gamma Imaging Inc");
    EXPECT_EQ(form->model, "GI-9");
    EXPECT_TRUE(form->answers.empty());
    EXPECT_EQ(count_code(*form, "mds2.no_answers"), 1U);
}

TEST(Mds2Csv, MissingManufacturerAndModelAreReported) {
    auto form = parse_mds2_csv("AUTH-1,Login?,Yes\n", "bare.csv");
    ASSERT_TRUE(form.has_value()) << form.error().to_string();
    EXPECT_EQ(count_code(*form, "mds2.missing_manufacturer"), 1U);
    EXPECT_EQ(count_code(*form, "mds2.missing_model"), 1U);
}

TEST(Mds2Csv, AnUnclearDateIsKeptAsWrittenWithANote) {
    auto form = parse_mds2_csv(
        "DOC-1,Manufacturer Name,Acme\nDOC-3,Device Model,X\nDOC-7,Document Release "
        "Date,03/04/2020\n",
        "date.csv");
    ASSERT_TRUE(form.has_value()) << form.error().to_string();
    EXPECT_EQ(form->form_date, "03/04/2020");
    const Diagnostic* date = find_diagnostic(*form, "mds2.bad_date");
    ASSERT_NE(date, nullptr);
    EXPECT_EQ(date->location, "DOC-7 at line 3");
}

TEST(Mds2Csv, BytesThatAreNotUtf8AreReplacedAndReported) {
    auto form = parse_mds2_csv("AUTH-1,Login?,Yes,caf\xE9 r\xE9seau\n", "latin1.csv");
    ASSERT_TRUE(form.has_value()) << form.error().to_string();
    EXPECT_EQ(form->answers[0].note, "caf\xEF\xBF\xBD r\xEF\xBF\xBDseau");
    EXPECT_EQ(count_code(*form, "mds2.bad_utf8"), 1U);
}

TEST(Mds2Csv, AByteOrderMarkIsSkipped) {
    auto form = parse_mds2_csv("\xEF\xBB\xBFQuestion ID,Question,Answer\nEMRG-1,Break-glass?,No\n",
                               "bom.csv");
    ASSERT_TRUE(form.has_value()) << form.error().to_string();
    ASSERT_EQ(form->answers.size(), 1U);
    EXPECT_EQ(form->answers[0].question_id, "EMRG-1");
}

}  // namespace
}  // namespace wardround::inventory

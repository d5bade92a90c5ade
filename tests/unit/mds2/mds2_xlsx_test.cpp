// SPDX-License-Identifier: Apache-2.0
// MDS2 workbooks (tests/data/mds2/*.xlsx, written by make_xlsx.py): the form's sheet found among
// others, shared, rich and inline strings, numbers and serial dates, and cell-level problems
// reported with the sheet and cell.
#include <string>

#include <gtest/gtest.h>

#include "unit/mds2/mds2_test_support.h"

namespace wardround::inventory {
namespace {

using testing::count_code;
using testing::find_answer;
using testing::find_diagnostic;
using testing::mds2_fixture;

class Mds2XlsxFixture : public ::testing::Test {
protected:
    void SetUp() override {
        auto form = parse_mds2_xlsx(mds2_fixture("acme-monitor.xlsx"), "acme-monitor.xlsx");
        ASSERT_TRUE(form.has_value()) << form.error().to_string();
        form_ = std::move(*form);
    }

    const Mds2Answer& answer(const std::string& id) const {
        const Mds2Answer* found = find_answer(form_, id);
        EXPECT_NE(found, nullptr) << id;
        static const Mds2Answer kNone;
        return found != nullptr ? *found : kNone;
    }

    Mds2Form form_;
};

TEST_F(Mds2XlsxFixture, TheSheetWithTheQuestionsIsTheForm) {
    EXPECT_EQ(form_.sheet, "MDS2 2019");
    EXPECT_EQ(form_.answers.size(), 15U);
    EXPECT_EQ(answer("ALOF-1").location, "sheet MDS2 2019 row 13");
}

TEST_F(Mds2XlsxFixture, HeaderFromSharedInlineAndNumberCells) {
    EXPECT_EQ(form_.manufacturer, "Acme Medical Devices Ltd");       // shared string
    EXPECT_EQ(form_.device_description, "Bedside patient monitor");  // inline string
    EXPECT_EQ(form_.model, "VitalView 7");
    EXPECT_EQ(form_.document_id, "880123");    // a number cell, as written
    EXPECT_EQ(form_.form_date, "2023-03-15");  // serial day 45000
}

TEST_F(Mds2XlsxFixture, ACoverSheetFillsWhatTheFormLacksAndDisagreementsAreReported) {
    EXPECT_EQ(form_.manufacturer_contact, "psirt@acme.example");
    const Diagnostic* conflict = find_diagnostic(form_, "mds2.header_conflict");
    ASSERT_NE(conflict, nullptr);
    EXPECT_EQ(conflict->location, "sheet Cover cell B2");
    EXPECT_NE(conflict->message.find("'Acme Medical Devices Limited'"), std::string::npos)
        << conflict->message;
    EXPECT_NE(conflict->message.find("DOC-1 at sheet MDS2 2019 row 5"), std::string::npos)
        << conflict->message;
}

TEST_F(Mds2XlsxFixture, AnswersFromEveryKindOfCell) {
    EXPECT_EQ(answer("ALOF-1").kind, Mds2AnswerKind::kYes);            // shared string
    EXPECT_EQ(answer("ALOF-2").kind, Mds2AnswerKind::kSeeNote);        // inline string
    EXPECT_EQ(answer("AUDT-1.1").kind, Mds2AnswerKind::kNo);           // a formula's cached text
    EXPECT_EQ(answer("AUDT-4").kind, Mds2AnswerKind::kNotApplicable);  // cells without r="..."
    EXPECT_EQ(answer("MLDP-1").note, "Application allow-listing");
    // A boolean cell is not one of the form's answers; kept as written, with a warning.
    EXPECT_EQ(answer("AUDT-2").answer, "TRUE");
    EXPECT_EQ(answer("AUDT-2").kind, Mds2AnswerKind::kOther);
    EXPECT_EQ(count_code(form_, "mds2.unknown_answer"), 1U);
}

TEST_F(Mds2XlsxFixture, NotesDecodeOoxmlEscapes) {
    EXPECT_EQ(answer("ALOF-2").note, "Between 1 and 60 minutes\r\nset by biomedical engineering");
}

TEST_F(Mds2XlsxFixture, ASharedStringOutOfRangeIsReportedWithItsCell) {
    const Diagnostic* bad = find_diagnostic(form_, "mds2.bad_shared_string");
    ASSERT_NE(bad, nullptr);
    EXPECT_EQ(bad->location, "sheet MDS2 2019 cell C20");
    EXPECT_EQ(bad->source, "acme-monitor.xlsx");
    EXPECT_EQ(answer("AUDT-3").kind, Mds2AnswerKind::kUnanswered);
}

TEST_F(Mds2XlsxFixture, ABadCellReferenceIsReportedWithItsRow) {
    const Diagnostic* bad = find_diagnostic(form_, "mds2.bad_cell_reference");
    ASSERT_NE(bad, nullptr);
    EXPECT_EQ(bad->location, "sheet MDS2 2019 row 22");
    EXPECT_NE(bad->message.find("'1A22'"), std::string::npos) << bad->message;
}

TEST_F(Mds2XlsxFixture, ADuplicateNamesBothRows) {
    EXPECT_EQ(answer("RMOT-1").kind, Mds2AnswerKind::kYes);
    const Diagnostic* duplicate = find_diagnostic(form_, "mds2.duplicate_question");
    ASSERT_NE(duplicate, nullptr);
    EXPECT_EQ(duplicate->location, "sheet MDS2 2019 row 25");
    EXPECT_NE(duplicate->message.find("first at sheet MDS2 2019 row 24"), std::string::npos);
}

TEST_F(Mds2XlsxFixture, NothingElseIsReported) {
    EXPECT_EQ(form_.diagnostics.total(), 5U);
}

TEST(Mds2Xlsx, PrefixedElementsAbsoluteTargetsAndThe1904DateSystem) {
    auto form = parse_mds2_xlsx(mds2_fixture("prefixed.xlsx"), "prefixed.xlsx");
    ASSERT_TRUE(form.has_value()) << form.error().to_string();
    EXPECT_EQ(form->sheet, "Form");
    EXPECT_EQ(form->manufacturer, "Delta Respiratory AB");
    EXPECT_EQ(form->model, "AirFlow 2");
    EXPECT_EQ(form->form_date, "2021-09-23");  // serial day 43000 counted from 1904-01-01
    const Mds2Answer* txcf = find_answer(*form, "TXCF-2");
    ASSERT_NE(txcf, nullptr);
    EXPECT_EQ(txcf->kind, Mds2AnswerKind::kYes);
    EXPECT_EQ(txcf->note, "TLS 1.2");
    EXPECT_TRUE(form->diagnostics.empty());
}

TEST(Mds2Xlsx, ReadByPathChoosesTheParserByExtension) {
    auto xlsx = read_mds2_file(wardround::testing::fixture("mds2/acme-monitor.xlsx"));
    ASSERT_TRUE(xlsx.has_value()) << xlsx.error().to_string();
    EXPECT_EQ(xlsx->model, "VitalView 7");
    auto csv = read_mds2_file(wardround::testing::fixture("mds2/headerless.csv"));
    ASSERT_TRUE(csv.has_value()) << csv.error().to_string();
    EXPECT_EQ(csv->model, "ScanLite 5");
}

}  // namespace
}  // namespace wardround::inventory

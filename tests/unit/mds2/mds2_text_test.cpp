// SPDX-License-Identifier: Apache-2.0
// The words of the form: which question ids are accepted, how answers are classified, which dates
// read one way only.
#include "inventory/mds2/mds2_text.h"

#include <string>

#include <gtest/gtest.h>

#include <wardround/inventory/mds2.h>

namespace wardround::inventory {
namespace {

using mds2_detail::classify_answer;
using mds2_detail::looks_like_question_id;
using mds2_detail::normalise_question_id;
using mds2_detail::parse_form_date;

TEST(Mds2QuestionIds, The2019FormsIdsAreAccepted) {
    for (const char* id : {"DOC-1", "DOC-11.4", "MPII-2.1", "AUDT-2.8.1", "CSUP-11.2", "PAUT-14.1",
                           "SBOM-2.4", "CONN-1.1.4", "TX-1", "ABCDE-999.999.999.999"}) {
        EXPECT_TRUE(is_mds2_question_id(id)) << id;
        EXPECT_EQ(normalise_question_id(id), id);
    }
}

TEST(Mds2QuestionIds, CaseDashesAndSpaceAroundAreNormalised) {
    EXPECT_EQ(normalise_question_id("auth-1"), "AUTH-1");
    EXPECT_EQ(normalise_question_id("  Sbom-2.1 "), "SBOM-2.1");
    EXPECT_EQ(normalise_question_id("PAUT\xE2\x80\x93"
                                    "2"),
              "PAUT-2");  // en dash
    EXPECT_EQ(normalise_question_id("PAUT\xE2\x80\x94"
                                    "3"),
              "PAUT-3");  // em dash
}

TEST(Mds2QuestionIds, OtherShapesAreRefused) {
    for (const char* text :
         {"AUTH1", "AUTH 1", "AUTH-", "AUTH-1.", "AUTH-1a", "AUTH-1.2.3.4.5", "A-1", "ABCDEF-1",
          "AUTH-1234", "AUTH--1", "AUTH-1..2", "1-AUTH", "AUTH_1", "", "-1"}) {
        EXPECT_EQ(normalise_question_id(text), "") << text;
        EXPECT_FALSE(is_mds2_question_id(text)) << text;
    }
}

TEST(Mds2QuestionIds, MalformedAttemptsAreToldFromHeadings) {
    for (const char* text :
         {"AUTH1", "AUTH 1", "AUTH-", "AUTH-1a", "AUTH-1.", "AUTH_1", "DOC-1:"}) {
        EXPECT_TRUE(looks_like_question_id(text)) << text;
    }
    for (const char* text : {"AUTOMATIC LOGOFF (ALOF)", "SBOM", "Note 1", "Question ID",
                             "Manufacturer Name", "DOCUMENTATION", "See note"}) {
        EXPECT_FALSE(looks_like_question_id(text)) << text;
    }
}

TEST(Mds2Answers, KindsAsManufacturersWriteThem) {
    const struct {
        const char* text;
        Mds2AnswerKind kind;
    } cases[] = {
        {"Yes", Mds2AnswerKind::kYes},
        {"yes", Mds2AnswerKind::kYes},
        {"Y", Mds2AnswerKind::kYes},
        {"Yes, LDAP", Mds2AnswerKind::kYes},
        {"Yes - optional", Mds2AnswerKind::kYes},
        {"Yes (configurable)", Mds2AnswerKind::kYes},
        {"Yes*", Mds2AnswerKind::kYes},
        {"No", Mds2AnswerKind::kNo},
        {"NO.", Mds2AnswerKind::kNo},
        {"No: no end-of-life components", Mds2AnswerKind::kNo},
        {"N/A", Mds2AnswerKind::kNotApplicable},
        {"n/a", Mds2AnswerKind::kNotApplicable},
        {"NA", Mds2AnswerKind::kNotApplicable},
        {"N.A.", Mds2AnswerKind::kNotApplicable},
        {"N / A", Mds2AnswerKind::kNotApplicable},
        {"Not applicable", Mds2AnswerKind::kNotApplicable},
        {"N/A: no default accounts", Mds2AnswerKind::kNotApplicable},
        {"See note", Mds2AnswerKind::kSeeNote},
        {"See Notes", Mds2AnswerKind::kSeeNote},
        {"see note 4", Mds2AnswerKind::kSeeNote},
        {"See comment", Mds2AnswerKind::kSeeNote},
        {"Note 2", Mds2AnswerKind::kSeeNote},
        {"", Mds2AnswerKind::kUnanswered},
        {"   ", Mds2AnswerKind::kUnanswered},
        {"Partially", Mds2AnswerKind::kOther},
        {"None", Mds2AnswerKind::kOther},
        {"Not supported", Mds2AnswerKind::kOther},
        {"Yesterday", Mds2AnswerKind::kOther},
        {"TRUE", Mds2AnswerKind::kOther},
        {"____", Mds2AnswerKind::kOther},
        {".", Mds2AnswerKind::kOther},
    };
    for (const auto& entry : cases) {
        EXPECT_EQ(classify_answer(entry.text), entry.kind) << "'" << entry.text << "'";
    }
}

TEST(Mds2Answers, KindNamesAreTheDatabasesSpelling) {
    EXPECT_EQ(mds2_answer_kind_name(Mds2AnswerKind::kYes), "yes");
    EXPECT_EQ(mds2_answer_kind_name(Mds2AnswerKind::kNo), "no");
    EXPECT_EQ(mds2_answer_kind_name(Mds2AnswerKind::kNotApplicable), "n/a");
    EXPECT_EQ(mds2_answer_kind_name(Mds2AnswerKind::kSeeNote), "see-note");
    EXPECT_EQ(mds2_answer_kind_name(Mds2AnswerKind::kOther), "other");
    EXPECT_EQ(mds2_answer_kind_name(Mds2AnswerKind::kUnanswered), "unanswered");
}

TEST(Mds2Dates, FormsThatReadOneWayOnly) {
    const struct {
        const char* text;
        const char* date;
    } cases[] = {
        {"2023-03-14", "2023-03-14"},     {"2023-03-14T00:00:00", "2023-03-14"},
        {"2023/03/14", "2023-03-14"},     {"14/03/2023", "2023-03-14"},
        {"3/14/2023", "2023-03-14"},      {"14.03.2023", "2023-03-14"},
        {"04/04/2023", "2023-04-04"},     {"14 March 2023", "2023-03-14"},
        {"March 14, 2023", "2023-03-14"}, {"Mar 14th 2023", "2023-03-14"},
        {"14-Mar-2023", "2023-03-14"},    {"14 Sept 2023", "2023-09-14"},
    };
    for (const auto& entry : cases) {
        const auto date = parse_form_date(entry.text, false, false);
        ASSERT_TRUE(date.has_value()) << entry.text;
        EXPECT_EQ(*date, entry.date) << entry.text;
    }
}

TEST(Mds2Dates, AmbiguousOrImpossibleDatesDoNotParse) {
    for (const char* text : {"03/04/2023", "31/04/2023", "2023-02-30", "14/03/23", "Q1 2023",
                             "March 2023", "", "45000"}) {
        EXPECT_FALSE(parse_form_date(text, false, false).has_value()) << text;
    }
}

TEST(Mds2Dates, ExcelSerialDaysInNumberCells) {
    EXPECT_EQ(parse_form_date("45000", true, false), "2023-03-15");
    EXPECT_EQ(parse_form_date("45000.5", true, false), "2023-03-15");
    EXPECT_EQ(parse_form_date("1", true, false), "1900-01-01");
    EXPECT_EQ(parse_form_date("59", true, false), "1900-02-28");
    EXPECT_EQ(parse_form_date("61", true, false), "1900-03-01");
    EXPECT_FALSE(parse_form_date("60", true, false).has_value());  // 1900-02-29 never was
    EXPECT_EQ(parse_form_date("0", true, true), "1904-01-01");
    EXPECT_EQ(parse_form_date("43000", true, true), "2021-09-23");
    EXPECT_FALSE(parse_form_date("99999999", true, false).has_value());
}

TEST(Mds2Text, InvalidUtf8IsReplaced) {
    bool repaired = false;
    EXPECT_EQ(mds2_detail::valid_utf8("caf\xC3\xA9", repaired), "caf\xC3\xA9");
    EXPECT_FALSE(repaired);
    EXPECT_EQ(mds2_detail::valid_utf8("a\xFF"
                                      "b\xE2\x82",
                                      repaired),
              "a\xEF\xBF\xBD"
              "b\xEF\xBF\xBD\xEF\xBF\xBD");
    EXPECT_TRUE(repaired);
}

}  // namespace
}  // namespace wardround::inventory

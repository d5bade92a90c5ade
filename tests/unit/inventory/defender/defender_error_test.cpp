// SPDX-License-Identifier: Apache-2.0
// Inputs both Defender parsers must refuse (tests/data/inventory/defender/malformed and generated
// extremes): an Error of the expected code whose `where` names the file and the place.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <wardround/inventory/defender.h>

#include "support/inventory_test_support.h"
#include "support/test_support.h"

namespace wardround::inventory {
namespace {

struct MalformedCase {
    const char* file;
    ErrorCode code;
    const char* where;    // after "<path> "; "" when Error::where is the path alone
    const char* message;  // part of Error::message
};

void PrintTo(const MalformedCase& entry, std::ostream* out) {
    *out << entry.file;
}

class DefenderMalformed : public ::testing::TestWithParam<MalformedCase> {};

TEST_P(DefenderMalformed, BothParsersRefuseItNamingFileAndPlace) {
    const MalformedCase& entry = GetParam();
    const std::string path =
        testing::fixture(std::string("inventory/defender/malformed/") + entry.file);
    for (bool software : {false, true}) {
        auto [report, assets, diagnostics] =
            software ? testing::parse_path(parse_defender_software, path)
                     : testing::parse_path(parse_defender_machines, path);
        ASSERT_FALSE(report.has_value()) << entry.file << " was accepted";
        const std::string expected =
            std::string(entry.where).empty() ? path : path + " " + entry.where;
        EXPECT_TRUE(testing::error_is(report.error(), entry.code, expected, entry.message));
    }
}

INSTANTIATE_TEST_SUITE_P(
    Corpus,
    DefenderMalformed,
    ::testing::Values(MalformedCase{"truncated.json", ErrorCode::kDataLoss, "$.value[0] (byte 442)",
                                    "the input ends inside a string"},
                      MalformedCase{"bare-array-truncated.json", ErrorCode::kDataLoss,
                                    "$ (byte 700)", "the input ends early"},
                      MalformedCase{"not-json.txt", ErrorCode::kInvalidArgument, "$ (byte 0)",
                                    "the root is not an object"},
                      MalformedCase{"root-string.json", ErrorCode::kInvalidArgument, "$ (byte 0)",
                                    "the root is not an object"},
                      MalformedCase{"value-not-array.json", ErrorCode::kInvalidArgument,
                                    "$.value (byte 89)", "expected an array"},
                      MalformedCase{"no-value.json", ErrorCode::kInvalidArgument, "$ (byte 94)",
                                    R"(the root object has no "value" array)"},
                      MalformedCase{"element-broken.json", ErrorCode::kInvalidArgument,
                                    "$.value[1] (byte 72)", "not valid JSON"},
                      MalformedCase{"invalid-utf8.json", ErrorCode::kInvalidArgument,
                                    "$.value[0] (byte 11)", "not valid UTF-8"},
                      MalformedCase{"deep-nesting.json", ErrorCode::kInvalidArgument,
                                    "$.value[0] (byte 1035)", "nested deeper than 1024 levels"},
                      MalformedCase{"trailing-data.json", ErrorCode::kInvalidArgument,
                                    "$ (byte 14)", "after the end of the root object"},
                      MalformedCase{"bare-trailing-data.json", ErrorCode::kInvalidArgument,
                                    "(byte 15)", "unexpected data after the root array"}),
    testing::file_case_name<MalformedCase>);

TEST(DefenderMalformedGenerated, AHugeStringIsRefusedNotHeld) {
    const std::string name = "huge.json";
    for (bool bare : {false, true}) {
        std::string text = bare ? "[{\"id\": \"" : "{\"value\": [{\"id\": \"";
        text.append(std::size_t{17} << 20, 'a');
        text += bare ? "\"}]" : "\"}]}";
        auto [report, assets, diagnostics] =
            testing::parse_bytes(parse_defender_machines, name, std::move(text));
        ASSERT_FALSE(report.has_value());
        EXPECT_EQ(report.error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(report.error().where.rfind(name + " $", 0), 0U) << report.error().where;
    }
}

TEST(DefenderMalformedGenerated, EmptyInputIsTruncation) {
    auto [report, assets, diagnostics] =
        testing::parse_bytes(parse_defender_machines, "empty.json", "");
    ASSERT_FALSE(report.has_value());
    EXPECT_EQ(report.error().code, ErrorCode::kDataLoss);
}

}  // namespace
}  // namespace wardround::inventory

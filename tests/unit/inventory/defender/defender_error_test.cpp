// SPDX-License-Identifier: Apache-2.0
// Inputs both Defender parsers must refuse (tests/data/inventory/defender/malformed and generated
// extremes): an Error of the expected code whose `where` names the file and the place.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <wardround/inventory/defender.h>

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

std::string case_name(const ::testing::TestParamInfo<MalformedCase>& param) {
    std::string name;
    for (const char* c = param.param.file; *c != '\0' && *c != '.'; ++c) {
        name += (*c == '-') ? '_' : *c;
    }
    return name;
}

class DefenderMalformed : public ::testing::TestWithParam<MalformedCase> {};

TEST_P(DefenderMalformed, BothParsersRefuseItNamingFileAndPlace) {
    const MalformedCase& entry = GetParam();
    const std::string path =
        testing::fixture(std::string("inventory/defender/malformed/") + entry.file);
    for (bool software : {false, true}) {
        auto file = InputFile::open(path);
        ASSERT_TRUE(file.has_value());
        Diagnostics diagnostics;
        const AssetSink sink = [](ObservedAsset&&) {
            return Status{};
        };
        auto report = software ? parse_defender_software(*file, diagnostics, sink)
                               : parse_defender_machines(*file, diagnostics, sink);
        ASSERT_FALSE(report.has_value()) << entry.file << " was accepted";
        EXPECT_EQ(report.error().code, entry.code) << report.error().to_string();
        const std::string expected =
            std::string(entry.where).empty() ? path : path + " " + entry.where;
        EXPECT_EQ(report.error().where, expected);
        EXPECT_NE(report.error().message.find(entry.message), std::string::npos)
            << report.error().message;
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
    case_name);

TEST(DefenderMalformedGenerated, AHugeStringIsRefusedNotHeld) {
    const std::string name = "huge.json";
    for (bool bare : {false, true}) {
        std::string text = bare ? "[{\"id\": \"" : "{\"value\": [{\"id\": \"";
        text.append(std::size_t{17} << 20, 'a');
        text += bare ? "\"}]" : "\"}]}";
        auto file = InputFile::from_memory(name, std::move(text));
        Diagnostics diagnostics;
        auto report =
            parse_defender_machines(file, diagnostics, [](ObservedAsset&&) { return Status{}; });
        ASSERT_FALSE(report.has_value());
        EXPECT_EQ(report.error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(report.error().where.rfind(name + " $", 0), 0U) << report.error().where;
    }
}

TEST(DefenderMalformedGenerated, EmptyInputIsTruncation) {
    auto file = InputFile::from_memory("empty.json", "");
    Diagnostics diagnostics;
    auto report =
        parse_defender_machines(file, diagnostics, [](ObservedAsset&&) { return Status{}; });
    ASSERT_FALSE(report.has_value());
    EXPECT_EQ(report.error().code, ErrorCode::kDataLoss);
}

}  // namespace
}  // namespace wardround::inventory

// SPDX-License-Identifier: Apache-2.0
// tests/data/inventory/cyclonedx/malformed: documents the importer must refuse, each with an Error
// whose `where` names the file and the place, and documents with one bad row that import with a
// diagnostic. Byte offsets were counted with Python over the same files.
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <wardround/inventory/cyclonedx.h>

#include "support/inventory_test_support.h"
#include "support/test_support.h"

namespace wardround::inventory {
namespace {

struct MalformedCase {
    const char* file;
    ErrorCode code;
    std::string place;    // Error::where after "<file> "
    const char* message;  // part of Error::message
};

void PrintTo(const MalformedCase& entry, std::ostream* out) {
    *out << entry.file;
}

using testing::repeat;

std::string components_path(std::size_t depth) {
    std::string path = "$.components[0]";
    for (std::size_t i = 1; i < depth; ++i) {
        path += ".components[0]";
    }
    return path + ".components";
}

class CycloneDxMalformed : public ::testing::TestWithParam<MalformedCase> {};

TEST_P(CycloneDxMalformed, IsRefusedNamingFileAndPlace) {
    const MalformedCase& entry = GetParam();
    const std::string path =
        testing::fixture(std::string("inventory/cyclonedx/malformed/") + entry.file);
    auto [report, assets, diagnostics] = testing::parse_path(parse_cyclonedx_json, path);
    ASSERT_FALSE(report.has_value()) << entry.file << " was accepted";
    EXPECT_TRUE(
        testing::error_is(report.error(), entry.code, path + " " + entry.place, entry.message));
    EXPECT_EQ(assets.size(), 0U);
}

INSTANTIATE_TEST_SUITE_P(
    Corpus,
    CycloneDxMalformed,
    ::testing::Values(
        MalformedCase{"truncated.json", ErrorCode::kDataLoss, "$.components[0].name (byte 109)",
                      "the document ends early (truncated?): the string is not closed"},
        MalformedCase{"empty.json", ErrorCode::kDataLoss, "byte 0", "the document is empty"},
        MalformedCase{"not-json.txt", ErrorCode::kInvalidArgument, "byte 0",
                      "not valid JSON: a value was expected, not 'b'"},
        MalformedCase{"trailing-data.json", ErrorCode::kInvalidArgument, "byte 75",
                      "data after the end of the JSON document"},
        MalformedCase{"invalid-utf8.json", ErrorCode::kInvalidArgument,
                      "$.components[0].name (byte 108)", "not valid UTF-8"},
        MalformedCase{"deep-nesting.json", ErrorCode::kInvalidArgument,
                      "$.components[0].properties" + repeat("[0]", 1021) + " (byte 1139)",
                      "nested deeper than 1024 levels"},
        MalformedCase{"wrong-bom-format.json", ErrorCode::kInvalidArgument, "$.bomFormat",
                      "not a CycloneDX document: bomFormat is 'SPDX'"},
        MalformedCase{"missing-bom-format.json", ErrorCode::kInvalidArgument, "$.bomFormat",
                      "not a CycloneDX document: bomFormat is missing"},
        MalformedCase{"top-level-array.json", ErrorCode::kInvalidArgument, "$",
                      "not a CycloneDX document: the top level is an array"},
        MalformedCase{"spec-version-1-7.json", ErrorCode::kInvalidArgument, "$.specVersion",
                      "CycloneDX specVersion '1.7' is not supported (1.2 to 1.6 are)"},
        MalformedCase{"spec-version-number.json", ErrorCode::kInvalidArgument, "$.specVersion",
                      "CycloneDX specVersion is a number"},
        MalformedCase{"components-not-array.json", ErrorCode::kInvalidArgument, "$.components",
                      "components is an object, not an array"},
        MalformedCase{"component-not-object.json", ErrorCode::kInvalidArgument, "$.components[1]",
                      "a component is a string, not an object"},
        MalformedCase{"nested-components-not-array.json", ErrorCode::kInvalidArgument,
                      "$.components[0].components", "components is a string, not an array"},
        MalformedCase{"deep-components.json", ErrorCode::kInvalidArgument, components_path(64),
                      "components are nested deeper than 64 levels"},
        MalformedCase{"metadata-not-object.json", ErrorCode::kInvalidArgument, "$.metadata",
                      "metadata is an array, not an object"},
        MalformedCase{"dependencies-not-array.json", ErrorCode::kInvalidArgument, "$.dependencies",
                      "dependencies is an object, not an array"}),
    testing::file_case_name<MalformedCase>);

struct RowCase {
    const char* file;
    const char* code;
    Severity severity;
    const char* location;
    const char* message;  // part of Diagnostic::message
    std::size_t components;
};

void PrintTo(const RowCase& entry, std::ostream* out) {
    *out << entry.file;
}

class CycloneDxRowProblem : public ::testing::TestWithParam<RowCase> {};

TEST_P(CycloneDxRowProblem, ImportsTheRestWithADiagnostic) {
    const RowCase& entry = GetParam();
    const std::string path =
        testing::fixture(std::string("inventory/cyclonedx/malformed/") + entry.file);
    auto [report, assets, diagnostics] = testing::parse_path(parse_cyclonedx_json, path);
    ASSERT_TRUE(report.has_value()) << report.error().to_string();
    ASSERT_EQ(assets.size(), 1U);
    EXPECT_EQ(assets[0].components.size(), entry.components);
    ASSERT_EQ(diagnostics.total(), 1U) << "expected only " << entry.code;
    EXPECT_TRUE(testing::diagnostic_is(diagnostics.kept().front(), entry.code, entry.severity, path,
                                       entry.location, entry.message));
}

INSTANTIATE_TEST_SUITE_P(
    Corpus,
    CycloneDxRowProblem,
    ::testing::Values(RowCase{"missing-name.json", "inventory.missing_product", Severity::kError,
                              "$.components[0]", "the component has no name; left out", 1},
                      RowCase{"missing-version.json", "inventory.missing_version",
                              Severity::kWarning, "$.components[0]",
                              "component 'no-version' has no version; kept", 1},
                      RowCase{"bad-cpe.json", "cyclonedx.bad_cpe", Severity::kWarning,
                              "$.components[0].cpe",
                              "cpe 'cpe:2.3:a:busybox:busybox:1.36.1' is not a CPE", 1}),
    testing::file_case_name<RowCase>);

TEST(CycloneDxRowProblem, HugeStringsAreDropped) {
    const std::string path = testing::fixture("inventory/cyclonedx/malformed/huge-string.json");
    auto [report, assets, diagnostics] = testing::parse_path(parse_cyclonedx_json, path);
    ASSERT_TRUE(report.has_value()) << report.error().to_string();
    ASSERT_EQ(assets.size(), 1U);
    // The 20000-byte name is dropped, so the component has no name and is left out; the
    // 10000-digit version is dropped and its component kept without one.
    ASSERT_EQ(assets[0].components.size(), 1U);
    EXPECT_EQ(assets[0].components[0].product, "ok");
    EXPECT_EQ(assets[0].components[0].version, "");
    std::vector<std::string> seen;
    for (const Diagnostic& diagnostic : diagnostics.kept()) {
        seen.push_back(diagnostic.code + " " + diagnostic.location);
    }
    EXPECT_EQ(seen, (std::vector<std::string>{"inventory.bad_value $.components[0].name",
                                              "inventory.missing_product $.components[0]",
                                              "inventory.bad_value $.components[1].version",
                                              "inventory.missing_version $.components[1]"}));
    EXPECT_NE(diagnostics.kept()[0].message.find("name of 20000 bytes is longer than the 8192"),
              std::string::npos)
        << diagnostics.kept()[0].message;
}

TEST(CycloneDxLimits, SpecVersionsOneTwoToOneSixAreAccepted) {
    for (const char* version : {"1.2", "1.3", "1.4", "1.5", "1.6"}) {
        auto [report, assets, diagnostics] = testing::parse_bytes(
            parse_cyclonedx_json, "v.json",
            std::string(R"({"bomFormat":"CycloneDX","specVersion":")") + version + R"("})");
        EXPECT_TRUE(report.has_value()) << version;
    }
    for (const char* version : {"1.0", "1.1", "2.0", "1.4.1", ""}) {
        auto [report, assets, diagnostics] = testing::parse_bytes(
            parse_cyclonedx_json, "v.json",
            std::string(R"({"bomFormat":"CycloneDX","specVersion":")") + version + R"("})");
        ASSERT_FALSE(report.has_value()) << version;
        EXPECT_NE(report.error().message.find(std::string("'") + version + "'"), std::string::npos)
            << report.error().message;
    }
}

TEST(CycloneDxLimits, JsonFaultsInMemoryAreLocated) {
    struct Case {
        std::string json;
        ErrorCode code;
        std::string where;
        std::string message;
    };
    const std::vector<Case> cases = {
        {R"({"bomFormat":"CycloneDX",})", ErrorCode::kInvalidArgument, "m.json byte 25",
         "a member name in double quotes was expected, not '}'"},
        {R"({"a":[1,2,}])", ErrorCode::kInvalidArgument, "m.json $.a[2] (byte 10)",
         "a value was expected, not '}'"},
        {R"({"a":tru)", ErrorCode::kDataLoss, "m.json $.a (byte 8)", "'true' was expected"},
        {R"({"a":"\ud800x"})", ErrorCode::kInvalidArgument, "m.json $.a (byte 6)",
         "a high surrogate escape without its low half"},
        {R"({"a":01})", ErrorCode::kInvalidArgument, "m.json byte 6", "',' or '}' was expected"},
        {"{\"a\":\"x\ty\"}", ErrorCode::kInvalidArgument, "m.json $.a (byte 7)",
         "a control character inside a string"},
        {"\xEF\xBB\xBF{\"odd key\":[", ErrorCode::kDataLoss, "m.json $[\"odd key\"][0] (byte 15)",
         "a value was expected"},
    };
    for (const Case& test : cases) {
        auto [report, assets, diagnostics] =
            testing::parse_bytes(parse_cyclonedx_json, "m.json", test.json);
        ASSERT_FALSE(report.has_value()) << test.json;
        EXPECT_EQ(report.error().code, test.code) << test.json;
        EXPECT_EQ(report.error().where, test.where) << test.json;
        EXPECT_NE(report.error().message.find(test.message), std::string::npos)
            << test.json << ": " << report.error().message;
    }
}

}  // namespace
}  // namespace wardround::inventory

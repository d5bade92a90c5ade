// SPDX-License-Identifier: Apache-2.0
// tests/data/inventory/spdx/malformed: documents the importer must refuse, each with an Error whose
// `where` names the file and the place, and documents with one bad package that import with a
// diagnostic. Byte offsets were counted with Python over the same files.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <wardround/inventory/spdx.h>

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

class SpdxMalformed : public ::testing::TestWithParam<MalformedCase> {};

TEST_P(SpdxMalformed, IsRefusedNamingFileAndPlace) {
    const MalformedCase& entry = GetParam();
    const std::string path =
        testing::fixture(std::string("inventory/spdx/malformed/") + entry.file);
    auto [report, assets, diagnostics] = testing::parse_path(parse_spdx_json, path);
    ASSERT_FALSE(report.has_value()) << entry.file << " was accepted";
    EXPECT_TRUE(
        testing::error_is(report.error(), entry.code, path + " " + entry.place, entry.message));
    EXPECT_EQ(assets.size(), 0U);
}

INSTANTIATE_TEST_SUITE_P(
    Corpus,
    SpdxMalformed,
    ::testing::Values(
        MalformedCase{"truncated.json", ErrorCode::kDataLoss, "$.packages[0].name (byte 120)",
                      "the document ends early (truncated?): the string is not closed"},
        MalformedCase{"empty.json", ErrorCode::kDataLoss, "byte 4", "the document is empty"},
        MalformedCase{"not-json.txt", ErrorCode::kInvalidArgument, "byte 0",
                      "not valid JSON: a value was expected, not 'S'"},
        MalformedCase{"invalid-utf8.json", ErrorCode::kInvalidArgument,
                      "$.packages[0].name (byte 118)", "not valid UTF-8"},
        MalformedCase{"deep-nesting.json", ErrorCode::kInvalidArgument,
                      "$.packages[0].annotations" + repeat(".a", 1021) + " (byte 5238)",
                      "nested deeper than 1024 levels"},
        MalformedCase{"spdx-version-3.json", ErrorCode::kInvalidArgument, "$.spdxVersion",
                      "not an SPDX 2 document: spdxVersion 'SPDX-3.0' is not supported"},
        MalformedCase{"missing-spdx-version.json", ErrorCode::kInvalidArgument, "$.spdxVersion",
                      "not an SPDX 2 document: spdxVersion is missing"},
        MalformedCase{"cyclonedx-document.json", ErrorCode::kInvalidArgument, "$.spdxVersion",
                      "not an SPDX 2 document: spdxVersion is missing"},
        MalformedCase{"top-level-array.json", ErrorCode::kInvalidArgument, "$",
                      "not an SPDX 2 document: the top level is an array"},
        MalformedCase{"packages-not-array.json", ErrorCode::kInvalidArgument, "$.packages",
                      "packages is an object, not an array"},
        MalformedCase{"package-not-object.json", ErrorCode::kInvalidArgument, "$.packages[1]",
                      "a package is a string, not an object"},
        MalformedCase{"relationships-not-array.json", ErrorCode::kInvalidArgument,
                      "$.relationships", "relationships is a string, not an array"}),
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

class SpdxRowProblem : public ::testing::TestWithParam<RowCase> {};

TEST_P(SpdxRowProblem, ImportsTheRestWithADiagnostic) {
    const RowCase& entry = GetParam();
    const std::string path =
        testing::fixture(std::string("inventory/spdx/malformed/") + entry.file);
    auto [report, assets, diagnostics] = testing::parse_path(parse_spdx_json, path);
    ASSERT_TRUE(report.has_value()) << report.error().to_string();
    ASSERT_EQ(assets.size(), 1U);
    EXPECT_EQ(assets[0].components.size(), entry.components);
    ASSERT_EQ(diagnostics.total(), 1U) << "expected only " << entry.code;
    EXPECT_TRUE(testing::diagnostic_is(diagnostics.kept().front(), entry.code, entry.severity, path,
                                       entry.location, entry.message));
}

INSTANTIATE_TEST_SUITE_P(
    Corpus,
    SpdxRowProblem,
    ::testing::Values(RowCase{"missing-name.json", "inventory.missing_product", Severity::kError,
                              "$.packages[0]", "package 'SPDXRef-a' has no name; left out", 1},
                      RowCase{"missing-version.json", "inventory.missing_version",
                              Severity::kWarning, "$.packages[0]",
                              "package 'no-version' has no versionInfo; kept", 1},
                      RowCase{"bad-cpe.json", "spdx.bad_cpe", Severity::kWarning,
                              "$.packages[0].externalRefs[0].referenceLocator",
                              "cpe22Type 'cpe:/x:busybox:busybox' is not a CPE", 1}),
    testing::file_case_name<RowCase>);

TEST(SpdxRowProblem, HugeStringsAreDropped) {
    const std::string path = testing::fixture("inventory/spdx/malformed/huge-string.json");
    auto [report, assets, diagnostics] = testing::parse_path(parse_spdx_json, path);
    ASSERT_TRUE(report.has_value()) << report.error().to_string();
    ASSERT_EQ(assets.size(), 1U);
    ASSERT_EQ(assets[0].components.size(), 1U);
    EXPECT_EQ(assets[0].components[0].product, "ok");
    EXPECT_EQ(assets[0].components[0].vendor, "");
    EXPECT_EQ(assets[0].model, "ok");
    std::vector<std::string> seen;
    for (const Diagnostic& diagnostic : diagnostics.kept()) {
        seen.push_back(diagnostic.code + " " + diagnostic.location);
    }
    EXPECT_EQ(seen, (std::vector<std::string>{"inventory.bad_value $.packages[0].name",
                                              "inventory.missing_product $.packages[0]",
                                              "inventory.bad_value $.packages[1].supplier"}));
}

TEST(SpdxLimits, OnlySpdxTwoVersionsAreAccepted) {
    for (const char* version : {"SPDX-2.2", "SPDX-2.3", "SPDX-2.1"}) {
        auto [report, assets, diagnostics] = testing::parse_bytes(
            parse_spdx_json, "v.json", std::string(R"({"spdxVersion":")") + version + R"("})");
        EXPECT_TRUE(report.has_value()) << version;
    }
    for (const char* version : {"SPDX-3.0", "2.3", "spdx-2.3", ""}) {
        auto [report, assets, diagnostics] = testing::parse_bytes(
            parse_spdx_json, "v.json", std::string(R"({"spdxVersion":")") + version + R"("})");
        ASSERT_FALSE(report.has_value()) << version;
        EXPECT_TRUE(testing::error_at(report.error(), "v.json $.spdxVersion",
                                      std::string("'") + version + "'"));
    }
}

}  // namespace
}  // namespace wardround::inventory

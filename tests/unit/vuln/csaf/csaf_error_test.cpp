// SPDX-License-Identifier: Apache-2.0
// Inputs the parser must refuse (tests/data/csaf/malformed and generated extremes): each gives an
// Error of the expected code whose `where` names the file and the JSON path, and never a crash.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <wardround/vuln/csaf.h>

#include "support/test_support.h"

namespace wardround::vuln {
namespace {

struct MalformedCase {
    const char* file;
    const char* path;     // JSON path after the file name in Error::where; "" for none
    const char* message;  // part of Error::message
};

void PrintTo(const MalformedCase& entry, std::ostream* out) {
    *out << entry.file;
}

// "deep-nesting.json" -> "deep_nesting": gtest names allow only letters, digits and '_'.
std::string malformed_case_name(const ::testing::TestParamInfo<MalformedCase>& param) {
    std::string name;
    for (const char* c = param.param.file; *c != '\0' && *c != '.'; ++c) {
        name += (*c == '-') ? '_' : *c;
    }
    return name;
}

class CsafMalformed : public ::testing::TestWithParam<MalformedCase> {};

TEST_P(CsafMalformed, IsAnInvalidArgumentNamingFileAndPath) {
    const MalformedCase& entry = GetParam();
    const std::string path = testing::fixture(std::string("csaf/malformed/") + entry.file);
    Diagnostics diagnostics;
    auto document = parse_csaf_file(path, diagnostics);
    ASSERT_FALSE(document.has_value()) << entry.file << " was accepted";
    EXPECT_EQ(document.error().code, ErrorCode::kInvalidArgument);
    const std::string expected_where =
        std::string(entry.path).empty() ? path : path + " " + entry.path;
    EXPECT_EQ(document.error().where, expected_where);
    EXPECT_NE(document.error().message.find(entry.message), std::string::npos)
        << document.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Corpus,
    CsafMalformed,
    ::testing::Values(
        MalformedCase{"truncated.json", "", "not valid JSON"},
        MalformedCase{"empty.json", "", "not valid JSON"},
        MalformedCase{"not-json.txt", "", "not valid JSON"},
        MalformedCase{"invalid-utf8.json", "", "not valid UTF-8"},
        MalformedCase{"deep-nesting.json", "", "not valid JSON"},
        MalformedCase{"top-level-array.json", "$", "the top level is an array"},
        MalformedCase{"nvd-page.json", "$.document", "not a CSAF document"},
        MalformedCase{"document-not-object.json", "$.document", "not a CSAF document"},
        MalformedCase{"missing-tracking.json", "$.document", "not a CSAF document"},
        MalformedCase{"missing-csaf-version.json", "$.document", "not a CSAF document"},
        MalformedCase{"csaf-version-2-1.json", "$.document.csaf_version",
                      "CSAF version 2.1 is not supported"},
        MalformedCase{"missing-category.json", "$.document.category", "category is missing"},
        MalformedCase{"publisher-not-object.json", "$.document.publisher",
                      "publisher must be an object, not a string"},
        MalformedCase{"missing-namespace.json", "$.document.publisher.namespace",
                      "namespace is missing"},
        MalformedCase{"tracking-id-number.json", "$.document.tracking.id",
                      "id must be a string, not a number"},
        MalformedCase{"blank-tracking-id.json", "$.document.tracking.id", "id is empty"},
        MalformedCase{"missing-tracking-version.json", "$.document.tracking.version",
                      "version is missing"},
        MalformedCase{"missing-tracking-status.json", "$.document.tracking.status",
                      "status is missing"},
        MalformedCase{"missing-current-release-date.json",
                      "$.document.tracking.current_release_date",
                      "current_release_date is missing"},
        MalformedCase{"bad-current-release-date.json", "$.document.tracking.current_release_date",
                      "'2024-02-30T00:00:00Z' is not an ISO 8601 date-time"},
        MalformedCase{"deep-branches.json",
                      "$.product_tree.branches[0].branches[0].branches[0].branches[0].branches[0]."
                      "branches[0].branches[0].branches[0].branches[0].branches[0].branches[0]."
                      "branches[0].branches[0].branches[0].branches[0].branches[0].branches[0]."
                      "branches[0].branches[0].branches[0].branches[0].branches[0].branches[0]."
                      "branches[0].branches[0].branches[0].branches[0].branches[0].branches[0]."
                      "branches[0].branches[0].branches[0].branches",
                      "nested deeper than 32 branches"}),
    malformed_case_name);

// A minimal valid document whose title is `title` and whose vendor branch has `leaves` products.
std::string document_with(const std::string& title,
                          const std::string& vendor,
                          int leaves,
                          const std::string& product_name = "P") {
    std::string json = R"({"document":{"category":"csaf_base","csaf_version":"2.0","title":")" +
                       title +
                       R"(","publisher":{"category":"other","name":"X","namespace":"https://x"},)"
                       R"("tracking":{"id":"T","status":"final","version":"1",)"
                       R"("initial_release_date":"2024-01-01T00:00:00Z",)"
                       R"("current_release_date":"2024-01-01T00:00:00Z","revision_history":[]}},)"
                       R"("product_tree":{"branches":[{"category":"vendor","name":")" +
                       vendor + R"(","branches":[)";
    for (int i = 0; i < leaves; ++i) {
        json += std::string(i == 0 ? "" : ",") +
                R"({"category":"product_name","name":"n","product":{"name":")" + product_name +
                R"(","product_id":"P-)" + std::to_string(i) + R"("}})";
    }
    return json + "]}]}}";
}

TEST(CsafLimits, HugeStringsAreCutWithADiagnostic) {
    const std::string huge(std::size_t{3} << 20, 'A');
    CsafParser parser;
    Diagnostics diagnostics;
    auto document = parser.parse(document_with(huge, "V", 1, huge), "huge.json", diagnostics);
    ASSERT_TRUE(document.has_value()) << document.error().to_string();
    EXPECT_EQ(document->title.size(), (std::size_t{1} << 20) + 3);  // cut, then "..."
    EXPECT_EQ(document->title.substr(document->title.size() - 3), "...");
    ASSERT_EQ(document->products.size(), 1U);
    EXPECT_EQ(document->products[0].name.size(), (std::size_t{1} << 20) + 3);
    EXPECT_EQ(diagnostics.count_by_code().at("csaf.text_too_long"), 2U);
    EXPECT_EQ(diagnostics.kept()[0].location, "$.document.title");
    EXPECT_EQ(diagnostics.kept()[1].location,
              "$.product_tree.branches[0].branches[0].product.name");
}

TEST(CsafLimits, ATreeBuiltToExplodeWhenFlattenedIsRefused) {
    // 300 KB of vendor name copied into 400 leaves would be 240 MB of paths.
    const std::string vendor(300'000, 'V');
    CsafParser parser;
    Diagnostics diagnostics;
    auto document = parser.parse(document_with("t", vendor, 400), "bomb.json", diagnostics);
    ASSERT_FALSE(document.has_value());
    EXPECT_EQ(document.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(document.error().message.find("flattens to more than"), std::string::npos);
    EXPECT_EQ(document.error().where.rfind("bomb.json $.product_tree.branches[0].branches[", 0),
              0U);

    // The same tree with a short vendor name is fine.
    auto sane = parser.parse(document_with("t", "Vendor", 400), "sane.json", diagnostics);
    ASSERT_TRUE(sane.has_value()) << sane.error().to_string();
    EXPECT_EQ(sane->products.size(), 400U);
    EXPECT_EQ(sane->products[399].vendor, "Vendor");
}

TEST(CsafLimits, DocumentsOver64MiBAreRefused) {
    std::string big = document_with("t", "V", 1);
    big.insert(big.size() - 1, std::string(kCsafMaxDocumentBytes, ' '));
    CsafParser parser;
    Diagnostics diagnostics;
    auto from_memory = parser.parse(big, "big.json", diagnostics);
    ASSERT_FALSE(from_memory.has_value());
    EXPECT_EQ(from_memory.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(from_memory.error().where, "big.json");
    EXPECT_NE(from_memory.error().message.find("64 MiB"), std::string::npos);

    InputFile file = InputFile::from_memory("big-file.json", std::move(big));
    auto from_file = parser.parse(file, diagnostics);
    ASSERT_FALSE(from_file.has_value());
    EXPECT_EQ(from_file.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(from_file.error().where, "big-file.json");
    EXPECT_TRUE(diagnostics.empty());
}

TEST(CsafLimits, AParserIsReusableAfterAnError) {
    CsafParser parser;
    Diagnostics diagnostics;
    EXPECT_FALSE(parser.parse("{\"document\": [", "broken.json", diagnostics).has_value());
    auto good = parser.parse(document_with("after", "V", 2), "good.json", diagnostics);
    ASSERT_TRUE(good.has_value()) << good.error().to_string();
    EXPECT_EQ(good->title, "after");
    EXPECT_EQ(good->products.size(), 2U);
}

TEST(CsafLimits, AHugeBadDateIsNotQuotedInTheDiagnostic) {
    std::string json = document_with("t", "V", 1);
    const std::string field = R"("initial_release_date":"2024-01-01T00:00:00Z")";
    json.replace(json.find(field), field.size(),
                 R"("initial_release_date":")" + std::string(100'000, '9') + "\"");
    CsafParser parser;
    Diagnostics diagnostics;
    auto document = parser.parse(json, "date.json", diagnostics);
    ASSERT_TRUE(document.has_value()) << document.error().to_string();
    ASSERT_EQ(diagnostics.total(), 1U);
    EXPECT_EQ(diagnostics.kept()[0].code, "csaf.bad_date");
    EXPECT_EQ(diagnostics.kept()[0].message,
              "a text of 100000 bytes is not an ISO 8601 date-time; left empty");
}

TEST(CsafErrors, CorruptCompressionIsDataLoss) {
    // A gzip header followed by bytes that are not deflate data.
    InputFile file = InputFile::from_memory(
        "advisory.json.gz",
        std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10) + std::string(64, '\xff'));
    CsafParser parser;
    Diagnostics diagnostics;
    auto document = parser.parse(file, diagnostics);
    ASSERT_FALSE(document.has_value());
    EXPECT_EQ(document.error().code, ErrorCode::kDataLoss);
}

TEST(CsafErrors, AMissingFileIsNotFound) {
    Diagnostics diagnostics;
    auto document =
        parse_csaf_file(testing::fixture("csaf/malformed/does-not-exist.json"), diagnostics);
    ASSERT_FALSE(document.has_value());
    EXPECT_EQ(document.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace wardround::vuln

// SPDX-License-Identifier: Apache-2.0
// Logs the parser must refuse (tests/data/inventory/osquery/malformed and generated extremes): an
// Error whose `where` names the file and the line.
#include <string>

#include <gtest/gtest.h>

#include <wardround/inventory/osquery.h>

#include "support/inventory_test_support.h"
#include "support/test_support.h"

namespace wardround::inventory {
namespace {

struct MalformedCase {
    const char* file;
    const char* line;     // "line N"
    const char* message;  // part of Error::message
};

void PrintTo(const MalformedCase& entry, std::ostream* out) {
    *out << entry.file;
}

class OsqueryMalformed : public ::testing::TestWithParam<MalformedCase> {};

TEST_P(OsqueryMalformed, IsAnInvalidArgumentNamingFileAndLine) {
    const MalformedCase& entry = GetParam();
    const std::string path =
        testing::fixture(std::string("inventory/osquery/malformed/") + entry.file);
    auto [report, assets, diagnostics] = testing::parse_path(parse_osquery_results, path);
    ASSERT_FALSE(report.has_value()) << entry.file << " was accepted";
    EXPECT_TRUE(testing::error_is(report.error(), ErrorCode::kInvalidArgument,
                                  path + " " + entry.line, entry.message));
    EXPECT_EQ(assets.size(), 0U);  // hosts are emitted only once the whole log has been read
}

INSTANTIATE_TEST_SUITE_P(
    Corpus,
    OsqueryMalformed,
    ::testing::Values(
        MalformedCase{"not-json.log", "line 2", "not valid JSON"},
        MalformedCase{"truncated-middle.log", "line 1", "not valid JSON"},
        MalformedCase{"invalid-utf8.log", "line 1", "not valid UTF-8"},
        MalformedCase{"deep-nesting.log", "line 1", "too deep"},
        MalformedCase{"not-object.log", "line 1", "not a JSON object"},
        MalformedCase{"no-host-identifier.log", "line 1", "no name or hostIdentifier"},
        MalformedCase{"status-log.log", "line 1", "no name or hostIdentifier"},
        MalformedCase{"no-rows.log", "line 1", "no columns, snapshot or diffResults"},
        MalformedCase{"columns-not-object.log", "line 1", "columns is not an object"},
        MalformedCase{"snapshot-not-array.log", "line 1", "snapshot is not an array"},
        MalformedCase{"snapshot-row-not-object.log", "line 1",
                      "a row of snapshot is not an object"},
        MalformedCase{"diff-not-object.log", "line 1", "diffResults is not an object"}),
    testing::file_case_name<MalformedCase>);

TEST(OsqueryMalformedGenerated, ALineOverTheLimitIsRefusedNotHeld) {
    std::string text = R"({"name":"programs","hostIdentifier":"h","columns":{"name":")";
    text.append(std::size_t{65} << 20, 'a');
    auto [report, assets, diagnostics] =
        testing::parse_bytes(parse_osquery_results, "big.log", std::move(text));
    ASSERT_FALSE(report.has_value());
    EXPECT_TRUE(testing::error_is(report.error(), ErrorCode::kInvalidArgument, "big.log line 1"));
}

TEST(OsqueryMalformedGenerated, AnEmptyLogHasNoHosts) {
    auto [report, assets, diagnostics] =
        testing::parse_bytes(parse_osquery_results, "empty.log", "");
    ASSERT_TRUE(report.has_value());
    EXPECT_EQ(report->assets, 0);
    EXPECT_TRUE(diagnostics.empty());
}

}  // namespace
}  // namespace wardround::inventory

// SPDX-License-Identifier: Apache-2.0
// The malformed corpus in tests/data/osv/malformed: documents that must fail whole (with the JSON
// path of the problem) and records whose bad parts become diagnostics, each with its code and path.
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include <wardround/core/time.h>
#include <wardround/vuln/osv.h>

#include "support/test_support.h"

namespace wardround::vuln {
namespace {

std::string malformed(const std::string& name) {
    return testing::fixture("osv/malformed/" + name);
}

// The error a malformed file must produce; nothing may be left in the diagnostics.
Error failure(const std::string& name) {
    Diagnostics diagnostics;
    auto records = parse_osv_file(malformed(name), diagnostics);
    EXPECT_FALSE(records.has_value()) << name << " parsed";
    EXPECT_TRUE(diagnostics.empty()) << name << " left " << diagnostics.total() << " diagnostics";
    return records ? Error{} : records.error();
}

// (severity, code, location) of every diagnostic, in the order raised.
using Raised = std::tuple<Severity, std::string, std::string>;

std::vector<Raised> raised(const Diagnostics& diagnostics) {
    std::vector<Raised> out;
    for (const Diagnostic& diagnostic : diagnostics.kept()) {
        out.emplace_back(diagnostic.severity, diagnostic.code, diagnostic.location);
    }
    return out;
}

const Diagnostic* find(const Diagnostics& diagnostics, const std::string& location) {
    for (const Diagnostic& diagnostic : diagnostics.kept()) {
        if (diagnostic.location == location) {
            return &diagnostic;
        }
    }
    return nullptr;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

OsvRecord parse_one(const std::string& json, Diagnostics& diagnostics) {
    auto records = OsvParser().parse(json, "memory.json", diagnostics);
    EXPECT_TRUE(records.has_value()) << (records ? "" : records.error().to_string());
    if (!records || records->size() != 1) {
        ADD_FAILURE() << "expected one record";
        return {};
    }
    return std::move(records->front());
}

TEST(OsvErrors, TruncatedDocument) {
    const Error error = failure("truncated.json");
    EXPECT_EQ(error.code, ErrorCode::kInvalidArgument);
    EXPECT_TRUE(error.message.starts_with("not valid JSON: ")) << error.message;
    EXPECT_EQ(error.where, malformed("truncated.json"));
}

TEST(OsvErrors, DataAfterTheRecord) {
    const Error error = failure("trailing-data.json");
    EXPECT_EQ(error.code, ErrorCode::kInvalidArgument);
    EXPECT_TRUE(error.message.starts_with("not valid JSON: ")) << error.message;
}

TEST(OsvErrors, EmptyFile) {
    const Error error = failure("empty.json");
    EXPECT_EQ(error.code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(error.message, "the document is empty");
}

TEST(OsvErrors, InvalidUtf8) {
    const Error error = failure("invalid-utf8.json");
    EXPECT_EQ(error.code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(error.message, "the document is not valid UTF-8");
}

TEST(OsvErrors, NestingDeeperThanTheLimit) {
    // 1,100 levels inside database_specific.
    const Error error = failure("deep-nesting.json");
    EXPECT_EQ(error.code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(error.message, "the document nests deeper than 1024 levels");
}

TEST(OsvErrors, MissingId) {
    const Error error = failure("missing-id.json");
    EXPECT_EQ(error.code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(error.where, malformed("missing-id.json") + " $.id");
    EXPECT_EQ(error.message, "the record has no 'id' (OSV requires it)");
}

TEST(OsvErrors, MissingModified) {
    const Error error = failure("missing-modified.json");
    EXPECT_EQ(error.code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(error.where, malformed("missing-modified.json") + " $.modified");
    EXPECT_TRUE(contains(error.message, "GHSA-v845-jxx5-vc9f has no 'modified'")) << error.message;
}

TEST(OsvErrors, IdOfTheWrongTypeOrShape) {
    Error error = failure("id-not-string.json");
    EXPECT_EQ(error.where, malformed("id-not-string.json") + " $.id");
    EXPECT_EQ(error.message, "id must be a string, not a number");

    error = failure("id-no-prefix.json");
    EXPECT_EQ(error.where, malformed("id-no-prefix.json") + " $.id");
    EXPECT_TRUE(contains(error.message, "'12345' has no database prefix")) << error.message;

    // A huge string where the key should be: 4,101 bytes.
    error = failure("huge-id.json");
    EXPECT_EQ(error.where, malformed("huge-id.json") + " $.id");
    EXPECT_EQ(error.message, "id is 4101 bytes long; at most 255 are allowed");

    Diagnostics diagnostics;
    auto spaced = OsvParser().parse(R"({"id":"GHSA-aaaa bbbb","modified":"2024-01-01T00:00:00Z"})",
                                    "spaced.json", diagnostics);
    ASSERT_FALSE(spaced.has_value());
    EXPECT_EQ(spaced.error().where, "spaced.json $.id");
    EXPECT_TRUE(contains(spaced.error().message, "other than printable ASCII"));
    auto empty = OsvParser().parse(R"({"id":"","modified":"2024-01-01T00:00:00Z"})", "empty-id",
                                   diagnostics);
    ASSERT_FALSE(empty.has_value());
    EXPECT_EQ(empty.error().message, "id is empty");
}

TEST(OsvErrors, ModifiedMustBeRfc3339) {
    // 30 February does not exist.
    Error error = failure("bad-modified.json");
    EXPECT_EQ(error.code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(error.where, malformed("bad-modified.json") + " $.modified");
    EXPECT_EQ(error.message,
              "modified: '2023-02-30T10:00:00Z' is not an RFC 3339 date-time such as "
              "2023-10-18T18:04:18Z");

    // ISO 8601 allows a bare date; RFC 3339 does not.
    error = failure("modified-date-only.json");
    EXPECT_EQ(error.where, malformed("modified-date-only.json") + " $.modified");

    error = failure("modified-not-string.json");
    EXPECT_EQ(error.where, malformed("modified-not-string.json") + " $.modified");
    EXPECT_EQ(error.message, "modified must be a string, not an array");

    Diagnostics diagnostics;
    for (const char* modified :
         {"2023-11-08T04:12:45", "2023-11-08T04:12Z", "2023-11-08 04:12:45Z",
          "2023-11-08T04:12:45.Z", "2023-11-08T04:12:45+0100", "2023-11-08T04:12:45+24:00",
          "2023-11-08T24:00:00Z", "2023-11-08T04:12:45ZZ"}) {
        auto records = OsvParser().parse(
            std::string(R"({"id":"GHSA-v845-jxx5-vc9f","modified":")") + modified + "\"}", "memory",
            diagnostics);
        EXPECT_FALSE(records.has_value()) << modified;
    }
    for (const auto& [modified, canonical] : std::vector<std::pair<std::string, std::string>>{
             {"2023-11-08t04:12:45z", "2023-11-08T04:12:45.000Z"},
             {"2023-11-08T04:12:45.9Z", "2023-11-08T04:12:45.900Z"},
             {"2023-11-08T00:30:00-01:30", "2023-11-08T02:00:00.000Z"}}) {
        const OsvRecord record = parse_one(
            R"({"id":"GHSA-v845-jxx5-vc9f","modified":")" + modified + "\"}", diagnostics);
        EXPECT_EQ(format_timestamp(record.modified), canonical);
    }
    EXPECT_TRUE(diagnostics.empty());
}

TEST(OsvErrors, NotOsvAtAll) {
    Error error = failure("not-osv-kev.json");
    EXPECT_EQ(error.code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(error.where, malformed("not-osv-kev.json") + " $.id");
    EXPECT_EQ(error.message,
              "not an OSV record: it has neither 'id' nor 'modified' (OSV requires both)");

    error = failure("not-object.json");
    EXPECT_EQ(error.where, malformed("not-object.json") + " $");
    EXPECT_EQ(error.message,
              "not an OSV document: the top level is a string, not a record object or an array "
              "of records");
}

TEST(OsvErrors, RealKevCatalogueIsNotOsv) {
    WARDROUND_SHARED_DATA_OR_SKIP(path, "kev/known_exploited_vulnerabilities.json");
    Diagnostics diagnostics;
    auto records = parse_osv_file(path, diagnostics);
    ASSERT_FALSE(records.has_value());
    EXPECT_EQ(records.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(records.error().where, path + " $.id");
    EXPECT_TRUE(diagnostics.empty());
}

TEST(OsvErrors, ArraysFailWholeAndLeaveNoDiagnostics) {
    Error error = failure("array-with-number.json");
    EXPECT_EQ(error.where, malformed("array-with-number.json") + " $[1]");
    EXPECT_EQ(error.message, "an array of OSV records holds a number, not an object");

    // The first record has a summary of the wrong type, which would be a diagnostic; the second
    // lacks modified. The file is rejected before the first record is read.
    error = failure("array-second-lacks-modified.json");
    EXPECT_EQ(error.where, malformed("array-second-lacks-modified.json") + " $[1].modified");
}

TEST(OsvErrors, SizeLimitAndMissingFile) {
    OsvParser parser;
    parser.set_max_document_bytes(100);
    Diagnostics diagnostics;
    auto file = InputFile::open(testing::fixture("osv/pypi-urllib3.json"));
    ASSERT_TRUE(file.has_value());
    auto from_file = parser.parse(*file, diagnostics);
    ASSERT_FALSE(from_file.has_value());
    EXPECT_EQ(from_file.error().code, ErrorCode::kInvalidArgument);

    const std::string json(101, ' ');
    auto from_memory = parser.parse(json, "big.json", diagnostics);
    ASSERT_FALSE(from_memory.has_value());
    EXPECT_EQ(from_memory.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(from_memory.error().message, "the document is 101 bytes, over the limit of 100");
    EXPECT_EQ(from_memory.error().where, "big.json");

    auto missing = parse_osv_file(testing::fixture("osv/no-such-file.json"), diagnostics);
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
    EXPECT_TRUE(diagnostics.empty());
}

TEST(OsvDiagnostics, WrongTypesAreReportedAndTheRestKept) {
    Diagnostics diagnostics;
    auto records = parse_osv_file(malformed("wrong-types.json"), diagnostics);
    ASSERT_TRUE(records.has_value()) << records.error().to_string();
    ASSERT_EQ(records->size(), 1U);
    const OsvRecord& record = records->front();

    const auto warning = Severity::kWarning;
    const auto error = Severity::kError;
    const auto info = Severity::kInfo;
    EXPECT_EQ(raised(diagnostics),
              (std::vector<Raised>{
                  {warning, "osv.wrong_type", "$.schema_version"},
                  {warning, "osv.bad_timestamp", "$.published"},
                  {warning, "osv.wrong_type", "$.summary"},
                  {warning, "osv.wrong_type", "$.aliases"},
                  {warning, "osv.bad_alias", "$.related[1]"},
                  {warning, "osv.bad_alias", "$.related[2]"},
                  {info, "osv.duplicate_alias", "$.related[3]"},
                  {warning, "osv.wrong_type", "$.severity[0].score"},
                  {warning, "osv.bad_severity", "$.severity[0]"},
                  {warning, "osv.bad_severity", "$.severity[1]"},
                  {warning, "osv.bad_cvss", "$.severity[2]"},
                  {info, "osv.unknown_severity_type", "$.severity[5]"},
                  {error, "osv.bad_affected", "$.affected[0]"},
                  {warning, "osv.wrong_type", "$.affected[1].package.name"},
                  {warning, "osv.bad_package", "$.affected[1].package"},
                  {error, "osv.bad_version", "$.affected[1].versions[1]"},
                  {error, "osv.bad_version", "$.affected[1].versions[2]"},
                  {error, "osv.bad_affected", "$.affected[1].ranges"},
                  {warning, "osv.wrong_type", "$.affected[1].ecosystem_specific"},
                  {warning, "osv.bad_package", "$.affected[2].package"},
                  {warning, "osv.bad_reference", "$.references[0]"},
                  {warning, "osv.bad_reference", "$.references[1]"},
                  {warning, "osv.bad_reference", "$.references[2]"},
                  {warning, "osv.wrong_type", "$.database_specific"},
              }));
    EXPECT_EQ(diagnostics.total(), 24U);
    EXPECT_EQ(diagnostics.count(Severity::kError), 4U);
    for (const Diagnostic& diagnostic : diagnostics.kept()) {
        EXPECT_EQ(diagnostic.source, malformed("wrong-types.json"));
    }
    EXPECT_EQ(find(diagnostics, "$.schema_version")->message,
              "expected a string, found a number; ignored");
    EXPECT_EQ(find(diagnostics, "$.published")->message,
              "expected an RFC 3339 date-time string, found a number");
    EXPECT_EQ(find(diagnostics, "$.related[2]")->message,
              "expected a non-empty id string, found \"\"; left out");
    EXPECT_TRUE(contains(find(diagnostics, "$.severity[2]")->message,
                         "base metric 'PR' is missing; kept without a base score"));
    EXPECT_EQ(find(diagnostics, "$.affected[1].ranges")->message,
              "expected an array, found an object; no range of this package is kept");
    EXPECT_EQ(find(diagnostics, "$.references[1]")->message,
              "the reference to https://rustsec.org/advisories/RUSTSEC-2023-0044.html has no "
              "type; kept without one");

    EXPECT_EQ(record.id, "RUSTSEC-2023-0044");
    EXPECT_EQ(record.publisher, "RUSTSEC");
    EXPECT_EQ(record.schema_version, "");
    EXPECT_FALSE(record.published.has_value());
    EXPECT_EQ(record.summary, "");
    EXPECT_EQ(record.details, "");
    EXPECT_EQ(record.aliases,
              (std::vector<OsvAlias>{{"GHSA-xcf7-rvmh-g6q4", OsvRelation::kRelated}}));
    EXPECT_TRUE(record.cve_ids.empty());
    ASSERT_EQ(record.severity.size(), 4U);
    EXPECT_EQ(record.severity[0].score, "CVSS:3.1/AV:N/AC:L");
    EXPECT_FALSE(record.severity[0].base_score.has_value());
    EXPECT_EQ(record.severity[1].type, "CVSS_V2");
    EXPECT_FALSE(record.severity[1].base_score.has_value());
    EXPECT_EQ(record.severity[2].type, "Ubuntu");
    EXPECT_EQ(record.severity[2].score, "high");
    EXPECT_EQ(record.severity[3].type, "CVSS_V5");
    ASSERT_EQ(record.affected.size(), 2U);
    EXPECT_EQ(record.affected[0].ecosystem, "crates.io");
    EXPECT_EQ(record.affected[0].name, "");
    EXPECT_EQ(record.affected[0].versions, (std::vector<std::string>{"0.10.54"}));
    EXPECT_TRUE(record.affected[0].ranges.empty());
    EXPECT_EQ(record.affected[0].ecosystem_specific_json, "");
    EXPECT_EQ(record.affected[0].database_specific_json,
              R"({"categories":["memory-corruption"],"cvss":null,"informational":"unsound"})");
    EXPECT_EQ(record.affected[1].ecosystem, "");
    ASSERT_EQ(record.references.size(), 2U);
    EXPECT_EQ(record.references[0].type, "");
    EXPECT_EQ(record.references[0].url, "https://rustsec.org/advisories/RUSTSEC-2023-0044.html");
    EXPECT_EQ(record.references[1].type, "WEB");
    EXPECT_EQ(record.database_specific_json, "");
}

TEST(OsvDiagnostics, EveryMalformedRangeIsDroppedWithItsReason) {
    Diagnostics diagnostics;
    auto records = parse_osv_file(malformed("bad-ranges.json"), diagnostics);
    ASSERT_TRUE(records.has_value()) << records.error().to_string();
    const std::string r = "$.affected[0].ranges";
    const std::vector<std::pair<std::string, std::string>> expected{
        {r + "[0].events", "the range has no introduced event"},
        {r + "[1].events[1]", "unknown event 'patched'"},
        {r + "[2]", "a GIT range needs a repo"},
        {r + "[3].events[1]", "a limit event is only allowed in a GIT range, not SEMVER"},
        {r + "[4].events", "the range has both fixed and last_affected events"},
        {r + "[5].events[0]", "this one has 2 keys"},
        {r + "[6].type", "unknown range type 'RANGE'"},
        {r + "[7].events", "the range has no introduced event"},
        {r + "[8]", "the range has no events"},
        {r + "[9]", "the range has no type"},
        {r + "[10].events[0].introduced", "non-empty string, not a number"},
        {r + "[11]", "a range must be an object, not a string"},
        {r + "[13].events", "events must be an array, not an object"},
        {r + "[14].events[0]", "an event must be an object, not an array"},
        {r + "[16].events[0].introduced", "non-empty string, not \"\""},
        {r + "[17].type", "type must be a string, not a number"},
        {r + "[18]", "the range has no events"},
    };
    ASSERT_EQ(diagnostics.kept().size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const Diagnostic& diagnostic = diagnostics.kept()[i];
        EXPECT_EQ(diagnostic.code, "osv.bad_range");
        EXPECT_EQ(diagnostic.severity, Severity::kError);
        EXPECT_EQ(diagnostic.location, expected[i].first);
        EXPECT_TRUE(contains(diagnostic.message, expected[i].second)) << diagnostic.message;
        EXPECT_TRUE(diagnostic.message.ends_with("; the range is left out")) << diagnostic.message;
    }
    EXPECT_EQ(diagnostics.count_by_code().at("osv.bad_range"), 17U);

    ASSERT_EQ(records->front().affected.size(), 1U);
    const std::vector<OsvRange>& kept = records->front().affected[0].ranges;
    ASSERT_EQ(kept.size(), 2U);
    EXPECT_EQ(kept[0].type, OsvRangeType::kSemver);
    EXPECT_EQ(kept[0].events_json(), R"([{"introduced":"8.0.0"},{"fixed":"8.17.1"}])");
    EXPECT_EQ(kept[1].type, OsvRangeType::kGit);
    EXPECT_EQ(kept[1].repo, "https://github.com/websockets/ws");
    EXPECT_EQ(kept[1].events_json(),
              R"([{"introduced":"0"},{"limit":"e55e5106f10fcbaac37cfa89759e4cc0d073a52c"}])");
}

TEST(OsvDiagnostics, BadOptionalTimestamps) {
    Diagnostics diagnostics;
    auto records = parse_osv_file(malformed("bad-timestamps.json"), diagnostics);
    ASSERT_TRUE(records.has_value()) << records.error().to_string();
    EXPECT_EQ(raised(diagnostics), (std::vector<Raised>{
                                       {Severity::kWarning, "osv.bad_timestamp", "$.published"},
                                       {Severity::kError, "osv.bad_timestamp", "$.withdrawn"},
                                   }));
    EXPECT_EQ(find(diagnostics, "$.published")->message,
              "'2021-06-01T14:15:08' is not an RFC 3339 date-time such as 2023-10-18T18:04:18Z");
    EXPECT_EQ(find(diagnostics, "$.withdrawn")->message,
              "'yesterday' is not an RFC 3339 date-time such as 2023-10-18T18:04:18Z; the record "
              "is kept as not withdrawn");
    const OsvRecord& record = records->front();
    EXPECT_EQ(format_timestamp(record.modified), "2021-08-27T03:22:05.027Z");
    EXPECT_FALSE(record.published.has_value());
    EXPECT_FALSE(record.is_withdrawn());
    ASSERT_EQ(record.affected.size(), 1U);
    EXPECT_EQ(record.affected[0].ranges.size(), 1U);

    parse_one(R"({"id":"GHSA-v845-jxx5-vc9f","modified":"2024-01-01T00:00:00Z","withdrawn":1})",
              diagnostics);
    EXPECT_EQ(diagnostics.kept().back().message,
              "expected an RFC 3339 date-time string, found a number; the record is kept as not "
              "withdrawn");
}

TEST(OsvDiagnostics, DuplicateKeysKeepTheFirst) {
    Diagnostics diagnostics;
    auto records = parse_osv_file(malformed("duplicate-keys.json"), diagnostics);
    ASSERT_TRUE(records.has_value()) << records.error().to_string();
    const auto warning = Severity::kWarning;
    EXPECT_EQ(raised(diagnostics), (std::vector<Raised>{
                                       {warning, "osv.duplicate_key", "$.summary"},
                                       {warning, "osv.duplicate_key", "$.id"},
                                       {warning, "osv.duplicate_key", "$.affected[0].package.name"},
                                   }));
    EXPECT_EQ(diagnostics.kept().front().message,
              "'summary' appears more than once; the first is used");
    const OsvRecord& record = records->front();
    EXPECT_EQ(record.id, "GO-2023-1878");
    EXPECT_EQ(record.summary, "First summary wins");
    EXPECT_EQ(record.affected[0].name, "stdlib");
}

TEST(OsvDiagnostics, HugeTextIsCutAtTheLimit) {
    Diagnostics diagnostics;
    // 2 MiB of a two-byte character, so the cut must avoid splitting one.
    std::string summary;
    for (std::size_t i = 0; i < (std::size_t{1} << 20); ++i) {
        summary += "\xC3\xA9";
    }
    const OsvRecord record =
        parse_one(R"({"id":"GHSA-v845-jxx5-vc9f","modified":"2024-01-01T00:00:00Z","summary":")" +
                      summary + R"(","details":")" + std::string(kOsvMaxTextBytes, 'd') + "\"}",
                  diagnostics);
    EXPECT_EQ(raised(diagnostics), (std::vector<Raised>{
                                       {Severity::kWarning, "osv.text_too_long", "$.summary"},
                                   }));
    EXPECT_EQ(diagnostics.kept().front().message, "a text of 2097152 bytes was cut to 1048576");
    EXPECT_EQ(record.summary.size(), kOsvMaxTextBytes + 3);
    EXPECT_TRUE(record.summary.ends_with("\xC3\xA9..."));
    // Exactly at the limit is not cut.
    EXPECT_EQ(record.details.size(), kOsvMaxTextBytes);
}

TEST(OsvDiagnostics, DeepButAllowedNestingIsKeptCompact) {
    Diagnostics diagnostics;
    const std::string nested = std::string(1000, '[') + "1" + std::string(1000, ']');
    const OsvRecord record = parse_one(
        R"({"id":"OSV-2023-1","modified":"2024-01-01T00:00:00Z","database_specific":{"n": )" +
            nested + "}}",
        diagnostics);
    EXPECT_TRUE(diagnostics.empty());
    EXPECT_EQ(record.database_specific_json, "{\"n\":" + nested + "}");
}

TEST(OsvDiagnostics, DiagnosticPathsInsideArrays) {
    Diagnostics diagnostics;
    auto records = OsvParser().parse(
        R"([{"id":"GHSA-aaaa-bbbb-cccc","modified":"2024-01-01T00:00:00Z"},)"
        R"({"id":"GHSA-dddd-eeee-ffff","modified":"2024-01-01T00:00:00Z",)"
        R"("affected":[{"ranges":[{"type":"SEMVER","events":[{"fixed":"1.0.0"}]}]}]}])",
        "two.json", diagnostics);
    ASSERT_TRUE(records.has_value());
    EXPECT_EQ(records->size(), 2U);
    EXPECT_EQ(raised(diagnostics),
              (std::vector<Raised>{
                  {Severity::kError, "osv.bad_range", "$[1].affected[0].ranges[0].events"},
              }));
    EXPECT_EQ(diagnostics.kept().front().source, "two.json");
}

TEST(OsvDiagnostics, CveIdsComeFromIdAliasesAndUpstreamOnce) {
    Diagnostics diagnostics;
    const OsvRecord record =
        parse_one(R"({"id":"CVE-2021-44228","modified":"2024-01-01T00:00:00Z",)"
                  R"("aliases":["GHSA-jfh8-c2jp-5v3q","CVE-2021-44228","cve-2021-45046"],)"
                  R"("related":["CVE-2021-45046"],"upstream":["CVE-2021-44228","CVE-2021-4104"]})",
                  diagnostics);
    EXPECT_TRUE(diagnostics.empty());
    EXPECT_EQ(record.cve_ids, (std::vector<std::string>{"CVE-2021-44228", "CVE-2021-4104"}));
    EXPECT_EQ(record.aliases.size(), 6U);
    EXPECT_EQ(record.aliases[3], (OsvAlias{"CVE-2021-45046", OsvRelation::kRelated}));
    EXPECT_EQ(record.aliases[5], (OsvAlias{"CVE-2021-4104", OsvRelation::kUpstream}));
}

}  // namespace
}  // namespace wardround::vuln

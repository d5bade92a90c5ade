// SPDX-License-Identifier: Apache-2.0
// The NVD reader on broken input: our corpus in tests/data/nvd/malformed plus inputs too large to
// keep as files (100,000 levels of nesting, a 100 MB string), generated here. Structural damage is
// an Error naming file, JSON path and byte offset; a bad record is a Diagnostic and is skipped.
#include <gtest/gtest.h>

#include <wardround/vuln/nvd.h>

#include "support/test_support.h"
#include "unit/vuln/nvd/nvd_test_util.h"

namespace wardround::vuln {
namespace {

using testing::FileReading;
using testing::read_nvd_bytes;
using testing::read_nvd_path;

std::string malformed(const std::string& name) {
    return wardround::testing::fixture("nvd/malformed/" + name);
}

// The diagnostics as "severity code location" lines, in the order they were reported.
std::vector<std::string> listed(const FileReading& reading) {
    std::vector<std::string> out;
    for (const Diagnostic& d : reading.diagnostics.kept()) {
        out.push_back(std::string(severity_name(d.severity)) + " " + d.code + " " + d.location);
    }
    return out;
}

std::vector<std::string> ids(const FileReading& reading) {
    std::vector<std::string> out;
    for (const CveRecord& record : reading.records) {
        out.push_back(record.id);
    }
    return out;
}

TEST(NvdMalformed, TruncatedMidStringStopsWithDataLoss) {
    const std::string path = malformed("truncated-mid-string.json");
    const auto reading = read_nvd_path(path);
    ASSERT_FALSE(reading.status.has_value());
    EXPECT_EQ(reading.status.error().code, ErrorCode::kDataLoss);
    EXPECT_EQ(reading.status.error().where, path + " $.vulnerabilities[1] (byte 302)");
    EXPECT_EQ(reading.status.error().message, "the input ends inside a string");
    EXPECT_EQ(ids(reading), std::vector<std::string>{"CVE-2099-0300"});
}

TEST(NvdMalformed, WrongTypesBecomeDiagnostics) {
    const std::string path = malformed("wrong-types.json");
    const auto reading = read_nvd_path(path);
    ASSERT_TRUE(reading.status.has_value()) << reading.status.error().to_string();
    EXPECT_EQ(ids(reading),
              (std::vector<std::string>{"CVE-2099-0100", "CVE-2099-0106", "CVE-2099-0107"}));
    EXPECT_EQ(reading.elements, 8u);
    EXPECT_EQ(reading.skipped, 5u);
    const std::string v0 = "$.vulnerabilities[0].cve";
    EXPECT_EQ(listed(reading),
              (std::vector<std::string>{
                  "warning nvd.bad_field " + v0 + ".published",
                  "warning nvd.bad_field " + v0 + ".cisaExploitAdd",
                  "warning nvd.bad_field " + v0 + ".descriptions[0]",
                  "warning nvd.bad_field " + v0 + ".metrics.cvssMetricV31",
                  "warning nvd.bad_field " + v0 + ".metrics.cvssMetricV2[0].cvssData.baseScore",
                  "warning nvd.bad_field " + v0 + ".metrics.cvssMetricV2[0]",
                  "warning nvd.unknown_metric " + v0 + ".metrics.cvssMetricV50",
                  "warning nvd.bad_field " + v0 + ".weaknesses[0].description[0].value",
                  "warning nvd.bad_field " + v0 + ".configurations[0].operator",
                  "warning nvd.bad_field " + v0 + ".references[0].url",
                  "warning nvd.bad_field " + v0 + ".references[1].url",
                  "warning nvd.bad_field " + v0 + ".references[2].tags",
                  "error nvd.bad_type $.vulnerabilities[1].cve.id",
                  "error nvd.missing_field $.vulnerabilities[2].cve.lastModified",
                  "error nvd.bad_type $.vulnerabilities[3].cve.vulnStatus",
                  "error nvd.bad_value $.vulnerabilities[4].cve.id",
                  "error nvd.bad_value $.vulnerabilities[5].cve.lastModified",
                  "warning nvd.bad_field $.vulnerabilities[7].cve."
                  "configurations[1].nodes[0].cpeMatch[0]",
              }));
    EXPECT_EQ(reading.diagnostics.count(Severity::kError), 5u);
    EXPECT_EQ(reading.diagnostics.count(Severity::kWarning), 13u);

    const Diagnostic& published = reading.diagnostics.kept()[0];
    EXPECT_EQ(published.source, path);
    EXPECT_EQ(published.message,
              "CVE-2099-0100: expected a string, found a number; ignored (record at byte 177)");
    EXPECT_EQ(reading.diagnostics.kept()[12].message,
              "required field \"id\" is a number, not a string; record skipped (record at byte "
              "1506)");

    // What survives of the first record: the well-typed fields only.
    const CveRecord& first = reading.records[0];
    EXPECT_EQ(first.source_identifier, "");  // null: absent, not an error
    EXPECT_FALSE(first.published.has_value());
    EXPECT_FALSE(first.cisa_exploit_add.has_value());
    EXPECT_EQ(first.description, "");
    EXPECT_TRUE(first.metrics.empty());
    EXPECT_TRUE(first.weaknesses.empty());
    EXPECT_FALSE(first.has_configurations);
    ASSERT_EQ(first.references.size(), 1u);
    EXPECT_EQ(first.references[0].url, "https://example.org/ok");
    EXPECT_TRUE(first.references[0].tags.empty());
    // One malformed configuration drops the well-formed one before it too.
    EXPECT_FALSE(reading.records[2].has_configurations);
    EXPECT_TRUE(reading.records[2].configurations.empty());
}

TEST(NvdMalformed, ElementsThatAreNotRecordsAreSkipped) {
    const auto reading = read_nvd_path(malformed("not-an-object.json"));
    ASSERT_TRUE(reading.status.has_value()) << reading.status.error().to_string();
    EXPECT_EQ(ids(reading), std::vector<std::string>{"CVE-2099-0204"});
    EXPECT_EQ(reading.skipped, 4u);
    EXPECT_EQ(listed(reading), (std::vector<std::string>{
                                   "error nvd.bad_type $.vulnerabilities[0]",
                                   "error nvd.bad_type $.vulnerabilities[1]",
                                   "error nvd.bad_type $.vulnerabilities[2].cve",
                                   "error nvd.missing_field $.vulnerabilities[3].cve",
                               }));
    EXPECT_EQ(reading.diagnostics.kept()[0].message,
              "a record is a number, not an object; skipped (record at byte 95)");
}

struct FileError {
    const char* file;
    ErrorCode code;
    std::string where;  // after the path and a space
    std::size_t records_before;
};

TEST(NvdMalformed, StructuralDamageIsAnErrorWithPathAndOffset) {
    const std::vector<FileError> cases = {
        {"array-missing.json", ErrorCode::kInvalidArgument, "$ (byte 149)", 0},
        {"array-not-array.json", ErrorCode::kInvalidArgument, "$.vulnerabilities (byte 89)", 0},
        {"trailing-garbage.json", ErrorCode::kInvalidArgument, "$ (byte 209)", 1},
        {"invalid-utf8.json", ErrorCode::kInvalidArgument, "$.vulnerabilities[1] (byte 206)", 1},
        {"bad-number.json", ErrorCode::kInvalidArgument, "$.vulnerabilities[0] (byte 95)", 0},
        {"empty.json", ErrorCode::kDataLoss, "$ (byte 0)", 0},
        {"root-array.json", ErrorCode::kInvalidArgument, "$ (byte 0)", 0},
        {"wrong-format.json", ErrorCode::kInvalidArgument, "$.format", 0},
        {"wrong-version.json", ErrorCode::kInvalidArgument, "$.version", 0},
    };
    for (const FileError& c : cases) {
        const std::string path = malformed(c.file);
        const auto reading = read_nvd_path(path);
        ASSERT_FALSE(reading.status.has_value()) << c.file;
        EXPECT_EQ(reading.status.error().code, c.code)
            << c.file << ": " << reading.status.error().to_string();
        EXPECT_EQ(reading.status.error().where, path + " " + c.where) << c.file;
        EXPECT_EQ(reading.records.size(), c.records_before) << c.file;
    }
}

TEST(NvdMalformed, AnErrorIsReturnedAgain) {
    auto file = InputFile::open(malformed("invalid-utf8.json"));
    ASSERT_TRUE(file.has_value());
    Diagnostics diagnostics;
    auto reader = NvdReader::open(*file, diagnostics);
    ASSERT_TRUE(reader.has_value());
    CveRecord record;
    ASSERT_TRUE(reader->next(record).value());
    for (int i = 0; i < 2; ++i) {
        auto again = reader->next(record);
        ASSERT_FALSE(again.has_value());
        EXPECT_EQ(again.error().where,
                  malformed("invalid-utf8.json") + " $.vulnerabilities[1] (byte 206)");
    }
}

TEST(NvdMalformed, MessagesExplainTheDamage) {
    auto message = [](const char* file) {
        return read_nvd_path(malformed(file)).status.error().message;
    };
    EXPECT_EQ(message("invalid-utf8.json"), "not well-formed JSON: The input is not valid UTF-8");
    EXPECT_EQ(message("array-missing.json"),
              "the root object has no \"vulnerabilities\" or \"cve_items\" array");
    EXPECT_EQ(message("trailing-garbage.json"), "unexpected ']' after the end of the root object");
    EXPECT_EQ(message("wrong-format.json"),
              "format is \"NVD_CPEMatchString\", not \"NVD_CVE\": not a CVE API response");
    EXPECT_EQ(message("wrong-version.json"), "CVE API version \"1.1\" is not supported (2.x is)");
}

TEST(NvdMalformed, FormatAfterTheArrayIsCheckedAtTheEnd) {
    const auto reading = read_nvd_bytes(
        "late.json",
        "{\"vulnerabilities\": [{\"cve\": {\"id\": \"CVE-2099-1200\", \"lastModified\": "
        "\"2099-05-01T00:00:00\", \"vulnStatus\": \"Received\"}}], \"format\": \"NVD_CPE\"}");
    ASSERT_FALSE(reading.status.has_value());
    EXPECT_EQ(reading.status.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(reading.status.error().where, "late.json $.format");
    EXPECT_EQ(ids(reading), std::vector<std::string>{"CVE-2099-1200"});
}

TEST(NvdMalformed, CorruptCompressionIsDataLossBeforeAnyRecord) {
    // A gzip header followed by bytes that are not deflate data: detected while peeking.
    const auto reading =
        read_nvd_bytes("bad.json.gz", std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10) +
                                          std::string(64, '\xff'));
    ASSERT_FALSE(reading.status.has_value());
    EXPECT_EQ(reading.status.error().code, ErrorCode::kDataLoss);
    EXPECT_TRUE(reading.records.empty());
}

TEST(NvdMalformed, CountMismatchIsReported) {
    const auto reading = read_nvd_path(malformed("count-mismatch.json"));
    ASSERT_TRUE(reading.status.has_value()) << reading.status.error().to_string();
    EXPECT_EQ(reading.records.size(), 2u);
    EXPECT_EQ(listed(reading),
              std::vector<std::string>{"warning nvd.count_mismatch $.resultsPerPage"});
    EXPECT_EQ(reading.diagnostics.kept()[0].message,
              "resultsPerPage is 3 but the file holds 2 records");
}

TEST(NvdMalformed, OneRecordFileWithoutIdIsSkipped) {
    const auto reading = read_nvd_path(malformed("record-missing-id.json"));
    ASSERT_TRUE(reading.status.has_value()) << reading.status.error().to_string();
    EXPECT_EQ(reading.info.kind, NvdFileKind::kRecord);
    EXPECT_TRUE(reading.records.empty());
    EXPECT_EQ(reading.skipped, 1u);
    EXPECT_EQ(listed(reading), std::vector<std::string>{"error nvd.missing_field $.id"});
}

TEST(NvdMalformed, MetadataOfTheWrongTypeIsIgnored) {
    const auto reading = read_nvd_bytes(
        "page.json",
        "{\"resultsPerPage\": \"1\", \"totalResults\": 1.5, \"timestamp\": \"noon\", "
        "\"vulnerabilities\": []}");
    ASSERT_TRUE(reading.status.has_value()) << reading.status.error().to_string();
    EXPECT_FALSE(reading.info.results_per_page.has_value());
    EXPECT_FALSE(reading.info.total_results.has_value());
    EXPECT_FALSE(reading.info.timestamp.has_value());
    EXPECT_EQ(listed(reading), (std::vector<std::string>{"warning nvd.bad_field $.resultsPerPage",
                                                         "warning nvd.bad_field $.totalResults",
                                                         "warning nvd.bad_field $.timestamp"}));
}

TEST(NvdMalformed, HundredThousandLevelsOfNesting) {
    constexpr std::size_t kLevels = 100000;
    const std::string deep = std::string(kLevels, '[') + std::string(kLevels, ']');
    const std::string prefix =
        "{\"resultsPerPage\": 1, \"vulnerabilities\": [{\"cve\": {\"id\": \"CVE-2099-1000\", "
        "\"x\": ";
    const auto page = read_nvd_bytes("deep.json", prefix + deep + "}}]}");
    ASSERT_FALSE(page.status.has_value());
    EXPECT_EQ(page.status.error().code, ErrorCode::kInvalidArgument);
    // The element's object and "cve" are two levels; the 1023rd bracket makes level 1025.
    EXPECT_EQ(page.status.error().where,
              "deep.json $.vulnerabilities[0] (byte " + std::to_string(prefix.size() + 1022) + ")");
    EXPECT_EQ(page.status.error().message, "nested deeper than 1024 levels");

    // A one-record file is parsed whole by simdjson, whose own depth limit answers.
    const auto record = read_nvd_bytes("deep-record.json", "{\"id\": " + deep + "}");
    ASSERT_FALSE(record.status.has_value());
    EXPECT_EQ(record.status.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(record.status.error().where, "deep-record.json $ (byte 0)");
}

TEST(NvdMalformed, HundredMegabyteStringIsRefusedWithinBoundedMemory) {
    const std::string huge(100u << 20, 'A');
    const std::string prefix =
        "{\"resultsPerPage\": 2, \"vulnerabilities\": [{\"cve\": {\"id\": \"CVE-2099-1100\", "
        "\"lastModified\": \"2099-05-01T00:00:00.000\", \"vulnStatus\": \"Received\"}}, "
        "{\"cve\": {\"id\": \"CVE-2099-1101\", \"descriptions\": [{\"lang\": \"en\", \"value\": "
        "\"";
    const auto page = read_nvd_bytes("huge.json", prefix + huge + "\"}]}}]}");
    ASSERT_FALSE(page.status.has_value());
    EXPECT_EQ(page.status.error().code, ErrorCode::kInvalidArgument);
    const std::size_t second = prefix.find("{\"cve\": {\"id\": \"CVE-2099-1101\"");
    EXPECT_EQ(page.status.error().where,
              "huge.json $.vulnerabilities[1] (byte " + std::to_string(second) + ")");
    EXPECT_EQ(page.status.error().message, "value larger than the limit of 67108864 bytes");
    EXPECT_EQ(ids(page), std::vector<std::string>{"CVE-2099-1100"});

    const auto record = read_nvd_bytes("huge-record.json", "{\"id\": \"" + huge + "\"}");
    ASSERT_FALSE(record.status.has_value());
    EXPECT_EQ(record.status.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(record.status.error().where, "huge-record.json");
}

}  // namespace
}  // namespace wardround::vuln

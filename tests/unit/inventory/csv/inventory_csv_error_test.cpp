// SPDX-License-Identifier: Apache-2.0
// Files the inventory CSV importer must refuse (tests/data/inventory/csv/malformed and a few built
// here): each is an Error naming the file and the line, and nothing reaches the sink after it.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <wardround/inventory/inventory_csv.h>

#include "support/inventory_test_support.h"
#include "support/test_support.h"

namespace wardround::inventory {
namespace {

struct MalformedCase {
    const char* file;
    const char* place;    // after the file name in Error::where
    const char* message;  // part of Error::message
};

void PrintTo(const MalformedCase& entry, std::ostream* out) {
    *out << entry.file;
}

Result<ObservedReport> parse_csv(InputFile& file, Diagnostics& diagnostics, const AssetSink& sink) {
    return parse_inventory_csv(file, diagnostics, sink);
}

class InventoryCsvMalformed : public ::testing::TestWithParam<MalformedCase> {};

TEST_P(InventoryCsvMalformed, IsRefusedNamingFileAndLine) {
    const MalformedCase& entry = GetParam();
    const std::string path = testing::fixture(std::string("inventory/csv/malformed/") + entry.file);
    const testing::Parsed parsed = testing::parse_path(parse_csv, path);
    ASSERT_FALSE(parsed.report.has_value()) << entry.file << " was accepted";
    EXPECT_TRUE(testing::error_is(parsed.report.error(), ErrorCode::kInvalidArgument,
                                  path + " " + entry.place, entry.message));
    EXPECT_EQ(parsed.assets.size(), 0U);
}

INSTANTIATE_TEST_SUITE_P(
    Corpus,
    InventoryCsvMalformed,
    ::testing::Values(MalformedCase{"empty.csv", "line 1", "the file is empty"},
                      MalformedCase{"header-only.csv", "line 2", "a header but no rows"},
                      MalformedCase{"binary-junk.bin", "line 1", "not valid UTF-8"},
                      MalformedCase{"unterminated-quote.csv", "line 4",
                                    "a quoted field opened on line 2 is never closed"},
                      MalformedCase{
                          "duplicate-columns.csv", "line 1",
                          "duplicate columns: 'hostname' (field 1) and 'Hostname' (field 5)"},
                      MalformedCase{"missing-required-column.csv", "line 1",
                                    "needs at least one of hostname, asset_id or serial"},
                      MalformedCase{"invalid-utf8.csv", "line 1", "the header is not valid UTF-8"},
                      MalformedCase{"field-2mb.csv.gz", "line 2", "a field is longer than 1 MiB"}),
    testing::file_case_name<MalformedCase>);

Result<ObservedReport> parse_text(std::string text, const CsvImportOptions& options = {}) {
    InputFile file = InputFile::from_memory("inline.csv", std::move(text));
    Diagnostics diagnostics;
    return parse_inventory_csv(
        file, diagnostics, [](ObservedAsset&&) -> Status { return {}; }, options);
}

TEST(InventoryCsvErrors, Utf16IsNamed) {
    std::string text = "\xFF\xFE";
    for (const char c : std::string("hostname\r\nwrd-ws-1\r\n")) {
        text += c;
        text += '\0';
    }
    auto report = parse_text(text);
    ASSERT_FALSE(report.has_value());
    EXPECT_TRUE(testing::error_at(report.error(), "inline.csv line 1", "UTF-16"));
}

TEST(InventoryCsvErrors, ControlCharactersInHeader) {
    auto report = parse_text(std::string("host\0name,ip\nwrd-ws-1,192.0.2.1\n", 32));
    ASSERT_FALSE(report.has_value());
    EXPECT_TRUE(testing::error_at(report.error(), "inline.csv line 1", "control characters"));
}

TEST(InventoryCsvErrors, TooManyColumns) {
    std::string header = "hostname";
    for (int i = 0; i < 1100; ++i) {
        header += ",c" + std::to_string(i);
    }
    auto report = parse_text(header + "\nwrd-ws-1\n");
    ASSERT_FALSE(report.has_value());
    EXPECT_TRUE(testing::error_at(report.error(), "inline.csv line 1", "1101 columns"));
}

TEST(InventoryCsvErrors, MapThatDuplicatesAColumn) {
    CsvImportOptions options;
    options.column_map = {{"Device Name", "hostname"}};
    auto report = parse_text("Device Name,hostname\nwrd-ws-1,wrd-ws-1\n", options);
    ASSERT_FALSE(report.has_value());
    EXPECT_TRUE(
        testing::error_at(report.error(), "inline.csv line 1", "both give hostname (after --map)"));
}

TEST(InventoryCsvErrors, MapToAnUnknownColumnInOptions) {
    CsvImportOptions options;
    options.column_map = {{"Device Name", "device"}};
    auto report = parse_text("Device Name\nwrd-ws-1\n", options);
    ASSERT_FALSE(report.has_value());
    EXPECT_TRUE(testing::error_at(report.error(), "--map", "'Device Name=device'"));
}

TEST(InventoryCsvErrors, BlankLinesOnlyAfterHeaderIsHeaderOnly) {
    auto report = parse_text("hostname,ip\n\n\r\n");
    ASSERT_FALSE(report.has_value());
    EXPECT_EQ(report.error().where, "inline.csv line 2");
}

TEST(InventoryCsvErrors, EveryRowRejectedIsNotAnError) {
    InputFile file = InputFile::from_memory("inline.csv", "hostname,ip\n,192.0.2.1\n");
    Diagnostics diagnostics;
    auto report =
        parse_inventory_csv(file, diagnostics, [](ObservedAsset&&) -> Status { return {}; });
    ASSERT_TRUE(report.has_value());
    EXPECT_EQ(report->assets, 0);
    EXPECT_EQ(diagnostics.count(Severity::kError), 1U);
    EXPECT_TRUE(diagnostics.has_errors());
}

}  // namespace
}  // namespace wardround::inventory

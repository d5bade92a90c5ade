// SPDX-License-Identifier: Apache-2.0
// Files the device register importer must refuse (tests/data/inventory/device_register/malformed):
// each is an Error naming the file and the line, and nothing reaches the sink.
#include <string>

#include <gtest/gtest.h>

#include <wardround/inventory/device_register.h>

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

Result<ObservedReport> parse_register(InputFile& file,
                                      Diagnostics& diagnostics,
                                      const AssetSink& sink) {
    return parse_device_register_csv(file, diagnostics, sink);
}

class DeviceRegisterMalformed : public ::testing::TestWithParam<MalformedCase> {};

TEST_P(DeviceRegisterMalformed, IsRefusedNamingFileAndLine) {
    const MalformedCase& entry = GetParam();
    const std::string path =
        testing::fixture(std::string("inventory/device_register/malformed/") + entry.file);
    const testing::Parsed parsed = testing::parse_path(parse_register, path);
    ASSERT_FALSE(parsed.report.has_value()) << entry.file << " was accepted";
    EXPECT_TRUE(testing::error_is(parsed.report.error(), ErrorCode::kInvalidArgument,
                                  path + " " + entry.place, entry.message));
    EXPECT_EQ(parsed.assets.size(), 0U);
}

INSTANTIATE_TEST_SUITE_P(
    Corpus,
    DeviceRegisterMalformed,
    ::testing::Values(MalformedCase{"empty.csv", "line 1", "the file is empty"},
                      MalformedCase{"header-only.csv", "line 2", "a header but no rows"},
                      MalformedCase{"binary-junk.bin", "line 1", "not valid UTF-8"},
                      MalformedCase{"unterminated-quote.csv", "line 3",
                                    "a quoted field opened on line 2 is never closed"},
                      MalformedCase{
                          "duplicate-columns.csv", "line 1",
                          "duplicate columns: 'serial' (field 1) and 'Serial' (field 5) both give "
                          "serial"},
                      MalformedCase{"missing-required-column.csv", "line 1",
                                    "needs serial, manufacturer and model, and lacks model"},
                      MalformedCase{"invalid-utf8.csv", "line 1", "the header is not valid UTF-8"},
                      MalformedCase{"utf16.csv", "line 1", "the file is UTF-16 text"}),
    testing::file_case_name<MalformedCase>);

TEST(DeviceRegisterErrors, InventoryCsvIsNotARegister) {
    InputFile file = InputFile::from_memory("inventory.csv",
                                            "hostname,ip,product,version\n"
                                            "wrd-ws-1,192.0.2.1,Google Chrome,122.0\n");
    Diagnostics diagnostics;
    auto report =
        parse_device_register_csv(file, diagnostics, [](ObservedAsset&&) -> Status { return {}; });
    ASSERT_FALSE(report.has_value());
    EXPECT_TRUE(testing::error_at(report.error(), "inventory.csv line 1",
                                  "lacks serial, manufacturer, model"));
}

}  // namespace
}  // namespace wardround::inventory

// SPDX-License-Identifier: Apache-2.0
// Files the device register importer must refuse (tests/data/inventory/device_register/malformed):
// each is an Error naming the file and the line, and nothing reaches the sink.
#include <string>

#include <gtest/gtest.h>

#include <wardround/inventory/device_register.h>

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

std::string case_name(const ::testing::TestParamInfo<MalformedCase>& param) {
    std::string name;
    for (const char* c = param.param.file; *c != '\0' && *c != '.'; ++c) {
        name += (*c == '-') ? '_' : *c;
    }
    return name;
}

class DeviceRegisterMalformed : public ::testing::TestWithParam<MalformedCase> {};

TEST_P(DeviceRegisterMalformed, IsRefusedNamingFileAndLine) {
    const MalformedCase& entry = GetParam();
    const std::string path =
        testing::fixture(std::string("inventory/device_register/malformed/") + entry.file);
    auto file = InputFile::open(path);
    ASSERT_TRUE(file.has_value()) << path;
    Diagnostics diagnostics;
    int assets = 0;
    auto report =
        parse_device_register_csv(*file, diagnostics, [&assets](ObservedAsset&&) -> Status {
            ++assets;
            return {};
        });
    ASSERT_FALSE(report.has_value()) << entry.file << " was accepted";
    EXPECT_EQ(report.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(report.error().where, path + " " + entry.place);
    EXPECT_NE(report.error().message.find(entry.message), std::string::npos)
        << report.error().message;
    EXPECT_EQ(assets, 0);
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
    case_name);

TEST(DeviceRegisterErrors, InventoryCsvIsNotARegister) {
    InputFile file = InputFile::from_memory("inventory.csv",
                                            "hostname,ip,product,version\n"
                                            "wrd-ws-1,192.0.2.1,Google Chrome,122.0\n");
    Diagnostics diagnostics;
    auto report =
        parse_device_register_csv(file, diagnostics, [](ObservedAsset&&) -> Status { return {}; });
    ASSERT_FALSE(report.has_value());
    EXPECT_EQ(report.error().where, "inventory.csv line 1");
    EXPECT_NE(report.error().message.find("lacks serial, manufacturer, model"), std::string::npos)
        << report.error().message;
}

}  // namespace
}  // namespace wardround::inventory

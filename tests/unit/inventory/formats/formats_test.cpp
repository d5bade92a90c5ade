// SPDX-License-Identifier: Apache-2.0
// Telling an inventory file's format from its content: every real file and fixture of each
// format, and the files that are none of them.
#include <filesystem>

#include <gtest/gtest.h>

#include <wardround/core/input_file.h>
#include <wardround/inventory/formats.h>

#include "support/test_support.h"

namespace wardround::inventory {
namespace {

using testing::fixture;

Result<InventoryFormat> detect_path(const std::string& path) {
    auto file = InputFile::open(path);
    if (!file) {
        return propagate(file.error());
    }
    return detect_inventory_format(*file);
}

Result<InventoryFormat> detect_text(const std::string& text) {
    auto file = InputFile::from_memory("input", text);
    return detect_inventory_format(file);
}

void expect_folder(const std::string& folder, InventoryFormat expected) {
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        if (!entry.is_regular_file()) {
            continue;
        }
        ++files;
        auto format = detect_path(entry.path().string());
        ASSERT_TRUE(format.has_value()) << entry.path() << ": " << format.error().to_string();
        EXPECT_EQ(*format, expected) << entry.path();
    }
    EXPECT_GT(files, 0U) << folder;
}

TEST(InventoryFormats, NamesRoundTrip) {
    for (const auto format :
         {InventoryFormat::kCsv, InventoryFormat::kDeviceRegister,
          InventoryFormat::kDefenderMachines, InventoryFormat::kDefenderSoftware,
          InventoryFormat::kCycloneDx, InventoryFormat::kSpdx, InventoryFormat::kNmap,
          InventoryFormat::kOsquery}) {
        EXPECT_EQ(parse_inventory_format(inventory_format_name(format)), format);
    }
    EXPECT_EQ(parse_inventory_format(" NMAP "), InventoryFormat::kNmap);
    EXPECT_FALSE(parse_inventory_format("excel").has_value());
    EXPECT_EQ(default_source_name(InventoryFormat::kDefenderSoftware), "defender");
    EXPECT_EQ(default_source_name(InventoryFormat::kDefenderMachines), "defender");
    EXPECT_EQ(default_source_name(InventoryFormat::kNmap), "nmap");
}

TEST(InventoryFormats, EveryRealFileIsRecognised) {
    WARDROUND_SHARED_DATA_OR_SKIP(nmap, "nmap");
    WARDROUND_SHARED_DATA_OR_SKIP(cyclonedx, "sbom/cyclonedx");
    WARDROUND_SHARED_DATA_OR_SKIP(spdx, "sbom/spdx");
    expect_folder(nmap, InventoryFormat::kNmap);
    expect_folder(cyclonedx, InventoryFormat::kCycloneDx);
    expect_folder(spdx, InventoryFormat::kSpdx);
}

TEST(InventoryFormats, EveryFixtureIsRecognised) {
    expect_folder(fixture("inventory/nmap"), InventoryFormat::kNmap);
    expect_folder(fixture("inventory/cyclonedx"), InventoryFormat::kCycloneDx);
    expect_folder(fixture("inventory/spdx"), InventoryFormat::kSpdx);
    expect_folder(fixture("inventory/osquery"), InventoryFormat::kOsquery);
    EXPECT_EQ(detect_path(fixture("inventory/device_register/register.csv")),
              InventoryFormat::kDeviceRegister);
    // A register exported under its own column names looks like any CSV: it needs
    // --format device-register and --map.
    EXPECT_EQ(detect_path(fixture("inventory/device_register/ebme-export.csv")),
              InventoryFormat::kCsv);
    for (const char* name : {"workstations.csv", "bad-rows.csv", "cmdb-export.csv"}) {
        EXPECT_EQ(detect_path(fixture(std::string("inventory/csv/") + name)), InventoryFormat::kCsv)
            << name;
    }
    for (const char* name :
         {"machines-page1.json", "machines-page2.json", "machines-bare-array.json"}) {
        EXPECT_EQ(detect_path(fixture(std::string("inventory/defender/") + name)),
                  InventoryFormat::kDefenderMachines)
            << name;
    }
    for (const char* name : {"software-page1.json", "software-page2.json"}) {
        EXPECT_EQ(detect_path(fixture(std::string("inventory/defender/") + name)),
                  InventoryFormat::kDefenderSoftware)
            << name;
    }
}

TEST(InventoryFormats, OtherContentIsRefusedWithTheFileNamed) {
    for (const char* text :
         {"", "   \n", "<?xml version=\"1.0\"?><root/>", "{\"vulnerabilities\": []}",
          "\x7f"
          "ELF\x02\x01\x01",
          "just some words\n"}) {
        auto format = detect_text(text);
        ASSERT_FALSE(format.has_value()) << text;
        EXPECT_EQ(format.error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(format.error().where, "input");
    }
    auto xml = detect_text("<?xml version=\"1.0\"?><root/>");
    ASSERT_FALSE(xml.has_value());
    EXPECT_NE(xml.error().message.find("not an nmap report"), std::string::npos);
}

TEST(InventoryFormats, ARegisterIsToldFromAnInventoryCsvByItsColumns) {
    EXPECT_EQ(detect_text("serial,manufacturer,model,version,network_connected\nA1,B,C,1,yes\n"),
              InventoryFormat::kDeviceRegister);
    EXPECT_EQ(detect_text("\xEF\xBB\xBFhostname,vendor,product,version\nws1,a,b,1\n"),
              InventoryFormat::kCsv);
}

}  // namespace
}  // namespace wardround::inventory

// SPDX-License-Identifier: Apache-2.0
// The software inventory export over two saved pages: runs of rows per device, components as
// Defender spells them, and the row diagnostics.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <wardround/inventory/defender.h>

#include "support/inventory_test_support.h"
#include "support/test_support.h"

namespace wardround::inventory {
namespace {

constexpr const char* kDeviceA = "3f9a1c7e5b2d4a6f8e0c1b3d5f7a9c2e4b6d8f01";
constexpr const char* kDeviceB = "7b2e4d6f8a0c1e3b5d7f9a1c3e5b7d9f0a2c4e61";
constexpr const char* kDeviceC = "c0ffee0123456789abcdef0123456789abcdef02";

std::vector<ObservedAsset> parse_page(const std::string& name,
                                      Diagnostics& diagnostics,
                                      ObservedReport* report_out = nullptr) {
    testing::Parsed parsed = testing::parse_path(
        parse_defender_software, testing::fixture("inventory/defender/" + name), diagnostics);
    EXPECT_TRUE(parsed.report.has_value()) << parsed.error_text();
    if (parsed.report && report_out != nullptr) {
        *report_out = *parsed.report;
    }
    return std::move(parsed.assets);
}

using testing::products;

TEST(DefenderSoftware, ConsecutiveRowsOfADeviceAreOneAsset) {
    Diagnostics diagnostics;
    ObservedReport report;
    const auto assets = parse_page("software-page1.json", diagnostics, &report);
    EXPECT_EQ(report.format, "defender-software");
    EXPECT_EQ(report.assets, 3);
    EXPECT_EQ(report.components, 6);
    ASSERT_EQ(assets.size(), 3U);
    EXPECT_EQ(assets[0].source_key, kDeviceA);
    EXPECT_EQ(products(assets[0]),
              (std::vector<std::string>{"windows_11", "chrome", ".net_framework"}));
    EXPECT_EQ(assets[1].source_key, kDeviceB);
    EXPECT_EQ(products(assets[1]), (std::vector<std::string>{"sql_server_2016", "jre"}));
    // Device A again after B: a second emission with the same source key, for the store to union.
    EXPECT_EQ(assets[2].source_key, kDeviceA);
    EXPECT_EQ(assets[2].location, "$.value[7]");
    EXPECT_EQ(products(assets[2]), std::vector<std::string>{"firefox"});
}

TEST(DefenderSoftware, AssetAndComponentFields) {
    Diagnostics diagnostics;
    const auto assets = parse_page("software-page1.json", diagnostics);
    ASSERT_EQ(assets.size(), 3U);
    const ObservedAsset& a = assets[0];
    EXPECT_EQ(a.location, "$.value[0]");
    EXPECT_EQ(a.hostname, "wrd-ws-0142");
    EXPECT_EQ(a.fqdn, "wrd-ws-0142.trust.nhs.uk");
    EXPECT_EQ(a.kind, AssetKind::kEndpoint);
    EXPECT_EQ(a.department, "Radiology");
    ASSERT_EQ(a.os.size(), 1U);
    EXPECT_EQ(a.os[0].name, "Windows 11");
    ObservedComponent chrome;
    chrome.type = "application";
    chrome.vendor = "google";
    chrome.product = "chrome";
    chrome.version = "130.0.6723.92";
    chrome.location = "$.value[1]";
    EXPECT_EQ(a.components.at(1), chrome);
    EXPECT_EQ(assets[1].kind, AssetKind::kServer);
    EXPECT_EQ(assets[1].components.at(1).version, "");  // jre: kept without a version
}

TEST(DefenderSoftware, RowDiagnostics) {
    Diagnostics diagnostics;
    (void)parse_page("software-page1.json", diagnostics);
    ASSERT_EQ(diagnostics.total(), 3U);
    const auto& kept = diagnostics.kept();
    EXPECT_EQ(kept[0].code, "inventory.missing_version");
    EXPECT_EQ(kept[0].location, "$.value[4].softwareVersion");
    EXPECT_EQ(kept[0].severity, Severity::kWarning);
    EXPECT_EQ(kept[1].code, "inventory.missing_product");
    EXPECT_EQ(kept[1].location, "$.value[5].softwareName");
    EXPECT_EQ(kept[1].severity, Severity::kError);
    EXPECT_EQ(kept[2].code, "inventory.missing_identity");
    EXPECT_EQ(kept[2].location, "$.value[6]");
}

TEST(DefenderSoftware, SecondPage) {
    Diagnostics diagnostics;
    const auto assets = parse_page("software-page2.json", diagnostics);
    ASSERT_EQ(assets.size(), 2U);
    EXPECT_EQ(assets[0].source_key, kDeviceB);
    EXPECT_EQ(products(assets[0]), std::vector<std::string>{"windows_server_2019"});
    EXPECT_EQ(assets[1].source_key, kDeviceC);
    EXPECT_EQ(assets[1].hostname, "wrd-pacs-lnx02");
    EXPECT_EQ(assets[1].kind, AssetKind::kUnknown);
    EXPECT_EQ(products(assets[1]), (std::vector<std::string>{"openssl", "ubuntu_linux"}));
    EXPECT_EQ(assets[1].components[0].vendor, "openssl");
    EXPECT_TRUE(diagnostics.empty());
}

TEST(DefenderSoftware, ADeviceKnownOnlyByNameIsStillGrouped) {
    auto [report, assets, diagnostics] = testing::parse_bytes(
        parse_defender_software, "rows.json",
        R"([{"deviceName": "wrd-ws-0500", "softwareVendor": "igor_pavlov", "softwareName": "7-zip",
             "softwareVersion": "23.01"},
            {"deviceName": "wrd-ws-0500", "softwareVendor": "videolan", "softwareName": "vlc_media_player",
             "softwareVersion": "3.0.20"}])");
    ASSERT_TRUE(report.has_value()) << report.error().to_string();
    ASSERT_EQ(assets.size(), 1U);
    EXPECT_EQ(assets[0].source_key, "");
    EXPECT_EQ(assets[0].hostname, "wrd-ws-0500");
    EXPECT_EQ(products(assets[0]), (std::vector<std::string>{"7-zip", "vlc_media_player"}));
}

}  // namespace
}  // namespace wardround::inventory

// SPDX-License-Identifier: Apache-2.0
// The machine list over our fixtures (tests/data/inventory/defender), written from the List
// machines API reference: every field a user relies on, and the diagnostics with their places.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <wardround/inventory/defender.h>

#include "support/inventory_test_support.h"
#include "support/test_support.h"

namespace wardround::inventory {
namespace {

using testing::Parsed;

Parsed parse_file(const std::string& relative, Diagnostics& diagnostics) {
    return testing::parse_path(parse_defender_machines,
                               testing::fixture("inventory/defender/" + relative), diagnostics);
}

TEST(DefenderMachines, FirstPageGivesFiveAssetsAndLeavesOutTheAnonymousOne) {
    Diagnostics diagnostics;
    auto parsed = parse_file("machines-page1.json", diagnostics);
    ASSERT_TRUE(parsed.report.has_value()) << parsed.report.error().to_string();
    EXPECT_EQ(parsed.report->format, "defender-machines");
    EXPECT_EQ(parsed.report->assets, 5);
    ASSERT_EQ(parsed.assets.size(), 5U);
    std::vector<std::string> locations;
    for (const auto& asset : parsed.assets) {
        locations.push_back(asset.location);
    }
    EXPECT_EQ(locations, (std::vector<std::string>{"$.value[0]", "$.value[1]", "$.value[2]",
                                                   "$.value[3]", "$.value[5]"}));
    EXPECT_EQ(testing::diagnostics_with(diagnostics, "inventory.missing_identity"),
              std::vector<std::string>{"$.value[4]"});
    EXPECT_EQ(diagnostics.count(Severity::kError), 1U);
    EXPECT_EQ(diagnostics.total(), 6U);
}

TEST(DefenderMachines, WindowsWorkstationKeepsEveryField) {
    Diagnostics diagnostics;
    auto parsed = parse_file("machines-page1.json", diagnostics);
    ASSERT_TRUE(parsed.report.has_value());
    const ObservedAsset& asset = parsed.assets.at(0);
    EXPECT_EQ(asset.source_key, "3f9a1c7e5b2d4a6f8e0c1b3d5f7a9c2e4b6d8f01");
    EXPECT_EQ(asset.hostname, "wrd-ws-0142");
    EXPECT_EQ(asset.fqdn, "wrd-ws-0142.trust.nhs.uk");
    EXPECT_EQ(asset.kind, AssetKind::kEndpoint);
    EXPECT_EQ(asset.first_seen, "2023-03-14T09:12:44.123Z");
    EXPECT_EQ(asset.last_seen, "2024-11-02T07:45:10.987Z");
    ASSERT_EQ(asset.os.size(), 1U);
    EXPECT_EQ(asset.os[0],
              (ObservedOs{"Windows 11", "23H2", "22631", "Microsoft", "Windows", {}, 100}));
    // lastIpAddress first; loopback and link-local left out; the NAT address never read.
    EXPECT_EQ(asset.ips, (std::vector<std::string>{"192.0.2.42", "2001:db8:10::42"}));
    EXPECT_EQ(asset.macs, std::vector<std::string>{"02:00:5e:0a:1b:2c"});
    EXPECT_EQ(asset.criticality, "Normal");
    EXPECT_EQ(asset.department, "Radiology");
    EXPECT_FALSE(asset.internet_facing.has_value());
    EXPECT_TRUE(asset.components.empty());
}

TEST(DefenderMachines, ServersLinuxAndMacs) {
    Diagnostics diagnostics;
    auto parsed = parse_file("machines-page1.json", diagnostics);
    ASSERT_TRUE(parsed.report.has_value());
    const ObservedAsset& sql = parsed.assets.at(1);
    EXPECT_EQ(sql.kind, AssetKind::kServer);  // healthStatus Inactive is no deletion
    EXPECT_EQ(
        sql.os.at(0),
        (ObservedOs{"Windows Server 2019", "1809", "17763", "Microsoft", "Windows", {}, 100}));
    EXPECT_EQ(sql.ips, (std::vector<std::string>{"198.51.100.20", "198.51.100.21"}));
    EXPECT_EQ(sql.macs, (std::vector<std::string>{"0a:1b:2c:3d:4e:5f", "0a:1b:2c:3d:4e:60"}));
    EXPECT_EQ(sql.criticality, "High");
    EXPECT_EQ(sql.department, "Data centre");

    const ObservedAsset& linux_box = parsed.assets.at(2);
    EXPECT_EQ(linux_box.hostname, "wrd-pacs-lnx02");
    EXPECT_EQ(linux_box.fqdn, "");
    EXPECT_EQ(linux_box.kind, AssetKind::kUnknown);
    EXPECT_EQ(linux_box.os.at(0), (ObservedOs{"Linux", "22.04", "", "", "Linux", {}, 100}));
    EXPECT_EQ(linux_box.ips, (std::vector<std::string>{"192.0.2.77", "192.0.2.78"}));
    EXPECT_EQ(linux_box.macs, std::vector<std::string>{"06:00:5e:0a:1b:3e"});
    EXPECT_EQ(linux_box.criticality, "");

    const ObservedAsset& mac = parsed.assets.at(3);
    EXPECT_EQ(mac.kind, AssetKind::kEndpoint);
    EXPECT_EQ(mac.first_seen, "");
    EXPECT_EQ(mac.last_seen, "2024-10-15T16:20:00.000Z");
    EXPECT_EQ(mac.os.at(0), (ObservedOs{"macOS", "14.4", "", "Apple", "macOS", {}, 100}));
    EXPECT_TRUE(mac.ips.empty());
    EXPECT_EQ(mac.department, "");

    const ObservedAsset& dc = parsed.assets.at(4);
    EXPECT_EQ(dc.kind, AssetKind::kServer);
    EXPECT_EQ(dc.first_seen, "2019-02-11T11:11:11.000Z");
    EXPECT_EQ(dc.last_seen, "2024-11-02T01:02:03.500Z");
    EXPECT_EQ(dc.os.at(0),
              (ObservedOs{"Windows Server 2012 R2", "", "9600", "Microsoft", "Windows", {}, 100}));
    EXPECT_EQ(dc.macs, std::vector<std::string>{"02:00:5e:0a:1b:05"});
}

TEST(DefenderMachines, RowProblemsAreWarningsWithTheirPlace) {
    Diagnostics diagnostics;
    auto parsed = parse_file("machines-page1.json", diagnostics);
    ASSERT_TRUE(parsed.report.has_value());
    EXPECT_EQ(testing::diagnostics_with(diagnostics, "inventory.bad_ip"),
              std::vector<std::string>{"$.value[2].lastIpAddress"});
    EXPECT_EQ(testing::diagnostics_with(diagnostics, "inventory.bad_mac"),
              std::vector<std::string>{"$.value[2].ipAddresses[0].macAddress"});
    EXPECT_EQ(testing::diagnostics_with(diagnostics, "inventory.bad_date"),
              std::vector<std::string>{"$.value[3].firstSeen"});
    EXPECT_EQ(testing::diagnostics_with(diagnostics, "inventory.bad_value"),
              (std::vector<std::string>{"$.value[3].osBuild", "$.value[3].rbacGroupName"}));
    for (const Diagnostic& diagnostic : diagnostics.kept()) {
        EXPECT_EQ(diagnostic.source, testing::fixture("inventory/defender/machines-page1.json"));
    }
}

TEST(DefenderMachines, SecondPageAndBareArray) {
    Diagnostics diagnostics;
    auto page2 = parse_file("machines-page2.json", diagnostics);
    ASSERT_TRUE(page2.report.has_value());
    ASSERT_EQ(page2.assets.size(), 1U);
    EXPECT_EQ(page2.assets[0].hostname, "wrd-ws-0311");
    EXPECT_EQ(page2.assets[0].os.at(0).name, "Windows 10");
    EXPECT_EQ(page2.assets[0].os.at(0).version, "22H2");
    EXPECT_EQ(page2.assets[0].department, "Emergency department");

    auto bare = parse_file("machines-bare-array.json", diagnostics);
    ASSERT_TRUE(bare.report.has_value()) << bare.report.error().to_string();
    ASSERT_EQ(bare.assets.size(), 2U);
    EXPECT_EQ(bare.assets[0].location, "$[0]");
    EXPECT_EQ(bare.assets[0].source_key, "f00dfeed00112233445566778899aabbccddeeff");
    EXPECT_EQ(bare.assets[1].location, "$[1]");
    EXPECT_EQ(bare.assets[1].hostname, "wrd-sql-01");
    EXPECT_TRUE(diagnostics.empty());
}

TEST(DefenderMachines, ElementsThatAreNotObjectsAreLeftOutAndSaidSo) {
    auto [report, assets, diagnostics] = testing::parse_bytes(
        parse_defender_machines, "list.json",
        R"({"value": ["wrd-ws-0001", {"id": "a1"}, null], "@odata.count": 3})");
    ASSERT_TRUE(report.has_value());
    ASSERT_EQ(assets.size(), 1U);
    EXPECT_EQ(assets[0].source_key, "a1");
    EXPECT_EQ(testing::diagnostics_with(diagnostics, "defender.bad_machine"),
              (std::vector<std::string>{"$.value[0]", "$.value[2]"}));
}

TEST(DefenderMachines, TheSinksErrorStopsTheParse) {
    Diagnostics diagnostics;
    auto file = InputFile::open(testing::fixture("inventory/defender/machines-page1.json"));
    ASSERT_TRUE(file.has_value());
    int calls = 0;
    auto report = parse_defender_machines(*file, diagnostics, [&](ObservedAsset&&) {
        ++calls;
        return Status(make_error(ErrorCode::kUnavailable, "database gone"));
    });
    ASSERT_FALSE(report.has_value());
    EXPECT_EQ(report.error().code, ErrorCode::kUnavailable);
    EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace wardround::inventory

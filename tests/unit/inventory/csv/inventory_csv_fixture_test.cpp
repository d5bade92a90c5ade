// SPDX-License-Identifier: Apache-2.0
// The inventory CSV fixtures (tests/data/inventory/csv): what each asset and component becomes,
// how rows group into assets, and every diagnostic with its code and line.
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include <wardround/inventory/inventory_csv.h>

#include "support/inventory_test_support.h"
#include "support/test_support.h"

namespace wardround::inventory {
namespace {

using testing::diagnostic_codes;
using testing::Parsed;
using testing::products;

// The inventory CSV parser with `options`, in the shape the shared helpers call.
auto csv_parser(const CsvImportOptions& options) {
    return [&options](InputFile& file, Diagnostics& diagnostics, const AssetSink& sink) {
        return parse_inventory_csv(file, diagnostics, sink, options);
    };
}

Parsed parse_fixture(const std::string& name, const CsvImportOptions& options = {}) {
    return testing::parse_path(csv_parser(options), testing::fixture("inventory/csv/" + name));
}

Parsed parse_text(std::string text, const CsvImportOptions& options = {}) {
    return testing::parse_bytes(csv_parser(options), "inline.csv", std::move(text));
}

TEST(InventoryCsvFixture, WorkstationsGroupRowsIntoAssets) {
    Parsed parsed = parse_fixture("workstations.csv");
    ASSERT_TRUE(parsed.report.has_value()) << parsed.report.error().to_string();
    EXPECT_EQ(parsed.report->format, "csv");
    EXPECT_EQ(parsed.report->assets, 6);
    EXPECT_EQ(parsed.report->components, 10);
    ASSERT_EQ(parsed.assets.size(), 6U);
    std::vector<std::string> keys;
    for (const ObservedAsset& asset : parsed.assets) {
        keys.push_back(asset.source_key + "@" + asset.location);
    }
    // WRD-0142 comes back on line 12 after other assets: it is emitted a second time.
    EXPECT_EQ(keys, (std::vector<std::string>{"WRD-0142@line 2", "WRD-0157@line 6",
                                              "WRD-SRV-0009@line 8", "WRD-NET-0001@line 10",
                                              "wrd-ws-0199@line 11", "WRD-0142@line 12"}));
    EXPECT_EQ(
        diagnostic_codes(parsed.diagnostics),
        (std::vector<std::string>{"csv.unknown_column@line 1", "csv.conflicting_asset_field@line 7",
                                  "inventory.missing_version@line 12"}));
    EXPECT_EQ(parsed.diagnostics.count(Severity::kError), 0U);
    EXPECT_NE(parsed.diagnostics.kept()[0].message.find("'notes'"), std::string::npos);
    EXPECT_NE(parsed.diagnostics.kept()[1].message.find("department 'Pharmacy'"), std::string::npos)
        << parsed.diagnostics.kept()[1].message;
    EXPECT_NE(parsed.diagnostics.kept()[1].message.find("'Outpatients'"), std::string::npos);
}

TEST(InventoryCsvFixture, WindowsWorkstationFields) {
    Parsed parsed = parse_fixture("workstations.csv");
    ASSERT_EQ(parsed.assets.size(), 6U);
    const ObservedAsset& ws = parsed.assets[0];
    EXPECT_EQ(ws.kind, AssetKind::kEndpoint);
    EXPECT_EQ(ws.hostname, "wrd-ws-0142");
    EXPECT_EQ(ws.fqdn, "wrd-ws-0142.trust.nhs.uk");
    EXPECT_EQ(ws.ips, (std::vector<std::string>{"192.0.2.42"}));
    EXPECT_EQ(ws.macs, (std::vector<std::string>{"02:00:5e:10:01:42"}));
    EXPECT_EQ(ws.serial, "CZC1234ABC");
    EXPECT_EQ(ws.manufacturer, "HP");
    EXPECT_EQ(ws.model, "EliteDesk 800 G6");
    EXPECT_EQ(ws.site, "Royal Infirmary");
    EXPECT_EQ(ws.department, "Emergency Department");
    EXPECT_EQ(ws.owner, "ED Service Desk");
    EXPECT_EQ(ws.internet_facing, std::optional<bool>(false));
    EXPECT_EQ(ws.criticality, "high");
    EXPECT_EQ(ws.last_seen, "2024-03-14T09:12:00.000Z");  // 14/03/2024 09:12, UK style
    ASSERT_EQ(ws.os.size(), 1U);
    EXPECT_EQ(ws.os[0].name, "Microsoft Windows 10 Enterprise");
    EXPECT_EQ(ws.os[0].version, "10.0.19045");
    EXPECT_EQ(ws.os[0].family, "Windows");
    EXPECT_EQ(ws.os[0].vendor, "Microsoft");
    EXPECT_EQ(ws.os[0].build, "19045");
    EXPECT_EQ(products(ws),
              (std::vector<std::string>{"Google Chrome", "Mozilla Firefox (x64 en-GB)",
                                        "7-Zip 23.01 (x64)", "Java 8 Update 381"}));
    const ObservedComponent& java = ws.components[3];
    EXPECT_EQ(java.vendor, "Oracle Corporation");
    EXPECT_EQ(java.version, "8.0.3810.9");
    EXPECT_EQ(java.type, "application");
    EXPECT_EQ(java.location, "line 5");
    EXPECT_TRUE(java.cpe.empty());

    // The second appearance of WRD-0142 carries the same asset fields and only its own component.
    const ObservedAsset& again = parsed.assets[5];
    EXPECT_EQ(again.hostname, "wrd-ws-0142");
    EXPECT_EQ(again.location, "line 12");
    EXPECT_EQ(products(again), (std::vector<std::string>{"Microsoft Teams classic"}));
    EXPECT_TRUE(again.components[0].version.empty());
}

TEST(InventoryCsvFixture, LaptopKeepsItsFirstValues) {
    Parsed parsed = parse_fixture("workstations.csv");
    ASSERT_EQ(parsed.assets.size(), 6U);
    const ObservedAsset& laptop = parsed.assets[1];
    EXPECT_EQ(laptop.kind, AssetKind::kEndpoint);
    EXPECT_EQ(laptop.hostname, "WRD-LT-0157");  // line 7's lower-case spelling is no conflict
    EXPECT_EQ(laptop.department, "Outpatients");
    EXPECT_EQ(laptop.ips, (std::vector<std::string>{"192.0.2.57", "198.51.100.57"}));
    EXPECT_EQ(laptop.macs, (std::vector<std::string>{"02:00:5e:10:01:57", "02:00:5e:10:02:57"}));
    EXPECT_EQ(laptop.last_seen, "2024-03-13T00:00:00.000Z");
    EXPECT_EQ(laptop.os[0].build, "22631");
    EXPECT_EQ(products(laptop),
              (std::vector<std::string>{"Microsoft Edge", "Adobe Acrobat Reader DC (64-bit)"}));
}

TEST(InventoryCsvFixture, ServerCpesAndPurl) {
    Parsed parsed = parse_fixture("workstations.csv");
    ASSERT_EQ(parsed.assets.size(), 6U);
    const ObservedAsset& server = parsed.assets[2];
    EXPECT_EQ(server.kind, AssetKind::kServer);
    EXPECT_EQ(server.internet_facing, std::optional<bool>(true));
    EXPECT_EQ(server.criticality, "patient-critical");
    EXPECT_EQ(server.last_seen, "2024-03-14T08:00:00.000Z");
    EXPECT_EQ(server.os[0].family, "Linux");
    EXPECT_TRUE(server.os[0].build.empty());
    ASSERT_EQ(server.components.size(), 2U);
    EXPECT_EQ(server.components[0].cpe, "cpe:2.3:a:apache:http_server:2.4.37:*:*:*:*:*:*:*");
    EXPECT_EQ(server.components[0].location, "line 8");
    // The CPE 2.2 URI is converted to a 2.3 formatted string; the purl is kept as given.
    EXPECT_EQ(server.components[1].cpe, "cpe:2.3:a:openssl:openssl:1.1.1k:*:*:*:*:*:*:*");
    EXPECT_EQ(server.components[1].purl, "pkg:rpm/redhat/openssl@1.1.1k-9.el8_7");
    EXPECT_EQ(server.components[1].type, "library");
    EXPECT_EQ(server.components[1].location, "line 9");
}

TEST(InventoryCsvFixture, AssetAloneAndHostnameKey) {
    Parsed parsed = parse_fixture("workstations.csv");
    ASSERT_EQ(parsed.assets.size(), 6U);
    const ObservedAsset& network_switch = parsed.assets[3];
    EXPECT_EQ(network_switch.kind, AssetKind::kNetworkDevice);
    EXPECT_TRUE(network_switch.components.empty());
    EXPECT_EQ(network_switch.macs, (std::vector<std::string>{"02:00:5e:00:00:01"}));
    EXPECT_EQ(network_switch.model, "Catalyst 9300");
    EXPECT_EQ(network_switch.last_seen, "2024-03-14T00:00:00.000Z");

    // No asset_id or serial: the key is the lower-cased hostname, the hostname is as given.
    const ObservedAsset& desktop = parsed.assets[4];
    EXPECT_EQ(desktop.source_key, "wrd-ws-0199");
    EXPECT_EQ(desktop.hostname, "WRD-WS-0199");
    EXPECT_TRUE(desktop.last_seen.empty());
    ASSERT_EQ(desktop.components.size(), 1U);
    EXPECT_EQ(desktop.components[0].vendor, "Notepad++ Team");
    EXPECT_EQ(desktop.components[0].version, "8.6.4");
    EXPECT_EQ(desktop.components[0].type, "");
}

TEST(InventoryCsvFixture, BadRowsAreDiagnosedAndTheRestImported) {
    Parsed parsed = parse_fixture("bad-rows.csv");
    ASSERT_TRUE(parsed.report.has_value()) << parsed.report.error().to_string();
    EXPECT_EQ(parsed.report->assets, 3);
    EXPECT_EQ(parsed.report->components, 3);
    EXPECT_EQ(diagnostic_codes(parsed.diagnostics),
              (std::vector<std::string>{
                  "inventory.bad_value@line 2",  // kind kiosk
                  "inventory.bad_ip@line 2",     // 192.0.2.999
                  "inventory.bad_mac@line 2",    // zz:...
                  "inventory.bad_value@line 2",  // internet_facing perhaps
                  "inventory.bad_date@line 2",   // 31/02/2024
                  "inventory.missing_identity@line 3", "inventory.missing_product@line 4",
                  "inventory.bad_value@line 5",  // component_type plugin
                  "csv.bad_cpe@line 5", "csv.bad_cpe@line 6", "inventory.missing_product@line 6",
                  "csv.ragged_row@line 7",
                  "inventory.bad_value@line 7",  // purl
              }));
    EXPECT_EQ(parsed.diagnostics.count(Severity::kError), 3U);
    ASSERT_EQ(parsed.assets.size(), 3U);
    const ObservedAsset& first = parsed.assets[0];
    EXPECT_EQ(first.source_key, "wrd-ws-0201");
    EXPECT_EQ(first.kind, AssetKind::kUnknown);
    EXPECT_EQ(first.ips, (std::vector<std::string>{"192.0.2.201"}));
    EXPECT_EQ(first.macs, (std::vector<std::string>{"02:00:5e:10:02:01"}));
    EXPECT_FALSE(first.internet_facing.has_value());
    EXPECT_TRUE(first.last_seen.empty());
    // wrd-ws-0203 keeps only the component with a name; its CPE was dropped.
    const ObservedAsset& second = parsed.assets[1];
    EXPECT_EQ(second.location, "line 4");
    ASSERT_EQ(second.components.size(), 1U);
    EXPECT_EQ(second.components[0].product, "Java 8 Update 381");
    EXPECT_TRUE(second.components[0].cpe.empty());
    EXPECT_TRUE(second.components[0].type.empty());
    EXPECT_EQ(second.components[0].location, "line 5");
    const ObservedAsset& third = parsed.assets[2];
    ASSERT_EQ(third.components.size(), 1U);
    EXPECT_TRUE(third.components[0].purl.empty());
    EXPECT_EQ(third.components[0].version, "0.80");
}

TEST(InventoryCsvFixture, InvalidUtf8FieldIsDropped) {
    Parsed parsed = parse_fixture("bad-text.csv");
    ASSERT_TRUE(parsed.report.has_value()) << parsed.report.error().to_string();
    ASSERT_EQ(parsed.assets.size(), 1U);
    EXPECT_TRUE(parsed.assets[0].department.empty());
    EXPECT_EQ(products(parsed.assets[0]), (std::vector<std::string>{"VLC media player"}));
    EXPECT_EQ(diagnostic_codes(parsed.diagnostics),
              (std::vector<std::string>{"inventory.bad_text@line 2"}));
    EXPECT_NE(parsed.diagnostics.kept()[0].message.find("department"), std::string::npos);
}

TEST(InventoryCsvFixture, CmdbExportThroughMap) {
    auto map = parse_column_map(
        "device name=hostname, Asset Tag=asset_id, Serial Number=serial, IP Address=ip, "
        "MAC Address=mac, Operating System=os, OS Build=os_version, Location=site, "
        "Business Unit=department, Software Publisher=vendor, Software Name=product, "
        "Software Version=version",
        kInventoryCsvColumns);
    ASSERT_TRUE(map.has_value()) << map.error().to_string();
    Parsed parsed = parse_fixture("cmdb-export.csv", CsvImportOptions{*map});
    ASSERT_TRUE(parsed.report.has_value()) << parsed.report.error().to_string();
    EXPECT_EQ(parsed.report->assets, 2);
    EXPECT_EQ(parsed.report->components, 3);
    // "Last Seen" needs no mapping; "Managed By" is not ours.
    EXPECT_EQ(diagnostic_codes(parsed.diagnostics),
              (std::vector<std::string>{"csv.unknown_column@line 1"}));
    EXPECT_NE(parsed.diagnostics.kept()[0].message.find("'Managed By'"), std::string::npos);
    ASSERT_EQ(parsed.assets.size(), 2U);
    const ObservedAsset& first = parsed.assets[0];
    EXPECT_EQ(first.source_key, "AT-000311");
    EXPECT_EQ(first.hostname, "WRD-WS-0311");
    EXPECT_EQ(first.serial, "CZC5555DEF");
    EXPECT_EQ(first.macs, (std::vector<std::string>{"02:00:5e:10:03:11"}));
    EXPECT_EQ(first.site, "Community Hospital");
    EXPECT_EQ(first.department, "Physiotherapy");
    EXPECT_EQ(first.last_seen, "2024-03-12T17:45:00.000Z");
    EXPECT_EQ(first.os[0].build, "19045");
    ASSERT_EQ(first.components.size(), 2U);
    EXPECT_EQ(first.components[1].vendor, "7-Zip");
    EXPECT_EQ(first.components[1].product, "7-Zip 22.01 (x64 edition)");
    EXPECT_EQ(first.components[1].version, "22.01.00.0");
    EXPECT_EQ(parsed.assets[1].source_key, "AT-000312");
}

TEST(InventoryCsvFixture, CmdbExportWithoutMapIsNotAnInventory) {
    Parsed parsed = parse_fixture("cmdb-export.csv");
    ASSERT_FALSE(parsed.report.has_value());
    EXPECT_TRUE(testing::error_at(parsed.report.error(),
                                  testing::fixture("inventory/csv/cmdb-export.csv") + " line 1",
                                  "hostname, asset_id or serial"));
    EXPECT_NE(parsed.report.error().message.find("--map"), std::string::npos);
}

TEST(InventoryCsvRows, SplitAssetsAreEmittedInParts) {
    std::string text = "hostname,product,version\n";
    for (int i = 0; i < 10001; ++i) {
        text += "wrd-srv-build01,package-" + std::to_string(i) + ",1.0\n";
    }
    Parsed parsed = parse_text(std::move(text));
    ASSERT_TRUE(parsed.report.has_value());
    ASSERT_EQ(parsed.assets.size(), 2U);
    EXPECT_EQ(parsed.assets[0].components.size(), 10000U);
    EXPECT_EQ(parsed.assets[1].components.size(), 1U);
    EXPECT_EQ(parsed.assets[1].source_key, "wrd-srv-build01");
    EXPECT_EQ(parsed.assets[1].location, "line 2");
    EXPECT_EQ(parsed.assets[1].components[0].location, "line 10002");
    EXPECT_EQ(parsed.report->components, 10001);
}

TEST(InventoryCsvRows, KeyPrefersAssetIdThenSerial) {
    Parsed parsed = parse_text(
        "hostname,serial,asset_id\n"
        "wrd-ws-1,SER-1,\n"
        "wrd-ws-1,SER-1,AT-1\n"
        "WRD-WS-2,,\n");
    ASSERT_TRUE(parsed.report.has_value());
    ASSERT_EQ(parsed.assets.size(), 3U);
    EXPECT_EQ(parsed.assets[0].source_key, "SER-1");
    EXPECT_EQ(parsed.assets[1].source_key, "AT-1");
    EXPECT_EQ(parsed.assets[2].source_key, "wrd-ws-2");
}

TEST(InventoryCsvRows, LaterRowsFillFieldsTheFirstLeftBlank) {
    Parsed parsed = parse_text(
        "hostname,owner,site,product,version\n"
        "wrd-ws-9,,Royal Infirmary,Google Chrome,122.0\n"
        "wrd-ws-9,Ward 7,Royal Infirmary,Mozilla Firefox,123.0\n"
        "wrd-ws-9,Ward 8,Community Hospital,VLC media player,3.0.20\n");
    ASSERT_TRUE(parsed.report.has_value());
    ASSERT_EQ(parsed.assets.size(), 1U);
    EXPECT_EQ(parsed.assets[0].owner, "Ward 7");
    EXPECT_EQ(parsed.assets[0].site, "Royal Infirmary");
    EXPECT_EQ(diagnostic_codes(parsed.diagnostics),
              (std::vector<std::string>{"csv.conflicting_asset_field@line 4",
                                        "csv.conflicting_asset_field@line 4"}));
}

TEST(InventoryCsvRows, RowsWithoutIdentityDoNotSplitAnAsset) {
    Parsed parsed = parse_text(
        "hostname,product,version\n"
        "wrd-ws-3,Google Chrome,122.0\n"
        ",Mozilla Firefox,123.0\n"
        "wrd-ws-3,VLC media player,3.0.20\n");
    ASSERT_TRUE(parsed.report.has_value());
    ASSERT_EQ(parsed.assets.size(), 1U);
    EXPECT_EQ(parsed.assets[0].components.size(), 2U);
    EXPECT_EQ(diagnostic_codes(parsed.diagnostics),
              (std::vector<std::string>{"inventory.missing_identity@line 3"}));
}

TEST(InventoryCsvRows, ValueForms) {
    Parsed parsed = parse_text(
        "hostname,internet_facing,last_seen,ip,mac,kind\n"
        "a,Y,2024-03-14T10:00:00+01:00,\"192.0.2.1, 2001:db8::1 192.0.2.1\",0200.5e00.00aa,VM\n"
        "b,FALSE,01/02/2024,,02005E0000BB,Medical Device\n"
        "c,1,2024-02-30,,,\n"
        "d,0,14/03/2024 25:00,,,\n");
    ASSERT_TRUE(parsed.report.has_value());
    ASSERT_EQ(parsed.assets.size(), 4U);
    EXPECT_EQ(parsed.assets[0].internet_facing, std::optional<bool>(true));
    EXPECT_EQ(parsed.assets[0].last_seen, "2024-03-14T09:00:00.000Z");
    EXPECT_EQ(parsed.assets[0].ips, (std::vector<std::string>{"192.0.2.1", "2001:db8::1"}));
    EXPECT_EQ(parsed.assets[0].macs, (std::vector<std::string>{"02:00:5e:00:00:aa"}));
    EXPECT_EQ(parsed.assets[0].kind, AssetKind::kVirtual);
    EXPECT_EQ(parsed.assets[1].internet_facing, std::optional<bool>(false));
    EXPECT_EQ(parsed.assets[1].last_seen, "2024-02-01T00:00:00.000Z");
    EXPECT_EQ(parsed.assets[1].macs, (std::vector<std::string>{"02:00:5e:00:00:bb"}));
    EXPECT_EQ(parsed.assets[1].kind, AssetKind::kMedicalDevice);
    EXPECT_EQ(parsed.assets[2].internet_facing, std::optional<bool>(true));
    EXPECT_EQ(parsed.assets[3].internet_facing, std::optional<bool>(false));
    EXPECT_EQ(diagnostic_codes(parsed.diagnostics),
              (std::vector<std::string>{"inventory.bad_date@line 4", "inventory.bad_date@line 5"}));
}

TEST(InventoryCsvRows, OversizedValueIsDropped) {
    Parsed parsed = parse_text("hostname,owner\nwrd-ws-4," + std::string(5000, 'x') + "\n");
    ASSERT_TRUE(parsed.report.has_value());
    ASSERT_EQ(parsed.assets.size(), 1U);
    EXPECT_TRUE(parsed.assets[0].owner.empty());
    EXPECT_EQ(diagnostic_codes(parsed.diagnostics),
              (std::vector<std::string>{"inventory.bad_value@line 2"}));
}

TEST(InventoryCsvRows, SinkErrorStopsTheParse) {
    InputFile file = InputFile::from_memory("inline.csv", "hostname\na\nb\nc\n");
    Diagnostics diagnostics;
    int calls = 0;
    auto report = parse_inventory_csv(file, diagnostics, [&calls](ObservedAsset&&) -> Status {
        ++calls;
        return make_error(ErrorCode::kUnavailable, "database is locked");
    });
    ASSERT_FALSE(report.has_value());
    EXPECT_EQ(report.error().code, ErrorCode::kUnavailable);
    EXPECT_EQ(report.error().message, "database is locked");
    EXPECT_EQ(calls, 1);
}

TEST(InventoryCsvRows, HeaderNamesAreMatchedLoosely) {
    Parsed parsed = parse_text(
        "  Host Name , Asset-ID ,OS Version,Component Type,Product,Version\n"
        "wrd-ws-5,AT-5,10.0.22631,OS,Windows 11,23H2\n");
    ASSERT_TRUE(parsed.report.has_value()) << parsed.report.error().to_string();
    // "Host Name" is not "hostname": only case, spaces around and ' '/'-' for '_' are forgiven.
    EXPECT_EQ(diagnostic_codes(parsed.diagnostics),
              (std::vector<std::string>{"csv.unknown_column@line 1"}));
    ASSERT_EQ(parsed.assets.size(), 1U);
    EXPECT_EQ(parsed.assets[0].source_key, "AT-5");
    EXPECT_EQ(parsed.assets[0].os[0].version, "10.0.22631");
    EXPECT_EQ(parsed.assets[0].components[0].type, "operating-system");
}

}  // namespace
}  // namespace wardround::inventory

// SPDX-License-Identifier: Apache-2.0
// The medical device register fixtures (tests/data/inventory/device_register): one medical-device
// asset per row with its firmware as the one component, its posture facts (network_segment,
// default_credentials), and every diagnostic with code and line.
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include <wardround/inventory/device_register.h>

#include "support/inventory_test_support.h"
#include "support/test_support.h"

namespace wardround::inventory {
namespace {

using testing::diagnostic_codes;
using testing::Parsed;

// The register parser with `options`, in the shape the shared helpers call.
auto register_parser(const CsvImportOptions& options) {
    return [&options](InputFile& file, Diagnostics& diagnostics, const AssetSink& sink) {
        return parse_device_register_csv(file, diagnostics, sink, options);
    };
}

Parsed parse_fixture(const std::string& name, const CsvImportOptions& options = {}) {
    return testing::parse_path(register_parser(options),
                               testing::fixture("inventory/device_register/" + name));
}

Parsed parse_text(std::string text, const CsvImportOptions& options = {}) {
    return testing::parse_bytes(register_parser(options), "register.csv", std::move(text));
}

// "key@location" of every device, in order, marked when one is not a medical device.
std::vector<std::string> device_keys(const Parsed& parsed) {
    std::vector<std::string> keys;
    for (const ObservedAsset& asset : parsed.assets) {
        keys.push_back(asset.source_key + "@" + asset.location +
                       (asset.kind == AssetKind::kMedicalDevice ? "" : " (not a medical device)"));
    }
    return keys;
}

TEST(DeviceRegister, RegisterFixture) {
    Parsed parsed = parse_fixture("register.csv");
    ASSERT_TRUE(parsed.report.has_value()) << parsed.report.error().to_string();
    EXPECT_EQ(parsed.report->format, "device-register");
    EXPECT_EQ(parsed.report->assets, 7);
    EXPECT_EQ(parsed.report->components, 7);
    EXPECT_EQ(device_keys(parsed),
              (std::vector<std::string>{"BXT-SS-100231@line 2", "BXT-SS-100232@line 3",
                                        "PHL-MX450-DE5701@line 4", "wrd-mon-0800@line 5",
                                        "GEHC-RCT-0091@line 6", "SM-MF4000-7781@line 7",
                                        "BD-8015-5521@line 9"}));
    EXPECT_EQ(diagnostic_codes(parsed.diagnostics),
              (std::vector<std::string>{"inventory.bad_mac@line 3", "inventory.bad_date@line 7",
                                        "inventory.missing_identity@line 8",
                                        "inventory.missing_version@line 9"}));
    EXPECT_NE(parsed.diagnostics.kept()[0].message.find("'02-00-5E-20-02-3G'"), std::string::npos);
    EXPECT_NE(parsed.diagnostics.kept()[1].message.find("supported_until 'TBC'"),
              std::string::npos);
}

TEST(DeviceRegister, InfusionPumpFields) {
    Parsed parsed = parse_fixture("register.csv");
    ASSERT_EQ(parsed.assets.size(), 7U);
    const ObservedAsset& pump = parsed.assets[0];
    EXPECT_EQ(pump.serial, "BXT-SS-100231");
    EXPECT_EQ(pump.manufacturer, "Baxter");
    EXPECT_EQ(pump.model, "Sigma Spectrum Infusion System");
    EXPECT_EQ(pump.hostname, "wrd-pump-0231");
    EXPECT_EQ(pump.ips, (std::vector<std::string>{"192.0.2.131"}));
    EXPECT_EQ(pump.macs, (std::vector<std::string>{"02:00:5e:20:02:31"}));
    EXPECT_EQ(pump.site, "Royal Infirmary");
    EXPECT_EQ(pump.department, "Critical Care");
    EXPECT_EQ(pump.network_connected, std::optional<bool>(true));
    EXPECT_EQ(pump.supported_until, "2026-12-31");  // 31/12/2026 in the register
    EXPECT_EQ(pump.mds2, "MDS2-BAX-2021-04");
    ASSERT_EQ(pump.components.size(), 1U);
    const ObservedComponent& firmware = pump.components[0];
    EXPECT_EQ(firmware.type, "firmware");
    EXPECT_EQ(firmware.vendor, "Baxter");
    EXPECT_EQ(firmware.product, "Sigma Spectrum Infusion System");
    EXPECT_EQ(firmware.version, "8.00.01");
    EXPECT_EQ(firmware.location, "line 2");

    // The pump with a bad MAC keeps everything else.
    const ObservedAsset& second = parsed.assets[1];
    EXPECT_TRUE(second.macs.empty());
    EXPECT_EQ(second.ips, (std::vector<std::string>{"192.0.2.132"}));
    EXPECT_EQ(second.components[0].version, "8.01.01");
}

TEST(DeviceRegister, MonitorsScannerAndPump) {
    Parsed parsed = parse_fixture("register.csv");
    ASSERT_EQ(parsed.assets.size(), 7U);
    EXPECT_EQ(parsed.assets[2].supported_until, "2027-06-30");
    EXPECT_EQ(parsed.assets[2].network_connected, std::optional<bool>(true));  // "Yes"
    // No serial: keyed by the lower-cased hostname.
    const ObservedAsset& monitor = parsed.assets[3];
    EXPECT_TRUE(monitor.serial.empty());
    EXPECT_EQ(monitor.hostname, "WRD-MON-0800");
    EXPECT_EQ(monitor.supported_until, "2027-06-30");
    EXPECT_EQ(monitor.components[0].product, "IntelliVue MX800");
    const ObservedAsset& scanner = parsed.assets[4];
    EXPECT_EQ(scanner.manufacturer, "GE Healthcare");
    EXPECT_EQ(scanner.supported_until, "2025-09-30");
    EXPECT_EQ(scanner.mds2, "yes");
    EXPECT_EQ(scanner.components[0].version, "24MW11.7");
    const ObservedAsset& syringe = parsed.assets[5];
    EXPECT_EQ(syringe.network_connected, std::optional<bool>(false));
    EXPECT_TRUE(syringe.supported_until.empty());  // "TBC"
    EXPECT_TRUE(syringe.hostname.empty());
    EXPECT_TRUE(syringe.ips.empty());
    const ObservedAsset& alaris = parsed.assets[6];
    ASSERT_EQ(alaris.components.size(), 1U);
    EXPECT_TRUE(alaris.components[0].version.empty());
    EXPECT_EQ(alaris.components[0].vendor, "BD");
}

// Each device's facts as "key name=value@location", in order.
std::vector<std::string> keyed_facts(const Parsed& parsed) {
    std::vector<std::string> out;
    for (const ObservedAsset& asset : parsed.assets) {
        for (const ObservedFact& fact : asset.facts) {
            out.push_back(asset.source_key + " " + fact.name + "=" + fact.value + "@" +
                          fact.location);
        }
    }
    return out;
}

// "name=value" of every fact that is not canonical (is_canonical_fact): none should be.
std::vector<std::string> non_canonical_facts(const Parsed& parsed) {
    std::vector<std::string> out;
    for (const ObservedAsset& asset : parsed.assets) {
        for (const ObservedFact& fact : asset.facts) {
            if (!is_canonical_fact(fact.name, fact.value)) {
                out.push_back(fact.name + "=" + fact.value);
            }
        }
    }
    return out;
}

TEST(DeviceRegister, RegisterWithoutPostureColumnsGivesNoFacts) {
    Parsed parsed = parse_fixture("register.csv");
    ASSERT_EQ(parsed.assets.size(), 7U) << parsed.error_text();
    EXPECT_TRUE(keyed_facts(parsed).empty());
}

TEST(DeviceRegister, PostureColumnsGiveFacts) {
    Parsed parsed = parse_fixture("posture.csv");
    ASSERT_TRUE(parsed.report.has_value()) << parsed.error_text();
    ASSERT_EQ(parsed.assets.size(), 16U);
    EXPECT_EQ(parsed.report->components, 16);
    // "Default Credentials" and "Network-Segment" in the header are the two columns, wherever
    // they stand. Every no spelling (No, n, False, 0, off, DISABLED) and every yes spelling (Yes,
    // y, TRUE, 1, On, enabled) gives the canonical value; the segment is trimmed and lower case.
    EXPECT_EQ(keyed_facts(parsed),
              (std::vector<std::string>{
                  "BXT-SS-200101 network_segment=vlan 210 medical devices@line 2",
                  "BXT-SS-200101 default_credentials=no@line 2",
                  "BXT-SS-200102 network_segment=vlan 210 medical devices@line 3",
                  "BXT-SS-200102 default_credentials=no@line 3",
                  "BXT-SS-200103 network_segment=vlan 210 medical devices@line 4",
                  "BXT-SS-200103 default_credentials=no@line 4",
                  "BXT-SS-200104 network_segment=vlan 210 medical devices@line 5",
                  "BXT-SS-200104 default_credentials=no@line 5",
                  "BXT-SS-200105 network_segment=vlan 210 medical devices@line 6",
                  "BXT-SS-200105 default_credentials=no@line 6",
                  "BXT-SS-200106 network_segment=vlan 210 medical devices@line 7",
                  "BXT-SS-200106 default_credentials=no@line 7",
                  "PHL-MX450-DE6001 network_segment=vlan 120 clinical@line 8",
                  "PHL-MX450-DE6001 default_credentials=yes@line 8",
                  "PHL-MX450-DE6002 network_segment=vlan 120 clinical@line 9",
                  "PHL-MX450-DE6002 default_credentials=yes@line 9",
                  "PHL-MX450-DE6003 network_segment=vlan 120 clinical@line 10",
                  "PHL-MX450-DE6003 default_credentials=yes@line 10",
                  "PHL-MX450-DE6004 network_segment=vlan 120 clinical@line 11",
                  "PHL-MX450-DE6004 default_credentials=yes@line 11",
                  "PHL-MX450-DE6005 network_segment=vlan 120 clinical@line 12",
                  "PHL-MX450-DE6005 default_credentials=yes@line 12",
                  "PHL-MX450-DE6006 network_segment=vlan 120 clinical@line 13",
                  "PHL-MX450-DE6006 default_credentials=yes@line 13",
                  "GEHC-B650-6101 network_segment=10.20.30.0/24@line 14",
                  "GEHC-B650-6102 network_segment=10.20.30.0/24@line 15",
                  "GEHC-RCT-6103 default_credentials=yes@line 16",
                  "SM-MF4000-6104 network_segment=maternity / vlan 40@line 17",
              }));
    EXPECT_TRUE(non_canonical_facts(parsed).empty());
    // The register's other columns are read as before.
    const ObservedAsset& pump = parsed.assets[0];
    EXPECT_EQ(pump.ips, (std::vector<std::string>{"192.0.2.201"}));
    EXPECT_EQ(pump.department, "Critical Care");
    EXPECT_EQ(pump.supported_until, "2026-12-31");
    EXPECT_EQ(pump.mds2, "MDS2-BAX-2021-04");
    ASSERT_EQ(pump.components.size(), 1U);
    EXPECT_EQ(pump.components[0].version, "8.00.01");
}

TEST(DeviceRegister, DefaultCredentialsOtherValuesAreReportedAndLeftOut) {
    Parsed parsed = parse_fixture("posture.csv");
    ASSERT_TRUE(parsed.report.has_value()) << parsed.error_text();
    EXPECT_EQ(diagnostic_codes(parsed.diagnostics),
              (std::vector<std::string>{"inventory.bad_fact@line 14", "inventory.bad_fact@line 15",
                                        "inventory.bad_date@line 17"}));
    const auto& kept = parsed.diagnostics.kept();
    ASSERT_EQ(kept.size(), 3U);
    EXPECT_EQ(kept[0].severity, Severity::kWarning);
    EXPECT_NE(kept[0].message.find("default_credentials 'changed' is not yes or no"),
              std::string::npos)
        << kept[0].message;
    EXPECT_NE(kept[1].message.find("default_credentials 'see MDS2' is not yes or no"),
              std::string::npos)
        << kept[1].message;
    // The devices themselves are kept, with their segment.
    ASSERT_EQ(parsed.assets.size(), 16U);
    EXPECT_EQ(parsed.assets[12].source_key, "GEHC-B650-6101");
    EXPECT_EQ(parsed.assets[12].components.size(), 1U);
}

TEST(DeviceRegister, PostureColumnsThroughMap) {
    CsvImportOptions options;
    auto map = parse_column_map("VLAN=network_segment,Default Passwords=default_credentials",
                                kDeviceRegisterColumns);
    ASSERT_TRUE(map.has_value()) << map.error().to_string();
    options.column_map = std::move(*map);
    Parsed parsed = parse_text(
        "serial,manufacturer,model,version,VLAN,Default Passwords\n"
        "S-6,Draeger,Evita V500,2.51,VLAN 50 ICU,not_changed\n"
        "S-7,Draeger,Evita V500,2.51,VLAN 50 ICU,Off\n",
        options);
    ASSERT_TRUE(parsed.report.has_value()) << parsed.error_text();
    EXPECT_EQ(keyed_facts(parsed), (std::vector<std::string>{
                                       "S-6 network_segment=vlan 50 icu@line 2",
                                       "S-7 network_segment=vlan 50 icu@line 3",
                                       "S-7 default_credentials=no@line 3",
                                   }));
    EXPECT_EQ(diagnostic_codes(parsed.diagnostics),
              (std::vector<std::string>{"inventory.bad_fact@line 2"}));
    ASSERT_FALSE(parsed.diagnostics.kept().empty());
    // The message names our column, whatever the register called it.
    EXPECT_NE(parsed.diagnostics.kept()[0].message.find("default_credentials 'not_changed'"),
              std::string::npos);
}

// The checks count the endpoints that share a device's segment by its text: two spellings of one
// segment, as people type them into a register, must be one segment.
TEST(DeviceRegister, SegmentsSpelledInDifferentCaseOrSpacingAreOne) {
    Parsed parsed = parse_text(
        "serial,manufacturer,model,version,network_segment\n"
        "S-1,Draeger,Evita V500,2.51,ICU-VLAN\n"
        "S-2,Draeger,Evita V500,2.51,\"icu-vlan \"\n"
        "S-3,Draeger,Evita V500,2.51,\"  Icu-Vlan\"\n"
        "S-4,Draeger,Evita V500,2.51,\"VLAN  50\tICU\"\n"
        "S-5,Draeger,Evita V500,2.51,vlan50 icu\n");
    ASSERT_TRUE(parsed.report.has_value()) << parsed.error_text();
    EXPECT_EQ(keyed_facts(parsed), (std::vector<std::string>{
                                       "S-1 network_segment=icu-vlan@line 2",
                                       "S-2 network_segment=icu-vlan@line 3",
                                       "S-3 network_segment=icu-vlan@line 4",
                                       "S-4 network_segment=vlan 50 icu@line 5",
                                       // Not the same text: not the same segment.
                                       "S-5 network_segment=vlan50 icu@line 6",
                                   }));
    EXPECT_TRUE(non_canonical_facts(parsed).empty());
    EXPECT_TRUE(parsed.diagnostics.empty());
}

TEST(DeviceRegister, RowsStoppingBeforeThePostureColumnsGiveNoFacts) {
    // A register written with the columns up to mds2 only (rows shorter than the header).
    Parsed parsed = parse_text(
        "serial,manufacturer,model,version,hostname,ip,mac,site,department,network_connected,"
        "supported_until,mds2,network_segment,default_credentials\n"
        "S-8,BD,Alaris 8015 PC Unit,12.1.2,,,,Royal Infirmary,Oncology,yes,31/03/2026,no\n");
    ASSERT_TRUE(parsed.report.has_value()) << parsed.error_text();
    ASSERT_EQ(parsed.assets.size(), 1U);
    EXPECT_TRUE(parsed.assets[0].facts.empty());
    EXPECT_EQ(parsed.assets[0].mds2, "no");
    EXPECT_TRUE(parsed.diagnostics.empty());
}

TEST(DeviceRegister, EbmeExportThroughMap) {
    auto map = parse_column_map(
        "Serial No=serial,Make=manufacturer,Software Version=version,Location=site,"
        "Networked=network_connected,End of Support=supported_until",
        kDeviceRegisterColumns);
    ASSERT_TRUE(map.has_value()) << map.error().to_string();
    Parsed parsed = parse_fixture("ebme-export.csv", CsvImportOptions{*map});
    ASSERT_TRUE(parsed.report.has_value()) << parsed.report.error().to_string();
    EXPECT_EQ(parsed.report->assets, 2);
    EXPECT_EQ(diagnostic_codes(parsed.diagnostics),
              (std::vector<std::string>{"csv.unknown_column@line 1", "csv.unknown_column@line 1"}));
    EXPECT_NE(parsed.diagnostics.kept()[0].message.find("'Equipment No'"), std::string::npos);
    EXPECT_NE(parsed.diagnostics.kept()[1].message.find("'Asset Status'"), std::string::npos);
    ASSERT_EQ(parsed.assets.size(), 2U);
    const ObservedAsset& monitor = parsed.assets[0];
    EXPECT_EQ(monitor.source_key, "GEHC-B650-4411");
    EXPECT_EQ(monitor.manufacturer, "GE Healthcare");
    EXPECT_EQ(monitor.model, "CARESCAPE B650");
    EXPECT_EQ(monitor.site, "Royal Infirmary");
    EXPECT_EQ(monitor.department, "Theatres");
    EXPECT_EQ(monitor.network_connected, std::optional<bool>(true));
    EXPECT_EQ(monitor.supported_until, "2028-12-31");
    EXPECT_EQ(monitor.components[0].version, "V3.2");
    const ObservedAsset& ventilator = parsed.assets[1];
    EXPECT_EQ(ventilator.network_connected, std::optional<bool>(false));
    EXPECT_EQ(ventilator.supported_until, "2026-12-31");
    EXPECT_EQ(ventilator.components[0].vendor, "Draeger");
}

TEST(DeviceRegister, UnusedMapEntryIsReported) {
    CsvImportOptions options;
    options.column_map = {{"Asset Tag", "serial"}};
    Parsed parsed =
        parse_text("serial,manufacturer,model,version\nS-1,Baxter,Sigma Spectrum,8.00\n", options);
    ASSERT_TRUE(parsed.report.has_value());
    EXPECT_EQ(diagnostic_codes(parsed.diagnostics),
              (std::vector<std::string>{"csv.unused_map@line 1"}));
    EXPECT_NE(parsed.diagnostics.kept()[0].message.find("'Asset Tag'"), std::string::npos);
}

TEST(DeviceRegister, DeviceWithoutModelKeepsNoComponent) {
    Parsed parsed = parse_text(
        "serial,manufacturer,model,version,network_connected,supported_until\n"
        "S-2,Baxter,,8.00,maybe,2026-13-01\n");
    ASSERT_TRUE(parsed.report.has_value());
    ASSERT_EQ(parsed.assets.size(), 1U);
    EXPECT_TRUE(parsed.assets[0].components.empty());
    EXPECT_FALSE(parsed.assets[0].network_connected.has_value());
    EXPECT_TRUE(parsed.assets[0].supported_until.empty());
    EXPECT_EQ(parsed.report->components, 0);
    EXPECT_EQ(diagnostic_codes(parsed.diagnostics), (std::vector<std::string>{
                                                        "inventory.bad_value@line 2",
                                                        "inventory.bad_date@line 2",
                                                        "inventory.missing_product@line 2",
                                                    }));
}

TEST(DeviceRegister, RowsAreNotGrouped) {
    Parsed parsed = parse_text(
        "serial,manufacturer,model,version\n"
        "S-3,Philips,IntelliVue MX450,M.00.03\n"
        "S-3,Philips,IntelliVue MX450,M.00.04\n");
    ASSERT_TRUE(parsed.report.has_value());
    ASSERT_EQ(parsed.assets.size(), 2U);
    EXPECT_EQ(parsed.assets[1].source_key, "S-3");
    EXPECT_EQ(parsed.assets[1].components[0].version, "M.00.04");
}

TEST(DeviceRegister, SinkErrorStopsTheParse) {
    InputFile file = InputFile::from_memory(
        "register.csv", "serial,manufacturer,model\nS-4,BD,Alaris\nS-5,BD,Alaris\n");
    Diagnostics diagnostics;
    int calls = 0;
    auto report = parse_device_register_csv(file, diagnostics, [&calls](ObservedAsset&&) -> Status {
        ++calls;
        return make_error(ErrorCode::kUnavailable, "database is locked");
    });
    ASSERT_FALSE(report.has_value());
    EXPECT_EQ(report.error().code, ErrorCode::kUnavailable);
    EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace wardround::inventory

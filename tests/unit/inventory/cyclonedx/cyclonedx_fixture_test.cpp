// SPDX-License-Identifier: Apache-2.0
// The CycloneDX importer over our own fixtures (tests/data/inventory/cyclonedx), each written to
// exercise one part of the mapping: the 1.6 device SBOM with every vendor source, nesting,
// dependencies, VEX and bad fields; a 1.2 document with the tools array; documents without a
// subject or with an unversioned one.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <wardround/inventory/cyclonedx.h>

#include "support/inventory_test_support.h"
#include "support/test_support.h"

namespace wardround::inventory {
namespace {

using testing::diagnostics_with;
using testing::find_component;
using testing::Locations;
using testing::Parsed;
using testing::severity_of;

Parsed parse_fixture(const std::string& name) {
    return testing::parse_path(parse_cyclonedx_json,
                               testing::fixture("inventory/cyclonedx/" + name));
}

class CycloneDxPumpSbom : public ::testing::Test {
protected:
    void SetUp() override {
        parsed_ = parse_fixture("pump-1.6.json");
        ASSERT_TRUE(parsed_.report.has_value()) << parsed_.error_text();
        ASSERT_EQ(parsed_.assets.size(), 1U);
    }
    const ObservedAsset& asset() const { return parsed_.assets.front(); }
    const ObservedComponent& component(const std::string& product) const {
        const ObservedComponent* found = find_component(asset(), product);
        EXPECT_NE(found, nullptr) << product;
        static const ObservedComponent kNone;
        return found != nullptr ? *found : kNone;
    }
    Parsed parsed_;
};

TEST_F(CycloneDxPumpSbom, ReportNamesTheFormatTimeAndEveryTool) {
    EXPECT_EQ(parsed_.report->format, "cyclonedx");
    EXPECT_EQ(parsed_.report->observed_at, "2024-03-05T08:30:00.000Z");
    EXPECT_EQ(parsed_.report->tool, "firmware-sbom-builder 2.4.0, hash-stamper, build-farm 17");
    EXPECT_EQ(parsed_.report->assets, 1);
    EXPECT_EQ(parsed_.report->components, 10);
}

TEST_F(CycloneDxPumpSbom, MetadataComponentIsTheAsset) {
    EXPECT_EQ(asset().source_key, "urn:uuid:5c0f2b8e-6d1a-4f3e-9a57-0b2e3c4d5e6f");
    EXPECT_EQ(asset().location, "$.metadata.component");
    EXPECT_EQ(asset().model, "VP-200 volumetric infusion pump");
    // The component's own manufacturer wins over metadata.manufacturer and the supplier.
    EXPECT_EQ(asset().manufacturer, "Example Medical Ltd");
    EXPECT_EQ(asset().kind, AssetKind::kUnknown);
    EXPECT_TRUE(asset().hostname.empty());
}

TEST_F(CycloneDxPumpSbom, MetadataComponentIsAlsoTheFirstComponent) {
    ASSERT_FALSE(asset().components.empty());
    const ObservedComponent& subject = asset().components.front();
    EXPECT_EQ(subject.location, "$.metadata.component");
    EXPECT_EQ(subject.type, "device");
    EXPECT_EQ(subject.ref, "vp-200");
    EXPECT_EQ(subject.version, "3.1.0");
    // A CPE 2.2 URI, converted.
    EXPECT_EQ(subject.cpe, "cpe:2.3:h:example_medical:vp-200:3.1.0:*:*:*:*:*:*:*");
    // Component vendor order: publisher, supplier, manufacturer: the supplier comes first here.
    EXPECT_EQ(subject.vendor, "Example Distribution plc");
}

TEST_F(CycloneDxPumpSbom, ComponentsKeepTheirFieldsAndNesting) {
    std::vector<std::string> products;
    for (const ObservedComponent& c : asset().components) {
        products.push_back(c.product);
    }
    EXPECT_EQ(products,
              (std::vector<std::string>{"VP-200 volumetric infusion pump", "vp-200-firmware",
                                        "openssl", "zlib", "VxWorks", "pump-ui", "orphan",
                                        "unversioned-lib", "numeric-version-lib", "vxworks-shim"}));
    // vxworks-shim shares its bom-ref with VxWorks: kept, with a warning (checked below).
    EXPECT_EQ(component("vxworks-shim").ref, "vxworks");

    const ObservedComponent& firmware = component("vp-200-firmware");
    EXPECT_EQ(firmware.type, "firmware");
    EXPECT_EQ(firmware.vendor, "Example Medical Ltd");  // publisher first
    EXPECT_EQ(firmware.version, "3.1.0-b7");
    EXPECT_EQ(firmware.cpe, "cpe:2.3:o:example_medical:vp-200_firmware:3.1.0-b7:*:*:*:*:*:*:*");
    EXPECT_EQ(firmware.ref, "vp-200-fw");
    EXPECT_EQ(firmware.parent_ref, "");
    EXPECT_EQ(firmware.location, "$.components[0]");

    const ObservedComponent& openssl = component("openssl");
    EXPECT_EQ(openssl.vendor, "OpenSSL Software Foundation");  // supplier before manufacturer
    EXPECT_EQ(openssl.cpe, "cpe:2.3:a:openssl:openssl:1.1.1k:*:*:*:*:*:*:*");
    EXPECT_EQ(openssl.purl, "pkg:generic/openssl@1.1.1k");
    EXPECT_EQ(openssl.parent_ref, "vp-200-fw");
    EXPECT_EQ(openssl.location, "$.components[0].components[0]");

    const ObservedComponent& zlib = component("zlib");
    EXPECT_EQ(zlib.vendor, "Jean-loup Gailly and Mark Adler");  // author before group
    EXPECT_EQ(zlib.ref, "$.components[0].components[1]");       // no bom-ref: its path
    EXPECT_EQ(zlib.parent_ref, "vp-200-fw");

    EXPECT_EQ(component("VxWorks").vendor, "Wind River");  // manufacturer before authors
    EXPECT_EQ(component("VxWorks").version, "7 SR0650");
    EXPECT_EQ(component("pump-ui").vendor, "org.example.pump");  // group, the last resort
    EXPECT_EQ(component("pump-ui").purl, "pkg:maven/org.example.pump/pump-ui@2.0?type=jar");

    // The child of a component left out for having no name hangs from the top level, and its
    // vendor is the first author with a name.
    EXPECT_EQ(component("orphan").parent_ref, "");
    EXPECT_EQ(component("orphan").vendor, "Ada Example");
    EXPECT_EQ(component("orphan").location, "$.components[3].components[0]");
}

TEST_F(CycloneDxPumpSbom, BadFieldsAreDroppedWithDiagnostics) {
    const ObservedComponent& unversioned = component("unversioned-lib");
    EXPECT_EQ(unversioned.version, "");
    EXPECT_EQ(unversioned.cpe, "");
    EXPECT_EQ(unversioned.purl, "");
    const Diagnostics& d = parsed_.diagnostics;
    EXPECT_EQ(diagnostics_with(d, "cyclonedx.bad_cpe"), Locations{"$.components[4].cpe"});
    EXPECT_EQ(severity_of(d, "cyclonedx.bad_cpe"), Severity::kWarning);
    EXPECT_EQ(diagnostics_with(d, "cyclonedx.bad_purl"), Locations{"$.components[4].purl"});
    EXPECT_EQ(diagnostics_with(d, "inventory.missing_product"), Locations{"$.components[3]"});
    EXPECT_EQ(severity_of(d, "inventory.missing_product"), Severity::kError);
    EXPECT_EQ(diagnostics_with(d, "inventory.missing_version"),
              (Locations{"$.components[4]", "$.components[5]"}));
    EXPECT_EQ(diagnostics_with(d, "inventory.bad_value"),
              (Locations{"$.components[5].supplier", "$.components[5].version"}));
    EXPECT_EQ(component("numeric-version-lib").vendor, "");
    EXPECT_EQ(diagnostics_with(d, "cyclonedx.duplicate_ref"), Locations{"$.components[6]"});
}

TEST_F(CycloneDxPumpSbom, DependenciesBecomeEdgesWithoutDuplicates) {
    EXPECT_EQ(asset().dependencies,
              (std::vector<ObservedDependency>{
                  {"vp-200", "vp-200-fw"}, {"vp-200", "vxworks"}, {"vp-200-fw", "openssl"}}));
    const Diagnostics& d = parsed_.diagnostics;
    EXPECT_EQ(diagnostics_with(d, "cyclonedx.unknown_ref"),
              Locations{"$.dependencies[1].dependsOn[1]"});
    EXPECT_EQ(diagnostics_with(d, "cyclonedx.bad_dependency"),
              (Locations{"$.dependencies[3]", "$.dependencies[4]", "$.dependencies[5].dependsOn"}));
}

TEST_F(CycloneDxPumpSbom, VexStatementsAreNotedNotImported) {
    EXPECT_EQ(diagnostics_with(parsed_.diagnostics, "cyclonedx.vex_ignored"),
              Locations{"$.vulnerabilities"});
    EXPECT_EQ(severity_of(parsed_.diagnostics, "cyclonedx.vex_ignored"), Severity::kInfo);
}

TEST_F(CycloneDxPumpSbom, NothingElseIsReported) {
    std::size_t listed = 0;
    for (const char* code :
         {"cyclonedx.bad_cpe", "cyclonedx.bad_purl", "inventory.missing_product",
          "inventory.missing_version", "inventory.bad_value", "cyclonedx.duplicate_ref",
          "cyclonedx.unknown_ref", "cyclonedx.bad_dependency", "cyclonedx.vex_ignored"}) {
        listed += parsed_.diagnostics.count_by_code().count(code) > 0
                      ? parsed_.diagnostics.count_by_code().at(code)
                      : 0;
    }
    EXPECT_EQ(parsed_.diagnostics.total(), listed);
    EXPECT_EQ(parsed_.diagnostics.total(), 13U);
}

TEST(CycloneDxFixture, Spec12ToolsArrayAndNameVersionKey) {
    Parsed parsed = parse_fixture("tablet-1.2.json");
    ASSERT_TRUE(parsed.report.has_value()) << parsed.error_text();
    EXPECT_EQ(parsed.report->observed_at, "2023-11-20T14:05:09.500Z");
    EXPECT_EQ(parsed.report->tool, "tablet-scanner 0.8, Example Lab");
    ASSERT_EQ(parsed.assets.size(), 1U);
    const ObservedAsset& asset = parsed.assets.front();
    // No serialNumber and no bom-ref: name@version.
    EXPECT_EQ(asset.source_key, "ward-tablet-app@1.0");
    EXPECT_EQ(asset.manufacturer, "Ward Apps Team");  // the publisher, the last choice
    ASSERT_EQ(asset.components.size(), 2U);
    EXPECT_EQ(asset.components[0].ref, "$.metadata.component");
    EXPECT_EQ(asset.components[0].vendor, "Ward Apps Team");
    EXPECT_EQ(asset.components[1].vendor, "@example");
    EXPECT_EQ(asset.components[1].purl, "pkg:npm/%40example/charting@4.2.0");
    EXPECT_TRUE(parsed.diagnostics.empty());
}

TEST(CycloneDxFixture, NoSubjectLeavesTheAssetUnnamed) {
    Parsed parsed = parse_fixture("no-metadata-1.5.json");
    ASSERT_TRUE(parsed.report.has_value()) << parsed.error_text();
    EXPECT_EQ(parsed.report->observed_at, "");
    ASSERT_EQ(parsed.assets.size(), 1U);
    const ObservedAsset& asset = parsed.assets.front();
    EXPECT_EQ(asset.source_key, "");
    EXPECT_EQ(asset.model, "");
    EXPECT_EQ(asset.location, "$");
    ASSERT_EQ(asset.components.size(), 1U);
    EXPECT_EQ(asset.components[0].ref, "$.components[0]");
    EXPECT_EQ(diagnostics_with(parsed.diagnostics, "cyclonedx.no_subject"),
              Locations{"$.metadata"});
    EXPECT_EQ(diagnostics_with(parsed.diagnostics, "inventory.bad_date"),
              Locations{"$.metadata.timestamp"});
    EXPECT_EQ(parsed.diagnostics.total(), 2U);
}

TEST(CycloneDxFixture, UnversionedSubjectIsNotAComponent) {
    Parsed parsed = parse_fixture("unversioned-subject-1.3.json");
    ASSERT_TRUE(parsed.report.has_value()) << parsed.error_text();
    ASSERT_EQ(parsed.assets.size(), 1U);
    const ObservedAsset& asset = parsed.assets.front();
    EXPECT_EQ(asset.model, "Bedside monitor BM-7");
    EXPECT_EQ(asset.source_key, "urn:uuid:0d9f1c22-8a55-4c6e-b0f1-3e2d1a4b5c6d");
    EXPECT_TRUE(asset.components.empty());
    EXPECT_EQ(parsed.report->components, 0);
    EXPECT_TRUE(parsed.diagnostics.empty());
}

TEST(CycloneDxFixture, SinkErrorStopsTheParse) {
    auto file = InputFile::open(testing::fixture("inventory/cyclonedx/tablet-1.2.json"));
    ASSERT_TRUE(file.has_value());
    Diagnostics diagnostics;
    auto report = parse_cyclonedx_json(*file, diagnostics, [](ObservedAsset&&) -> Status {
        return make_error(ErrorCode::kUnavailable, "database is locked", "store");
    });
    ASSERT_FALSE(report.has_value());
    EXPECT_EQ(report.error().code, ErrorCode::kUnavailable);
    EXPECT_EQ(report.error().message, "database is locked");
}

TEST(CycloneDxFixture, BomRefOfTheSubjectIsTheKeyWithoutASerialNumber) {
    const std::string json = R"({"bomFormat":"CycloneDX","specVersion":"1.4",
        "metadata":{"component":{"type":"device","bom-ref":"theatre-7-anaesthesia",
        "name":"Anaesthesia workstation","supplier":{"name":"Example Supplies"}}},
        "components":[{"type":"firmware","name":"aw-fw","version":"5"}],
        "dependencies":[{"ref":"theatre-7-anaesthesia","dependsOn":["$.components[0]"]}]})";
    auto [report, assets, diagnostics] =
        testing::parse_bytes(parse_cyclonedx_json, "memory.json", json);
    ASSERT_TRUE(report.has_value()) << report.error().to_string();
    ASSERT_EQ(assets.size(), 1U);
    EXPECT_EQ(assets[0].source_key, "theatre-7-anaesthesia");
    EXPECT_EQ(assets[0].manufacturer, "Example Supplies");
    // Named by the graph, the unversioned subject joins the components (with a warning).
    ASSERT_EQ(assets[0].components.size(), 2U);
    EXPECT_EQ(assets[0].components[0].ref, "theatre-7-anaesthesia");
    EXPECT_EQ(assets[0].dependencies,
              (std::vector<ObservedDependency>{{"theatre-7-anaesthesia", "$.components[0]"}}));
    EXPECT_EQ(diagnostics_with(diagnostics, "inventory.missing_version"),
              Locations{"$.metadata.component"});
}

TEST(CycloneDxFixture, SubjectPartsHangFromTheSubject) {
    const std::string json = R"({"bomFormat":"CycloneDX","specVersion":"1.5",
        "metadata":{"component":{"type":"device","name":"Ventilator V9",
            "components":[{"type":"firmware","bom-ref":"v9-fw","name":"v9-firmware","version":"2.2"}]}},
        "components":[{"type":"library","name":"lwip","version":"2.1.3","bom-ref":"lwip"}]})";
    auto [report, assets, diagnostics] =
        testing::parse_bytes(parse_cyclonedx_json, "memory.json", json);
    ASSERT_TRUE(report.has_value()) << report.error().to_string();
    ASSERT_EQ(assets.size(), 1U);
    const auto& components = assets[0].components;
    ASSERT_EQ(components.size(), 3U);
    // The unversioned subject is a component because it has parts (and warned about).
    EXPECT_EQ(components[0].ref, "$.metadata.component");
    EXPECT_EQ(components[1].product, "v9-firmware");
    EXPECT_EQ(components[1].parent_ref, "$.metadata.component");
    EXPECT_EQ(components[1].location, "$.metadata.component.components[0]");
    EXPECT_EQ(components[2].parent_ref, "");
    EXPECT_EQ(assets[0].source_key, "Ventilator V9");
    EXPECT_EQ(diagnostics_with(diagnostics, "inventory.missing_version"),
              Locations{"$.metadata.component"});
}

TEST(CycloneDxFixture, ControlCharactersAreNotText) {
    const std::string json = R"({"bomFormat":"CycloneDX","specVersion":"1.4",
        "components":[{"type":"library","name":"zlib\u0000evil","version":"1.3"},
                      {"type":"library","name":"zlib","version":"1.3\n"}]})";
    auto [report, assets, diagnostics] =
        testing::parse_bytes(parse_cyclonedx_json, "memory.json", json);
    ASSERT_TRUE(report.has_value()) << report.error().to_string();
    ASSERT_EQ(assets.size(), 1U);
    ASSERT_EQ(assets[0].components.size(), 1U);
    EXPECT_EQ(assets[0].components[0].product, "zlib");
    EXPECT_EQ(assets[0].components[0].version, "");
    EXPECT_EQ(diagnostics_with(diagnostics, "inventory.bad_text"),
              (Locations{"$.components[0].name", "$.components[1].version"}));
    EXPECT_EQ(severity_of(diagnostics, "inventory.bad_text"), Severity::kWarning);
}

}  // namespace
}  // namespace wardround::inventory

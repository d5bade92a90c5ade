// SPDX-License-Identifier: Apache-2.0
// The SPDX importer over our own fixtures (tests/data/inventory/spdx): a firmware document with
// every kind of external reference, supplier spelling and relationship direction, and a document
// that describes none of its packages.
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <wardround/inventory/spdx.h>

#include "support/inventory_test_support.h"
#include "support/test_support.h"

namespace wardround::inventory {
namespace {

using testing::diagnostics_with;
using testing::Locations;
using testing::Parsed;
using testing::severity_of;

Parsed parse_fixture(const std::string& name) {
    return testing::parse_path(parse_spdx_json, testing::fixture("inventory/spdx/" + name));
}

class PumpFirmwareSpdx : public ::testing::Test {
protected:
    void SetUp() override {
        parsed_ = parse_fixture("pump-firmware.spdx.json");
        ASSERT_TRUE(parsed_.report.has_value()) << parsed_.error_text();
        ASSERT_EQ(parsed_.assets.size(), 1U);
        ASSERT_EQ(asset().components.size(), 4U);
    }
    const ObservedAsset& asset() const { return parsed_.assets.front(); }
    const ObservedComponent& package(std::size_t index) const { return asset().components[index]; }
    Parsed parsed_;
};

TEST_F(PumpFirmwareSpdx, ReportHasTheCreationTimeAndTools) {
    EXPECT_EQ(parsed_.report->format, "spdx");
    EXPECT_EQ(parsed_.report->observed_at, "2024-03-05T08:30:00.250Z");
    EXPECT_EQ(parsed_.report->tool, "fw-sbom-gen-1.4, enricher");
    EXPECT_EQ(parsed_.report->assets, 1);
    EXPECT_EQ(parsed_.report->components, 4);
}

TEST_F(PumpFirmwareSpdx, DescribedPackageIsTheAsset) {
    EXPECT_EQ(asset().model, "vp-200-firmware");
    EXPECT_EQ(asset().manufacturer, "Example Medical Ltd");
    EXPECT_EQ(asset().source_key, "vp-200-firmware@3.1.0");
    EXPECT_EQ(asset().location, "$.packages[0]");
    EXPECT_EQ(asset().kind, AssetKind::kUnknown);
}

TEST_F(PumpFirmwareSpdx, PackagesBecomeComponents) {
    const ObservedComponent& pump = package(0);
    EXPECT_EQ(pump.ref, "SPDXRef-Pump");
    EXPECT_EQ(pump.product, "vp-200-firmware");
    EXPECT_EQ(pump.version, "3.1.0");
    EXPECT_EQ(pump.type, "firmware");
    // "Organization: " and the contact address are removed.
    EXPECT_EQ(pump.vendor, "Example Medical Ltd");
    // A cpe22Type, converted (and filed under SECURITY, as SPDX does).
    EXPECT_EQ(pump.cpe, "cpe:2.3:o:example_medical:vp-200_firmware:3.1.0:*:*:*:*:*:*:*");
    EXPECT_EQ(pump.location, "$.packages[0]");
    EXPECT_EQ(pump.parent_ref, "");

    const ObservedComponent& openssl = package(1);
    EXPECT_EQ(openssl.product, "openssl");
    EXPECT_EQ(openssl.vendor, "OpenSSL Project");  // supplier NOASSERTION: the originator
    EXPECT_EQ(openssl.type, "library");
    EXPECT_EQ(openssl.purl, "pkg:generic/openssl@1.1.1k");  // the first of two
    EXPECT_EQ(openssl.cpe, "cpe:2.3:a:openssl:openssl:1.1.1k:*:*:*:*:*:*:*");

    const ObservedComponent& zlib = package(2);
    EXPECT_EQ(zlib.product, "zlib");
    EXPECT_EQ(zlib.version, "");
    EXPECT_EQ(zlib.vendor, "Mark Adler");  // "Person: " removed
    EXPECT_EQ(zlib.type, "");              // SOURCE has no component type
    EXPECT_EQ(zlib.purl, "");
    EXPECT_EQ(zlib.cpe, "");

    const ObservedComponent& busybox = package(3);
    EXPECT_EQ(busybox.product, "busybox");
    EXPECT_EQ(busybox.type, "operating-system");
    EXPECT_EQ(busybox.vendor, "Erik Example");
}

TEST_F(PumpFirmwareSpdx, RelationshipsBetweenPackagesAreEdges) {
    // CONTAINS as written, DEPENDENCY_OF and RUNTIME_DEPENDENCY_OF reversed; the DEPENDS_ON that
    // repeats a reversed edge, the file, the left-out package and GENERATED_FROM give none.
    EXPECT_EQ(asset().dependencies,
              (std::vector<ObservedDependency>{{"SPDXRef-Pump", "SPDXRef-openssl"},
                                               {"SPDXRef-openssl", "SPDXRef-zlib"},
                                               {"SPDXRef-Pump", "SPDXRef-busybox"}}));
}

TEST_F(PumpFirmwareSpdx, ProblemsAreDiagnosedWhereTheyAre) {
    const Diagnostics& d = parsed_.diagnostics;
    EXPECT_EQ(diagnostics_with(d, "inventory.missing_product"), Locations{"$.packages[3]"});
    EXPECT_EQ(severity_of(d, "inventory.missing_product"), Severity::kError);
    EXPECT_EQ(diagnostics_with(d, "inventory.missing_version"), Locations{"$.packages[2]"});
    EXPECT_EQ(severity_of(d, "inventory.missing_version"), Severity::kWarning);
    EXPECT_EQ(diagnostics_with(d, "spdx.bad_purl"),
              Locations{"$.packages[2].externalRefs[0].referenceLocator"});
    EXPECT_EQ(diagnostics_with(d, "spdx.bad_cpe"),
              Locations{"$.packages[2].externalRefs[1].referenceLocator"});
    EXPECT_EQ(diagnostics_with(d, "spdx.extra_ref"),
              Locations{"$.packages[1].externalRefs[2].referenceLocator"});
    EXPECT_EQ(severity_of(d, "spdx.extra_ref"), Severity::kInfo);
    EXPECT_EQ(diagnostics_with(d, "spdx.security_ref_ignored"),
              Locations{"$.packages[1].externalRefs[3]"});
    EXPECT_EQ(severity_of(d, "spdx.security_ref_ignored"), Severity::kInfo);
    EXPECT_EQ(diagnostics_with(d, "spdx.bad_relationship"),
              (Locations{"$.relationships[8]", "$.relationships[9]"}));
    EXPECT_EQ(d.total(), 8U);
}

TEST(SpdxFixture, NoDescribedPackageKeysTheAssetByNamespace) {
    Parsed parsed = parse_fixture("namespace-only.spdx.json");
    ASSERT_TRUE(parsed.report.has_value()) << parsed.error_text();
    ASSERT_EQ(parsed.assets.size(), 1U);
    const ObservedAsset& asset = parsed.assets.front();
    EXPECT_EQ(asset.source_key, "https://sbom.example.org/spdx/ward-kiosk-image-2024-02");
    EXPECT_EQ(asset.model, "");
    EXPECT_EQ(asset.location, "$");
    ASSERT_EQ(asset.components.size(), 1U);
    EXPECT_EQ(asset.components[0].cpe, "cpe:2.3:a:haxx:curl:8.5.0:*:*:*:*:*:*:*");
    EXPECT_EQ(asset.components[0].ref, "SPDXRef-Package-curl");
    // No "Tool: " creator, and 30 February is no date.
    EXPECT_EQ(parsed.report->tool, "");
    EXPECT_EQ(parsed.report->observed_at, "");
    EXPECT_EQ(diagnostics_with(parsed.diagnostics, "inventory.bad_date"),
              Locations{"$.creationInfo.created"});
    EXPECT_EQ(diagnostics_with(parsed.diagnostics, "spdx.no_subject"),
              Locations{"$.documentDescribes"});
    EXPECT_EQ(parsed.diagnostics.total(), 2U);
}

TEST(SpdxFixture, DescribedByAndDocumentDescribesNameTheSubject) {
    const std::string json = R"({"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT",
        "documentDescribes":["SPDXRef-File-x","SPDXRef-monitor"],
        "packages":[{"SPDXID":"SPDXRef-lib","name":"libmodbus","versionInfo":"3.1.10"},
                    {"SPDXID":"SPDXRef-monitor","name":"BM-7 software","versionInfo":"7.2",
                     "supplier":"Organization: Example Monitoring"}],
        "relationships":[{"spdxElementId":"SPDXRef-lib","relationshipType":"DESCRIBED_BY",
                          "relatedSpdxElement":"SPDXRef-DOCUMENT"},
                         {"spdxElementId":"SPDXRef-monitor","relationshipType":"STATIC_LINK",
                          "relatedSpdxElement":"SPDXRef-lib"}]})";
    auto [report, assets, diagnostics] =
        testing::parse_bytes(parse_spdx_json, "memory.spdx.json", json);
    ASSERT_TRUE(report.has_value()) << report.error().to_string();
    ASSERT_EQ(assets.size(), 1U);
    // documentDescribes comes first; its file is not a package and is passed over.
    EXPECT_EQ(assets[0].model, "BM-7 software");
    EXPECT_EQ(assets[0].manufacturer, "Example Monitoring");
    EXPECT_EQ(assets[0].source_key, "BM-7 software@7.2");
    EXPECT_EQ(assets[0].location, "$.packages[1]");
    EXPECT_EQ(assets[0].dependencies,
              (std::vector<ObservedDependency>{{"SPDXRef-monitor", "SPDXRef-lib"}}));
    EXPECT_TRUE(diagnostics.empty());
}

TEST(SpdxFixture, SinkErrorStopsTheParse) {
    auto file = InputFile::open(testing::fixture("inventory/spdx/namespace-only.spdx.json"));
    ASSERT_TRUE(file.has_value());
    Diagnostics diagnostics;
    auto report = parse_spdx_json(*file, diagnostics, [](ObservedAsset&&) -> Status {
        return make_error(ErrorCode::kUnavailable, "database is locked", "store");
    });
    ASSERT_FALSE(report.has_value());
    EXPECT_EQ(report.error().code, ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace wardround::inventory

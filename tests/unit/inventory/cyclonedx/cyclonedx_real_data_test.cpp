// SPDX-License-Identifier: Apache-2.0
// The importer over every CycloneDX document in ../shared/data/sbom/cyclonedx (CycloneDX's own
// bom-examples: npm, Maven, composer, Go, an OBOM, an HBOM and VEX documents, specs 1.2 to 1.4).
// Counts were taken with Python's json module over the same files and agree with the data
// README: components at the top level and in total, dependency edges (no file has a duplicate or
// a dangling one).
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include <wardround/inventory/cyclonedx.h>

#include "support/inventory_test_support.h"
#include "support/test_support.h"

namespace wardround::inventory {
namespace {

constexpr const char* kFolder = "sbom/cyclonedx";

struct Imported {
    ObservedReport report;
    ObservedAsset asset;
    std::map<std::string, std::size_t> codes;
};

std::optional<Imported> import(const std::string& path) {
    testing::Parsed parsed = testing::parse_path(parse_cyclonedx_json, path);
    EXPECT_TRUE(parsed.report.has_value()) << parsed.error_text();
    EXPECT_EQ(parsed.assets.size(), 1U) << path;
    if (!parsed.report || parsed.assets.size() != 1) {
        return std::nullopt;
    }
    return Imported{*parsed.report, std::move(parsed.assets.front()),
                    parsed.diagnostics.count_by_code()};
}

using testing::find_component;

struct RealCase {
    const char* file;
    std::size_t top_level;  // components[] of the document
    std::size_t all;        // with nested ones
    bool subject_emitted;   // metadata.component also a component
    std::size_t edges;
    const char* source_key;
    const char* model;
    const char* observed_at;
    const char* tool;
    std::map<std::string, std::size_t> codes;
};

void PrintTo(const RealCase& entry, std::ostream* out) {
    *out << entry.file;
}

const std::vector<RealCase>& real_cases() {
    static const std::vector<RealCase> kCases = {
        {"HBOM-PCIe-SATA-adapter-board-bom.json",
         6,
         6,
         true,
         0,
         "urn:uuid:e8c355aa-2142-4084-a8c7-6d42c8610ba2",
         "pcie-sata-adaptor-board",
         "2022-01-09T12:00:00.000Z",
         "",
         {{"inventory.missing_version", 5}}},
        {"OBOM-Example-1-Decoupled-obom.json",
         1,
         1,
         true,
         0,
         "urn:uuid:882b032e-0f98-4017-a0ea-b763e94b7269",
         "Keycloak",
         "2022-08-02T12:00:00.000Z",
         "",
         {}},
        {"OBOM-Example-1-Standalone-bom.json",
         904,
         904,
         true,
         994,
         "urn:uuid:411dafd2-c29f-491a-97d7-e97de5bc2289",
         "keycloak-parent",
         "2020-08-02T21:21:17.000Z",
         "CycloneDX Maven plugin 2.0.2",
         {}},
        {"SBOM-cern-lhc-vdm-editor-e564943-bom.json",
         43,
         43,
         true,
         0,
         "urn:uuid:699b6458-60da-4f52-b1b3-34915dc01eb6",
         "lhc-vdm-editor",
         "2020-08-03T01:28:52.765Z",
         "Node.js module 2.0.0",
         {}},
        {"SBOM-dropwizard-1.3.15-bom.json",
         167,
         167,
         true,
         170,
         "urn:uuid:b4f2954f-a96d-4578-9509-1ae2d6476209",
         "dropwizard-parent",
         "2020-08-02T21:27:04.000Z",
         "CycloneDX Maven plugin 2.0.2",
         {}},
        {"SBOM-juice-shop-via_npm-bare-bom.1.4.json",
         837,
         1115,
         true,
         1775,
         "juice-shop@14.1.1",
         "juice-shop",
         "",
         "cyclonedx-library 1.13.3, cyclonedx-npm 1.9.2",
         {}},
        {"SBOM-laravel-7.12.0-bom.1.4.json",
         62,
         62,
         true,
         113,
         "cyclonedx/cyclonedx-php-composer-demo-dev-master",
         "cyclonedx-php-composer-demo",
         "",
         "cyclonedx-php-composer in-dev",
         {}},
        {"SBOM-proton-bridge-v1.6.3.bom.json",
         201,
         201,
         true,
         232,
         "urn:uuid:2392d49c-ea93-44e0-aa36-5923fcfb5efb",
         "github.com/ProtonMail/proton-bridge",
         "2021-05-16T15:08:44.000Z",
         "cyclonedx-gomod v0.6.1",
         {}},
        {"SBOM-proton-bridge-v1.8.0.bom.json",
         201,
         201,
         true,
         232,
         "urn:uuid:d7a0ac67-e0f8-4342-86c6-801a02437636",
         "github.com/ProtonMail/proton-bridge",
         "2021-05-16T15:10:53.000Z",
         "cyclonedx-gomod v0.6.1",
         {}},
        {"VEX-CISA-Use-Cases-Case-2-vex.json",
         0,
         0,
         true,
         0,
         "product-ABC",
         "ABC",
         "2022-03-03T00:00:00.000Z",
         "",
         {{"cyclonedx.vex_ignored", 1}}},
        {"VEX-bom.json",
         3,
         3,
         true,
         0,
         "urn:uuid:5f0f0da9-c03d-47d8-b38d-009e6df67094",
         "example-app",
         "2022-01-11T02:55:27.000Z",
         "CycloneDX Maven plugin 2.5.3",
         {}},
        {"VEX-vex.json",
         0,
         0,
         false,
         0,
         "",
         "",
         "",
         "",
         {{"cyclonedx.vex_ignored", 1}, {"cyclonedx.no_subject", 1}}},
    };
    return kCases;
}

TEST(CycloneDxRealData, EveryFileInTheFolderHasACase) {
    WARDROUND_SHARED_DATA_OR_SKIP(folder, kFolder);
    const std::vector<std::string> files = testing::file_names(folder);
    std::vector<std::string> cases;
    for (const RealCase& entry : real_cases()) {
        cases.emplace_back(entry.file);
    }
    EXPECT_EQ(files, cases);
}

class CycloneDxRealFile : public ::testing::TestWithParam<RealCase> {};

TEST_P(CycloneDxRealFile, ImportsWithTheExactCounts) {
    const RealCase& entry = GetParam();
    WARDROUND_SHARED_DATA_OR_SKIP(path, std::string(kFolder) + "/" + entry.file);
    const auto imported = import(path);
    ASSERT_TRUE(imported.has_value());
    const ObservedAsset& asset = imported->asset;
    std::size_t top_level = 0;
    std::size_t nested = 0;
    std::size_t subject = 0;
    for (const ObservedComponent& component : asset.components) {
        if (component.location == "$.metadata.component") {
            ++subject;
        } else if (component.parent_ref.empty()) {
            ++top_level;
        } else {
            ++nested;
        }
    }
    EXPECT_EQ(top_level, entry.top_level);
    EXPECT_EQ(top_level + nested, entry.all);
    EXPECT_EQ(subject, entry.subject_emitted ? 1U : 0U);
    EXPECT_EQ(imported->report.components, static_cast<std::int64_t>(asset.components.size()));
    EXPECT_EQ(imported->report.assets, 1);
    EXPECT_EQ(imported->report.format, "cyclonedx");
    EXPECT_EQ(asset.dependencies.size(), entry.edges);
    EXPECT_EQ(asset.source_key, entry.source_key);
    EXPECT_EQ(asset.model, entry.model);
    EXPECT_EQ(asset.kind, AssetKind::kUnknown);
    EXPECT_EQ(imported->report.observed_at, entry.observed_at);
    EXPECT_EQ(imported->report.tool, entry.tool);
    EXPECT_EQ(imported->codes, entry.codes);
    // Every edge joins two components of the asset.
    std::set<std::string> refs;
    for (const ObservedComponent& component : asset.components) {
        refs.insert(component.ref);
    }
    for (const ObservedDependency& edge : asset.dependencies) {
        EXPECT_TRUE(refs.count(edge.from_ref) == 1 && refs.count(edge.to_ref) == 1)
            << edge.from_ref << " -> " << edge.to_ref;
    }
}

INSTANTIATE_TEST_SUITE_P(SharedData,
                         CycloneDxRealFile,
                         ::testing::ValuesIn(real_cases()),
                         [](const ::testing::TestParamInfo<RealCase>& param) {
                             std::string name;
                             for (const char* c = param.param.file; *c != '\0'; ++c) {
                                 name +=
                                     std::isalnum(static_cast<unsigned char>(*c)) != 0 ? *c : '_';
                             }
                             return name;
                         });

TEST(CycloneDxRealData, ObomOperatingSystemCarriesItsCpe) {
    WARDROUND_SHARED_DATA_OR_SKIP(path,
                                  std::string(kFolder) + "/OBOM-Example-1-Standalone-bom.json");
    const auto imported = import(path);
    ASSERT_TRUE(imported.has_value());
    const ObservedComponent* rhel = find_component(imported->asset, "Red Hat Enterprise Linux");
    ASSERT_NE(rhel, nullptr);
    EXPECT_EQ(rhel->type, "operating-system");
    EXPECT_EQ(rhel->vendor, "Red Hat");
    EXPECT_EQ(rhel->version, "8.0");
    EXPECT_EQ(rhel->cpe, "cpe:2.3:o:redhat:enterprise_linux:8.0:*:*:*:*:*:*:*");
    EXPECT_EQ(rhel->ref, "rhel-8.0");
    EXPECT_EQ(rhel->purl, "");
    const ObservedComponent& subject = imported->asset.components.front();
    EXPECT_EQ(subject.location, "$.metadata.component");
    EXPECT_EQ(subject.purl, "pkg:maven/org.keycloak/keycloak-parent@10.0.2");
    EXPECT_EQ(subject.vendor, "org.keycloak");
    const ObservedComponent* bouncy = find_component(imported->asset, "bcprov-jdk15on");
    ASSERT_NE(bouncy, nullptr);
    EXPECT_EQ(bouncy->purl, "pkg:maven/org.bouncycastle/bcprov-jdk15on@1.62?type=jar");
    EXPECT_EQ(bouncy->version, "1.62");
}

TEST(CycloneDxRealData, DecoupledObomIsTheOperatingSystemAlone) {
    WARDROUND_SHARED_DATA_OR_SKIP(path,
                                  std::string(kFolder) + "/OBOM-Example-1-Decoupled-obom.json");
    const auto imported = import(path);
    ASSERT_TRUE(imported.has_value());
    ASSERT_EQ(imported->asset.components.size(), 2U);
    EXPECT_EQ(imported->asset.components[0].ref, "$.metadata.component");
    EXPECT_EQ(imported->asset.components[1].cpe,
              "cpe:2.3:o:redhat:enterprise_linux:8.0:*:*:*:*:*:*:*");
}

TEST(CycloneDxRealData, JuiceShopKeepsScopedPurlsAndNesting) {
    WARDROUND_SHARED_DATA_OR_SKIP(
        path, std::string(kFolder) + "/SBOM-juice-shop-via_npm-bare-bom.1.4.json");
    const auto imported = import(path);
    ASSERT_TRUE(imported.has_value());
    const ObservedAsset& asset = imported->asset;
    const ObservedComponent* babel = find_component(asset, "helper-string-parser");
    ASSERT_NE(babel, nullptr);
    EXPECT_EQ(babel->purl,
              "pkg:npm/%40babel/helper-string-parser@7.19.4#packages/babel-helper-string-parser");
    EXPECT_EQ(babel->vendor, "The Babel Team");  // author before group
    EXPECT_EQ(babel->ref, "@babel/helper-string-parser@7.19.4");
    // A nested component names its parent by bom-ref.
    const auto nested = std::find_if(
        asset.components.begin(), asset.components.end(), [](const ObservedComponent& c) {
            return c.ref == "@mapbox/node-pre-gyp@1.0.10|ansi-regex@5.0.1";
        });
    ASSERT_NE(nested, asset.components.end());
    EXPECT_EQ(nested->parent_ref, "@mapbox/node-pre-gyp@1.0.10");
    EXPECT_EQ(nested->product, "ansi-regex");
    EXPECT_EQ(nested->version, "5.0.1");
    EXPECT_EQ(nested->purl, "pkg:npm/ansi-regex@5.0.1");
    EXPECT_EQ(asset.components.front().ref, "juice-shop@14.1.1");
    EXPECT_EQ(asset.manufacturer, "");
}

TEST(CycloneDxRealData, HbomDevicesNameTheirSuppliers) {
    WARDROUND_SHARED_DATA_OR_SKIP(path,
                                  std::string(kFolder) + "/HBOM-PCIe-SATA-adapter-board-bom.json");
    const auto imported = import(path);
    ASSERT_TRUE(imported.has_value());
    std::vector<std::string> vendors;
    for (const ObservedComponent& component : imported->asset.components) {
        EXPECT_EQ(component.type, "device");
        vendors.push_back(component.vendor);
    }
    // The board itself (group uk.ac.cam.cl), then the parts.
    EXPECT_EQ(vendors, (std::vector<std::string>{"uk.ac.cam.cl", "Samtec", "Molex", "3M",
                                                 "Multicomp", "TE Connectivity", "Multicomp"}));
    EXPECT_EQ(imported->asset.source_key, "urn:uuid:e8c355aa-2142-4084-a8c7-6d42c8610ba2");
}

TEST(CycloneDxRealData, ProtonBridgePairDiffersBySevenUpgrades) {
    WARDROUND_SHARED_DATA_OR_SKIP(old_path,
                                  std::string(kFolder) + "/SBOM-proton-bridge-v1.6.3.bom.json");
    WARDROUND_SHARED_DATA_OR_SKIP(new_path,
                                  std::string(kFolder) + "/SBOM-proton-bridge-v1.8.0.bom.json");
    const auto before = import(old_path);
    const auto after = import(new_path);
    ASSERT_TRUE(before.has_value() && after.has_value());
    auto versions = [](const ObservedAsset& asset) {
        std::map<std::string, std::string> out;
        for (const ObservedComponent& component : asset.components) {
            if (component.location != "$.metadata.component") {
                out[component.product] = component.version;
            }
        }
        return out;
    };
    const auto old_versions = versions(before->asset);
    const auto new_versions = versions(after->asset);
    ASSERT_EQ(old_versions.size(), 201U);
    ASSERT_EQ(new_versions.size(), 201U);
    std::map<std::string, std::pair<std::string, std::string>> upgrades;
    for (const auto& [product, version] : old_versions) {
        ASSERT_EQ(new_versions.count(product), 1U) << product;
        if (new_versions.at(product) != version) {
            upgrades[product] = {version, new_versions.at(product)};
        }
    }
    EXPECT_EQ(upgrades.size(), 7U);
    ASSERT_EQ(upgrades.count("github.com/miekg/dns"), 1U);
    EXPECT_EQ(upgrades["github.com/miekg/dns"],
              (std::pair<std::string, std::string>{"v1.1.30", "v1.1.41"}));
    EXPECT_EQ(upgrades["github.com/go-resty/resty/v2"],
              (std::pair<std::string, std::string>{"v2.3.0", "v2.6.0"}));
    const ObservedComponent* dns = find_component(after->asset, "github.com/miekg/dns");
    ASSERT_NE(dns, nullptr);
    EXPECT_EQ(dns->purl, "pkg:golang/github.com/miekg/dns@v1.1.41");
    EXPECT_EQ(before->asset.components.front().version, "v1.6.3");
    EXPECT_EQ(after->asset.components.front().version, "v1.8.0");
}

TEST(CycloneDxRealData, VexBomPublisherIsTheVendor) {
    WARDROUND_SHARED_DATA_OR_SKIP(path, std::string(kFolder) + "/VEX-bom.json");
    const auto imported = import(path);
    ASSERT_TRUE(imported.has_value());
    const ObservedComponent* databind = find_component(imported->asset, "jackson-databind");
    ASSERT_NE(databind, nullptr);
    EXPECT_EQ(databind->vendor, "FasterXML");
    EXPECT_EQ(databind->version, "2.10.0");
    EXPECT_EQ(databind->purl,
              "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0?type=jar");
}

}  // namespace
}  // namespace wardround::inventory

// SPDX-License-Identifier: Apache-2.0
// The importer over every SPDX document in ../shared/data/sbom/spdx (spdx/spdx-examples, SPDX 2.2
// and 2.3). Package counts, package-to-package relationship edges and purls were taken with
// Python's json module over the same files; files are never components.
#include <cctype>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <wardround/inventory/spdx.h>

#include "support/inventory_test_support.h"
#include "support/test_support.h"

namespace wardround::inventory {
namespace {

constexpr const char* kFolder = "sbom/spdx";

struct Imported {
    ObservedReport report;
    ObservedAsset asset;
    std::map<std::string, std::size_t> codes;
    std::vector<Diagnostic> kept;
};

std::optional<Imported> import(const std::string& path) {
    testing::Parsed parsed = testing::parse_path(parse_spdx_json, path);
    EXPECT_TRUE(parsed.report.has_value()) << parsed.error_text();
    EXPECT_EQ(parsed.assets.size(), 1U) << path;
    if (!parsed.report || parsed.assets.size() != 1) {
        return std::nullopt;
    }
    return Imported{*parsed.report, std::move(parsed.assets.front()),
                    parsed.diagnostics.count_by_code(), parsed.diagnostics.kept()};
}

using Edges = std::vector<ObservedDependency>;

struct RealCase {
    const char* file;
    std::size_t packages;
    Edges edges;
    const char* source_key;
    const char* model;
    const char* manufacturer;
    const char* observed_at;
    const char* tool;
    std::map<std::string, std::size_t> codes;
};

void PrintTo(const RealCase& entry, std::ostream* out) {
    *out << entry.file;
}

const std::vector<RealCase>& real_cases() {
    static const std::vector<RealCase> kCases = {
        {"presentations-OSS-NA-2023-04-SBOMwSecurity.spdx.json",
         2,
         {{"SPDXRef-Package", "SPDXRef-xlsx"}},
         "tools-java@1.5.1",
         "tools-java",
         "SPDX",
         "2023-05-12T18:30:22.000Z",
         "",
         {{"spdx.security_ref_ignored", 1}}},
        {"software-example11-sbom.spdx.json",
         4,
         {{"SPDXRef-Package-hello-server-src",
           "SPDXRef-Package-SPDXRef-Package-cargo-pretty-env-logger-0.4.0"},
          {"SPDXRef-Package-hello-server-src", "SPDXRef-Package-SPDXRef-Package-cargo-tokio-1"},
          {"SPDXRef-Package-hello-server-src", "SPDXRef-Package-SPDXRef-Package-cargo-hyper-0.14"}},
         "hello-server-src@0.1.0",
         "hello-server-src",
         "",
         "2022-11-03T07:10:10.000Z",
         "sigs.k8s.io/bom/pkg/spdx",
         {}},
        {"software-example12-hello-src.spdx.json",
         1,
         {},
         "hello@0.0.1",
         "hello",
         "DocFest",
         "2022-11-04T11:11:52.000Z",
         "Microsoft.SBOMTool-0.2.7",
         {}},
        {"software-example14-examplemaven-0.0.1-enriched.spdx.json",
         6,
         {{"SPDXRef-example", "SPDXRef-junit"},
          {"SPDXRef-example", "SPDXRef-log4jslf4jbinding"},
          {"SPDXRef-example", "SPDXRef-log4jslf4jApi"},
          {"SPDXRef-example", "SPDXRef-log4jApi"},
          {"SPDXRef-example", "SPDXRef-log4jImpl"}},
         "examplemaven@0.0.1",
         "examplemaven",
         "SPDX",
         "2024-11-18T10:22:12.000Z",
         "spdx-maven-plugin, Parlay",
         {{"inventory.missing_version", 4}}},
        {"software-example9-appbomination.spdx.json",
         7,
         {{"SPDXRef-22", "SPDXRef-23"},
          {"SPDXRef-1", "SPDXRef-21"},
          {"SPDXRef-1", "SPDXRef-22"},
          {"SPDXRef-1", "SPDXRef-20"}},
         "App-BOM-ination@1.0",
         "App-BOM-ination",
         "ACT Project",
         "2021-09-02T13:46:32.000Z",
         "Source Auditor Open Source Console",
         {{"inventory.missing_version", 2}}},
    };
    return kCases;
}

TEST(SpdxRealData, EveryFileInTheFolderHasACase) {
    WARDROUND_SHARED_DATA_OR_SKIP(folder, kFolder);
    const std::vector<std::string> files = testing::file_names(folder);
    std::vector<std::string> cases;
    for (const RealCase& entry : real_cases()) {
        cases.emplace_back(entry.file);
    }
    EXPECT_EQ(files, cases);
}

class SpdxRealFile : public ::testing::TestWithParam<RealCase> {};

TEST_P(SpdxRealFile, ImportsWithTheExactCounts) {
    const RealCase& entry = GetParam();
    WARDROUND_SHARED_DATA_OR_SKIP(path, std::string(kFolder) + "/" + entry.file);
    const auto imported = import(path);
    ASSERT_TRUE(imported.has_value());
    const ObservedAsset& asset = imported->asset;
    EXPECT_EQ(asset.components.size(), entry.packages);
    EXPECT_EQ(imported->report.components, static_cast<std::int64_t>(entry.packages));
    EXPECT_EQ(imported->report.format, "spdx");
    EXPECT_EQ(imported->report.assets, 1);
    EXPECT_EQ(asset.dependencies, entry.edges);
    EXPECT_EQ(asset.source_key, entry.source_key);
    EXPECT_EQ(asset.model, entry.model);
    EXPECT_EQ(asset.manufacturer, entry.manufacturer);
    EXPECT_EQ(imported->report.observed_at, entry.observed_at);
    EXPECT_EQ(imported->report.tool, entry.tool);
    EXPECT_EQ(imported->codes, entry.codes);
    for (const ObservedComponent& component : asset.components) {
        EXPECT_EQ(component.ref.rfind("SPDXRef-", 0), 0U) << component.ref;
        EXPECT_EQ(component.location.rfind("$.packages[", 0), 0U) << component.location;
    }
}

INSTANTIATE_TEST_SUITE_P(SharedData,
                         SpdxRealFile,
                         ::testing::ValuesIn(real_cases()),
                         [](const ::testing::TestParamInfo<RealCase>& param) {
                             std::string name;
                             for (const char* c = param.param.file; *c != '\0'; ++c) {
                                 name +=
                                     std::isalnum(static_cast<unsigned char>(*c)) != 0 ? *c : '_';
                             }
                             return name;
                         });

TEST(SpdxRealData, SecurityReferenceIsNotAnIdentifier) {
    WARDROUND_SHARED_DATA_OR_SKIP(
        path, std::string(kFolder) + "/presentations-OSS-NA-2023-04-SBOMwSecurity.spdx.json");
    const auto imported = import(path);
    ASSERT_TRUE(imported.has_value());
    ASSERT_EQ(imported->asset.components.size(), 2U);
    const ObservedComponent& tools = imported->asset.components[0];
    EXPECT_EQ(tools.purl, "pkg:github/spdx/tools-java@2235d5d7f7fe46ce1e0d54b7831c5681633b25cc");
    EXPECT_EQ(tools.vendor, "SPDX");  // "Organization: SPDX (Spdx-tech@lists.spdx.org)"
    const ObservedComponent& xlsx = imported->asset.components[1];
    EXPECT_EQ(xlsx.product, "xlsx");
    EXPECT_EQ(xlsx.version, "0.16.6");
    EXPECT_EQ(xlsx.vendor, "Webjar");
    // The advisory URL is neither a purl nor a CPE: the purl stays, the advisory is reported.
    EXPECT_EQ(xlsx.purl, "pkg:maven/org.webjars.npm/xlsx@0.16.6");
    EXPECT_EQ(xlsx.cpe, "");
    ASSERT_EQ(imported->kept.size(), 1U);
    EXPECT_EQ(imported->kept[0].location, "$.packages[1].externalRefs[1]");
    EXPECT_NE(imported->kept[0].message.find("https://nvd.nist.gov/vuln/detail/CVE-2021-32012"),
              std::string::npos)
        << imported->kept[0].message;
}

TEST(SpdxRealData, AppBominationPurlsAndVendors) {
    WARDROUND_SHARED_DATA_OR_SKIP(
        path, std::string(kFolder) + "/software-example9-appbomination.spdx.json");
    const auto imported = import(path);
    ASSERT_TRUE(imported.has_value());
    std::map<std::string, std::string> purls;
    for (const ObservedComponent& component : imported->asset.components) {
        if (!component.purl.empty()) {
            purls[component.product] = component.purl;
        }
    }
    EXPECT_EQ(purls, (std::map<std::string, std::string>{
                         {"commons-lang3", "pkg:maven/org.apache.commons/commons-lang3@3.4"},
                         {"hamcrest-core", "pkg:maven/org.hamcrest/hamcrest-core@1.3"},
                         {"junit", "pkg:maven/junit/junit@4.12"},
                         {"slf4j-api", "pkg:maven/org.slf4j/slf4j-api@1.7.21"}}));
    EXPECT_EQ(imported->asset.location, "$.packages[1]");
}

TEST(SpdxRealData, OriginatorStandsInForAMissingSupplier) {
    WARDROUND_SHARED_DATA_OR_SKIP(
        path, std::string(kFolder) + "/software-example14-examplemaven-0.0.1-enriched.spdx.json");
    const auto imported = import(path);
    ASSERT_TRUE(imported.has_value());
    const ObservedComponent& junit = imported->asset.components[0];
    EXPECT_EQ(junit.product, "JUnit");
    EXPECT_EQ(junit.version, "3.8.1");
    EXPECT_EQ(junit.vendor, "JUnit");
    // The example package has both; the supplier wins.
    EXPECT_EQ(imported->asset.components[5].vendor, "SPDX");
}

}  // namespace
}  // namespace wardround::inventory

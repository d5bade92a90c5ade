// SPDX-License-Identifier: Apache-2.0
// The real SBOMs and nmap scans in ../shared/data imported into SQLite and PostgreSQL: every file
// into an organisation of its own, with exact counts of what is stored.
#include <filesystem>
#include <map>

#include <gtest/gtest.h>

#include <wardround/core/input_file.h>
#include <wardround/inventory/inventory_store.h>
#include <wardround/org/org_import.h>

#include "support/test_support.h"

namespace wardround::inventory {
namespace {

using store::Backend;
using store::Value;
using testing::count_rows;

struct Expected {
    std::int64_t assets = 0;
    std::int64_t components = 0;
    std::int64_t exposures = 0;
    std::int64_t dependencies = 0;
};

// Components as listed (nested ones included) plus the described product itself, which every
// document but the bare VEX names in metadata.component; dependency edges as listed. The bare VEX
// describes nothing it could be attached to, so it is reported (inventory.missing_identity).
const std::map<std::string, Expected>& cyclonedx_expected() {
    static const std::map<std::string, Expected> kExpected = {
        {"SBOM-juice-shop-via_npm-bare-bom.1.4.json", {1, 1116, 0, 1775}},
        {"OBOM-Example-1-Standalone-bom.json", {1, 905, 0, 994}},
        {"OBOM-Example-1-Decoupled-obom.json", {1, 2, 0, 0}},
        {"SBOM-dropwizard-1.3.15-bom.json", {1, 168, 0, 170}},
        {"SBOM-laravel-7.12.0-bom.1.4.json", {1, 63, 0, 113}},
        {"SBOM-cern-lhc-vdm-editor-e564943-bom.json", {1, 44, 0, 0}},
        {"SBOM-proton-bridge-v1.6.3.bom.json", {1, 202, 0, 232}},
        {"SBOM-proton-bridge-v1.8.0.bom.json", {1, 202, 0, 232}},
        {"HBOM-PCIe-SATA-adapter-board-bom.json", {1, 7, 0, 0}},
        {"VEX-bom.json", {1, 4, 0, 0}},
        // Statements about another document's components, nothing to identify: no asset.
        {"VEX-vex.json", {0, 0, 0, 0}},
        {"VEX-CISA-Use-Cases-Case-2-vex.json", {1, 1, 0, 0}},
    };
    return kExpected;
}

const std::map<std::string, Expected>& spdx_expected() {
    static const std::map<std::string, Expected> kExpected = {
        {"presentations-OSS-NA-2023-04-SBOMwSecurity.spdx.json", {1, 2, 0, 1}},
        {"software-example11-sbom.spdx.json", {1, 4, 0, 3}},
        {"software-example12-hello-src.spdx.json", {1, 1, 0, 0}},
        {"software-example14-examplemaven-0.0.1-enriched.spdx.json", {1, 6, 0, 5}},
        {"software-example9-appbomination.spdx.json", {1, 7, 0, 4}},
    };
    return kExpected;
}

// Hosts up become assets; open and open|filtered ports become services.
const std::map<std::string, Expected>& nmap_expected() {
    static const std::map<std::string, Expected> kExpected = {
        {"1_host_ping.xml", {1, 0, 0, 0}},
        {"diff_1_host_ping_mac_changed.xml", {1, 0, 0, 0}},
        {"1_hosts_down.xml", {1, 0, 0, 0}},
        {"1_hosts_nohostname.xml", {1, 0, 0, 0}},
        {"1_hosts.xml", {1, 0, 5, 0}},
        {"1_hosts_banner.xml", {1, 0, 5, 0}},
        {"1_hosts_banner_ports.xml", {1, 0, 2, 0}},
        {"1_hosts_banner_ports_notsyn.xml", {1, 0, 2, 0}},
        {"1_hosts_banner_ports_xmas.xml", {1, 0, 2, 0}},
        {"1_hosts_diff.xml", {1, 0, 4, 0}},
        {"1_os_banner_scripts.xml", {1, 0, 8, 0}},
        {"2_hosts.xml", {2, 0, 8, 0}},
        {"2_hosts_achange.xml", {2, 0, 7, 0}},
        {"2_hosts_version.xml", {2, 0, 8, 0}},
        {"2_null_hosts.xml", {2, 0, 0, 0}},
        {"2_tcp_hosts.xml", {2, 0, 8, 0}},
        {"dionaea_scan.xml", {1, 0, 16, 0}},
        {"extra_ports.xml", {1, 0, 16, 0}},
        {"full_sudo5.xml", {4, 0, 11, 0}},
        {"full_sudo6.xml", {4, 0, 12, 0}},
        {"fullscan.xml", {2, 0, 9, 0}},
        {"os_scan5.xml", {4, 0, 11, 0}},
        {"os_scan6.xml", {3, 0, 11, 0}},
        {"test_osclass.xml", {1, 0, 7, 0}},
    };
    return kExpected;
}

class RealInventoryTest : public ::testing::TestWithParam<Backend> {
protected:
    // One organisation per file (XF00, XF01, ...) so that files never merge with each other.
    static void add_organisations(store::Database& database, std::size_t count) {
        std::string csv =
            "code,name,type,parent_code\nENG,England,nation,\nXR1,Region,region,ENG\n"
            "XQ1,ICB,icb,XR1\n";
        for (std::size_t i = 0; i < count; ++i) {
            csv += fmt_code(i) + ",Trust " + std::to_string(i) + ",trust,XQ1\n";
        }
        auto file = InputFile::from_memory("organisations.csv", csv);
        auto imported = org::import_organisations(database, file);
        ASSERT_TRUE(imported.has_value()) << imported.error().to_string();
    }

    static std::string fmt_code(std::size_t i) {
        return std::string("XF") + (i < 10 ? "0" : "") + std::to_string(i);
    }

    static std::int64_t count_in(store::Database& database,
                                 const std::string& table,
                                 const std::string& code) {
        const Value params[] = {Value{code}};
        auto count = database.query_value("SELECT COUNT(*) FROM " + table +
                                              " t JOIN organisation o ON o.id = t.org_id "
                                              "WHERE o.code = ?",
                                          params);
        EXPECT_TRUE(count.has_value()) << count.error().to_string();
        return count && *count ? std::get<std::int64_t>(**count) : -1;
    }

    // Imports every file of `folder`, each into its own organisation, and checks the counts.
    void import_folder(const std::string& folder, const std::map<std::string, Expected>& expected) {
        WARDROUND_SHARED_DATA_OR_SKIP(path, folder);
        WARDROUND_TEST_DATABASE(holder, database);
        add_organisations(*database, expected.size());
        InventoryImporter importer(*database);
        std::size_t index = 0;
        std::size_t seen = 0;
        for (const auto& entry : std::filesystem::directory_iterator(path)) {
            if (!entry.is_regular_file()) {
                continue;
            }
            const std::string name = entry.path().filename().string();
            const auto found = expected.find(name);
            ASSERT_NE(found, expected.end()) << "no expectation for " << name;
            ++seen;
            const std::string code = fmt_code(index++);
            InventoryImportOptions options;
            options.org_code = code;
            auto report = importer.import_file(entry.path().string(), options);
            ASSERT_TRUE(report.has_value()) << name << ": " << report.error().to_string();
            EXPECT_EQ(count_in(*database, "asset", code), found->second.assets) << name;
            EXPECT_EQ(count_in(*database, "component", code), found->second.components) << name;
            EXPECT_EQ(count_in(*database, "exposure", code), found->second.exposures) << name;
            EXPECT_EQ(count_in(*database, "component_dependency", code), found->second.dependencies)
                << name;
        }
        EXPECT_EQ(seen, expected.size()) << "files missing from " << folder;
    }
};

TEST_P(RealInventoryTest, EveryCycloneDxSbom) {
    import_folder("sbom/cyclonedx", cyclonedx_expected());
}

TEST_P(RealInventoryTest, EverySpdxDocument) {
    import_folder("sbom/spdx", spdx_expected());
}

TEST_P(RealInventoryTest, EveryNmapScan) {
    import_folder("nmap", nmap_expected());
}

TEST_P(RealInventoryTest, TheMalformedScansChangeNothing) {
    WARDROUND_SHARED_DATA_OR_SKIP(path, "nmap/malformed");
    WARDROUND_TEST_DATABASE(holder, database);
    add_organisations(*database, 1);
    const std::string before = testing::dump_database(*database);
    InventoryImporter importer(*database);
    for (const char* name : {"defused_et_local_includer.xml", "defused_et_included.xml"}) {
        InventoryImportOptions options;
        options.org_code = "XF00";
        options.format = InventoryFormat::kNmap;
        auto report = importer.import_file(path + "/" + name, options);
        ASSERT_FALSE(report.has_value()) << name;
        EXPECT_NE(report.error().to_string().find(name), std::string::npos)
            << report.error().to_string();
    }
    EXPECT_EQ(testing::dump_database(*database), before);
    EXPECT_EQ(count_rows(*database, "asset"), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends,
                         RealInventoryTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         testing::backend_test_name);

}  // namespace
}  // namespace wardround::inventory

// SPDX-License-Identifier: Apache-2.0
// Importing into the estate, on SQLite and PostgreSQL alike: one device reported by Defender, nmap
// and the medical device register becomes one asset; re-imports change nothing; a newer scan marks
// what it no longer sees as stale; an older one overwrites nothing; bad files change nothing;
// unresolved names are listed and a person's mapping resolves them everywhere.
#include <algorithm>
#include <tuple>

#include <gtest/gtest.h>

#include <wardround/core/input_file.h>
#include <wardround/inventory/inventory_queries.h>
#include <wardround/inventory/inventory_store.h>
#include <wardround/org/org_import.h>

#include "support/test_support.h"

namespace wardround::inventory {
namespace {

using store::Backend;
using testing::count_rows;
using testing::dump_database;
using testing::fixture;

const std::set<std::string> kProvenance = {"import_run", "import_diagnostic"};

// The demo estate (data/demo/inventory), which `make demo` imports too; the broken and
// problem files are the tests' own (tests/data/inventory/merge).
std::string demo(const std::string& name) {
    return fixture("../../data/demo/inventory/" + name);
}

class InventoryStoreTest : public ::testing::TestWithParam<Backend> {
protected:
    static void add_organisations(store::Database& database) {
        auto file = InputFile::open(fixture("org/example.csv"));
        ASSERT_TRUE(file.has_value()) << file.error().to_string();
        auto imported = org::import_organisations(database, *file);
        ASSERT_TRUE(imported.has_value()) << imported.error().to_string();
    }

    static InventoryImportReport import(store::Database& database,
                                        const std::string& path,
                                        InventoryImportOptions options = {}) {
        if (options.org_code.empty()) {
            options.org_code = "XT1";
        }
        InventoryImporter importer(database);
        auto report = importer.import_file(path, options);
        EXPECT_TRUE(report.has_value()) << path << ": " << report.error().to_string();
        if (!report) {
            InventoryImportReport failed;
            return failed;
        }
        return std::move(*report);
    }

    // Imports the merge scenario: Defender's machine list and software, the first ward scan and
    // the medical device register.
    static void import_merge_scenario(store::Database& database) {
        import(database, demo("defender-machines.json"));
        import(database, demo("defender-software.json"));
        import(database, demo("scan-2025-11-18.xml"));
        import(database, demo("device-register.csv"));
    }

    static AssetDetail show(store::Database& database, const std::string& reference) {
        auto detail = show_asset(database, InventoryScope{"XT1"}, reference);
        EXPECT_TRUE(detail.has_value()) << reference << ": " << detail.error().to_string();
        return detail ? std::move(*detail) : AssetDetail{};
    }
};

std::vector<std::string> source_labels(const AssetDetail& detail) {
    std::vector<std::string> labels;
    for (const auto& source : detail.sources) {
        labels.push_back(source.source + "/" + source.format);
    }
    std::sort(labels.begin(), labels.end());
    return labels;
}

TEST_P(InventoryStoreTest, OneDeviceSeenByDefenderNmapAndTheRegisterIsOneAsset) {
    WARDROUND_TEST_DATABASE(holder, database);
    add_organisations(*database);
    import_merge_scenario(*database);

    // Defender: two machines; nmap: the ultrasound (same MAC) and an appliance; the register:
    // the ultrasound (same serial host name and MAC) and an infusion pump. Four devices.
    EXPECT_EQ(count_rows(*database, "asset"), 4);
    const AssetDetail ultrasound = show(*database, "US7-2291-0007");
    EXPECT_EQ(ultrasound.summary.hostname, "wrd-us-0007");
    EXPECT_EQ(ultrasound.summary.fqdn, "wrd-us-0007.trust.example.nhs.uk");
    EXPECT_EQ(ultrasound.summary.kind, "medical-device");
    EXPECT_EQ(ultrasound.summary.manufacturer, "Example Medical Systems");
    EXPECT_EQ(ultrasound.summary.model, "Sonora 700 Ultrasound");
    EXPECT_EQ(ultrasound.supported_until, "2027-03-31");
    EXPECT_EQ(ultrasound.summary.macs, std::vector<std::string>{"02:a0:c9:11:00:07"});
    EXPECT_EQ(source_labels(ultrasound),
              (std::vector<std::string>{"defender/defender-machines", "defender/defender-software",
                                        "device-register/device-register", "nmap/nmap"}));
    // The same asset by its host name and by its number.
    EXPECT_EQ(show(*database, "wrd-us-0007").summary.id, ultrasound.summary.id);
    EXPECT_EQ(show(*database, std::to_string(ultrasound.summary.id)).summary.id,
              ultrasound.summary.id);
    // Defender calls it an endpoint, the register a medical device: the newest report wins and
    // the disagreement is kept.
    const auto kind_conflict =
        std::find_if(ultrasound.conflicts.begin(), ultrasound.conflicts.end(),
                     [](const AssetConflict& conflict) { return conflict.field == "kind"; });
    ASSERT_NE(kind_conflict, ultrasound.conflicts.end());
    EXPECT_EQ(kind_conflict->kept_value, "medical-device");
    EXPECT_EQ(kind_conflict->other_value, "endpoint");
    // Components from Defender's software inventory and the register's firmware; services from
    // the scan.
    std::vector<std::string> products;
    for (const auto& component : ultrasound.components) {
        products.push_back(component.product);
    }
    std::sort(products.begin(), products.end());
    EXPECT_EQ(products, (std::vector<std::string>{"7-zip", "Sonora 700 Ultrasound", "chrome"}));
    EXPECT_EQ(ultrasound.exposures.size(), 3U);
    // The operating system from Defender, with the CPE of its Windows release.
    EXPECT_EQ(ultrasound.os_build, "19045");
    EXPECT_NE(ultrasound.os_cpe.find("windows_10_22h2"), std::string::npos) << ultrasound.os_cpe;
}

TEST_P(InventoryStoreTest, ReimportingTheSameFilesChangesNothing) {
    WARDROUND_TEST_DATABASE(holder, database);
    add_organisations(*database);
    import_merge_scenario(*database);
    const std::string before = dump_database(*database, kProvenance);
    for (const std::string& file : {demo("defender-machines.json"), demo("defender-software.json"),
                                    demo("scan-2025-11-18.xml"), demo("device-register.csv")}) {
        const auto report = import(*database, file);
        EXPECT_EQ(report.run.outcome, store::ImportOutcome::kUnchanged) << file;
    }
    EXPECT_EQ(dump_database(*database, kProvenance), before);
}

TEST_P(InventoryStoreTest, ANewerScanMarksWhatItNoLongerSeesStale) {
    WARDROUND_TEST_DATABASE(holder, database);
    add_organisations(*database);
    import_merge_scenario(*database);
    const auto report = import(*database, demo("scan-2025-11-25.xml"));
    EXPECT_EQ(report.counts.assets_merged, 1);
    EXPECT_EQ(report.counts.marked_stale, 1);
    // The appliance only nmap knew is stale, kept, not deleted.
    EXPECT_EQ(count_rows(*database, "asset"), 4);
    EXPECT_EQ(count_rows(*database, "asset", "stale = 1"), 1);
    EXPECT_EQ(count_rows(*database, "asset_identifier", "kind = 'ip' AND value = '192.0.2.20'"), 1);
    // The ultrasound is still current, and its services are the newest scan's.
    const AssetDetail ultrasound = show(*database, "wrd-us-0007");
    EXPECT_FALSE(ultrasound.summary.stale);
    EXPECT_EQ(ultrasound.exposures.size(), 2U);
}

TEST_P(InventoryStoreTest, ARegisteredMedicalDeviceStaysOneWhateverNewerReportsCallIt) {
    WARDROUND_TEST_DATABASE(holder, database);
    add_organisations(*database);
    import(*database, demo("device-register.csv"));
    // Defender, imported after the register, calls the ultrasound cart an endpoint.
    import(*database, demo("defender-machines.json"));
    const AssetDetail ultrasound = show(*database, "US7-2291-0007");
    EXPECT_EQ(ultrasound.summary.kind, "medical-device");
    EXPECT_EQ(ultrasound.sources.front().format, "defender-machines");  // the newest view
    const AssetDetail workstation = show(*database, "wrd-ws-0142");
    EXPECT_EQ(workstation.summary.kind, "endpoint");
}

TEST_P(InventoryStoreTest, AnOlderScanOverwritesNothing) {
    WARDROUND_TEST_DATABASE(holder, database);
    add_organisations(*database);
    import(*database, demo("scan-2025-11-25.xml"));
    const AssetDetail before = show(*database, "wrd-us-0007");
    const auto report = import(*database, demo("scan-2025-11-18.xml"));
    EXPECT_EQ(report.counts.assets_older, 1);
    EXPECT_EQ(report.counts.assets_new, 1);  // the appliance, seen only in the older scan
    const AssetDetail after = show(*database, "wrd-us-0007");
    EXPECT_EQ(after.exposures.size(), before.exposures.size());
    EXPECT_EQ(after.summary.last_seen, before.summary.last_seen);
    // What only the older scan saw is stale from the start: the newer scan did not see it.
    EXPECT_EQ(count_rows(*database, "asset", "stale = 1"), 1);
}

TEST_P(InventoryStoreTest, ABrokenFileChangesNothing) {
    WARDROUND_TEST_DATABASE(holder, database);
    add_organisations(*database);
    import_merge_scenario(*database);
    const std::string before = dump_database(*database);
    InventoryImporter importer(*database);
    InventoryImportOptions options;
    options.org_code = "XT1";
    auto broken = importer.import_file(fixture("inventory/merge/truncated-scan.xml"), options);
    ASSERT_FALSE(broken.has_value());
    EXPECT_NE(broken.error().to_string().find("truncated-scan.xml"), std::string::npos)
        << broken.error().to_string();
    EXPECT_EQ(dump_database(*database), before);
}

TEST_P(InventoryStoreTest, StrictRejectsAFileWithDiagnosticsWhole) {
    WARDROUND_TEST_DATABASE(holder, database);
    add_organisations(*database);
    const std::string before = dump_database(*database);
    InventoryImporter importer(*database);
    InventoryImportOptions options;
    options.org_code = "XT1";
    options.strict = true;
    auto rejected =
        importer.import_file(fixture("inventory/merge/register-with-bad-mac.csv"), options);
    ASSERT_FALSE(rejected.has_value());
    EXPECT_NE(rejected.error().message.find("inventory.bad_mac"), std::string::npos)
        << rejected.error().to_string();
    EXPECT_EQ(dump_database(*database), before);
    // Without --strict the rest imports, and the problem is reported.
    options.strict = false;
    auto imported =
        importer.import_file(fixture("inventory/merge/register-with-bad-mac.csv"), options);
    ASSERT_TRUE(imported.has_value()) << imported.error().to_string();
    EXPECT_EQ(imported->counts.assets_new, 2);
    EXPECT_EQ(imported->diagnostics.count_by_code().at("inventory.bad_mac"), 1U);
}

TEST_P(InventoryStoreTest, UnknownOrganisationIsAnError) {
    WARDROUND_TEST_DATABASE(holder, database);
    add_organisations(*database);
    InventoryImporter importer(*database);
    InventoryImportOptions options;
    options.org_code = "NOPE";
    auto result = importer.import_file(demo("device-register.csv"), options);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(count_rows(*database, "asset"), 0);
}

TEST_P(InventoryStoreTest, UnresolvedNamesAreListedAndAMappingResolvesThemEverywhere) {
    WARDROUND_TEST_DATABASE(holder, database);
    add_organisations(*database);
    import(*database, demo("workstations.csv"));
    auto names = unresolved_names(*database, InventoryScope{"XT1"});
    ASSERT_TRUE(names.has_value()) << names.error().to_string();
    const auto widget = std::find_if(names->begin(), names->end(), [](const UnresolvedName& name) {
        return name.product == "Ward Whiteboard Client";
    });
    ASSERT_NE(widget, names->end());
    EXPECT_EQ(widget->assets, 2);
    auto stats_before = inventory_stats(*database, InventoryScope{"XT1"});
    ASSERT_TRUE(stats_before.has_value());

    auto mapped = add_identity_mapping(
        *database, NewIdentityMapping{widget->key, "examplesoft:ward_whiteboard", "local app"});
    ASSERT_TRUE(mapped.has_value()) << mapped.error().to_string();
    EXPECT_EQ(mapped->components_affected, 2);
    auto after = unresolved_names(*database, InventoryScope{"XT1"});
    ASSERT_TRUE(after.has_value());
    EXPECT_TRUE(std::none_of(after->begin(), after->end(),
                             [&](const UnresolvedName& name) { return name.key == widget->key; }));
    auto stats_after = inventory_stats(*database, InventoryScope{"XT1"});
    ASSERT_TRUE(stats_after.has_value());
    EXPECT_EQ(stats_after->components_resolved, stats_before->components_resolved + 2);
    const AssetDetail workstation = show(*database, "wrd-ws-0201");
    const auto component = std::find_if(
        workstation.components.begin(), workstation.components.end(),
        [](const ComponentView& view) { return view.product == "Ward Whiteboard Client"; });
    ASSERT_NE(component, workstation.components.end());
    EXPECT_EQ(component->method, "manual");
    EXPECT_NE(component->cpe.find("examplesoft:ward_whiteboard"), std::string::npos);
}

TEST_P(InventoryStoreTest, ADevicesSbomAttachesToTheDevice) {
    WARDROUND_TEST_DATABASE(holder, database);
    add_organisations(*database);
    import(*database, demo("device-register.csv"));
    InventoryImportOptions options;
    options.attach_to = "US7-2291-0007";
    const auto report = import(*database, demo("ultrasound-sbom.cdx.json"), options);
    EXPECT_EQ(report.counts.assets_merged, 1);
    EXPECT_EQ(count_rows(*database, "asset"), 2);
    const AssetDetail ultrasound = show(*database, "US7-2291-0007");
    // The register's firmware, the SBOM's four components and the product it describes.
    EXPECT_EQ(ultrasound.components.size(), 6U);
}

TEST_P(InventoryStoreTest, StatsCountAssetsByKindAndComponents) {
    WARDROUND_TEST_DATABASE(holder, database);
    add_organisations(*database);
    import_merge_scenario(*database);
    auto stats = inventory_stats(*database, InventoryScope{"XT1"});
    ASSERT_TRUE(stats.has_value()) << stats.error().to_string();
    EXPECT_EQ(stats->assets, 4);
    EXPECT_EQ(stats->by_kind.at("medical-device"), 2);
    EXPECT_EQ(stats->components, count_rows(*database, "component"));
    // A region covers its trusts; a trust beside it has nothing.
    auto region = inventory_stats(*database, InventoryScope{"XR1"});
    ASSERT_TRUE(region.has_value());
    EXPECT_EQ(region->assets, 4);
    auto other = inventory_stats(*database, InventoryScope{"XT2"});
    ASSERT_TRUE(other.has_value());
    EXPECT_EQ(other->assets, 0);
}

TEST_P(InventoryStoreTest, AnOsqueryLogIsStoredWithItsHostsPackagesAndServices) {
    WARDROUND_TEST_DATABASE(holder, database);
    add_organisations(*database);
    const auto report = import(*database, fixture("inventory/osquery/results.log"));
    EXPECT_EQ(report.format, InventoryFormat::kOsquery);
    EXPECT_EQ(count_rows(*database, "asset"), 2);
    EXPECT_EQ(count_rows(*database, "component"), 9);
    EXPECT_EQ(count_rows(*database, "exposure"), 5);
    EXPECT_EQ(report.run.observed_at, "2024-11-01T11:01:40.000Z");
}

// "name source value observed_at" of each fact, in the order given.
std::vector<std::string> fact_lines(const std::vector<AssetFact>& facts) {
    std::vector<std::string> lines;
    lines.reserve(facts.size());
    for (const AssetFact& fact : facts) {
        lines.push_back(fact.name + " " + fact.source + " " + fact.value + " " + fact.observed_at);
    }
    return lines;
}

// The osquery host wrd-ws-0301 (tests/data/inventory/osquery/posture.log) and the CMDB's view of
// it (tests/data/inventory/merge/posture-v1.csv), merged by host name.
constexpr const char* kOsqueryTime = "2024-11-02T08:00:00.000Z";

std::vector<std::string> osquery_facts_of_0301() {
    const std::string at = kOsqueryTime;
    return {"disk_encryption osquery/osquery on " + at,
            "endpoint_protection osquery/osquery active " + at,
            "endpoint_protection_product osquery/osquery Sophos Intercept X " + at,
            "endpoint_protection_updated osquery/osquery yes " + at,
            "hotfix osquery/osquery KB5034441 " + at,
            "hotfix osquery/osquery KB5034763 " + at,
            "smb1 osquery/osquery disabled " + at};
}

// The lines of `lines` whose source is `source`.
std::vector<std::string> from_source(const std::vector<std::string>& lines,
                                     const std::string& source) {
    std::vector<std::string> out;
    for (const std::string& line : lines) {
        if (line.find(" " + source + " ") != std::string::npos) {
            out.push_back(line);
        }
    }
    return out;
}

std::vector<std::string> csv_facts_of_0301(const std::string& at, bool first_report) {
    if (first_report) {
        return {"disk_encryption csv/csv on " + at,
                "endpoint_protection csv/csv active " + at,
                "endpoint_protection_product csv/csv Sophos Intercept X " + at,
                "hotfix csv/csv KB5031356 " + at,
                "hotfix csv/csv KB5034441 " + at,
                "local_admin_use csv/csv yes " + at,
                "network_segment csv/csv vlan 120 clinical " + at,
                "smb1 csv/csv enabled " + at};
    }
    return {"disk_encryption csv/csv on " + at,
            "endpoint_protection csv/csv inactive " + at,
            "endpoint_protection_product csv/csv Sophos Intercept X " + at,
            "hotfix csv/csv KB5034441 " + at,
            "hotfix csv/csv KB5035845 " + at,
            "local_admin_use csv/csv no " + at,
            "network_segment csv/csv vlan 120 clinical " + at};
}

constexpr const char* kFirstCsvTime = "2024-11-03T09:00:00.000Z";
constexpr const char* kSecondCsvTime = "2024-11-10T09:00:00.000Z";

TEST_P(InventoryStoreTest, FactsOfTwoSourcesAreKeptApart) {
    WARDROUND_TEST_DATABASE(holder, database);
    add_organisations(*database);
    const auto osquery = import(*database, fixture("inventory/osquery/posture.log"));
    EXPECT_EQ(osquery.counts.facts, count_rows(*database, "asset_fact"));
    const auto first = import(*database, fixture("inventory/merge/posture-v1.csv"));
    EXPECT_EQ(first.counts.assets_merged, 1);  // wrd-ws-0301, by its host name
    EXPECT_EQ(first.counts.facts, 11);
    const std::vector<std::string> lines = fact_lines(show(*database, "wrd-ws-0301").facts);
    EXPECT_EQ(from_source(lines, "csv/csv"), csv_facts_of_0301(kFirstCsvTime, true));
    EXPECT_EQ(from_source(lines, "osquery/osquery"), osquery_facts_of_0301());
}

TEST_P(InventoryStoreTest, OneAssetsFactsAreReadAsShowListsThem) {
    WARDROUND_TEST_DATABASE(holder, database);
    add_organisations(*database);
    import(*database, fixture("inventory/osquery/posture.log"));
    import(*database, fixture("inventory/merge/posture-v1.csv"));
    const AssetDetail detail = show(*database, "wrd-ws-0301");
    auto read = asset_facts(*database, detail.summary.id);
    ASSERT_TRUE(read.has_value()) << read.error().to_string();
    EXPECT_EQ(*read, detail.facts);
    EXPECT_EQ(read->size(), 15U);
    auto none = asset_facts(*database, 999999);
    ASSERT_TRUE(none.has_value()) << none.error().to_string();
    EXPECT_TRUE(none->empty());
}

TEST_P(InventoryStoreTest, ASourcesNextReportReplacesOnlyItsOwnFacts) {
    WARDROUND_TEST_DATABASE(holder, database);
    add_organisations(*database);
    import(*database, fixture("inventory/osquery/posture.log"));
    import(*database, fixture("inventory/merge/posture-v1.csv"));
    // The CMDB's next export: its facts of the asset replace its last ones, smb1 included (now
    // blank), and osquery's are untouched.
    const auto second = import(*database, fixture("inventory/merge/posture-v2.csv"));
    EXPECT_EQ(second.run.outcome, store::ImportOutcome::kApplied);
    const std::vector<std::string> lines = fact_lines(show(*database, "wrd-ws-0301").facts);
    EXPECT_EQ(from_source(lines, "csv/csv"), csv_facts_of_0301(kSecondCsvTime, false));
    EXPECT_EQ(from_source(lines, "osquery/osquery"), osquery_facts_of_0301());
}

TEST_P(InventoryStoreTest, AnAssetLeftOutOfTheNextReportKeepsItsFacts) {
    WARDROUND_TEST_DATABASE(holder, database);
    add_organisations(*database);
    import(*database, fixture("inventory/merge/posture-v1.csv"));
    import(*database, fixture("inventory/merge/posture-v2.csv"));
    // As its components would: it is stale, not gone.
    const AssetDetail absent = show(*database, "wrd-ws-0601");
    EXPECT_TRUE(absent.summary.stale);
    const std::string at = kFirstCsvTime;
    EXPECT_EQ(fact_lines(absent.facts),
              (std::vector<std::string>{"disk_encryption csv/csv off " + at,
                                        "endpoint_protection csv/csv inactive " + at,
                                        "network_segment csv/csv vlan 121 admin " + at}));
}

TEST_P(InventoryStoreTest, ReimportingAFileOfFactsChangesNothing) {
    WARDROUND_TEST_DATABASE(holder, database);
    add_organisations(*database);
    import(*database, fixture("inventory/osquery/posture.log"));
    import(*database, fixture("inventory/merge/posture-v1.csv"));
    const std::string before = dump_database(*database, kProvenance);
    for (const char* file : {"inventory/osquery/posture.log", "inventory/merge/posture-v1.csv"}) {
        const auto report = import(*database, fixture(file));
        EXPECT_EQ(report.run.outcome, store::ImportOutcome::kUnchanged) << file;
    }
    EXPECT_EQ(dump_database(*database, kProvenance), before);
}

TEST_P(InventoryStoreTest, AFailedImportLeavesTheFactsAsTheyWere) {
    WARDROUND_TEST_DATABASE(holder, database);
    add_organisations(*database);
    import(*database, fixture("inventory/merge/posture-v1.csv"));
    const std::int64_t facts = count_rows(*database, "asset_fact");
    const std::string before = dump_database(*database);
    // Its first asset is merged, its facts replaced, before the broken quote on line 4 ends it.
    InventoryImporter importer(*database);
    InventoryImportOptions options;
    options.org_code = "XT1";
    auto broken = importer.import_file(fixture("inventory/merge/posture-broken.csv"), options);
    ASSERT_FALSE(broken.has_value());
    EXPECT_NE(broken.error().to_string().find("line 4"), std::string::npos)
        << broken.error().to_string();
    EXPECT_EQ(dump_database(*database), before);
    EXPECT_EQ(count_rows(*database, "asset_fact"), facts);
}

// Every fact for_each_asset_fact streams for `filter`.
Result<std::vector<AssetFact>> stream(store::Database& database, const AssetFactFilter& filter) {
    std::vector<AssetFact> facts;
    WARDROUND_TRY(for_each_asset_fact(database, filter, [&](const AssetFact& fact) -> Status {
        facts.push_back(fact);
        return {};
    }));
    return facts;
}

bool in_stream_order(const AssetFact& a, const AssetFact& b) {
    return std::tie(a.asset_id, a.name, a.source, a.value) <
           std::tie(b.asset_id, b.name, b.source, b.value);
}

TEST_P(InventoryStoreTest, ARegionsFactsAreStreamedInOrder) {
    WARDROUND_TEST_DATABASE(holder, database);
    add_organisations(*database);
    import(*database, fixture("inventory/osquery/posture.log"));
    import(*database, fixture("inventory/merge/posture-v1.csv"));
    // The region covers the trust.
    auto all = stream(*database, AssetFactFilter{InventoryScope{"XR1"}, ""});
    ASSERT_TRUE(all.has_value()) << all.error().to_string();
    EXPECT_EQ(static_cast<std::int64_t>(all->size()), count_rows(*database, "asset_fact"));
    EXPECT_TRUE(std::is_sorted(all->begin(), all->end(), in_stream_order));
}

TEST_P(InventoryStoreTest, OneFactNameIsStreamedAlone) {
    WARDROUND_TEST_DATABASE(holder, database);
    add_organisations(*database);
    import(*database, fixture("inventory/osquery/posture.log"));
    import(*database, fixture("inventory/merge/posture-v1.csv"));
    auto hotfixes = stream(*database, AssetFactFilter{InventoryScope{"XT1"}, "hotfix"});
    ASSERT_TRUE(hotfixes.has_value()) << hotfixes.error().to_string();
    std::vector<std::string> lines;
    lines.reserve(hotfixes->size());
    for (const AssetFact& fact : *hotfixes) {
        lines.push_back(fact.value + " " + fact.source);
    }
    // wrd-ws-0301 (both sources), then wrd-ws-0302.
    EXPECT_EQ(lines, (std::vector<std::string>{
                         "KB5031356 csv/csv", "KB5034441 csv/csv", "KB5034441 osquery/osquery",
                         "KB5034763 osquery/osquery", "KB5034441 osquery/osquery"}));
}

TEST_P(InventoryStoreTest, FactsOfAnotherOrUnknownOrganisation) {
    WARDROUND_TEST_DATABASE(holder, database);
    add_organisations(*database);
    import(*database, fixture("inventory/merge/posture-v1.csv"));
    auto other = stream(*database, AssetFactFilter{InventoryScope{"XT2"}, ""});
    ASSERT_TRUE(other.has_value()) << other.error().to_string();
    EXPECT_TRUE(other->empty());
    auto unknown = stream(*database, AssetFactFilter{InventoryScope{"NOPE"}, ""});
    ASSERT_FALSE(unknown.has_value());
    EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
}

TEST_P(InventoryStoreTest, TheFactReadersErrorStopsTheStream) {
    WARDROUND_TEST_DATABASE(holder, database);
    add_organisations(*database);
    import(*database, fixture("inventory/merge/posture-v1.csv"));
    std::int64_t calls = 0;
    auto stopped = for_each_asset_fact(*database, AssetFactFilter{InventoryScope{"XT1"}, ""},
                                       [&](const AssetFact&) -> Status {
                                           ++calls;
                                           return make_error(ErrorCode::kUnavailable, "full");
                                       });
    ASSERT_FALSE(stopped.has_value());
    EXPECT_EQ(stopped.error().message, "full");
    EXPECT_EQ(calls, 1);
}

INSTANTIATE_TEST_SUITE_P(Backends,
                         InventoryStoreTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         testing::backend_test_name);

}  // namespace
}  // namespace wardround::inventory

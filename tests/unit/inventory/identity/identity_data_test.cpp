// SPDX-License-Identifier: Apache-2.0
// The compiled-in tables, checked against the real NVD records in ../shared/data/nvd: every row
// marked "nvd-data" must name a vendor:product (and for Windows the version/update form) that
// NVD's criteria really use. Also resolves the Add/Remove Programs examples against a knowledge
// base built from those records, and reports the cost of a resolve() call (not asserted).
#include <chrono>
#include <cstdio>
#include <fstream>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <wardround/inventory/identity.h>
#include <wardround/vuln/cpe.h>

#include "support/test_support.h"

namespace wardround::inventory {
namespace {

TEST(IdentityData, TablesAreWellFormed) {
    EXPECT_EQ(identity_data_problems(), std::vector<std::string>{});
    EXPECT_EQ(alias_rows().size(), 55U);
    EXPECT_EQ(windows_build_rows().size(), 42U);
    for (const AliasRow& row : alias_rows()) {
        if (row.kind == "product") {
            // The keys are what normalise_name() produces, or they could never match.
            const NormalisedName name = normalise_name(row.vendor_key, row.product_key, "");
            EXPECT_EQ(name.vendor_key, row.vendor_key) << row.product_key;
            EXPECT_EQ(name.product_key, row.product_key) << row.vendor_key;
        }
    }
}

// Every criteria CPE of an NVD API 2.0 file.
std::vector<std::string> nvd_criteria(const std::string& path) {
    std::ifstream in(path);
    const nlohmann::json document = nlohmann::json::parse(in);
    std::vector<std::string> criteria;
    for (const auto& vulnerability : document.at("vulnerabilities")) {
        const auto& cve = vulnerability.at("cve");
        if (!cve.contains("configurations")) {
            continue;
        }
        for (const auto& configuration : cve.at("configurations")) {
            for (const auto& node : configuration.at("nodes")) {
                for (const auto& match : node.at("cpeMatch")) {
                    criteria.push_back(match.at("criteria").get<std::string>());
                }
            }
        }
    }
    return criteria;
}

KnownProducts knowledge_base(const std::vector<std::string>& criteria,
                             std::set<std::string>& names) {
    KnownProducts known;
    for (const std::string& text : criteria) {
        auto key = vuln::cpe23_index_key(text);
        if (key) {
            known.add(key->part(), key->vendor(), key->product());
            names.insert(std::string(key->vendor()) + ":" + std::string(key->product()));
        }
    }
    return known;
}

TEST(IdentityData, RowsMarkedNvdDataAreInTheRealRecords) {
    WARDROUND_SHARED_DATA_OR_SKIP(path, "nvd/nvd-curated.json");
    const std::vector<std::string> criteria = nvd_criteria(path);
    ASSERT_EQ(criteria.size(), 1677U);
    std::set<std::string> names;
    const KnownProducts known = knowledge_base(criteria, names);
    EXPECT_EQ(names.size(), 610U);
    std::set<std::string> vendors;
    for (const std::string& name : names) {
        vendors.insert(name.substr(0, name.find(':')));
    }
    int checked = 0;
    for (const AliasRow& row : alias_rows()) {
        if (row.verified != "nvd-data") {
            continue;
        }
        ++checked;
        if (row.kind == "vendor") {
            EXPECT_TRUE(vendors.count(row.cpe_vendor) == 1) << row.cpe_vendor;
        } else {
            EXPECT_TRUE(names.count(row.cpe_vendor + ":" + row.cpe_product) == 1)
                << row.cpe_vendor << ":" << row.cpe_product;
        }
    }
    EXPECT_EQ(checked, 34);
    // Windows rows: the product, and its version and update as NVD writes them.
    std::set<std::string> windows_forms;
    for (const std::string& text : criteria) {
        auto cpe = vuln::parse_cpe23(text);
        if (cpe && cpe->vendor().text == "microsoft") {
            std::string form(cpe->product().text);
            form += " ";
            form += vuln::to_cpe23_value(cpe->version());
            form += " ";
            form += vuln::to_cpe23_value(cpe->update());
            windows_forms.insert(std::move(form));
        }
    }
    int windows_checked = 0;
    for (const WindowsBuildRow& row : windows_build_rows()) {
        if (row.verified != "nvd-data") {
            continue;
        }
        ++windows_checked;
        // A row with no fixed version is compared with NVD's range criteria (version `*`) or its
        // every-version criteria (`-`: windows_10_1511 has only those).
        const std::string update = row.cpe_update.empty() ? "*" : row.cpe_update;
        const auto seen = [&](const std::string& version) {
            std::string form = row.cpe_product;
            form += " ";
            form += version;
            form += " ";
            form += update;
            return windows_forms.count(form) == 1;
        };
        EXPECT_TRUE(row.cpe_version.empty() ? seen("*") || seen("-") : seen(row.cpe_version))
            << row.cpe_product << " " << row.cpe_version << " " << update;
    }
    EXPECT_EQ(windows_checked, 32);
}

TEST(IdentityData, AddRemoveProgramsAgainstTheRealKnowledgeBase) {
    WARDROUND_SHARED_DATA_OR_SKIP(path, "nvd/nvd-curated.json");
    std::set<std::string> names;
    const IdentityResolver resolver(knowledge_base(nvd_criteria(path), names), {});
    struct Case {
        const char* vendor;
        const char* product;
        const char* version;
        const char* cpe;
        const char* method;
    };
    const Case cases[] = {
        {"Google LLC", "Google Chrome", "120.0.6099.130",
         "cpe:2.3:a:google:chrome:120.0.6099.130:*:*:*:*:*:*:*", "knowledge-base"},
        {"Mozilla", "Mozilla Firefox (x64 en-GB)", "121.0",
         "cpe:2.3:a:mozilla:firefox:121.0:*:*:*:*:*:x64:*", "knowledge-base"},
        {"Microsoft Corporation", "Microsoft Edge", "120.0.2210.91",
         "cpe:2.3:a:microsoft:edge:120.0.2210.91:*:*:*:*:*:*:*", "knowledge-base"},
        {"Igor Pavlov", "7-Zip 23.01 (x64)", "23.01", "cpe:2.3:a:7-zip:7-zip:23.01:*:*:*:*:*:x64:*",
         "knowledge-base"},
        {"Adobe Inc.", "Adobe Acrobat Reader DC", "23.008.20470",
         "cpe:2.3:a:adobe:acrobat_reader_dc:23.008.20470:*:*:*:*:*:*:*", "knowledge-base"},
        {"Oracle Corporation", "Java 8 Update 381", "8.0.3810.9",
         "cpe:2.3:a:oracle:jre:1.8.0:update381:*:*:*:*:*:*", "alias"},
        {"Citrix Systems, Inc.", "Citrix Workspace", "23.9.0.24",
         "cpe:2.3:a:citrix:workspace:23.9.0.24:*:*:*:*:*:*:*", "alias"},
        {"Microsoft Corporation", "Microsoft 365 Apps for enterprise - en-gb", "16.0.17029.20108",
         "cpe:2.3:a:microsoft:365_apps:16.0.17029.20108:*:*:*:enterprise:*:*:*", "alias"},
        {"win.rar GmbH", "WinRAR 6.24 (64-bit)", "6.24.0",
         "cpe:2.3:a:rarlab:winrar:6.24.0:*:*:*:*:*:x64:*", "knowledge-base"},
    };
    for (const Case& c : cases) {
        ObservedComponent component;
        component.type = "application";
        component.vendor = c.vendor;
        component.product = c.product;
        component.version = c.version;
        const Resolution r = resolver.resolve(component);
        EXPECT_EQ(r.status, Resolution::kResolved) << c.product << ": " << r.note;
        EXPECT_EQ(r.cpe, c.cpe) << c.product;
        EXPECT_EQ(r.method, c.method) << c.product;
    }
}

// Reports the cost of resolve() over a realistic mix against a knowledge base of 100,000
// products. Printed for people, never asserted: timing depends on the machine.
TEST(IdentityData, ReportsTheCostOfAResolveCall) {
    std::vector<KnownProducts::Entry> entries;
    entries.reserve(100005);
    for (int i = 0; i < 100000; ++i) {
        entries.push_back(
            {'a', "vendor" + std::to_string(i % 7000), "product_" + std::to_string(i)});
    }
    for (const char* name : {"chrome", "firefox", "edge", "acrobat_reader_dc", "jdk"}) {
        entries.push_back({'a', "example", name});
    }
    const IdentityResolver resolver(KnownProducts(entries), {});
    std::vector<ObservedComponent> mix;
    const char* const names[][3] = {
        {"Google LLC", "Google Chrome", "120.0.6099.130"},
        {"Mozilla", "Mozilla Firefox (x64 en-GB)", "121.0"},
        {"Igor Pavlov", "7-Zip 23.01 (x64)", "23.01"},
        {"Oracle Corporation", "Java 8 Update 381", "8.0.3810.9"},
        {"Microsoft Corporation", "Microsoft 365 Apps for enterprise - en-gb", "16.0.17029.20108"},
        {"Wardround Clinical Ltd", "Ward Board 4.2.1 (x64)", "4.2.1"},
        {"Vendor12", "Product 12", "1.0"},
        {"Microsoft Corporation",
         "Microsoft Visual C++ 2015-2022 Redistributable (x64) - 14.36.32532", "14.36.32532.0"},
    };
    for (const auto& n : names) {
        ObservedComponent component;
        component.type = "application";
        component.vendor = n[0];
        component.product = n[1];
        component.version = n[2];
        mix.push_back(component);
    }
    constexpr int kRounds = 5000;
    std::size_t resolved = 0;
    const auto start = std::chrono::steady_clock::now();
    for (int round = 0; round < kRounds; ++round) {
        for (const ObservedComponent& component : mix) {
            resolved += resolver.resolve(component).status == Resolution::kResolved ? 1 : 0;
        }
    }
    const auto elapsed = std::chrono::steady_clock::now() - start;
    const std::size_t calls = kRounds * mix.size();
    const double per_call =
        std::chrono::duration<double, std::micro>(elapsed).count() / static_cast<double>(calls);
    std::printf("resolve(): %.2f us per call over %zu calls (%zu resolved)\n", per_call, calls,
                resolved);
    RecordProperty("resolve_us_per_call", std::to_string(per_call));
    EXPECT_EQ(resolved, static_cast<std::size_t>(kRounds) * 6);
}

}  // namespace
}  // namespace wardround::inventory

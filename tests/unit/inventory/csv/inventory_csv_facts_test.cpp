// SPDX-License-Identifier: Apache-2.0
// The inventory CSV's posture columns (tests/data/inventory/csv/posture.csv and
// default-credentials.csv): the spellings each accepts and the canonical fact it gives, hotfix
// lists, facts kept like the asset's other fields across rows, and every value that is not
// accepted reported as inventory.bad_fact.
#include <algorithm>
#include <string>
#include <string_view>
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

Parsed parse_fixture(const std::string& name) {
    return testing::parse_path(
        [](InputFile& file, Diagnostics& diagnostics, const AssetSink& sink) {
            return parse_inventory_csv(file, diagnostics, sink);
        },
        testing::fixture("inventory/csv/" + name));
}

Parsed parse_text(std::string text) {
    return testing::parse_bytes(
        [](InputFile& file, Diagnostics& diagnostics, const AssetSink& sink) {
            return parse_inventory_csv(file, diagnostics, sink);
        },
        "inline.csv", std::move(text));
}

// "name=value" of every fact, in order.
std::vector<std::string> facts(const ObservedAsset& asset) {
    std::vector<std::string> out;
    for (const ObservedFact& fact : asset.facts) {
        out.push_back(fact.name + "=" + fact.value);
    }
    return out;
}

using Facts = std::vector<std::string>;

TEST(InventoryCsvFacts, EveryPostureColumnBecomesACanonicalFact) {
    Parsed parsed = parse_fixture("posture.csv");
    ASSERT_EQ(parsed.assets.size(), 5U) << parsed.error_text();
    const ObservedAsset& first = parsed.assets[0];
    EXPECT_EQ(facts(first),
              (Facts{"endpoint_protection=active", "endpoint_protection_product=Sophos Intercept X",
                     "endpoint_protection_updated=yes", "disk_encryption=on", "smb1=disabled",
                     "hotfix=KB5034441", "hotfix=KB5034763", "hotfix=KB5035845",
                     "local_admin_use=no", "network_segment=vlan 120 clinical"}));
    EXPECT_TRUE(std::all_of(first.facts.begin(), first.facts.end(),
                            [](const ObservedFact& fact) { return fact.location == "line 2"; }));
    // The facts ride along with the asset's components.
    EXPECT_EQ(first.components.size(), 2U);
}

TEST(InventoryCsvFacts, OtherSpellingsGiveTheSameValues) {
    Parsed parsed = parse_fixture("posture.csv");
    ASSERT_EQ(parsed.assets.size(), 5U) << parsed.error_text();
    EXPECT_EQ(facts(parsed.assets[1]),
              (Facts{"endpoint_protection=inactive",
                     "endpoint_protection_product=Microsoft Defender Antivirus",
                     "endpoint_protection_updated=no", "disk_encryption=partial", "smb1=enabled",
                     "hotfix=KB5034441", "local_admin_use=yes", "network_segment=10.20.30.0/24"}));
    EXPECT_EQ(facts(parsed.assets[2]),
              (Facts{"endpoint_protection=none", "disk_encryption=off", "smb1=disabled",
                     "local_admin_use=no", "network_segment=vlan 7"}));
    // Blank posture columns say nothing.
    EXPECT_TRUE(parsed.assets[4].facts.empty());
}

// The start of each inventory.bad_fact message, up to " is not".
std::vector<std::string> bad_fact_subjects(const Diagnostics& diagnostics) {
    std::vector<std::string> subjects;
    for (const Diagnostic& diagnostic : diagnostics.kept()) {
        if (diagnostic.code == "inventory.bad_fact" && diagnostic.severity == Severity::kWarning) {
            subjects.push_back(diagnostic.message.substr(0, diagnostic.message.find(" is not")));
        }
    }
    return subjects;
}

TEST(InventoryCsvFacts, UnacceptedValuesAreReportedAndLeftOut) {
    Parsed parsed = parse_fixture("posture.csv");
    ASSERT_EQ(parsed.assets.size(), 5U) << parsed.error_text();
    // Only the one good update id of line 6 is kept; nothing is guessed from the others.
    EXPECT_EQ(facts(parsed.assets[3]), (Facts{"hotfix=KB5034441"}));
    EXPECT_EQ(
        diagnostic_codes(parsed.diagnostics),
        (std::vector<std::string>{"csv.conflicting_asset_field@line 3", "inventory.bad_fact@line 6",
                                  "inventory.bad_fact@line 6", "inventory.bad_fact@line 6",
                                  "inventory.bad_fact@line 6", "inventory.bad_fact@line 6",
                                  "inventory.bad_fact@line 6", "inventory.bad_fact@line 6"}));
    EXPECT_EQ(bad_fact_subjects(parsed.diagnostics),
              (std::vector<std::string>{
                  "endpoint_protection 'maybe'", "endpoint_protection_updated 'soon'",
                  "disk_encryption 'half'", "smb1 'sometimes'", "hotfixes 'KB50344x1'",
                  "hotfixes 'Q123'", "local_admin_use 'perhaps'"}));
}

TEST(InventoryCsvFacts, ALaterRowsOtherHotfixListIsAConflict) {
    Parsed parsed = parse_fixture("posture.csv");
    ASSERT_FALSE(parsed.diagnostics.kept().empty()) << parsed.error_text();
    // Like any other asset field: the first row's list is kept.
    EXPECT_NE(parsed.diagnostics.kept()[0].message.find("hotfixes 'KB5034441'"), std::string::npos)
        << parsed.diagnostics.kept()[0].message;
}

// default-credentials.csv: each row's facts, "name=value" in column order, by asset key.
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

TEST(InventoryCsvFacts, DefaultCredentialsInEverySpelling) {
    Parsed parsed = parse_fixture("default-credentials.csv");
    ASSERT_TRUE(parsed.report.has_value()) << parsed.error_text();
    ASSERT_EQ(parsed.assets.size(), 16U);
    // The header's "Default-Credentials" is the default_credentials column. Every yes spelling
    // (Yes, y, TRUE, 1, On, enabled) and every no spelling (No, n, False, 0, OFF, Disabled) gives
    // the canonical value; the segment rides along, trimmed and lower case.
    EXPECT_EQ(keyed_facts(parsed), (std::vector<std::string>{
                                       "WRD-MD-0701 network_segment=vlan 310 imaging@line 2",
                                       "WRD-MD-0701 default_credentials=yes@line 2",
                                       "WRD-MD-0702 network_segment=vlan 310 imaging@line 4",
                                       "WRD-MD-0702 default_credentials=yes@line 4",
                                       "WRD-MD-0703 network_segment=vlan 310 imaging@line 5",
                                       "WRD-MD-0703 default_credentials=yes@line 5",
                                       "WRD-MD-0704 network_segment=vlan 310 imaging@line 6",
                                       "WRD-MD-0704 default_credentials=yes@line 6",
                                       "WRD-MD-0705 network_segment=vlan 310 imaging@line 7",
                                       "WRD-MD-0705 default_credentials=yes@line 7",
                                       "WRD-MD-0706 network_segment=vlan 310 imaging@line 8",
                                       "WRD-MD-0706 default_credentials=yes@line 8",
                                       "WRD-MD-0707 network_segment=vlan 120 clinical@line 9",
                                       "WRD-MD-0707 default_credentials=no@line 9",
                                       "WRD-MD-0708 network_segment=vlan 120 clinical@line 10",
                                       "WRD-MD-0708 default_credentials=no@line 10",
                                       "WRD-MD-0709 network_segment=vlan 120 clinical@line 11",
                                       "WRD-MD-0709 default_credentials=no@line 11",
                                       "WRD-MD-0710 network_segment=vlan 120 clinical@line 12",
                                       "WRD-MD-0710 default_credentials=no@line 12",
                                       "WRD-MD-0711 network_segment=vlan 120 clinical@line 13",
                                       "WRD-MD-0711 default_credentials=no@line 13",
                                       "WRD-MD-0712 network_segment=vlan 120 clinical@line 14",
                                       "WRD-MD-0712 default_credentials=no@line 14",
                                       "WRD-MD-0713 network_segment=vlan 120 clinical@line 15",
                                       "WRD-MD-0714 network_segment=vlan 120 clinical@line 16",
                                       "WRD-0715 network_segment=vlan 120 clinical@line 17",
                                       "WRD-MD-0716 network_segment=vlan 310 imaging@line 18",
                                       "WRD-MD-0716 default_credentials=no@line 18",
                                   }));
    EXPECT_TRUE(non_canonical_facts(parsed).empty());
    EXPECT_EQ(parsed.assets[0].kind, AssetKind::kMedicalDevice);
    EXPECT_EQ(parsed.assets[0].components.size(), 2U);
}

TEST(InventoryCsvFacts, DefaultCredentialsOtherValuesAreReportedAndLeftOut) {
    Parsed parsed = parse_fixture("default-credentials.csv");
    ASSERT_TRUE(parsed.report.has_value()) << parsed.error_text();
    // "changed" and "unknown" are not guessed at; a later row of WRD-MD-0716 saying "yes" is a
    // conflict like any other asset field, and the first row's "no" is kept.
    EXPECT_EQ(diagnostic_codes(parsed.diagnostics),
              (std::vector<std::string>{"inventory.bad_fact@line 15", "inventory.bad_fact@line 16",
                                        "csv.conflicting_asset_field@line 19"}));
    EXPECT_EQ(bad_fact_subjects(parsed.diagnostics),
              (std::vector<std::string>{"default_credentials 'changed'",
                                        "default_credentials 'unknown'"}));
    const auto& kept = parsed.diagnostics.kept();
    ASSERT_EQ(kept.size(), 3U);
    EXPECT_NE(kept[0].message.find("is not yes or no"), std::string::npos) << kept[0].message;
    EXPECT_EQ(kept[0].source, testing::fixture("inventory/csv/default-credentials.csv"));
    EXPECT_NE(kept[2].message.find("default_credentials 'yes' differs from 'no'"),
              std::string::npos)
        << kept[2].message;
}

// Parses `text` with the --map `map_text`.
Parsed parse_mapped(std::string_view map_text, std::string text) {
    auto map = parse_column_map(map_text, kInventoryCsvColumns);
    if (!map) {
        Parsed failed;
        failed.report = propagate(map.error());
        return failed;
    }
    CsvImportOptions options;
    options.column_map = std::move(*map);
    return testing::parse_bytes(
        [&options](InputFile& file, Diagnostics& diagnostics, const AssetSink& sink) {
            return parse_inventory_csv(file, diagnostics, sink, options);
        },
        "export.csv", std::move(text));
}

TEST(InventoryCsvFacts, DefaultCredentialsColumnIsMappedLikeAnyOther) {
    Parsed parsed =
        parse_mapped("Default Passwords=default_credentials",
                     "hostname,Default Passwords\nwrd-us-1,Still set? yes\nwrd-us-2,Yes\n");
    ASSERT_TRUE(parsed.report.has_value()) << parsed.error_text();
    EXPECT_EQ(parsed.report->assets, 2);
    EXPECT_EQ(keyed_facts(parsed),
              std::vector<std::string>{"wrd-us-2 default_credentials=yes@line 3"});
    EXPECT_EQ(diagnostic_codes(parsed.diagnostics),
              std::vector<std::string>{"inventory.bad_fact@line 2"});
    // The message names our column, whatever the export called it.
    EXPECT_EQ(bad_fact_subjects(parsed.diagnostics),
              std::vector<std::string>{"default_credentials 'Still set? yes'"});
}

TEST(InventoryCsvFacts, RowsShorterThanTheHeaderLeaveTheLastColumnsBlank) {
    // A writer of the columns before default_credentials (an older export, or one written from
    // an earlier column list) is read as saying nothing about it.
    std::string header;
    for (const std::string_view column : kInventoryCsvColumns) {
        header += (header.empty() ? "" : ",") + std::string(column);
    }
    Parsed parsed = parse_text(header + "\nWRD-1,wrd-1" + std::string(28, ',') + "no,VLAN 7\n");
    ASSERT_TRUE(parsed.report.has_value()) << parsed.error_text();
    ASSERT_EQ(parsed.assets.size(), 1U);
    EXPECT_EQ(facts(parsed.assets[0]), (Facts{"local_admin_use=no", "network_segment=vlan 7"}));
    EXPECT_TRUE(parsed.diagnostics.empty());
}

struct Spelling {
    const char* column;
    const char* text;
    const char* fact;  // "name=value", or "" when the text is refused
};

class InventoryCsvSpellings : public ::testing::TestWithParam<Spelling> {};

// The one-cell file's facts as "name=value", or "refused" when its only diagnostic is the
// inventory.bad_fact of line 2 and it has no fact.
std::vector<std::string> spelled(const Spelling& spelling) {
    Parsed parsed = parse_text(std::string("hostname,") + spelling.column + "\nwrd-1,\"" +
                               spelling.text + "\"\n");
    if (parsed.assets.size() != 1) {
        return {"no asset: " + parsed.error_text()};
    }
    const std::vector<std::string> codes = diagnostic_codes(parsed.diagnostics);
    if (codes == std::vector<std::string>{"inventory.bad_fact@line 2"} &&
        parsed.assets[0].facts.empty()) {
        return {"refused"};
    }
    std::vector<std::string> out = facts(parsed.assets[0]);
    for (const ObservedFact& fact : parsed.assets[0].facts) {
        if (!is_canonical_fact(fact.name, fact.value)) {
            out.push_back("not canonical: " + fact.name + "=" + fact.value);
        }
    }
    out.insert(out.end(), codes.begin(), codes.end());
    return out;
}

TEST_P(InventoryCsvSpellings, MapToTheCanonicalValue) {
    const Spelling& spelling = GetParam();
    const std::string expected = std::string(spelling.fact).empty() ? "refused" : spelling.fact;
    EXPECT_EQ(spelled(spelling), std::vector<std::string>{expected});
}

INSTANTIATE_TEST_SUITE_P(
    Columns,
    InventoryCsvSpellings,
    ::testing::Values(
        Spelling{"endpoint_protection", "YES", "endpoint_protection=active"},
        Spelling{"endpoint_protection", "Running", "endpoint_protection=active"},
        Spelling{"endpoint_protection", "on", "endpoint_protection=active"},
        Spelling{"endpoint_protection", "Disabled", "endpoint_protection=inactive"},
        Spelling{"endpoint_protection", "no", "endpoint_protection=inactive"},
        Spelling{"endpoint_protection", "None", "endpoint_protection=none"},
        Spelling{"endpoint_protection", "not_installed", "endpoint_protection=none"},
        Spelling{"endpoint_protection", "unprotected", ""},
        Spelling{"endpoint_protection_updated", "Up-To-Date", "endpoint_protection_updated=yes"},
        Spelling{"endpoint_protection_updated", "false", "endpoint_protection_updated=no"},
        Spelling{"disk_encryption", "Fully Encrypted", "disk_encryption=on"},
        Spelling{"disk_encryption", "enabled", "disk_encryption=on"},
        Spelling{"disk_encryption", "Unencrypted", "disk_encryption=off"},
        Spelling{"disk_encryption", "encryption in progress", "disk_encryption=partial"},
        Spelling{"disk_encryption", "BitLocker", ""},
        Spelling{"smb1", "Enabled", "smb1=enabled"},
        Spelling{"smb1", "removed", "smb1=disabled"},
        Spelling{"smb1", "off", "smb1=disabled"},
        Spelling{"smb1", "v1", ""},
        Spelling{"local_admin_use", "Y", "local_admin_use=yes"},
        Spelling{"local_admin_use", "0", "local_admin_use=no"},
        Spelling{"local_admin_use", "up to date", ""},
        Spelling{"default_credentials", "Enabled", "default_credentials=yes"},
        Spelling{"default_credentials", "n", "default_credentials=no"},
        Spelling{"default_credentials", " FALSE ", "default_credentials=no"},
        Spelling{"default_credentials", "changed", ""},
        Spelling{"default_credentials", "not installed", ""},
        Spelling{"hotfixes", "kb123456", "hotfix=KB123456"},
        Spelling{"hotfixes", "4012212", ""},
        Spelling{"network_segment", "VLAN 20 / Theatres", "network_segment=vlan 20 / theatres"},
        Spelling{"network_segment", " ICU-VLAN ", "network_segment=icu-vlan"},
        Spelling{"network_segment", "icu-vlan", "network_segment=icu-vlan"},
        Spelling{"network_segment", "VLAN   50  ICU", "network_segment=vlan 50 icu"},
        Spelling{"endpoint_protection_product", "CrowdStrike Falcon",
                 "endpoint_protection_product=CrowdStrike Falcon"}));

TEST(InventoryCsvFacts, HotfixListsTakeSemicolonsCommasAndSpacesOnce) {
    Parsed parsed = parse_text("hostname,hotfixes\nwrd-1,\"KB1;KB2, KB3\tkb2  KB4 ;\"\n");
    ASSERT_TRUE(parsed.report.has_value()) << parsed.error_text();
    ASSERT_EQ(parsed.assets.size(), 1U);
    EXPECT_EQ(facts(parsed.assets[0]),
              (Facts{"hotfix=KB1", "hotfix=KB2", "hotfix=KB3", "hotfix=KB4"}));
    EXPECT_TRUE(parsed.diagnostics.empty());
}

TEST(InventoryCsvFacts, PostureColumnsAreMappedLikeAnyOther) {
    auto map = parse_column_map("AV Status=endpoint_protection,VLAN=network_segment",
                                kInventoryCsvColumns);
    ASSERT_TRUE(map.has_value()) << map.error().to_string();
    CsvImportOptions options;
    options.column_map = std::move(*map);
    Parsed parsed = testing::parse_bytes(
        [&options](InputFile& file, Diagnostics& diagnostics, const AssetSink& sink) {
            return parse_inventory_csv(file, diagnostics, sink, options);
        },
        "export.csv", "Device,AV Status,VLAN\nwrd-1,Active,Pharmacy\n");
    ASSERT_EQ(parsed.assets.size(), 0U);  // "Device" is not hostname: the file is refused
    EXPECT_FALSE(parsed.report.has_value());
    options.column_map.emplace("Device", "hostname");
    parsed = testing::parse_bytes(
        [&options](InputFile& file, Diagnostics& diagnostics, const AssetSink& sink) {
            return parse_inventory_csv(file, diagnostics, sink, options);
        },
        "export.csv", "Device,AV Status,VLAN\nwrd-1,Active,Pharmacy\n");
    ASSERT_TRUE(parsed.report.has_value()) << parsed.error_text();
    ASSERT_EQ(parsed.assets.size(), 1U);
    EXPECT_EQ(facts(parsed.assets[0]),
              (Facts{"endpoint_protection=active", "network_segment=pharmacy"}));
}

TEST(InventoryCsvFacts, FactsAreCopiedToEveryPartOfALargeAsset) {
    std::string text = "hostname,smb1,product,version\n";
    for (int i = 0; i < 10001; ++i) {
        text += "wrd-1,enabled,Tool " + std::to_string(i) + ",1.0\n";
    }
    Parsed parsed = parse_text(std::move(text));
    ASSERT_TRUE(parsed.report.has_value()) << parsed.error_text();
    ASSERT_EQ(parsed.assets.size(), 2U);
    EXPECT_EQ(facts(parsed.assets[0]), Facts{"smb1=enabled"});
    EXPECT_EQ(facts(parsed.assets[1]), Facts{"smb1=enabled"});
}

}  // namespace
}  // namespace wardround::inventory

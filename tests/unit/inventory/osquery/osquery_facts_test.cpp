// SPDX-License-Identifier: Apache-2.0
// Posture facts from an osquery results log (tests/data/inventory/osquery/posture.log): seven
// hosts covering windows_security_products, bitlocker_info, disk_encryption on Linux and macOS,
// windows_optional_features and patches, in snapshot and event form, and the values osquery never
// writes, which are reported and give no fact.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <wardround/inventory/osquery.h>

#include "support/inventory_test_support.h"
#include "support/test_support.h"

namespace wardround::inventory {
namespace {

using Facts = std::vector<std::string>;

// "name=value@location" of every fact, in order.
Facts facts(const ObservedAsset& asset) {
    Facts out;
    for (const ObservedFact& fact : asset.facts) {
        out.push_back(fact.name + "=" + fact.value + "@" + fact.location);
    }
    return out;
}

class OsqueryFacts : public ::testing::Test {
protected:
    void SetUp() override {
        parsed_ = testing::parse_path(parse_osquery_results,
                                      testing::fixture("inventory/osquery/posture.log"));
        ASSERT_TRUE(parsed_.report.has_value()) << parsed_.error_text();
        ASSERT_EQ(parsed_.assets.size(), 7U);
    }

    const ObservedAsset& host(const std::string& name) {
        for (const ObservedAsset& asset : parsed_.assets) {
            if (asset.source_key == name) {
                return asset;
            }
        }
        ADD_FAILURE() << "no host " << name;
        return parsed_.assets.front();
    }

    testing::Parsed parsed_;
};

TEST_F(OsqueryFacts, AWorkstationWithAThirdPartyAntivirus) {
    // Sophos On beside Defender Off: protected by Sophos; the firewall and antispyware rows are
    // not antivirus. The recovery partition has no drive letter and is left out.
    EXPECT_EQ(
        facts(host("wrd-ws-0301")),
        (Facts{"endpoint_protection=active@line 2",
               "endpoint_protection_product=Sophos Intercept X@line 2",
               "endpoint_protection_updated=yes@line 2", "disk_encryption=on@line 3",
               "smb1=disabled@line 4", "hotfix=KB5034441@line 5", "hotfix=KB5034763@line 5"}));
}

TEST_F(OsqueryFacts, EventsAddAndRemoveRows) {
    // Old signatures; C: still encrypting beside an unencrypted D:; SMBv1 enabled; the update the
    // log later removed is gone.
    EXPECT_EQ(facts(host("wrd-ws-0302")),
              (Facts{"endpoint_protection=active@line 7",
                     "endpoint_protection_product=Windows Defender@line 7",
                     "endpoint_protection_updated=no@line 7", "disk_encryption=partial@line 8",
                     "smb1=enabled@line 10", "hotfix=KB5034441@line 11"}));
}

TEST_F(OsqueryFacts, AWindowsClientWithNoAntivirusHasNone) {
    // Absent: SMBv1's files are removed, which is disabled for good.
    EXPECT_EQ(facts(host("wrd-ws-0303")),
              (Facts{"endpoint_protection=none@line 14", "disk_encryption=off@line 16",
                     "smb1=disabled@line 17"}));
}

TEST_F(OsqueryFacts, AServerWithoutSecurityCenterSaysNothing) {
    EXPECT_TRUE(host("wrd-srv-0009").facts.empty());
}

TEST_F(OsqueryFacts, LinuxAndMacDiskEncryption) {
    // One encrypted and one plain disk, under a query recognised by its columns.
    EXPECT_EQ(facts(host("wrd-srv-0010")), (Facts{"disk_encryption=partial@line 21"}));
    EXPECT_EQ(facts(host("wrd-mac-0001")), (Facts{"disk_encryption=on@line 23"}));
}

TEST_F(OsqueryFacts, ValuesOsqueryNeverWritesAreReported) {
    EXPECT_TRUE(host("wrd-ws-0304").facts.empty());
    EXPECT_EQ(
        testing::diagnostic_codes(parsed_.diagnostics),
        (std::vector<std::string>{"inventory.bad_fact@line 5", "inventory.bad_fact@line 25",
                                  "inventory.bad_fact@line 26", "inventory.bad_fact@line 27"}));
    for (const Diagnostic& diagnostic : parsed_.diagnostics.kept()) {
        EXPECT_EQ(diagnostic.severity, Severity::kWarning) << diagnostic.location;
    }
    EXPECT_NE(parsed_.diagnostics.kept()[0].message.find("'File 1'"), std::string::npos);
    EXPECT_NE(parsed_.diagnostics.kept()[1].message.find("'Broken'"), std::string::npos);
}

TEST(OsqueryFactRows, OnlyTheSmb1FeatureIsHeld) {
    // A removal of a feature the replay never held, and of the SMBv1 row it did.
    const std::string head =
        R"({"name":"windows_optional_features","hostIdentifier":"h","unixTime":"1","counter":")";
    const std::string text =
        head +
        R"(0","columns":{"name":"TelnetClient","caption":"","state":"1","statename":"Enabled"},"action":"added"})" +
        "\n" + head +
        R"(0","columns":{"name":"SMB1Protocol","caption":"","state":"1","statename":"Enabled"},"action":"added"})" +
        "\n" + head +
        R"(1","columns":{"name":"TelnetClient","caption":"","state":"1","statename":"Enabled"},"action":"removed"})" +
        "\n";
    auto parsed = testing::parse_bytes(parse_osquery_results, "features.log", text);
    ASSERT_TRUE(parsed.report.has_value()) << parsed.error_text();
    ASSERT_EQ(parsed.assets.size(), 1U);
    EXPECT_EQ(facts(parsed.assets[0]), (Facts{"smb1=enabled@line 2"}));
    EXPECT_TRUE(parsed.diagnostics.empty());
}

TEST(OsqueryFactRows, NumericsAndStateNames) {
    // Numbers as numbers (numerics logging); a feature query that selected only the state's name.
    const std::string text =
        R"({"name":"bitlocker_info","hostIdentifier":"h","unixTime":1,"numerics":true,"snapshot":[{"device_id":"v","drive_letter":"C:","conversion_status":1,"protection_status":1}],"action":"snapshot"})"
        "\n"
        R"({"name":"smb1","hostIdentifier":"h","unixTime":1,"snapshot":[{"name":"SMB1Protocol","caption":"SMB 1.0/CIFS File Sharing Support","state":"","statename":"Disabled"}],"action":"snapshot"})"
        "\n";
    auto parsed = testing::parse_bytes(parse_osquery_results, "numerics.log", text);
    ASSERT_TRUE(parsed.report.has_value()) << parsed.error_text();
    ASSERT_EQ(parsed.assets.size(), 1U);
    EXPECT_EQ(facts(parsed.assets[0]),
              (Facts{"disk_encryption=on@line 1", "smb1=disabled@line 2"}));
}

TEST(OsqueryFactRows, AnEmptyAnswerFromAHostOfUnknownSystemSaysNothing) {
    const std::string text =
        R"({"name":"windows_security_products","hostIdentifier":"h","unixTime":"1","snapshot":[],"action":"snapshot"})"
        "\n";
    auto parsed = testing::parse_bytes(parse_osquery_results, "empty.log", text);
    ASSERT_TRUE(parsed.report.has_value()) << parsed.error_text();
    ASSERT_EQ(parsed.assets.size(), 1U);
    EXPECT_TRUE(parsed.assets[0].facts.empty());
}

}  // namespace
}  // namespace wardround::inventory

// SPDX-License-Identifier: Apache-2.0
// The built-in rule packs over estates imported with the real importers: a CSV estate with posture
// facts (every result of every rule checked at once), a real nmap scan (cleartext services found
// exactly where the scan saw them), a medical device sharing a segment that two sources spell
// differently, a rule that applies_to Defender's machine tags, the organisation's tailoring, and
// refusals that change nothing.
#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <wardround/checks/checks.h>
#include <wardround/core/input_file.h>
#include <wardround/inventory/inventory_store.h>
#include <wardround/org/org_import.h>

#include "support/test_support.h"

namespace wardround::checks {
namespace {

using store::Backend;

class ChecksTest : public ::testing::TestWithParam<Backend> {
protected:
    static void prepare(store::Database& database) {
        const std::string path = ::wardround::testing::fixture("checks/organisations.csv");
        auto file = InputFile::open(path);
        ASSERT_TRUE(file) << file.error().to_string();
        auto organisations = org::import_organisations(database, *file);
        ASSERT_TRUE(organisations) << organisations.error().to_string();
        import(database, ::wardround::testing::fixture("checks/estate.csv"), "CT1");
    }

    static void import(store::Database& database, const std::string& path, const std::string& org) {
        inventory::InventoryImporter importer(database);
        inventory::InventoryImportOptions options;
        options.org_code = org;
        auto report = importer.import_file(path, options);
        ASSERT_TRUE(report) << path << ": " << report.error().to_string();
    }

    static std::vector<RulePack> packs() {
        auto loaded = builtin_rule_packs();
        EXPECT_TRUE(loaded) << loaded.error().to_string();
        return loaded ? std::move(*loaded) : std::vector<RulePack>{};
    }

    static CheckOptions options(const std::string& org) {
        CheckOptions options;
        options.org_code = org;
        options.now = *parse_timestamp("2026-11-29T09:00:00Z");
        return options;
    }

    // "hostname RULE verdict" for every failed or undecided result, sorted.
    static std::set<std::string> picture(const CheckReport& report) {
        std::set<std::string> out;
        for (const RuleResult& result : report.results) {
            out.insert(fmt::format("{} {} {}", result.hostname, result.rule_id,
                                   result.verdict == Verdict::kTrue ? "fails" : "unknown"));
        }
        return out;
    }

    static const RuleResult* result(const CheckReport& report,
                                    const std::string& hostname,
                                    const std::string& rule) {
        for (const RuleResult& result : report.results) {
            if (result.hostname == hostname && result.rule_id == rule) {
                return &result;
            }
        }
        return nullptr;
    }
};

TEST(BuiltinRulesTest, EveryPackLoadsAndEveryRuleSaysWhatToDoAndWhatItEvidences) {
    auto packs = builtin_rule_packs();
    ASSERT_TRUE(packs) << packs.error().to_string();
    std::set<std::string> ids;
    for (const RulePack& pack : *packs) {
        EXPECT_FALSE(pack.title.empty()) << pack.id;
        for (const Rule& rule : pack.rules) {
            ids.insert(pack.id);
            EXPECT_FALSE(rule.rationale.empty()) << rule.id;
            EXPECT_FALSE(rule.remediation.empty()) << rule.id;
            EXPECT_FALSE(rule.evidences.empty()) << rule.id;
        }
    }
    EXPECT_EQ(ids, (std::set<std::string>{"unsupported-systems", "exposure", "endpoint-basics",
                                          "network-placement"}));
}

TEST_P(ChecksTest, EveryRuleOnACsvEstateWithPostureFacts) {
    WARDROUND_TEST_DATABASE(holder, database);
    prepare(*database);
    auto report = run_checks(*database, packs(), options("CT1"));
    ASSERT_TRUE(report) << report.error().to_string();
    EXPECT_EQ(report->assets, 4);
    EXPECT_EQ(picture(*report),
              (std::set<std::string>{
                  // Windows 7: unsupported, SMBv1, no protection, no encryption, admin, stale.
                  "ward-pc-01 WR-EOL-001 fails",
                  "ward-pc-01 WR-NET-001 fails",
                  "ward-pc-01 WR-END-001 fails",
                  "ward-pc-01 WR-END-003 fails",
                  "ward-pc-01 WR-END-004 fails",
                  "ward-pc-01 WR-END-005 fails",
                  // No source lists services: whether RDP listens is not known.
                  "ward-pc-01 WR-NET-005 unknown",
                  "ward-pc-02 WR-NET-005 unknown",
                  // Windows 10 1607: unsupported, MS17-010 missing but SMB not known to listen,
                  // stale signatures, partly encrypted, SMBv1 and admin use not reported.
                  "theatre-pc-03 WR-EOL-001 fails",
                  "theatre-pc-03 WR-NET-002 unknown",
                  "theatre-pc-03 WR-NET-001 unknown",
                  "theatre-pc-03 WR-NET-005 unknown",
                  "theatre-pc-03 WR-END-002 fails",
                  "theatre-pc-03 WR-END-003 fails",
                  "theatre-pc-03 WR-END-004 unknown",
                  // Server 2012 R2 past its extended updates, internet-facing, services unknown.
                  "pacs-01 WR-EOL-001 fails",
                  "pacs-01 WR-NET-002 unknown",  // no build revision or hotfixes reported
                  "pacs-01 WR-NET-003 unknown",
                  "pacs-01 WR-NET-004 unknown",
              }));

    // Each result explains itself with the facts it read.
    const RuleResult* windows7 = result(*report, "ward-pc-01", "WR-EOL-001");
    ASSERT_NE(windows7, nullptr);
    ASSERT_EQ(windows7->steps.size(), 1U);
    EXPECT_TRUE(windows7->steps[0].starts_with("os.support_ended = true (")) << windows7->steps[0];
    EXPECT_NE(windows7->steps[0].find("2020-01-14"), std::string::npos) << windows7->steps[0];
    const RuleResult* ms17 = result(*report, "theatre-pc-03", "WR-NET-002");
    ASSERT_NE(ms17, nullptr);
    EXPECT_EQ(ms17->steps,
              (std::vector<std::string>{
                  "listening(445) = unknown (no source reports its listening "
                  "services)",
                  "ms17_010 = \"missing\" (build 14393.447; the fix is in 14393.953)"}));

    const auto counts = std::find_if(report->rules.begin(), report->rules.end(),
                                     [](const RuleCounts& c) { return c.rule_id == "WR-END-001"; });
    ASSERT_NE(counts, report->rules.end());
    EXPECT_EQ(counts->failed, 1);
    EXPECT_EQ(counts->passed, 3);
    EXPECT_EQ(counts->not_applicable, 0);
}

TEST_P(ChecksTest, CleartextServicesWhereARealScanSawThem) {
    WARDROUND_SHARED_DATA_OR_SKIP(path, "nmap/full_sudo6.xml");
    WARDROUND_TEST_DATABASE(holder, database);
    prepare(*database);
    import(*database, path, "CT2");
    auto report = run_checks(*database, packs(), options("CT2"));
    ASSERT_TRUE(report) << report.error().to_string();

    // The hosts the scan saw with Telnet or FTP open, counted from the imported services.
    std::set<std::string> expected;
    const auto listed = database->query(
        "SELECT DISTINCT a.hostname, a.id FROM exposure e JOIN asset a ON a.id = e.asset_id "
        "WHERE e.org_id = (SELECT id FROM organisation WHERE code = 'CT2') AND "
        "(e.port IN (21, 23) OR e.service IN ('telnet', 'ftp')) AND e.state = 'open'",
        {}, [&](const store::Row& row) -> Status {
            expected.insert(row.is_null(0) ? std::string() : row.get_text(0));
            return {};
        });
    ASSERT_TRUE(listed) << listed.error().to_string();
    ASSERT_FALSE(expected.empty()) << "the scan has a Telnet service";
    std::set<std::string> failed;
    for (const RuleResult& result : report->results) {
        if (result.rule_id == "WR-NET-006") {
            EXPECT_EQ(result.verdict, Verdict::kTrue) << "a scanned host's services are known";
            failed.insert(result.hostname);
        }
    }
    EXPECT_EQ(failed, expected);
}

TEST_P(ChecksTest, AnOrganisationTailorsRulesWithAReasonAndRefusalsChangeNothing) {
    WARDROUND_TEST_DATABASE(holder, database);
    prepare(*database);
    const auto rules = packs();
    RuleOverride disable{"WR-END-005",    false,
                         std::nullopt,    "check-in is tracked elsewhere",
                         "security lead", "2026-11-29"};
    ASSERT_TRUE(set_rule_override(*database, rules, "CT1", disable));
    RuleOverride raise{"WR-END-003",    true,        Severity::kCritical, "laptops leave the site",
                       "security lead", "2026-11-29"};
    ASSERT_TRUE(set_rule_override(*database, rules, "CT1", raise));

    auto report = run_checks(*database, rules, options("CT1"));
    ASSERT_TRUE(report) << report.error().to_string();
    EXPECT_EQ(report->disabled,
              (std::vector<std::string>{"WR-END-005: check-in is tracked elsewhere"}));
    EXPECT_EQ(result(*report, "ward-pc-01", "WR-END-005"), nullptr);
    const RuleResult* encryption = result(*report, "ward-pc-01", "WR-END-003");
    ASSERT_NE(encryption, nullptr);
    EXPECT_EQ(encryption->severity, Severity::kCritical);

    const std::string before = ::wardround::testing::dump_database(*database);
    RuleOverride no_reason{"WR-END-001", false, std::nullopt, "", "security lead", "2026-11-29"};
    auto refused = set_rule_override(*database, rules, "CT1", no_reason);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
    RuleOverride unknown_rule{"WR-NOPE-1", false, std::nullopt, "x", "y", "2026-11-29"};
    EXPECT_EQ(set_rule_override(*database, rules, "CT1", unknown_rule).error().code,
              ErrorCode::kNotFound);
    EXPECT_EQ(set_rule_override(*database, rules, "NOPE", disable).error().code,
              ErrorCode::kNotFound);
    EXPECT_EQ(::wardround::testing::dump_database(*database), before);

    auto unknown_org = run_checks(*database, rules, options("NOPE"));
    ASSERT_FALSE(unknown_org);
    EXPECT_EQ(unknown_org.error().code, ErrorCode::kNotFound);
    CheckOptions one_rule = options("CT1");
    one_rule.rule_ids = {"WR-NOPE-1"};
    EXPECT_EQ(run_checks(*database, rules, one_rule).error().code, ErrorCode::kNotFound);
}

// The register and the CMDB name the ICU's VLAN in different case and spacing; it is still one
// segment, so the ventilator on it shares it with the ICU's desktop (WR-SEG-001), and the one on
// a segment of its own does not.
TEST_P(ChecksTest, AMedicalDeviceSharesASegmentHoweverItsSourcesSpellIt) {
    WARDROUND_TEST_DATABASE(holder, database);
    prepare(*database);
    import(*database, ::wardround::testing::fixture("checks/segments-inventory.csv"), "CT2");
    import(*database, ::wardround::testing::fixture("checks/segments-register.csv"), "CT2");
    CheckOptions segment_rule = options("CT2");
    segment_rule.rule_ids = {"WR-SEG-001"};
    auto report = run_checks(*database, packs(), segment_rule);
    ASSERT_TRUE(report) << report.error().to_string();
    EXPECT_EQ(picture(*report), (std::set<std::string>{"icu-vent-01 WR-SEG-001 fails"}));
    const RuleResult* shared = result(*report, "icu-vent-01", "WR-SEG-001");
    ASSERT_NE(shared, nullptr);
    EXPECT_EQ(shared->steps, (std::vector<std::string>{
                                 "segment.shared_with_endpoints = true (1 endpoints or servers in "
                                 "the same segment)"}));
    ASSERT_EQ(report->rules.size(), 1U);
    EXPECT_EQ(report->rules[0].failed, 1);
    EXPECT_EQ(report->rules[0].passed, 1);          // md-vent-02, on its own segment
    EXPECT_EQ(report->rules[0].not_applicable, 2);  // the two desktops
}

// A rule's applies_to.tags selects machines by the tags Defender gives them, exactly: "Imaging"
// and the trimmed "Ward 7" select ct-img-01; "imaging" on ct-img-02 is another tag.
TEST_P(ChecksTest, ARuleAppliesToTheMachinesDefenderTags) {
    WARDROUND_TEST_DATABASE(holder, database);
    prepare(*database);
    import(*database, ::wardround::testing::fixture("checks/defender-tagged.json"), "CT2");
    auto pack = parse_rule_pack(R"(pack: tagged
title: Tagged machines
description: A rule for the machines tagged for imaging or ward 7.
rules:
  - id: WR-TAG-001
    title: Imaging or ward 7 endpoint
    rationale: Selects its assets by tag alone.
    severity: low
    applies_to:
      tags: [Imaging, Ward 7]
    when: kind == "endpoint"
    remediation: Nothing; the test reads where it applied.
    evidences:
      caf: [B4.a]
)",
                                "tagged.yaml", asset_fact_catalogue());
    ASSERT_TRUE(pack) << pack.error().to_string();
    std::vector<RulePack> tagged;
    tagged.push_back(std::move(*pack));
    auto report = run_checks(*database, tagged, options("CT2"));
    ASSERT_TRUE(report) << report.error().to_string();
    EXPECT_EQ(report->assets, 3);
    EXPECT_EQ(picture(*report), (std::set<std::string>{"ct-img-01 WR-TAG-001 fails"}));
    ASSERT_EQ(report->rules.size(), 1U);
    EXPECT_EQ(report->rules[0].failed, 1);
    EXPECT_EQ(report->rules[0].not_applicable, 2);
}

INSTANTIATE_TEST_SUITE_P(Backends,
                         ChecksTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         ::wardround::testing::backend_test_name);

}  // namespace
}  // namespace wardround::checks

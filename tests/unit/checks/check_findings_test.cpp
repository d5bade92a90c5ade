// SPDX-License-Identifier: Apache-2.0
// The checks' results kept as findings with a scan's lifecycle: a failed rule is a finding due by
// its severity and explained by its facts; a passing rule fixes it and a failing one reopens it; an
// undecided result leaves it alone; people's decisions hold until they lapse; the organisation's
// tailoring sets findings aside or changes their priority; a run of some rules touches only theirs;
// a dry run writes nothing; and vulnerability scans and check runs never close each other's
// findings, while the report shows both.
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <wardround/checks/checks.h>
#include <wardround/core/input_file.h>
#include <wardround/findings/findings_queries.h>
#include <wardround/findings/scan.h>
#include <wardround/inventory/inventory_store.h>
#include <wardround/org/org_import.h>
#include <wardround/report/report.h>
#include <wardround/vuln/feed_import.h>

#include "support/test_support.h"

namespace wardround::checks {
namespace {

using findings::FindingRow;
using store::Backend;
using ::wardround::testing::fixture;

using ::wardround::testing::at;

class CheckFindingsTest : public ::wardround::testing::BackendTest {
protected:
    void SetUp() override {
        BackendTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) {
            return;
        }
        auto file = InputFile::open(fixture("checks/organisations.csv"));
        ASSERT_TRUE(file) << file.error().to_string();
        auto organisations = org::import_organisations(*database_, *file);
        ASSERT_TRUE(organisations) << organisations.error().to_string();
        import("checks/estate.csv");
        auto loaded = builtin_rule_packs();
        ASSERT_TRUE(loaded) << loaded.error().to_string();
        packs_ = std::move(*loaded);
    }

    void import(const std::string& name) {
        inventory::InventoryImporter importer(*database_);
        inventory::InventoryImportOptions options;
        options.org_code = "CT1";
        options.source = "csv";
        auto report = importer.import_file(fixture(name), options);
        ASSERT_TRUE(report) << name << ": " << report.error().to_string();
    }

    CheckReport run(const std::string& when,
                    const std::vector<std::string>& rules = {},
                    bool record = true) {
        CheckOptions options;
        options.org_code = "CT1";
        options.rule_ids = rules;
        options.now = at(when);
        options.record = record;
        auto report = run_checks(*database_, packs_, options);
        EXPECT_TRUE(report) << report.error().to_string();
        return report ? std::move(*report) : CheckReport{};
    }

    // Every check finding of every status, by "hostname RULE".
    std::map<std::string, FindingRow> check_findings() {
        findings::FindingFilter filter;
        filter.org_code = "CT1";
        filter.statuses = {"new",      "open",           "fixed",       "reopened",
                           "accepted", "false_positive", "not_affected"};
        auto rows = findings::list_findings(*database_, filter);
        EXPECT_TRUE(rows) << rows.error().to_string();
        std::map<std::string, FindingRow> out;
        for (const FindingRow& row : rows ? *rows : std::vector<FindingRow>{}) {
            if (row.source == "check") {
                out.emplace(row.hostname + " " + row.vuln_id, row);
            }
        }
        return out;
    }

    // "hostname RULE status" of every check finding.
    std::vector<std::string> statuses() {
        std::vector<std::string> out;
        for (const auto& [key, row] : check_findings()) {
            out.push_back(key + " " + row.status);
        }
        return out;
    }

    findings::FindingDetail detail(const std::string& key) {
        const auto rows = check_findings();
        const auto found = rows.find(key);
        EXPECT_NE(found, rows.end()) << key;
        auto read = findings::get_finding(*database_, found == rows.end() ? 0 : found->second.id);
        EXPECT_TRUE(read) << read.error().to_string();
        return read ? std::move(*read) : findings::FindingDetail{};
    }

    void tailor(const std::string& rule,
                bool enabled,
                std::optional<Severity> severity,
                const std::string& reason) {
        RuleOverride tailoring{rule,        enabled, severity, reason, "Head of IT security",
                               "2026-11-29"};
        auto saved = set_rule_override(*database_, packs_, "CT1", tailoring);
        ASSERT_TRUE(saved) << saved.error().to_string();
    }

    std::int64_t count(const std::string& sql) {
        auto value = database_->query_value(sql);
        EXPECT_TRUE(value) << sql;
        return value && *value ? std::get<std::int64_t>(**value) : -1;
    }

    std::vector<RulePack> packs_;
};

const std::vector<std::string> kFirstRun{
    "pacs-01 WR-EOL-001 new",       "theatre-pc-03 WR-END-002 new", "theatre-pc-03 WR-END-003 new",
    "theatre-pc-03 WR-EOL-001 new", "ward-pc-01 WR-END-001 new",    "ward-pc-01 WR-END-003 new",
    "ward-pc-01 WR-END-004 new",    "ward-pc-01 WR-END-005 new",    "ward-pc-01 WR-EOL-001 new",
    "ward-pc-01 WR-NET-001 new"};

TEST_P(CheckFindingsTest, EachFailureIsAFindingDueByItsSeverityAndExplainedByItsFacts) {
    const CheckReport report = run("2026-11-29T09:00:00Z");
    ASSERT_TRUE(report.findings);
    EXPECT_EQ(report.findings->created, 10);
    EXPECT_EQ(report.findings->open, 10);
    EXPECT_GT(report.findings->undecided, 0);
    EXPECT_EQ(statuses(), kFirstRun);

    const auto rows = check_findings();
    // critical P1 in 14 days, high P2 in 14, medium P3 in 30, low P4 in 90.
    EXPECT_EQ(rows.at("ward-pc-01 WR-NET-001").priority, "P2");
    EXPECT_EQ(rows.at("ward-pc-01 WR-NET-001").due_date, "2026-12-13");
    EXPECT_EQ(rows.at("ward-pc-01 WR-END-003").priority, "P3");
    EXPECT_EQ(rows.at("ward-pc-01 WR-END-003").due_date, "2026-12-29");
    EXPECT_EQ(rows.at("ward-pc-01 WR-END-005").priority, "P4");
    EXPECT_EQ(rows.at("ward-pc-01 WR-END-005").due_date, "2027-02-27");
    EXPECT_EQ(rows.at("pacs-01 WR-EOL-001").product,
              "Operating system past the end of its support");

    const findings::FindingDetail eol = detail("ward-pc-01 WR-EOL-001");
    const nlohmann::json explanation = nlohmann::json::parse(eol.explanation);
    EXPECT_EQ(explanation["check"]["rule"], "WR-EOL-001");
    EXPECT_EQ(explanation["check"]["pack"], "unsupported-systems");
    EXPECT_FALSE(explanation["check"]["remediation"].get<std::string>().empty());
    EXPECT_FALSE(explanation["check"]["evidences"].empty());
    ASSERT_EQ(explanation["steps"].size(), 1U);
    EXPECT_NE(explanation["steps"][0].get<std::string>().find("Windows 7"), std::string::npos)
        << explanation["steps"][0];
    EXPECT_NE(eol.reasons.find("rule severity high"), std::string::npos) << eol.reasons;
    ASSERT_EQ(eol.events.size(), 1U);
    EXPECT_EQ(eol.events[0].to_status, "new");
    EXPECT_EQ(eol.events[0].actor, "check");
    EXPECT_NE(eol.kb_version.find("unsupported-systems"), std::string::npos) << eol.kb_version;

    EXPECT_EQ(count("SELECT COUNT(*) FROM scan_run WHERE mode = 'checks'"), 1);
    EXPECT_EQ(count("SELECT findings_new FROM scan_run WHERE mode = 'checks'"), 10);
}

TEST_P(CheckFindingsTest, PassingFixesFailingAgainReopensAndUndecidedLeavesAlone) {
    run("2026-11-29T09:00:00Z");
    const CheckReport again = run("2026-11-30T09:00:00Z");
    EXPECT_EQ(again.findings->created, 0);
    EXPECT_EQ(check_findings().at("ward-pc-01 WR-END-003").status, "open");

    // ward-pc-01 is now encrypted; theatre-pc-03's encryption is no longer reported.
    import("checks/estate-v2.csv");
    const CheckReport fixed = run("2026-12-01T09:00:00Z");
    EXPECT_EQ(fixed.findings->fixed, 1);
    auto rows = check_findings();
    EXPECT_EQ(rows.at("ward-pc-01 WR-END-003").status, "fixed");
    EXPECT_EQ(rows.at("theatre-pc-03 WR-END-003").status, "open");
    const findings::FindingDetail closed = detail("ward-pc-01 WR-END-003");
    EXPECT_EQ(closed.events.back().reason, "the rule passes, or no longer applies to the asset");

    // The next export has ward-pc-01 unencrypted again.
    import("checks/estate-v3.csv");
    const CheckReport reopened = run("2026-12-10T09:00:00Z");
    EXPECT_EQ(reopened.findings->reopened, 1);
    rows = check_findings();
    EXPECT_EQ(rows.at("ward-pc-01 WR-END-003").status, "reopened");
    EXPECT_EQ(rows.at("ward-pc-01 WR-END-003").due_date, "2027-01-09");  // 30 days from reopening
    EXPECT_EQ(rows.at("ward-pc-01 WR-END-003").first_seen.substr(0, 10), "2026-11-29");
}

TEST_P(CheckFindingsTest, AnAcceptedRiskHoldsUntilItLapses) {
    run("2026-11-29T09:00:00Z");
    const FindingRow smb = check_findings().at("ward-pc-01 WR-NET-001");
    findings::DecisionRequest request;
    request.reason = "SMBv1 needed by the ward's label printer until its replacement in January";
    request.owner = "Ward manager";
    request.until = "2027-01-31";
    ASSERT_TRUE(findings::decide_finding(*database_, smb.id, request, at("2026-11-29T10:00:00Z")));

    run("2026-12-15T09:00:00Z");
    EXPECT_EQ(check_findings().at("ward-pc-01 WR-NET-001").status, "accepted");
    const CheckReport lapsed = run("2027-02-01T09:00:00Z");
    EXPECT_EQ(lapsed.findings->acceptances_expired, 1);
    EXPECT_EQ(check_findings().at("ward-pc-01 WR-NET-001").status, "open");
    EXPECT_EQ(detail("ward-pc-01 WR-NET-001").events.back().reason,
              "accepted risk expired on 2027-01-31");
}

TEST_P(CheckFindingsTest, TailoringSetsFindingsAsideAndChangesPriorityWithItsReason) {
    run("2026-11-29T09:00:00Z");
    tailor("WR-EOL-001", false, std::nullopt, "isolated imaging network; replacement funded");
    tailor("WR-END-005", true, Severity::kHigh, "stale devices hide missed patches here");
    const CheckReport tailored = run("2026-11-30T09:00:00Z");
    EXPECT_EQ(tailored.findings->set_aside, 3);

    auto rows = check_findings();
    for (const std::string host : {"ward-pc-01", "theatre-pc-03", "pacs-01"}) {
        EXPECT_EQ(rows.at(host + " WR-EOL-001").status, "not_affected") << host;
    }
    const std::string reason = detail("pacs-01 WR-EOL-001").events.back().reason;
    EXPECT_NE(reason.find("isolated imaging network"), std::string::npos) << reason;
    EXPECT_NE(reason.find("Head of IT security"), std::string::npos) << reason;
    EXPECT_EQ(rows.at("ward-pc-01 WR-END-005").priority, "P2");
    const findings::FindingDetail stale = detail("ward-pc-01 WR-END-005");
    EXPECT_NE(stale.reasons.find("set by the organisation; the rule says low"), std::string::npos)
        << stale.reasons;
    EXPECT_EQ(nlohmann::json::parse(stale.explanation)["check"]["tailoring"]["reason"],
              "stale devices hide missed patches here");

    // Turned on again: the rule fails again, so its findings are open again.
    tailor("WR-EOL-001", true, std::nullopt, "the imaging network was joined to the main one");
    run("2026-12-01T09:00:00Z");
    rows = check_findings();
    EXPECT_EQ(rows.at("pacs-01 WR-EOL-001").status, "open");
}

TEST_P(CheckFindingsTest, ARunOfSomeRulesTouchesOnlyTheirFindings) {
    run("2026-11-29T09:00:00Z");
    import("checks/estate-v2.csv");
    // The new import also fixes nothing else: run only WR-END-001 and check WR-END-003 stays open.
    const CheckReport some = run("2026-11-30T09:00:00Z", {"WR-END-001"});
    EXPECT_EQ(some.findings->fixed, 0);
    auto rows = check_findings();
    EXPECT_EQ(rows.at("ward-pc-01 WR-END-003").status, "new");
    EXPECT_EQ(rows.at("ward-pc-01 WR-END-001").status, "open");
    run("2026-11-30T10:00:00Z", {"WR-END-003"});
    EXPECT_EQ(check_findings().at("ward-pc-01 WR-END-003").status, "fixed");
}

TEST_P(CheckFindingsTest, ADryRunWritesNothing) {
    run("2026-11-29T09:00:00Z");
    import("checks/estate-v2.csv");
    const CheckReport dry = run("2026-11-30T09:00:00Z", {}, false);
    EXPECT_FALSE(dry.findings);
    EXPECT_EQ(statuses(), kFirstRun);
    EXPECT_EQ(count("SELECT COUNT(*) FROM scan_run"), 1);
}

TEST_P(CheckFindingsTest, ScansAndCheckRunsKeepToTheirOwnFindingsAndTheReportShowsBoth) {
    auto feeds = vuln::import_feeds(
        *database_, {fixture("findings/nvd-page.json"), fixture("findings/kev.json"),
                     fixture("findings/epss.csv")});
    ASSERT_TRUE(feeds) << feeds.error().to_string();
    inventory::InventoryImporter importer(*database_);
    inventory::InventoryImportOptions options;
    options.org_code = "CT1";
    options.source = "gateway-csv";
    ASSERT_TRUE(importer.import_file(fixture("findings/estate-ft1-v1.csv"), options));

    findings::ScanOptions scan_options;
    scan_options.org_code = "CT1";
    scan_options.now = at("2026-11-29T08:00:00Z");
    auto first = findings::run_scan(*database_, scan_options);
    ASSERT_TRUE(first) << first.error().to_string();
    ASSERT_GT(first->findings_new, 0);
    const std::int64_t vulnerabilities = first->findings_open;

    // The gateway has not been seen since January: stale (WR-END-005), beside CT1's own results.
    std::vector<std::string> with_gateway = kFirstRun;
    with_gateway.insert(with_gateway.begin(), "ft1-gw-01 WR-END-005 new");
    run("2026-11-29T09:00:00Z");
    EXPECT_EQ(statuses(), with_gateway);

    // The scan after the run compares with the scan before it, not with the run, and leaves the
    // run's findings as they are; its counts are of vulnerabilities alone.
    scan_options.now = at("2026-11-29T10:00:00Z");
    auto second = findings::run_scan(*database_, scan_options);
    ASSERT_TRUE(second) << second.error().to_string();
    EXPECT_TRUE(second->incremental) << second->scope_reason;
    EXPECT_EQ(second->findings_fixed, 0);
    EXPECT_EQ(second->findings_open, vulnerabilities);
    scan_options.full = true;
    scan_options.now = at("2026-11-29T11:00:00Z");
    auto full = findings::run_scan(*database_, scan_options);
    ASSERT_TRUE(full) << full.error().to_string();
    EXPECT_EQ(full->findings_fixed, 0);
    EXPECT_EQ(statuses(), with_gateway);

    // And a run leaves the scan's findings alone.
    run("2026-11-29T12:00:00Z");
    EXPECT_EQ(count("SELECT COUNT(*) FROM finding WHERE source <> 'check' AND status IN ('new', "
                    "'open', 'reopened')"),
              vulnerabilities);

    auto report = report::collect_report(*database_, "CT1", at("2026-11-29T13:00:00Z"));
    ASSERT_TRUE(report) << report.error().to_string();
    EXPECT_EQ(report->latest_scan.id, full->scan_id);
    std::int64_t checks = 0;
    for (const report::ReportFinding& finding : report->findings) {
        checks += finding.vulnerability.starts_with("WR-") ? 1 : 0;
    }
    EXPECT_EQ(checks, 11);
    EXPECT_EQ(report->headline.open, vulnerabilities + 11);
}

INSTANTIATE_TEST_SUITE_P(Backends,
                         CheckFindingsTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         ::wardround::testing::backend_test_name);

}  // namespace
}  // namespace wardround::checks

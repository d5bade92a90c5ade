// SPDX-License-Identifier: Apache-2.0
// A finding's life across scans, on SQLite and PostgreSQL, with the small invented knowledge base
// in tests/data/findings (CVE-2099-0001 to -0004, the first in KEV) and one trust's estate whose
// gateway is upgraded and downgraded between scans: new, open, fixed, reopened, accepted until a
// date and then open again, false positive for good; every ScanSummary counted exactly.
//
// The fixtures, worked out by hand (default policy):
//   ft1-gw-01  Acme Ward Gateway, internet-facing
//     CVE-2099-0001  >= 2.0 < 2.4.1, CVSS 9.8, KEV due 2025-12-29
//                    40 (KEV) + 29.4 (CVSS) + 10 (internet) = 79.4 -> P1, due 2025-12-29
//     CVE-2099-0002  <= 2.5.0, CVSS 5.3, EPSS 0.2
//                    5 (EPSS) + 15.9 (CVSS) + 10 (internet) = 30.9 -> P3, due +30 days
//   ft1-hub-01 MedCo Infusion Hub 4.2, patient-critical
//     CVE-2099-0003  < 5.0, CVSS 3.1: 9.3 (CVSS) + 10 (criticality) = 19.3 -> P4, due +90 days
//   CVE-2099-0004 awaits analysis: no configurations.
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <wardround/findings/findings_queries.h>
#include <wardround/findings/scan.h>

#include "findings_test_support.h"
#include "support/test_support.h"

namespace wardround::findings {
namespace {

using store::Backend;
using testing::at;
using testing::event_trail;
using testing::finding;
using testing::finding_detail;
using testing::findings_fixture;
using testing::import_estate;
using testing::picture;
using testing::scan;
using ::wardround::testing::count_rows;
using ::wardround::testing::dump_database;

using Counts = std::map<std::string, std::int64_t>;

constexpr double kTolerance = 1e-9;

const char* const kGateway = "ft1-gw-01";
const char* const kHub = "ft1-hub-01";
const char* const kKevCve = "CVE-2099-0001";
const char* const kMediumCve = "CVE-2099-0002";
const char* const kLowCve = "CVE-2099-0003";

std::string estate(const std::string& name) {
    return findings_fixture(name);
}

class ScanLifecycleTest : public ::testing::TestWithParam<Backend> {
protected:
    // The organisations, the knowledge base and the first estate of FT1.
    static void prepare(store::Database& database) {
        testing::import_fixture_organisations(database);
        testing::import_fixture_knowledge(database);
        import_estate(database, estate("estate-ft1-v1.csv"), "FT1");
    }

    // The summary's finding counts in one map, for one comparison per scan.
    static Counts counts(const ScanSummary& summary) {
        return Counts{{"new", summary.findings_new},
                      {"reopened", summary.findings_reopened},
                      {"fixed", summary.findings_fixed},
                      {"open", summary.findings_open},
                      {"expired", summary.acceptances_expired},
                      {"not_evaluable", summary.not_evaluable},
                      {"open_kev", summary.open_kev}};
    }
};

TEST_P(ScanLifecycleTest, FirstScanFindsEachPairNewWithItsPriorityDueDateAndEvent) {
    WARDROUND_TEST_DATABASE(holder, database);
    prepare(*database);

    const ScanSummary first = scan(*database, "2026-01-12T09:00:00Z");
    EXPECT_GT(first.scan_id, 0);
    EXPECT_EQ(first.started_at, "2026-01-12T09:00:00.000Z");
    EXPECT_EQ(first.cves, 3);
    EXPECT_EQ(first.cves_without_configurations, 1);
    EXPECT_EQ(first.assets, 2);
    EXPECT_EQ(first.software, 2);
    EXPECT_EQ(first.unresolved_components, 0);
    EXPECT_FALSE(first.kb_demo);
    EXPECT_EQ(first.kb_newest, "2025-12-04T10:00:00.000Z");
    ASSERT_TRUE(first.kb_age_days.has_value());
    EXPECT_NEAR(*first.kb_age_days, 38.958333333333336, 1e-6);  // 2025-12-04T10:00 to 01-12T09:00
    EXPECT_NE(first.kb_version.find("kev 2025.12.08"), std::string::npos) << first.kb_version;
    EXPECT_EQ(counts(first), (Counts{{"new", 3},
                                     {"reopened", 0},
                                     {"fixed", 0},
                                     {"open", 3},
                                     {"expired", 0},
                                     {"not_evaluable", 0},
                                     {"open_kev", 1}}));
    EXPECT_EQ(first.open_by_priority, (Counts{{"P1", 1}, {"P3", 1}, {"P4", 1}}));

    EXPECT_EQ(picture(testing::all_findings(*database)),
              (std::vector<std::string>{"ft1-gw-01 CVE-2099-0001 new P1",
                                        "ft1-gw-01 CVE-2099-0002 new P3",
                                        "ft1-hub-01 CVE-2099-0003 new P4"}));

    const FindingRow kev = finding(*database, kGateway, kKevCve);
    EXPECT_EQ(kev.org_code, "FT1");
    EXPECT_EQ(kev.vendor, "acme");
    EXPECT_EQ(kev.product, "ward_gateway");
    EXPECT_EQ(kev.version, "2.3.0");
    EXPECT_EQ(kev.source, "nvd");
    EXPECT_TRUE(kev.kev);
    EXPECT_NEAR(kev.priority_score, 79.4, kTolerance);
    EXPECT_EQ(kev.due_date, "2025-12-29");  // KEV's, although it passed before the scan
    EXPECT_EQ(kev.first_seen, "2026-01-12T09:00:00.000Z");
    EXPECT_EQ(kev.last_seen, "2026-01-12T09:00:00.000Z");
    EXPECT_EQ(kev.fixed_at, "");

    const FindingRow medium = finding(*database, kGateway, kMediumCve);
    EXPECT_FALSE(medium.kev);
    EXPECT_NEAR(medium.priority_score, 30.9, kTolerance);
    EXPECT_EQ(medium.due_date, "2026-02-11");  // CVSS 5.3: 30 days

    const FindingRow low = finding(*database, kHub, kLowCve);
    EXPECT_EQ(low.vendor, "medco");
    EXPECT_EQ(low.version, "4.2");
    EXPECT_NEAR(low.priority_score, 19.3, kTolerance);
    EXPECT_EQ(low.due_date, "2026-04-12");  // CVSS 3.1: 90 days

    // Each finding's detail: the match explained, the priority's reasons, one event.
    const FindingDetail kev_detail = finding_detail(*database, kev.id);
    EXPECT_EQ(kev_detail.software, "cpe:2.3:a:acme:ward_gateway:2.3.0:*:*:*:*:*:*:*");
    EXPECT_NE(kev_detail.reasons.find("\"factor\":\"kev\""), std::string::npos)
        << kev_detail.reasons;
    EXPECT_NE(kev_detail.reasons.find("\"factor\":\"internet-facing\""), std::string::npos);
    EXPECT_NE(kev_detail.explanation.find("\"versionEndExcluding\":\"2.4.1\""), std::string::npos)
        << kev_detail.explanation;
    EXPECT_EQ(event_trail(kev_detail), std::vector<std::string>{">new"});
    EXPECT_EQ(kev_detail.events.at(0).at, "2026-01-12T09:00:00.000Z");
    EXPECT_EQ(kev_detail.events.at(0).actor, "scan");
    const FindingDetail medium_detail = finding_detail(*database, medium.id);
    EXPECT_NE(medium_detail.reasons.find("\"factor\":\"epss\""), std::string::npos)
        << medium_detail.reasons;
    const FindingDetail low_detail = finding_detail(*database, low.id);
    EXPECT_NE(low_detail.reasons.find("\"factor\":\"criticality\""), std::string::npos)
        << low_detail.reasons;

    // The scan's own record.
    EXPECT_EQ(count_rows(*database, "scan_run",
                         "findings_new = 3 AND findings_open = 3 AND assets = 2 AND "
                         "not_evaluable = 0 AND org_id IS NULL"),
              1);
    EXPECT_EQ(count_rows(*database, "finding_event"), 3);
    EXPECT_EQ(count_rows(*database, "match_gap"), 0);
}

TEST_P(ScanLifecycleTest, UpgradeFixesDowngradeReopensWithANewDueDate) {
    WARDROUND_TEST_DATABASE(holder, database);
    prepare(*database);
    const ScanSummary first = scan(*database, "2026-01-12T09:00:00Z");
    ASSERT_EQ(first.findings_new, 3);

    // The same estate again: open, first seen unchanged, last seen moved, due dates kept.
    const ScanSummary second = scan(*database, "2026-01-13T09:00:00Z");
    EXPECT_EQ(counts(second), (Counts{{"new", 0},
                                      {"reopened", 0},
                                      {"fixed", 0},
                                      {"open", 3},
                                      {"expired", 0},
                                      {"not_evaluable", 0},
                                      {"open_kev", 1}}));
    EXPECT_EQ(second.open_by_priority, (Counts{{"P1", 1}, {"P3", 1}, {"P4", 1}}));
    EXPECT_EQ(picture(testing::all_findings(*database)),
              (std::vector<std::string>{"ft1-gw-01 CVE-2099-0001 open P1",
                                        "ft1-gw-01 CVE-2099-0002 open P3",
                                        "ft1-hub-01 CVE-2099-0003 open P4"}));
    FindingRow medium = finding(*database, kGateway, kMediumCve);
    EXPECT_EQ(medium.first_seen, "2026-01-12T09:00:00.000Z");
    EXPECT_EQ(medium.last_seen, "2026-01-13T09:00:00.000Z");
    EXPECT_EQ(medium.due_date, "2026-02-11");
    EXPECT_EQ(event_trail(finding_detail(*database, medium.id)),
              (std::vector<std::string>{">new", "new>open"}));

    // A third scan of the same estate changes no status: no event.
    const ScanSummary third = scan(*database, "2026-01-14T09:00:00Z");
    EXPECT_EQ(third.findings_open, 3);
    EXPECT_EQ(count_rows(*database, "finding_event"), 6);

    // The gateway upgraded to 2.4.1, CVE-2099-0001's excluded end: that one is fixed, 0002
    // (up to 2.5.0 included) stays.
    import_estate(*database, estate("estate-ft1-v2-gateway-2.4.1.csv"), "FT1");
    const ScanSummary fourth = scan(*database, "2026-01-21T09:00:00Z");
    EXPECT_EQ(counts(fourth), (Counts{{"new", 0},
                                      {"reopened", 0},
                                      {"fixed", 1},
                                      {"open", 2},
                                      {"expired", 0},
                                      {"not_evaluable", 0},
                                      {"open_kev", 0}}));
    EXPECT_EQ(fourth.open_by_priority, (Counts{{"P3", 1}, {"P4", 1}}));
    const FindingRow fixed = finding(*database, kGateway, kKevCve);
    EXPECT_EQ(fixed.status, "fixed");
    EXPECT_EQ(fixed.fixed_at, "2026-01-21T09:00:00.000Z");
    EXPECT_EQ(fixed.last_seen, "2026-01-14T09:00:00.000Z");  // when it was last matched
    EXPECT_EQ(event_trail(finding_detail(*database, fixed.id)),
              (std::vector<std::string>{">new", "new>open", "open>fixed (no longer matched)"}));
    medium = finding(*database, kGateway, kMediumCve);
    EXPECT_EQ(medium.status, "open");
    EXPECT_EQ(medium.version, "2.4.1");  // the version the last scan matched

    // Upgraded past both bounds.
    import_estate(*database, estate("estate-ft1-v3-gateway-2.6.0.csv"), "FT1");
    const ScanSummary fifth = scan(*database, "2026-01-26T09:00:00Z");
    EXPECT_EQ(counts(fifth), (Counts{{"new", 0},
                                     {"reopened", 0},
                                     {"fixed", 1},
                                     {"open", 1},
                                     {"expired", 0},
                                     {"not_evaluable", 0},
                                     {"open_kev", 0}}));
    EXPECT_EQ(picture(testing::all_findings(*database)),
              (std::vector<std::string>{"ft1-gw-01 CVE-2099-0001 fixed P1",
                                        "ft1-gw-01 CVE-2099-0002 fixed P3",
                                        "ft1-hub-01 CVE-2099-0003 open P4"}));
    // A fixed finding is no longer listed by default (the open ones).
    FindingFilter open_only;
    auto listed = list_findings(*database, open_only);
    ASSERT_TRUE(listed.has_value()) << listed.error().to_string();
    EXPECT_EQ(picture(*listed), std::vector<std::string>{"ft1-hub-01 CVE-2099-0003 open P4"});

    // Downgraded to 2.4.0: both come back, reopened; the non-KEV one gets a new due date counted
    // from the reopening, the KEV one keeps KEV's.
    import_estate(*database, estate("estate-ft1-v4-gateway-2.4.0.csv"), "FT1");
    const ScanSummary sixth = scan(*database, "2026-02-02T09:00:00Z");
    EXPECT_EQ(counts(sixth), (Counts{{"new", 0},
                                     {"reopened", 2},
                                     {"fixed", 0},
                                     {"open", 3},
                                     {"expired", 0},
                                     {"not_evaluable", 0},
                                     {"open_kev", 1}}));
    EXPECT_EQ(sixth.open_by_priority, (Counts{{"P1", 1}, {"P3", 1}, {"P4", 1}}));
    medium = finding(*database, kGateway, kMediumCve);
    EXPECT_EQ(medium.status, "reopened");
    EXPECT_EQ(medium.due_date, "2026-03-04");  // 2026-02-02 + 30
    EXPECT_EQ(medium.first_seen, "2026-01-12T09:00:00.000Z");
    EXPECT_EQ(medium.last_seen, "2026-02-02T09:00:00.000Z");
    EXPECT_EQ(medium.fixed_at, "");
    EXPECT_EQ(medium.version, "2.4.0");
    EXPECT_EQ(event_trail(finding_detail(*database, medium.id)),
              (std::vector<std::string>{">new", "new>open", "open>fixed (no longer matched)",
                                        "fixed>reopened (matched again)"}));
    const FindingRow kev = finding(*database, kGateway, kKevCve);
    EXPECT_EQ(kev.status, "reopened");
    EXPECT_EQ(kev.due_date, "2025-12-29");
    EXPECT_EQ(kev.fixed_at, "");

    // And the scan after that: reopened ones are open, nothing counted as reopened again.
    const ScanSummary seventh = scan(*database, "2026-02-03T09:00:00Z");
    EXPECT_EQ(seventh.findings_reopened, 0);
    EXPECT_EQ(seventh.findings_open, 3);
    EXPECT_EQ(finding(*database, kGateway, kMediumCve).status, "open");
    EXPECT_EQ(finding(*database, kGateway, kMediumCve).due_date, "2026-03-04");
    EXPECT_EQ(count_rows(*database, "scan_run"), 7);
    EXPECT_EQ(count_rows(*database, "finding"), 3);
}

TEST_P(ScanLifecycleTest, AcceptedRiskStaysAcceptedUntilItsDateThenIsOpenAgain) {
    WARDROUND_TEST_DATABASE(holder, database);
    prepare(*database);
    scan(*database, "2026-01-12T09:00:00Z");
    const FindingRow hub = finding(*database, kHub, kLowCve);

    DecisionRequest accept;
    accept.decision = Decision::kAccept;
    accept.reason = "isolated on the pump VLAN until the vendor's 5.0 is validated";
    accept.owner = "head of clinical engineering";
    accept.until = "2026-03-01";
    accept.actor = "security lead";
    auto decided = decide_finding(*database, hub.id, accept, at("2026-01-12T10:00:00Z"));
    ASSERT_TRUE(decided.has_value()) << decided.error().to_string();

    FindingDetail accepted = finding_detail(*database, hub.id);
    EXPECT_EQ(accepted.row.status, "accepted");
    EXPECT_EQ(accepted.decision_reason, accept.reason);
    EXPECT_EQ(accepted.decision_owner, accept.owner);
    EXPECT_EQ(accepted.decision_until, "2026-03-01");
    ASSERT_EQ(accepted.events.size(), 2U);
    EXPECT_EQ(accepted.events[1].from_status, "new");
    EXPECT_EQ(accepted.events[1].to_status, "accepted");
    EXPECT_EQ(accepted.events[1].actor, "security lead");
    EXPECT_EQ(accepted.events[1].at, "2026-01-12T10:00:00.000Z");
    EXPECT_EQ(accepted.events[1].reason,
              "isolated on the pump VLAN until the vendor's 5.0 is validated (owner head of "
              "clinical engineering, until 2026-03-01)");

    // Scans while the acceptance holds, the last on its final day: accepted, not counted open.
    for (const char* when :
         {"2026-01-13T09:00:00Z", "2026-02-10T09:00:00Z", "2026-03-01T23:59:59Z"}) {
        const ScanSummary summary = scan(*database, when);
        EXPECT_EQ(summary.findings_open, 2) << when;
        EXPECT_EQ(summary.acceptances_expired, 0) << when;
        EXPECT_EQ(summary.open_by_priority, (Counts{{"P1", 1}, {"P3", 1}})) << when;
        const FindingRow row = finding(*database, kHub, kLowCve);
        EXPECT_EQ(row.status, "accepted") << when;
        EXPECT_EQ(row.last_seen, format_timestamp(at(when)));  // still matched, still tracked
    }
    EXPECT_EQ(finding_detail(*database, hub.id).events.size(), 2U);

    // The day after: open again, with the reason in its history.
    const ScanSummary expired = scan(*database, "2026-03-02T00:30:00Z");
    EXPECT_EQ(expired.acceptances_expired, 1);
    EXPECT_EQ(expired.findings_open, 3);
    EXPECT_EQ(expired.findings_new, 0);
    EXPECT_EQ(expired.findings_reopened, 0);
    EXPECT_EQ(expired.open_by_priority, (Counts{{"P1", 1}, {"P3", 1}, {"P4", 1}}));
    const FindingDetail open = finding_detail(*database, hub.id);
    EXPECT_EQ(open.row.status, "open");
    EXPECT_EQ(event_trail(open),
              (std::vector<std::string>{">new", "new>accepted (" + accepted.events[1].reason + ")",
                                        "accepted>open (accepted risk expired on 2026-03-01)"}));
    EXPECT_EQ(open.events.back().at, "2026-03-02T00:30:00.000Z");

    // Once expired it is counted once, not at every later scan.
    const ScanSummary later = scan(*database, "2026-03-03T09:00:00Z");
    EXPECT_EQ(later.acceptances_expired, 0);
    EXPECT_EQ(later.findings_open, 3);
    EXPECT_EQ(finding_detail(*database, hub.id).events.size(), 3U);
}

TEST_P(ScanLifecycleTest, AnAcceptedRiskThatIsNoLongerMatchedIsFixed) {
    WARDROUND_TEST_DATABASE(holder, database);
    prepare(*database);
    scan(*database, "2026-01-12T09:00:00Z");
    const FindingRow medium = finding(*database, kGateway, kMediumCve);
    DecisionRequest accept;
    accept.reason = "behind the reverse proxy";
    accept.owner = "IT operations";
    accept.until = "2026-06-30";
    ASSERT_TRUE(
        decide_finding(*database, medium.id, accept, at("2026-01-12T10:00:00Z")).has_value());

    import_estate(*database, estate("estate-ft1-v3-gateway-2.6.0.csv"), "FT1");
    const ScanSummary summary = scan(*database, "2026-01-26T09:00:00Z");
    EXPECT_EQ(summary.findings_fixed, 2);
    EXPECT_EQ(summary.findings_open, 1);
    const FindingRow fixed = finding(*database, kGateway, kMediumCve);
    EXPECT_EQ(fixed.status, "fixed");
    EXPECT_EQ(fixed.fixed_at, "2026-01-26T09:00:00.000Z");
    EXPECT_EQ(event_trail(finding_detail(*database, medium.id)).back(),
              "accepted>fixed (no longer matched)");
}

TEST_P(ScanLifecycleTest, AFalsePositiveStaysOneWhateverLaterScansMatch) {
    WARDROUND_TEST_DATABASE(holder, database);
    prepare(*database);
    scan(*database, "2026-01-12T09:00:00Z");
    const FindingRow medium = finding(*database, kGateway, kMediumCve);

    DecisionRequest wrong;
    wrong.decision = Decision::kFalsePositive;
    wrong.reason = "the ward name endpoint is disabled in this build";
    wrong.actor = "analyst";
    auto decided = decide_finding(*database, medium.id, wrong, at("2026-01-12T10:00:00Z"));
    ASSERT_TRUE(decided.has_value()) << decided.error().to_string();
    FindingDetail marked = finding_detail(*database, medium.id);
    EXPECT_EQ(marked.row.status, "false_positive");
    EXPECT_EQ(marked.decision_reason, wrong.reason);
    EXPECT_EQ(marked.decision_owner, "");
    EXPECT_EQ(marked.decision_until, "");
    EXPECT_EQ(event_trail(marked),
              (std::vector<std::string>{">new", "new>false_positive (" + wrong.reason + ")"}));

    // Matched again and again, no longer matched, matched again: still a false positive.
    const ScanSummary second = scan(*database, "2026-01-13T09:00:00Z");
    EXPECT_EQ(second.findings_open, 2);
    EXPECT_EQ(second.open_by_priority, (Counts{{"P1", 1}, {"P4", 1}}));
    import_estate(*database, estate("estate-ft1-v3-gateway-2.6.0.csv"), "FT1");
    const ScanSummary upgraded = scan(*database, "2026-01-26T09:00:00Z");
    EXPECT_EQ(upgraded.findings_fixed, 1);  // the KEV one alone
    EXPECT_EQ(finding(*database, kGateway, kMediumCve).status, "false_positive");
    import_estate(*database, estate("estate-ft1-v4-gateway-2.4.0.csv"), "FT1");
    const ScanSummary downgraded = scan(*database, "2026-02-02T09:00:00Z");
    EXPECT_EQ(downgraded.findings_reopened, 1);
    EXPECT_EQ(downgraded.findings_open, 2);
    EXPECT_EQ(finding(*database, kGateway, kMediumCve).status, "false_positive");
    EXPECT_EQ(finding_detail(*database, medium.id).events.size(), 2U);
}

TEST_P(ScanLifecycleTest, RefusedDecisionsChangeNothing) {
    WARDROUND_TEST_DATABASE(holder, database);
    prepare(*database);
    scan(*database, "2026-01-12T09:00:00Z");
    const std::int64_t id = finding(*database, kHub, kLowCve).id;
    const Timestamp now = at("2026-01-12T10:00:00Z");
    const std::string before = dump_database(*database);

    const auto refused = [&](const DecisionRequest& request, std::int64_t finding_id,
                             ErrorCode code, const std::string& where) {
        auto decided = decide_finding(*database, finding_id, request, now);
        ASSERT_FALSE(decided.has_value()) << "accepted: " << request.reason << " " << where;
        EXPECT_EQ(decided.error().code, code) << decided.error().to_string();
        EXPECT_EQ(decided.error().where, where) << decided.error().to_string();
        EXPECT_EQ(dump_database(*database), before) << decided.error().to_string();
    };
    DecisionRequest good;
    good.reason = "compensating control";
    good.owner = "CIO";
    good.until = "2026-02-01";

    DecisionRequest request = good;
    request.reason.clear();
    refused(request, id, ErrorCode::kInvalidArgument, "--reason");
    request = good;
    request.owner.clear();
    refused(request, id, ErrorCode::kInvalidArgument, "--owner");
    request = good;
    request.until.clear();
    refused(request, id, ErrorCode::kInvalidArgument, "--until");
    for (const char* until : {"2026-1-31", "01/02/2026", "2026-02-30", "next month"}) {
        request = good;
        request.until = until;
        refused(request, id, ErrorCode::kInvalidArgument, "--until");
    }
    for (const char* until : {"2026-01-12", "2026-01-11", "2025-06-30"}) {  // today or before
        request = good;
        request.until = until;
        refused(request, id, ErrorCode::kInvalidArgument, "--until");
    }
    request = good;
    request.decision = Decision::kFalsePositive;
    request.reason.clear();
    refused(request, id, ErrorCode::kInvalidArgument, "--reason");
    refused(good, 999999, ErrorCode::kNotFound, "");

    // A fixed finding has nothing to decide, either way.
    import_estate(*database, estate("estate-ft1-v3-gateway-2.6.0.csv"), "FT1");
    scan(*database, "2026-01-26T09:00:00Z");
    const FindingRow fixed = finding(*database, kGateway, kKevCve);
    ASSERT_EQ(fixed.status, "fixed");
    const std::string fixed_before = dump_database(*database);
    for (const Decision decision : {Decision::kAccept, Decision::kFalsePositive}) {
        request = good;
        request.decision = decision;
        request.until = "2026-06-01";
        auto decided = decide_finding(*database, fixed.id, request, at("2026-01-26T10:00:00Z"));
        ASSERT_FALSE(decided.has_value());
        EXPECT_EQ(decided.error().code, ErrorCode::kFailedPrecondition)
            << decided.error().to_string();
        EXPECT_EQ(dump_database(*database), fixed_before);
    }

    // A false positive needs no owner or expiry.
    request = DecisionRequest{};
    request.decision = Decision::kFalsePositive;
    request.reason = "not this product";
    EXPECT_TRUE(decide_finding(*database, id, request, at("2026-01-26T10:00:00Z")).has_value());
}

TEST_P(ScanLifecycleTest, AScanThatCannotRunChangesNothing) {
    WARDROUND_TEST_DATABASE(holder, database);
    testing::import_fixture_organisations(*database);
    import_estate(*database, estate("estate-ft1-v1.csv"), "FT1");
    const std::string before = dump_database(*database);

    // No NVD records: nothing to match against.
    ScanOptions options;
    options.now = at("2026-01-12T09:00:00Z");
    auto empty = run_scan(*database, options);
    ASSERT_FALSE(empty.has_value());
    EXPECT_EQ(empty.error().code, ErrorCode::kFailedPrecondition) << empty.error().to_string();
    EXPECT_EQ(dump_database(*database), before);
    // KEV alone is not enough either.
    testing::import_feeds(*database, {findings_fixture("kev.json")});
    const std::string with_kev = dump_database(*database);
    EXPECT_EQ(run_scan(*database, options).error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(dump_database(*database), with_kev);

    // An organisation that does not exist.
    testing::import_fixture_knowledge(*database);
    const std::string with_knowledge = dump_database(*database);
    options.org_code = "NOPE";
    auto unknown = run_scan(*database, options);
    ASSERT_FALSE(unknown.has_value());
    EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound) << unknown.error().to_string();
    EXPECT_EQ(dump_database(*database), with_knowledge);
}

INSTANTIATE_TEST_SUITE_P(Backends,
                         ScanLifecycleTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         ::wardround::testing::backend_test_name);

}  // namespace
}  // namespace wardround::findings

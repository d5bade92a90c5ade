// SPDX-License-Identifier: Apache-2.0
// The security report for an organisation (and those beneath it), for its security lead and its
// board: headline figures, known-exploited exposure, top risks, unsupported systems and medical
// devices against the minimum standard (from the hygiene checks), the organisations'
// self-assessments, findings by site and asset kind, and the trend across scans. Collected once
// from the findings a scan left, the checks run at collection time and the assessments as they
// stand, then rendered as a self-contained HTML page, as JSON or as CSV (docs/report.md).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <wardround/core/result.h>
#include <wardround/core/time.h>
#include <wardround/store/database.h>

namespace wardround::report {

// How many open findings the top risks list shows.
inline constexpr std::size_t kTopRisks = 20;
// How many not-evaluable groups (software and reason) the report lists.
inline constexpr std::size_t kGapsListed = 20;

struct ReportOrganisation {
    std::string code;
    std::string name;
    std::string level;  // nation | region | icb | organisation | site
    std::string type;
};

struct KnowledgeBaseInfo {
    std::string version;             // scan_run.kb_version of the latest scan
    std::string newest_record;       // scan_run.kb_newest: the newest NVD record it held
    std::optional<double> age_days;  // report time - newest_record, one decimal
    bool demo = false;               // the demo subset (scan_run.summary "kb_demo")
};

struct ScanInfo {
    std::int64_t id = 0;
    std::string at;  // scan_run.started_at: the time the scan's findings were recorded at
};

struct PriorityReason {
    std::string factor;  // kev | ransomware | epss | cvss | internet-facing | ...
    double points = 0;
    std::string detail;
};

// One open finding (status new, open or reopened) with what a reader needs to act on it.
struct ReportFinding {
    std::int64_t id = 0;
    std::string org_code;
    std::int64_t asset_id = 0;
    std::string hostname;  // host name, else FQDN, else ""
    std::string site;
    std::string kind;  // the asset's kind
    std::string vendor;
    std::string product;
    std::string version;
    std::string vulnerability;
    std::string status;
    std::string priority;  // P1..P4
    double priority_score = 0;
    std::string due_date;  // YYYY-MM-DD, "" when none
    bool overdue = false;  // due_date is before the report date
    bool kev = false;      // listed in CISA KEV (and not removed)
    std::string first_seen;
    std::vector<PriorityReason> reasons;

    // "detail; detail; ..." of the reasons, for one cell.
    [[nodiscard]] std::string reasons_summary() const;
};

struct Headline {
    std::map<std::string, std::int64_t> assets_by_kind;
    std::int64_t assets = 0;
    std::int64_t assets_stale = 0;
    std::map<std::string, std::int64_t> open_by_priority;  // P1..P4, always all four
    std::int64_t open = 0;
    std::int64_t open_overdue = 0;
    std::int64_t open_kev = 0;
    std::int64_t open_kev_overdue = 0;
    std::int64_t new_in_latest_scan = 0;  // new or reopened in the latest scan
    std::int64_t fixed_in_latest_scan = 0;
    std::int64_t not_evaluable_entries = 0;  // match_gap rows: asset, product and reason
    std::int64_t not_evaluable_pairs = 0;    // their vulnerabilities summed
    std::int64_t components_without_cpe = 0;
    // Distinct assets failing WR-EOL-001, WR-EOL-003 or WR-EOL-004 (UnsupportedSection).
    std::int64_t unsupported_systems = 0;
};

// How many assets the unsupported-systems list and the list of devices short of the medical-device
// standard show; every figure counts them all.
inline constexpr std::size_t kAssetsListed = 100;

// The end-of-life rules of the built-in unsupported-systems pack (docs/checks.md). An asset failing
// WR-EOL-001, WR-EOL-003 or WR-EOL-004 counts as unsupported; WR-EOL-002 (supported only by paid
// extended updates) is shown beside them and not counted, since the report cannot tell whether the
// organisation bought them.
struct CheckRule {
    std::string id;        // "WR-EOL-001"
    std::string title;     // "Operating system past the end of its support"
    bool counted = false;  // counts towards Headline::unsupported_systems
};

// One rule's results over the organisations reported on.
struct RuleTotals {
    std::int64_t failed = 0;
    std::int64_t passed = 0;
    std::int64_t not_evaluable = 0;
    std::int64_t not_applicable = 0;
};

// The end-of-life rules' results for one organisation in scope that holds assets.
struct UnsupportedOrganisation {
    std::string org_code;
    std::string org_name;
    std::int64_t assets = 0;
    std::int64_t unsupported = 0;             // distinct assets failing a counted rule
    std::map<std::string, RuleTotals> rules;  // by rule id, every rule the organisation ran
    std::vector<std::string> disabled;        // rules it turned off: "WR-EOL-002: reason"
};

// Assets failing an operating-system rule, by the end-of-life catalogue's release.
struct ReleaseCount {
    std::string release;  // "Windows 7 SP1", "Windows Server 2012 R2"
    std::string rule_id;  // WR-EOL-001 or WR-EOL-002
    std::int64_t assets = 0;
};

// Assets WR-EOL-001 could not evaluate, by the operating system as recorded.
struct UnrecognisedOs {
    std::string os;  // name and version as the sources give them; "" when none does
    std::int64_t assets = 0;
};

// One asset failing one end-of-life rule.
struct UnsupportedSystem {
    std::int64_t asset_id = 0;
    std::string org_code;
    std::string hostname;
    std::string site;
    std::string kind;
    std::string rule_id;  // WR-EOL-001 .. WR-EOL-004
    std::string system;   // the release, "Manufacturer Model", or the software named
    std::string reason;   // the facts that decided it, as `wardround checks run` shows them
};

// The unsupported-systems section: the end-of-life rules run over every organisation in scope.
struct UnsupportedSection {
    std::vector<CheckRule> rules;                        // in pack order
    std::map<std::string, RuleTotals> totals;            // by rule id, over every organisation
    std::vector<UnsupportedOrganisation> organisations;  // those holding assets, by code
    std::vector<ReleaseCount> releases;                  // most assets first
    std::vector<UnrecognisedOs> unrecognised;            // most assets first
    std::int64_t systems_total = 0;                      // (asset, rule) failures, every one
    std::vector<UnsupportedSystem> systems;  // the first kAssetsListed: by rule, organisation, host
};

// Devices by outcome against the medical-device standard.
struct DeviceCounts {
    std::int64_t devices = 0;
    std::int64_t meeting = 0;       // every requirement met or excepted
    std::int64_t short_of = 0;      // a requirement not met
    std::int64_t undetermined = 0;  // none not met, one not determinable
};

// One requirement of the standard across the devices reported on.
struct RequirementCount {
    std::string id;  // "MDS-01"
    std::string title;
    std::int64_t met = 0;
    std::int64_t not_met = 0;
    std::int64_t not_determined = 0;
    std::int64_t excepted = 0;
};

struct DeviceGroup {
    std::string org_code;  // by_department only; "" in by_model
    std::string name;      // "Manufacturer Model", or the department ("" when not recorded)
    DeviceCounts counts;
};

// An entry of an organisation's exceptions register.
struct DeviceExceptionEntry {
    std::int64_t id = 0;
    std::string org_code;
    std::optional<std::int64_t> asset_id;  // one device, or every device of the model below
    std::string hostname;                  // of that device, when it has one
    std::string manufacturer;              // the model's, as compared (lower case)
    std::string model;
    std::string requirement_id;
    std::string reason;
    std::string owner;
    std::string until;     // YYYY-MM-DD, inclusive
    bool expired = false;  // until is before the report date: the shortfall counts again
};

// A device falling short of the standard, with the requirements it does not meet.
struct DeviceShortfall {
    std::int64_t asset_id = 0;
    std::string org_code;
    std::string hostname;
    std::string manufacturer;
    std::string model;
    std::string department;
    std::vector<std::pair<std::string, std::string>> not_met;  // (requirement id, reasons)
};

// The medical-device section: the standard assessed for every organisation in scope that holds
// medical devices.
struct DeviceSection {
    DeviceCounts summary;
    std::vector<std::pair<std::string, DeviceCounts>> by_organisation;  // code, by code
    std::vector<RequirementCount> requirements;                         // in the standard's order
    std::vector<DeviceGroup> by_model;                                  // most devices first
    std::vector<DeviceGroup> by_department;                             // most devices first
    std::vector<DeviceExceptionEntry> exceptions;                       // by organisation, then id
    std::vector<std::string> disabled;                                  // "CODE: MDS-03: reason"
    std::int64_t short_of_total = 0;
    std::vector<DeviceShortfall> short_of;  // the first kAssetsListed: by organisation, device
};

// How far ahead of the report date evidence counts as expiring: a month gives the security lead
// time to collect its successor before the answers it backs stop being supported.
inline constexpr int kEvidenceExpiringDays = 30;

// An outcome, standard or control of an assessment that the board should see as wrong: an outcome
// below the level its profile expects or decided not achieved; a standard or control not met.
struct AssessmentShortfall {
    std::string node_id;  // "B4.d", "1.1"
    std::string title;
    // As assessment_status gives it: achieved | partially-achieved | not-achieved (outcomes, the
    // level the answers so far guarantee when not decided); met | not-met | incomplete.
    std::string status;
    bool decided = false;  // the answers decide the status (an outcome not yet decided is shown
                           // below its profile until they show it meets it)
    std::string expected;  // the profile's level for the outcome; "" without one
    std::string owner;     // the node's owner, else the nearest above it; "" when none
};

// The newest revision of one assessment (organisation, framework, period), judged on the report
// date by assess::assessment_status, as `wardround assess status` shows it.
struct ReportAssessment {
    std::string org_code;
    std::string framework;  // "DSPT-CAF-2024-25"
    std::string period;     // "2024-25"
    int revision = 1;
    std::string kind;  // outcomes | standards | controls
    std::string category;
    std::string profile;  // "" without one
    bool signed_off = false;
    std::string signed_off_by;
    std::string signer_role;
    std::string signed_off_at;
    std::string started_by;
    std::string started_at;
    // Outcomes frameworks: decided outcomes by level, and those the answers do not decide yet.
    std::int64_t achieved = 0;
    std::int64_t partially_achieved = 0;
    std::int64_t not_achieved = 0;
    std::int64_t undecided = 0;
    // Outcomes below the level the profile expects (undecided ones included, as in `assess
    // status`); absent without a profile.
    std::optional<std::int64_t> short_of_profile;
    // Standards and controls frameworks: standards, controls or categories by status.
    std::int64_t met = 0;
    std::int64_t not_met = 0;
    std::int64_t incomplete = 0;
    // Standards frameworks (the classic DSPT): the DSPT status, or "" with the reason it could
    // not be judged.
    std::string dspt_status;
    std::string dspt_reason;
    std::int64_t items = 0;  // items the framework answers
    std::int64_t answered = 0;
    std::int64_t required = 0;  // items sign-off needs answered
    std::int64_t required_answered = 0;
    std::int64_t unsupported_answers = 0;  // answers whose every piece of evidence has expired
    // Pieces of evidence linked to the assessment (newest revision of each): past their expiry,
    // and expiring within kEvidenceExpiringDays of the report date (not yet expired).
    std::int64_t evidence_expired = 0;
    std::int64_t evidence_expiring = 0;
    std::int64_t plan_open = 0;
    std::int64_t plan_overdue = 0;
    std::vector<AssessmentShortfall> shortfalls;  // in the framework's order
    // Why the assessment could not be judged (its framework or profile is no longer in the
    // library, or its stored framework no longer loads); the figures above are then zero and not
    // shown. Empty when it was judged.
    std::string problem;
};

// The self-assessments of the organisations in scope.
struct AssessmentOrganisation {
    std::string org_code;
    std::string org_name;
    // The newest revision of each of its assessments: newest period first, then by framework.
    std::vector<ReportAssessment> assessments;
};

struct AssessmentSection {
    std::vector<AssessmentOrganisation> organisations;         // those with an assessment, by code
    std::vector<std::pair<std::string, std::string>> without;  // (code, name) of the others
    std::int64_t total = 0;                                    // assessments reported
};

// Open findings of one site or one asset kind.
struct GroupCount {
    std::string name;                                 // "" when the assets do not say
    std::map<std::string, std::int64_t> by_priority;  // P1..P4, always all four
    std::int64_t open = 0;
    std::int64_t kev = 0;
    std::int64_t assets = 0;  // assets with at least one open finding
};

// Undecided pairs of one software name and reason, across the estate.
struct GapGroup {
    std::string software;
    std::string reason;
    std::int64_t assets = 0;
    std::int64_t vulnerabilities = 0;
};

// One scan of the organisation (or of an organisation above it, or of all), with the
// organisation's findings as they stood after it.
struct TrendPoint {
    std::int64_t scan_id = 0;
    std::string at;
    std::int64_t open = 0;
    std::int64_t new_findings = 0;  // new or reopened by this scan
    std::int64_t fixed = 0;         // fixed by this scan
};

struct ReportData {
    std::string generated_at;  // ISO 8601 UTC
    std::string report_date;   // YYYY-MM-DD: what "overdue" and "support ended" are measured at
    ReportOrganisation organisation;
    std::int64_t organisations_covered = 0;  // it and those beneath it
    KnowledgeBaseInfo knowledge_base;
    ScanInfo latest_scan;
    std::optional<ScanInfo> previous_scan;
    Headline headline;
    std::vector<ReportFinding> kev;        // open KEV findings: overdue first, then due date
    std::vector<ReportFinding> top_risks;  // at most kTopRisks: priority, then score
    UnsupportedSection unsupported;
    DeviceSection medical_devices;
    AssessmentSection assessments;
    std::vector<GroupCount> by_site;  // most open first
    std::vector<GroupCount> by_kind;
    std::vector<GapGroup> gaps;           // at most kGapsListed, most vulnerabilities first
    std::vector<TrendPoint> trend;        // oldest first
    std::vector<ReportFinding> findings;  // every open finding: priority, score, due date
};

// Collects the report of `org_code` and the organisations beneath it as things stand at `now`: the
// end-of-life rules and the medical-device standard are run for each organisation in scope that
// holds assets, with its own tailoring, and each organisation's assessments are judged on the
// report date (one whose framework or profile has left the library is reported with the problem,
// not as an error). Errors: kNotFound for an unknown organisation; kFailedPrecondition when no scan
// has covered it (the message names the command to run); kInternal when the built-in rules do not
// load (a build problem); backend errors.
[[nodiscard]] Result<ReportData> collect_report(store::Database& database,
                                                const std::string& org_code,
                                                Timestamp now);

// One HTML page with everything inline (styles, SVG charts): no scripts and no external resources,
// so it opens offline and prints. Every value is escaped.
[[nodiscard]] std::string render_html(const ReportData& data);

// The same content as JSON with the stable field names of docs/report.md (without the full list
// of findings, which the CSV carries).
[[nodiscard]] std::string render_json(const ReportData& data);

// The open findings, one per row after a header (RFC 4180). Cells that a spreadsheet would run as
// a formula are prefixed with an apostrophe.
[[nodiscard]] std::string render_csv(const ReportData& data);

}  // namespace wardround::report

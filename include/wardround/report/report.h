// SPDX-License-Identifier: Apache-2.0
// The security report for an organisation (and those beneath it), for its security lead and its
// board: headline figures, known-exploited exposure, top risks, unsupported systems, findings by
// site and asset kind, and the trend across scans. Collected once from the findings a scan left,
// then rendered as a self-contained HTML page, as JSON or as CSV (docs/report.md).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
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
    std::int64_t unsupported_systems = 0;  // distinct assets under either rule
};

// Why an asset counts as unsupported.
enum class UnsupportedRule {
    kMedicalDeviceSupportEnded,  // a medical device whose supported_until has passed
    kWindowsEndOfSupport,        // an OS CPE naming a Windows release Microsoft no longer supports
};

// Stable names for the rules: "medical-device-support-ended", "windows-end-of-support".
[[nodiscard]] std::string_view rule_name(UnsupportedRule rule);
// The rule in words, as the report states it.
[[nodiscard]] std::string_view rule_text(UnsupportedRule rule);

struct UnsupportedSystem {
    std::int64_t asset_id = 0;
    std::string org_code;
    std::string hostname;
    std::string site;
    std::string kind;
    UnsupportedRule rule = UnsupportedRule::kWindowsEndOfSupport;
    std::string system;  // "Example Medical Systems Sonora 700", "Windows 7 (cpe:2.3:o:...)"
    std::string detail;  // "support ended 2024-03-31", the release named
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
    std::vector<UnsupportedSystem> unsupported;
    std::vector<GroupCount> by_site;  // most open first
    std::vector<GroupCount> by_kind;
    std::vector<GapGroup> gaps;           // at most kGapsListed, most vulnerabilities first
    std::vector<TrendPoint> trend;        // oldest first
    std::vector<ReportFinding> findings;  // every open finding: priority, score, due date
};

// Collects the report of `org_code` and the organisations beneath it as things stand at `now`.
// Errors: kNotFound for an unknown organisation; kFailedPrecondition when no scan has covered it
// (the message names the command to run); backend errors.
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

// SPDX-License-Identifier: Apache-2.0
// Prioritisation and due dates: what the organisation fixes first and by when. Priority is a sum of
// points, each with its reason, never a bare number; the points and thresholds are a policy an
// organisation can change (a JSON file, documented in the README with the defaults below).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <wardround/core/result.h>

namespace wardround::findings {

struct PriorityPolicy {
    // Points for each factor.
    double kev = 40;                // listed in CISA's Known Exploited Vulnerabilities catalogue
    double ransomware = 10;         // ... and known to be used in ransomware campaigns
    double epss = 25;               // times the EPSS probability (0..1)
    double cvss = 3;                // times the CVSS base score (0..10)
    double internet_facing = 10;    // the asset is reachable from the internet
    double listening_service = 10;  // the affected product is a service the asset exposes
    double critical_asset = 10;     // the asset's criticality is high
    // Thresholds: a score at or above p1 is P1, and so on; below p3 is P4.
    double p1 = 70;
    double p2 = 45;
    double p3 = 20;
    // Due dates, in days from when the finding was first seen (or reopened), unless KEV gives one.
    int high_days = 14;    // CVSS >= 7 or vendor critical/high (the Cyber Essentials rule)
    int medium_days = 30;  // CVSS 4.0 - 6.9
    int low_days = 90;     // the rest
    // Criticality values (compared case-insensitively) counted as high.
    std::vector<std::string> high_criticality{"high", "critical", "patient-critical", "1"};
};

// Reads a policy file: a JSON object whose keys are the fields above (any may be left out and keep
// its default; "points" and "thresholds" group them as in the README). Errors (kInvalidArgument,
// naming the file and the JSON path): not JSON, an unknown key, a value of the wrong type, a
// negative number, thresholds not falling (p1 > p2 > p3).
[[nodiscard]] Result<PriorityPolicy> load_priority_policy(const std::string& path);

// The policy as JSON, in the file's form: kept with each scan, so that a later scan knows whether
// priorities must be recomputed.
[[nodiscard]] std::string policy_json(const PriorityPolicy& policy);

// The facts priority is computed from.
struct PriorityFacts {
    bool kev = false;
    bool ransomware = false;
    std::string kev_due_date;  // YYYY-MM-DD
    std::optional<double> epss;
    std::optional<double> epss_percentile;
    std::optional<double> cvss;
    std::string cvss_version;
    std::string cvss_source;
    bool vendor_high = false;  // the vendor (CNA) rates it critical or high
    bool internet_facing = false;
    bool listening_service = false;
    std::string criticality;
};

struct PriorityReason {
    std::string factor;  // kev | ransomware | epss | cvss | internet-facing | listening-service |
                         // criticality
    double points = 0;
    std::string detail;  // "EPSS 0.974 (99.9th percentile)"
};

struct Priority {
    std::string level;  // P1..P4
    double score = 0;
    std::vector<PriorityReason> reasons;
};

[[nodiscard]] Priority assess_priority(const PriorityFacts& facts, const PriorityPolicy& policy);

// The due date (YYYY-MM-DD): KEV's due date where listed (as published, even when it passed before
// the finding was first seen: the organisation is already late), otherwise `since` (YYYY-MM-DD)
// plus the days for its severity.
[[nodiscard]] std::string due_date(const PriorityFacts& facts,
                                   const PriorityPolicy& policy,
                                   const std::string& since);

}  // namespace wardround::findings

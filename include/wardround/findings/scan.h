// SPDX-License-Identifier: Apache-2.0
// A scan: the estate of one organisation (or of all) matched against the knowledge base, and the
// findings brought up to date. Each finding is one asset, one product on it and one vulnerability;
// across scans it is new, open, fixed (a later scan no longer matches it), reopened, accepted
// risk (until a date, then open again) or a false positive. Pairs the scan cannot decide (an
// unknown version, a version that cannot be ordered) are kept as gaps, never counted as safe.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <wardround/core/progress.h>
#include <wardround/core/result.h>
#include <wardround/core/time.h>
#include <wardround/findings/policy.h>
#include <wardround/store/database.h>

namespace wardround::findings {

struct ScanOptions {
    std::string org_code;  // "" scans every organisation
    PriorityPolicy policy;
    std::optional<Timestamp> now;  // for tests; the clock otherwise
    int threads = 0;               // 0: one per core
    // Match everything in scope. Otherwise only what changed since the last scan of the same
    // scope is matched again (incremental.h says what counts as a change), unless there was no
    // such scan or the change cannot be narrowed.
    bool full = false;
};

struct ScanSummary {
    std::int64_t scan_id = 0;
    bool incremental = false;
    std::string scope_reason;  // why full, or what an incremental scan matched again
    std::string started_at;
    std::string finished_at;
    std::string kb_version;
    std::string kb_newest;              // newest NVD record in the knowledge base
    std::optional<double> kb_age_days;  // now - kb_newest
    bool kb_demo = false;               // the knowledge base is the demo pack
    std::int64_t cves = 0;              // CVEs in the index
    std::int64_t cves_without_configurations = 0;
    std::int64_t assets = 0;
    std::int64_t software = 0;               // distinct names matched
    std::int64_t unresolved_components = 0;  // components with no CPE: not matched
    std::int64_t findings_new = 0;
    std::int64_t findings_reopened = 0;
    std::int64_t findings_fixed = 0;
    std::int64_t findings_open = 0;  // new, open and reopened after the scan
    std::int64_t acceptances_expired = 0;
    std::int64_t suppressed = 0;     // matched, but a VEX or fixed statement says it does not apply
    std::int64_t not_evaluable = 0;  // undecided (asset, product, vulnerability) in scope
    std::map<std::string, std::int64_t> open_by_priority;  // P1..P4
    std::int64_t open_kev = 0;
};

// Errors (nothing is changed): kNotFound for an unknown organisation; kFailedPrecondition when
// the knowledge base is empty (no NVD records, OSV or CSAF advisories); backend errors.
[[nodiscard]] Result<ScanSummary> run_scan(store::Database& database,
                                           const ScanOptions& options,
                                           Progress* progress = nullptr);

}  // namespace wardround::findings

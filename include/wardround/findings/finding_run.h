// SPDX-License-Identifier: Apache-2.0
// Findings that another module decides (the hygiene checks' failed rules), kept with the same
// lifecycle as a scan's: a run record, each finding brought through new, open, fixed and reopened
// with an event for every change, people's decisions (accepted risk, false positive) respected,
// what the run could not decide left as it was, and what it no longer finds fixed. A run sees only
// its own source's findings, so a vulnerability scan and a run never close each other's.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <wardround/core/result.h>
#include <wardround/core/time.h>
#include <wardround/findings/policy.h>
#include <wardround/store/database.h>

namespace wardround::findings {

namespace detail {
class FindingStore;
}

struct RunRecord {
    std::int64_t org_id = 0;
    std::string source;    // the findings' source: "check" (lower-case letters and hyphens)
    std::string mode;      // the scan_run mode that marks the run: "checks"
    std::string version;   // what decided: the rule packs and catalogue it ran
    std::string settings;  // JSON kept with the run: the rules and severities it applied
    // The finding ids (rule ids) the run decides or sets aside: only their findings are loaded,
    // so a run of some rules leaves the others' findings alone.
    std::vector<std::string> vuln_ids;
    Timestamp now;
};

// One finding the run found, with the priority its caller decided.
struct DecidedFinding {
    std::int64_t asset_id = 0;
    std::string vuln_id;   // "WR-EOL-001"
    std::string title;     // shown where a scan's finding shows the product
    std::string software;  // what decided it: "rule pack unsupported-systems"
    Priority priority;
    int due_days = 0;         // after the finding was first seen, or reopened
    std::string explanation;  // JSON
};

struct RunCounts {
    std::int64_t run_id = 0;
    std::int64_t created = 0;
    std::int64_t reopened = 0;
    std::int64_t fixed = 0;
    std::int64_t set_aside = 0;  // live findings of rules the organisation turned off
    std::int64_t acceptances_expired = 0;
    std::int64_t undecided = 0;  // (asset, rule) pairs the run could not decide
    std::int64_t open = 0;       // the organisation's open findings of this source
    std::map<std::string, std::int64_t> open_by_priority;
};

// Inside the caller's transaction: nothing is committed here.
class FindingRun {
public:
    // The run's record, and the organisation's findings of the run's source and ids.
    [[nodiscard]] static Result<std::unique_ptr<FindingRun>> begin(store::Database& database,
                                                                   const RunRecord& record);
    ~FindingRun();
    FindingRun(const FindingRun&) = delete;
    FindingRun& operator=(const FindingRun&) = delete;

    [[nodiscard]] Status found(const DecidedFinding& finding);
    // The run could not decide: a finding the asset has keeps its status.
    [[nodiscard]] Status undecided(std::int64_t asset_id, const std::string& vuln_id);
    // The organisation turned the rule off: its live findings become not_affected with the reason.
    [[nodiscard]] Status set_aside(const std::string& vuln_id, const std::string& reason);
    // What the run no longer finds is fixed with `reason`; the run's record is completed with the
    // number of assets and `notes` (JSON).
    [[nodiscard]] Result<RunCounts> finish(const std::string& reason,
                                           std::int64_t assets,
                                           const std::string& notes);

private:
    explicit FindingRun(std::int64_t org_id,
                        std::string source,
                        std::unique_ptr<detail::FindingStore> store);

    std::int64_t org_id_;
    std::string source_;
    std::unique_ptr<detail::FindingStore> store_;
    std::int64_t undecided_ = 0;
};

}  // namespace wardround::findings

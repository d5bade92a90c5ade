// SPDX-License-Identifier: Apache-2.0
// Writing a scan's results: the scan record, each finding brought through its lifecycle (with an
// event for every change of status), the findings no longer matched closed as fixed, and the gaps.
// A store sees the findings of one kind only: those the matcher decides (NVD, OSV, CSAF) or those
// of one other source (the hygiene checks), so that neither kind of run closes the other's.
// Runs inside the caller's transaction.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include <wardround/core/result.h>
#include <wardround/core/time.h>
#include <wardround/findings/policy.h>
#include <wardround/findings/scan.h>
#include <wardround/store/database.h>

namespace wardround::findings::detail {

// One (asset, product, vulnerability) the scan found.
struct MatchedFinding {
    std::int64_t org_id = 0;
    std::int64_t asset_id = 0;
    std::string vuln_id;
    std::string source;       // nvd | osv | csaf
    std::string product_key;  // "cpe:a:apache:log4j"
    std::string vendor;
    std::string product;
    std::string version;
    std::string software;           // the CPE name or purl that matched
    std::int64_t component_id = 0;  // 0: not a component row (the OS, a service)
    PriorityFacts facts;
    std::string explanation;  // JSON
    // Set when a VEX statement or a fixed status for the device's version says it does not
    // apply: the finding is kept as not_affected with this reason.
    std::string suppressed;
    // Set by a caller that decides priority itself (a hygiene rule's severity): used instead of
    // the policy's assessment of `facts`, due `due_days` after it was first seen or reopened.
    std::optional<Priority> priority;
    int due_days = 0;
};

struct FindingCounts {
    std::int64_t created = 0;
    std::int64_t reopened = 0;
    std::int64_t fixed = 0;
    std::int64_t open = 0;  // new, open or reopened after the scan
    std::int64_t acceptances_expired = 0;
    std::int64_t suppressed = 0;  // kept as not_affected by a VEX or fixed statement
    // Undecided (asset, product, vulnerability) triples kept in the scope's gaps.
    std::int64_t not_evaluable = 0;
    std::map<std::string, std::int64_t> open_by_priority;
    std::int64_t open_kev = 0;
};

using GapSink = std::function<Status(std::int64_t asset_id,
                                     const std::string& product_key,
                                     const std::string& software,
                                     const std::string& reason,
                                     std::int64_t vulnerabilities,
                                     const std::string& examples)>;

// The findings the matcher decides: the sources a scan writes, as SQL.
inline constexpr const char* kMatchedSources = "('nvd', 'osv', 'csaf')";

class FindingStore {
public:
    // A scan's store: the matcher's findings.
    FindingStore(store::Database& database,
                 Timestamp now,
                 PriorityPolicy policy,
                 std::string kb_version);
    // A store for the findings of `source` alone (lower-case letters and hyphens: "check").
    FindingStore(store::Database& database,
                 Timestamp now,
                 std::string kb_version,
                 const std::string& source);

    [[nodiscard]] Status begin_scan(std::optional<std::int64_t> org_id,
                                    const std::string& mode,
                                    std::int64_t kb_import_id,
                                    std::int64_t inventory_import_id,
                                    const std::string& identity_mark,
                                    std::int64_t vex_mark,
                                    const std::string& policy);
    // The findings of the organisations (all when empty), or, when `asset_ids` is not empty, of
    // exactly those assets: the ones this scan may change. When `vuln_ids` is not empty, only
    // findings of those vulnerabilities (or rules).
    [[nodiscard]] Status load_existing(const std::vector<std::int64_t>& org_ids,
                                       const std::vector<std::int64_t>& asset_ids,
                                       const std::vector<std::string>& vuln_ids = {});
    // The open findings of the scope after the scan, by priority and in KEV, and its undecided
    // pairs (counts()).
    [[nodiscard]] Status count_scope(const std::vector<std::int64_t>& org_ids);
    [[nodiscard]] Status record(const MatchedFinding& finding);
    // A pair this scan could not decide: a finding it already has keeps its status (it is not
    // fixed just because the evidence became uncertain), except that an accepted risk past its
    // date is open again.
    [[nodiscard]] Status hold(std::int64_t asset_id,
                              const std::string& vuln_id,
                              const std::string& product_key);
    // An incremental scan did not look at the other assets because nothing about them changed:
    // their live findings are confirmed as seen now (new and reopened ones become open).
    [[nodiscard]] Status confirm_unchanged(const std::vector<std::int64_t>& org_ids);
    // The loaded findings of `vuln_id` that are live (open or accepted) are set aside as
    // not_affected with the reason (a rule the organisation turned off); the rest are left alone.
    [[nodiscard]] Status set_aside(const std::string& vuln_id, const std::string& reason);
    // Every finding loaded but neither recorded, held nor set aside in this scan that is still
    // open or accepted becomes fixed, with the reason. A store of one source also closes the ones
    // it had set aside in an earlier run: the rule runs again and finds nothing.
    [[nodiscard]] Status close_unmatched(const std::string& reason = "no longer matched");
    [[nodiscard]] Status replace_gaps(const std::vector<std::int64_t>& org_ids,
                                      const std::vector<std::int64_t>& asset_ids,
                                      const std::function<Status(const GapSink&)>& write);
    [[nodiscard]] Status finish_scan(const ScanSummary& summary, const std::string& notes);

    [[nodiscard]] std::int64_t scan_id() const { return scan_id_; }
    [[nodiscard]] const FindingCounts& counts() const { return counts_; }

private:
    struct Existing {
        std::int64_t id = 0;
        std::string status;
        std::string decision_until;
        std::string due_date;
        bool seen = false;
    };
    using Key = std::tuple<std::int64_t, std::string, std::string>;  // asset, vuln, product
    // Where a finding's status goes when a scan matches it again, and why.
    struct Transition {
        std::string status;
        std::string reason;
        bool restart_due = false;  // reopened: the due date runs from now
    };

    [[nodiscard]] Status insert(const MatchedFinding& finding,
                                const Priority& priority,
                                const std::string& reasons);
    [[nodiscard]] Status update(Existing& existing,
                                const MatchedFinding& finding,
                                const Priority& priority,
                                const std::string& reasons);
    // Counts what it decides (suppressed, reopened, acceptances expired).
    [[nodiscard]] Transition rematched(const Existing& existing, const std::string& suppressed);
    // The due date of a finding seen (or reopened) today.
    [[nodiscard]] std::string fresh_due(const MatchedFinding& finding) const;
    [[nodiscard]] Status event(std::int64_t finding_id,
                               const std::string& from,
                               const std::string& to,
                               const std::string& reason);

    store::Database& database_;
    Timestamp now_;
    std::string now_text_;
    std::string today_;
    PriorityPolicy policy_;
    std::string kb_version_;
    // "source IN (...)" or "source = '...'": the findings this store sees.
    std::string sources_;
    std::string actor_ = "scan";  // who the events name
    bool matched_ = true;
    std::int64_t scan_id_ = 0;
    std::map<Key, Existing> existing_;
    FindingCounts counts_;
};

}  // namespace wardround::findings::detail

// SPDX-License-Identifier: Apache-2.0
// Reading findings for people, deciding on them (accepted risk, false positive), and the national
// question "who is exposed to this CVE?".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <wardround/core/result.h>
#include <wardround/core/time.h>
#include <wardround/store/database.h>

namespace wardround::findings {

struct FindingFilter {
    std::string org_code;                 // with the organisations beneath it; "" for all
    std::vector<std::string> priorities;  // P1..P4; empty for all
    std::vector<std::string> statuses;    // empty: the open ones (new, open, reopened)
    bool kev_only = false;
    std::string vuln_id;
    std::int64_t limit = 0;  // 0: no limit
};

struct FindingRow {
    std::int64_t id = 0;
    std::string org_code;
    std::int64_t asset_id = 0;
    std::string hostname;
    std::string vendor;
    std::string product;
    std::string version;
    std::string vuln_id;
    std::string source;
    std::string status;
    std::string priority;
    double priority_score = 0;
    std::string due_date;
    bool kev = false;
    std::string first_seen;
    std::string last_seen;
    std::string fixed_at;
};

// Ordered by priority, then due date, organisation, asset and vulnerability. Errors: kNotFound for
// an unknown organisation; kInvalidArgument for an unknown priority or status; backend errors.
[[nodiscard]] Result<std::vector<FindingRow>> list_findings(store::Database& database,
                                                            const FindingFilter& filter);

struct FindingEvent {
    std::string at;
    std::string from_status;
    std::string to_status;
    std::string actor;
    std::string reason;
};

struct FindingDetail {
    FindingRow row;
    std::string software;     // the CPE name or purl that matched
    std::string reasons;      // JSON array: the priority factors
    std::string explanation;  // JSON object: the match step by step
    std::string kb_version;
    std::string decision_reason;
    std::string decision_owner;
    std::string decision_until;
    std::vector<FindingEvent> events;
};

// Errors: kNotFound for an unknown id; backend errors.
[[nodiscard]] Result<FindingDetail> get_finding(store::Database& database, std::int64_t id);

enum class Decision { kAccept, kFalsePositive };

struct DecisionRequest {
    Decision decision = Decision::kAccept;
    std::string reason;  // required
    std::string owner;   // who answers for it; required for an accepted risk
    std::string until;   // YYYY-MM-DD; required for an accepted risk, in the future
    std::string actor;   // who made the decision
};

// Records the decision and its event. Errors (nothing changed): kNotFound for an unknown id;
// kInvalidArgument for a missing reason, a missing owner or expiry of an accepted risk, an expiry
// that is not a date after `today`; kFailedPrecondition for a finding that is fixed.
[[nodiscard]] Status decide_finding(store::Database& database,
                                    std::int64_t id,
                                    const DecisionRequest& request,
                                    Timestamp now);

}  // namespace wardround::findings

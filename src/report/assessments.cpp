// SPDX-License-Identifier: Apache-2.0
// The report's assessments section: for each organisation in scope, the newest revision of each of
// its self-assessments, judged on the report date by the assessment module (assessment_status and
// list_evidence) exactly as `wardround assess status` judges it. This only counts and picks the
// rows a board reads; every verdict (the CAF rule, the profile comparison, the DSPT status,
// evidence expiry, overdue plan items) is the assessment module's.
#include <set>
#include <utility>

#include <wardround/assess/assessment.h>

#include "report/report_internal.h"

namespace wardround::report::detail {
namespace {

// Adds one outcome, standard or control to the counts of its framework kind.
void count_node(const assess::NodeStatus& node, bool outcomes, ReportAssessment& out) {
    if (!outcomes) {
        std::int64_t& count = node.status == "met"       ? out.met
                              : node.status == "not-met" ? out.not_met
                                                         : out.incomplete;
        ++count;
        return;
    }
    // A level the answers do not decide yet is only a floor: counted apart, never as the
    // outcome's level.
    std::int64_t& level = !node.complete                  ? out.undecided
                          : node.status == "achieved"     ? out.achieved
                          : node.status == "not-achieved" ? out.not_achieved
                                                          : out.partially_achieved;
    ++level;
    if (out.short_of_profile && node.standing == "below") {
        ++*out.short_of_profile;
    }
}

// What the board should see as wrong: an outcome below its profile (decided or not, as `assess
// status` compares it) or decided not achieved; a standard or control not met.
bool is_shortfall(const assess::NodeStatus& node, bool outcomes) {
    if (!outcomes) {
        return node.status == "not-met";
    }
    return node.standing == "below" || (node.complete && node.status == "not-achieved");
}

// Counts and shortfalls from the assessment's status.
void take_status(const assess::AssessmentStatus& status, ReportAssessment& out) {
    const bool outcomes = status.kind == "outcomes";
    if (outcomes && !status.assessment.profile.empty()) {
        out.short_of_profile = 0;
    }
    for (const assess::NodeStatus& node : status.nodes) {
        count_node(node, outcomes, out);
        if (is_shortfall(node, outcomes)) {
            out.shortfalls.push_back(
                {node.id, node.title, node.status, node.complete, node.expected, node.owner});
        }
    }
    out.dspt_status = status.dspt_status;
    out.dspt_reason = status.dspt_reason;
    out.items = static_cast<std::int64_t>(status.items);
    out.answered = static_cast<std::int64_t>(status.answered);
    out.required = static_cast<std::int64_t>(status.required);
    out.required_answered = static_cast<std::int64_t>(status.required_answered);
    out.unsupported_answers = static_cast<std::int64_t>(status.unsupported);
    out.evidence_expired = static_cast<std::int64_t>(status.evidence_expired);
    out.plan_open = static_cast<std::int64_t>(status.plan_open);
    out.plan_overdue = static_cast<std::int64_t>(status.plan_overdue);
}

// Evidence linked to the assessment that is still current on the report date but expires within
// kEvidenceExpiringDays of it. Expiry dates are YYYY-MM-DD, so they compare as text.
std::int64_t count_expiring(const std::vector<assess::EvidenceRecord>& evidence, Timestamp now) {
    const std::string horizon =
        format_date(Date{date_of(now).days_since_epoch + kEvidenceExpiringDays});
    std::int64_t expiring = 0;
    for (const assess::EvidenceRecord& record : evidence) {
        if (!record.items.empty() && !record.expired && !record.expires_on.empty() &&
            record.expires_on <= horizon) {
            ++expiring;
        }
    }
    return expiring;
}

// An assessment whose framework or profile has left the library (or whose stored framework no
// longer loads) cannot be judged, but says nothing about the others: the report shows why instead
// of failing whole. Backend errors still fail it.
bool is_judging_problem(const Error& error) {
    return error.code == ErrorCode::kNotFound || error.code == ErrorCode::kDataLoss;
}

Result<ReportAssessment> judge(store::Database& database,
                               const assess::Assessment& assessment,
                               Timestamp now) {
    ReportAssessment out;
    out.org_code = assessment.org_code;
    out.framework = assessment.framework;
    out.period = assessment.period;
    out.revision = assessment.revision;
    out.category = assessment.category;
    out.profile = assessment.profile;
    out.signed_off = assessment.signed_off();
    out.signed_off_by = assessment.signed_off_by;
    out.signer_role = assessment.signer_role;
    out.signed_off_at = assessment.signed_off_at;
    out.started_by = assessment.started_by;
    out.started_at = assessment.started_at;
    const assess::AssessmentRef ref{assessment.org_code, assessment.framework, assessment.period};
    auto status = assess::assessment_status(database, ref, now);
    if (!status && is_judging_problem(status.error())) {
        out.problem = status.error().message;
        return out;
    }
    WARDROUND_TRY(status);
    out.kind = status->kind;
    take_status(*status, out);
    auto evidence = assess::list_evidence(database, ref, now);
    WARDROUND_TRY(evidence);
    out.evidence_expiring = count_expiring(*evidence, now);
    return out;
}

}  // namespace

Status collect_assessments(store::Database& database,
                           const std::vector<ScopeOrganisation>& organisations,
                           Timestamp now,
                           ReportData& data) {
    AssessmentSection& section = data.assessments;
    for (const ScopeOrganisation& org : organisations) {
        auto revisions = assess::list_assessments(database, org.code);
        WARDROUND_TRY(revisions);
        AssessmentOrganisation entry{org.code, org.name, {}};
        // Every revision comes newest first within its framework and period: the first seen of
        // each is the one `assess status` judges.
        std::set<std::pair<std::string, std::string>> seen;
        for (const assess::Assessment& assessment : *revisions) {
            if (!seen.emplace(assessment.framework, assessment.period).second) {
                continue;
            }
            auto judged = judge(database, assessment, now);
            WARDROUND_TRY(judged);
            entry.assessments.push_back(std::move(*judged));
        }
        if (entry.assessments.empty()) {
            section.without.emplace_back(org.code, org.name);
            continue;
        }
        section.total += static_cast<std::int64_t>(entry.assessments.size());
        section.organisations.push_back(std::move(entry));
    }
    return {};
}

}  // namespace wardround::report::detail

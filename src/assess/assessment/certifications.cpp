// SPDX-License-Identifier: Apache-2.0
// Certifications an assessment declares (Cyber Essentials Plus, ISO 27001), each backed by a piece
// of the organisation's evidence and counting toward Standards Exceeded only while that evidence
// is current; declared per revision, withdrawn with who, when and why.
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include <wardround/assess/assessment.h>
#include <wardround/assess/assessment_rules.h>

#include "assess/assessment/assessment_internal.h"

namespace wardround::assess {
namespace {

using store::Value;

// The declarations with the evidence behind each (at the revision the assessment reads), for a
// WHERE clause that goes on with AND.
Result<std::string> declarations_where(const Assessment& assessment) {
    auto revision = detail::evidence_revision_read_by(assessment);
    WARDROUND_TRY(revision);
    return fmt::format(
        "SELECT c.certification, c.evidence_key, e.title, e.expires_on, c.declared_by, "
        "c.declared_at, c.withdrawn_at, c.withdrawn_by, c.withdrawal_reason FROM "
        "assessment_certification c JOIN evidence e ON e.org_id = ? AND e.evidence_key = "
        "c.evidence_key AND {} WHERE c.assessment_id = ? ",
        *revision);
}

CertificationDeclaration read_declaration(const store::Row& row, Timestamp now) {
    CertificationDeclaration declared;
    declared.certification = row.get_text(0);
    declared.evidence_key = row.get_text(1);
    declared.evidence_title = row.get_text(2);
    declared.expires_on = row.get_text(3);
    declared.declared_by = row.get_text(4);
    declared.declared_at = row.get_text(5);
    declared.withdrawn_at = row.get_text(6);
    declared.withdrawn_by = row.get_text(7);
    declared.withdrawal_reason = row.get_text(8);
    // The rule every answer's evidence follows: current up to and including its expiry date.
    declared.counts = !detail::expired_on(declared.expires_on, now);
    const std::string& key = declared.evidence_key;
    if (declared.expires_on.empty()) {
        declared.why = key + " has no expiry date";
    } else if (declared.counts) {
        declared.why = fmt::format("{} is current until {}", key, declared.expires_on);
    } else {
        declared.why = fmt::format("{} expired (its last day was {})", key, declared.expires_on);
    }
    return declared;
}

// The newest declaration of `certification` in the revision, withdrawn or not.
Result<std::optional<CertificationDeclaration>> newest_declaration(store::Database& database,
                                                                   const Assessment& assessment,
                                                                   const std::string& certification,
                                                                   Timestamp now) {
    const Value params[] = {Value{assessment.org_id}, Value{assessment.id}, Value{certification}};
    std::optional<CertificationDeclaration> found;
    auto where = declarations_where(assessment);
    WARDROUND_TRY(where);
    WARDROUND_TRY(database.query(*where + "AND c.certification = ? ORDER BY c.id DESC LIMIT 1",
                                 params, [&found, now](const store::Row& row) -> Status {
                                     found = read_declaration(row, now);
                                     return {};
                                 }));
    return found;
}

// The name as the status rule spells it. Errors: kInvalidArgument naming the known ones.
Status check_certification(const std::string& name) {
    if (parse_certification(name)) {
        return {};
    }
    return make_error(ErrorCode::kInvalidArgument,
                      fmt::format("'{}' is not a certification the DSPT status counts: {} or {}",
                                  name, certification_name(Certification::kCyberEssentialsPlus),
                                  certification_name(Certification::kIso27001)),
                      "--cert");
}

// Only the classic DSPT status counts certifications; on another framework a declaration would be
// kept and shown but never change anything.
Status check_standards(const detail::OpenAssessment& open) {
    if (open.framework->kind == FrameworkKind::kStandards) {
        return {};
    }
    return make_error(
        ErrorCode::kFailedPrecondition,
        fmt::format("{} is a framework of kind {}: certifications count only "
                    "toward the classic DSPT status of a standards framework",
                    open.framework->qualified_id(), framework_kind_name(open.framework->kind)),
        detail::describe(open.assessment));
}

Result<CertificationDeclaration> read_back(store::Database& database,
                                           const Assessment& assessment,
                                           const std::string& certification,
                                           Timestamp now) {
    auto declared = newest_declaration(database, assessment, certification, now);
    WARDROUND_TRY(declared);
    if (!*declared) {
        return make_error(ErrorCode::kInternal, "the declaration vanished", certification);
    }
    return std::move(**declared);
}

// Declares the certification unless it is declared already.
Result<CertificationDeclaration> insert_declaration(store::Database& database,
                                                    const Assessment& assessment,
                                                    const CertificationRequest& request,
                                                    Timestamp now) {
    WARDROUND_TRY(detail::require_evidence(database, assessment, request.evidence_key));
    auto current = newest_declaration(database, assessment, request.certification, now);
    WARDROUND_TRY(current);
    if (*current && (*current)->withdrawn_at.empty()) {
        const CertificationDeclaration& declared = **current;
        return make_error(ErrorCode::kAlreadyExists,
                          fmt::format("{} is already declared on {} by {}; renew it by revising "
                                      "{} (evidence revise), or withdraw it first",
                                      request.certification, declared.evidence_key,
                                      declared.declared_by, declared.evidence_key),
                          detail::describe(assessment));
    }
    const Value insert[] = {Value{assessment.id}, Value{request.certification},
                            Value{request.evidence_key}, Value{request.by},
                            Value{format_timestamp(now)}};
    WARDROUND_TRY(database.execute(
        "INSERT INTO assessment_certification (assessment_id, certification, evidence_key, "
        "declared_by, declared_at) VALUES (?, ?, ?, ?, ?)",
        insert));
    return read_back(database, assessment, request.certification, now);
}

}  // namespace

namespace detail {

Result<std::vector<CertificationDeclaration>> read_certifications(store::Database& database,
                                                                  const Assessment& assessment,
                                                                  Timestamp now) {
    const Value params[] = {Value{assessment.org_id}, Value{assessment.id}};
    std::vector<CertificationDeclaration> declared;
    auto where = declarations_where(assessment);
    WARDROUND_TRY(where);
    WARDROUND_TRY(database.query(*where + "AND c.withdrawn_at IS NULL ORDER BY c.certification",
                                 params, [&declared, now](const store::Row& row) -> Status {
                                     declared.push_back(read_declaration(row, now));
                                     return {};
                                 }));
    return declared;
}

}  // namespace detail

Result<CertificationDeclaration> declare_certification(store::Database& database,
                                                       const AssessmentRef& ref,
                                                       const CertificationRequest& request,
                                                       Timestamp now) {
    WARDROUND_TRY(check_certification(request.certification));
    WARDROUND_TRY(detail::require(request.by, "--by"));
    auto open = detail::open_draft(database, ref);
    WARDROUND_TRY(open);
    WARDROUND_TRY(check_standards(*open));
    return detail::write_in_draft(database, open->assessment, [&] {
        return insert_declaration(database, open->assessment, request, now);
    });
}

Result<CertificationDeclaration> withdraw_certification(store::Database& database,
                                                        const AssessmentRef& ref,
                                                        const std::string& certification,
                                                        const std::string& reason,
                                                        const std::string& by,
                                                        Timestamp now) {
    WARDROUND_TRY(check_certification(certification));
    WARDROUND_TRY(detail::require(by, "--by"));
    WARDROUND_TRY(detail::require(reason, "--reason"));
    auto open = detail::open_draft(database, ref);
    WARDROUND_TRY(open);
    const Assessment& assessment = open->assessment;
    return detail::write_in_draft(database, assessment, [&]() -> Result<CertificationDeclaration> {
        const Value update[] = {Value{format_timestamp(now)}, Value{by}, Value{reason},
                                Value{assessment.id}, Value{certification}};
        auto withdrawn = database.execute(
            "UPDATE assessment_certification SET withdrawn_at = ?, withdrawn_by = ?, "
            "withdrawal_reason = ? WHERE assessment_id = ? AND certification = ? AND "
            "withdrawn_at IS NULL",
            update);
        WARDROUND_TRY(withdrawn);
        if (*withdrawn == 0) {
            return make_error(ErrorCode::kNotFound,
                              fmt::format("{} is not declared", certification),
                              detail::describe(assessment));
        }
        return read_back(database, assessment, certification, now);
    });
}

}  // namespace wardround::assess

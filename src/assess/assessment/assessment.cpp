// SPDX-License-Identifier: Apache-2.0
// Starting assessments and revisions, and owners.
#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <wardround/assess/assessment.h>
#include <wardround/assess/profile.h>

#include "assess/assessment/assessment_internal.h"

namespace wardround::assess {
namespace detail {

using store::Value;

const char* const kAssessmentColumns =
    "a.id, a.org_id, o.code, a.framework, a.period, a.revision, a.status, a.category, a.profile, "
    "a.based_on, a.started_at, a.started_by, a.signed_off_at, a.signed_off_by, a.signer_role, "
    "a.signoff_statement";

Assessment read_assessment(const store::Row& row) {
    Assessment assessment;
    assessment.id = row.get_int(0);
    assessment.org_id = row.get_int(1);
    assessment.org_code = row.get_text(2);
    assessment.framework = row.get_text(3);
    assessment.period = row.get_text(4);
    assessment.revision = static_cast<int>(row.get_int(5));
    assessment.status = row.get_text(6);
    assessment.category = row.get_text(7);
    assessment.profile = row.get_text(8);
    assessment.based_on = row.get_int(9);
    assessment.started_at = row.get_text(10);
    assessment.started_by = row.get_text(11);
    assessment.signed_off_at = row.get_text(12);
    assessment.signed_off_by = row.get_text(13);
    assessment.signer_role = row.get_text(14);
    assessment.signoff_statement = row.get_text(15);
    return assessment;
}

std::string describe(const Assessment& assessment) {
    return fmt::format("{} {} {} revision {}", assessment.org_code, assessment.framework,
                       assessment.period, assessment.revision);
}

Result<std::int64_t> organisation_id(store::Database& database, const std::string& code) {
    const Value params[] = {Value{code}};
    auto id = database.query_value("SELECT id FROM organisation WHERE code = ?", params);
    WARDROUND_TRY(id);
    if (!*id) {
        return make_error(ErrorCode::kNotFound, "no organisation has the code " + code,
                          "--org " + code);
    }
    return std::get<std::int64_t>(**id);
}

Status lock_draft(store::Database& database, const Assessment& assessment) {
    const Value params[] = {Value{assessment.id}};
    auto claimed = database.execute(
        "UPDATE assessment SET status = status WHERE id = ? AND status = 'draft'", params);
    WARDROUND_TRY(claimed);
    if (*claimed == 0) {
        return make_error(ErrorCode::kFailedPrecondition,
                          "the revision was signed off meanwhile and is read-only",
                          describe(assessment));
    }
    return {};
}

Status require(const std::string& value, const std::string& what) {
    const bool blank = std::all_of(value.begin(), value.end(),
                                   [](unsigned char c) { return std::isspace(c) != 0; });
    if (blank) {
        return make_error(ErrorCode::kInvalidArgument, what + " is required", what);
    }
    return {};
}

Result<Date> parse_day(const std::string& text, const std::string& what) {
    auto date = parse_date(text);
    if (!date || format_date(*date) != text) {
        return make_error(ErrorCode::kInvalidArgument,
                          fmt::format("'{}' is not a date (YYYY-MM-DD)", text), what);
    }
    return *date;
}

namespace {

std::string item_where(const Framework& framework, std::string_view id) {
    return framework.qualified(id);
}

// Strips the framework from a qualified id; refuses another framework's.
Result<std::string> plain_id(const Framework& framework, std::string_view id) {
    if (id.find(':') == std::string_view::npos) {
        return std::string(id);
    }
    auto qualified = parse_qualified_id(id);
    WARDROUND_TRY(qualified);
    if (qualified->framework != framework.qualified_id()) {
        return make_error(ErrorCode::kInvalidArgument,
                          fmt::format("{} is an id of {}, not of the assessment's framework {}", id,
                                      qualified->framework, framework.qualified_id()),
                          std::string(id));
    }
    return qualified->node;
}

}  // namespace

Result<OpenAssessment> open_assessment(store::Database& database,
                                       const AssessmentRef& ref,
                                       std::optional<int> revision) {
    auto found = find_assessment(database, ref, revision);
    WARDROUND_TRY(found);
    auto library = FrameworkLibrary::load(database);
    WARDROUND_TRY(library);
    OpenAssessment open{std::move(*found), std::move(*library), nullptr};
    open.framework = open.library.find_framework(open.assessment.framework);
    if (open.framework == nullptr) {
        return make_error(ErrorCode::kDataLoss,
                          "the assessment's framework " + open.assessment.framework +
                              " is no longer in the framework library",
                          describe(open.assessment));
    }
    return open;
}

Result<OpenAssessment> open_draft(store::Database& database, const AssessmentRef& ref) {
    auto open = open_assessment(database, ref);
    WARDROUND_TRY(open);
    if (open->assessment.signed_off()) {
        const Assessment& signed_off = open->assessment;
        return make_error(
            ErrorCode::kFailedPrecondition,
            fmt::format("revision {} was signed off on {} by {} ({}) and is "
                        "read-only; wardround assess start begins revision {}",
                        signed_off.revision, signed_off.signed_off_at.substr(0, 10),
                        signed_off.signed_off_by, signed_off.signer_role, signed_off.revision + 1),
            describe(signed_off));
    }
    return open;
}

Result<ItemInfo> resolve_item(const Framework& framework, std::string_view id) {
    auto plain = plain_id(framework, id);
    WARDROUND_TRY(plain);
    for (const AnsweredItem& answered : framework.answered_items()) {
        const Node& node = framework.nodes[answered.node];
        if (answered.indicator != nullptr && answered.indicator->id == *plain) {
            return ItemInfo{*plain, ItemKind::kIndicator, &node, answered.indicator};
        }
        if (answered.indicator == nullptr && node.id == *plain) {
            const ItemKind kind =
                node.type == NodeType::kOutcome ? ItemKind::kOutcome : ItemKind::kLeaf;
            return ItemInfo{*plain, kind, &node, nullptr};
        }
    }
    const Node* node = framework.find(*plain);
    if (node != nullptr) {
        return make_error(
            ErrorCode::kNotFound,
            fmt::format("{} is a {} of {}, which is not answered itself: answer {}", *plain,
                        node_type_name(node->type), framework.qualified_id(),
                        node->type == NodeType::kOutcome ? "its indicators" : "the items under it"),
            item_where(framework, *plain));
    }
    return make_error(ErrorCode::kNotFound,
                      fmt::format("{} has no item {} (wardround framework show {} lists them)",
                                  framework.qualified_id(), *plain, framework.qualified_id()),
                      item_where(framework, *plain));
}

Result<const Node*> resolve_node(const Framework& framework, std::string_view id) {
    auto plain = plain_id(framework, id);
    WARDROUND_TRY(plain);
    const Node* node = framework.find(*plain);
    if (node == nullptr) {
        return make_error(ErrorCode::kNotFound,
                          fmt::format("{} has no node {}", framework.qualified_id(), *plain),
                          item_where(framework, *plain));
    }
    return node;
}

std::vector<std::string> vocabulary(const ItemInfo& item) {
    switch (item.kind) {
        case ItemKind::kIndicator:
            return {"true", "false", "not-applicable"};
        case ItemKind::kOutcome:
            if (item.node->partially_achieved) {
                return {"achieved", "partially-achieved", "not-achieved"};
            }
            return {"achieved", "not-achieved"};
        case ItemKind::kLeaf:
            break;
    }
    if (item.node->not_applicable) {
        return {"met", "not-met", "not-applicable"};
    }
    return {"met", "not-met"};
}

}  // namespace detail

namespace {

using detail::OpenAssessment;
using store::Value;

// "2024-25": a financial year, April to March, as the DSPT and NHS reporting name them.
Status check_period(const std::string& period) {
    const bool shaped = period.size() == 7 && period[4] == '-' &&
                        std::all_of(period.begin(), period.begin() + 4,
                                    [](unsigned char c) { return std::isdigit(c) != 0; }) &&
                        std::isdigit(static_cast<unsigned char>(period[5])) != 0 &&
                        std::isdigit(static_cast<unsigned char>(period[6])) != 0;
    if (shaped) {
        const int first = std::stoi(period.substr(0, 4));
        const int second = std::stoi(period.substr(5, 2));
        if ((first + 1) % 100 == second) {
            return {};
        }
    }
    return make_error(ErrorCode::kInvalidArgument,
                      "'" + period + "' is not a period of two consecutive years (2024-25)",
                      "--period");
}

Status check_category(const Framework& framework, const std::string& category) {
    if (category.empty()) {
        return {};
    }
    const auto& categories = framework.categories;
    const bool known = std::any_of(categories.begin(), categories.end(),
                                   [&](const OrganisationCategory& c) { return c.id == category; });
    if (known) {
        return {};
    }
    std::vector<std::string> ids;
    ids.reserve(categories.size());
    for (const OrganisationCategory& c : categories) {
        ids.push_back(c.id);
    }
    return make_error(
        ErrorCode::kInvalidArgument,
        ids.empty()
            ? fmt::format("{} declares no organisation categories", framework.qualified_id())
            : fmt::format("{} declares the categories {}, not {}", framework.qualified_id(),
                          fmt::join(ids, ", "), category),
        "--category " + category);
}

// The profile must be one of the library's (imported ones over the built-in ones) that applies to
// the framework: its own, or one the framework inherits outcomes from (Profile::applies_to).
Status check_profile(const FrameworkLibrary& library,
                     const Framework& framework,
                     const std::string& profile) {
    if (profile.empty()) {
        return {};
    }
    auto profiles = library.profiles();
    WARDROUND_TRY(profiles);
    std::vector<std::string> known;
    for (const LibraryProfile& entry : *profiles) {
        if (entry.id != profile) {
            if (entry.load.profile) {
                known.push_back(entry.id);
            }
            continue;
        }
        if (!entry.load.profile) {
            return make_error(ErrorCode::kFailedPrecondition,
                              fmt::format("profile {} cannot be used here: {}", profile,
                                          entry.load.unavailable_reason),
                              "--profile " + profile);
        }
        if (!entry.load.profile->applies_to(framework)) {
            return make_error(
                ErrorCode::kInvalidArgument,
                fmt::format("profile {} is for {}, which {} neither is nor extends", profile,
                            entry.load.profile->framework, framework.qualified_id()),
                "--profile " + profile);
        }
        return {};
    }
    return make_error(
        ErrorCode::kNotFound,
        fmt::format("no profile has the id {} (known: {})", profile, fmt::join(known, ", ")),
        "--profile " + profile);
}

// Revision n+1 starts as a copy of the signed-off revision n: answers and certifications
// (remembering which each copies), owners, evidence links and the open plan items with their
// targets.
Status copy_revision(store::Database& database,
                     std::int64_t from,
                     std::int64_t to,
                     const std::string& by,
                     const std::string& now) {
    const Value ids[] = {Value{to}, Value{from}};
    WARDROUND_TRY(database.execute(
        "INSERT INTO assessment_answer (assessment_id, item_id, value, reason, comment, "
        "answered_by, answered_at, proposal_id, copied_from) "
        "SELECT ?, item_id, value, reason, comment, answered_by, answered_at, proposal_id, id "
        "FROM assessment_answer WHERE assessment_id = ? AND superseded_at IS NULL",
        ids));
    WARDROUND_TRY(database.execute(
        "INSERT INTO assessment_owner (assessment_id, node_id, owner, set_by, set_at) "
        "SELECT ?, node_id, owner, set_by, set_at FROM assessment_owner WHERE assessment_id = ?",
        ids));
    WARDROUND_TRY(database.execute(
        "INSERT INTO evidence_link (assessment_id, item_id, evidence_key, linked_by, linked_at) "
        "SELECT ?, item_id, evidence_key, linked_by, linked_at FROM evidence_link "
        "WHERE assessment_id = ?",
        ids));
    WARDROUND_TRY(database.execute(
        "INSERT INTO plan_item (assessment_id, number, action, owner, due_on, status, created_by, "
        "created_at) SELECT ?, number, action, owner, due_on, status, created_by, created_at "
        "FROM plan_item WHERE assessment_id = ? AND status = 'open'",
        ids));
    const Value targets[] = {Value{from}, Value{to}};
    WARDROUND_TRY(database.execute(
        "INSERT INTO plan_item_target (plan_item_id, item_id) "
        "SELECT n.id, t.item_id FROM plan_item n "
        "JOIN plan_item p ON p.assessment_id = ? AND p.number = n.number "
        "JOIN plan_item_target t ON t.plan_item_id = p.id WHERE n.assessment_id = ?",
        targets));
    WARDROUND_TRY(database.execute(
        "INSERT INTO assessment_certification (assessment_id, certification, evidence_key, "
        "declared_by, declared_at, copied_from) SELECT ?, certification, evidence_key, "
        "declared_by, declared_at, id FROM assessment_certification WHERE assessment_id = ? AND "
        "withdrawn_at IS NULL",
        ids));
    const Value events[] = {Value{now}, Value{by}, Value{to}};
    WARDROUND_TRY(database.execute(
        "INSERT INTO plan_item_event (plan_item_id, seq, at, actor, from_status, to_status, note) "
        "SELECT id, 1, ?, ?, NULL, 'open', 'carried over from the signed-off revision' "
        "FROM plan_item WHERE assessment_id = ?",
        events));
    return {};
}

Result<Assessment> read_by_id(store::Database& database, std::int64_t id) {
    const Value params[] = {Value{id}};
    std::optional<Assessment> found;
    WARDROUND_TRY(database.query(
        fmt::format("SELECT {} FROM assessment a JOIN organisation o ON o.id = a.org_id "
                    "WHERE a.id = ?",
                    detail::kAssessmentColumns),
        params, [&found](const store::Row& row) -> Status {
            found = detail::read_assessment(row);
            return {};
        }));
    if (!found) {
        return make_error(ErrorCode::kInternal, fmt::format("assessment {} vanished", id));
    }
    return *found;
}

struct Previous {
    std::int64_t id = 0;
    int revision = 0;
    std::string status;
    std::string category;
    std::string profile;
};

Result<std::optional<Previous>> previous_revision(store::Database& database,
                                                  std::int64_t org_id,
                                                  const AssessmentRef& ref) {
    const Value params[] = {Value{org_id}, Value{ref.framework}, Value{ref.period}};
    std::optional<Previous> previous;
    WARDROUND_TRY(database.query(
        "SELECT id, revision, status, category, profile FROM assessment "
        "WHERE org_id = ? AND framework = ? AND period = ? ORDER BY revision DESC LIMIT 1",
        params, [&previous](const store::Row& row) -> Status {
            previous = Previous{row.get_int(0), static_cast<int>(row.get_int(1)), row.get_text(2),
                                row.get_text(3), row.get_text(4)};
            return {};
        }));
    return previous;
}

// Everything about a start request that does not depend on earlier revisions; the
// organisation's id.
Result<std::int64_t> check_start(store::Database& database, const StartRequest& request) {
    WARDROUND_TRY(detail::require(request.by, "--by"));
    WARDROUND_TRY(check_period(request.ref.period));
    auto org_id = detail::organisation_id(database, request.ref.org_code);
    WARDROUND_TRY(org_id);
    auto library = FrameworkLibrary::load(database);
    WARDROUND_TRY(library);
    const Framework* framework = library->find_framework(request.ref.framework);
    if (framework == nullptr) {
        return make_error(ErrorCode::kNotFound,
                          "no framework has the id " + request.ref.framework +
                              " (wardround framework list names them)",
                          "--framework " + request.ref.framework);
    }
    WARDROUND_TRY(check_category(*framework, request.category));
    WARDROUND_TRY(check_profile(*library, *framework, request.profile));
    return org_id;
}

Status copy_revision(store::Database& database,
                     const std::optional<Previous>& previous,
                     std::int64_t to,
                     const std::string& by,
                     const std::string& now) {
    return previous ? copy_revision(database, previous->id, to, by, now) : Status{};
}

Status refuse_open_draft(const std::optional<Previous>& previous, const AssessmentRef& ref) {
    if (!previous || previous->status != "draft") {
        return {};
    }
    return make_error(ErrorCode::kAlreadyExists,
                      fmt::format("revision {} is a draft still open; answer it and sign it off "
                                  "before starting another",
                                  previous->revision),
                      fmt::format("{} {} {}", ref.org_code, ref.framework, ref.period));
}

// A new revision keeps the category and profile of the one before unless told otherwise.
Result<std::int64_t> insert_assessment(store::Database& database,
                                       std::int64_t org_id,
                                       const StartRequest& request,
                                       const std::optional<Previous>& previous,
                                       const std::string& now_text) {
    std::string category = request.category;
    std::string profile = request.profile;
    if (previous) {
        category = category.empty() ? previous->category : category;
        profile = profile.empty() ? previous->profile : profile;
    }
    const Value insert[] = {Value{org_id},
                            Value{request.ref.framework},
                            Value{request.ref.period},
                            Value{std::int64_t{previous ? previous->revision + 1 : 1}},
                            store::text_or_null(category),
                            store::text_or_null(profile),
                            previous ? Value{previous->id} : Value{},
                            Value{now_text},
                            Value{request.by}};
    auto id = database.query_value(
        "INSERT INTO assessment (org_id, framework, period, revision, status, category, profile, "
        "based_on, started_at, started_by) VALUES (?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?) "
        "RETURNING id",
        insert);
    WARDROUND_TRY(id);
    return std::get<std::int64_t>(**id);
}

}  // namespace

Result<Assessment> start_assessment(store::Database& database,
                                    const StartRequest& request,
                                    Timestamp now) {
    auto org_id = check_start(database, request);
    WARDROUND_TRY(org_id);
    auto transaction = store::Transaction::begin(database);
    WARDROUND_TRY(transaction);
    auto previous = previous_revision(database, *org_id, request.ref);
    WARDROUND_TRY(previous);
    WARDROUND_TRY(refuse_open_draft(*previous, request.ref));
    const std::string now_text = format_timestamp(now);
    auto id = insert_assessment(database, *org_id, request, *previous, now_text);
    WARDROUND_TRY(id);
    WARDROUND_TRY(copy_revision(database, *previous, *id, request.by, now_text));
    auto started = read_by_id(database, *id);
    WARDROUND_TRY(started);
    WARDROUND_TRY(transaction->commit());
    return started;
}

Result<Assessment> find_assessment(store::Database& database,
                                   const AssessmentRef& ref,
                                   std::optional<int> revision) {
    auto org_id = detail::organisation_id(database, ref.org_code);
    WARDROUND_TRY(org_id);
    const Value params[] = {Value{*org_id}, Value{ref.framework}, Value{ref.period},
                            Value{std::int64_t{revision.value_or(0)}},
                            Value{std::int64_t{revision.value_or(0)}}};
    std::optional<Assessment> found;
    WARDROUND_TRY(database.query(
        fmt::format("SELECT {} FROM assessment a JOIN organisation o ON o.id = a.org_id "
                    "WHERE a.org_id = ? AND a.framework = ? AND a.period = ? "
                    "AND (? = 0 OR a.revision = ?) ORDER BY a.revision DESC LIMIT 1",
                    detail::kAssessmentColumns),
        params, [&found](const store::Row& row) -> Status {
            found = detail::read_assessment(row);
            return {};
        }));
    if (!found) {
        return make_error(ErrorCode::kNotFound,
                          revision
                              ? fmt::format("{} has no revision {} of its {} assessment for {}",
                                            ref.org_code, *revision, ref.framework, ref.period)
                              : fmt::format("{} has no assessment against {} for {} (wardround "
                                            "assess start begins one)",
                                            ref.org_code, ref.framework, ref.period),
                          fmt::format("{} {} {}", ref.org_code, ref.framework, ref.period));
    }
    return *found;
}

Result<std::vector<Assessment>> list_assessments(store::Database& database,
                                                 const std::string& org_code) {
    auto org_id = detail::organisation_id(database, org_code);
    WARDROUND_TRY(org_id);
    const Value params[] = {Value{*org_id}};
    std::vector<Assessment> out;
    WARDROUND_TRY(database.query(
        fmt::format("SELECT {} FROM assessment a JOIN organisation o ON o.id = a.org_id "
                    "WHERE a.org_id = ? ORDER BY a.period DESC, a.framework, a.revision DESC",
                    detail::kAssessmentColumns),
        params, [&out](const store::Row& row) -> Status {
            out.push_back(detail::read_assessment(row));
            return {};
        }));
    return out;
}

Status set_owner(store::Database& database,
                 const AssessmentRef& ref,
                 const std::string& node_id,
                 const std::string& owner,
                 const std::string& by,
                 Timestamp now) {
    WARDROUND_TRY(detail::require(owner, "--owner"));
    WARDROUND_TRY(detail::require(by, "--by"));
    auto open = detail::open_draft(database, ref);
    WARDROUND_TRY(open);
    auto node = detail::resolve_node(*open->framework, node_id);
    WARDROUND_TRY(node);
    const std::int64_t id = open->assessment.id;
    return detail::write_in_draft(database, open->assessment, [&]() -> Status {
        const Value key[] = {Value{id}, Value{(*node)->id}};
        WARDROUND_TRY(database.execute(
            "DELETE FROM assessment_owner WHERE assessment_id = ? AND node_id = ?", key));
        const Value insert[] = {Value{id}, Value{(*node)->id}, Value{owner}, Value{by},
                                Value{format_timestamp(now)}};
        WARDROUND_TRY(database.execute(
            "INSERT INTO assessment_owner (assessment_id, node_id, owner, set_by, set_at) "
            "VALUES (?, ?, ?, ?, ?)",
            insert));
        return {};
    });
}

}  // namespace wardround::assess

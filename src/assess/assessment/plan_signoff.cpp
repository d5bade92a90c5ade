// SPDX-License-Identifier: Apache-2.0
// The improvement plan (actions, owners and due dates against the items they address, with every
// status change kept) and sign-off, after which the revision is read-only.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <wardround/assess/assessment.h>

#include "assess/assessment/assessment_internal.h"

namespace wardround::assess {
namespace detail {
namespace {

// Whether a node, or one above it, is mandatory for the category in the period.
bool mandatory_for(const Framework& framework,
                   std::size_t index,
                   const std::string& category,
                   const std::string& period) {
    for (std::size_t at = index; at != kNoParent; at = framework.nodes[at].parent) {
        for (const MandatoryFlag& flag : framework.nodes[at].mandatory) {
            const bool category_matches = std::find(flag.categories.begin(), flag.categories.end(),
                                                    category) != flag.categories.end();
            const bool period_matches =
                flag.periods.empty() ||
                std::find(flag.periods.begin(), flag.periods.end(), period) != flag.periods.end();
            if (category_matches && period_matches) {
                return true;
            }
        }
    }
    return false;
}

}  // namespace

std::vector<std::string> items_required(const Framework& framework, const Assessment& assessment) {
    std::vector<std::string> mandatory;
    std::vector<std::string> every;
    for (const AnsweredItem& item : framework.answered_items()) {
        const std::string id =
            item.indicator != nullptr ? item.indicator->id : framework.nodes[item.node].id;
        every.push_back(id);
        if (!assessment.category.empty() &&
            mandatory_for(framework, item.node, assessment.category, assessment.period)) {
            mandatory.push_back(id);
        }
    }
    return mandatory.empty() ? every : mandatory;
}

}  // namespace detail

namespace {

using store::Value;

Result<std::vector<PlanItem>> read_plan(store::Database& database,
                                        std::int64_t assessment_id,
                                        Timestamp now) {
    std::vector<PlanItem> plan;
    std::map<std::int64_t, std::size_t> by_id;
    const Value params[] = {Value{assessment_id}};
    WARDROUND_TRY(database.query(
        "SELECT id, number, action, owner, due_on, status, created_by, created_at FROM plan_item "
        "WHERE assessment_id = ? ORDER BY number",
        params, [&](const store::Row& row) -> Status {
            by_id[row.get_int(0)] = plan.size();
            PlanItem item;
            item.number = static_cast<int>(row.get_int(1));
            item.action = row.get_text(2);
            item.owner = row.get_text(3);
            item.due_on = row.get_text(4);
            item.status = row.get_text(5);
            item.created_by = row.get_text(6);
            item.created_at = row.get_text(7);
            item.overdue = item.status == "open" && item.due_on < format_date(date_of(now));
            plan.push_back(std::move(item));
            return {};
        }));
    WARDROUND_TRY(database.query(
        "SELECT t.plan_item_id, t.item_id FROM plan_item_target t JOIN plan_item p ON p.id = "
        "t.plan_item_id WHERE p.assessment_id = ? ORDER BY t.item_id",
        params, [&](const store::Row& row) -> Status {
            const auto found = by_id.find(row.get_int(0));
            if (found != by_id.end()) {
                plan[found->second].items.push_back(row.get_text(1));
            }
            return {};
        }));
    return plan;
}

Result<PlanItem> plan_item_numbered(store::Database& database,
                                    std::int64_t assessment_id,
                                    int number,
                                    Timestamp now) {
    auto plan = read_plan(database, assessment_id, now);
    WARDROUND_TRY(plan);
    for (PlanItem& item : *plan) {
        if (item.number == number) {
            return std::move(item);
        }
    }
    return make_error(ErrorCode::kNotFound,
                      fmt::format("the improvement plan has no item {}", number),
                      fmt::format("plan item {}", number));
}

Status add_event(store::Database& database,
                 std::int64_t plan_item_id,
                 Timestamp now,
                 const std::string& by,
                 const std::string& from,
                 const std::string& to,
                 const std::string& note) {
    const Value event[] = {
        Value{plan_item_id},       Value{plan_item_id}, Value{format_timestamp(now)}, Value{by},
        store::text_or_null(from), Value{to},           store::text_or_null(note)};
    WARDROUND_TRY(database.execute(
        "INSERT INTO plan_item_event (plan_item_id, seq, at, actor, from_status, to_status, note) "
        "VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM plan_item_event WHERE plan_item_id = "
        "?), ?, ?, ?, ?, ?)",
        event));
    return {};
}

Status check_plan_request(const PlanItemRequest& request) {
    if (request.items.empty()) {
        return make_error(ErrorCode::kInvalidArgument,
                          "a plan item addresses at least one item (--item)", "--item");
    }
    WARDROUND_TRY(detail::require(request.action, "--action"));
    WARDROUND_TRY(detail::require(request.owner, "--owner"));
    WARDROUND_TRY(detail::require(request.by, "--by"));
    return detail::parse_day(request.due_on, "--due").transform([](const Date&) {});
}

Result<std::set<std::string>> answered_items(store::Database& database,
                                             std::int64_t assessment_id) {
    std::set<std::string> answered;
    const Value params[] = {Value{assessment_id}};
    WARDROUND_TRY(database.query(
        "SELECT item_id FROM assessment_answer WHERE assessment_id = ? AND superseded_at IS NULL",
        params, [&answered](const store::Row& row) -> Status {
            answered.insert(row.get_text(0));
            return {};
        }));
    return answered;
}

Result<std::set<std::string>> resolve_targets(const Framework& framework,
                                              const std::vector<std::string>& items) {
    std::set<std::string> targets;
    for (const std::string& id : items) {
        auto item = detail::resolve_item(framework, id);
        WARDROUND_TRY(item);
        targets.insert(item->id);
    }
    return targets;
}

Result<PlanItem> store_plan_item(store::Database& database,
                                 std::int64_t assessment_id,
                                 const PlanItemRequest& request,
                                 const std::set<std::string>& targets,
                                 Timestamp now) {
    const Value assessment_param[] = {Value{assessment_id}};
    auto number = database.query_value(
        "SELECT COALESCE(MAX(number), 0) + 1 FROM plan_item WHERE assessment_id = ?",
        assessment_param);
    WARDROUND_TRY(number);
    const Value insert[] = {
        Value{assessment_id},  **number,          Value{request.action},       Value{request.owner},
        Value{request.due_on}, Value{request.by}, Value{format_timestamp(now)}};
    auto id = database.query_value(
        "INSERT INTO plan_item (assessment_id, number, action, owner, due_on, status, "
        "created_by, created_at) VALUES (?, ?, ?, ?, ?, 'open', ?, ?) RETURNING id",
        insert);
    WARDROUND_TRY(id);
    const std::int64_t plan_item_id = std::get<std::int64_t>(**id);
    for (const std::string& target : targets) {
        const Value row[] = {Value{plan_item_id}, Value{target}};
        WARDROUND_TRY(database.execute(
            "INSERT INTO plan_item_target (plan_item_id, item_id) VALUES (?, ?)", row));
    }
    WARDROUND_TRY(add_event(database, plan_item_id, now, request.by, {}, "open", {}));
    return plan_item_numbered(database, assessment_id,
                              static_cast<int>(std::get<std::int64_t>(**number)), now);
}

Status check_status_change(const std::string& status,
                           const std::string& note,
                           const std::string& by) {
    WARDROUND_TRY(detail::require(by, "--by"));
    if (status != "open" && status != "done" && status != "dropped") {
        return make_error(ErrorCode::kInvalidArgument,
                          "'" + status + "' is not a plan item status: open, done or dropped",
                          "status");
    }
    if (status == "dropped" && note.empty()) {
        return make_error(ErrorCode::kInvalidArgument,
                          "dropping a plan item needs a note saying why", "--note");
    }
    return {};
}

struct StatusChange {
    std::string status;
    std::string note;
    std::string by;
};

Result<PlanItem> store_status(store::Database& database,
                              std::int64_t assessment_id,
                              const PlanItem& current,
                              const StatusChange& change,
                              Timestamp now) {
    const Value key[] = {Value{assessment_id}, Value{std::int64_t{current.number}}};
    auto id = database.query_value(
        "SELECT id FROM plan_item WHERE assessment_id = ? AND number = ?", key);
    WARDROUND_TRY(id);
    const Value update[] = {Value{change.status}, **id};
    WARDROUND_TRY(database.execute("UPDATE plan_item SET status = ? WHERE id = ?", update));
    WARDROUND_TRY(add_event(database, std::get<std::int64_t>(**id), now, change.by, current.status,
                            change.status, change.note));
    return plan_item_numbered(database, assessment_id, current.number, now);
}

// Complete: every required item (required_items()) has a current answer.
Status check_complete(store::Database& database, const detail::OpenAssessment& open) {
    auto answered = answered_items(database, open.assessment.id);
    WARDROUND_TRY(answered);
    std::vector<std::string> missing;
    const std::vector<std::string> required =
        detail::items_required(*open.framework, open.assessment);
    std::copy_if(required.begin(), required.end(), std::back_inserter(missing),
                 [&](const std::string& id) { return answered->count(id) == 0; });
    if (missing.empty()) {
        return {};
    }
    const std::size_t shown = std::min<std::size_t>(missing.size(), 5);
    return make_error(
        ErrorCode::kFailedPrecondition,
        fmt::format("{} of the {} required items are unanswered: {}{}", missing.size(),
                    required.size(),
                    fmt::join(missing.begin(), missing.begin() + static_cast<long>(shown), ", "),
                    missing.size() > shown ? ", ..." : ""),
        detail::describe(open.assessment));
}

// The completeness check and the update in one transaction, with the revision's row claimed
// first: an answer written meanwhile either committed before the claim (and is counted) or
// waits for the sign-off and is then refused as read-only, so nothing lands in a signed-off
// revision that the check did not see.
Status sign_off_draft(store::Database& database,
                      const detail::OpenAssessment& open,
                      const SignOffRequest& request,
                      Timestamp now) {
    auto transaction = store::Transaction::begin(database);
    WARDROUND_TRY(transaction);
    WARDROUND_TRY(detail::lock_draft(database, open.assessment));
    WARDROUND_TRY(check_complete(database, open));
    const Value update[] = {Value{format_timestamp(now)}, Value{request.by}, Value{request.role},
                            Value{request.statement}, Value{open.assessment.id}};
    WARDROUND_TRY(database.execute(
        "UPDATE assessment SET status = 'signed-off', signed_off_at = ?, signed_off_by = ?, "
        "signer_role = ?, signoff_statement = ? WHERE id = ? AND status = 'draft'",
        update));
    WARDROUND_TRY(transaction->commit());
    return {};
}

}  // namespace

Result<PlanItem> add_plan_item(store::Database& database,
                               const AssessmentRef& ref,
                               const PlanItemRequest& request,
                               Timestamp now) {
    WARDROUND_TRY(check_plan_request(request));
    auto open = detail::open_draft(database, ref);
    WARDROUND_TRY(open);
    auto targets = resolve_targets(*open->framework, request.items);
    WARDROUND_TRY(targets);
    return detail::write_in_draft(database, open->assessment, [&] {
        return store_plan_item(database, open->assessment.id, request, *targets, now);
    });
}

Result<PlanItem> set_plan_item_status(store::Database& database,
                                      const AssessmentRef& ref,
                                      int number,
                                      const std::string& status,
                                      const std::string& note,
                                      const std::string& by,
                                      Timestamp now) {
    WARDROUND_TRY(check_status_change(status, note, by));
    auto open = detail::open_draft(database, ref);
    WARDROUND_TRY(open);
    auto current = plan_item_numbered(database, open->assessment.id, number, now);
    WARDROUND_TRY(current);
    if (current->status == status) {
        return make_error(ErrorCode::kInvalidArgument,
                          fmt::format("plan item {} is already {}", number, status),
                          fmt::format("plan item {}", number));
    }
    return detail::write_in_draft(database, open->assessment, [&] {
        return store_status(database, open->assessment.id, *current, {status, note, by}, now);
    });
}

Result<std::vector<PlanItem>> list_plan_items(store::Database& database,
                                              const AssessmentRef& ref,
                                              Timestamp now,
                                              std::optional<int> revision) {
    auto open = detail::open_assessment(database, ref, revision);
    WARDROUND_TRY(open);
    return read_plan(database, open->assessment.id, now);
}

Result<std::vector<std::string>> required_items(store::Database& database,
                                                const AssessmentRef& ref) {
    auto open = detail::open_assessment(database, ref);
    WARDROUND_TRY(open);
    return detail::items_required(*open->framework, open->assessment);
}

Result<Assessment> sign_off(store::Database& database,
                            const AssessmentRef& ref,
                            const SignOffRequest& request,
                            Timestamp now) {
    WARDROUND_TRY(detail::require(request.by, "--by"));
    WARDROUND_TRY(detail::require(request.role, "--role"));
    WARDROUND_TRY(detail::require(request.statement, "--statement"));
    auto open = detail::open_draft(database, ref);
    WARDROUND_TRY(open);
    WARDROUND_TRY(sign_off_draft(database, *open, request, now));
    return find_assessment(database, ref, open->assessment.revision);
}

}  // namespace wardround::assess

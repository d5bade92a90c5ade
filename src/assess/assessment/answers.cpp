// SPDX-License-Identifier: Apache-2.0
// Answers: one at a time or a file of them, checked against the item's vocabulary and the newest
// auto-evidence proposals, each superseding the current answer, which stays as history.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <wardround/assess/assessment.h>

#include "assess/assessment/assessment_internal.h"

namespace wardround::assess {
namespace {

using detail::OpenAssessment;
using store::Value;

}  // namespace

Result<std::vector<std::string>> answer_vocabulary(store::Database& database,
                                                   const std::string& framework,
                                                   const std::string& item_id) {
    auto library = FrameworkLibrary::load(database);
    WARDROUND_TRY(library);
    const Framework* found = library->find_framework(framework);
    if (found == nullptr) {
        return make_error(ErrorCode::kNotFound, "no framework has the id " + framework);
    }
    auto item = detail::resolve_item(*found, item_id);
    WARDROUND_TRY(item);
    return detail::vocabulary(*item);
}

namespace {

// The newest propose_answers() run's proposals for an item: one per figure that informed it.
struct Proposal {
    std::int64_t id = 0;
    std::string value;
    std::string figure_id;
};

Result<std::vector<Proposal>> newest_proposals(store::Database& database,
                                               std::int64_t assessment_id,
                                               const std::string& item_id) {
    const Value params[] = {Value{assessment_id}, Value{item_id}, Value{assessment_id},
                            Value{item_id}};
    std::vector<Proposal> proposals;
    WARDROUND_TRY(database.query(
        "SELECT id, proposed_value, figure_id FROM evidence_proposal WHERE assessment_id = ? AND "
        "item_id = ? AND computed_at = (SELECT MAX(computed_at) FROM evidence_proposal WHERE "
        "assessment_id = ? AND item_id = ?) ORDER BY id",
        params, [&proposals](const store::Row& row) -> Status {
            proposals.push_back(Proposal{row.get_int(0), row.get_text(1), row.get_text(2)});
            return {};
        }));
    return proposals;
}

std::string describe_proposals(const std::vector<Proposal>& proposals) {
    std::vector<std::string> parts;
    parts.reserve(proposals.size());
    for (const Proposal& proposal : proposals) {
        parts.push_back(fmt::format("{} proposes {}", proposal.figure_id, proposal.value));
    }
    return fmt::format("{}", fmt::join(parts, ", "));
}

bool proposals_agree(const std::vector<Proposal>& proposals) {
    return std::all_of(proposals.begin(), proposals.end(), [&](const Proposal& proposal) {
        return proposal.value == proposals.front().value;
    });
}

// The proposal an answer confirms or overrides: the one with its value, else the first.
std::int64_t answered_proposal(const std::vector<Proposal>& proposals, const std::string& value) {
    if (proposals.empty()) {
        return 0;
    }
    const auto same =
        std::find_if(proposals.begin(), proposals.end(),
                     [&](const Proposal& proposal) { return proposal.value == value; });
    return same != proposals.end() ? same->id : proposals.front().id;
}

Result<std::string> accepted_value(const AnswerRequest& request,
                                   const std::vector<Proposal>& proposals,
                                   const std::string& where) {
    if (proposals.empty()) {
        return make_error(ErrorCode::kInvalidArgument,
                          "there is no proposal to accept (wardround assess propose computes "
                          "them)",
                          where);
    }
    if (!proposals_agree(proposals)) {
        return make_error(ErrorCode::kInvalidArgument,
                          fmt::format("the figures disagree ({}), so there is no one proposal to "
                                      "accept; answer with a value and --reason",
                                      describe_proposals(proposals)),
                          where);
    }
    const std::string& proposed = proposals.front().value;
    if (!request.value.empty() && request.value != proposed) {
        return make_error(ErrorCode::kInvalidArgument,
                          fmt::format("the proposal is {}, not {}", proposed, request.value),
                          where);
    }
    return proposed;
}

// The value to record, given the proposals: confirming takes or must equal their value, and a
// value differing from any of them overrides it only with a reason.
Result<std::string> value_against_proposal(const AnswerRequest& request,
                                           const std::vector<Proposal>& proposals,
                                           const std::string& where) {
    if (request.accept_proposal) {
        return accepted_value(request, proposals, where);
    }
    const bool differs =
        std::any_of(proposals.begin(), proposals.end(),
                    [&](const Proposal& proposal) { return proposal.value != request.value; });
    if (differs && request.reason.empty()) {
        return make_error(ErrorCode::kInvalidArgument,
                          fmt::format("auto-evidence proposes otherwise ({}); answering {} needs "
                                      "--reason",
                                      describe_proposals(proposals), request.value),
                          where);
    }
    return request.value;
}

struct CheckedAnswer {
    std::string value;
    std::int64_t proposal_id = 0;  // the newest proposal, confirmed or overridden; 0: none
};

// The value to record, in the item's vocabulary, with the proposal it answers.
Result<CheckedAnswer> checked_answer(store::Database& database,
                                     const OpenAssessment& open,
                                     const detail::ItemInfo& item,
                                     const AnswerRequest& request) {
    const std::string where = open.framework->qualified(item.id);
    auto proposals = newest_proposals(database, open.assessment.id, item.id);
    WARDROUND_TRY(proposals);
    auto value = value_against_proposal(request, *proposals, where);
    WARDROUND_TRY(value);
    const std::vector<std::string> allowed = detail::vocabulary(item);
    if (std::find(allowed.begin(), allowed.end(), *value) == allowed.end()) {
        return make_error(ErrorCode::kInvalidArgument,
                          fmt::format("'{}' is not an answer to {}: one of {}", *value, item.id,
                                      fmt::join(allowed, ", ")),
                          where);
    }
    if (*value == "not-applicable" && request.reason.empty()) {
        return make_error(ErrorCode::kInvalidArgument,
                          "not-applicable needs --reason: why it does not apply", where);
    }
    return CheckedAnswer{*value, answered_proposal(*proposals, *value)};
}

// Supersedes the current answer (kept as history) and inserts the new one, inside the caller's
// write to the draft.
Result<std::int64_t> insert_answer(store::Database& database,
                                   const Assessment& assessment,
                                   const AnswerRecord& answer) {
    const Value supersede[] = {Value{answer.answered_at}, Value{assessment.id},
                               Value{answer.item_id}};
    WARDROUND_TRY(
        database.execute("UPDATE assessment_answer SET superseded_at = ? "
                         "WHERE assessment_id = ? AND item_id = ? AND superseded_at IS NULL",
                         supersede));
    const Value insert[] = {Value{assessment.id},
                            Value{answer.item_id},
                            Value{answer.value},
                            store::text_or_null(answer.reason),
                            store::text_or_null(answer.comment),
                            Value{answer.answered_by},
                            Value{answer.answered_at},
                            answer.proposal_id != 0 ? Value{answer.proposal_id} : Value{}};
    auto id = database.query_value(
        "INSERT INTO assessment_answer (assessment_id, item_id, value, reason, comment, "
        "answered_by, answered_at, proposal_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        insert);
    WARDROUND_TRY(id);
    return std::get<std::int64_t>(**id);
}

// The item's answer now, as import_answers compares a row with it.
struct CurrentAnswer {
    std::string value;
    std::string reason;
    std::string comment;

    bool operator==(const CurrentAnswer&) const = default;
};

Result<std::map<std::string, CurrentAnswer>> current_answers(store::Database& database,
                                                             std::int64_t assessment_id) {
    const Value params[] = {Value{assessment_id}};
    std::map<std::string, CurrentAnswer> current;
    WARDROUND_TRY(database.query(
        "SELECT item_id, value, COALESCE(reason, ''), COALESCE(comment, '') FROM "
        "assessment_answer WHERE assessment_id = ? AND superseded_at IS NULL",
        params, [&current](const store::Row& row) -> Status {
            current[row.get_text(0)] = {row.get_text(1), row.get_text(2), row.get_text(3)};
            return {};
        }));
    return current;
}

// Answers one row of a file, or says why not with the row's place.
Status import_row(store::Database& database,
                  const OpenAssessment& open,
                  const AnswerFile& file,
                  const AnswerRow& row,
                  const std::map<std::string, CurrentAnswer>& current,
                  const std::string& answered_at,
                  const std::string& by,
                  AnswerImport& tally) {
    const auto at_row = [&](const Error& error) {
        return make_error(error.code, fmt::format("{}: {}", row.item, error.message),
                          fmt::format("{} line {}", file.name, row.line));
    };
    auto item = detail::resolve_item(*open.framework, row.item);
    if (!item) {
        return at_row(item.error());
    }
    const auto now = current.find(item->id);
    if (now != current.end() && now->second == CurrentAnswer{row.value, row.reason, row.comment}) {
        ++tally.unchanged;
        return {};
    }
    AnswerRequest request{item->id, row.value, row.reason, row.comment, by, false};
    auto checked = checked_answer(database, open, *item, request);
    if (!checked) {
        return at_row(checked.error());
    }
    const AnswerRecord record{0,           item->id,    checked->value,
                              row.reason,  row.comment, by,
                              answered_at, {},          checked->proposal_id};
    auto id = insert_answer(database, open.assessment, record);
    if (!id) {
        return at_row(id.error());
    }
    ++tally.answered;
    return {};
}

}  // namespace

Result<AnswerRecord> answer_item(store::Database& database,
                                 const AssessmentRef& ref,
                                 const AnswerRequest& request,
                                 Timestamp now) {
    WARDROUND_TRY(detail::require(request.by, "--by"));
    if (!request.accept_proposal) {
        WARDROUND_TRY(detail::require(request.value, "the value"));
    }
    auto open = detail::open_draft(database, ref);
    WARDROUND_TRY(open);
    auto item = detail::resolve_item(*open->framework, request.item_id);
    WARDROUND_TRY(item);
    auto checked = checked_answer(database, *open, *item, request);
    WARDROUND_TRY(checked);
    AnswerRecord record{0,
                        item->id,
                        checked->value,
                        request.reason,
                        request.comment,
                        request.by,
                        format_timestamp(now),
                        {},
                        checked->proposal_id};
    auto id = detail::write_in_draft(database, open->assessment, [&] {
        return insert_answer(database, open->assessment, record);
    });
    WARDROUND_TRY(id);
    record.id = *id;
    return record;
}

Result<AnswerImport> import_answers(store::Database& database,
                                    const AssessmentRef& ref,
                                    const AnswerFile& file,
                                    const std::string& by,
                                    Timestamp now) {
    WARDROUND_TRY(detail::require(by, "--by"));
    auto open = detail::open_draft(database, ref);
    WARDROUND_TRY(open);
    AnswerImport tally;
    tally.blank = file.blank;
    const std::string answered_at = format_timestamp(now);
    auto written = detail::write_in_draft(database, open->assessment, [&]() -> Status {
        // Read inside the write, so that the comparison is with the answers the rows supersede.
        auto current = current_answers(database, open->assessment.id);
        WARDROUND_TRY(current);
        for (const AnswerRow& row : file.rows) {
            WARDROUND_TRY(import_row(database, *open, file, row, *current, answered_at, by, tally));
        }
        return {};
    });
    WARDROUND_TRY(written);
    return tally;
}

Result<std::vector<AnswerRecord>> answer_history(store::Database& database,
                                                 const AssessmentRef& ref,
                                                 const std::string& item_id,
                                                 std::optional<int> revision) {
    auto open = detail::open_assessment(database, ref, revision);
    WARDROUND_TRY(open);
    auto item = detail::resolve_item(*open->framework, item_id);
    WARDROUND_TRY(item);
    const Value params[] = {Value{open->assessment.id}, Value{item->id}};
    std::vector<AnswerRecord> history;
    WARDROUND_TRY(database.query(
        "SELECT id, item_id, value, reason, comment, answered_by, answered_at, superseded_at, "
        "proposal_id FROM assessment_answer WHERE assessment_id = ? AND item_id = ? ORDER BY id",
        params, [&history](const store::Row& row) -> Status {
            history.push_back(AnswerRecord{row.get_int(0), row.get_text(1), row.get_text(2),
                                           row.get_text(3), row.get_text(4), row.get_text(5),
                                           row.get_text(6), row.get_text(7), row.get_int(8)});
            return {};
        }));
    return history;
}

}  // namespace wardround::assess

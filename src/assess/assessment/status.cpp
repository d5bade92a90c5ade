// SPDX-License-Identifier: Apache-2.0
// An assessment's status: per outcome, standard or control, its answers, the status the rules
// give (assessment_rules.h: the CAF rule, the profile comparison and the classic DSPT status with
// the certifications that count), the owner, and whether the evidence behind each answer is still
// current.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include <wardround/assess/assessment.h>
#include <wardround/assess/assessment_rules.h>
#include <wardround/assess/profile.h>

#include "assess/assessment/assessment_internal.h"

namespace wardround::assess {
namespace {

using store::Value;

// What the status reads from the database, once.
struct Facts {
    std::map<std::string, std::pair<std::string, std::string>> answers;      // item -> value, by
    std::map<std::string, std::string> owners;                               // node -> owner
    std::map<std::string, std::vector<std::pair<std::string, bool>>> links;  // item -> key, expired
    std::set<std::string> planned;  // items an open plan item addresses
    std::size_t evidence_expired = 0;
    std::size_t plan_open = 0;
    std::size_t plan_overdue = 0;
};

Status read_answers_and_owners(store::Database& database, std::int64_t id, Facts& facts) {
    const Value params[] = {Value{id}};
    WARDROUND_TRY(database.query(
        "SELECT item_id, value, answered_by FROM assessment_answer WHERE assessment_id = ? AND "
        "superseded_at IS NULL",
        params, [&facts](const store::Row& row) -> Status {
            facts.answers[row.get_text(0)] = {row.get_text(1), row.get_text(2)};
            return {};
        }));
    return database.query("SELECT node_id, owner FROM assessment_owner WHERE assessment_id = ?",
                          params, [&facts](const store::Row& row) -> Status {
                              facts.owners[row.get_text(0)] = row.get_text(1);
                              return {};
                          });
}

// Links judged on the revision of each piece of evidence the assessment reads, and the plan's
// open items.
Status read_links_and_plan(store::Database& database,
                           const Assessment& assessment,
                           Timestamp now,
                           Facts& facts) {
    const std::string today = format_date(date_of(now));
    auto revision = detail::evidence_revision_read_by(assessment);
    WARDROUND_TRY(revision);
    const Value link_params[] = {Value{assessment.org_id}, Value{assessment.id}};
    std::set<std::string> expired_keys;
    WARDROUND_TRY(database.query(
        fmt::format("SELECT l.item_id, l.evidence_key, e.expires_on FROM evidence_link l JOIN "
                    "evidence e ON e.org_id = ? AND e.evidence_key = l.evidence_key AND {} WHERE "
                    "l.assessment_id = ? ORDER BY l.item_id, l.evidence_key",
                    *revision),
        link_params, [&](const store::Row& row) -> Status {
            const bool expired = detail::expired_on(row.get_text(2), now);
            if (expired) {
                expired_keys.insert(row.get_text(1));
            }
            facts.links[row.get_text(0)].emplace_back(row.get_text(1), expired);
            return {};
        }));
    facts.evidence_expired = expired_keys.size();
    const Value plan_params[] = {Value{assessment.id}};
    return database.query(
        "SELECT p.number, p.due_on, t.item_id FROM plan_item p JOIN plan_item_target t ON "
        "t.plan_item_id = p.id WHERE p.assessment_id = ? AND p.status = 'open' ORDER BY p.number",
        plan_params, [&, seen = std::set<std::int64_t>()](const store::Row& row) mutable -> Status {
            facts.planned.insert(row.get_text(2));
            if (seen.insert(row.get_int(0)).second) {
                ++facts.plan_open;
                facts.plan_overdue += row.get_text(1) < today ? 1 : 0;
            }
            return {};
        });
}

// The node an item is shown under: its outcome (outcomes), its standard (standards), or the
// control or category holding the requirement (controls).
std::size_t group_of(const Framework& framework, const AnsweredItem& item) {
    std::size_t at = item.node;
    if (framework.kind == FrameworkKind::kOutcomes) {
        return at;
    }
    if (framework.kind == FrameworkKind::kStandards) {
        while (framework.nodes[at].parent != kNoParent) {
            at = framework.nodes[at].parent;
        }
        return at;
    }
    return framework.nodes[at].parent == kNoParent ? at : framework.nodes[at].parent;
}

std::string owner_of(const Framework& framework, std::size_t index, const Facts& facts) {
    for (std::size_t at = index; at != kNoParent; at = framework.nodes[at].parent) {
        const auto found = facts.owners.find(framework.nodes[at].id);
        if (found != facts.owners.end()) {
            return found->second;
        }
    }
    return {};
}

ItemStatus item_status(const std::string& id, const Facts& facts) {
    ItemStatus item;
    item.id = id;
    const auto answer = facts.answers.find(id);
    if (answer != facts.answers.end()) {
        item.value = answer->second.first;
        item.answered_by = answer->second.second;
    }
    const auto links = facts.links.find(id);
    if (links == facts.links.end()) {
        return item;
    }
    bool any_current = false;
    for (const auto& [key, expired] : links->second) {
        item.evidence.push_back(expired ? key + " (expired)" : key);
        any_current = any_current || !expired;
    }
    item.support = any_current ? "supported" : "unsupported";
    return item;
}

// Standards and controls: met when every item is met (or not applicable where allowed), not met
// when any is not met, else incomplete.
void leaf_group_status(NodeStatus& node) {
    const auto has = [&](const char* value) {
        return std::any_of(node.items.begin(), node.items.end(),
                           [&](const ItemStatus& item) { return item.value == value; });
    };
    if (has("not-met")) {
        node.status = "not-met";
        node.complete = true;
        node.reason = "an item is not met";
    } else if (node.answered == node.items.size()) {
        node.status = "met";
        node.complete = true;
        node.reason = "every item is met or not applicable";
    } else {
        node.status = "incomplete";
        node.reason = fmt::format("{} of {} items unanswered", node.items.size() - node.answered,
                                  node.items.size());
    }
}

IndicatorAnswer indicator_answer(const std::string& value) {
    return parse_indicator_answer(value).value_or(IndicatorAnswer::kUnanswered);
}

void outcome_group_status(const Node& outcome, const Facts& facts, NodeStatus& node) {
    OutcomeResult result;
    if (outcome.indicators.empty()) {
        const auto answer = facts.answers.find(outcome.id);
        result = outcome_status_direct(
            answer == facts.answers.end() ? std::nullopt : parse_achievement(answer->second.first));
    } else {
        result = outcome_status(outcome, [&](const Indicator& indicator) {
            const auto answer = facts.answers.find(indicator.id);
            return answer == facts.answers.end() ? IndicatorAnswer::kUnanswered
                                                 : indicator_answer(answer->second.first);
        });
    }
    node.status = std::string(achievement_name(result.achievement));
    node.complete = result.complete;
    node.reason = result.reason;
}

// A profile of the assessment's framework, or of a framework it inherits outcomes from, judges
// only the outcomes defined there (Profile::expected_for): the others show no expectation.
void compare_with_profile(const Profile* profile,
                          const Framework& framework,
                          const Node& outcome,
                          NodeStatus& node) {
    if (profile == nullptr) {
        return;
    }
    const std::optional<Achievement> expected = profile->expected_for(framework, outcome);
    const std::optional<Achievement> actual = parse_achievement(node.status);
    node.expected = expected ? std::string(achievement_name(*expected)) : std::string();
    node.standing = std::string(profile_standing_name(
        compare(actual.value_or(Achievement::kNotAchieved), expected).standing));
}

// The assessment's profile from the library, imported ones over the built-in ones.
Result<std::optional<Profile>> load_profile(const FrameworkLibrary& library,
                                            const std::string& id) {
    if (id.empty()) {
        return std::optional<Profile>{};
    }
    auto profiles = library.profiles();
    WARDROUND_TRY(profiles);
    for (LibraryProfile& entry : *profiles) {
        if (entry.id != id) {
            continue;
        }
        if (!entry.load.profile) {
            return make_error(ErrorCode::kFailedPrecondition,
                              "the assessment's profile " + id +
                                  " cannot be used here: " + entry.load.unavailable_reason,
                              "profile " + id);
        }
        return std::optional<Profile>{std::move(*entry.load.profile)};
    }
    return make_error(ErrorCode::kNotFound, "the assessment's profile " + id + " is not known",
                      "profile " + id);
}

// Only certifications whose evidence is current lift Met to Exceeded: one whose certificate has
// expired says nothing about the organisation today.
std::vector<Certification> counting_certifications(const AssessmentStatus& status) {
    std::vector<Certification> counting;
    for (const CertificationDeclaration& declared : status.certifications) {
        const std::optional<Certification> certification =
            parse_certification(declared.certification);
        if (declared.counts && certification) {
            counting.push_back(*certification);
        }
    }
    return counting;
}

void judge_dspt(const Framework& framework, const Facts& facts, AssessmentStatus& status) {
    if (status.assessment.category.empty()) {
        status.dspt_reason = "no organisation category was given, so no item is mandatory";
        return;
    }
    DsptInputs inputs;
    inputs.framework = &framework;
    inputs.category = status.assessment.category;
    inputs.period = status.assessment.period;
    inputs.answer = [&facts](const Node& node) {
        const auto answer = facts.answers.find(node.id);
        return answer == facts.answers.end() ? EvidenceAnswer::kUnanswered
                                             : parse_evidence_answer(answer->second.first)
                                                   .value_or(EvidenceAnswer::kUnanswered);
    };
    inputs.in_improvement_plan = [&facts](const Node& node) {
        return facts.planned.count(node.id) > 0;
    };
    inputs.certifications = counting_certifications(status);
    auto result = dspt_status(inputs);
    if (!result) {
        status.dspt_reason = result.error().message;
        return;
    }
    status.dspt_status = std::string(dspt_status_name(result->status));
    status.dspt_reason = result->reason;
}

void add_counts(const NodeStatus& node, AssessmentStatus& status) {
    status.items += node.items.size();
    status.answered += node.answered;
    status.unsupported += node.unsupported;
    ++status.by_status[node.status];
    for (const ItemStatus& item : node.items) {
        status.required += item.required ? 1 : 0;
        status.required_answered += item.required && !item.value.empty() ? 1 : 0;
    }
}

std::vector<NodeStatus> group_items(const Framework& framework,
                                    const Facts& facts,
                                    const std::set<std::string>& required) {
    std::vector<NodeStatus> nodes;
    std::map<std::size_t, std::size_t> position;  // node index -> nodes[]
    for (const AnsweredItem& answered : framework.answered_items()) {
        const std::size_t group = group_of(framework, answered);
        auto [at, added] = position.emplace(group, nodes.size());
        if (added) {
            const Node& node = framework.nodes[group];
            NodeStatus status;
            status.id = node.id;
            status.type = std::string(node_type_name(node.type));
            status.title = node.title;
            status.owner = owner_of(framework, group, facts);
            nodes.push_back(std::move(status));
        }
        const std::string id = answered.indicator != nullptr ? answered.indicator->id
                                                             : framework.nodes[answered.node].id;
        ItemStatus item = item_status(id, facts);
        item.required = required.count(id) > 0;
        NodeStatus& node = nodes[at->second];
        node.answered += item.value.empty() ? 0 : 1;
        node.unsupported += item.support == "unsupported" ? 1 : 0;
        node.items.push_back(std::move(item));
    }
    return nodes;
}

}  // namespace

Result<AssessmentStatus> assessment_status(store::Database& database,
                                           const AssessmentRef& ref,
                                           Timestamp now,
                                           std::optional<int> revision) {
    auto open = detail::open_assessment(database, ref, revision);
    WARDROUND_TRY(open);
    Facts facts;
    WARDROUND_TRY(read_answers_and_owners(database, open->assessment.id, facts));
    WARDROUND_TRY(read_links_and_plan(database, open->assessment, now, facts));
    auto profile = load_profile(open->library, open->assessment.profile);
    WARDROUND_TRY(profile);
    auto certifications = detail::read_certifications(database, open->assessment, now);
    WARDROUND_TRY(certifications);

    const Framework& framework = *open->framework;
    AssessmentStatus status;
    status.assessment = open->assessment;
    status.kind = std::string(framework_kind_name(framework.kind));
    const std::vector<std::string> required = detail::items_required(framework, open->assessment);
    status.nodes = group_items(framework, facts, {required.begin(), required.end()});
    for (NodeStatus& node : status.nodes) {
        if (framework.kind == FrameworkKind::kOutcomes) {
            const Node& outcome = *framework.find(node.id);
            outcome_group_status(outcome, facts, node);
            compare_with_profile(*profile ? &**profile : nullptr, framework, outcome, node);
        } else {
            leaf_group_status(node);
        }
        add_counts(node, status);
    }
    status.evidence_expired = facts.evidence_expired;
    status.plan_open = facts.plan_open;
    status.plan_overdue = facts.plan_overdue;
    status.certifications = std::move(*certifications);
    if (framework.kind == FrameworkKind::kStandards) {
        judge_dspt(framework, facts, status);
    }
    return status;
}

}  // namespace wardround::assess

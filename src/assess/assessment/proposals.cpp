// SPDX-License-Identifier: Apache-2.0
// Proposals: what auto-evidence suggests for the items of one assessment, kept with its history
// in evidence_proposal so that an answer confirming or overriding one can always show the figure
// behind it. Nothing here answers anything; a person confirms with `assess answer`.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <wardround/assess/assessment.h>
#include <wardround/assess/auto_evidence.h>

#include "assess/assessment/assessment_internal.h"

namespace wardround::assess {
namespace {

using store::Value;

std::string figure_value_text(const EvidenceFigure& figure) {
    if (figure.unit == "share") {
        return fmt::format("{:.3f} ({} of {})", figure.value, figure.numerator, figure.denominator);
    }
    return fmt::format("{:g}{}", figure.value, figure.unit == "days" ? " days" : "");
}

FigureProposal figure_proposal(const EvidenceFigure& figure, const InformedItem& informed) {
    FigureProposal proposal;
    proposal.figure_id = figure.id;
    proposal.title = figure.title;
    proposal.value = figure.determinable ? figure_value_text(figure) : std::string();
    proposal.detail = figure.detail;
    proposal.as_of = figure.as_of;
    proposal.proposed = figure.determinable ? informed.proposed : std::string();
    proposal.reason = informed.reason;
    proposal.determinable = figure.determinable && !informed.proposed.empty();
    return proposal;
}

// The figures' word on each item of `framework`, by item id. An item the framework does not
// answer, or a value outside its vocabulary, is a fault in the mapping file: the figure is kept
// with the reason and proposes nothing, rather than the run failing for every other item.
std::map<std::string, ItemProposal> proposals_for(const Framework& framework,
                                                  const std::vector<EvidenceFigure>& figures) {
    std::map<std::string, ItemProposal> items;
    const std::string framework_id = framework.qualified_id();
    for (const EvidenceFigure& figure : figures) {
        for (const InformedItem& informed : figure.informs) {
            auto qualified = parse_qualified_id(informed.qualified_id);
            if (!qualified || qualified->framework != framework_id) {
                continue;
            }
            FigureProposal proposal = figure_proposal(figure, informed);
            auto item = detail::resolve_item(framework, qualified->node);
            if (!item) {
                proposal.determinable = false;
                proposal.proposed.clear();
                proposal.reason = item.error().message;
            } else if (const auto allowed = detail::vocabulary(*item);
                       proposal.determinable && std::find(allowed.begin(), allowed.end(),
                                                          proposal.proposed) == allowed.end()) {
                proposal.determinable = false;
                proposal.reason =
                    fmt::format("'{}' is not an answer to {}", proposal.proposed, qualified->node);
                proposal.proposed.clear();
            }
            ItemProposal& entry = items[qualified->node];
            entry.item_id = qualified->node;
            entry.figures.push_back(std::move(proposal));
        }
    }
    return items;
}

// The item's proposal: what the determinable figures agree on, or why there is none.
void settle(ItemProposal& item) {
    std::vector<std::string> proposed;
    std::vector<std::string> disagreeing;
    for (const FigureProposal& figure : item.figures) {
        if (figure.determinable) {
            proposed.push_back(figure.proposed);
            disagreeing.push_back(fmt::format("{} proposes {}", figure.figure_id, figure.proposed));
        }
    }
    if (proposed.empty()) {
        item.why_none = "no figure informing it is determinable";
    } else if (std::all_of(proposed.begin(), proposed.end(),
                           [&](const std::string& value) { return value == proposed.front(); })) {
        item.proposed = proposed.front();
    } else {
        item.why_none = fmt::format("the figures disagree: {}", fmt::join(disagreeing, ", "));
    }
    if (item.proposed.empty()) {
        item.standing = "no-proposal";
    } else if (item.current.empty()) {
        item.standing = "unanswered";
    } else {
        item.standing = item.current == item.proposed ? "agrees" : "differs";
    }
}

Result<std::map<std::string, std::string>> current_answers(store::Database& database,
                                                           std::int64_t assessment_id) {
    std::map<std::string, std::string> answers;
    const Value params[] = {Value{assessment_id}};
    WARDROUND_TRY(
        database.query("SELECT item_id, value FROM assessment_answer WHERE assessment_id = ? AND "
                       "superseded_at IS NULL",
                       params, [&answers](const store::Row& row) -> Status {
                           answers[row.get_text(0)] = row.get_text(1);
                           return {};
                       }));
    return answers;
}

// Adds one row per item and determinable figure. The figure's own date is kept as `as_of`; a
// figure with none (never the case for a determinable one today) is dated by the run.
Result<std::size_t> store_proposals(store::Database& database,
                                    const Assessment& assessment,
                                    const std::vector<ItemProposal>& items,
                                    const std::string& computed_at) {
    auto transaction = store::Transaction::begin(database);
    WARDROUND_TRY(transaction);
    WARDROUND_TRY(detail::lock_draft(database, assessment));
    std::size_t stored = 0;
    for (const ItemProposal& item : items) {
        for (const FigureProposal& figure : item.figures) {
            if (!figure.determinable) {
                continue;
            }
            const Value row[] = {Value{assessment.id},
                                 Value{item.item_id},
                                 Value{figure.proposed},
                                 Value{figure.figure_id},
                                 store::text_or_null(figure.value),
                                 store::text_or_null(figure.detail),
                                 Value{figure.as_of.empty() ? computed_at : figure.as_of},
                                 Value{computed_at}};
            WARDROUND_TRY(database.execute(
                "INSERT INTO evidence_proposal (assessment_id, item_id, proposed_value, figure_id, "
                "figure_value, figure_detail, as_of, computed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                row));
            ++stored;
        }
    }
    WARDROUND_TRY(transaction->commit());
    return stored;
}

}  // namespace

Result<ProposalRun> propose_answers(store::Database& database,
                                    const AssessmentRef& ref,
                                    Timestamp now) {
    auto open = detail::open_draft(database, ref);
    WARDROUND_TRY(open);
    auto figures = compute_auto_evidence(database, ref.org_code, now);
    WARDROUND_TRY(figures);
    auto answers = current_answers(database, open->assessment.id);
    WARDROUND_TRY(answers);

    ProposalRun run;
    run.assessment = open->assessment;
    run.computed_at = format_timestamp(now);
    for (auto& [id, item] : proposals_for(*open->framework, *figures)) {
        const auto answer = answers->find(id);
        item.current = answer != answers->end() ? answer->second : std::string();
        settle(item);
        run.items.push_back(std::move(item));
    }
    auto stored = store_proposals(database, open->assessment, run.items, run.computed_at);
    WARDROUND_TRY(stored);
    run.stored = *stored;
    return run;
}

}  // namespace wardround::assess

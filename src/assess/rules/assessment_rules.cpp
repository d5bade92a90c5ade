// SPDX-License-Identifier: Apache-2.0
// The CAF outcome rule, profile comparison and the classic DSPT status. The rules are in
// docs/profiles-and-crosswalks.md; this file adds only how unanswered items are treated.
#include <algorithm>
#include <array>
#include <cctype>

#include <fmt/format.h>

#include <wardround/assess/assessment_rules.h>

namespace wardround::assess {
namespace {

constexpr std::array<std::string_view, 3> kAchievementNames = {"not-achieved", "partially-achieved",
                                                               "achieved"};
constexpr std::array<std::string_view, 4> kIndicatorAnswerNames = {"unanswered", "true", "false",
                                                                   "not-applicable"};
constexpr std::array<std::string_view, 3> kStandingNames = {"meets", "below", "no-expectation"};
constexpr std::array<std::string_view, 4> kDsptStatusNames = {
    "Standards Exceeded", "Standards Met", "Approaching Standards", "Standards Not Met"};
constexpr std::array<std::string_view, 4> kEvidenceAnswerNames = {"unanswered", "met", "not-met",
                                                                  "not-applicable"};
constexpr std::array<std::string_view, 2> kCertificationNames = {"cyber-essentials-plus",
                                                                 "iso-27001"};
constexpr std::array<std::string_view, 2> kCertificationTitles = {"Cyber Essentials Plus",
                                                                  "ISO/IEC 27001"};

template <typename Enum, std::size_t N>
std::optional<Enum> find_name(const std::array<std::string_view, N>& names, std::string_view text) {
    const auto* found = std::find(names.begin(), names.end(), text);
    if (found == names.end()) {
        return std::nullopt;
    }
    return static_cast<Enum>(found - names.begin());
}

template <std::size_t N, typename Enum>
std::string_view name_of(const std::array<std::string_view, N>& names, Enum value) {
    return names.at(static_cast<std::size_t>(value));
}

std::string plural(std::size_t count, std::string_view noun) {
    return fmt::format("{} {}{}", count, noun, count == 1 ? "" : "s");
}

// "B4.d.A.1", "B4.d.A.1 and B4.d.A.2", "B4.d.A.1, B4.d.A.2 and B4.d.A.3".
std::string join_ids(const std::vector<std::string>& ids) {
    if (ids.size() <= 1) {
        return ids.empty() ? std::string() : ids.front();
    }
    const std::vector<std::string> head(ids.begin(), ids.end() - 1);
    return fmt::format("{} and {}", fmt::join(head, ", "), ids.back());
}

// One column of an outcome's indicators as answered.
struct ColumnAnswers {
    std::vector<std::string> held;            // true, or (Achieved, Partially) not applicable
    std::vector<std::string> failed;          // false, or (Not achieved) true
    std::vector<std::string> not_applicable;  // answered not applicable
    std::vector<std::string> unanswered;
    std::size_t size = 0;
};

// The answers of one column. For the Not-achieved column, `failed` holds the indicators that are
// true: a true Not-achieved indicator is the failure there, and N/A means it does not apply.
ColumnAnswers read_column(const Node& outcome,
                          IndicatorColumn column,
                          const IndicatorAnswers& answer) {
    ColumnAnswers out;
    const bool negative = column == IndicatorColumn::kNotAchieved;
    for (const Indicator& indicator : outcome.indicators) {
        if (indicator.column != column) {
            continue;
        }
        ++out.size;
        switch (answer(indicator)) {
            case IndicatorAnswer::kUnanswered:
                out.unanswered.push_back(indicator.id);
                break;
            case IndicatorAnswer::kTrue:
                (negative ? out.failed : out.held).push_back(indicator.id);
                break;
            case IndicatorAnswer::kFalse:
                (negative ? out.held : out.failed).push_back(indicator.id);
                break;
            case IndicatorAnswer::kNotApplicable:
                out.not_applicable.push_back(indicator.id);
                if (!negative) {
                    out.held.push_back(indicator.id);
                }
                break;
        }
    }
    return out;
}

// The rule with each column reduced to "every indicator holds" (Achieved, Partially achieved) or
// "some indicator holds" (Not achieved).
Achievement rule(bool achieved_all_hold,
                 bool partially_all_hold,
                 bool has_partially_column,
                 bool not_achieved_any_holds) {
    if (not_achieved_any_holds) {
        return Achievement::kNotAchieved;
    }
    if (achieved_all_hold) {
        return Achievement::kAchieved;
    }
    if (has_partially_column && partially_all_hold) {
        return Achievement::kPartiallyAchieved;
    }
    return Achievement::kNotAchieved;
}

std::string complete_reason(Achievement level,
                            const ColumnAnswers& achieved,
                            const ColumnAnswers& partially,
                            bool has_partially_column) {
    const auto what_failed = [](const ColumnAnswers& column, std::string_view name) {
        return fmt::format("{} indicator{} {} {} not hold", name,
                           column.failed.size() == 1 ? "" : "s", join_ids(column.failed),
                           column.failed.size() == 1 ? "does" : "do");
    };
    switch (level) {
        case Achievement::kAchieved:
            return "every Achieved indicator holds";
        case Achievement::kPartiallyAchieved:
            return "every Partially achieved indicator holds; " + what_failed(achieved, "Achieved");
        case Achievement::kNotAchieved:
            break;
    }
    if (!has_partially_column) {
        return what_failed(achieved, "Achieved") +
               ", and the outcome has no Partially achieved column";
    }
    return what_failed(achieved, "Achieved") + "; " + what_failed(partially, "Partially achieved");
}

}  // namespace

std::string_view achievement_name(Achievement achievement) {
    return name_of(kAchievementNames, achievement);
}

std::optional<Achievement> parse_achievement(std::string_view text) {
    return find_name<Achievement>(kAchievementNames, text);
}

std::string_view indicator_answer_name(IndicatorAnswer answer) {
    return name_of(kIndicatorAnswerNames, answer);
}

std::optional<IndicatorAnswer> parse_indicator_answer(std::string_view text) {
    return find_name<IndicatorAnswer>(kIndicatorAnswerNames, text);
}

OutcomeResult outcome_status(const Node& outcome, const IndicatorAnswers& answer) {
    OutcomeResult result;
    if (outcome.indicators.empty()) {
        result.reason =
            "the outcome has no indicators: it is answered with a level, not by the rule";
        return result;
    }
    const ColumnAnswers achieved = read_column(outcome, IndicatorColumn::kAchieved, answer);
    const ColumnAnswers partially =
        read_column(outcome, IndicatorColumn::kPartiallyAchieved, answer);
    const ColumnAnswers not_achieved = read_column(outcome, IndicatorColumn::kNotAchieved, answer);
    // An outcome with the column but no indicators in it would be Partially achieved by default;
    // the data never has one, and treating it as having no column is the cautious reading.
    const bool has_partially_column = outcome.partially_achieved && partially.size > 0;

    // Every unanswered indicator is either way; the level is decided when the worst and the best
    // answers to them give the same one. The rule is monotone in each answer, so these two
    // bound every other choice.
    const bool achieved_open = !achieved.failed.empty() || !achieved.unanswered.empty();
    const bool partially_open = !partially.failed.empty() || !partially.unanswered.empty();
    result.achievement = rule(!achieved_open, !partially_open, has_partially_column,
                              !not_achieved.failed.empty() || !not_achieved.unanswered.empty());
    result.at_best = rule(achieved.failed.empty(), partially.failed.empty(), has_partially_column,
                          !not_achieved.failed.empty());
    result.complete = result.achievement == result.at_best;

    // Indicators are stored column by column in this order, so this is document order.
    for (const ColumnAnswers* column : {&achieved, &partially, &not_achieved}) {
        result.unanswered.insert(result.unanswered.end(), column->unanswered.begin(),
                                 column->unanswered.end());
    }
    result.counted_as_holding = achieved.not_applicable;
    result.counted_as_holding.insert(result.counted_as_holding.end(),
                                     partially.not_applicable.begin(),
                                     partially.not_applicable.end());

    if (!not_achieved.failed.empty()) {
        const bool one = not_achieved.failed.size() == 1;
        result.reason = fmt::format("Not-achieved indicator{} {} hold{}", one ? "" : "s",
                                    join_ids(not_achieved.failed), one ? "s" : "");
    } else if (!result.complete) {
        result.reason = plural(result.unanswered.size(), "indicator") + " unanswered";
        if (result.achievement == Achievement::kPartiallyAchieved) {
            result.reason += "; at least partially achieved";
        }
    } else {
        result.reason =
            complete_reason(result.achievement, achieved, partially, has_partially_column);
    }
    if (!result.counted_as_holding.empty() && result.achievement != Achievement::kNotAchieved) {
        result.reason += fmt::format(" ({} not applicable, counted as holding)",
                                     join_ids(result.counted_as_holding));
    }
    return result;
}

OutcomeResult outcome_status_direct(std::optional<Achievement> level) {
    OutcomeResult result;
    if (!level) {
        result.reason = "not yet answered";
        return result;
    }
    result.achievement = *level;
    result.at_best = *level;
    result.complete = true;
    result.reason = fmt::format("answered {} directly", achievement_name(*level));
    return result;
}

std::string_view profile_standing_name(ProfileStanding standing) {
    return name_of(kStandingNames, standing);
}

ProfileGap compare(Achievement actual, std::optional<Achievement> expected) {
    if (!expected) {
        return {ProfileStanding::kNoExpectation, 0};
    }
    const int gap = static_cast<int>(*expected) - static_cast<int>(actual);
    if (gap <= 0) {
        return {ProfileStanding::kMeets, 0};
    }
    return {ProfileStanding::kBelow, gap};
}

// ---------------------------------------------------------------------------------------------
// Classic DSPT

std::string_view dspt_status_name(DsptStatus status) {
    return name_of(kDsptStatusNames, status);
}

std::optional<DsptStatus> parse_dspt_status(std::string_view text) {
    // "22/23 Standards Met": the toolkit prefixes the status with the year it was published for.
    const auto digit = [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) != 0;
    };
    if (text.size() > 6 && digit(text[0]) && digit(text[1]) && text[2] == '/' && digit(text[3]) &&
        digit(text[4]) && text[5] == ' ') {
        text.remove_prefix(6);
    }
    return find_name<DsptStatus>(kDsptStatusNames, text);
}

std::string_view evidence_answer_name(EvidenceAnswer answer) {
    return name_of(kEvidenceAnswerNames, answer);
}

std::optional<EvidenceAnswer> parse_evidence_answer(std::string_view text) {
    return find_name<EvidenceAnswer>(kEvidenceAnswerNames, text);
}

std::string_view certification_name(Certification certification) {
    return name_of(kCertificationNames, certification);
}

std::optional<Certification> parse_certification(std::string_view text) {
    return find_name<Certification>(kCertificationNames, text);
}

namespace {

bool flag_applies(const MandatoryFlag& flag, std::string_view category, std::string_view period) {
    const bool in_category = std::find(flag.categories.begin(), flag.categories.end(), category) !=
                             flag.categories.end();
    const bool in_period =
        flag.periods.empty() ||
        std::find(flag.periods.begin(), flag.periods.end(), period) != flag.periods.end();
    return in_category && in_period;
}

bool mandatory_here(const Framework& framework,
                    std::size_t index,
                    std::string_view category,
                    std::string_view period) {
    for (std::size_t at = index; at != kNoParent; at = framework.nodes[at].parent) {
        const auto& flags = framework.nodes[at].mandatory;
        if (std::any_of(flags.begin(), flags.end(), [&](const MandatoryFlag& flag) {
                return flag_applies(flag, category, period);
            })) {
            return true;
        }
    }
    return false;
}

std::string dspt_reason(const DsptResult& result, const std::vector<Certification>& certified) {
    const std::size_t total = result.mandatory.size();
    if (result.unmet.empty()) {
        std::string reason = fmt::format("all {} met", plural(total, "mandatory evidence item"));
        if (!certified.empty()) {
            std::vector<std::string_view> titles;
            titles.reserve(certified.size());
            for (const Certification certification : certified) {
                titles.push_back(name_of(kCertificationTitles, certification));
            }
            reason += fmt::format(", and {} declared", fmt::join(titles, " and "));
        }
        return reason;
    }
    std::string reason = fmt::format("{} of {} unmet", result.unmet.size(),
                                     plural(total, "mandatory evidence item"));
    if (!result.unanswered.empty()) {
        reason += fmt::format(" ({} unanswered)", result.unanswered.size());
    }
    if (result.without_plan.empty()) {
        return reason + ", each covered by an improvement plan";
    }
    return reason + fmt::format(", {} with no improvement plan ({})", result.without_plan.size(),
                                join_ids(result.without_plan));
}

}  // namespace

std::vector<std::size_t> mandatory_evidence_items(const Framework& framework,
                                                  std::string_view category,
                                                  std::string_view period) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < framework.nodes.size(); ++i) {
        if (framework.nodes[i].type == NodeType::kEvidenceItem &&
            mandatory_here(framework, i, category, period)) {
            out.push_back(i);
        }
    }
    return out;
}

namespace {

// The items the status is judged on: every evidence item when the caller says so, else those the
// flags make mandatory. Errors as dspt_status.
Result<std::vector<std::size_t>> judged_items(const DsptInputs& inputs) {
    const Framework* framework = inputs.framework;
    if (framework == nullptr || framework->kind != FrameworkKind::kStandards) {
        return make_error(ErrorCode::kInvalidArgument,
                          "the classic DSPT status is for a framework of kind standards");
    }
    const bool declared =
        std::any_of(framework->categories.begin(), framework->categories.end(),
                    [&](const OrganisationCategory& known) { return known.id == inputs.category; });
    if (!declared && !inputs.every_item_mandatory) {
        return make_error(ErrorCode::kInvalidArgument,
                          fmt::format("{} declares no organisation category '{}'",
                                      framework->qualified_id(), inputs.category));
    }
    std::vector<std::size_t> items;
    if (inputs.every_item_mandatory) {
        for (std::size_t i = 0; i < framework->nodes.size(); ++i) {
            if (framework->nodes[i].type == NodeType::kEvidenceItem) {
                items.push_back(i);
            }
        }
    } else {
        items = mandatory_evidence_items(*framework, inputs.category, inputs.period);
    }
    if (items.empty()) {
        return make_error(ErrorCode::kFailedPrecondition,
                          fmt::format("{} makes no evidence item mandatory for {} in {}: there is "
                                      "nothing to judge the status on (import the year's items "
                                      "with their mandatory flags)",
                                      framework->qualified_id(), inputs.category, inputs.period));
    }
    return items;
}

// One mandatory item's answer into the result's lists.
void judge_item(const Node& item, const DsptInputs& inputs, DsptResult& result) {
    result.mandatory.push_back(item.id);
    const EvidenceAnswer answer = inputs.answer ? inputs.answer(item) : EvidenceAnswer{};
    if (answer == EvidenceAnswer::kMet) {
        return;
    }
    // N/A where the item does not allow it is not a way out of an item: it stays unmet.
    if (answer == EvidenceAnswer::kNotApplicable && item.not_applicable) {
        result.not_applicable.push_back(item.id);
        return;
    }
    result.unmet.push_back(item.id);
    if (answer == EvidenceAnswer::kUnanswered) {
        result.unanswered.push_back(item.id);
    }
    if (!inputs.in_improvement_plan || !inputs.in_improvement_plan(item)) {
        result.without_plan.push_back(item.id);
    }
}

}  // namespace

Result<DsptResult> dspt_status(const DsptInputs& inputs) {
    auto items = judged_items(inputs);
    WARDROUND_TRY(items);
    DsptResult result;
    for (const std::size_t index : *items) {
        judge_item(inputs.framework->nodes[index], inputs, result);
    }
    if (result.unmet.empty()) {
        result.status = inputs.certifications.empty() ? DsptStatus::kStandardsMet
                                                      : DsptStatus::kStandardsExceeded;
    } else {
        result.status = result.without_plan.empty() ? DsptStatus::kApproachingStandards
                                                    : DsptStatus::kStandardsNotMet;
    }
    result.reason = dspt_reason(result, inputs.certifications);
    return result;
}

}  // namespace wardround::assess

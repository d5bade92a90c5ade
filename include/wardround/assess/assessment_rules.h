// SPDX-License-Identifier: Apache-2.0
// The rules that turn answers into statuses, with no database: the CAF outcome rule (indicators of
// good practice to Achieved, Partially achieved or Not achieved), the comparison of an outcome's
// level with a profile's expectation, and the classic DSPT status of an organisation (Standards
// Exceeded, Met, Approaching, Not Met). docs/profiles-and-crosswalks.md states the rules as
// implemented, including every decision the sources leave open.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <wardround/assess/framework.h>
#include <wardround/core/result.h>

namespace wardround::assess {

// ---------------------------------------------------------------------------------------------
// CAF outcomes

// The three levels of a CAF outcome, ordered: a higher value is a higher level.
enum class Achievement : std::uint8_t { kNotAchieved, kPartiallyAchieved, kAchieved };

// "not-achieved", "partially-achieved", "achieved" (the words profiles use).
[[nodiscard]] std::string_view achievement_name(Achievement achievement);
// Accepts exactly the three names above; anything else is nullopt.
[[nodiscard]] std::optional<Achievement> parse_achievement(std::string_view text);

// One indicator of good practice as answered: it holds (true), it does not (false), it does not
// apply to the organisation (not applicable), or nobody has said yet.
enum class IndicatorAnswer : std::uint8_t { kUnanswered, kTrue, kFalse, kNotApplicable };

// "unanswered", "true", "false", "not-applicable".
[[nodiscard]] std::string_view indicator_answer_name(IndicatorAnswer answer);
[[nodiscard]] std::optional<IndicatorAnswer> parse_indicator_answer(std::string_view text);

// What the outcome rule decided, and why.
struct OutcomeResult {
    // When `complete`, the level the answers decide. When not, the level the answers given already
    // guarantee whatever the unanswered indicators turn out to be: never above what is proven, so
    // an incomplete outcome is never shown as achieved.
    Achievement achievement = Achievement::kNotAchieved;
    // True when the answers given decide the level: any answer to the unanswered indicators would
    // give the same one (a true Not-achieved indicator decides alone, for example).
    bool complete = false;
    // The highest level the unanswered indicators could still lead to (equal to `achievement`
    // when complete).
    Achievement at_best = Achievement::kNotAchieved;
    // In words: "every Achieved indicator holds", "Not-achieved indicator B4.d.NA.2 holds",
    // "3 indicators unanswered".
    std::string reason;
    // Indicators of the Achieved or Partially achieved column answered not applicable, which the
    // rule counted as holding; kept so the assessment can show them for challenge.
    std::vector<std::string> counted_as_holding;
    // The outcome's unanswered indicators, in document order; a complete result may still list
    // some, those the decision did not need.
    std::vector<std::string> unanswered;
};

using IndicatorAnswers = std::function<IndicatorAnswer(const Indicator&)>;

// The CAF rule over an outcome's indicators (docs/profiles-and-crosswalks.md, "The outcome rule"):
// Not achieved when any Not-achieved indicator is true; else Achieved when every Achieved indicator
// is true; else Partially achieved when the outcome has a Partially achieved column and every
// Partially achieved indicator is true; else Not achieved. Not applicable counts as holding in the
// Achieved and Partially achieved columns, and as not holding in the Not-achieved column.
// `answer` is asked once per indicator. An outcome without indicators (objective E of the
// CAF-aligned DSPT) cannot be decided here: the result is incomplete, Not achieved, and says to
// answer it with outcome_status_direct.
[[nodiscard]] OutcomeResult outcome_status(const Node& outcome, const IndicatorAnswers& answer);

// An outcome answered with a level directly (one without indicators). nullopt: not yet answered,
// reported incomplete.
[[nodiscard]] OutcomeResult outcome_status_direct(std::optional<Achievement> level);

// How an outcome's level compares with what a profile expects of it.
enum class ProfileStanding : std::uint8_t {
    kMeets,          // at or above the expected level
    kBelow,          // under it, by `levels_below`
    kNoExpectation,  // the profile does not list the outcome (shown as such, never as met)
};

[[nodiscard]] std::string_view profile_standing_name(ProfileStanding standing);  // "meets", ...

struct ProfileGap {
    ProfileStanding standing = ProfileStanding::kNoExpectation;
    int levels_below = 0;  // 1 or 2 when below, else 0
};

[[nodiscard]] ProfileGap compare(Achievement actual, std::optional<Achievement> expected);

// ---------------------------------------------------------------------------------------------
// Classic DSPT (frameworks of kind `standards`)

// The published statuses, in order from best to worst. "Not Published" and the historic "Entry
// Level" are facts about a submission, not results of these rules, and are not modelled here.
enum class DsptStatus : std::uint8_t {
    kStandardsExceeded,
    kStandardsMet,
    kApproachingStandards,
    kStandardsNotMet,
};

// "Standards Exceeded", "Standards Met", "Approaching Standards", "Standards Not Met".
[[nodiscard]] std::string_view dspt_status_name(DsptStatus status);
// The names above, also with the published year prefix ("22/23 Standards Met").
[[nodiscard]] std::optional<DsptStatus> parse_dspt_status(std::string_view text);

enum class EvidenceAnswer : std::uint8_t { kUnanswered, kMet, kNotMet, kNotApplicable };

// "unanswered", "met", "not-met", "not-applicable".
[[nodiscard]] std::string_view evidence_answer_name(EvidenceAnswer answer);
[[nodiscard]] std::optional<EvidenceAnswer> parse_evidence_answer(std::string_view text);

// External certifications the status rule recognises.
enum class Certification : std::uint8_t { kCyberEssentialsPlus, kIso27001 };

[[nodiscard]] std::string_view certification_name(Certification certification);  // "ce-plus", ...
[[nodiscard]] std::optional<Certification> parse_certification(std::string_view text);

struct DsptInputs {
    const Framework* framework = nullptr;  // of kind `standards`
    std::string category;                  // "category-1": one the framework declares
    std::string period;                    // "2023-24"
    // Each evidence item's answer; asked once per mandatory item.
    std::function<EvidenceAnswer(const Node&)> answer;
    // Whether an improvement plan covers this (unmet, mandatory) item. May be empty: no plan.
    std::function<bool(const Node&)> in_improvement_plan;
    // Certifications the organisation declares (held and current).
    std::vector<Certification> certifications;
    // For a framework that carries no mandatory flags (an outline, or an organisation's own list):
    // every evidence item is mandatory. Without it, such a framework is refused, never Met.
    bool every_item_mandatory = false;
};

struct DsptResult {
    DsptStatus status = DsptStatus::kStandardsNotMet;
    std::string reason;  // in words, naming the counts
    // Ids, in document order.
    std::vector<std::string> mandatory;     // the items the status was judged on
    std::vector<std::string> unmet;         // not met, unanswered, or N/A where N/A is not allowed
    std::vector<std::string> unanswered;    // those of `unmet` nobody answered
    std::vector<std::string> without_plan;  // those of `unmet` no improvement plan covers
    std::vector<std::string> not_applicable;  // answered N/A where allowed: counted as met
};

// Which evidence items are mandatory for a category in a period: an item is when it, or a standard
// or assertion above it, carries a flag naming the category and either the period or no period.
// Items with no flag are mandatory for nobody.
[[nodiscard]] std::vector<std::size_t> mandatory_evidence_items(const Framework& framework,
                                                                std::string_view category,
                                                                std::string_view period);

// The status (docs/profiles-and-crosswalks.md, "Classic DSPT status"): Standards Not Met when a
// mandatory item is unmet and no improvement plan covers it; Approaching Standards when every
// unmet one is covered; Standards Met when all are met; Standards Exceeded when all are met and a
// certification is declared (the commonly described rule, still to be verified against NHS
// England's own wording). An unanswered item is unmet; an N/A answer counts as met only where the
// item allows N/A.
// Errors: kInvalidArgument when the framework is null or not of kind `standards`, or the category
// is not one it declares; kFailedPrecondition when no evidence item is mandatory for the category
// and period (nothing to judge: the status would be Met by default), unless every_item_mandatory.
[[nodiscard]] Result<DsptResult> dspt_status(const DsptInputs& inputs);

}  // namespace wardround::assess

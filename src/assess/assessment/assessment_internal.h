// SPDX-License-Identifier: Apache-2.0
// What the assessment sources share: reading the assessment a command names, refusing writes to a
// signed-off revision, and resolving the items and nodes a user types against the framework.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <wardround/assess/assessment.h>
#include <wardround/assess/framework.h>
#include <wardround/assess/framework_library.h>
#include <wardround/core/result.h>
#include <wardround/store/database.h>

namespace wardround::assess::detail {

// A revision of the assessment (the newest unless one is asked for) with its framework from the
// library. The library is held here because `framework` points into it.
struct OpenAssessment {
    Assessment assessment;
    FrameworkLibrary library;
    const Framework* framework = nullptr;
};

// Errors: kNotFound for an unknown organisation, framework, assessment or revision; kDataLoss when
// the assessment names a framework the library no longer has.
[[nodiscard]] Result<OpenAssessment> open_assessment(store::Database& database,
                                                     const AssessmentRef& ref,
                                                     std::optional<int> revision = std::nullopt);

// As open_assessment, and kFailedPrecondition when the newest revision is signed off: a
// signed-off revision is read-only.
[[nodiscard]] Result<OpenAssessment> open_draft(store::Database& database,
                                                const AssessmentRef& ref);

// Inside a write's transaction: claims the assessment's row and refuses (kFailedPrecondition) when
// it is no longer a draft. The no-op UPDATE takes PostgreSQL's row lock (SQLite's BEGIN IMMEDIATE
// already holds the database), so a sign-off and a write to the same revision run one after the
// other, and the second sees what the first committed.
[[nodiscard]] Status lock_draft(store::Database& database, const Assessment& assessment);

// Runs `write` (returning a Result) in one transaction that first claims the draft (lock_draft),
// and commits when it succeeds: every write to a revision goes through here, so none can land in a
// revision signed off meanwhile.
template <typename Write, typename Written = std::invoke_result_t<Write&>>
[[nodiscard]] Written write_in_draft(store::Database& database,
                                     const Assessment& assessment,
                                     Write&& write) {
    auto transaction = store::Transaction::begin(database);
    WARDROUND_TRY(transaction);
    WARDROUND_TRY(lock_draft(database, assessment));
    Written written = write();
    WARDROUND_TRY(written);
    WARDROUND_TRY(transaction->commit());
    return written;
}

// "where" for errors about an assessment: "RXX01 DSPT-CAF-2024-25 2024-25 revision 2".
[[nodiscard]] std::string describe(const Assessment& assessment);

// Errors: kNotFound naming the code.
[[nodiscard]] Result<std::int64_t> organisation_id(store::Database& database,
                                                   const std::string& code);

// How an answered item is answered.
enum class ItemKind : std::uint8_t { kIndicator, kLeaf, kOutcome };

struct ItemInfo {
    std::string id;  // unqualified
    ItemKind kind = ItemKind::kLeaf;
    const Node* node = nullptr;  // the indicator's outcome for an indicator
    const Indicator* indicator = nullptr;
};

// An answered item of the framework by its id, plain or qualified by the framework.
// Errors: kInvalidArgument for an id qualified by another framework; kNotFound for an id that is
// not answered in the framework (saying what it is when it is a node).
[[nodiscard]] Result<ItemInfo> resolve_item(const Framework& framework, std::string_view id);

// A node (not an indicator) of the framework, plain or qualified. Errors as resolve_item.
[[nodiscard]] Result<const Node*> resolve_node(const Framework& framework, std::string_view id);

[[nodiscard]] std::vector<std::string> vocabulary(const ItemInfo& item);

// The items sign-off requires answered (required_items()), for an assessment already open.
[[nodiscard]] std::vector<std::string> items_required(const Framework& framework,
                                                      const Assessment& assessment);

// Whether evidence expiring on `expires_on` (YYYY-MM-DD, empty: never) has expired on the day of
// `now`: the expiry date is the last day it supports answers, so only the day after.
[[nodiscard]] bool expired_on(const std::string& expires_on, Timestamp now);

// The revision's declared certifications (not withdrawn), by name, each judged on the day of
// `now` against the newest revision of its evidence.
[[nodiscard]] Result<std::vector<CertificationDeclaration>> read_certifications(
    store::Database& database, const Assessment& assessment, Timestamp now);

// Validates a YYYY-MM-DD date. Errors: kInvalidArgument naming the option.
[[nodiscard]] Result<Date> parse_day(const std::string& text, const std::string& what);

// Refuses an empty value: kInvalidArgument "`what` is required".
[[nodiscard]] Status require(const std::string& value, const std::string& what);

// SQL condition: the row of `evidence e` is the revision of its key that `assessment` reads. Links
// and certifications name a key, so a draft follows its newest revision; a signed-off revision
// reads the newest uploaded by its sign-off, so that what was signed off on stays what it shows
// when the evidence is revised afterwards. Errors: kDataLoss for a sign-off time that does not
// parse (it is written into the condition, so only a well-formed one may be).
[[nodiscard]] Result<std::string> evidence_revision_read_by(const Assessment& assessment);

// Refuses a key the organisation has no evidence under (kNotFound), without reading the evidence.
[[nodiscard]] Status require_evidence(store::Database& database,
                                      const Assessment& assessment,
                                      const std::string& key);

[[nodiscard]] Assessment read_assessment(const store::Row& row);
// The columns read_assessment reads, for SELECT lists ("a." prefixed, joined to organisation o).
extern const char* const kAssessmentColumns;

}  // namespace wardround::assess::detail

// SPDX-License-Identifier: Apache-2.0
// What the two exports share: the assessment gathered once (status, current answers with their
// reasons and comments, the evidence they cite, the plan), deterministic UUIDs, and writing a file
// whole or not at all.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <wardround/assess/assessment.h>
#include <wardround/assess/framework.h>
#include <wardround/assess/framework_library.h>
#include <wardround/core/result.h>
#include <wardround/store/database.h>

namespace wardround::assess::detail {

// An item's current answer with what the status knows of it.
struct ExportedAnswer {
    std::string node_id;  // the outcome, standard or control it is grouped under
    std::string text;     // the indicator's text, or the node's title
    AnswerRecord answer;
    std::string support;                          // none | supported | unsupported
    std::vector<const EvidenceRecord*> evidence;  // linked, newest revisions, by key
};

struct ExportData {
    AssessmentStatus status;
    std::vector<ExportedAnswer> answers;  // current answers, in the framework's order
    // The organisation's evidence linked to items of this assessment or behind one of its declared
    // certifications (at the revision the assessment's revision reads), by key.
    std::vector<EvidenceRecord> evidence;
    std::vector<PlanItem> plan;
    // The latest of the start, the answers, the evidence uploads, the plan items and the
    // certifications declared, or the sign-off: when the revision last changed.
    std::string last_modified;

    [[nodiscard]] const Assessment& assessment() const { return status.assessment; }
    // The piece of evidence under `key` among those above; null when the assessment cites none.
    [[nodiscard]] const EvidenceRecord* find_evidence(const std::string& key) const;
    // The distinct evidence keys linked to a node's items.
    [[nodiscard]] std::size_t evidence_count(const NodeStatus& node) const;
};

// The revision (the newest when not given). Errors: as assessment_status; kDataLoss when the
// framework is no longer in the library.
[[nodiscard]] Result<ExportData> collect_export(store::Database& database,
                                                const AssessmentRef& ref,
                                                Timestamp now,
                                                std::optional<int> revision);

// A name-based (version 5, SHA-1) UUID from our fixed namespace and the assessment's natural key
// (organisation, framework, period, revision) with `kind` and `id`: the same revision exported
// twice, on either backend, gives the same UUIDs.
[[nodiscard]] std::string export_uuid(const Assessment& assessment,
                                      std::string_view kind,
                                      std::string_view id = {});

[[nodiscard]] Status write_xlsx(const ExportData& data, const std::string& path);
[[nodiscard]] std::string oscal_json_text(const ExportData& data);

}  // namespace wardround::assess::detail

// SPDX-License-Identifier: Apache-2.0
// Exports of a revision of an assessment (the newest unless one is named) for people and tools
// outside Wardround: OSCAL 1.1 assessment results (JSON) for governance tools and auditors, and an
// XLSX workbook for boards and the people who fill the DSPT in. docs/assessments.md says what maps
// to what. Both are judged on the day of `now` (expired evidence, overdue plan items), as `assess
// status` is.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <wardround/assess/assessment.h>
#include <wardround/core/result.h>
#include <wardround/core/time.h>
#include <wardround/store/database.h>

namespace wardround::assess {

enum class ExportFormat : std::uint8_t { kOscalJson, kXlsx };

// "oscal" or "xlsx"; nullopt for anything else.
[[nodiscard]] std::optional<ExportFormat> parse_export_format(std::string_view text);

// The OSCAL version the assessment results declare.
inline constexpr std::string_view kOscalVersion = "1.1.2";

// The namespace of our props in OSCAL documents.
inline constexpr std::string_view kOscalPropNamespace = "https://wardround.nhs.uk/ns/oscal";

// The revision's assessment results (the newest revision's when `revision` is not given) as OSCAL
// JSON text, indented, with a final newline. UUIDs are derived from the organisation, framework,
// period and revision and the ids within it, so exporting the same revision again gives the same
// UUIDs. Errors: as assessment_status (kNotFound for an unknown assessment or revision); backend
// errors.
[[nodiscard]] Result<std::string> oscal_assessment_results(
    store::Database& database,
    const AssessmentRef& ref,
    Timestamp now,
    std::optional<int> revision = std::nullopt);

// Writes the export of the revision (the newest when not given) to `path` whole or not at all:
// through a temporary file beside it, renamed over it once complete; returns the revision written.
// Errors: as oscal_assessment_results; kInvalidArgument when the file cannot be written (naming it
// and why).
[[nodiscard]] Result<Assessment> write_assessment_export(
    store::Database& database,
    const AssessmentRef& ref,
    ExportFormat format,
    const std::string& path,
    Timestamp now,
    std::optional<int> revision = std::nullopt);

}  // namespace wardround::assess

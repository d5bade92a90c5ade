// SPDX-License-Identifier: Apache-2.0
// Technical evidence computed from what Wardround already holds (the inventory, the end-of-life
// catalogue, the hygiene checks, the medical-device standard and the findings) for an organisation
// and those beneath it: each figure with its basis, the date of the data it rests on, and what it
// suggests for each framework item it informs (data/evidence/auto-evidence.yaml). A figure only
// proposes; a person confirms. Where the data to decide is missing the figure says so and proposes
// nothing, rather than presenting zeros as a pass. docs/auto-evidence.md defines every figure.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <wardround/core/result.h>
#include <wardround/core/time.h>
#include <wardround/store/database.h>

namespace wardround::assess {

// What one figure suggests for one framework item, and why.
struct InformedItem {
    std::string qualified_id;  // "CAF-3.2:B4.d.A.4", "CE-3.2:SUM.4", "DSPT-2023-24:8"
    // The answer the figure suggests ("true", "false", "met", "not-met", as the data file gives
    // them); empty when the figure is not determinable.
    std::string proposed;
    // The threshold that decided it, with the figure's value: "0 unsupported systems without a
    // plan (true when without_plan == 0)".
    std::string reason;
};

struct EvidenceFigure {
    std::string id;                // stable: "supported-os-share", "unsupported-systems", ...
    std::string title;             // "Share of assets on a supported operating system"
    double value = 0;              // a share 0..1, a count, or days
    std::string unit;              // "share" | "count" | "days"
    std::int64_t numerator = 0;    // where a share; for a count, the count
    std::int64_t denominator = 0;  // where a share; 0 for a count
    // The figure's parts by name ("with_plan", "without_plan", "median_days", ...): what the
    // thresholds in the data file compare, and what a person may want beside the headline value.
    std::map<std::string, double> measures;
    std::string detail;  // the figure in words with its basis ("5 of 7 assets ...")
    // The date of the data it rests on: the newest inventory import or vulnerability scan covering
    // the organisation (ISO 8601); empty when there is none.
    std::string as_of;
    std::vector<InformedItem> informs;
    // False when the data to decide it is missing; `detail` then says what is missing.
    bool determinable = false;
};

// One threshold of the data file: `measure op number` ("without_plan == 0", "value >= 0.95").
struct EvidenceRule {
    std::string qualified_id;
    std::string measure;
    std::string op;  // ">=" | "<=" | "==" | ">" | "<"
    double threshold = 0;
    std::string then;       // the answer when the comparison holds
    std::string otherwise;  // the answer when it does not
    std::string basis;      // the rule in words, with where the threshold comes from
};

struct EvidenceMapping {
    std::string figure_id;
    std::vector<EvidenceRule> rules;
};

// The figure ids compute_auto_evidence produces, in the order it returns them.
[[nodiscard]] const std::vector<std::string_view>& auto_evidence_figure_ids();

// The measures each figure offers to thresholds ("value" always among them).
[[nodiscard]] const std::vector<std::string_view>& auto_evidence_measures(
    std::string_view figure_id);

// Parses a mapping file (the layout of data/evidence/auto-evidence.yaml). Errors:
// kInvalidArgument naming `file_name` and the line for malformed YAML, an unknown or repeated
// figure, a missing field, a qualified id that does not parse, a measure the figure does not offer
// or a rule that is not `measure op number`. Whether the qualified ids name real framework items is
// not checked here (the frameworks are another module's data): the tests check the built-in file
// against the built-in frameworks.
[[nodiscard]] Result<std::vector<EvidenceMapping>> parse_evidence_mappings(
    std::string_view yaml, std::string_view file_name);

// The built-in mapping, data/evidence/auto-evidence.yaml compiled in.
[[nodiscard]] Result<std::vector<EvidenceMapping>> builtin_evidence_mappings();

// Every figure for the organisation with `org_code` and every organisation beneath it, judged on
// `as_of` (support dates, expiry of decisions and exceptions, the 12 months and 30 days looked
// back over). A bounded number of queries per organisation, none per asset. Reads only; records
// nothing. Errors: kNotFound for an unknown organisation; kInternal when the built-in rules,
// standard or mapping do not load; backend errors.
[[nodiscard]] Result<std::vector<EvidenceFigure>> compute_auto_evidence(store::Database& database,
                                                                        const std::string& org_code,
                                                                        Timestamp as_of);

}  // namespace wardround::assess

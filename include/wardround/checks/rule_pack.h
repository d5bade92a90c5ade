// SPDX-License-Identifier: Apache-2.0
// Hygiene rules as data: YAML files of rules, each a condition over an asset's facts
// (condition.h) with what it means, how bad it is, what to do and which framework items its
// result evidences. The built-in packs live in data/checks and are compiled in; an organisation
// tailors them (a rule disabled or its severity changed, with the reason) in the database, not by
// editing them. docs/checks.md documents the format; a file that breaks it is refused whole, with
// an error naming the file, the line and the rule.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <wardround/checks/condition.h>
#include <wardround/core/result.h>

namespace wardround::checks {

enum class Severity : std::uint8_t { kCritical, kHigh, kMedium, kLow };

[[nodiscard]] std::string_view severity_name(Severity severity);  // "critical", ...
[[nodiscard]] std::optional<Severity> parse_severity(std::string_view text);

// A framework item a rule's result is evidence for.
struct Evidence {
    std::string framework;  // "caf", "dspt", "cyber-essentials"
    std::string item;       // "B4.b", "8.3.1", "security-update-management"
};

struct Rule {
    std::string id;  // "WR-EOL-001": upper-case letters, digits and hyphens
    std::string title;
    std::string rationale;
    Severity severity = Severity::kMedium;
    // Which assets it is for; empty lists mean every one.
    std::vector<std::string> kinds;        // asset kinds ("endpoint", "medical-device")
    std::vector<std::string> os_families;  // "windows", "linux", "macos", "other"
    std::vector<std::string> tags;         // any of the asset's `tag` facts
    Condition when;                        // true: the problem is present
    std::string remediation;
    std::vector<Evidence> evidences;
    std::string pack;      // the pack's id
    std::string location;  // "unsupported.yaml line 12"
};

struct RulePack {
    std::string id;  // "unsupported-systems"
    std::string title;
    std::string description;
    std::vector<Rule> rules;
};

// The frameworks `evidences` may name.
[[nodiscard]] const std::vector<std::string>& evidence_frameworks();

// Errors: kInvalidArgument, the message naming the file, the line and the rule ("hygiene.yaml
// line 14: rule WR-NET-002: when: column 9: unknown fact 'listen'").
[[nodiscard]] Result<RulePack> parse_rule_pack(std::string_view yaml,
                                               std::string_view file_name,
                                               const FactCatalogue& catalogue);

// Packs loaded together; rule ids are unique across them. Errors: kInvalidArgument naming the
// second file to use an id.
[[nodiscard]] Result<std::vector<RulePack>> parse_rule_packs(
    const std::vector<std::pair<std::string, std::string>>& files,  // (file name, YAML text)
    const FactCatalogue& catalogue);

// The packs shipped in data/checks, as (file name, YAML text).
[[nodiscard]] const std::vector<std::pair<std::string, std::string>>& builtin_rule_files();
// The standards shipped in data/standard (the medical-device minimum standard), in the same
// format: each rule a requirement whose `when` says when an asset falls short of it.
[[nodiscard]] const std::vector<std::pair<std::string, std::string>>& builtin_standard_files();

}  // namespace wardround::checks

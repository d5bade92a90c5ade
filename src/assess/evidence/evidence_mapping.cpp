// SPDX-License-Identifier: Apache-2.0
// The figures' names and measures, and the mapping file that ties each figure to the framework
// items it informs. The file is checked whole on load, like the frameworks and rule packs: a rule
// naming a measure the figure does not compute would otherwise propose nothing, silently.
//
// Layout (data/evidence/auto-evidence.yaml):
//   figures:
//     - id: unsupported-systems
//       informs:
//         - item: "DSPT-2023-24:8"      # a qualified framework id
//           when: "without_plan == 0"   # measure op number
//           then: "met"                 # proposed when it holds
//           otherwise: "not-met"        # proposed when it does not
//           basis: ...                  # the rule in words
#include <algorithm>
#include <array>
#include <charconv>
#include <set>
#include <string_view>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <wardround/assess/auto_evidence.h>
#include <wardround/assess/framework.h>
#include <wardround/core/text.h>

#include "assess/evidence/evidence_internal.h"

namespace wardround::assess {
namespace {

struct FigureSpec {
    std::string_view id;
    std::string_view title;
    std::string_view unit;
    std::vector<std::string_view> measures;
};

const std::vector<FigureSpec>& figure_specs() {
    static const std::vector<FigureSpec> kSpecs = {
        {"supported-os-share",
         "Share of assets on a supported operating system",
         "share",
         {"value", "known", "supported", "extended", "unsupported", "no_os", "unrecognised"}},
        {"unsupported-systems",
         "Unsupported systems, with and without an approved plan",
         "count",
         {"value", "with_plan", "without_plan"}},
        {"critical-fixed-within-14-days",
         "Critical and known-exploited vulnerabilities fixed within 14 days",
         "share",
         {"value", "fixed", "fixed_within", "open_past", "median_days"}},
        {"kev-overdue",
         "Open known-exploited vulnerabilities past their due date",
         "count",
         {"value", "oldest_days_overdue"}},
        {"medical-device-standard",
         "Medical devices meeting the medical-device minimum standard",
         "share",
         {"value", "devices", "meeting", "short_of", "undetermined"}},
        {"asset-register-completeness",
         "Share of assets fully recorded in the asset register",
         "share",
         {"value", "with_owner", "with_os", "seen_30_days", "not_stale", "current"}},
    };
    return kSpecs;
}

const FigureSpec* find_spec(std::string_view id) {
    for (const FigureSpec& spec : figure_specs()) {
        if (spec.id == id) {
            return &spec;
        }
    }
    return nullptr;
}

// The words of `text`, split at runs of spaces.
std::vector<std::string> words(std::string_view text) {
    std::vector<std::string> out;
    for (const std::string_view part : split(text, ' ')) {
        if (!part.empty()) {
            out.emplace_back(part);
        }
    }
    return out;
}

// Reads "measure op number" into the rule. Errors: a message, empty when it parsed.
std::string parse_condition(std::string_view text, const FigureSpec& spec, EvidenceRule& rule) {
    const std::vector<std::string> parts = words(text);
    if (parts.size() != 3) {
        return fmt::format("when: '{}' is not 'measure op number'", text);
    }
    static constexpr std::array<std::string_view, 5> kOperators{">=", "<=", "==", ">", "<"};
    if (std::find(kOperators.begin(), kOperators.end(), parts[1]) == kOperators.end()) {
        return fmt::format("when: unknown comparison '{}' (>=, <=, ==, > or <)", parts[1]);
    }
    if (std::find(spec.measures.begin(), spec.measures.end(), parts[0]) == spec.measures.end()) {
        return fmt::format("when: {} has no measure '{}' (it has {})", spec.id, parts[0],
                           fmt::join(spec.measures, ", "));
    }
    double threshold = 0;
    const char* first = parts[2].data();
    const char* last = first + parts[2].size();
    const auto [end, error] = std::from_chars(first, last, threshold);
    if (error != std::errc() || end != last) {
        return fmt::format("when: '{}' is not a number", parts[2]);
    }
    rule.measure = parts[0];
    rule.op = parts[1];
    rule.threshold = threshold;
    return {};
}

class MappingReader {
public:
    explicit MappingReader(std::string_view file_name) : file_name_(file_name) {}

    Result<std::vector<EvidenceMapping>> read(const YAML::Node& root) {
        if (!root.IsMap() || !root["figures"] || !root["figures"].IsSequence()) {
            return fail(root, "the file must be a mapping with a 'figures' list");
        }
        std::vector<EvidenceMapping> mappings;
        std::set<std::string> seen;
        for (const YAML::Node& figure : root["figures"]) {
            auto mapping = read_figure(figure);
            WARDROUND_TRY(mapping);
            if (!seen.insert(mapping->figure_id).second) {
                return fail(figure, "figure " + mapping->figure_id + " is listed twice");
            }
            mappings.push_back(std::move(*mapping));
        }
        return mappings;
    }

private:
    Result<EvidenceMapping> read_figure(const YAML::Node& figure) {
        WARDROUND_TRY(only_keys(figure, {"id", "informs"}));
        auto id = text(figure, "id");
        WARDROUND_TRY(id);
        const FigureSpec* spec = find_spec(*id);
        if (spec == nullptr) {
            return fail(figure, "unknown figure '" + *id + "'");
        }
        const YAML::Node informs = figure["informs"];
        if (!informs || !informs.IsSequence() || informs.size() == 0) {
            return fail(figure, "figure " + *id + ": 'informs' must be a non-empty list");
        }
        EvidenceMapping mapping{*id, {}};
        for (const YAML::Node& item : informs) {
            auto rule = read_rule(item, *spec);
            WARDROUND_TRY(rule);
            mapping.rules.push_back(std::move(*rule));
        }
        return mapping;
    }

    Result<EvidenceRule> read_rule(const YAML::Node& item, const FigureSpec& spec) {
        WARDROUND_TRY(only_keys(item, {"item", "when", "then", "otherwise", "basis"}));
        EvidenceRule rule;
        auto qualified = text(item, "item");
        WARDROUND_TRY(qualified);
        if (auto parsed = parse_qualified_id(*qualified); !parsed) {
            return fail(item, fmt::format("figure {}: item: {}", spec.id, parsed.error().message));
        }
        rule.qualified_id = *qualified;
        auto when = text(item, "when");
        WARDROUND_TRY(when);
        if (std::string problem = parse_condition(*when, spec, rule); !problem.empty()) {
            return fail(item, fmt::format("figure {}: {}", spec.id, problem));
        }
        auto then = text(item, "then");
        WARDROUND_TRY(then);
        auto otherwise = text(item, "otherwise");
        WARDROUND_TRY(otherwise);
        auto basis = text(item, "basis");
        WARDROUND_TRY(basis);
        rule.then = std::move(*then);
        rule.otherwise = std::move(*otherwise);
        rule.basis = std::move(*basis);
        return rule;
    }

    Status only_keys(const YAML::Node& node, std::initializer_list<std::string_view> keys) {
        if (!node.IsMap()) {
            return fail(node, "expected a mapping");
        }
        for (const auto& entry : node) {
            const auto key = entry.first.as<std::string>();
            if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
                return fail(entry.first, "unknown field '" + key + "'");
            }
        }
        return {};
    }

    Result<std::string> text(const YAML::Node& node, const char* key) {
        const YAML::Node value = node[key];
        if (!value || !value.IsScalar() || trim(value.as<std::string>()).empty()) {
            return fail(node, fmt::format("'{}' is missing or empty", key));
        }
        return std::string(trim(value.as<std::string>()));
    }

    [[nodiscard]] tl::unexpected<Error> fail(const YAML::Node& at,
                                             const std::string& message) const {
        Error error{ErrorCode::kInvalidArgument, message,
                    fmt::format("{} line {}", file_name_, at.Mark().line + 1)};
        return tl::unexpected(std::move(error));
    }

    std::string file_name_;
};

}  // namespace

const std::vector<std::string_view>& auto_evidence_figure_ids() {
    static const std::vector<std::string_view> kIds = [] {
        std::vector<std::string_view> ids;
        for (const FigureSpec& spec : figure_specs()) {
            ids.push_back(spec.id);
        }
        return ids;
    }();
    return kIds;
}

const std::vector<std::string_view>& auto_evidence_measures(std::string_view figure_id) {
    static const std::vector<std::string_view> kNone;
    const FigureSpec* spec = find_spec(figure_id);
    return spec != nullptr ? spec->measures : kNone;
}

Result<std::vector<EvidenceMapping>> parse_evidence_mappings(std::string_view yaml,
                                                             std::string_view file_name) {
    YAML::Node root;
    try {
        root = YAML::Load(std::string(yaml));
    } catch (const YAML::Exception& error) {
        return make_error(ErrorCode::kInvalidArgument, error.msg,
                          fmt::format("{} line {}", file_name, error.mark.line + 1));
    }
    try {
        return MappingReader(file_name).read(root);
    } catch (const YAML::Exception& error) {
        // A scalar where a list was expected, and the like: yaml-cpp throws on conversion.
        return make_error(ErrorCode::kInvalidArgument, error.msg,
                          fmt::format("{} line {}", file_name, error.mark.line + 1));
    }
}

Result<std::vector<EvidenceMapping>> builtin_evidence_mappings() {
    std::vector<EvidenceMapping> all;
    for (const auto& [name, text] : detail::builtin_evidence_files()) {
        auto mappings = parse_evidence_mappings(text, name);
        WARDROUND_TRY(mappings);
        all.insert(all.end(), mappings->begin(), mappings->end());
    }
    return all;
}

namespace detail {

EvidenceFigure make_figure(std::string_view id) {
    EvidenceFigure figure;
    figure.id = std::string(id);
    if (const FigureSpec* spec = find_spec(id)) {
        figure.title = std::string(spec->title);
        figure.unit = std::string(spec->unit);
    }
    return figure;
}

double share(std::int64_t numerator, std::int64_t denominator) {
    return denominator == 0 ? 0.0
                            : static_cast<double>(numerator) / static_cast<double>(denominator);
}

std::string format_measure(double value) {
    return fmt::format("{:.4g}", value);
}

}  // namespace detail
}  // namespace wardround::assess

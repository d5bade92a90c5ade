// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <set>
#include <utility>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <wardround/checks/rule_pack.h>

namespace wardround::checks {
namespace {

const std::vector<std::string>& asset_kinds() {
    static const std::vector<std::string> kKinds = {
        "endpoint", "server", "network-device", "medical-device", "iot", "virtual", "unknown"};
    return kKinds;
}

const std::vector<std::string>& os_families() {
    static const std::vector<std::string> kFamilies = {"windows", "linux", "macos", "other"};
    return kFamilies;
}

// Where a YAML node is, for errors: "hygiene.yaml line 14".
std::string place(std::string_view file_name, const YAML::Node& node) {
    return fmt::format("{} line {}", file_name, node.Mark().line + 1);
}

// Reads one rule; every error names the rule (once its id is known) and the line.
class RuleReader {
public:
    RuleReader(std::string_view file_name, const FactCatalogue& catalogue, std::string pack)
        : file_name_(file_name), catalogue_(catalogue), pack_(std::move(pack)) {}

    Result<Rule> read(const YAML::Node& node) {
        if (!node.IsMap()) {
            return fail(node, "a rule is a mapping of fields");
        }
        auto id = required_text(node, "id");
        WARDROUND_TRY(id);
        WARDROUND_TRY(check_id(node["id"], *id));
        rule_id_ = *id;
        WARDROUND_TRY(known_fields(node, {"id", "title", "rationale", "severity", "applies_to",
                                          "when", "remediation", "evidences"}));

        auto title = required_text(node, "title");
        WARDROUND_TRY(title);
        auto severity = read_severity(node);
        WARDROUND_TRY(severity);
        auto when = read_when(node);
        WARDROUND_TRY(when);
        Rule rule{.id = *id,
                  .title = *title,
                  .rationale = optional_text(node, "rationale"),
                  .severity = *severity,
                  .kinds = {},
                  .os_families = {},
                  .tags = {},
                  .when = std::move(*when),
                  .remediation = optional_text(node, "remediation"),
                  .evidences = {},
                  .pack = pack_,
                  .location = place(file_name_, node)};
        WARDROUND_TRY(read_applies_to(node["applies_to"], rule));
        WARDROUND_TRY(read_evidences(node["evidences"], rule));
        return rule;
    }

private:
    [[nodiscard]] tl::unexpected<Error> fail(const YAML::Node& node, std::string message) const {
        const std::string who = rule_id_.empty() ? std::string() : "rule " + rule_id_ + ": ";
        return make_error(ErrorCode::kInvalidArgument, who + std::move(message),
                          place(file_name_, node));
    }

    [[nodiscard]] Status known_fields(const YAML::Node& node,
                                      const std::vector<std::string_view>& known) const {
        for (const auto& field : node) {
            const auto key = field.first.as<std::string>();
            if (std::find(known.begin(), known.end(), key) == known.end()) {
                return fail(field.first, fmt::format("unknown field '{}'", key));
            }
        }
        return {};
    }

    Result<std::string> required_text(const YAML::Node& node, const char* field) const {
        const YAML::Node value = node[field];
        if (!value || !value.IsScalar() || value.Scalar().empty()) {
            return fail(value ? value : node, fmt::format("{} is required (text)", field));
        }
        return value.Scalar();
    }

    static std::string optional_text(const YAML::Node& node, const char* field) {
        const YAML::Node value = node[field];
        return value && value.IsScalar() ? value.Scalar() : std::string();
    }

    [[nodiscard]] Result<Condition> read_when(const YAML::Node& node) const {
        auto text = required_text(node, "when");
        WARDROUND_TRY(text);
        auto when = Condition::parse(*text, catalogue_);
        if (!when) {
            return fail(node["when"], "when: " + when.error().message);
        }
        return when;
    }

    [[nodiscard]] Result<Severity> read_severity(const YAML::Node& node) const {
        auto text = required_text(node, "severity");
        WARDROUND_TRY(text);
        const auto severity = parse_severity(*text);
        if (!severity) {
            return fail(node["severity"],
                        fmt::format("severity: '{}' is not critical, high, medium or low", *text));
        }
        return *severity;
    }

    [[nodiscard]] Status check_id(const YAML::Node& node, const std::string& id) const {
        const bool valid = std::all_of(id.begin(), id.end(), [](char c) {
            return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
        });
        if (!valid) {
            return fail(node, fmt::format("id '{}' must be upper-case letters, digits and "
                                          "hyphens",
                                          id));
        }
        return {};
    }

    // A list of words, each one of `allowed`.
    [[nodiscard]] Result<std::vector<std::string>> words(
        const YAML::Node& node,
        std::string_view field,
        const std::vector<std::string>& allowed) const {
        std::vector<std::string> out;
        if (!node) {
            return out;
        }
        if (!node.IsSequence()) {
            return fail(node, fmt::format("applies_to.{} is a list", field));
        }
        for (const YAML::Node& item : node) {
            const std::string word = item.IsScalar() ? item.Scalar() : std::string();
            if (!allowed.empty() &&
                std::find(allowed.begin(), allowed.end(), word) == allowed.end()) {
                return fail(item, fmt::format("applies_to.{}: '{}' is not one of {}", field, word,
                                              fmt::join(allowed, ", ")));
            }
            out.push_back(word);
        }
        return out;
    }

    Status read_applies_to(const YAML::Node& node, Rule& rule) const {
        if (!node) {
            return {};
        }
        if (!node.IsMap()) {
            return fail(node, "applies_to is a mapping (kinds, os, tags)");
        }
        WARDROUND_TRY(known_fields(node, {"kinds", "os", "tags"}));
        auto kinds = words(node["kinds"], "kinds", asset_kinds());
        WARDROUND_TRY(kinds);
        auto families = words(node["os"], "os", os_families());
        WARDROUND_TRY(families);
        auto tags = words(node["tags"], "tags", {});
        WARDROUND_TRY(tags);
        rule.kinds = std::move(*kinds);
        rule.os_families = std::move(*families);
        rule.tags = std::move(*tags);
        return {};
    }

    Status read_evidences(const YAML::Node& node, Rule& rule) const {
        if (!node) {
            return {};
        }
        if (!node.IsMap()) {
            return fail(node, "evidences is a mapping of framework to items");
        }
        const auto& frameworks = evidence_frameworks();
        for (const auto& entry : node) {
            const auto framework = entry.first.as<std::string>();
            if (std::find(frameworks.begin(), frameworks.end(), framework) == frameworks.end()) {
                return fail(entry.first, fmt::format("evidences: '{}' is not one of {}", framework,
                                                     fmt::join(frameworks, ", ")));
            }
            if (!entry.second.IsSequence()) {
                return fail(entry.second, fmt::format("evidences.{} is a list", framework));
            }
            for (const YAML::Node& item : entry.second) {
                if (!item.IsScalar() || item.Scalar().empty()) {
                    return fail(item, fmt::format("evidences.{}: an item is text", framework));
                }
                rule.evidences.push_back({framework, item.Scalar()});
            }
        }
        return {};
    }

    std::string_view file_name_;
    const FactCatalogue& catalogue_;
    std::string pack_;
    std::string rule_id_;
};

Result<RulePack> read_pack(const YAML::Node& root,
                           std::string_view file_name,
                           const FactCatalogue& catalogue) {
    const auto fail = [&](const YAML::Node& node, std::string message) {
        return make_error(ErrorCode::kInvalidArgument, std::move(message), place(file_name, node));
    };
    if (!root.IsMap() || !root["pack"] || !root["rules"]) {
        return fail(root, "a rule pack is a mapping with 'pack', 'title' and 'rules'");
    }
    for (const auto& field : root) {
        const auto key = field.first.as<std::string>();
        if (key != "pack" && key != "title" && key != "description" && key != "rules") {
            return fail(field.first, fmt::format("unknown field '{}'", key));
        }
    }
    RulePack pack;
    pack.id = root["pack"].IsScalar() ? root["pack"].Scalar() : std::string();
    pack.title = root["title"] && root["title"].IsScalar() ? root["title"].Scalar() : pack.id;
    pack.description =
        root["description"] && root["description"].IsScalar() ? root["description"].Scalar() : "";
    if (pack.id.empty()) {
        return fail(root["pack"], "pack: the pack's id is required (text)");
    }
    if (!root["rules"].IsSequence() || root["rules"].size() == 0) {
        return fail(root["rules"], "rules: a non-empty list of rules is required");
    }
    std::set<std::string> ids;
    for (const YAML::Node& node : root["rules"]) {
        auto rule = RuleReader(file_name, catalogue, pack.id).read(node);
        WARDROUND_TRY(rule);
        if (!ids.insert(rule->id).second) {
            return fail(node, fmt::format("rule {}: the id is used twice", rule->id));
        }
        pack.rules.push_back(std::move(*rule));
    }
    return pack;
}

}  // namespace

std::string_view severity_name(Severity severity) {
    switch (severity) {
        case Severity::kCritical:
            return "critical";
        case Severity::kHigh:
            return "high";
        case Severity::kMedium:
            return "medium";
        case Severity::kLow:
            return "low";
    }
    return "medium";
}

std::optional<Severity> parse_severity(std::string_view text) {
    for (const Severity severity :
         {Severity::kCritical, Severity::kHigh, Severity::kMedium, Severity::kLow}) {
        if (severity_name(severity) == text) {
            return severity;
        }
    }
    return std::nullopt;
}

const std::vector<std::string>& evidence_frameworks() {
    static const std::vector<std::string> kFrameworks = {"caf", "dspt", "cyber-essentials"};
    return kFrameworks;
}

Result<RulePack> parse_rule_pack(std::string_view yaml,
                                 std::string_view file_name,
                                 const FactCatalogue& catalogue) {
    try {
        const YAML::Node root = YAML::Load(std::string(yaml));
        return read_pack(root, file_name, catalogue);
    } catch (const YAML::Exception& error) {
        // The parser's own message says what it expected; its mark says where.
        return make_error(ErrorCode::kInvalidArgument, "not valid YAML: " + error.msg,
                          fmt::format("{} line {} column {}", file_name, error.mark.line + 1,
                                      error.mark.column + 1));
    }
}

Result<std::vector<RulePack>> parse_rule_packs(
    const std::vector<std::pair<std::string, std::string>>& files, const FactCatalogue& catalogue) {
    std::vector<RulePack> packs;
    std::set<std::string> ids;
    std::set<std::string> pack_ids;
    for (const auto& [file_name, text] : files) {
        auto pack = parse_rule_pack(text, file_name, catalogue);
        WARDROUND_TRY(pack);
        if (!pack_ids.insert(pack->id).second) {
            return make_error(ErrorCode::kInvalidArgument,
                              fmt::format("pack '{}' is loaded twice", pack->id), file_name);
        }
        for (const Rule& rule : pack->rules) {
            if (!ids.insert(rule.id).second) {
                return make_error(ErrorCode::kInvalidArgument,
                                  fmt::format("rule {}: another pack already has this id", rule.id),
                                  rule.location);
            }
        }
        packs.push_back(std::move(*pack));
    }
    return packs;
}

}  // namespace wardround::checks

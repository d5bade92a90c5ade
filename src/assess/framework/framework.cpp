// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

#include <wardround/assess/framework.h>

namespace wardround::assess {
namespace {

constexpr std::array<std::string_view, kNodeTypeCount> kNodeTypeNames = {
    "objective",     "principle", "outcome",  "standard", "assertion",
    "evidence-item", "function",  "category", "control",  "requirement"};

constexpr std::array<std::string_view, 3> kKindNames = {"outcomes", "standards", "controls"};

constexpr std::array<std::string_view, 3> kColumnNames = {"achieved", "partially_achieved",
                                                          "not_achieved"};

constexpr std::array<std::string_view, 4> kResponseNames = {"yes-no", "text", "number", "file"};

template <typename Enum, std::size_t N>
std::optional<Enum> find_name(const std::array<std::string_view, N>& names, std::string_view text) {
    const auto* found = std::find(names.begin(), names.end(), text);
    if (found == names.end()) {
        return std::nullopt;
    }
    return static_cast<Enum>(found - names.begin());
}

bool has_space(std::string_view text) {
    return std::any_of(text.begin(), text.end(),
                       [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; });
}

}  // namespace

std::string_view framework_kind_name(FrameworkKind kind) {
    return kKindNames.at(static_cast<std::size_t>(kind));
}

std::optional<FrameworkKind> parse_framework_kind(std::string_view text) {
    return find_name<FrameworkKind>(kKindNames, text);
}

std::string_view node_type_name(NodeType type) {
    return kNodeTypeNames.at(static_cast<std::size_t>(type));
}

std::optional<NodeType> parse_node_type(std::string_view text) {
    return find_name<NodeType>(kNodeTypeNames, text);
}

FrameworkKind node_type_kind(NodeType type) {
    switch (type) {
        case NodeType::kObjective:
        case NodeType::kPrinciple:
        case NodeType::kOutcome:
            return FrameworkKind::kOutcomes;
        case NodeType::kStandard:
        case NodeType::kAssertion:
        case NodeType::kEvidenceItem:
            return FrameworkKind::kStandards;
        default:
            return FrameworkKind::kControls;
    }
}

std::string_view indicator_column_name(IndicatorColumn column) {
    return kColumnNames.at(static_cast<std::size_t>(column));
}

std::string_view response_type_name(ResponseType type) {
    return kResponseNames.at(static_cast<std::size_t>(type));
}

std::optional<ResponseType> parse_response_type(std::string_view text) {
    return find_name<ResponseType>(kResponseNames, text);
}

Result<QualifiedId> parse_qualified_id(std::string_view text) {
    const auto colon = text.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon + 1 == text.size() ||
        has_space(text)) {
        return make_error(ErrorCode::kInvalidArgument,
                          "'" + std::string(text) +
                              "' is not a qualified id like CAF-3.2:A2.b (framework, version, "
                              "':', node)");
    }
    return QualifiedId{std::string(text.substr(0, colon)), std::string(text.substr(colon + 1))};
}

std::string Framework::qualified(std::string_view node_id) const {
    std::string out = qualified_id();
    out += ':';
    out += node_id;
    return out;
}

std::optional<std::size_t> Framework::index_of(std::string_view node_id) const {
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        if (nodes[i].id == node_id) {
            return i;
        }
    }
    return std::nullopt;
}

const Node* Framework::find(std::string_view node_id) const {
    const auto index = index_of(node_id);
    return index ? &nodes[*index] : nullptr;
}

const Indicator* Framework::find_indicator(std::string_view indicator_id) const {
    for (const Node& node : nodes) {
        for (const Indicator& indicator : node.indicators) {
            if (indicator.id == indicator_id) {
                return &indicator;
            }
        }
    }
    return nullptr;
}

std::vector<std::size_t> Framework::top_level() const {
    std::vector<std::size_t> out;
    for (const Node& node : nodes) {
        if (node.parent == kNoParent) {
            out.push_back(static_cast<std::size_t>(&node - nodes.data()));
        }
    }
    return out;
}

std::string Framework::path(std::size_t index) const {
    std::vector<std::string_view> ids;
    for (std::size_t at = index; at != kNoParent && at < nodes.size(); at = nodes[at].parent) {
        ids.push_back(nodes[at].id);
    }
    std::reverse(ids.begin(), ids.end());
    std::string out;
    for (const std::string_view node_id : ids) {
        if (!out.empty()) {
            out += '/';
        }
        out += node_id;
    }
    return out;
}

std::vector<AnsweredItem> Framework::answered_items() const {
    std::vector<AnsweredItem> out;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        const Node& node = nodes[i];
        switch (kind) {
            case FrameworkKind::kOutcomes:
                for (const Indicator& indicator : node.indicators) {
                    out.push_back({i, &indicator});
                }
                // Where the publisher gives no indicators (the DSPT's objective E), the outcome
                // itself is answered.
                if (node.type == NodeType::kOutcome && node.indicators.empty()) {
                    out.push_back({i, nullptr});
                }
                break;
            case FrameworkKind::kStandards:
                if (node.type == NodeType::kEvidenceItem) {
                    out.push_back({i, nullptr});
                }
                break;
            case FrameworkKind::kControls:
                if (node.children.empty()) {
                    out.push_back({i, nullptr});
                }
                break;
        }
    }
    return out;
}

std::size_t Framework::count(NodeType type) const {
    return static_cast<std::size_t>(std::count_if(
        nodes.begin(), nodes.end(), [type](const Node& node) { return node.type == type; }));
}

std::size_t Framework::indicator_count() const {
    std::size_t total = 0;
    for (const Node& node : nodes) {
        total += node.indicators.size();
    }
    return total;
}

const Framework* FrameworkList::find_framework(std::string_view qualified_id) const {
    for (const Framework& framework : *frameworks_) {
        if (framework.qualified_id() == qualified_id) {
            return &framework;
        }
    }
    return nullptr;
}

const Node* resolve_node(const FrameworkResolver& frameworks, const QualifiedId& id) {
    const Framework* framework = frameworks.find_framework(id.framework);
    return framework != nullptr ? framework->find(id.node) : nullptr;
}

}  // namespace wardround::assess

// SPDX-License-Identifier: Apache-2.0
// The YAML library reader (docs/frameworks.md). Every check in "What is checked when a file is
// loaded" is made here, before any node is accepted, so a library either loads whole or not at
// all. Errors carry the file and line in `where` and the node's path at the head of the message.
#include <algorithm>
#include <cctype>
#include <set>
#include <utility>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <wardround/assess/framework_yaml.h>

namespace wardround::assess {
namespace {

constexpr std::string_view kTopLevelKeys[] = {
    "framework", "version", "title",   "publisher",  "published", "source",
    "kind",      "note",    "extends", "categories", "nodes",     "mandatory_outcomes"};
constexpr std::string_view kNodeKeys[] = {
    "id",         "type",     "title",         "summary",
    "text",       "nodes",    "mandatory",     "partially_achieved",
    "indicators", "response", "not_applicable"};

bool is_digits(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) != 0;
    });
}

bool is_framework_id(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    });
}

// Node, indicator and category ids: no white space, and none of the characters that qualified
// ids and paths use as separators.
bool is_node_id(std::string_view text) {
    return !text.empty() && std::none_of(text.begin(), text.end(), [](char c) {
        return std::isspace(static_cast<unsigned char>(c)) != 0 || c == ':' || c == '/';
    });
}

// "2024-25": a financial year, the second year following the first.
bool is_period(std::string_view text) {
    if (text.size() != 7 || text[4] != '-' || !is_digits(text.substr(0, 4)) ||
        !is_digits(text.substr(5))) {
        return false;
    }
    const int first = std::stoi(std::string(text.substr(0, 4)));
    const int second = std::stoi(std::string(text.substr(5)));
    return (first + 1) % 100 == second;
}

// "2024-04-01" or "2024-04".
bool is_published_date(std::string_view text) {
    if ((text.size() != 7 && text.size() != 10) || text[4] != '-' ||
        !is_digits(text.substr(0, 4)) || !is_digits(text.substr(5, 2))) {
        return false;
    }
    const int month = std::stoi(std::string(text.substr(5, 2)));
    if (month < 1 || month > 12) {
        return false;
    }
    if (text.size() == 7) {
        return true;
    }
    if (text[7] != '-' || !is_digits(text.substr(8, 2))) {
        return false;
    }
    const int day = std::stoi(std::string(text.substr(8, 2)));
    return day >= 1 && day <= 31;
}

// The level of a node type within its kind: outcomes and standards nest one level at a time;
// controls may skip a level (a Cyber Essentials control has requirements but no category).
int rank(NodeType type) {
    switch (type) {
        case NodeType::kObjective:
        case NodeType::kStandard:
        case NodeType::kFunction:
            return 0;
        case NodeType::kPrinciple:
        case NodeType::kAssertion:
        case NodeType::kCategory:
            return 1;
        case NodeType::kOutcome:
        case NodeType::kEvidenceItem:
        case NodeType::kControl:
            return 2;
        case NodeType::kRequirement:
            return 3;
    }
    return 0;
}

bool is_answered_type(NodeType type) {
    return type == NodeType::kEvidenceItem || type == NodeType::kControl ||
           type == NodeType::kRequirement;
}

// "an outcome", "a principle".
std::string with_article(std::string_view noun) {
    const bool vowel =
        !noun.empty() && std::string_view("aeiou").find(noun[0]) != std::string_view::npos;
    return fmt::format("{} {}", vowel ? "an" : "a", noun);
}

std::string kind_types(FrameworkKind kind) {
    std::vector<std::string_view> names;
    for (std::size_t i = 0; i < kNodeTypeCount; ++i) {
        const auto type = static_cast<NodeType>(i);
        if (node_type_kind(type) == kind) {
            names.push_back(node_type_name(type));
        }
    }
    return fmt::format("{}", fmt::join(names, ", "));
}

// Reads one library. `path_` is the path of the node being read ("A/A2/A2.b"), so that every
// error can name it without threading it through each call.
class LibraryReader {
public:
    LibraryReader(std::string_view file_name, const FrameworkResolver* resolver)
        : file_name_(file_name), resolver_(resolver) {}

    Result<Framework> read(const YAML::Node& root) {
        if (!root.IsMap()) {
            return fail(root,
                        "a framework library is a mapping with 'framework', 'version', "
                        "'title', 'kind' and 'nodes'");
        }
        WARDROUND_TRY(known_keys(root, kTopLevelKeys));
        WARDROUND_TRY(read_header(root));
        WARDROUND_TRY(read_extends(root));
        WARDROUND_TRY(read_categories(root["categories"]));
        WARDROUND_TRY(read_mandatory_outcomes(root["mandatory_outcomes"]));
        const YAML::Node nodes = root["nodes"];
        if (!nodes || !nodes.IsSequence() || nodes.size() == 0) {
            return fail(nodes ? nodes : root, "nodes: a non-empty list of nodes is required");
        }
        WARDROUND_TRY(read_nodes(nodes, kNoParent));
        framework_.file = std::string(file_name_);
        return std::move(framework_);
    }

private:
    [[nodiscard]] tl::unexpected<Error> fail(const YAML::Node& at,
                                             std::string_view message,
                                             ErrorCode code = ErrorCode::kInvalidArgument) const {
        const std::string where = fmt::format("{} line {}", file_name_, at.Mark().line + 1);
        if (path_.empty()) {
            return make_error(code, std::string(message), where);
        }
        return make_error(code, fmt::format("{}: {}", path_, message), where);
    }

    template <std::size_t N>
    [[nodiscard]] Status known_keys(const YAML::Node& map,
                                    const std::string_view (&known)[N]) const {
        for (const auto& field : map) {
            if (!field.first.IsScalar()) {
                return fail(field.first, "keys are plain words");
            }
            const std::string& key = field.first.Scalar();
            if (std::find(std::begin(known), std::end(known), key) == std::end(known)) {
                return fail(field.first, fmt::format("unknown key '{}'", key));
            }
        }
        return {};
    }

    // A key that must be non-empty text.
    [[nodiscard]] Result<std::string> required_text(const YAML::Node& map,
                                                    std::string_view key) const {
        const YAML::Node value = map[std::string(key)];
        if (!value || !value.IsScalar() || value.Scalar().empty()) {
            return fail(value ? value : map, fmt::format("{} is required (text)", key));
        }
        return value.Scalar();
    }

    [[nodiscard]] Result<std::string> optional_text(const YAML::Node& map,
                                                    std::string_view key) const {
        const YAML::Node value = map[std::string(key)];
        if (!value || value.IsNull()) {
            return std::string();
        }
        if (!value.IsScalar()) {
            return fail(value, fmt::format("{} is text", key));
        }
        return value.Scalar();
    }

    [[nodiscard]] Result<bool> optional_bool(const YAML::Node& map,
                                             std::string_view key,
                                             bool fallback) const {
        const YAML::Node value = map[std::string(key)];
        if (!value) {
            return fallback;
        }
        if (value.IsScalar() && (value.Scalar() == "true" || value.Scalar() == "false")) {
            return value.Scalar() == "true";
        }
        return fail(value, fmt::format("{} is true or false", key));
    }

    Status read_header(const YAML::Node& root) {
        auto id = required_text(root, "framework");
        WARDROUND_TRY(id);
        if (!is_framework_id(*id)) {
            return fail(root["framework"],
                        fmt::format("framework: '{}' must be upper-case letters, digits and "
                                    "hyphens",
                                    *id));
        }
        auto version = required_text(root, "version");
        WARDROUND_TRY(version);
        if (!is_node_id(*version)) {
            return fail(root["version"], fmt::format("version: '{}' may not hold spaces, ':' or "
                                                     "'/'",
                                                     *version));
        }
        auto title = required_text(root, "title");
        WARDROUND_TRY(title);
        auto kind_text = required_text(root, "kind");
        WARDROUND_TRY(kind_text);
        const auto kind = parse_framework_kind(*kind_text);
        if (!kind) {
            return fail(root["kind"], fmt::format("kind: '{}' is not outcomes, standards or "
                                                  "controls",
                                                  *kind_text));
        }
        framework_.id = std::move(*id);
        framework_.version = std::move(*version);
        framework_.title = std::move(*title);
        framework_.kind = *kind;
        return read_header_text(root);
    }

    Status read_header_text(const YAML::Node& root) {
        auto publisher = optional_text(root, "publisher");
        WARDROUND_TRY(publisher);
        auto published = optional_text(root, "published");
        WARDROUND_TRY(published);
        if (!published->empty() && !is_published_date(*published)) {
            return fail(root["published"],
                        fmt::format("published: '{}' is not YYYY-MM-DD or YYYY-MM", *published));
        }
        auto source = optional_text(root, "source");
        WARDROUND_TRY(source);
        auto note = optional_text(root, "note");
        WARDROUND_TRY(note);
        framework_.publisher = std::move(*publisher);
        framework_.published = std::move(*published);
        framework_.source = std::move(*source);
        framework_.note = std::move(*note);
        return {};
    }

    // The base's categories and nodes come first, so that the extension's own are checked
    // against them (new ids only) and follow them in the tree.
    Status read_extends(const YAML::Node& root) {
        auto extends = optional_text(root, "extends");
        WARDROUND_TRY(extends);
        if (extends->empty()) {
            return {};
        }
        const Framework* base =
            resolver_ != nullptr ? resolver_->find_framework(*extends) : nullptr;
        if (base == nullptr) {
            return fail(root["extends"],
                        fmt::format("extends: '{}' is not a framework already loaded", *extends),
                        ErrorCode::kNotFound);
        }
        if (base->kind != framework_.kind) {
            return fail(
                root["extends"],
                fmt::format("extends: '{}' is of kind {}, this file of kind {}", *extends,
                            framework_kind_name(base->kind), framework_kind_name(framework_.kind)));
        }
        framework_.extends = *extends;
        framework_.categories = base->categories;
        framework_.nodes = base->nodes;
        for (Node& node : framework_.nodes) {
            if (node.defined_in.empty()) {
                node.defined_in = base->qualified_id();
            }
            ids_.insert(node.id);
            for (const Indicator& indicator : node.indicators) {
                ids_.insert(indicator.id);
            }
        }
        return {};
    }

    Status read_categories(const YAML::Node& list) {
        if (!list) {
            return {};
        }
        if (!list.IsSequence()) {
            return fail(list, "categories: a list of {id, title}");
        }
        for (const YAML::Node& item : list) {
            if (!item.IsMap()) {
                return fail(item, "categories: each category is a mapping {id, title}");
            }
            constexpr std::string_view kKeys[] = {"id", "title"};
            WARDROUND_TRY(known_keys(item, kKeys));
            auto id = required_text(item, "id");
            WARDROUND_TRY(id);
            auto title = required_text(item, "title");
            WARDROUND_TRY(title);
            const bool known = std::any_of(
                framework_.categories.begin(), framework_.categories.end(),
                [&](const OrganisationCategory& category) { return category.id == *id; });
            if (!is_node_id(*id) || known) {
                return fail(item["id"], fmt::format("categories: '{}' is not a new id without "
                                                    "spaces",
                                                    *id));
            }
            framework_.categories.push_back({std::move(*id), std::move(*title)});
        }
        return {};
    }

    // Flags on inherited outcomes: an extension cannot restate a node of its base to give it
    // `mandatory`, so it names them here ({outcomes, categories, periods}, all three required).
    Status read_mandatory_outcomes(const YAML::Node& list) {
        if (!list) {
            return {};
        }
        if (framework_.extends.empty()) {
            return fail(list,
                        "mandatory_outcomes: only a file that extends another has it (its "
                        "own outcomes carry `mandatory`)");
        }
        if (!list.IsSequence()) {
            return fail(list, "mandatory_outcomes: a list of {outcomes, categories, periods}");
        }
        for (const YAML::Node& item : list) {
            WARDROUND_TRY(read_mandatory_outcome(item));
        }
        return {};
    }

    Status read_mandatory_outcome(const YAML::Node& item) {
        constexpr std::string_view kKeys[] = {"outcomes", "categories", "periods"};
        if (!item.IsMap() || item.size() != std::size(kKeys)) {
            WARDROUND_TRY(item.IsMap() ? known_keys(item, kKeys) : Status{});
            return fail(item,
                        "mandatory_outcomes: each entry is exactly {outcomes, categories, "
                        "periods}");
        }
        auto flag = read_flag(item, "mandatory_outcomes");
        WARDROUND_TRY(flag);
        const YAML::Node outcomes = item["outcomes"];
        if (!outcomes.IsSequence() || outcomes.size() == 0) {
            return fail(outcomes, "mandatory_outcomes: outcomes is a non-empty list");
        }
        for (const YAML::Node& outcome : outcomes) {
            const std::string id = outcome.IsScalar() ? outcome.Scalar() : std::string();
            const auto index = framework_.index_of(id);
            if (!index || framework_.nodes[*index].type != NodeType::kOutcome) {
                return fail(outcome, fmt::format("mandatory_outcomes: '{}' is not an outcome of {}",
                                                 id, framework_.extends));
            }
            framework_.nodes[*index].mandatory.push_back(*flag);
        }
        return {};
    }

    Status read_nodes(const YAML::Node& list, std::size_t parent) {
        if (!list.IsSequence()) {
            return fail(list, "nodes: a list of nodes");
        }
        for (const YAML::Node& item : list) {
            WARDROUND_TRY(read_node(item, parent));
        }
        return {};
    }

    // Checks the node's id against its parent's and the ids seen so far.
    Status check_id(const YAML::Node& at, const std::string& id, std::size_t parent) {
        if (!is_node_id(id)) {
            return fail(at, fmt::format("id '{}' may not hold spaces, ':' or '/'", id));
        }
        if (parent != kNoParent && !id.starts_with(framework_.nodes[parent].id)) {
            return fail(at, fmt::format("id '{}' does not start with its parent's id '{}'", id,
                                        framework_.nodes[parent].id));
        }
        if (!ids_.insert(id).second) {
            return fail(at, fmt::format("id '{}' is used twice in the framework{}", id,
                                        framework_.extends.empty() ? "" : " (or its base)"));
        }
        return {};
    }

    // The type fits the kind and its parent's type.
    [[nodiscard]] Status check_type(const YAML::Node& at, NodeType type, std::size_t parent) const {
        const FrameworkKind kind = framework_.kind;
        if (node_type_kind(type) != kind) {
            return fail(
                at, fmt::format("type '{}' is not one of {} ({} framework)", node_type_name(type),
                                kind_types(kind), framework_kind_name(kind)));
        }
        const int parent_rank = parent == kNoParent ? -1 : rank(framework_.nodes[parent].type);
        const bool fits = kind == FrameworkKind::kControls ? rank(type) > parent_rank
                                                           : rank(type) == parent_rank + 1;
        if (!fits) {
            const std::string under =
                parent == kNoParent
                    ? std::string("at the top level")
                    : "under " + with_article(node_type_name(framework_.nodes[parent].type));
            return fail(at,
                        fmt::format("{} cannot be {}", with_article(node_type_name(type)), under));
        }
        return {};
    }

    Status read_node(const YAML::Node& item, std::size_t parent) {
        path_ = parent == kNoParent ? std::string() : framework_.path(parent);
        if (!item.IsMap()) {
            return fail(item, "a node is a mapping with id, type and title");
        }
        auto node = read_node_fields(item, parent);
        WARDROUND_TRY(node);
        const NodeType type = node->type;
        const std::size_t index = framework_.nodes.size();
        if (parent != kNoParent) {
            framework_.nodes[parent].children.push_back(index);
        }
        framework_.nodes.push_back(std::move(*node));
        const YAML::Node children = item["nodes"];
        if (!children) {
            return {};
        }
        if (type == NodeType::kOutcome || type == NodeType::kEvidenceItem ||
            type == NodeType::kRequirement) {
            return fail(children, with_article(node_type_name(type)) + " has no nodes under it");
        }
        return read_nodes(children, index);
    }

    // Everything of a node but its children, checked against its parent before any child is
    // read: so a wrongly nested tree stops at its first bad level, however deep the YAML goes.
    Result<Node> read_node_fields(const YAML::Node& item, std::size_t parent) {
        auto node = read_node_identity(item, parent);
        WARDROUND_TRY(node);
        node->parent = parent;
        node->depth = parent == kNoParent ? 0 : framework_.nodes[parent].depth + 1;
        node->location = fmt::format("{} line {}", file_name_, item.Mark().line + 1);
        WARDROUND_TRY(read_node_text(item, *node));
        WARDROUND_TRY(read_mandatory(item["mandatory"], *node));
        WARDROUND_TRY(read_answer_keys(item, *node));
        WARDROUND_TRY(read_outcome_keys(item, *node));
        return node;
    }

    // The id and type, which the path in later errors and every later check depend on.
    Result<Node> read_node_identity(const YAML::Node& item, std::size_t parent) {
        auto id = required_text(item, "id");
        WARDROUND_TRY(id);
        path_ = path_.empty() ? *id : path_ + "/" + *id;
        WARDROUND_TRY(known_keys(item, kNodeKeys));
        WARDROUND_TRY(check_id(item["id"], *id, parent));
        auto type_text = required_text(item, "type");
        WARDROUND_TRY(type_text);
        const auto type = parse_node_type(*type_text);
        if (!type) {
            return fail(item["type"], fmt::format("type '{}' is not one of {}", *type_text,
                                                  kind_types(framework_.kind)));
        }
        WARDROUND_TRY(check_type(item["type"], *type, parent));
        Node node;
        node.id = std::move(*id);
        node.type = *type;
        return node;
    }

    Status read_node_text(const YAML::Node& item, Node& node) const {
        auto title = required_text(item, "title");
        WARDROUND_TRY(title);
        auto summary = optional_text(item, "summary");
        WARDROUND_TRY(summary);
        auto text = optional_text(item, "text");
        WARDROUND_TRY(text);
        node.title = std::move(*title);
        node.summary = std::move(*summary);
        node.text = std::move(*text);
        return {};
    }

    // `response` and `not_applicable`: only on what is answered (evidence items, controls and
    // requirements), since elsewhere they would be silently meaningless.
    Status read_answer_keys(const YAML::Node& item, Node& node) const {
        for (const char* key : {"response", "not_applicable"}) {
            if (item[key] && !is_answered_type(node.type)) {
                return fail(item[key], fmt::format("{}: only an evidence item, control or "
                                                   "requirement is answered",
                                                   key));
            }
        }
        auto not_applicable = optional_bool(item, "not_applicable", false);
        WARDROUND_TRY(not_applicable);
        node.not_applicable = *not_applicable;
        auto response = optional_text(item, "response");
        WARDROUND_TRY(response);
        if (!response->empty()) {
            const auto type = parse_response_type(*response);
            if (!type) {
                return fail(
                    item["response"],
                    fmt::format("response: '{}' is not yes-no, text, number or file", *response));
            }
            node.response = *type;
        }
        return {};
    }

    Status read_outcome_keys(const YAML::Node& item, Node& node) {
        for (const char* key : {"partially_achieved", "indicators"}) {
            if (item[key] && node.type != NodeType::kOutcome) {
                return fail(item[key], fmt::format("{}: only an outcome has it", key));
            }
        }
        auto partially = optional_bool(item, "partially_achieved", true);
        WARDROUND_TRY(partially);
        node.partially_achieved = *partially;
        const YAML::Node indicators = item["indicators"];
        if (!indicators) {
            return {};
        }
        if (!indicators.IsMap()) {
            return fail(indicators,
                        "indicators: a mapping of achieved, partially_achieved and "
                        "not_achieved to lists");
        }
        constexpr std::string_view kColumns[] = {"achieved", "partially_achieved", "not_achieved"};
        WARDROUND_TRY(known_keys(indicators, kColumns));
        for (const auto column : {IndicatorColumn::kAchieved, IndicatorColumn::kPartiallyAchieved,
                                  IndicatorColumn::kNotAchieved}) {
            WARDROUND_TRY(
                read_column(indicators[std::string(indicator_column_name(column))], column, node));
        }
        return {};
    }

    Status read_column(const YAML::Node& list, IndicatorColumn column, Node& node) {
        if (!list || list.IsNull()) {
            return {};
        }
        const auto name = indicator_column_name(column);
        if (!list.IsSequence()) {
            return fail(list, fmt::format("indicators.{}: a list of {{id, text}}", name));
        }
        if (column == IndicatorColumn::kPartiallyAchieved && !node.partially_achieved &&
            list.size() > 0) {
            return fail(list,
                        "indicators.partially_achieved: the outcome has no Partially "
                        "achieved column (partially_achieved: false)");
        }
        for (const YAML::Node& item : list) {
            WARDROUND_TRY(read_indicator(item, column, node));
        }
        return {};
    }

    Status read_indicator(const YAML::Node& item, IndicatorColumn column, Node& node) {
        const auto name = indicator_column_name(column);
        if (!item.IsMap()) {
            return fail(item, fmt::format("indicators.{}: each indicator is {{id, text}}", name));
        }
        constexpr std::string_view kKeys[] = {"id", "text"};
        WARDROUND_TRY(known_keys(item, kKeys));
        auto id = required_text(item, "id");
        WARDROUND_TRY(id);
        auto text = required_text(item, "text");
        WARDROUND_TRY(text);
        if (!is_node_id(*id) || !id->starts_with(node.id) || *id == node.id) {
            return fail(item["id"], fmt::format("indicators.{}: id '{}' must start with the "
                                                "outcome's id '{}' and hold no spaces",
                                                name, *id, node.id));
        }
        if (!ids_.insert(*id).second) {
            return fail(item["id"], fmt::format("indicators.{}: id '{}' is used twice in the "
                                                "framework",
                                                name, *id));
        }
        node.indicators.push_back({std::move(*id), std::move(*text), column});
        return {};
    }

    Status read_mandatory(const YAML::Node& list, Node& node) const {
        if (!list) {
            return {};
        }
        if (!list.IsSequence()) {
            return fail(list, "mandatory: a list of {categories, periods}");
        }
        for (const YAML::Node& item : list) {
            constexpr std::string_view kKeys[] = {"categories", "periods"};
            WARDROUND_TRY(item.IsMap() ? known_keys(item, kKeys) : Status{});
            auto flag = read_flag(item, "mandatory");
            WARDROUND_TRY(flag);
            node.mandatory.push_back(std::move(*flag));
        }
        return {};
    }

    // One {categories: [...], periods: [...]}: the categories the file declares (at least one),
    // the periods (none: every period) like 2024-25.
    [[nodiscard]] Result<MandatoryFlag> read_flag(const YAML::Node& item,
                                                  std::string_view key) const {
        if (!item.IsMap()) {
            return fail(item, fmt::format("{}: each entry is {{categories, periods}}", key));
        }
        MandatoryFlag flag;
        const YAML::Node categories = item["categories"];
        if (!categories || !categories.IsSequence() || categories.size() == 0) {
            return fail(categories ? categories : item,
                        fmt::format("{}: categories is a non-empty list", key));
        }
        for (const YAML::Node& category : categories) {
            const std::string id = category.IsScalar() ? category.Scalar() : std::string();
            const bool declared =
                std::any_of(framework_.categories.begin(), framework_.categories.end(),
                            [&](const OrganisationCategory& known) { return known.id == id; });
            if (!declared) {
                return fail(category, fmt::format("{}: category '{}' is not declared under "
                                                  "categories",
                                                  key, id));
            }
            flag.categories.push_back(id);
        }
        const YAML::Node periods = item["periods"];
        if (periods && !periods.IsSequence()) {
            return fail(periods, fmt::format("{}: periods is a list", key));
        }
        for (const YAML::Node& period : periods ? periods : YAML::Node(YAML::NodeType::Sequence)) {
            const std::string text = period.IsScalar() ? period.Scalar() : std::string();
            if (!is_period(text)) {
                return fail(period, fmt::format("{}: period '{}' is not like 2024-25", key, text));
            }
            flag.periods.push_back(text);
        }
        return flag;
    }

    std::string_view file_name_;
    const FrameworkResolver* resolver_;
    Framework framework_;
    std::set<std::string, std::less<>> ids_;  // nodes' and indicators' ids, the base's included
    std::string path_;
};

}  // namespace

Result<Framework> parse_framework_yaml(std::string_view text,
                                       std::string_view file_name,
                                       const FrameworkResolver* for_extends) {
    try {
        const YAML::Node root = YAML::Load(std::string(text));
        return LibraryReader(file_name, for_extends).read(root);
    } catch (const YAML::Exception& error) {
        // The parser's own message says what it expected; its mark says where.
        return make_error(ErrorCode::kInvalidArgument, "not valid YAML: " + error.msg,
                          fmt::format("{} line {} column {}", file_name, error.mark.line + 1,
                                      error.mark.column + 1));
    }
}

Result<std::vector<Framework>> parse_framework_files(
    const std::vector<std::pair<std::string, std::string>>& files) {
    std::vector<Framework> loaded;
    std::vector<const std::pair<std::string, std::string>*> pending;
    pending.reserve(files.size());
    for (const auto& file : files) {
        pending.push_back(&file);
    }
    // Each pass loads what it can; an extension whose base is not loaded yet waits for the next.
    // A pass that loads nothing ends it: what remains extends nothing that will ever load.
    while (!pending.empty()) {
        std::vector<const std::pair<std::string, std::string>*> waiting;
        std::optional<Error> first_missing;
        for (const auto* file : pending) {
            const FrameworkList resolver(loaded);
            auto framework = parse_framework_yaml(file->second, file->first, &resolver);
            if (!framework && framework.error().code == ErrorCode::kNotFound) {
                waiting.push_back(file);
                if (!first_missing) {
                    first_missing = framework.error();
                }
                continue;
            }
            WARDROUND_TRY(framework);
            if (resolver.find_framework(framework->qualified_id()) != nullptr) {
                return make_error(
                    ErrorCode::kInvalidArgument,
                    fmt::format("framework {} is loaded twice", framework->qualified_id()),
                    file->first);
            }
            loaded.push_back(std::move(*framework));
        }
        if (waiting.size() == pending.size()) {
            return propagate(std::move(*first_missing));
        }
        pending = std::move(waiting);
    }
    return loaded;
}

Result<std::vector<Framework>> builtin_frameworks() {
    return parse_framework_files(builtin_framework_files());
}

}  // namespace wardround::assess

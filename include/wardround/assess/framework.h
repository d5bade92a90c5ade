// SPDX-License-Identifier: Apache-2.0
// Frameworks as versioned data: the tree of things an organisation is assessed against (CAF
// objectives, principles and outcomes with their indicators; DSPT standards, assertions and
// evidence items; NIST CSF, Cyber Essentials and ISO 27001 controls). Ids leave a framework only
// qualified by it and its version ("CAF-3.2:A2.b"), since the same id means different things in
// different versions. docs/frameworks.md gives the YAML schema; framework_yaml.h reads it and
// oscal_catalog.h reads OSCAL catalogues into the same model.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <wardround/core/result.h>

namespace wardround::assess {

enum class FrameworkKind : std::uint8_t { kOutcomes, kStandards, kControls };

[[nodiscard]] std::string_view framework_kind_name(FrameworkKind kind);  // "outcomes", ...
[[nodiscard]] std::optional<FrameworkKind> parse_framework_kind(std::string_view text);

// Every node type of every kind; which ones a kind uses, and how they nest, is in
// node_type_kind() and docs/frameworks.md.
enum class NodeType : std::uint8_t {
    kObjective,
    kPrinciple,
    kOutcome,  // outcomes
    kStandard,
    kAssertion,
    kEvidenceItem,  // standards
    kFunction,
    kCategory,
    kControl,
    kRequirement,  // controls
};
inline constexpr std::size_t kNodeTypeCount = 10;

[[nodiscard]] std::string_view node_type_name(NodeType type);  // "evidence-item", ...
[[nodiscard]] std::optional<NodeType> parse_node_type(std::string_view text);
[[nodiscard]] FrameworkKind node_type_kind(NodeType type);

// The three columns of a CAF outcome's indicators of good practice.
enum class IndicatorColumn : std::uint8_t { kAchieved, kPartiallyAchieved, kNotAchieved };

[[nodiscard]] std::string_view indicator_column_name(IndicatorColumn column);  // "achieved", ...

struct Indicator {
    std::string id;  // "A1.a.A.1": the publisher's index, starting with the outcome's id
    std::string text;
    IndicatorColumn column = IndicatorColumn::kAchieved;
};

// How an evidence item is answered.
enum class ResponseType : std::uint8_t { kYesNo, kText, kNumber, kFile };

[[nodiscard]] std::string_view response_type_name(ResponseType type);  // "yes-no", ...
[[nodiscard]] std::optional<ResponseType> parse_response_type(std::string_view text);

// A node is mandatory for organisations in these categories in these periods ("2024-25").
struct MandatoryFlag {
    std::vector<std::string> categories;
    std::vector<std::string> periods;
};

struct OrganisationCategory {
    std::string id;  // "category-1"
    std::string title;
};

inline constexpr std::size_t kNoParent = std::numeric_limits<std::size_t>::max();

struct Node {
    std::string id;  // "A2.b", "GV.OC-01", "1.1.1"
    NodeType type = NodeType::kRequirement;
    std::string title;
    std::string summary;  // ours, where the publisher's text may not be copied
    std::string text;     // the statement as written (OSCAL imports; YAML `text`)
    // Outcomes: false when the outcome has no Partially achieved column.
    bool partially_achieved = true;
    std::vector<MandatoryFlag> mandatory;
    // Answered nodes of the standards and controls kinds.
    ResponseType response = ResponseType::kYesNo;
    bool not_applicable = false;  // N/A is an allowed answer
    // Outcomes: the indicators, achieved first, then partially achieved, then not achieved.
    std::vector<Indicator> indicators;

    // The tree, kept flat: nodes are stored in document order (pre-order), so walking the vector
    // walks the tree; these let a caller go up and down without searching.
    std::size_t parent = kNoParent;
    std::vector<std::size_t> children;
    std::size_t depth = 0;  // 0 for top-level nodes
    // The framework that defined the node ("CAF-3.2" in the CAF-aligned DSPT, which extends it).
    std::string defined_in;
    std::string location;  // "caf-3.2.yaml line 212", "catalog.xml line 40", "$.catalog.groups[0]"
};

// What is answered: a node (standards, controls, an outcome without indicators), or an indicator
// of an outcome.
struct AnsweredItem {
    std::size_t node = 0;
    const Indicator* indicator = nullptr;  // points into the framework's node, or null
};

// "CAF-3.2:A2.b" split: the framework's qualified id ("CAF-3.2", "DSPT-CAF-2024-25") and the node.
// The framework part is not split further, because ids and versions may both hold hyphens.
struct QualifiedId {
    std::string framework;
    std::string node;
};

// Errors: kInvalidArgument when there is no ':', or either side is empty or holds white space.
[[nodiscard]] Result<QualifiedId> parse_qualified_id(std::string_view text);

struct Framework {
    std::string id;       // "CAF": upper-case letters, digits and hyphens
    std::string version;  // "3.2", "2024-25"
    std::string title;
    std::string publisher;
    std::string published;  // "2024-04-01" or "2024-04"
    std::string source;     // the publisher's URL
    FrameworkKind kind = FrameworkKind::kControls;
    std::string note;
    std::string extends;  // the base's qualified id, or empty
    std::vector<OrganisationCategory> categories;
    std::vector<Node> nodes;  // pre-order; see Node::parent and Node::children
    std::string file;         // where it was read from

    // "CAF-3.2".
    [[nodiscard]] std::string qualified_id() const { return id + "-" + version; }
    // "CAF-3.2:A2.b" (also for indicator ids).
    [[nodiscard]] std::string qualified(std::string_view node_id) const;

    // The node with this id, or null. Linear: the largest catalogue has some 1,200 nodes and
    // look-ups are rare next to walks, so an index would cost more in upkeep than it saves.
    [[nodiscard]] const Node* find(std::string_view node_id) const;
    [[nodiscard]] std::optional<std::size_t> index_of(std::string_view node_id) const;
    // The indicator with this id and its outcome, or null.
    [[nodiscard]] const Indicator* find_indicator(std::string_view indicator_id) const;

    [[nodiscard]] std::vector<std::size_t> top_level() const;
    // The node's ancestors' ids and its own, joined by '/': "A/A2/A2.b".
    [[nodiscard]] std::string path(std::size_t index) const;

    // What is answered: every indicator of every outcome, or the outcome itself where it has none
    // (outcomes); every evidence item (standards); every node without children (controls); in
    // document order.
    [[nodiscard]] std::vector<AnsweredItem> answered_items() const;
    [[nodiscard]] std::size_t count(NodeType type) const;
    [[nodiscard]] std::size_t indicator_count() const;
};

// Looks frameworks up by qualified id, for `extends` and for resolving qualified node ids.
class FrameworkResolver {
public:
    FrameworkResolver() = default;
    FrameworkResolver(const FrameworkResolver&) = default;
    FrameworkResolver& operator=(const FrameworkResolver&) = default;
    FrameworkResolver(FrameworkResolver&&) = default;
    FrameworkResolver& operator=(FrameworkResolver&&) = default;
    virtual ~FrameworkResolver() = default;
    // The framework with this qualified id ("CAF-3.2"), or null.
    [[nodiscard]] virtual const Framework* find_framework(std::string_view qualified_id) const = 0;
};

// A resolver over frameworks the caller holds; they must outlive it.
class FrameworkList : public FrameworkResolver {
public:
    explicit FrameworkList(const std::vector<Framework>& frameworks) : frameworks_(&frameworks) {}
    [[nodiscard]] const Framework* find_framework(std::string_view qualified_id) const override;

private:
    const std::vector<Framework>* frameworks_;
};

// The node a qualified id names, or null when the framework or the node is unknown.
[[nodiscard]] const Node* resolve_node(const FrameworkResolver& frameworks, const QualifiedId& id);

}  // namespace wardround::assess

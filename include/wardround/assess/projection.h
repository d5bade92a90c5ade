// SPDX-License-Identifier: Apache-2.0
// Projection: one framework's answers shown against another's nodes through crosswalks, so that a
// CAF self-assessment says how far it already evidences Cyber Essentials or the NIST CSF. A target
// node is covered only through `equal` or `superset` from a source node that is met or achieved;
// weaker relations, and partial achievement, are partial evidence; the rest are gaps.
// docs/profiles-and-crosswalks.md, "Projection", gives the rule as implemented.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <wardround/assess/assessment_rules.h>
#include <wardround/assess/crosswalk.h>
#include <wardround/assess/framework.h>
#include <wardround/core/result.h>

namespace wardround::assess {

// A leaf of a standards or controls framework as answered.
enum class NodeAnswer : std::uint8_t { kUnanswered, kMet, kNotMet, kNotApplicable };

[[nodiscard]] std::string_view node_answer_name(NodeAnswer answer);  // "met", "not-met", ...

// A source node's state: an outcome's level (and whether its answers decide it), or a leaf's
// answer. Made with the two factories so the two never mix.
struct NodeState {
    std::optional<Achievement> achievement;       // outcomes
    bool complete = false;                        // outcomes: the level is decided
    NodeAnswer answer = NodeAnswer::kUnanswered;  // other kinds

    [[nodiscard]] static NodeState outcome(Achievement level, bool is_complete);
    [[nodiscard]] static NodeState leaf(NodeAnswer node_answer);
    [[nodiscard]] static NodeState unanswered() { return {}; }

    // "achieved", "partially-achieved (incomplete)", "met", "unanswered".
    [[nodiscard]] std::string describe() const;
};

using NodeStates = std::function<NodeState(const Node&)>;

enum class Coverage : std::uint8_t { kCovered, kPartial, kGap };

[[nodiscard]] std::string_view coverage_name(Coverage coverage);  // "covered", "partial", "gap"

// One relation that reached a target node, read in the source-to-target direction.
struct ProjectedEvidence {
    std::string source_node;  // id in the source framework
    Relation relation = Relation::kIntersects;
    NodeState state;
    Coverage gives = Coverage::kGap;  // what this relation alone makes of the target node
    std::string crosswalk;            // its id, with " (reversed)" when read backwards
    std::string note;
};

struct ProjectedNode {
    std::size_t target_index = 0;             // into the target framework's nodes
    std::string target_node;                  // its id
    Coverage coverage = Coverage::kGap;       // the best any relation gives
    std::vector<ProjectedEvidence> evidence;  // every relation onto the node, in crosswalk order
};

struct Projection {
    std::string source;  // qualified framework ids
    std::string target;
    std::vector<std::string> crosswalks;  // the ids used, " (reversed)" marking derived ones
    std::vector<ProjectedNode> nodes;     // every answered node of the target, in document order
    std::size_t covered = 0;
    std::size_t partial = 0;
    std::size_t gaps = 0;
    std::size_t total = 0;  // nodes.size()
    // Relations onto a target node that is not answered (a control that has requirements), which
    // the rule does not carry down; counted so that they are visible, not silently dropped.
    std::size_t relations_not_on_answered_nodes = 0;

    // covered / total, 0 when there is nothing to cover.
    [[nodiscard]] double share_covered() const;
};

// Projects the source framework's answers onto the target's answered nodes (outcomes, evidence
// items, or the leaves of a controls framework), through every crosswalk in `crosswalks` that runs
// from source to target, and the reverse of every one that runs from target to source.
// `states` is asked for each source node a relation names (an outcome, or a standard, assertion or
// leaf, as the crosswalk has it).
// Errors: kNotFound when no crosswalk relates the two frameworks in either direction.
[[nodiscard]] Result<Projection> project(const Framework& source,
                                         const NodeStates& states,
                                         const Framework& target,
                                         const std::vector<Crosswalk>& crosswalks);

}  // namespace wardround::assess

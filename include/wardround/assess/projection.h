// SPDX-License-Identifier: Apache-2.0
// Projection: one framework's answers shown against another's nodes through crosswalks, so that a
// CAF self-assessment says how far it already evidences Cyber Essentials or the NIST CSF. A target
// node is covered only through `equal` or `superset` from a source node that is met or achieved;
// weaker relations, and partial achievement, are partial evidence; the rest are gaps. Crosswalks
// are read as written, reversed, or applied to a framework that inherits one of their ends; when
// none relates the two frameworks, two are composed through a third.
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
    std::string crosswalk;            // its Crosswalk::name(): "(reversed)", "via CSF-2.0: ..."
    std::string note;                 // a composed pair's: "via CSF-2.0 PR.AA-01; ..."
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
    // The crosswalks used, by Crosswalk::name(): "CAF-3.2--CE-3.2 (reversed)", "CAF-3.2--CE-3.2
    // (inherited by DSPT-CAF-2024-25)", "via CSF-2.0: CAF-3.2--CSF-2.0, then CSF-2.0--ISO-...".
    std::vector<std::string> crosswalks;
    std::vector<ProjectedNode> nodes;  // every answered node of the target, in document order
    std::size_t covered = 0;
    std::size_t partial = 0;
    std::size_t gaps = 0;
    std::size_t total = 0;  // nodes.size()
    // Relations onto a target node that is not answered (a control that has requirements), which
    // the rule does not carry down; counted so that they are visible, not silently dropped.
    std::size_t relations_not_on_answered_nodes = 0;
    // Relations of an inherited crosswalk whose node the inheriting framework lacks or redefines.
    std::size_t relations_not_inherited = 0;
    // Two-step projections: pairs of relations that met at an intermediate node but whose
    // composition says nothing certain (compose()), so yield nothing; counted so that a route
    // through weak relations (intersects then intersects) shows why it finds little.
    std::size_t compositions_dropped = 0;

    // covered / total, 0 when there is nothing to cover.
    [[nodiscard]] double share_covered() const;
};

// Projects the source framework's answers onto the target's answered nodes (outcomes, evidence
// items, or the leaves of a controls framework), through every crosswalk in `crosswalks` that
// relates the two (applied_crosswalk: as written, reversed, or applied to a framework that
// inherits one of its ends). When none does, through every composition of two crosswalks that
// meet at an intermediate framework `frameworks` holds (composed_crosswalk), intermediates by
// qualified id, each one a framework that one of the two legs names (a framework that only
// inherits its nodes would repeat the same route). A direct route is always preferred.
// `states` is asked for each source node a relation names (an outcome, or a standard, assertion or
// leaf, as the crosswalk has it).
// Errors: kInvalidArgument when the two share nodes (the same framework, or one extends the
// other: the nodes are answered once, there is nothing to project); kNotFound when no crosswalk
// relates the two frameworks in either direction, directly or through one intermediate.
[[nodiscard]] Result<Projection> project(const Framework& source,
                                         const NodeStates& states,
                                         const Framework& target,
                                         const std::vector<Crosswalk>& crosswalks,
                                         const FrameworkResolver& frameworks);

// As above with no intermediate frameworks at hand: direct routes only.
[[nodiscard]] Result<Projection> project(const Framework& source,
                                         const NodeStates& states,
                                         const Framework& target,
                                         const std::vector<Crosswalk>& crosswalks);

}  // namespace wardround::assess

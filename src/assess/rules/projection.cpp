// SPDX-License-Identifier: Apache-2.0
// Projection of one framework's answers onto another's nodes (docs/profiles-and-crosswalks.md,
// "Projection").
#include <algorithm>
#include <map>
#include <unordered_map>

#include <fmt/format.h>

#include <wardround/assess/projection.h>

namespace wardround::assess {
namespace {

constexpr std::array<std::string_view, 4> kNodeAnswerNames = {"unanswered", "met", "not-met",
                                                              "not-applicable"};
constexpr std::array<std::string_view, 3> kCoverageNames = {"covered", "partial", "gap"};

// How much a source node's state shows, before the relation is taken into account.
enum class Strength : std::uint8_t { kNone, kPartial, kFull };

// Full: met, or achieved and decided. Partial: partially achieved (decided or at least), or
// achieved on answers that do not yet decide it. Nothing: not met, not achieved, not applicable
// (which says the source does not apply, not that the target is met) or unanswered.
Strength strength(const NodeState& state) {
    if (state.achievement) {
        if (*state.achievement == Achievement::kAchieved) {
            return state.complete ? Strength::kFull : Strength::kPartial;
        }
        return *state.achievement == Achievement::kPartiallyAchieved ? Strength::kPartial
                                                                     : Strength::kNone;
    }
    return state.answer == NodeAnswer::kMet ? Strength::kFull : Strength::kNone;
}

Coverage gives(Relation relation, const NodeState& state) {
    const Strength shown = strength(state);
    if (shown == Strength::kNone) {
        return Coverage::kGap;
    }
    const bool covers_all = relation == Relation::kEqual || relation == Relation::kSuperset;
    return covers_all && shown == Strength::kFull ? Coverage::kCovered : Coverage::kPartial;
}

// Lower is better, so the best of several is the minimum.
Coverage best(Coverage first, Coverage second) {
    return static_cast<std::uint8_t>(first) < static_cast<std::uint8_t>(second) ? first : second;
}

// The crosswalks that relate the two frameworks, each read from source to target.
std::vector<Crosswalk> directed(const std::vector<Crosswalk>& crosswalks,
                                const std::string& source,
                                const std::string& target) {
    std::vector<Crosswalk> out;
    for (const Crosswalk& crosswalk : crosswalks) {
        if (crosswalk.from == source && crosswalk.to == target) {
            out.push_back(crosswalk);
        } else if (crosswalk.from == target && crosswalk.to == source) {
            out.push_back(reversed_crosswalk(crosswalk));
        }
    }
    return out;
}

// The target's answered nodes in document order (an outcome once, however many indicators).
std::vector<std::size_t> answered_nodes(const Framework& framework) {
    std::vector<std::size_t> out;
    for (const AnsweredItem& item : framework.answered_items()) {
        if (out.empty() || out.back() != item.node) {
            out.push_back(item.node);
        }
    }
    return out;
}

}  // namespace

std::string_view node_answer_name(NodeAnswer answer) {
    return kNodeAnswerNames.at(static_cast<std::size_t>(answer));
}

std::string_view coverage_name(Coverage coverage) {
    return kCoverageNames.at(static_cast<std::size_t>(coverage));
}

NodeState NodeState::outcome(Achievement level, bool is_complete) {
    NodeState state;
    state.achievement = level;
    state.complete = is_complete;
    return state;
}

NodeState NodeState::leaf(NodeAnswer node_answer) {
    NodeState state;
    state.answer = node_answer;
    return state;
}

std::string NodeState::describe() const {
    if (achievement) {
        return fmt::format("{}{}", achievement_name(*achievement), complete ? "" : " (incomplete)");
    }
    return std::string(node_answer_name(answer));
}

double Projection::share_covered() const {
    return total == 0 ? 0.0 : static_cast<double>(covered) / static_cast<double>(total);
}

Result<Projection> project(const Framework& source,
                           const NodeStates& states,
                           const Framework& target,
                           const std::vector<Crosswalk>& crosswalks) {
    Projection projection;
    projection.source = source.qualified_id();
    projection.target = target.qualified_id();
    const std::vector<Crosswalk> used = directed(crosswalks, projection.source, projection.target);
    if (used.empty()) {
        return make_error(ErrorCode::kNotFound,
                          fmt::format("no crosswalk relates {} and {} in either direction",
                                      projection.source, projection.target));
    }
    std::unordered_map<std::string, std::size_t> slot_of;  // target node id -> projection.nodes
    for (const std::size_t index : answered_nodes(target)) {
        slot_of.emplace(target.nodes[index].id, projection.nodes.size());
        projection.nodes.push_back({index, target.nodes[index].id, Coverage::kGap, {}});
    }
    std::map<std::string, NodeState, std::less<>> asked;  // each source node asked once
    for (const Crosswalk& crosswalk : used) {
        const std::string name = crosswalk.id + (crosswalk.is_reversed ? " (reversed)" : "");
        projection.crosswalks.push_back(name);
        for (const CrosswalkPair& pair : crosswalk.relations) {
            const auto slot = slot_of.find(pair.to);
            if (slot == slot_of.end()) {
                ++projection.relations_not_on_answered_nodes;
                continue;
            }
            auto state = asked.find(pair.from);
            if (state == asked.end()) {
                const Node* node = source.find(pair.from);
                state =
                    asked.emplace(pair.from, node != nullptr ? states(*node) : NodeState{}).first;
            }
            ProjectedNode& projected = projection.nodes[slot->second];
            const Coverage coverage = gives(pair.relation, state->second);
            projected.coverage = best(projected.coverage, coverage);
            projected.evidence.push_back(
                {pair.from, pair.relation, state->second, coverage, name, pair.note});
        }
    }
    for (const ProjectedNode& node : projection.nodes) {
        switch (node.coverage) {
            case Coverage::kCovered:
                ++projection.covered;
                break;
            case Coverage::kPartial:
                ++projection.partial;
                break;
            case Coverage::kGap:
                ++projection.gaps;
                break;
        }
    }
    projection.total = projection.nodes.size();
    return projection;
}

}  // namespace wardround::assess

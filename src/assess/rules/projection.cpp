// SPDX-License-Identifier: Apache-2.0
// Projection of one framework's answers onto another's nodes (docs/profiles-and-crosswalks.md,
// "Projection").
#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <utility>

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

// Every crosswalk that relates the two (as written, reversed or inherited), read source to target.
std::vector<Crosswalk> direct(const std::vector<Crosswalk>& crosswalks,
                              const Framework& source,
                              const Framework& target) {
    std::vector<Crosswalk> out;
    for (const Crosswalk& crosswalk : crosswalks) {
        if (auto applied = applied_crosswalk(crosswalk, source, target)) {
            out.push_back(std::move(*applied));
        }
    }
    return out;
}

bool inherited_at(const Crosswalk& crosswalk, const std::string& framework) {
    return std::find(crosswalk.inherited_by.begin(), crosswalk.inherited_by.end(), framework) !=
           crosswalk.inherited_by.end();
}

// Every composition of a crosswalk from source to an intermediate with one from it to target, the
// intermediates (the frameworks crosswalks name) by qualified id. A route whose legs both reach the
// intermediate only by inheritance is left out: it is the route through the framework the legs
// name, under another name. applied_crosswalk() relates nothing that shares nodes with source or
// target, so neither serves as the intermediate of a route between them.
std::vector<Crosswalk> two_step(const std::vector<Crosswalk>& crosswalks,
                                const Framework& source,
                                const Framework& target,
                                const FrameworkResolver& frameworks) {
    std::set<std::string> named;
    for (const Crosswalk& crosswalk : crosswalks) {
        named.insert(crosswalk.from);
        named.insert(crosswalk.to);
    }
    std::vector<Crosswalk> out;
    for (const std::string& id : named) {
        const Framework* middle = frameworks.find_framework(id);
        if (middle == nullptr) {
            continue;
        }
        const std::vector<Crosswalk> onward = direct(crosswalks, *middle, target);
        for (const Crosswalk& first : direct(crosswalks, source, *middle)) {
            for (const Crosswalk& second : onward) {
                if (!inherited_at(first, id) || !inherited_at(second, id)) {
                    out.push_back(composed_crosswalk(first, second));
                }
            }
        }
    }
    return out;
}

// The derived framework answers the nodes it holds from its base itself: a crosswalk between the
// two would relate each such node to itself.
tl::unexpected<Error> shared_nodes_error(const Framework& source, const Framework& target) {
    if (source.qualified_id() == target.qualified_id()) {
        return make_error(ErrorCode::kInvalidArgument,
                          fmt::format("{} is not projected onto itself", source.qualified_id()));
    }
    const std::vector<std::string> origins = node_origins(source);
    const bool source_derived =
        std::find(origins.begin(), origins.end(), target.qualified_id()) != origins.end();
    const Framework& derived = source_derived ? source : target;
    const Framework& base = source_derived ? target : source;
    return make_error(ErrorCode::kInvalidArgument,
                      fmt::format("{} extends {} and holds its nodes as they are: there is "
                                  "nothing to project between them",
                                  derived.qualified_id(), base.qualified_id()));
}

// The crosswalks to project through, read source to target: direct ones, else two-step ones.
Result<std::vector<Crosswalk>> route(const Framework& source,
                                     const Framework& target,
                                     const std::vector<Crosswalk>& crosswalks,
                                     const FrameworkResolver& frameworks) {
    if (shares_nodes(source, target)) {
        return shared_nodes_error(source, target);
    }
    std::vector<Crosswalk> used = direct(crosswalks, source, target);
    if (used.empty()) {
        used = two_step(crosswalks, source, target, frameworks);
    }
    if (used.empty()) {
        return make_error(ErrorCode::kNotFound,
                          fmt::format("no crosswalk relates {} and {} in either direction, "
                                      "directly or through one other framework",
                                      source.qualified_id(), target.qualified_id()));
    }
    return used;
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
                           const std::vector<Crosswalk>& crosswalks,
                           const FrameworkResolver& frameworks) {
    auto used = route(source, target, crosswalks, frameworks);
    WARDROUND_TRY(used);
    Projection projection;
    projection.source = source.qualified_id();
    projection.target = target.qualified_id();
    std::unordered_map<std::string, std::size_t> slot_of;  // target node id -> projection.nodes
    for (const std::size_t index : answered_nodes(target)) {
        slot_of.emplace(target.nodes[index].id, projection.nodes.size());
        projection.nodes.push_back({index, target.nodes[index].id, Coverage::kGap, {}});
    }
    std::map<std::string, NodeState, std::less<>> asked;  // each source node asked once
    for (const Crosswalk& crosswalk : *used) {
        const std::string name = crosswalk.name();
        projection.crosswalks.push_back(name);
        projection.relations_not_inherited += crosswalk.relations_not_inherited;
        projection.compositions_dropped += crosswalk.compositions_dropped;
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

Result<Projection> project(const Framework& source,
                           const NodeStates& states,
                           const Framework& target,
                           const std::vector<Crosswalk>& crosswalks) {
    static const std::vector<Framework> kNoIntermediates;
    return project(source, states, target, crosswalks, FrameworkList(kNoIntermediates));
}

}  // namespace wardround::assess

// SPDX-License-Identifier: Apache-2.0
// An assessment's answers projected through the built-in crosswalks (assessment_projection.h).
#include <map>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <wardround/assess/assessment_projection.h>
#include <wardround/assess/assessment_rules.h>
#include <wardround/assess/crosswalk.h>
#include <wardround/assess/framework_library.h>

namespace wardround::assess {
namespace {

NodeAnswer leaf_answer(const std::string& value) {
    if (value == "met") {
        return NodeAnswer::kMet;
    }
    if (value == "not-met") {
        return NodeAnswer::kNotMet;
    }
    return value == "not-applicable" ? NodeAnswer::kNotApplicable : NodeAnswer::kUnanswered;
}

// The state of every node the status shows, by id: an outcome's level as the CAF rule gives it, a
// standard's or control's met or not met, and each answered leaf's own answer (a crosswalk may
// name the standard or the evidence item beneath it).
std::map<std::string, NodeState> states_of(const AssessmentStatus& status) {
    std::map<std::string, NodeState> states;
    for (const NodeStatus& node : status.nodes) {
        if (status.kind == "outcomes") {
            const std::optional<Achievement> level = parse_achievement(node.status);
            states[node.id] =
                level ? NodeState::outcome(*level, node.complete) : NodeState::unanswered();
            continue;
        }
        states[node.id] = NodeState::leaf(node.status == "met"       ? NodeAnswer::kMet
                                          : node.status == "not-met" ? NodeAnswer::kNotMet
                                                                     : NodeAnswer::kUnanswered);
        for (const ItemStatus& item : node.items) {
            states[item.id] = NodeState::leaf(leaf_answer(item.value));
        }
    }
    return states;
}

struct Loaded {
    std::vector<Crosswalk> crosswalks;
    std::vector<std::string> unavailable;
};

Result<Loaded> load_crosswalks(const FrameworkLibrary& library) {
    auto loads = builtin_crosswalks(library);
    WARDROUND_TRY(loads);
    Loaded loaded;
    for (CrosswalkLoad& load : *loads) {
        if (load.crosswalk) {
            loaded.crosswalks.push_back(std::move(*load.crosswalk));
        } else {
            loaded.unavailable.push_back(load.file + ": " + load.unavailable_reason);
        }
    }
    return loaded;
}

// The frameworks a crosswalk relates to `source`, in either direction.
std::set<std::string> reachable_from(const std::vector<Crosswalk>& crosswalks,
                                     const std::string& source) {
    std::set<std::string> reached;
    for (const Crosswalk& crosswalk : crosswalks) {
        if (crosswalk.from == source) {
            reached.insert(crosswalk.to);
        } else if (crosswalk.to == source) {
            reached.insert(crosswalk.from);
        }
    }
    return reached;
}

std::string unavailable_note(const std::vector<std::string>& unavailable) {
    return unavailable.empty() ? std::string()
                               : fmt::format("; unavailable: {}", fmt::join(unavailable, "; "));
}

// The targets to project onto: `target` when a crosswalk reaches it, else every reachable one.
Result<std::vector<std::string>> chosen_targets(const FrameworkLibrary& library,
                                                const Loaded& loaded,
                                                const std::string& source,
                                                const std::string& target) {
    const std::set<std::string> reached = reachable_from(loaded.crosswalks, source);
    if (!target.empty() && library.find_framework(target) == nullptr) {
        std::vector<std::string> known;
        for (const LibraryEntry& entry : library.entries()) {
            known.push_back(entry.framework.qualified_id());
        }
        return make_error(ErrorCode::kNotFound,
                          fmt::format("no framework has the id {}; the library holds {}", target,
                                      fmt::join(known, ", ")),
                          "--to " + target);
    }
    if (!target.empty() && reached.count(target) == 0) {
        return make_error(
            ErrorCode::kNotFound,
            fmt::format("no crosswalk relates {} to {}; crosswalks reach {}{}", source, target,
                        reached.empty() ? std::string("nothing")
                                        : fmt::format("{}", fmt::join(reached, ", ")),
                        unavailable_note(loaded.unavailable)),
            "--to " + target);
    }
    if (reached.empty()) {
        return make_error(ErrorCode::kNotFound,
                          fmt::format("no crosswalk relates {} to another framework{}", source,
                                      unavailable_note(loaded.unavailable)),
                          source);
    }
    if (!target.empty()) {
        return std::vector<std::string>{target};
    }
    return std::vector<std::string>(reached.begin(), reached.end());
}

}  // namespace

Result<AssessmentProjection> project_assessment(store::Database& database,
                                                const AssessmentRef& ref,
                                                const std::string& target,
                                                Timestamp now) {
    auto status = assessment_status(database, ref, now);
    WARDROUND_TRY(status);
    auto library = FrameworkLibrary::load(database);
    WARDROUND_TRY(library);
    auto loaded = load_crosswalks(*library);
    WARDROUND_TRY(loaded);
    const Framework* source = library->find_framework(ref.framework);
    if (source == nullptr) {
        return make_error(
            ErrorCode::kDataLoss,
            "the assessment's framework " + ref.framework + " is no longer in the library",
            ref.framework);
    }
    auto targets = chosen_targets(*library, *loaded, source->qualified_id(), target);
    WARDROUND_TRY(targets);

    const std::map<std::string, NodeState> states = states_of(*status);
    const NodeStates state_of = [&states](const Node& node) {
        const auto found = states.find(node.id);
        return found != states.end() ? found->second : NodeState::unanswered();
    };
    AssessmentProjection out;
    out.assessment = status->assessment;
    out.unavailable = loaded->unavailable;
    for (const std::string& id : *targets) {
        auto projection =
            project(*source, state_of, *library->find_framework(id), loaded->crosswalks);
        WARDROUND_TRY(projection);
        out.projections.push_back(std::move(*projection));
    }
    return out;
}

}  // namespace wardround::assess

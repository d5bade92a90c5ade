// SPDX-License-Identifier: Apache-2.0
// An assessment's answers projected through the library's crosswalks (built-in and imported)
// (assessment_projection.h): onto one target, or onto every framework of the library that project()
// finds a route to.
#include <map>
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

// The library's crosswalks, imported ones over the built-in ones of the same id.
Result<Loaded> load_crosswalks(const FrameworkLibrary& library) {
    auto entries = library.crosswalks();
    WARDROUND_TRY(entries);
    Loaded loaded;
    for (LibraryCrosswalk& entry : *entries) {
        if (entry.load.crosswalk) {
            loaded.crosswalks.push_back(std::move(*entry.load.crosswalk));
        } else {
            loaded.unavailable.push_back(entry.load.file + ": " + entry.load.unavailable_reason);
        }
    }
    return loaded;
}

std::string unavailable_note(const std::vector<std::string>& unavailable) {
    return unavailable.empty() ? std::string()
                               : fmt::format("; unavailable: {}", fmt::join(unavailable, "; "));
}

// The projections onto every framework of the library that a route reaches, by qualified id.
// project() fails only for a framework no route reaches (kNotFound) or one that shares the
// source's nodes (kInvalidArgument: the source itself, its base, a framework extending it), and
// neither is a target.
std::vector<Projection> every_projection(const FrameworkLibrary& library,
                                         const Framework& source,
                                         const NodeStates& states,
                                         const std::vector<Crosswalk>& crosswalks) {
    std::vector<Projection> out;
    for (const LibraryEntry& entry : library.entries()) {
        auto projection = project(source, states, entry.framework, crosswalks, library);
        if (projection) {
            out.push_back(std::move(*projection));
        }
    }
    return out;
}

// The projection onto `target`, or an error naming what exists and what is reached.
Result<Projection> projection_onto(const FrameworkLibrary& library,
                                   const Loaded& loaded,
                                   const Framework& source,
                                   const NodeStates& states,
                                   const std::string& target) {
    const Framework* chosen = library.find_framework(target);
    if (chosen == nullptr) {
        std::vector<std::string> known;
        for (const LibraryEntry& entry : library.entries()) {
            known.push_back(entry.framework.qualified_id());
        }
        return make_error(ErrorCode::kNotFound,
                          fmt::format("no framework has the id {}; the library holds {}", target,
                                      fmt::join(known, ", ")),
                          "--to " + target);
    }
    auto projection = project(source, states, *chosen, loaded.crosswalks, library);
    if (projection) {
        return projection;
    }
    if (projection.error().code != ErrorCode::kNotFound) {
        return make_error(projection.error().code, projection.error().message, "--to " + target);
    }
    std::vector<std::string> reached;
    for (const Projection& other : every_projection(library, source, states, loaded.crosswalks)) {
        reached.push_back(other.target);
    }
    return make_error(
        ErrorCode::kNotFound,
        fmt::format(
            "no crosswalk relates {} to {}, directly or through one other framework; "
            "crosswalks reach {}{}",
            source.qualified_id(), target,
            reached.empty() ? std::string("nothing") : fmt::format("{}", fmt::join(reached, ", ")),
            unavailable_note(loaded.unavailable)),
        "--to " + target);
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
    const std::map<std::string, NodeState> states = states_of(*status);
    const NodeStates state_of = [&states](const Node& node) {
        const auto found = states.find(node.id);
        return found != states.end() ? found->second : NodeState::unanswered();
    };
    AssessmentProjection out;
    out.assessment = status->assessment;
    out.unavailable = loaded->unavailable;
    if (!target.empty()) {
        auto projection = projection_onto(*library, *loaded, *source, state_of, target);
        WARDROUND_TRY(projection);
        out.projections.push_back(std::move(*projection));
        return out;
    }
    out.projections = every_projection(*library, *source, state_of, loaded->crosswalks);
    if (out.projections.empty()) {
        return make_error(
            ErrorCode::kNotFound,
            fmt::format("no crosswalk relates {} to another framework, directly or "
                        "through one other framework{}",
                        source->qualified_id(), unavailable_note(loaded->unavailable)),
            source->qualified_id());
    }
    return out;
}

}  // namespace wardround::assess

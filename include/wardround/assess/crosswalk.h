// SPDX-License-Identifier: Apache-2.0
// Crosswalks: typed relations between the nodes of two frameworks (equal, subset, superset,
// intersects, as NIST's OLIR uses them), read from YAML (docs/profiles-and-crosswalks.md) and
// checked against both frameworks on load, with errors naming the file, line and pair. The
// built-in crosswalks in data/crosswalks are compiled in; those whose frameworks are imported
// rather than built in (NIST CSF 2.0) load once the import is at hand.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <wardround/assess/framework.h>
#include <wardround/core/result.h>

namespace wardround::assess {

// How a `from` node relates to a `to` node.
enum class Relation : std::uint8_t {
    kEqual,       // they ask the same
    kSubset,      // `from` asks less: meeting it covers part of `to`
    kSuperset,    // `from` asks more: meeting it covers all of `to`
    kIntersects,  // they overlap, neither covers the other
};

[[nodiscard]] std::string_view relation_name(Relation relation);  // "equal", ...
[[nodiscard]] std::optional<Relation> parse_relation(std::string_view text);
// The relation read the other way: subset and superset swap, equal and intersects stay.
[[nodiscard]] Relation reversed(Relation relation);

struct CrosswalkPair {
    std::string from;  // node id in the `from` framework
    std::string to;    // node id in the `to` framework
    Relation relation = Relation::kIntersects;
    std::string note;
    std::string location;  // "caf-3.2--ce-3.2.yaml line 31"
};

struct Crosswalk {
    std::string id;    // "CAF-3.2--CE-3.2"
    std::string from;  // qualified framework ids
    std::string to;
    std::string title;
    std::string source;
    std::string method;
    std::vector<CrosswalkPair> relations;  // in file order
    std::string file;
    bool is_reversed = false;  // true for one made by reversed_crosswalk()

    [[nodiscard]] std::string direction() const { return from + " -> " + to; }
};

// The same crosswalk read from `to` to `from`, each relation reversed (is_reversed set).
[[nodiscard]] Crosswalk reversed_crosswalk(const Crosswalk& crosswalk);

// Reads one crosswalk and checks it against both frameworks, found through `frameworks`.
// Errors: kNotFound when either framework is not one the resolver knows (the message names it);
// kFailedPrecondition when a `from` id is not a node of the `from` framework or a `to` id not a
// node of the `to` one (the framework loaded does not fit the crosswalk); kInvalidArgument for
// anything else: not valid YAML, a missing or unknown key, a relation that is not one of the four,
// or a pair listed twice. `where` is "file line N".
[[nodiscard]] Result<Crosswalk> parse_crosswalk_yaml(std::string_view text,
                                                     std::string_view file_name,
                                                     const FrameworkResolver& frameworks);

// A built-in file as loaded: the crosswalk, or why it cannot be used here.
struct CrosswalkLoad {
    std::string file;
    std::optional<Crosswalk> crosswalk;
    std::string unavailable_reason;  // "framework CSF-2.0 is not loaded (import it)"; empty if set
};

// The crosswalks shipped in data/crosswalks, as (file name, YAML text), by file name.
[[nodiscard]] const std::vector<std::pair<std::string, std::string>>& builtin_crosswalk_files();

// Every built-in crosswalk, by file name. One that cannot be used with the frameworks the resolver
// holds is returned as unavailable with the reason: a framework it joins is not loaded (CSF-2.0
// until its OSCAL catalogue is imported), or a loaded one lacks a node it names (an organisation
// imported its own version of the framework). Errors: any other failure of parse_crosswalk_yaml,
// which does not depend on the frameworks (a bad built-in file is a bug the tests catch).
[[nodiscard]] Result<std::vector<CrosswalkLoad>> builtin_crosswalks(
    const FrameworkResolver& frameworks);

}  // namespace wardround::assess

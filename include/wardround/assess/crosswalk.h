// SPDX-License-Identifier: Apache-2.0
// Crosswalks: typed relations between the nodes of two frameworks (equal, subset, superset,
// intersects, as NIST's OLIR uses them), read from YAML (docs/profiles-and-crosswalks.md) and
// checked against both frameworks on load, with errors naming the file, line and pair. The
// built-in crosswalks in data/crosswalks are compiled in; those whose frameworks are imported
// rather than built in (NIST CSF 2.0) load once the import is at hand. A crosswalk is also read
// backwards, applied to a framework that inherits one of its ends (the CAF-aligned DSPT, which
// extends CAF 3.2), and composed with another through the framework they share.
#pragma once

#include <cstddef>
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
// What `first` (a to b) then `second` (b to c) say of a to c, reading the relations as sets:
// equal changes nothing; subset then subset is subset, superset then superset is superset;
// superset then subset or intersects, and intersects then subset, are intersects (a and c share
// the part of b they hold in common). The other four (subset then superset or intersects,
// intersects then superset or intersects) say nothing certain: nullopt.
[[nodiscard]] std::optional<Relation> compose(Relation first, Relation second);

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
    // Set by applied_crosswalk() when `from` or `to` is a framework that inherits the one the
    // file names: the inheriting frameworks, and the pairs left out because the inheriting
    // framework lacks or redefines their node.
    std::vector<std::string> inherited_by;
    std::size_t relations_not_inherited = 0;
    // Set by composed_crosswalk(): the framework the two legs share, their names(), and the pairs
    // of relations that met there but whose composition says nothing certain.
    std::string via;
    std::vector<std::string> legs;
    std::size_t compositions_dropped = 0;

    [[nodiscard]] std::string direction() const { return from + " -> " + to; }
    // As a projection lists it: "CAF-3.2--CE-3.2", "CAF-3.2--CE-3.2 (reversed, inherited by
    // DSPT-CAF-2024-25)", "via CSF-2.0: CAF-3.2--CSF-2.0, then CSF-2.0--ISO-27001-2022".
    [[nodiscard]] std::string name() const;
};

// The same crosswalk read from `to` to `from`, each relation reversed (is_reversed set).
[[nodiscard]] Crosswalk reversed_crosswalk(const Crosswalk& crosswalk);

// The qualified ids of the frameworks whose nodes `framework` holds: its own, and every one it
// inherits them from (Node::defined_in), however far up its `extends` chain.
[[nodiscard]] std::vector<std::string> node_origins(const Framework& framework);

// True when one of the two holds the other's nodes as they are (the same framework, or one
// extends the other): there is nothing to project between them.
[[nodiscard]] bool shares_nodes(const Framework& first, const Framework& second);

// The crosswalk read from `source` to `target`, or nullopt when it does not relate them. It
// relates them when it names the two (read as written, or reversed), or names a framework that
// one of them inherits in place of it: CAF-3.2--CE-3.2 applies to the CAF-aligned DSPT, which
// extends CAF 3.2. Applied to an inheriting framework, a pair is kept only when the inheriting
// framework holds its node as defined in the framework the file names (Node::defined_in), so that
// a node it redefines is not claimed; the pairs left out are counted. Two frameworks that share
// nodes (shares_nodes) are not related by any crosswalk.
[[nodiscard]] std::optional<Crosswalk> applied_crosswalk(const Crosswalk& crosswalk,
                                                         const Framework& source,
                                                         const Framework& target);

// `first` (source to intermediate) then `second` (intermediate to target): a crosswalk from
// first.from to second.to holding, for every pair of pairs that meet at an intermediate node, the
// composition of their relations (compose), noted "via CSF-2.0 PR.AA-01" and with the legs' own
// notes after it. Pairs whose composition says nothing certain are counted, not kept. Every route
// through a different intermediate node is a pair of its own, so the same two nodes may be
// related more than once. Expects first.to == second.from.
[[nodiscard]] Crosswalk composed_crosswalk(const Crosswalk& first, const Crosswalk& second);

// Reads one crosswalk and checks it against both frameworks, found through `frameworks`.
// Errors: kNotFound when either framework is not one the resolver knows (the message names it);
// kFailedPrecondition when a `from` id is not a node of the `from` framework or a `to` id not a
// node of the `to` one, or when one of the two extends the other (the frameworks as loaded do not
// fit the crosswalk); kInvalidArgument for anything else: not valid YAML, a missing or unknown
// key, `from` and `to` the same, a relation that is not one of the four, or a pair listed twice.
// `where` is "file line N".
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

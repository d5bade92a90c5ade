// SPDX-License-Identifier: Apache-2.0
// The crosswalk reader (docs/profiles-and-crosswalks.md, "Crosswalks"), and crosswalks read
// backwards, applied to inheriting frameworks and composed ("Projection"). The whole file is
// checked before anything is returned; both frameworks are looked up first, so that a crosswalk
// whose framework is simply not loaded here (kNotFound), or loaded in a version without a node it
// names (kFailedPrecondition), is told apart from a broken one.
#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <wardround/assess/crosswalk.h>

#include "yaml_checks.h"

namespace wardround::assess {
namespace {

constexpr std::array<std::string_view, 4> kRelationNames = {"equal", "subset", "superset",
                                                            "intersects"};

constexpr std::string_view kCrosswalkKeys[] = {"crosswalk", "from",   "to",       "title",
                                               "source",    "method", "relations"};
constexpr std::string_view kPairKeys[] = {"from", "to", "relation", "note"};

class CrosswalkReader {
public:
    CrosswalkReader(std::string_view file_name, const FrameworkResolver& frameworks)
        : checks_(file_name), frameworks_(frameworks) {}

    Result<Crosswalk> read(const YAML::Node& root) {
        if (!root.IsMap()) {
            return checks_.fail(root,
                                "a crosswalk is a mapping with 'crosswalk', 'from', 'to', 'title' "
                                "and 'relations'");
        }
        WARDROUND_TRY(checks_.known_keys(root, kCrosswalkKeys, ""));
        WARDROUND_TRY(read_header(root));
        const Framework* from = nullptr;
        const Framework* to = nullptr;
        WARDROUND_TRY(find_frameworks(root, from, to));
        const YAML::Node relations = root["relations"];
        if (!relations || !relations.IsSequence() || relations.size() == 0) {
            return checks_.fail(relations ? relations : root,
                                "relations: a non-empty list of {from, to, relation}");
        }
        std::set<std::pair<std::string, std::string>> seen;
        for (const YAML::Node& item : relations) {
            WARDROUND_TRY(read_pair(item, *from, *to, seen));
        }
        crosswalk_.file = std::string(checks_.file_name());
        return std::move(crosswalk_);
    }

private:
    Status read_header(const YAML::Node& root) {
        auto id = checks_.required_text(root, "crosswalk");
        WARDROUND_TRY(id);
        if (!detail::is_crosswalk_id(*id)) {
            return checks_.fail(root["crosswalk"],
                                fmt::format("crosswalk: '{}' must be upper-case letters, digits, "
                                            "hyphens and dots",
                                            *id));
        }
        auto from = checks_.required_text(root, "from");
        WARDROUND_TRY(from);
        auto to = checks_.required_text(root, "to");
        WARDROUND_TRY(to);
        auto title = checks_.required_text(root, "title");
        WARDROUND_TRY(title);
        auto source = checks_.optional_text(root, "source");
        WARDROUND_TRY(source);
        auto method = checks_.optional_text(root, "method");
        WARDROUND_TRY(method);
        crosswalk_.id = std::move(*id);
        crosswalk_.from = std::move(*from);
        crosswalk_.to = std::move(*to);
        crosswalk_.title = std::move(*title);
        crosswalk_.source = std::move(*source);
        crosswalk_.method = std::move(*method);
        return {};
    }

    Status find_framework(const YAML::Node& root,
                          std::string_view key,
                          const std::string& id,
                          const Framework*& found) const {
        found = frameworks_.find_framework(id);
        if (found == nullptr) {
            return checks_.fail(root[std::string(key)],
                                fmt::format("{}: framework '{}' is not loaded here", key, id),
                                ErrorCode::kNotFound);
        }
        return {};
    }

    // Both frameworks, looked up before any pair. A framework answers the nodes it shares with
    // its base itself, so projection never relates the two: the same id twice is wrong whatever
    // is loaded, two ids related by `extends` are so only as loaded here.
    Status find_frameworks(const YAML::Node& root, const Framework*& from, const Framework*& to) {
        WARDROUND_TRY(find_framework(root, "from", crosswalk_.from, from));
        WARDROUND_TRY(find_framework(root, "to", crosswalk_.to, to));
        if (!shares_nodes(*from, *to)) {
            return {};
        }
        return checks_.fail(root["to"],
                            fmt::format("to: {} and {} share their nodes (the same framework, or "
                                        "one extends the other); a crosswalk relates two that do "
                                        "not",
                                        crosswalk_.from, crosswalk_.to),
                            crosswalk_.from == crosswalk_.to ? ErrorCode::kInvalidArgument
                                                             : ErrorCode::kFailedPrecondition);
    }

    Status read_pair(const YAML::Node& item,
                     const Framework& from,
                     const Framework& to,
                     std::set<std::pair<std::string, std::string>>& seen) {
        if (!item.IsMap()) {
            return checks_.fail(item, "relations: each is a mapping {from, to, relation, note}");
        }
        WARDROUND_TRY(checks_.known_keys(item, kPairKeys, "relations: "));
        CrosswalkPair pair;
        auto from_id = checks_.required_text(item, "from", "relations: ");
        WARDROUND_TRY(from_id);
        auto to_id = checks_.required_text(item, "to", "relations: ");
        WARDROUND_TRY(to_id);
        const std::string context = fmt::format("relations: {} -> {}: ", *from_id, *to_id);
        // kFailedPrecondition: the id may be right for the framework as published and wrong only
        // for the version loaded here; builtin_crosswalks() reports that as unavailable.
        if (from.find(*from_id) == nullptr) {
            return checks_.fail(
                item["from"],
                fmt::format("{}'{}' is not a node of {}", context, *from_id, from.qualified_id()),
                ErrorCode::kFailedPrecondition);
        }
        if (to.find(*to_id) == nullptr) {
            return checks_.fail(
                item["to"],
                fmt::format("{}'{}' is not a node of {}", context, *to_id, to.qualified_id()),
                ErrorCode::kFailedPrecondition);
        }
        auto relation_text = checks_.required_text(item, "relation", context);
        WARDROUND_TRY(relation_text);
        const auto relation = parse_relation(*relation_text);
        if (!relation) {
            return checks_.fail(item["relation"],
                                fmt::format("{}relation '{}' is not equal, subset, superset or "
                                            "intersects",
                                            context, *relation_text));
        }
        auto note = checks_.optional_text(item, "note", context);
        WARDROUND_TRY(note);
        if (!seen.emplace(*from_id, *to_id).second) {
            return checks_.fail(item, context + "the pair is listed twice");
        }
        pair.from = std::move(*from_id);
        pair.to = std::move(*to_id);
        pair.relation = *relation;
        pair.note = std::move(*note);
        pair.location = checks_.where(item);
        crosswalk_.relations.push_back(std::move(pair));
        return {};
    }

    detail::YamlChecks checks_;
    const FrameworkResolver& frameworks_;
    Crosswalk crosswalk_;
};

bool holds(const std::vector<std::string>& origins, const std::string& framework) {
    return std::find(origins.begin(), origins.end(), framework) != origins.end();
}

// Applies one end of the crosswalk (`side` and the pairs' `node_of` that end) to `framework`,
// which inherits the framework that end names: only the pairs whose node it holds as defined
// there stay, since a node it lacks or redefines is not the one the crosswalk judged.
void inherit(Crosswalk& crosswalk,
             std::string Crosswalk::*side,
             std::string CrosswalkPair::*node_of,
             const Framework& framework) {
    const std::string named = crosswalk.*side;
    if (named == framework.qualified_id()) {
        return;
    }
    auto& pairs = crosswalk.relations;
    const auto kept = std::stable_partition(pairs.begin(), pairs.end(), [&](const auto& pair) {
        const Node* node = framework.find(pair.*node_of);
        return node != nullptr && node->defined_in == named;
    });
    crosswalk.relations_not_inherited += static_cast<std::size_t>(pairs.end() - kept);
    pairs.erase(kept, pairs.end());
    crosswalk.*side = framework.qualified_id();
    crosswalk.inherited_by.push_back(framework.qualified_id());
}

std::string composed_note(const CrosswalkPair& first,
                          const CrosswalkPair& second,
                          const std::string& via) {
    std::string note = fmt::format("via {} {}", via, first.to);
    for (const std::string* leg : {&first.note, &second.note}) {
        if (!leg->empty()) {
            note += "; " + *leg;
        }
    }
    return note;
}

}  // namespace

std::string Crosswalk::name() const {
    if (!legs.empty()) {
        return fmt::format("via {}: {}", via, fmt::join(legs, ", then "));
    }
    std::vector<std::string> readings;
    if (is_reversed) {
        readings.emplace_back("reversed");
    }
    if (!inherited_by.empty()) {
        readings.push_back(fmt::format("inherited by {}", fmt::join(inherited_by, " and ")));
    }
    return readings.empty() ? id : fmt::format("{} ({})", id, fmt::join(readings, ", "));
}

std::string_view relation_name(Relation relation) {
    return kRelationNames.at(static_cast<std::size_t>(relation));
}

std::optional<Relation> parse_relation(std::string_view text) {
    const auto* found = std::find(kRelationNames.begin(), kRelationNames.end(), text);
    if (found == kRelationNames.end()) {
        return std::nullopt;
    }
    return static_cast<Relation>(found - kRelationNames.begin());
}

Relation reversed(Relation relation) {
    switch (relation) {
        case Relation::kSubset:
            return Relation::kSuperset;
        case Relation::kSuperset:
            return Relation::kSubset;
        case Relation::kEqual:
        case Relation::kIntersects:
            break;
    }
    return relation;
}

// The table reads the relations as sets of what is asked: when a holds all of b (superset) it
// shares with c whatever b does; a part of a that lies in b (intersects, subset) lies in c when b
// lies in c (subset). Subset then superset or intersects, and intersects then superset or
// intersects, can leave a and c disjoint, so they say nothing certain.
std::optional<Relation> compose(Relation first, Relation second) {
    constexpr std::optional<Relation> kEq = Relation::kEqual;
    constexpr std::optional<Relation> kSub = Relation::kSubset;
    constexpr std::optional<Relation> kSup = Relation::kSuperset;
    constexpr std::optional<Relation> kInt = Relation::kIntersects;
    constexpr std::optional<Relation> kNone;
    // [first][second], in Relation order: equal, subset, superset, intersects.
    constexpr std::array<std::array<std::optional<Relation>, 4>, 4> kTable = {{
        {{kEq, kSub, kSup, kInt}},     // equal, then ...
        {{kSub, kSub, kNone, kNone}},  // subset, then ...
        {{kSup, kInt, kSup, kInt}},    // superset, then ...
        {{kInt, kInt, kNone, kNone}},  // intersects, then ...
    }};
    return kTable.at(static_cast<std::size_t>(first)).at(static_cast<std::size_t>(second));
}

Crosswalk reversed_crosswalk(const Crosswalk& crosswalk) {
    Crosswalk out = crosswalk;
    std::swap(out.from, out.to);
    out.is_reversed = !crosswalk.is_reversed;
    for (CrosswalkPair& pair : out.relations) {
        std::swap(pair.from, pair.to);
        pair.relation = reversed(pair.relation);
    }
    return out;
}

std::vector<std::string> node_origins(const Framework& framework) {
    std::vector<std::string> origins{framework.qualified_id()};
    for (const Node& node : framework.nodes) {
        if (!node.defined_in.empty() && !holds(origins, node.defined_in)) {
            origins.push_back(node.defined_in);
        }
    }
    return origins;
}

bool shares_nodes(const Framework& first, const Framework& second) {
    return holds(node_origins(first), second.qualified_id()) ||
           holds(node_origins(second), first.qualified_id());
}

std::optional<Crosswalk> applied_crosswalk(const Crosswalk& crosswalk,
                                           const Framework& source,
                                           const Framework& target) {
    if (shares_nodes(source, target)) {
        return std::nullopt;
    }
    const std::vector<std::string> source_origins = node_origins(source);
    const std::vector<std::string> target_origins = node_origins(target);
    std::optional<Crosswalk> out;
    if (holds(source_origins, crosswalk.from) && holds(target_origins, crosswalk.to)) {
        out = crosswalk;
    } else if (holds(source_origins, crosswalk.to) && holds(target_origins, crosswalk.from)) {
        out = reversed_crosswalk(crosswalk);
    } else {
        return std::nullopt;
    }
    inherit(*out, &Crosswalk::from, &CrosswalkPair::from, source);
    inherit(*out, &Crosswalk::to, &CrosswalkPair::to, target);
    return out;
}

Crosswalk composed_crosswalk(const Crosswalk& first, const Crosswalk& second) {
    Crosswalk out;
    out.id = first.id + "+" + second.id;
    out.from = first.from;
    out.to = second.to;
    out.title = first.title + ", then " + second.title;
    out.method =
        fmt::format("composed through {} from {} and {}", first.to, first.name(), second.name());
    out.file = first.file + ", " + second.file;
    out.via = first.to;
    out.legs = {first.name(), second.name()};
    out.relations_not_inherited = first.relations_not_inherited + second.relations_not_inherited;
    // Equal keys keep their insertion order, so each node's onward pairs stay in file order.
    std::multimap<std::string_view, const CrosswalkPair*> onward;
    for (const CrosswalkPair& pair : second.relations) {
        onward.emplace(pair.from, &pair);
    }
    for (const CrosswalkPair& pair : first.relations) {
        const auto [begin, end] = onward.equal_range(pair.to);
        for (auto next = begin; next != end; ++next) {
            const CrosswalkPair& then = *next->second;
            const std::optional<Relation> relation = compose(pair.relation, then.relation);
            if (!relation) {
                ++out.compositions_dropped;
                continue;
            }
            out.relations.push_back({pair.from, then.to, *relation,
                                     composed_note(pair, then, out.via),
                                     pair.location + "; " + then.location});
        }
    }
    return out;
}

Result<Crosswalk> parse_crosswalk_yaml(std::string_view text,
                                       std::string_view file_name,
                                       const FrameworkResolver& frameworks) {
    try {
        const YAML::Node root = YAML::Load(std::string(text));
        return CrosswalkReader(file_name, frameworks).read(root);
    } catch (const YAML::Exception& error) {
        return make_error(ErrorCode::kInvalidArgument, "not valid YAML: " + error.msg,
                          fmt::format("{} line {} column {}", file_name, error.mark.line + 1,
                                      error.mark.column + 1));
    }
}

Result<std::vector<CrosswalkLoad>> builtin_crosswalks(const FrameworkResolver& frameworks) {
    std::vector<CrosswalkLoad> out;
    for (const auto& [name, text] : builtin_crosswalk_files()) {
        auto crosswalk = parse_crosswalk_yaml(text, name, frameworks);
        if (crosswalk) {
            out.push_back({name, std::move(*crosswalk), {}});
        } else if (crosswalk.error().code == ErrorCode::kNotFound) {
            out.push_back({name, std::nullopt,
                           crosswalk.error().message + " (import it to use this crosswalk)"});
        } else if (crosswalk.error().code == ErrorCode::kFailedPrecondition) {
            // An organisation's own version of the framework, imported in place of the built-in
            // one, need not hold every node the crosswalk was written against; that must not
            // stop every other crosswalk.
            out.push_back({name, std::nullopt,
                           fmt::format("{}: {}: the framework loaded under that id does not fit "
                                       "this crosswalk, as when an organisation imports its own "
                                       "version of it",
                                       crosswalk.error().where, crosswalk.error().message)});
        } else {
            return propagate(std::move(crosswalk).error());
        }
    }
    return out;
}

}  // namespace wardround::assess

// SPDX-License-Identifier: Apache-2.0
// The crosswalk reader (docs/profiles-and-crosswalks.md, "Crosswalks"). The whole file is checked
// before anything is returned; both frameworks are looked up first, so that a crosswalk whose
// framework is simply not loaded here (kNotFound), or loaded in a version without a node it names
// (kFailedPrecondition), is told apart from a broken one.
#include <array>
#include <set>
#include <utility>

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
        WARDROUND_TRY(find_framework(root, "from", crosswalk_.from, from));
        WARDROUND_TRY(find_framework(root, "to", crosswalk_.to, to));
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

}  // namespace

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

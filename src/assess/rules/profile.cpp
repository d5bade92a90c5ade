// SPDX-License-Identifier: Apache-2.0
// The profile reader (docs/profiles-and-crosswalks.md, "Profiles"). The whole file is checked
// before anything is returned, so a profile loads whole or not at all.
#include <algorithm>
#include <set>

#include <wardround/assess/crosswalk.h>
#include <wardround/assess/profile.h>

#include "yaml_checks.h"

namespace wardround::assess {
namespace {

// A framework's own nodes may leave defined_in empty.
std::string defined_in(const Framework& framework, const Node& node) {
    return node.defined_in.empty() ? framework.qualified_id() : node.defined_in;
}

constexpr std::string_view kProfileKeys[] = {"profile", "title", "framework",
                                             "source",  "note",  "expected"};

class ProfileReader {
public:
    ProfileReader(std::string_view file_name, const FrameworkResolver& frameworks)
        : checks_(file_name), frameworks_(frameworks) {}

    Result<Profile> read(const YAML::Node& root) {
        if (!root.IsMap()) {
            return checks_.fail(root,
                                "a profile is a mapping with 'profile', 'framework', 'title' and "
                                "'expected'");
        }
        WARDROUND_TRY(checks_.known_keys(root, kProfileKeys, ""));
        WARDROUND_TRY(read_header(root));
        const Framework* framework = frameworks_.find_framework(profile_.framework);
        if (framework == nullptr) {
            return checks_.fail(
                root["framework"],
                fmt::format("framework: '{}' is not a framework loaded here", profile_.framework),
                ErrorCode::kNotFound);
        }
        if (framework->kind != FrameworkKind::kOutcomes) {
            return checks_.fail(
                root["framework"],
                fmt::format("framework: '{}' is of kind {}; a profile sets levels "
                            "for outcomes",
                            profile_.framework, framework_kind_name(framework->kind)));
        }
        WARDROUND_TRY(read_expected(root, *framework));
        profile_.file = std::string(checks_.file_name());
        return std::move(profile_);
    }

private:
    Status read_header(const YAML::Node& root) {
        auto id = checks_.required_text(root, "profile");
        WARDROUND_TRY(id);
        if (!detail::is_upper_id(*id)) {
            return checks_.fail(root["profile"],
                                fmt::format("profile: '{}' must be upper-case letters, digits and "
                                            "hyphens",
                                            *id));
        }
        auto framework = checks_.required_text(root, "framework");
        WARDROUND_TRY(framework);
        auto title = checks_.required_text(root, "title");
        WARDROUND_TRY(title);
        auto source = checks_.optional_text(root, "source");
        WARDROUND_TRY(source);
        auto note = checks_.optional_text(root, "note");
        WARDROUND_TRY(note);
        profile_.id = std::move(*id);
        profile_.framework = std::move(*framework);
        profile_.title = std::move(*title);
        profile_.source = std::move(*source);
        profile_.note = std::move(*note);
        return {};
    }

    Status read_expected(const YAML::Node& root, const Framework& framework) {
        const YAML::Node expected = root["expected"];
        if (!expected || !expected.IsMap() || expected.size() == 0) {
            return checks_.fail(expected ? expected : root,
                                "expected: a non-empty mapping of outcome id to achieved, "
                                "partially-achieved or not-achieved");
        }
        std::set<std::string, std::less<>> seen;
        for (const auto& entry : expected) {
            WARDROUND_TRY(read_expectation(entry.first, entry.second, framework, seen));
        }
        return {};
    }

    Status read_expectation(const YAML::Node& key,
                            const YAML::Node& value,
                            const Framework& framework,
                            std::set<std::string, std::less<>>& seen) {
        const std::string outcome = key.IsScalar() ? key.Scalar() : std::string();
        const Node* node = framework.find(outcome);
        if (node == nullptr || node->type != NodeType::kOutcome) {
            return checks_.fail(key, fmt::format("expected: '{}' is not an outcome of {}", outcome,
                                                 framework.qualified_id()));
        }
        if (!seen.insert(outcome).second) {
            return checks_.fail(key, fmt::format("expected: '{}' is listed twice", outcome));
        }
        const std::string text = value.IsScalar() ? value.Scalar() : std::string();
        const auto level = parse_achievement(text);
        if (!level) {
            return checks_.fail(value, fmt::format("expected: {}: '{}' is not achieved, "
                                                   "partially-achieved or not-achieved",
                                                   outcome, text));
        }
        if (*level == Achievement::kPartiallyAchieved && !node->partially_achieved) {
            return checks_.fail(value, fmt::format("expected: {}: partially-achieved, but the "
                                                   "outcome has no Partially achieved column",
                                                   outcome));
        }
        profile_.expected.push_back({outcome, *level, defined_in(framework, *node)});
        return {};
    }

    detail::YamlChecks checks_;
    const FrameworkResolver& frameworks_;
    Profile profile_;
};

}  // namespace

std::optional<Achievement> Profile::expected_for(std::string_view outcome) const {
    for (const ProfileExpectation& expectation : expected) {
        if (expectation.outcome == outcome) {
            return expectation.level;
        }
    }
    return std::nullopt;
}

bool Profile::applies_to(const Framework& assessed) const {
    const std::vector<std::string> origins = node_origins(assessed);
    return std::find(origins.begin(), origins.end(), framework) != origins.end();
}

std::optional<Achievement> Profile::expected_for(const Framework& assessed,
                                                 const Node& outcome) const {
    const std::string origin = defined_in(assessed, outcome);
    for (const ProfileExpectation& expectation : expected) {
        if (expectation.outcome == outcome.id && expectation.defined_in == origin) {
            return expectation.level;
        }
    }
    return std::nullopt;
}

Result<Profile> parse_profile_yaml(std::string_view text,
                                   std::string_view file_name,
                                   const FrameworkResolver& frameworks) {
    try {
        const YAML::Node root = YAML::Load(std::string(text));
        return ProfileReader(file_name, frameworks).read(root);
    } catch (const YAML::Exception& error) {
        return make_error(ErrorCode::kInvalidArgument, "not valid YAML: " + error.msg,
                          fmt::format("{} line {} column {}", file_name, error.mark.line + 1,
                                      error.mark.column + 1));
    }
}

Result<std::vector<ProfileLoad>> builtin_profiles(const FrameworkResolver& frameworks) {
    std::vector<ProfileLoad> out;
    for (const auto& [name, text] : builtin_profile_files()) {
        auto profile = parse_profile_yaml(text, name, frameworks);
        if (profile) {
            out.push_back({name, std::move(*profile), {}});
        } else if (profile.error().code == ErrorCode::kNotFound) {
            out.push_back({name, std::nullopt, profile.error().message});
        } else {
            return propagate(std::move(profile).error());
        }
    }
    return out;
}

}  // namespace wardround::assess

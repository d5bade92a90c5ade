// SPDX-License-Identifier: Apache-2.0
// Profiles: the level each outcome of a framework is expected to reach (GovAssure baseline and
// enhanced for CAF 3.2), read from YAML (docs/profiles-and-crosswalks.md) and checked against the
// framework on load, with errors naming the file, line and key. The built-in profiles in
// data/profiles are compiled in.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <wardround/assess/assessment_rules.h>
#include <wardround/assess/framework.h>
#include <wardround/core/result.h>

namespace wardround::assess {

struct ProfileExpectation {
    std::string outcome;  // the outcome's id in the profile's framework ("A2.a")
    Achievement level = Achievement::kNotAchieved;
    // The framework that defined the outcome, as the profile's framework holds it ("CAF-3.2" for
    // A2.a in a profile of the CAF-aligned DSPT), so that the level is applied in a framework
    // inheriting it only to that outcome.
    std::string defined_in;
};

struct Profile {
    std::string id;         // "GOVASSURE-BASELINE"
    std::string framework;  // qualified id: "CAF-3.2"
    std::string title;
    std::string source;
    std::string note;
    std::vector<ProfileExpectation> expected;  // in file order
    std::string file;

    // The level expected of an outcome, or nullopt when the profile does not list it (no
    // expectation, which is not the same as "not-achieved expected").
    [[nodiscard]] std::optional<Achievement> expected_for(std::string_view outcome) const;
    // True when the profile can be compared with an assessment of `assessed`: its own framework,
    // or one that inherits that framework's outcomes through `extends` (GOVASSURE-BASELINE, a
    // CAF-3.2 profile, for the CAF-aligned DSPT), however far up.
    [[nodiscard]] bool applies_to(const Framework& assessed) const;
    // The level expected of `outcome`, a node of `assessed` (one the profile applies to): only an
    // outcome the profile's framework holds, defined where it was defined there, has one, since a
    // node a derived framework adds (objective E of the CAF-aligned DSPT, under a CAF 3.2 profile)
    // is one the profile's authors never judged.
    [[nodiscard]] std::optional<Achievement> expected_for(const Framework& assessed,
                                                          const Node& outcome) const;
};

// Reads one profile and checks it against its framework, found through `frameworks`.
// Errors: kNotFound when the framework is not one the resolver knows (the message names it);
// kInvalidArgument for anything else: not valid YAML, a missing or unknown key, an id that is not
// upper-case letters, digits and hyphens, a framework not of kind `outcomes`, a key that is not an
// outcome of it, a level that is not one of the three, an outcome listed twice, or
// partially-achieved expected of an outcome without a Partially achieved column. `where` is
// "file line N".
[[nodiscard]] Result<Profile> parse_profile_yaml(std::string_view text,
                                                 std::string_view file_name,
                                                 const FrameworkResolver& frameworks);

// A built-in file as loaded: the profile, or why it cannot be used here (its framework is not
// known to the resolver given).
struct ProfileLoad {
    std::string file;
    std::optional<Profile> profile;
    std::string unavailable_reason;  // empty when `profile` is set
};

// The profiles shipped in data/profiles, as (file name, YAML text), by file name.
[[nodiscard]] const std::vector<std::pair<std::string, std::string>>& builtin_profile_files();

// Every built-in profile, by file name. One whose framework the resolver lacks is returned as
// unavailable with the reason. Errors: any other failure of parse_profile_yaml (a bad built-in
// file is a bug the tests catch).
[[nodiscard]] Result<std::vector<ProfileLoad>> builtin_profiles(
    const FrameworkResolver& frameworks);

}  // namespace wardround::assess

// SPDX-License-Identifier: Apache-2.0
// Profiles from arbitrary bytes. Nothing may crash; a refusal has a message and a place; a profile
// that loads names its framework, and every expectation is an outcome of it listed once, never
// partially-achieved where the outcome has no such column.
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

#include <wardround/assess/profile.h>

#include "fuzz/rules_fuzz_frameworks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace wardround::assess;  // NOLINT(google-build-using-namespace): a harness
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const FrameworkList frameworks(wardround::fuzz::rules_fuzz_frameworks());
    auto profile = parse_profile_yaml(text, "fuzz.yaml", frameworks);
    if (!profile) {
        if (profile.error().message.empty() || profile.error().where.empty()) {
            std::abort();
        }
        return 0;
    }
    const Framework* framework = frameworks.find_framework(profile->framework);
    if (framework == nullptr || framework->kind != FrameworkKind::kOutcomes ||
        profile->expected.empty()) {
        std::abort();
    }
    std::set<std::string> seen;
    for (const ProfileExpectation& expectation : profile->expected) {
        const Node* outcome = framework->find(expectation.outcome);
        if (outcome == nullptr || outcome->type != NodeType::kOutcome ||
            !seen.insert(expectation.outcome).second ||
            (expectation.level == Achievement::kPartiallyAchieved &&
             !outcome->partially_achieved)) {
            std::abort();
        }
    }
    return 0;
}

// SPDX-License-Identifier: Apache-2.0
// Crosswalks from arbitrary bytes. Nothing may crash; a refusal has a message and a place; a
// crosswalk that loads relates nodes of its two frameworks, each pair once, and reversing it
// twice gives it back; projecting through it counts every target node once.
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include <wardround/assess/crosswalk.h>
#include <wardround/assess/projection.h>

#include "fuzz/rules_fuzz_frameworks.h"

namespace {

using namespace wardround::assess;  // NOLINT(google-build-using-namespace): a harness

void check(const Crosswalk& crosswalk, const FrameworkResolver& frameworks) {
    const Framework* from = frameworks.find_framework(crosswalk.from);
    const Framework* to = frameworks.find_framework(crosswalk.to);
    if (from == nullptr || to == nullptr || crosswalk.relations.empty()) {
        std::abort();
    }
    std::set<std::pair<std::string, std::string>> pairs;
    for (const CrosswalkPair& pair : crosswalk.relations) {
        if (from->find(pair.from) == nullptr || to->find(pair.to) == nullptr ||
            !pairs.emplace(pair.from, pair.to).second) {
            std::abort();
        }
    }
    const Crosswalk twice = reversed_crosswalk(reversed_crosswalk(crosswalk));
    for (std::size_t i = 0; i < crosswalk.relations.size(); ++i) {
        if (twice.relations[i].relation != crosswalk.relations[i].relation ||
            twice.relations[i].from != crosswalk.relations[i].from) {
            std::abort();
        }
    }
    auto projection = project(*from, [](const Node&) { return NodeState::leaf(NodeAnswer::kMet); },
                              *to, {crosswalk});
    if (!projection ||
        projection->covered + projection->partial + projection->gaps != projection->total) {
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const FrameworkList frameworks(wardround::fuzz::rules_fuzz_frameworks());
    auto crosswalk = parse_crosswalk_yaml(text, "fuzz.yaml", frameworks);
    if (!crosswalk) {
        if (crosswalk.error().message.empty() || crosswalk.error().where.empty()) {
            std::abort();
        }
        return 0;
    }
    check(*crosswalk, frameworks);
    return 0;
}

// SPDX-License-Identifier: Apache-2.0
// Framework libraries from arbitrary bytes, read alone and as an extension of a small base. Nothing
// may crash; a refusal has a message and a place; a library that loads is a well-formed tree (each
// node's parent comes before it and lists it as a child, depths agree, ids are unique).
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <wardround/assess/framework_yaml.h>

namespace {

using wardround::assess::Framework;
using wardround::assess::kNoParent;

const std::vector<Framework>& bases() {
    static const std::vector<Framework> kBases = [] {
        auto base = wardround::assess::parse_framework_yaml(
            "framework: CAF\nversion: \"3.2\"\ntitle: Base\nkind: outcomes\n"
            "categories: [{id: category-1, title: C}]\n"
            "nodes:\n  - id: A\n    type: objective\n    title: A\n    nodes:\n"
            "      - id: A1\n        type: principle\n        title: A1\n        nodes:\n"
            "          - {id: A1.a, type: outcome, title: A1.a}\n",
            "base.yaml", nullptr);
        if (!base) {
            std::abort();
        }
        return std::vector<Framework>{*base};
    }();
    return kBases;
}

void check(const Framework& framework) {
    std::set<std::string> ids;
    for (std::size_t i = 0; i < framework.nodes.size(); ++i) {
        const auto& node = framework.nodes[i];
        if (!ids.insert(node.id).second) {
            std::abort();
        }
        if (node.parent == kNoParent) {
            if (node.depth != 0) {
                std::abort();
            }
            continue;
        }
        const auto& parent = framework.nodes.at(node.parent);
        if (node.parent >= i || parent.depth + 1 != node.depth ||
            std::find(parent.children.begin(), parent.children.end(), i) == parent.children.end()) {
            std::abort();
        }
    }
    (void)framework.answered_items();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const wardround::assess::FrameworkList resolver(bases());
    for (const auto* for_extends :
         {static_cast<const wardround::assess::FrameworkResolver*>(nullptr),
          static_cast<const wardround::assess::FrameworkResolver*>(&resolver)}) {
        auto framework = wardround::assess::parse_framework_yaml(text, "fuzz.yaml", for_extends);
        if (framework) {
            check(*framework);
        } else if (framework.error().message.empty() || framework.error().where.empty()) {
            std::abort();
        }
    }
    return 0;
}

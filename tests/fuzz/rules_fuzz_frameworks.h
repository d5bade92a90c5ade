// SPDX-License-Identifier: Apache-2.0
// Two small frameworks the profile and crosswalk fuzzers check against (OUT-1.0 of kind outcomes,
// CTL-1.0 of kind controls), so that inputs get past the framework look-up into the real checks.
#pragma once

#include <cstdlib>
#include <vector>

#include <wardround/assess/framework_yaml.h>

namespace wardround::fuzz {

inline const std::vector<assess::Framework>& rules_fuzz_frameworks() {
    static const std::vector<assess::Framework> kFrameworks = [] {
        auto loaded = assess::parse_framework_files({
            {"out.yaml",
             "framework: OUT\nversion: \"1.0\"\ntitle: O\nkind: outcomes\nnodes:\n"
             "  - id: A\n    type: objective\n    title: A\n    nodes:\n"
             "      - id: A1\n        type: principle\n        title: A1\n        nodes:\n"
             "          - {id: A1.a, type: outcome, title: a}\n"
             "          - {id: A1.b, type: outcome, title: b, partially_achieved: false}\n"},
            {"ctl.yaml",
             "framework: CTL\nversion: \"1.0\"\ntitle: C\nkind: controls\nnodes:\n"
             "  - id: C1\n    type: control\n    title: C1\n    nodes:\n"
             "      - {id: C1.1, type: requirement, title: r}\n"
             "  - {id: C2, type: control, title: C2}\n"},
        });
        if (!loaded) {
            std::abort();
        }
        return *loaded;
    }();
    return kFrameworks;
}

}  // namespace wardround::fuzz

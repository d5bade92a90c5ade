// SPDX-License-Identifier: Apache-2.0
// The small fixture frameworks of tests/data/assess/frameworks, loaded once.
#pragma once

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <wardround/assess/framework_yaml.h>

#include "support/test_support.h"

namespace wardround::assess::testing {

inline std::string read_file_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

inline std::string read_fixture(const std::string& relative) {
    return read_file_text(::wardround::testing::fixture(relative));
}

// OUT-1.0, CTL-1.0 and STD-2023-24.
inline const std::vector<Framework>& fixture_frameworks() {
    static const std::vector<Framework> kFrameworks = [] {
        std::vector<std::pair<std::string, std::string>> files;
        for (const char* name : {"out-mini.yaml", "ctl-mini.yaml", "std-mini.yaml"}) {
            files.emplace_back(name, read_fixture(std::string("assess/frameworks/") + name));
        }
        auto loaded = parse_framework_files(files);
        EXPECT_TRUE(loaded) << loaded.error().to_string();
        return loaded ? *loaded : std::vector<Framework>{};
    }();
    return kFrameworks;
}

}  // namespace wardround::assess::testing

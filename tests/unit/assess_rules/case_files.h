// SPDX-License-Identifier: Apache-2.0
// The case files of the assessment rules (tests/data/assess/cases/*.yaml): each file one test,
// each case in it a list entry whose failure names the file and the case's line.
#pragma once

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "support/test_support.h"

namespace wardround::assess::testing {

inline std::filesystem::path cases_dir() {
    return std::filesystem::path(::wardround::testing::fixture("assess/cases"));
}

// The case files whose names start with `prefix`, by name (for INSTANTIATE_TEST_SUITE_P).
inline std::vector<std::string> case_files(const std::string& prefix) {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(cases_dir())) {
        const std::string name = entry.path().filename().string();
        if (name.starts_with(prefix) && entry.path().extension() == ".yaml") {
            names.push_back(name);
        }
    }
    std::sort(names.begin(), names.end());
    return names;
}

// "outcome_rule_reasons.yaml" -> "outcome_rule_reasons", a valid test name.
inline std::string case_name(const ::testing::TestParamInfo<std::string>& info) {
    std::string name = std::filesystem::path(info.param).stem().string();
    std::replace_if(
        name.begin(), name.end(),
        [](char c) { return std::isalnum(static_cast<unsigned char>(c)) == 0; }, '_');
    return name;
}

inline YAML::Node load_case_file(const std::string& name) {
    return YAML::LoadFile((cases_dir() / name).string());
}

// "outcome_rule_reasons.yaml line 12", for SCOPED_TRACE.
inline std::string case_place(const std::string& file, const YAML::Node& at) {
    return file + " line " + std::to_string(at.Mark().line + 1);
}

inline std::vector<std::string> string_list(const YAML::Node& list) {
    std::vector<std::string> out;
    if (list) {
        for (const YAML::Node& item : list) {
            out.push_back(item.as<std::string>());
        }
    }
    return out;
}

}  // namespace wardround::assess::testing

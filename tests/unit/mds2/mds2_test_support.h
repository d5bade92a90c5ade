// SPDX-License-Identifier: Apache-2.0
// Helpers for the MDS2 tests: fixtures by name, answers and diagnostics by id and code.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include <wardround/inventory/mds2.h>

#include "support/test_support.h"

namespace wardround::inventory::testing {

// The bytes of tests/data/mds2/<relative>.
inline std::string mds2_fixture(const std::string& relative) {
    std::ifstream in(wardround::testing::fixture("mds2/" + relative), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

inline const Mds2Answer* find_answer(const Mds2Form& form, const std::string& id) {
    for (const Mds2Answer& answer : form.answers) {
        if (answer.question_id == id) {
            return &answer;
        }
    }
    return nullptr;
}

inline std::size_t count_code(const Mds2Form& form, const std::string& code) {
    const auto& counts = form.diagnostics.count_by_code();
    const auto found = counts.find(code);
    return found == counts.end() ? 0 : found->second;
}

// The first kept diagnostic of `code`, or nullptr.
inline const Diagnostic* find_diagnostic(const Mds2Form& form, const std::string& code) {
    for (const Diagnostic& diagnostic : form.diagnostics.kept()) {
        if (diagnostic.code == code) {
            return &diagnostic;
        }
    }
    return nullptr;
}

}  // namespace wardround::inventory::testing

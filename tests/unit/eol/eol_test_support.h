// SPDX-License-Identifier: Apache-2.0
// Helpers for the eol tests: the built-in catalogue, and a short description of a match.
#pragma once

#include <optional>
#include <string>

#include <gtest/gtest.h>

#include <wardround/checks/eol.h>

namespace wardround::checks::testing {

inline const EolCatalogue& catalogue() {
    return EolCatalogue::builtin();
}

// "windows/10 22H2/enterprise-education", or "none".
inline std::string key_of(const std::optional<EolMatch>& match) {
    if (!match || match->release == nullptr) {
        return "none";
    }
    return match->release->product + "/" + match->release->release + "/" + match->release->edition;
}

inline std::optional<EolMatch> os(std::string_view name,
                                  std::string_view version = "",
                                  std::string_view build = "",
                                  std::string_view cpe = "") {
    return catalogue().find_os(name, version, build, cpe);
}

}  // namespace wardround::checks::testing

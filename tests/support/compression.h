// SPDX-License-Identifier: Apache-2.0
// Compressing test data at test time, so that the gzip and xz paths are exercised on the real files
// without committing compressed copies of them.
#pragma once

#include <string>

namespace wardround::testing {

// A gzip member holding `text`.
std::string gzip(const std::string& text);

// An xz stream holding `text`.
std::string xz(const std::string& text);

}  // namespace wardround::testing

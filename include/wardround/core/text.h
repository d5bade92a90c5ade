// SPDX-License-Identifier: Apache-2.0
// Small text helpers shared by the parsers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace wardround {

[[nodiscard]] std::string_view trim(std::string_view text);
[[nodiscard]] std::string to_lower(std::string_view text);
[[nodiscard]] std::string to_upper(std::string_view text);
[[nodiscard]] bool iequals(std::string_view a, std::string_view b);
[[nodiscard]] bool starts_with_icase(std::string_view text, std::string_view prefix);
[[nodiscard]] std::vector<std::string_view> split(std::string_view text, char separator);
[[nodiscard]] std::string join(const std::vector<std::string>& parts, std::string_view separator);
// True when `text` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
[[nodiscard]] bool is_valid_utf8(std::string_view text);
// Cuts `text` to at most `max_bytes` without splitting a UTF-8 sequence, adding "..." when cut.
[[nodiscard]] std::string truncate_utf8(std::string_view text, std::size_t max_bytes);

}  // namespace wardround

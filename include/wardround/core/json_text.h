// SPDX-License-Identifier: Apache-2.0
// Writing small JSON values (strings, arrays of strings) into TEXT columns, such as a CSAF
// remediation's product ids. Reading them back is the front ends' business.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace wardround {

// `text` as a JSON string literal, quotes included. Control characters are escaped; the text must
// be valid UTF-8 (the importers check).
[[nodiscard]] std::string json_quote(std::string_view text);

// Appends `text` as a JSON string literal to `out` (no allocation beyond out's growth).
void append_json_string(std::string& out, std::string_view text);

// Appends `text` escaped for the inside of a JSON string, without the quotes.
void append_json_escaped(std::string& out, std::string_view text);

// ["a","b"]; [] when empty.
[[nodiscard]] std::string json_string_array(const std::vector<std::string>& values);

}  // namespace wardround
